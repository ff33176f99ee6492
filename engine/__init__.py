"""PCN Advisor's rules engine: knowledge/ compiled into durable-rules, facts in, assessment out.

Pure Python: nothing here imports Flask, Slack or SQL. The usual entry point is `assess(facts)`.
"""
from __future__ import annotations

import datetime as dt
import threading

import orjson

from . import runtime
from .assessment import build, decided, summary
from .compiler import Compiled, compile_knowledge
from .dates import parse_date
from .errors import EngineError, FactsError, KnowledgeError, PCNError
from .facts import check_facts, engine_fact
from .knowledge import Knowledge, cached

__all__ = ["Engine", "EngineError", "FactsError", "KnowledgeError", "PCNError", "assess", "check", "default_engine"]


class Engine:
    """A knowledge base compiled and registered with durable-rules, ready to assess facts."""

    def __init__(self, knowledge: Knowledge | None = None):
        self.knowledge = knowledge or cached()
        self.compiled: Compiled = compile_knowledge(self.knowledge)
        self.ruleset = runtime.ruleset(self.compiled.name, self.compiled.definition)
        self._chaining = frozenset(name for name, a in self.compiled.actions.items() if a.derive)
        self._names = {name: name for name in self.compiled.actions}

    @property
    def rules_version(self) -> str:
        """Hash of the knowledge files this engine was built from."""
        return self.knowledge.rules_version

    def check(self, raw: dict, today: dt.date | None = None) -> dict:
        """Validated, normalised facts (raises FactsError naming each bad field)."""
        return check_facts(raw, self.knowledge.questions, today)

    def firings(self, facts: dict, flat: dict | None = None) -> tuple[list, dict]:
        """Run the rules on checked facts: ([(variant, model), ...] in firing order, derived values)."""
        if flat is None:
            flat = engine_fact(facts, parse_date(facts["as_of"]))
        fired, derived = self._fire(flat)
        actions = self.compiled.actions
        return [(variant, actions[variant].model) for variant in fired], derived

    def _fire(self, flat: dict) -> tuple[list, dict]:
        """The variants fired for the flat fact, in firing order, and the values they derived."""
        actions = self.compiled.actions
        derived: dict = {}

        def chain(variant: str, _message: str):
            model = actions[variant].model or "-"
            out = []
            for name, value in actions[variant].derive:
                derived[(name, model)] = value
                out.append({"id": f"d:{name}:{model}:{value!r}", "t": "d", "n": name, "v": value, "model": model})
            return out

        firings = self.ruleset.fire([dict(flat, id="f", t="f")], chain, self._chaining)
        names = self._names  # the compiled names themselves, not copies cut from each message
        return [names[variant] for variant, _ in firings], derived

    def assess(self, raw: dict, today: dt.date | None = None, explain: bool = False) -> dict:
        """Facts in, assessment out (raises FactsError for bad input, EngineError on failure). The
        `explanation` (every fired rule with the facts it read) is built only when asked for with
        `explain`: what is stored, sent or printed asks for it (`assess_json` always does); comparisons
        and decisions do not need it. Its parts are shared with other assessments: read them, copy
        before changing one."""
        facts = self.check(raw, today)
        day = parse_date(facts["as_of"])
        flat = engine_fact(facts, day)
        fired, derived = self._fire(flat)
        return build(self.knowledge, self.compiled, facts, day, fired, derived, flat, explain)

    def decide(self, raw: dict, today: dt.date | None = None) -> dict:
        """Facts in, only what decides out: eligibility status, models ranked, recommended model and
        the rules that fired (`assessment.decided`); a fraction of the cost of `assess`."""
        facts = self.check(raw, today)
        day = parse_date(facts["as_of"])
        fired, _derived = self._fire(engine_fact(facts, day))
        return decided(self.knowledge, self.compiled, facts, fired)

    def what_if(self, facts: dict, changes: dict, today: dt.date | None = None, before: dict | None = None) -> dict:
        """Assess `facts`, then `facts` updated with `changes`, and compare the two (see `what_if.compare`).
        With `before` (an assessment already made of `facts`, e.g. a stored one) it is the "before",
        as it was, and the changed facts keep its date unless `as_of` is among the changes."""
        from .what_if import compare

        if before is None:
            before = self.assess(facts, today)
        else:
            facts = dict(facts, as_of=before["as_of"])
        after = self.assess(dict(facts, **changes), today)
        return {"before": before, "after": after, "diff": compare(before, after)}

    def assess_json(self, raw: dict, today: dt.date | None = None) -> tuple[dict, bytes]:
        """Facts in, (summary, the assessment as compact JSON text) out: what `assess` returns,
        encoded, for callers that store and send it."""
        result = self.assess(raw, today, explain=True)
        return summary(result), orjson.dumps(result)


_DEFAULT: Engine | None = None
_DEFAULT_LOCK = threading.Lock()


def default_engine() -> Engine:
    """The process-wide engine for the default knowledge folder."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = Engine()
        return _DEFAULT


def assess(facts: dict, today: dt.date | None = None, explain: bool = False) -> dict:
    """Assess facts with the default engine (`Engine.assess`)."""
    return default_engine().assess(facts, today, explain)


def check(facts: dict, today: dt.date | None = None) -> dict:
    """Validate facts with the default engine's questions."""
    return default_engine().check(facts, today)
