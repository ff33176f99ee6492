"""`pcn knowledge check` as a user runs it."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PCN = [sys.executable, "-m", "engine.cli"]
ROOT = Path(__file__).resolve().parents[2]


def run(args, stdin=None):
    return subprocess.run(PCN + args, input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=60)


def test_knowledge_check_reports_counts():
    r = run(["knowledge", "check"])
    assert r.returncode == 0, r.stderr
    assert "rules_version" in r.stdout
