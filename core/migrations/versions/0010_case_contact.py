"""Adviser cases the practice can follow: who is asking (a practice or network name, an optional
contact email), an unguessable reference for the practice's own link to its case, and the other
advice flags a single request covers.

Existing cases keep nulls: they were opened before a request became one case, and the practices that
opened them follow them where they always did (their result page or the Ask page).

Revision ID: 0010_case_contact
Revises: 0008_organisations
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa

revision = "0010_case_contact"
down_revision = "0008_organisations"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("triage_cases", recreate="never") as batch:
        batch.add_column(sa.Column("practice_name", sa.String(200), nullable=True))
        batch.add_column(sa.Column("contact_email", sa.String(254), nullable=True))
        batch.add_column(sa.Column("reference", sa.String(64), nullable=True))
        batch.add_column(sa.Column("related_flags", sa.JSON(), nullable=True))
    op.create_index("uq_triage_cases_reference", "triage_cases", ["reference"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_triage_cases_reference", table_name="triage_cases")
    with op.batch_alter_table("triage_cases", recreate="never") as batch:
        batch.drop_column("related_flags")
        batch.drop_column("reference")
        batch.drop_column("contact_email")
        batch.drop_column("practice_name")
