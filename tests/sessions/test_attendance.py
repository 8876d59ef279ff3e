"""Recording attendance: per invitee, by whoever the view lets; refused for someone not invited,
a cancelled session, a session still to come; optimistic locking on the session's version."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from rollout.changes import Act
from rollout.extensions import db
from rollout.sessions import attendance
from rollout.sessions.attendance import field_name, record_attendance
from rollout.sessions.models import Attendance, AttendanceStatus, Meeting, MeetingKind
from tests.sessions.factories_attendance import add_meeting, cancel, teams_fixture  # noqa: F401

AFTER = Act.by(None, datetime(2022, 1, 12, 9, 0, tzinfo=UTC))
P, E, A = AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT


def marks(teams, **by_name):
    return {f"member:{teams[name]}": status for name, status in by_name.items()}


def test_attendance_is_recorded_and_the_session_is_held(app, teams):
    meeting_id = add_meeting(app, day=date(2022, 1, 11))
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert not meeting.is_held
        record_attendance(
            db.session, meeting, marks(teams, Ann=P, Bob=E), None, meeting.version, AFTER
        )
        db.session.commit()
        meeting = db.session.get(Meeting, meeting_id)
        assert meeting.is_held and meeting.attendance_recorded_at == AFTER.now
        rows = {a.name: a for a in meeting.attendance}
        assert rows["Ann Peeters"].status is P and rows["Bob Claes"].status is E
        assert rows["Bob Claes"].team_member_id == teams["Bob"]
        assert rows["Bob Claes"].email == "bob.claes@example.org"
        assert meeting.changes[0].text == (
            "Aanwezigheden genoteerd: 1 aanwezig, 1 verontschuldigd, 0 afwezig"
        )
        # corrected later: one row per person, never two
        record_attendance(
            db.session, meeting, marks(teams, Ann=A, Bob=E), None, meeting.version, AFTER
        )
        db.session.commit()
        statuses = db.session.scalars(
            select(Attendance.status).where(Attendance.meeting_id == meeting_id)
        ).all()
        assert sorted(statuses) == [A, E]
        assert (
            db.session.get(Meeting, meeting_id)
            .changes[0]
            .text.startswith("Aanwezigheden gewijzigd")
        )


def test_attendance_is_refused_where_it_cannot_be(app, teams):
    meeting_id = add_meeting(app, day=date(2022, 1, 11))
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        # Carl left on 31 Dec and Olga is in another province: not invited
        for name in ("Carl", "Olga"):
            with pytest.raises(attendance.AttendanceRefused, match="niet uitgenodigd") as refused:
                record_attendance(
                    db.session,
                    meeting,
                    marks(teams, Ann=P, Bob=P, **{name: P}),
                    None,
                    meeting.version,
                    AFTER,
                )
            assert refused.value.field == field_name(f"member:{teams[name]}")
        with pytest.raises(attendance.AttendanceRefused, match="Kies aanwezig") as missing:
            record_attendance(
                db.session, meeting, marks(teams, Ann=P), None, meeting.version, AFTER
            )
        assert missing.value.field == field_name(f"member:{teams['Bob']}")
        before = Act.by(None, datetime(2022, 1, 11, 12, 0, tzinfo=UTC))  # 13:00 in Brussels
        with pytest.raises(attendance.AttendanceRefused, match="nog niet begonnen"):
            record_attendance(
                db.session, meeting, marks(teams, Ann=P, Bob=P), None, meeting.version, before
            )
        db.session.rollback()
    cancel(app, meeting_id)
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        with pytest.raises(attendance.AttendanceRefused, match="geannuleerd"):
            record_attendance(
                db.session, meeting, marks(teams, Ann=P, Bob=P), None, meeting.version, AFTER
            )
        assert db.session.scalar(select(Attendance.id)) is None


def test_two_people_recording_at_once_never_overwrite_silently(app, teams):
    meeting_id = add_meeting(app, day=date(2022, 1, 11))
    with app.app_context():
        opened = db.session.get(Meeting, meeting_id).version  # both open the form
        meeting = db.session.get(Meeting, meeting_id)
        record_attendance(db.session, meeting, marks(teams, Ann=P, Bob=P), None, opened, AFTER)
        db.session.commit()
        with pytest.raises(attendance.AttendanceConflict, match="Iemand anders"):
            record_attendance(db.session, meeting, marks(teams, Ann=A, Bob=A), None, opened, AFTER)
        db.session.rollback()
        statuses = db.session.scalars(select(Attendance.status)).all()
        assert statuses == [P, P]


def test_a_big_session_takes_a_head_count(app, teams):
    meeting_id = add_meeting(
        app, "inspiratie-pleegzorg", None, date(2021, 2, 11), kind=MeetingKind.INSPIRATION
    )
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        with pytest.raises(attendance.AttendanceRefused, match="aantal aanwezigen") as refused:
            record_attendance(db.session, meeting, {}, None, meeting.version, AFTER)
        assert refused.value.field == "head_count"
        record_attendance(db.session, meeting, {}, 84, meeting.version, AFTER)
        db.session.commit()
        meeting = db.session.get(Meeting, meeting_id)
        assert meeting.head_count == 84 and meeting.is_held and meeting.attendance == []
