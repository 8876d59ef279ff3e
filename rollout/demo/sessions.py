"""Sessions (seeds/demo/sessions.yaml), through the sessions area's own services, as a lead
would plan them on /sessies and record their attendance on the session's attendance page: in
the 2021-2022 round the three framework trainings (with one make-up), the monthly supervision
series with one province below cadence, the working group, workshops and case supervision; in
the demo round the trainings still to come. Each session is created where it is missing, and
held (its attendance recorded) on its own day, never after the demo's today; a session of the
demo round moves with the round's dates."""

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from rollout.changes import Act
from rollout.demo.content import Content
from rollout.demo.context import DEMO_ROUND_SLUG, Demo, moment
from rollout.plan.models import Activity, Province, Rollout, StaffingRole
from rollout.sessions import attendance, services
from rollout.sessions.invitees import invitees_of, member_key
from rollout.sessions.models import AttendanceStatus, Meeting, MeetingKind, MeetingSeries
from rollout.staffing.models import TeamKind, TeamMember
from rollout.timeutil import brussels_to_utc, to_brussels

#: The reason in the history when a session of the demo round follows the round's dates.
FOLLOWS_TODAY = "De demo-ronde volgt de datum van vandaag."


def _clock(content: Content, key: str) -> time:
    try:
        return time.fromisoformat(content.text(key))
    except ValueError:
        raise content.error(key, "is geen uur (UU:MM)") from None


def _activity(demo: Demo, rollout: Rollout, content: Content) -> Activity:
    activity = demo.session.scalar(
        select(Activity).where(
            Activity.rollout_id == rollout.id, Activity.slug == content.text("activity")
        )
    )
    if activity is None:
        raise content.error("activity", "is geen activiteit van het plan")
    return activity


def _province(demo: Demo, content: Content, key: str = "province") -> Province:
    province = demo.province(content.text(key))
    if province is None:
        raise content.error(key, "is geen provincie van het plan")
    return province


def _span(content: Content, day: date) -> tuple[datetime, datetime]:
    return (
        brussels_to_utc(day, _clock(content, "start")),
        brussels_to_utc(day, _clock(content, "end")),
    )


def _act(demo: Demo, day: date, hour: int = 9) -> Act:
    return Act.by(demo.lead().id, moment(day, hour))


def _day(meeting: Meeting) -> date:
    return to_brussels(meeting.starts_at).date()


def _month(meeting: Meeting) -> str:
    return _day(meeting).strftime("%Y-%m")


# --- who was there ----------------------------------------------------------------------------


def _member(demo: Demo, rollout: Rollout, content: Content, province: Province, day: date):
    """The team member the file names (province, team, role) on `day`."""
    member = demo.session.scalar(
        select(TeamMember)
        .where(
            TeamMember.rollout_id == rollout.id,
            TeamMember.province_id == province.id,
            TeamMember.team == content.choice("team", TeamKind),
            TeamMember.role == content.choice("role", StaffingRole),
            TeamMember.valid_from <= day,
            (TeamMember.valid_until.is_(None)) | (TeamMember.valid_until >= day),
        )
        .order_by(TeamMember.valid_from.desc())
    )
    if member is None:
        raise content.error("role", f"is in {province.name} op {day} niet in het team")
    return member


def _absences(demo: Demo, rollout: Rollout, meeting: Meeting) -> dict[str, AttendanceStatus]:
    """The file's absences at this session: person_key -> excused / absent."""
    found = {}
    for absence in demo.content("sessions").parts("absences"):
        if absence.text("activity") != meeting.activity.slug:
            continue
        if "month" in absence.data and absence.text("month") != _month(meeting):
            continue
        province = _province(demo, absence)
        if meeting.province_id not in (None, province.id):
            continue
        member = _member(demo, rollout, absence, province, _day(meeting))
        found[member_key(member.id)] = absence.choice("status", AttendanceStatus)
    return found


def _hold(demo: Demo, rollout: Rollout, meeting: Meeting, marks: dict | None = None) -> None:
    """Record the session's attendance at its end, on its own day (not before it happened): by
    default everyone invited present but for the file's absences."""
    day = _day(meeting)
    if meeting.is_held or meeting.is_cancelled or day > demo.today:
        return
    invitees = invitees_of(demo.session, meeting)
    if marks is None:
        absent = _absences(demo, rollout, meeting)
        marks = {i.person_key: absent.get(i.person_key, AttendanceStatus.PRESENT) for i in invitees}
    end_hour = to_brussels(meeting.ends_at).hour + 1
    attendance.record_attendance(
        demo.session,
        meeting,
        marks,
        None,
        meeting.version,
        _act(demo, day, end_hour),
        invitees=invitees,
    )


