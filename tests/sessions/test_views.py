"""The session pages per role: the list, a session, planning, moving, cancelling, a series,
minutes and attachments; scoping (a session of another province is a 404), CSRF, bad input
kept with a Dutch message at its field, a stale version."""

from datetime import date, time, timedelta
from io import BytesIO

import pytest
from sqlalchemy import func, select

from rollout.extensions import db
from rollout.sessions import services
from rollout.sessions.models import Meeting, MeetingKind
from rollout.timeutil import brussels_to_utc
from tests.applications.files import pdf_bytes
from tests.conftest import csrf_token, post_form, sign_in
from tests.sessions.helpers import ACT, activity, plan, rollout, supervision

PDF = pdf_bytes()


def _plan(app, **kwargs) -> int:
    with app.app_context():
        return plan(supervision(**kwargs)).id


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Meeting.id)))


def _meeting(app, meeting_id) -> Meeting:
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        db.session.expunge(meeting)
        return meeting


@pytest.fixture
def lead(client, login_as):
    login_as("lead")
    return client


def _activity_id(app, slug="supervisie-maandelijks", round_slug="2021-2022"):
    with app.app_context():
        return activity(slug, round_slug).id


NEW = "/sessies/nieuw?ronde=2021-2022"


def _new_data(app, **changes):
    data = {
        "kind": "supervision",
        "activity": str(_activity_id(app)),
        "province": "antwerpen",
        "title": "Supervisie januari",
        "day": "2022-01-11",
        "start": "13:30",
        "end": "16:00",
        "place": "Antwerpen, zaal 1",
        "online_link": "",
        "led_by": "Eline Gielen",
        "agenda": "Casussen",
    }
    return {**data, **changes}


def test_a_lead_plans_a_session_and_sees_it(app, lead):
    response = post_form(lead, NEW, _new_data(app))
    assert response.status_code == 302
    page = lead.get(response.headers["Location"]).text
    assert "Supervisie januari" in page and "11 jan 2022, 13:30–16:00" in page
    assert "Eline Gielen" in page and "Gepland" in page
    listing = lead.get("/sessies?ronde=2021-2022").text
    assert "Supervisie januari" in listing and "Voorbije sessies" in listing


def test_an_end_before_the_start_keeps_what_was_typed(app, lead):
    response = post_form(lead, NEW, _new_data(app, end="12:00", title="Mijn titel"))
    assert response.status_code == 200
    assert "Het einde ligt niet na het begin" in response.text
    assert 'value="Mijn titel"' in response.text and 'value="12:00"' in response.text
    assert _count(app) == 0


def test_a_session_outside_the_round_is_refused_at_the_date(app, lead):
    response = post_form(lead, NEW, _new_data(app, day="2023-03-14"))
    assert response.status_code == 200
    assert "Deze datum valt buiten de ronde" in response.text
    assert 'value="2023-03-14"' in response.text
    assert _count(app) == 0


def test_a_collision_is_refused_with_the_date(app, lead):
    _plan(app)
    response = post_form(lead, NEW, _new_data(app, start="15:00", end="17:00"))
    assert "Op 11 jan 2022 in Antwerpen is er al een sessie" in response.text
    assert _count(app) == 1


def test_without_the_csrf_token_nothing_is_saved(app, lead):
    lead.get(NEW)
    response = lead.post(NEW, data=_new_data(app))
    assert response.status_code == 200
    assert "Dit formulier was te lang open" in response.text
    assert 'value="Supervisie januari"' in response.text
    assert _count(app) == 0


def test_move_with_a_reason_and_a_stale_version(app, lead):
    meeting_id = _plan(app)
    page = f"/sessies/{meeting_id}/wijzigen"
    form = lead.get(page).text
    assert 'value="2022-01-11"' in form and 'value="13:30"' in form
    data = _new_data(app, day="2022-01-18", reason="", version="1")
    response = lead.post(page, data={"csrf_token": csrf_token(form), **data})
    assert "Geef de reden waarom de sessie verplaatst wordt." in response.text
    data["reason"] = "Ziekte trainer"
    response = lead.post(page, data={"csrf_token": csrf_token(form), **data})
    assert response.status_code == 302
    shown = lead.get(f"/sessies/{meeting_id}").text
    assert "Verplaatst van 11 jan 2022 13:30-16:00 naar 18 jan 2022 13:30-16:00." in shown
    assert "Reden: Ziekte trainer" in shown
    # the same form sent again on version 1: someone changed it since
    data.update(day="2022-01-25", place="Elders")
    response = lead.post(page, data={"csrf_token": csrf_token(form), **data})
    assert response.status_code == 200
    assert "Deze sessie werd intussen gewijzigd" in response.text
    assert 'value="Elders"' in response.text
    assert _meeting(app, meeting_id).place == "Antwerpen, zaal 1"


