"""Choosing the next question: the questions that can still change the outcome, best first.

*Which* questions count is the engine's one definition (`engine.relevance.Relevance.counting`): an
open question whose `ask_when` holds and that a live rule or checklist item reads (in force, about
a model still in play, every other clause true or still able to become true), or that every
funding figure reads. This module only *orders* them.

Usefulness orders the live questions: the input to every funding figure first (the population),
then the assessment date, then questions that decide whether other questions apply, then the weight
of the rule × model conclusions a question feeds (eligibility and blockers weigh most, then
warnings and model fit, then notes and checklist items). Ties stay with the topic of the question
just answered, then keep the order of `questions.yaml`.
"""
from __future__ import annotations

from engine import relevance
from engine.relevance import BUILTIN_SOURCES, Reader, View
from engine.scope import CHOICE_FACT

__all__ = ["BUILTIN_SOURCES", "CHOICE_FACT", "FUNDING_INPUT", "Reader", "Relevance", "View", "weight"]

# engine.funding.estimate reads the population (and the date): it shapes every funding figure.
FUNDING_INPUT = "population"


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


class Relevance(relevance.Relevance):
    """The engine's relevance for one knowledge base, with the dialogue's usefulness order."""

    def worth_asking(self, view: View, topic: str | None = None) -> list[tuple[str, int]]:
        """Open questions that can still change the outcome, most useful first, with their scores."""
        order = {qid: i for i, qid in enumerate(self.k.questions)}
        scored = []
        for qid in self.counting(view):
            feeds = sum(weight(r.entry, r.kind) for r in self.readers(qid, view))
            lead = qid == FUNDING_INPUT or qid == "as_of"
            # answering a question that other questions' ask_when reads may spare asking them
            gates = sum(1 for other in view.open - {qid}
                        if any(self.source(next(iter(c))) == qid for c in self.k.questions[other].get("ask_when") or []))
            primary = 2 if qid == FUNDING_INPUT else 1 if lead else 0
            same_topic = topic is not None and self.k.questions[qid].get("topic") == topic
            scored.append(((-primary, -gates, -feeds, not same_topic, order[qid]), qid, feeds + gates))
        scored.sort()
        return [(qid, score) for _, qid, score in scored]
