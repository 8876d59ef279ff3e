"""Less work on every request (issue 16, point 4): the session cookie is sent only when it
changed, and routes that serve everyone alike load no user."""

import runpy
from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import event

from config import ROOT
from rollout.extensions import db


def test_the_session_cookie_is_sent_again_only_when_it_changed(client, login_as):
    login_as("lead")
    now = datetime.now(UTC)
    with time_machine.travel(now, tick=False):
        client.get("/plan")
        assert "Set-Cookie" not in client.get("/plan").headers  # nothing changed since
    with time_machine.travel(now + timedelta(seconds=90), tick=False):
        assert "Set-Cookie" in client.get("/plan").headers  # a minute later: noted again
        assert "Set-Cookie" not in client.get("/plan").headers


def test_choosing_the_same_round_again_changes_no_cookie(client, login_as, seeded):
    login_as("lead")
    client.get("/plan?ronde=2021-2022")
    assert "Set-Cookie" not in client.get("/plan?ronde=2021-2022").headers


def test_routes_for_everyone_load_no_user_and_send_no_cookie(app, client, login_as):
    login_as("lead")
    with app.app_context():
        engine = db.engine
    statements = []

    def note(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        for path in ("/robots.txt", "/healthz", "/favicon.ico"):
            response = client.get(path)
            assert "Set-Cookie" not in response.headers, path
    finally:
        event.remove(engine, "before_cursor_execute", note)
    # the health check's own (after SQLite's BEGIN), no user
    assert [s for s in statements if s != "BEGIN"] == ["SELECT 1"]


def test_gunicorn_loads_the_app_once_and_gives_each_worker_its_own_connections():
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert settings["preload_app"] is True
    assert callable(settings["when_ready"]) and callable(settings["post_fork"])
