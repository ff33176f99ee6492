"""The practice's interview: the start page, one question per page, and check-your-answers.

The dialogue decides which question comes next; these views only show the `Ask` reply it gives
and send the answer back through `Conversations` (a click for options and "Not sure", typed text
for numbers, dates and practices). Every step is a plain form, so it all works with JavaScript off.
"""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for

from core.dialogue.parse import UNSURE
from core.dialogue.replies import Ask, Result, Say

from .blueprint import bp, conversations, knowledge, render, user_ref

CLICKED = ("boolean", "choice", "choices")     # question types answered by picking options
NONE_OF_THESE = "__none__"          # the exclusive "None of these" box of a pick-any question
EMPTY = {"boolean": "Select yes, no or not sure", "choice": "Select an answer, or not sure",
         "choices": "Select the ones that matter, none of these, or not sure",
         "integer": "Enter a number, or choose not sure", "practices": "List the practices, or choose not sure"}


@bp.route("/", methods=["GET"])
def start_page():
    """What the tool does, what to have to hand, how long it takes, and "Start now"."""
    return render("start.html", title="Work out how to set up your primary care network")


@bp.route("/start", methods=["POST"])
def start():
    """Begin a new interview for this browser."""
    conversations().start(user_ref(create=True))
    return redirect(url_for("web.question"))


def _notices(replies: list) -> None:
    for r in replies:
        if isinstance(r, Say) and r.kind in ("notice", "problem"):
            flash(r.text)


def _mine():
    """(the practice's reference, the web conversations, its saved state or None) for this browser."""
    user, conv = user_ref(), conversations()
    return user, conv, conv.state(user) if user else None


@bp.route("/questions", methods=["GET"])
def question():
    """The question waiting for an answer (or check-your-answers once there is none)."""
    user, conv, state = _mine()
    if state is None:
        return redirect(url_for("web.start_page"))
    change = request.args.get("change")
    if change:
        q = knowledge().questions.get(change)
        if q is None:
            abort(404)
        ask = Ask(change, q, 0, 0, previous=conv.dialogue.answer_of(state, change))
        return _page(ask, state, change=True)
    if state.finished:     # `open` would start again: the answers are done, so check them
        return redirect(url_for("web.check"))
    asks = [r for r in conv.open(user) if isinstance(r, Ask)]
    if not asks:
        return redirect(url_for("web.check"))
    return _page(asks[-1], state)   # resuming asks again without changing the saved answers


def _page(ask: Ask, state, error: str | None = None, value: str | None = None, change: bool = False,
          status: int = 200):
    """The question page for `ask`, with the person's saved `state` (loaded once per request)."""
    previous = None if change else (state.history[-1] if state and state.history else None)
    return render("question.html", status, ask=ask, q=ask.question, error=error, change=change,
                  value=value if value is not None else _prefill(ask, state), can_go_back=bool(previous),
                  title=ask.question["prompt"])


def _prefill(ask: Ask, state) -> str:
    """The earlier answer as the form shows it (options by value, text as typed)."""
    if state is None:
        return ""
    undone = state.undone if state.undone and state.undone.get("qid") == ask.qid else {}
    if ask.qid in state.unsure or undone.get("unsure"):
        return UNSURE
    value = state.facts.get(ask.qid, undone.get("value"))
    if value is None:
        return ""
    if ask.question["type"] == "boolean":
        return "true" if value else "false"
    if ask.question["type"] == "choices":
        return list(value) or [NONE_OF_THESE]
    if ask.question["type"] == "practices":
        return "\n".join(f"{p['name']}, {p['ods_code']}, {p['list_size']}" for p in value)
    return str(value)


@bp.route("/questions/<qid>", methods=["POST"])
def answer(qid: str):
    """Take the answer to one question (or "back"), then show the next page."""
    q = knowledge().questions.get(qid)
    if q is None:
        abort(404)
    user, conv, state = _mine()
    if state is None:
        return redirect(url_for("web.start_page"))
    if request.form.get("action") == "back":
        _notices(conv.click(user, qid, "back"))
        return redirect(url_for("web.question"))
    change = request.form.get("change") == "1"
    kind = q["type"]
    picked = request.form.getlist("answer")
    # the "Not sure" button beside a text box sends the (empty) box too: the button wins
    value = UNSURE if UNSURE in picked and kind != "choices" else (request.form.get("answer") or "").strip()
    if kind == "choices":
        value = _picked(q, picked)
    options = [c["value"] for c in q.get("choices") or []] if kind == "choice" else ["true", "false"]
    if value is None or (not value and kind not in ("date", "choices")) or \
            (kind in ("boolean", "choice") and value not in options + [UNSURE]):
        ask = Ask(qid, q, 0, 0)
        return _page(ask, state, error=EMPTY.get(kind, "Answer the question, or choose not sure"),
                     value=picked if kind == "choices" else value, change=change, status=422)
    if change:
        conv.say(user, f"change {qid}")
    if kind in CLICKED or value == UNSURE:
        replies = conv.click(user, qid, value)
    else:
        replies = conv.say(user, value or "today")
    asks = [r for r in replies if isinstance(r, Ask)]
    if asks and asks[-1].qid == qid and not any(isinstance(r, Result) for r in replies):
        problem = asks[-1].note or "We could not read that answer. Check it and try again."
        return _page(asks[-1], conv.state(user), error=problem, value=value, change=change, status=422)
    _notices(replies)
    if any(isinstance(r, Result) for r in replies):
        return redirect(url_for("web.check"))
    return redirect(url_for("web.question"))


def _picked(q: dict, picked: list):
    """A pick-any answer from its ticked boxes: the values, [] for "None of these", UNSURE, or None
    when nothing (or something that is not an option, or an exclusive box with others) was ticked."""
    options = [c["value"] for c in q["choices"]]
    if not picked or any(p not in options + [UNSURE, NONE_OF_THESE] for p in picked):
        return None
    exclusive = {UNSURE, NONE_OF_THESE} & set(picked)
    if exclusive:
        return (UNSURE if UNSURE in exclusive else []) if len(picked) == 1 else None
    return [o for o in options if o in picked]


@bp.route("/refine", methods=["POST"])
def refine():
    """Refine the result: the questions of one topic (or every topic in turn), then the result again."""
    user, conv, state = _mine()
    if state is None:
        return redirect(url_for("web.start_page"))
    topic = (request.form.get("topic") or "").strip()
    if topic and topic not in {t["id"] for t in topics(state)}:
        abort(404)
    replies = conv.say(user, f"refine {topic}".strip())
    _notices(replies)
    if any(isinstance(r, Result) for r in replies):
        return redirect(url_for("web.check"))
    return redirect(url_for("web.question"))


def topics(state) -> list[dict]:
    """The refine offer for a practice's conversation: topics with questions that can still change the result."""
    d = conversations().dialogue
    return d.interview.topics(d.view(state), state.skipped)


@bp.route("/check", methods=["GET"])
def check():
    """Check your answers: each answer with a Change link, then the result."""
    user, conv, state = _mine()
    if state is None:
        return redirect(url_for("web.start_page"))
    if not state.finished:
        return redirect(url_for("web.question"))
    k = knowledge()
    rows = [{"id": qid, "prompt": k.questions[qid]["prompt"], "answer": conv.dialogue.answer_of(state, qid)}
            for qid in state.history if qid in k.questions]
    return render("check.html", rows=rows, assessment_id=state.assessment_id, title="Check your answers")
