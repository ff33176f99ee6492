"""The web pages in a real browser (Debian's Chromium through Playwright), as practices and advisers use them.

Each test drives the app served on a local port (`tests.web.browser.LiveServer`) by clicking, typing
and reading what is on the screen: the interview's two phases, the result with refine and what if,
the checklist and its downloads, questions, the advisers' queue, keyboard-only use, axe-core's
accessibility checks on every page type, and the printed result. Screenshots and the printed PDF
are written to tests/web/screenshots/ for people to look at. Without /usr/bin/chromium they skip.
"""
from __future__ import annotations

import csv
import io
import re

import pytest

from tests.web.browser import (
    CHROMIUM,
    DESKTOP,
    LAUNCH_ARGS,
    MOBILE,
    NARROW,
    NOT_SURE,
    SCREENSHOTS,
    LiveServer,
    assessment_id,
    describe_violations,
    save_screenshot,
    serious_violations,
)
from tests.web.helpers import ADVISER, PASSWORD

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)")

POPULATION = "How many registered patients"
MODEL = "Have the practices already chosen an operating model?"
PRIORITIES = "Which of these matter most to the practices?"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app on its own database, served on a local port for this module's tests."""
    live = LiveServer(tmp_path_factory.mktemp("browser"))
    yield live
    live.stop()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless."""
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield b
        b.close()


def new_page(browser, server, **options):
    """A page in a fresh browser context (its own cookies: a new person)."""
    context = browser.new_context(base_url=server.url, viewport=options.pop("viewport", DESKTOP), **options)
    context.set_default_timeout(15_000)
    return context.new_page()


@pytest.fixture
def page(browser, server):
    """A new person's browser tab."""
    p = new_page(browser, server)
    yield p
    p.context.close()


@pytest.fixture
def adviser_page(browser, server):
    """A second person's tab, for the adviser."""
    p = new_page(browser, server)
    yield p
    p.context.close()


def heading(page) -> str:
    """The page's main heading as shown."""
    return " ".join(page.locator("h1").first.inner_text().split())


def submit(page, button: str) -> None:
    """Press a form's button and wait for the page it leads to (every form here loads a new page)."""
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def continue_(page) -> None:
    submit(page, "Continue")


def answer_not_sure(page) -> None:
    """Answer the question on screen with "Not sure" (a box, or the button beside a text field)."""
    choice = page.locator("input.nhsuk-radios__input, input.nhsuk-checkboxes__input").first
    if choice.count():
        page.get_by_label(NOT_SURE, exact=True).check()
        continue_(page)
    else:
        submit(page, NOT_SURE)


def start(page) -> None:
    page.goto("/")
    page.get_by_role("button", name="Start now").click()
    expect(page).to_have_url(re.compile(r"/questions/[a-z_0-9]+$"))


def finish_phase_one(page, population: str = "42000") -> str:
    """From the start page to the result: a population, then "Not sure" to the rest; the assessment id."""
    start(page)
    page.get_by_label(POPULATION).fill(population)
    continue_(page)
    while re.search(r"/questions", page.url):
        answer_not_sure(page)
    expect(page).to_have_url(re.compile(r"/check$"))
    page.get_by_role("button", name="See your result").click()
    expect(page.locator("h1")).to_have_text("Your network: assessment")
    return assessment_id(page.url)


