"""Bot tables: conversation state per channel and person, and Slack event ids already handled.

Revision ID: 0002_conversations
Revises: 0001_initial
Create Date: 2024-01-02
"""
from alembic import op
import sqlalchemy as sa

revision = "0002_conversations"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("user_ref", sa.String(255), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("channel", "user_ref", name="uq_conversation_user"),
    )
    op.create_index("ix_conversations_updated_at", "conversations", ["updated_at"])
    op.create_table(
        "slack_events",
        sa.Column("event_id", sa.String(64), primary_key=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_slack_events_received_at", "slack_events", ["received_at"])


def downgrade() -> None:
    op.drop_index("ix_slack_events_received_at", table_name="slack_events")
    op.drop_table("slack_events")
    op.drop_index("ix_conversations_updated_at", table_name="conversations")
    op.drop_table("conversations")
