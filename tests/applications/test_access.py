"""Who sees which application and attachment: never another organisation's, a foster-care
service only the submitted ones of its own province."""

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from rollout.applications.models import Application, Attachment
from rollout.extensions import db
from tests.applications.files import docx_bytes, pdf_bytes
from tests.conftest import csrf_token, sign_in
from tests.factories import start


def upload(client, application_id, name, data):
    page = client.get(f"/aanmeldingen/{application_id}/bijlagen").text
    return client.post(
        f"/aanmeldingen/{application_id}/bijlagen",
        data={"csrf_token": csrf_token(page), "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def stored_files(app) -> list[Path]:
    return sorted(Path(app.config["UPLOAD_FOLDER"]).glob("*"))


def attachment_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Attachment.id)))


def test_an_attachment_is_stored_outside_static_and_downloadable(app, client, applicant):
    application_id = start(app, applicant.organisation_id)
    response = upload(client, application_id, "visienota.pdf", pdf_bytes())
    assert response.status_code == 302
    (stored,) = stored_files(app)
    assert "static" not in str(stored)
    assert stored.name != "visienota.pdf" and stored.suffix == ".pdf"
    page = client.get(f"/aanmeldingen/{application_id}/bijlagen").text
    assert "visienota.pdf" in page
    with app.app_context():
        attachment_id = db.session.scalar(select(Attachment.id))
    download = client.get(f"/aanmeldingen/{application_id}/bijlagen/{attachment_id}")
    assert download.get_data() == pdf_bytes()
    assert "filename=visienota.pdf" in download.headers["Content-Disposition"]


def test_a_small_attachment_shows_its_size_with_a_decimal(app, client, applicant):
    """Issue 9, point 15: a file of a few hundred bytes is "0,x kB", never "0 kB"."""
    application_id = start(app, applicant.organisation_id)
    data = pdf_bytes()
    assert 300 <= len(data) < 350
    upload(client, application_id, "kort.pdf", data)
    page = client.get(f"/aanmeldingen/{application_id}/bijlagen").text
    assert "(0,3 kB, " in page
    assert "(0 kB" not in page


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("groot.pdf", pdf_bytes() + b"0" * (10 * 1024 * 1024), "groter dan 10 MB"),
        ("virus.pdf", b"MZ\x90\x00" * 100, "Enkel PDF-, DOCX- of ODT-bestanden"),
        ("tekst.pdf", docx_bytes(), "de inhoud is een DOCX-bestand"),
    ],
    ids=["too-big", "not-a-document", "docx-named-pdf"],
)
def test_a_refused_upload_says_why_and_stores_nothing(app, client, applicant, name, data, message):
    application_id = start(app, applicant.organisation_id)
    response = upload(client, application_id, name, data)
    assert response.status_code == 200
    assert message in response.text
    assert stored_files(app) == []
    assert attachment_count(app) == 0


def test_a_request_over_the_limit_gets_a_dutch_page(app, client, applicant):
    application_id = start(app, applicant.organisation_id)
    response = upload(client, application_id, "enorm.pdf", b"0" * (26 * 1024 * 1024))
    assert response.status_code == 413
    assert "hoogstens 10 MB" in response.text
    assert stored_files(app) == []


def test_another_organisation_cannot_reach_an_application_or_its_attachment(
    app, client, applicant, factory
):
    application_id = start(app, applicant.organisation_id)
    upload(client, application_id, "visienota.pdf", pdf_bytes())
    with app.app_context():
        attachment_id = db.session.scalar(select(Attachment.id))
    other_org = factory.organisation("antwerpen", "Andere Voorziening")
    intruder = app.test_client()
    sign_in(
        intruder,
        factory.user("organisation", "antwerpen", organisation_id=other_org, email="b@example.org"),
    )
    token = csrf_token(intruder.get("/account").text)
    for path in (
        f"/aanmeldingen/{application_id}",
        f"/aanmeldingen/{application_id}/visie",
        f"/aanmeldingen/{application_id}/bijlagen",
        f"/aanmeldingen/{application_id}/indienen",
        f"/aanmeldingen/{application_id}/afdruk",
        f"/aanmeldingen/{application_id}/bijlagen/{attachment_id}",
    ):
        assert intruder.get(path).status_code == 404, path
    for path in (
        f"/aanmeldingen/{application_id}/visie",
        f"/aanmeldingen/{application_id}/intrekken",
        f"/aanmeldingen/{application_id}/bijlagen/{attachment_id}/verwijderen",
    ):
        assert intruder.post(path, data={"csrf_token": token, "version": "1"}).status_code == 404
    # and its own application cannot borrow the other's attachment id
    own = start(app, other_org)
    assert intruder.get(f"/aanmeldingen/{own}/bijlagen/{attachment_id}").status_code == 404
    assert attachment_count(app) == 1


def test_a_service_reads_the_submitted_applications_of_its_own_province(
    app, factory, seeded, current_round
):
    submitted = factory.application("antwerpen", "Ingediend").application_id
    draft = start(app, factory.organisation("antwerpen", "Voorziening Ontwerp"))

    own = app.test_client()
    sign_in(own, factory.user("service", "antwerpen"))
    assert own.get(f"/aanmeldingen/{submitted}").status_code == 200
    assert own.get(f"/aanmeldingen/{draft}").status_code == 404
    listing = own.get("/aanmeldingen?ronde=huidig").text
    assert "Voorziening Ingediend" in listing and "Voorziening Ontwerp" not in listing
    token = csrf_token(own.get("/account").text)
    for path in (f"/aanmeldingen/{submitted}/visie", f"/aanmeldingen/{submitted}/indienen"):
        response = own.post(path, data={"csrf_token": token, "version": "1", "vision_pp": "x"})
        assert response.status_code == 404, path
    with app.app_context():
        assert db.session.get(Application, submitted).vision_pp == "Onze visie."
    assert own.get("/aanmeldingen/export.csv").status_code == 403

    elsewhere = app.test_client()
    sign_in(elsewhere, factory.user("service", "limburg"))
    assert elsewhere.get(f"/aanmeldingen/{submitted}").status_code == 404
    assert "Voorziening Ingediend" not in elsewhere.get("/aanmeldingen?ronde=huidig").text


def test_organisations_go_to_their_own_application(app, client, applicant):
    assert client.get("/aanmeldingen").headers["Location"] == "/aanmeldingsfiche"
    application_id = start(app, applicant.organisation_id)
    assert client.get("/aanmeldingsfiche").headers["Location"] == f"/aanmeldingen/{application_id}"
