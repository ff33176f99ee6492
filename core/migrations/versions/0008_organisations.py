"""Organisations: API keys and web advisers belong to one, API-made assessments and triage cases are
owned by one, LMCs serve others (`org_links`), and a checklist tick keeps a free note apart from who.

Every existing key, adviser account and triage case goes to organisation `default`, and so does
every assessment made through the API (channels `http` and `api`, the interviews); assessments
made in Slack, Telegram, the web pages or the chat stay owned by their channel's user.

Revision ID: 0008_organisations
Revises: 0007_telegram
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

revision = "0008_organisations"
down_revision = "0007_telegram"
branch_labels = None
depends_on = None

DEFAULT = "default"


def _batch(table: str):
    # Plain ALTER TABLE on SQLite too (3.35+ drops columns): copying a table to alter it would drop
    # the old one, and ON DELETE CASCADE would take its children (checklist states, case history).
    return op.batch_alter_table(table, recreate="never")


def _org_column(name: str) -> sa.Column:
    return sa.Column(name, sa.String(100), nullable=False, server_default=DEFAULT)


def upgrade() -> None:
    with _batch("api_keys") as batch:
        batch.add_column(_org_column("org"))
    with _batch("web_users") as batch:
        batch.add_column(_org_column("org"))
    with _batch("triage_cases") as batch:
        batch.add_column(_org_column("owner_org"))
    op.create_index("ix_triage_cases_owner_org", "triage_cases", ["owner_org"])
    with _batch("assessments") as batch:
        batch.add_column(sa.Column("owner_org", sa.String(100), nullable=True))
    op.execute(f"UPDATE assessments SET owner_org = '{DEFAULT}' WHERE channel IN ('http', 'api')")
    op.create_index("ix_assessments_owner_org", "assessments", ["owner_org"])
    with _batch("checklist_item_states") as batch:
        batch.add_column(sa.Column("note", sa.String(255), nullable=True))
    op.create_table(
        "org_links",
        sa.Column("lmc", sa.String(100), primary_key=True),
        sa.Column("org", sa.String(100), primary_key=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("org_links")
    with _batch("checklist_item_states") as batch:
        batch.drop_column("note")
    op.drop_index("ix_assessments_owner_org", table_name="assessments")
    with _batch("assessments") as batch:
        batch.drop_column("owner_org")
    op.drop_index("ix_triage_cases_owner_org", table_name="triage_cases")
    with _batch("triage_cases") as batch:
        batch.drop_column("owner_org")
    with _batch("web_users") as batch:
        batch.drop_column("org")
    with _batch("api_keys") as batch:
        batch.drop_column("org")
