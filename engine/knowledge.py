"""The knowledge base as loaded from `knowledge/`: questions, parameters, models, rules, checklist.

Loading reads the YAML, checks it (see `engine.validate`) and returns an immutable `Knowledge`.
`rules_version` is a hash of the files' bytes, so any edit gives a new version.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .errors import KnowledgeError
from .glossary import Glossary
from .memo import Memo
from .validate import validate, validate_triage
from .validate_glossary import validate_glossary

MODEL_ANY = "any"
#: libyaml's safe loader when PyYAML was built with it (about five times faster), else the pure-Python one.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def default_dir() -> Path:
    """The knowledge folder: `PCN_KNOWLEDGE_DIR`, else the one beside the engine package."""
    env = os.environ.get("PCN_KNOWLEDGE_DIR")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent.parent / "knowledge"
    if here.is_dir():
        return here
    from importlib.resources import files  # installed as package data

    return Path(str(files("knowledge")))


def sources_dir() -> Path | None:
    """The seed documents: `PCN_SOURCES_DIR`, else ../shared/seeds beside the repository, if it exists.
    When they cannot be found, says so once per process (answers quote no passages without them)."""
    env = os.environ.get("PCN_SOURCES_DIR")
    repo = Path(__file__).resolve().parent.parent
    for candidate in ([Path(env)] if env else [repo.parent / "shared" / "seeds", repo.parents[1] / "shared" / "seeds"]):
        if candidate.is_dir():
            return candidate.resolve()
    _sources_missing(f"PCN_SOURCES_DIR={env} is not a folder" if env else
                     f"they are not at {repo.parent / 'shared' / 'seeds'}; set PCN_SOURCES_DIR")
    return None


@lru_cache(maxsize=4)     # once per reason and process: a note, not a line per request
def _sources_missing(why: str) -> None:
    logging.getLogger("pcn").warning("the source documents were not found (%s): answers quote the knowledge "
                                     "alone, without passages from the sources", why)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one loaded knowledge base is one key
class Knowledge:
    """Everything in `knowledge/`, keyed by id, in file order."""

    directory: Path
    rules_version: str
    questions: dict
    parameters: dict
    models: dict
    rules: list
    checklist: dict
    funding: list
    sources: dict
    disagreements: list = field(default_factory=list)
    triage: dict = field(default_factory=dict)
    insight: dict = field(default_factory=dict)   # insight.yaml: near misses, coverage, ranking
    duties: list = field(default_factory=list)    # funding.yaml `duties`: what the network must provide
    funding_notes: dict = field(default_factory=dict)  # funding.yaml `notes`: wording the funding block fills in
    decision: dict = field(default_factory=dict)  # decision.yaml: the criteria, models judged, advice wording
    contacts: list = field(default_factory=list)  # contacts.yaml: who can help a network act on its result
    glossary: Glossary = field(default_factory=Glossary)  # glossary.yaml `terms`: what words mean
    #: What the engine derives from this knowledge base, once (or once a day); not copied by
    #: `dataclasses.replace`, so a changed copy starts afresh (`engine.memo`).
    memo: Memo = field(default_factory=Memo, init=False, repr=False, compare=False)

    def rule(self, rule_id: str) -> dict:
        """The rule with this id (KeyError if none)."""
        return self.memo.once("rules_by_id", lambda: {r["id"]: r for r in self.rules})[rule_id]

    def param(self, param_id: str, day: dt.date):
        """The value of a parameter on a day and its citation, or (None, None) when unknown."""
        return self.memo.daily(("param", param_id), day, lambda: self._param(param_id, day))

    def _param(self, param_id: str, day: dt.date):
        period = self.period(param_id, day)
        return (None, None) if period is None else (period["value"], period["citation"])

    def period(self, param_id: str, day: dt.date) -> dict | None:
        """The dated value entry covering a day (with any `unknown` or `carried_forward` note), or None."""
        return self.memo.daily(("period", param_id), day, lambda: self._period(param_id, day))

    def _period(self, param_id: str, day: dt.date) -> dict | None:
        for period in self.parameters[param_id]["values"]:
            if period["from"] <= day and (period.get("until") is None or day <= period["until"]):
                return period
        return None


def _read(path: Path) -> tuple[object, bytes]:
    raw = path.read_bytes()
    try:
        return yaml.load(raw, Loader=LOADER) or {}, raw  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "?"
        raise KnowledgeError([{"file": path.name, "field": where, "message": f"not valid YAML: {exc}"}]) from None


def _list(doc, key: str, fname: str) -> list:
    if not isinstance(doc, dict) or not isinstance(doc.get(key, []), list):
        raise KnowledgeError([{"file": fname, "field": key, "message": f"must be a mapping with a '{key}:' list"}])
    return doc.get(key) or []


def load_files(files: dict[str, str]) -> Knowledge:
    """The knowledge base a set of knowledge files makes ({path in the folder: text}, as a kept
    version holds them), loaded from a private temporary folder."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="pcn-knowledge-") as tmp:
        for rel, text in files.items():
            path = Path(tmp, rel)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return load(tmp)


