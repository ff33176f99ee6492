"""A comparison of two results in words (what-if, and any other before and after): a headline first,
then the details, each point once.

`changes(diff, k)` reads `engine.what_if.compare`'s diff and returns plain data:

    {"headline": "The advice changes: Flat practice network → Lead provider (lead practice).",
     "summary": [ITEM, ...],     # the advice, its confidence, eligibility, criteria better or worse
     "sections": [{"id", "title", "intro", "items": [ITEM, ...]}, ...]}   # as in the outline

Sections, each present only when something moved: answers (what was tried), models (open to you
or not; other models' criteria), risks (new, gone), notes (new, no longer given), close_calls,
funding (in pounds, with the difference), checklist (added, taken off), dates (coverage). Statuses
are words (words.STATUS_TEXT): better, worse, changed, good, risk, unknown. A point is never said
twice, and nothing is said as "no longer" + a sentence that starts with "No".
"""
from __future__ import annotations

from core.dialogue.describe import STATUS_TEXT as ELIGIBILITY_TEXT
from core.dialogue.describe import answer_text, money

from .build import item, section
from .words import CONFIDENCE_TEXT, STATUS_TEXT, criterion_text

COVERAGE_TEXT = {"covered": "inside the years the sources cover", "partly": "only partly covered by the sources",
                 "beyond_sources": "beyond the years the sources cover",
                 "outside": "outside the years the sources cover"}
TITLES = {"answers": "What you tried", "models": "Models open to you, and how they compare",
          "risks": "Risks", "notes": "Notes", "close_calls": "Close calls", "funding": "Funding",
          "checklist": "Setup checklist", "dates": "Dates"}


def _name(k, model) -> str:
    return k.models.get(model, {}).get("name", model) if model else "no one model yet"


def _confidence(c) -> str:
    return CONFIDENCE_TEXT.get(c, "not given") if c else "not given"


def headline(diff: dict, k) -> str:
    """The advice before and after, in one sentence."""
    d = diff.get("decision") or {"before": {"model": diff["ranking"]["recommended"]["before"]},
                                 "after": {"model": diff["ranking"]["recommended"]["after"]}}
    b, a = d["before"], d["after"]
    if b["model"] != a["model"]:
        return f"The advice changes: {_name(k, b['model'])} → {_name(k, a['model'])}."
    if b.get("confidence") != a.get("confidence"):
        return f"The advice stays {_name(k, a['model'])}, but how sure it is changes."
    return f"The advice stays the same: {_name(k, a['model'])}."


def _criterion(c: dict, k) -> dict:
    text = (f"{_name(k, c['model'])}, {criterion_text(c['criterion'], k)}: "
            f"{STATUS_TEXT[c['before']].lower()} → {STATUS_TEXT[c['after']].lower()}")
    return item(text + (f". {c['because']}" if c.get("because") else ""), c.get("citation"), status=c["direction"])


def summary_items(diff: dict, k) -> list:
    """The headline's points: confidence, eligibility, and the criteria that move for the advised
    model (before or after) or the practices' choice."""
    out = []
    d = diff.get("decision")
    if d and d["before"].get("confidence") != d["after"].get("confidence"):
        out.append(item(f"How sure: {_confidence(d['before'].get('confidence'))} → "
                        f"{_confidence(d['after'].get('confidence'))}", status="changed"))
    e = diff["eligibility"]
    if e["changed"]:
        out.append(item(f"Eligibility: {ELIGIBILITY_TEXT[e['before']]} → {ELIGIBILITY_TEXT[e['after']]}",
                        status="changed"))
    out += [_criterion(c, k) for c in diff.get("criteria") or [] if c["model"] in _focus(diff)]
    return out


def _focus(diff: dict) -> set:
    """The models the advice was or is about (the advised ones, and the chosen one)."""
    d = diff.get("decision") or {}
    models = {(d.get(side) or {}).get("model") for side in ("before", "after")}
    chosen = (diff.get("facts") or {}).get("operating_model") or {}
    return (models | {chosen.get("before"), chosen.get("after")}) - {None}