def test_a_practice_goes_from_the_start_page_through_the_interview_to_its_result(page):
    page.goto("/")
    expect(page.locator("h1")).to_contain_text("Work out how to set up your primary care network")
    page.get_by_role("button", name="Start now").click()
    expect(page.locator(".nhsuk-caption-l")).to_contain_text("Question 1")

    page.get_by_label(POPULATION).fill("lots")
    continue_(page)
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary.get_by_role("link").click()
    expect(page.get_by_label(POPULATION)).to_be_focused()
    page.get_by_label(POPULATION).fill("42000")
    continue_(page)

    assert heading(page).startswith(MODEL)
    continue_(page)                          # nothing picked
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Select an answer, or not sure")
    page.get_by_label(NOT_SURE, exact=True).check()
    continue_(page)

    assert heading(page).startswith(PRIORITIES)
    page.get_by_label("Avoid VAT").check()
    page.get_by_label("Keep the practices in control").check()
    page.get_by_label("None of these").check()       # exclusive: the others are unticked
    expect(page.get_by_label("Avoid VAT")).not_to_be_checked()
    expect(page.get_by_label("Keep the practices in control")).not_to_be_checked()
    page.get_by_label("Avoid VAT").check()           # and picking one unticks "None of these"
    expect(page.get_by_label("None of these")).not_to_be_checked()
    continue_(page)

    after_priorities = heading(page)
    assert not after_priorities.startswith(PRIORITIES)
    submit(page, "Back")
    assert heading(page).startswith(PRIORITIES)
    page.get_by_label("Avoid VAT").check()
    continue_(page)
    assert heading(page) == after_priorities

    while re.search(r"/questions", page.url):
        answer_not_sure(page)
    expect(page.locator("h1")).to_have_text("Check your answers")
    answers = page.locator(".nhsuk-summary-list")
    expect(answers).to_contain_text("42,000 patients")
    expect(answers).to_contain_text("Avoid VAT")

    page.get_by_role("link", name=re.compile(r"^Change " + POPULATION)).click()
    expect(page.get_by_label(POPULATION)).to_have_value("42000")
    page.get_by_label(POPULATION).fill("51000")
    continue_(page)
    expect(page.locator("h1")).to_have_text("Check your answers")
    expect(answers).to_contain_text("51,000 patients")

    page.get_by_role("button", name="See your result").click()
    expect(page.locator("h1")).to_have_text("Your network: assessment")
    main = page.locator("main")
    for text in ("Eligibility: ", "Recommended: ", "The five operating models compared", "Things to watch",
                 "Funding streams", "Your setup checklist", "Refine your result", "What if"):
        expect(main).to_contain_text(text)
    expect(page.locator("table").first.locator("tbody tr")).to_have_count(5)
    # on a wide screen the tables fit: no scroll shadow, no extra tab stop
    expect(page.locator(".nhsuk-scroll--scrollable")).to_have_count(0)


def test_refining_one_topic_asks_its_questions_and_updates_the_result(page):
    finish_phase_one(page)
    expect(page.locator("main")).to_contain_text("Contract year 20")
    timing = page.get_by_role("button", name=re.compile(r"^Timing \(1 question\)"))
    timing.click()
    expect(page.locator("h1")).to_contain_text("date")
    page.get_by_role("textbox").fill("1 June 2020")
    continue_(page)
    expect(page.locator("h1")).to_have_text("Check your answers")
    page.get_by_role("button", name="See your result").click()
    expect(page.locator(".web-meta").first).to_contain_text("Contract year 2020/21")
    expect(page.get_by_role("button", name=re.compile(r"^Timing "))).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile(r"^Structure "))).to_have_count(1)


def test_what_if_shows_what_another_model_and_population_would_change_without_saving(page):
    aid = finish_phase_one(page)
    page.get_by_label("Another operating model").select_option(label="Super-practice as a network")
    page.get_by_label("Another population").fill("20000")
    page.get_by_role("button", name="Show what would change").click()
    expect(page).to_have_url(re.compile(rf"/assessments/{aid}/what-if\?.*operating_model=super_practice"))
    expect(page.locator("h1")).to_have_text("What would change")
    tried = page.locator(".nhsuk-summary-list")
    expect(tried).to_contain_text("Super-practice")
    expect(tried).to_contain_text("20,000")
    assert page.locator("main ul.nhsuk-list--bullet li").count() >= 1
    expect(page.locator("main")).to_contain_text("Nothing has been saved")

    page.get_by_role("link", name="Back to your result").click()
    expect(page.locator("h1")).to_have_text("Your network: assessment")
    page.get_by_label("Another population").fill("lots")
    page.get_by_role("button", name="Show what would change").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Population:")
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Another population")).to_be_focused()
    expect(page.get_by_label("Another population")).to_have_value("lots")


def test_ticked_checklist_items_are_saved_and_in_both_downloads(page):
    aid = finish_phase_one(page)
    page.get_by_role("link", name=re.compile(r"^Your setup checklist")).click()
    expect(page.locator("h1")).to_have_text("Setup checklist")
    boxes = page.locator("input[name=done]")
    assert boxes.count() >= 3
    ticked = [boxes.nth(i).get_attribute("value") for i in (0, 2)]
    texts = {}
    for item in ticked:
        box = page.locator(f"#item-{item}")
        texts[item] = " ".join(page.locator(f"label[for=item-{item}]").inner_text().split())
        box.check()
    page.get_by_label("Your name (optional)").fill("Pat Example")
    page.get_by_role("button", name="Save checklist").click()
    expect(page.locator(".nhsuk-inset-text")).to_contain_text("Saved: 2 items changed.")
    for item in ticked:
        expect(page.locator(f"#item-{item}")).to_be_checked()
    expect(page.locator("main")).to_contain_text("Done by Pat Example")
    assert not page.locator(f"#item-{boxes.nth(1).get_attribute('value')}").is_checked()

    with page.expect_download() as md:
        page.get_by_role("link", name="Markdown").click()
    assert md.value.suggested_filename == f"checklist-{aid}.md"
    markdown = open(md.value.path(), encoding="utf-8").read()
    assert markdown.startswith(f"# Checklist for assessment {aid}")
    for item in ticked:
        assert f"- [x] {texts[item]} (done by web:practice" in markdown
    assert markdown.count("- [x]") == 2 and "- [ ]" in markdown

    with page.expect_download() as sheet:
        page.get_by_role("link", name="CSV (spreadsheet)").click()
    assert sheet.value.suggested_filename == f"checklist-{aid}.csv"
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(open(sheet.value.path(), encoding="utf-8").read()))}
    assert len(rows) == boxes.count()
    assert {i for i, r in rows.items() if r["done"] == "yes"} == set(ticked)
    assert all(rows[i]["by"] == "web:practice" and rows[i]["text"] == texts[i] for i in ticked)


