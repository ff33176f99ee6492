"""What a practice gets back: the result page, the checklist, downloads, cited answers, advisers.

Each saved assessment lives at `/assessments/<id>`, an unguessable uuid4 link anyone holding it can
come back to (an organisation's API-made assessments only to advisers whose LMC serves it: else 404). The
checklist's ticks are the same stored state the HTTP API and Slack change; each records who as the
web session knows them (`web:adviser:NAME` signed in, else `web:practice`), the typed name as a note. Asking
an adviser opens one triage case (`web.cases`) and tells the other front ends.
"""
from __future__ import annotations

from flask import Response, abort, flash, redirect, request, session, url_for

from core import exports, versions
from core.assessments import checklist_with_state, linked_assessment, set_checklist_item
from core.change_brief import kinds_of, what_changed
from core.db import session_scope
from core.dialogue import updates
from core.outline import outline, pdf
from core.outline import summary as summaries
from core.outline.changes import changes as compared_in_words
from core.triage import casework
from engine.what_if import compare

from .blueprint import adviser_sees, bp, conversations, db, knowledge, render, user_ref, web_principal
from .cases import MAX_TEXT, contact_from_form, escalate
from .interview import topics
from .terms import PageTerms


def _row(s, assessment_id: str):
    row = linked_assessment(s, assessment_id, adviser_sees(s))
    if row is None:
        abort(404)
    return row


@bp.route("/assessments/<assessment_id>", methods=["GET"])
def assessment(assessment_id: str):
    """The result, decision first: the advice, why, risks and next steps, then the models compared,
    the answers it rests on and the details, folded; advisers' replies at the end."""
    return _result_page(assessment_id)


def told_by_banner(items: list) -> None:
    """How the web pages tell a practice its advice changed (`core.notices`): the banner on the old
    result page, there from the moment the reassessment is stored, so every one of them is told."""
    return None


def _result_page(assessment_id: str, errors: dict | None = None, status: int = 200):
    with session_scope(db()) as s:
        row = _row(s, assessment_id)
        result = row.result
        cases = [casework.case_json(c) for c in casework.list_cases(s, assessment_id=assessment_id, limit=50)]
        later = versions.successor(s, assessment_id)     # reassessed since under updated guidance
        if later is not None:
            # a reassessment stored before migration 0014 keeps no `changed`: compare the two results
            kinds = kinds_of(later.changed) if later.changed is not None else what_changed(compare(result, later.result))
            updated = {"id": later.id, "what": [updates.CHANGED_WHAT[w] for w in kinds]}
        else:
            updated = None
    owner = row.channel == "web" and row.user_ref == user_ref()
    state = conversations().state(user_ref()) if owner else None
    # refining, changing an answer and the "not sure" answers go on from the practice's own latest
    # answers, so they are offered on their latest result only
    latest = state is not None and state.assessment_id == assessment_id
    k = knowledge()
    offer = topics(state) if latest else []
    o = outline(result, k, unsure=conversations().dialogue.unsure(state) if latest else None,
                topics=offer, assessment_id=assessment_id)
    return render("result.html", status, result=result, outline=o, sections={x["id"]: x for x in o["sections"]},
                  assessment_id=assessment_id, cases=cases, owner=owner, latest=latest, topics=offer,
                  errors=errors or {}, updated=updated, question_ids={q["prompt"]: qid for qid, q in k.questions.items()},
                  terms=PageTerms(k.glossary), title="Your network: assessment")


def _summary(assessment_id: str) -> dict:
    with session_scope(db()) as s:
        result = _row(s, assessment_id).result
    k = knowledge()
    return summaries.summary(outline(result, k, assessment_id=assessment_id), k)


@bp.route("/assessments/<assessment_id>/changes", methods=["GET"])
def guidance_changes(assessment_id: str):
    """A reassessment against the result it replaced: what changed when the guidance was updated, in
    words (the comparison the what-if shows); 404 for an assessment that reassessed nothing."""
    with session_scope(db()) as s:
        row = _row(s, assessment_id)
        previous = linked_assessment(s, row.previous_id, adviser_sees(s)) if row.previous_id else None
        if previous is None:
            abort(404)
        before, after = previous.result, row.result
    c = compared_in_words(compare(before, after), knowledge())
    return render("changes.html", c=c, before=before, after=after, before_id=previous.id, after_id=assessment_id,
                  title="What changed when the guidance was updated")


