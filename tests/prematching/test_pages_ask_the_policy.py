"""The pages offer a step exactly when the policy allows it: who sees the reopen, withdraw,
interview, publish and deactivate controls, and the words a page says to the applicant."""

import re
from datetime import UTC, datetime

from rollout.applications import services
from rollout.applications.models import Application
from rollout.extensions import db
from tests.conftest import csrf_token, sign_in
from tests.factories import start
from tests.prematching.test_views import client_for, decide, publish, to_interview


def breadcrumb(page: str) -> str:
    return re.search(r'<nav aria-label="Kruimelpad".*?</nav>', page, re.S).group(0)


def history(page: str) -> str:
    return re.search(r'<ul class="list-unstyled small" id="historiek">.*?</ul>', page, re.S).group(
        0
    )


def withdraw(app, application_id: int) -> None:
    with app.app_context():
        application = db.session.get(Application, application_id)
        services.withdraw(db.session, application, "Toch niet", None, datetime.now(UTC))
        db.session.commit()


def test_an_application_page_offers_what_each_role_may_do(app, factory, candidates):
    eik = candidates["Eik"]
    lead = client_for(app, factory, "lead")
    service = client_for(app, factory, "service")
    organisation = app.test_client()
    sign_in(organisation, factory.user("organisation", organisation_id=candidates["Eik-org"]))
    reopen = f'href="/aanmeldingen/{eik}/heropenen"'
    listing = 'href="/aanmeldingen?ronde='

    page = lead.get(f"/aanmeldingen/{eik}").text
    assert reopen in page and listing in breadcrumb(page)
    assert "Aanmeldingsfiche intrekken" in page  # a lead may withdraw it for the organisation
    assert "Voldaan" in page  # the organisation's own verdict on a requirement, by its label
    assert "Ingediend" in history(page)
    page = service.get(f"/aanmeldingen/{eik}").text
    assert reopen not in page and listing in breadcrumb(page)
    assert "Aanmeldingsfiche intrekken" not in page
    page = organisation.get(f"/aanmeldingen/{eik}").text
    assert reopen not in page and listing not in breadcrumb(page)
    assert "Aanmeldingsfiche intrekken" in page
    # a submitted application is frozen: the applicant is told who reopens it, a lead is not
    assert "om ze te heropenen" in organisation.get(f"/aanmeldingen/{eik}/visie").text
    assert "om ze te heropenen" not in lead.get(f"/aanmeldingen/{eik}/visie").text

    withdraw(app, eik)
    page = organisation.get(f"/aanmeldingen/{eik}").text
    assert "Aanmeldingsfiche intrekken" not in page and "Ingetrokken" in history(page)
    assert reopen in lead.get(f"/aanmeldingen/{eik}").text  # a withdrawn one is reopened too

    draft = start(app, factory.organisation("antwerpen", "Voorziening Wacht"))
    page = lead.get(f"/aanmeldingen/{draft}").text
    assert f'href="/aanmeldingen/{draft}/heropenen"' not in page  # a draft is open already
    assert "wacht nog op goedkeuring" not in page  # said to the applicant only


def test_the_matching_page_offers_the_interview_and_the_publication_when_due(
    app, factory, candidates
):
    lead = client_for(app, factory, "lead")
    service = client_for(app, factory, "service")
    interview = f'href="/aanmeldingen/{candidates["Eik"]}/gesprek"'

    assert interview not in lead.get("/matching/antwerpen").text  # no verdict on paper yet
    with app.app_context():
        to_interview(candidates["Eik"])
    page = lead.get("/matching/antwerpen").text
    assert interview in page and "Gesprek plannen" in page
    assert f'href="/aanmeldingen/{candidates["Beuk"]}/gesprek"' not in page
    assert interview not in service.get("/matching/antwerpen").text

    assert decide(lead, candidates["Eik"]).status_code == 302
    assert 'id="publiceren"' in lead.get("/matching/antwerpen").text
    publish(lead)
    assert 'id="publiceren"' not in lead.get("/matching/antwerpen").text  # published once
    assert 'id="publiceren"' not in service.get("/matching/antwerpen").text


def test_a_lead_deactivates_others_but_never_themselves(app, client, factory, login_as):
    login_as("lead", email="ik@example.org")
    other = factory.get_user(factory.user("lead", email="ander@example.org")).id
    gone = factory.get_user(factory.user("lead", email="weg@example.org")).id
    me = factory.get_user("ik@example.org").id
    token = csrf_token(client.get("/gebruikers").text)
    client.post(f"/gebruikers/{gone}/deactiveren", data={"csrf_token": token})
    page = client.get("/gebruikers").text
    assert f"/gebruikers/{other}/deactiveren" in page
    assert f"/gebruikers/{me}/deactiveren" not in page
    assert f"/gebruikers/{me}/activeren" not in page
    assert f"/gebruikers/{gone}/activeren" in page
    assert f"/gebruikers/{gone}/deactiveren" not in page
