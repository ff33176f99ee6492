"""Passages: the searchable units behind free-text answers.

Two kinds: guidance passages, written in our words in `knowledge/` (rules, checklist items,
questions, models), each with its citation and links to the rules and checklist items it touches;
and source passages, the seed documents split under their headings (only when the documents are
installed). The full-text index in `core/answers/` ranks them.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from .knowledge import Knowledge

MAX_CHARS = 1500


@dataclass
class Passage:
    """One searchable unit with where it comes from."""

    id: str
    kind: str            # rule | checklist | question | parameter | model | source
    title: str
    text: str
    citation: dict
    rules: list = field(default_factory=list)
    checklist: list = field(default_factory=list)


def guidance(k: Knowledge) -> list[Passage]:
    """Passages from the knowledge base's own (our-words) guidance."""
    out = []
    for r in k.rules:
        then = r["then"]
        bits = [r["description"]]
        if then.get("flag"):
            bits += [then["flag"]["message"], then["flag"].get("our_advice") or ""]
        if then.get("eligibility"):
            bits.append(then["eligibility"]["reason"])
        if then.get("fit"):
            bits.append(then["fit"]["reason"])
        model = r.get("model")
        title = r["description"] if not model or model == "any" else f"{k.models[model]['name']}: {r['description']}"
        out.append(Passage(f"rule:{r['id']}", "rule", title, " ".join(b.strip() for b in bits),
                           r["citation"], [r["id"]], list(then.get("checklist") or [])))
    for item in k.checklist.values():
        linked = [r["id"] for r in k.rules if item["id"] in (r["then"].get("checklist") or [])]
        out.append(Passage(f"checklist:{item['id']}", "checklist", item["text"].strip(), item["text"].strip(),
                           item["citation"], linked, [item["id"]]))
    for q in k.questions.values():
        linked = [r["id"] for r in k.rules if any(q["id"] in c for c in r.get("when") or [])]
        out.append(Passage(f"question:{q['id']}", "question", q["prompt"],
                           f"{q['prompt']} {q['help']} {q['why']}", q["citation"], linked))
    for prm in k.parameters.values():
        for v in prm["values"]:
            until = f" until {_day(v['until'])}" if v.get("until") else ""
            about = prm["description"].strip().replace("`", "")
            out.append(Passage(f"parameter:{prm['id']}:{v['from'].isoformat()}", "parameter", about,
                               f"{about}: {figure(v['value'], prm['unit'])}, "
                               f"from {_day(v['from'])}{until}.", v["citation"]))
    for m in k.models.values():
        linked = [r["id"] for r in k.rules if r.get("model") == m["id"]]
        out.append(Passage(f"model:{m['id']}", "model", m["name"], f"{m['name']}. {m['summary'].strip()}",
                           m["citation"], linked))
    return out


#: How a parameter's unit reads after its figure ("£1.50 a patient"); a unit not listed reads as its words.
UNIT_WORDS = {"gbp": "", "gbp_per_patient": " a registered patient", "gbp_per_adjusted_patient": " an adjusted patient",
              "gbp_per_weighted_patient": " a weighted patient", "gbp_per_bed": " a care home bed",
              "patients": " patients", "wte": " whole-time equivalent", "fraction": "",
              "minutes_per_1000_per_week": " minutes a week for every 1,000 patients"}


def _day(d) -> str:
    return f"{d.day} {d:%B %Y}"


def figure(value, unit: str) -> str:
    """A parameter's value as a person would read it: "£1.50 a registered patient", "not given by
    the sources" for an unknown one, never a raw None or unit id."""
    if value is None:
        return "not given by the sources"
    if isinstance(value, dict):     # a schedule: its named steps, each a plain figure
        return ", ".join(f"{a.replace('_', ' ')} {figure(b, '')}" for a, b in value.items())
    if unit == "date" and isinstance(value, str):
        try:
            return _day(dt.date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, list):
        return "; ".join(figure(v, unit) for v in value)
    if hasattr(value, "isoformat"):
        return _day(value)
    if unit.startswith("gbp") and isinstance(value, (int, float)):
        return f"£{value:,.2f}".replace(".00", "") + UNIT_WORDS.get(unit, "")
    if unit == "fraction" and isinstance(value, (int, float)):
        return f"{value:.0%}"
    if isinstance(value, (int, float)):
        return f"{value:,}" + (UNIT_WORDS.get(unit, " " + unit.replace("_", " ")) if unit else "")
    return str(value)


#: Markdown the seed documents carry, which a passage shows as plain text: [text](link), **bold**, __bold__.
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1", re.S)


def plain(text: str) -> str:
    """A source passage without its markdown: links as their words, emphasis as plain words."""
    return _MD_EMPHASIS.sub(r"\2", _MD_LINK.sub(r"\1", text))


def _is_heading(lines: list[str], i: int) -> bool:
    line = lines[i].strip()
    if not line or len(line) > 90 or "\t" in line or line[0] in "-•–|<(¹²³⁴⁵⁶⁷⁸" or line.endswith((".", ",", ";", ":")):
        return False
    if re.match(r"^\d+\.\s.{60,}", line) or line.startswith("**"):
        return False
    before = i == 0 or not lines[i - 1].strip()
    after = i + 1 >= len(lines) or not lines[i + 1].strip()
    return before and after and any(ch.isalpha() for ch in line)


def sections(text: str) -> list[tuple[str, str]]:
    """(heading, body) pairs for a source document."""
    lines = text.splitlines()
    out, heading, body = [], None, []
    for i, raw in enumerate(lines):
        if _is_heading(lines, i):
            if heading and " ".join(body).strip():
                out.append((heading, "\n".join(body).strip()))
            heading, body = raw.strip(), []
        elif heading:
            body.append(raw)
    if heading and " ".join(body).strip():
        out.append((heading, "\n".join(body).strip()))
    return out


def _chunks(body: str) -> list[str]:
    paras = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
    chunks, current = [], ""
    for p in paras:
        if current and len(current) + len(p) > MAX_CHARS:
            chunks.append(current)
            current = ""
        current = f"{current}\n\n{p}" if current else p
    if current:
        chunks.append(current)
    return chunks


def source(k: Knowledge, directory: Path | None) -> list[Passage]:
    """Passages from the seed documents, under their headings (none when not installed)."""
    if directory is None:
        return []
    out = []
    for fname in k.sources:
        path = Path(directory) / fname
        if not path.is_file():
            continue
        found = sections(path.read_text(encoding="utf-8"))
        counts = {}
        for heading, _ in found:
            counts[heading] = counts.get(heading, 0) + 1
        parent = None
        for n, (heading, body) in enumerate(found):
            if counts[heading] == 1:
                parent = heading
                citation, title = {"source": fname, "section": heading}, heading
            else:  # a repeated heading is cited under the unique heading it sits beneath
                citation = {"source": fname, "section": parent or heading, "part": heading}
                title = f"{parent} › {heading}" if parent else heading
            linked = [r["id"] for r in k.rules if r["citation"]["source"] == fname
                      and r["citation"]["section"] == citation["section"]
                      and r["citation"].get("part") == citation.get("part")]
            for c, chunk in enumerate(_chunks(body)):
                out.append(Passage(f"source:{fname}:{n}:{c}", "source", title, plain(chunk), citation, linked))
    return out