def test_cancel_keeps_the_reason_and_the_session_visible(app, lead):
    meeting_id = _plan(app)
    page = f"/sessies/{meeting_id}/annuleren"
    response = post_form(lead, page, {"reason": "", "version": "1"})
    assert "Geef de reden van de annulering." in response.text
    response = post_form(lead, page, {"reason": "Te weinig deelnemers", "version": "1"})
    assert response.status_code == 302
    shown = lead.get(f"/sessies/{meeting_id}").text
    assert "Geannuleerd" in shown and "Te weinig deelnemers" in shown
    assert "Geannuleerd" in lead.get("/sessies?ronde=2021-2022").text


def _series_data(app, **changes):
    data = {
        "kind": "supervision",
        "activity": str(_activity_id(app)),
        "province": "antwerpen",
        "mode": "regel",
        "ordinal": "2",
        "weekday": "TU",
        "dates": "",
        "first_day": "2022-01-01",
        "last_day": "2022-05-31",
        "start": "13:30",
        "end": "16:00",
        "place": "Antwerpen",
        "online_link": "",
        "led_by": "Eline Gielen en Ellen Schoofs",
    }
    return {**data, **changes}


SERIES = "/sessies/reeks?ronde=2021-2022"


def test_a_lead_generates_a_series_twice_without_duplicates(app, lead):
    response = post_form(lead, SERIES, _series_data(app))
    assert response.status_code == 302
    assert "5 sessies gepland." in lead.get(response.headers["Location"]).text
    response = post_form(lead, SERIES, _series_data(app, last_day="2022-06-30"))
    message = lead.get(response.headers["Location"]).text
    assert "1 sessie gepland. 5 bestonden al in de reeks" in message
    assert _count(app) == 6
    listing = lead.get("/sessies?ronde=2021-2022&soort=supervision&provincie=antwerpen").text
    assert listing.count('data-kind="supervision"') == 6


def test_a_series_from_a_list_with_a_bad_line_keeps_it(app, lead):
    data = _series_data(app, mode="data", dates="11/01/2022\nmorgen")
    response = post_form(lead, SERIES, data)
    assert response.status_code == 200
    assert "&#39;morgen&#39; is geen datum" in response.text
    assert "11/01/2022\nmorgen" in response.text
    assert _count(app) == 0


def test_a_colliding_series_names_the_date(app, lead):
    _plan(app, day=date(2022, 3, 8))
    response = post_form(lead, SERIES, _series_data(app))
    assert response.status_code == 200
    assert "Op 8 mrt 2022 in Antwerpen is er al een sessie" in response.text
    assert _count(app) == 1


