"""The emails of the sessions: the invitation with an .ics (sent again after a change: the same
calendar item, a higher SEQUENCE) and the cancellation (METHOD:CANCEL). Through the one shared
helper (`rollout.invitations`) that interviews use too. The texts are plain functions."""

from datetime import datetime

from rollout import invitations
from rollout.formatting import date_nl, time_nl
from rollout.invitations import CalendarItem
from rollout.sessions.invitees import Invitee
from rollout.sessions.models import KIND_LABELS, Meeting
from rollout.timeutil import utcnow


def meeting_title(meeting: Meeting) -> str:
    title = meeting.title or KIND_LABELS[meeting.kind]
    where = meeting.province.name if meeting.province is not None else "alle provincies"
    return f"{title} ({where})"


def calendar_item(meeting: Meeting, invitees: list[Invitee] = ()) -> CalendarItem:
    """The session as a calendar item: its UID never changes, SEQUENCE counts the invitations
    sent before the last one."""
    return CalendarItem(
        uid=f"sessie-{meeting.id}@pp-uitrol",
        sequence=meeting.invitations_sent - 1,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=f"P&P: {meeting_title(meeting)}",
        location=meeting.place or meeting.online_link,
        url=meeting.online_link,
        description="\n".join(
            line
            for line in (
                f"Begeleid door: {meeting.led_by}" if meeting.led_by else "",
                meeting.agenda,
                f"Link: {meeting.online_link}" if meeting.online_link else "",
            )
            if line
        ),
        attendees=[{"name": i.name, "email": i.email} for i in invitees if i.email],
    )


def send_invitations(meeting: Meeting, invitees: list[Invitee], now: datetime | None = None):
    """Invite everyone with an email address (again after a change: an update of the same
    calendar item). Raises `meeting.invitations_sent`; the caller records and commits it.
    Returns the addresses written to."""
    to = _addresses(invitees)
    if not to:
        return []
    meeting.invitations_sent = (meeting.invitations_sent or 0) + 1
    invitations.send(
        f"Uitnodiging: {meeting_title(meeting)}",
        invitation_text(meeting, invitees),
        to,
        calendar_item(meeting, invitees),
        now or utcnow(),
        filename="sessie.ics",
    )
    return to


def send_cancellation(meeting: Meeting, invitees: list[Invitee], now: datetime | None = None):
    """Tell everyone the session is cancelled: a CANCEL of the same calendar item. Raises
    `meeting.invitations_sent` too (SEQUENCE goes up). Nothing goes out for a session whose
    invitation never went out. Returns the addresses written to."""
    to = _addresses(invitees)
    if not to or not meeting.invitations_sent:
        return []
    meeting.invitations_sent = (meeting.invitations_sent or 0) + 1
    invitations.send(
        f"Geannuleerd: {meeting_title(meeting)}",
        cancellation_text(meeting),
        to,
        calendar_item(meeting, invitees),
        now or utcnow(),
        filename="sessie.ics",
        method="CANCEL",
    )
    return to


def download(meeting: Meeting, now: datetime | None = None) -> bytes:
    """The session as an .ics to add to one's calendar (cancelled: STATUS CANCELLED)."""
    method = "CANCEL" if meeting.is_cancelled else "PUBLISH"
    return invitations.calendar(
        calendar_item(meeting), invitations.organiser_address(), now or utcnow(), method
    )


def _addresses(invitees: list[Invitee]) -> list[str]:
    seen, to = set(), []
    for invitee in invitees:
        if invitee.email and invitee.email.lower() not in seen:
            seen.add(invitee.email.lower())
            to.append(invitee.email)
    return to


def _when(meeting: Meeting) -> str:
    start, end = meeting.starts_at, meeting.ends_at
    return f"{date_nl(start)} van {time_nl(start)} tot {time_nl(end)} (Belgische tijd)"


def invitation_text(meeting: Meeting, invitees: list[Invitee]) -> str:
    lines = [
        "Beste,",
        "",
        f"U bent uitgenodigd voor: {meeting_title(meeting)}.",
        "",
        f"Wanneer: {_when(meeting)}",
        f"Waar: {meeting.place or 'online'}",
    ]
    if meeting.online_link:
        lines.append(f"Link: {meeting.online_link}")
    if meeting.led_by:
        lines.append(f"Begeleid door: {meeting.led_by}")
    if meeting.agenda:
        lines += ["", "Agenda:", meeting.agenda]
    lines += ["", "De uitnodiging zit als agenda-item (.ics) in bijlage.", "", "MFC Bethanië"]
    return "\n".join(lines)


def cancellation_text(meeting: Meeting) -> str:
    lines = [
        "Beste,",
        "",
        f"De sessie {meeting_title(meeting)} van {_when(meeting)} gaat niet door.",
    ]
    if meeting.cancel_reason:
        lines += [f"Reden: {meeting.cancel_reason}"]
    lines += ["", "Het agenda-item in bijlage haalt ze uit uw agenda.", "", "MFC Bethanië"]
    return "\n".join(lines)
