"""Reading the plan for pages: which rollout to show, every activity's state per province,
and the figures that compare provinces.

Every function loads what it needs in a fixed number of queries, whatever the number of
provinces, activities and recorded progress.
"""

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from rollout.database import lean_load, lean_select
from rollout.plan import charts
from rollout.plan.exports import ExportRow
from rollout.plan.models import (
    Activity,
    ActivityProgress,
    Participation,
    Phase,
    Province,
    Rollout,
    Scope,
)
from rollout.plan.progress import effective_window
from rollout.plan.rules import (
    ROUND_STATE_LABELS,
    RoundState,
    Status,
    activity_status,
    as_of,
    combine_statuses,
    current_phase,
    round_state,
)
from rollout.timeutil import add_months


def rollout_end(rollout: Rollout) -> date:
    return add_months(rollout.start_date, rollout.duration_months)


def list_rollouts(session: Session) -> list[Rollout]:
    """Every round, the latest first: read by every page (the round bar), so in a lean query."""
    return lean_load(session, Rollout, _rollouts_latest_first())


@functools.cache
def _rollouts_latest_first():
    rollouts, phases = Rollout.__table__.c, Phase.__table__.c
    last_day = (
        select(func.max(phases.planned_end)).where(phases.rollout_id == rollouts.id)
    ).scalar_subquery()
    return lean_select(Rollout, last_day=last_day).order_by(rollouts.start_date.desc())


def default_rollout(rollouts: list[Rollout], today: date) -> Rollout | None:
    """The round that is running: the latest that has started; before any has, the first one
    to come."""
    started = [r for r in rollouts if r.start_date <= today]
    if started:
        return max(started, key=lambda r: r.start_date)
    return min(rollouts, key=lambda r: r.start_date) if rollouts else None


def pick_rollout(rollouts: list[Rollout], slug: str | None, today: date) -> Rollout | None:
    if slug:
        return next((r for r in rollouts if r.slug == slug), None)
    return default_rollout(rollouts, today)


@dataclass(frozen=True)
class RoundView:
    """The round a page shows, and how it stands: every page names it and offers the others."""

    rollout: Rollout
    rollouts: list[Rollout]
    #: Today in Brussels.
    today: date

    @property
    def first_day(self) -> date:
        return self.rollout.start_date

    @property
    def last_day(self) -> date:
        return self.rollout.last_day or rollout_end(self.rollout)

    @property
    def state(self) -> RoundState:
        closed = self.rollout.closed_at is not None
        return round_state(self.first_day, self.last_day, closed, self.today)

    @property
    def state_label(self) -> str:
        return ROUND_STATE_LABELS[self.state]

    @property
    def is_over(self) -> bool:
        """After its last planned day: its pages show the state on that day."""
        return self.today > self.last_day

    @property
    def is_closed(self) -> bool:
        return self.rollout.closed_at is not None

    @property
    def as_of(self) -> date:
        """The day its pages show: today, or its last planned day once it is over."""
        return as_of(self.today, self.last_day)


def participations(
    session: Session, rollout: Rollout, province: Province | None = None
) -> list[Participation]:
    """Which provinces take part in `rollout` (with `province`: only that one's row)."""
    query = (
        select(Participation)
        .join(Province, Participation.province_id == Province.id)
        .where(Participation.rollout_id == rollout.id)
        .options(selectinload(Participation.province))
        .order_by(Province.sort_order)
    )
    if province is not None:
        query = query.where(Participation.province_id == province.id)
    return list(session.scalars(query))


@dataclass(frozen=True)
class Recorded:
    """Recorded progress as plain values: pages read thousands of these, ORM objects would cost
    ten times more to load."""

    activity_id: int
    province_id: int | None
    actual_start: date | None
    actual_end: date | None
    planned_start: date | None
    planned_end: date | None
    note: str
    version: int


@dataclass(frozen=True)
class ItemState:
    """One activity in one province (or programme-wide), as it stands today."""

    activity: Activity
    planned_start: date
    planned_end: date
    actual_start: date | None
    actual_end: date | None
    status: Status
    progress: Recorded | None

    @property
    def moved(self) -> bool:
        return (self.planned_start, self.planned_end) != (
            self.activity.planned_start,
            self.activity.planned_end,
        )


def item_state(
    activity: Activity, progress: Recorded | None, today: date, over: bool = False
) -> ItemState:
    """Its state on `today`; in a round that is `over`, whatever is not done is overdue."""
    start, end = effective_window(activity, progress)
    actual_start = progress.actual_start if progress else None
    actual_end = progress.actual_end if progress else None
    status = activity_status(start, end, actual_end, today)
    if over and actual_end is None:
        status = Status.OVERDUE
    return ItemState(
        activity=activity,
        planned_start=start,
        planned_end=end,
        actual_start=actual_start,
        actual_end=actual_end,
        status=status,
        progress=progress,
    )


