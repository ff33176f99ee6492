"""`pcn assess` as a user runs it: the result from its outline, the summary for partners, JSON, and
clear errors for bad facts."""
from __future__ import annotations

import json
import re
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
    assert "ADVICE: " in r.stdout and "ELIGIBILITY: ELIGIBLE" in r.stdout
    assert "£63,000" in r.stdout
    assert "[BMA, The primary care network handbook (2019) › Geography]" in " ".join(r.stdout.split())


def test_assess_text_report_warns_about_dates_first_and_speaks_of_the_icb_today():
    r = run(["assess"], json.dumps({"population": 40000, "as_of": "2026-12-07"}))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    sections = [ln for ln in lines if ln.isupper()]
    assert sections[0] == "DATES BEYOND THE GUIDANCE"
    assert "2026/27 is beyond the years the handbook covers in full" in lines[lines.index(sections[0]) + 1]
    text = " ".join(r.stdout.split())
    assert "Check with your ICB or LMC" in text and "Your commissioner (the ICB)" in text
    covered = run(["assess"], json.dumps({"population": 40000, "as_of": "2020-06-01"}))
    assert "DATES BEYOND THE GUIDANCE" not in covered.stdout and "Your commissioner (the CCG)" in " ".join(covered.stdout.split())


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




def test_assess_summary_prints_the_one_page_summary_and_writes_its_pdf(tmp_path):
    pdf = tmp_path / "summary.pdf"
    facts = json.dumps({"population": 42000, "as_of": "2019-07-01", "priority_nhs_pension": True})
    r = run(["assess", "--summary", "--pdf", str(pdf)], facts)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("SUMMARY FOR PARTNERS") and "contract year 2019/20" in r.stdout
    assert "THE ANSWERS THIS RESTS ON" in r.stdout and "42,000 patients" in r.stdout
    assert "WHO CAN HELP" in r.stdout and "SOURCES" in r.stdout
    body = pdf.read_bytes()
    assert body.startswith(b"%PDF") and 1 <= len(re.findall(rb"/Type /Page\b", body)) <= 2
    as_json = json.loads(run(["assess", "--summary", "--json"], facts).stdout)
    assert as_json["decision"]["headline"] in r.stdout
