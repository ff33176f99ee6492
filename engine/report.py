"""A plain-text rendering of an assessment, for the terminal and for chat fallbacks."""
from __future__ import annotations

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


def money(v) -> str:
    """Whole pounds with separators, or 'unknown'."""
    return "unknown" if v is None else f"£{v:,}"


def render(a: dict) -> str:
    """The whole assessment as readable text."""
    out = [f"PCN assessment for {a['as_of']} (contract year {a['contract_year']}, rules {a['rules_version']})", ""]
    e = a["eligibility"]
    out.append(f"Eligibility: {STATUS_TEXT[e['status']]}")
    for r in e["reasons"]:
        out.append(f"  - {r['text']} {cite(r['citation'])}")
    out += ["", "Operating models (best first):"]
    for m in a["models"]:
        mark = " (recommended)" if m["recommended"] else " (chosen)" if m["chosen"] else ""
        out.append(f"  {m['rank']}. {m['name']}: {RATING_TEXT[m['rating']]}, score {m['score']:+d}{mark}")
        for r in m["reasons"]:
            out.append(f"       {r['score']:+d} {r['text']} {cite(r['citation'])}")
    if a["flags"]:
        out += ["", "Flags:"]
        for f in a["flags"]:
            model = f" ({f['model']})" if f["model"] else ""
            out.append(f"  [{f['severity']}] {f['category']}{model}: {f['message']} {cite(f['citation'])}")
    fund = a["funding"]
    out += ["", f"Funding estimate for {a['contract_year']}:"]
    caveats = fund.get("caveats") or {}
    for key in [k for k in fund if k not in ("notes", "unknown", "citations", "caveats")]:
        why = fund["notes"].get(key) or fund["unknown"].get(key, "")
        out.append(f"  {key.replace('_', ' '):<22} {money(fund[key]):>12}  {why}")
        if caveats.get(key):
            out.append(f"  {'':<22} {'':>12}  ({caveats[key]})")
    for d in a.get("duties") or []:
        hours = "unknown" if d["hours_per_week"] is None else f"{d['hours_per_week']:g} h/week"
        out.append(f"  {d['label']}: {hours}  {d['how'] or d['unknown']} {cite(d['citation'])}")
    if a["checklist"]:
        out += ["", "Checklist:"]
        for item in a["checklist"]:
            out.append(f"  [ ] {item['text']} {cite(item['citation'])}")
    if a["open_questions"]:
        out += ["", "Answers that could change this:"]
        for q in a["open_questions"]:
            out.append(f"  - {q['prompt']} ({q['id']})")
    return "\n".join(out) + "\n"
