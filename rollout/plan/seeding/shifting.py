"""Moving a plan in time: the same plan as a later round (or the demo's round around today),
every date moved by the same number of months and days."""

from dataclasses import replace
from datetime import date

from rollout.plan.seeding.specs import PlanSpec
from rollout.timeutil import month_shift, shift_date


def shift_plan(spec: PlanSpec, start: date, name: str, slug: str) -> PlanSpec:
    """The same plan as a new round beginning on `start`: every date moves by the same offset."""
    months, days = month_shift(spec.start, start)

    def move(day: date) -> date:
        return shift_date(day, months, days)

    phases = tuple(
        replace(
            phase,
            start=move(phase.start),
            end=move(phase.end),
            activities=tuple(
                replace(a, start=move(a.start), end=move(a.end)) for a in phase.activities
            ),
        )
        for phase in spec.phases
    )
    rules = tuple(
        replace(r, applies_from=move(r.applies_from)) if isinstance(r.applies_from, date) else r
        for r in spec.staffing_rules
    )
    shift = f"{months:+d} maanden" + (f" {days:+d} dagen" if days else "")
    return replace(
        spec,
        slug=slug,
        name=name,
        start=start,
        application_deadline=move(spec.application_deadline),
        phases=phases,
        staffing_rules=rules,
        source=f"{spec.source}, verschoven {shift}",
    )
