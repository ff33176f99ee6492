"""Form fields and query parameters the web pages refuse before any view sees them.

A NUL character cannot be stored by PostgreSQL (it fails the statement) and no person types one, so
a value holding one is refused with a 400 page naming the field, whichever page it was sent to:
the sign-in name, the name given when ticking the checklist, the advisers' topic filter, an answer.
"""
from __future__ import annotations

from flask import request
from werkzeug.exceptions import BadRequest

from .blueprint import bp


def fault() -> str | None:
    """The first form field or query parameter (key or value) holding a NUL character, or None."""
    sources = (request.args, request.form) if request.method == "POST" else (request.args,)
    for source in sources:
        for key, values in source.lists():
            if "\x00" in key or any("\x00" in v for v in values):
                return key.replace("\x00", "")
    return None


@bp.before_request
def refuse_nul():
    """400 for a NUL character anywhere in what was sent."""
    field = fault()
    if field is not None:
        raise BadRequest(f"The “{field or 'form'}” field holds a character that cannot be saved "
                         "(a NUL). Remove it and try again.")
