"""The province page, the overview and the list pages (teams, matching, applications) cache what
they show under the rollout's data version (issue 16, point 2): every change a user can make
shows at once, a second load does not read the plan again, and signing in bumps nothing."""

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import event, select, update

from config import TestingConfig
from rollout import create_app
from rollout.auth.models import Organisation, User
from rollout.extensions import cache, db
from rollout.plan.models import Activity, ActivityProgress, Province, Rollout
from rollout.staffing.models import TeamMember
from tests.conftest import SEED_FILE, csrf_token, sign_in
from tests.plan.test_progress_views import post_done, url
from tests.prematching.test_views import client_for, decide, publish
from tests.staffing.helpers import add, rollout_start
from tests.staffing.test_views import post_change

PAST = "/provinces/antwerpen?ronde=2021-2022"
RUNNING = "/provinces/antwerpen?ronde=huidig"
BRUSSELS = ZoneInfo("Europe/Brussels")


class Statements:
    """The SQL statements an engine runs meanwhile."""

    def __init__(self, app):
        with app.app_context():
            self.engine = db.engine
        self.seen: list[str] = []

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._note)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._note)

    def _note(self, conn, cursor, statement, *args):
        self.seen.append(statement)

    def reading(self, table: str) -> list[str]:
        """The statements that load rows of `table`."""
        return [s for s in self.seen if re.match(rf"SELECT {table}\.", s)]


def status_of(page: str, activity: str) -> str:
    """The status the province page's table gives an activity."""
    return re.search(rf'data-activity="{activity}" data-status="([a-z_]*)"', page).group(1)


def done_in_overview(page: str, province: str = "antwerpen") -> str:
    row = page[page.index(f'data-province="{province}"') :]
    return re.search(r'<td class="text-end">(\d+ / \d+)</td>', row).group(1)


def version_of(app, slug: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Rollout.data_version).where(Rollout.slug == slug))


# --- a second load is served from the cache ---------------------------------------------------


def test_a_second_load_reads_no_plan_and_shows_the_same(app, client, login_as):
    login_as("lead")
    for path in (PAST, "/provinces?ronde=2021-2022"):
        with Statements(app) as first:
            page = client.get(path)
        with Statements(app) as second:
            again = client.get(path)
        assert page.status_code == again.status_code == 200
        assert first.reading("activity_progress") and first.reading("phase")
        assert not second.reading("activity_progress") and not second.reading("phase")
        assert len(second.seen) < len(first.seen)
        assert _without_tokens(again.text) == _without_tokens(page.text)


def _without_tokens(page: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]*"', "", page)


def test_every_viewer_of_a_province_sees_the_same_cached_parts(app, factory, seeded):
    """The cached parts hold nothing of a viewer: a service member filling the cache and a lead
    reading it see the same table as each other and as without the cache."""
    service = client_for(app, factory, "service")
    lead = client_for(app, factory, "lead")
    filled = service.get(PAST).text
    read = lead.get(PAST).text
    with app.app_context():
        cache.clear()
    fresh = lead.get(PAST).text
    table = _table_of
    assert table(filled) == table(read) == table(fresh)
    assert "tijdlijn-data" in read


def _table_of(page: str) -> str:
    """From where the round stands to the end, without the viewer's own calendar link."""
    shown = page[page.index('id="huidige-fase"') :]
    return re.sub(r'id="kalender"[^>]*>', "", shown)


def test_signing_in_and_a_refreshed_last_request_bump_no_version(app, client, factory, seeded):
    email = factory.user("lead")
    before = version_of(app, "2021-2022")
    start = datetime(2026, 3, 2, 9, 0, tzinfo=BRUSSELS)
    with time_machine.travel(start, tick=False):
        sign_in(client, email)
        client.get(PAST)
    with time_machine.travel(start + timedelta(minutes=5), tick=False):
        response = client.get(PAST)  # the session's last request is noted again
        assert "Set-Cookie" in response.headers
    sign_in(client, email, "not the password")  # a failed sign-in is counted (login_failure)
    sign_in(client, email)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        assert user.last_login_at is not None
    assert version_of(app, "2021-2022") == before


# --- every change shows at once ---------------------------------------------------------------


