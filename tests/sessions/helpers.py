"""What the session tests share: the seeded round's objects and a session planned directly."""

from datetime import UTC, date, datetime, time

from sqlalchemy import select

from rollout.changes import Act
from rollout.extensions import db
from rollout.plan.models import Activity, Province, Rollout
from rollout.sessions import services
from rollout.sessions.models import MeetingKind
from rollout.timeutil import brussels_to_utc

#: A moment after every session of the 2021-2022 round.
LATER = datetime(2023, 1, 2, 9, tzinfo=UTC)
ACT = Act.by(None, datetime(2021, 12, 1, 9, tzinfo=UTC))


def rollout(slug: str = "2021-2022") -> Rollout:
    return db.session.scalar(select(Rollout).where(Rollout.slug == slug))


def activity(slug: str, round_slug: str = "2021-2022") -> Activity:
    return db.session.scalar(
        select(Activity).where(Activity.slug == slug, Activity.rollout_id == rollout(round_slug).id)
    )


def province(slug: str) -> Province:
    return db.session.scalar(select(Province).where(Province.slug == slug))


def supervision(
    day: date = date(2022, 1, 11),
    where: str | None = "antwerpen",
    kind: MeetingKind = MeetingKind.SUPERVISION,
    activity_slug: str = "supervisie-maandelijks",
    start: time = time(13, 30),
    end: time = time(16),
) -> services.Details:
    return services.Details(
        kind=kind,
        activity=activity(activity_slug),
        province=province(where) if where else None,
        starts_at=brussels_to_utc(day, start),
        ends_at=brussels_to_utc(day, end),
        title="Supervisie",
        place="Antwerpen, zaal 1",
        led_by="Eline Gielen",
    )


def plan(details: services.Details | None = None, act: Act = ACT):
    meeting = services.create_meeting(db.session, rollout(), details or supervision(), act)
    db.session.commit()
    return meeting


def series_spec(where: str | None = "antwerpen", **changes) -> services.SeriesSpec:
    values = {
        "kind": MeetingKind.SUPERVISION,
        "activity": activity("supervisie-maandelijks"),
        "province": province(where) if where else None,
        "first_day": date(2022, 1, 1),
        "last_day": date(2022, 5, 31),
        "start_time": time(13, 30),
        "end_time": time(16),
        "rule": "FREQ=MONTHLY;BYDAY=+2TU",
        "place": "Antwerpen, zaal 1",
        "led_by": "Eline Gielen en Ellen Schoofs",
    }
    return services.SeriesSpec(**{**values, **changes})
