"""Command-line start: one `pcn assess` against importing the libraries it rests on.

Times, as a newcomer runs them (a fresh process each time), the median of `--runs` runs of:
  * `python -c "import yaml, durable.lang, orjson, marshmallow"` (the libraries' import alone);
  * `pcn assess FACTS` (start, read the knowledge, compile it, assess, print).
Target (issue 25): `pcn assess` at most 4 x the import. Run: `make bench` or `python bench/cli.py`.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PCN = Path(sys.executable).with_name("pcn")
FACTS = {"population": 42000, "as_of": "2026-07-01", "operating_model": "flat_network"}


def median_seconds(cmd: list[str], runs: int) -> float:
    """Median wall time of `runs` runs of `cmd` (each must succeed)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args()
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(FACTS, f)
    imports = median_seconds([sys.executable, "-c", "import yaml, durable.lang, orjson, marshmallow"], args.runs)
    assess = median_seconds([str(PCN), "assess", f.name], args.runs)
    Path(f.name).unlink()
    ratio = assess / imports
    print(f"import yaml, durable.lang, orjson, marshmallow  {imports * 1000:6.0f} ms (median of {args.runs})")
    print(f"pcn assess                                      {assess * 1000:6.0f} ms")
    print(f"pcn assess is {ratio:.1f} x the import (target <= 4)")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "cli.json").write_text(json.dumps({"import_s": round(imports, 3), "assess_s": round(assess, 3),
                                              "ratio": round(ratio, 2), "runs": args.runs}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
