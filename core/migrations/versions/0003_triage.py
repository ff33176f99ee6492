"""Triage tables: LMC adviser cases and the history of every change to them.

Revision ID: 0003_triage
Revises: 0002_conversations
Create Date: 2024-01-03
"""
from alembic import op
import sqlalchemy as sa

revision = "0003_triage"
down_revision = "0002_conversations"
branch_labels = None
depends_on = None

UNRESOLVED = sa.text("status <> 'resolved'")


def upgrade() -> None:
    op.create_table(
        "triage_cases",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("priority", sa.String(16), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(64), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("flag_code", sa.String(100), nullable=True),
        sa.Column("flag", sa.JSON(), nullable=True),
        sa.Column("question", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("assessment_id", sa.String(32), sa.ForeignKey("assessments.id"), nullable=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("user_ref", sa.String(255), nullable=True),
        sa.Column("conversation_id", sa.Integer(), nullable=True),
        sa.Column("dedupe_key", sa.String(300), nullable=False),
        sa.Column("rules_version", sa.String(64), nullable=False),
        sa.Column("opened_by", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("claimed_by", sa.String(255), nullable=True),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by", sa.String(255), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("slack_channel", sa.String(32), nullable=True),
        sa.Column("slack_ts", sa.String(32), nullable=True),
    )
    op.create_index("ix_triage_cases_priority", "triage_cases", ["priority"])
    op.create_index("ix_triage_cases_topic", "triage_cases", ["topic"])
    op.create_index("ix_triage_cases_assessment_id", "triage_cases", ["assessment_id"])
    op.create_index("ix_triage_cases_user_ref", "triage_cases", ["user_ref"])
    op.create_index("ix_triage_cases_queue", "triage_cases", ["status", "rank", "created_at"])
    # one unresolved case per dedupe key (assessment + flag, person + request, person + question)
    op.create_index("uq_triage_cases_open_dedupe", "triage_cases", ["dedupe_key"], unique=True,
                    sqlite_where=UNRESOLVED, postgresql_where=UNRESOLVED)
    op.create_table(
        "triage_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("triage_cases.id", ondelete="CASCADE"), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("by", sa.String(255), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=True),
    )
    op.create_index("ix_triage_events_case_id", "triage_events", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_triage_events_case_id", table_name="triage_events")
    op.drop_table("triage_events")
    for name in ("uq_triage_cases_open_dedupe", "ix_triage_cases_queue", "ix_triage_cases_user_ref",
                 "ix_triage_cases_assessment_id", "ix_triage_cases_topic", "ix_triage_cases_priority"):
        op.drop_index(name, table_name="triage_cases")
    op.drop_table("triage_cases")
