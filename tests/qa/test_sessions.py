"""Leads add, edit and delete the sessions of the Q&A round; times are typed in Brussels time."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from rollout.extensions import db
from rollout.qa.models import QaRegistration, QaSession
from rollout.timeutil import utcnow
from tests.qa import LINK, add_registration, get_session, make_session, registrations, token

NEW = "/vragenronde/nieuw?ronde=2021-2022"


def session_data(page: str, **fields) -> dict[str, str]:
    data = {
        "csrf_token": token(page),
        "title": "Vragenronde Antwerpen",
        "day": "2021-05-04",
        "starts": "10:00",
        "ends": "12:00",
        "online_link": LINK,
        "capacity": "30",
        "notes": "Met Bethanië en Pleegzorg.",
    }
    data.update(fields)
    return data


def all_sessions(app) -> list[QaSession]:
    with app.app_context():
        sessions = db.session.scalars(select(QaSession)).all()
        db.session.expunge_all()
        return sessions


def test_a_lead_adds_a_session_typed_in_brussels_summer_time_and_stored_in_utc(
    app, client, login_as
):
    login_as("lead")
    response = client.post(NEW, data=session_data(client.get(NEW).text))
    assert response.status_code == 302
    [stored] = all_sessions(app)
    assert stored.starts_at == datetime(2021, 5, 4, 8, 0, tzinfo=UTC)
    assert stored.ends_at == datetime(2021, 5, 4, 10, 0, tzinfo=UTC)
    assert stored.capacity == 30
    assert stored.online_link == LINK
    page = client.get(response.headers["Location"]).text
    assert "4 mei 2021 10:00</time>" in page and ">12:00</time>" in page
    assert ", 08:00" not in page


def test_a_winter_session_is_one_hour_from_utc(app, client, login_as):
    login_as("lead")
    data = session_data(client.get(NEW).text, day="2021-12-07", starts="10:00", ends="11:30")
    assert client.post(NEW, data=data).status_code == 302
    [stored] = all_sessions(app)
    assert stored.starts_at == datetime(2021, 12, 7, 9, 0, tzinfo=UTC)
    assert stored.ends_at == datetime(2021, 12, 7, 10, 30, tzinfo=UTC)


def test_the_edit_form_shows_the_stored_moment_in_brussels_time(app, client, login_as, seeded):
    login_as("lead")
    session_id = make_session(
        app, rollout="2021-2022", starts_at=datetime(2021, 5, 4, 8, 0, tzinfo=UTC)
    )
    page = client.get(f"/vragenronde/{session_id}/bewerken").text
    assert 'value="2021-05-04"' in page
    assert 'value="10:00"' in page and 'value="12:00"' in page
    # the page of one session names its round, and offers no other
    assert 'id="ronde-naam">Verspreidingsplan P&amp;P 2021-2022<' in page
    assert 'name="ronde"' not in page


def test_every_field_is_checked_with_a_dutch_message_and_nothing_typed_is_lost(
    app, client, login_as
):
    login_as("lead")
    page = client.get(NEW).text
    data = session_data(
        page,
        title="",
        day="04/05/2021x",
        starts="10u",
        online_link="javascript:alert(1)",
        capacity="501",
        notes="Mijn notities",
    )
    response = client.post(NEW, data=data)
    assert response.status_code == 200
    text = response.text
    assert "Geef de sessie een titel." in text
    assert "Geef een geldige datum" in text
    assert "Geef een geldig uur (uu:mm)" in text
    assert "Geef een geldige link die begint met https://" in text
    assert "Geef een aantal van 1 tot 500." in text
    assert 'value="04/05/2021x"' in text
    assert 'value="10u"' in text
    assert 'value="javascript:alert(1)"' in text
    assert 'value="501"' in text
    assert "Mijn notities" in text
    assert all_sessions(app) == []


def test_the_end_must_come_after_the_start(app, client, login_as):
    login_as("lead")
    data = session_data(client.get(NEW).text, starts="14:00", ends="13:00")
    response = client.post(NEW, data=data)
    assert "Het einde moet na het begin liggen." in response.text
    assert all_sessions(app) == []


def test_capacity_must_be_a_whole_number_of_at_least_one(app, client, login_as):
    login_as("lead")
    for value, message in (("0", "Geef een aantal van 1 tot 500."), ("tien", "geheel getal")):
        response = client.post(NEW, data=session_data(client.get(NEW).text, capacity=value))
        assert message in response.text
    assert all_sessions(app) == []


def test_a_lead_edits_a_session(app, client, login_as, current_round):
    login_as("lead")
    session_id = make_session(app)
    path = f"/vragenronde/{session_id}/bewerken"
    data = session_data(client.get(path).text, day="2030-06-10", starts="09:30", ends="11:00")
    assert client.post(path, data=data).status_code == 302
    stored = get_session(app, session_id)
    assert stored.starts_at == datetime(2030, 6, 10, 7, 30, tzinfo=UTC)
    assert stored.title == "Vragenronde Antwerpen"


def test_capacity_cannot_be_lowered_below_the_registered_participants(
    app, client, login_as, factory, current_round
):
    login_as("lead")
    session_id = make_session(app, capacity=10)
    add_registration(app, session_id, factory.organisation("antwerpen"), 6)
    path = f"/vragenronde/{session_id}/bewerken"
    page = client.get(path).text
    response = client.post(path, data=session_data(page, capacity="5"))
    assert response.status_code == 200
    assert "Er zijn al 6 deelnemers ingeschreven" in response.text
    assert 'value="5"' in response.text
    assert get_session(app, session_id).capacity == 10
    assert client.post(path, data=session_data(page, capacity="6")).status_code == 302
    assert get_session(app, session_id).capacity == 6


def test_a_session_without_registrations_is_deleted_at_once(app, client, login_as, current_round):
    login_as("lead")
    session_id = make_session(app)
    path = f"/vragenronde/{session_id}/verwijderen"
    page = client.get(path).text
    assert "geen inschrijvingen" in page
    assert client.post(path, data={"csrf_token": token(page)}).status_code == 302
    assert get_session(app, session_id) is None


def test_deleting_a_session_with_registrations_asks_for_confirmation(
    app, client, login_as, factory, current_round
):
    login_as("lead")
    session_id = make_session(app)
    add_registration(app, session_id, factory.organisation("antwerpen"), 3)
    add_registration(app, session_id, factory.organisation("limburg"), 2)
    path = f"/vragenronde/{session_id}/verwijderen"
    page = client.get(path).text
    assert "2 inschrijvingen" in page
    refused = client.post(path, data={"csrf_token": token(page)})
    assert refused.status_code == 200
    assert "Vink aan dat u ze mee wilt verwijderen" in refused.text
    assert get_session(app, session_id) is not None
    assert len(registrations(app, session_id)) == 2

    confirmed = client.post(path, data={"csrf_token": token(page), "confirm": "y"})
    assert confirmed.status_code == 302
    assert get_session(app, session_id) is None
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(QaRegistration)) == 0


def test_the_page_lists_the_sessions_of_the_chosen_round_in_date_order(
    app, client, login_as, current_round
):
    login_as("lead")
    week = utcnow() + timedelta(days=7)
    later = make_session(app, title="Tweede sessie", starts_at=week + timedelta(days=1))
    earlier = make_session(app, title="Eerste sessie", starts_at=week)  # made second
    make_session(
        app,
        rollout="2021-2022",
        title="Sessie van 2021",
        starts_at=datetime(2021, 5, 4, 8, tzinfo=UTC),
    )
    page = client.get("/vragenronde").text  # the round running today
    assert page.index(f'id="sessie-{earlier}"') < page.index(f'id="sessie-{later}"')
    assert "Sessie van 2021" not in page
    old_round = client.get("/vragenronde?ronde=2021-2022").text
    assert "Sessie van 2021" in old_round and "Tweede sessie" not in old_round
    assert client.get("/vragenronde?ronde=bestaat-niet").status_code == 404
