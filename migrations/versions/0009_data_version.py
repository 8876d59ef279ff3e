"""a rollout counts the changes to what its pages show

Revision ID: 0009_data_version
Revises: 0008_prematch_dates
Create Date: 2026-11-26 10:00:00

Pages cache their figures under the rollout's data version, which every change to the data
they show bumps (rollout/versioning.py).
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_data_version"
down_revision = "0008_prematch_dates"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("rollout", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("data_version", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade():
    with op.batch_alter_table("rollout", schema=None) as batch_op:
        batch_op.drop_column("data_version")