def _answers(diff: dict, k) -> list:
    out = []
    for qid, v in (diff.get("facts") or {}).items():
        q = k.questions.get(qid)
        if q is None:
            continue
        said = [answer_text(q, x) if x is not None else "not given" for x in (v["before"], v["after"])]
        out.append(item(f"{said[0]} → {said[1]}", label=q["prompt"]))
    return out


def _models(diff: dict, k) -> list:
    out = []
    for m in diff.get("applicable") or []:
        if m["after"]:
            out.append(item(f"{_name(k, m['model'])} is now open to you.", status="better"))
        else:
            why = f" {m['why_not']}" if m.get("why_not") else ""
            out.append(item(f"{_name(k, m['model'])} is not open to you any more.{why}", status="worse"))
    return out + [_criterion(c, k) for c in diff.get("criteria") or [] if c["model"] not in _focus(diff)]


def _flags(diff: dict, notes: bool) -> list:
    """New and gone flags of the whole network and of the models the advice is about: warnings and
    blockers as risks, or (`notes`) the notes (the other models' flags are summed up by their
    criteria). A note that has gone is quoted, so one that itself says "no" never reads as a double
    negative."""
    out = []
    about = _focus(diff) | {None}
    for f in diff["flags"]["added"]:
        if (f["severity"] == "info") == notes and f.get("model") in about:
            out.append(item(f["message"], f.get("citation"), f.get("basis"), "worse" if not notes else f["severity"],
                            label="New"))
    for f in diff["flags"]["removed"]:
        if (f["severity"] == "info") == notes and f.get("model") in about:
            out.append(item(f"“{f['message']}”" if notes else f["message"], f.get("citation"), f.get("basis"),
                            "better" if not notes else None, label="No longer applies" if notes else "Gone"))
    return out


def _funding(diff: dict, k) -> list:
    labels = {s["id"]: s.get("label") or s["id"].replace("_", " ") for s in k.funding}
    labels["total"] = "Total (maximum potential funding)"
    out = []
    for line, d in diff["funding"].items():
        if d["before"] == d["after"]:
            continue
        delta = "" if d["delta"] is None else f" ({'+' if d['delta'] >= 0 else '−'}£{abs(d['delta']):,})"
        status = None if d["delta"] is None else "better" if d["delta"] > 0 else "worse"
        out.append(item(f"{money(d['before'])} → {money(d['after'])}{delta}", status=status,
                        label=labels.get(line, line.replace("_", " ").capitalize())))
    return out


def _checklist(diff: dict) -> list:
    return ([item(c["text"], c.get("citation"), label="Added") for c in diff["checklist"]["added"]] +
            [item(c["text"], c.get("citation"), label="Taken off") for c in diff["checklist"]["removed"]])


def _close_calls(diff: dict) -> list:
    near = diff.get("near_misses") or {"added": [], "removed": []}
    return ([item(n["message"], n.get("citation"), label="New close call") for n in near["added"]] +
            [item(n["message"], n.get("citation"), label="No longer a close call") for n in near["removed"]])


def _dates(diff: dict) -> list:
    cov = diff.get("coverage") or {}
    if not cov.get("changed"):
        return []
    b, a = (COVERAGE_TEXT.get(cov[x], "not known") for x in ("before", "after"))
    return [item(f"The date was {b}; now it is {a}.", status="changed")]


def changes(diff: dict, k) -> dict:
    """The comparison in words (see the module docstring)."""
    parts = [("answers", _answers(diff, k)), ("models", _models(diff, k)), ("risks", _flags(diff, notes=False)),
             ("notes", _flags(diff, notes=True)), ("close_calls", _close_calls(diff)), ("funding", _funding(diff, k)),
             ("checklist", _checklist(diff)), ("dates", _dates(diff))]
    summary = summary_items(diff, k)
    seen = {it["text"] for it in summary}
    sections = []
    for sid, items in parts:
        items = [it for it in items if it["text"] not in seen and not seen.add(it["text"])]
        if items:
            sections.append(section(sid, TITLES[sid], items))
    moved = summary or any(s["id"] != "answers" for s in sections) or headline(diff, k).startswith("The advice changes")
    return {"headline": headline(diff, k), "summary": summary, "sections": sections,
            "nothing": not moved}
