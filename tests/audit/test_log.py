"""Every change to data goes into one audit log, by one listener for every model, with who,
which row, its round and province, and what changed; secrets never; nobody changes an entry."""

import pytest
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, event, select, update

from rollout.applications.models import Application
from rollout.auditing import HIDDEN, AppendOnly, AuditEntry, is_secret
from rollout.auth.models import Organisation, Role, User
from rollout.extensions import db
from rollout.plan.models import Province, Rollout
from tests.audit.helpers import entries
from tests.conftest import post_form
from tests.factories import PASSWORD

#: The only models whose rows are not audited as data changes, and why.
UNAUDITED = {
    "audit_entry": "the log itself",
    "login_failure": "a failed sign-in is a security event of its own, recorded once",
}


def test_every_model_is_audited_but_the_log_and_the_failed_sign_ins():
    tables = {
        mapper.local_table.name
        for mapper in db.Model.registry.mappers
        if not getattr(mapper.class_, "__audited__", True)
    }
    assert tables == set(UNAUDITED)


def test_a_model_added_later_is_audited_without_writing_anything(app, seeded):
    """A new area's model (here made on the spot) is covered by the same listener: its rows
    are logged with the round its foreign key names."""
    table = Table(
        "later_area_row",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("rollout_id", Integer, ForeignKey(Rollout.__table__.c.id)),
        Column("label", String(40)),
    )

    class LaterAreaRow(db.Model):
        __table__ = table

    with app.app_context():
        table.create(db.engine)
        try:
            rollout = db.session.scalar(select(Rollout))
            row = LaterAreaRow(rollout_id=rollout.id, label="eerst")
            db.session.add(row)
            db.session.commit()
            row.label = "daarna"
            db.session.commit()
            db.session.delete(row)
            db.session.commit()
            rollout_id = rollout.id
        finally:
            db.session.remove()
            table.drop(db.engine)
    logged = entries(app, object_type="later_area_row")
    assert [e.action for e in logged] == ["insert", "update", "delete"]
    assert logged[0].changes["label"] == [None, "eerst"]
    assert logged[1].changes == {"label": ["eerst", "daarna"]}
    assert logged[2].changes["label"] == ["daarna", None]
    assert {e.rollout_id for e in logged} == {rollout_id}


def test_a_lead_changing_an_organisation_is_logged_with_who_what_old_and_new(
    app, client, factory, login_as
):
    lead = login_as("lead")
    organisation_id = factory.organisation("limburg", "Voorziening Oud")
    page = f"/organisaties/{organisation_id}/wijzigen"
    data = {"name": "Voorziening Nieuw", "address": "", "contact_name": "", "contact_email": ""}
    data["contact_phone"] = ""
    assert post_form(client, page, data).status_code == 302
    (entry,) = entries(app, object_type="organisation", action="update")
    with app.app_context():
        lead_id = db.session.scalar(select(User.id).where(User.email == lead))
        limburg = db.session.scalar(select(Province.id).where(Province.slug == "limburg"))
    assert entry.user_id == lead_id
    assert entry.object_id == str(organisation_id)
    assert entry.province_id == limburg
    assert entry.changes["name"] == ["Voorziening Oud", "Voorziening Nieuw"]
    assert "updated_at" not in entry.changes  # bookkeeping
    assert entry.address == "127.0.0.1"
    assert entry.at is not None


def test_a_change_in_every_area_is_logged_with_its_round_and_province(app, candidates):
    """The factory goes through each area's services: organisations (auth), the application
    and its sections (applications), the plan's rounds and provinces (plan)."""
    with app.app_context():
        application = db.session.get(Application, candidates["Eik"])
        expected_rollout = application.rollout_id
        expected_province = application.organisation.province_id
    logged = entries(app, object_type="application", object_id=str(candidates["Eik"]))
    assert logged[0].action == "insert"
    assert any(e.action == "update" and "status" in e.changes for e in logged)
    assert {e.rollout_id for e in logged} == {expected_rollout}
    assert {e.province_id for e in logged} == {expected_province}
    types = {e.object_type for e in entries(app)}
    assert {"rollout", "province", "activity", "organisation", "application"} <= types


def test_a_session_planned_by_a_lead_is_logged_with_its_round_and_province(app, client, login_as):
    from tests.sessions.test_views import NEW, _new_data

    lead = login_as("lead")
    assert post_form(client, NEW, _new_data(app)).status_code == 302
    (entry,) = entries(app, object_type="meeting", action="insert")
    with app.app_context():
        lead_id = db.session.scalar(select(User.id).where(User.email == lead))
        antwerpen = db.session.scalar(select(Province.id).where(Province.slug == "antwerpen"))
        round_id = db.session.scalar(select(Rollout.id).where(Rollout.slug == "2021-2022"))
    assert (entry.user_id, entry.province_id, entry.rollout_id) == (lead_id, antwerpen, round_id)
    assert entry.changes["title"] == [None, "Supervisie januari"]
    assert entry.changes["led_by"] == [None, "Eline Gielen"]


