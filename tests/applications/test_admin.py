"""The lead's list of applications, its exports, and organisations signing up."""

import csv
import io
import re
from datetime import datetime

from openpyxl import load_workbook
from sqlalchemy import select

from rollout.applications.models import Application
from rollout.auth.models import Organisation, User
from rollout.extensions import db
from tests.conftest import csrf_token, sign_in
from tests.factories import start


def three_applications(app, factory):
    """Submitted in Antwerpen, a draft in Antwerpen, submitted in West-Vlaanderen."""
    return {
        name: factory.application(province, name, submitted=submitted).application_id
        for name, province, submitted in (
            ("Eik", "antwerpen", True),
            ("Beuk", "antwerpen", False),
            ("Linde", "west-vlaanderen", True),
        )
    }


def test_the_lead_list_filters_and_counts(app, client, login_as, factory, current_round):
    login_as("lead")
    ids = three_applications(app, factory)
    page = client.get("/aanmeldingen").text
    assert all(f'data-application="{i}"' in page for i in ids.values())
    counts = page[page.index('id="tellingen"') :]
    antwerpen = counts[counts.index('data-province="antwerpen"') :].split("</tr>")[0]
    assert re.search(r'data-status="submitted">1<', antwerpen)
    assert re.search(r'data-status="draft">1<', antwerpen)
    only = client.get("/aanmeldingen?provincie=antwerpen&status=submitted").text
    assert f'data-application="{ids["Eik"]}"' in only
    assert f'data-application="{ids["Beuk"]}"' not in only
    assert f'data-application="{ids["Linde"]}"' not in only
    assert f'href="/aanmeldingen/{ids["Eik"]}"' in only  # each row links to its page


def test_exports_hold_what_the_list_shows(app, client, login_as, factory, current_round):
    login_as("lead")
    ids = three_applications(app, factory)
    csv_text = (
        client.get("/aanmeldingen/export.csv?status=submitted").get_data().decode("utf-8-sig")
    )
    lines = csv_text.strip().split("\r\n")
    assert lines[0].startswith("Organisatie;Provincie;Status;Ingediend op (Belgische tijd)")
    assert len(lines) == 3
    assert any(line.startswith("Voorziening Eik;Antwerpen;Ingediend;") for line in lines)
    # a moment reads as on the pages: "1 sep 2021 11:00" (issue 9, point 15)
    eik = next(line for line in lines if line.startswith("Voorziening Eik")).split(";")
    assert re.fullmatch(r"\d{1,2} [a-z]{3} \d{4} \d{2}:\d{2}", eik[3]), eik[3]
    assert re.fullmatch(r"\d{1,2} [a-z]{3} \d{4} 23:59", eik[7]), eik[7]
    assert f"/aanmeldingen/{ids['Linde']}" in csv_text
    assert "Voorziening Beuk" not in csv_text

    response = client.get("/aanmeldingen/export.xlsx")
    assert response.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Organisatie", "Provincie", "Status")
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Voorziening Beuk"][2] == "Concept"
    assert by_name["Voorziening Linde"][1] == "West-Vlaanderen"
    assert by_name["Voorziening Eik"][4] == "" or by_name["Voorziening Eik"][4] is None
    # moments are date cells (sortable) that read like the pages
    assert isinstance(by_name["Voorziening Eik"][3], datetime)
    deadline = by_name["Voorziening Eik"][7]
    assert (deadline.hour, deadline.minute) == (23, 59)  # Belgian wall-clock time
    assert sheet.cell(row=2, column=8).number_format == "d mmm yyyy hh:mm"
    assert sheet.cell(row=2, column=9).hyperlink is not None


