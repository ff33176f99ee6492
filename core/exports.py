"""A checklist with its done state exported as Markdown or CSV (for people and spreadsheets)."""
from __future__ import annotations

import csv
import io

CSV_COLUMNS = ["id", "category", "text", "model", "done", "by", "at", "source", "section"]
#: A cell starting with one of these is read as a formula by spreadsheets (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """A CSV cell a spreadsheet shows as text: one starting like a formula gets a leading quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def markdown(assessment_id: str, items: list[dict]) -> str:
    """The checklist as a Markdown task list, grouped by category."""
    lines = [f"# Checklist for assessment {assessment_id}", ""]
    if not items:
        lines.append("Nothing to do on this checklist.")
    category = None
    for item in items:
        if item.get("category") != category:
            category = item.get("category")
            if lines[-1] != "":
                lines.append("")
            lines += [f"## {str(category).replace('_', ' ').capitalize()}", ""]
        box = "x" if item["done"] else " "
        line = f"- [{box}] {item['text']}"
        if item["done"]:
            line += f" (done by {item['by']}, {item['at']})"
        cite = item.get("citation") or {}
        if cite:
            line += f" [{cite.get('source')}: {cite.get('section')}]"
        lines.append(line)
    return "\n".join(lines) + "\n"


def csv_text(items: list[dict]) -> str:
    """The checklist as CSV with a header row, every cell safe from formula injection."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in items:
        cite = item.get("citation") or {}
        writer.writerow([safe_cell(v) for v in (
            item["id"], item.get("category"), item["text"], item.get("model") or "",
            "yes" if item["done"] else "no", item["by"] or "", item["at"] or "",
            cite.get("source", ""), cite.get("section", ""))])
    return out.getvalue()
