"""Request bodies limited to `MAX_CONTENT_LENGTH` whatever their framing.

Werkzeug refuses a declared `Content-Length` beyond the limit (413). A chunked body declares no
length: Werkzeug then reads it through a stream that stops at the limit without saying so, so a
body of valid JSON followed by megabytes of spaces was read as the JSON alone and accepted, and a
body beyond the limit was cut and refused as malformed (400). Here, before any view, a body without
a length is read up to one byte past the limit: beyond it is a 413 (a problem document, or a page
on the web pages), within it the body is put back for the view to read as usual.
"""
from __future__ import annotations

import io

from flask import Flask, current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

#: The WSGI key a server sets when it ends the body itself (gunicorn always; Werkzeug for chunked).
TERMINATED = "wsgi.input_terminated"


def limit_unframed_body() -> None:
    """413 for a body without a Content-Length that is longer than the limit."""
    environ = request.environ
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit is None or request.content_length is not None or not environ.get(TERMINATED):
        return
    data = environ["wsgi.input"].read(limit + 1)
    if len(data) > limit:
        raise RequestEntityTooLarge()
    environ["wsgi.input"] = io.BytesIO(data)
    request.__dict__.pop("stream", None)      # made before we read? then make it again from the copy


def register(app: Flask) -> None:
    """Check every request's body length before any view reads it."""
    app.before_request(limit_unframed_body)
