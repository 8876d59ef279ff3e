"""Rounds that lie in the past: their state, the day their pages show, one selector remembered
between pages, and closing a round (issue 9, points 2 and 3)."""

from datetime import date

import pytest
from sqlalchemy import select

from rollout.extensions import db
from rollout.plan.models import Activity, ActivityProgress, Province, Rollout
from rollout.plan.queries import default_rollout
from rollout.plan.rules import RoundState, as_of, happened_on_problem, round_state
from rollout.timeutil import utcnow
from tests.conftest import csrf_token

FIRST, LAST = date(2021, 2, 1), date(2022, 12, 31)


# --- rules ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "closed", "expected"),
    [
        (date(2021, 1, 31), False, RoundState.UPCOMING),
        (FIRST, False, RoundState.RUNNING),
        (LAST, False, RoundState.RUNNING),
        (date(2023, 1, 1), False, RoundState.ENDED),
        (date(2026, 11, 24), True, RoundState.CLOSED),
    ],
)
def test_round_state(today, closed, expected):
    assert round_state(FIRST, LAST, closed, today) is expected


def test_an_ended_round_is_shown_as_it_stood_on_its_last_day():
    assert as_of(date(2026, 11, 24), LAST) == LAST
    assert as_of(date(2022, 6, 1), LAST) == date(2022, 6, 1)


def test_a_date_it_happened_is_never_later_than_today_and_within_the_round():
    today = date(2026, 11, 24)
    assert happened_on_problem(date(2021, 6, 25), today, FIRST, LAST) is None
    assert "toekomst" in happened_on_problem(date(2026, 11, 25), today, FIRST, LAST)
    outside = happened_on_problem(date(2026, 11, 24), today, FIRST, LAST)
    assert "buiten de ronde" in outside and "31 dec 2022" in outside
    assert "buiten de ronde" in happened_on_problem(date(2021, 1, 31), today, FIRST, LAST)
    # while a round runs, today is allowed, tomorrow not
    running = date(2021, 6, 30)
    assert happened_on_problem(running, running, FIRST, LAST) is None
    assert "toekomst" in happened_on_problem(date(2021, 7, 1), running, FIRST, LAST)


def test_the_default_round_is_the_latest_that_started():
    class R:
        def __init__(self, slug, start):
            self.slug, self.start_date = slug, start

    old, new, coming = (
        R("old", date(2021, 2, 1)),
        R("new", date(2026, 3, 1)),
        R("x", date(2027, 1, 1)),
    )
    assert default_rollout([old, new, coming], date(2026, 11, 24)) is new
    assert default_rollout([old, coming], date(2026, 11, 24)) is old
    assert default_rollout([coming], date(2026, 11, 24)) is coming


def test_a_round_knows_its_last_planned_day(app, seeded):
    with app.app_context():
        rollout = db.session.scalar(select(Rollout).where(Rollout.slug == seeded))
        assert rollout.last_day == LAST


# --- pages ------------------------------------------------------------------------------------


def test_an_ended_round_says_so_instead_of_a_current_phase(client, login_as, current_round):
    login_as("lead")
    for path in ("/provinces/antwerpen", "/provinces", "/plan"):
        page = client.get(f"{path}?ronde=2021-2022").text
        assert "afgelopen" in page, path
        assert "1 feb 2021 – 31 dec 2022" in page, path
        assert "Huidige fase" not in page and "Volgens plan in fase" not in page, path
    running = client.get("/provinces/antwerpen?ronde=huidig").text
    assert "Huidige fase" in running and 'id="afgelopen"' not in running


def test_overdue_days_stop_at_the_end_of_the_round(client, login_as, seeded):
    """An unfinished phase of an ended round is behind by the days up to the round's end,
    not up to today, and is no longer "lopend"."""
    login_as("lead")
    page = client.get("/provinces?ronde=2021-2022").text
    row = page[page.index('data-province="antwerpen"') :]
    cells = row[: row.index("</tr>")].split("<td")
    fitting = cells[-2]  # F4 Fitting: planned to end on 31 May 2022, nothing done
    assert "+214" in fitting  # 31 May 2022 to 31 Dec 2022, the round's last day
    assert "lopend" not in fitting and "niet af" in fitting


def test_the_chosen_round_is_remembered_between_pages(client, login_as, current_round):
    login_as("lead")
    assert "Huidige ronde" in client.get("/provinces").text  # the running round by default
    client.get("/provinces?ronde=2021-2022")
    for path in ("/teams", "/matching", "/aanmeldingen", "/vragenronde", "/provinces/antwerpen"):
        page = client.get(path).text
        bar = page[page.index('id="ronde-balk"') :]
        bar = bar[: bar.index("</form>")]
        assert 'id="ronde-naam">Verspreidingsplan P&amp;P 2021-2022<' in bar, path
        assert "afgelopen" in bar, path
    client.get("/teams?ronde=huidig")
    assert 'id="ronde-naam">Huidige ronde<' in client.get("/provinces").text


