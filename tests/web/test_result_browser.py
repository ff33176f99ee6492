"""The result page and the summary for partners in a real browser: the advice on the first screen,
page heights on a desktop and a phone, the comparison as cards on a phone, words defined where they
are used, sources folded, Change links, and the summary printed on at most two A4 pages.

Uses the browser fixtures of tests/web/test_browser.py (skips without Debian's Chromium). Screenshots
and PDFs land in tests/web/screenshots/.
"""
from __future__ import annotations

import re

import pytest

from tests.web.browser import CHROMIUM, DESKTOP, SCREENSHOTS, describe_violations, save_screenshot, serious_violations
from tests.web.test_browser import (  # noqa: F401
    MODEL,
    POPULATION,
    answer_not_sure,
    browser,
    continue_,
    expect,
    finish_phase_one,
    heading,
    new_page,
    server,
    start,
)

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)")

PHONE = {"width": 390, "height": 844}
DESKTOP_MAX, PHONE_MAX = 4_500, 10_000     # issue 20: page heights with details folded


@pytest.fixture(scope="module")
def result(browser, server):  # noqa: F811
    """One practice's result (42,000 patients, "not sure" to the rest), open in a desktop tab."""
    page = new_page(browser, server, bypass_csp=True)     # axe is injected as an inline script
    aid = finish_phase_one(page)
    yield page, aid
    page.context.close()


@pytest.fixture(scope="module")
def chosen(browser, server):  # noqa: F811
    """A practice that has chosen the lead provider model (42,000 patients, "not sure" to the rest)."""
    page = new_page(browser, server, bypass_csp=True)
    start(page)
    page.get_by_label(POPULATION).fill("42000")
    continue_(page)
    while re.search(r"/questions", page.url):
        if heading(page).startswith(MODEL):
            page.get_by_label("Lead provider (lead practice)").check()
            continue_(page)
        else:
            answer_not_sure(page)
    page.get_by_role("button", name="See your result").click()
    expect(page.locator("h1")).to_have_text("Your network: assessment")
    yield page
    page.context.close()


def _on_first_screen(*locators) -> None:
    for what in locators:
        box = what.bounding_box()
        assert box and box["y"] + box["height"] <= DESKTOP["height"], f"{what} is below the first screen: {box}"


def _height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def test_the_advice_why_risks_and_next_steps_are_on_the_first_screen(chosen):
    page = chosen
    panel = page.locator(".web-decision")
    expect(panel).to_contain_text("Which structure suits you")
    model = panel.locator(".web-decision__model")
    expect(model).to_have_text("Lead provider (lead practice)")
    expect(panel.locator(".web-decision__headline")).to_contain_text("the model you chose")
    _on_first_screen(model, page.get_by_role("heading", name="Why", exact=True),
                     page.get_by_role("heading", name="Risks to act on").first,
                     page.get_by_role("heading", name="What to do next").first,
                     page.locator(".web-first li").first, page.get_by_role("link", name="Summary for partners"))
    expect(page.locator(".web-first li")).not_to_have_count(0)
    # the advice is the model the comparison marks as advised
    expect(page.locator(".web-compare__model--advised .web-compare__name")).to_have_text(model.inner_text())
    page.screenshot(path=str(SCREENSHOTS / "result-first-screen.png"))
    save_screenshot(page, "result-chosen")
    assert _height(page) <= DESKTOP_MAX


def test_when_the_advice_depends_on_answers_the_first_screen_says_which_and_offers_to_ask(result):
    page, aid = result
    page.goto(f"/assessments/{aid}")
    expect(page.locator(".web-decision__model")).to_have_count(0)
    expect(page.locator(".web-decision__headline")).to_contain_text("depends")
    waits = page.get_by_role("heading", name="What the advice waits for")
    answer = page.get_by_role("link", name=re.compile(r"^Answer (it|them) now$"))
    _on_first_screen(waits, answer, page.get_by_role("heading", name="Risks to act on").first)
    # the not-sure answers the advice waits for come first in the list of what depends on them
    expect(page.locator(".web-unsure .nhsuk-summary-list__row").first).to_contain_text("Changes the advice")
    answer.click()
    expect(page.locator("h1")).not_to_have_text("Your network: assessment")


def test_the_page_fits_the_heights_on_a_desktop_and_a_phone_with_the_models_as_cards(result):
    page, aid = result
    page.goto(f"/assessments/{aid}")
    assert _height(page) <= DESKTOP_MAX
    rows = page.locator(".web-compare tbody tr")
    expect(rows).to_have_count(5)
    assert rows.first.evaluate("r => getComputedStyle(r).display") == "table-row"
    page.set_viewport_size(PHONE)
    try:
        assert _height(page) <= PHONE_MAX
        # one card per model: the rows stack, each cell led by its column's heading
        assert rows.first.evaluate("r => getComputedStyle(r).display") == "block"
        expect(rows.first.locator(".nhsuk-table-responsive__heading").first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        save_screenshot(page, "result-phone")
    finally:
        page.set_viewport_size(DESKTOP)
    save_screenshot(page, "result-desktop")


def test_a_defined_word_links_to_its_definition_and_a_source_opens_to_its_full_reference(result):
    page, aid = result
    page.goto(f"/assessments/{aid}")
    term = page.locator("a.web-term").first
    target = term.get_attribute("href")
    expect(page.locator(target)).to_be_hidden()              # the definitions are folded at the end
    term.click()
    expect(page.locator(target)).to_be_visible()
    expect(page.locator(target).locator("xpath=following-sibling::dd[1]")).not_to_be_empty()
    cite = page.locator(".web-first .web-cite").first
    expect(cite.locator(".web-cite__full")).to_be_hidden()
    cite.locator("summary").click()
    expect(cite.locator(".web-cite__full")).to_contain_text(re.compile(r"^\[.+ › .+\]$"))


def test_an_answer_the_result_rests_on_can_be_changed_and_a_not_sure_one_says_what_depends_on_it(result):
    page, aid = result
    page.goto(f"/assessments/{aid}")
    unsure = page.locator(".web-unsure .nhsuk-summary-list__row").first
    unsure.get_by_text(re.compile(r"^What depends on it")).click()
    expect(unsure.locator("li").first).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Change " + POPULATION)).click()
    expect(page.get_by_label(POPULATION)).to_have_value("42000")
    page.goto(f"/assessments/{aid}")


def test_the_summary_for_partners_is_one_page_that_prints_on_at_most_two_a4_sheets(result):
    page, aid = result
    page.goto(f"/assessments/{aid}")
    page.get_by_role("link", name="Summary for partners").click()
    expect(page.locator("h1")).to_contain_text("Summary for partners")
    main = page.locator("main")
    for text in ("Our advice", "Why", "Risks to act on", "The answers this rests on", "Sources", "rules version"):
        expect(main).to_contain_text(text)
    found = describe_violations(f"summary ({page.url})", serious_violations(page))
    assert not found, "axe-core found serious or critical problems:\n" + found
    save_screenshot(page, "summary")
    SCREENSHOTS.mkdir(exist_ok=True)
    pdf = page.pdf(path=str(SCREENSHOTS / "summary.pdf"), format="A4")
    assert pdf.startswith(b"%PDF-") and 1 <= _pdf_pages(pdf) <= 2
    page.emulate_media(media="print")
    expect(page.locator(".nhsuk-header")).to_be_hidden()
    expect(page.locator(".nhsuk-back-link")).to_be_hidden()
    page.emulate_media(media="screen")
