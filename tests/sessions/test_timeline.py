"""The province timeline shows each held session as a marker on its activity's bar (issue 11,
point 6): passed in by the composing layer as plain data, in a fixed number of statements, and
shown at once (the figure is cached under the round's data version)."""

from datetime import date

from rollout.extensions import db
from rollout.sessions.models import MeetingKind
from tests.plan.test_provinces import figure_url
from tests.sessions.plan_helpers import meeting
from tests.test_cache import Statements

PAGE = "/provinces/antwerpen?ronde=2021-2022"


def session_trace(figure: dict) -> dict | None:
    return next((t for t in figure["data"] if t.get("name") == "Gehouden sessie"), None)


def add_sessions(app) -> None:
    with app.app_context():
        meeting("vorming-kaders-1", date(2021, 10, 12), held=True, title="Vorming 1")
        meeting(
            "supervisie-maandelijks",
            date(2022, 1, 11),
            province="antwerpen",
            kind=MeetingKind.SUPERVISION,
            held=True,
        )
        # not on Antwerpen's timeline: planned, cancelled, another province's
        meeting("vorming-kaders-2", date(2021, 11, 16))
        meeting("vorming-kaders-3", date(2021, 12, 14), held=True, cancelled=True)
        meeting(
            "supervisie-maandelijks",
            date(2022, 1, 12),
            province="oost-vlaanderen",
            kind=MeetingKind.SUPERVISION,
            held=True,
        )
        db.session.commit()


def test_held_sessions_are_markers_on_their_activities_bars(app, client, login_as):
    login_as("lead")
    before = client.get(figure_url(client.get(PAGE).text)).json
    assert session_trace(before) is None
    add_sessions(app)
    figure = client.get(figure_url(client.get(PAGE).text)).json  # at once: a new version
    trace = session_trace(figure)
    assert trace["x"] == ["2021-10-12", "2022-01-11"]
    names = [name.replace("<br>", " ") for name in trace["y"]]
    assert names[0].startswith("Vorming inhoudelijke P&P-kaders") and "sessie 1" in names[0]
    assert "maandelijkse supervisie" in names[1]
    assert "Vorming 1" in trace["hovertext"][0] and "12 okt 2021" in trace["hovertext"][0]
    assert "Maandelijkse supervisie" in trace["hovertext"][1]
    # each marker sits on a row of the figure
    rows = {y for t in figure["data"] if t.get("type") == "bar" for y in t["y"]}
    assert set(trace["y"]) <= rows


def test_the_figure_reads_the_sessions_in_a_fixed_number_of_statements(app, client, login_as):
    login_as("lead")
    counts = []
    for _ in range(2):
        add_sessions(app)
        url = figure_url(client.get(PAGE).text)
        with Statements(app) as seen:
            assert client.get(url).status_code == 200
        counts.append(len(seen.seen))
    assert counts[0] == counts[1]
