"""The one way the app invites people to something in their calendar: an email with an .ics.
Interviews (prematching) and sessions use it. An invitation is an iCalendar REQUEST; an update
of the same thing keeps its UID and raises SEQUENCE; a cancellation is a CANCEL with STATUS
CANCELLED; a download is a PUBLISH. Plain functions of their inputs, except `send`."""

from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from icalendar import Calendar, Event, vCalAddress, vText

from rollout.mailing import email

PRODID = "-//MFC Bethanie//P&P-uitroltracker//NL"
ORGANISER_NAME = "MFC Bethanië"


@dataclass(frozen=True)
class CalendarItem:
    """What a calendar item says: the same for an invitation, its update and its cancellation."""

    uid: str
    #: How many invitations went out before this one (0 for the first).
    sequence: int
    starts_at: datetime
    ends_at: datetime
    summary: str
    location: str = ""
    url: str = ""
    description: str = ""
    #: [{"name": ..., "email": ...}]
    attendees: list[dict] = field(default_factory=list)


def organiser_address() -> str:
    """The address the app's mails come from (MAIL_DEFAULT_SENDER, without its name)."""
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    return sender.split("<")[-1].rstrip(">").strip()


def calendar(item: CalendarItem, organiser: str, now: datetime, method: str = "REQUEST") -> bytes:
    """The item as an iCalendar object: METHOD REQUEST (an invitation or its update), CANCEL
    (STATUS CANCELLED) or PUBLISH (a download)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", method)
    event = Event()
    event.add("uid", item.uid)
    event.add("sequence", max(0, item.sequence))
    event.add("dtstamp", now)
    event.add("dtstart", item.starts_at)
    event.add("dtend", item.ends_at)
    event.add("summary", item.summary)
    if item.location:
        event.add("location", item.location)
    if item.url:
        event.add("url", item.url)
    if item.description:
        event.add("description", item.description)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{organiser}")
    organizer.params["cn"] = vText(ORGANISER_NAME)
    event.add("organizer", organizer)
    for person in item.attendees:
        attendee = vCalAddress(f"mailto:{person['email']}")
        attendee.params["cn"] = vText(person.get("name") or person["email"])
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=0)
    cal.add_component(event)
    return cal.to_ical()


def send(
    subject: str,
    body: str,
    to: list[str],
    item: CalendarItem,
    now: datetime,
    *,
    filename: str,
    method: str = "REQUEST",
) -> None:
    """Mail `body` to `to` with the item attached as `filename` (an .ics with `method`)."""
    message = email(subject, body, to=to)
    message.attach(
        filename,
        calendar(item, organiser_address(), now, method),
        f"text/calendar; method={method}; charset=utf-8",
    )
    message.send()