def test_progress_recorded_on_an_activity_shows_at_once(app, client, login_as):
    login_as("lead")
    assert status_of(client.get(PAST).text, "prematching-gesprek") == "overdue"
    overview = client.get("/provinces?ronde=2021-2022").text
    path = url(app, "prematching-gesprek")
    response = post_done(client, path, actual_start="2021-06-02", actual_end="2021-06-29")
    assert response.status_code == 302
    assert status_of(client.get(PAST).text, "prematching-gesprek") == "done"
    assert done_in_overview(client.get("/provinces?ronde=2021-2022").text) != done_in_overview(
        overview
    )


def test_moved_planned_dates_show_at_once(app, client, login_as):
    login_as("lead")
    assert "verschoven" not in _row(client.get(PAST).text, "blauwdruk")
    path = url(app, "blauwdruk")
    page = client.get(path).text
    response = client.post(
        path,
        data={
            "move-csrf_token": csrf_token(page),
            "move-version": "0",
            "move-planned_start": "2021-10-01",
            "move-planned_end": "2021-10-29",
            "move-reason": "Later gestart",
            "move-submit": "Planning verschuiven",
        },
    )
    assert response.status_code == 302
    row = _row(client.get(PAST).text, "blauwdruk")
    assert "verschoven" in row and "29 okt 2021" in row


def _row(page: str, activity: str) -> str:
    row = page[page.index(f'data-activity="{activity}"') :]
    return row[: row.index("</tr>")]


def test_a_reseeded_plan_shows_at_once(app, client, login_as, tmp_path):
    login_as("lead")
    old = "Prematching in gesprek: is er een match tussen organisatie en pleegzorgdienst?"
    assert old in client.get(PAST).text
    seed = tmp_path / "plan.yaml"
    seed.write_text(SEED_FILE.read_text().replace(old, "Prematchingsgesprek (hernoemd)"))
    result = app.test_cli_runner().invoke(args=["seed", "--file", str(seed)])
    assert result.exit_code == 0, result.output
    page = client.get(PAST).text
    assert "Prematchingsgesprek (hernoemd)" in page and old not in page


def test_a_new_round_seeded_shows_at_once(app, client, login_as):
    login_as("lead")
    assert "Ronde 2030" not in client.get("/provinces").text
    result = app.test_cli_runner().invoke(
        args=["seed", "--start", "2030-01-01", "--name", "Ronde 2030", "--slug", "r2030"]
    )
    assert result.exit_code == 0, result.output
    assert "Ronde 2030" in client.get("/provinces?ronde=r2030").text


def test_a_decision_and_its_publication_show_at_once(app, factory, candidates):
    lead = client_for(app, factory, "lead")
    service = client_for(app, factory, "service")
    before = status_of(lead.get(RUNNING).text, "beslissing")
    assert 'id="partner"' not in service.get(RUNNING).text
    assert decide(lead, candidates["Eik"]).status_code == 302
    assert status_of(lead.get(RUNNING).text, "beslissing") in ("done", "done_late") != before
    assert status_of(service.get(RUNNING).text, "beslissing") in ("done", "done_late")
    assert 'id="partner"' not in service.get(RUNNING).text  # not yet published
    assert publish(lead).status_code == 302
    page = service.get(RUNNING).text
    assert 'id="partner"' in page and "Voorziening Eik" in page


def test_team_changes_show_at_once(app, decided):
    lead = decided["lead"]
    start = rollout_start(app).isoformat()
    before = status_of(lead.get(RUNNING).text, "team-samengesteld")
    for name, role in (("An", "coordinator"), ("Sara", "pp_counsellor")):
        assert add(lead, "organisation", name, role, "8", start).status_code == 302
    assert status_of(lead.get(RUNNING).text, "team-samengesteld") == before
    assert add(lead, "organisation", "Tom", "parent_counsellor", "8", start).status_code == 302
    reached = status_of(lead.get(RUNNING).text, "team-samengesteld")
    assert reached in ("done", "done_late") and reached != before

    with app.app_context():
        tom = db.session.scalar(select(TeamMember).where(TeamMember.name == "Tom"))
        tom_id, tom_version = tom.id, tom.version
    assert post_change(lead, tom_id, tom_version, hours="4", from_day=start).status_code == 302
    assert status_of(lead.get(RUNNING).text, "team-samengesteld") == before  # 4 < 8 hours

    with app.app_context():
        sara = db.session.scalar(select(TeamMember).where(TeamMember.name == "Sara"))
        sara_id, sara_version = sara.id, sara.version
    version = version_of(app, "huidig")
    response = post_change(lead, sara_id, sara_version, last_day=start)  # she leaves
    assert response.status_code == 302
    assert version_of(app, "huidig") > version  # the pages are made anew
    with Statements(app) as load:
        assert lead.get(RUNNING).status_code == 200
    assert load.reading("activity_progress")


