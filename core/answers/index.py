"""The full-text index of passages: SQLite FTS5 by default, PostgreSQL full-text search on PG.

The index is derived data: it is (re)built in the application database whenever the knowledge
version or the installed source documents change, and never edited by hand.
"""
from __future__ import annotations

import hashlib
import json
import re
import threading
from pathlib import Path

from sqlalchemy import Engine, text

from engine.knowledge import Knowledge
from engine.passages import Passage, guidance, source

_LOCK = threading.Lock()
_BUILT: dict[tuple, str] = {}


#: Bumped when the way passages are cut or worded changes, so an index built the old way is rebuilt.
PASSAGE_FORMAT = "2"


def _fingerprint(k: Knowledge, sources_dir: Path | None, words: tuple) -> str:
    h = hashlib.sha256(f"{k.rules_version}:{PASSAGE_FORMAT}".encode())
    h.update(repr(words).encode())  # the same knowledge in other words (a CCG became the ICB) is another index
    if sources_dir is not None:
        for fname in sorted(k.sources):
            p = Path(sources_dir) / fname
            if p.is_file():
                h.update(fname.encode() + p.read_bytes())
    return h.hexdigest()[:16]


def _is_pg(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def _create(conn, pg: bool) -> None:
    conn.execute(text("CREATE TABLE IF NOT EXISTS answer_index_meta (key VARCHAR(32) PRIMARY KEY, value TEXT)"))
    if pg:
        conn.execute(text("""CREATE TABLE IF NOT EXISTS answer_passages (
            pid TEXT PRIMARY KEY, kind TEXT, title TEXT, body TEXT, citation TEXT, rules TEXT, checklist TEXT,
            tsv tsvector)"""))
        conn.execute(text("CREATE INDEX IF NOT EXISTS answer_passages_tsv ON answer_passages USING GIN (tsv)"))
    else:
        conn.execute(text("""CREATE TABLE IF NOT EXISTS answer_passages (
            pid TEXT PRIMARY KEY, kind TEXT, title TEXT, body TEXT, citation TEXT, rules TEXT, checklist TEXT)"""))
        conn.execute(text("CREATE VIRTUAL TABLE IF NOT EXISTS answer_fts USING fts5("
                          "pid UNINDEXED, title, body, tokenize='porter unicode61')"))


def ensure(engine: Engine, k: Knowledge, sources_dir: Path | None, words: tuple = ()) -> str:
    """Build the index if it is missing or stale; returns its fingerprint. `words`: the terms `k`'s
    texts are in (`engine.wording.terms`)."""
    fp = _fingerprint(k, sources_dir, words)
    key = (str(engine.url), id(engine))
    if _BUILT.get(key) == fp:
        return fp
    with _LOCK:
        pg = _is_pg(engine)
        with engine.begin() as conn:
            if pg:  # one builder at a time across processes
                conn.execute(text("SELECT pg_advisory_xact_lock(727274)"))
            _create(conn, pg)
            current = conn.execute(text("SELECT value FROM answer_index_meta WHERE key='fingerprint'")).scalar()
            if current != fp:
                _fill(conn, guidance(k) + source(k, sources_dir), pg)
                conn.execute(text("DELETE FROM answer_index_meta WHERE key='fingerprint'"))
                conn.execute(text("INSERT INTO answer_index_meta (key, value) VALUES ('fingerprint', :v)"), {"v": fp})
        _BUILT[key] = fp
    return fp


def _fill(conn, passages: list[Passage], pg: bool) -> None:
    conn.execute(text("DELETE FROM answer_passages"))
    rows = [{"pid": p.id, "kind": p.kind, "title": p.title, "body": p.text, "citation": json.dumps(p.citation),
             "rules": json.dumps(p.rules), "checklist": json.dumps(p.checklist)} for p in passages]
    if pg:
        conn.execute(text("""INSERT INTO answer_passages (pid, kind, title, body, citation, rules, checklist, tsv)
            VALUES (:pid, :kind, :title, :body, :citation, :rules, :checklist,
                    setweight(to_tsvector('english', :title), 'A') || setweight(to_tsvector('english', :body), 'B'))"""),
                     rows)
    else:
        conn.execute(text("DELETE FROM answer_fts"))
        conn.execute(text("""INSERT INTO answer_passages (pid, kind, title, body, citation, rules, checklist)
            VALUES (:pid, :kind, :title, :body, :citation, :rules, :checklist)"""), rows)
        conn.execute(text("INSERT INTO answer_fts (pid, title, body) VALUES (:pid, :title, :body)"), rows)


def _clean(term: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", term.lower()) if w]


def search(engine: Engine, concepts: list[list[str]], limit: int = 200) -> list[dict]:
    """Passages matching any alternative of any concept, best full-text rank first."""
    alternatives = [_clean(t) for c in concepts for t in c]
    alternatives = [a for a in alternatives if a]
    if not alternatives:
        return []
    with engine.connect() as conn:
        if _is_pg(engine):
            q = " | ".join(" <-> ".join(a) for a in alternatives)
            rows = conn.execute(text("""SELECT pid, kind, title, body, citation, rules, checklist,
                    ts_rank_cd(tsv, to_tsquery('english', :q)) AS score
                FROM answer_passages WHERE tsv @@ to_tsquery('english', :q)
                ORDER BY score DESC, pid LIMIT :n"""), {"q": q, "n": limit}).mappings().all()
        else:
            q = " OR ".join('"' + " ".join(a) + '"' for a in alternatives)
            rows = conn.execute(text("""SELECT p.pid, p.kind, p.title, p.body, p.citation, p.rules, p.checklist,
                    -bm25(answer_fts, 0.0, 4.0, 1.0) AS score
                FROM answer_fts JOIN answer_passages p ON p.pid = answer_fts.pid
                WHERE answer_fts MATCH :q ORDER BY score DESC, p.pid LIMIT :n"""), {"q": q, "n": limit}).mappings().all()
    return [dict(r, citation=json.loads(r["citation"]), rules=json.loads(r["rules"]),
                 checklist=json.loads(r["checklist"])) for r in rows]
