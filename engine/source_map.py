"""The source map: every paragraph of the seed documents, and what encodes it.

The sources are cut into units (a paragraph, a list item or a table row) under their headings.
A unit is named by where it sits, `"<heading> #<n>"` (the n-th unit under the k-th occurrence of
that heading, counted through the whole document), and recognised by a fingerprint of its text, so
an edited source shows up as unmatched units rather than silently keeping old claims.

`knowledge/sources/<source stem>.yaml` lists, for each unit, either `ids` (what in `knowledge/`
carries it: `rule:`, `parameter:`, `funding:`, `checklist:`, `question:`, `disagreement:`,
`model:`, `triage:` prefixed ids, or `insight:` and a dotted path into insight.yaml where a list
entry is named by its `id`, `model` or `year`, e.g. `insight:ranking.survey.federation`) or `not_encoded` (one of `REASONS`) with `why`. While work is
under way an entry may instead say `todo: true` (not yet read) or `gap: <what is missing>` (it
states a rule or figure that `knowledge/` does not carry yet); both count as not accounted for. The map holds no
source text: only positions, fingerprints and our own few words.

A web source (an entry of `sources.yaml` with a `url` and no installed file) is mapped by statement
instead: `statements` lists each fact taken from it, with an `id`, the `section` (heading or page)
it is under, what it says in our own words (`says`), and the `ids` that encode it (or
`not_encoded` with `why`). Every section a citation names for that source must have a statement.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .knowledge import Knowledge
from .passages import sections

#: Why a unit may carry no id.
REASONS = {
    "background": "context or history, no rule or figure follows from it",
    "opinion": "a view, advice or encouragement with no rule behind it",
    "out_of_scope": "about something this tool does not assess",
    "superseded": "replaced by a later statement the knowledge follows",
    "duplicate": "says again what another unit, already encoded, says",
    "navigation": "a title, caption, link or pointer to elsewhere",
}
_NAMES = ("id", "model", "year")   # what names an entry of a list in insight.yaml
_LIST_ITEM = re.compile(r"^\s*(?:[-•–*]|\d+\.)\s+")


@dataclass(frozen=True)
class Unit:
    """One paragraph, list item or table row of a source, named by heading and position."""

    at: str
    fingerprint: str
    text: str


@dataclass
class Coverage:
    """How much of one source the map accounts for, heading by heading."""

    source: str
    headings: dict = field(default_factory=dict)     # heading -> [accounted, total]
    unaccounted: list = field(default_factory=list)  # Units with no entry
    stale: list = field(default_factory=list)        # map entries matching no unit
    unknown_ids: list = field(default_factory=list)  # (at, id) naming nothing in knowledge/
    bad_reasons: list = field(default_factory=list)  # (at, message)
    gaps: list = field(default_factory=list)         # (at, what is missing): rule-bearing, not yet encoded
    encoded: int = 0
    total: int = 0

    @property
    def accounted(self) -> int:
        """Units with an entry in the map."""
        return self.total - len(self.unaccounted)


def fingerprint(text: str) -> str:
    """A short, whitespace- and case-insensitive hash of a unit's text."""
    norm = " ".join(text.split()).lower()
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()[:10]


def _pieces(body: str) -> list[str]:
    out = []
    for block in re.split(r"\n\s*\n", body):
        lines = [ln for ln in block.splitlines() if ln.strip()]
        if not lines:
            continue
        # Lists and tables are claims line by line; prose wrapped over lines is one paragraph.
        if len(lines) > 1 and any(_LIST_ITEM.match(ln) or "\t" in ln for ln in lines):
            out.extend(ln.strip() for ln in lines)
        else:
            out.append(" ".join(ln.strip() for ln in lines))
    return [p for p in out if any(ch.isalpha() or ch.isdigit() for ch in p) and p.strip("-–•* ")]


def units(text: str) -> list[Unit]:
    """Every unit of a source document, in order."""
    seen: dict[str, int] = {}
    out = []
    for heading, body in sections(text):
        for piece in _pieces(body):
            seen[heading] = seen.get(heading, 0) + 1
            out.append(Unit(f"{heading} #{seen[heading]}", fingerprint(piece), piece))
    return out


def map_path(knowledge_dir: Path, source: str) -> Path:
    """Where the map of one source file lives."""
    return Path(knowledge_dir) / "sources" / f"{source.split('_')[0]}.yaml"


def known_ids(k: Knowledge) -> set[str]:
    """Every prefixed id a map entry may name."""
    ids = {f"rule:{r['id']}" for r in k.rules}
    ids |= {f"parameter:{p}" for p in k.parameters}
    ids |= {f"checklist:{c}" for c in k.checklist}
    ids |= {f"question:{q}" for q in k.questions}
    ids |= {f"model:{m}" for m in k.models}
    ids |= {f"funding:{s['id']}" for s in k.funding}
    ids |= {f"duty:{d['id']}" for d in k.duties}
    ids |= {f"disagreement:{d['id']}" for d in k.disagreements}
    ids |= {f"triage:{r['id']}" for r in k.triage.get("rules", [])}
    ids |= {f"insight:{path}" for path in _paths(k.insight)}
    return ids


