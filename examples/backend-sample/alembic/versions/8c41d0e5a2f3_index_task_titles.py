"""index task titles

Revision ID: 8c41d0e5a2f3
Revises: 3f2a1c9b7d10
Create Date: 2026-10-07 18:40:00
"""
from typing import Sequence, Union

from alembic import op

revision: str = "8c41d0e5a2f3"
down_revision: Union[str, None] = "3f2a1c9b7d10"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_index("ix_tasks_title", "tasks", ["title"])


def downgrade() -> None:
    op.drop_index("ix_tasks_title", table_name="tasks")
