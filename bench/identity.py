"""Byte-identity check: `assess_json` bodies for ~3,000 seeded random fact sets, hashed.

`python bench/identity.py save FILE` writes one sha256 per fact set; `check FILE` recomputes and
compares (exit 1 on any difference). Run `save` before a refactor and `check` after it: the
assessment JSON must not change by a byte. Without arguments (as `make bench` runs it) it checks
against bench/results/identity.sha256, saving that first when there is none (so the next run
after a change to the engine says whether any assessment changed).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine import Engine  # noqa: E402

DATES = [dt.date(2019, 1, 1) + dt.timedelta(days=d) for d in range(0, 1550, 7)]
MODELS = [None, "flat_network", "lead_provider", "federation", "super_practice", "non_gp_provider"]


def fact_sets(questions: dict, n: int = 3000, seed: int = 20240610) -> list[dict]:
    """`n` random valid fact sets: any subset of the questions, each within its allowed values."""
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        facts: dict = {}
        share = rnd.choice((0.1, 0.3, 0.6, 0.9))
        for qid, q in questions.items():
            if rnd.random() > share:
                continue
            kind = q["type"]
            if kind == "boolean":
                facts[qid] = rnd.random() < 0.5
            elif kind == "integer":
                facts[qid] = rnd.randint(q.get("min", 0), min(q.get("max", 10**6), 300000))
            elif kind == "choice":
                facts[qid] = rnd.choice([c["value"] for c in q["choices"]])
            elif kind == "date":
                facts[qid] = rnd.choice(DATES).isoformat()
        if "as_of" not in facts:
            facts["as_of"] = rnd.choice(DATES).isoformat()
        out.append(facts)
    return out


def hashes(engine: Engine) -> list[str]:
    """sha256 of each fact set's `assess_json` body, in order."""
    return [hashlib.sha256(engine.assess_json(dict(f))[1]).hexdigest() for f in fact_sets(engine.knowledge.questions)]


DEFAULT = Path(__file__).resolve().parent / "results" / "identity.sha256"


def main() -> int:
    if len(sys.argv) == 3:
        mode, path = sys.argv[1], Path(sys.argv[2])
    else:
        path = DEFAULT
        mode = "check" if path.exists() else "save"
        path.parent.mkdir(exist_ok=True)
    got = hashes(Engine())
    if mode == "save":
        path.write_text("\n".join(got) + "\n")
        print(f"saved {len(got)} hashes to {path}")
        return 0
    want = path.read_text().split()
    bad = [i for i, (a, b) in enumerate(zip(got, want)) if a != b]
    if bad or len(got) != len(want):
        print(f"{len(bad)} of {len(want)} differ (first: {bad[:10]}); counts {len(got)}/{len(want)}")
        return 1
    print(f"all {len(got)} assessments byte-identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
