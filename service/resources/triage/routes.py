"""/v1/triage/cases (advisers) and /v1/assessments/{id}/escalate (practices): the LMC triage queue.

Advisers need a key with the `adviser` scope; any other key gets 403. The queue is sorted by the
priority the triage rules gave each case, oldest first within a priority. Claiming takes an open
case (409 if anyone has it: the first claim wins); resolving closes it with a note for the practice
(409 if someone else claimed it, or it is already resolved). Every change is kept with who and when.
An adviser key sees the cases of its organisation and of those its LMC serves (`core.orgs`); a
practice's key escalates and follows only its organisation's assessments. Any other id is 404.
"""
from __future__ import annotations

from flask import current_app, g

from core.triage import casework, notify, opening
from service.api import Blueprint, ProblemParser, errors
from service.auth import authenticate, owned_assessment
from service.db import get_session
from service.errors import ProblemError

from ..assessments.routes import json_response
from .schemas import (
    AssessmentCasesSchema,
    CaseListSchema,
    CaseQuerySchema,
    CaseSchema,
    EscalateSchema,
    EscalationSchema,
    ResolveSchema,
)


class OptionalBodyParser(ProblemParser):
    """A parser for views whose JSON body may be left out altogether."""

    def load_json(self, req, schema):
        """`{}` when nothing was sent; otherwise as for every other view."""
        if not req.get_data(cache=True):
            return {}
        return super().load_json(req, schema)


class OptionalBodyBlueprint(Blueprint):
    """A blueprint whose views accept an empty body as `{}`."""

    ARGUMENTS_PARSER = OptionalBodyParser()


def case_not_found(case_id) -> ProblemError:
    """The 404 for a case id nobody opened."""
    return ProblemError(404, detail="There is no triage case with this id.", errors={"case_id": [f"no case {case_id}"]})


def conflict(exc: casework.CaseConflict) -> ProblemError:
    """The 409 for a claim or resolution the case's state does not allow."""
    return ProblemError(409, detail=str(exc), errors={"status": [str(exc)]})


def cases_blueprint() -> Blueprint:
    """The advisers' queue: list, read, claim and resolve cases."""
    blp = Blueprint("triage", __name__, url_prefix="/v1/triage/cases",
                    description="The LMC advisers' queue of cases, most pressing first (adviser keys only).")
    blp.before_request(lambda: authenticate("adviser") and None)

    @blp.route("", methods=["GET"])
    @blp.arguments(CaseQuerySchema(), location="query")
    @blp.response(200, CaseListSchema)
    @errors(blp, 401, 403, 422)
    def list_cases(query):
        """Cases by priority (then oldest first), filtered by status, priority and topic."""
        rows = casework.list_cases(get_session(), query.get("status"), query.get("priority"), query.get("topic"),
                                query["limit"], orgs=g.principal.sees)
        return json_response({"count": len(rows), "cases": [casework.case_json(c) for c in rows]})

    @blp.route("/<int:case_id>", methods=["GET"])
    @blp.response(200, CaseSchema)
    @errors(blp, 401, 403, 404)
    def read(case_id):
        """One case with its history: every change, who made it and when."""
        session = get_session()
        case = _visible_case(session, case_id)
        return json_response(casework.case_json(case, casework.events(session, case_id)))

    @blp.route("/<int:case_id>/claim", methods=["POST"])
    @blp.response(200, CaseSchema)
    @errors(blp, 401, 403, 404, 409)
    def claim(case_id):
        """Claim an open case for the calling adviser; 409 if it is already claimed or resolved."""
        return _change(case_id, "claimed", lambda s: casework.claim(s, case_id, g.api_key_name))

    @blp.route("/<int:case_id>/resolve", methods=["POST"])
    @blp.arguments(ResolveSchema())
    @blp.response(200, CaseSchema)
    @errors(blp, 400, 401, 403, 404, 409, 413, 415, 422)
    def resolve(body, case_id):
        """Resolve a case with a note for the practice; 409 if another adviser claimed it or it is closed."""
        return _change(case_id, "resolved", lambda s: casework.resolve(s, case_id, g.api_key_name, body["note"].strip()))

    return blp


def _visible_case(session, case_id: int):
    """The case if the adviser's key may see it, else 404 exactly as for a missing id."""
    case = casework.get_case(session, case_id)
    if not g.principal.sees_case(case):
        raise case_not_found(case_id)
    return case


def _change(case_id: int, event: str, change):
    session = get_session()
    _visible_case(session, case_id)
    try:
        case = change(session)
    except casework.CaseNotFound:
        raise case_not_found(case_id) from None
    except casework.CaseConflict as exc:
        session.rollback()
        raise conflict(exc) from None
    history = casework.events(session, case_id)
    session.commit()
    notify.emit(current_app, event, [case_id])
    return json_response(casework.case_json(case, history))


def escalation_blueprint(engine) -> Blueprint:
    """Practices: escalate an assessment to the advisers, and read the cases it opened."""
    blp = OptionalBodyBlueprint("escalation", __name__, url_prefix="/v1/assessments/<string:assessment_id>",
                                description="Ask the LMC advisers about an assessment and follow their replies.")
    blp.before_request(lambda: authenticate("assess") and None)
    triage = opening.triage_for(engine.knowledge)

    @blp.route("/escalate", methods=["POST"])
    @blp.arguments(EscalateSchema(), required=False, description="Optional: what the practice wants help with.")
    @blp.response(201, EscalationSchema)
    @blp.alt_response(200, schema=EscalationSchema, description="Every case was already open: nothing new")
    @errors(blp, 400, 401, 404, 413, 415, 422)
    def escalate(body, assessment_id):
        """Pass an assessment to the LMC advisers: a case per advice flag, never two open for the same flag."""
        session = get_session()
        row = owned_assessment(assessment_id)
        note = (body.get("note") or "").strip() or None
        opened = opening.escalate_assessment(session, triage, row, channel="http", opened_by=g.api_key_name,
                                             user_ref=g.api_key_name, note=note)
        cases = [casework.case_json(o.case) for o in opened]
        session.commit()
        new = [o.case.id for o in opened if o.new]
        notify.emit(current_app, "opened", new)
        return json_response({"assessment_id": row.id, "opened": len(new), "cases": cases}, 201 if new else 200)

    @blp.route("/cases", methods=["GET"])
    @blp.response(200, AssessmentCasesSchema)
    @errors(blp, 401, 404)
    def cases(assessment_id):
        """The triage cases opened about an assessment, with each adviser's reply once resolved."""
        session = get_session()
        owned_assessment(assessment_id)
        rows = casework.list_cases(session, assessment_id=assessment_id, limit=500, orgs=g.principal.sees)
        return json_response({"assessment_id": assessment_id, "cases": [casework.case_json(c) for c in rows]})

    return blp
