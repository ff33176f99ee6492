"""The web pages work on the first click with no configuration: `pcn serve` with two workers (as
`make run` starts it) and no `PCN_SECRET_KEY`, and twelve fresh browsers (Debian's Chromium) each go
from Start now through the questions to a result, whichever worker answers each request. And a
secret too short to be secret stops `pcn serve` before it serves anything, saying why."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.migrate import upgrade
from core.plugins import MIN_SECRET
from service.server import free_port, spawn, stop
from tests.web.browser import CHROMIUM, LAUNCH_ARGS

ROOT = Path(__file__).resolve().parent.parent.parent
BROWSERS = 12


def unconfigured_env(url: str) -> dict:
    """The environment of a fresh clone: a database, and none of the secrets."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PCN_SECRET_KEY", "SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "TELEGRAM_BOT_TOKEN",
                        "TELEGRAM_WEBHOOK_SECRET")}
    return {**env, "DATABASE_URL": url}


def test_pcn_serve_refuses_a_short_signing_key_and_says_why(tmp_path):
    url = f"sqlite:///{tmp_path / 'pcn.sqlite3'}"
    upgrade(url)
    env = {**unconfigured_env(url), "PCN_SECRET_KEY": "x"}
    done = subprocess.run([sys.executable, "-m", "engine.cli", "serve", "--port", str(free_port()), "--workers", "1"],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert f"pcn: cannot start: PCN_SECRET_KEY is 1 characters long: a secret must be at least {MIN_SECRET}" \
        in done.stderr
    assert "StartError" not in done.stderr and "Worker failed to boot" not in done.stderr   # said, not a traceback


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)")
def test_twelve_fresh_browsers_get_a_result_from_two_workers_with_no_key_set(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    from tests.web.test_browser import finish_phase_one, new_page

    url = f"sqlite:///{tmp_path / 'pcn.sqlite3'}"
    upgrade(url)
    port = free_port()
    server = spawn(port, 2, 4, env=unconfigured_env(url), cwd=ROOT)
    live = type("Served", (), {"url": f"http://127.0.0.1:{port}"})()
    failures, results = [], []
    try:
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
            for _ in range(BROWSERS):
                page = new_page(browser, live)      # a new context: its own cookies, a new person
                page.on("response", lambda r: failures.append(f"{r.status} {r.url}") if r.status >= 400 else None)
                results.append(finish_phase_one(page))
                page.context.close()
            browser.close()
    finally:
        stop(server)
    assert len(set(results)) == BROWSERS and not failures, failures
