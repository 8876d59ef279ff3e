"""An organisation whose province does not take part in a round (Limburg, the origin of P&P)
cannot start or submit an application for it, and sees why (issue 9, point 4)."""

import pytest
from sqlalchemy import func, select

from rollout.applications import services
from rollout.applications.models import Application
from rollout.applications.rules import participation_problem
from rollout.auth.models import Organisation
from rollout.extensions import db
from rollout.plan.models import Rollout
from tests.applications.conftest import status_of
from tests.conftest import csrf_token, sign_in
from tests.factories import approve, fill_complete, start, submit

NOT_TAKING_PART = "neemt niet deel aan deze ronde"


def test_the_rule_names_the_province_the_round_and_the_reason():
    assert participation_problem(True, "Antwerpen", "Huidige ronde") is None
    message = participation_problem(
        False, "Limburg", "Huidige ronde", "Oorsprong van P&P; geen nieuwe partner"
    )
    assert message.startswith("De provincie Limburg neemt niet deel aan deze ronde (Huidige")
    assert "geen aanmeldingsfiche starten of indienen" in message
    assert message.endswith("Oorsprong van P&P; geen nieuwe partner.")
    assert participation_problem(False, "Limburg", "R", "Zo is het.").endswith("Zo is het.")


def _application_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Application.id)))


def _limburg_draft(app, organisation_id: int) -> int:
    """A draft of a Limburg organisation made before the rule existed (as in old databases)."""
    with app.app_context():
        rollout = db.session.scalar(select(Rollout).where(Rollout.slug == "huidig"))
        application = Application(
            rollout=rollout, organisation=db.session.get(Organisation, organisation_id)
        )
        db.session.add(application)
        db.session.commit()
        return application.id


@pytest.fixture
def limburg(app, factory, login_as, current_round) -> int:
    """A signed-in member of an approved organisation in Limburg, like org-limburg."""
    organisation_id = factory.organisation("limburg", "Voorziening Maas")
    approve(app, organisation_id)
    login_as("organisation", "limburg", organisation_id=organisation_id)
    return organisation_id


def test_the_services_refuse_to_start_or_submit(app, limburg):
    with pytest.raises(services.ApplicationError, match=NOT_TAKING_PART):
        start(app, limburg)
    assert _application_count(app) == 0
    application_id = _limburg_draft(app, limburg)
    fill_complete(app, application_id)
    with pytest.raises(services.ApplicationError, match="Limburg"):
        submit(app, application_id)
    assert status_of(app, application_id) == "draft"


def test_the_start_page_says_why_and_offers_no_start(app, client, limburg):
    page = client.get("/aanmeldingsfiche")
    assert page.status_code == 200
    assert NOT_TAKING_PART in page.text and "Limburg" in page.text
    assert "Oorsprong van P&amp;P" in page.text  # the seed file's note on Limburg
    assert "Aanmeldingsfiche starten" not in page.text
    # a forged POST gets the reason, and nothing is created
    refused = client.post("/aanmeldingsfiche", data={"csrf_token": csrf_token(page.text)})
    assert refused.status_code == 200 and NOT_TAKING_PART in refused.text
    assert _application_count(app) == 0


def test_the_home_says_why(client, limburg):
    home = client.get("/mijn-organisatie").text
    assert NOT_TAKING_PART in home


def test_an_organisation_of_a_province_that_takes_part_sees_no_such_note(client, applicant):
    assert NOT_TAKING_PART not in client.get("/aanmeldingsfiche").text
    assert NOT_TAKING_PART not in client.get("/mijn-organisatie").text


def test_an_existing_draft_cannot_be_submitted(app, client, limburg):
    application_id = _limburg_draft(app, limburg)
    fill_complete(app, application_id)
    page = client.get(f"/aanmeldingen/{application_id}/indienen").text
    assert NOT_TAKING_PART in page
    assert 'name="submit"' not in page  # no submit button
    # a forged POST (the token of another page, the current version) gets the reason
    with app.app_context():
        version = db.session.get(Application, application_id).version
    token = csrf_token(client.get("/mijn-organisatie").text)
    refused = client.post(
        f"/aanmeldingen/{application_id}/indienen",
        data={"csrf_token": token, "version": version, "submit": "Indienen"},
    )
    assert NOT_TAKING_PART in refused.text
    assert status_of(app, application_id) == "draft"


def test_a_lead_sees_a_note_on_such_an_application(app, factory, limburg):
    application_id = _limburg_draft(app, limburg)
    client = app.test_client()
    sign_in(client, factory.user("lead", email="lead-note@example.org"))
    page = client.get(f"/aanmeldingen/{application_id}").text
    assert NOT_TAKING_PART in page
    assert "komt niet in de prematching" in page
