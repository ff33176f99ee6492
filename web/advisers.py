"""The LMC advisers' pages: sign in, the queue by priority, a case with its history, claim, resolve, and
the practices whose advice changed when the guidance was updated.

Every page but sign-in needs a signed-in adviser (else a redirect to sign-in). An adviser sees the
cases of their LMC (their account's organisation) and of the organisations it serves; cases opened
in Slack, Telegram, the web pages and the chat are the `default` organisation's. Any other case is
404, as a missing one. Claims and
resolutions go through `core.triage.casework` (the first claim wins) and are announced with
`notify.emit`, so Slack hears of them as it does of changes made over the API.
"""
from __future__ import annotations

from functools import wraps

from flask import abort, current_app, flash, redirect, request, session, url_for

from core.changed_advice import changed_advice
from core.db import session_scope
from core.records.triage import STATUSES
from core.triage import casework, notify
from engine.triage import PRIORITIES

from .blueprint import adviser_sees, bp, db, render, web_principal
from .sessions import USER_ID
from .users import authenticate


def adviser_required(view):
    """Send anyone not signed in as an adviser to the sign-in page."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not session.get("adviser"):
            return redirect(url_for("web.sign_in", next=request.path))
        return view(*args, **kwargs)
    return wrapped


def _safe_next(target: str | None) -> str:
    """Where to go after signing in: a path of the advisers' pages, never another site, and never a
    value with control characters (a CR or LF cannot go into the Location header)."""
    if target and target.startswith("/advisers") and "//" not in target and "\\" not in target \
            and target.isprintable():
        return target
    return url_for("web.queue")


@bp.route("/advisers/sign-in", methods=["GET", "POST"])
def sign_in():
    """Sign in with name and password (failed attempts are limited: `security.rate_limit`)."""
    if request.method == "GET":
        return render("sign_in.html", title="Sign in", next=request.args.get("next", ""), name="")
    name = (request.form.get("name") or "").strip()[:100]
    password = request.form.get("password") or ""
    with session_scope(db()) as s:
        user = authenticate(s, name, password) if name and password else None
        role, org, user_id, name = (user.role, user.org, user.id, user.name) if user else (None, None, None, name)
    if user is None or role != "adviser":
        return render("sign_in.html", 401, title="Sign in", name=name, next=request.form.get("next", ""),
                      error="The name or password is not right")
    # a new session under a new cookie, keeping nothing from before (see web.sessions)
    session.rotate()
    session["adviser"], session["adviser_org"], session[USER_ID] = name, org, user_id
    return redirect(_safe_next(request.form.get("next")))


@bp.route("/advisers/sign-out", methods=["POST"])
def sign_out():
    """Sign out: the session is ended (its cookie opens nothing afterwards)."""
    session.end()
    flash("You have signed out.")
    return redirect(url_for("web.sign_in"))


@bp.route("/advisers", methods=["GET"])
@adviser_required
def queue():
    """Cases, most pressing first, filtered by status, priority and topic."""
    status = request.args.get("status") or "active"
    priority = request.args.get("priority") or None
    topic = request.args.get("topic") or None
    if status not in (*STATUSES, "active") or (priority and priority not in PRIORITIES):
        abort(404)
    with session_scope(db()) as s:
        cases = [casework.case_json(c) for c in casework.list_cases(s, status, priority, topic, limit=200,
                                                                     orgs=adviser_sees(s))]
    return render("queue.html", cases=cases, chosen=status, priority=priority or "", topic=topic or "",
                  statuses=("active", *STATUSES), priorities=PRIORITIES, title="Cases for LMC advisers")


@bp.route("/advisers/cases/<int:case_id>", methods=["GET"])
@adviser_required
def case(case_id: int):
    """One case: why it was opened, its priority reasons, the practice's facts and its history."""
    with session_scope(db()) as s:
        row = _visible_case(s, case_id)
        data = casework.case_json(row, casework.events(s, case_id))
    return render("case.html", case=data, me=web_principal(), title=f"Case {case_id}")


@bp.route("/advisers/changed", methods=["GET"])
@adviser_required
def changed():
    """Per organisation the adviser's LMC serves (or the one `?org=` names), the practices whose advice
    changed when the guidance was updated, newest first; an organisation it does not serve is 404."""
    org = request.args.get("org") or None
    with session_scope(db()) as s:
        orgs = adviser_sees(s)
        if org is not None and org not in orgs:
            abort(404)
        groups = changed_advice(s, {org} if org else orgs)
    return render("changed.html", groups=groups, org=org, title="Practices whose advice changed")


def _visible_case(s, case_id: int):
    """The case if this adviser's LMC sees it, else 404 exactly as for a missing one."""
    row = casework.get_case(s, case_id)
    if row is None or row.owner_org not in adviser_sees(s):
        abort(404)
    return row


def _change(case_id: int, event: str, change):
    with session_scope(db()) as s:
        _visible_case(s, case_id)
        try:
            change(s)
        except casework.CaseNotFound:
            abort(404)
        except casework.CaseConflict as exc:
            s.rollback()
            flash(f"Not done: {exc}.")
            return redirect(url_for("web.case", case_id=case_id))
    notify.emit(current_app, event, [case_id])
    flash("Case claimed." if event == "claimed" else "Case resolved: the practice will see your reply.")
    return redirect(url_for("web.case", case_id=case_id))


@bp.route("/advisers/cases/<int:case_id>/claim", methods=["POST"])
@adviser_required
def claim(case_id: int):
    """Claim an open case."""
    return _change(case_id, "claimed", lambda s: casework.claim(s, case_id, web_principal()))


@bp.route("/advisers/cases/<int:case_id>/resolve", methods=["POST"])
@adviser_required
def resolve(case_id: int):
    """Resolve a case with a reply for the practice."""
    note = (request.form.get("note") or "").strip()[:5000]
    if not note:
        with session_scope(db()) as s:
            row = _visible_case(s, case_id)
            data = casework.case_json(row, casework.events(s, case_id))
        return render("case.html", 422, case=data, me=web_principal(), title=f"Case {case_id}",
                      error="Enter a reply for the practice")
    return _change(case_id, "resolved", lambda s: casework.resolve(s, case_id, web_principal(), note))
