"""Organisations register for a session, change the number or cancel; capacity holds."""

from datetime import UTC, datetime, timedelta

import time_machine

from rollout.timeutil import utcnow
from tests.conftest import sign_in
from tests.qa import add_registration, make_session, register_data, registrations, token


def org_id(factory, email: str) -> int:
    return factory.get_user(email).organisation_id


def post_registration(client, session_id: int, participants):
    page = client.get("/vragenronde").text
    return client.post(
        f"/vragenronde/{session_id}/inschrijven",
        data=register_data(page, session_id, participants),
    )


def test_an_organisation_registers_and_sees_its_registration(
    app, client, login_as, factory, current_round
):
    email = login_as("organisation", "antwerpen")
    session_id = make_session(app, capacity=10)
    response = post_registration(client, session_id, 3)
    assert response.status_code == 302
    assert registrations(app, session_id) == {org_id(factory, email): 3}
    page = client.get(response.headers["Location"]).text
    assert 'data-own-participants="3"' in page
    assert 'data-places-left="7"' in page
    assert "Aantal wijzigen" in page


def test_a_second_post_changes_the_number_instead_of_adding_a_row(
    app, client, login_as, factory, current_round
):
    email = login_as("organisation", "antwerpen")
    session_id = make_session(app, capacity=10)
    assert post_registration(client, session_id, 3).status_code == 302
    assert post_registration(client, session_id, 5).status_code == 302
    assert registrations(app, session_id) == {org_id(factory, email): 5}
    # its own earlier places do not count against it: 10 of 10 fits
    assert post_registration(client, session_id, 10).status_code == 302
    assert registrations(app, session_id) == {org_id(factory, email): 10}


def test_the_second_organisation_over_capacity_is_refused_and_nothing_is_stored(
    app, client, login_as, factory, current_round
):
    first = login_as("organisation", "antwerpen")
    session_id = make_session(app, capacity=10)
    assert post_registration(client, session_id, 7).status_code == 302

    other = app.test_client()
    second = factory.user("organisation", "limburg")
    assert sign_in(other, second).status_code == 302
    response = post_registration(other, session_id, 4)
    assert response.status_code == 200
    assert "Er zijn nog maar 3 plaatsen vrij in deze sessie; u vroeg er 4." in response.text
    assert 'value="4"' in response.text  # what was typed stays
    assert registrations(app, session_id) == {org_id(factory, first): 7}

    assert post_registration(other, session_id, 3).status_code == 302
    assert registrations(app, session_id) == {
        org_id(factory, first): 7,
        org_id(factory, second): 3,
    }
    full = post_registration(other, session_id, 4)
    assert "Er zijn nog maar 3 plaatsen vrij" in full.text
    assert registrations(app, session_id)[org_id(factory, second)] == 3


def test_a_full_session_says_so(app, client, login_as, factory, current_round):
    login_as("organisation", "antwerpen")
    session_id = make_session(app, capacity=5)
    add_registration(app, session_id, factory.organisation("limburg"), 5)
    response = post_registration(client, session_id, 1)
    assert "Deze sessie is volzet" in response.text
    assert 'data-places-left="0"' in client.get("/vragenronde").text


def test_participants_must_be_at_least_one(app, client, login_as, current_round):
    login_as("organisation", "antwerpen")
    session_id = make_session(app)
    for value, message in (("0", "Geef minstens 1 deelnemer."), ("", "Geef het aantal")):
        response = post_registration(client, session_id, value)
        assert response.status_code == 200
        assert message in response.text
    assert registrations(app, session_id) == {}


def test_registration_closes_when_the_session_has_started(
    app, client, login_as, factory, current_round
):
    email = login_as("organisation", "antwerpen")
    session_id = make_session(app, starts_at=utcnow() - timedelta(minutes=5))
    page = client.get("/vragenronde").text
    assert "inschrijvingen gesloten" in page
    assert f'action="/vragenronde/{session_id}/inschrijven"' not in page
    response = client.post(
        f"/vragenronde/{session_id}/inschrijven",
        data=register_data(page, session_id, 2),
    )
    assert "De sessie is al begonnen" in response.text
    assert registrations(app, session_id) == {}
    # nor can a registration be cancelled any more
    registration_id = add_registration(app, session_id, org_id(factory, email), 2)
    client.post(
        f"/vragenronde/inschrijvingen/{registration_id}/annuleren",
        data={"csrf_token": token(page)},
    )
    assert registrations(app, session_id) == {org_id(factory, email): 2}


def test_the_closing_moment_is_the_start_in_utc(app, client, login_as, seeded):
    """10:00 in Brussels on 4 May 2021 is 08:00 UTC: open at 07:59 UTC, closed at 08:00."""
    start = datetime(2021, 5, 4, 8, 0, tzinfo=UTC)
    session_id = make_session(app, rollout="2021-2022", starts_at=start)
    with time_machine.travel(start - timedelta(minutes=1), tick=False):
        login_as("organisation", "antwerpen")
        assert post_registration(client, session_id, 2).status_code == 302
    with time_machine.travel(start, tick=False):
        response = post_registration(client, session_id, 3)
        assert "De sessie is al begonnen" in response.text
    assert list(registrations(app, session_id).values()) == [2]


def test_an_organisation_cancels_its_own_registration(
    app, client, login_as, factory, current_round
):
    login_as("organisation", "antwerpen")
    session_id = make_session(app)
    post_registration(client, session_id, 4)
    page = client.get("/vragenronde").text
    assert "Inschrijving annuleren" in page
    registration_id = page.split("/vragenronde/inschrijvingen/")[1].split("/")[0]
    response = client.post(
        f"/vragenronde/inschrijvingen/{registration_id}/annuleren",
        data={"csrf_token": token(page)},
    )
    assert response.status_code == 302
    assert registrations(app, session_id) == {}
    assert "is geannuleerd" in client.get(response.headers["Location"]).text


def test_an_organisation_cannot_cancel_another_organisations_registration(
    app, client, login_as, factory, current_round
):
    login_as("organisation", "antwerpen")
    session_id = make_session(app)
    other = factory.organisation("antwerpen", "Andere Voorziening")
    guessed = add_registration(app, session_id, other, 3)
    page = client.get("/vragenronde").text
    assert "Andere Voorziening" not in page
    response = client.post(
        f"/vragenronde/inschrijvingen/{guessed}/annuleren", data={"csrf_token": token(page)}
    )
    assert response.status_code == 404
    assert registrations(app, session_id) == {other: 3}


def test_a_lead_may_cancel_any_registration(app, client, login_as, factory, current_round):
    login_as("lead")
    session_id = make_session(app)
    registration_id = add_registration(app, session_id, factory.organisation("limburg"), 3)
    page = client.get("/vragenronde").text
    response = client.post(
        f"/vragenronde/inschrijvingen/{registration_id}/annuleren",
        data={"csrf_token": token(page)},
    )
    assert response.status_code == 302
    assert registrations(app, session_id) == {}
