"""/v1/questions: answer a practice's question from the knowledge base and the source documents.

The answer is the knowledge base's own guidance notes on the topic and the matching source
passages under their headings, ranked by the full-text index (SQLite FTS5, or PostgreSQL full-text
search), with the rules and checklist items that touch the topic. Nothing relevant: `found` is
false and the message offers an adviser (`POST /v1/assessments/{id}/escalate`, or `adviser` in chat).
"""
from __future__ import annotations

from core.answers.answer import answer
from engine import Engine
from service.api import Blueprint, errors
from service.auth import authenticate
from service.db import get_db_engine

from ..assessments.routes import json_response
from .schemas import AnswerSchema, QuestionRequestSchema


def blueprint(engine: Engine) -> Blueprint:
    """The questions blueprint, answering from `engine`'s knowledge."""
    blp = Blueprint("questions", __name__, url_prefix="/v1/questions",
                    description="Free-text questions answered from the guidance, each point cited.")
    blp.before_request(lambda: authenticate("assess") and None)

    @blp.route("", methods=["POST"])
    @blp.arguments(QuestionRequestSchema())
    @blp.response(200, AnswerSchema)
    @errors(blp, 400, 401, 413, 415, 422)
    def ask(body):
        """Answer a question in plain English with cited guidance, or say that nothing was found."""
        return json_response(answer(get_db_engine(), engine.knowledge, body["question"].strip()))

    return blp
