"""Funding estimates: each stream in `knowledge/funding.yaml` computed from dated parameters (or, for a
`cost_share`, from an earlier stream), and the duties (hours the network must provide) worked out the
same way.

Amounts are whole pounds, rounded half up after the formula. A stream whose parameters have no
value on the assessment date is null with a reason: the parameter period's own `unknown` reason
when it gives one, else a general one: unknown, never zero. A figure resting on a value carried
forward from an earlier year, paid from a start date part way through the contract year, or paying
only for staff over and above a baseline, says so in `caveats`.

Streams and duties may carry `from`/`until`: outside that window they are not part of the block at all
(a stream that ended, or had not begun), and one id may recur in another window with another formula
(the clinical director money, for example, changed from a share of a salary to a rate per patient).
A figure on the adjusted (weighted) population uses the registered list when that is not known, and
says it is an estimate.
"""
from __future__ import annotations

import datetime as dt
import math

from .dates import contract_year_start
from .knowledge import Knowledge
from .scope import in_force
from .validate import DUTY_KINDS, FUNDING_KINDS

#: Keys of an assessment's funding block that describe its amounts; every other key is a line (a
#: stream or the total).
DETAIL_KEYS = frozenset({"notes", "unknown", "citations", "caveats", "basis", "printed"})
NO_POPULATION = "the network's population is not known yet"
NOT_ELIGIBLE = "the network does not qualify as things stand"
#: Stream kinds worked on the adjusted (weighted) population.
ON_ADJUSTED = frozenset({"per_adjusted_patient", "per_patient_split"})


def whole_pounds(amount: float) -> int:
    """Round to whole pounds, half up (the handbook's tables round this way): the same as rounding
    the amount's shortest decimal form with `Decimal`, since `amount - floor(amount)` is exact."""
    if amount < 0:
        return -whole_pounds(-amount)
    whole = math.floor(amount)
    return whole + (amount - whole >= 0.5)


def rate_text(rate: float) -> str:
    """A rate as printed: pounds and pence, or to the tenth of a penny when the source gives one (£0.722)."""
    return f"£{rate:,.2f}" if round(rate, 2) == rate else f"£{rate:,.3f}"


def schedule_wte(schedule: dict, population: int) -> int:
    """WTE a schedule funds for a population (0 below its threshold)."""
    if population < schedule["threshold"]:
        return 0
    if population < schedule["step_from"]:
        return schedule["wte"]
    return schedule["wte_from_step"] + (population - schedule["step_from"]) // schedule["step"]


def _periods(k: Knowledge, entry: dict, keys: tuple, day: dt.date) -> dict:
    """{key: the parameter period in force on `day` (None when no period covers it)} for an entry's keys."""
    return {key: k.period(entry[key], day) for key in keys}


def _why_unknown(periods: dict) -> str | None:
    """The first reason a parameter period gives for having no value."""
    return next((p["unknown"] for p in periods.values() if p is not None and p.get("unknown")), None)


def _carried(periods: dict) -> list[str]:
    """'carried forward: ...' for each value that is an earlier year's figure carried forward, then
    each period's own `note` (what the figure covers, such as half a year)."""
    seen = dict.fromkeys(p["carried_forward"] for p in periods.values() if p is not None and p.get("carried_forward"))
    notes = dict.fromkeys(p["note"].strip() for p in periods.values() if p is not None and p.get("note"))
    return [f"carried forward: {why}" for why in seen] + list(notes)


def in_force_on(entries: list, day: dt.date | str) -> list:
    """The streams (or duties) whose `from`/`until` window covers `day` (a date or ISO text), in
    knowledge order: what names an assessment's lines on that day."""
    day = dt.date.fromisoformat(day) if isinstance(day, str) else day
    return [e for e in entries if in_force(e, day)]


def _part_year(k: Knowledge, s: dict, day: dt.date, label: str) -> list[str]:
    """The knowledge's part-year note when the stream's payments start after 1 April of this contract year."""
    if "payable_from" not in s or "part_year" not in k.funding_notes:
        return []
    start = _as_date(k.param(s["payable_from"], day)[0])
    year_start = dt.date(contract_year_start(day), 4, 1)
    if not isinstance(start, dt.date) or not year_start < start < year_start.replace(year=year_start.year + 1):
        return []
    return [k.funding_notes["part_year"].strip().format(date=f"{start.day} {start:%B %Y}", year=label)]


