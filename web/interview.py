"""The practice's interview: the start page, one question per page, and check-your-answers.

The dialogue decides which question comes next; these views only show the `Ask` reply it gives
and send the answer back through `Conversations` (a click for options and "Not sure", typed text
for numbers, dates and practices). Every step is a plain form, so it all works with JavaScript off.
"""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for

from core.dialogue.conversation import DONE_REFINING
from core.dialogue.interview import REFINE
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
    return _next_page(conversations().start(user_ref(create=True)))


def _notices(replies: list) -> None:
    for r in replies:
        if isinstance(r, Say) and r.kind in ("notice", "problem"):
            flash(r.text)


def _mine():
    """(the practice's reference, the web conversations, its saved state or None) for this browser."""
    user, conv = user_ref(), conversations()
    return user, conv, conv.state(user) if user else None


@bp.route("/start", methods=["GET"])
def start_reloaded():
    """"Start now" reloaded or bookmarked: carry on with the interview in progress, else the start page."""
    _, _, state = _mine()
    return redirect(url_for("web.question") if state is not None else url_for("web.start_page"))


@bp.route("/questions", methods=["GET"])
def question():
    """The question waiting for an answer, at its own address (or check-your-answers once there is none)."""
    user, conv, state = _mine()
    if state is None:
        return redirect(url_for("web.start_page"))
    change = request.args.get("change")
    if change:      # the links of check-your-answers before each question had its own address
        return redirect(url_for("web.question_page", qid=change, change=1))
    if state.finished:     # `open` would start again: the answers are done, so check them
        return redirect(url_for("web.check"))
    asks = [r for r in conv.open(user) if isinstance(r, Ask)]
    if not asks:
        return redirect(url_for("web.check"))
    return redirect(url_for("web.question_page", qid=asks[-1].qid))


@bp.route("/questions/<qid>", methods=["GET"])
def question_page(qid: str):
    """One question's page: the one waiting for an answer, or an answered one to change (what the
    browser's Back and check-your-answers' Change links open); any other goes to the waiting one."""
    q = knowledge().questions.get(qid)
    if q is None:
        abort(404)
    user, conv, state = _mine()
    if state is None:
        return redirect(url_for("web.start_page"))
    if qid == state.pending and not request.args.get("change"):
        asks = [r for r in conv.open(user) if isinstance(r, Ask)]
        if asks and asks[-1].qid == qid:
            return _page(asks[-1], state)   # resuming asks again without changing the saved answers
    if state.answered(qid):
        ask = Ask(qid, q, 0, 0, previous=conv.dialogue.answer_of(state, qid))
        return _page(ask, state, change=True)
    return redirect(url_for("web.question"))


def _page(ask: Ask, state, error: str | None = None, value: str | None = None, change: bool = False,
          status: int = 200):
    """The question page for `ask`, with the person's saved `state` (loaded once per request)."""
    previous = None if change else (state.history[-1] if state and state.history else None)
    refining = bool(state and state.phase == REFINE and not change)
    return render("question.html", status, ask=ask, q=ask.question, error=error, change=change,
                  value=value if value is not None else _prefill(ask, state), can_go_back=bool(previous),
                  refining=refining, done=DONE_REFINING, title=ask.question["prompt"])


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


def _again(conv, user: str, state, qid: str, change: bool) -> Ask:
    """The question asked again after a problem, numbered as it was (a change shows no number)."""
    if change or state is None or state.pending != qid:
        return Ask(qid, knowledge().questions[qid], 0, 0)
    return conv.dialogue.ask(state, qid)


def _next_page(replies: list):
    """Where the browser goes after an answer: the next question's own address, or check-your-answers."""
    if any(isinstance(r, Result) for r in replies):
        return redirect(url_for("web.check"))
    asks = [r for r in replies if isinstance(r, Ask)]
    return redirect(url_for("web.question_page", qid=asks[-1].qid) if asks else url_for("web.question"))


@bp.route("/questions/<qid>", methods=["POST"])
def answer(qid: str):
    """Take the answer to one question (or "back", or "see my result" while refining), then show the
    next page."""
    q = knowledge().questions.get(qid)
    if q is None:
        abort(404)
    user, conv, state = _mine()
    if state is None:
        return redirect(url_for("web.start_page"))
    action = request.form.get("action")
    if action == "back":
        _notices(conv.click(user, qid, "back"))
        return redirect(url_for("web.question"))
    if action == DONE_REFINING:
        replies = conv.click(user, qid, DONE_REFINING)
        _notices(replies)
        return _next_page(replies)
    change = request.form.get("change") == "1"
    kind = q["type"]
    picked = request.form.getlist("answer")
    # the "Not sure" button of a typed question is sent together with the (empty) box
    value = UNSURE if kind not in CLICKED and UNSURE in picked else (request.form.get("answer") or "").strip()
    if kind == "choices":
        value = _picked(q, picked)
    options = [c["value"] for c in q.get("choices") or []] if kind == "choice" else ["true", "false"]
    if value is None or (not value and kind not in ("date", "choices")) or \
            (kind in ("boolean", "choice") and value not in options + [UNSURE]):
        return _page(_again(conv, user, state, qid, change), state, error=EMPTY.get(kind, "Answer the question, or choose not sure"),
                     value=picked if kind == "choices" else value, change=change, status=422)
    was_refining = state.phase == REFINE
    if change:
        conv.say(user, f"change {qid}")
    if kind in CLICKED or value == UNSURE:
        replies = conv.click(user, qid, value)
    else:
        replies = conv.say(user, value or "today")
    asks = [r for r in replies if isinstance(r, Ask)]
    if asks and asks[-1].qid == qid and not any(isinstance(r, Result) for r in replies):
        problem = asks[-1].note or "We could not read that answer. Check it and try again."
        again = asks[-1] if not change else Ask(qid, q, 0, 0)
        return _page(again, conv.state(user), error=problem, value=value, change=change, status=422)
    _notices(replies)
    if change and was_refining and asks:
        # a changed answer after refining goes back to the answers, not on to every topic's questions
        replies = conv.click(user, asks[-1].qid, DONE_REFINING)
    return _next_page(replies)


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


@bp.route("/refine", methods=["GET"])
def refine_reloaded():
    """The refine form's address reloaded: back to where the interview stands."""
    return redirect(url_for("web.question"))


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
    return _next_page(replies)


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
