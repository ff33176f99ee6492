"""A practice's own adviser cases: asking (with who is asking), and the case page it can keep.

Asking an LMC adviser opens ONE case per request (see `core.triage.opening`), and the practice is
sent to its case page, `/cases/<reference>`: an unguessable link that works in any browser, kept
as long as the case, showing what it asked, its note, the status and the adviser's reply. The
practice may give its practice or network name and, if it wants a reply by email too, an address;
both are checked here and shown to the advisers.
"""
from __future__ import annotations

import re

from flask import abort, current_app, flash, redirect, request, url_for

from core.db import session_scope
from core.dialogue.replies import Escalated
from core.triage import casework, notify

from .blueprint import bp, conversations, db, render, user_ref

MAX_TEXT = 2000
MAX_NAME = 200
EMAIL = re.compile(r"[^@\s<>\"]{1,64}@[^@\s<>\"]+\.[^@\s<>\".]{2,}")


def contact_from_form() -> tuple[dict, dict]:
    """({name, email} the form gave, {field: problem}): a name of up to 200 characters, an email
    address or nothing."""
    name = " ".join((request.form.get("practice_name") or "").split())
    email = (request.form.get("contact_email") or "").strip()
    problems = {}
    if len(name) > MAX_NAME:
        problems["practice_name"] = f"Enter a name of {MAX_NAME} characters or fewer"
    if email and (len(email) > 254 or not EMAIL.fullmatch(email)):
        problems["contact_email"] = "Enter an email address like name@example.nhs.uk, or leave it empty"
    return {"name": name or None, "email": email or None}, problems


def escalate(question: str | None, note: str | None, assessment_id: str | None, contact: dict):
    """Open (or find) the practice's case and send the browser to its page (or back, with why not)."""
    replies = conversations().escalate(user_ref(create=True), question=question, note=note,
                                       assessment_id=assessment_id, contact=contact)
    done = next((r for r in replies if isinstance(r, Escalated)), None)
    if done is None or done.problem or not done.cases:
        flash(done.problem if done and done.problem else "Sorry, the advisers could not be reached.")
        return None
    notify.emit(current_app, "opened", [c["id"] for c in done.cases if c.get("new")])
    case = done.cases[0]
    flash("Your request has gone to the LMC advisers. Keep this page's link: their reply will show here."
          if case.get("new") else "The advisers already have this request; their reply will show here.")
    return redirect(url_for("web.practice_case", reference=case["reference"]))


@bp.route("/cases/<reference>", methods=["GET"])
def practice_case(reference: str):
    """The practice's case: what it asked, its note, where the case stands and the adviser's reply."""
    with session_scope(db()) as s:
        case = casework.by_reference(s, reference)
        if case is None:
            abort(404)
        shown = casework.case_json(case)
    return render("practice_case.html", case=shown, title="Your request to the LMC advisers")