@dataclass
class PlanData:
    """A rollout's phases, activities and recorded progress, loaded once."""

    rollout: Rollout
    phases: list[Phase]
    progress: dict[tuple[int, int | None], Recorded]
    participations: list[Participation]
    #: The round as shown: its state, and the day its statuses are judged on.
    round: RoundView

    @property
    def today(self) -> date:
        """The day statuses are judged on: today, or the round's last planned day once over."""
        return self.round.as_of

    @property
    def chart_today(self) -> date | None:
        """Where a chart draws its today line: none once the round is over, so that the
        plan keeps its width."""
        return None if self.round.is_over else self.today

    @property
    def rollouts(self) -> list[Rollout]:
        return self.round.rollouts

    @property
    def provinces(self) -> list[Province]:
        """The provinces that take part."""
        return [p.province for p in self.participations if p.takes_part]

    @property
    def current_phase(self) -> Phase | None:
        """The phase running by plan; none once the round is over."""
        return None if self.round.is_over else current_phase(self.phases, self.today)

    def state(self, activity: Activity, province_id: int | None) -> ItemState:
        key = None if activity.scope is Scope.PROGRAMME else province_id
        progress = self.progress.get((activity.id, key))
        return item_state(activity, progress, self.today, self.round.is_over)

    def participation(self, province: Province) -> Participation | None:
        return next((p for p in self.participations if p.province_id == province.id), None)


def load_plan(
    session: Session,
    rollout: Rollout,
    shown: RoundView | date,
    province: Province | None = None,
) -> PlanData:
    """Everything a page of `rollout` shows, as it stands on `shown` (a day, or the round as a
    page shows it); with `province`, only that province's progress (and the programme's) and
    participation."""
    if isinstance(shown, date):
        shown = RoundView(rollout, [rollout], shown)
    phases = list(
        session.scalars(
            select(Phase)
            .where(Phase.rollout_id == rollout.id)
            .order_by(Phase.number)
            .options(selectinload(Phase.activities))
        )
    )
    p = ActivityProgress
    query = (
        select(
            p.activity_id,
            p.province_id,
            p.actual_start,
            p.actual_end,
            p.planned_start,
            p.planned_end,
            p.note,
            p.version,
        )
        .join(Activity, Activity.id == p.activity_id)
        .where(Activity.rollout_id == rollout.id)
    )
    if province is not None:
        query = query.where((p.province_id == province.id) | p.province_id.is_(None))
    progress = {(row[0], row[1]): Recorded(*row) for row in session.execute(query)}
    return PlanData(rollout, phases, progress, participations(session, rollout, province), shown)


@dataclass(frozen=True)
class ProgrammeRow:
    """An activity over all provinces: done only when every province that takes part is."""

    activity: Activity
    status: Status
    actual_end: date | None
    done_in: int | None = None
    province_count: int | None = None
    state: ItemState | None = None


def programme_rows(data: PlanData, phase: Phase) -> list[ProgrammeRow]:
    rows = []
    province_ids = [p.id for p in data.provinces]
    for activity in phase.activities:
        if activity.scope is Scope.PROGRAMME:
            state = data.state(activity, None)
            rows.append(ProgrammeRow(activity, state.status, state.actual_end, state=state))
            continue
        states = [data.state(activity, pid) for pid in province_ids]
        done = [s.actual_end for s in states if s.actual_end is not None]
        all_done = bool(states) and len(done) == len(states)
        rows.append(
            ProgrammeRow(
                activity,
                combine_statuses([s.status for s in states])
                if states
                else item_state(activity, None, data.today, data.round.is_over).status,
                max(done) if all_done else None,
                done_in=len(done),
                province_count=len(states),
            )
        )
    return rows


# --- comparing provinces (the Stages of Implementation Completion way) ------------------------


@dataclass(frozen=True)
class PhaseFigure:
    phase: Phase
    #: The plan's own last planned end of the phase's activities (the baseline).
    planned_end: date
    #: The last actual end, once every activity of the phase is done.
    actual_end: date | None
    first_actual_start: date | None
    #: Days behind (+) or ahead (-) of plan; for an unfinished phase past its planned end,
    #: the days it is behind so far.
    deviation_days: int | None
    complete: bool
    overdue: int
    on_time_share: float | None


@dataclass(frozen=True)
class ProvinceFigures:
    province: Province
    total: int
    done: int
    done_late: int
    overdue: int
    #: Of the activities due by today (planned end passed, or done), the share done on time.
    on_time_share: float | None
    phases: list[PhaseFigure]
    #: Where the province stands: the first phase that has begun by plan and is not complete.
    stands_in: Phase | None

    @property
    def is_complete(self) -> bool:
        return self.done + self.done_late == self.total


