"""/healthz and /readyz: liveness (no I/O) and readiness (the database answers and its schema is at
the newest migration: an app on a database nobody migrated, or one behind, is not ready). Both public."""
from __future__ import annotations

import logging

from flask import Response
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from core.migrate import current_revision, head_revision
from service.api import Blueprint, errors
from service.db import get_db_engine
from service.errors import ProblemError

from .schemas import HealthSchema, ReadySchema

log = logging.getLogger(__name__)
HEALTHY = b'{"status":"ok"}'


def blueprint() -> Blueprint:
    """The health blueprint."""
    blp = Blueprint("health", __name__, description="Liveness and readiness probes (no API key).")

    @blp.route("/healthz", methods=["GET"])
    @blp.response(200, HealthSchema)
    @blp.doc(security=[])
    def healthz():
        """Liveness: the process answers."""
        return Response(HEALTHY, mimetype="application/json")  # prebuilt: this is polled often

    @blp.route("/readyz", methods=["GET"])
    @blp.response(200, ReadySchema)
    @blp.doc(security=[])
    @errors(blp, 503)
    def readyz():
        """Readiness: the database is reachable and migrated to the newest revision (503 otherwise)."""
        engine = get_db_engine()
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            revision = current_revision(engine)
        except SQLAlchemyError as exc:
            log.warning("database not reachable: %s", exc)
            raise ProblemError(503, detail="The database is not reachable.",
                               errors={"database": ["not reachable"]}) from None
        head = head_revision()
        if revision != head:
            log.warning("database schema at %s, not %s: run `pcn db upgrade`", revision, head)
            raise ProblemError(503, detail=f"The database schema is at {revision or 'no revision'}, not {head}: "
                                           "run `pcn db upgrade`.",
                               errors={"database": [f"schema at {revision or 'no revision'}, not {head}"]})
        return {"status": "ready", "database": engine.dialect.name, "revision": revision}

    return blp
