"""activity spans

Revision ID: 3f1c9a7e5b20
Revises: dcebbd08233c
Create Date: 2026-12-04 18:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "3f1c9a7e5b20"
down_revision: str | None = "dcebbd08233c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "activity_spans",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("camera_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("segment_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("start_ts", sa.Float(), nullable=False),
        sa.Column("end_ts", sa.Float(), nullable=False),
        sa.Column("peak_level", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("activity_spans", schema=None) as batch_op:
        batch_op.create_index(
            "ix_activity_spans_camera_start", ["camera_id", "start_ts"], unique=False
        )
        batch_op.create_index("ix_activity_spans_segment", ["segment_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("activity_spans", schema=None) as batch_op:
        batch_op.drop_index("ix_activity_spans_segment")
        batch_op.drop_index("ix_activity_spans_camera_start")
    op.drop_table("activity_spans")
