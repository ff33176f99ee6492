"""Commands a person can type instead of an answer: back, change <question>, why?, restart, help,
ask <question>, adviser, refine [topic], skip topic, result and what if <change>.

Recognising them (which command, and which question a phrase such as "change the date" or "why
population" names), telling a free-text question from an answer, and carrying the commands out on
a conversation's state for the dialogue.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .parse import normalise
from .replies import Choices, Explain, Say

HELP = (
    "Answer each question in your own words: a number such as \"about 42k\", yes or no, a date such as "
    "\"1 July 2019\", or one of the options. If you don't know, say *not sure*: that is a real answer, "
    "and the result shows what depends on it.\n"
    "You can also type:\n"
    "• *why?* to see why the current question matters and which rules use it\n"
    "• *back* to undo your last answer\n"
    "• *change <question>* (for example \"change population\") to revise an answer; *change* alone lists them\n"
    "• *refine* (or *refine <topic>*) after the result, to answer the questions that fine-tune it, topic by "
    "topic; *skip topic* moves on\n"
    "• *result* to see the result on your answers so far\n"
    "• *what if <change>* (for example \"what if we had 28,500 patients\", \"what if we chose a federation\", "
    "\"what changes on 1 April?\") to see what would change, without changing your answers\n"
    "• *restart* to start again from the first question\n"
    "• *ask <question>* (for example \"ask who chooses the clinical director?\") for the guidance on it, cited\n"
    "• *adviser* to ask an LMC adviser (add a note: \"adviser we can't agree on the payee\")\n"
    "• *help* to see this message"
)

_PATTERNS = [
    ("back", re.compile(r"^(go )?back( please)?$|^undo$|^previous( question)?$")),
    ("restart", re.compile(r"^(restart|start (over|again)|reset|begin again|new assessment)$")),
    ("skip", re.compile(r"^(skip|next)( this| the)? (topic|section)$")),
    ("result", re.compile(r"^(show )?(me )?(the |my )?(result|results|assessment)( (so far|now))?$")),
    ("whatif", re.compile(r"^(?:what if|what happens if|what would change if|what changes(?: for us)?)\b[ ,:]*(?P<arg>.*)$")),
    ("refine", re.compile(r"^(refine|fine-?tune|more questions|answer more)(?: (?:the |my )?(?:result )?(?:by |on |about )?"
                          r"(?P<arg>.+))?$")),
    ("help", re.compile(r"^(help|commands|\?|what can i (say|type|do)\??|how does this work\??)$")),
    ("why", re.compile(r"^why(\?| not\?)?$|^why (do you ask|does (this|it) matter|ask|is that|this)\??$")),
    ("why", re.compile(r"^why (?P<arg>.+?)\??$")),
    ("change", re.compile(r"^(change|edit|update|fix|redo|revise)"
                          r"(?: (?:my answer (?:to|for|about) |the answer (?:to|for) |answer )?(?P<arg>.+))?$")),
    # "adviser", "ask an adviser about VAT", "talk to the LMC", "escalate": before "ask <question>"
    ("adviser", re.compile(r"^(?:(?:i (?:want|need|would like) to )?(?:ask|talk to|speak to|speak with|contact|get|see)"
                           r" (?:an? |the |my )?)?(?:lmc(?: advis[eo]rs?)?|advis[eo]rs?|escalate)(?![a-z])[ ,:-]*(?:please\b[ ,]*)?"
                           r"(?P<arg>.*)$",
                           re.IGNORECASE)),
    ("ask", re.compile(r"^ask(?![a-z])[ ,:-]*(?P<arg>.*)$", re.IGNORECASE)),
]
#: Commands whose argument is kept as typed (a question or a note), not lower-cased.
VERBATIM = {"adviser", "ask"}
_QUESTION_WORDS = re.compile(r"^(who|whom|whose|what|when|where|which|why|how|can|could|should|do|does|did|is|are|"
                             r"will|would|may|must|shall|has|have)\b")

_STOP = {"the", "a", "an", "to", "of", "for", "my", "our", "answer", "question", "is", "are", "do", "does",
         "how", "what", "which", "will", "have", "has", "network", "practices", "about", "any", "be", "it", "in"}


@dataclass(frozen=True)
class Command:
    """A recognised command and what follows it (e.g. the question to change)."""

    name: str
    arg: str = ""


def parse_command(text: str) -> Command | None:
    """The command the text is, or None if it is (meant as) an answer."""
    t = normalise(text)
    for name, pattern in _PATTERNS:
        m = pattern.match(t)
        if m:
            if name in VERBATIM:   # a question or note: as typed, only the spacing tidied
                m = pattern.match(re.sub(r"\s+", " ", (text or "").strip())) or m
            return Command(name, ((m.groupdict().get("arg") or "").strip()))
    return None


def is_question(text: str, strict: bool = False) -> bool:
    """Whether free text reads as a question: four words or more ending in "?" (`strict`), or
    starting with a question word."""
    t = normalise(text)
    if len(t.split()) < 4:
        return False
    return t.endswith("?") or (not strict and bool(_QUESTION_WORDS.match(t)))


def _words(s: str) -> set[str]:
    return {w for w in re.split(r"[^a-z0-9]+", s.lower().replace("_", " ")) if w and w not in _STOP}


def find_question(arg: str, questions: dict, numbered: list[str] | None = None) -> tuple[str | None, list[str]]:
    """The question an argument names (id, number in `numbered`, or words of its prompt).

    Returns (question id or None, the closest candidates when it is ambiguous or unknown)."""
    t = normalise(arg).strip("\"'?")
    if t in questions:
        return t, []
    if t.replace(" ", "_") in questions:
        return t.replace(" ", "_"), []
    if numbered and re.fullmatch(r"[0-9]{1,3}", t) and 1 <= int(t) <= len(numbered):
        return numbered[int(t) - 1], []
    words = _words(t)
    if not words:
        return None, []
    scores = []
    for qid, q in questions.items():
        # the id's words weigh most: they are short and stable ("population", "operating model")
        score = 3 * len(words & _words(qid)) + len(words & _words(q["prompt"])) + len(words & _words(q.get("topic", "")))
        if t == "date" and q.get("type") == "date":
            score += 3
        if score:
            scores.append((score, qid))
    if not scores:
        return None, []
    scores.sort(key=lambda s: -s[0])
    best = [qid for s, qid in scores if s == scores[0][0]]
    if len(best) == 1:
        return best[0], []
    if numbered:   # prefer an answered question when the words fit several
        answered = [q for q in best if q in numbered]
        if len(answered) == 1:
            return answered[0], []
    return None, best[:5]


def execute(d, state, command: Command) -> list:
    """Carry out back, change, why, restart or help on dialogue `d` and the conversation's state."""
    if command.name == "help":
        return [Say(HELP, "help")]
    if command.name == "restart":
        fresh, replies = d.start()
        state.__dict__.update(fresh.__dict__)
        return [Say("Starting again. Your earlier saved assessments are kept.", "notice")] + replies[1:]
    if command.name == "back":
        if not state.history:
            return [Say("There is nothing to go back to yet.", "notice")] + d.pending_ask(state)
        qid = state.history[-1]
        previous = d.answer_of(state, qid)
        # kept so a form can show the answer again, ready to resubmit or change
        state.undone = {"qid": qid, "value": state.facts.get(qid), "unsure": qid in state.unsure}
        state.forget(qid)
        state.asked = max(0, state.asked - 1)
        state.finished, state.pending, state.left = False, qid, None
        return [d.ask(state, qid, previous=previous)]
    if command.name == "why":
        return _why(d, state, command.arg)
    if command.name == "refine":
        return d.refine(state, find_topic(command.arg, d.k.questions) if command.arg else None)
    if command.name == "skip":
        return d.skip(state)
    if command.name == "result":
        return d.result(state)
    if command.name == "whatif":
        return d.what_if(state, command.arg)
    return _change(d, state, command.arg)


