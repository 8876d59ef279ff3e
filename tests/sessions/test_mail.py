"""The invitation mail of a session with its .ics, through the helper interviews use too: the
same UID on an update with a higher SEQUENCE, a cancellation as METHOD:CANCEL."""

from datetime import UTC, date, datetime

import pytest
from icalendar import Calendar

from rollout.changes import Act
from rollout.extensions import db
from rollout.sessions import attendance, mail
from rollout.sessions.invitees import invitees_of
from rollout.sessions.models import Meeting
from tests.sessions.factories_attendance import add_meeting, add_member, teams_fixture  # noqa: F401

NOW = datetime(2021, 12, 1, 9, 0, tzinfo=UTC)


def outbox(app):
    return getattr(app.extensions["mailman"], "outbox", [])


def event_of(message):
    (name, content, mimetype) = message.attachments[0]
    assert name == "sessie.ics" and mimetype.startswith("text/calendar")
    calendar = Calendar.from_ical(content)
    return calendar, calendar.walk("VEVENT")[0]


def test_invitation_update_and_cancellation(app, teams):
    add_member(app, "Zonder Adres", email="")  # no email: invited, but gets no mail
    meeting_id = add_meeting(
        app,
        "supervisie-maandelijks",
        "antwerpen",
        date(2022, 3, 8),  # winter time in Brussels: UTC+1
        place="Pleegzorg Antwerpen, Mechelsesteenweg",
        led_by="Eline Gielen",
        guests=[{"name": "Ellen Schoofs", "email": "ellen@example.org"}],
    )
    before = len(outbox(app))
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        invitees = invitees_of(db.session, meeting)
        sent = mail.send_invitations(meeting, invitees, NOW)
        db.session.commit()
    assert sorted(sent) == ["ann.peeters@example.org", "bob.claes@example.org", "ellen@example.org"]
    assert len(outbox(app)) == before + 1
    message = outbox(app)[-1]
    assert sorted(message.to) == sorted(sent)
    assert message.subject == "Uitnodiging: Maandelijkse supervisie (Antwerpen)"
    assert "8 mrt 2022 van 13:30 tot 16:00 (Belgische tijd)" in message.body
    calendar, first = event_of(message)
    assert str(calendar["method"]) == "REQUEST"
    assert first.decoded("dtstart") == datetime(2022, 3, 8, 12, 30, tzinfo=UTC)
    assert int(first["sequence"]) == 0 and str(first["status"]) == "CONFIRMED"
    assert str(first["location"]) == "Pleegzorg Antwerpen, Mechelsesteenweg"
    assert len(first["attendee"]) == 3

    # an update: same UID, SEQUENCE raised
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        meeting.place = "Online"
        mail.send_invitations(meeting, invitees_of(db.session, meeting), NOW)
        db.session.commit()
    _, update = event_of(outbox(app)[-1])
    assert str(update["uid"]) == str(first["uid"]) and int(update["sequence"]) == 1

    # a cancellation: METHOD:CANCEL, STATUS:CANCELLED, same UID, SEQUENCE raised again
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        meeting.cancelled_at, meeting.cancel_reason = NOW, "De trainer is ziek."
        mail.send_cancellation(meeting, invitees_of(db.session, meeting), NOW)
        db.session.commit()
        assert db.session.get(Meeting, meeting_id).invitations_sent == 3
    message = outbox(app)[-1]
    assert message.subject.startswith("Geannuleerd: Maandelijkse supervisie")
    assert "Reden: De trainer is ziek." in message.body
    calendar, cancelled = event_of(message)
    assert str(calendar["method"]) == "CANCEL"
    assert str(cancelled["status"]) == "CANCELLED"
    assert str(cancelled["uid"]) == str(first["uid"]) and int(cancelled["sequence"]) == 2


def test_nobody_with_an_address_gets_no_mail(app, seeded):
    meeting_id = add_meeting(app, "werkgroep", "west-vlaanderen", date(2022, 2, 1))
    before = len(outbox(app))
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert mail.send_invitations(meeting, [], NOW) == []
        # never invited: nothing to cancel in anyone's calendar
        meeting.guests = [{"name": "Gast", "email": "gast@example.org"}]
        assert mail.send_cancellation(meeting, invitees_of(db.session, meeting), NOW) == []
        db.session.rollback()
        with pytest.raises(attendance.AttendanceRefused, match="e-mailadres"):
            attendance.invite(db.session, meeting, meeting.version, Act.by(None, NOW))
    assert len(outbox(app)) == before


def test_the_invite_service_records_it_and_refuses_a_stale_or_cancelled_session(app, teams):
    meeting_id = add_meeting(app, "supervisie-maandelijks", "antwerpen", date(2022, 1, 11))
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        with pytest.raises(attendance.AttendanceConflict):
            attendance.invite(db.session, meeting, meeting.version + 1, Act.by(None, NOW))
        sent = attendance.invite(db.session, meeting, meeting.version, Act.by(None, NOW))
        db.session.commit()
        assert len(sent) == 2 and meeting.invitations_sent == 1
        assert meeting.changes[0].text == "Uitnodiging verstuurd naar 2 genodigden"
        meeting.cancelled_at = NOW
        db.session.commit()
        with pytest.raises(attendance.AttendanceRefused, match="geannuleerd"):
            attendance.invite(db.session, meeting, meeting.version, Act.by(None, NOW))
