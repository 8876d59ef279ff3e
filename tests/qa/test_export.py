"""Each session downloads as an .ics file with the moment in UTC and the link to join."""

from datetime import UTC, datetime

from icalendar import Calendar

from tests.qa import LINK, make_session


def test_the_ics_of_a_session_parses_back_to_the_session(app, client, login_as, seeded):
    session_id = make_session(
        app,
        rollout="2021-2022",
        title="Vragenronde voor organisaties",
        starts_at=datetime(2021, 5, 4, 8, 0, tzinfo=UTC),  # 10:00 in Brussels
        hours=2,
    )
    login_as("organisation", "antwerpen")
    response = client.get(f"/vragenronde/{session_id}.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/calendar")
    assert f"pp-vragenronde-{session_id}.ics" in response.headers["Content-Disposition"]
    assert b"DTSTART:20210504T080000Z" in response.data

    [event] = Calendar.from_ical(response.data).walk("VEVENT")
    assert str(event["UID"]) == f"qa-{session_id}@pp-uitrol"
    assert str(event["SUMMARY"]) == "Vragenronde voor organisaties"
    assert event.decoded("DTSTART") == datetime(2021, 5, 4, 8, 0, tzinfo=UTC)
    assert event.decoded("DTSTART").utcoffset().total_seconds() == 0
    assert event.decoded("DTEND") == datetime(2021, 5, 4, 10, 0, tzinfo=UTC)
    assert str(event["URL"]) == LINK
    assert str(event["LOCATION"]) == LINK
    assert LINK in str(event["DESCRIPTION"])


def test_the_uid_stays_the_same_across_downloads(app, client, login_as, current_round):
    session_id = make_session(app)
    login_as("service", "antwerpen")
    first = Calendar.from_ical(client.get(f"/vragenronde/{session_id}.ics").data)
    second = Calendar.from_ical(client.get(f"/vragenronde/{session_id}.ics").data)
    assert [str(e["UID"]) for e in first.walk("VEVENT")] == [
        str(e["UID"]) for e in second.walk("VEVENT")
    ]
