"""The Telegram front end's table of update ids already taken in (`telegram_updates`).

Revision ID: 0007_telegram
Revises: 0006_web_users
Create Date: 2026-12-10
"""
from alembic import op
import sqlalchemy as sa

revision = "0007_telegram"
down_revision = "0006_web_users"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "telegram_updates",
        sa.Column("update_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_telegram_updates_received_at", "telegram_updates", ["received_at"])


def downgrade() -> None:
    op.drop_index("ix_telegram_updates_received_at", table_name="telegram_updates")
    op.drop_table("telegram_updates")
