"""Free-text question answering: latency p50/p99 over the full sources, on SQLite FTS5 and PostgreSQL.

For each database (SQLite always; PostgreSQL when 127.0.0.1:5432 answers, in a throwaway schema):
build the full-text index first (timed on its own), then answer N questions (default 500) drawn
at random, with a fixed seed, from a list of realistic practice questions (about one in ten has
no answer in the guidance), each through `core.answers.answer.answer`, as `POST /v1/questions`,
`/pcn ask` and `ask …` in chat do. Figures go to stdout and `bench/results/questions.json`.
Run: `make bench` or `python bench/questions.py [--n N]`.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

# Python puts bench/ first on sys.path, where bench/http.py would shadow the standard library's http.
_HERE = os.path.realpath(os.path.dirname(os.path.abspath(__file__)))
sys.path[:] = [p for p in sys.path if os.path.realpath(p or os.getcwd()) != _HERE]
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text  # noqa: E402

import engine  # noqa: E402
from core.answers import index  # noqa: E402
from core.answers.answer import answer  # noqa: E402
from engine.knowledge import sources_dir  # noqa: E402
from tests.pg import postgres_base_url  # noqa: E402  (the one place that finds the local PostgreSQL)

QUESTIONS = [
    "Can a federation employ our pharmacist?",
    "Who chooses the clinical director?",
    "Should we hold an election for the CD?",
    "We are a rural network of 25,000 patients. Can we still be a PCN?",
    "Is there a maximum size for a network?",
    "What do we need to submit to register as a PCN?",
    "How much is the network payment per patient?",
    "Who gets the £1.76 engagement payment?",
    "How is the clinical director funded?",
    "Will staff employed by a limited company get the NHS pension?",
    "Could our structure attract VAT?",
    "Does a super-practice need another health body to sign up?",
    "How do we fund the 30% of staff costs?",
    "Does a pharmacist already in post before March 2019 count as additional?",
    "How should disputes between practices be resolved?",
    "Should the clinical director chair the board?",
    "Do we need a data sharing agreement?",
    "Which HR policies apply to network staff?",
    "Can a community trust employ staff for the network?",
    "When do first contact physiotherapists join the scheme?",
    "How many hours of extended access must a network of 50,000 provide?",
    "How are votes weighted on the network board?",
    "Who should be the nominated payee?",
    "What happens to liability if the lead practice employs everyone?",
    "Can a GP from outside the network be clinical director?",
    "Do we need CQC registration for a provider entity?",
    "What does the network agreement have to include?",
    "Can social prescribing link workers be employed by the federation?",
    "Does a lead provider model cause VAT problems?",
    "What if our practices cannot agree who employs the staff?",
    "How much funding for the clinical director in 2020?",
    "Can the network cover patients outside our boundary?",
    "Who signs the network contract DES?",
    "What is the parking policy at the surgery?",
    "How do I reset my NHSmail password?",
    "What is the capital of France?",
    "Which vaccine brand should we order for flu season?",
    "Can we pay locums through the network?",
]


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of a list of numbers."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def run(db, k, n: int, seed: int = 19) -> dict:
    """Build the index on `db`, then time `n` questions; the figures as a dict."""
    srcs = sources_dir()
    started = time.perf_counter()
    index.ensure(db, k, srcs)
    build_s = time.perf_counter() - started
    with db.connect() as conn:
        passages = conn.execute(text("SELECT count(*) FROM answer_passages")).scalar()
    picks = random.Random(seed).choices(QUESTIONS, k=n)
    for q in QUESTIONS[:10]:       # warm caches (glossary, statement cache, pages)
        answer(db, k, q)
    times, found = [], 0
    for q in picks:
        t = time.perf_counter()
        found += answer(db, k, q)["found"]
        times.append((time.perf_counter() - t) * 1000)
    return {"passages": passages, "sources_installed": srcs is not None, "index_build_s": round(build_s, 2),
            "questions": n, "found": found, "p50_ms": round(percentile(times, 50), 2),
            "p99_ms": round(percentile(times, 99), 2), "mean_ms": round(statistics.mean(times), 2),
            "per_s": round(n / (sum(times) / 1000), 1)}


def postgres():
    """An engine on a throwaway schema of the local PostgreSQL, and its cleanup; (None, None) if absent."""
    url = postgres_base_url()
    if url is None:
        print("(PostgreSQL not reachable on 127.0.0.1:5432: SQLite only)")
        return None, None
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    schema = f"bench_q_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    db = create_engine(url, connect_args={"options": f"-csearch_path={schema}"})

    def drop():
        db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    return db, drop


def main() -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="questions to time per database (default 500)")
    args = parser.parse_args()
    k = engine.default_engine().knowledge
    if sources_dir() is None:
        print("(source documents not found: set PCN_SOURCES_DIR; timing the guidance notes only)")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        db = create_engine(f"sqlite:///{tmp}/questions.sqlite3")
        results["sqlite"] = run(db, k, args.n)
        db.dispose()
    pg, drop = postgres()
    if pg is not None:
        try:
            results["postgresql"] = run(pg, k, args.n)
        finally:
            drop()
    for name, r in results.items():
        print(f"{name:>10}: {r['passages']} passages (sources installed: {r['sources_installed']}), index built in "
              f"{r['index_build_s']} s; {r['questions']} questions, {r['found']} answered: "
              f"p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms, mean {r['mean_ms']} ms, {r['per_s']} questions/s")
    out = Path(__file__).resolve().parent / "results" / "questions.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
