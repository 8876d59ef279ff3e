"""The information session for all staff of the partner organisation (issue 11, Fase 3): one
session, recorded on its activity's page by a lead or the province's service, shown the same on
the team page, dating its activity like any activity with sessions."""

from datetime import date, timedelta

from sqlalchemy import select

from rollout.extensions import db
from rollout.sessions.models import Meeting, MeetingKind
from rollout.timeutil import brussels_today, to_brussels
from tests.conftest import csrf_token
from tests.prematching.test_views import client_for, milestone_done
from tests.sessions.plan_helpers import (
    activity_url,
    info_sessions,
    record_info,
    shown,
    shows_session,
)
from tests.staffing.helpers import TEAM, done_in_2021, partner_in_2021, rollout_start
from tests.staffing.test_limits import decided_later  # noqa: F401 (a fixture)

INFO = "infosessie-organisatie"


def test_recorded_on_the_activity_page_it_is_one_held_session(app, decided):
    lead = decided["lead"]
    path = activity_url(app, INFO)
    page = lead.get(path).text
    assert 'name="info-attendees"' in page and 'name="done-actual_end"' not in page
    held_on = rollout_start(app).replace(day=20)
    assert record_info(lead, path, held_on.isoformat(), "30", note="Goed").status_code == 302
    held_on_later = held_on + timedelta(days=1)
    assert record_info(lead, path, held_on_later.isoformat(), "31").status_code == 302
    assert info_sessions(app) == 1  # one record, changed
    with app.app_context():
        info = db.session.scalar(select(Meeting))
        assert info.kind is MeetingKind.INFO_SESSION and info.is_held and info.head_count == 31
        assert to_brussels(info.starts_at).date() == held_on_later
        assert info.province.slug == "antwerpen" and info.activity.slug == INFO
        meeting_id = info.id
    on_team = shown(lead.get(TEAM.format("huidig")).text)
    assert "met 31 aanwezigen" in on_team and on_team == shown(lead.get(path).text)
    team_page = lead.get(TEAM.format("huidig")).text
    if "sessions.meeting" in app.view_functions:  # the session's page, once it is served
        assert f'href="/sessies/{meeting_id}"' in team_page
    assert "registreer of wijzig ze daar" in team_page and 'name="info-attendees"' not in team_page
    assert milestone_done(app, INFO) == held_on_later
    activity_page = lead.get(path).text
    assert shows_session(app, activity_page, meeting_id, "Infosessie voor de medewerkers")
    assert "Gehouden" in activity_page

    # the generic "done" form of that activity cannot date it past its session
    done = lead.post(
        path,
        data={
            "done-csrf_token": csrf_token(page),
            "done-version": "1",
            "done-actual_end": held_on.isoformat(),
            "done-submit": "1",
        },
    )
    assert done.status_code == 200 and "komen uit haar sessies" in done.text
    assert milestone_done(app, INFO) == held_on_later


def test_the_service_records_it_and_the_organisation_only_sees_it(app, factory, decided):
    path = activity_url(app, INFO)
    service = client_for(app, factory, "service", email="dienst@example.org")
    held_on = rollout_start(app).replace(day=18)
    assert record_info(service, path, held_on.isoformat(), "12").status_code == 302
    assert milestone_done(app, INFO) == held_on
    organisation = client_for(app, factory, "organisation", email="eik@example.org")
    page = organisation.get(TEAM.format("huidig"))
    if page.status_code == 200:
        assert "met 12 aanwezigen" in page.text and 'name="info-attendees"' not in page.text


def test_the_info_session_is_dated_on_a_day_that_happened_within_the_round(app, decided):
    lead = decided["lead"]
    path = activity_url(app, INFO)
    page = lead.get(path).text
    today = brussels_today()  # the day in Belgium, as the form proposes it
    assert f'value="{today.isoformat()}"' in page.split('id="infosessie-blok"')[1]
    later = today + timedelta(days=2)
    response = record_info(lead, path, later.isoformat(), note="Nog te houden")
    assert response.status_code == 200 and "Deze datum ligt in de toekomst" in response.text
    assert "Nog te houden" in response.text  # what was typed stays
    before = rollout_start(app) - timedelta(days=1)
    response = record_info(lead, path, before.isoformat())
    assert "Deze datum valt buiten de ronde" in response.text
    assert info_sessions(app) == 0


def test_the_info_session_is_not_before_the_decision(app, decided_later):  # noqa: F811
    lead, decided_on = decided_later
    path = activity_url(app, INFO)
    before = (decided_on - timedelta(days=1)).isoformat()
    response = record_info(lead, path, before, note="Vroeg")
    assert response.status_code == 200
    block = response.text.split('id="infosessie-blok"')[1]
    assert "vóór de beslissing van" in block and "Vroeg" in block
    assert milestone_done(app, INFO) is None
    assert record_info(lead, path, decided_on.isoformat()).status_code == 302
    assert milestone_done(app, INFO) == decided_on


def test_an_ended_round_proposes_its_planned_day_and_takes_a_day_within_it(
    app, factory, candidates
):
    partner_in_2021(app, candidates)
    lead = client_for(app, factory, "lead", email="lead@example.org")
    path = activity_url(app, INFO, rollout="2021-2022")
    page = lead.get(path).text
    assert 'value="2021-09-30"' in page.split('id="infosessie-blok"')[1]  # its planned end
    response = record_info(lead, path, "2023-01-10")
    assert "Deze datum valt buiten de ronde" in response.text
    assert record_info(lead, path, "2021-09-21").status_code == 302
    assert done_in_2021(app, INFO) == date(2021, 9, 21)
