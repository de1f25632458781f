"""recording health reported by the recorder, and each camera's RTSP transport

Revision ID: 5b1e0c7a9d21
Revises: 892a1323da5a
Create Date: 2026-12-03 08:25:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5b1e0c7a9d21"
down_revision: str | None = "892a1323da5a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = (
    ("probe_state", sa.String(16), "unknown"),
    ("probe_detail", sa.String(64), ""),
    ("recording_ok", sa.Boolean(), sa.false()),
    ("recording_detail", sa.String(64), ""),
    ("recording_last_segment_end", sa.Float(), None),
    ("recording_last_segment_bytes", sa.Integer(), "0"),
    ("recording_video_codec", sa.String(16), ""),
    ("recording_transcoded_from", sa.String(16), ""),
    ("recording_transport", sa.String(8), ""),
    ("recording_reported_at", sa.Float(), None),
    ("rtsp_transport", sa.String(8), "auto"),
)


def upgrade() -> None:
    with op.batch_alter_table("cameras", schema=None) as batch_op:
        for name, kind, default in _COLUMNS:
            batch_op.add_column(
                sa.Column(name, kind, nullable=default is None, server_default=default)
            )
    # What the probe said so far is all the health there was.
    op.execute("UPDATE cameras SET probe_state = health_state, probe_detail = health_detail")


def downgrade() -> None:
    with op.batch_alter_table("cameras", schema=None) as batch_op:
        for name, _kind, _default in reversed(_COLUMNS):
            batch_op.drop_column(name)
