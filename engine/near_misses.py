"""Near misses: thresholds the network missed, or only just met, where the outcome turns.

Derived from the rules and parameters, not written per case. A rule *decides* when it sets the
eligibility status (other than unknown) or raises a blocker; it is *good* when it makes the network
eligible without a blocker, *bad* otherwise. For each numeric clause of a deciding rule that
applies on the date (its other clauses holding for the facts):

- good rule, clause missed by at most the margin: `missed` (that much short of its threshold);
- good rule, clause met with less than the margin to spare: `barely_met`;
- bad rule, clause met (so the rule fires) within the margin of escaping it: `missed`;
- bad rule, clause escaped by less than the margin: `barely_met`.

The margin is `near_misses.margin` × the threshold (knowledge/insight.yaml). A bad rule that fired
on one yes/no answer alone gives a `missed` entry with no gap. Funding steps come from each
`wte_schedule` formula's steps. One entry per (fact, threshold, model): the first rule wins.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from .clauses import MISSING, condition, resolve, resolved
from .conclusions import DECIDING_STATUSES, FUNDED_STATUSES
from .funding import schedule_wte
from .knowledge import Knowledge
from .scope import CHOICE_FACT, in_force, models_in, scope_of

NUMERIC = {"lt", "lte", "gt", "gte"}
UPWARD = {"gt", "gte"}  # a clause met by being large enough


@dataclass(frozen=True, slots=True)
class Decider:
    """A rule that decides (see the module docstring) as near misses read it on one day: its models,
    its numeric clauses with their thresholds and other clauses resolved for the day, and the one
    yes/no answer it rests on (a bad rule only) with its clauses resolved."""

    rule: dict
    good: bool
    models: tuple
    numeric: tuple        # ((fact, op, threshold, its other clauses as a `condition`), ...)
    facts: frozenset      # the facts its numeric clauses compare
    answer: tuple | None  # (fact, answer) of the single yes/no clause of a bad rule, else None
    when: Callable        # all its clauses as a `condition` (read when `answer` is set)
    would_change: str     # what meeting or escaping it would change


def _deciders(k: Knowledge, day: dt.date) -> tuple:
    """(the deciding rules in force on `day`, in knowledge order; {fact a numeric clause compares: the
    positions of the rules comparing it}; {(fact, answer) a bad rule rests on: the positions of those
    rules}) (kept in `k.memo` per day)."""
    return k.memo.daily("near_miss_deciders", day, lambda: _indexed(tuple(_prepare(k, day))))


def _indexed(deciders: tuple) -> tuple:
    by_fact: dict = {}
    by_answer: dict = {}
    for i, d in enumerate(deciders):
        for fact in d.facts:
            by_fact.setdefault(fact, []).append(i)
        if d.answer is not None:
            by_answer.setdefault(d.answer, []).append(i)
    return deciders, by_fact, by_answer


def _prepare(k: Knowledge, day: dt.date):
    texts = k.insight["near_misses"]["messages"]
    for r in k.rules:
        decides, good = _deciding(r)
        if not decides or not in_force(r, day):
            continue
        when = r.get("when") or []
        numeric = []
        for c in when:
            (fact, test), = c.items()
            if isinstance(test, dict) and next(iter(test)) in NUMERIC:
                (op, operand), = test.items()
                numeric.append((fact, op, resolve(operand, k, day),
                                condition(resolved([o for o in when if o is not c], k, day))))
        answers = [c for c in when if next(iter(c)) in k.questions and isinstance(next(iter(c.values())), bool)]
        answer = next(iter(answers[0].items())) if not good and len(answers) == 1 else None
        yield Decider(r, good, models_in(scope_of(k, r.get("model"))), tuple(numeric),
                      frozenset(n[0] for n in numeric), answer,
                      condition(resolved(when, k, day)), _would_change(r, good, texts))


def _view(flat: dict, derived: dict, model: str | None, chosen: str | None) -> dict:
    """The facts a rule variant for `model` sees: the flat facts, derived values, model_is_chosen."""
    view = dict(flat)
    for (name, scope), value in derived.items():
        if scope == "-" or scope == model:
            view[name] = value
    if model is not None and chosen is not None:
        view["model_is_chosen"] = model == chosen
    return view


def _distance(op: str, value, threshold) -> tuple[bool, int]:
    """(met, spare if met else the change needed to meet) for a whole-number fact."""
    need = {"gte": threshold - value, "gt": threshold - value + 1,
            "lt": value - threshold + 1, "lte": value - threshold}[op]
    return (need <= 0, -need) if need <= 0 else (False, need)


def _entry(kind, status, rule, model, fact, value, threshold, gap, would_change, message, citation) -> dict:
    return {"kind": kind, "status": status, "rule": rule, "model": model, "fact": fact, "value": value,
            "threshold": threshold, "gap": gap, "would_change": would_change, "message": message,
            "citation": citation}


def _numeric(d: Decider, model, view: dict, texts: dict, margin, fact: str, op: str, threshold, others: tuple):
    value = view.get(fact)
    if threshold is None or isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if not others(view):
        return None
    good, r = d.good, d.rule
    met, amount = _distance(op, value, threshold)
    near = margin * threshold
    if good:
        status, gap = ("barely_met", amount) if met else ("missed", amount)
        upward = op in UPWARD
    else:  # escaping a bad clause takes one more than its spare; falling in, one more than the gap
        status, gap = ("missed", amount + 1) if met else ("barely_met", amount - 1)
        upward = op not in UPWARD
    if (status == "missed" and gap > near) or (status == "barely_met" and gap >= near):
        return None
    would = d.would_change
    key = ("missed_below" if upward else "missed_above") if status == "missed" else \
        "at_threshold" if gap == 0 else ("barely_above" if upward else "barely_below")
    message = texts[key].format(gap=f"{gap:,}", threshold=f"{threshold:,}", would_change=would)
    return _entry("threshold", status, r["id"], model, fact, value, threshold, gap, would, message, r["citation"])


def _would_change(r: dict, good: bool, texts: dict) -> str:
    """The rule's own `near_miss` phrase, else what it concludes (for a bad rule: that it would go)."""
    if r.get("near_miss"):
        return r["near_miss"].strip()
    then = r["then"]
    text = (then.get("flag") or {}).get("message") or then["eligibility"]["reason"]
    return text.strip() if good else texts["escape"].format(text=text.strip())


