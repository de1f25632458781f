"""footage requests to camera owners, one entry (and upload link) per owner

Revision ID: 7c3d2e91a4f0
Revises: 1b854fbf17c5
Create Date: 2026-12-04 19:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7c3d2e91a4f0"
down_revision: str | None = "1b854fbf17c5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "footage_requests",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("radius_m", sa.Float(), nullable=False),
        sa.Column("start_ts", sa.Float(), nullable=False),
        sa.Column("end_ts", sa.Float(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("requested_by", sa.String(length=128), nullable=False),
        sa.Column("created_ts", sa.Float(), nullable=False),
        sa.Column("expires_ts", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("footage_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_footage_requests_case_id"), ["case_id"])
        batch_op.create_index(batch_op.f("ix_footage_requests_created_ts"), ["created_ts"])

    op.create_table(
        "footage_asks",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("request_id", sa.String(length=32), nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("camera_id", sa.String(length=64), nullable=False),
        sa.Column("camera_name", sa.String(length=200), nullable=False),
        sa.Column("registration_id", sa.String(length=64), nullable=False),
        sa.Column("owner_name", sa.String(length=200), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_ts", sa.Float(), nullable=False),
        sa.Column("decline_reason", sa.String(length=500), nullable=False),
        sa.Column("evidence_id", sa.String(length=32), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("clip_path", sa.String(length=256), nullable=False),
        sa.Column("clip_duration_s", sa.Float(), nullable=False),
        sa.Column("clip_video_codec", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.ForeignKeyConstraint(["request_id"], ["footage_requests.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_sha256", name="uq_footage_asks_token"),
    )
    with op.batch_alter_table("footage_asks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_footage_asks_case_id"), ["case_id"])
        batch_op.create_index(batch_op.f("ix_footage_asks_request_id"), ["request_id"])
        batch_op.create_index(batch_op.f("ix_footage_asks_status"), ["status"])


def downgrade() -> None:
    with op.batch_alter_table("footage_asks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_footage_asks_status"))
        batch_op.drop_index(batch_op.f("ix_footage_asks_request_id"))
        batch_op.drop_index(batch_op.f("ix_footage_asks_case_id"))
    op.drop_table("footage_asks")
    with op.batch_alter_table("footage_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_footage_requests_created_ts"))
        batch_op.drop_index(batch_op.f("ix_footage_requests_case_id"))
    op.drop_table("footage_requests")
