"""A lead corrects an organisation's name, address and contact (issue 15, point 3)."""

import pytest
from sqlalchemy import select

from rollout.auth.models import Organisation
from rollout.extensions import db
from tests.conftest import csrf_token


def edit_path(organisation_id: int) -> str:
    return f"/organisaties/{organisation_id}/wijzigen"


def fields(page: str, **changes) -> dict[str, str]:
    return {
        "csrf_token": csrf_token(page),
        "name": "Voorziening De Eik",
        "address": "Eikenlaan 3\r\n2000 Antwerpen",
        "contact_name": "Els Janssens",
        "contact_email": "Els@Eik.example.org",
        "contact_phone": "03 123 45 67",
        **changes,
    }


def organisation(app, organisation_id: int) -> Organisation:
    with app.app_context():
        found = db.session.get(Organisation, organisation_id)
        db.session.expunge(found)
        return found


def test_a_lead_corrects_an_organisations_name_and_contact(app, client, factory, login_as):
    organisation_id = factory.organisation("antwerpen", "Voorziening\r\nEik")
    login_as("lead")
    listing = client.get("/organisaties").text
    assert f'href="{edit_path(organisation_id)}"' in listing
    page = client.get(edit_path(organisation_id)).text
    response = client.post(edit_path(organisation_id), data=fields(page))
    assert response.status_code == 302 and response.headers["Location"].endswith("/organisaties")
    saved = organisation(app, organisation_id)
    assert saved.name == "Voorziening De Eik"
    assert saved.address == "Eikenlaan 3\r\n2000 Antwerpen"
    assert saved.contact_name == "Els Janssens"
    assert saved.contact_email == "els@eik.example.org"
    assert saved.contact_phone == "03 123 45 67"
    assert saved.slug == "voorziening-eik"  # its links stay
    assert "De gegevens van Voorziening De Eik zijn bewaard." in client.get("/organisaties").text


@pytest.mark.parametrize("value", ["Voorziening\r\nEik", "Voorziening\x00Eik", "Eik\t"])
def test_a_name_is_one_line(app, client, factory, login_as, value):
    organisation_id = factory.organisation("antwerpen", "Voorziening Eik")
    login_as("lead")
    page = client.get(edit_path(organisation_id)).text
    response = client.post(edit_path(organisation_id), data=fields(page, name=value))
    assert response.status_code == 200
    assert 'id="name-fout" class="invalid-feedback d-block">Dit veld bevat ongeldige tekens.' in (
        response.text
    )
    assert 'value="Els Janssens"' in response.text  # what was typed stays
    assert organisation(app, organisation_id).name == "Voorziening Eik"


def test_an_empty_name_is_refused(app, client, factory, login_as):
    organisation_id = factory.organisation("antwerpen", "Voorziening Eik")
    login_as("lead")
    page = client.get(edit_path(organisation_id)).text
    response = client.post(edit_path(organisation_id), data=fields(page, name="  "))
    assert response.status_code == 200
    assert organisation(app, organisation_id).name == "Voorziening Eik"


@pytest.mark.parametrize("role", ["organisation", "service"])
def test_only_a_lead_corrects_an_organisation(app, client, factory, login_as, role):
    organisation_id = factory.organisation("antwerpen", "Voorziening Eik")
    kwargs = {"organisation_id": organisation_id} if role == "organisation" else {}
    login_as(role, **kwargs)
    token = csrf_token(client.get("/account").text)
    assert client.get(edit_path(organisation_id)).status_code == 403
    response = client.post(edit_path(organisation_id), data={"csrf_token": token, "name": "X"})
    assert response.status_code == 403
    assert organisation(app, organisation_id).name == "Voorziening Eik"


def test_signed_out_one_is_sent_to_sign_in_and_an_unknown_organisation_is_404(
    app, client, factory, login_as
):
    organisation_id = factory.organisation("antwerpen", "Voorziening Eik")
    assert client.get(edit_path(organisation_id)).status_code == 302
    login_as("lead")
    assert client.get(edit_path(organisation_id + 999)).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(Organisation.name)) == "Voorziening Eik"