def load(directory: Path | str | None = None) -> Knowledge:
    """Read, check and return the knowledge base (raises KnowledgeError naming every problem)."""
    directory = Path(directory) if directory else default_dir()
    if not directory.is_dir():
        raise KnowledgeError([{"file": str(directory), "message": "knowledge folder not found"}])
    digest = hashlib.sha256()
    docs: dict[str, tuple[str, object]] = {}
    files = sorted(directory.glob("*.yaml")) + sorted((directory / "rules").glob("*.yaml"))
    for path in files:
        rel = path.relative_to(directory).as_posix()
        doc, raw = _read(path)
        digest.update(rel.encode() + b"\0" + raw + b"\0")
        docs[rel] = doc

    def items(fname: str, key: str) -> list:
        doc = docs.get(fname)
        if doc is None:
            raise KnowledgeError([{"file": fname, "message": "required file is missing"}])
        out = []
        for entry in _list(doc, key, fname):
            if isinstance(entry, dict):
                entry = dict(entry, _file=fname)
            out.append(entry)
        return out

    rules = []
    for rel in docs:
        if rel.startswith("rules/"):
            rules.extend(items(rel, "rules"))
    raw_questions = items("questions.yaml", "questions")
    # Terms (dated words such as the commissioner's name) are parameters whose values are words.
    raw_params = items("parameters.yaml", "parameters") + (items("terms.yaml", "terms") if "terms.yaml" in docs else [])
    raw_models = items("models.yaml", "models")
    raw_items = items("checklist.yaml", "items") if "checklist.yaml" in docs else []
    streams = items("funding.yaml", "streams")
    duties = items("funding.yaml", "duties") if isinstance(docs["funding.yaml"].get("duties"), list) else []
    funding_notes = docs["funding.yaml"].get("notes") or {}
    sources = items("sources.yaml", "sources")
    disagreements = items("disagreements.yaml", "disagreements") if "disagreements.yaml" in docs else []

    validate(raw_questions, raw_params, raw_models, rules, raw_items, streams, sources, duties)
    triage = {"facts": items("triage.yaml", "facts"), "rules": items("triage.yaml", "rules")} \
        if "triage.yaml" in docs else {"facts": [], "rules": []}
    validate_triage(triage, {s["file"] for s in sources}, {p["id"] for p in raw_params})
    _default_basis(rules, triage["rules"], streams)
    from .validate_disagreements import validate_disagreements

    validate_disagreements(disagreements, {s["file"] for s in sources}, {
        "rule": {r["id"] for r in rules}, "parameter": {p["id"] for p in raw_params},
        "checklist": {c["id"] for c in raw_items}, "question": {q["id"] for q in raw_questions},
        "model": {m["id"] for m in raw_models}, "funding": {s["id"] for s in streams} | {"total"},
        "triage": {r["id"] for r in triage["rules"]}})

    contacts = items("contacts.yaml", "contacts") if "contacts.yaml" in docs else []
    from .validate_wording import validate_wording

    validate_wording(raw_params, raw_questions + raw_models + rules + raw_items + disagreements
                     + triage["rules"] + duties + contacts)

    insight = docs.get("insight.yaml")
    if insight is not None:
        from .validate_insight import validate_insight

        validate_insight(insight, {s["file"] for s in sources}, {m["id"] for m in raw_models},
                         {p["id"] for p in raw_params}, rules, {q["id"]: q for q in raw_questions})

    from .validate_contacts import validate_contacts

    validate_contacts(contacts, {s["file"] for s in sources})
    from .validate_decision import validate_decision

    decision = docs.get("decision.yaml")
    validate_decision(decision, {s["file"] for s in sources}, {m["id"] for m in raw_models},
                      {q["id"]: q for q in raw_questions},
                      [x for x in (insight or {}).get("ranking", {}).get("priorities") or [] if isinstance(x, dict)],
                      {p["id"] for p in raw_params})

    glossary = docs.get("glossary.yaml")
    if glossary is not None:
        validate_glossary(glossary, {s["file"] for s in sources})

    return Knowledge(
        directory=directory,
        rules_version=digest.hexdigest()[:16],
        questions={q["id"]: q for q in raw_questions},
        parameters={p["id"]: p for p in raw_params},
        models={m["id"]: m for m in raw_models},
        rules=rules,
        checklist={c["id"]: c for c in raw_items},
        funding=streams,
        sources={s["file"]: s for s in sources},
        disagreements=disagreements,
        triage=triage,
        insight=insight or {},
        duties=duties,
        funding_notes=funding_notes,
        decision=decision,
        contacts=contacts,
        glossary=Glossary((glossary or {}).get("terms") or []),
    )


def _default_basis(rules: list, triage_rules: list, streams: list) -> None:
    """Fill in what a conclusion rests on where the files leave it out: a rule (and a triage rule)
    on the cited `source`; a fit score on this tool's `judgement` (the handbook scores nothing);
    a funding amount is `derived` (arithmetic on cited figures)."""
    for r in rules + triage_rules:
        r.setdefault("basis", "source")
        fit = (r.get("then") or {}).get("fit")
        if isinstance(fit, dict):
            r["then"] = dict(r["then"], fit=dict(fit, basis=fit.get("basis", "judgement")))
    for s in streams:
        s.setdefault("basis", "derived")


@lru_cache(maxsize=4)
def cached(directory: str | None = None) -> Knowledge:
    """The knowledge base, loaded once per process per folder."""
    return load(directory)
