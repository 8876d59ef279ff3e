"""The rules of the sessions, as plain functions of plain rows (no Flask, no database):

- framework-training coverage: every current member of both teams of a province attends the
  three framework trainings (a make-up session of the same activity counts); per province,
  who still misses which;
- supervision cadence: per province and month of the supervision window, one session expected,
  and whether it was held (took place with attendance recorded), is planned, was missed or
  cancelled; a province below cadence is flagged;
- attendance rates per person, team and province: present / invited, excused apart.

A person is known across the periods of their team membership (a change of hours opens a new
period, a new team_member row) by `person_identity`: the province and their email, else name.
"""

import enum
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

#: The plan activities of the three framework trainings, in order.
FRAMEWORK_SLUGS = ("vorming-kaders-1", "vorming-kaders-2", "vorming-kaders-3")
#: The plan activity of the monthly supervision: its window is the supervision window.
SUPERVISION_SLUG = "supervisie-maandelijks"

PRESENT, EXCUSED, ABSENT = "present", "excused", "absent"


def person_identity(province_id: int | None, name: str, email: str) -> str:
    """One person in one province, whatever period of their membership a row belongs to."""
    who = (email or "").strip().lower() or " ".join((name or "").lower().split())
    return f"{province_id or '-'}:{who}"


@dataclass(frozen=True)
class MeetingRow:
    """What the rules need of a session."""

    id: int
    province_id: int | None
    activity_slug: str
    day: date  #: the day it takes place, in Brussels
    cancelled: bool = False
    recorded: bool = False  #: attendance recorded
    is_makeup: bool = False

    @property
    def held(self) -> bool:
        return self.recorded and not self.cancelled


@dataclass(frozen=True)
class AttendanceRow:
    """One invitee's attendance at one session."""

    meeting_id: int
    identity: str
    name: str
    status: str  #: present / excused / absent
    province_id: int | None = None
    team: str | None = None  #: the team kind's value; None for a guest


@dataclass(frozen=True)
class Person:
    """A current member of one of a province's teams."""

    identity: str
    name: str
    province_id: int
    team: str


# --- framework-training coverage --------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    person: Person
    missing: tuple[str, ...]  #: the activity slugs of the trainings they still miss


def coverage(
    people: Iterable[Person],
    meetings: Iterable[MeetingRow],
    attendance: Iterable[AttendanceRow],
    slugs: Sequence[str] = FRAMEWORK_SLUGS,
) -> dict[int, list[Gap]]:
    """Per province, who still misses which framework training: attended means present at a
    held session of that activity (the session itself or a make-up of it). Provinces where
    everyone attended everything have an empty list; people in name order."""
    held = {m.id: m.activity_slug for m in meetings if m.held and m.activity_slug in slugs}
    attended = {
        (a.identity, held[a.meeting_id])
        for a in attendance
        if a.meeting_id in held and a.status == PRESENT
    }
    gaps: dict[int, list[Gap]] = defaultdict(list)
    for person in sorted(people, key=lambda p: (p.name.lower(), p.identity)):
        gaps.setdefault(person.province_id, [])
        missing = tuple(s for s in slugs if (person.identity, s) not in attended)
        if missing:
            gaps[person.province_id].append(Gap(person, missing))
    return dict(gaps)


# --- supervision cadence ----------------------------------------------------------------------


class MonthStatus(enum.StrEnum):
    HELD = "held"
    PLANNED = "planned"
    MISSED = "missed"
    CANCELLED = "cancelled"
    #: A month still to come with nothing planned yet.
    OPEN = "open"


MONTH_LABELS = {
    MonthStatus.HELD: "gehouden",
    MonthStatus.PLANNED: "gepland",
    MonthStatus.MISSED: "gemist",
    MonthStatus.CANCELLED: "geannuleerd",
    MonthStatus.OPEN: "nog niet gepland",
}


@dataclass(frozen=True)
class MonthCell:
    month: date  #: the first of the month
    status: MonthStatus
    meeting_ids: tuple[int, ...] = ()

    @property
    def held(self) -> bool:
        return self.status is MonthStatus.HELD


