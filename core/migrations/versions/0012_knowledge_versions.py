"""Knowledge versions kept, and reassessments linked to what they reassessed.

`knowledge_versions` holds each rules version's whole knowledge (compressed), written on its first
use, so an old assessment can be reproduced exactly. `assessments.previous_id` links a reassessment
to the assessment it reran under newer rules; `notified_at` records that its person was told.

Revision ID: 0012_knowledge_versions
Revises: 0011_web_sessions
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa

revision = "0012_knowledge_versions"
down_revision = "0011_web_sessions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "knowledge_versions",
        sa.Column("rules_version", sa.String(64), primary_key=True),
        sa.Column("first_seen", sa.DateTime(), nullable=False),
        sa.Column("files_zst", sa.LargeBinary(), nullable=False),
    )
    op.create_index("ix_knowledge_versions_first_seen", "knowledge_versions", ["first_seen"])
    with op.batch_alter_table("assessments", recreate="never") as batch:
        batch.add_column(sa.Column("previous_id", sa.String(32), nullable=True))
        batch.add_column(sa.Column("notified_at", sa.DateTime(), nullable=True))
    op.create_index("ix_assessments_previous_id", "assessments", ["previous_id"])


def downgrade() -> None:
    op.drop_index("ix_assessments_previous_id", table_name="assessments")
    with op.batch_alter_table("assessments", recreate="never") as batch:
        batch.drop_column("notified_at")
        batch.drop_column("previous_id")
    op.drop_index("ix_knowledge_versions_first_seen", table_name="knowledge_versions")
    op.drop_table("knowledge_versions")
