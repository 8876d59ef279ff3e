"""The province page, the overview, the exports, and the queries they cost."""

import html
import re
from datetime import date

import pytest
from icalendar import Calendar
from sqlalchemy import event

from bench import synthetic
from rollout.extensions import db


def test_the_overview_shows_every_participating_province(client, login_as):
    login_as("lead")
    page = client.get("/provinces?ronde=2021-2022").text
    for slug in ("antwerpen", "oost-vlaanderen", "vlaams-brabant-brussel", "west-vlaanderen"):
        assert f'data-province="{slug}"' in page
    assert 'data-province="limburg"' not in page
    assert 'data-figure="overzicht-data"' in page
    assert {"data", "layout"} <= set(client.get(figure_url(page)).json)


def test_the_overview_table_names_each_phase_and_explains_its_day_figures(client, login_as):
    login_as("lead")
    page = client.get("/provinces?ronde=2021-2022").text
    for heading in ("F1 Sensibiliseren", "F2 Aanmelding &amp; beeldvorming", "F3 Matching"):
        assert f'<th scope="col" class="text-end">{heading}</th>' in page
    assert 'aria-describedby="dagen-legende"' in page
    legend = page[page.index('id="dagen-legende"') :]
    assert "vóór het geplande einde" in legend
    assert "lopend</strong> = nog niet af" in legend


def figure_url(page: str) -> str:
    """The URL the page's chart fetches its figure from."""
    return html.unescape(re.search(r'data-figure-url="([^"]+)"', page).group(1))


def test_a_figure_is_kept_under_its_versioned_url_and_only_for_who_may_see_its_page(
    app, client, factory, login_as
):
    login_as("service", "antwerpen")
    url = figure_url(client.get("/provinces/antwerpen?ronde=2021-2022").text)
    figure = client.get(url)
    assert figure.cache_control.immutable and figure.cache_control.private
    assert figure.cache_control.max_age >= 365 * 24 * 3600
    again = client.get(url, headers={"If-None-Match": figure.headers["ETag"]})
    assert again.status_code == 304
    unversioned = client.get(re.sub(r"&v=[0-9a-f]+", "", url))
    assert unversioned.status_code == 200 and unversioned.cache_control.no_cache
    assert unversioned.json == figure.json
    assert client.get(url.replace("antwerpen", "limburg")).status_code == 403
    assert client.get("/provinces/overzicht.json?ronde=2021-2022").status_code == 403
    other = app.test_client()
    assert other.get(url).status_code == 302  # not signed in: to the sign-in page


@pytest.mark.parametrize(
    ("role", "home"), [("organisation", "/mijn-organisatie"), ("service", "/provinces/limburg")]
)
def test_the_overview_is_for_leads_others_go_home(client, login_as, role, home):
    login_as(role, "limburg")
    response = client.get("/provinces")
    assert response.status_code == 302
    assert client.get(response.headers["Location"]).headers["Location"] == home


def test_the_province_page_has_the_chart_the_current_phase_and_the_table(
    client, login_as, current_round
):
    login_as("service", "antwerpen")
    page = client.get("/provinces/antwerpen").text
    assert "Huidige fase: <strong>2. Aanmelding &amp; beeldvorming</strong>" in page
    assert 'data-figure="tijdlijn-data"' in page
    assert 'type="application/json"' not in page  # the figure is fetched from its own URL
    figure = client.get(figure_url(page))
    assert figure.status_code == 200 and figure.mimetype == "application/json"
    assert {"data", "layout"} <= set(figure.json)
    assert re.search(r"plotly-basic\.min\.[0-9a-f]{12}\.js", page)
    assert "cdn" not in page.lower()
    assert 'data-activity="aanmeldingsfiche"' in page


def test_csv_export(client, login_as):
    login_as("organisation", "antwerpen")
    response = client.get("/provinces/antwerpen/plan.csv?ronde=2021-2022")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeffFase;Activiteit;Soort;Niveau;Verantwoordelijke;Gepland begin")
    lines = text.strip().split("\r\n")
    assert len(lines) == 1 + 32
    assert (
        "Inspiratiemoment voor pleegzorgmedewerkers;Mijlpaal;Programma;MFC Bethanië;"
        "11 feb 2021;11 feb 2021" in text
    )
    assert client.get("/provinces/limburg/plan.csv").status_code == 403


def test_calendar_export_and_subscription(app, client, login_as, factory):
    email = login_as("service", "antwerpen")
    response = client.get("/provinces/antwerpen/plan.ics?ronde=2021-2022")
    assert response.headers["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.get_data())
    events = calendar.walk("VEVENT")
    summaries = {str(e["summary"]) for e in events}
    assert "Mijlpaal: Inspiratiemoment voor pleegzorgmedewerkers" in summaries
    assert any(s.startswith("Einde gepland: Handboek op maat") for s in summaries)
    decision = next(e for e in events if "Beslist welke organisatie" in str(e["summary"]))
    assert decision.decoded("dtstart") == date(2021, 6, 30)
    again = Calendar.from_ical(
        client.get("/provinces/antwerpen/plan.ics?ronde=2021-2022").get_data()
    )
    assert sorted(str(e["uid"]) for e in again.walk("VEVENT")) == sorted(
        str(e["uid"]) for e in events
    )

    token = factory.get_user(email).calendar_token
    anonymous = app.test_client()
    feed = anonymous.get(f"/kalender/{token}/antwerpen.ics?ronde=2021-2022")
    assert feed.status_code == 200 and b"BEGIN:VCALENDAR" in feed.get_data()
    assert anonymous.get(f"/kalender/{token}/limburg.ics").status_code == 404
    assert anonymous.get("/kalender/not-a-token/antwerpen.ics").status_code == 404


class QueryCounter:
    def __init__(self, engine):
        self.engine, self.count = engine, 0

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._count)

    def _count(self, *args):
        self.count += 1


def _queries(app, client, path):
    with app.app_context():
        engine = db.engine
    client.get(path)  # warm caches that are not per request
    with QueryCounter(engine) as counter:
        assert client.get(path).status_code == 200
    return counter.count


def test_pages_cost_the_same_queries_for_ten_times_the_data(app, client, login_as):
    login_as("lead")
    with app.app_context():
        synthetic.build(db.session, provinces=2, activities=8, years=2, slug="klein")
        synthetic.build(db.session, provinces=20, activities=80, years=5, slug="groot", seed=3)
        db.session.commit()
    for page in ("/provinces?ronde={}", "/provinces/{}-provincie-1?ronde={}", "/plan?ronde={}"):
        small = _queries(app, client, page.format(*["klein"] * page.count("{}")))
        large = _queries(app, client, page.format(*["groot"] * page.count("{}")))
        assert small == large, (page, small, large)
        assert small <= 12