def _as_date(value) -> dt.date | None:
    """A date parameter's value as a date (None when unknown)."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value if isinstance(value, dt.date) else None


def _additional(k: Knowledge, s: dict, day: dt.date) -> list[str]:
    """The knowledge's `additional_to` note, with the baseline date, for a stream that only pays for extra staff."""
    if "additional_to" not in s or "additional_to" not in k.funding_notes:
        return []
    baseline = _as_date(k.param(s["additional_to"], day)[0])
    if baseline is None:
        return []
    return [k.funding_notes["additional_to"].strip().format(date=f"{baseline.day} {baseline:%B %Y}")]


def _plan(k: Knowledge, day: dt.date, label: str) -> tuple:
    """What does not depend on the population, worked out once per knowledge base, day and contract
    year (kept in `k.memo`): (per stream in force, in `k.funding` order, (stream, parameter values or
    None, why unknown, caveats, citation, its rates as printed), the ids the total adds up, each
    line's basis)."""
    return k.memo.daily(("funding_plan", label), day, lambda: _planned(k, day, label))


def _planned(k: Knowledge, day: dt.date, label: str) -> tuple:
    rows = []
    for s in in_force_on(k.funding, day):
        periods = _periods(k, s, FUNDING_KINDS[s["kind"]], day)
        value = {key: (p["value"] if p is not None else None) for key, p in periods.items()}
        rate = periods.get("rate")
        cited = rate["citation"] if s.get("cite_periods") and rate is not None else s["citation"]
        if None in value.values():
            rows.append((s, None, _why_unknown(periods), "", cited, {}))
            continue
        said = _carried(periods) + _part_year(k, s, day, label) + _additional(k, s, day)
        printed = {key: rate_text(value[key]) for key in ("rate", "rate_adjusted") if key in value}
        rows.append((s, value, None, "; ".join(said), cited, printed))
    basis = dict({s["id"]: s.get("basis", "derived") for s, *_ in rows}, total="derived")
    return tuple(rows), tuple(s["id"] for s, *_ in rows if s.get("in_total")), basis


def _stream(k: Knowledge, s: dict, value: dict, printed: dict, population: int, done: dict, adjusted: int, beds):
    """(amount, note, reason-if-unknown) for one stream from its parameter `value`s (the rates also
    as `printed`); `done` holds the amounts of the streams before it."""
    kind = s["kind"]
    if kind == "per_patient":
        return whole_pounds(population * value["rate"]), f"{printed['rate']} × {population:,} patients", None
    if kind == "per_adjusted_patient":
        return (whole_pounds(adjusted * value["rate"]), f"{printed['rate']} × {adjusted:,} adjusted population",
                None)
    if kind == "per_patient_split":
        return (whole_pounds(population * value["rate"] + adjusted * value["rate_adjusted"]),
                f"{printed['rate']} × {population:,} registered patients + {printed['rate_adjusted']} × "
                f"{adjusted:,} adjusted population", None)
    if kind == "per_bed":
        if beds is None:
            return None, None, k.funding_notes.get("no_beds", "the number of care home beds is not known")
        return whole_pounds(beds * value["rate"]), f"{printed['rate']} × {beds:,} care home beds", None
    if kind == "cost_share":     # the rest of a cost whose other part the `of` stream pays
        paid, share = done.get(s["of"]), value["share"]
        of = next(x.get("label") or x["id"] for x in k.funding if x["id"] == s["of"])
        if paid is None:
            return None, None, f"it follows from {of}, which is unknown"
        return (whole_pounds(paid * share / (1 - share)),
                f"{share:.0%} of the whole cost; {of} pays the other {1 - share:.0%} (£{paid:,})", None)
    if kind == "wte_scaled":
        per, block, cost = value["wte_per_block"], value["block"], value["cost_per_wte"]
        wte = population / block * per
        return whole_pounds(wte * cost), f"{wte:.3f} WTE ({per} per {block:,} patients) × £{cost:,}", None
    schedule, maximum = value["schedule"], value["max_per_wte"]
    if population < schedule["threshold"]:
        return None, None, (f"the sources only give this reimbursement for networks of at least "
                            f"{schedule['threshold']:,} patients")
    wte = schedule_wte(schedule, population)
    return wte * maximum, f"{wte} WTE × up to £{maximum:,}", None


