import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from rollout.extensions import db
from rollout.plan.models import Activity, Rollout
from rollout.timeutil import brussels_today
from tests.browser.test_sign_in import sign_in
from tests.prematching.test_views import client_for, decide, publish

pytestmark = pytest.mark.browser


def test_the_partner_composes_its_team_and_the_overview_turns_green(
    page,
    browser,
    live_server,
    app,
    factory,
    candidates,
):
    with app.app_context():
        rollout = db.session.scalar(select(Rollout).where(Rollout.slug == "huidig"))
        start = brussels_today().isoformat()
        due = db.session.scalar(
            select(Activity.planned_end).where(
                Activity.rollout_id == rollout.id, Activity.slug == "team-samengesteld"
            )
        ).isoformat()
    lead_client = client_for(app, factory, "lead", email="lead-api@example.org")
    # decided today (after the deadline, which the helper moves to yesterday, and after the
    # verdict on paper): its team may start from then on
    decide(lead_client, candidates["Eik"], decided_on=start)
    publish(lead_client)

    lead = browser.new_context(base_url=live_server).new_page()
    sign_in(lead, factory.user("lead", email="lead@example.org"))
    lead.goto("/teams?ronde=huidig")
    row = lead.locator("tr[data-province=antwerpen][data-team=organisation]")
    # today the teams need not be composed yet: grey, not red
    expect(row.locator("td[data-role=parent_counsellor]")).to_have_attribute(
        "data-status", "not_required"
    )
    lead.goto(f"/teams?ronde=huidig&datum={due}")
    expect(row.locator("td[data-role=parent_counsellor]")).to_have_attribute(
        "data-status", "missing"
    )

    sign_in(page, factory.user("organisation", "antwerpen", organisation_id=candidates["Eik-org"]))
    page.goto(f"/teams/antwerpen?ronde=huidig&datum={due}")
    team = page.locator("#blok-organisation")
    expect(team.locator("li[data-role=parent_counsellor]")).to_have_attribute(
        "data-status", "missing"
    )

    def add(name, role, hours):
        team.locator("summary", has_text="Teamlid toevoegen").click()
        team.get_by_label("Naam", exact=True).fill(name)
        team.get_by_label("Rol", exact=True).select_option(role)
        team.get_by_label("Uren per week", exact=True).fill(hours)
        team.locator("#organisation-valid_from").fill(start)
        team.get_by_role("button", name="Teamlid toevoegen").click()
        expect(page.get_by_text(f"{name} is toegevoegd.")).to_be_visible()

    add("An", "coordinator", "8")
    add("Sara", "pp_counsellor", "19")
    expect(team.locator("li[data-role=parent_counsellor]")).to_have_attribute(
        "data-status", "missing"
    )
    add("Tom", "parent_counsellor", "8")
    for role in ("coordinator", "pp_counsellor", "parent_counsellor"):
        expect(team.locator(f"li[data-role={role}]")).to_have_attribute("data-status", "met")
    expect(team.locator(".main-svg").first).to_be_visible()  # declared against required hours

    lead.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Teams").click()
    for role in ("coordinator", "pp_counsellor", "parent_counsellor"):
        expect(row.locator(f"td[data-role={role}]")).to_have_attribute("data-status", "met")
    lead.context.close()
