"""The wording every channel shares for what a conclusion rests on (the result itself is laid out
once, by core.outline): a point whose `basis` is `judgement` (this tool's own weighing) carries
`JUDGEMENT` and the result explains it once (`JUDGEMENT_NOTE`); a disagreement between the sources
reads as `disagreement_text`; a funding line's working as `funding_why`.
"""
from __future__ import annotations

from collections.abc import Callable


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
