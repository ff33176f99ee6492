"""The interview's dead ends, walked in a real browser: "Not sure" on typed questions, each question at
its own address (so the browser's Back works), a changed answer after refining, "See my result" while
refining, and addresses reloaded or opened directly.

Each test fails on the interview as it was before these fixes (issue 23, item 2).
"""
from __future__ import annotations

import re

import pytest

from tests.web.browser import CHROMIUM, DESKTOP, LAUNCH_ARGS, NOT_SURE, LiveServer, assessment_id

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)")

POPULATION = "How many registered patients"
QUESTION_URL = re.compile(r"/questions/[a-z_0-9]+$")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer(tmp_path_factory.mktemp("interview"))
    yield live
    live.stop()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(base_url=server.url, viewport=DESKTOP)
    context.set_default_timeout(15_000)
    p = context.new_page()
    yield p
    context.close()


def heading(page) -> str:
    return " ".join(page.locator("h1").first.inner_text().split())


def press(page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def not_sure(page) -> None:
    """"Not sure" as a person picks it: the box or the button beside a text field."""
    if page.locator("input.nhsuk-radios__input, input.nhsuk-checkboxes__input").count():
        page.get_by_label(NOT_SURE, exact=True).check()
        press(page, "Continue")
    else:
        press(page, NOT_SURE)


def start(page) -> None:
    page.goto("/")
    press(page, "Start now")
    expect(page).to_have_url(QUESTION_URL)


def to_result(page) -> str:
    """From the first question to the result, "Not sure" to everything; the assessment id."""
    while QUESTION_URL.search(page.url):
        not_sure(page)
    expect(page).to_have_url(re.compile(r"/check$"))
    press(page, "See your result")
    return assessment_id(page.url)


def test_not_sure_on_a_typed_question_is_taken_with_the_empty_box(page):
    start(page)
    expect(page.locator("h1")).to_contain_text(POPULATION)
    press(page, NOT_SURE)      # the browser sends the empty box and the button together
    expect(page.locator(".nhsuk-error-summary")).to_have_count(0)
    expect(page.locator("h1")).not_to_contain_text(POPULATION)
    expect(page.locator("main")).not_to_contain_text("Question 0")


def test_phase_one_asks_at_most_ten_and_never_promises_fewer_than_it_asks(page):
    start(page)
    promised, asked = [], 0
    while QUESTION_URL.search(page.url):
        caption = page.locator(".nhsuk-caption-l").first.inner_text()
        more = re.search(r"about (\d+) more", caption)
        promised.append(int(more.group(1)) if more else 0)
        asked += 1
        not_sure(page)
    assert 1 <= asked <= 10, asked
    for i, p in enumerate(promised):
        assert p >= asked - 1 - i, (i, promised, asked)


def test_each_question_has_its_own_address_and_back_returns_to_it(page):
    start(page)
    first_url, first = page.url, heading(page)
    page.get_by_label(POPULATION).fill("42000")
    press(page, "Continue")
    expect(page).to_have_url(QUESTION_URL)
    assert page.url != first_url
    page.go_back()
    expect(page).to_have_url(first_url)
    expect(page.locator("h1")).to_have_text(first)
    expect(page.get_by_label(POPULATION)).to_have_value("42000")
    page.reload()     # the same page again, not an error
    expect(page.locator("h1")).to_have_text(first)


def test_a_changed_answer_after_refining_goes_back_to_check_your_answers(page):
    start(page)
    page.get_by_label(POPULATION).fill("42000")
    press(page, "Continue")
    to_result(page)
    topic = page.locator("form[action='/refine'] button").first
    with page.expect_navigation():
        topic.click()
    expect(page).to_have_url(QUESTION_URL)
    while QUESTION_URL.search(page.url):
        not_sure(page)
    expect(page.locator("h1")).to_have_text("Check your answers")
    page.get_by_role("link", name=re.compile(r"^Change.*registered patients")).click()
    page.get_by_label(POPULATION).fill("50000")
    press(page, "Continue")
    expect(page.locator("h1")).to_have_text("Check your answers")
    expect(page.get_by_role("button", name="See your result")).to_be_visible()


def test_every_refine_question_offers_see_my_result(page):
    start(page)
    page.get_by_label(POPULATION).fill("42000")
    press(page, "Continue")
    aid = to_result(page)
    press(page, "Answer every topic in turn")
    expect(page).to_have_url(QUESTION_URL)
    expect(page.locator("main")).to_contain_text("Question")
    press(page, "See my result")
    expect(page.locator("h1")).to_have_text("Check your answers")
    press(page, "See your result")
    expect(page).to_have_url(re.compile(rf"/assessments/(?!{aid})[0-9a-f]{{32}}$|/assessments/{aid}$"))


def test_form_addresses_opened_directly_show_a_page_not_an_error(page):
    for path in ("/start", "/refine", "/questions"):
        page.goto(path)
        expect(page.locator("h1")).not_to_have_text(re.compile("cannot be done|not found", re.I))
    start(page)
    url = page.url
    page.goto("/start")
    expect(page).to_have_url(url)        # an interview in progress carries on where it was
