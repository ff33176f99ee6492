"""/v1/interviews: the goal-driven interview over HTTP, for other systems and new front ends.

Each call returns the interview's view (`core.interviews`): the question being asked, or the result.
An interview belongs to the API key that started it; any other key, even of the same organisation,
gets 404 for its id. The assessment it makes belongs to the key's organisation. A bad
answer is 422 naming `value`; answering a question that is not the one being asked is 409.
"""
from __future__ import annotations

from flask import current_app, g

from core.dialogue.conversation import Dialogue
from core.dialogue.persistence import SQLStore
from core.dialogue.runner import Conversations
from core.interviews import CHANNEL, BadAnswer, FactsError, Interviews, NotFound, NotWaiting
from engine import Engine
from service.api import Blueprint, errors
from service.auth import authenticate
from service.db import get_db_engine
from service.errors import ProblemError
from service.resources.assessments.routes import json_response

from .schemas import (
    InterviewAnswerSchema,
    InterviewChangeSchema,
    InterviewCreateSchema,
    InterviewRefineSchema,
    InterviewSchema,
)

EXTENSION = "pcn.interviews"


def _interviews(engine: Engine) -> Interviews:
    """The app's interviews, on its database (made on first use)."""
    found = current_app.extensions.get(EXTENSION)
    if found is None:
        convs = Conversations(CHANNEL, SQLStore(get_db_engine()), Dialogue(engine))
        found = current_app.extensions[EXTENSION] = Interviews(convs)
    return found


def _not_found(interview_id: str) -> ProblemError:
    return ProblemError(404, detail="There is no interview with this id for this API key.",
                        errors={"interview_id": [f"no interview {interview_id!r}"]})


def _run(call, interview_id: str | None = None, field: str = "value"):
    """A call on the interviews, its failures as problem documents."""
    try:
        return json_response(call())
    except NotFound:
        raise _not_found(interview_id) from None
    except NotWaiting as exc:
        raise ProblemError(409, detail="That question is not the one being asked.",
                           errors={"question": [f"{exc.args[0]!r} is not waiting for an answer: GET the interview "
                                                "to see which is"]}) from None
    except BadAnswer as exc:
        raise ProblemError(422, detail="The answer cannot be taken.", errors={field: [str(exc)]}) from None
    except FactsError as exc:
        raise ProblemError(422, detail="Some facts are not valid.",
                           errors={f"facts.{k}": v for k, v in sorted(exc.errors.items())}) from None


def blueprint(engine: Engine) -> Blueprint:
    """The interviews blueprint, asking with `engine`."""
    blp = Blueprint("interviews", __name__, url_prefix="/v1/interviews",
                    description="A goal-driven interview: the questions that can change the answer first, "
                                "then refinements by topic.")
    blp.before_request(lambda: authenticate("assess") and None)

    def owner() -> str:
        return g.api_key_name

    def org() -> str:
        return g.principal.org

    @blp.route("", methods=["POST"])
    @blp.arguments(InterviewCreateSchema(), required=False)
    @blp.response(201, InterviewSchema)
    @errors(blp, 400, 401, 413, 415, 422)
    def create(body):
        """Start an interview (optionally from facts already known)."""
        resp = _run(lambda: _interviews(engine).create(owner(), (body or {}).get("facts") or None, org()))
        resp.status_code = 201
        return resp

    @blp.route("/<string:interview_id>", methods=["GET"])
    @blp.response(200, InterviewSchema)
    @errors(blp, 401, 404)
    def get(interview_id):
        """Where an interview stands: its question, or its result."""
        return _run(lambda: _interviews(engine).get(owner(), interview_id), interview_id)

    @blp.route("/<string:interview_id>/answers", methods=["POST"])
    @blp.arguments(InterviewAnswerSchema())
    @blp.response(200, InterviewSchema)
    @errors(blp, 400, 401, 404, 409, 413, 415, 422)
    def answer(body, interview_id):
        """Answer the question being asked (a value, or "not_sure": true)."""
        return _run(lambda: _interviews(engine).answer(owner(), interview_id, body["question"], body.get("value"),
                                                       body.get("not_sure") is True, org()), interview_id)

    @blp.route("/<string:interview_id>/back", methods=["POST"])
    @blp.response(200, InterviewSchema)
    @errors(blp, 401, 404)
    def back(interview_id):
        """Undo the last answer and ask that question again."""
        return _run(lambda: _interviews(engine).back(owner(), interview_id, org()), interview_id)

    @blp.route("/<string:interview_id>/refine", methods=["POST"])
    @blp.arguments(InterviewRefineSchema(), required=False)
    @blp.response(200, InterviewSchema)
    @errors(blp, 400, 401, 404, 413, 415, 422)
    def refine(body, interview_id):
        """Start phase two: the questions that fine-tune the result, one topic or all."""
        return _run(lambda: _interviews(engine).refine(owner(), interview_id, (body or {}).get("topic"), org()),
                    interview_id, field="topic")

    @blp.route("/<string:interview_id>/change", methods=["POST"])
    @blp.arguments(InterviewChangeSchema())
    @blp.response(200, InterviewSchema)
    @errors(blp, 400, 401, 404, 413, 415, 422)
    def change(body, interview_id):
        """Ask an earlier answer's question again, to revise it."""
        return _run(lambda: _interviews(engine).change(owner(), interview_id, body["question"], org()),
                    interview_id, field="question")

    return blp



