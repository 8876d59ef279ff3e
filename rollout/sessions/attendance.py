"""Changes of the attendance area of the sessions: recording who was there, sending the
invitations. Each takes `act`, checks, changes, records a MeetingChange and flushes; it raises
`AttendanceRefused` (a Dutch message at a form field) or `AttendanceConflict` (someone else
changed the session since the form was opened). The caller commits."""

import hashlib

from sqlalchemy.orm import Session

from rollout.changes import Act, Conflict, Refused
from rollout.sessions import mail
from rollout.sessions.invitees import Invitee, invitees_of
from rollout.sessions.models import (
    ATTENDANCE_LABELS,
    HEAD_COUNT_KINDS,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingChange,
)
from rollout.sessions.progress import sync_activity

#: The conflict message: the user's input stays in the form.
CHANGED = (
    "Iemand anders heeft deze sessie intussen gewijzigd (bv. de aanwezigheden opgeslagen). "
    "Bekijk de huidige stand; uw invoer staat hieronder, sla opnieuw op om ze te bewaren."
)
CANCELLED = "Deze sessie is geannuleerd: er zijn geen aanwezigheden te noteren."
NOT_STARTED = "Deze sessie is nog niet begonnen: noteer de aanwezigheden achteraf."
NOT_INVITED = "{name} is niet uitgenodigd voor deze sessie."
MISSING = "Kies aanwezig, verontschuldigd of afwezig."
HEAD_COUNT_NEEDED = "Vul het aantal aanwezigen in."
NOBODY_TO_INVITE = "Niemand van de genodigden heeft een e-mailadres: er is niets verstuurd."
CANCELLED_INVITE = "Deze sessie is geannuleerd: er gaan geen uitnodigingen meer uit."


class AttendanceRefused(Refused):
    pass


class AttendanceConflict(AttendanceRefused, Conflict):
    pass


def field_name(person_key: str) -> str:
    """The form field of one invitee: stable for the person, whatever else changes."""
    return "p_" + hashlib.sha256(person_key.encode()).hexdigest()[:12]


def record_attendance(
    session: Session,
    meeting: Meeting,
    marks: dict[str, AttendanceStatus | None],
    head_count: int | None,
    expected_version: int,
    act: Act,
    invitees: list[Invitee] | None = None,
) -> Meeting:
    """Record per invitee (by person_key) present / excused / absent, and for a big session
    (HEAD_COUNT_KINDS) the head count. From then on the session counts as held."""
    if meeting.version != expected_version:
        raise AttendanceConflict(CHANGED)
    if meeting.is_cancelled:
        raise AttendanceRefused(CANCELLED)
    if meeting.starts_at > act.now:
        raise AttendanceRefused(NOT_STARTED)
    invitees = invitees if invitees is not None else invitees_of(session, meeting)
    by_key = {i.person_key: i for i in invitees}
    for key in marks:
        if key not in by_key:
            name = key.split(":", 1)[-1]
            raise AttendanceRefused(NOT_INVITED.format(name=name), field_name(key))
    big = meeting.kind in HEAD_COUNT_KINDS
    if big and head_count is None:
        raise AttendanceRefused(HEAD_COUNT_NEEDED, "head_count")
    if not big:
        for invitee in invitees:
            if marks.get(invitee.person_key) is None:
                raise AttendanceRefused(MISSING, field_name(invitee.person_key))
    existing = {a.person_key: a for a in meeting.attendance}
    counts = dict.fromkeys(AttendanceStatus, 0)
    for key, status in marks.items():
        if status is None:
            continue
        counts[status] += 1
        invitee = by_key[key]
        row = existing.get(key)
        if row is None:
            row = Attendance(person_key=key)
            meeting.attendance.append(row)
        row.status = status
        row.name, row.email = invitee.name, invitee.email
        row.team_member_id, row.province_id = invitee.team_member_id, invitee.province_id
    first = meeting.attendance_recorded_at is None
    meeting.attendance_recorded_at = act.now
    meeting.attendance_recorded_by_id = act.user_id
    meeting.head_count = head_count if big else None
    text = ", ".join(f"{counts[s]} {ATTENDANCE_LABELS[s].lower()}" for s in AttendanceStatus)
    if big:
        text += f", {head_count} in totaal"
    verb = "Aanwezigheden genoteerd" if first else "Aanwezigheden gewijzigd"
    session.add(
        MeetingChange(meeting=meeting, at=act.now, by_id=act.user_id, text=f"{verb}: {text}")
    )
    session.flush()
    sync_activity(session, meeting, act)  # held now: it dates its plan activity
    return meeting


def invite(session: Session, meeting: Meeting, expected_version: int, act: Act) -> list[str]:
    """Send (or send again) the invitation to every invitee with an email address; records it.
    Returns the addresses."""
    if meeting.version != expected_version:
        raise AttendanceConflict(CHANGED)
    if meeting.is_cancelled:
        raise AttendanceRefused(CANCELLED_INVITE)
    invitees = invitees_of(session, meeting)
    if not any(i.email for i in invitees):
        raise AttendanceRefused(NOBODY_TO_INVITE)
    # the version check of the flush comes before the mail goes out
    meeting.invitations_sent = meeting.invitations_sent or 0
    again = meeting.invitations_sent > 0
    session.add(
        MeetingChange(
            meeting=meeting,
            at=act.now,
            by_id=act.user_id,
            text=("Uitnodiging opnieuw verstuurd" if again else "Uitnodiging verstuurd")
            + f" naar {sum(1 for i in invitees if i.email)} genodigden",
        )
    )
    session.flush()
    sent = mail.send_invitations(meeting, invitees, act.now)
    session.flush()
    return sent
