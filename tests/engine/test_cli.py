"""`pcn knowledge check` as a user runs it."""
from __future__ import annotations

import ast
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
             "heavy = {'flask', 'slack_bolt', 'slack_sdk', 'telegram', 'flask_smorest', 'gunicorn', 'sqlalchemy', 'alembic'}\n"
             "print('LOADED', sorted(heavy & {m.split('.')[0] for m in sys.modules}), file=sys.stderr)")
    # `pcn --help` lists the database commands, so it may load SQLAlchemy; `pcn assess` needs no database
    for args, allowed in ((["--help"], {"sqlalchemy", "alembic"}), (["assess", "--help"], set())):
        r = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert "usage: pcn" in r.stdout, r.stderr
        loaded = set(ast.literal_eval(r.stderr.split("LOADED ")[-1].strip()))
        assert loaded <= allowed, (args, r.stderr)
    listed = subprocess.run(PCN + ["--help"], capture_output=True, text=True, cwd=ROOT, timeout=60).stdout
    assert "serve" in listed and "chat" in listed and "telegram" in listed  # every front end's command listed
    assert "assess" in listed and "api-keys" in listed and "reproduce" in listed
