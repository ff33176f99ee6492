"""Where a triage case was posted in Slack moves from `triage_cases` to Slack's own table.

`slack_case_posts` (case id, channel, ts) belongs to the Slack front end; the triage table keeps
only what every channel shares. Existing posts are copied across both ways.

Revision ID: 0005_slack_case_posts
Revises: 0004_compressed_results
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

revision = "0005_slack_case_posts"
down_revision = "0004_compressed_results"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "slack_case_posts",
        sa.Column("case_id", sa.Integer, sa.ForeignKey("triage_cases.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("ts", sa.String(32), nullable=False),
    )
    op.execute("INSERT INTO slack_case_posts (case_id, channel, ts) SELECT id, slack_channel, slack_ts "
               "FROM triage_cases WHERE slack_channel IS NOT NULL AND slack_ts IS NOT NULL")
    with op.batch_alter_table("triage_cases") as batch:
        batch.drop_column("slack_ts")
        batch.drop_column("slack_channel")


def downgrade() -> None:
    with op.batch_alter_table("triage_cases") as batch:
        batch.add_column(sa.Column("slack_channel", sa.String(32), nullable=True))
        batch.add_column(sa.Column("slack_ts", sa.String(32), nullable=True))
    op.execute("UPDATE triage_cases SET slack_channel = (SELECT channel FROM slack_case_posts p "
               "WHERE p.case_id = triage_cases.id), slack_ts = (SELECT ts FROM slack_case_posts p "
               "WHERE p.case_id = triage_cases.id)")
    op.drop_table("slack_case_posts")
