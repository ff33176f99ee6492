"""Accounts for the web front door (`web_users`): name, role and a slow password hash.

Revision ID: 0006_web_users
Revises: 0005_slack_case_posts
Create Date: 2026-12-10
"""
from alembic import op
import sqlalchemy as sa

revision = "0006_web_users"
down_revision = "0005_slack_case_posts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("web_users")
