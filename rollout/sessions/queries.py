"""Reads of the sessions area that other areas and the composing pages ask: the information
session of a province, the sessions of one plan activity, the held sessions as markers on a
province's timeline and the sessions of a province's calendar. Each in one statement."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select, true
from sqlalchemy.orm import Session, selectinload

from rollout.plan.models import Activity, Province, Rollout
from rollout.sessions.models import KIND_LABELS, Meeting, MeetingKind
from rollout.timeutil import to_brussels

#: The plan activity of the information session for all staff of the partner organisation.
INFO_SESSION_ACTIVITY = "infosessie-organisatie"


def _in_province(province: Province | None):
    """A province's own sessions and the programme-wide ones (all of them without a province)."""
    if province is None:
        return true()
    return or_(Meeting.province_id == province.id, Meeting.province_id.is_(None))


def info_session_of(session: Session, rollout: Rollout, province: Province) -> Meeting | None:
    """The province's information session for all staff of the partner organisation: its one
    record (the first that is not cancelled), held or still planned."""
    return session.scalar(
        select(Meeting)
        .where(
            Meeting.rollout_id == rollout.id,
            Meeting.province_id == province.id,
            Meeting.kind == MeetingKind.INFO_SESSION,
            Meeting.cancelled_at.is_(None),
        )
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(1)
    )


def sessions_of_activity(
    session: Session, activity: Activity, province: Province | None
) -> list[Meeting]:
    """The sessions of one plan activity shown on its page: in a province, the province's own
    and the programme-wide ones; without one, all of them. Cancelled ones too (marked). Two
    statements (the sessions, their provinces)."""
    return list(
        session.scalars(
            select(Meeting)
            .where(Meeting.activity_id == activity.id, _in_province(province))
            .options(selectinload(Meeting.province))
            .order_by(Meeting.starts_at, Meeting.id)
        )
    )


@dataclass(frozen=True)
class HeldMarker:
    """A held session as plain data for the plan's timeline (the plan knows no sessions)."""

    activity_id: int
    day: date
    label: str


def held_markers(session: Session, rollout: Rollout, province: Province) -> list[HeldMarker]:
    """Every held session of the province (and the programme-wide ones) of the round, as a
    marker on its activity's bar: one statement."""
    meetings = session.scalars(
        select(Meeting)
        .where(
            Meeting.rollout_id == rollout.id,
            _in_province(province),
            Meeting.attendance_recorded_at.is_not(None),
            Meeting.cancelled_at.is_(None),
        )
        .order_by(Meeting.starts_at, Meeting.id)
    )
    return [
        HeldMarker(m.activity_id, to_brussels(m.starts_at).date(), label_of(m)) for m in meetings
    ]


def label_of(meeting: Meeting) -> str:
    label = meeting.title or KIND_LABELS[meeting.kind]
    return f"{label} (inhaalsessie)" if meeting.is_makeup else label


def calendar_sessions(session: Session, rollout: Rollout, province: Province) -> list[Meeting]:
    """Every session of the round in the province's calendar: its own and the programme-wide
    ones, cancelled ones too (the feed marks them cancelled). One statement."""
    return list(
        session.scalars(
            select(Meeting)
            .where(Meeting.rollout_id == rollout.id, _in_province(province))
            .order_by(Meeting.starts_at, Meeting.id)
        )
    )