def find_topic(arg: str, questions: dict) -> str:
    """The topic an argument names ("funding", "clinical director"), else the argument as typed."""
    t = normalise(arg).strip("\"'?").replace(" ", "_").replace("-", "_")
    topics = {q.get("topic") for q in questions.values()}
    if t in topics:
        return t
    near = [x for x in topics if x and (x.startswith(t) or t.rstrip("s") == x.rstrip("s"))]
    return near[0] if len(near) == 1 else t


def _change(d, state, arg: str) -> list:
    answered = [q for q in d.k.questions if state.answered(q)]
    if not arg:
        if not answered:
            return [Say("You haven't answered anything yet.", "notice")] + d.pending_ask(state)
        return [Choices([{"id": q, "prompt": d.k.questions[q]["prompt"], "answer": d.answer_of(state, q)}
                         for q in answered])]
    qid, near = find_question(arg, d.k.questions, answered)
    if qid is None:
        hint = ("Did you mean: " + "; ".join(f"*{q}*" for q in near) + "?") if near else \
            "Type *change* on its own to list your answers."
        return [Say(f"I couldn't tell which question \"{arg}\" means. {hint}", "problem")]
    view = d.view(state)
    if not state.answered(qid) and not (d.relevance.applies(qid, view) and d.relevance.readers(qid, view)):
        return [Say(f"\"{d.k.questions[qid]['prompt']}\" doesn't apply with your answers so far, so it "
                    "can't change the result.", "notice")] + d.pending_ask(state)
    state.pending, state.left = qid, None
    return [d.ask(state, qid, previous=d.answer_of(state, qid) if state.answered(qid) else None)]


def _why(d, state, arg: str) -> list:
    qid = state.pending
    if arg:
        qid, _ = find_question(arg, d.k.questions, [q for q in d.k.questions if state.answered(q)])
    if qid is None:
        return [Say("Type *why* while a question is waiting, or *why <question>*, for example \"why population\".",
                    "notice")]
    q = d.k.questions[qid]
    view = d.view(state, reopen=qid)
    rules: dict[str, dict] = {}
    for r in d.relevance.readers(qid, view, live_only=False):
        entry = rules.setdefault(r.id, {"id": r.id, "text": r.text, "citation": r.citation, "models": [],
                                        "kind": r.kind, "live": False, "basis": r.entry.get("basis", "source")})
        entry["models"].append(r.model)
        entry["live"] = entry["live"] or d.relevance.live(_entry(d, r), r.model, view)
    ordered = sorted(rules.values(), key=lambda r: not r["live"])
    return [Explain(qid, q["prompt"], q.get("why", ""), q.get("citation"), ordered)]


def _entry(d, reader) -> dict:
    if reader.kind == "rule":
        return d.k.rule(reader.id)
    return d.k.checklist[reader.id]