def test_closing_and_reopening_a_round_show_at_once(app, client, login_as):
    login_as("lead")
    assert "en afgesloten" not in client.get(PAST).text
    assert "en afgesloten" not in client.get("/provinces?ronde=2021-2022").text
    token = csrf_token(client.get("/plan?ronde=2021-2022").text)
    assert client.post("/rondes/2021-2022/afsluiten", data={"csrf_token": token}).status_code == 302
    assert "en afgesloten" in client.get(PAST).text
    assert "en afgesloten" in client.get("/provinces?ronde=2021-2022").text
    assert client.post("/rondes/2021-2022/heropenen", data={"csrf_token": token}).status_code == 302
    assert "en afgesloten" not in client.get(PAST).text
    assert "en afgesloten" not in client.get("/provinces?ronde=2021-2022").text


def test_a_renamed_organisation_and_province_show_at_once(app, client, factory, login_as):
    """No page renames them (the seed and the database do): through the models, as a service
    would."""
    organisation_id = factory.organisation("antwerpen", "Voorziening De Eik")
    login_as("lead")
    assert "Voorziening De Eik" in client.get(PAST).text
    assert "Antwerpen" in client.get("/provinces?ronde=2021-2022").text
    with app.app_context():
        db.session.get(Organisation, organisation_id).name = "Voorziening De Beuk"
        province = db.session.scalar(select(Province).where(Province.slug == "antwerpen"))
        province.name = "Provincie Antwerpen"
        db.session.commit()
    page = client.get(PAST).text
    assert "Voorziening De Beuk" in page and "Voorziening De Eik" not in page
    assert "Tijdlijn van Provincie Antwerpen" in page
    assert "Provincie Antwerpen</a>" in client.get("/provinces?ronde=2021-2022").text


def test_the_next_day_shows_at_once(app, client, factory, current_round):
    """An activity due today is overdue from tomorrow on, also on a page cached today."""
    email = factory.user("lead")
    with app.app_context():
        rollout = db.session.scalar(select(Rollout).where(Rollout.slug == "huidig"))
        today = datetime.now(BRUSSELS).date()
        due = db.session.scalar(
            select(Activity)
            .where(Activity.rollout_id == rollout.id, Activity.planned_end > today)
            .where(Activity.scope == "province")
            .order_by(Activity.planned_end)
        )
        slug, day = due.slug, due.planned_end
    evening = datetime.combine(day, time(23, 0), BRUSSELS)
    with time_machine.travel(evening, tick=False):
        sign_in(client, email)
        assert status_of(client.get(RUNNING).text, slug) != "overdue"
        assert status_of(client.get(RUNNING).text, slug) != "overdue"  # from the cache
        overview = client.get("/provinces?ronde=huidig").text
    with time_machine.travel(evening + timedelta(hours=1, minutes=30), tick=False):
        assert status_of(client.get(RUNNING).text, slug) == "overdue"
        assert client.get("/provinces?ronde=huidig").text != overview
    assert day + timedelta(days=1) == (evening + timedelta(hours=1, minutes=30)).date()


# --- what bumps a version ---------------------------------------------------------------------


def test_a_change_bumps_only_its_own_rollouts_version(app, current_round):
    past, running = version_of(app, "2021-2022"), version_of(app, "huidig")
    with app.app_context():
        activity = db.session.scalar(
            select(Activity).join(Rollout).where(Rollout.slug == "huidig").limit(1)
        )
        db.session.add(ActivityProgress(activity=activity, actual_end=date(2026, 1, 1)))
        db.session.commit()
    assert version_of(app, "2021-2022") == past
    assert version_of(app, "huidig") == running + 1


