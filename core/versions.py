"""Knowledge versions: each kept whole on first use, any stored assessment reproduced under the rules
that made it, or reassessed under today's.

- `remember(db, knowledge)` stores a rules version's files once (a row per version, never changed).
- `engine_for(db, version)` is an engine on that version's stored files (built once per process, a
  few kept), so `reproduce` reruns an assessment's own facts and date under its own rules and says
  whether the result is byte for byte the one stored; a difference is reported, never hidden.
- `reassess(session, row, engine)` stores a new assessment of the same facts under the current rules,
  owned like the old one, with `previous_id`, and the comparison (`engine.what_if.compare`, the one
  the what-if uses) as `changes`.
- What differs between two versions is `engine.knowledge_diff.diff` of their kept files.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

import orjson
from sqlalchemy import Engine as DbEngine
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

import engine as pcn
from engine.knowledge import Knowledge, load_files
from engine.what_if import compare

from . import jsonutil
from .assessments import row_for
from .change_brief import columns, what_changed
from .compress import pack, unpack
from .db import session_scope
from .rawsql import ASSESSMENT_INSERT, assessment_values
from .records import Assessment, KnowledgeVersion, utcnow

KEPT_ENGINES = 4                 # old versions' engines kept per process (each a compiled ruleset)
_LOCK = threading.Lock()
_REMEMBERED: set = set()         # (database url, version) pairs already stored by this process
_ENGINES: OrderedDict = OrderedDict()
KEPT_KNOWLEDGE = 16             # old versions' knowledge kept per process (what GET /v1/knowledge/versions compares)
_KNOWLEDGE: OrderedDict = OrderedDict()


class UnknownVersion(LookupError):
    """No knowledge is kept for this rules version (made before versions were kept, or never used)."""


def files_of(k: Knowledge) -> dict[str, str]:
    """The knowledge folder's files that make its rules version: `*.yaml` and `rules/*.yaml`."""
    d = Path(k.directory)
    paths = sorted(d.glob("*.yaml")) + sorted((d / "rules").glob("*.yaml"))
    return {p.relative_to(d).as_posix(): p.read_text(encoding="utf-8") for p in paths}


def remember(db: DbEngine, k: Knowledge) -> None:
    """Keep this knowledge version in the database, once (cheap after the first call per process)."""
    key = (str(db.url), k.rules_version)
    if key in _REMEMBERED:
        return
    with session_scope(db) as s:
        if s.get(KnowledgeVersion, k.rules_version) is None:
            s.add(KnowledgeVersion(rules_version=k.rules_version, first_seen=utcnow(),
                                   files_zst=pack(orjson.dumps(files_of(k)))))
            try:
                s.flush()
            except IntegrityError:     # another worker stored it first: the row is the same
                s.rollback()
    with _LOCK:
        _REMEMBERED.add(key)


def stored_files(session: Session, version: str) -> dict[str, str]:
    """A kept version's files (UnknownVersion when none are kept)."""
    row = session.get(KnowledgeVersion, version) if isinstance(version, str) and len(version) <= 64 else None
    if row is None:
        raise UnknownVersion(version)
    return orjson.loads(unpack(row.files_zst))


def _kept(store: OrderedDict, version: str, build, limit: int):
    """`store[version]`, built by `build()` on first use; the `limit` most recently used are kept."""
    with _LOCK:
        if version in store:
            store.move_to_end(version)
            return store[version]
    built = build()
    with _LOCK:
        store[version] = built
        while len(store) > limit:
            store.popitem(last=False)
    return built


def knowledge_for(db: DbEngine, version: str, current: pcn.Engine | None = None) -> Knowledge:
    """The knowledge of `version`: the current engine's when it is that version, else loaded from the
    kept files (a few kept per process, loaded once each; UnknownVersion when none are kept)."""
    if current is not None and current.rules_version == version:
        return current.knowledge

    def build() -> Knowledge:
        with session_scope(db) as s:
            k = load_files(stored_files(s, version))
        if k.rules_version != version:      # the files must hash to the version they are kept under
            raise UnknownVersion(f"{version} (its kept files hash to {k.rules_version})")
        return k
    return _kept(_KNOWLEDGE, version, build, KEPT_KNOWLEDGE)


def engine_for(db: DbEngine, version: str, current: pcn.Engine | None = None) -> pcn.Engine:
    """An engine on the rules of `version`: the current one when it is that version, else one built
    from the kept files (a few kept per process, built once each)."""
    if current is not None and current.rules_version == version:
        return current
    return _kept(_ENGINES, version, lambda: pcn.Engine(knowledge_for(db, version)), KEPT_ENGINES)


def _paths(a, b, at: str = "", out: list | None = None, limit: int = 20) -> list[str]:
    """Where two JSON values differ, as paths ("models[2].score"), at most `limit`."""
    out = [] if out is None else out
    if len(out) >= limit or a == b:
        return out
    if isinstance(a, dict) and isinstance(b, dict):
        for key in list(a) + [k for k in b if k not in a]:
            _paths(a.get(key), b.get(key), f"{at}.{key}" if at else key, out, limit)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            _paths(x, y, f"{at}[{i}]", out, limit)
    else:
        out.append(at or "(whole)")
    return out


