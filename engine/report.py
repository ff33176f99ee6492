"""A plain-text rendering of an assessment, for the terminal and for chat fallbacks.

Also the wording every channel shares for what a conclusion rests on: a point whose `basis` is
`judgement` (this tool's own weighing) carries `JUDGEMENT` and the result explains it once
(`JUDGEMENT_NOTE`); a disagreement between the sources reads as `disagreement_text`.
"""
from __future__ import annotations

from collections.abc import Callable

from .coverage import coverage_warning
from .funding import DETAIL_KEYS

STATUS_TEXT = {"eligible": "Eligible", "needs_approval": "Needs approval", "blocked": "Blocked",
               "not_eligible": "Not eligible",
               "unknown": "Not yet known"}
RATING_TEXT = {"good": "good fit", "possible": "possible", "poor": "poor fit", "unsuitable": "not available"}


def cite(c: dict | None) -> str:
    """A citation as `[file › heading › part]`."""
    if not c:
        return ""
    parts = [c["source"], c["section"]] + ([c["part"]] if c.get("part") else [])
    return "[" + " › ".join(parts) + "]"


JUDGEMENT = "(our judgement)"
JUDGEMENT_NOTE = ("Points marked (our judgement) are this tool's own weighing, not something the sources say: "
                  "for example every model's fit score and the ranking, or reading a survey share as a fit.")
DISAGREEMENTS_TITLE = "Where the sources disagree"


def marked(text: str, point: dict) -> str:
    """`text`, followed by the judgement marker when the point rests on this tool's judgement."""
    return f"{text} {JUDGEMENT}" if point.get("basis") == "judgement" else text


def score_text(m: dict) -> str:
    """A model's score, marked as this tool's weighing (the sources score nothing)."""
    return f"score {m['score']:+d} {JUDGEMENT}"


ACRONYMS = {"vat": "VAT", "cd": "CD", "ccg": "CCG", "lmc": "LMC", "cqc": "CQC", "nhs": "NHS", "des": "DES",
            "iif": "IIF", "ics": "ICS", "stp": "STP", "pcn": "PCN", "gp": "GP"}


def topic_text(topic: str | None) -> str:
    """A case topic as words: "sub_30k_approval" -> "Sub-30k approval", "vat" -> "VAT"."""
    words = [ACRONYMS.get(w, w) for w in (topic or "general").split("_")]
    text = " ".join(words).replace("sub 30k", "sub-30k")
    return text[:1].upper() + text[1:]


def disagreement_text(d: dict, cite_with: Callable = cite) -> str:
    """One disagreement in a line: what each source says (cited), the reading we follow and why."""
    said = " ".join(f"{cite_with(s['citation'])} {s['says']}" for s in d["sources"])
    return f"{topic_text(d['topic'])}: {said} We follow {d['we_follow']}. {d['why']}"


def funding_why(fund: dict, key: str) -> str:
    """How a funding line was worked out, or why it is unknown, with what a source table prints
    instead for this very network when it does."""
    why = fund["notes"].get(key) or fund["unknown"].get(key, "")
    printed = (fund.get("printed") or {}).get(key)
    return f"{why}; {printed['note']}" if printed else why


def money(v) -> str:
    """Whole pounds with separators, or 'unknown'."""
    return "unknown" if v is None else f"£{v:,}"


def render(a: dict) -> str:
    """The whole assessment as readable text."""
    out = [f"PCN assessment for {a['as_of']} (contract year {a['contract_year']}, rules {a['rules_version']})", ""]
    warning = coverage_warning(a.get("coverage"))
    if warning:     # first, before anything it may make out of date
        out += [f"NOTE ON DATES: {warning}", ""]
    e = a["eligibility"]
    out.append(f"Eligibility: {STATUS_TEXT[e['status']]}")
    for r in e["reasons"]:
        out.append(f"  - {marked(r['text'], r)} {cite(r['citation'])}")
    out += ["", "Operating models (best first):"]
    for m in a["models"]:
        mark = " (recommended)" if m["recommended"] else " (chosen)" if m["chosen"] else ""
        out.append(f"  {m['rank']}. {m['name']}: {RATING_TEXT[m['rating']]}, {score_text(m)}{mark}")
        for r in m["reasons"]:
            out.append(f"       {r['score']:+d} {r['text']} {cite(r['citation'])}")
    if a["flags"]:
        out += ["", "Flags:"]
        for f in a["flags"]:
            model = f" ({f['model']})" if f["model"] else ""
            out.append(f"  [{f['severity']}] {f['category']}{model}: {marked(f['message'], f)} {cite(f['citation'])}")
    fund = a["funding"]
    out += ["", f"Funding estimate for {a['contract_year']}:"]
    caveats = fund.get("caveats") or {}
    for key in [k for k in fund if k not in DETAIL_KEYS]:
        out.append(f"  {key.replace('_', ' '):<22} {money(fund[key]):>12}  {funding_why(fund, key)}")
        if caveats.get(key):
            out.append(f"  {'':<22} {'':>12}  ({caveats[key]})")
    for d in a.get("duties") or []:
        hours = "unknown" if d["hours_per_week"] is None else f"{d['hours_per_week']:g} h/week"
        out.append(f"  {d['label']}: {hours}  {d['how'] or d['unknown']} {cite(d['citation'])}")
    if a.get("disagreements"):
        out += ["", f"{DISAGREEMENTS_TITLE}:"]
        out += [f"  - {disagreement_text(d)}" for d in a["disagreements"]]
    out += ["", JUDGEMENT_NOTE]
    if a["checklist"]:
        out += ["", "Checklist:"]
        for item in a["checklist"]:
            out.append(f"  [ ] {item['text']} {cite(item['citation'])}")
    if a["open_questions"]:
        out += ["", "Answers that could change this:"]
        for q in a["open_questions"]:
            out.append(f"  - {q['prompt']} ({q['id']})")
    return "\n".join(out) + "\n"
