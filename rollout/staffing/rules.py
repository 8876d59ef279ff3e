"""The staffing rule engine: declared hours per role against the rollout's rules on a date.

Plain functions, no Flask. The rules come from the seed data (StaffingRule rows): nothing here
knows "8" or "19".
"""

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Protocol

from rollout.formatting import date_nl
from rollout.plan.models import STAFFING_ROLE_LABELS, StaffingRole


@dataclass(frozen=True)
class Rule:
    role: StaffingRole
    min_hours: float
    applies_from: date
    explanation: str = ""
    #: The slug of the plan's milestone the rule applies from ("" for a fixed date).
    anchor: str = ""


def rule_moments(rules: Iterable[Rule]) -> tuple[date, date] | None:
    """The day the rule first applies (the start of the cooperation) and the day of its last
    step (the start of the trajectories); None without rules."""
    days = sorted({r.applies_from for r in rules})
    return (days[0], days[-1]) if days else None


def anchored_from(rules: Iterable[Rule], anchor: str, day: date) -> list[Rule]:
    """The rules with those that apply from milestone `anchor` applying from `day` instead:
    what a team must meet to reach that milestone, whenever it reaches it."""
    return [replace(r, applies_from=day) if r.anchor == anchor else r for r in rules]


class CheckStatus(enum.StrEnum):
    MET = "met"
    SHORT = "short"
    MISSING = "missing"
    NOT_REQUIRED = "not_required"


@dataclass(frozen=True)
class RoleCheck:
    role: StaffingRole
    required: float | None
    declared: float
    status: CheckStatus
    message: str

    @property
    def short_by(self) -> float:
        if self.required is None:
            return 0.0
        return max(0.0, self.required - self.declared)

    @property
    def is_met(self) -> bool:
        return self.status in (CheckStatus.MET, CheckStatus.NOT_REQUIRED)


def hours_text(hours: float) -> str:
    """8 -> "8", 7.5 -> "7,5" (Dutch decimal comma)."""
    return f"{hours:g}".replace(".", ",")


def required_hours(rules: Iterable[Rule], role: StaffingRole, on: date) -> float | None:
    """The hours a week a role needs on a date: the highest rule for it already in force."""
    applicable = [r.min_hours for r in rules if r.role is role and r.applies_from <= on]
    return max(applicable) if applicable else None


def check_role(role: StaffingRole, declared: float, required: float | None) -> RoleCheck:
    label = STAFFING_ROLE_LABELS[role]
    if required is None:
        return RoleCheck(
            role, None, declared, CheckStatus.NOT_REQUIRED, f"{label}: nog niet vereist."
        )
    if declared <= 0:
        return RoleCheck(
            role,
            required,
            declared,
            CheckStatus.MISSING,
            f"{label} ontbreekt: minstens {hours_text(required)} uur per week nodig.",
        )
    if declared < required:
        return RoleCheck(
            role,
            required,
            declared,
            CheckStatus.SHORT,
            f"{label}: {hours_text(declared)} uur per week, {hours_text(required - declared)} "
            f"uur te weinig (minstens {hours_text(required)}).",
        )
    return RoleCheck(
        role,
        required,
        declared,
        CheckStatus.MET,
        f"{label}: {hours_text(declared)} uur per week, voldoet (minstens {hours_text(required)}).",
    )


def check_staffing(
    declared: Mapping[StaffingRole, float], rules: Iterable[Rule], on: date
) -> list[RoleCheck]:
    """Per role: required hours, declared hours (summed over the people who hold it) and the
    status, with a Dutch explanation."""
    rules = list(rules)
    return [
        check_role(role, float(declared.get(role, 0) or 0), required_hours(rules, role, on))
        for role in StaffingRole
    ]


# --- teams over time ---------------------------------------------------------------------------


class Period(Protocol):
    role: StaffingRole
    hours: float
    valid_from: date
    valid_until: date | None


def declared_on(members: Iterable[Period], day: date) -> dict[StaffingRole, float]:
    """Hours a week per role on a day: one person may hold two roles (two periods), one role
    may be spread over two people (summed); a member who left counts no more."""
    hours = {role: 0.0 for role in StaffingRole}
    for m in members:
        if m.valid_from <= day and (m.valid_until is None or day <= m.valid_until):
            hours[m.role] += m.hours
    return {role: round(total, 2) for role, total in hours.items()}


