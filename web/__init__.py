"""The web front door: HTML pages for practices (no account) and LMC advisers (signed in).

`register(app)` is this front end's `pcn.frontends` entry point (see `core.plugins`): the service's
app factory calls it, and the service never imports it. Practices start at `/`, answer the
interview one question per page (driven through `core.dialogue.runner.Conversations` on channel
"web"), and get a result, checklist and cited answers, each saved assessment at an unguessable
link. Advisers sign in at `/advisers/sign-in` to work the triage queue. Pages use the NHS.UK design
system (macros from `nhsuk-frontend-jinja`, compiled CSS/JS vendored in `static/nhsuk`).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Flask is imported when the pages are added, not by `pcn users` (web.cli)
    from flask import Flask


def register(app: Flask) -> None:
    """Add the web pages to the app, with their session, CSRF and security headers."""
    from core import notices, plugins
    from core.dialogue.conversation import Dialogue
    from core.dialogue.persistence import SQLStore
    from core.dialogue.runner import Conversations

    from . import advisers, cases, compression, inputs, interview, results, security, whatif  # noqa: F401  (they attach to `bp`)
    from .blueprint import EXTENSION, bp

    security.configure(app)
    notices.subscribe(app, results.told_by_banner, name="web")
    app.extensions[EXTENSION] = Conversations(
        "web", SQLStore(plugins.db_engine(app)), Dialogue(plugins.rules_engine(app)), shown_as="practice")
    app.register_blueprint(bp)
    security.rate_limit(app)
    security.page_errors(app)