def test_a_free_text_question_gets_a_cited_answer_and_can_go_to_an_adviser(page):
    page.goto("/")
    page.get_by_role("link", name="Ask a question about setting up a network").click()
    page.get_by_label("Your question").fill("Who chooses the clinical director?")
    page.get_by_role("button", name="Ask", exact=True).click()
    expect(page.get_by_role("heading", name="Answer", exact=True)).to_be_visible()
    cards = page.locator(".nhsuk-card")
    expect(cards.first).to_contain_text("clinical director")
    for card in cards.all():                 # every point says where in the handbook it comes from
        expect(card).to_contain_text("[BMA, The primary care network handbook")

    page.get_by_label("Your practice or network name (optional)").fill("Riverside PCN")
    page.get_by_role("button", name="Ask an LMC adviser").click()
    # the practice's own page for its request: a link it can keep, what it asked, where it stands
    expect(page).to_have_url(re.compile(r"/cases/[A-Za-z0-9_-]+$"))
    expect(page.locator(".nhsuk-inset-text[role=status]")).to_contain_text("Your request has gone to the LMC advisers")
    mine = page.locator(".nhsuk-summary-list")
    expect(mine).to_contain_text("Who chooses the clinical director?")
    expect(mine).to_contain_text("Riverside PCN")
    expect(mine).to_contain_text(re.compile("waiting for an adviser", re.I))


def sign_in(page, name: str = ADVISER, password: str = PASSWORD) -> None:
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_signed_out_adviser_pages_go_to_sign_in_then_back_to_the_page_asked_for(page):
    for path in ("/advisers", "/advisers/cases/1"):
        page.goto(path)
        expect(page).to_have_url(re.compile(r"/advisers/sign-in\?next="))
        expect(page.locator("h1")).to_have_text("Sign in as an LMC adviser")
    page.goto("/advisers?status=open")
    sign_in(page, password="not the password")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("The name or password is not right")
    sign_in(page)
    expect(page).to_have_url(re.compile(r"/advisers$"))
    expect(page.locator("h1")).to_have_text("Cases for LMC advisers")
    expect(page.locator(".web-account")).to_contain_text(f"Signed in as {ADVISER}")
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator(".nhsuk-inset-text")).to_contain_text("You have signed out.")
    page.goto("/advisers")
    expect(page).to_have_url(re.compile(r"/advisers/sign-in"))


