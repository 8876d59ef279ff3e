"""Migration 0011: the info_session table's rows become held sessions (and back on a downgrade),
on an empty database of the kind the suite runs on (SQLite by default)."""

from datetime import UTC, date, datetime

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from config import TestingConfig
from rollout import create_app
from rollout.extensions import db
from tests.test_database import empty_database_url  # noqa: F401 (a fixture)

CREATED = datetime(2021, 9, 20, 8, 0, tzinfo=UTC)
RECORDED = datetime(2021, 9, 22, 10, 0, tzinfo=UTC)


def _round_with_an_info_session(conn) -> None:
    """A round, a province, the information session's activity and one info_session row."""
    now = {"c": CREATED, "u": RECORDED}
    conn.execute(
        text(
            "INSERT INTO rollout (id, slug, name, start_date, duration_months, "
            "application_deadline, source, created_at, updated_at, data_version) VALUES "
            "(1, '2021-2022', 'Ronde', '2021-01-01', 24, '2021-04-01', '', :c, :u, 1)"
        ),
        now,
    )
    conn.execute(
        text(
            "INSERT INTO province (id, slug, name, foster_care_service, sort_order) "
            "VALUES (1, 'antwerpen', 'Antwerpen', 'Pleegzorg Provincie Antwerpen', 1)"
        )
    )
    conn.execute(
        text(
            "INSERT INTO phase (id, rollout_id, slug, number, name, description, planned_start, "
            "planned_end) VALUES (1, 1, 'fase-3', 3, 'Matching', '', '2021-06-01', '2021-09-30')"
        )
    )
    conn.execute(
        text(
            "INSERT INTO activity (id, rollout_id, phase_id, slug, name, description, kind, "
            "scope, responsible, planned_start, planned_end, sort_order) VALUES (7, 1, 1, "
            "'infosessie-organisatie', 'Infosessie', '', 'ACTIVITY', 'PROVINCE', '', "
            "'2021-09-01', '2021-09-30', 1)"
        )
    )
    conn.execute(
        text(
            "INSERT INTO info_session (id, rollout_id, province_id, held_on, attendees, note, "
            "created_at, updated_at) VALUES (1, 1, 1, '2021-09-21', 35, 'Goed', :c, :u)"
        ),
        now,
    )


def test_the_info_session_rows_become_held_sessions_and_come_back(empty_database_url):  # noqa: F811
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade(revision="0010_sessions")
        with db.engine.begin() as conn:
            _round_with_an_info_session(conn)
        upgrade(revision="0011_info_session_meeting")
        with db.engine.connect() as conn:
            assert "info_session" not in inspect(conn).get_table_names()
            rows = conn.execute(
                text(
                    "SELECT rollout_id, province_id, activity_id, kind, starts_at, ends_at, "
                    "head_count, minutes, attendance_recorded_at, cancelled_at, is_makeup "
                    "FROM meeting"
                )
            ).all()
            changes = conn.execute(text("SELECT text FROM meeting_change")).scalars().all()
        assert len(rows) == 1
        row = rows[0]
        assert (row.rollout_id, row.province_id, row.activity_id, row.kind) == (
            1,
            1,
            7,
            "INFO_SESSION",
        )
        assert (row.head_count, row.minutes, row.cancelled_at) == (35, "Goed", None)
        assert row.attendance_recorded_at is not None and not row.is_makeup  # held
        # 13:30-16:00 in Brussels on 21 September 2021 (summer time: UTC+2)
        assert str(row.starts_at).startswith("2021-09-21 11:30")
        assert str(row.ends_at).startswith("2021-09-21 14:00")
        assert changes == ["Overgenomen uit de infosessie van de teampagina."]

        # the app reads it as the province's held information session
        from rollout.plan.models import Province, Rollout
        from rollout.sessions.queries import info_session_of

        info = info_session_of(db.session, db.session.get(Rollout, 1), db.session.get(Province, 1))
        assert info.is_held and info.head_count == 35
        assert info.starts_at == datetime(2021, 9, 21, 11, 30, tzinfo=UTC)
        db.session.remove()

        downgrade(revision="0010_sessions")
        with db.engine.connect() as conn:
            back = conn.execute(
                text("SELECT rollout_id, province_id, held_on, attendees, note FROM info_session")
            ).all()
            left = conn.execute(text("SELECT count(*) FROM meeting")).scalar()
        assert [tuple(r) for r in back] == [(1, 1, back[0].held_on, 35, "Goed")]
        assert str(back[0].held_on) == str(date(2021, 9, 21)) and left == 0
        db.engine.dispose()
