"""Plan rules: the status of an activity and the current phase. Plain functions, no Flask."""

import enum
from collections.abc import Sequence
from datetime import date
from typing import Protocol, TypeVar


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