def _paths(node, prefix: str = ""):
    """Dotted paths to every mapping key and named list entry below `node`."""
    if isinstance(node, dict):
        children = node.items()
    elif isinstance(node, list):
        # Only entries that carry a name can be pointed at; a list index would shift with edits.
        children = [(next((e[n] for n in _NAMES if n in e), None), e) for e in node if isinstance(e, dict)]
    else:
        return
    for key, child in children:
        if key is None:
            continue
        path = f"{prefix}.{key}" if prefix else str(key)
        yield path
        yield from _paths(child, path)


def load_map(path: Path) -> list[dict]:
    """The entries of one map file (none when the file is missing)."""
    if not path.is_file():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return list(data.get("units") or [])


def check(k: Knowledge, source: str, text: str, entries: list[dict], ids: set[str] | None = None) -> Coverage:
    """Match a source's units against its map entries."""
    ids = known_ids(k) if ids is None else ids
    found = units(text)
    by_key = {(e.get("at"), e.get("fp")): e for e in entries}
    cov = Coverage(source, total=len(found))
    matched = set()
    for u in found:
        heading = u.at.rsplit(" #", 1)[0]
        row = cov.headings.setdefault(heading, [0, 0])
        row[1] += 1
        entry = by_key.get((u.at, u.fingerprint))
        if entry is not None:
            matched.add((u.at, u.fingerprint))
        if entry is None or entry.get("todo") or entry.get("gap"):
            cov.unaccounted.append(u)
            if entry is not None and entry.get("gap"):
                cov.gaps.append((u.at, entry["gap"]))
            continue
        row[0] += 1
        if entry.get("ids"):
            cov.encoded += 1
            cov.unknown_ids.extend((u.at, i) for i in entry["ids"] if i not in ids)
        elif entry.get("not_encoded") not in REASONS:
            cov.bad_reasons.append((u.at, f"not_encoded must be one of {', '.join(REASONS)}"))
        elif not str(entry.get("why") or "").strip():
            cov.bad_reasons.append((u.at, "not_encoded needs a few words of why"))
    cov.stale = [e for e in entries if (e.get("at"), e.get("fp")) not in matched]
    return cov


def load_statements(path: Path) -> list[dict]:
    """The statements of one web source's map (none when the file is missing)."""
    if not path.is_file():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return list(data.get("statements") or [])


def _citations(k: Knowledge):
    """Every citation in the knowledge base (a {source, section[, part]} mapping)."""
    for p in k.parameters.values():
        yield from (v["citation"] for v in p["values"])
    for group in (k.rules, list(k.checklist.values()), list(k.questions.values()), k.funding, k.duties):
        yield from (e["citation"] for e in group if isinstance(e.get("citation"), dict))
    for d in k.disagreements:
        yield from d.get("sources") or []


def check_statements(k: Knowledge, source: str, entries: list[dict], ids: set[str]) -> Coverage:
    """Match a web source's statements against the knowledge: each names real ids (or why not), and
    each section a citation of this source names has a statement."""
    cov = Coverage(source, total=len(entries))
    sections = set()
    for e in entries:
        at = f"{e.get('section')} #{e.get('id')}"
        sections.add(e.get("section"))
        row = cov.headings.setdefault(str(e.get("section")), [0, 0])
        row[1] += 1
        if not (isinstance(e.get("id"), str) and str(e.get("section") or "").strip() and str(e.get("says") or "").strip()):
            cov.bad_reasons.append((at, "a statement needs an id, a section and what it says in our words"))
            continue
        if e.get("ids"):
            row[0] += 1
            cov.encoded += 1
            cov.unknown_ids.extend((at, i) for i in e["ids"] if i not in ids)
        elif e.get("not_encoded") in REASONS and str(e.get("why") or "").strip():
            row[0] += 1
        else:
            cov.unaccounted.append(Unit(at, e["id"], e["says"]))
    for c in _citations(k):
        if c.get("source") == source and c.get("section") not in sections:
            cov.bad_reasons.append((str(c.get("section")), "cited, but no statement of this source is under it"))
    cov.bad_reasons = list(dict.fromkeys(cov.bad_reasons))
    return cov


def coverage(k: Knowledge, sources_dir: Path, knowledge_dir: Path) -> list[Coverage]:
    """Coverage of every installed source the knowledge cites, and of every web source by statement."""
    ids = known_ids(k)
    out = []
    for source, entry in k.sources.items():
        path = Path(sources_dir) / source
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            out.append(check(k, source, text, load_map(map_path(knowledge_dir, source)), ids))
        elif entry.get("url"):
            out.append(check_statements(k, source, load_statements(map_path(knowledge_dir, source)), ids))
    return out


def stub(text: str, entries: list[dict]) -> list[dict]:
    """The map entries for a source: the existing ones kept, a `todo` entry for each new unit."""
    by_key = {(e.get("at"), e.get("fp")): e for e in entries}
    return [by_key.get((u.at, u.fingerprint)) or {"at": u.at, "fp": u.fingerprint, "todo": True}
            for u in units(text)]


def dump(source: str, entries: list[dict]) -> str:
    """A map file's text: one flow mapping per unit, so a diff shows one unit per line."""
    head = (f"# Source map of {source}: every unit (paragraph, list item, table row) by heading and\n"
            f"# position, with the ids that encode it or why it is not encoded. See engine/source_map.py.\n"
            f"source: {source}\nunits:\n")
    lines = [f"  - {yaml.safe_dump(e, default_flow_style=True, sort_keys=False, width=10_000).strip()}" for e in entries]
    return head + "\n".join(lines) + "\n"
