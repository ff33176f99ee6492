"""Compiles the knowledge base into a durable-rules ruleset definition and an action table.

Facts enter a session as three kinds of durable-rules fact:
  `{t: "f", ...}`  one object holding the input and built-in facts,
  `{t: "m", model, chosen}`  one per operating model, so model-scoped rules fire once per model,
  `{t: "d", n, v, model}`  a derived fact, asserted when a rule with `derive` fires.
A rule whose clauses use a parameter is expanded into one variant per dated value of it, each
guarded by `as_of_day`; `from`/`until` become `as_of_day` guards too.
"""
from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from .dates import day_number
from .knowledge import Knowledge
from .validate import MODEL_FACTS, param_refs

CHECKLIST_PREFIX = "checklist__"


@dataclass(frozen=True)
class Action:
    """What one compiled rule variant concludes when it fires."""

    rule_id: str          # knowledge id (for checklist items: CHECKLIST_PREFIX + item id)
    index: int            # position in knowledge order, for deterministic output
    model: str | None     # model id, "any", a comma-joined list, or None
    derive: tuple         # ((name, value), ...)
    fact_names: tuple     # input facts the clauses read (for the explanation)
    derived_names: tuple  # derived facts the clauses read


@dataclass(frozen=True)
class Compiled:
    """A ruleset definition for durable-rules plus what each of its rules concludes."""

    name: str
    definition: dict
    actions: dict


def _test(field: str, op: str, value) -> dict:
    if op == "eq":
        return {field: value}
    if op == "ne":
        return {"$and": [{"$ex": {field: 1}}, {"$neq": {field: value}}]}
    if op in ("lt", "lte", "gt", "gte"):
        return {f"${op}": {field: value}}
    if op == "in":
        options = [{field: v} for v in value]
        return options[0] if len(options) == 1 else {"$or": options}
    if op == "known":
        return {"$ex": {field: 1}} if value else {"$nex": {field: 1}}
    if op == "not":
        return {"$or": [{"$nex": {field: 1}}, {"$neq": {field: value}}]}
    raise ValueError(op)


def _split(test) -> tuple[str, object]:
    if isinstance(test, dict):
        (op, value), = test.items()
        return op, value
    return "eq", test


def _all(tests: list[dict]) -> dict:
    return tests[0] if len(tests) == 1 else {"$and": tests}


def _windows(knowledge: Knowledge, entry: dict, params: list[str]):
    """(start, end, {param: value}) for each dated combination of the parameters' values."""
    start = entry.get("from") or dt.date.min
    end = entry.get("until") or dt.date.max
    periods = [[(v["from"], v.get("until") or dt.date.max, v["value"])
                for v in knowledge.parameters[p]["values"]] for p in params]
    for combo in itertools.product(*periods):
        lo = max([start] + [c[0] for c in combo])
        hi = min([end] + [c[1] for c in combo])
        if lo <= hi:
            yield lo, hi, {p: c[2] for p, c in zip(params, combo)}


def _patterns(clauses, values: dict, model, derived_scoped: dict, lo, hi) -> list[dict]:
    f_tests: list[dict] = [{"t": "f"}]
    m_tests: list[dict] = [{"t": "m"}]
    d_patterns: list[dict] = []
    if lo != dt.date.min:
        f_tests.append({"$gte": {"as_of_day": day_number(lo)}})
    if hi != dt.date.max:
        f_tests.append({"$lte": {"as_of_day": day_number(hi)}})
    if model not in (None, "any"):
        models = model.split(",")
        m_tests.append(_test("model", "in", models))
    for clause in clauses or []:
        (name, test), = clause.items()
        op, value = _split(test)
        if isinstance(value, dict) and "param" in value:
            value = values[value["param"]]
        if name in MODEL_FACTS:
            m_tests.append(_test("chosen", op, value))
        elif name in derived_scoped:
            tests = [{"t": "d"}, {"n": name}]
            if not (op == "known" and value is True):
                tests.append(_test("v", op, value))
            if derived_scoped[name] and model is not None:
                tests.append({"model": {"mm": "model"}})
            elif not derived_scoped[name]:
                tests.append({"model": "-"})
            d_patterns.append({f"d{len(d_patterns)}": _all(tests)})
        else:
            f_tests.append(_test(name, op, value))
    patterns = [{"f": _all(f_tests)}]
    if model is not None:
        patterns.append({"mm": _all(m_tests)})
    return patterns + d_patterns


def auto_items(knowledge: Knowledge) -> list[dict]:
    """Checklist items that apply by their own `models`/`when`: those no rule names (an item a rule
    names is added only when such a rule fires, so its conditions are written once, in the rule)."""
    named = {i for r in knowledge.rules for i in (r["then"].get("checklist") or [])}
    return [item for item in knowledge.checklist.values() if item["id"] not in named]


def entries(knowledge: Knowledge) -> list[tuple]:
    """Everything that compiles to a rule, in knowledge order: (rule id, entry, model scope, derive items).

    Rules first, then checklist items that apply by their own conditions (`auto_items`), whose rule
    id carries CHECKLIST_PREFIX. The scope is None, "any", or comma-joined model ids.
    """
    out = [(r["id"], r, r.get("model"), tuple((r["then"].get("derive") or {}).items())) for r in knowledge.rules]
    for item in auto_items(knowledge):
        models = item.get("models")
        out.append((CHECKLIST_PREFIX + item["id"], item, ",".join(models) if models else None, ()))
    return out


def compile_knowledge(knowledge: Knowledge) -> Compiled:
    """Build the ruleset definition and action table for a knowledge base."""
    derived_scoped: dict[str, bool] = {}
    for r in knowledge.rules:
        for name in (r["then"].get("derive") or {}):
            derived_scoped[name] = r.get("model") is not None

    definition: dict = {}
    actions: dict = {}
    for index, (rule_id, entry, model, derive) in enumerate(entries(knowledge)):
        clauses = entry.get("when") or []
        params = param_refs(clauses)
        names = [next(iter(c)) for c in clauses]
        windows = list(_windows(knowledge, entry, params))
        for k, (lo, hi, values) in enumerate(windows):
            variant = rule_id if len(windows) == 1 else f"{rule_id}~{k}"
            definition[variant] = {
                "all": _patterns(clauses, values, model, derived_scoped, lo, hi),
                "run": variant,
            }
            actions[variant] = Action(
                rule_id=rule_id, index=index, model=model, derive=derive,
                fact_names=tuple(n for n in names if n not in derived_scoped),
                derived_names=tuple(n for n in names if n in derived_scoped),
            )
    return Compiled(name=f"pcn_{knowledge.rules_version}", definition=definition, actions=actions)
