"""Every session of the province, and the programme-wide ones, in the province's calendar feed
(issue 11, point 7): stable UIDs, cancelled ones marked, times in UTC."""

from datetime import UTC, date, datetime

from icalendar import Calendar

from rollout.extensions import db
from rollout.sessions.models import Meeting, MeetingKind
from tests.sessions.plan_helpers import cancel, meeting


def feed_events(app, factory, email, province="antwerpen") -> dict[str, object]:
    token = factory.get_user(email).calendar_token
    response = app.test_client().get(f"/kalender/{token}/{province}.ics?ronde=2021-2022")
    assert response.status_code == 200
    return {
        str(e["uid"]): e
        for e in Calendar.from_ical(response.get_data()).walk("VEVENT")
        if str(e["uid"]).startswith("sessie-")
    }


def test_the_feed_holds_the_provinces_and_the_programme_wide_sessions(app, factory, login_as):
    email = login_as("service", "antwerpen")
    with app.app_context():
        training = meeting(
            "vorming-kaders-1", date(2021, 10, 12), held=True, title="Vorming sessie 1"
        )
        training.place, training.led_by = "Mechelen", "Jo Voets"
        own = meeting(
            "supervisie-maandelijks",
            date(2022, 1, 11),
            province="antwerpen",
            kind=MeetingKind.SUPERVISION,
        )
        cancelled = meeting(
            "supervisie-maandelijks",
            date(2022, 2, 8),
            province="antwerpen",
            kind=MeetingKind.SUPERVISION,
        )
        cancel(cancelled, "Lesgever ziek.")
        other = meeting(
            "supervisie-maandelijks",
            date(2022, 1, 12),
            province="oost-vlaanderen",
            kind=MeetingKind.SUPERVISION,
        )
        ids = training.id, own.id, cancelled.id, other.id
        db.session.commit()
    training_id, own_id, cancelled_id, other_id = ids
    events = feed_events(app, factory, email)
    assert set(events) == {
        f"sessie-{training_id}@pp-uitrol",
        f"sessie-{own_id}@pp-uitrol",
        f"sessie-{cancelled_id}@pp-uitrol",
    }  # never Oost-Vlaanderen's
    first = events[f"sessie-{training_id}@pp-uitrol"]
    # 09:30 in Brussels in October (summer time) is 07:30 UTC, written as UTC
    assert first.decoded("dtstart") == datetime(2021, 10, 12, 7, 30, tzinfo=UTC)
    assert first.to_ical().decode().count("DTSTART:20211012T073000Z") == 1
    assert str(first["summary"]).startswith("Vorming sessie 1")
    assert str(first["location"]) == "Mechelen" and "Jo Voets" in str(first["description"])
    assert str(first["status"]) == "CONFIRMED"
    # January: winter time, UTC+1
    january = events[f"sessie-{own_id}@pp-uitrol"]
    assert january.decoded("dtstart") == datetime(2022, 1, 11, 8, 30, tzinfo=UTC)
    cancelled_event = events[f"sessie-{cancelled_id}@pp-uitrol"]
    assert str(cancelled_event["status"]) == "CANCELLED"
    assert "Lesgever ziek." in str(cancelled_event["description"])

    # the UIDs stay when a session moves: a subscribed calendar updates it in place
    with app.app_context():
        moved = db.session.get(Meeting, own_id)
        moved.starts_at = datetime(2022, 1, 18, 8, 30, tzinfo=UTC)
        moved.ends_at = datetime(2022, 1, 18, 11, 30, tzinfo=UTC)
        db.session.commit()
    again = feed_events(app, factory, email)
    assert set(again) == set(events)
    assert again[f"sessie-{own_id}@pp-uitrol"].decoded("dtstart") == datetime(
        2022, 1, 18, 8, 30, tzinfo=UTC
    )

    # the other province's service sees its own session and the programme-wide one
    other_email = factory.user("service", "oost-vlaanderen", email="ov@example.org")
    theirs = feed_events(app, factory, other_email, "oost-vlaanderen")
    assert set(theirs) == {f"sessie-{training_id}@pp-uitrol", f"sessie-{other_id}@pp-uitrol"}
