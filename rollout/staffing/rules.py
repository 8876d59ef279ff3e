"""The staffing rule engine: declared hours per role against the rollout's rules on a date.

Plain functions, no Flask. The rules come from the seed data (StaffingRule rows): nothing here
knows "8" or "19".
"""

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from rollout.plan.models import STAFFING_ROLE_LABELS, StaffingRole


@dataclass(frozen=True)
class Rule:
    role: StaffingRole
    min_hours: float
    applies_from: date
    explanation: str = ""


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
            role, None, declared, CheckStatus.NOT_REQUIRED, f"{label}: nog geen vereiste."
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
