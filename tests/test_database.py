"""The schema comes from migrations, and SQLite is set up to queue writers."""

import threading
import time
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, event, inspect, select, text
from sqlalchemy.engine import make_url

from config import TestingConfig
from rollout import create_app
from rollout.database import lean_load, lean_select
from rollout.extensions import db
from rollout.plan.models import Rollout
from rollout.plan.queries import list_rollouts
from tests.conftest import database_url


@pytest.fixture
def empty_database_url(tmp_path):
    """An empty database of the kind the suite runs on."""
    url = make_url(database_url(tmp_path))
    if url.get_backend_name() == "sqlite":
        yield str(url)
        return
    name = f"rollout_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_migrations_build_the_schema_the_models_describe(empty_database_url):
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
            tables = set(inspect(conn).get_table_names())
        db.engine.dispose()
    assert diff == []
    assert {"rollout", "phase", "activity", "user", "invitation"} <= tables


@pytest.fixture
def sqlite_app(_app):
    if not _app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("SQLite connection settings")
    return _app


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(sqlite_app):
    with sqlite_app.app_context(), db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000


def test_two_sqlite_writers_wait_for_each_other_instead_of_failing(sqlite_app):
    """Both transactions read, then write: with deferred BEGIN the second would fail with
    'database is locked' on its lock upgrade; with BEGIN IMMEDIATE it waits its turn."""
    with sqlite_app.app_context():
        engine = db.engine
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS counter (n INTEGER)")
            conn.exec_driver_sql("DELETE FROM counter")
            conn.exec_driver_sql("INSERT INTO counter VALUES (0)")
        errors = []

        def increment():
            try:
                with engine.begin() as conn:
                    n = conn.exec_driver_sql("SELECT n FROM counter").scalar()
                    time.sleep(0.2)
                    conn.exec_driver_sql("UPDATE counter SET n = ?", (n + 1,))
            except Exception as error:
                errors.append(error)

        threads = [threading.Thread(target=increment) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        with engine.begin() as conn:
            n = conn.exec_driver_sql("SELECT n FROM counter").scalar()
            conn.exec_driver_sql("DROP TABLE counter")
    assert errors == []
    assert n == 3


def test_lean_load_gives_the_sessions_own_objects_and_fills_in_what_a_commit_expired(app, seeded):
    """What every request reads with one Core query is what an ORM query would give: the same
    object for a row the session holds, what a commit expired filled in without a query of its
    own, and nothing to flush."""
    with app.app_context():
        held = db.session.scalar(select(Rollout).where(Rollout.slug == seeded))
        before = (held.slug, held.last_day, held.data_version)
        db.session.commit()  # expires `held`
        statements = []

        def note(conn, cursor, statement, *args):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", note)
        try:
            (found,) = list_rollouts(db.session)
            assert found is held
            assert (found.slug, found.last_day, found.data_version) == before
        finally:
            event.remove(db.engine, "before_cursor_execute", note)
        assert len([s for s in statements if s.startswith("SELECT")]) == 1
        assert not db.session.dirty and not db.session.new
        rollouts = Rollout.__table__.c
        with pytest.raises(ValueError, match="last_day"):
            lean_load(db.session, Rollout, lean_select(Rollout).where(rollouts.slug == seeded))
        db.session.rollback()
