"""An organisation fills in its aanmeldingsfiche section by section and submits it."""

import re
from datetime import UTC, datetime

import time_machine
from sqlalchemy import select

from rollout.applications.models import Application, ApplicationVersion
from rollout.extensions import db
from tests.applications.conftest import status_of
from tests.conftest import csrf_token, sign_in
from tests.factories import approve, fill_complete, start


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}"[^>]*value="([^"]*)"', page).group(1)


def test_start_and_save_a_section_then_go_on(app, client, applicant):
    page = client.get("/aanmeldingsfiche")
    assert "Aanmeldingsfiche starten" in page.text
    response = client.post("/aanmeldingsfiche", data={"csrf_token": csrf_token(page.text)})
    assert response.status_code == 302
    path = response.headers["Location"]
    assert path.endswith("/organisatie")
    page = client.get(path).text
    assert "Opslaan en verder" in page and ">Opslaan<" in page.replace(
        'value="Opslaan"', ">Opslaan<"
    )
    response = client.post(
        path,
        data={
            "csrf_token": csrf_token(page),
            "version": hidden(page, "version"),
            "organisation_address": "Eikenlaan 3, 2000 Antwerpen",
            "contact_name": "Els Janssens",
            "contact_role": "Directeur",
            "contact_email": "els@eik.example.org",
            "save_next": "Opslaan en verder",
        },
    )
    assert response.headers["Location"].endswith("/visie")
    page = client.get(path).text
    assert 'value="Els Janssens"' in page
    assert "✓" in page  # the progress indicator marks the section complete


def test_bad_input_gets_a_dutch_message_and_keeps_what_was_typed(app, client, applicant):
    application_id = start(app, applicant.organisation_id)
    path = f"/aanmeldingen/{application_id}/organisatie"
    page = client.get(path).text
    response = client.post(
        path,
        data={
            "csrf_token": csrf_token(page),
            "version": hidden(page, "version"),
            "contact_name": "Els Janssens",
            "contact_email": "geen-adres",
            "save": "Opslaan",
        },
    )
    assert response.status_code == 200
    assert "Geef een geldig e-mailadres." in response.text
    assert 'value="Els Janssens"' in response.text
    with app.app_context():
        assert db.session.get(Application, application_id).contact_name == ""  # nothing saved


def test_hours_out_of_range_are_refused_at_the_field(app, client, applicant):
    application_id = start(app, applicant.organisation_id)
    path = f"/aanmeldingen/{application_id}/bezetting"
    page = client.get(path).text
    response = client.post(
        path,
        data={
            "csrf_token": csrf_token(page),
            "version": hidden(page, "version"),
            "start_coordinator": "41",
            "save": "Opslaan",
        },
    )
    assert "Geef een aantal uren tussen 0 en 40." in response.text
    assert 'value="41"' in response.text


def test_the_staffing_rule_is_checked_as_they_type(app, client, applicant):
    application_id = start(app, applicant.organisation_id)
    page = client.get(f"/aanmeldingen/{application_id}/bezetting").text
    assert 'id="bezetting-controle"' in page
    response = client.post(
        f"/aanmeldingen/{application_id}/bezetting/controle",
        data={
            "csrf_token": csrf_token(page),
            "start_coordinator": "7.5",
            "start_pp_counsellor": "8",
            "trajectories_pp_counsellor": "18",
        },
    )
    assert response.status_code == 200
    assert (
        "Inhoudelijke coördinator: 7,5 uur per week, 0,5 uur te weinig (minstens 8)."
        in response.text
    )
    assert "P&amp;P-begeleider: 18 uur per week, 1 uur te weinig (minstens 19)." in response.text
    assert "Ouderbegeleider ontbreekt" in response.text


def test_an_incomplete_application_is_not_submitted_and_says_what_is_missing(
    app, client, applicant
):
    application_id = start(app, applicant.organisation_id)
    page = client.get(f"/aanmeldingen/{application_id}/indienen").text
    response = client.post(
        f"/aanmeldingen/{application_id}/indienen",
        data={"csrf_token": csrf_token(page), "version": hidden(page, "version")},
    )
    assert response.status_code == 200
    assert "Nog niet alles is ingevuld" in response.text
    assert "controle=1" in response.text
    assert status_of(app, application_id) == "draft"
    # following the link shows the error at the field
    section = client.get(f"/aanmeldingen/{application_id}/inhoud?controle=1").text
    assert "Beschrijf hoe u dit invult." in section
    assert "Kies een antwoord." in section


def test_each_missing_answer_names_its_field_and_links_to_it(app, client, applicant):
    """Issue 9, point 14: not "Organisatie: Dit veld is verplicht" six times over."""
    application_id = start(app, applicant.organisation_id)
    page = client.get(f"/aanmeldingen/{application_id}/indienen").text
    base = f"/aanmeldingen/{application_id}"
    expected = [
        ("organisatie", "organisation_address", "Adres van de organisatie"),
        ("visie", "vision_cooperation", "Hoe ziet uw organisatie de samenwerking met de"),
        ("inhoud", "verdict_multidisciplinair", "Multidisciplinair werken: Voldoet uw"),
        ("inhoud", "how_fallback", "Fallbackbeleid: Hoe vult uw organisatie dit in?"),
        ("inhoud", "q_fallback_1", "Fallbackbeleid: Waar kan een kind of jongere in crisis"),
        ("bezetting", "person_parent_counsellor", "Ouderbegeleider: naam"),
        ("bezetting", "trajectories_pp_counsellor", "P&amp;P-begeleider: uren per week vanaf"),
    ]
    for section, field, label in expected:
        link = re.search(rf'<a href="{base}/{section}\?controle=1#{field}">([^<]*)</a>', page)
        assert link, (section, field)
        assert link.group(1).startswith(label)
        # the anchor exists on the section's page
        assert f'id="{field}"' in client.get(f"{base}/{section}?controle=1").text
    assert f'href="{base}/bezetting#controle-titel"' in page
    assert "?</a>." not in page  # a question ends its own sentence


def test_submitting_freezes_the_application(app, client, applicant):
    application_id = start(app, applicant.organisation_id)
    fill_complete(app, application_id)
    page = client.get(f"/aanmeldingen/{application_id}/indienen").text
    assert 'value="Indienen"' in page
    response = client.post(
        f"/aanmeldingen/{application_id}/indienen",
        data={"csrf_token": csrf_token(page), "version": hidden(page, "version")},
    )
    assert response.headers["Location"].endswith(f"/aanmeldingen/{application_id}/bevestiging")
    confirmation = client.get(response.headers["Location"]).text
    assert "Uw aanmeldingsfiche is ingediend" in confirmation
    # one format for a moment, one name for the time zone (issue 9, point 15)
    assert re.search(
        r"<strong>\d{1,2} [a-z]{3} \d{4} \d{2}:\d{2}</strong> \(Belgische tijd\)", confirmation
    )
    assert status_of(app, application_id) == "submitted"
    section = client.get(f"/aanmeldingen/{application_id}/visie").text
    assert "<fieldset disabled>" in section and "Opslaan en verder" not in section
    refused = client.post(
        f"/aanmeldingen/{application_id}/visie",
        data={
            "csrf_token": csrf_token(section),
            "version": "99",
            "vision_pp": "x",
            "save": "Opslaan",
        },
    )
    assert refused.status_code == 404
    printable = client.get(f"/aanmeldingen/{application_id}/afdruk").text
    assert "Zo doen we dat." in printable and "Ingediend" in printable
    css = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', printable).group(1)
    assert "@media print" in client.get(css).get_data(as_text=True)


def test_an_unapproved_organisation_fills_in_but_cannot_submit(
    app, client, factory, login_as, current_round
):
    organisation_id = factory.organisation("antwerpen", "Nieuwe Voorziening", approved=False)
    login_as("organisation", "antwerpen", organisation_id=organisation_id)
    application_id = start(app, organisation_id)
    fill_complete(app, application_id)
    page = client.get(f"/aanmeldingen/{application_id}/indienen").text
    response = client.post(
        f"/aanmeldingen/{application_id}/indienen",
        data={"csrf_token": csrf_token(page), "version": hidden(page, "version")},
    )
    assert "wacht nog op goedkeuring" in response.text
    assert status_of(app, application_id) == "draft"
    approve(app, organisation_id)
    page = client.get(f"/aanmeldingen/{application_id}/indienen").text
    client.post(
        f"/aanmeldingen/{application_id}/indienen",
        data={"csrf_token": csrf_token(page), "version": hidden(page, "version")},
    )
    assert status_of(app, application_id) == "submitted"


def test_two_tabs_the_second_save_is_a_conflict_and_loses_nothing(app, client, applicant):
    application_id = start(app, applicant.organisation_id)
    path = f"/aanmeldingen/{application_id}/visie"
    first_tab = client.get(path).text
    second_tab = client.get(path).text
    client.post(
        path,
        data={
            "csrf_token": csrf_token(first_tab),
            "version": hidden(first_tab, "version"),
            "vision_pp": "Tekst van het eerste tabblad",
            "save": "Opslaan",
        },
    )
    response = client.post(
        path,
        data={
            "csrf_token": csrf_token(second_tab),
            "version": hidden(second_tab, "version"),
            "vision_pp": "Tekst van het tweede tabblad",
            "save": "Opslaan",
        },
    )
    assert response.status_code == 200
    assert "werd intussen elders opgeslagen" in response.text
    assert "Tekst van het tweede tabblad" in response.text  # kept in the form
    assert "Tekst van het eerste tabblad" in response.text  # the saved version shown
    with app.app_context():
        assert (
            db.session.get(Application, application_id).vision_pp == "Tekst van het eerste tabblad"
        )
    # saving again, deliberately, now goes through
    again = client.post(
        path,
        data={
            "csrf_token": csrf_token(response.text),
            "version": hidden(response.text, "version"),
            "vision_pp": "Tekst van het tweede tabblad",
            "save": "Opslaan",
        },
    )
    assert again.status_code == 302


def test_every_save_keeps_a_version(app, client, applicant, factory):
    application_id = start(app, applicant.organisation_id)
    fill_complete(app, application_id)
    with app.app_context():
        sections = db.session.scalars(
            select(ApplicationVersion.section)
            .where(ApplicationVersion.application_id == application_id)
            .order_by(ApplicationVersion.number)
        ).all()
    assert sections == ["gestart", "organisatie", "visie", "inhoud", "bezetting"]


def brussels(*args):
    from rollout.timeutil import BRUSSELS

    return datetime(*args, tzinfo=BRUSSELS).astimezone(UTC)


def _submit_at(app, email, application_id, moment):
    """Sign in and submit at `moment` (a session signed later would not be valid then)."""
    client = app.test_client()
    with time_machine.travel(moment, tick=False):
        assert sign_in(client, email).status_code == 302
        page = client.get(f"/aanmeldingen/{application_id}/indienen").text
        with app.app_context():  # after the deadline the page offers no form: post anyway
            version = db.session.get(Application, application_id).version
        response = client.post(
            f"/aanmeldingen/{application_id}/indienen",
            data={"csrf_token": csrf_token(page), "version": version},
        )
        return client, response


def test_the_deadline_at_its_edges(app, factory, seeded):
    on_time = factory.organisation("antwerpen", "Op Tijd")
    late = factory.organisation("west-vlaanderen", "Te Laat")
    for organisation_id in (on_time, late):
        approve(app, organisation_id)
    first = start(app, on_time, "2021-2022")
    second = start(app, late, "2021-2022")
    fill_complete(app, first)
    fill_complete(app, second)
    first_email = factory.user("organisation", "antwerpen", organisation_id=on_time)
    second_email = factory.user("organisation", "west-vlaanderen", organisation_id=late)

    _submit_at(app, first_email, first, brussels(2021, 5, 21, 23, 59, 59))
    assert status_of(app, first) == "submitted"

    client, response = _submit_at(app, second_email, second, brussels(2021, 5, 22, 0, 0, 0))
    assert "De deadline om in te dienen is voorbij" in response.text
    assert status_of(app, second) == "draft"
    with time_machine.travel(brussels(2021, 5, 22, 0, 0, 1), tick=False):
        page = client.get(f"/aanmeldingen/{second}/indienen").text
        assert "de deadline is voorbij" in page
        assert 'value="Indienen"' not in page

    # a lead grants an extension until 28 May, noon
    lead = app.test_client()
    with time_machine.travel(brussels(2021, 5, 24, 9, 0), tick=False):
        sign_in(lead, factory.user("lead", email="lead@example.org"))
        page = lead.get(f"/aanmeldingen/{second}/uitstel").text
        response = lead.post(
            f"/aanmeldingen/{second}/uitstel",
            data={
                "csrf_token": csrf_token(page),
                "until": "2021-05-28T12:00",
                "reason": "Ziekte directeur",
            },
        )
        assert response.status_code == 302
        history = lead.get(f"/aanmeldingen/{second}").text
        assert "Uitstel verleend" in history and "Ziekte directeur" in history
    _submit_at(app, second_email, second, brussels(2021, 5, 28, 12, 0, 1))
    assert status_of(app, second) == "draft"  # the extension ended at noon
    _submit_at(app, second_email, second, brussels(2021, 5, 28, 11, 59, 59))
    assert status_of(app, second) == "submitted"


def submit_via_form(client, application_id):
    page = client.get(f"/aanmeldingen/{application_id}/indienen").text
    return client.post(
        f"/aanmeldingen/{application_id}/indienen",
        data={"csrf_token": csrf_token(page), "version": hidden(page, "version")},
    )


def test_a_lead_reopens_with_a_reason(app, client, applicant, factory):
    application_id = start(app, applicant.organisation_id)
    fill_complete(app, application_id)
    submit_via_form(client, application_id)
    lead = app.test_client()
    sign_in(lead, factory.user("lead", email="lead@example.org"))
    page = lead.get(f"/aanmeldingen/{application_id}/heropenen").text
    refused = lead.post(
        f"/aanmeldingen/{application_id}/heropenen",
        data={"csrf_token": csrf_token(page), "reason": ""},
    )
    assert "Geef een reden om de aanmeldingsfiche te heropenen." in refused.text
    assert status_of(app, application_id) == "submitted"
    lead.post(
        f"/aanmeldingen/{application_id}/heropenen",
        data={"csrf_token": csrf_token(page), "reason": "Bezetting aanpassen"},
    )
    assert status_of(app, application_id) == "draft"
    assert "Bezetting aanpassen" in lead.get(f"/aanmeldingen/{application_id}").text
    versions = lead.get(f"/aanmeldingen/{application_id}/versies").text
    assert "heropend" in versions and "vision_pp" in versions
    assert client.get(f"/aanmeldingen/{application_id}/versies").status_code == 403
    # the organisation can change and submit it again
    submit_via_form(client, application_id)
    assert status_of(app, application_id) == "submitted"


def test_reopening_after_the_deadline_asks_until_when(app, factory, seeded):
    organisation_id = factory.organisation("antwerpen", "Eik")
    approve(app, organisation_id)
    application_id = start(app, organisation_id, "2021-2022")
    fill_complete(app, application_id)
    email = factory.user("organisation", "antwerpen", organisation_id=organisation_id)
    _submit_at(app, email, application_id, brussels(2021, 5, 20, 10, 0))
    lead = app.test_client()
    with time_machine.travel(brussels(2021, 6, 1, 9, 0), tick=False):
        sign_in(lead, factory.user("lead", email="lead@example.org"))
        page = lead.get(f"/aanmeldingen/{application_id}/heropenen").text
        form = {"csrf_token": csrf_token(page), "reason": "Bijlage ontbrak"}
        refused = lead.post(f"/aanmeldingen/{application_id}/heropenen", data=form)
        assert "geef tot wanneer de organisatie opnieuw kan indienen" in refused.text
        assert status_of(app, application_id) == "submitted"
        lead.post(
            f"/aanmeldingen/{application_id}/heropenen", data={**form, "until": "2021-06-04T17:00"}
        )
        assert status_of(app, application_id) == "draft"
        with app.app_context():
            assert db.session.get(Application, application_id).submitted_at is None
    _submit_at(app, email, application_id, brussels(2021, 6, 4, 16, 59))
    assert status_of(app, application_id) == "submitted"


def test_an_extension_is_in_brussels_time_and_after_the_deadline(app, factory, seeded):
    organisation_id = factory.organisation("antwerpen", "Eik")
    application_id = start(app, organisation_id, "2021-2022")
    lead = app.test_client()
    with time_machine.travel(brussels(2021, 5, 10, 9, 0), tick=False):
        sign_in(lead, factory.user("lead", email="lead@example.org"))
        page = lead.get(f"/aanmeldingen/{application_id}/uitstel").text
        for until, message in (
            ("2021-05-28T12:00+00:00", "Belgische tijd"),
            ("2021-05-20T12:00", "na de gewone deadline"),
            ("morgen", "Belgische tijd"),
        ):
            response = lead.post(
                f"/aanmeldingen/{application_id}/uitstel",
                data={"csrf_token": csrf_token(page), "until": until, "reason": "Ziekte"},
            )
            assert response.status_code == 200 and message in response.text, until
            assert f'value="{until}"' in response.text


def test_malformed_input_gets_a_message_never_a_server_error(app, client, applicant):
    application_id = start(app, applicant.organisation_id)
    page = client.get(f"/aanmeldingen/{application_id}/bezetting").text
    for version in ("abc", "1.5", "²", "9" * 5000):
        response = client.post(
            f"/aanmeldingen/{application_id}/visie",
            data={
                "csrf_token": csrf_token(page),
                "version": version,
                "vision_pp": "Tekst",
                "save": "Opslaan",
            },
        )
        assert response.status_code == 200, version
        assert "onvolledig verstuurd" in response.text and "Tekst" in response.text
        submitted = client.post(
            f"/aanmeldingen/{application_id}/indienen",
            data={"csrf_token": csrf_token(page), "version": version},
        )
        assert submitted.status_code == 200
    for hours in ("sNaN", "NaN", "Infinity", "1e400", "-1", "veel"):
        response = client.post(
            f"/aanmeldingen/{application_id}/bezetting",
            data={
                "csrf_token": csrf_token(page),
                "version": hidden(page, "version"),
                "start_coordinator": hours,
                "person_coordinator": "Jan",
                "save": "Opslaan",
            },
        )
        assert response.status_code == 200, hours
        assert 'value="Jan"' in response.text
        check = client.post(
            f"/aanmeldingen/{application_id}/bezetting/controle",
            data={"csrf_token": csrf_token(page), "start_coordinator": hours},
        )
        assert check.status_code == 200, hours
    with app.app_context():
        assert db.session.get(Application, application_id).vision_pp == ""
    for path in (
        "/aanmeldingen/99999999999999999999999",
        "/vragenronde/99999999999999999999/inschrijven",
    ):
        assert client.get(path).status_code == 404


def test_a_lead_cannot_change_a_frozen_application(app, client, applicant, factory):
    from tests.applications.files import pdf_bytes

    application_id = start(app, applicant.organisation_id)
    fill_complete(app, application_id)
    page = client.get(f"/aanmeldingen/{application_id}/bijlagen").text
    import io

    client.post(
        f"/aanmeldingen/{application_id}/bijlagen",
        data={"csrf_token": csrf_token(page), "file": (io.BytesIO(pdf_bytes()), "nota.pdf")},
        content_type="multipart/form-data",
    )
    submit_via_form(client, application_id)
    lead = app.test_client()
    sign_in(lead, factory.user("lead", email="lead@example.org"))
    visie = lead.get(f"/aanmeldingen/{application_id}/visie").text
    assert "<fieldset disabled>" in visie and 'value="Opslaan"' not in visie
    attachments = lead.get(f"/aanmeldingen/{application_id}/bijlagen").text
    assert "Verwijderen" not in attachments
    with app.app_context():
        from rollout.applications.models import Attachment

        attachment_id = db.session.scalar(select(Attachment.id))
    response = lead.post(
        f"/aanmeldingen/{application_id}/bijlagen/{attachment_id}/verwijderen",
        data={"csrf_token": csrf_token(visie)},
    )
    assert response.status_code == 404
    assert lead.get(f"/aanmeldingen/{application_id}/bijlagen/{attachment_id}").status_code == 200
