"""The summary for partners: one page to take to a partners' meeting, built from the outline.

`summary(outline, k)` is plain data (JSON-ready, usable from a template):

    {"title", "meta": {as_of, contract_year, rules_version, assessment_id, made},
     "dates": the coverage warning (shown first) when the date is beyond the guidance, else None,
     "decision": {headline, confidence_text, model_name, chosen_name, eligibility},
     "why", "risks", "next_steps", "contacts", "answers":  [POINT, ...],
     "sources": [{"n", "title", "section"}, ...]}

    POINT = {"text", "label", "status", "status_text", "basis", "ref"}   # ref: n of its source, or None

Each cited point refers to a numbered source (its human title and section) listed once at the
end, so a printed page stays short. `text(summary)` is the plain-text form (`pcn assess --summary`,
chat fallbacks); core.outline.pdf prints it.
"""
from __future__ import annotations

import datetime as dt
import os

from core.dialogue.describe import JUDGEMENT

from . import section_of
from .words import status_label

WHY_MAX = 4          # points of "why"
RISKS_MAX = 5        # risks to act on
STEPS_MAX = 6        # next steps
TITLE = "Summary for partners"


class _Refs:
    """Numbered sources: the same title and section get the same number."""

    def __init__(self, sources: dict):
        self.sources, self.entries, self.index = sources, [], {}

    def ref(self, c: dict | None) -> int | None:
        if not c:
            return None
        title = (self.sources.get(c["source"]) or {}).get("title") or c["source"]
        key = (title, c["section"])
        if key not in self.index:
            self.index[key] = len(self.entries) + 1
            self.entries.append({"n": self.index[key], "title": title, "section": c["section"]})
        return self.index[key]


def _points(items: list, refs: _Refs, limit: int | None = None) -> list[dict]:
    return [{"text": it["text"], "label": it.get("label"), "status": it.get("status"),
             "status_text": status_label(it.get("status")) if it.get("status") else None,
             "basis": it.get("basis"), "ref": refs.ref(it.get("citation"))} for it in items[:limit]]


def _items(o: dict, sid: str) -> list:
    s = section_of(o, sid)
    return s["items"] if s else []


def summary(o: dict, k, made: dt.date | None = None) -> dict:
    """The summary of outline `o` (`made`: the day it is printed, default today)."""
    refs = _Refs(k.sources)
    d = o["decision"]
    eligibility = section_of(o, "eligibility")
    risks = _items(o, "risks") + [it for it in _items(o, "network_risks") if it.get("status") != "info"]
    return {
        "title": TITLE,
        "meta": {**o["meta"], "made": (made or dt.date.today()).isoformat()},
        "dates": " ".join(it["text"] for it in _items(o, "dates")) or None,
        "decision": {"headline": d["headline"], "confidence_text": d.get("confidence_text"),
                     "model_name": d.get("model_name"), "chosen_name": d.get("chosen_name"),
                     "eligibility": eligibility["title"] if eligibility else None},
        "why": _points(_items(o, "decision"), refs, WHY_MAX),
        "risks": _points(risks, refs, RISKS_MAX),
        "next_steps": _points(_items(o, "next_steps"), refs, STEPS_MAX),
        "contacts": _points(_items(o, "contacts"), refs),
        "answers": _points(_items(o, "answers"), refs),
        "sources": refs.entries,
    }


def point_text(p: dict, numbered: bool = True) -> str:
    """A point as a line: status, label, text, judgement marker, source number (unless not `numbered`)."""
    ref = f"[{p['ref']}]" if p.get("ref") and numbered else ""
    parts = [f"[{p['status_text']}]" if p.get("status_text") else "", f"{p['label']}:" if p.get("label") else "",
             p["text"], JUDGEMENT if p.get("basis") == "judgement" else "", ref]
    return " ".join(x for x in parts if x)


PARTS = (("why", "Why"), ("risks", "Risks to act on"), ("next_steps", "What to do next"),
         ("contacts", "Who can help"), ("answers", "The answers this rests on"))


def text(s: dict) -> str:
    """The summary as plain text."""
    m, d = s["meta"], s["decision"]
    out = [f"{s['title'].upper()}", f"Made {m['made']} · as of {m['as_of']} · contract year {m['contract_year']} · "
           f"rules {m['rules_version']}", ""] + ([f"NOTE ON DATES: {s['dates']}", ""] if s.get("dates") else []) + [
        d["headline"]]
    if d.get("confidence_text"):
        out.append(d["confidence_text"])
    if d.get("eligibility"):
        out.append(d["eligibility"])
    for key, title in PARTS:
        if s[key]:
            out += ["", title.upper()] + [f"  • {point_text(p)}" for p in s[key]]
    if s["sources"]:
        out += ["", "SOURCES"] + [f"  [{r['n']}] {r['title']} › {r['section']}" for r in s["sources"]]
    return "\n".join(out) + "\n"


BRIEF = 3            # points of each part in a chat's short summary message
PUBLIC_URL = "PCN_PUBLIC_URL"   # where the web pages are served, e.g. https://pcn.example.org


def link(assessment_id) -> str | None:
    """The web page of an assessment's summary for partners (its PDF is beside it), or None when the
    public address of the web pages is not set (`PCN_PUBLIC_URL`)."""
    base = (os.environ.get(PUBLIC_URL) or "").strip().rstrip("/")
    return f"{base}/assessments/{assessment_id}/summary" if base and assessment_id else None


def brief(s: dict) -> dict:
    """The short form a chat sends after the result: the decision, and the first few points of why,
    risks and next steps (the link leads to the rest)."""
    return {"title": s["title"], "decision": s["decision"],
            "parts": [(title, s[key][:BRIEF], len(s[key]) - BRIEF if len(s[key]) > BRIEF else 0)
                      for key, title in PARTS[:3] if s[key]],
            "link": link(s["meta"].get("assessment_id"))}
