"""The advisers' page of practices whose advice changed, in a real browser: from the queue to the list
of the organisations their LMC serves, then to one practice's comparison, with no serious accessibility
faults (axe-core) on either page, on a desktop and a phone.

Uses the browser fixtures of tests/web/test_browser.py (skips without Debian's Chromium). Screenshots
land in tests/web/screenshots/.
"""
from __future__ import annotations

import re
import uuid

import pytest

from core.db import session_scope, shared_db_engine
from tests.core.test_changed_advice import changed_world
from tests.web.browser import CHROMIUM, DESKTOP, MOBILE, describe_violations, save_screenshot, serious_violations
from tests.web.helpers import PASSWORD
from tests.web.test_browser import browser, expect, new_page, server, sign_in  # noqa: F401
from web.users import create_user

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)")


def test_an_adviser_goes_from_the_queue_to_the_changed_practices_and_one_comparison(browser, server):  # noqa: F811
    db = shared_db_engine(server.app.config["DATABASE_URL"])
    w = changed_world(db)
    name = f"Dr Changed {uuid.uuid4().hex[:6]}"
    with session_scope(db) as s:
        create_user(s, name, "adviser", PASSWORD, w.lmc)
    page = new_page(browser, server, bypass_csp=True)      # axe is injected as an inline script
    try:
        page.goto("/advisers/changed")
        sign_in(page, name)
        expect(page).to_have_url(re.compile(r"/advisers/changed$"))
        page.goto("/advisers")
        page.get_by_role("link", name="practices whose advice changed").click()
        expect(page.locator("h1")).to_have_text("Practices whose advice changed")
        expect(page.get_by_role("heading", name=f"{w.north}: 1 practice with changed advice")).to_be_visible()
        row = page.locator("tr", has=page.get_by_role("link", name=re.compile("See what changed")))
        expect(row).to_have_count(1)
        expect(row).to_contain_text("A network of 42,000 patients, assessed over the API")
        expect(row).to_contain_text(re.compile(r"£[\d,]+ → £[\d,]+ \(\+£4,200\)"))
        found = [describe_violations(f"changed ({page.url})", serious_violations(page))]
        save_screenshot(page, "adviser-changed")
        page.set_viewport_size(MOBILE)
        save_screenshot(page, "adviser-changed-mobile")
        page.set_viewport_size(DESKTOP)
        row.get_by_role("link", name=re.compile("See what changed")).click()
        expect(page.locator("h1")).to_have_text("What changed when the guidance was updated")
        expect(page.locator("main")).to_contain_text("£63,000 → £67,200 (+£4,200)")
        found.append(describe_violations(f"changes ({page.url})", serious_violations(page)))
        save_screenshot(page, "guidance-changes")
        assert not any(found), "\n".join(found)
    finally:
        page.context.close()
