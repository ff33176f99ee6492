"""Relevance: which unanswered questions can still change an assessment, and what they can change.

One index, made once per knowledge base, lists for every question the rules and checklist items
that read it (by name, through a built-in fact such as `practice_count`, or through their dates),
each with its scope (`engine.scope`) and conclusions. Everything about relevance is read from it:

* `open_questions` - the API's `open_questions` block: an unanswered question counts when a rule in
  force on the day reads it by name (for a model still in play) and its `ask_when` holds. It is
  the static view: it does not look at whether the reading rule's *other* conditions already fail.
* `counting` - the same questions judged live, as an interview asks them: a reader must still be
  able to fire given what is known (unknowns optimistic while askable, unknown for good once
  answered "not sure"), plus the inputs every funding figure reads. The dialogue orders these.
* `deciding` - for a goal-driven interview: of the `counting` questions, which decision-level
  conclusions (eligibility, a blocker, which model ranks first) each answer could still change.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .clauses import MISSING, condition, holds, resolve, resolved
from .compiler import CHECKLIST_PREFIX, entries
from .knowledge import Knowledge
from .scope import CHOICE_FACT, in_force, models_in

#: Built-in facts the engine computes from an answer (see knowledge/README.md, "Built-in facts").
BUILTIN_SOURCES = {"as_of_day": "as_of", "contract_year_start": "as_of", "practice_count": "practices",
                   "priority_count": "priorities",
                   "model_is_chosen": CHOICE_FACT}
#: Read by `engine.funding.estimate` for every figure, whatever the rules say.
FUNDING_INPUTS = ("population", "as_of")
#: Decision-level conclusions (`deciding`).
ELIGIBILITY, BLOCKER, RANKING = "eligibility", "blocker", "ranking"


@dataclass(frozen=True)
class Reader:
    """A rule or checklist item that reads a question, for one model (None: network-wide)."""

    id: str
    text: str
    citation: dict
    model: str | None
    kind: str   # "rule" or "checklist"
    entry: dict = field(repr=False, compare=False)


@dataclass
class View:
    """What is known so far: flat engine facts, the date, questions still askable, the chosen model."""

    flat: dict
    day: dt.date
    open: set
    chosen: str | None = None
    _memo: dict = field(default_factory=dict)


class Index:
    """Who reads each question, and each deriver of a derived value; hashed by identity."""

    def __init__(self, k: Knowledge):
        self.k = k
        self.entries = [("checklist" if rid.startswith(CHECKLIST_PREFIX) else "rule", e, scope)
                        for rid, e, scope, _derive in entries(k)]
        self.named: dict = {q: [] for q in k.questions}    # question -> [(rule, models)], read by name
        self.reading: dict = {q: [] for q in k.questions}  # question -> [(kind, entry, scope)], read at all
        self.derivers: dict = {}                           # derived name -> [(rule, value)]
        for kind, e, scope in self.entries:
            for clause in e.get("when") or []:
                name = next(iter(clause))
                if kind == "rule" and name in k.questions:  # a network-wide rule touches every model
                    self.named[name].append((e, scope or tuple(k.models)))
            for qid in self.reads(e):
                self.reading[qid].append((kind, e, scope))
        self.derived_readers: dict = {}                    # derived name -> [rules reading it]
        for r in k.rules:
            for name, value in (r["then"].get("derive") or {}).items():
                self.derivers.setdefault(name, []).append((r, value))
        for r in k.rules:
            for clause in r.get("when") or []:
                if next(iter(clause)) in self.derivers:
                    self.derived_readers.setdefault(next(iter(clause)), []).append(r)

    def decides(self, entry: dict, model, kind: str, depth: int = 0) -> set:
        """The decision-level conclusions an entry's firing for `model` changes, through any value it
        derives too (a checklist item changes none)."""
        if kind != "rule":
            return set()
        then = entry["then"]
        out = set()
        if then.get("eligibility"):
            out.add(ELIGIBILITY)
        if (then.get("flag") or {}).get("severity") == "blocker":
            out.add(BLOCKER)
            if model is not None:
                out.add(RANKING)  # a blocker on a model makes it unsuitable: it drops to the bottom
        if then.get("fit") and model is not None:
            out.add(RANKING)
        for name in (then.get("derive") or {}) if depth < 8 else ():
            for reader in self.derived_readers.get(name, ()):
                out |= self.decides(reader, reader.get("model") and model, "rule", depth + 1)
        return out

    def source(self, name: str) -> str | None:
        """The question whose answer a fact name comes from (None for derived or unknown names)."""
        if name in self.k.questions:
            return name
        src = BUILTIN_SOURCES.get(name)
        return src if src in self.k.questions else None

    def reads(self, entry: dict) -> list:
        """The questions an entry's clauses read (the date too, when the entry is dated), in order."""
        out = dict.fromkeys(self.source(next(iter(c))) for c in entry.get("when") or [])
        if (entry.get("from") or entry.get("until")) and "as_of" in self.k.questions:
            out["as_of"] = None
        out.pop(None, None)
        return list(out)


def index(k: Knowledge) -> Index:
    """The relevance index of a knowledge base (made once)."""
    return k.memo.once("relevance_index", lambda: Index(k))


