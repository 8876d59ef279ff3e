"""A province's plan as CSV (for Excel in nl-BE) and as an iCalendar feed. Plain functions."""

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from rollout.formatting import date_nl
from rollout.plan.rules import STATUS_LABELS, Status

#: An activity longer than this shows in a calendar as its start and its planned end, not as
#: a banner over every day of its months.
LONG_ACTIVITY_DAYS = 7


@dataclass(frozen=True)
class ExportRow:
    phase: str
    slug: str
    name: str
    is_milestone: bool
    is_programme: bool
    responsible: str
    planned_start: date
    planned_end: date
    actual_start: date | None
    actual_end: date | None
    status: Status


CSV_HEADER = [
    "Fase",
    "Activiteit",
    "Soort",
    "Niveau",
    "Verantwoordelijke",
    "Gepland begin",
    "Gepland einde",
    "Werkelijk begin",
    "Werkelijk einde",
    "Status",
]


def _day(value: date | None) -> str:
    return date_nl(value) if value else ""


def plan_csv(rows: Sequence[ExportRow]) -> bytes:
    """Semicolon-separated with a UTF-8 byte order mark: what Excel in nl-BE opens as is."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow(
            [
                row.phase,
                row.name,
                "Mijlpaal" if row.is_milestone else "Activiteit",
                "Programma" if row.is_programme else "Provincie",
                row.responsible,
                _day(row.planned_start),
                _day(row.planned_end),
                _day(row.actual_start),
                _day(row.actual_end),
                STATUS_LABELS[row.status],
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _event(uid: str, summary: str, start: date, end: date, description: str, now: datetime):
    event = Event()
    event.add("uid", uid)
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", end + timedelta(days=1))  # all-day events end the day after
    event.add("dtstamp", now)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    return event


@dataclass(frozen=True)
class TimedEvent:
    """An event at a time of day (a session), given as plain data by whoever knows it: the plan
    knows no sessions. Moments in UTC."""

    uid: str
    summary: str
    starts_at: datetime
    ends_at: datetime
    description: str = ""
    location: str = ""
    cancelled: bool = False
    sequence: int = 0


def _timed_event(timed: TimedEvent, now: datetime) -> Event:
    event = Event()
    event.add("uid", timed.uid)
    event.add("summary", timed.summary)
    event.add("dtstart", timed.starts_at.astimezone(UTC))
    event.add("dtend", timed.ends_at.astimezone(UTC))
    event.add("dtstamp", now.astimezone(UTC))
    event.add("sequence", timed.sequence)
    event.add("status", "CANCELLED" if timed.cancelled else "CONFIRMED")
    if timed.description:
        event.add("description", timed.description)
    if timed.location:
        event.add("location", timed.location)
    return event


def plan_calendar(
    rows: Sequence[ExportRow],
    name: str,
    uid_prefix: str,
    now: datetime,
    timed: Sequence[TimedEvent] = (),
) -> bytes:
    """All-day events with stable UIDs, so that a subscribed calendar updates in place; and the
    `timed` events (the sessions) at their times, in UTC."""
    calendar = Calendar()
    calendar.add("prodid", "-//MFC Bethanie//P&P-uitroltracker//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Brussels")
    for row in rows:
        description = "\n".join(
            [
                f"Fase: {row.phase}",
                f"Verantwoordelijke: {row.responsible or '—'}",
                f"Gepland: {date_nl(row.planned_start)} – {date_nl(row.planned_end)}",
                f"Status: {STATUS_LABELS[row.status]}",
            ]
        )
        uid = f"{uid_prefix}-{row.slug}"
        if row.is_milestone:
            summary = f"Mijlpaal: {row.name}"
            calendar.add_component(
                _event(
                    f"{uid}@pp-uitrol",
                    summary,
                    row.planned_start,
                    row.planned_end,
                    description,
                    now,
                )
            )
        elif (row.planned_end - row.planned_start).days < LONG_ACTIVITY_DAYS:
            calendar.add_component(
                _event(
                    f"{uid}@pp-uitrol",
                    row.name,
                    row.planned_start,
                    row.planned_end,
                    description,
                    now,
                )
            )
        else:
            start, end = row.planned_start, row.planned_end
            calendar.add_component(
                _event(
                    f"{uid}-start@pp-uitrol", f"Start: {row.name}", start, start, description, now
                )
            )
            calendar.add_component(
                _event(
                    f"{uid}-einde@pp-uitrol",
                    f"Einde gepland: {row.name}",
                    end,
                    end,
                    description,
                    now,
                )
            )
    for event in timed:
        calendar.add_component(_timed_event(event, now))
    return calendar.to_ical()
