"""The words every channel uses for a result's statuses: one word (and one mark) per status, so
the terminal, Slack, Telegram and the web never say it differently."""
from __future__ import annotations

#: A status as a word. Criteria are good / risk / unknown; a model in the comparison is advised,
#: chosen or not open to the network; flags are blockers, warnings or notes; checklist items are
#: to do or done.
STATUS_TEXT = {
    "good": "Good", "risk": "Risk", "unknown": "Not known",
    "advised": "Advised", "chosen": "Your choice", "not_applicable": "Not open to you",
    "blocker": "Blocker", "warning": "Warning", "info": "Note",
    "todo": "To do", "done": "Done",
    "better": "Better", "worse": "Worse", "changed": "Changed",
}
#: The same statuses as one character, for tables and narrow screens (always shown beside the word).
STATUS_MARK = {"good": "✓", "risk": "!", "unknown": "?", "advised": "★", "chosen": "◉", "not_applicable": "✗",
               "blocker": "⛔", "warning": "!", "info": "i", "todo": "[ ]", "done": "[x]",
               "better": "↑", "worse": "↓", "changed": "→"}

CONFIDENCE_TEXT = {
    "clear": "Clear advice on your answers",
    "close": "A close call: the next best model is near",
    "depends": "It depends on answers you have not given yet",
    "none_fits": "No model meets every priority you stated",
}

def status_text(status: str | None) -> str:
    """A status as its word ("" for none)."""
    return STATUS_TEXT.get(status or "", (status or "").replace("_", " ").capitalize())


def status_label(status: str | None) -> str:
    """A status as mark and word, "✓ Good"; "" for none."""
    return f"{STATUS_MARK[status]} {STATUS_TEXT[status]}" if status in STATUS_MARK else status_text(status)


def criterion_text(cid: str, k) -> str:
    """A criterion's label from the knowledge (decision.yaml), else its id in words."""
    labels = {c["id"]: c.get("label") for c in (getattr(k, "decision", None) or {}).get("criteria") or []}
    return labels.get(cid) or cid.replace("_", " ").capitalize()
