"""One source of truth with the plan: a plan activity that sessions belong to takes its actual
dates from them. Started on the day of its first held session; done on the day of its last held
one once every session that counts (not cancelled, not a make-up) is held; in progress while one
is still to come. Make-up sessions catch up on a session for the people who missed it: they never
date the activity.

The dates are written through the plan's own progress service (`record_done`), so their history
is kept like any other change; nothing is written when they already say so. Run after a session
is created, moved, cancelled or its attendance recorded (`sync_activity`)."""

from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from rollout.changes import Act, Refused
from rollout.plan.models import Activity, Participation, Province, Scope
from rollout.plan.progress import Done, find_progress, record_done
from rollout.sessions.models import Meeting
from rollout.sessions.queries import INFO_SESSION_ACTIVITY
from rollout.timeutil import to_brussels

#: The note and the history's reason of dates that come from the sessions.
FROM_SESSIONS = "Gedateerd door de sessies van deze activiteit."

#: What the activity's page answers to a "done" form where the sessions date the activity.
MANUAL_REFUSED = (
    "De werkelijke datums van deze activiteit komen uit haar sessies: registreer de "
    "aanwezigheid op de sessie zelf."
)


class SessionProgressError(Refused):
    pass


def day_of(meeting: Meeting) -> date:
    """The day a session takes place, in Brussels."""
    return to_brussels(meeting.starts_at).date()


def dates_from(meetings: list[Meeting]) -> tuple[date | None, date | None]:
    """(actual start, actual end) from an activity's sessions (plain rule, no database): the
    first held session's day; the last held one's once every session that counts is held."""
    counting = [m for m in meetings if not m.is_cancelled and not m.is_makeup]
    held = sorted(day_of(m) for m in counting if m.is_held)
    if not held:
        return None, None
    done = len(held) == len(counting)
    return held[0], held[-1] if done else None


def _meetings_of(session: Session, activity: Activity, province: Province | None) -> list:
    """The sessions that date the activity's progress row: for a programme-wide activity all
    its sessions; in a province, the province's own and the programme-wide ones."""
    query = select(Meeting).where(Meeting.activity_id == activity.id)
    if province is not None:
        query = query.where((Meeting.province_id == province.id) | Meeting.province_id.is_(None))
    return list(session.scalars(query))


def has_sessions(session: Session, activity: Activity, province: Province | None) -> bool:
    """Whether sessions date this activity (there, or programme-wide): then its "done" dates
    are not recorded by hand."""
    return bool(_meetings_of(session, activity, province))


def refuse_manual_done(session: Session, activity: Activity, province: Province | None) -> None:
    """The activity's page records no "done" dates by hand where sessions date the activity
    (the information session's activity always: its one session is recorded on that page)."""
    if activity.slug == INFO_SESSION_ACTIVITY or has_sessions(session, activity, province):
        raise SessionProgressError(MANUAL_REFUSED, "submit")


def sync_activity_in(
    session: Session, activity: Activity, province: Province | None, act: Act
) -> bool:
    """Date the activity (in `province`, or programme-wide) from its sessions; True when its
    progress changed. An activity without sessions keeps what was recorded by hand."""
    if activity.scope is Scope.PROGRAMME:
        province = None
    meetings = _meetings_of(session, activity, province)
    if not meetings:
        return False
    start, end = dates_from(meetings)
    progress = find_progress(session, activity, province)
    if progress is None and start is None and end is None:
        return False
    if progress is not None and (progress.actual_start, progress.actual_end) == (start, end):
        return False
    if activity.is_milestone:
        start = end
    return record_done(
        session,
        activity,
        province,
        Done(actual_start=start, actual_end=end, note=FROM_SESSIONS),
        # a held session has happened: its day is never "ahead" of the change
        act=replace(act, today=max([act.today] + [d for d in (start, end) if d])),
        expected_version=progress.version if progress else 0,
        reason=FROM_SESSIONS,
    )


def _provinces_taking_part(session: Session, rollout_id: int) -> list[Province]:
    return list(
        session.scalars(
            select(Province)
            .join(Participation, Participation.province_id == Province.id)
            .where(Participation.rollout_id == rollout_id, Participation.takes_part.is_(True))
            .order_by(Province.id)
        )
    )


def sync_activity(session: Session, meeting: Meeting, act: Act) -> bool:
    """Re-date the plan activity `meeting` belongs to, wherever the session counts: the
    programme-wide row of a programme-wide activity; the session's province, or every province
    that takes part for a programme-wide session of a province-level activity."""
    return sync_place(session, meeting.rollout_id, meeting.activity_id, meeting.province_id, act)


def sync_place(
    session: Session, rollout_id: int, activity_id: int, province_id: int | None, act: Act
) -> bool:
    """`sync_activity` for where a session was (its activity and province before an edit
    moved it to another one)."""
    session.flush()
    activity = session.get(Activity, activity_id)
    if activity.scope is Scope.PROGRAMME:
        return sync_activity_in(session, activity, None, act)
    if province_id is not None:
        return sync_activity_in(session, activity, session.get(Province, province_id), act)
    changed = False
    for province in _provinces_taking_part(session, rollout_id):
        changed = sync_activity_in(session, activity, province, act) or changed
    return changed