def _share(on_time: int, due: int) -> float | None:
    return on_time / due if due else None


def phase_figure(
    phase: Phase, states: list[ItemState], today: date, over: bool = False
) -> PhaseFigure:
    """How far a province got in a phase; in a round that is `over` (judged on its last day),
    an unfinished phase counts as behind by the days up to that day."""
    planned_end = max((s.activity.planned_end for s in states), default=phase.planned_end)
    ends = [s.actual_end for s in states]
    complete = bool(states) and all(e is not None for e in ends)
    actual_end = max(ends) if complete else None
    starts = [s.actual_start or s.actual_end for s in states if s.actual_start or s.actual_end]
    if complete:
        deviation = (actual_end - planned_end).days
    elif over or today > planned_end:
        deviation = (today - planned_end).days
    else:
        deviation = None
    due = [s for s in states if s.actual_end is not None or over or today > s.planned_end]
    on_time = [s for s in due if s.status is Status.DONE]
    return PhaseFigure(
        phase=phase,
        planned_end=planned_end,
        actual_end=actual_end,
        first_actual_start=min(starts) if starts else None,
        deviation_days=deviation,
        complete=complete,
        overdue=sum(1 for s in states if s.status is Status.OVERDUE),
        on_time_share=_share(len(on_time), len(due)),
    )


def province_figures(data: PlanData, province: Province) -> ProvinceFigures:
    phases = []
    all_states: list[ItemState] = []
    for phase in data.phases:
        states = [data.state(a, province.id) for a in phase.activities]
        all_states += states
        phases.append(phase_figure(phase, states, data.today, data.round.is_over))
    over = data.round.is_over
    due = [s for s in all_states if s.actual_end is not None or over or data.today > s.planned_end]
    unfinished = [f.phase for f in phases if f.phase.planned_start <= data.today and not f.complete]
    return ProvinceFigures(
        province=province,
        total=len(all_states),
        done=sum(1 for s in all_states if s.status is Status.DONE),
        done_late=sum(1 for s in all_states if s.status is Status.DONE_LATE),
        overdue=sum(1 for s in all_states if s.status is Status.OVERDUE),
        on_time_share=_share(sum(1 for s in due if s.status is Status.DONE), len(due)),
        phases=phases,
        stands_in=unfinished[0] if unfinished else data.current_phase,
    )


# --- what the province page, its chart and its exports show ----------------------------------


def province_states(data: PlanData, province: Province) -> list[tuple[Phase, list[ItemState]]]:
    return [
        (phase, [data.state(a, province.id) for a in phase.activities]) for phase in data.phases
    ]


def province_timeline(
    data: PlanData, province: Province, marks: Sequence[charts.TimelineMark] = ()
) -> dict:
    """The province's timeline; `marks` (held sessions, from the composing layer) on their
    activities' bars."""
    phases = [
        charts.TimelinePhase(p.number, p.name, p.planned_start, p.planned_end) for p in data.phases
    ]
    items = [
        charts.TimelineItem(
            name=s.activity.name,
            phase_number=phase.number,
            is_milestone=s.activity.is_milestone,
            planned_start=s.planned_start,
            planned_end=s.planned_end,
            actual_start=s.actual_start,
            actual_end=s.actual_end,
            status=s.status,
            responsible=s.activity.responsible,
            moved=s.moved,
            activity_id=s.activity.id,
        )
        for phase, states in province_states(data, province)
        for s in states
    ]
    return charts.province_timeline(phases, items, data.chart_today, marks=marks)


def export_rows(data: PlanData, province: Province) -> list[ExportRow]:
    return [
        ExportRow(
            phase=f"{phase.number}. {phase.name}",
            slug=s.activity.slug,
            name=s.activity.name,
            is_milestone=s.activity.is_milestone,
            is_programme=s.activity.scope is Scope.PROGRAMME,
            responsible=s.activity.responsible,
            planned_start=s.planned_start,
            planned_end=s.planned_end,
            actual_start=s.actual_start,
            actual_end=s.actual_end,
            status=s.status,
        )
        for phase, states in province_states(data, province)
        for s in states
    ]


def overview_timeline(data: PlanData, figures: list[ProvinceFigures]) -> dict:
    bars = [
        charts.OverviewBar(
            province=f.province.name,
            phase_number=p.phase.number,
            phase_name=p.phase.name,
            planned_start=p.phase.planned_start,
            planned_end=p.phase.planned_end,
            actual_start=p.first_actual_start,
            actual_end=p.actual_end,
            complete=p.complete,
            on_time_share=p.on_time_share,
            overdue=p.overdue,
            deviation_days=p.deviation_days,
        )
        for f in figures
        for p in f.phases
    ]
    return charts.overview_timeline(bars, data.chart_today)
