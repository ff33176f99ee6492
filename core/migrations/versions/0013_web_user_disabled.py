"""Web accounts can be disabled (`pcn users disable`): a disabled adviser cannot sign in, and their
sessions end at once. Existing accounts stay enabled.

Revision ID: 0013_web_user_disabled
Revises: 0012_knowledge_versions
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa

revision = "0013_web_user_disabled"
down_revision = "0012_knowledge_versions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("web_users", recreate="never") as batch:
        batch.add_column(sa.Column("disabled_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("web_users", recreate="never") as batch:
        batch.drop_column("disabled_at")