def test_exports_never_hold_a_formula(app, client, login_as, factory, current_round):
    login_as("lead")
    organisation_id = factory.organisation("antwerpen", "Gewoon")
    with app.app_context():
        organisation = db.session.get(Organisation, organisation_id)
        organisation.name = '=HYPERLINK("http://evil.example","klik")'
        db.session.commit()
    application_id = start(app, organisation_id)
    with app.app_context():
        application = db.session.get(Application, application_id)
        application.contact_name = "+32 11 00 00 00"
        db.session.commit()
    csv_text = client.get("/aanmeldingen/export.csv").get_data().decode("utf-8-sig")
    (row,) = list(csv.reader(io.StringIO(csv_text), delimiter=";"))[1:]
    assert row[0].startswith("'=HYPERLINK") and row[5] == "'+32 11 00 00 00"
    sheet = load_workbook(io.BytesIO(client.get("/aanmeldingen/export.xlsx").get_data())).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    assert sheet.cell(row=2, column=1).value.startswith("'=HYPERLINK")


def test_only_leads_export(client, login_as):
    login_as("organisation")
    assert client.get("/aanmeldingen/export.xlsx").status_code == 403
    assert client.get("/aanmeldingen/export.csv").status_code == 403


def test_an_organisation_signs_up_verifies_and_is_approved(app, client, seeded, factory):
    page = client.get("/registreren").text
    with app.app_context():
        from rollout.plan.models import Province

        limburg = db.session.scalar(select(Province.id).where(Province.slug == "limburg"))
    form = {
        "csrf_token": csrf_token(page),
        "organisation_name": "De Kastanje",
        "province": str(limburg),
        "address": "Bosstraat 9, 3500 Hasselt",
        "contact_name": "Karel Kastanje",
        "email": "Karel@Kastanje.be",
        "new_password": "een lang genoeg wachtwoord",
        "confirm": "een lang genoeg wachtwoord",
    }
    short = client.post("/registreren", data={**form, "confirm": "anders"})
    assert "De twee wachtwoorden zijn niet gelijk." in short.text
    assert 'value="De Kastanje"' in short.text
    done = client.post("/registreren", data=form)
    assert "We stuurden een e-mail naar <strong>karel@kastanje.be</strong>" in done.text
    link = re.search(
        r"http://localhost(/registreren/bevestigen/\S+)", app.extensions["mailman"].outbox[-1].body
    ).group(1)

    # before verifying: the right password is not enough
    refused = sign_in(client, "karel@kastanje.be", "een lang genoeg wachtwoord")
    assert "Bevestig eerst uw e-mailadres" in refused.text
    assert client.get(link).status_code == 302
    assert sign_in(client, "karel@kastanje.be", "een lang genoeg wachtwoord").status_code == 302
    home = client.get("/mijn-organisatie").text
    assert "wacht op goedkeuring" in home

    lead = app.test_client()
    sign_in(lead, factory.user("lead"))
    listing = lead.get("/organisaties").text
    assert "De Kastanje" in listing and "zelf geregistreerd" in listing
    with app.app_context():
        organisation = db.session.scalar(
            select(Organisation).where(Organisation.name == "De Kastanje")
        )
        organisation_id = organisation.id
        assert organisation.province.slug == "limburg"
    lead.post(
        f"/organisaties/{organisation_id}/goedkeuren", data={"csrf_token": csrf_token(listing)}
    )
    assert "wacht op goedkeuring" not in client.get("/mijn-organisatie").text
    assert (
        client.post(
            f"/organisaties/{organisation_id}/goedkeuren", data={"csrf_token": csrf_token(home)}
        ).status_code
        == 403
    )


def test_an_organisation_invites_a_colleague(app, client, applicant):
    page = client.get("/mijn-organisatie").text
    response = client.post(
        "/mijn-organisatie",
        data={
            "csrf_token": csrf_token(page),
            "email": "collega@eik.example.org",
            "name": "Collega",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        colleague = db.session.scalar(select(User).where(User.email == "collega@eik.example.org"))
        assert colleague.organisation_id == applicant.organisation_id
    assert app.extensions["mailman"].outbox[-1].to == ["collega@eik.example.org"]