# --- the API's block: static, memoised per day --------------------------------------------------
def open_questions(k: Knowledge, flat: dict, day: dt.date) -> list:
    """Unanswered questions a rule in force on `day` reads by name and whose `ask_when` holds, as
    [(question id, (model, ...) its answer could change)]; once a model is chosen, only it counts."""
    return [(qid, affects) for qid, affects, ask_when in for_choice(k, day, flat.get(CHOICE_FACT))
            if qid not in flat and ask_when(flat)]


def for_choice(k: Knowledge, day: dt.date, chosen) -> tuple:
    """`on_day`'s questions that can change something once `chosen` (a model or None) is chosen,
    each with the models it affects then, as (question, models, its `ask_when` as a `condition`) (kept
    in `k.memo`)."""
    return k.memo.daily(("open_questions_for", chosen), day, lambda: _for_choice(k, day, chosen))


def _for_choice(k: Knowledge, day: dt.date, chosen) -> tuple:
    rows = on_day(k, day)
    if chosen is None:
        return rows
    return tuple((qid, (chosen,), ask_when) for qid, affects, ask_when in rows if chosen in affects)


def on_day(k: Knowledge, day: dt.date) -> tuple:
    """((question, models its rules in force touch, its `ask_when` on the day as a `condition`), ...) in
    question order, for a day (kept in `k.memo`)."""
    return k.memo.daily("open_questions", day, lambda: _on_day(index(k), day))


def _on_day(idx: Index, day: dt.date) -> tuple:
    k = idx.k
    affecting = []
    for qid, uses in idx.named.items():
        affects: list = []
        for rule, models in uses:
            if in_force(rule, day):
                affects.extend(m for m in models if m not in affects)
        if affects:
            affecting.append((qid, tuple(affects), condition(resolved(k.questions[qid].get("ask_when"), k, day))))
    return tuple(affecting)


# --- live: what an interview asks by -------------------------------------------------------------
class Relevance:
    """Which questions can still change an assessment given what is known (`View`), for one knowledge base."""

    def __init__(self, knowledge: Knowledge):
        self.k = knowledge
        self.index = index(knowledge)
        self.source = self.index.source

    def models_in_play(self, scope: tuple | None, view: View) -> list:
        """The models an entry is evaluated for: all its models, or only the chosen one."""
        return [m for m in models_in(scope) if m is None or view.chosen is None or m == view.chosen]

    def could_hold(self, name: str, test, model, view: View, depth: int = 0) -> bool:
        """Whether a clause holds now, or could once questions still open are answered."""
        k, day = self.k, view.day
        if name == "model_is_chosen":
            if view.chosen is not None:
                return holds(test, model == view.chosen, k, day)
            return CHOICE_FACT in view.open or holds(test, MISSING, k, day)
        if name in view.flat:
            return holds(test, view.flat[name], k, day)
        src = self.source(name)
        if src is not None and src in view.open:
            return self._satisfiable(test, day)
        if name in self.index.derivers and depth < 8:
            return any(holds(test, value, k, day) and self.live(r, r.get("model") and model, view, depth + 1)
                       for r, value in self.index.derivers[name]) or holds(test, MISSING, k, day)
        return holds(test, MISSING, k, day)

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
        ok = in_force(entry, view.day) and all(
            self.could_hold(next(iter(c)), next(iter(c.values())), model, view, depth)
            for c in entry.get("when") or [])
        if depth == 0:
            view._memo[key] = ok
        return ok

    def readers(self, qid: str, view: View, live_only: bool = True) -> list[Reader]:
        """The rules and checklist items reading a question, for each model in play."""
        out = []
        for kind, entry, scope in self.index.reading[qid]:
            for model in self.models_in_play(scope, view):
                if live_only and not self.live(entry, model, view):
                    continue
                text = entry.get("description") or entry.get("text") or entry["id"]
                out.append(Reader(entry["id"], text.strip(), entry["citation"], model, kind, entry))
        return out

    def applies(self, qid: str, view: View) -> bool:
        """Whether a question's ask_when holds on what is known now."""
        return all(holds(next(iter(c.values())), view.flat.get(next(iter(c)), MISSING), self.k, view.day)
                   for c in self.k.questions[qid].get("ask_when") or [])

    def counting(self, view: View) -> list[str]:
        """The open, askable questions whose answer can still change the result, in question order:
        a live reader reads them, or every funding figure does."""
        return [qid for qid in self.k.questions if qid in view.open and self.applies(qid, view)
                and (qid in FUNDING_INPUTS or self.readers(qid, view))]

    def deciding(self, view: View) -> dict:
        """{question: frozenset of ELIGIBILITY / BLOCKER / RANKING its answer could still change}, for
        every `counting` question that could change at least one (worked out from the live readers'
        conclusions: eligibility, a blocker flag, a fit score or blocker on a model still in play)."""
        out = {}
        for qid in self.counting(view):
            kinds = set()
            for r in self.readers(qid, view):
                kinds |= self.index.decides(r.entry, r.model, r.kind)
            if kinds:
                out[qid] = frozenset(kinds)
        return out


def deciding(k: Knowledge, flat: dict, day: dt.date, unsure: frozenset = frozenset()) -> dict:
    """{question: frozenset of decision-level conclusions ("eligibility", "blocker", "ranking") its answer
    could still change}, for each unanswered, askable question, given checked facts as the engine
    sees them (`engine.facts.engine_fact`) and the questions answered "not sure"."""
    chosen = flat.get(CHOICE_FACT)
    view = View(flat, day, {q for q in k.questions if q not in flat and q not in unsure}, chosen)
    return Relevance(k).deciding(view)
