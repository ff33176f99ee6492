"""Plain-English wording every channel shares: answers read back, citations, money, statuses."""
from __future__ import annotations

import datetime as dt

STATUS_TEXT = {"eligible": "Eligible", "needs_approval": "Needs the commissioner's approval",
               "not_eligible": "Not eligible", "unknown": "Not yet known"}
RATING_TEXT = {"good": "good fit", "possible": "possible", "poor": "poor fit", "unsuitable": "not available"}
SEVERITY_TEXT = {"blocker": "Blocker", "warning": "Warning", "info": "Note"}
UNSURE_TEXT = "not sure"


def answer_text(q: dict, value, unsure: bool = False) -> str:
    """An answer as a person would say it: "42,000 patients", "yes", "1 July 2019", "not sure"."""
    if unsure:
        return UNSURE_TEXT
    kind = q["type"]
    if kind == "boolean":
        return "yes" if value else "no"
    if kind == "choice":
        return next((c["label"] for c in q["choices"] if c["value"] == value), str(value))
    if kind == "integer":
        unit = q.get("unit")
        return f"{value:,}" + (f" {unit}" if unit else "")
    if kind == "date":
        try:
            d = dt.date.fromisoformat(value)
            return f"{d.day} {d:%B %Y}"
        except (TypeError, ValueError):
            return str(value)
    if kind == "practices":
        names = ", ".join(f"{p['name']} ({p['list_size']:,})" for p in value)
        return f"{len(value)} practice{'s' if len(value) != 1 else ''}: {names}"
    return str(value)


def cite(c: dict | None, sources: dict | None = None) -> str:
    """A citation as "[BMA, The primary care network handbook (2019) › Geography]"."""
    if not c:
        return ""
    title = (sources or {}).get(c["source"], {}).get("title") or c["source"]
    parts = [title, c["section"]] + ([c["part"]] if c.get("part") else [])
    return "[" + " › ".join(parts) + "]"


def money(v) -> str:
    """Whole pounds with separators, or "unknown"."""
    return "unknown" if v is None else f"£{v:,}"


def models_text(models: list | None, all_models: dict) -> str:
    """"every model" or the names of the models a rule concerns."""
    models = [m for m in (models or []) if m]
    if not models:
        return "the whole network"
    if len(models) == len(all_models):
        return "every model"
    return ", ".join(all_models[m]["name"] for m in models if m in all_models)


def funding_rows(fund: dict, streams: list) -> list[tuple[str, str, str, dict | None]]:
    """(label, amount, how it is worked out or why unknown, citation) per stream, then the total."""
    labels = {s["id"]: s.get("label") or s["id"].replace("_", " ") for s in streams}
    rows = []
    for sid in list(labels) + ["total"]:
        if sid not in fund:
            continue
        why = fund["notes"].get(sid) or fund["unknown"].get(sid, "")
        if sid == "total":     # the engine names the streams by id: show their labels
            for other, label in labels.items():
                why = why.replace(other, label)
        label = labels.get(sid, "Total (maximum potential funding)")
        rows.append((label, money(fund[sid]), why, fund["citations"].get(sid)))
    return rows


PRIORITY_TEXT = {"urgent": "urgent", "high": "high priority", "normal": "normal priority", "routine": "routine"}
STATUS_OF_CASE = {"open": "waiting for an adviser", "claimed": "an adviser is on it", "resolved": "answered"}


ACRONYMS = {"vat": "VAT", "cd": "CD", "ccg": "CCG", "lmc": "LMC", "cqc": "CQC", "nhs": "NHS"}


def topic_text(topic: str | None) -> str:
    """A case topic as words: "sub_30k_approval" -> "Sub-30k approval", "vat" -> "VAT"."""
    words = [ACRONYMS.get(w, w) for w in (topic or "general").split("_")]
    text = " ".join(words).replace("sub 30k", "sub-30k")
    return text[:1].upper() + text[1:]


def case_reason(case: dict) -> dict | None:
    """The reason behind a case's priority (the first rule that concluded it), else the first reason."""
    reasons = case.get("reasons") or []
    return next((r for r in reasons if r.get("priority") == case.get("priority")), reasons[0] if reasons else None)


def case_title(case: dict) -> str:
    """"Case #12 · high priority · VAT"."""
    return f"Case #{case['id']} · {PRIORITY_TEXT.get(case['priority'], case['priority'])} · {topic_text(case['topic'])}"


def practice_text(case: dict) -> str:
    """Who raised a case, for the advisers: the Slack person, the chat user or the API key."""
    conv = case.get("conversation") or {}
    who = conv.get("user_ref") or case.get("opened_by") or "?"
    if conv.get("channel") == "slack":
        return f"<@{who.rsplit(':', 1)[-1]}>"
    return f"{who} ({conv.get('channel', '?')})"
