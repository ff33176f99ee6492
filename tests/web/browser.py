"""What the browser tests share: the app served on a local port, Debian's Chromium, axe-core and artefacts.

A *live server* is the whole app (`service.create_app`) on its own migrated SQLite database with one
adviser account, served by werkzeug on 127.0.0.1 in a background thread, so a real browser can load
its pages, styles and scripts. The browser is Debian's `/usr/bin/chromium` driven by Playwright
(Playwright's own browser download needs the internet); without it the browser tests skip.
*Artefacts* are full-page screenshots and the printed result, kept in tests/web/screenshots/
(git-ignored) for people to look at.
"""
from __future__ import annotations

import json
import re
import threading
from pathlib import Path

from werkzeug.serving import WSGIRequestHandler, make_server

from core.db import session_scope, shared_db_engine
from core.migrate import upgrade
from service import create_app
from tests.web.helpers import ADVISER, PASSWORD
from web.users import create_user

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync"]
HERE = Path(__file__).resolve().parent
AXE = HERE / "axe.min.js"
SCREENSHOTS = HERE / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 740}
NARROW = {"width": 320, "height": 740}
NOT_SURE = "Not sure"


class _QuietHandler(WSGIRequestHandler):
    # a line per request on stderr would bury pytest's report
    def log_request(self, *args, **kwargs) -> None:
        pass


class LiveServer:
    """The app on a fresh database, served on a free local port until `stop`."""

    def __init__(self, tmp: Path):
        url = f"sqlite:///{tmp / 'pcn.sqlite3'}"
        upgrade(url)
        with session_scope(shared_db_engine(url)) as s:
            create_user(s, ADVISER, "adviser", PASSWORD)
        self.app = create_app({"DATABASE_URL": url, "SECRET_KEY": "browser-test-secret-key-for-the-web-pages"})
        # threaded, as the real server is: a page's stylesheet and script load alongside each other
        self._server = make_server("127.0.0.1", 0, self.app, threaded=True,
                                   request_handler=_QuietHandler)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and wait for the thread."""
        self._server.shutdown()
        self._thread.join(timeout=10)


def serious_violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]


def describe_violations(where: str, violations: list[dict]) -> str:
    """One line per violation: the page, the rule id, its impact and the elements it found."""
    return "\n".join(f"{where}: {v['id']} ({v['impact']}) {json.dumps([n['target'] for n in v['nodes']])}"
                     for v in violations)


def save_screenshot(page, name: str) -> Path:
    """A full-page PNG of the page in tests/web/screenshots/."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assessment_id(url: str) -> str:
    """The saved assessment's id in a result page's address."""
    return re.search(r"/assessments/([0-9a-f]{32})", url).group(1)
