"""audit MAC and login failures by source

Records already in the chain get their MAC from the service at its first start after this
revision (it holds the key; the database does not): see AuditWriter._anchor_at_start. A lockout
in force carries over as an account-wide lockout.

Revision ID: 54a3e017a36e
Revises: 82ef17035a77
Create Date: 2026-12-03 08:05:12.008336
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "54a3e017a36e"
down_revision: str | None = "82ef17035a77"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_start_ts", sa.Float(), nullable=False),
        sa.Column("locked_until", sa.Float(), nullable=False),
        sa.Column("last_attempt_ts", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("username", "source"),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("mac", sa.String(length=64), nullable=False, server_default="")
        )
    op.execute(
        "INSERT INTO login_failures "
        "(username, source, failures, window_start_ts, locked_until, last_attempt_ts) "
        "SELECT username, '*', 0, 0.0, locked_until, 0.0 FROM users WHERE locked_until > 0"
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("failed_logins")
        batch_op.drop_column("locked_until")


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("locked_until", sa.Float(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0")
        )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("mac")
    op.drop_table("login_failures")