def test_a_rolled_back_change_bumps_nothing(app, seeded):
    before = version_of(app, "2021-2022")
    with app.app_context():
        activity = db.session.scalar(select(Activity).limit(1))
        activity.name = "Iets anders"
        db.session.flush()
        db.session.rollback()
        db.session.commit()
    assert version_of(app, "2021-2022") == before


def test_rows_of_later_areas_find_their_rollout_through_their_foreign_keys(app, current_round):
    """A Q&A registration has no rollout of its own: its session's is bumped, and no other."""
    from rollout.qa.models import QaRegistration, QaSession

    with app.app_context():
        rollout = db.session.scalar(select(Rollout).where(Rollout.slug == "huidig"))
        province = db.session.scalar(select(Province).where(Province.slug == "antwerpen"))
        organisation = Organisation(name="Org", slug="org", province=province)
        qa_session = QaSession(
            rollout_id=rollout.id,
            title="Vragenronde",
            online_link="https://example.org/sessie",
            starts_at=datetime(2026, 3, 1, 10, tzinfo=BRUSSELS),
            ends_at=datetime(2026, 3, 1, 12, tzinfo=BRUSSELS),
            capacity=10,
        )
        db.session.add_all([organisation, qa_session])
        db.session.commit()
        qa_session_id, organisation_id = qa_session.id, organisation.id
    past, running = version_of(app, "2021-2022"), version_of(app, "huidig")
    with app.app_context():
        db.session.add(
            QaRegistration(
                session_id=qa_session_id, organisation_id=organisation_id, participants=2
            )
        )
        db.session.commit()
    assert (version_of(app, "2021-2022"), version_of(app, "huidig")) == (past, running + 1)


def test_a_statement_run_through_the_session_bumps_every_version(app, current_round):
    before = [version_of(app, slug) for slug in ("2021-2022", "huidig")]
    with app.app_context():
        db.session.execute(update(Province).values(foster_care_service="Pleegzorg"))
        db.session.commit()
    assert [version_of(app, slug) for slug in ("2021-2022", "huidig")] == [v + 1 for v in before]


# --- several workers share Redis --------------------------------------------------------------

REDIS_URL = "redis://127.0.0.1:6379/5"


@pytest.fixture
def redis_apps(app):
    """Two apps ("workers") on the same database, sharing Redis db 5."""
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not reachable at 127.0.0.1:6379")
    workers = [
        create_app(
            TestingConfig,
            SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
            UPLOAD_FOLDER=app.config["UPLOAD_FOLDER"],
            CACHE_REDIS_URL=REDIS_URL,
        )
        for _ in range(2)
    ]
    yield workers
    for worker in workers:
        with worker.app_context():
            cache.clear()
            db.session.remove()
            db.engine.dispose()


def test_workers_share_the_cache_in_redis_and_see_every_change(app, factory, seeded, redis_apps):
    first, second = redis_apps
    assert first.config["CACHE_TYPE"] == "RedisCache"
    email = factory.user("lead")
    clients = [worker.test_client() for worker in redis_apps]
    for client in clients:
        sign_in(client, email)
    assert status_of(clients[0].get(PAST).text, "prematching-gesprek") == "overdue"
    with Statements(second) as load:
        assert status_of(clients[1].get(PAST).text, "prematching-gesprek") == "overdue"
    assert not load.reading("activity_progress")  # filled by the other worker
    path = url(app, "prematching-gesprek")
    response = post_done(clients[1], path, actual_start="2021-06-02", actual_end="2021-06-29")
    assert response.status_code == 302
    assert status_of(clients[0].get(PAST).text, "prematching-gesprek") == "done"


# --- the list pages: teams, matching, applications ---------------------------------------------

LISTS = ("/teams?ronde=huidig", "/matching?ronde=huidig", "/aanmeldingen?ronde=huidig")


@pytest.mark.parametrize("path", LISTS)
def test_a_second_load_of_a_list_page_reads_none_of_its_rows(app, decided, path):
    lead = decided["lead"]
    lead.get(path)  # shows the publication's flashed message: the next loads show none
    with app.app_context():
        cache.clear()
    with Statements(app) as first:
        page = lead.get(path)
    with Statements(app) as second:
        again = lead.get(path)
    assert page.status_code == again.status_code == 200
    rows = ("team_member", "application", "decision", "participation")
    assert any(first.reading(table) for table in rows)
    assert not any(second.reading(table) for table in rows)
    assert len(second.seen) < len(first.seen)
    assert _without_tokens(again.text) == _without_tokens(page.text)


