"""prematching steps keep the day they happened

Revision ID: 0008_prematch_dates
Revises: 0007_round_closed
Create Date: 2026-11-25 10:00:00

The verdict on paper, the interview's outcome, the decision (and each step of its history) and
its publication record the day they happened next to the moment they were entered. Rows from
before get the Brussels date of that moment.
"""

from datetime import UTC
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "0008_prematch_dates"
down_revision = "0007_round_closed"
branch_labels = None
depends_on = None

BRUSSELS = ZoneInfo("Europe/Brussels")

#: table -> [(new date column, the timestamp it is filled from, required)]
COLUMNS = {
    "screening": [("decided_on", "decided_at", True)],
    "decision": [("decided_on", "decided_at", True), ("published_on", "published_at", False)],
    "decision_change": [("happened_on", "at", True)],
    "interview": [("held_on", "outcome_recorded_at", False)],
}


def _brussels_date(moment):
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BRUSSELS).date()


def upgrade():
    connection = op.get_bind()
    for table_name, columns in COLUMNS.items():
        with op.batch_alter_table(table_name, schema=None) as batch_op:
            for column, _source, _required in columns:
                batch_op.add_column(sa.Column(column, sa.Date(), nullable=True))
        table = sa.table(
            table_name,
            sa.column("id", sa.Integer),
            *(sa.column(c, sa.Date) for c, _s, _r in columns),
            *(sa.column(s, sa.DateTime(timezone=True)) for _c, s, _r in columns),
        )
        rows = connection.execute(
            sa.select(table.c.id, *(table.c[s] for _c, s, _r in columns))
        ).all()
        for row in rows:
            values = {c: _brussels_date(row._mapping[s]) for c, s, _r in columns}
            connection.execute(table.update().where(table.c.id == row.id).values(**values))
        with op.batch_alter_table(table_name, schema=None) as batch_op:
            for column, _source, required in columns:
                if required:
                    batch_op.alter_column(column, existing_type=sa.Date(), nullable=False)


def downgrade():
    for table_name, columns in COLUMNS.items():
        with op.batch_alter_table(table_name, schema=None) as batch_op:
            for column, _source, _required in reversed(columns):
                batch_op.drop_column(column)
