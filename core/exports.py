"""A checklist with its done state exported as Markdown or CSV (for people and spreadsheets).

Made to be shared: the Markdown is titled with the network (its member practices when known, else
its size), the contract year, the model and the date of the assessment, and says how far along it
is ("4 of 33 done"); each item names its source by title, and who ticked it (the name typed on the
web page, else who it was recorded as) and on which day.

Values people can choose (who ticked an item, e.g. `api-key:NAME` with a key's name as typed on
the command line; the assessment's id from the URL) are written inert: on
one line, with no control or direction-changing characters, Markdown and HTML metacharacters
backslash-escaped (so they can make no heading, list item, link, image, autolink or HTML) while
ordinary punctuation (`web:Pat`, `Dr. A (lead)`) stays as typed, and in
CSV never starting like a spreadsheet formula.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re

CSV_COLUMNS = ["id", "category", "text", "model", "done", "who", "when", "by", "source", "section"]
NAMED = 3       # member practices named in a title before "and N more"
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


def network_text(result: dict | None) -> str:
    """The network as people know it: its member practices when listed, else its size."""
    facts = (result or {}).get("facts") or {}
    names = [p.get("name") for p in facts.get("practices") or [] if isinstance(p, dict) and p.get("name")]
    if names:
        shown = ", ".join(names[:NAMED]) + (f" and {len(names) - NAMED} more" if len(names) > NAMED else "")
        return f"The network of {shown}"
    if isinstance(facts.get("population"), int):
        return f"Your network ({facts['population']:,} patients)"
    return "Your network"


def model_text(result: dict | None, k=None) -> str | None:
    """The model the checklist is for: the advised one, else the practices' choice, by name."""
    result = result or {}
    model = (result.get("decision") or {}).get("model") or result.get("recommended_model") \
        or (result.get("facts") or {}).get("operating_model")
    return (k.models.get(model, {}).get("name") if k is not None else None) or model


def day_text(value) -> str:
    """An ISO date or time as a day, "7 December 2026" ("" when there is none)."""
    if not value:
        return ""
    try:
        d = dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return ""
    return f"{d.day} {d:%B %Y}"


def title(result: dict | None, k=None) -> str:
    """"Setup checklist: <network> · <contract year> · <model>"."""
    parts = [network_text(result), (result or {}).get("contract_year"), model_text(result, k)]
    return "Setup checklist: " + " · ".join(p for p in parts if p)


def who(item: dict) -> str:
    """Who ticked an item: the name they typed on the web page, else who it was recorded as."""
    by = item.get("by") or ""
    return item["note"] if by.startswith("web:") and item.get("note") else by


def source_text(citation: dict | None, k=None) -> str:
    """A citation's source by its title (knowledge/sources.yaml), not its file name."""
    c = citation or {}
    source = c.get("source") or ""
    return ((k.sources.get(source) or {}).get("title") if k is not None else None) or source


def progress(items: list[dict]) -> str:
    """"4 of 33 done"."""
    return f"{sum(1 for i in items if i.get('done'))} of {len(items)} done"


def markdown(assessment_id: str, items: list[dict], result: dict | None = None, k=None) -> str:
    """The checklist as a Markdown task list, grouped by category, under a title saying what it is
    for (`result`: the assessment; `k`: the knowledge, for model and source names)."""
    lines = [f"# {markdown_text(title(result, k))}", ""]
    made = day_text((result or {}).get("as_of"))
    lines += [f"Assessment {markdown_text(assessment_id)}" + (f" for {made}" if made else "") + f". {progress(items)}.",
              ""]
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
            when = day_text(item.get("at"))  # `at` is the server's own time
            line += f" (done by {markdown_text(who(item))}" + (f", {when})" if when else ")")
        cite = item.get("citation") or {}
        if cite:
            line += f" [{markdown_text(source_text(cite, k))} › {cite.get('section')}]"
        lines.append(line)
    return "\n".join(lines) + "\n"


def csv_text(items: list[dict], k=None) -> str:
    """The checklist as CSV with a header row, each row on one line, every cell safe from formula
    injection; `who` is the name typed (see `who`), `when` the day, `by` the principal recorded."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in items:
        cite = item.get("citation") or {}
        done = bool(item["done"])
        writer.writerow([safe_cell(v) for v in (
            item["id"], item.get("category"), item["text"], (k.models.get(item.get("model") or "", {}).get("name")
                                                               if k is not None else None) or item.get("model") or "",
            "yes" if done else "no", who(item) if done else "", day_text(item.get("at")) if done else "",
            item["by"] or "", source_text(cite, k), cite.get("section", ""))])
    return out.getvalue()
