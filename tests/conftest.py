"""Fixtures: one app per test session, a clean database per test, users per role.

The suite runs on a SQLite file by default and on PostgreSQL when TEST_DATABASE_URL is set.
"""

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import update

from config import ROOT, TestingConfig
from rollout import create_app
from rollout.auth.models import Organisation
from rollout.extensions import cache, db, limiter
from rollout.plan.seeding import PlanSpec, apply_plan, read_plan, shift_plan
from rollout.timeutil import brussels_today
from tests.factories import PASSWORD, Factory

#: Fixtures that tests in several folders use.
pytest_plugins = ["tests.staffing.fixtures"]

SEED_FILE = ROOT / "seeds" / "plan-2021-2022.yaml"


def database_url(tmp_dir: Path) -> str:
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_dir / 'test.db'}"


@pytest.fixture(scope="session")
def _app(tmp_path_factory):
    app = create_app(
        TestingConfig,
        SQLALCHEMY_DATABASE_URI=database_url(tmp_path_factory.mktemp("db")),
        UPLOAD_FOLDER=tmp_path_factory.mktemp("uploads"),
    )
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            # whatever an earlier run left, whatever its schema version: start empty
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE")
                conn.exec_driver_sql("CREATE SCHEMA public")
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def app(_app):
    """The app, with an empty database after the test."""
    limiter.reset()
    yield _app
    for stored in Path(_app.config["UPLOAD_FOLDER"]).glob("*"):
        stored.unlink()
    with _app.app_context():
        cache.clear()
        db.session.remove()
        # users and organisations point at each other (approved_by): break the cycle first
        # on the connection, not through the session: no audit entry for the clean-up
        connection = db.session.connection()
        connection.execute(update(Organisation).values(approved_by_id=None))
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())
        db.session.commit()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def plan_spec() -> PlanSpec:
    return read_plan(SEED_FILE)


@pytest.fixture
def seeded(app, plan_spec) -> str:
    """The 2021-2022 plan loaded; returns the rollout's slug."""
    with app.app_context():
        apply_plan(db.session, plan_spec)
        db.session.commit()
    return plan_spec.slug


@pytest.fixture
def current_round(app, plan_spec, seeded) -> str:
    """A second round running today, like the demo's."""
    from rollout.demo import demo_round_start

    with app.app_context():
        spec = shift_plan(plan_spec, demo_round_start(brussels_today()), "Huidige ronde", "huidig")
        apply_plan(db.session, spec)
        db.session.commit()
    return "huidig"


@pytest.fixture
def factory(app) -> Factory:
    return Factory(app)


@pytest.fixture
def candidates(factory, current_round) -> dict[str, int]:
    """Two submitted applications in Antwerpen, one in Oost-Vlaanderen (the running round):
    application ids by name ("Eik"), organisation ids by name and "-org" ("Eik-org")."""
    ids = {}
    for name, province in (
        ("Eik", "antwerpen"),
        ("Beuk", "antwerpen"),
        ("Linde", "oost-vlaanderen"),
    ):
        made = factory.application(province, name)
        ids[name] = made.application_id
        ids[f"{name}-org"] = made.organisation_id
    return ids


def csrf_token(html: str) -> str:
    match = re.search(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def post_form(client, page: str, data: dict, action: str | None = None, prefix: str = ""):
    """Open `page`, then post `data` to its form (at `action`, else the page itself) with the
    page's CSRF token (named `prefix` + csrf_token), as a browser does."""
    token = csrf_token(client.get(page).text)
    return client.post(action or page, data={f"{prefix}csrf_token": token, **data})


def sign_in(client, email: str, password: str = PASSWORD):
    token = csrf_token(client.get("/login").text)
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token})


@pytest.fixture
def login_as(client, factory, seeded) -> Callable[..., str]:
    """Sign in (through the real form) as a new user of `role`; returns the email."""

    def login(role: str, province: str = "antwerpen", **kwargs) -> str:
        email = factory.user(role, province, **kwargs)
        response = sign_in(client, email)
        assert response.status_code == 302, response.text
        return email

    return login
