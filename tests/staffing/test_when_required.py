"""When the 8u/19u rule applies (issue 9, point 6): the 8 hours from the milestone by which a
province's teams are composed, the 19 hours from its start of the trajectories, configured in
the seed file; before that a team is "nog niet vereist" (grey), never red."""

import re
from dataclasses import replace
from datetime import date

from sqlalchemy import select

from rollout.extensions import db
from rollout.plan.models import Activity, Province, Rollout, StaffingRule
from rollout.plan.seeding import apply_plan
from rollout.staffing.queries import rules_for
from rollout.timeutil import brussels_today
from tests.prematching.test_views import milestone_done
from tests.staffing.helpers import add, rollout_start


def planned(app, slug, rollout="huidig") -> date:
    with app.app_context():
        return db.session.scalar(
            select(Activity.planned_end)
            .join(Rollout, Rollout.id == Activity.rollout_id)
            .where(Rollout.slug == rollout, Activity.slug == slug)
        )


def test_the_seed_file_ties_the_rule_to_the_teams_composed_and_the_start_of_trajectories(
    plan_spec,
):
    anchors = {(r.role, r.min_hours): r.applies_from for r in plan_spec.staffing_rules}
    assert anchors == {
        ("coordinator", 8): "team-samengesteld",
        ("pp_counsellor", 8): "team-samengesteld",
        ("parent_counsellor", 8): "team-samengesteld",
        ("pp_counsellor", 19): "start-trajecten",
    }


def test_reseeding_an_existing_database_moves_the_rule_to_the_milestone(app, plan_spec):
    old = replace(
        plan_spec,
        staffing_rules=tuple(
            replace(r, applies_from="rollout_start") if r.min_hours == 8 else r
            for r in plan_spec.staffing_rules
        ),
    )
    with app.app_context():
        rollout, _ = apply_plan(db.session, old)
        db.session.commit()
        assert {r.applies_from for r in rules_for(db.session, rollout)} == {
            date(2021, 2, 1),
            date(2022, 5, 1),
        }
        _, report = apply_plan(db.session, plan_spec)
        db.session.commit()
        assert report.updated == 3
        rows = db.session.scalars(select(StaffingRule).where(StaffingRule.min_hours == 8)).all()
        assert {r.applies_from_activity.slug for r in rows} == {"team-samengesteld"}
        assert {r.applies_from_date for r in rows} == {None}
        assert {r.applies_from for r in rules_for(db.session, rollout)} == {
            date(2021, 9, 30),
            date(2022, 5, 1),
        }


def statuses(page: str, province="antwerpen", team="organisation") -> set[str]:
    row = re.search(
        rf'<tr data-province="{province}" data-team="{team}">(.*?)</tr>', page, re.S
    ).group(1)
    return set(re.findall(r'data-status="(\w+)"', row))


def test_in_the_application_phase_every_team_is_not_yet_required(app, decided):
    lead = decided["lead"]
    overview = lead.get("/teams?ronde=huidig").text
    assert 'data-status="missing"' not in overview and 'data-status="short"' not in overview
    assert statuses(overview) == {"not_required"} == statuses(overview, team="service")
    assert "nog niet vereist" in overview
    due = planned(app, "team-samengesteld")
    later = lead.get(f"/teams?ronde=huidig&datum={due.isoformat()}").text
    assert statuses(later) == {"missing"}  # from the planned composition on: red
    page = lead.get("/teams/antwerpen?ronde=huidig").text
    assert page.count('data-status="not_required"') == 6
    assert "nog niet vereist" in page
    assert f"De urenregel geldt in Antwerpen vanaf {due.day} " in page


def test_a_team_composed_early_is_held_to_the_rule_from_that_day(app, decided):
    lead = decided["lead"]
    composed = rollout_start(app).replace(day=10)
    for name, role in (
        ("An", "coordinator"),
        ("Sara", "pp_counsellor"),
        ("Tom", "parent_counsellor"),
    ):
        add(lead, "organisation", name, role, "8", composed.isoformat())
    assert milestone_done(app, "team-samengesteld") == composed
    before = lead.get(f"/teams?ronde=huidig&datum={composed.replace(day=9).isoformat()}").text
    assert statuses(before) == {"not_required"}
    on_the_day = lead.get(f"/teams?ronde=huidig&datum={composed.isoformat()}").text
    assert statuses(on_the_day) == {"met"}
    # the service's team is held to it from the same milestone: red, not grey
    assert statuses(on_the_day, team="service") == {"missing"}
    trajectories = planned(app, "start-trajecten")
    at_trajectories = lead.get(f"/teams?ronde=huidig&datum={trajectories.isoformat()}").text
    assert 'data-role="pp_counsellor" data-status="short"' in at_trajectories


def test_the_demo_round_shows_no_red_in_its_application_phase(app, plan_spec, factory):
    from rollout.demo import DEMO_ROUND_SLUG, load_demo
    from tests.conftest import sign_in

    with app.app_context():
        load_demo(db.session, plan_spec, brussels_today())
        db.session.commit()
    lead = app.test_client()
    sign_in(lead, factory.user("lead", email="lead-test@example.org"))
    page = lead.get(f"/teams?ronde={DEMO_ROUND_SLUG}").text
    assert 'data-province="antwerpen"' in page
    assert 'data-status="missing"' not in page and 'data-status="short"' not in page
    with app.app_context():
        antwerpen = db.session.scalar(select(Province).where(Province.slug == "antwerpen"))
        demo = db.session.scalar(select(Rollout).where(Rollout.slug == DEMO_ROUND_SLUG))
        assert (
            min(r.applies_from for r in rules_for(db.session, demo, antwerpen)) > brussels_today()
        )