def test_a_published_decision_is_logged_as_the_lead_who_published_it(app, decided):
    logged = entries(app, object_type="decision")
    assert logged and logged[0].action == "insert"
    with app.app_context():
        lead_id = db.session.scalar(select(User.id).where(User.email == "lead@example.org"))
    assert {e.user_id for e in logged} == {lead_id}
    assert any(e.action == "update" and "published_at" in e.changes for e in logged)


def test_a_deletion_keeps_the_values_it_deleted(app, factory, seeded):
    organisation_id = factory.organisation("antwerpen", "Voorziening Weg")
    with app.app_context():
        db.session.delete(db.session.get(Organisation, organisation_id))
        db.session.commit()
    (entry,) = entries(app, object_type="organisation", action="delete")
    assert entry.changes["name"] == ["Voorziening Weg", None]
    assert entry.user_id is None  # the system (no request)


def test_a_rolled_back_change_leaves_no_entry(app, factory, seeded):
    organisation_id = factory.organisation("antwerpen", "Voorziening Blijft")
    with app.app_context():
        db.session.get(Organisation, organisation_id).name = "Nooit"
        db.session.flush()
        db.session.rollback()
        db.session.commit()
    assert entries(app, object_type="organisation", action="update") == []


def test_secrets_are_noted_as_changed_never_with_their_values(app, factory, seeded):
    email = factory.user("lead", password=PASSWORD)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        secrets = [user.password_hash, user.session_token, user.calendar_token, PASSWORD]
    logged = entries(app, object_type="user")
    assert logged
    for entry in logged:
        text = repr(entry.changes) + entry.detail
        for secret in secrets:
            assert secret not in text
    inserted = next(e for e in logged if e.action == "insert")
    assert inserted.changes["password_hash"] == [HIDDEN, HIDDEN]
    assert inserted.changes["calendar_token"] == [HIDDEN, HIDDEN]
    assert is_secret(User, "token_hash") and is_secret(User, "api_secret")
    assert not is_secret(User, "email")


def test_a_role_change_is_a_security_event_with_old_and_new(app, factory, seeded):
    email = factory.user("service", "limburg")
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        user.role = Role.LEAD
        db.session.commit()
    (entry,) = entries(app, action="role_changed")
    assert entry.changes["role"] == ["service", "lead"]
    assert entry.object_type == "user"


def test_the_log_is_written_in_one_statement_per_commit(app, seeded):
    """Noted after each flush, written in one multi-row INSERT before the commit: no query per
    row (the listener reads nothing it has not loaded)."""
    with app.app_context():
        province_id = db.session.scalar(select(Province.id).where(Province.slug == "antwerpen"))
        statements = []

        def note(_conn, _cursor, statement, *_args):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", note)
        try:
            for n in range(20):
                db.session.add(Organisation(name=f"O{n}", slug=f"o-{n}", province_id=province_id))
            db.session.commit()
        finally:
            event.remove(db.engine, "before_cursor_execute", note)
    assert [s for s in statements if "audit_entry" in s] == [statements[-1]]
    assert not [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(entries(app, object_type="organisation")) == 20


def test_an_entry_cannot_be_changed_or_deleted_through_the_orm(app, factory, seeded):
    factory.organisation("antwerpen", "Voorziening Spoor")
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry))
        entry.detail = "vervalst"
        with pytest.raises(AppendOnly):
            db.session.commit()
        db.session.rollback()
        db.session.delete(db.session.scalar(select(AuditEntry)))
        with pytest.raises(AppendOnly):
            db.session.commit()
        db.session.rollback()
        with pytest.raises(AppendOnly):
            db.session.execute(update(AuditEntry).values(detail="vervalst"))
        db.session.rollback()
    assert all(e.detail != "vervalst" for e in entries(app))


def test_no_route_changes_or_deletes_an_entry(app):
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("audit.")]
    assert rules
    assert all(r.methods <= {"GET", "HEAD", "OPTIONS"} for r in rules)


def test_on_postgresql_the_database_itself_refuses_to_change_an_entry(tmp_path):
    """Migration 0013's trigger: even a statement sent past the app is refused."""
    import uuid

    from flask_migrate import upgrade
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import DBAPIError

    from config import TestingConfig
    from rollout import create_app
    from tests.conftest import database_url

    url = make_url(database_url(tmp_path))
    if url.get_backend_name() != "postgresql":
        pytest.skip("a PostgreSQL trigger")
    name = f"rollout_audit_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        target = url.set(database=name).render_as_string(hide_password=False)
        app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=target)
        with app.app_context():
            upgrade()
            with db.engine.begin() as conn:
                conn.execute(
                    text(
                        "INSERT INTO audit_entry (at, action, changes, detail, address) "
                        "VALUES (now(), 'export', '{}', '', '')"
                    )
                )
            for statement in ("UPDATE audit_entry SET detail = 'x'", "DELETE FROM audit_entry"):
                with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
                    conn.execute(text(statement))
            with db.engine.connect() as conn:
                assert conn.execute(text("SELECT detail FROM audit_entry")).scalars().all() == [""]
            db.engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()
