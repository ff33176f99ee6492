"""Disagreements shown: where the sources differ on a point a conclusion depends on, and our reading.

`knowledge/disagreements.yaml` names, for each point, what each source says, the reading this tool
follows, why, and `affects`: the rules, funding streams, questions and parameters whose conclusions
depend on it. An assessment shows a disagreement when a rule it names fired (or a rule reading a
parameter it names), a funding stream it names has an amount, or a question it names was answered,
and its `when` clauses hold; and whenever one of its `printed` figures sits beside ours (the funding
block then says what the table printed). A free-text answer shows the disagreements its passages
are about.

Everything that does not depend on the facts is worked out once per knowledge base (`index`): each
entry as the assessment carries it (shared by every assessment: read-only), and which rules,
streams and questions raise it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .clauses import condition, resolved
from .knowledge import Knowledge
from .validate import FUNDING_KINDS, param_refs


@dataclass(frozen=True, slots=True, eq=False)
class Index:
    """Fact-independent data about the disagreements of one knowledge base."""

    entries: dict           # id -> the entry an assessment carries
    order: dict             # id -> position in the file
    by_ref: dict            # prefixed id ("rule:x", "funding:y", ...) -> ids of the disagreements naming it
    by_rule: dict           # rule id -> ids raised when it fires (directly or by a parameter it reads)
    by_stream: dict         # funding stream id -> ids raised when it has an amount
    by_question: dict       # question id -> ids raised when it is answered
    when: dict              # id -> its clauses (only entries that have some)
    printed: tuple          # (stream, contract year, population, printed value, id, table citation)
    printed_populations: frozenset  # the populations some printed figure is for
    by_citation: dict       # (source, heading) -> ((id, what that source says there), ...)


def entry(d: dict) -> dict:
    """A disagreement as users see it: topic, each source's citation and what it says, our reading, why."""
    return {"id": d["id"], "topic": d["topic"],
            "sources": [{"citation": {k: v for k, v in s.items() if k not in ("says", "_file")},
                         "says": " ".join(s["says"].split())} for s in d["sources"]],
            "we_follow": " ".join(d["we_follow"].split()), "why": " ".join(d["why"].split())}


def index(k: Knowledge) -> Index:
    """The disagreements' index for `k`, made once."""
    return k.memo.once("disagreements", lambda: _index(k))


def _index(k: Knowledge) -> Index:
    entries, by_ref, when, printed, by_citation = {}, {}, {}, [], {}
    for d in k.disagreements:
        entries[d["id"]] = entry(d)
        for ref in d.get("affects") or []:
            by_ref.setdefault(ref, []).append(d["id"])
        if d.get("when"):
            when[d["id"]] = d["when"]
        for s in d["sources"]:
            by_citation.setdefault((s["source"], s.get("part") or s["section"]), []).append((d["id"], s["says"]))
        table = d["sources"][0]
        for p in d.get("printed") or []:
            printed.append((p["funding"], p["contract_year"], p["population"], p["value"], d["id"],
                            {"source": table["source"], "section": table["section"]}))

    def raised(refs) -> tuple:
        return tuple(dict.fromkeys(i for ref in refs for i in by_ref.get(ref, ())))

    by_rule = {r["id"]: raised([f"rule:{r['id']}"] + [f"parameter:{p}" for p in param_refs(r.get("when"))])
               for r in k.rules}
    by_stream = {s["id"]: raised([f"funding:{s['id']}"] + [f"parameter:{s[key]}" for key in FUNDING_KINDS[s["kind"]]])
                 for s in k.funding}
    return Index(entries, {i: n for n, i in enumerate(entries)},
                 {ref: tuple(ids) for ref, ids in by_ref.items()},
                 {r: ids for r, ids in by_rule.items() if ids},
                 {s: ids for s, ids in by_stream.items() if ids},
                 {ref.partition(":")[2]: tuple(ids) for ref, ids in by_ref.items() if ref.startswith("question:")},
                 when, tuple(printed), frozenset(p[2] for p in printed),
                 {c: tuple(pairs) for c, pairs in by_citation.items()})