def _adjusted(k: Knowledge, population: int, inputs: dict | None) -> tuple:
    """(the adjusted population to use, the estimate caveat when it is the registered list instead)."""
    given = (inputs or {}).get("adjusted_population")
    if isinstance(given, int) and not isinstance(given, bool):
        return given, ""
    return population, (k.funding_notes.get("adjusted_estimate") or "").strip()


def estimate(k: Knowledge, population: int | None, day: dt.date, label: str, eligible: bool,
             inputs: dict | None = None) -> dict:
    """The funding block of an assessment; `inputs` are the facts the later formulas also read
    (`adjusted_population`, `care_home_beds`)."""
    out: dict = {}
    notes: dict = {}
    unknown: dict = {}
    citations: dict = {}
    caveats: dict = {}
    plan, parts, basis = _plan(k, day, label)
    adjusted, estimated = _adjusted(k, population, inputs) if population is not None else (None, "")
    beds = (inputs or {}).get("care_home_beds")
    for s, value, reason, said, cited, printed in plan:
        citations[s["id"]] = cited
        if population is None:
            out[s["id"]], unknown[s["id"]] = None, NO_POPULATION
            continue
        if not eligible:
            out[s["id"]], unknown[s["id"]] = None, NOT_ELIGIBLE
            continue
        amount, note = None, None
        if value is not None:
            amount, note, reason = _stream(k, s, value, printed, population, out, adjusted, beds)
        out[s["id"]] = amount
        if amount is None:
            unknown[s["id"]] = reason or f"the sources give no figure for {label}"
        else:
            notes[s["id"]] = note
            if estimated and s["kind"] in ON_ADJUSTED:
                said = f"{said}; {estimated}" if said else estimated
            if said:
                caveats[s["id"]] = said
    if all(out[i] is not None for i in parts):
        out["total"] = sum(out[i] for i in parts)
        notes["total"] = " + ".join(parts)
    else:
        out["total"] = None
        missing = ", ".join(i for i in parts if out[i] is None)
        unknown["total"] = f"not every part is known ({missing})"
    out["notes"], out["unknown"], out["citations"], out["caveats"] = notes, unknown, citations, caveats
    out["basis"] = dict(basis)
    return out


def duties(k: Knowledge, population: int | None, day: dt.date, label: str, eligible: bool,
           inputs: dict | None = None) -> list:
    """The duties block: per duty in force its hours a week (null with a reason when unknown), how, citation."""
    out = []
    for d, rate, why_unknown, carried in k.memo.daily(("duties", label), day, lambda: _duties_on(k, day, label)):
        entry = {"id": d["id"], "label": d["label"], "hours_per_week": None, "how": None, "unknown": None,
                 "caveat": None, "citation": d["citation"]}
        if population is None:
            entry["unknown"] = NO_POPULATION
        elif not eligible:
            entry["unknown"] = NOT_ELIGIBLE
        elif rate is None:
            entry["unknown"] = why_unknown
        else:
            base, estimated, whom = population, "", "patients"
            if d["kind"] == "minutes_per_1000_adjusted":
                (base, estimated), whom = _adjusted(k, population, inputs), "adjusted population"
            minutes = rate * base / 1000
            entry["hours_per_week"] = round(minutes / 60, 2)
            entry["how"] = (f"{rate:g} minutes for each 1,000 of {base:,} {whom} = "
                           f"{minutes:,.0f} minutes a week")
            entry["caveat"] = "; ".join(carried + ([estimated] if estimated else [])) or None
        out.append(entry)
    return out


def _duties_on(k: Knowledge, day: dt.date, label: str) -> tuple:
    """((duty, its rate or None, why it is unknown, its carried-forward notes), ...) for the duties in
    force on `day` (kept in `k.memo`)."""
    out = []
    for d in in_force_on(k.duties, day):
        periods = _periods(k, d, DUTY_KINDS[d["kind"]], day)
        rate = periods["rate"]["value"] if periods["rate"] is not None else None
        why = _why_unknown(periods) or f"the sources set no such duty on this date ({label})"
        out.append((d, rate, why, _carried(periods)))
    return tuple(out)
