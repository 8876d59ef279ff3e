"""The information session and the team composed: one record each, shown the same on the team
page and on the activity's page (issue 9, point 9), dated on the day it happened (point 1)."""

import re
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from rollout.extensions import db
from rollout.plan.models import Activity, ActivityProgress, Province, Rollout
from rollout.prematching.models import Decision, DecisionKind
from rollout.staffing.models import InfoSession
from rollout.timeutil import brussels_today
from tests.conftest import csrf_token
from tests.factories import start
from tests.prematching.test_views import client_for, milestone_done
from tests.staffing.helpers import rollout_start

TEAM = "/teams/antwerpen?ronde={}"


def activity_url(app, slug, rollout="huidig", province="antwerpen") -> str:
    with app.app_context():
        activity_id = db.session.scalar(
            select(Activity.id)
            .join(Rollout, Rollout.id == Activity.rollout_id)
            .where(Rollout.slug == rollout, Activity.slug == slug)
        )
    return f"/activiteiten/{activity_id}/provincies/{province}"


def record_info(client, path, held_on, attendees="42", note="", page_path=None):
    page = client.get(page_path or path).text
    return client.post(
        path,
        data={
            "info-csrf_token": csrf_token(page),
            "info-held_on": held_on,
            "info-attendees": attendees,
            "info-note": note,
            "info-submit": "Infosessie bewaren",
        },
    )


def shown(page: str) -> str:
    return re.search(r'id="infosessie-stand">(.*?)</p>', page, re.S).group(1).strip()


def info_sessions(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(InfoSession.id)))


def test_recorded_on_the_team_page_it_shows_the_same_on_the_activity_page(app, decided):
    lead = decided["lead"]
    held_on = rollout_start(app).replace(day=15)
    response = record_info(
        lead,
        "/teams/antwerpen/infosessie?ronde=huidig",
        held_on.isoformat(),
        note="Goed",
        page_path=TEAM.format("huidig"),
    )
    assert response.status_code == 302
    on_team = shown(lead.get(TEAM.format("huidig")).text)
    on_activity = shown(lead.get(activity_url(app, "infosessie-organisatie")).text)
    assert on_team == on_activity and "met 42 aanwezigen. Goed" in on_team
    assert milestone_done(app, "infosessie-organisatie") == held_on


def test_recorded_on_the_activity_page_it_is_the_same_record(app, decided):
    lead = decided["lead"]
    path = activity_url(app, "infosessie-organisatie")
    page = lead.get(path).text
    assert 'name="info-attendees"' in page and 'name="done-actual_end"' not in page
    held_on = rollout_start(app).replace(day=20)
    assert record_info(lead, path, held_on.isoformat(), "30").status_code == 302
    held_on_later = held_on + timedelta(days=1)
    assert record_info(lead, path, held_on_later.isoformat(), "31").status_code == 302
    assert info_sessions(app) == 1  # one record, changed
    assert "met 31 aanwezigen" in shown(lead.get(TEAM.format("huidig")).text)
    assert shown(lead.get(TEAM.format("huidig")).text) == shown(lead.get(path).text)
    assert milestone_done(app, "infosessie-organisatie") == held_on_later

    # the generic "done" form of that activity cannot date it past its record
    done = lead.post(
        path,
        data={
            "done-csrf_token": csrf_token(page),
            "done-version": "1",
            "done-actual_end": held_on.isoformat(),
            "done-submit": "1",
        },
    )
    assert done.status_code == 200 and "Registreer de infosessie hierboven" in done.text
    assert milestone_done(app, "infosessie-organisatie") == held_on_later


def test_the_team_composed_is_dated_by_the_team_only(app, decided):
    lead = decided["lead"]
    path = activity_url(app, "team-samengesteld")
    page = lead.get(path).text
    assert "Deze mijlpaal volgt het P&amp;P-team" in page and 'href="/teams/antwerpen' in page
    response = lead.post(
        path,
        data={
            "done-csrf_token": csrf_token(page),
            "done-version": "0",
            "done-actual_end": rollout_start(app).isoformat(),
            "done-submit": "1",
        },
    )
    assert response.status_code == 200
    assert milestone_done(app, "team-samengesteld") is None


