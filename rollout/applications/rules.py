"""Application rules: the deadline, what a complete application holds, the staffing check.
Plain functions, no Flask."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from rollout.plan.models import RequirementKind, StaffingRole
from rollout.staffing.rules import RoleCheck, Rule, check_staffing
from rollout.timeutil import end_of_day

#: The sections of the form, in order: slug, title.
SECTIONS = [
    ("organisatie", "Organisatie en contactpersoon"),
    ("visie", "Visie op P&P en de samenwerking"),
    ("inhoud", "Inhoudelijke minimumvereisten"),
    ("organisatorisch", "Organisatorische minimumvereisten"),
    ("bezetting", "Bezetting (P&P-team)"),
    ("bijlagen", "Bijlagen (optioneel)"),
]
SECTION_TITLES = dict(SECTIONS)
REQUIREMENT_SECTIONS = {
    "inhoud": RequirementKind.CONTENT,
    "organisatorisch": RequirementKind.ORGANISATIONAL,
}


def submission_deadline(deadline_day: date, extension_until: datetime | None) -> datetime:
    """The last moment (UTC) a submission counts: the end of the deadline day in Brussels
    (23:59:59.999999), or a later extension."""
    end = end_of_day(deadline_day)
    if extension_until is not None and extension_until > end:
        return extension_until
    return end


def may_submit(now: datetime, deadline_day: date, extension_until: datetime | None) -> bool:
    return now <= submission_deadline(deadline_day, extension_until)


@dataclass(frozen=True)
class Missing:
    section: str
    field: str
    message: str


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


REQUIRED = "Dit veld is verplicht om in te dienen."


def missing_answers(app, requirements: Sequence) -> list[Missing]:
    """What an application still lacks before it can be submitted, field by field."""
    missing: list[Missing] = []
    for field in ("organisation_address", "contact_name", "contact_role", "contact_email"):
        if _blank(getattr(app, field)):
            missing.append(Missing("organisatie", field, REQUIRED))
    for field in ("vision_pp", "vision_cooperation"):
        if _blank(getattr(app, field)):
            missing.append(Missing("visie", field, REQUIRED))
    for requirement in requirements:
        section = "inhoud" if requirement.kind is RequirementKind.CONTENT else "organisatorisch"
        answer = app.answer_for(requirement)
        if answer is None or answer.verdict is None:
            missing.append(Missing(section, f"verdict_{requirement.slug}", "Kies een antwoord."))
        if answer is None or _blank(answer.explanation):
            missing.append(
                Missing(section, f"how_{requirement.slug}", "Beschrijf hoe u dit invult.")
            )
        given = list(answer.question_answers or []) if answer else []
        for index, _question in enumerate(requirement.question_list):
            if index >= len(given) or _blank(given[index]):
                missing.append(Missing(section, f"q_{requirement.slug}_{index}", REQUIRED))
    for role in StaffingRole:
        line = app.staffing_for(role)
        if line is None or (_blank(line.person_name) and not line.to_recruit):
            missing.append(
                Missing(
                    "bezetting",
                    f"person_{role.value}",
                    "Geef een naam, of vink 'aan te werven' aan.",
                )
            )
        for moment in ("start", "trajectories"):
            hours = getattr(line, f"hours_{moment}") if line else None
            if hours is None:
                missing.append(
                    Missing("bezetting", f"{moment}_{role.value}", "Geef het aantal uren.")
                )
    return missing


@dataclass(frozen=True)
class StaffingPlanCheck:
    """The plan checked on the day the rule first applies (the start of the cooperation: the
    teams composed) and on the start of the trajectories, as the plan dates them."""

    at_start: list[RoleCheck]
    at_trajectories: list[RoleCheck]
    start_date: date
    trajectories_date: date

    @property
    def is_met(self) -> bool:
        return all(c.is_met for c in self.at_start + self.at_trajectories)


def check_staffing_plan(
    hours_start: dict[StaffingRole, float],
    hours_trajectories: dict[StaffingRole, float],
    rules: Iterable[Rule],
    start_date: date,
    trajectories_date: date,
) -> StaffingPlanCheck:
    rules = list(rules)
    return StaffingPlanCheck(
        at_start=check_staffing(hours_start, rules, start_date),
        at_trajectories=check_staffing(hours_trajectories, rules, trajectories_date),
        start_date=start_date,
        trajectories_date=trajectories_date,
    )


def section_progress(missing: Sequence[Missing], section: str, staffing_met: bool = True) -> str:
    """'complete' or 'incomplete', for the progress indicator of a section: the staffing
    section is complete only once its plan also meets the rule."""
    if section == "bijlagen":
        return "optional"
    if section == "bezetting" and not staffing_met:
        return "incomplete"
    return "incomplete" if any(m.section == section for m in missing) else "complete"
