"""The emails of the prematching: the invitation to an interview, with an .ics. The text and
the calendar are plain functions of their inputs. In development the mail backend prints them to
the log."""

from datetime import datetime

from rollout import invitations
from rollout.formatting import date_nl, time_nl
from rollout.invitations import CalendarItem
from rollout.prematching.interviews import SIDES
from rollout.prematching.models import Interview
from rollout.timeutil import utcnow


def send_interview_invitation(interview: Interview) -> None:
    """Invite every participant (again, after a move: the same calendar item, updated)."""
    invitations.send(
        f"Uitnodiging: P&P-matchingsgesprek {interview.application.organisation.name}",
        invitation_text(interview),
        [p["email"] for p in interview.participants],
        calendar_item(interview),
        utcnow(),
        filename="gesprek.ics",
    )


def calendar_item(interview: Interview) -> CalendarItem:
    """The interview as a calendar item; a new time keeps the UID and raises SEQUENCE."""
    application = interview.application
    return CalendarItem(
        uid=f"gesprek-{interview.id}@pp-uitrol",
        sequence=interview.invitations_sent - 1,
        starts_at=interview.starts_at,
        ends_at=interview.ends_at,
        summary=f"P&P-matchingsgesprek: {application.organisation.name}",
        location=interview.place or interview.online_link,
        url=interview.online_link,
        description=(
            f"Matching in gesprek: is er een match tussen {application.organisation.name} en "
            f"{application.organisation.province.foster_care_service}?"
            + (f"\nLink: {interview.online_link}" if interview.online_link else "")
        ),
        attendees=list(interview.participants),
    )


def invitation_calendar(interview: Interview, organiser: str, now: datetime) -> bytes:
    """The invitation as an iCalendar request (see `calendar_item`)."""
    return invitations.calendar(calendar_item(interview), organiser, now)


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
