"""A checklist with its done state exported as Markdown or CSV (for people and spreadsheets).

Values people can choose (who ticked an item, e.g. `api-key:NAME` with a key's name as typed on
the command line; the assessment's id from the URL) are written inert: on
one line, with no control or direction-changing characters, Markdown and HTML metacharacters
backslash-escaped (so they can make no heading, list item, link, image, autolink or HTML) while
ordinary punctuation (`web:Pat`, `Dr. A (lead)`) stays as typed, and in
CSV never starting like a spreadsheet formula.
"""
from __future__ import annotations

import csv
import io
import re

CSV_COLUMNS = ["id", "category", "text", "model", "done", "by", "at", "source", "section"]
#: A cell starting with one of these is read as a formula by spreadsheets (CSV injection); the
#: full-width forms are turned into the ASCII ones by some spreadsheets' input methods.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
#: Line and paragraph breaks, other control characters, and the invisible marks that reverse or
#: isolate the direction of the text around them (so a name cannot make the rest read backwards).
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]+")
#: What makes markup in the middle of a line (CommonMark, GitHub's extensions, HTML): emphasis, code,
#: links and images, raw HTML and entities, strikethrough, tables, maths, e-mail autolinks. Characters
#: that only mean something at the start of a line (#, -, +, =, 1.) cannot be there: the value is
#: always written after other text on its line.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>&~|$@])")
#: Bare URLs GitHub turns into links: the colon of `scheme://` and the dot of `www.` are escaped.
BARE_LINK = re.compile(r"(?i)(:)(?=//)|(?<=\bwww)(\.)")


def one_line(value) -> str:
    """`value` as text on one line: breaks, control and direction characters become single spaces."""
    return UNPRINTABLE.sub(" ", "" if value is None else str(value))


def markdown_text(value) -> str:
    """`value` as inert Markdown: one line, every Markdown or HTML metacharacter backslash-escaped."""
    escaped = MARKDOWN_SPECIAL.sub(r"\\\1", one_line(value))
    return BARE_LINK.sub(lambda m: "\\" + m.group(0), escaped)


def safe_cell(value) -> str:
    """A CSV cell a spreadsheet shows as text: one starting like a formula gets a leading quote."""
    text = "" if value is None else str(value)
    text = "'" + text if text.startswith(FORMULA_START) else text
    return one_line(text)


def markdown(assessment_id: str, items: list[dict]) -> str:
    """The checklist as a Markdown task list, grouped by category."""
    lines = [f"# Checklist for assessment {markdown_text(assessment_id)}", ""]
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
            line += f" (done by {markdown_text(item['by'])}, {item['at']})"  # `at` is the server's own time
        cite = item.get("citation") or {}
        if cite:
            line += f" [{cite.get('source')}: {cite.get('section')}]"
        lines.append(line)
    return "\n".join(lines) + "\n"


def csv_text(items: list[dict]) -> str:
    """The checklist as CSV with a header row, each row on one line, every cell safe from formula injection."""
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
