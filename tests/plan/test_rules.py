from dataclasses import dataclass
from datetime import date

import pytest

from rollout.plan.rules import Status, activity_status, combine_statuses, current_phase

START, END = date(2021, 6, 1), date(2021, 6, 30)


@pytest.mark.parametrize(
    ("actual_end", "today", "expected"),
    [
        (None, date(2021, 5, 31), Status.PLANNED),
        (None, date(2021, 6, 1), Status.IN_PROGRESS),
        (None, date(2021, 6, 30), Status.IN_PROGRESS),  # the last planned day is not late yet
        (None, date(2021, 7, 1), Status.OVERDUE),
        (date(2021, 6, 30), date(2021, 8, 1), Status.DONE),
        (date(2021, 7, 1), date(2021, 8, 1), Status.DONE_LATE),
        (date(2021, 5, 20), date(2021, 5, 21), Status.DONE),  # done early
    ],
)
def test_activity_status(actual_end, today, expected):
    assert activity_status(START, END, actual_end, today) is expected


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([Status.DONE, Status.OVERDUE], Status.OVERDUE),
        ([Status.DONE, Status.DONE], Status.DONE),
        ([Status.DONE, Status.DONE_LATE], Status.DONE_LATE),
        ([Status.DONE, Status.IN_PROGRESS], Status.IN_PROGRESS),
        ([Status.PLANNED, Status.PLANNED], Status.PLANNED),
        ([Status.IN_PROGRESS, Status.OVERDUE, Status.DONE], Status.OVERDUE),
    ],
)
def test_combined_status_is_done_only_when_every_province_is(statuses, expected):
    assert combine_statuses(statuses) is expected


@dataclass
class P:
    name: str
    planned_start: date
    planned_end: date


PHASES = [
    P("fitting", date(2021, 10, 1), date(2022, 5, 31)),
    P("sensibiliseren", date(2021, 2, 1), date(2021, 3, 31)),
    P("aanmelding", date(2021, 3, 1), date(2021, 5, 31)),
    P("training", date(2022, 5, 1), date(2022, 12, 31)),
]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2021, 1, 31), None),
        (date(2021, 2, 1), "sensibiliseren"),
        (date(2021, 3, 15), "aanmelding"),  # overlap: the phase that began last
        (date(2021, 7, 1), "aanmelding"),  # a gap: the last phase that began
        (date(2022, 5, 15), "training"),
        (date(2030, 1, 1), "training"),
    ],
)
def test_current_phase(today, expected):
    phase = current_phase(PHASES, today)
    assert (phase.name if phase else None) == expected
