"""The information session for all staff of the partner organisation (Fase 3): one session of
kind INFO_SESSION per province, recorded with its day and a head count. Its plan activity
(`infosessie-organisatie`) is dated from it like any activity with sessions.

Recorded from the activity's page (rollout/home) by a lead or the province's foster-care
service; the team page shows it and links there. A session recorded here starts and ends at the
default times below (Brussels): the same the migration that moved the old records used."""

from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session
from wtforms import IntegerField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from rollout.changes import Act, Refused
from rollout.fields import DutchDateField, GuardedForm
from rollout.formatting import date_nl
from rollout.plan.models import Activity, Province, Rollout
from rollout.plan.queries import rollout_end
from rollout.plan.rules import happened_on_problem
from rollout.sessions.models import Meeting, MeetingChange, MeetingKind
from rollout.sessions.progress import sync_activity
from rollout.sessions.queries import INFO_SESSION_ACTIVITY, info_session_of
from rollout.staffing.models import TeamKind
from rollout.staffing.queries import team_ref
from rollout.staffing.rules import before_decision_problem
from rollout.timeutil import brussels_to_utc, to_brussels

#: When an information session recorded by its day alone starts and ends (Brussels time).
DEFAULT_START = time(13, 30)
DEFAULT_END = time(16, 0)


class InfoSessionError(Refused):
    pass


class InfoSessionForm(GuardedForm):
    held_on = DutchDateField(
        "Datum van de infosessie", validators=[InputRequired("Geef de datum.")]
    )
    attendees = IntegerField(
        "Aantal aanwezigen",
        validators=[
            InputRequired("Geef het aantal aanwezigen."),
            NumberRange(min=1, max=5000, message="Geef een aantal van 1 tot 5000."),
        ],
    )
    note = TextAreaField("Notitie", validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Infosessie bewaren")


def _times_on(day: date, meeting: Meeting | None) -> tuple[datetime, datetime]:
    """The session on `day`, at the times of day it had (or the default ones)."""
    start, end = DEFAULT_START, DEFAULT_END
    if meeting is not None:
        start = to_brussels(meeting.starts_at).time()
        end = to_brussels(meeting.ends_at).time()
    return brussels_to_utc(day, start), brussels_to_utc(day, end)


def record_info_session(
    session: Session,
    rollout: Rollout,
    province: Province,
    held_on: date,
    head_count: int,
    note: str,
    act: Act,
) -> Meeting:
    """The information session held on `held_on` with `head_count` people (never later than
    today, within the round, not before the partner was decided): its one session, created or
    changed, held; its plan activity is dated from it."""
    decided_on = team_ref(session, rollout, province, TeamKind.ORGANISATION).decided_on
    problem = happened_on_problem(
        held_on, act.today, rollout.start_date, rollout.last_day or rollout_end(rollout)
    ) or before_decision_problem(held_on, decided_on, "de infosessie")
    if problem:
        raise InfoSessionError(problem, "held_on")
    if head_count < 1:
        raise InfoSessionError("Geef het aantal aanwezigen (minstens 1).", "attendees")
    activity = session.scalar(
        select(Activity).where(
            Activity.rollout_id == rollout.id, Activity.slug == INFO_SESSION_ACTIVITY
        )
    )
    if activity is None:
        raise InfoSessionError("Het plan van deze ronde heeft geen infosessie.", "held_on")
    meeting = info_session_of(session, rollout, province)
    starts_at, ends_at = _times_on(held_on, meeting)
    note = note.strip()
    same = meeting is not None and meeting.is_held
    if same and (meeting.starts_at, meeting.head_count, meeting.minutes) == (
        starts_at,
        head_count,
        note,
    ):
        return meeting  # nothing changed
    if meeting is None:
        meeting = Meeting(
            rollout_id=rollout.id,
            province_id=province.id,
            activity_id=activity.id,
            kind=MeetingKind.INFO_SESSION,
            created_by_id=act.user_id,
        )
        session.add(meeting)
        text = f"Infosessie geregistreerd: {date_nl(held_on)}, {head_count} aanwezigen."
    else:
        text = f"Infosessie bijgewerkt: {date_nl(held_on)}, {head_count} aanwezigen."
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    if meeting.minutes != note:
        meeting.minutes, meeting.minutes_updated_at = note, act.now
        meeting.minutes_updated_by_id = act.user_id
    meeting.head_count = head_count
    if not meeting.attendance_recorded_at:
        meeting.attendance_recorded_at = act.now
        meeting.attendance_recorded_by_id = act.user_id
    meeting.changes.append(MeetingChange(at=act.now, by_id=act.user_id, text=text))
    session.flush()
    sync_activity(session, meeting, act)
    return meeting
