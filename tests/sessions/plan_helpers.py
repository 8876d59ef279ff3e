"""Steps the tests of sessions and the plan share: a session made directly in the database (the
sessions' own services are another helper's), the activity's page and its info session form."""

import re
from datetime import date, datetime, time

from sqlalchemy import func, select

from rollout.changes import Act
from rollout.extensions import db
from rollout.plan.models import Activity, ActivityProgress, Province, Rollout
from rollout.sessions.models import Meeting, MeetingKind
from rollout.sessions.progress import sync_activity
from rollout.timeutil import brussels_to_utc, utcnow
from tests.conftest import csrf_token


def the_rollout(slug: str = "2021-2022") -> Rollout:
    return db.session.scalar(select(Rollout).where(Rollout.slug == slug))


def the_activity(slug: str, rollout: str = "2021-2022") -> Activity:
    return db.session.scalar(
        select(Activity)
        .join(Rollout, Rollout.id == Activity.rollout_id)
        .where(Rollout.slug == rollout, Activity.slug == slug)
    )


def the_province(slug: str) -> Province:
    return db.session.scalar(select(Province).where(Province.slug == slug))


def meeting(
    activity_slug: str,
    day: date,
    *,
    province: str | None = None,
    kind: MeetingKind = MeetingKind.FRAMEWORK_TRAINING,
    held: bool = False,
    cancelled: bool = False,
    makeup: bool = False,
    rollout: str = "2021-2022",
    title: str = "",
    start: time = time(9, 30),
    end: time = time(12, 30),
) -> Meeting:
    """A session of the plan activity `activity_slug` on `day` (Brussels times), added and
    flushed; call within an app context."""
    activity = the_activity(activity_slug, rollout)
    now = utcnow()
    made = Meeting(
        rollout_id=activity.phase.rollout_id,
        province_id=the_province(province).id if province else None,
        activity_id=activity.id,
        kind=kind,
        title=title,
        starts_at=brussels_to_utc(day, start),
        ends_at=brussels_to_utc(day, end),
        is_makeup=makeup,
        attendance_recorded_at=now if held else None,
        cancelled_at=now if cancelled else None,
        cancel_reason="Ziekte van de lesgever." if cancelled else "",
    )
    db.session.add(made)
    db.session.flush()
    return made


def hold(made: Meeting) -> None:
    made.attendance_recorded_at = utcnow()


def cancel(made: Meeting, reason: str = "Ziekte van de lesgever.") -> None:
    made.cancelled_at, made.cancel_reason = utcnow(), reason


def sync(made: Meeting, act: Act | None = None) -> bool:
    return sync_activity(db.session, made, act or Act.by(None))


def progress_of(activity_slug: str, province: str | None = None, rollout: str = "2021-2022"):
    """(actual start, actual end) of the activity's progress row (programme-wide without a
    province), or None when nothing is recorded."""
    activity = the_activity(activity_slug, rollout)
    query = select(ActivityProgress).where(ActivityProgress.activity_id == activity.id)
    if province is None:
        query = query.where(ActivityProgress.province_id.is_(None))
    else:
        query = query.where(ActivityProgress.province_id == the_province(province).id)
    row = db.session.scalar(query)
    return None if row is None else (row.actual_start, row.actual_end)


def activity_url(app, slug, rollout="huidig", province="antwerpen") -> str:
    with app.app_context():
        activity_id = the_activity(slug, rollout).id
    return f"/activiteiten/{activity_id}/provincies/{province}?ronde={rollout}"


def record_info(client, path, held_on, attendees="42", note="", page_path=None):
    page = client.get(page_path or path).text
    return client.post(
        path,
        data={
            "info-csrf_token": csrf_token(page),
            "info-held_on": held_on,
            "info-attendees": attendees,
            "info-note": note,
            "info-submit": "Infosessie bewaren",
        },
    )


def shown(page: str) -> str:
    return re.search(r'id="infosessie-stand">(.*?)</p>', page, re.S).group(1).strip()


def info_sessions(app) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count(Meeting.id)).where(Meeting.kind == MeetingKind.INFO_SESSION)
        )


def at(day: date, hour: int = 12) -> datetime:
    return brussels_to_utc(day, time(hour, 0))


def shows_session(app, page: str, meeting_id: int, text: str) -> bool:
    """The page shows the session: a link to its page once the sessions area serves it (the
    helper that builds it merges separately), else its title."""
    if "sessions.meeting" in app.view_functions:
        return f'href="/sessies/{meeting_id}"' in page
    return text in page