def test_an_unknown_round_is_not_found(client, login_as, seeded):
    login_as("lead")
    assert client.get("/provinces?ronde=bestaat-niet").status_code == 404


def test_an_organisation_reaches_an_older_round_the_same_way(client, login_as, current_round):
    login_as("organisation", "antwerpen")
    page = client.get("/provinces/antwerpen?ronde=2021-2022").text
    assert 'id="ronde-naam">Verspreidingsplan P&amp;P 2021-2022<' in page
    assert '<option value="huidig"' in page
    assert 'id="ronde-naam">Verspreidingsplan P&amp;P 2021-2022<' in client.get("/vragenronde").text


def test_a_page_of_one_round_names_it_and_offers_no_other(app, client, login_as, current_round):
    login_as("lead")
    with app.app_context():
        activity = db.session.scalar(
            select(Activity)
            .join(Rollout, Activity.rollout_id == Rollout.id)
            .where(Rollout.slug == "2021-2022", Activity.slug == "website")
        )
        activity_id = activity.id
    page = client.get(f"/activiteiten/{activity_id}").text
    assert 'id="ronde-naam">Verspreidingsplan P&amp;P 2021-2022<' in page
    assert 'name="ronde"' not in page


# --- closing a round --------------------------------------------------------------------------


def _close(client, slug="2021-2022"):
    token = csrf_token(client.get(f"/plan?ronde={slug}").text)
    return client.post(f"/rondes/{slug}/afsluiten", data={"csrf_token": token})


def test_a_lead_closes_and_reopens_a_round(app, client, login_as, seeded):
    login_as("lead")
    assert _close(client).status_code == 302
    page = client.get("/plan?ronde=2021-2022").text
    assert "afgesloten" in page and "Ronde heropenen" in page
    with app.app_context():
        assert db.session.scalar(select(Rollout.closed_at).where(Rollout.slug == seeded))
    token = csrf_token(page)
    client.post("/rondes/2021-2022/heropenen", data={"csrf_token": token})
    with app.app_context():
        assert db.session.scalar(select(Rollout.closed_at).where(Rollout.slug == seeded)) is None


def test_closing_needs_a_lead_and_a_token(client, login_as, seeded):
    login_as("service")
    token = csrf_token(client.get("/plan").text)
    assert client.post("/rondes/2021-2022/afsluiten", data={"csrf_token": token}).status_code == 403
    assert (
        client.post("/rondes/bestaat-niet/afsluiten", data={"csrf_token": token}).status_code == 404
    )


def test_a_closed_round_is_read_only_for_organisations_and_services(app, factory, seeded):
    from rollout.applications.models import Application
    from rollout.policy import Action, OrganisationInRound, can
    from rollout.staffing.models import TeamKind
    from rollout.staffing.queries import team_ref

    org_id = factory.organisation("antwerpen")
    org_email = factory.user("organisation", organisation_id=org_id, email="o@example.org")
    service_email = factory.user("service", email="s@example.org")
    lead_email = factory.user("lead", email="l@example.org")
    with app.app_context():
        from rollout.auth.models import Organisation, User

        rollout = db.session.scalar(select(Rollout).where(Rollout.slug == seeded))
        province = db.session.scalar(select(Province).where(Province.slug == "antwerpen"))
        organisation = db.session.get(Organisation, org_id)
        application = Application(rollout=rollout, organisation=organisation)
        db.session.add(application)
        db.session.flush()
        users = {
            e: db.session.scalar(select(User).where(User.email == e))
            for e in (org_email, service_email, lead_email)
        }
        org, service, lead = users[org_email], users[service_email], users[lead_email]
        service_team = team_ref(db.session, rollout, province, TeamKind.SERVICE)
        in_round = OrganisationInRound.of(organisation, rollout)
        assert can(org, Action.START_APPLICATION, in_round)
        assert can(org, Action.REGISTER_QA, in_round)
        assert can(service, Action.EDIT_TEAM, service_team)

        rollout.closed_at = utcnow()
        assert not can(org, Action.START_APPLICATION, in_round)
        assert not can(org, Action.REGISTER_QA, in_round)
        assert not can(org, Action.EDIT_APPLICATION, application)
        assert not can(org, Action.WITHDRAW_APPLICATION, application)
        assert not can(service, Action.EDIT_TEAM, service_team)
        assert can(service, Action.VIEW_TEAM, service_team)  # still readable
        assert can(org, Action.VIEW_APPLICATION, application)
        assert can(lead, Action.EDIT_TEAM, service_team)  # leads keep correcting
        db.session.rollback()