def test_an_adviser_claims_and_resolves_a_case_and_the_practice_sees_the_reply(page, adviser_page):
    aid = finish_phase_one(page)
    note = "Can two networks share our clinical pharmacist?"
    page.get_by_label("Ask an LMC adviser about this result").fill(note)
    page.get_by_role("button", name="Ask an LMC adviser").click()
    expect(page.locator(".nhsuk-inset-text[role=status]")).to_contain_text("Your request has gone to the LMC advisers")
    case_page = page.url
    page.goto(f"/assessments/{aid}")
    expect(page.locator("#advisers ~ .nhsuk-card").first).to_contain_text(note)     # the practice sees its own note

    adviser = adviser_page
    adviser.goto("/advisers")
    sign_in(adviser)
    expect(adviser.locator("h1")).to_have_text("Cases for LMC advisers")
    links = [a.get_attribute("href") for a in adviser.locator("a[href^='/advisers/cases/']").all()]
    assert links, "the queue shows the practice's case"
    for href in links:
        adviser.goto(href)
        if note in adviser.locator("main").inner_text():
            break
    else:
        pytest.fail("no case in the queue carries the practice's note")
    expect(adviser.get_by_role("heading", name="Why this priority")).to_be_visible()
    expect(adviser.get_by_role("link", name="Open the practice's result")).to_have_attribute(
        "href", f"/assessments/{aid}")

    adviser.get_by_role("button", name="Resolve with this reply").click()
    expect(adviser.locator(".nhsuk-error-summary")).to_contain_text("Enter a reply for the practice")
    adviser.get_by_role("button", name="Claim this case").click()
    expect(adviser.locator(".nhsuk-inset-text")).to_contain_text("Case claimed.")
    expect(adviser.locator(".nhsuk-summary-list")).to_contain_text(f"claimed by {ADVISER}")
    reply = "Yes: agree it in both network agreements and split the reimbursement."
    adviser.get_by_label("Reply to the practice").fill(reply)
    adviser.get_by_role("button", name="Resolve with this reply").click()
    expect(adviser.locator(".nhsuk-inset-text")).to_contain_text("Case resolved")
    expect(adviser.locator("main")).to_contain_text(reply)
    expect(adviser.get_by_role("button", name="Claim this case")).to_have_count(0)

    page.reload()
    expect(page.locator("main")).to_contain_text(f"Adviser's reply: {reply}")
    page.goto(case_page)       # the kept link shows the reply too, signed as people write
    expect(page.locator("main")).to_contain_text(reply)
    expect(page.locator("main")).to_contain_text(re.compile(rf"{ADVISER}, \d{{1,2}} [A-Z][a-z]+ \d{{4}}"))


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the focused element matches `selector` (as a keyboard user moves through a page)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector} on {page.url}")


