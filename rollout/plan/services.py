"""Reading the plan for pages: which rollout to show, and every activity with its status.

Each function loads what it needs in a fixed number of queries, whatever the size of the plan.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from rollout.plan.models import (
    Activity,
    ActivityProgress,
    Participation,
    Phase,
    Province,
    Rollout,
    Scope,
)
from rollout.plan.rules import Status, activity_status, combined_status, current_phase
from rollout.timeutil import add_months


def rollout_end(rollout: Rollout) -> date:
    return add_months(rollout.start_date, rollout.duration_months)


def list_rollouts(session: Session) -> list[Rollout]:
    return list(session.scalars(select(Rollout).order_by(Rollout.start_date.desc())))


def default_rollout(rollouts: list[Rollout], today: date) -> Rollout | None:
    """The round running today (the one that started last if several do), else the latest one
    that has started, else the first one to come."""
    running = [r for r in rollouts if r.start_date <= today < rollout_end(r)]
    started = [r for r in rollouts if r.start_date <= today]
    for candidates in (running, started):
        if candidates:
            return max(candidates, key=lambda r: r.start_date)
    return min(rollouts, key=lambda r: r.start_date) if rollouts else None


def choose_rollout(session: Session, slug: str | None, today: date) -> Rollout | None:
    rollouts = list_rollouts(session)
    if slug:
        return next((r for r in rollouts if r.slug == slug), None)
    return default_rollout(rollouts, today)


def participating_provinces(session: Session, rollout: Rollout) -> list[Province]:
    return list(
        session.scalars(
            select(Province)
            .join(Participation, Participation.province_id == Province.id)
            .where(Participation.rollout_id == rollout.id, Participation.takes_part.is_(True))
            .order_by(Province.sort_order)
        )
    )


def participation(session: Session, rollout: Rollout, province: Province) -> Participation | None:
    return session.scalar(
        select(Participation).where(
            Participation.rollout_id == rollout.id, Participation.province_id == province.id
        )
    )


@dataclass(frozen=True)
class ActivityRow:
    activity: Activity
    status: Status
    actual_end: date | None
    #: For a province-level activity seen over all provinces: in how many it is done.
    done_in: int | None = None
    province_count: int | None = None


@dataclass(frozen=True)
class PhaseRows:
    phase: Phase
    rows: list[ActivityRow]


@dataclass(frozen=True)
class PlanView:
    rollout: Rollout
    phases: list[PhaseRows]
    current_phase: Phase | None
    province: Province | None


def _load_phases(session: Session, rollout: Rollout) -> list[Phase]:
    return list(
        session.scalars(
            select(Phase)
            .where(Phase.rollout_id == rollout.id)
            .order_by(Phase.number)
            .options(selectinload(Phase.activities))
        )
    )


def _progress_by_activity(
    session: Session, rollout: Rollout
) -> dict[int, dict[int | None, ActivityProgress]]:
    progress: dict[int, dict[int | None, ActivityProgress]] = defaultdict(dict)
    rows = session.scalars(
        select(ActivityProgress)
        .join(Activity, Activity.id == ActivityProgress.activity_id)
        .where(Activity.rollout_id == rollout.id)
    )
    for row in rows:
        progress[row.activity_id][row.province_id] = row
    return progress


def plan_view(
    session: Session, rollout: Rollout, today: date, province: Province | None = None
) -> PlanView:
    """The plan with every activity's status: for one province, or (province None) for the
    whole programme, where a province-level activity is done when all provinces did it."""
    phases = _load_phases(session, rollout)
    progress = _progress_by_activity(session, rollout)
    province_ids = [p.id for p in participating_provinces(session, rollout)]
    result = []
    for phase in phases:
        rows = []
        for activity in phase.activities:
            recorded = progress.get(activity.id, {})
            rows.append(_row(activity, recorded, today, province, province_ids))
        result.append(PhaseRows(phase=phase, rows=rows))
    return PlanView(
        rollout=rollout,
        phases=result,
        current_phase=current_phase(phases, today),
        province=province,
    )


def _row(
    activity: Activity,
    recorded: dict[int | None, ActivityProgress],
    today: date,
    province: Province | None,
    province_ids: list[int],
) -> ActivityRow:
    start, end = activity.planned_start, activity.planned_end
    if activity.scope is Scope.PROGRAMME or province is not None:
        key = None if activity.scope is Scope.PROGRAMME else province.id
        actual = recorded[key].actual_end if key in recorded else None
        return ActivityRow(activity, activity_status(start, end, actual, today), actual)
    ends = [recorded[pid].actual_end if pid in recorded else None for pid in province_ids]
    done = sum(1 for e in ends if e is not None)
    all_done = bool(ends) and done == len(ends)
    return ActivityRow(
        activity,
        combined_status(start, end, ends, today),
        max(ends) if all_done else None,
        done_in=done,
        province_count=len(ends),
    )
