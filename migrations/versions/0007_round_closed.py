"""a lead can close a round

Revision ID: 0007_round_closed
Revises: c4a051a60f4a
Create Date: 2026-11-24 22:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0007_round_closed"
down_revision = "c4a051a60f4a"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("rollout", schema=None) as batch_op:
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("closed_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_rollout_closed_by_id_user"), "user", ["closed_by_id"], ["id"]
        )


def downgrade():
    with op.batch_alter_table("rollout", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_rollout_closed_by_id_user"), type_="foreignkey")
        batch_op.drop_column("closed_by_id")
        batch_op.drop_column("closed_at")
