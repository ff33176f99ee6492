"""The goal of an interview: the decision, and which unanswered questions can still change it.

The *decision* is what a network asking "which structure suits us?" needs first: its eligibility
status and the model that ranks first; once the practices have chosen a model, whether that model
is still open to them (it has no blocker) instead of the ranking. An unanswered question still
*decides* when one of its answers, everything else as known now, could give a different decision.

For the eligibility status that is tried: the known facts are decided once per sample answer
(`Engine.decide`), the samples read from the rules and questions themselves:

* yes/no: both; a choice: each option; a list of choices: each option alone;
* a number: each threshold a rule or an `ask_when` compares it with on the day (a parameter or a
  literal), one below, at and one above it;
* the member-practice list: one practice, then two, holding the known population.

Only the questions `relevance.deciding` finds a path for (a live rule reading them can change the
eligibility) are tried, and a sample the other answers rule out (`FactsError`) is skipped. For the
ranking, each model's score is bounded instead (`Goal._ranking`). Both can miss a change that needs
several answers together; `bench/interview.py` measures how often that happens.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .clauses import resolve
from .errors import FactsError
from .facts import engine_fact
from .knowledge import Knowledge
from .relevance import BUILTIN_SOURCES, ELIGIBILITY, Relevance, View, deciding
from .scope import CHOICE_FACT, models_in

NUMERIC = ("lt", "lte", "gt", "gte", "eq")
#: The answer types phase one asks (a date has a default: today, changed on request).
ASKED = {"boolean", "choice", "choices", "integer", "practices"}
#: Statuses phase one does not chase. `blocked` comes only from a definite "no" to a step the practices
#: can still take (a registration item, say): a to-do the checklist already lists, not a verdict on the
#: network, so asking for it up front would lengthen phase one without helping choose. The status
#: shows it as soon as it is answered.
NOT_CHASED = frozenset({"blocked"})
#: An eligibility status at stake outweighs any model score.
ELIGIBILITY_WEIGHT = 100
#: A blocker that may come or go moves a model to the bottom or back: it weighs like five points.
BLOCKER_WEIGHT = 5


@dataclass(frozen=True, slots=True)
class Decision:
    """What phase one of an interview settles."""

    status: str
    recommended: str | None

    @classmethod
    def of(cls, assessment: dict) -> "Decision":
        """The decision an assessment (or `Engine.decide`) reached."""
        chosen = (assessment.get("facts") or {}).get(CHOICE_FACT)
        if chosen:
            usable = any(m["id"] == chosen and m["rating"] != "unsuitable" for m in assessment["models"])
            return cls(assessment["eligibility"]["status"], chosen if usable else None)
        return cls(assessment["eligibility"]["status"], assessment.get("recommended_model"))


def _thresholds(k: Knowledge, qid: str, day: dt.date) -> tuple:
    """The numbers rules and `ask_when` clauses compare a question's answer with on `day`, sorted."""
    return k.memo.daily(("thresholds", qid), day, lambda: _find_thresholds(k, qid, day))


def _find_thresholds(k: Knowledge, qid: str, day: dt.date) -> tuple:
    names = {qid} | {b for b, src in BUILTIN_SOURCES.items() if src == qid}
    clauses = [c for r in k.rules for c in r.get("when") or []]
    clauses += [c for q in k.questions.values() for c in q.get("ask_when") or []]
    out = set()
    for clause in clauses:
        (name, test), = clause.items()
        if name not in names or not isinstance(test, dict):
            continue
        for op, operand in test.items():
            value = resolve(operand, k, day) if op in NUMERIC else None
            if isinstance(value, int) and not isinstance(value, bool):
                out.add(value)
    return tuple(sorted(out))


