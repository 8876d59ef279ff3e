"""The steps of the sessions area together: planning, holding (attendance), moving and
cancelling a session date its plan activity at once, and a session whose invitation went out
is updated or cancelled in the invitees' calendars by itself."""

from datetime import UTC, date, datetime

from icalendar import Calendar

from rollout.changes import Act
from rollout.extensions import db
from rollout.sessions import attendance, services
from rollout.sessions.models import AttendanceStatus, Meeting
from tests.sessions.factories_attendance import teams_fixture  # noqa: F401
from tests.sessions.helpers import ACT, plan, supervision
from tests.sessions.plan_helpers import progress_of

LATER = Act.by(None, datetime(2022, 3, 1, 9, tzinfo=UTC))


def _hold(meeting_id: int, teams) -> None:
    meeting = db.session.get(Meeting, meeting_id)
    marks = {f"member:{teams['Ann']}": AttendanceStatus.PRESENT}
    marks[f"member:{teams['Bob']}"] = AttendanceStatus.EXCUSED
    attendance.record_attendance(db.session, meeting, marks, None, meeting.version, LATER)
    db.session.commit()


def test_the_activity_is_dated_by_each_step_of_its_sessions(app, teams):
    with app.app_context():
        january = plan(supervision(date(2022, 1, 11))).id
        assert progress_of("supervisie-maandelijks", "antwerpen") is None  # planned only
        _hold(january, teams)
        assert progress_of("supervisie-maandelijks", "antwerpen") == (
            date(2022, 1, 11),
            date(2022, 1, 11),
        )
        february = plan(supervision(date(2022, 2, 8))).id
        # one still planned: begun on the first, not done
        assert progress_of("supervisie-maandelijks", "antwerpen") == (date(2022, 1, 11), None)
        meeting = db.session.get(Meeting, february)
        services.cancel_meeting(
            db.session, meeting, reason="Trainer ziek", act=LATER, expected_version=meeting.version
        )
        db.session.commit()
        assert progress_of("supervisie-maandelijks", "antwerpen") == (
            date(2022, 1, 11),
            date(2022, 1, 11),
        )
        assert progress_of("supervisie-maandelijks", "limburg") is None


def _calendar(message) -> Calendar:
    (attachment,) = message.attachments
    return Calendar.from_ical(attachment[1])


def test_an_invited_session_that_moves_or_is_cancelled_tells_the_invitees(app, teams):
    mailbox = app.extensions["mailman"]
    with app.app_context():
        meeting = plan(supervision(date(2022, 1, 11)))
        attendance.invite(db.session, meeting, meeting.version, ACT)
        db.session.commit()
        sent = len(mailbox.outbox)
        meeting = db.session.get(Meeting, meeting.id)
        moved = supervision(date(2022, 1, 18))
        services.edit_meeting(
            db.session,
            meeting,
            moved,
            reason="Zaal bezet",
            act=ACT,
            expected_version=meeting.version,
        )
        db.session.commit()
        (update,) = mailbox.outbox[sent:]
        event = _calendar(update).walk("VEVENT")[0]
        assert str(event["UID"]) == f"sessie-{meeting.id}@pp-uitrol"
        assert int(event["SEQUENCE"]) == 1
        assert event.decoded("DTSTART") == moved.starts_at
        meeting = db.session.get(Meeting, meeting.id)
        services.cancel_meeting(
            db.session, meeting, reason="Trainer ziek", act=ACT, expected_version=meeting.version
        )
        db.session.commit()
        (cancellation,) = mailbox.outbox[sent + 1 :]
        calendar = _calendar(cancellation)
        assert str(calendar["METHOD"]) == "CANCEL"
        assert int(calendar.walk("VEVENT")[0]["SEQUENCE"]) == 2


def test_a_session_never_invited_sends_nothing_when_it_moves_or_is_cancelled(app, teams):
    mailbox = app.extensions["mailman"]
    with app.app_context():
        meeting = plan(supervision(date(2022, 1, 11)))
        sent = len(getattr(mailbox, "outbox", []))
        services.edit_meeting(
            db.session,
            meeting,
            supervision(date(2022, 1, 18)),
            reason="Zaal bezet",
            act=ACT,
            expected_version=meeting.version,
        )
        services.cancel_meeting(
            db.session, meeting, reason="Trainer ziek", act=ACT, expected_version=meeting.version
        )
        db.session.commit()
        assert len(getattr(mailbox, "outbox", [])) == sent
