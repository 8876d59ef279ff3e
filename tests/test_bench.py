"""The benchmark's own parts: the fortunes baseline, the report, the synthetic round's people.
(`make bench` itself is never a test: timings belong to one run on one machine.)"""

import os
import re
import subprocess
import sys

from bench import fortunes, synthetic
from bench.run import BASELINE, baseline_of, table, workers_rss_kb
from rollout.extensions import db


def test_the_fortunes_page_adds_one_sorts_by_message_and_escapes():
    page = fortunes.render([(n, m) for n, m in enumerate(fortunes.MESSAGES, 1)])
    cells = re.findall(r"<tr><td>(\d+)</td><td>(.*?)</td></tr>", page)
    assert len(cells) == 13
    assert ("0", fortunes.ADDED) in cells
    assert [m for _, m in cells] == sorted(m for _, m in cells)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#34;This should not be displayed" in page
    assert "フレームワークのベンチマーク" in page


def test_the_fortunes_app_reads_its_twelve_rows_from_the_database(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'fortunes.db'}"
    fortunes.create_table(url)
    monkeypatch.setenv("DATABASE_URL", url)
    response = fortunes.create_app().test_client().get("/fortunes")
    assert response.status_code == 200
    assert response.content_type == "text/html; charset=utf-8"
    assert response.text.count("<tr><td>") == 13


def test_the_report_gives_each_route_its_multiple_of_the_fortunes_baseline():
    run = {"requests": 0, "duration_us": 0, "errors": 0, "non_2xx": 0, "p50_ms": 2.0}
    results = {
        BASELINE: {**run, "rps": 800.0, "p95_ms": 5.0, "bytes": 1224, "encoding": "-"},
        "province page": {**run, "rps": 200.0, "p95_ms": 41.25, "bytes": 6173, "encoding": "br"},
    }
    header, baseline, page = table(results)
    assert header.split() == [
        "route", "req/s", "p50", "ms", "p95", "ms", "×fortunes", "errors", "bytes", "enc"
    ]  # fmt: skip
    assert baseline.split()[-6:] == ["2.0", "5.0", "1.000×", "0", "1224", "-"]
    assert page.split() == ["province", "page", "200.0", "2.0", "41.2", "0.250×", "0", "6173", "br"]


def test_a_route_is_compared_with_the_baseline_run_just_before_it():
    """The machine's load changes during a run: each route's ratio is to the fortunes run of
    its own moment; the baseline's line gives its runs' mean."""
    run = {"requests": 0, "duration_us": 0, "errors": 0, "non_2xx": 0, "p50_ms": 2.0}
    runs = [
        {**run, "rps": rps, "p95_ms": 5.0, "bytes": 1224, "encoding": "-"} for rps in (600, 1000)
    ]
    results = {
        BASELINE: baseline_of(runs),
        "overview": {**run, "rps": 150.0, "p95_ms": 9.0, "bytes": 3833, "encoding": "br"}
        | {"reference_rps": 600.0},
        "/teams": {**run, "rps": 300.0, "p95_ms": 9.0, "bytes": 4575, "encoding": "br"}
        | {"reference_rps": 1000.0},
    }
    _, baseline, overview, teams = table(results)
    assert baseline.split()[2] == "800.0"
    assert overview.split()[-4] == "0.250×" and teams.split()[-4] == "0.300×"


def test_the_workers_memory_is_read_for_each_child_of_the_master():
    children = [
        subprocess.Popen([sys.executable, "-c", "input()"], stdin=subprocess.PIPE)  # noqa: S603
        for _ in "ab"
    ]
    try:
        sizes = workers_rss_kb(os.getpid())
        assert len(sizes) >= 2
        assert all(size > 1000 for size in sizes)  # a Python interpreter: megabytes
    finally:
        for child in children:
            child.communicate(b"\n")


def test_the_synthetic_round_fills_the_teams_matching_and_applications_pages(app, client, login_as):
    login_as("lead")
    with app.app_context():
        rollout = synthetic.build(db.session, provinces=5, activities=10, years=2, slug="klein")
        synthetic.populate(db.session, rollout, organisations=3, members=2, seed=1)
        db.session.commit()
    applications = client.get("/aanmeldingen?ronde=klein").text
    assert applications.count("Voorziening 2 (Provincie") == 5  # a draft in every province
    matching = client.get("/matching?ronde=klein").text
    assert all(f"Provincie {n}" in matching for n in range(5))
    teams = client.get("/teams?ronde=klein").text
    assert 'data-status="met"' in teams  # teams with their people, checked against the rules
