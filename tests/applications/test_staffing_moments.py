"""The application's staffing plan checked at the moments the plan gives them (issue 9,
point 7): the start of the cooperation (the teams composed) and the start of the trajectories,
never the round's first day that has already passed; the section is not complete while the
plan fails the rule."""

import re
from datetime import date

from sqlalchemy import select

from rollout.applications import queries, services
from rollout.applications.models import Application
from rollout.changes import Act
from rollout.extensions import db
from rollout.formatting import date_nl
from rollout.plan.models import Activity, Rollout
from tests.factories import COMPLETE_STAFFING, fill_complete, start


def planned(app, slug) -> date:
    with app.app_context():
        return db.session.scalar(
            select(Activity.planned_end)
            .join(Rollout, Rollout.id == Activity.rollout_id)
            .where(Rollout.slug == "huidig", Activity.slug == slug)
        )


def test_the_check_names_the_plans_moments_with_their_dates(app, client, applicant):
    application_id = start(app, applicant.organisation_id)
    page = client.get(f"/aanmeldingen/{application_id}/bezetting").text
    composed, trajectories = planned(app, "team-samengesteld"), planned(app, "start-trajecten")
    assert composed > date.today() and trajectories > composed
    check = page.split('id="bezetting-controle"')[1]
    small = '<small class="text-body-secondary">'
    assert f"Bij de start van de samenwerking {small}({date_nl(composed)})" in check
    assert f"Vanaf de start van de trajecten {small}({date_nl(trajectories)})" in check
    assert f'<span id="moment-start">{date_nl(composed)}</span>' in page
    assert f'<span id="moment-trajecten">{date_nl(trajectories)}</span>' in page
    # nothing planned yet: the rule is not met (never "not yet required" on those days)
    assert 'data-status="not_required"' not in check
    with app.app_context():
        application = db.session.get(Application, application_id)
        staffing = queries.staffing_check(db.session, application)
        assert (staffing.start_date, staffing.trajectories_date) == (composed, trajectories)
        assert not staffing.is_met


def bezetting_badge(page: str) -> str:
    row = re.search(r'/bezetting"[^>]*>Bezetting \(P&amp;P-team\)</a>\s*(.*?)</li>', page, re.S)
    assert row, "no bezetting section in the sidebar"
    return row.group(1)


def test_the_section_is_not_complete_while_the_plan_fails_the_rule(app, client, applicant):
    application_id = start(app, applicant.organisation_id)
    fill_complete(app, application_id)
    page = client.get(f"/aanmeldingen/{application_id}/bezetting").text
    assert "✓" in bezetting_badge(page)
    short = {
        **COMPLETE_STAFFING,
        "pp_counsellor": {**COMPLETE_STAFFING["pp_counsellor"], "hours_trajectories": 12},
    }
    with app.app_context():
        application = db.session.get(Application, application_id)
        services.save_section(
            db.session,
            application,
            "bezetting",
            short,
            requirements=queries.requirements_of(db.session, application.rollout),
            act=Act.by(None, application.updated_at),
            expected_version=application.version,
        )
        db.session.commit()
    page = client.get(f"/aanmeldingen/{application_id}/bezetting").text
    badge = bezetting_badge(page)
    assert "✓" not in badge and "nog niet volledig" in badge
    assert "1 uur te weinig" not in page and "7 uur te weinig (minstens 19)" in page