# --- single sessions --------------------------------------------------------------------------


def _find(
    demo: Demo,
    rollout: Rollout,
    activity: Activity,
    province: Province | None,
    *,
    is_makeup: bool = False,
    day: date | None = None,
) -> Meeting | None:
    query = select(Meeting).where(
        Meeting.rollout_id == rollout.id,
        Meeting.activity_id == activity.id,
        Meeting.is_makeup.is_(is_makeup),
        Meeting.series_id.is_(None),
        Meeting.province_id == province.id if province else Meeting.province_id.is_(None),
    )
    meetings = demo.session.scalars(query.order_by(Meeting.id)).all()
    if day is not None:
        meetings = [m for m in meetings if _day(m) == day]
    return meetings[0] if meetings else None


def _plan(
    demo: Demo,
    rollout: Rollout,
    content: Content,
    kind: MeetingKind,
    province: Province | None,
    day: date,
    *,
    is_makeup: bool = False,
    planned_on: date | None = None,
) -> Meeting:
    """The session the file describes on `day`, planned where it is missing."""
    activity = _activity(demo, rollout, content)
    meeting = _find(demo, rollout, activity, province, is_makeup=is_makeup, day=day)
    if meeting is not None:
        return meeting
    starts_at, ends_at = _span(content, day)
    details = services.Details(
        kind=kind,
        activity=activity,
        province=province,
        starts_at=starts_at,
        ends_at=ends_at,
        title=content.data.get("title", ""),
        place=content.data.get("place") or demo.content("sessions").text("place"),
        led_by=content.text("led_by"),
        is_makeup=is_makeup,
    )
    # planned a month ahead (the demo round's: on its today)
    act = _act(demo, planned_on or day - timedelta(days=30))
    return services.create_meeting(demo.session, rollout, details, act)


def _trainings(demo: Demo, rollout: Rollout) -> None:
    """The three framework trainings, programme-wide, held."""
    for training in demo.content("sessions").parts("trainings"):
        day = training.day("day")
        meeting = _plan(demo, rollout, training, MeetingKind.FRAMEWORK_TRAINING, None, day)
        _hold(demo, rollout, meeting)


def _makeups(demo: Demo, rollout: Rollout) -> None:
    """A make-up of a training in the province of who missed it: they are present, the others
    of the province (who had it already) excused."""
    for makeup in demo.content("sessions").parts("makeups"):
        province, day = _province(demo, makeup), makeup.day("day")
        meeting = _plan(
            demo, rollout, makeup, MeetingKind.FRAMEWORK_TRAINING, province, day, is_makeup=True
        )
        present = {
            member_key(_member(demo, rollout, who, province, day).id)
            for who in makeup.parts("attends")
        }
        marks = {
            i.person_key: AttendanceStatus.PRESENT
            if i.person_key in present
            else AttendanceStatus.EXCUSED
            for i in invitees_of(demo.session, meeting)
        }
        _hold(demo, rollout, meeting, marks)


def _single(demo: Demo, rollout: Rollout) -> None:
    """Single sessions of a province (workshops, case supervision), held."""
    for item in demo.content("sessions").parts("sessions"):
        kind = item.choice("kind", MeetingKind)
        meeting = _plan(demo, rollout, item, kind, _province(demo, item), item.day("day"))
        _hold(demo, rollout, meeting)


# --- series -----------------------------------------------------------------------------------


def _series_spec(demo: Demo, rollout: Rollout, item: Content, province: Province):
    dates = [date.fromisoformat(str(d)) for d in item.data.get("dates") or ()]
    return services.SeriesSpec(
        kind=item.choice("kind", MeetingKind),
        activity=_activity(demo, rollout, item),
        province=province,
        first_day=item.day("first_day"),
        last_day=item.day("last_day"),
        start_time=_clock(item, "start"),
        end_time=_clock(item, "end"),
        rule=item.data.get("rule", ""),
        dates=dates,
        title=item.data.get("title", ""),
        place=item.data.get("place") or demo.content("sessions").text("place"),
        led_by=item.text("led_by"),
    )


