"""Triage priority: forward-chained rules in `knowledge/triage.yaml` that rank LMC adviser cases.

A case's facts (why it was opened, the flag behind it, how close the next contract year is) go
through their own durable-rules ruleset; the highest priority any rule concludes wins, and every
rule that fired is kept as a cited reason.
"""
from __future__ import annotations

import datetime as dt

from . import runtime
from .compiler import patterns
from .errors import FactsError
from .validate import FACT_TYPES, PRIORITIES


def days_to_next_contract_year(day: dt.date) -> int:
    """Days from `day` to the next 1 April."""
    year = day.year if day < dt.date(day.year, 4, 1) else day.year + 1
    return (dt.date(year, 4, 1) - day).days


class Triage:
    """The triage rules compiled into their own durable-rules ruleset."""

    def __init__(self, knowledge):
        self.knowledge = knowledge
        self.rules = {r["id"]: r for r in knowledge.triage["rules"]}
        self.facts = {f["id"]: f for f in knowledge.triage["facts"]}
        definition = {rid: {"all": patterns(r.get("when"), {}, None, {}, dt.date.min, dt.date.max), "run": rid}
                      for rid, r in self.rules.items()}
        self.ruleset = runtime.ruleset(f"pcn_triage_{knowledge.rules_version}", definition)

    def check(self, case: dict) -> dict:
        """Validated case facts (FactsError names each bad field)."""
        errors = {}
        for key, value in case.items():
            spec = self.facts.get(key)
            if spec is None:
                errors[key] = ["unknown field"]
            elif value is not None and (not isinstance(value, FACT_TYPES[spec["type"]])
                                        or spec["type"] == "integer" and isinstance(value, bool)):
                errors[key] = [f"must be {spec['type']}"]
        if errors:
            raise FactsError(errors)
        return {k: v for k, v in case.items() if v is not None}

    def prioritise(self, case: dict) -> dict:
        """Priority, topic and cited reasons for a case."""
        facts = self.check(case)
        fired = []
        self.ruleset.run([dict(facts, id="f", t="f")], lambda rid, _m: fired.append(rid) or ())
        order = list(self.rules)
        fired.sort(key=order.index)
        reasons = [{"rule": rid, "priority": self.rules[rid]["then"].get("priority"),
                    "topic": self.rules[rid]["then"].get("topic"), "text": self.rules[rid]["then"]["reason"],
                    "citation": self.rules[rid]["citation"], "basis": self.rules[rid].get("basis", "source")}
                   for rid in fired]
        ranked = sorted((r for r in reasons if r["priority"]), key=lambda r: PRIORITIES.index(r["priority"]))
        priority = ranked[0]["priority"] if ranked else "normal"
        # A specific topic (from the most urgent rule that names one) beats the catch-all "general".
        specific = [r["topic"] for r in ranked + reasons if r["topic"] and r["topic"] != "general"]
        topic = specific[0] if specific else "general"
        return {"priority": priority, "topic": topic, "reasons": reasons}
