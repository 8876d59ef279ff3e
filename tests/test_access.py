"""Every route against every role: allowed, refused (403/404), or sent to sign in."""

import pytest

from tests.conftest import csrf_token

# (method, path, who may: roles allowed; the others get the given refusal)
ROUTES = [
    ("GET", "/", {"lead", "organisation", "service"}, None),
    ("GET", "/plan", {"lead", "organisation", "service"}, None),
    ("GET", "/plan?ronde=2021-2022", {"lead", "organisation", "service"}, None),
    ("GET", "/provinces/antwerpen", {"lead", "organisation", "service"}, None),
    ("GET", "/provinces/limburg", {"lead"}, 403),
    ("GET", "/gebruikers", {"lead"}, 403),
    ("GET", "/account", {"lead", "organisation", "service"}, None),
]


@pytest.mark.parametrize(("method", "path", "allowed", "refusal"), ROUTES)
@pytest.mark.parametrize("role", ["lead", "organisation", "service"])
def test_role_matrix(client, login_as, role, method, path, allowed, refusal):
    login_as(role, "antwerpen")
    response = client.open(path, method=method)
    if role in allowed:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert "/login" not in response.headers["Location"]
    else:
        assert response.status_code == refusal
        assert "Geen toegang" in response.text


@pytest.mark.parametrize(("method", "path", "allowed", "refusal"), ROUTES)
def test_signed_out_users_are_sent_to_sign_in(client, seeded, method, path, allowed, refusal):
    response = client.open(path, method=method)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["organisation", "service"])
@pytest.mark.parametrize("action", ["deactiveren", "activeren", "uitnodigen"])
def test_only_leads_manage_users(client, login_as, factory, role, action):
    login_as(role)
    target = factory.get_user(factory.user("lead", email="someone@example.org")).id
    token = csrf_token(client.get("/account").text)
    response = client.post(f"/gebruikers/{target}/{action}", data={"csrf_token": token})
    assert response.status_code == 403
    token = csrf_token(client.get("/account").text)
    invite = client.post(
        "/gebruikers", data={"csrf_token": token, "email": "x@example.org", "role": "lead"}
    )
    assert invite.status_code == 403


def test_home_sends_each_role_to_its_place(client, login_as):
    login_as("organisation", "oost-vlaanderen")
    assert client.get("/").headers["Location"] == "/mijn-organisatie"
    page = client.get("/mijn-organisatie").text
    assert 'href="/aanmeldingsfiche"' in page and "Aanmeldingsfiche" in page


def test_service_home_is_its_province(client, login_as):
    login_as("service", "west-vlaanderen")
    assert client.get("/").headers["Location"] == "/provinces/west-vlaanderen"
    assert client.get("/provinces/west-vlaanderen").status_code == 200
    assert client.get("/provinces/antwerpen").status_code == 403


def test_an_organisation_sees_only_its_own_organisation_on_the_province_page(
    client, login_as, factory
):
    factory.organisation("antwerpen", "Andere Voorziening")
    login_as("organisation", "antwerpen")
    page = client.get("/provinces/antwerpen").text
    assert "Andere Voorziening" not in page


def test_the_service_sees_the_organisations_of_its_province(client, login_as, factory):
    factory.organisation("antwerpen", "Voorziening Een")
    factory.organisation("limburg", "Voorziening Limburg")
    login_as("service", "antwerpen")
    page = client.get("/provinces/antwerpen").text
    assert "Voorziening Een" in page
    assert "Voorziening Limburg" not in page


def test_unknown_pages_are_a_dutch_404(client, login_as):
    login_as("lead")
    response = client.get("/provinces/nergens")
    assert response.status_code == 404
    assert "Niet gevonden" in response.text
    assert client.get("/plan?ronde=bestaat-niet").status_code == 404


def test_organisation_nav_has_no_user_management(client, login_as):
    login_as("organisation")
    page = client.get("/plan").text
    assert "Gebruikers" not in page
    assert "Mijn provincie" in page
