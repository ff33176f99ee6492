"""The goal-driven interview: how many questions phase one asks, and how often its answer holds.

Simulated networks (default 1,000, fixed seed) each get random consistent answers to every question
(population in three bands, 1-8 member practices adding up to it, each other answer drawn from the
question's options, about one in ten "not sure", a model already chosen two times in five, answers
whose `ask_when` fails dropped), on a date drawn from 2019/20, 2020/21 and today. Each is then
interviewed through the dialogue core (`core.dialogue.conversation.Dialogue.give`, as the HTTP
interview API does), answering from its own answers until phase one shows its result. Plus the
all-"not sure" interview on each date.

Figures: phase-one questions (median, p90, max; target median <= 6, max <= 10); agreement of phase
one's eligibility and recommended model (its chosen model's availability, once chosen) with the
assessment on every answer (target >= 95%), each separately too; for the disagreements, which
unasked answers alone would have changed phase one's decision; and the time per phase-one step.
Run: `make bench` or `python bench/interview.py [--n N]`; figures also go to bench/results/interview.json.
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

_HERE = os.path.realpath(os.path.dirname(os.path.abspath(__file__)))
sys.path[:] = [p for p in sys.path if os.path.realpath(p or os.getcwd()) != _HERE]
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import engine  # noqa: E402
from core.dialogue.conversation import Dialogue  # noqa: E402
from core.dialogue.interview import DECIDE_LIMIT  # noqa: E402
from engine.errors import FactsError  # noqa: E402
from engine.facts import engine_fact  # noqa: E402
from engine.goal import Decision, samples  # noqa: E402
from engine.relevance import Relevance, View  # noqa: E402

DAYS = [dt.date(2019, 7, 1), dt.date(2020, 6, 1), dt.date.today()]
UNSURE_SHARE = 0.1
CHOSEN_SHARE = 0.4


def network(rng: random.Random, e: engine.Engine, day: dt.date) -> tuple[dict, set]:
    """(every answer, the questions answered "not sure") for one simulated network."""
    k = e.knowledge
    population = rng.choice([rng.randint(20000, 29999), rng.randint(30000, 60000), rng.randint(60001, 130000)])
    n = rng.randint(1, 8)
    sizes = [population // n] * n
    sizes[0] += population - sum(sizes)
    facts = {"as_of": day.isoformat(), "population": population,
             "practices": [{"name": f"Practice {i}", "ods_code": None, "list_size": s} for i, s in enumerate(sizes)]}
    unsure = set()
    for qid, q in k.questions.items():
        if qid in facts:
            continue
        if rng.random() < UNSURE_SHARE:
            unsure.add(qid)
            continue
        if qid == "operating_model" and rng.random() > CHOSEN_SHARE:
            unsure.add(qid)       # not chosen yet: "compare all five"
            continue
        options = samples(k, qid, day, facts)
        if q["type"] == "choices":
            value = rng.sample([c["value"] for c in q["choices"]], rng.randint(0, 3))
        elif options:
            value = rng.choice(options)
        else:
            continue
        try:
            e.check(dict(facts, **{qid: value}))
            facts[qid] = value
        except FactsError:
            unsure.add(qid)
    relevance = Relevance(k)
    while True:   # answers a consistent person would never be asked are not given
        flat = engine_fact(e.check(facts), day)
        moot = [q for q in facts if q != "as_of" and not relevance.applies(q, View(flat, day, set()))]
        if not moot:
            return facts, unsure
        facts.pop(moot[0])


def interview(d: Dialogue, truth: dict, unsure: set, steps: list) -> tuple[list, dict]:
    """Phase one answered from `truth`: (questions asked, the result's assessment)."""
    state, replies = d.start()
    asked = []
    while not state.finished:
        qid = state.pending
        asked.append(qid)
        started = time.perf_counter()
        if qid in truth and qid not in unsure:
            replies = d.give(state, qid, truth[qid])
        else:
            replies = d.give(state, qid, None, unsure=True)
        steps.append(time.perf_counter() - started)
        if len(asked) > 60:
            raise AssertionError(f"no result after {asked}")
    result = next(r for r in replies if type(r).__name__ == "Result")
    return asked, result.assessment


def main() -> int:
    """Run the simulation and print (and save) the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="simulated networks (default 1000)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    e = engine.default_engine()
    rng = random.Random(args.seed)
    dialogues = {day: Dialogue(e, today=day) for day in DAYS}
    counts, steps, culprits = [], [], collections.Counter()
    agree = agree_status = agree_model = 0
    started = time.monotonic()
    for i in range(args.n):
        day = DAYS[i % len(DAYS)]
        truth, unsure = network(rng, e, day)
        asked, phase_one = interview(dialogues[day], truth, unsure, steps)
        counts.append(len(asked))
        full = e.assess({k: v for k, v in truth.items() if k not in unsure})
        mine, final = Decision.of(phase_one), Decision.of(full)
        agree += mine == final
        agree_status += mine.status == final.status
        agree_model += mine.recommended == final.recommended
        if mine != final:
            for qid in truth:
                if qid not in asked and qid not in unsure and qid != "as_of":
                    alone = Decision.of(e.assess(dict(phase_one["facts"], **{qid: truth[qid]})))
                    if alone != mine:
                        culprits[qid] += 1
    elapsed = time.monotonic() - started
    all_unsure = {}
    for day in DAYS:
        asked, _ = interview(dialogues[day], {}, set(), [])
        all_unsure[day.isoformat()] = asked
    counts.sort()
    steps.sort()
    figures = {
        "networks": args.n, "seed": args.seed, "limit": DECIDE_LIMIT,
        "phase_one_questions": {"median": statistics.median(counts), "p90": counts[int(0.9 * (len(counts) - 1))],
                                "max": counts[-1], "distribution": dict(sorted(collections.Counter(counts).items()))},
        "agreement": {"decision": round(agree / args.n, 4), "eligibility": round(agree_status / args.n, 4),
                      "recommended_model": round(agree_model / args.n, 4)},
        "unasked_answers_that_alone_change_phase_one": dict(culprits.most_common()),
        "all_not_sure": {day: {"questions": len(q), "asked": q} for day, q in all_unsure.items()},
        "step_ms": {"p50": round(1000 * statistics.median(steps), 2),
                    "p99": round(1000 * steps[int(0.99 * (len(steps) - 1))], 2)},
        "seconds": round(elapsed, 1),
    }
    print(json.dumps(figures, indent=2))
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    (out / "interview.json").write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
