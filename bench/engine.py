"""Engine benchmark: assessments/s on one core, latency, overhead against plain Python, memory.

Measures, in one run:
  * the full `Engine.assess` (validation + durable-rules + assessment building), p50/p99;
  * `Engine.assess_json` (what the service stores and sends: the same assessment, encoded), and how
    many distinct conclusions the fact sets reached;
  * the rules evaluation alone through durable-rules (`Engine.firings`);
  * the same rules evaluated by hand-compiled Python closures (the floor), and the ratio;
  * RSS before and after 100,000 assessments, half of them as JSON (target growth < 10 MB).
Targets: >= 2,500 assessments/s/core (issue 10); `assess` at least half the durable-rules-only rate
(issue 25). Run: `make bench` or `python bench/engine.py [--n N]`.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine import Engine  # noqa: E402
from engine.clauses import MISSING, resolve  # noqa: E402
from engine.compiler import entries  # noqa: E402
from engine.facts import engine_fact  # noqa: E402
from engine.scope import derived_scoped, in_force, models_in  # noqa: E402
from engine.validate import param_refs  # noqa: E402

MODELS = [None, "flat_network", "lead_provider", "federation", "super_practice", "non_gp_provider"]
DATES = ["2019-07-01", "2020-04-01", "2020-03-31", "2021-06-01"]


def rss_mb() -> float:
    """Resident set size of this process in MB (Linux)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def facts(i: int, questions: dict) -> dict:
    """Distinct, realistic facts: population, date, model, and some yes/no answers."""
    out = {"population": 18000 + (i * 7919) % 180000, "as_of": DATES[i % len(DATES)]}
    if MODELS[i % 6]:
        out["operating_model"] = MODELS[i % 6]
    for n, (qid, q) in enumerate(sorted(questions.items())):
        if q["type"] == "boolean" and (i >> (n % 12)) & 1:
            out[qid] = bool((i + n) % 3)
    return out


def _predicate(test, name, k, day):
    if not isinstance(test, dict):
        return lambda v: v is not MISSING and v == test
    (op, value), = test.items()
    value = resolve(value, k, day)
    return {
        "eq": lambda v: v == value, "ne": lambda v: v is not MISSING and v != value,
        "lt": lambda v: v is not MISSING and v < value, "lte": lambda v: v is not MISSING and v <= value,
        "gt": lambda v: v is not MISSING and v > value, "gte": lambda v: v is not MISSING and v >= value,
        "in": lambda v: v in value, "known": lambda v: (v is not MISSING) == value,
        "not": lambda v: v is MISSING or v != value,
    }[op]


def floor_evaluator(engine: Engine, day: dt.date):
    """Hand-compiled closures for the rules active on `day`: the plain-Python floor."""
    k = engine.knowledge
    scoped = derived_scoped(k)
    compiled = []
    for rule_id, e, scope, derive in entries(k):
        if not in_force(e, day):
            continue
        if any(k.param(p, day)[0] is None for p in param_refs(e.get("when"))):
            continue
        preds = [(n, n in scoped, _predicate(t, n, k, day)) for c in e.get("when") or [] for n, t in c.items()]
        compiled.append((rule_id, models_in(scope), preds, derive))

    def run(flat: dict, chosen):
        derived, fired, changed = {}, set(), True
        while changed:
            changed = False
            for rule_id, models, preds, derive in compiled:
                for m in models:
                    if (rule_id, m) in fired:
                        continue
                    ok = True
                    for name, is_derived, pred in preds:
                        if name == "model_is_chosen":
                            v = MISSING if chosen is None else m == chosen
                        elif is_derived:
                            v = derived.get((name, m if scoped[name] else None), MISSING)
                        else:
                            v = flat.get(name, MISSING)
                        if not pred(v):
                            ok = False
                            break
                    if ok:
                        fired.add((rule_id, m))
                        changed = True
                        for dn, dv in derive:
                            derived[(dn, m if scoped[dn] else None)] = dv
        return fired
    return run


def timed(fn, items) -> list[float]:
    out = []
    for x in items:
        t = time.perf_counter()
        fn(x)
        out.append(time.perf_counter() - t)
    return out