def _list_row(page: str, marker: str) -> str:
    row = page[page.index(marker) :]
    return row[: row.index("</tr>")]


def application_status(page: str, application_id: int) -> str:
    """The status the applications list gives an application."""
    cells = re.findall(r"<td>([^<]*)</td>", _list_row(page, f'data-application="{application_id}"'))
    return cells[1]


def submitted_in_matching(page: str, province: str = "antwerpen") -> str:
    """A province's count of submitted applications and the judged ones, on /matching."""
    row = _list_row(page, f'data-province="{province}"')
    return "|".join(re.findall(r'<td class="text-end">([^<]*)</td>', row))


def test_a_submitted_and_a_withdrawn_application_show_at_once(app, factory, current_round):
    from tests.applications.test_form import submit_via_form

    made = factory.application("antwerpen", "Eik", submitted=False)
    lead = client_for(app, factory, "lead")
    assert application_status(lead.get(LISTS[2]).text, made.application_id) == "Concept"
    assert submitted_in_matching(lead.get(LISTS[1]).text) == "0|0 / 0"
    organisation = app.test_client()
    sign_in(organisation, factory.user("organisation", organisation_id=made.organisation_id))
    assert submit_via_form(organisation, made.application_id).status_code == 302
    assert application_status(lead.get(LISTS[2]).text, made.application_id) == "Ingediend"
    assert submitted_in_matching(lead.get(LISTS[1]).text) == "1|0 / 1"
    page = lead.get(f"/aanmeldingen/{made.application_id}").text
    response = lead.post(
        f"/aanmeldingen/{made.application_id}/intrekken",
        data={"csrf_token": csrf_token(page), "reason": "Toch niet"},
    )
    assert response.status_code == 302
    assert application_status(lead.get(LISTS[2]).text, made.application_id) == "Ingetrokken"
    assert submitted_in_matching(lead.get(LISTS[1]).text) == "0|0 / 0"


def test_a_verdict_a_decision_and_its_publication_show_at_once_on_matching(
    app, factory, candidates
):
    from tests.prematching.test_interviews import paper

    lead = client_for(app, factory, "lead")
    assert submitted_in_matching(lead.get(LISTS[1]).text) == "2|0 / 2"
    paper(lead, candidates["Beuk"], "not_retained", "Te weinig uren")
    assert submitted_in_matching(lead.get(LISTS[1]).text) == "2|1 / 2"
    assert decide(lead, candidates["Eik"]).status_code == 302
    row = _list_row(lead.get(LISTS[1]).text, 'data-province="antwerpen"')
    assert "Voorziening Eik" in row and "niet gepubliceerd" in row
    assert publish(lead).status_code == 302
    row = _list_row(lead.get(LISTS[1]).text, 'data-province="antwerpen"')
    assert "Voorziening Eik" in row and "niet gepubliceerd" not in row and "gepubliceerd" in row


def declared_on_teams(page: str, role: str, province: str = "antwerpen") -> str:
    """The hours the teams overview shows declared in a role of the organisation's team."""
    row = _list_row(page, f'data-province="{province}" data-team="organisation"')
    cell = row[row.index(f'data-role="{role}"') :]
    return re.search(r'<span class="badge[^"]*">([^ ]*) /', cell).group(1)


def test_team_changes_show_at_once_on_teams(app, decided):
    lead = decided["lead"]
    start = rollout_start(app).isoformat()
    assert declared_on_teams(lead.get(LISTS[0]).text, "coordinator") == "0"
    assert add(lead, "organisation", "An", "coordinator", "8", start).status_code == 302
    assert declared_on_teams(lead.get(LISTS[0]).text, "coordinator") == "8"
    with app.app_context():
        an = db.session.scalar(select(TeamMember).where(TeamMember.name == "An"))
        an_id, an_version = an.id, an.version
    assert post_change(lead, an_id, an_version, hours="4", from_day=start).status_code == 302
    assert declared_on_teams(lead.get(LISTS[0]).text, "coordinator") == "4"