def _boolean(d: Decider, model, view: dict, texts: dict):
    """A bad rule that fired on one yes/no answer: giving the other answer would lift it."""
    if not d.when(view):
        return None
    fact, value = d.answer
    r, would = d.rule, d.would_change
    return _entry("condition", "missed", r["id"], model, fact, value, not value, None, would,
                  texts["boolean"].format(would_change=would), r["citation"])


def _deciding(r: dict) -> tuple[bool, bool]:
    """(decides, good) for a rule."""
    then = r["then"]
    status = (then.get("eligibility") or {}).get("status")
    blocker = (then.get("flag") or {}).get("severity") == "blocker"
    decides = blocker or status in DECIDING_STATUSES
    return decides, status == "eligible" and not blocker


def near_misses(k: Knowledge, flat: dict, derived: dict, day: dt.date, status: str) -> list:
    """Every near miss for these facts (flat facts and derived values as the rules saw them)."""
    cfg = k.insight["near_misses"]
    texts, margin = cfg["messages"], cfg["margin"]
    chosen = flat.get(CHOICE_FACT)
    out, seen = [], set()

    def add(entry):
        key = (entry["fact"], entry["threshold"], entry["model"])
        if key not in seen:
            seen.add(key)
            out.append(entry)

    views: dict = {}   # one view per model, shared by every rule about it
    deciders, by_fact, by_answer = _deciders(k, day)
    # a clause on a fact nobody gave, or an answer other than the rule's, finds nothing: only the
    # rules comparing a fact given (or derived) and those resting on an answer given are read
    derived_names = {name for name, _scope in derived}
    read = {i for fact, rules in by_fact.items() if fact in flat or fact in derived_names for i in rules}
    answered = {i for (fact, value), rules in by_answer.items() if flat.get(fact, MISSING) == value for i in rules}
    for i in sorted(read | answered):
        d = deciders[i]
        answer = d.answer if i in answered else None
        for model in d.models:
            view = views.get(model)
            if view is None:
                view = views[model] = _view(flat, derived, model, chosen)
            for fact, op, threshold, others in d.numeric:
                found = _numeric(d, model, view, texts, margin, fact, op, threshold, others)
                if found:
                    add(found)
            if answer is not None:
                found = _boolean(d, model, view, texts)
                if found:
                    add(found)
    if status in FUNDED_STATUSES:
        for entry in _funding_steps(k, flat.get("population"), day, cfg):
            add(entry)
    return out


def _funding_steps(k: Knowledge, population, day: dt.date, cfg: dict) -> list:
    """Steps of each `wte_schedule` formula the population is near (streams sharing one grouped)."""
    if not isinstance(population, int):
        return []
    out = []
    for sched, citation, per_wte, labels in k.memo.daily("funding_steps", day, lambda: _schedules(k, day)):
        t, start, step = sched["threshold"], sched["step_from"], sched["step"]
        nxt = t if population < t else start if population < start else \
            start + ((population - start) // step + 1) * step
        prev = None if population < t else t if population < start else \
            start + ((population - start) // step) * step
        for status, at, gap in (("missed", nxt, nxt - population),
                                ("barely_met", prev, None if prev is None else population - prev)):
            if at is None or gap > cfg["margin"] * at or (status == "barely_met" and gap >= cfg["margin"] * at):
                continue
            wte, below = schedule_wte(sched, at), schedule_wte(sched, at - 1)
            delta = sum((wte - below) * m for m in per_wte)
            would = cfg["funding_step"].format(wte=wte, wte_now=below, streams=labels, delta=f"{delta:,}")
            key = "missed_below" if status == "missed" else "at_threshold" if gap == 0 else "barely_above"
            message = cfg["messages"][key].format(gap=f"{gap:,}", threshold=f"{at:,}", would_change=would)
            out.append(_entry("funding_step", status, None, None, "population", population, at, gap, would,
                              message, citation))
    return out


def _schedules(k: Knowledge, day: dt.date) -> tuple:
    """((schedule, its citation, each stream's maximum per WTE, the streams' labels), ...) for the
    `wte_schedule` formulas with every value known on `day`."""
    groups: dict = {}
    for s in k.funding:
        if s["kind"] == "wte_schedule":
            groups.setdefault(s["schedule"], []).append(s)
    out = []
    for param, streams in groups.items():
        sched, citation = k.param(param, day)
        per_wte = [k.param(s["max_per_wte"], day)[0] for s in streams]
        if sched is not None and None not in per_wte:
            out.append((sched, citation, tuple(per_wte), " and ".join(s["label"] for s in streams)))
    return tuple(out)