def interleaved(jobs: list, block: int = 100) -> list[list[float]]:
    """`timed` for each (fn, items) job, taking turns a block of items at a time."""
    out: list[list[float]] = [[] for _ in jobs]
    n = min(len(items) for _fn, items in jobs)
    for start in range(0, n, block):
        for samples, (fn, items) in zip(out, jobs, strict=True):
            samples += timed(fn, items[start:start + block])
    return out


def summary(samples: list[float]) -> dict:
    q = statistics.quantiles(samples, n=100)
    return {"per_s": round(len(samples) / sum(samples)), "p50_us": round(q[49] * 1e6, 1), "p99_us": round(q[98] * 1e6, 1)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20000, help="assessments per timed phase")
    ap.add_argument("--memory-n", type=int, default=100000, help="assessments for the RSS check")
    args = ap.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    engine = Engine()
    k = engine.knowledge
    inputs = [facts(i, k.questions) for i in range(args.n)]
    for f in inputs[:200]:
        engine.assess(f)  # warm up

    checked = [engine.check(f) for f in inputs]
    # assess, assess_json and the rules alone are timed in turns, a block of each at a time, so a
    # change in the machine's load during the run weighs on all three alike (their ratio holds)
    full, as_json, rules_only, explained = interleaved(
        [(engine.assess, inputs), (engine.assess_json, inputs), (engine.firings, checked),
         (lambda f: engine.assess(f, explain=True), inputs)])
    full, as_json, rules_only, explained = map(summary, (full, as_json, rules_only, explained))
    distinct = len({(tuple(engine._fire(engine_fact(c, dt.date.fromisoformat(c["as_of"])))[0]),
                     c.get("operating_model")) for c in checked})
    floors = {d: floor_evaluator(engine, dt.date.fromisoformat(d)) for d in DATES}
    flat = [(engine_fact(c, dt.date.fromisoformat(c["as_of"])), c) for c in checked]
    floor = summary(timed(lambda fc: floors[fc[1]["as_of"]](fc[0], fc[1].get("operating_model")), flat))

    before = rss_mb()
    for i in range(args.memory_n):
        (engine.assess_json if i % 2 else engine.assess)(facts(i + args.n, k.questions))
    after = rss_mb()

    result = {
        "rules": len(k.rules), "compiled_rules": len(engine.compiled.definition),
        "assess": full, "assess_json": as_json, "assess_explained": explained,
        "assess_over_durable": round(full["per_s"] / rules_only["per_s"], 2),
        "explained_over_durable": round(explained["per_s"] / rules_only["per_s"], 2), "distinct_conclusions": distinct, "inputs": len(inputs),
        "rules_only_durable": rules_only, "rules_only_python_floor": floor,
        "durable_over_floor": round(floor["per_s"] / rules_only["per_s"], 1),
        "rss_before_mb": round(before, 1), "rss_after_mb": round(after, 1),
        "rss_growth_mb": round(after - before, 1), "memory_assessments": args.memory_n,
    }
    print(f"engine: {result['rules']} rules ({result['compiled_rules']} compiled)")
    print(f"  assess        {full['per_s']:>7,}/s  p50 {full['p50_us']} µs  p99 {full['p99_us']} µs  (target >= 2,500/s)")
    print(f"  assess_json   {as_json['per_s']:>7,}/s  p50 {as_json['p50_us']} µs  p99 {as_json['p99_us']} µs  "
          f"({distinct:,} distinct conclusions in {len(inputs):,} fact sets)")
    print(f"  with explanation {explained['per_s']:>4,}/s  p50 {explained['p50_us']} µs  (what the API stores and sends)")
    print(f"  rules durable {rules_only['per_s']:>7,}/s  p50 {rules_only['p50_us']} µs  p99 {rules_only['p99_us']} µs")
    print(f"  assess is {result['assess_over_durable']} x the durable-rules-only rate (target >= 0.5); "
          f"with its explanation {result['explained_over_durable']}")
    print(f"  rules python  {floor['per_s']:>7,}/s  p50 {floor['p50_us']} µs  p99 {floor['p99_us']} µs")
    print(f"  durable-rules evaluation is {result['durable_over_floor']}x the hand-compiled Python floor")
    print(f"  RSS {before:.1f} MB -> {after:.1f} MB after {args.memory_n:,} assessments "
          f"(growth {after - before:+.1f} MB, target < 10 MB)")
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "engine.json").write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