def test_a_service_and_a_lead_each_see_their_own_applications(app, factory, candidates):
    """A service's list (its province, submitted only) and a lead's (every province) are
    cached apart, whoever fills the cache first; the filters too."""
    service = client_for(app, factory, "service")
    lead = client_for(app, factory, "lead")
    for _ in range(2):
        served = service.get(LISTS[2]).text
        led = lead.get(LISTS[2]).text
        assert "Voorziening Eik" in served and "Voorziening Linde" not in served
        assert "export.csv" not in served
        assert "Voorziening Eik" in led and "Voorziening Linde" in led and "export.csv" in led
    filtered = lead.get(LISTS[2] + "&provincie=oost-vlaanderen").text
    assert "Voorziening Linde" in filtered and "Voorziening Eik" not in filtered
    assert "provincie=oost-vlaanderen" in filtered  # the exports keep the filter
    assert "provincie=oost-vlaanderen" not in lead.get(LISTS[2]).text


def test_a_draft_turns_late_on_the_cached_list_when_its_extension_ends(app, factory, current_round):
    """A moment, not only a day, changes the list: the end of an extension granted until the
    afternoon."""
    from rollout.applications.models import DeadlineExtension

    made = factory.application("antwerpen", "Eik", submitted=False)
    email = factory.user("lead")
    with app.app_context():
        rollout = db.session.scalar(select(Rollout).where(Rollout.slug == "huidig"))
        day = rollout.application_deadline + timedelta(days=2)
        until = datetime.combine(day, time(14, 0), BRUSSELS)
        db.session.add(
            DeadlineExtension(
                rollout_id=rollout.id,
                organisation_id=made.organisation_id,
                until=until,
                reason="Ziekte",
            )
        )
        db.session.commit()
    client = app.test_client()
    with time_machine.travel(until - timedelta(minutes=10), tick=False):
        sign_in(client, email)
        assert application_status(client.get(LISTS[2]).text, made.application_id) == "Concept"
        assert application_status(client.get(LISTS[2]).text, made.application_id) == "Concept"
    with time_machine.travel(until + timedelta(minutes=10), tick=False):  # within the cache's hour
        page = client.get(LISTS[2]).text
        assert application_status(page, made.application_id) == "Te laat (niet ingediend)"


# --- the figures, each at its own versioned URL ------------------------------------------------


def test_a_change_gives_the_figures_a_new_url_and_new_content(app, client, login_as):
    from tests.plan.test_provinces import figure_url

    login_as("lead")
    pages = (PAST, "/provinces?ronde=2021-2022")
    before = [figure_url(client.get(path).text) for path in pages]
    figures = [client.get(url).json for url in before]
    path = url(app, "prematching-gesprek")
    response = post_done(client, path, actual_start="2021-06-02", actual_end="2021-06-29")
    assert response.status_code == 302
    after = [figure_url(client.get(path).text) for path in pages]
    assert all(new != old for new, old in zip(after, before, strict=True))
    assert [client.get(url).json for url in after] != figures
    stale = client.get(before[0])  # an old URL still asked for: the figure as it is now
    assert stale.cache_control.no_cache and stale.json == client.get(after[0]).json


def test_a_session_held_shows_on_the_timeline_at_once(app, client, login_as):
    """Recording a session's attendance (it is held) changes the cached timeline figure."""
    from rollout.sessions.models import Meeting
    from tests.plan.test_provinces import figure_url
    from tests.sessions.plan_helpers import meeting

    login_as("lead")
    with app.app_context():
        planned_id = meeting("vorming-kaders-1", date(2021, 10, 12)).id
        db.session.commit()
    old_url = figure_url(client.get(PAST).text)
    names = {t["name"] for t in client.get(old_url).json["data"]}
    assert "Gehouden sessie" not in names  # a planned session is no marker
    with app.app_context():
        db.session.get(Meeting, planned_id).attendance_recorded_at = datetime(
            2021, 10, 12, 12, 0, tzinfo=BRUSSELS
        )
        db.session.commit()
    new_url = figure_url(client.get(PAST).text)
    assert new_url != old_url
    held = [t for t in client.get(new_url).json["data"] if t["name"] == "Gehouden sessie"]
    assert held and held[0]["x"] == ["2021-10-12"]
