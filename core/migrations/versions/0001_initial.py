"""Initial tables: assessments, checklist item states, API keys.

Revision ID: 0001_initial
Revises:
Create Date: 2024-01-01
"""
from alembic import op
import sqlalchemy as sa

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assessments",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("rules_version", sa.String(64), nullable=False),
        sa.Column("contract_year", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("user_ref", sa.String(255), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_assessments_contract_year", "assessments", ["contract_year"])
    op.create_index("ix_assessments_user_ref", "assessments", ["user_ref"])
    op.create_index("ix_assessments_created_at", "assessments", ["created_at"])
    op.create_table(
        "checklist_item_states",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("assessment_id", sa.String(32), sa.ForeignKey("assessments.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("item_id", sa.String(100), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("by", sa.String(255), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("assessment_id", "item_id", name="uq_checklist_item"),
    )
    op.create_index("ix_checklist_item_states_assessment_id", "checklist_item_states", ["assessment_id"])
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("scope", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("api_keys")
    op.drop_index("ix_checklist_item_states_assessment_id", "checklist_item_states")
    op.drop_table("checklist_item_states")
    op.drop_index("ix_assessments_created_at", "assessments")
    op.drop_index("ix_assessments_user_ref", "assessments")
    op.drop_index("ix_assessments_contract_year", "assessments")
    op.drop_table("assessments")
