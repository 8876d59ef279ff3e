"""Who composes a team and from when (issue 9, point 5), and how the partner organisation and the
foster-care service reach their team (point 8)."""

import re

from sqlalchemy import select

from rollout.auth.models import Role, User
from rollout.changes import Act
from rollout.extensions import db
from rollout.policy import Action, can
from rollout.staffing.models import TeamKind
from tests.conftest import sign_in
from tests.prematching.test_views import client_for, decide, publish
from tests.staffing.test_views import add, members, rollout_start
from tests.staffing.test_when_required import planned


def test_nobody_adds_to_the_organisations_team_before_the_partner_is_published(
    app,
    factory,
    candidates,
):
    lead = client_for(app, factory, "lead", email="lead@example.org")
    start = rollout_start(app).isoformat()
    assert add(lead, "organisation", "An", "coordinator", "8", start).status_code == 403
    page = lead.get("/teams/antwerpen?ronde=huidig").text
    assert "Nog geen gepubliceerde partnerorganisatie in Antwerpen." in page
    window = planned(app, "team-organisatie")
    assert re.search(rf"gepland van \d+ \w+ \d{{4}} tot {window.day} ", page)
    assert 'action="/teams/antwerpen/organisation/leden' not in page  # no form to fill in
    assert 'action="/teams/antwerpen/service/leden' in page  # the service's team is open
    assert "Samen te stellen door Pleegzorg Provincie Antwerpen" in page
    assert add(lead, "service", "Piet", "coordinator", "8", start).status_code == 302

    # decided (on the round's first day), not yet published: still closed
    decide(lead, candidates["Eik"], decided_on=start)
    assert add(lead, "organisation", "An", "coordinator", "8", start).status_code == 403
    assert members(app) == 1

    publish(lead)
    page = lead.get("/teams/antwerpen?ronde=huidig").text
    assert "Samen te stellen door de partnerorganisatie Voorziening Eik, gepland van" in page
    assert add(lead, "organisation", "An", "coordinator", "8", start).status_code == 302
    assert members(app) == 2


def test_the_policy_and_the_service_refuse_a_team_without_partner(app, factory, current_round):
    from rollout.plan.models import Province, Rollout
    from rollout.plan.models import StaffingRole as R
    from rollout.staffing import services as teams
    from rollout.staffing.queries import team_ref
    from rollout.timeutil import utcnow

    email = factory.user("lead")
    with app.app_context():
        lead = db.session.scalar(select(User).where(User.email == email))
        rollout = db.session.scalar(select(Rollout).where(Rollout.slug == "huidig"))
        antwerpen = db.session.scalar(select(Province).where(Province.slug == "antwerpen"))
        ref = team_ref(db.session, rollout, antwerpen, TeamKind.ORGANISATION)
        assert lead.role is Role.LEAD and not can(lead, Action.EDIT_TEAM, ref)
        assert can(lead, Action.VIEW_TEAM, ref)
        try:
            teams.add_member(
                db.session,
                ref,
                name="An",
                email="",
                role=R.COORDINATOR,
                hours=8,
                valid_from=rollout.start_date,
                valid_until=None,
                act=Act.by(lead.id, utcnow()),
            )
        except teams.TeamError as error:
            assert "nog geen gepubliceerde partnerorganisatie" in str(error)
        else:
            raise AssertionError("a member was added to a team without partner")


def nav_links(page: str) -> dict[str, str]:
    nav = re.search(r'aria-label="Hoofdnavigatie".*?</nav>', page, re.S).group(0)
    return {
        re.sub(r"<[^>]+>", "", text).strip(): href.replace("&amp;", "&")
        for href, text in re.findall(r'<a[^>]*href="([^"]+)"[^>]*>(.*?)</a>', nav, re.S)
    }


def test_the_partner_reaches_its_team_from_its_home_and_the_navigation(
    app,
    factory,
    candidates,
):
    lead = client_for(app, factory, "lead", email="lead@example.org")
    partner = app.test_client()
    sign_in(
        partner,
        factory.user("organisation", "antwerpen", organisation_id=candidates["Eik-org"]),
    )
    other = app.test_client()
    sign_in(
        other,
        factory.user(
            "organisation", "antwerpen", organisation_id=candidates["Beuk-org"], email="b@x.org"
        ),
    )
    home = partner.get("/mijn-organisatie", follow_redirects=True).text
    assert "P&amp;P-team" not in nav_links(home) and "P&P-team" not in nav_links(home)
    assert 'id="mijn-team"' not in home

    decide(lead, candidates["Eik"])
    publish(lead)
    home = partner.get("/", follow_redirects=True).text
    assert nav_links(home)["P&amp;P-team"] == "/teams/antwerpen?ronde=huidig"
    assert 'id="mijn-team"' in home and 'href="/teams/antwerpen?ronde=huidig"' in home
    assert partner.get("/teams/antwerpen?ronde=huidig").status_code == 200
    not_chosen = other.get("/", follow_redirects=True).text
    assert "P&amp;P-team" not in nav_links(not_chosen) and 'id="mijn-team"' not in not_chosen


def test_a_service_reaches_its_provinces_teams_from_its_navigation(app, factory, current_round):
    service = client_for(app, factory, "service", "antwerpen")
    links = nav_links(service.get("/", follow_redirects=True).text)
    assert links["P&amp;P-team"] == "/teams/antwerpen"
    assert "Teams" not in links
    assert service.get(links["P&amp;P-team"]).status_code == 200
    lead = client_for(app, factory, "lead", email="lead@example.org")
    assert nav_links(lead.get("/teams").text)["Teams"] == "/teams"
