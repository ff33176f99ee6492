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


def test_help_and_assess_start_without_the_front_ends_libraries():
    probe = ("import sys, runpy; sys.argv = ['pcn'] + sys.argv[1:]\n"
             "try: runpy.run_module('engine.cli', run_name='__main__')\n"
             "except SystemExit: pass\n"
             "heavy = {'flask', 'slack_bolt', 'slack_sdk', 'telegram', 'flask_smorest', 'gunicorn'}\n"
             "print('LOADED', sorted(heavy & {m.split('.')[0] for m in sys.modules}), file=sys.stderr)")
    for args in (["--help"], ["assess", "--help"]):
        r = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert "usage: pcn" in r.stdout, r.stderr
        assert "LOADED []" in r.stderr, (args, r.stderr)
    listed = subprocess.run(PCN + ["--help"], capture_output=True, text=True, cwd=ROOT, timeout=60).stdout
    assert "serve" in listed and "chat" in listed and "telegram" in listed  # every front end's command listed
