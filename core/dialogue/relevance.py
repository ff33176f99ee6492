"""Choosing the next question: which unanswered questions can still change the outcome, best first.

A question is worth asking when its `ask_when` holds and at least one rule (or checklist item) that
reads it is still *live*: in force on the assessment date, about a model still in play, and with
every other clause either true already or still able to become true. Once the practices have
chosen an operating model, only that model is in play. Unknown facts are judged optimistically
while their question can still be asked, and as unknown for good once the answer was "not sure".

Usefulness orders the live questions: the input to every funding figure first (the population),
then the assessment date, then questions that decide whether other questions apply, then the weight
of the rule × model conclusions a question feeds (eligibility and blockers weigh most, then
warnings and model fit, then notes and checklist items). Ties stay with the topic of the question
just answered, then keep the order of `questions.yaml`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from engine.clauses import MISSING, holds, resolve
from engine.compiler import auto_items
from engine.knowledge import Knowledge

# Built-in facts the engine computes from an answer (see knowledge/README.md, "Built-in facts").
BUILTIN_SOURCES = {"as_of_day": "as_of", "contract_year_start": "as_of", "practice_count": "practices",
                   "model_is_chosen": "operating_model"}
# engine.funding.estimate reads the population (and the date): it shapes every funding figure.
FUNDING_INPUT = "population"
CHOICE_FACT = "operating_model"


@dataclass
class View:
    """What is known so far: flat engine facts, the date, questions still askable, the chosen model."""

    flat: dict
    day: dt.date
    open: set
    chosen: str | None = None
    _memo: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Reader:
    """A rule or checklist item that reads a question, for one model (None: network-wide)."""

    id: str
    text: str
    citation: dict
    model: str | None
    kind: str   # "rule" or "checklist"
    weight: int = 1


def weight(entry: dict, kind: str) -> int:
    """How much a conclusion matters to the outcome: eligibility 4, blocker 3, warning or fit 2, else 1."""
    if kind != "rule":
        return 1
    then = entry["then"]
    w = 1
    if then.get("eligibility"):
        w = 4
    severity = (then.get("flag") or {}).get("severity")
    w = max(w, {"blocker": 3, "warning": 2}.get(severity, 1))
    if then.get("fit") or then.get("derive"):
        w = max(w, 2)
    return w


class Relevance:
    """Which questions can still change an assessment, for one knowledge base."""

    def __init__(self, knowledge: Knowledge):
        self.k = knowledge
        self.entries = [("rule", r, r.get("model")) for r in knowledge.rules]
        self.entries += [("checklist", i, ",".join(i["models"]) if i.get("models") else None)
                         for i in auto_items(knowledge) if i.get("when")]
        self.derivers: dict[str, list] = {}
        for r in knowledge.rules:
            for name, value in (r["then"].get("derive") or {}).items():
                self.derivers.setdefault(name, []).append((r, value))

    # --- what a clause reads ---------------------------------------------------------------
    def source(self, name: str) -> str | None:
        """The question whose answer a fact name comes from (None for derived or unknown names)."""
        if name in self.k.questions:
            return name
        return BUILTIN_SOURCES.get(name) if BUILTIN_SOURCES.get(name) in self.k.questions else None

    def reads(self, entry: dict) -> set[str]:
        """The questions an entry's clauses read (the date too, when the entry is dated)."""
        out = {self.source(next(iter(c))) for c in entry.get("when") or []} - {None}
        if (entry.get("from") or entry.get("until")) and "as_of" in self.k.questions:
            out.add("as_of")
        return out

    # --- liveness -----------------------------------------------------------------------------
    def models_in_play(self, scope: str | None, view: View) -> list:
        """The models an entry is evaluated for: all its models, or only the chosen one."""
        if scope is None:
            return [None]
        models = list(self.k.models) if scope == "any" else scope.split(",")
        return [m for m in models if view.chosen is None or m == view.chosen]

    def in_force(self, entry: dict, day: dt.date) -> bool:
        """Whether an entry's from/until window covers the day."""
        return not (entry.get("from") and day < entry["from"] or entry.get("until") and day > entry["until"])

    def could_hold(self, name: str, test, model, view: View, depth: int = 0) -> bool:
        """Whether a clause holds now, or could once questions still open are answered."""
        if name == "model_is_chosen":
            if view.chosen is not None:
                return holds(test, model == view.chosen, self.k, view.day)
            return CHOICE_FACT in view.open or holds(test, MISSING, self.k, view.day)
        if name in view.flat:
            return holds(test, view.flat[name], self.k, view.day)
        src = self.source(name)
        if src is not None and src in view.open:
            return self._satisfiable(test, view.day)
        if name in self.derivers and depth < 8:
            return any(holds(test, value, self.k, view.day) and self.live(r, r.get("model") and model, view, depth + 1)
                       for r, value in self.derivers[name]) or holds(test, MISSING, self.k, view.day)
        return holds(test, MISSING, self.k, view.day)

    def _satisfiable(self, test, day: dt.date) -> bool:
        # a comparison with a parameter that has no value on the day can never hold
        if isinstance(test, dict):
            (op, value), = test.items()
            if op not in ("known", "not", "eq") and resolve(value, self.k, day) is None:
                return False
        return True

    def live(self, entry: dict, model, view: View, depth: int = 0) -> bool:
        """Whether an entry, evaluated for `model`, could still fire (or stop firing)."""
        key = (id(entry), model)
        if depth == 0 and key in view._memo:
            return view._memo[key]
        ok = self.in_force(entry, view.day) and all(
            self.could_hold(next(iter(c)), next(iter(c.values())), model, view, depth)
            for c in entry.get("when") or [])
        if depth == 0:
            view._memo[key] = ok
        return ok

    # --- questions ----------------------------------------------------------------------------
    def readers(self, qid: str, view: View, live_only: bool = True) -> list[Reader]:
        """The rules and checklist items reading a question, for each model in play."""
        out = []
        for kind, entry, scope in self.entries:
            if qid not in self.reads(entry):
                continue
            for model in self.models_in_play(scope, view):
                if live_only and not self.live(entry, model, view):
                    continue
                text = entry.get("description") or entry.get("text") or entry["id"]
                out.append(Reader(entry["id"], text.strip(), entry["citation"], model, kind, weight(entry, kind)))
        return out

    def applies(self, qid: str, view: View) -> bool:
        """Whether a question's ask_when holds on what is known now."""
        return all(holds(next(iter(c.values())), view.flat.get(next(iter(c)), MISSING), self.k, view.day)
                   for c in self.k.questions[qid].get("ask_when") or [])

    def worth_asking(self, view: View, topic: str | None = None) -> list[tuple[str, int]]:
        """Open questions that can still change the outcome, most useful first, with their scores."""
        candidates = []
        for index, qid in enumerate(self.k.questions):
            if qid not in view.open or not self.applies(qid, view):
                continue
            feeds = sum(r.weight for r in self.readers(qid, view))
            lead = qid == FUNDING_INPUT or qid == "as_of"
            if feeds or lead:
                candidates.append((qid, index, feeds, lead))
        scored = []
        for qid, index, feeds, lead in candidates:
            # answering a question that other questions' ask_when reads may spare asking them
            gates = sum(1 for other in view.open - {qid}
                        if any(self.source(next(iter(c))) == qid for c in self.k.questions[other].get("ask_when") or []))
            primary = 2 if qid == FUNDING_INPUT else 1 if lead else 0
            same_topic = topic is not None and self.k.questions[qid].get("topic") == topic
            scored.append(((-primary, -gates, -feeds, not same_topic, index), qid, feeds + gates))
        scored.sort()
        return [(qid, score) for _, qid, score in scored]
