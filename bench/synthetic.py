"""A synthetic rollout of any size: many provinces, many activities, years of recorded progress.

Used by `make bench` and by the tests that check that pages load in a fixed number of queries.
"""

import random
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rollout.plan.models import (
    Activity,
    ActivityKind,
    ActivityProgress,
    Participation,
    Phase,
    Province,
    Rollout,
    Scope,
)

PHASE_NAMES = ["Sensibiliseren", "Aanmelding & beeldvorming", "Matching", "Fitting", "Training"]


def build(
    session: Session,
    provinces: int,
    activities: int,
    years: int = 5,
    slug: str = "synthetisch",
    start: date = date(2021, 1, 1),
    seed: int = 7,
) -> Rollout:
    """A rollout of `years` with `activities` activities over five phases, `provinces`
    provinces that all take part, and progress recorded for most of what is past."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    total_days = 365 * years
    rollout = Rollout(
        slug=slug,
        name=f"Synthetische ronde ({provinces} provincies, {activities} activiteiten)",
        start_date=start,
        duration_months=12 * years,
        application_deadline=start + timedelta(days=90),
    )
    session.add(rollout)
    phase_days = total_days // len(PHASE_NAMES)
    phases = []
    for number, name in enumerate(PHASE_NAMES, 1):
        phase_start = start + timedelta(days=(number - 1) * phase_days)
        phases.append(
            Phase(
                rollout=rollout,
                slug=f"fase-{number}",
                number=number,
                name=name,
                planned_start=phase_start,
                planned_end=phase_start + timedelta(days=phase_days - 1),
            )
        )
    session.add_all(phases)
    session.flush()

    items = []
    for index in range(activities):
        phase = phases[index * len(phases) // activities]
        offset = rng.randrange(0, phase_days - 30)
        milestone = index % 5 == 4
        begin = phase.planned_start + timedelta(days=offset)
        end = begin if milestone else begin + timedelta(days=rng.randrange(7, 120))
        items.append(
            Activity(
                rollout_id=rollout.id,
                phase_id=phase.id,
                slug=f"activiteit-{index}",
                name=f"Activiteit {index} van fase {phase.number}",
                kind=ActivityKind.MILESTONE if milestone else ActivityKind.ACTIVITY,
                scope=Scope.PROGRAMME if index % 7 == 0 else Scope.PROVINCE,
                responsible="MFC Bethanië",
                planned_start=begin,
                planned_end=end,
                sort_order=index,
            )
        )
    session.add_all(items)

    existing = session.scalar(select(func.count(Province.id)))
    regions = [
        Province(
            slug=f"{slug}-provincie-{n}",
            name=f"Provincie {n}",
            foster_care_service=f"Pleegzorg {n}",
            sort_order=existing + n,
        )
        for n in range(provinces)
    ]
    session.add_all(regions)
    session.flush()
    session.add_all(Participation(rollout_id=rollout.id, province_id=p.id) for p in regions)

    cutoff = start + timedelta(days=int(total_days * 0.8))
    for activity in items:
        targets = [None] if activity.scope is Scope.PROGRAMME else [p.id for p in regions]
        for province_id in targets:
            if activity.planned_end > cutoff or rng.random() < 0.1:
                continue  # not done yet, or overdue
            delay = rng.choice([-5, 0, 0, 0, 3, 14, 30])
            session.add(
                ActivityProgress(
                    activity_id=activity.id,
                    province_id=province_id,
                    actual_start=activity.planned_start,
                    actual_end=activity.planned_end + timedelta(days=delay),
                    note="synthetisch",
                )
            )
    session.flush()
    return rollout