def reproduce(db: DbEngine, row: Assessment, current: pcn.Engine | None = None) -> dict:
    """Rerun a stored assessment's facts (and date) under the rules that made it: identical or not,
    and where it differs."""
    stored = row.result
    eng = engine_for(db, row.rules_version, current)
    again = eng.assess(stored["facts"], explain="explanation" in stored)
    same = orjson.dumps(again) == orjson.dumps(stored)
    return {"assessment_id": row.id, "rules_version": row.rules_version, "identical": same,
            "differences": [] if same else _paths(stored, again)}


#: Where a stored result's checked facts start and end: the engine writes them fourth, before eligibility.
_FACTS, _AFTER_FACTS = b',"facts":', b',"eligibility":'
_VERSION = b'{"rules_version":"'


def head_facts(body: bytes) -> dict | None:
    """The checked facts at the head of a stored result's JSON text, read without parsing the other
    ~130 KB (None when the text does not start as the engine writes it: then parse it all). The key
    that follows them cannot occur inside them: JSON strings escape their quotes."""
    start = body.find(_FACTS, 0, 200)
    end = body.find(_AFTER_FACTS, start) if start >= 0 else -1
    if end < 0:
        return None
    try:
        facts = jsonutil.loads(body[start + len(_FACTS):end])
    except ValueError:
        return None
    return facts if isinstance(facts, dict) else None


def same_but_version(before: bytes, after: bytes) -> bool:
    """Whether two results' JSON texts are the same but for the rules version they open with."""
    if not (before.startswith(_VERSION) and after.startswith(_VERSION)) or len(before) != len(after):
        return False
    cut = after.find(b'"', len(_VERSION))
    return cut > 0 and before.find(b'"', len(_VERSION)) == cut and memoryview(before)[cut:] == memoryview(after)[cut:]


def reassessed(row, current: pcn.Engine) -> tuple[dict, dict]:
    """The row's facts assessed under the current rules, not stored: (the new row's column values,
    owned like the old one, linked by `previous_id` (and to the first of its chain by `first_id`), with
    what changed kept beside it; {assessment_id, previous_id, rules_version, what, changes}). `row` is a
    stored `Assessment`, or anything with its `id`, `first_id`, `facts`, `channel`, `user_ref`,
    `owner_org` and `result_json`.

    The old result is parsed only when the new one differs from it: a result the update does not touch
    (most of them, after most updates) is the same text but for its rules version, and is compared by
    its bytes, saving the parse that costs more than the rest of the comparison."""
    body = row.result_json
    facts = head_facts(body)
    before = jsonutil.loads(body) if facts is None else None
    facts = dict(before["facts"] if before is not None else facts)
    try:
        after = current.assess(facts, explain=True)
    except pcn.FactsError as exc:   # an answer today's questions no longer take is left out, not fatal
        after = current.assess({k: v for k, v in facts.items() if k not in exc.errors}, explain=True)
    new = row_for(row.facts, after, row.channel, row.user_ref, owner_org=row.owner_org)
    if before is None and same_but_version(body, new.result_json):
        changes = compare(after, after)       # nothing moved
    else:
        changes = compare(jsonutil.loads(body) if before is None else before, after)
    kinds = what_changed(changes)
    values = dict(assessment_values(new), previous_id=row.id, first_id=getattr(row, "first_id", None) or row.id,
                  **columns(kinds, changes))
    return values, {"assessment_id": new.id, "previous_id": row.id, "rules_version": current.rules_version,
                    "what": kinds, "changes": changes}


def store(session: Session, values: list[dict]) -> None:
    """Insert reassessments made by `reassessed` in one statement (flushed, not committed)."""
    if values:
        session.connection().execute(ASSESSMENT_INSERT, values)


def reassess(session: Session, row: Assessment, current: pcn.Engine, dry_run: bool = False) -> dict:
    """A new assessment of the row's facts under the current rules, stored (unless `dry_run`) and owned
    like the old one: {assessment_id (None on a dry run), previous_id, rules_version, changes}."""
    values, out = reassessed(row, current)
    if dry_run:
        return dict(out, assessment_id=None)
    store(session, [values])
    return out


def successor(session: Session, assessment_id: str) -> Assessment | None:
    """The newest reassessment of an assessment, if any."""
    return session.scalars(select(Assessment).where(Assessment.previous_id == assessment_id)
                           .order_by(Assessment.created_at.desc())).first()


def files_for(version: str) -> dict[str, str]:
    """A kept version's files from the configured database (the `pcn.versions` entry point: how
    `pcn knowledge diff` reads versions it is given by id)."""
    from .db import shared_db_engine

    with session_scope(shared_db_engine()) as s:
        return stored_files(s, version)
