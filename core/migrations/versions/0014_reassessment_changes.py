"""What a reassessment changed for its people, kept with it: `assessments.changed` (the kinds of
change, comma-separated: status, advice, new_blockers, funding; empty when nothing people are told
about changed) and `assessments.change_brief` (before and after of each, small JSON), so the
advisers' list of practices whose advice changed reads two small columns, never two whole results.
Both stay empty on assessments that are not reassessments; reassessments stored before this
migration get theirs on the next `pcn reassess`.

Revision ID: 0014_reassessment_changes
Revises: 0013_web_user_disabled
Create Date: 2026-12-08
"""
from alembic import op
import sqlalchemy as sa

revision = "0014_reassessment_changes"
down_revision = "0013_web_user_disabled"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assessments", recreate="never") as batch:
        batch.add_column(sa.Column("changed", sa.String(64), nullable=True))
        batch.add_column(sa.Column("change_brief", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("assessments", recreate="never") as batch:
        batch.drop_column("change_brief")
        batch.drop_column("changed")