def test_an_organisation_cannot_start_an_application_in_a_closed_round(
    app, client, factory, seeded
):
    from tests.conftest import sign_in

    email = factory.user("organisation")
    with app.app_context():
        rollout = db.session.scalar(select(Rollout).where(Rollout.slug == seeded))
        rollout.closed_at = utcnow()
        db.session.commit()
    sign_in(client, email)
    page = client.get("/aanmeldingsfiche?ronde=2021-2022")
    response = client.post(
        "/aanmeldingsfiche?ronde=2021-2022", data={"csrf_token": csrf_token(page.text)}
    )
    assert response.status_code in (403, 404)
    with app.app_context():
        from rollout.applications.models import Application

        assert db.session.scalar(select(Application.id)) is None


def test_a_milestone_done_in_an_ended_round_keeps_its_date(app, client, login_as, seeded):
    """Nothing in an ended round turns overdue after its end: a decision recorded on its
    planned day stays 'Afgerond'."""
    login_as("lead")
    with app.app_context():
        activity = db.session.scalar(select(Activity).where(Activity.slug == "beslissing"))
        province = db.session.scalar(select(Province).where(Province.slug == "antwerpen"))
        db.session.add(
            ActivityProgress(activity=activity, province=province, actual_end=date(2021, 6, 30))
        )
        db.session.commit()
    page = client.get("/provinces/antwerpen?ronde=2021-2022").text
    row = page[page.index('data-activity="beslissing"') :]
    assert 'data-status="done"' in row[: row.index(">")]


def test_in_an_ended_round_nothing_is_still_running_or_planned(client, login_as, seeded):
    """What was not done by the round's last day is overdue, not "Lopend" or "Gepland"."""
    login_as("lead")
    page = client.get("/provinces/antwerpen?ronde=2021-2022").text
    assert 'data-status="in_progress"' not in page and 'data-status="planned"' not in page
    row = page[page.index('data-activity="workshops"') :]
    assert 'data-status="overdue"' in row[: row.index(">")]
    overview = client.get("/provinces?ronde=2021-2022").text
    training = overview[overview.index('data-province="antwerpen"') :]
    training = training[: training.index("</tr>")].split("<td")[-1]
    assert "+0" in training and "niet af" in training  # phase 5 ends on the round's last day


def test_days_ahead_show_a_real_minus_sign():
    from rollout.formatting import signed_days

    assert [signed_days(d) for d in (-5, 0, 5)] == ["\u22125", "+0", "+5"]


def test_a_change_refused_because_the_round_is_closed_says_so(app, client, factory, seeded):
    """An organisation that opened its draft before a lead closed the round is told why."""
    from rollout.applications.models import Application
    from rollout.auth.models import Organisation
    from tests.conftest import sign_in

    org_id = factory.organisation("antwerpen")
    email = factory.user("organisation", organisation_id=org_id, email="o@example.org")
    with app.app_context():
        rollout = db.session.scalar(select(Rollout).where(Rollout.slug == seeded))
        application = Application(
            rollout=rollout, organisation=db.session.get(Organisation, org_id)
        )
        db.session.add(application)
        db.session.commit()
        application_id = application.id
    sign_in(client, email)
    page = client.get(f"/aanmeldingen/{application_id}")
    with app.app_context():
        db.session.scalar(select(Rollout).where(Rollout.slug == seeded)).closed_at = utcnow()
        db.session.commit()
    response = client.post(
        f"/aanmeldingen/{application_id}/intrekken",
        data={"csrf_token": csrf_token(page.text), "reason": "Toch niet"},
    )
    assert response.status_code == 403
    assert "Deze ronde is afgesloten" in response.text
    # someone else's application in the closed round stays not found, as before
    other = factory.organisation("antwerpen", "Andere voorziening")
    with app.app_context():
        rollout = db.session.scalar(select(Rollout).where(Rollout.slug == seeded))
        theirs = Application(rollout=rollout, organisation=db.session.get(Organisation, other))
        db.session.add(theirs)
        db.session.commit()
        theirs_id = theirs.id
    response = client.post(
        f"/aanmeldingen/{theirs_id}/intrekken",
        data={"csrf_token": csrf_token(page.text), "reason": "x"},
    )
    assert response.status_code == 404 and "afgesloten" not in response.text


def test_a_province_that_does_not_take_part_shows_the_plan_without_statuses(
    client, login_as, current_round
):
    login_as("lead")
    page = client.get("/provinces/limburg?ronde=huidig").text
    assert "Limburg neemt niet deel aan deze ronde" in page
    assert "Huidige fase" not in page and 'id="tijdlijn"' not in page
    row = page[page.index('data-activity="aanmeldingsfiche"') :]
    row = row[: row.index("</tr>")]
    assert 'data-status=""' in row and "Lopend" not in row and "Gepland" not in row