@bp.route("/assessments/<assessment_id>/summary", methods=["GET"])
def summary(assessment_id: str):
    """The summary for partners (core.outline.summary): one page, printing on one or two A4 sheets."""
    return render("summary.html", s=_summary(assessment_id), parts=summaries.PARTS, assessment_id=assessment_id,
                  terms=PageTerms(knowledge().glossary), title=summaries.TITLE)


@bp.route("/assessments/<assessment_id>/summary.pdf", methods=["GET"])
def summary_pdf(assessment_id: str):
    """The summary for partners as an A4 PDF to download."""
    return Response(pdf.summary_pdf(_summary(assessment_id)), mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="summary-for-partners-{assessment_id}.pdf"'})


@bp.route("/assessments/<assessment_id>/checklist", methods=["GET"])
def checklist(assessment_id: str):
    """The setup checklist with tick boxes that save, who ticked each item and when."""
    with session_scope(db()) as s:
        _row(s, assessment_id)
        items = checklist_with_state(s, assessment_id)
    return render("checklist.html", items=items, assessment_id=assessment_id, title="Setup checklist",
                  name=session.get("name", ""))


@bp.route("/assessments/<assessment_id>/checklist", methods=["POST"])
def save_checklist(assessment_id: str):
    """Save the ticked items (only those that changed)."""
    name = " ".join((request.form.get("name") or "").split())[:100]
    session["name"] = name
    by = web_principal()
    ticked = set(request.form.getlist("done"))
    with session_scope(db()) as s:
        _row(s, assessment_id)
        changed = 0
        for item in checklist_with_state(s, assessment_id):
            if (item["id"] in ticked) != item["done"]:
                set_checklist_item(s, assessment_id, item["id"], item["id"] in ticked, by, name or None)
                changed += 1
    flash(f"Saved: {changed} item{'s' if changed != 1 else ''} changed." if changed else "Nothing had changed.")
    return redirect(url_for("web.checklist", assessment_id=assessment_id))


@bp.route("/assessments/<assessment_id>/checklist.<fmt>", methods=["GET"])
def download(assessment_id: str, fmt: str):
    """The checklist as Markdown or CSV."""
    if fmt not in ("md", "csv"):
        abort(404)
    with session_scope(db()) as s:
        result = _row(s, assessment_id).result
        items = checklist_with_state(s, assessment_id)
    if fmt == "md":
        body, mime = exports.markdown(assessment_id, items, result, knowledge()), "text/markdown"
    else:
        body, mime = exports.csv_text(items, knowledge()), "text/csv"
    return Response(body, mimetype=mime, headers={
        "Content-Disposition": f'attachment; filename="checklist-{assessment_id}.{fmt}"'})


@bp.route("/assessments/<assessment_id>/adviser", methods=["POST"])
def ask_adviser(assessment_id: str):
    """Ask an LMC adviser about this assessment: one case, then the practice's page for it."""
    with session_scope(db()) as s:
        _row(s, assessment_id)
    contact, errors = contact_from_form()
    if errors:
        return _result_page(assessment_id, errors, 422)
    note = (request.form.get("note") or "").strip()[:MAX_TEXT] or None
    return escalate(None, note, assessment_id, contact) or \
        redirect(url_for("web.assessment", assessment_id=assessment_id) + "#advisers")


@bp.route("/ask", methods=["GET"])
def ask():
    """A free-text question answered from the guidance, each point cited."""
    question = " ".join((request.args.get("question") or "").split())[:MAX_TEXT]
    answer = conversations().desk.answer(question) if question else None
    mine = []
    if user_ref():
        with session_scope(db()) as s:
            mine = [casework.case_json(c) for c in casework.list_cases(s, user_ref=user_ref(), limit=20)
                    if c.channel == "web" and c.kind == "question"]
    return render("ask.html", question=question, answer=answer, cases=mine, title="Ask a question")


@bp.route("/ask/adviser", methods=["POST"])
def ask_question_adviser():
    """Pass a question to the LMC advisers; their reply shows on the Ask page."""
    question = " ".join((request.form.get("question") or "").split())[:MAX_TEXT]
    contact, errors = contact_from_form()
    if not question or errors:
        answer = conversations().desk.answer(question) if question else None
        return render("ask.html", 422, question=question, answer=answer, cases=[], errors=errors,
                      error=None if question else "Enter your question", title="Ask a question")
    return escalate(question, None, None, contact) or redirect(url_for("web.ask") + "#replies")
