"""Compiles the knowledge base into a durable-rules ruleset definition and an action table.

Facts enter a session as two kinds of durable-rules fact:
  `{t: "f", ...}`  one object holding the input and built-in facts,
  `{t: "d", n, v, model}`  a derived fact, asserted when a rule with `derive` fires.
A rule whose clauses use a parameter is expanded into one variant per dated value of it, each
guarded by `as_of_day`; `from`/`until` become `as_of_day` guards too. A model-scoped rule is
expanded into one variant per model it covers (`<rule>@<model>`), with `model_is_chosen` turned
into a test on `operating_model`: each variant then matches the one input fact alone, where
joining it with a fact per model cost the rules engine a third of its time.
"""
from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from .dates import day_number
from .knowledge import Knowledge
from .scope import derived_scoped, models_in, scope_of
from .validate import MODEL_FACTS, param_refs

CHECKLIST_PREFIX = "checklist__"


@dataclass(frozen=True)
class Action:
    """What one compiled rule variant concludes when it fires."""

    rule_id: str          # knowledge id (for checklist items: CHECKLIST_PREFIX + item id)
    index: int            # position in knowledge order, for deterministic output
    model: str | None     # the model this variant is for, or None for a network-wide rule
    derive: tuple         # ((name, value), ...)
    fact_names: tuple     # input facts the clauses read (for the explanation)
    derived_names: tuple  # derived facts the clauses read


@dataclass(frozen=True, eq=False)  # hashed by identity: prepared data is stored per compilation
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
        if lo <= hi and all(c[2] is not None for c in combo):   # a null value: the rule does not apply
            yield lo, hi, {p: c[2] for p, c in zip(params, combo)}


def _chosen_test(op: str, value, model: str) -> dict:
    """`model_is_chosen <op> value` for `model`, as a test on `operating_model`.

    model_is_chosen is true or false once a model is chosen and unknown before.
    """
    chosen = {"operating_model": model}
    other = {"$and": [{"$ex": {"operating_model": 1}}, {"$neq": {"operating_model": model}}]}
    never = {"$and": [{"$ex": {"operating_model": 1}}, {"$nex": {"operating_model": 1}}]}
    is_ = {True: chosen, False: other}
    if op == "known":
        return {"$ex": {"operating_model": 1}} if value else {"$nex": {"operating_model": 1}}
    if op in ("eq", "ne", "not") and not isinstance(value, bool):
        return never if op == "eq" else {"$ex": {"operating_model": 1}} if op == "ne" else {"t": "f"}
    if op == "eq":
        return is_[value]
    if op == "ne":
        return is_[not value]
    if op == "not":
        return {"$or": [{"$nex": {"operating_model": 1}}, is_[not value]]}
    if op == "in":
        options = [is_[v] for v in dict.fromkeys(value) if isinstance(v, bool)]
        return never if not options else options[0] if len(options) == 1 else {"$or": options}
    raise ValueError(f"model_is_chosen cannot be tested with {op!r}")


def patterns(clauses, values: dict, model, derived_scoped: dict, lo, hi) -> list[dict]:
    """durable-rules patterns for `clauses` evaluated for `model`, with parameters set to `values`
    and the variant in force from `lo` to `hi` (also used by the triage rules)."""
    f_tests: list[dict] = [{"t": "f"}]
    d_patterns: list[dict] = []
    if lo != dt.date.min:
        f_tests.append({"$gte": {"as_of_day": day_number(lo)}})
    if hi != dt.date.max:
        f_tests.append({"$lte": {"as_of_day": day_number(hi)}})
    for clause in clauses or []:
        (name, test), = clause.items()
        op, value = _split(test)
        if isinstance(value, dict) and "param" in value:
            value = values[value["param"]]
        if name in MODEL_FACTS:
            f_tests.append(_chosen_test(op, value, model))
        elif name in derived_scoped:
            tests = [{"t": "d"}, {"n": name}]
            if not (op == "known" and value is True):
                tests.append(_test("v", op, value))
            tests.append({"model": model if derived_scoped[name] and model is not None else "-"})
            d_patterns.append({f"d{len(d_patterns)}": _all(tests)})
        else:
            f_tests.append(_test(name, op, value))
    return [{"f": _all(f_tests)}] + d_patterns


def auto_items(knowledge: Knowledge) -> list[dict]:
    """Checklist items that apply by their own `models`/`when`: those no rule names (an item a rule
    names is added only when such a rule fires, so its conditions are written once, in the rule)."""
    named = {i for r in knowledge.rules for i in (r["then"].get("checklist") or [])}
    return [item for item in knowledge.checklist.values() if item["id"] not in named]


def entries(knowledge: Knowledge) -> list[tuple]:
    """Everything that compiles to a rule, in knowledge order: (rule id, entry, model scope, derive items).

    Rules first, then checklist items that apply by their own conditions (`auto_items`), whose rule
    id carries CHECKLIST_PREFIX. The scope is None (network-wide) or a tuple of model ids (`scope_of`).
    """
    out = [(r["id"], r, scope_of(knowledge, r.get("model")), tuple((r["then"].get("derive") or {}).items()))
           for r in knowledge.rules]
    for item in auto_items(knowledge):
        out.append((CHECKLIST_PREFIX + item["id"], item, scope_of(knowledge, item.get("models")), ()))
    return out


def compile_knowledge(knowledge: Knowledge) -> Compiled:
    """Build the ruleset definition and action table for a knowledge base."""
    scoped = derived_scoped(knowledge)

    definition: dict = {}
    actions: dict = {}
    for index, (rule_id, entry, scope, derive) in enumerate(entries(knowledge)):
        clauses = entry.get("when") or []
        params = param_refs(clauses)
        names = [next(iter(c)) for c in clauses]
        windows = list(_windows(knowledge, entry, params))
        for k, (lo, hi, values) in enumerate(windows):
            base = rule_id if len(windows) == 1 else f"{rule_id}~{k}"
            for m in models_in(scope):
                variant = base if m is None else f"{base}@{m}"
                definition[variant] = {
                    "all": patterns(clauses, values, m, scoped, lo, hi),
                    "run": variant,
                }
                actions[variant] = Action(
                    rule_id=rule_id, index=index, model=m, derive=derive,
                    fact_names=tuple(n for n in names if n not in scoped),
                    derived_names=tuple(n for n in names if n in scoped),
                )
    return Compiled(name=f"pcn_{knowledge.rules_version}", definition=definition, actions=actions)
