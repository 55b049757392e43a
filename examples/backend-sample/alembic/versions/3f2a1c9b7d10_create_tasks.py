"""create tasks

Revision ID: 3f2a1c9b7d10
Revises:
Create Date: 2026-10-05 10:12:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "3f2a1c9b7d10"
down_revision: Union[str, None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "tasks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    op.drop_table("tasks")