@dataclass(frozen=True)
class Cadence:
    months: list[MonthCell] = field(default_factory=list)
    #: Months of the window that are over: one session expected in each.
    expected: int = 0
    #: Months with a held session (over or not).
    held: int = 0
    #: Months that are over without a held session.
    short: int = 0

    @property
    def flagged(self) -> bool:
        """Below cadence: a month that is over had no held session."""
        return self.short > 0


def months_of(window: tuple[date, date]) -> list[date]:
    """The first day of every month the window touches."""
    start, end = window
    month, months = start.replace(day=1), []
    while month <= end:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def _month_over(month: date, today: date) -> bool:
    return (today.year, today.month) > (month.year, month.month)


def month_status(month: date, meetings: Sequence[MeetingRow], today: date) -> MonthStatus:
    """A month with a held session is held; else one with a session neither cancelled nor
    over is planned (an unrecorded session keeps it planned until the month is over); else a
    month that is over is missed, unless all its sessions were cancelled; a month to come
    with only cancelled sessions is cancelled, with none open."""
    if any(m.held for m in meetings):
        return MonthStatus.HELD
    over = _month_over(month, today)
    live = [m for m in meetings if not m.cancelled]
    if live and not over:
        return MonthStatus.PLANNED
    if meetings and not live:
        return MonthStatus.CANCELLED
    return MonthStatus.MISSED if over else MonthStatus.OPEN


def cadence(window: tuple[date, date], meetings: Iterable[MeetingRow], today: date) -> Cadence:
    """One province's supervision cadence over `window` (the supervision activity's window in
    force for the province), judged on `today`. `meetings`: the province's supervision
    sessions (and programme-wide ones)."""
    by_month: dict[date, list[MeetingRow]] = defaultdict(list)
    for meeting in meetings:
        by_month[meeting.day.replace(day=1)].append(meeting)
    cells = []
    for month in months_of(window):
        rows = sorted(by_month.get(month, []), key=lambda m: (m.day, m.id))
        cells.append(MonthCell(month, month_status(month, rows, today), tuple(m.id for m in rows)))
    over = [c for c in cells if _month_over(c.month, today)]
    return Cadence(
        months=cells,
        expected=len(over),
        held=sum(1 for c in cells if c.held),
        short=sum(1 for c in over if not c.held),
    )


def cadence_by_province(
    windows: dict[int, tuple[date, date]], meetings: Iterable[MeetingRow], today: date
) -> dict[int, Cadence]:
    """`cadence` for every province in `windows`; a programme-wide session counts for all."""
    mine: dict[int | None, list[MeetingRow]] = defaultdict(list)
    for meeting in meetings:
        mine[meeting.province_id].append(meeting)
    return {
        province_id: cadence(window, mine[province_id] + mine[None], today)
        for province_id, window in windows.items()
    }


# --- attendance rates -------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    invited: int = 0
    present: int = 0
    excused: int = 0
    absent: int = 0

    @property
    def rate(self) -> float | None:
        """Present / invited (None when nobody was invited)."""
        return self.present / self.invited if self.invited else None

    def add(self, status: str) -> "Rate":
        return Rate(
            self.invited + 1,
            self.present + (status == PRESENT),
            self.excused + (status == EXCUSED),
            self.absent + (status == ABSENT),
        )


@dataclass(frozen=True)
class Rates:
    by_person: dict[str, Rate]
    by_team: dict[tuple[int, str], Rate]
    by_province: dict[int, Rate]


def attendance_rates(meetings: Iterable[MeetingRow], attendance: Iterable[AttendanceRow]) -> Rates:
    """Over the held sessions: per person (identity), per team (province id, team) and per
    province. A guest counts for themself only."""
    held = {m.id for m in meetings if m.held}
    person: dict[str, Rate] = defaultdict(Rate)
    team: dict[tuple[int, str], Rate] = defaultdict(Rate)
    province: dict[int, Rate] = defaultdict(Rate)
    for row in attendance:
        if row.meeting_id not in held:
            continue
        person[row.identity] = person[row.identity].add(row.status)
        if row.team is not None and row.province_id is not None:
            key = (row.province_id, row.team)
            team[key] = team[key].add(row.status)
            province[row.province_id] = province[row.province_id].add(row.status)
    return Rates(dict(person), dict(team), dict(province))
