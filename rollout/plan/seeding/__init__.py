"""The plan from its YAML seed file into the database: `reading` turns the file into plain values
(`specs`) and checks them, `shifting` moves them to a later round, `applying` writes them.

Everything is keyed on stable slugs, so loading the same file twice changes no row, and a changed
file updates names and planned dates without touching recorded progress (ActivityProgress).
"""

from rollout.plan.seeding.applying import SeedReport, apply_plan
from rollout.plan.seeding.reading import parse_plan, read_plan
from rollout.plan.seeding.shifting import shift_plan
from rollout.plan.seeding.specs import (
    ROLLOUT_START,
    ActivitySpec,
    PhaseSpec,
    PlanSpec,
    ProvinceSpec,
    RequirementSpec,
    SeedError,
    StaffingRuleSpec,
)

__all__ = [
    "ROLLOUT_START",
    "ActivitySpec",
    "PhaseSpec",
    "PlanSpec",
    "ProvinceSpec",
    "RequirementSpec",
    "SeedError",
    "SeedReport",
    "StaffingRuleSpec",
    "apply_plan",
    "parse_plan",
    "read_plan",
    "shift_plan",
]