def _series_meetings(demo: Demo, spec: services.SeriesSpec, rollout: Rollout) -> list[Meeting]:
    series = demo.session.scalar(
        select(MeetingSeries).where(
            MeetingSeries.rollout_id == rollout.id,
            MeetingSeries.province_id == spec.province.id,
            MeetingSeries.activity_id == spec.activity.id,
            MeetingSeries.kind == spec.kind,
        )
    )
    if series is None:
        return []
    return list(
        demo.session.scalars(
            select(Meeting).where(Meeting.series_id == series.id).order_by(Meeting.starts_at)
        )
    )


def _listed(demo: Demo, key: str, meeting: Meeting) -> Content | None:
    """The entry of the file's `key` (cancelled, not_recorded) for this session, if any."""
    for item in demo.content("sessions").parts(key):
        if (
            item.text("activity") == meeting.activity.slug
            and _province(demo, item).id == meeting.province_id
            and item.text("month") == _month(meeting)
        ):
            return item
    return None


def _series(demo: Demo, rollout: Rollout) -> None:
    """Each series generated per province (once: generating again would add nothing), then
    every session held, but for the ones the file cancels or leaves unrecorded."""
    for item in demo.content("sessions").parts("series"):
        for slug in item.value("provinces", list):
            province = demo.province(slug)
            if province is None:
                raise item.error("provinces", f"noemt {slug!r}, geen provincie van het plan")
            spec = _series_spec(demo, rollout, item, province)
            meetings = _series_meetings(demo, spec, rollout)
            if not meetings:
                act = _act(demo, spec.first_day - timedelta(days=30))
                meetings = services.generate_series(demo.session, rollout, spec, act).added
            for meeting in meetings:
                _series_meeting(demo, rollout, meeting)


def _series_meeting(demo: Demo, rollout: Rollout, meeting: Meeting) -> None:
    cancelled = _listed(demo, "cancelled", meeting)
    if cancelled is not None:
        if not meeting.is_cancelled and _day(meeting) <= demo.today:
            services.cancel_meeting(
                demo.session,
                meeting,
                reason=cancelled.text("reason"),
                act=_act(demo, _day(meeting) - timedelta(days=2)),
                expected_version=meeting.version,
            )
        return
    if _listed(demo, "not_recorded", meeting) is None:
        _hold(demo, rollout, meeting)


# --- the demo round ---------------------------------------------------------------------------


def _upcoming(demo: Demo) -> None:
    """The demo round's sessions still to come: planned (nobody invited yet), on the day after
    their activity's first planned day the file says; moved when the round's dates moved."""
    rollout = demo.rollout(DEMO_ROUND_SLUG)
    if rollout is None:
        return
    for item in demo.content("sessions").parts("upcoming"):
        activity = _activity(demo, rollout, item)
        day = activity.planned_start + timedelta(days=item.number("after_days"))
        if day <= demo.today:
            continue  # only what is still to come
        kind = item.choice("kind", MeetingKind)
        meeting = _find(demo, rollout, activity, None)
        if meeting is None:
            _plan(demo, rollout, item, kind, None, day, planned_on=demo.today)
            continue
        starts_at, ends_at = _span(item, day)
        if meeting.is_cancelled or meeting.is_held or meeting.starts_at == starts_at:
            continue
        details = services.Details(
            kind=meeting.kind,
            activity=activity,
            province=None,
            starts_at=starts_at,
            ends_at=ends_at,
            title=meeting.title,
            place=meeting.place,
            online_link=meeting.online_link,
            led_by=meeting.led_by,
            agenda=meeting.agenda,
        )
        services.edit_meeting(
            demo.session,
            meeting,
            details,
            reason=FOLLOWS_TODAY,
            act=_act(demo, demo.today),
            expected_version=meeting.version,
        )


def load(demo: Demo) -> None:
    """The file's sessions in its round (after the teams, before the progress: the sessions
    date their activities) and the demo round's upcoming ones. Only what is missing."""
    rollout = demo.rollout(demo.content("sessions").text("round"))
    if demo.lead() is None:
        return
    if rollout is not None:
        _trainings(demo, rollout)
        _makeups(demo, rollout)
        _series(demo, rollout)
        _single(demo, rollout)
    _upcoming(demo)
    demo.session.flush()