def test_the_info_session_is_dated_on_a_day_that_happened_within_the_round(app, decided):
    lead = decided["lead"]
    path = "/teams/antwerpen/infosessie?ronde=huidig"
    page = lead.get(TEAM.format("huidig")).text
    today = brussels_today()  # the day in Belgium, as the form proposes it
    assert f'value="{today.isoformat()}"' in page.split('id="infosessie-blok"')[1]
    tomorrow = today + timedelta(days=2)
    response = record_info(
        lead, path, tomorrow.isoformat(), note="Nog te houden", page_path=TEAM.format("huidig")
    )
    assert response.status_code == 200 and "Deze datum ligt in de toekomst" in response.text
    assert "Nog te houden" in response.text  # what was typed stays
    before = rollout_start(app) - timedelta(days=1)
    response = record_info(lead, path, before.isoformat(), page_path=TEAM.format("huidig"))
    assert "Deze datum valt buiten de ronde" in response.text
    assert info_sessions(app) == 0


def partner_in_2021(app, candidates) -> None:
    """Voorziening Eik, the published partner of Antwerpen in the 2021-2022 round."""
    application_id = start(app, candidates["Eik-org"], "2021-2022")
    with app.app_context():
        rollout = db.session.scalar(select(Rollout).where(Rollout.slug == "2021-2022"))
        antwerpen = db.session.scalar(select(Province).where(Province.slug == "antwerpen"))
        db.session.add(
            Decision(
                rollout_id=rollout.id,
                province_id=antwerpen.id,
                kind=DecisionKind.PARTNER,
                application_id=application_id,
                decided_on=date(2021, 6, 29),
                published_at=datetime(2021, 7, 1, tzinfo=UTC),
                published_on=date(2021, 7, 1),
            )
        )
        db.session.commit()


def done_in_2021(app, slug):
    with app.app_context():
        return db.session.scalar(
            select(ActivityProgress.actual_end)
            .join(Activity)
            .join(Rollout, Rollout.id == Activity.rollout_id)
            .where(Activity.slug == slug, Rollout.slug == "2021-2022")
        )


def test_an_ended_round_gets_dates_within_it_never_today(app, factory, candidates):
    partner_in_2021(app, candidates)
    lead = client_for(app, factory, "lead", email="lead@example.org")
    page = lead.get(TEAM.format("2021-2022")).text
    info_block = page.split('id="infosessie-blok"')[1]
    assert 'value="2021-09-30"' in info_block  # its planned day in the round, not today
    add_path = "/teams/antwerpen/organisation/leden?ronde=2021-2022"

    def add(name, role, valid_from):
        return lead.post(
            add_path,
            data={
                "organisation-csrf_token": csrf_token(page),
                "organisation-name": name,
                "organisation-role": role,
                "organisation-hours": "8",
                "organisation-valid_from": valid_from,
            },
        )

    # hours from after the round's last planned day: the team was not composed in the round
    for name, role in (
        ("An", "coordinator"),
        ("Sara", "pp_counsellor"),
        ("Tom", "parent_counsellor"),
    ):
        assert add(name, role, "2023-01-15").status_code == 302
    assert done_in_2021(app, "team-samengesteld") is None
    assert add("Mia", "parent_counsellor", "2021-08-16").status_code == 302
    assert add("Jo", "coordinator", "2021-08-02").status_code == 302
    assert add("Lis", "pp_counsellor", "2021-08-09").status_code == 302
    assert done_in_2021(app, "team-samengesteld") == date(2021, 8, 16)

    response = record_info(
        lead,
        "/teams/antwerpen/infosessie?ronde=2021-2022",
        "2023-01-10",
        page_path=TEAM.format("2021-2022"),
    )
    assert "Deze datum valt buiten de ronde" in response.text
    response = record_info(
        lead,
        "/teams/antwerpen/infosessie?ronde=2021-2022",
        "2021-09-21",
        page_path=TEAM.format("2021-2022"),
    )
    assert response.status_code == 302
    assert done_in_2021(app, "infosessie-organisatie") == date(2021, 9, 21)
