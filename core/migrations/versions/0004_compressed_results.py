"""Assessment results stored as zstd-compressed JSON (`result_zst`) instead of a JSON column.

Every existing result is re-encoded from its stored JSON, keys in their stored order, so an
assessment reads back exactly as before; the downgrade restores the JSON column the same way.

Revision ID: 0004_compressed_results
Revises: 0003_triage
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa

from core import jsonutil
from core.compress import pack, unpack

revision = "0004_compressed_results"
down_revision = "0003_triage"
branch_labels = None
depends_on = None

CHUNK = 500


def _as_json_bytes(value) -> bytes:
    # SQLite hands back the JSON text; PostgreSQL's driver has already parsed it.
    if isinstance(value, (bytes, str)):
        return value.encode() if isinstance(value, str) else value
    return jsonutil.dumps_bytes(value)


def _copy(conn, source: str, target: str, target_type, convert) -> None:
    table = sa.table("assessments", sa.column("id"), sa.column(source), sa.column(target, target_type))
    last = ""
    while True:
        rows = conn.execute(sa.select(table.c.id, table.c[source]).where(table.c.id > last)
                            .order_by(table.c.id).limit(CHUNK)).all()
        if not rows:
            return
        conn.execute(table.update().where(table.c.id == sa.bindparam("b_id"))
                     .values({target: sa.bindparam("b_v", type_=target_type)}),
                     [{"b_id": r[0], "b_v": convert(r[1])} for r in rows])
        last = rows[-1][0]


def upgrade() -> None:
    # NOT NULL needs a default when added to existing rows; every row gets its value just below.
    op.add_column("assessments", sa.Column("result_zst", sa.LargeBinary(), nullable=False, server_default=""))
    conn = op.get_bind()
    _copy(conn, "result", "result_zst", sa.LargeBinary(), lambda v: pack(_as_json_bytes(v)))
    op.drop_column("assessments", "result")
    if conn.dialect.name != "sqlite":  # SQLite cannot alter a column; its unused default is harmless
        op.alter_column("assessments", "result_zst", server_default=None)


def downgrade() -> None:
    conn = op.get_bind()
    op.add_column("assessments", sa.Column("result", sa.JSON(), nullable=False, server_default="{}"))
    # Parsed with key order kept, and written back through the JSON type.
    _copy(conn, "result_zst", "result", sa.JSON(), lambda v: jsonutil.loads(unpack(v)))
    op.drop_column("assessments", "result_zst")
    if conn.dialect.name != "sqlite":
        op.alter_column("assessments", "result", server_default=None)
