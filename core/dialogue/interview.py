"""The goal-driven interview: its two phases, and which question each asks next.

*Decide* asks only what can still change the decision: the eligibility status or the model that
ranks first (`engine.goal`, worked out from the rules on what is known). The weightiest question goes
first; the result is shown as soon as none is left, or after `DECIDE_LIMIT` questions, when the
result names the questions that could still change it.

*Refine* is offered with the result and never forced: the questions that can still change anything
(`engine.relevance`, warnings, notes, funding detail, checklist items), grouped by topic. A person
refines one topic, or every topic in turn, and can skip the rest of a topic at any point.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import engine
from engine.goal import Goal

from .describe import topic_text
from .relevance import Relevance, View
from .state import State

DECIDE, REFINE = "decide", "refine"
#: Phase one never asks more than this: a handful of questions, then the result.
DECIDE_LIMIT = 10


@dataclass
class Step:
    """What comes next: a question (with how many more are likely), or the result."""

    qid: str | None
    remaining: int = 0
    undecided: list = field(default_factory=list)   # questions that could still change the decision


class Interview:
    """The next question of a conversation in either phase, for one engine."""

    def __init__(self, pcn_engine: engine.Engine, relevance: Relevance):
        self.goal = Goal(pcn_engine)
        self.relevance = relevance
        self.k = pcn_engine.knowledge
        self.order = {qid: i for i, qid in enumerate(self.k.questions)}
        self.topic_order: dict = {}     # topics in the order their first question comes
        for qid in self.k.questions:
            self.topic_order.setdefault(self.topic_of(qid), len(self.topic_order))

    def next(self, state: State, view: View) -> Step:
        """The next question for the conversation's phase, or the result (`qid` None)."""
        if state.phase == REFINE:
            left = self.refining(state, view)
            return Step(left[0], len(left) - 1) if left else Step(None)
        deciding = self.deciding(state)
        if not deciding:
            return Step(None)
        if len(state.decided) >= DECIDE_LIMIT:
            return Step(None, undecided=deciding)
        return Step(deciding[0], min(len(deciding), DECIDE_LIMIT - len(state.decided)) - 1)

    def deciding(self, state: State) -> list[str]:
        """The open questions that could still change the decision, weightiest first."""
        found = self.goal.open(state.final_facts(), frozenset(state.unsure)).questions
        return sorted(found, key=lambda q: (-found[q], self.order[q]))

    def refining(self, state: State, view: View) -> list[str]:
        """Phase two's questions still to ask: the chosen topic's (or every topic not skipped)."""
        ranked = [q for q, _ in self.relevance.worth_asking(view)]
        topic_of = self.topic_of
        if state.topic:
            return [q for q in ranked if topic_of(q) == state.topic]
        left = [q for q in ranked if topic_of(q) not in state.skipped]
        # a topic at a time: the one just answered in while it lasts, then in the order of each
        # topic's most useful question
        first = {topic_of(state.history[-1]): -1} if state.history else {}
        for q in left:
            first.setdefault(topic_of(q), len(first))
        return sorted(left, key=lambda q: first[topic_of(q)])

    def topics(self, view: View, skipped=()) -> list[dict]:
        """The refine offer: each topic with questions that can still change the result, with how many."""
        counts: dict = {}
        for q, _ in self.relevance.worth_asking(view):
            counts[self.topic_of(q)] = counts.get(self.topic_of(q), 0) + 1
        ordered = sorted(counts, key=self.topic_order.__getitem__)
        return [{"id": t, "label": topic_text(t), "count": counts[t], "skipped": t in skipped} for t in ordered]

    def topic_of(self, qid: str) -> str:
        """A question's topic (its group in phase two)."""
        return self.k.questions[qid].get("topic") or "general"
