"""Errors as RFC 9457 problem documents (`application/problem+json`) naming the field at fault.

Every error the service returns is a `core.problems` document: `type`, `title`, `status`, optional
`detail` and an `errors` object mapping each field at fault to a list of messages. Views raise `ProblemError`; any other
HTTP error (unknown route, wrong method, body too large, path too long) is turned into the same
shape, and an unexpected exception becomes a 500 that names no internals.

A path longer than `MAX_PATH` characters is refused (414) before routing: no id is that long, and
the served app (`service.server`) lets request lines that long reach the app, so the answer is a
problem document rather than the HTTP server's own page.
"""
from __future__ import annotations

import logging

from flask import Response, request
from werkzeug.exceptions import HTTPException, RequestURITooLarge

from core.problems import PROBLEM_JSON, problem_json

log = logging.getLogger(__name__)
#: The longest path (without the query string) the app routes, in characters.
MAX_PATH = 2048


def problem(status: int, title: str | None = None, detail: str | None = None,
            errors: dict | None = None, headers: dict | None = None) -> Response:
    """A problem+json response (see `core.problems`)."""
    resp = Response(problem_json(status, title, detail, errors), status=status, mimetype=PROBLEM_JSON)
    for key, value in (headers or {}).items():
        resp.headers[key] = value
    return resp


class ProblemError(Exception):
    """Raised anywhere in a request to answer with a problem document."""

    def __init__(self, status: int, title: str | None = None, detail: str | None = None,
                 errors: dict | None = None, headers: dict | None = None):
        super().__init__(detail or title or str(status))
        self.status, self.title, self.detail = status, title, detail
        self.errors, self.headers = errors, headers

    def response(self) -> Response:
        """This error as a problem+json response."""
        return problem(self.status, self.title, self.detail, self.errors, self.headers)


def http_problem(exc: HTTPException) -> Response:
    """Any werkzeug HTTP error (404 route, 405, 413, ...) as a problem document."""
    status = exc.code or 500
    headers = {}
    if status == 405 and getattr(exc, "valid_methods", None):
        headers["Allow"] = ", ".join(exc.valid_methods)
    detail = {
        404: "No such resource.",
        405: "This method is not allowed on this resource.",
        413: "The request body is larger than 1 MB.",
        414: f"The path is longer than {MAX_PATH:,} characters.",
    }.get(status, exc.description)
    return problem(status, None, detail, headers=headers)


def flatten(messages, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested error messages as {top-level field: ["path: message", ...]}."""
    out: dict[str, list[str]] = {}

    def walk(value, field, path):
        if isinstance(value, dict):
            for key, sub in value.items():
                if field is None:
                    walk(sub, str(key), "")
                else:
                    walk(sub, field, f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}")
        elif isinstance(value, (list, tuple)):
            for m in value:
                walk(m, field, path)
        else:
            out.setdefault(field or "body", []).append(f"{path.lstrip('.')}: {value}" if path else str(value))

    walk(messages, prefix or None, "")
    return out


def refuse_long_paths() -> None:
    """Before routing: 414 for a path longer than MAX_PATH."""
    if len(request.path) > MAX_PATH:
        raise RequestURITooLarge()


def register(app) -> None:
    """Install the problem+json handlers on `app`, and the path length check."""
    app.before_request(refuse_long_paths)
    app.register_error_handler(ProblemError, lambda e: e.response())
    app.register_error_handler(HTTPException, http_problem)

    @app.errorhandler(Exception)
    def _unexpected(exc):  # a bug, not bad input: log it, tell the client nothing internal
        if isinstance(exc, HTTPException):
            return http_problem(exc)
        log.exception("unhandled error")
        return problem(500, detail="An unexpected error occurred; it has been logged.")
