"""Problem documents (RFC 9457, `application/problem+json`): the one shape of every error the served
app answers with, whichever front end answers.

A problem has `type`, `title`, `status`, optional `detail` and `errors`, mapping each field at fault
(a body field, or `body`, `path`, `Authorization`, a header...) to a list of messages. The HTTP
service builds its errors from here; front ends that answer HTTP themselves (the Slack and Telegram
webhooks) do too.
"""
from __future__ import annotations

from http import HTTPStatus

from .jsonutil import dumps_bytes

PROBLEM_JSON = "application/problem+json"

#: Which part of the request an error is about, when the error itself cannot say.
FIELD_FOR_STATUS = {
    400: "body", 401: "Authorization", 403: "Authorization", 404: "path", 405: "method",
    406: "Accept", 413: "body", 414: "path", 415: "Content-Type", 429: "client", 431: "headers",
    500: "server", 503: "server",
}


def problem_body(status: int, title: str | None = None, detail: str | None = None,
                 errors: dict | None = None) -> dict:
    """A problem document; `errors` maps field → [messages] (one is made from `detail` if absent)."""
    title = title or HTTPStatus(status).phrase
    if not errors:
        field = FIELD_FOR_STATUS.get(status, "request")
        errors = {field: [detail or title]}
    errors = {str(k): [str(m) for m in (v if isinstance(v, (list, tuple)) else [v])] for k, v in errors.items()}
    body = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body["errors"] = errors
    return body


def problem_json(status: int, title: str | None = None, detail: str | None = None,
                 errors: dict | None = None) -> bytes:
    """A problem document as JSON bytes, ready to send with the PROBLEM_JSON content type."""
    return dumps_bytes(problem_body(status, title, detail, errors))


def problem_reply(status: int, detail: str, field: str | None = None) -> tuple[bytes, int, dict]:
    """A problem naming `field` (else the status's usual one) as a (body, status, headers) reply,
    which Flask views may return as it is."""
    errors = {field: [detail]} if field else None
    return problem_json(status, None, detail, errors), status, {"Content-Type": PROBLEM_JSON}
