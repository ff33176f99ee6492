"""Shapes of the liveness and readiness answers."""
from __future__ import annotations

from marshmallow import fields

from ..assessments.schemas import Open


class HealthSchema(Open):
    """The process is up."""

    status = fields.String(required=True, metadata={"example": "ok"})


class ReadySchema(Open):
    """The database answers; `revision` is the schema migration it is at (null if never migrated)."""

    status = fields.String(required=True, metadata={"example": "ready"})
    database = fields.String(required=True, metadata={"example": "sqlite"})
    revision = fields.String(required=True, allow_none=True)
