"""Leads record progress on an activity's page; others read it; conflicts lose nothing."""

import pytest
from sqlalchemy import select

from rollout.extensions import db
from rollout.plan.models import Activity
from tests.conftest import csrf_token


def activity_id(app, slug, rollout="2021-2022"):
    from rollout.plan.models import Rollout

    with app.app_context():
        return db.session.scalar(
            select(Activity.id).join(Rollout).where(Activity.slug == slug, Rollout.slug == rollout)
        )


def url(app, slug, province="antwerpen"):
    return f"/activiteiten/{activity_id(app, slug)}/provincies/{province}"


def post_done(client, path, page=None, **fields):
    page = page or client.get(path).text
    data = {
        "done-csrf_token": csrf_token(page),
        "done-version": _value(page, "done-version"),
        "done-actual_start": "",
        "done-actual_end": "",
        "done-note": "",
        "done-submit": "Voortgang opslaan",
    }
    data.update({f"done-{k}": v for k, v in fields.items()})
    return client.post(path, data=data)


def _value(page, name):
    import re

    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page)
    return match.group(1) if match else "0"


def test_a_lead_marks_an_activity_done_and_the_history_shows_it(app, client, login_as):
    email = login_as("lead")
    path = url(app, "prematching-gesprek")
    response = post_done(
        client, path, actual_start="2021-06-02", actual_end="2021-06-29", note="Goed gesprek"
    )
    assert response.status_code == 302
    page = client.get(path).text
    assert "Afgerond" in page
    history = page[page.index('id="historiek"') :]
    assert "Afgerond op" in history and "29 jun 2021" in history
    assert email in history
    assert "Goed gesprek" in history


def test_a_milestone_is_reached_on_a_day_and_its_history_says_so(app, client, login_as):
    """Issue 9, point 15: a milestone has one date, the day it was reached."""
    login_as("lead")
    path = url(app, "beslissing")
    form = client.get(path).text
    assert "Bereikt op" in form and "Afgerond op" not in form
    assert post_done(client, path, form, actual_end="2021-06-25").status_code == 302
    page = client.get(path).text
    history = page[page.index('id="historiek"') :]
    assert "Bereikt op" in history and "25 jun 2021" in history
    assert "Begonnen op" not in history and "Afgerond op" not in history


def test_moving_planned_dates_asks_for_a_reason(app, client, login_as):
    login_as("lead")
    path = url(app, "blauwdruk")
    page = client.get(path).text
    data = {
        "move-csrf_token": csrf_token(page),
        "move-version": "0",
        "move-planned_start": "2021-10-01",
        "move-planned_end": "2021-12-20",
        "move-reason": "",
        "move-submit": "Planning verschuiven",
    }
    refused = client.post(path, data=data)
    assert refused.status_code == 200
    assert "Geef een reden voor het verschuiven van de planning." in refused.text
    assert 'value="2021-12-20"' in refused.text  # what was typed stays
    data["move-reason"] = "Nieuwe directeur"
    assert client.post(path, data=data).status_code == 302
    page = client.get(path).text
    assert "verschoven" in page and "Nieuwe directeur" in page


def test_bad_dates_get_a_dutch_message_at_the_field(app, client, login_as):
    login_as("lead")
    path = url(app, "prematching-gesprek")
    response = post_done(client, path, actual_end="31/02/2021")
    assert "Geef een geldige datum" in response.text
    response = post_done(client, path, actual_end="2099-01-01")
    assert "kan niet in de toekomst afgerond zijn" in response.text


def test_two_tabs_the_second_save_is_a_conflict_and_keeps_its_input(app, client, login_as):
    login_as("lead")
    path = url(app, "prematching-gesprek")
    first_tab = client.get(path).text
    second_tab = client.get(path).text
    assert post_done(client, path, page=first_tab, actual_end="2021-06-28").status_code == 302
    response = post_done(
        client, path, page=second_tab, actual_end="2021-06-30", note="Mijn notitie"
    )
    assert response.status_code == 200
    assert "Iemand anders heeft deze voortgang intussen gewijzigd" in response.text
    assert "Mijn notitie" in response.text
    assert 'value="2021-06-30"' in response.text
    assert "28 jun 2021" in response.text  # what the other tab saved is shown
    # having seen it, saving again is deliberate and goes through
    again = post_done(
        client, path, page=response.text, actual_end="2021-06-30", note="Mijn notitie"
    )
    assert again.status_code == 302


@pytest.mark.parametrize("role", ["organisation", "service"])
def test_only_leads_record_progress(app, client, login_as, role):
    login_as(role, "antwerpen")
    path = url(app, "prematching-gesprek")
    page = client.get(path)
    assert page.status_code == 200
    assert "Voortgang registreren" not in page.text
    assert (
        post_done(
            client, path, page=client.get("/account").text, actual_end="2021-06-28"
        ).status_code
        == 403
    )
    programme = f"/activiteiten/{activity_id(app, 'vorming-kaders-1')}"
    assert client.get(programme).status_code == 200
    token = csrf_token(client.get("/account").text)
    assert (
        client.post(programme, data={"done-csrf_token": token, "done-submit": "x"}).status_code
        == 403
    )


def test_other_provinces_activities_are_closed_to_organisations_and_services(app, client, login_as):
    login_as("service", "antwerpen")
    assert client.get(url(app, "prematching-gesprek", "limburg")).status_code == 403
    # the province-level activity without a province sends them to their own
    response = client.get(f"/activiteiten/{activity_id(app, 'blauwdruk')}")
    assert response.headers["Location"].endswith("/provincies/antwerpen")


def test_a_programme_wide_activity_is_recorded_once_and_counts_everywhere(app, client, login_as):
    login_as("lead")
    path = f"/activiteiten/{activity_id(app, 'inspiratie-pleegzorg')}"
    assert post_done(client, path, actual_end="2021-02-11").status_code == 302
    for province in ("antwerpen", "west-vlaanderen"):
        page = client.get(f"/provinces/{province}?ronde=2021-2022").text
        row = page[page.index('data-activity="inspiratie-pleegzorg"') :]
        assert 'data-status="done"' in row[:200]


def test_the_lead_sees_a_province_level_activity_in_every_province(app, client, login_as):
    login_as("lead")
    page = client.get(f"/activiteiten/{activity_id(app, 'beslissing')}").text
    for slug in ("antwerpen", "oost-vlaanderen", "vlaams-brabant-brussel", "west-vlaanderen"):
        assert f'data-province="{slug}"' in page
    assert 'data-province="limburg"' not in page