def test_the_first_phase_can_be_done_with_the_keyboard_alone(page):
    page.goto("/")
    tab_to(page, "button.nhsuk-button")
    expect(page.locator(":focus")).to_have_text(re.compile("Start now"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/questions/[a-z_0-9]+$"))
    asked = 0
    while re.search(r"/questions", page.url):
        asked += 1
        prompt = heading(page)
        if page.locator("input.nhsuk-checkboxes__input").count():
            tab_to(page, "input[type=checkbox][value=__unsure__]")
            page.keyboard.press("Space")
            expect(page.locator(":focus")).to_be_checked()
        elif page.locator("input.nhsuk-radios__input").count():
            tab_to(page, "input[type=radio]")       # one tab stop for the group; the arrows move within it
            page.keyboard.press("Space")
            for _ in range(12):
                if page.evaluate("document.activeElement.value") == "__unsure__":
                    break
                page.keyboard.press("ArrowDown")
            expect(page.locator(":focus")).to_have_value("__unsure__")
            expect(page.locator(":focus")).to_be_checked()
        else:
            tab_to(page, "input[type=text]")
            page.keyboard.type("42000")
        tab_to(page, "button[type=submit]:not([value])")
        expect(page.locator(":focus")).to_have_text(re.compile("Continue"))
        # the focused button is visibly marked (NHS.UK's yellow focus state)
        expect(page.locator(":focus")).to_have_css("background-color", "rgb(255, 235, 59)")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert heading(page) != prompt, f"the answer to {prompt!r} was not taken"
    expect(page.locator("h1")).to_have_text("Check your answers")
    assert asked >= 3
    tab_to(page, "a.nhsuk-button")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Your network: assessment")


def test_pages_load_their_styles_and_scripts_under_the_content_security_policy(page):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    # a request the next navigation cancelled (ERR_ABORTED) is not a problem of the page
    page.on("requestfailed", lambda r: problems.append(f"failed ({r.failure}): {r.url}")
            if "ERR_ABORTED" not in (r.failure or "") else None)
    page.on("response", lambda r: problems.append(f"{r.status}: {r.url}")
            if r.status >= 400 and r.request.resource_type != "document" else None)
    finish_phase_one(page)
    page.goto("/ask?question=who+chooses+the+clinical+director")
    page.goto("/advisers/sign-in")
    assert problems == []
    header = page.locator(".nhsuk-header")
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(0, 94, 184)"   # NHS blue
    start(page)
    page.get_by_label(POPULATION).fill("42000")
    continue_(page)
    # the NHS.UK script marks each component it starts: proof init.js ran under the policy
    expect(page.locator(".nhsuk-radios[data-nhsuk-radios-init]")).to_have_count(1)


def test_every_page_type_passes_axe_and_fits_a_narrow_phone(browser, server):
    """axe-core on each page type (and its error state), no sideways scrolling at 320 CSS pixels
    (WCAG's reflow width; a wide table may scroll inside its own box), and a screenshot of each."""
    found, shots = [], []
    practice = new_page(browser, server, bypass_csp=True)   # axe is injected as an inline script

    def check(name: str, p=None) -> None:
        p = p or practice
        p.wait_for_load_state()
        found.append(describe_violations(f"{name} ({p.url})", serious_violations(p)))
        shots.append(save_screenshot(p, name))
        size = p.viewport_size
        p.set_viewport_size(NARROW)
        if p.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth"):
            found.append(f"{name} ({p.url}): the page scrolls sideways at {NARROW['width']} px")
        p.set_viewport_size(size)

    practice.goto("/")
    check("start")
    practice.get_by_role("button", name="Start now").click()
    check("question-number")
    practice.get_by_label(POPULATION).fill("lots")
    continue_(practice)
    check("question-error")
    practice.get_by_label(POPULATION).fill("42000")
    continue_(practice)
    check("question-radios")
    practice.get_by_label(NOT_SURE, exact=True).check()
    continue_(practice)
    check("question-checkboxes")
    while re.search(r"/questions", practice.url):
        answer_not_sure(practice)
    check("check-answers")
    practice.get_by_role("button", name="See your result").click()
    aid = assessment_id(practice.url)
    check("result")
    practice.set_viewport_size(MOBILE)
    check("result-mobile")
    practice.set_viewport_size(DESKTOP)
    practice.goto(f"/assessments/{aid}/what-if?operating_model=federation&population=29000")
    check("what-if")
    practice.goto(f"/assessments/{aid}/what-if?population=lots")
    check("what-if-error")
    practice.goto(f"/assessments/{aid}/checklist")
    check("checklist")
    practice.goto("/questions?change=practices")
    check("question-textarea")
    practice.goto("/questions?change=as_of")
    check("question-date")
    practice.set_viewport_size(MOBILE)
    check("question-date-mobile")
    practice.set_viewport_size(DESKTOP)
    practice.goto("/ask?question=who+chooses+the+clinical+director")
    check("ask")
    practice.goto(f"/assessments/{aid}")
    submit(practice, "Ask an LMC adviser")          # so the adviser has a case to open
    practice.goto("/assessments/" + "0" * 32)
    check("error-404")

    adviser = new_page(browser, server, bypass_csp=True)
    adviser.goto("/advisers/sign-in")
    check("sign-in", adviser)
    sign_in(adviser, password="not the password")
    check("sign-in-error", adviser)
    sign_in(adviser)
    check("adviser-queue", adviser)
    adviser.locator("a[href^='/advisers/cases/']").first.click()
    check("case", adviser)
    adviser.get_by_role("button", name="Resolve with this reply").click()
    check("case-error", adviser)
    practice.context.close()
    adviser.context.close()

    assert all(s.stat().st_size > 10_000 for s in shots)
    problems = "\n".join(f for f in found if f)
    assert not problems, "axe-core found serious or critical problems:\n" + problems


def test_the_result_prints_without_navigation_or_forms_and_its_tables_fit_a4(page, server):
    aid = finish_phase_one(page)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 718, "height": 1000})   # A4's width less Chromium's default margins, at 96 dpi
    for hidden in (".nhsuk-header", ".nhsuk-footer-container", "form", ".nhsuk-skip-link", "#refine", "#what-if"):
        for element in page.locator(hidden).all():
            expect(element).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("table").first).to_be_visible()
    expect(page.get_by_text(f"{server.url}/assessments/{aid}")).to_be_visible()   # paper says where to find it
    overflowing = page.evaluate("""() => [...document.querySelectorAll('table')]
        .filter(t => t.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .map(t => t.caption ? t.caption.textContent : t.outerHTML.slice(0, 80))""")
    assert overflowing == [], f"tables wider than the printed page: {overflowing}"
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    warning = page.locator(".nhsuk-card--warning")     # today is past the sources' years, so it is shown
    assert warning.bounding_box()["y"] <= warning.locator(".nhsuk-card__heading").bounding_box()["y"], \
        "the warning's heading sits over the card's border"
    paths = page.evaluate("""() => [...document.querySelectorAll('main a[href^="/"]')]
        .filter(a => a.checkVisibility() && getComputedStyle(a, '::after').content !== 'none').map(a => a.href)""")
    assert paths == [], f"links printed with a bare path after them: {paths}"
    save_screenshot(page, "result-print")
    SCREENSHOTS.mkdir(exist_ok=True)
    pdf = page.pdf(path=str(SCREENSHOTS / "result.pdf"), format="A4")
    assert pdf.startswith(b"%PDF-")
    pages = re.findall(rb"/MediaBox \[0 0 (\d+)\.?\d* (\d+)\.?\d*\]", pdf)
    assert pages and all((int(w), int(h)) == (595, 842) for w, h in pages)   # A4 in points
