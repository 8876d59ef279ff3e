"""What the reviewer of issue 9 ran into on the team pages: hostile hours, member dates before
the decision or the round, the info session before the decision, a province that takes no part,
the days the forms propose in an ended round, and ?datum= far outside any round."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from rollout.changes import Act
from rollout.extensions import db
from rollout.plan.models import Province, Rollout
from rollout.staffing.forms import HOURS_MESSAGE
from rollout.staffing.models import TeamKind, TeamMember
from rollout.staffing.rules import before_decision_problem, start_problem
from tests.conftest import csrf_token
from tests.prematching.test_views import client_for, decide, milestone_done, publish
from tests.staffing.helpers import TEAM, add, members, partner_in_2021, rollout_start
from tests.staffing.test_views import ids, member_periods, post_change

HOSTILE_HOURS = ["1e308", "1e30", "inf", "-inf", "nan", "sNaN", "-0", "9" * 5000, "7,25", "abc"]


def field_value(page: str, name: str) -> str:
    return re.search(rf'name="{name}"[^>]*value="([^"]*)"', page).group(1)


# --- 1. hostile hours on both forms --------------------------------------------------------------


@pytest.mark.parametrize("hours", HOSTILE_HOURS, ids=lambda v: v[:12])
def test_hostile_hours_on_the_add_form_get_the_message_and_stay(app, decided, hours):
    response = add(
        decided["lead"], "organisation", "An", "coordinator", hours, rollout_start(app).isoformat()
    )
    assert response.status_code == 200
    form = response.text.split('action="/teams/antwerpen/organisation/leden')[-1]
    assert HOURS_MESSAGE in form and 'name="organisation-hours"' in form
    assert field_value(form, "organisation-hours") == hours  # what was typed stays
    assert members(app) == 0


@pytest.mark.parametrize("hours", HOSTILE_HOURS, ids=lambda v: v[:12])
def test_hostile_hours_on_the_change_form_get_the_message_and_stay(app, decided, hours):
    lead, start = decided["lead"], rollout_start(app)
    add(lead, "organisation", "Sara", "pp_counsellor", "8", start.isoformat())
    ((member_id, version),) = ids(app)
    response = post_change(lead, member_id, version, hours=hours, from_day=start.isoformat())
    assert response.status_code == 200
    form = response.text.split(f'id="uren-{member_id}"')[1].split("</form>")[0]
    assert f'value="{hours}"' in response.text.split(f'id="uren-{member_id}"')[1][:20000]
    assert HOURS_MESSAGE in form
    assert member_periods(app) == [("Sara", 8, start, None)]


def test_a_refused_change_keeps_its_day_and_says_why_at_the_field(app, decided):
    lead, start = decided["lead"], rollout_start(app)
    add(lead, "organisation", "Sara", "pp_counsellor", "8", start.replace(day=10).isoformat())
    ((member_id, version),) = ids(app)
    response = post_change(lead, member_id, version, hours="19", from_day=start.isoformat())
    assert response.status_code == 200
    form = response.text.split(f'id="uren-{member_id}"')[1].split("</form>")[0]
    assert "binnen de periode van dit teamlid" in form
    assert f'value="{start.isoformat()}"' in form and 'value="19"' in response.text


# --- 2. when a team member can start --------------------------------------------------------------


def test_the_start_rule():
    first, decided_on = date(2021, 3, 1), date(2021, 6, 29)
    assert "vóór de beslissing van 29 jun 2021" in start_problem(
        date(2021, 6, 28), first, decided_on
    )
    assert start_problem(decided_on, first, decided_on) is None
    assert start_problem(date(2023, 1, 15), first, decided_on) is None  # later: planned hours
    assert "vóór de start van de ronde (1 mrt 2021)" in start_problem(date(2021, 2, 28), first)
    assert start_problem(first, first) is None
    assert start_problem(date(2030, 1, 1), first) is None
    assert "vóór de beslissing van 29 jun 2021" in before_decision_problem(
        date(2021, 6, 1), decided_on, "de infosessie"
    )
    assert before_decision_problem(decided_on, decided_on, "de infosessie") is None
    assert before_decision_problem(date(2021, 6, 1), None, "de infosessie") is None


@pytest.fixture
def decided_later(app, factory, candidates):
    """Antwerpen's partner (Voorziening Eik) decided on the 11th day of the round, published."""
    lead = client_for(app, factory, "lead", email="lead@example.org")
    day = rollout_start(app) + timedelta(days=10)
    assert decide(lead, candidates["Eik"], decided_on=day.isoformat()).status_code == 302
    publish(lead)
    return lead, day


def test_no_member_of_the_organisations_team_before_the_decision(app, decided_later):
    lead, decided_on = decided_later
    before = (decided_on - timedelta(days=1)).isoformat()
    response = add(lead, "organisation", "An", "coordinator", "8", before)
    assert response.status_code == 200
    form = response.text.split('action="/teams/antwerpen/organisation/leden')[-1]
    valid_from = form.split('name="organisation-valid_from"')[1].split("</div>\n</div>")[0]
    assert "vóór de beslissing van" in valid_from and 'value="An"' in form
    assert members(app) == 0
    # the service's team may start before the decision, not before the round
    start = rollout_start(app)
    assert add(lead, "service", "Piet", "coordinator", "8", start.isoformat()).status_code == 302
    response = add(lead, "service", "Jan", "coordinator", "8", (start - timedelta(1)).isoformat())
    assert response.status_code == 200 and "vóór de start van de ronde" in response.text
    # from the decision on, and later (even far in the future), it may
    ok = add(lead, "organisation", "An", "coordinator", "8", decided_on.isoformat())
    assert ok.status_code == 302
    future = date.today().replace(year=date.today().year + 2).isoformat()
    assert add(lead, "organisation", "Sara", "pp_counsellor", "8", future).status_code == 302
    # a change of hours cannot start before the decision either
    (an_id, an_version), _ = ids(app)[1:]
    response = post_change(lead, an_id, an_version, hours="10", from_day=before)
    assert response.status_code == 200 and "vóór de beslissing van" in response.text


