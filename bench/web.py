"""The web front door: server time per page, and how much a browser downloads for the result page.

Server time: N practices (default 100, fixed seed) each start an interview on a fresh SQLite
database and answer phase one through the Flask test client, in process (the whole WSGI call,
no network): each `GET /questions` (the question page), each `POST /questions/<id>` (an answer:
a population in one of three bands, a random option or "Not sure" for a choice, a random pick for
the checkboxes; the redirect is not followed) and, at the end, five `GET /assessments/<id>` (the
result page) are timed. Figures: p50 and p99 in ms per route (target p99 < 50 ms).

First-load weight of the result page: the page and every asset it needs from a cold cache. Counted
two ways: (1) fetching the page, then each stylesheet, script and image it references, the scripts'
imports and the stylesheets' url()s, recursively, through the test client, as bytes and as gzip
sends them (the app gzips them for browsers that accept it: `web/compression.py`); (2) when
/usr/bin/chromium is there, what Chromium actually downloads loading the page from a local server
(Playwright's network events: bodies as sent, headers included).
Target < 150 KB. Figures go to stdout as JSON and to bench/results/web.json.
Run: `make bench` or `python bench/web.py [--n N]`.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin, urlparse

# Python puts bench/ first on sys.path, where bench/http.py would shadow the standard library's http.
_HERE = os.path.realpath(os.path.dirname(os.path.abspath(__file__)))
sys.path[:] = [p for p in sys.path if os.path.realpath(p or os.getcwd()) != _HERE]
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.migrate import upgrade  # noqa: E402
from service import create_app  # noqa: E402
from tests.web.browser import CHROMIUM, LAUNCH_ARGS, LiveServer  # noqa: E402
from tests.web.helpers import TOKEN  # noqa: E402
from web.blueprint import knowledge  # noqa: E402

UNSURE, NONE_OF_THESE = "__unsure__", "__none__"
RESULT_GETS = 5
TARGET_P99_MS, TARGET_KB = 50, 150
QID = re.compile(r'action="/questions/([a-z_0-9]+)"')
RESULT = re.compile(r'href="(/assessments/[0-9a-f]{32})"')
ASSET = re.compile(r'<(?:link[^>]*\bhref|script[^>]*\bsrc|img[^>]*\bsrc)="([^"]+)"')
CSS_URL = re.compile(r'url\(\s*["\']?([^"\')]+)["\']?\s*\)')
JS_IMPORT = re.compile(r'(?:\bimport\s*(?:[^"\';]*?\bfrom\s*)?|\bimport\()\s*["\']([^"\']+)["\']')


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of a list of numbers."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def timed(call, *args, **kwargs):
    started = time.perf_counter()
    response = call(*args, **kwargs)
    return response, (time.perf_counter() - started) * 1000


def answer(rng: random.Random, q: dict) -> list | str:
    """A plausible answer to one question, as the form would post it."""
    kind = q["type"]
    if kind == "integer":
        return str(rng.choice([rng.randint(20000, 29999), rng.randint(30000, 60000), rng.randint(60001, 130000)]))
    if kind == "choices":
        picks = rng.sample([c["value"] for c in q["choices"]], rng.randint(0, 3))
        return picks or [rng.choice([NONE_OF_THESE, UNSURE])]
    if kind == "boolean":
        return rng.choice(["true", "false", UNSURE])
    if kind == "choice":
        return rng.choice([c["value"] for c in q["choices"]] + [UNSURE])
    return UNSURE


def server_times(app, n: int, seed: int) -> tuple[dict, object, str]:
    """{route: [ms, ...]} over n practices' phase one, and the last practice's client and result path."""
    rng = random.Random(seed)
    with app.app_context():
        questions = knowledge().questions
    times = {"question_get": [], "answer_post": [], "result_get": []}
    c = path = None
    for _ in range(n):
        c = app.test_client()
        token = TOKEN.search(c.get("/").text).group(1)
        c.post("/start", data={"csrf_token": token})
        for _ in range(40):                       # phase one asks at most 10; this only bounds a bug
            page, ms = timed(c.get, "/questions")
            if page.status_code == 302:
                break
            times["question_get"].append(ms)
            qid = QID.search(page.text).group(1)
            r, ms = timed(c.post, f"/questions/{qid}", data={"csrf_token": token, "answer": answer(rng, questions[qid])})
            assert r.status_code in (302, 422), (qid, r.status_code)
            times["answer_post"].append(ms)
        else:
            raise AssertionError("phase one did not finish")
        path = RESULT.search(c.get("/check").text).group(1)
        for _ in range(RESULT_GETS):
            r, ms = timed(c.get, path)
            assert r.status_code == 200
            times["result_get"].append(ms)
    return times, c, path


def crawl(c, path: str) -> dict:
    """Bytes of the page (as its owner sees it) and of every asset it references, followed through CSS
    url()s and JS imports: an upper bound, as a browser fetches a CSS image only when a rule uses it."""
    body = c.get(path).data
    files, queue, seen = {path: body}, [], set()
    queue += [urljoin(path, u) for u in ASSET.findall(body.decode())]
    while queue:
        url = queue.pop()
        target = urlparse(url).path
        if url.startswith(("data:", "http:", "https:", "//")) or target in seen:
            continue
        seen.add(target)
        r = c.get(target)
        if r.status_code != 200:
            continue
        files[target] = r.data
        if target.endswith(".css"):
            queue += [urljoin(target, u) for u in CSS_URL.findall(r.data.decode("utf-8", "replace"))]
        elif target.endswith(".js"):
            queue += [urljoin(target, u) for u in JS_IMPORT.findall(r.data.decode("utf-8", "replace"))]
        r.close()
    return {name: {"bytes": len(data), "gzip_bytes": len(gzip.compress(data, 6))} for name, data in files.items()}


def browser_weight(server_url: str, path: str) -> dict | None:
    """What Chromium downloads loading the page with an empty cache (None without Chromium)."""
    if not CHROMIUM.exists():
        return None
    from playwright.sync_api import sync_playwright

    loaded = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        page = browser.new_context().new_page()
        page.on("requestfinished", lambda r: loaded.__setitem__(
            urlparse(r.url).path, r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"]))
        page.goto(server_url + path, wait_until="networkidle")
        browser.close()
    return loaded


def kb(n: int) -> float:
    return round(n / 1024, 1)


def main() -> int:
    """Run the benchmark, print the figures and save them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100, help="practices answering phase one (default 100)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/web.sqlite3"
        upgrade(url)
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench-secret-key-for-the-web-pages-01", "PCN_RATE_LIMIT": "off"})  # many practices, one address
        server_times(app, 3, args.seed + 1)             # warm up: templates compiled, caches filled
        times, owner, path = server_times(app, args.n, args.seed)
        files = crawl(owner, path)
        (Path(tmp) / "live").mkdir()
        live = LiveServer(Path(tmp) / "live") if CHROMIUM.exists() else None
        browser = None
        if live is not None:
            try:
                # the live server has its own database: give it a result page of its own
                _, _, live_path = server_times(live.app, 1, args.seed)
                browser = browser_weight(live.url, live_path)
            finally:
                live.stop()
    figures = {
        "practices": args.n, "seed": args.seed,
        "server_ms": {route: {"samples": len(v), "p50": round(percentile(v, 50), 2), "p99": round(percentile(v, 99), 2),
                              "p99_under_target": percentile(v, 99) < TARGET_P99_MS} for route, v in times.items()},
        "result_page_first_load": {
            "target_kb": TARGET_KB,
            "chromium": {"kb": kb(sum(browser.values())),
                         "bytes_with_headers": dict(sorted(browser.items(), key=lambda kv: -kv[1]))} if browser else None,
            "referenced": {"kb": kb(sum(f["bytes"] for f in files.values())),
                           "kb_if_gzipped": kb(sum(f["gzip_bytes"] for f in files.values())),
                           "bytes": {name: f["bytes"] for name, f in sorted(files.items(), key=lambda kv: -kv[1]["bytes"])}},
        },
    }
    weight = figures["result_page_first_load"]
    weight["under_target"] = (weight["chromium"] or weight["referenced"])["kb"] < TARGET_KB
    print(json.dumps(figures, indent=2))
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    (out / "web.json").write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
