"""What a reassessment changed for its people, kept with it: `assessments.changed` (the kinds of
change, comma-separated: status, advice, new_blockers, funding; empty when nothing people are told
about changed) and `assessments.change_brief` (before and after of each, small JSON), so the
advisers' list of practices whose advice changed reads two small columns, never two whole results;
and `assessments.first_id`, the assessment a chain of reassessments started from (so a person is
told about their newest assessment only). All stay empty on assessments that are not
reassessments; reassessments stored before this migration get `first_id` here (they reassessed an
original: nothing before it was reassessed twice) and the rest on the next `pcn reassess`.

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
        batch.add_column(sa.Column("first_id", sa.String(32), nullable=True))
    op.execute("UPDATE assessments SET first_id = previous_id WHERE previous_id IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("assessments", recreate="never") as batch:
        batch.drop_column("first_id")
        batch.drop_column("change_brief")
        batch.drop_column("changed")
