"""The emails of the prematching: the invitation to an interview, with an .ics. The text and
the calendar are plain functions of their inputs. In development the mail backend prints them to
the log."""

from datetime import datetime

from flask import current_app
from icalendar import Calendar, Event, vCalAddress, vText

from rollout.formatting import date_nl, time_nl
from rollout.mailing import email
from rollout.prematching.interviews import SIDES
from rollout.prematching.models import Interview
from rollout.timeutil import utcnow


def send_interview_invitation(interview: Interview) -> None:
    """Invite every participant (again, after a move: the same calendar item, updated)."""
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    address = sender.split("<")[-1].rstrip(">").strip()
    message = email(
        f"Uitnodiging: P&P-matchingsgesprek {interview.application.organisation.name}",
        invitation_text(interview),
        to=[p["email"] for p in interview.participants],
    )
    message.attach(
        "gesprek.ics",
        invitation_calendar(interview, address, utcnow()),
        "text/calendar; method=REQUEST; charset=utf-8",
    )
    message.send()


def invitation_calendar(interview: Interview, organiser: str, now: datetime) -> bytes:
    """The invitation as an iCalendar request; a new time keeps the UID and raises SEQUENCE."""
    application = interview.application
    calendar = Calendar()
    calendar.add("prodid", "-//MFC Bethanie//P&P-uitroltracker//NL")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", f"gesprek-{interview.id}@pp-uitrol")
    event.add("sequence", max(0, interview.invitations_sent - 1))
    event.add("dtstamp", now)
    event.add("dtstart", interview.starts_at)
    event.add("dtend", interview.ends_at)
    event.add("summary", f"P&P-matchingsgesprek: {application.organisation.name}")
    event.add("location", interview.place or interview.online_link)
    if interview.online_link:
        event.add("url", interview.online_link)
    event.add(
        "description",
        f"Matching in gesprek: is er een match tussen {application.organisation.name} en "
        f"{application.organisation.province.foster_care_service}?"
        + (f"\nLink: {interview.online_link}" if interview.online_link else ""),
    )
    organizer = vCalAddress(f"mailto:{organiser}")
    organizer.params["cn"] = vText("MFC Bethanië")
    event.add("organizer", organizer)
    for person in interview.participants:
        attendee = vCalAddress(f"mailto:{person['email']}")
        attendee.params["cn"] = vText(person.get("name") or person["email"])
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()


def invitation_text(interview: Interview) -> str:
    application = interview.application
    start, end = interview.starts_at, interview.ends_at
    where = interview.place or "online"
    lines = [
        "Beste,",
        "",
        f"U bent uitgenodigd voor het matchingsgesprek met {application.organisation.name} "
        f"en {application.organisation.province.foster_care_service}.",
        "",
        f"Wanneer: {date_nl(start)} van {time_nl(start)} tot {time_nl(end)} (Belgische tijd)",
        f"Waar: {where}",
    ]
    if interview.online_link:
        lines.append(f"Link: {interview.online_link}")
    lines += ["", "Deelnemers:"]
    lines += [
        f"- {p.get('name') or p['email']} ({SIDES.get(p.get('side'), '')})"
        for p in interview.participants
    ]
    lines += ["", "De uitnodiging zit als agenda-item (.ics) in bijlage.", "", "MFC Bethanië"]
    return "\n".join(lines)
