"""Plan rules: the status of an activity and the current phase. Plain functions, no Flask."""

import enum
from collections.abc import Sequence
from datetime import date
from typing import Protocol, TypeVar

from rollout.formatting import date_nl


class Status(enum.StrEnum):
    DONE = "done"
    DONE_LATE = "done_late"
    OVERDUE = "overdue"
    IN_PROGRESS = "in_progress"
    PLANNED = "planned"


STATUS_LABELS = {
    Status.DONE: "Afgerond",
    Status.DONE_LATE: "Laat afgerond",
    Status.OVERDUE: "Achterstallig",
    Status.IN_PROGRESS: "Lopend",
    Status.PLANNED: "Gepland",
}


class RoundState(enum.StrEnum):
    UPCOMING = "upcoming"
    RUNNING = "running"
    ENDED = "ended"  #: today is after its last planned day
    CLOSED = "closed"  #: a lead closed it: read-only for organisations and services


ROUND_STATE_LABELS = {
    RoundState.UPCOMING: "nog niet begonnen",
    RoundState.RUNNING: "loopt",
    RoundState.ENDED: "afgelopen",
    RoundState.CLOSED: "afgesloten",
}


def round_state(first_day: date, last_day: date, closed: bool, today: date) -> RoundState:
    """Where a round stands on `today` (the Brussels date)."""
    if closed:
        return RoundState.CLOSED
    if today < first_day:
        return RoundState.UPCOMING
    return RoundState.ENDED if today > last_day else RoundState.RUNNING


def as_of(today: date, last_day: date | None) -> date:
    """The day a round's pages show: today while it runs, its last planned day once it ended,
    so that nothing turns overdue after the round is over."""
    return min(today, last_day) if last_day else today


def happened_on_problem(day: date, today: date, first_day: date, last_day: date) -> str | None:
    """Why `day` cannot be the date a step of a round happened (in Dutch), or None: never later
    than today, and within the round."""
    if day > today:
        return "Deze datum ligt in de toekomst: geef de dag waarop het gebeurde."
    if day < first_day or day > last_day:
        return (
            f"Deze datum valt buiten de ronde ({date_nl(first_day)} – {date_nl(last_day)}): "
            "geef de dag waarop het gebeurde."
        )
    return None


class Window(Protocol):
    planned_start: date
    planned_end: date


T = TypeVar("T", bound=Window)


def activity_status(
    planned_start: date, planned_end: date, actual_end: date | None, today: date
) -> Status:
    """Done (on time or late) once an actual end is recorded; overdue when the planned end has
    passed (today being the Brussels date) and it is not done."""
    if actual_end is not None:
        return Status.DONE_LATE if actual_end > planned_end else Status.DONE
    if today > planned_end:
        return Status.OVERDUE
    if today >= planned_start:
        return Status.IN_PROGRESS
    return Status.PLANNED


def combine_statuses(statuses: Sequence[Status]) -> Status:
    """The status of a province-level activity over several provinces: overdue as soon as one
    province is, done only when all are (on time only if all were on time)."""
    if not statuses:
        raise ValueError("no statuses to combine")
    for status in (Status.OVERDUE, Status.IN_PROGRESS, Status.PLANNED):
        if status in statuses:
            return status
    return Status.DONE_LATE if Status.DONE_LATE in statuses else Status.DONE


def current_phase(phases: Sequence[T], today: date) -> T | None:
    """The phase whose window holds today; where windows overlap, the one that began last.
    Before the first phase: none; after the last: the last one."""
    ordered = sorted(phases, key=lambda p: (p.planned_start, p.planned_end))
    running = [p for p in ordered if p.planned_start <= today <= p.planned_end]
    if running:
        return running[-1]
    started = [p for p in ordered if p.planned_start <= today]
    return started[-1] if started else None
