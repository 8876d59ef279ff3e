"""Small makers for the attendance tests (helper `attend`): team members and sessions written
straight into the database of the seeded 2021-2022 round. Each returns ids, never objects."""

from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import select

from rollout.extensions import db
from rollout.plan.models import Activity, Province, Rollout, StaffingRole
from rollout.sessions.models import Meeting, MeetingKind
from rollout.staffing.models import TeamKind, TeamMember
from rollout.timeutil import brussels_to_utc

ROUND = "2021-2022"
KIND_OF = {
    "vorming-kaders-1": MeetingKind.FRAMEWORK_TRAINING,
    "vorming-kaders-2": MeetingKind.FRAMEWORK_TRAINING,
    "vorming-kaders-3": MeetingKind.FRAMEWORK_TRAINING,
    "supervisie-maandelijks": MeetingKind.SUPERVISION,
    "inspiratie-pleegzorg": MeetingKind.INSPIRATION,
    "werkgroep": MeetingKind.WORKING_GROUP,
}


def rollout_id(slug: str = ROUND) -> int:
    return db.session.scalar(select(Rollout.id).where(Rollout.slug == slug))


def province_id(slug: str) -> int:
    return db.session.scalar(select(Province.id).where(Province.slug == slug))


def activity_id(slug: str, round_slug: str = ROUND) -> int:
    return db.session.scalar(
        select(Activity.id).where(
            Activity.slug == slug, Activity.rollout_id == rollout_id(round_slug)
        )
    )


def add_member(
    app,
    name: str,
    province: str = "antwerpen",
    team: TeamKind = TeamKind.SERVICE,
    email: str | None = None,
    valid_from: date = date(2021, 9, 1),
    valid_until: date | None = None,
    round_slug: str = ROUND,
) -> int:
    with app.app_context():
        member = TeamMember(
            rollout_id=rollout_id(round_slug),
            province_id=province_id(province),
            team=team,
            name=name,
            email=f"{name.lower().replace(' ', '.')}@example.org" if email is None else email,
            role=StaffingRole.PP_COUNSELLOR,
            hours=8,
            valid_from=valid_from,
            valid_until=valid_until,
        )
        db.session.add(member)
        db.session.commit()
        return member.id


def add_meeting(
    app,
    activity: str = "supervisie-maandelijks",
    province: str | None = "antwerpen",
    day: date = date(2022, 1, 11),
    starts: time = time(13, 30),
    ends: time = time(16, 0),
    round_slug: str = ROUND,
    **fields,
) -> int:
    with app.app_context():
        meeting = Meeting(
            rollout_id=rollout_id(round_slug),
            province_id=province_id(province) if province else None,
            activity_id=activity_id(activity, round_slug),
            kind=fields.pop("kind", KIND_OF.get(activity, MeetingKind.WORKSHOP)),
            starts_at=brussels_to_utc(day, starts),
            ends_at=brussels_to_utc(day, ends),
            **fields,
        )
        db.session.add(meeting)
        db.session.commit()
        return meeting.id


def cancel(app, meeting_id: int, reason: str = "Ziekte van de trainer") -> None:
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        meeting.cancelled_at = datetime(2021, 1, 1, tzinfo=UTC)
        meeting.cancel_reason = reason
        db.session.commit()


@pytest.fixture(name="teams")
def teams_fixture(app, seeded):
    """Antwerpen's two teams and one member in Oost-Vlaanderen: Ann (service, all along), Bob
    (organisation, from 1 Nov 2021), Carl (service, left on 31 Dec 2021), Olga (Oost-Vlaanderen,
    service). Member ids by first name."""
    return {
        "Ann": add_member(app, "Ann Peeters"),
        "Bob": add_member(
            app, "Bob Claes", team=TeamKind.ORGANISATION, valid_from=date(2021, 11, 1)
        ),
        "Carl": add_member(app, "Carl Maes", valid_until=date(2021, 12, 31)),
        "Olga": add_member(app, "Olga Wouters", province="oost-vlaanderen"),
    }
