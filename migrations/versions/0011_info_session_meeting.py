"""the information session becomes a session

Revision ID: 0011_info_session_meeting
Revises: 0010_sessions
Create Date: 2026-11-25 04:10:00

The information session for all staff of the partner organisation was a date and a head count
on the team page (table info_session). It is now one session (meeting) of kind INFO_SESSION of
the round's plan activity `infosessie-organisatie`: each row becomes a held session on its day,
from 13:30 to 16:00 Brussels time (the default of rollout/sessions/info.py), with the head count,
the note as its minutes, and its attendance recorded (so that it counts as held). The table is
then dropped. The downgrade makes the table again from the province's first held information
session and removes the sessions it copied back.
"""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0011_info_session_meeting"
down_revision = "0010_sessions"
branch_labels = None
depends_on = None

BRUSSELS = ZoneInfo("Europe/Brussels")
ACTIVITY = "infosessie-organisatie"
START, END = time(13, 30), time(16, 0)
MOVED = "Overgenomen uit de infosessie van de teampagina."

info_session = sa.table(
    "info_session",
    sa.column("id", sa.Integer),
    sa.column("rollout_id", sa.Integer),
    sa.column("province_id", sa.Integer),
    sa.column("held_on", sa.Date),
    sa.column("attendees", sa.Integer),
    sa.column("note", sa.Text),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)
activity = sa.table(
    "activity",
    sa.column("id", sa.Integer),
    sa.column("rollout_id", sa.Integer),
    sa.column("slug", sa.String),
)
meeting = sa.table(
    "meeting",
    sa.column("id", sa.Integer),
    sa.column("rollout_id", sa.Integer),
    sa.column("province_id", sa.Integer),
    sa.column("activity_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("title", sa.String),
    sa.column("starts_at", sa.DateTime(timezone=True)),
    sa.column("ends_at", sa.DateTime(timezone=True)),
    sa.column("place", sa.String),
    sa.column("online_link", sa.String),
    sa.column("led_by", sa.String),
    sa.column("agenda", sa.Text),
    sa.column("is_makeup", sa.Boolean),
    sa.column("guests", sa.JSON),
    sa.column("cancelled_at", sa.DateTime(timezone=True)),
    sa.column("cancel_reason", sa.Text),
    sa.column("attendance_recorded_at", sa.DateTime(timezone=True)),
    sa.column("head_count", sa.Integer),
    sa.column("minutes", sa.Text),
    sa.column("minutes_updated_at", sa.DateTime(timezone=True)),
    sa.column("invitations_sent", sa.Integer),
    sa.column("version", sa.Integer),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)
meeting_change = sa.table(
    "meeting_change",
    sa.column("id", sa.Integer),
    sa.column("meeting_id", sa.Integer),
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("text", sa.Text),
    sa.column("reason", sa.Text),
)
attendance = sa.table("attendance", sa.column("meeting_id", sa.Integer))


def _stored(moment: datetime, sqlite: bool):
    """A UTC moment as rollout.database.UTCDateTime stores it (naive UTC on SQLite)."""
    moment = moment.astimezone(UTC)
    return moment.replace(tzinfo=None) if sqlite else moment


def _utc(value) -> datetime:
    if isinstance(value, str):  # SQLite without the type's processing
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def upgrade():
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    activities = {
        rollout_id: activity_id
        for activity_id, rollout_id in bind.execute(
            sa.select(activity.c.id, activity.c.rollout_id).where(activity.c.slug == ACTIVITY)
        )
    }
    for row in bind.execute(sa.select(info_session).order_by(info_session.c.id)).all():
        if row.rollout_id not in activities:
            raise RuntimeError(
                f"info_session {row.id}: round {row.rollout_id} has no activity {ACTIVITY}"
            )
        starts = datetime.combine(row.held_on, START, BRUSSELS)
        ends = datetime.combine(row.held_on, END, BRUSSELS)
        recorded = _stored(_utc(row.updated_at), sqlite)
        meeting_id = bind.execute(
            meeting.insert()
            .returning(meeting.c.id)
            .values(
                rollout_id=row.rollout_id,
                province_id=row.province_id,
                activity_id=activities[row.rollout_id],
                kind="INFO_SESSION",
                title="",
                starts_at=_stored(starts, sqlite),
                ends_at=_stored(ends, sqlite),
                place="",
                online_link="",
                led_by="",
                agenda="",
                is_makeup=False,
                guests=[],
                cancel_reason="",
                attendance_recorded_at=recorded,
                head_count=row.attendees,
                minutes=row.note or "",
                minutes_updated_at=recorded if row.note else None,
                invitations_sent=0,
                version=1,
                created_at=_stored(_utc(row.created_at), sqlite),
                updated_at=recorded,
            )
        ).scalar_one()
        bind.execute(
            meeting_change.insert().values(
                meeting_id=meeting_id, at=recorded, text=MOVED, reason=""
            )
        )
    op.drop_table("info_session")


def downgrade():
    op.create_table(
        "info_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rollout_id", sa.Integer(), nullable=False),
        sa.Column("province_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("attendees", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["province_id"], ["province.id"], name=op.f("fk_info_session_province_id_province")
        ),
        sa.ForeignKeyConstraint(
            ["rollout_id"],
            ["rollout.id"],
            name=op.f("fk_info_session_rollout_id_rollout"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_info_session")),
        sa.UniqueConstraint(
            "rollout_id", "province_id", name=op.f("uq_info_session_rollout_id_province_id")
        ),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(meeting)
        .where(
            meeting.c.kind == "INFO_SESSION",
            meeting.c.province_id.is_not(None),
            meeting.c.cancelled_at.is_(None),
            meeting.c.attendance_recorded_at.is_not(None),
        )
        .order_by(meeting.c.starts_at, meeting.c.id)
    ).all()
    copied, seen = [], set()
    for row in rows:
        if (row.rollout_id, row.province_id) in seen:
            continue  # the table held one per province; the later ones stay sessions
        seen.add((row.rollout_id, row.province_id))
        bind.execute(
            info_session.insert().values(
                rollout_id=row.rollout_id,
                province_id=row.province_id,
                held_on=_utc(row.starts_at).astimezone(BRUSSELS).date(),
                attendees=max(row.head_count or 1, 1),
                note=row.minutes or "",
                created_at=row.created_at,
                updated_at=row.updated_at,
            )
        )
        copied.append(row.id)
    if copied:
        bind.execute(attendance.delete().where(attendance.c.meeting_id.in_(copied)))
        bind.execute(meeting_change.delete().where(meeting_change.c.meeting_id.in_(copied)))
        bind.execute(meeting.delete().where(meeting.c.id.in_(copied)))
