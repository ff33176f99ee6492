"""Funding estimates: each stream in `knowledge/funding.yaml` computed from dated parameters.

Amounts are whole pounds, rounded half up after the formula. A stream whose parameters have no
value on the assessment date is null with a reason: unknown, never zero.
"""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from .knowledge import Knowledge


def whole_pounds(amount: float) -> int:
    """Round to whole pounds, half up (the handbook's tables round this way)."""
    return int(Decimal(repr(amount)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def schedule_wte(schedule: dict, population: int) -> int:
    """WTE a schedule funds for a population (0 below its threshold)."""
    if population < schedule["threshold"]:
        return 0
    if population < schedule["step_from"]:
        return schedule["wte"]
    return schedule["wte_from_step"] + (population - schedule["step_from"]) // schedule["step"]


def _stream(k: Knowledge, s: dict, population: int, day: dt.date):
    """(amount, note, reason-if-unknown) for one stream."""
    def p(name):
        return k.param(s[name], day)[0]

    if s["kind"] == "per_patient":
        rate = p("rate")
        if rate is None:
            return None, None, None
        return whole_pounds(population * rate), f"£{rate:,.2f} × {population:,} patients", None
    if s["kind"] == "wte_scaled":
        per, block, cost = p("wte_per_block"), p("block"), p("cost_per_wte")
        if None in (per, block, cost):
            return None, None, None
        wte = population / block * per
        return whole_pounds(wte * cost), f"{wte:.3f} WTE ({per} per {block:,} patients) × £{cost:,}", None
    schedule, maximum = p("schedule"), p("max_per_wte")
    if None in (schedule, maximum):
        return None, None, None
    if population < schedule["threshold"]:
        return None, None, (f"the sources only give this reimbursement for networks of at least "
                            f"{schedule['threshold']:,} patients")
    wte = schedule_wte(schedule, population)
    return wte * maximum, f"{wte} WTE × up to £{maximum:,}", None


def estimate(k: Knowledge, population: int | None, day: dt.date, label: str, eligible: bool) -> dict:
    """The funding block of an assessment."""
    out: dict = {}
    notes: dict = {}
    unknown: dict = {}
    citations: dict = {}
    for s in k.funding:
        citations[s["id"]] = s["citation"]
        if population is None:
            out[s["id"]], unknown[s["id"]] = None, "the network's population is not known yet"
            continue
        if not eligible:
            out[s["id"]], unknown[s["id"]] = None, "the network does not qualify as things stand"
            continue
        amount, note, reason = _stream(k, s, population, day)
        out[s["id"]] = amount
        if amount is None:
            unknown[s["id"]] = reason or f"the sources give no figure for {label}"
        else:
            notes[s["id"]] = note
    parts = [s["id"] for s in k.funding if s.get("in_total")]
    if all(out[i] is not None for i in parts):
        out["total"] = sum(out[i] for i in parts)
        notes["total"] = " + ".join(parts)
    else:
        out["total"] = None
        missing = ", ".join(i for i in parts if out[i] is None)
        unknown["total"] = f"not every part is known ({missing})"
    out["notes"], out["unknown"], out["citations"] = notes, unknown, citations
    out["basis"] = dict({s["id"]: s.get("basis", "derived") for s in k.funding}, total="derived")
    return out
