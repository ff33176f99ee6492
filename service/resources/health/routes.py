"""/healthz and /readyz: liveness (no I/O) and readiness (the database answers). Both public."""
from __future__ import annotations

import logging

from flask import Response
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from core.migrate import current_revision
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
        """Readiness: the database is reachable."""
        engine = get_db_engine()
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            revision = current_revision(engine)
        except SQLAlchemyError as exc:
            log.warning("database not reachable: %s", exc)
            raise ProblemError(503, detail="The database is not reachable.",
                               errors={"database": ["not reachable"]}) from None
        return {"status": "ready", "database": engine.dialect.name, "revision": revision}

    return blp