def check_team(members: Iterable[Period], rules: Iterable[Rule], day: date) -> list[RoleCheck]:
    members = list(members)
    return check_staffing(declared_on(members, day), rules, day)


def change_days(
    members: Iterable[Period], rules: Iterable[Rule], start: date, end: date
) -> list[date]:
    """Every day on which a team's hours or a rule change, between start and end."""
    days = {start, end}
    for m in members:
        days.add(m.valid_from)
        if m.valid_until is not None:
            days.add(m.valid_until + timedelta(days=1))
    days.update(r.applies_from for r in rules)
    return sorted(d for d in days if start <= d <= end)


def first_day_met(
    members: Iterable[Period], rules: Iterable[Rule], start: date, end: date
) -> date | None:
    """The first day from `start` on which every role meets the rule (None: not yet)."""
    members, rules = list(members), list(rules)
    for day in change_days(members, rules, start, end):
        if all(c.is_met for c in check_team(members, rules, day)):
            return day
    return None


def start_problem(day: date, first_day: date, decided_on: date | None = None) -> str | None:
    """Why a team member cannot start on `day` (in Dutch), or None: never before the round's
    first day, and a member of the organisation's team never before the day the province's
    partner was decided (`decided_on`; None for the service's team). A later start, even after
    the round or in the future (planned hours), is fine."""
    if decided_on is not None and day < decided_on:
        return (
            f"Deze datum ligt vóór de beslissing van {date_nl(decided_on)} over de "
            "partnerorganisatie: het team van de organisatie start pas vanaf die dag."
        )
    if day < first_day:
        return f"Deze datum ligt vóór de start van de ronde ({date_nl(first_day)})."
    return None


def before_decision_problem(day: date, decided_on: date | None, what: str) -> str | None:
    """Why `what` cannot have happened on `day` (in Dutch): before the province's partner
    was decided. None when it is not before (or nothing was decided)."""
    if decided_on is not None and day < decided_on:
        return (
            f"Deze datum ligt vóór de beslissing van {date_nl(decided_on)} over de "
            f"partnerorganisatie: {what} volgt op die beslissing."
        )
    return None


def hours_problem(hours: float) -> str | None:
    if not 0 < hours <= 40:
        return "Geef van 0,5 tot 40 uur per week, in halve uren."
    return None


def overbooked(person_periods: Iterable[Period], new: Period) -> float | None:
    """The most hours a week one person would work over all roles while `new` runs, if that
    is above 40 (None: fine)."""
    periods = [*person_periods, new]
    days = {new.valid_from}
    days.update(p.valid_from for p in periods if p.valid_from >= new.valid_from)
    worst = 0.0
    for day in days:
        if new.valid_until is not None and day > new.valid_until:
            continue
        total = sum(
            p.hours
            for p in periods
            if p.valid_from <= day and (p.valid_until is None or day <= p.valid_until)
        )
        worst = max(worst, total)
    return worst if worst > 40 else None


#: The plan's milestone the organisation's team reaches once it meets the rule.
TEAM_COMPOSED = "team-samengesteld"


#: Milestones of a province dated by a step recorded here, not by hand on the activity's page:
#: what that page says instead of its "done" form.
STEP_MILESTONES = {
    TEAM_COMPOSED: (
        "Deze mijlpaal volgt het P&P-team: ze krijgt de eerste dag waarop het team van de "
        "organisatie aan de urenregel voldoet. Werk het team bij op de teampagina."
    ),
}


def composed_on(members, rules: list[Rule], first_day: date, last_day: date, today: date):
    """The day the organisation's team was composed: the first day, within the round and never
    after today, on which it meets the rule, counting the rules that apply from the composition
    itself as if already in force (they are what composing the team means)."""
    until = min(last_day, today)
    rules = anchored_from(rules, TEAM_COMPOSED, first_day)
    return first_day_met(members, rules, first_day, until) if first_day <= until else None