def test_minutes_and_an_attachment(app, lead):
    meeting_id = _plan(app)
    page = f"/sessies/{meeting_id}/verslag"
    response = post_form(lead, page, {"minutes": "Goed verlopen.", "version": "1"})
    assert response.status_code == 302
    assert "Goed verlopen." in lead.get(f"/sessies/{meeting_id}").text
    token = csrf_token(lead.get(page).text)
    refused = lead.post(
        f"/sessies/{meeting_id}/bijlagen",
        data={"csrf_token": token, "file": (BytesIO(b"hello"), "notes.pdf")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 200
    assert "Enkel PDF-, DOCX- of ODT-bestanden zijn toegelaten." in refused.text
    done = lead.post(
        f"/sessies/{meeting_id}/bijlagen",
        data={"csrf_token": token, "file": (BytesIO(PDF), "verslag.pdf")},
        content_type="multipart/form-data",
    )
    assert done.status_code == 302
    with app.app_context():
        attachment_id = db.session.get(Meeting, meeting_id).attachments[0].id
    download = lead.get(f"/sessies/{meeting_id}/bijlagen/{attachment_id}")
    assert download.status_code == 200 and download.data == PDF
    assert "attachment" in download.headers["Content-Disposition"]


def test_organisations_and_services_cannot_plan(app, client, login_as):
    login_as("service")
    assert client.get(NEW).status_code == 403
    assert client.get(SERIES).status_code == 403
    meeting_id = _plan(app)
    assert client.get(f"/sessies/{meeting_id}/wijzigen").status_code == 403
    assert client.get(f"/sessies/{meeting_id}/annuleren").status_code == 403


# --- scoping ----------------------------------------------------------------------------------


def _plan_in(app, where, kind=MeetingKind.SUPERVISION, slug="supervisie-maandelijks") -> int:
    """A session in the running round ("huidig"), ten days into its activity."""
    with app.app_context():
        details = supervision(where=where, kind=kind, activity_slug=slug)
        details.activity = activity(slug, "huidig")
        day = details.activity.planned_start + timedelta(days=10)
        details.starts_at = brussels_to_utc(day, time(13, 30))
        details.ends_at = brussels_to_utc(day, time(16))
        meeting = services.create_meeting(db.session, rollout("huidig"), details, ACT)
        db.session.commit()
        return meeting.id


@pytest.fixture
def sessions(app, decided):
    """In the running round (Eik is Antwerpen's published partner): a supervision in Antwerpen
    and in Oost-Vlaanderen, a programme-wide framework training and inspiration session."""
    return {
        "antwerpen": _plan_in(app, "antwerpen"),
        "oost": _plan_in(app, "oost-vlaanderen"),
        "training": _plan_in(app, None, MeetingKind.FRAMEWORK_TRAINING, "vorming-kaders-1"),
        "inspiration": _plan_in(app, None, MeetingKind.INSPIRATION, "inspiratie-organisaties"),
    }


def _client(app, factory, role, province="antwerpen", **kwargs):
    client = app.test_client()
    assert sign_in(client, factory.user(role, province, **kwargs)).status_code == 302
    return client


def _listed(client) -> set[int]:
    import re

    page = client.get("/sessies?ronde=huidig")
    assert page.status_code == 200
    return {int(m) for m in re.findall(r'data-meeting="(\d+)"', page.text)}


def test_the_partner_organisation_sees_its_province_and_programme_wide(
    app, factory, sessions, decided
):
    partner = _client(
        app, factory, "organisation", email="eik@example.org", organisation_id=decided["Eik-org"]
    )
    assert _listed(partner) == {
        sessions["antwerpen"],
        sessions["training"],
        sessions["inspiration"],
    }
    assert partner.get(f"/sessies/{sessions['antwerpen']}").status_code == 200
    assert partner.get(f"/sessies/{sessions['training']}").status_code == 200
    assert partner.get(f"/sessies/{sessions['oost']}").status_code == 404
    # it may see the session, not write its minutes
    assert partner.get(f"/sessies/{sessions['antwerpen']}/verslag").status_code == 403
    assert "Sessies" in partner.get("/plan").text


def test_another_organisation_sees_only_the_inspiration_sessions(app, factory, sessions):
    other = _client(app, factory, "organisation", email="other@example.org")  # not the partner
    assert _listed(other) == {sessions["inspiration"]}
    assert other.get(f"/sessies/{sessions['antwerpen']}").status_code == 404
    assert other.get(f"/sessies/{sessions['oost']}").status_code == 404
    assert other.get(f"/sessies/{sessions['training']}").status_code == 404
    assert other.get(f"/sessies/{sessions['inspiration']}").status_code == 200


def test_the_service_sees_its_province_and_writes_its_minutes(app, factory, sessions):
    service = _client(app, factory, "service", email="pz-antwerpen@example.org")
    assert _listed(service) == {
        sessions["antwerpen"],
        sessions["training"],
        sessions["inspiration"],
    }
    assert service.get(f"/sessies/{sessions['oost']}").status_code == 404
    assert service.get(f"/sessies/{sessions['oost']}/verslag").status_code == 404
    assert service.get(f"/sessies/{sessions['training']}/verslag").status_code == 403
    assert service.get(f"/sessies/{sessions['antwerpen']}/verslag").status_code == 200


def test_a_lead_sees_every_session_and_filters_by_province(app, factory, sessions):
    lead = _client(app, factory, "lead", email="lead2@example.org")
    assert _listed(lead) == set(sessions.values())
    page = lead.get("/sessies?ronde=huidig&provincie=oost-vlaanderen&soort=supervision").text
    assert 'data-meeting="{}"'.format(sessions["oost"]) in page
    assert 'data-meeting="{}"'.format(sessions["antwerpen"]) not in page
