"""Application rules: the deadline, what a complete application holds, the staffing check.
Plain functions, no Flask."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from rollout.plan.models import STAFFING_ROLE_LABELS, RequirementKind, StaffingRole
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


def participation_problem(
    takes_part: bool, province_name: str, round_name: str, note: str = ""
) -> str | None:
    """Why an organisation cannot start or submit an application for a round (in Dutch): its
    province does not take part in it (no partner is sought there). None when it does."""
    if takes_part:
        return None
    message = (
        f"De provincie {province_name} neemt niet deel aan deze ronde ({round_name}): "
        "een organisatie uit deze provincie kan voor deze ronde geen aanmeldingsfiche starten "
        "of indienen."
    )
    note = note.strip()
    if note:
        message += f" {note}" if note.endswith((".", "!", "?")) else f" {note}."
    return message


@dataclass(frozen=True)
class Missing:
    section: str
    #: The form field's id on the section's page (its anchor).
    field: str
    message: str
    #: What the answer is about, as the form names it: a field, or a requirement and its question.
    label: str


#: The labels of the plain fields of sections 1 and 2, shared by the form and the missing list.
FIELD_LABELS = {
    "organisation_address": "Adres van de organisatie",
    "contact_name": "Contactpersoon",
    "contact_role": "Functie van de contactpersoon",
    "contact_email": "E-mailadres van de contactpersoon",
    "vision_pp": "Hoe ziet uw organisatie de invulling van P&P in haar organisatie?",
    "vision_cooperation": (
        "Hoe ziet uw organisatie de samenwerking met de provinciale pleegzorgdienst?"
    ),
}
VERDICT_QUESTION = "Voldoet uw organisatie hieraan?"
HOW_QUESTION = "Hoe vult uw organisatie dit in?"
HOURS_LABELS = {
    "start": "uren per week bij de start",
    "trajectories": "uren per week vanaf de start van de trajecten",
}


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


REQUIRED = "Dit veld is verplicht om in te dienen."


def missing_answers(app, requirements: Sequence) -> list[Missing]:
    """What an application still lacks before it can be submitted, field by field."""
    missing: list[Missing] = []
    for section, fields in (
        ("organisatie", ("organisation_address", "contact_name", "contact_role", "contact_email")),
        ("visie", ("vision_pp", "vision_cooperation")),
    ):
        for field in fields:
            if _blank(getattr(app, field)):
                missing.append(Missing(section, field, REQUIRED, FIELD_LABELS[field]))
    for requirement in requirements:
        missing += _missing_for_requirement(app, requirement)
    for role in StaffingRole:
        missing += _missing_for_role(app, role)
    return missing


def _missing_for_requirement(app, requirement) -> list[Missing]:
    section = "inhoud" if requirement.kind is RequirementKind.CONTENT else "organisatorisch"
    slug, title = requirement.slug, requirement.title
    answer = app.answer_for(requirement)
    missing = []
    if answer is None or answer.verdict is None:
        missing.append(
            Missing(
                section, f"verdict_{slug}", "Kies een antwoord.", f"{title}: {VERDICT_QUESTION}"
            )
        )
    if answer is None or _blank(answer.explanation):
        missing.append(
            Missing(
                section, f"how_{slug}", "Beschrijf hoe u dit invult.", f"{title}: {HOW_QUESTION}"
            )
        )
    given = list(answer.question_answers or []) if answer else []
    for index, question in enumerate(requirement.question_list):
        if index >= len(given) or _blank(given[index]):
            missing.append(Missing(section, f"q_{slug}_{index}", REQUIRED, f"{title}: {question}"))
    return missing


def _missing_for_role(app, role: StaffingRole) -> list[Missing]:
    label = STAFFING_ROLE_LABELS[role]
    line = app.staffing_for(role)
    missing = []
    if line is None or (_blank(line.person_name) and not line.to_recruit):
        missing.append(
            Missing(
                "bezetting",
                f"person_{role.value}",
                "Geef een naam, of vink 'aan te werven' aan.",
                f"{label}: naam",
            )
        )
    for moment, hours_label in HOURS_LABELS.items():
        if (getattr(line, f"hours_{moment}") if line else None) is None:
            missing.append(
                Missing(
                    "bezetting",
                    f"{moment}_{role.value}",
                    "Geef het aantal uren.",
                    f"{label}: {hours_label}",
                )
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
