"""A synthetic rollout of any size: many provinces, many activities, years of recorded progress.

Used by `make bench` and by the tests that check that pages load in a fixed number of queries.
"""

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rollout.applications.models import Application, ApplicationStatus
from rollout.auth.models import Organisation
from rollout.plan.models import (
    Activity,
    ActivityKind,
    ActivityProgress,
    Participation,
    Phase,
    Province,
    Rollout,
    Scope,
    StaffingRole,
    StaffingRule,
)
from rollout.prematching.models import Decision, DecisionKind, PaperVerdict, Screening
from rollout.staffing.models import TeamKind, TeamMember

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


def populate(
    session: Session,
    rollout: Rollout,
    organisations: int = 3,
    members: int = 3,
    seed: int = 7,
) -> None:
    """Give the round's other pages something to show: per participating province
    `organisations` applicants (all but the last submitted, screened on paper), a published
    partner decision for most provinces, the 8u/19u staffing rules, and `members` people in
    each of both teams where a partner was chosen."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    provinces = session.scalars(
        select(Province)
        .join(Participation, Participation.province_id == Province.id)
        .where(Participation.rollout_id == rollout.id, Participation.takes_part.is_(True))
        .order_by(Province.sort_order)
    ).all()
    deadline = rollout.application_deadline
    decided_on = deadline + timedelta(days=40)
    milestone = session.scalar(
        select(Activity)
        .where(Activity.rollout_id == rollout.id, Activity.kind == ActivityKind.MILESTONE)
        .order_by(Activity.planned_start)
    )
    session.add_all(
        [
            *(
                StaffingRule(
                    rollout_id=rollout.id,
                    slug=f"start-{role.value}",
                    role=role,
                    min_hours=8,
                    applies_from_activity_id=milestone.id if milestone else None,
                    applies_from_date=None if milestone else rollout.start_date,
                )
                for role in StaffingRole
            ),
            StaffingRule(
                rollout_id=rollout.id,
                slug="trajecten-pp_counsellor",
                role=StaffingRole.PP_COUNSELLOR,
                min_hours=19,
                applies_from_date=decided_on + timedelta(days=300),
            ),
        ]
    )
    for province in provinces:
        applications = []
        for n in range(organisations):
            organisation = Organisation(
                slug=f"{province.slug}-org-{n}",
                name=f"Voorziening {n} ({province.name})",
                province_id=province.id,
                approved_at=datetime.combine(rollout.start_date, time(9), UTC),
            )
            submitted = n < organisations - 1
            applications.append(
                Application(
                    rollout=rollout,
                    organisation=organisation,
                    status=ApplicationStatus.SUBMITTED if submitted else ApplicationStatus.DRAFT,
                    contact_name=f"Contact {n}",
                    contact_email=f"contact{n}@{province.slug}.example.org",
                    vision_pp="Synthetische visie. " * 20,
                    submitted_at=datetime.combine(
                        deadline - timedelta(days=rng.randrange(1, 30)), time(10), UTC
                    )
                    if submitted
                    else None,
                )
            )
        session.add_all(applications)
        session.flush()
        for n, application in enumerate(applications[:-1]):
            verdict = PaperVerdict.TO_INTERVIEW if n == 0 else PaperVerdict.NOT_RETAINED
            session.add(
                Screening(application_id=application.id, verdict=verdict, decided_on=deadline)
            )
        if rng.random() < 0.2:
            continue  # no partner chosen yet: no teams either
        session.add(
            Decision(
                rollout_id=rollout.id,
                province_id=province.id,
                kind=DecisionKind.PARTNER,
                application_id=applications[0].id,
                reason="Synthetisch",
                decided_on=decided_on,
                published_at=datetime.combine(decided_on, time(12), UTC),
                published_on=decided_on,
            )
        )
        for kind in TeamKind:
            session.add_all(
                TeamMember(
                    rollout_id=rollout.id,
                    province_id=province.id,
                    team=kind,
                    name=f"Lid {i}",
                    role=list(StaffingRole)[i % len(StaffingRole)],
                    hours=rng.choice([8, 12, 19, 24]),
                    valid_from=decided_on + timedelta(days=30),
                )
                for i in range(members)
            )
    session.flush()