def printed_notes(idx: Index, funding: dict, population, label: str) -> dict:
    """{stream or "total": {printed, disagreement, citation, note}} where a source table prints, for
    this very population and year, a figure other than ours."""
    out = {}
    if population not in idx.printed_populations:
        return out
    for stream, year, pop, value, did, table in idx.printed:
        ours = funding.get(stream)
        if year == label and pop == population and ours is not None and ours != value:
            out[stream] = {"printed": value, "disagreement": did, "citation": table,
                           "note": f"the source's table prints £{value:,} here; ours follows "
                                   f"{idx.entries[did]['we_follow']}"}
    return out


def shown(k: Knowledge, idx: Index, raised: frozenset, funding: dict, facts: dict, flat: dict, day) -> list:
    """The disagreements an assessment shows, in file order: raised by its fired rules, its funding
    streams with an amount, its answered questions (each only where its `when` holds), and those
    behind a printed figure (the index's entries themselves: read-only)."""
    ids = set(raised)
    for stream, found in idx.by_stream.items():
        if funding.get(stream) is not None:
            ids.update(found)
    by_question = idx.by_question
    for name in by_question.keys() & facts.keys():
        ids.update(by_question[name])
    when = idx.when
    if not when.keys().isdisjoint(ids):
        held = k.memo.daily("disagreements_when", day,
                            lambda: {i: condition(resolved(c, k, day)) for i, c in when.items()})
        ids = {i for i in ids if i not in held or held[i](flat)}
    ids.update(p["disagreement"] for p in funding.get("printed", {}).values())
    entries = idx.entries
    return [entries[i] for i in sorted(ids, key=idx.order.__getitem__)]


def _copy(e: dict) -> dict:
    return dict(e, sources=[dict(s, citation=dict(s["citation"])) for s in e["sources"]])


_FIGURE = re.compile(r"\d[\d,.]*\d|\d")
_WORD = re.compile(r"[a-z]{6,}")


def _about(text: str, says: str) -> bool:
    """Whether a source passage speaks to what a disagreement says that source says: it shows one of
    the figures (amounts, years, sizes) named, or, where none is named, four in five of its longer words."""
    figures = set(_FIGURE.findall(says))
    if figures:
        found = set(_FIGURE.findall(text))
        return not figures.isdisjoint(found) or any(f.replace(",", "") in text.replace(",", "") for f in figures
                                                     if len(f) > 3)
    wanted = set(_WORD.findall(says.lower()))
    return bool(wanted) and len(wanted & set(_WORD.findall(text.lower()))) * 5 >= len(wanted) * 4


def for_passage(k: Knowledge, pid: str, citation: dict | None, text: str = "") -> tuple:
    """Ids of the disagreements a free-text answer's passage is about: by the knowledge id it shows
    (`rule:x`, `parameter:y:<date>`, ...), or, for a source passage, by the heading it sits under
    when its `text` speaks to what that source is said to say (a long heading covers many points)."""
    idx = index(k)
    kind, _, rest = pid.partition(":")
    if kind == "rule":
        return idx.by_rule.get(rest, ())
    if kind == "source":
        c = citation or {}
        pairs = idx.by_citation.get((c.get("source"), c.get("part") or c.get("section")), ())
        return tuple(dict.fromkeys(i for i, says in pairs if _about(text, says)))
    return idx.by_ref.get(f"{kind}:{rest.split(':', 1)[0]}", ())


def listed(k: Knowledge, ids) -> list[dict]:
    """The entries for `ids`, once each, in file order."""
    idx = index(k)
    return [_copy(idx.entries[i]) for i in sorted(set(ids), key=idx.order.__getitem__)]


def all_entries(k: Knowledge) -> list[dict]:
    """Every disagreement, with what it affects, for `GET /v1/knowledge/disagreements`."""
    return [dict(_copy(index(k).entries[d["id"]]), affects=list(d.get("affects") or []),
                 when=list(d.get("when") or []),
                 printed=[{x: p[x] for x in ("funding", "contract_year", "population", "value")}
                          for p in d.get("printed") or []]) for d in k.disagreements]
