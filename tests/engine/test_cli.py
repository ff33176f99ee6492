"""`pcn assess` and `pcn knowledge check` as a user runs them."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PCN = [sys.executable, "-m", "engine.cli"]
ROOT = Path(__file__).resolve().parents[2]


def run(args, stdin=None):
    return subprocess.run(PCN + args, input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=60)


def test_assess_prints_a_readable_report_from_stdin():
    r = run(["assess"], json.dumps({"population": 42000, "as_of": "2019-07-01"}))
    assert r.returncode == 0, r.stderr
    assert "Eligibility: Eligible" in r.stdout
    assert "£63,000" in r.stdout
    assert "000_a67a7b468067886e.txt › Geography" in r.stdout


def test_assess_json_from_a_file(tmp_path):
    f = tmp_path / "facts.json"
    f.write_text(json.dumps({"population": 30000, "as_of": "2019-07-01"}))
    r = run(["assess", str(f), "--json"])
    assert r.returncode == 0, r.stderr
    a = json.loads(r.stdout)
    assert a["contract_year"] == "2019/20" and a["funding"]["total"] == 137550


def test_bad_facts_exit_2_naming_each_field():
    r = run(["assess"], json.dumps({"population": "many", "operating_model": "hub"}))
    assert r.returncode == 2
    assert "population: must be a whole number" in r.stderr
    assert "operating_model: must be one of" in r.stderr
    assert "Traceback" not in r.stderr


def test_malformed_json_exits_2_with_the_position():
    r = run(["assess"], "{population: 3")
    assert r.returncode == 2 and "not valid JSON" in r.stderr and "Traceback" not in r.stderr


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
