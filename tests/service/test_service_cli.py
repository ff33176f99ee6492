"""`pcn db upgrade`, `pcn api-keys create|list|revoke`, `pcn orgs` and `pcn serve` (gunicorn on loopback)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from engine.cli import main
from service import create_app
from service.errors import MAX_PATH
from service.server import LIMIT_REQUEST_LINE, free_port, stop


@pytest.fixture
def fresh_db(monkeypatch, tmp_path):
    """DATABASE_URL pointing at an empty SQLite file."""
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_keys_before_migrating_says_what_to_do(fresh_db, capsys):
    code, _, err = run(capsys, "api-keys", "list")
    assert code == 1 and "pcn db upgrade" in err


def test_db_upgrade_then_keys_lifecycle(fresh_db, capsys):
    code, out, _ = run(capsys, "db", "upgrade")
    assert code == 0 and "upgraded" in out
    code, out, _ = run(capsys, "db", "current")
    assert "0001_initial" in out or "current:" in out

    code, out, _ = run(capsys, "api-keys", "create", "ops-team")
    assert code == 0
    key = out.strip().splitlines()[-1]
    assert key.startswith("pcn_") and len(key) > 40
    code, out, _ = run(capsys, "api-keys", "create", "adviser-1", "--scope", "adviser")
    adviser = out.strip().splitlines()[-1]
    assert code == 0 and adviser != key

    code, out, _ = run(capsys, "api-keys", "list")
    assert "ops-team" in out and "adviser-1" in out and "adviser" in out and "active" in out
    assert key not in out

    client = create_app({"DATABASE_URL": fresh_db}).test_client()
    headers = {"Authorization": f"Bearer {key}"}
    assert client.post("/v1/assessments", json={"population": 40000}, headers=headers).status_code == 201

    code, out, _ = run(capsys, "api-keys", "revoke", "ops-team")
    assert code == 0 and "revoked" in out
    assert client.post("/v1/assessments", json={"population": 40000}, headers=headers).status_code == 401
    code, out, _ = run(capsys, "api-keys", "list")
    assert "revoked" in out
    adviser_headers = {"Authorization": f"Bearer {adviser}"}
    assert client.post("/v1/assessments", json={}, headers=adviser_headers).status_code == 201


def test_key_errors(fresh_db, capsys):
    run(capsys, "db", "upgrade")
    assert run(capsys, "api-keys", "create", "dup")[0] == 0
    code, _, err = run(capsys, "api-keys", "create", "dup")
    assert code == 1 and "already exists" in err
    code, _, err = run(capsys, "api-keys", "revoke", "nobody")
    assert code == 1 and "no API key" in err
    with pytest.raises(SystemExit):
        main(["api-keys", "create", "x", "--scope", "root"])


def test_keys_belong_to_an_org_and_an_lmc_serves_orgs(fresh_db, capsys):
    run(capsys, "db", "upgrade")
    code, out, _ = run(capsys, "api-keys", "create", "team-a", "--org", "pcn_a")
    key_a = out.strip().splitlines()[-1]
    assert code == 0 and key_a.startswith("pcn_") and "organisation pcn_a" in out
    key_b = run(capsys, "api-keys", "create", "team-b")[1].strip().splitlines()[-1]
    lmc = run(capsys, "api-keys", "create", "lmc-adviser", "--scope", "adviser", "--org", "lmc_x")[1]
    lmc = lmc.strip().splitlines()[-1]
    listed = {line.split()[0]: line for line in run(capsys, "api-keys", "list")[1].splitlines()}
    assert "org pcn_a" in listed["team-a"] and "org default" in listed["team-b"] and "org lmc_x" in listed["lmc-adviser"]

    client = create_app({"DATABASE_URL": fresh_db}).test_client()
    made = client.post("/v1/assessments", json={"population": 40000}, headers={"Authorization": f"Bearer {key_a}"})
    url = f"/v1/assessments/{made.get_json()['id']}"
    assert client.get(url, headers={"Authorization": f"Bearer {key_b}"}).status_code == 404
    assert client.get(url, headers={"Authorization": f"Bearer {lmc}"}).status_code == 404

    code, out, _ = run(capsys, "orgs", "serve", "lmc_x", "pcn_a")
    assert code == 0 and "lmc_x serves pcn_a" in out
    assert "already" in run(capsys, "orgs", "serve", "lmc_x", "pcn_a")[1]
    assert run(capsys, "orgs", "list")[1].strip() == "lmc_x serves pcn_a"
    assert client.get(url, headers={"Authorization": f"Bearer {lmc}"}).status_code == 200, "served at once"

    assert run(capsys, "orgs", "unserve", "lmc_x", "pcn_a")[0] == 0
    assert client.get(url, headers={"Authorization": f"Bearer {lmc}"}).status_code == 404
    code, _, err = run(capsys, "orgs", "unserve", "lmc_x", "pcn_a")
    assert code == 1 and "does not serve" in err
    code, _, err = run(capsys, "api-keys", "create", "bad", "--org", "Has Spaces")
    assert code == 1 and "organisation name" in err


@pytest.fixture
def served(tmp_path):
    """The port of `pcn serve` (one worker) on a fresh SQLite database, running this checkout's code."""
    url = f"sqlite:///{tmp_path / 'serve.sqlite3'}"
    root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "DATABASE_URL": url, "WEB_CONCURRENCY": "1",
           "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
    pcn = Path(sys.executable).with_name("pcn")
    subprocess.run([str(pcn), "db", "upgrade"], env=env, check=True, capture_output=True, timeout=60)
    port = free_port()
    proc = subprocess.Popen([str(pcn), "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as resp:
                    assert json.load(resp) == {"status": "ok"}
                    break
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode()
                assert time.monotonic() < deadline, "pcn serve did not answer within 30 s"
                time.sleep(0.2)
        yield port
    finally:
        stop(proc)


def test_pcn_serve_runs_gunicorn_on_loopback(served):
    with urllib.request.urlopen(f"http://127.0.0.1:{served}/readyz", timeout=5) as resp:
        assert json.load(resp)["status"] == "ready"


@pytest.mark.parametrize("length", [MAX_PATH + 1, 5000, LIMIT_REQUEST_LINE + 100])
def test_the_served_app_answers_overlong_paths_with_a_problem(served, length):
    """Long enough for the app's 414, and beyond what gunicorn reads at all: problem+json either way."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", served, timeout=10)
    conn.request("GET", "/v1/assessments/" + "a" * length)
    resp = conn.getresponse()
    body = resp.read()
    assert resp.status == 414 and resp.getheader("Content-Type") == "application/problem+json"
    assert json.loads(body)["errors"]["path"]
