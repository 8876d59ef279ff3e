"""Who may do what in the Q&A round: every route against every role, and who sees which
registrations."""

import pytest

from tests.conftest import csrf_token
from tests.qa import add_registration, get_session, make_session, registrations, token

ROLES = ["lead", "organisation", "service"]


@pytest.fixture
def session_id(app, current_round) -> int:
    return make_session(app, capacity=20)


# (method, path, roles allowed, refusal for the others); {id} is a session of the round
ROUTES = [
    ("GET", "/vragenronde", set(ROLES), None),
    ("GET", "/vragenronde?ronde=2021-2022", set(ROLES), None),
    ("GET", "/vragenronde/{id}.ics", set(ROLES), None),
    ("GET", "/vragenronde/nieuw", {"lead"}, 403),
    ("GET", "/vragenronde/{id}/bewerken", {"lead"}, 403),
    ("GET", "/vragenronde/{id}/verwijderen", {"lead"}, 403),
    ("GET", "/vragenronde/{id}/inschrijven", {"organisation"}, 403),
]


@pytest.mark.parametrize(("method", "path", "allowed", "refusal"), ROUTES)
@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(client, login_as, session_id, role, method, path, allowed, refusal):
    login_as(role, "antwerpen")
    response = client.open(path.format(id=session_id), method=method)
    if role in allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == refusal
        assert "Geen toegang" in response.text


@pytest.mark.parametrize(("method", "path", "allowed", "refusal"), ROUTES)
def test_signed_out_users_are_sent_to_sign_in(client, session_id, method, path, allowed, refusal):
    response = client.open(path.format(id=session_id), method=method)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_an_unknown_session_is_a_404(client, login_as, current_round):
    login_as("lead")
    assert client.get("/vragenronde/999999/bewerken").status_code == 404
    assert client.get("/vragenronde/999999.ics").status_code == 404


@pytest.mark.parametrize("role", ["organisation", "service"])
def test_only_leads_add_edit_or_delete_sessions(app, client, login_as, session_id, role):
    login_as(role, "antwerpen")
    csrf = csrf_token(client.get("/account").text)
    data = {
        "csrf_token": csrf,
        "title": "Gekaapt",
        "day": "2030-01-01",
        "starts": "10:00",
        "ends": "11:00",
        "online_link": "https://example.org",
        "capacity": "5",
        "confirm": "y",
    }
    assert client.post("/vragenronde/nieuw", data=data).status_code == 403
    assert client.post(f"/vragenronde/{session_id}/bewerken", data=data).status_code == 403
    assert client.post(f"/vragenronde/{session_id}/verwijderen", data=data).status_code == 403
    stored = get_session(app, session_id)
    assert stored is not None and stored.title == "Vragenronde" and stored.capacity == 20
    page = client.get("/vragenronde").text
    assert "Sessie toevoegen" not in page and "Bewerken" not in page


@pytest.mark.parametrize("role", ["lead", "service"])
def test_only_organisation_members_register(app, client, login_as, session_id, role):
    login_as(role, "antwerpen")
    page = client.get("/vragenronde").text
    assert f'action="/vragenronde/{session_id}/inschrijven"' not in page
    prefix = f"sessie-{session_id}-"
    data = {f"{prefix}csrf_token": token(page), f"{prefix}participants": "2"}
    assert client.post(f"/vragenronde/{session_id}/inschrijven", data=data).status_code == 403
    assert registrations(app, session_id) == {}


def test_the_lead_sees_every_registration_with_its_province_and_the_total(
    app, client, login_as, factory, session_id
):
    add_registration(app, session_id, factory.organisation("antwerpen", "Voorziening Een"), 3)
    add_registration(app, session_id, factory.organisation("limburg", "Voorziening Twee"), 4)
    login_as("lead")
    page = client.get("/vragenronde").text
    table = page[page.index(f'data-registrations="{session_id}"') :]
    assert "Voorziening Een" in table and "Antwerpen" in table
    assert "Voorziening Twee" in table and "Limburg" in table
    assert 'data-total="7"' in table
    assert 'data-places-left="13"' in page
    assert "Sessie toevoegen" in page and f"/vragenronde/{session_id}/bewerken" in page


def test_a_service_sees_only_the_registrations_of_its_own_province_read_only(
    app, client, login_as, factory, session_id
):
    add_registration(app, session_id, factory.organisation("antwerpen", "Voorziening Een"), 3)
    add_registration(app, session_id, factory.organisation("limburg", "Voorziening Twee"), 4)
    login_as("service", "antwerpen")
    page = client.get("/vragenronde").text
    assert "Voorziening Een" in page
    assert "Voorziening Twee" not in page
    assert 'data-total="3"' in page
    assert 'data-places-left="13"' in page  # the places count every registration
    assert "annuleren" not in page
    assert "/inschrijven" not in page


def test_an_organisation_sees_only_its_own_registration(app, client, login_as, factory, session_id):
    add_registration(app, session_id, factory.organisation("antwerpen", "Voorziening Een"), 3)
    email = login_as("organisation", "antwerpen")
    add_registration(app, session_id, factory.get_user(email).organisation_id, 2)
    page = client.get("/vragenronde").text
    assert "Voorziening Een" not in page
    assert 'data-own-participants="2"' in page
    assert 'data-places-left="15"' in page


def test_an_organisation_waiting_for_approval_reads_but_does_not_register_or_see_links(
    app, client, login_as, factory, session_id
):
    """Issue 15, point 9: until a lead approves its sign-up, an organisation may fill in its
    draft and read the plan, nothing more: no places taken, no online links, no invitations."""
    waiting = factory.organisation("antwerpen", "Nieuw Huis", approved=False)
    login_as("organisation", "antwerpen", organisation_id=waiting)
    page = client.get("/vragenronde")
    assert page.status_code == 200
    assert "wacht op goedkeuring" in page.text
    assert get_session(app, session_id).online_link not in page.text
    assert client.get(f"/vragenronde/{session_id}.ics").status_code == 403
    assert client.get(f"/vragenronde/{session_id}/inschrijven").status_code in (403, 404)
    response = client.post(
        f"/vragenronde/{session_id}/inschrijven",
        data={"csrf_token": csrf_token(page.text), f"sessie-{session_id}-participants": "3"},
    )
    assert response.status_code in (403, 404)
    assert not registrations(app, session_id)
    home = client.get("/mijn-organisatie").text
    assert "collega's uitnodigen kan na de goedkeuring" in home
    assert 'name="email"' not in home  # no form to invite colleagues