def test_the_milestone_is_never_dated_before_the_decision(app, decided_later):
    lead, decided_on = decided_later
    start = rollout_start(app)
    with app.app_context():  # members from before the decision, as before this rule existed
        rollout = db.session.scalar(select(Rollout).where(Rollout.slug == "huidig"))
        antwerpen = db.session.scalar(select(Province).where(Province.slug == "antwerpen"))
        for name, role in (
            ("An", "coordinator"),
            ("Sara", "pp_counsellor"),
            ("Tom", "parent_counsellor"),
        ):
            db.session.add(
                TeamMember(
                    rollout_id=rollout.id,
                    province_id=antwerpen.id,
                    team=TeamKind.ORGANISATION,
                    name=name,
                    email="",
                    role=role,
                    hours=8,
                    valid_from=start,
                )
            )
        db.session.commit()
    later = (decided_on + timedelta(days=5)).isoformat()
    assert add(lead, "organisation", "Mia", "coordinator", "4", later).status_code == 302
    assert milestone_done(app, "team-samengesteld") == decided_on


# --- 3. the info session not before the decision --------------------------------------------------


# (moved to tests/sessions/test_info_session.py: the info session is a session now)


# --- 4. a province that takes no part -------------------------------------------------------------


def test_a_province_that_takes_no_part_has_no_teams_and_no_forms(app, factory, current_round):
    lead = client_for(app, factory, "lead", email="lead@example.org")
    page = lead.get("/teams/limburg?ronde=huidig").text
    assert "Limburg neemt niet deel aan deze ronde" in page
    assert "Oorsprong van P&amp;P" in page  # the participation's note
    assert "wordt samengesteld door de organisatie die gekozen wordt" not in page
    main = page.split('id="neemt-niet-deel"')[1]
    assert "<form" not in main.split("</main>")[0] and "-csrf_token" not in page
    service = client_for(app, factory, "service", "limburg")
    assert "neemt niet deel" in service.get("/teams/limburg?ronde=huidig").text
    start = rollout_start(app).isoformat()
    for client in (lead, service):
        page = lead.get("/teams/antwerpen?ronde=huidig").text
        response = client.post(
            "/teams/limburg/service/leden?ronde=huidig",
            data={
                "service-csrf_token": csrf_token(page),
                "service-name": "Piet",
                "service-role": "coordinator",
                "service-hours": "8",
                "service-valid_from": start,
            },
        )
        assert response.status_code == 403
    assert members(app) == 0


def test_the_policy_and_the_service_refuse_a_team_that_takes_no_part(app, factory, current_round):
    from rollout.policy import Action, can
    from rollout.staffing import services as teams
    from rollout.staffing.queries import team_ref
    from rollout.timeutil import utcnow

    lead = factory.get_user(factory.user("lead"))
    with app.app_context():
        rollout = db.session.scalar(select(Rollout).where(Rollout.slug == "huidig"))
        limburg = db.session.scalar(select(Province).where(Province.slug == "limburg"))
        ref = team_ref(db.session, rollout, limburg, TeamKind.SERVICE)
        assert not ref.takes_part and not can(lead, Action.EDIT_TEAM, ref)
        assert can(lead, Action.VIEW_TEAM, ref)
        with pytest.raises(teams.TeamError, match="neemt niet deel"):
            teams.add_member(
                db.session,
                ref,
                name="Piet",
                email="",
                role="coordinator",
                hours=8,
                valid_from=rollout.start_date,
                valid_until=None,
                act=Act.by(None, utcnow()),
            )


# --- 5. the days the forms propose ----------------------------------------------------------------


def test_an_ended_round_proposes_each_activitys_planned_day(app, factory, candidates):
    partner_in_2021(app, candidates)  # decided 29 jun 2021
    lead = client_for(app, factory, "lead", email="lead@example.org")
    page = lead.get(TEAM.format("2021-2022")).text
    assert field_value(page, "organisation-valid_from") == "2021-07-01"  # team-organisatie
    assert field_value(page, "service-valid_from") == "2021-07-01"  # team-pleegzorgdienst


def test_a_running_round_proposes_today(app, decided):
    from rollout.timeutil import brussels_today

    page = decided["lead"].get(TEAM.format("huidig")).text
    today = brussels_today().isoformat()
    assert field_value(page, "organisation-valid_from") == today
    assert field_value(page, "service-valid_from") == today


# --- 6. ?datum= far outside any round ------------------------------------------------------------


@pytest.mark.parametrize("asked", ["0001-01-01", "9999-12-31", "1999-12-31", "2101-01-01"])
def test_a_day_outside_2000_2100_falls_back_to_the_rounds_day(app, decided, asked):
    from rollout.formatting import date_nl
    from rollout.timeutil import brussels_today

    lead = decided["lead"]
    for path in (
        f"/teams?ronde=huidig&datum={asked}",
        f"/teams/antwerpen?ronde=huidig&datum={asked}",
    ):
        page = lead.get(path).text
        assert f'value="{asked}"' not in page
        assert f'value="{brussels_today().isoformat()}"' in page
        assert " 1 jan 1<" not in page and "dec 9999" not in page
        assert date_nl(brussels_today()) in page
    page = lead.get("/teams/antwerpen?ronde=huidig&datum=2100-12-31").text
    assert 'value="2100-12-31"' in page
