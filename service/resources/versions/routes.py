"""Stored assessments reproduced and reassessed, and the knowledge versions kept.

- `GET /v1/assessments/{id}/reproduce`: rerun under the rules that made it; identical or where not.
- `POST /v1/assessments/{id}/reassess`: a new assessment of the same facts under today's rules, owned
  like the old one, with `previous_id` and the changes.
- `GET /v1/knowledge/versions` and `GET /v1/knowledge/versions/{a}/diff/{b}`: what changed in the
  guidance, without git.
Another organisation's assessment is a 404, as everywhere.
"""
from __future__ import annotations

from flask import request
from sqlalchemy import select

from core import versions
from core.records import KnowledgeVersion, isoformat
from engine import Engine
from engine.knowledge_diff import counts, diff
from service.api import Blueprint, errors
from service.auth import authenticate, owned_assessment
from service.db import get_db_engine, get_session
from service.errors import ProblemError

from ..assessments.routes import json_response
from .schemas import ReassessmentSchema, ReproductionSchema, VersionDiffSchema, VersionListSchema


def _unknown(version: str) -> ProblemError:
    return ProblemError(404, "Not Found", f"no knowledge is kept for rules version {version!r}")


def assessments_blueprint(engine: Engine) -> Blueprint:
    """Reproduce and reassess, under /v1/assessments/{id}."""
    blp = Blueprint("reassess", __name__, url_prefix="/v1/assessments/<assessment_id:assessment_id>",
                    description="Rerun a stored assessment: under its own rules, or under today's.")
    blp.before_request(lambda: authenticate("assess") and None)

    @blp.route("/reproduce", methods=["GET"])
    @blp.response(200, ReproductionSchema)
    @errors(blp, 401, 404)
    def reproduce(assessment_id):
        """Rerun the assessment's facts under the exact rules that made it."""
        row = owned_assessment(assessment_id)
        versions.remember(get_db_engine(), engine.knowledge)
        try:
            return json_response(versions.reproduce(get_db_engine(), row, engine))
        except versions.UnknownVersion as exc:
            raise _unknown(row.rules_version) from exc

    @blp.route("/reassess", methods=["POST"])
    @blp.response(201, ReassessmentSchema)
    @errors(blp, 401, 404)
    def reassess(assessment_id):
        """Store a new assessment of the same facts under today's rules, with what changed."""
        row = owned_assessment(assessment_id)
        versions.remember(get_db_engine(), engine.knowledge)
        out = versions.reassess(get_session(), row, engine)
        get_session().commit()
        location = f"{request.script_root}/v1/assessments/{out['assessment_id']}"
        return json_response(dict(out, location=location), 201, {"Location": location})

    return blp


def knowledge_blueprint(engine: Engine) -> Blueprint:
    """The knowledge versions kept, and what differs between two."""
    blp = Blueprint("knowledge_versions", __name__, url_prefix="/v1/knowledge/versions",
                    description="The versions of the guidance kept, and what changed between them.")
    blp.before_request(lambda: authenticate("assess") and None)

    def knowledge_of(version: str):
        try:
            return versions.knowledge_for(get_db_engine(), version, engine)
        except versions.UnknownVersion as exc:
            raise _unknown(version) from exc

    @blp.route("", methods=["GET"])
    @blp.response(200, VersionListSchema)
    @errors(blp, 401)
    def listed():
        """Every version kept, oldest first, each with what it changed against the one before."""
        versions.remember(get_db_engine(), engine.knowledge)
        rows = list(get_session().execute(select(KnowledgeVersion.rules_version, KnowledgeVersion.first_seen)
                                          .order_by(KnowledgeVersion.first_seen, KnowledgeVersion.rules_version)))
        out, before = [], None
        for version, first_seen in rows:
            against = counts(diff(knowledge_of(before), knowledge_of(version))) if before else None
            out.append({"rules_version": version, "first_seen": isoformat(first_seen),
                        "current": version == engine.rules_version, "previous": before, "against_previous": against})
            before = version
        return json_response({"versions": out})

    @blp.route("/<string:a>/diff/<string:b>", methods=["GET"])
    @blp.response(200, VersionDiffSchema)
    @errors(blp, 401, 404)
    def difference(a, b):
        """The rules, parameters, questions, checklist items and models that differ from `a` to `b`."""
        return json_response(diff(knowledge_of(a), knowledge_of(b)))

    return blp
