"""The plan as plain values: what reading the seed file gives, shifting moves and applying
writes. No database, no YAML."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from rollout.plan.models import ActivityKind, RequirementKind, Scope, StaffingRole

#: A staffing rule's `applies_from` that means "from the first day of the round".
ROLLOUT_START = "rollout_start"


class SeedError(ValueError):
    """The seed file is not a valid plan; the message says where."""


@dataclass(frozen=True)
class ActivitySpec:
    slug: str
    name: str
    kind: ActivityKind
    scope: Scope
    responsible: str
    start: date
    end: date
    description: str = ""
    sort_order: int = 0


@dataclass(frozen=True)
class PhaseSpec:
    slug: str
    number: int
    name: str
    start: date
    end: date
    description: str = ""
    activities: tuple[ActivitySpec, ...] = ()


@dataclass(frozen=True)
class ProvinceSpec:
    slug: str
    name: str
    foster_care_service: str
    takes_part: bool
    note: str = ""
    sort_order: int = 0


@dataclass(frozen=True)
class RequirementSpec:
    slug: str
    kind: RequirementKind
    title: str
    explanation: str
    questions: tuple[str, ...] = ()
    sort_order: int = 0


@dataclass(frozen=True)
class StaffingRuleSpec:
    slug: str
    role: StaffingRole
    min_hours: float
    #: "rollout_start", a milestone's slug, or a date.
    applies_from: str | date
    explanation: str = ""


@dataclass(frozen=True)
class PlanSpec:
    slug: str
    name: str
    start: date
    duration_months: int
    application_deadline: date
    provinces: tuple[ProvinceSpec, ...]
    phases: tuple[PhaseSpec, ...]
    requirements: tuple[RequirementSpec, ...]
    staffing_rules: tuple[StaffingRuleSpec, ...]
    source: str = ""

    @property
    def activities(self) -> Iterable[ActivitySpec]:
        for phase in self.phases:
            yield from phase.activities