def samples(k: Knowledge, qid: str, day: dt.date, facts: dict) -> list:
    """Representative answers to a question, read from the rules (see the module docstring)."""
    q = k.questions[qid]
    kind = q["type"]
    if kind == "boolean":
        return [True, False]
    if kind == "choice":
        return [c["value"] for c in q["choices"]]
    if kind == "choices":
        return [[c["value"]] for c in q["choices"]]
    if kind == "integer":
        low, high = q.get("min", 0), q.get("max")
        values = sorted({v for t in _thresholds(k, qid, day) for v in (t - 1, t, t + 1)})
        return [v for v in values if v >= low and (high is None or v <= high)]
    if kind == "practices":
        size = facts.get("population")
        if not isinstance(size, int):
            return []
        one = [{"name": "A", "ods_code": None, "list_size": size}]
        two = [{"name": "A", "ods_code": None, "list_size": size - size // 2},
               {"name": "B", "ods_code": None, "list_size": size // 2}]
        return [one, two]
    return []   # a date: the assessment date has a default, today, and is changed on request


@dataclass(frozen=True)
class Open:
    """Where an interview stands: the decision now, and each question that could still change it
    with its weight (how many points of model score, or an eligibility status, ride on it)."""

    decision: Decision
    questions: dict        # question id -> weight, eligibility questions weighing most


class Goal:
    """Phase one of a goal-driven interview over one engine (see the module docstring)."""

    def __init__(self, pcn_engine):
        self.engine = pcn_engine
        self.k: Knowledge = pcn_engine.knowledge
        self.relevance = Relevance(self.k)
        rank = self.k.insight["ranking"]
        self.penalty = rank["priority_penalty"]
        self.weighed = {p["id"]: set(p.get("categories") or ()) for p in rank["priorities"]}
        self.order = {m: i for i, m in enumerate(self.k.models)}
        self.scored = [(e, models_in(scope)) for kind, e, scope in self.relevance.index.entries
                       if kind == "rule" and (e["then"].get("fit") or e["then"].get("flag")) and e.get("model")]

    def open(self, facts: dict, unsure=frozenset()) -> Open:
        """The decision the raw answers `facts` (with `as_of`) reach, and the unanswered questions
        (not answered "not sure") that could still change it."""
        clean = self.engine.check(facts)
        day = dt.date.fromisoformat(str(clean["as_of"]))
        flat = engine_fact(clean, day)
        decided = self.engine.decide(clean)
        now = Decision.of(decided)
        askable = {q for q in self.k.questions
                   if q not in clean and q not in unsure and self.k.questions[q]["type"] in ASKED}
        view = View(flat, day, askable, clean.get(CHOICE_FACT))
        view.open = {q for q in askable if self.relevance.applies(q, view)}
        askable = view.open
        found: dict = {}
        for qid, kinds in deciding(self.k, flat, day, frozenset(set(self.k.questions) - askable)).items():
            if ELIGIBILITY in kinds and qid in askable and self._moves_status(clean, qid, day, now):
                found[qid] = ELIGIBILITY_WEIGHT
        for qid, weight in self._ranking(view, decided, clean.get("priorities")).items():
            found[qid] = found.get(qid, 0) + weight
        return Open(now, found)

    def _moves_status(self, clean: dict, qid: str, day: dt.date, now: Decision) -> bool:
        for value in samples(self.k, qid, day, clean):
            try:
                status = self.engine.decide(dict(clean, **{qid: value}))["eligibility"]["status"]
                if status != now.status and status not in NOT_CHASED:
                    return True
            except FactsError:
                continue     # an answer the others rule out cannot happen
        return False

    def _ranking(self, view: View, decided: dict, priorities) -> dict:
        """{question: weight} for the open questions that could change which model ranks first.

        A rival's best case lets every rule an open question can switch on or off go its way; the
        leader's case keeps the rules firing now and adds those that could still fire against it
        (and the priority penalties, while priorities are open). A question counts when it feeds
        such a rule for the leader or for a rival whose best case reaches the leader's; its weight
        is the points (and blockers) riding on it."""
        fired = decided["fired"]
        priorities_open = "priorities" in view.open
        cats = set().union(*(self.weighed.get(p, set()) for p in priorities or ()))
        every = set().union(*self.weighed.values())
        hi = {m: 0 for m in self.k.models}    # each model's best case
        drop = dict(hi)                       # what the leader could still lose
        blocked, may_block, may_unblock = set(), set(), {m: True for m in self.k.models}
        feeds: dict = {m: {} for m in self.k.models}
        blocking: dict = {m: set() for m in self.k.models}   # questions feeding a model's blockers
        for entry, models in self.scored:
            then = entry["then"]
            flag = then.get("flag") or {}
            reads = self._reads_open(entry, view)     # the same for every model the rule is about
            for m in models:
                is_fired = (entry["id"], m) in fired
                change = bool(reads) and (is_fired or self.relevance.live(entry, m, view))
                if not (is_fired or change):
                    continue
                score = (then.get("fit") or {}).get("score", 0)
                if flag.get("category") in cats:
                    score -= self.penalty[flag["severity"]]
                worst = score - (self.penalty[flag["severity"]]
                                 if priorities_open and flag.get("category") in every - cats else 0)
                blocker = flag.get("severity") == "blocker"
                drop[m] += (worst - score) if is_fired else min(0, worst)
                if worst != score:
                    feeds[m]["priorities"] = feeds[m].get("priorities", 0) + score - worst
                if not change:
                    hi[m] += score
                    if blocker:
                        blocked.add(m)
                        may_unblock[m] = False
                    continue
                hi[m] += max(0, score)
                if blocker:
                    may_block.add(m)
                    blocking[m] |= reads
                for q in reads:
                    feeds[m][q] = feeds[m].get(q, 0) + abs(worst) + (BLOCKER_WEIGHT if blocker else 0)
        if view.chosen is not None:    # only whether the chosen model stays open to them matters
            m = view.chosen
            at_stake = m in may_block or (m in blocked and may_unblock[m])
            out = {q: w for q, w in feeds[m].items() if q in blocking[m]} if at_stake else {}
            return self._depends(view, decided, out)
        leader = decided.get("recommended_model")
        usable = [m for m in self.k.models if m not in blocked or may_unblock[m]]
        if leader is None:
            rivals = usable
        else:
            # the leader keeps its score but for rules not yet firing (or priorities) that could cost it:
            # answers left open already count against it where the rules treat unknown as a risk
            bar = next(x["score"] for x in decided["models"] if x["id"] == leader) + drop[leader]
            rivals = [m for m in usable if m != leader and (
                leader in may_block or hi[m] > bar or (hi[m] == bar and self.order[m] < self.order[leader]))]
            if rivals:
                rivals.append(leader)
        out: dict = {}
        for m in rivals:
            for q, w in feeds[m].items():
                out[q] = out.get(q, 0) + w
        out = self._depends(view, decided, out)
        if out and CHOICE_FACT in view.open:   # a model chosen settles the ranking outright: ask it first
            out[CHOICE_FACT] = max(out.values()) + 1
        return out

    @staticmethod
    def _depends(view: View, decided: dict, out: dict) -> dict:
        """`out` with what the decision says it depends on (engine.decision) added. A network is taken
        to be several practices until it lists them, so a list of one (which rules out the
        multi-practice models) is, like a registration "no", shown when given but not chased here."""
        for q in decided["decision"]["depends_on"]:
            if q in view.open:
                out[q] = out.get(q, 0) + BLOCKER_WEIGHT
        return out

    def _reads_open(self, entry: dict, view: View, depth: int = 0) -> set:
        """The open questions an entry reads, directly or through the values it reads that rules derive."""
        idx = self.relevance.index
        out = {q for q in idx.reads(entry) if q in view.open}
        if depth < 8:
            for clause in entry.get("when") or []:
                for rule, _value in idx.derivers.get(next(iter(clause)), ()):
                    out |= self._reads_open(rule, view, depth + 1)
        return out
