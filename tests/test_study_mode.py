"""Study mode: grades kept in the browser, reveal / hide all, the home page's progress, review and
reset, keyboard shortcuts, accessibility, no layout shift, print, and the no-JavaScript site
(the scheduling itself, the review session, export / import and storage failures: test_review.py).

Unit tests of scripts/pages/question_manifest.py and of the built HTML first, then Chromium."""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from scripts.content.questionnaire import nav_titles, read_questionnaire, source_pages
from scripts.pages.question_manifest import insert_study_panel, manifest
from tests.conftest import SUB_PATH
from tests.site_pages import BOOK_ORDER, after_next_paint, nav_pages, page_file, question_headings, soup_of

STORE_KEY = f"/{SUB_PATH}/.study.v2"  # namespaced by the site's root path, versioned
PAGE = "first-cnn/"  # questions 11-19
FIRST, SECOND, LAST = "q11", "q12", "q19"
PREVIOUS_PAGE_LAST = "q10"  # the last question of the page before PAGE


# --- helpers ------------------------------------------------------------------------------------


def question(number: int, kind: str = "q") -> str:
    return f'## {number}. Question *{number}* `x`? {{ #{kind}{number} }}\n\n??? answer "Answer"\n\n    An answer.\n'


def answer(page: Page, qid: str):
    return page.locator(f"h2#{qid} + details.answer")


def grade_button(page: Page, qid: str, grade: int):
    """Again (1), Hard (2), Good (3) or Easy (4) under a question's answer."""
    return page.locator(f".study-marks[data-study-question='{qid}'] [data-study-grade='{grade}']")


def badge(page: Page, qid: str):
    return answer(page, qid).locator("summary .study-badge")


def stored(page: Page) -> dict | None:
    return page.evaluate(f"JSON.parse(localStorage.getItem({json.dumps(STORE_KEY)}))")


def grades_of(page: Page) -> dict[str, list[int]]:
    """The grades stored for each question, in order."""
    return {qid: [grade for _, grade in progress["log"]] for qid, progress in (stored(page) or {"questions": {}})["questions"].items()}


def store_reviews(page: Page, grades: dict[str, int]) -> None:
    """Write progress as the site stores it (one review each, an hour ago: due now), then reload."""
    questions = {qid: {"log": [["HOUR_AGO", grade]]} for qid, grade in grades.items()}
    page.evaluate(
        f"localStorage.setItem({json.dumps(STORE_KEY)}, JSON.stringify({{version: 2, questions: {json.dumps(questions)}}}))".replace(
            '"HOUR_AGO"', "Date.now() - 36e5"
        )
    )
    page.reload()


def open_study_page(page: Page, server: str, url: str = PAGE) -> None:
    page.goto(server + url)
    page.wait_for_function("document.querySelector('.study-marks button') && document.querySelector('[data-study-toolbar] button')")


def open_home(page: Page, server: str) -> None:
    page.goto(server)
    wait_for_panel(page)


def wait_for_panel(page: Page) -> None:
    page.wait_for_function("document.querySelector('[data-study-panel] .study-bar[aria-valuenow]') !== null")


def section_row(page: Page, url: str):
    return page.locator(f"[data-study-panel] [data-study-section='{url}']")


def due_today(page: Page):
    return page.locator("[data-study-panel] .study-panel__due")


def instant(page: Page, link: str) -> None:
    """Follow a link with Material's instant navigation and make sure the page was not reloaded."""
    page.wait_for_load_state("networkidle")  # Material follows links instantly once it has its sitemap
    page.evaluate("window.__sameDocument = true; window.__previousTitle = document.querySelector('article h1')")
    before = page.url
    page.locator(link).first.click()
    page.wait_for_function("before => location.href !== before", arg=before)
    # the URL changes before Material swaps the content in
    page.wait_for_function("![null, window.__previousTitle].includes(document.querySelector('article h1'))")
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded: instant navigation is off"


def active_id(page: Page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


# --- the manifest and the built HTML ------------------------------------------------------------


@pytest.mark.unit
def test_nav_titles_walk_the_nav_in_order() -> None:
    nav = [{"Home": "index.md"}, {"Part": [{"A": "a.md"}, "b.md"]}, {"Elsewhere": "https://example.com/"}]
    assert nav_titles(nav) == [("index.md", "Home"), ("a.md", "A"), ("b.md", "")]
    assert nav_titles(None) == []


@pytest.mark.unit
def test_the_manifest_lists_each_question_with_its_page_and_section_in_nav_order() -> None:
    pages = [
        ("z-first.md", "z-first/", "# Z page\n\n" + question(1) + question(2)),
        ("index.md", "", "# Home\n\nNo questions here.\n"),
        ("a-second.md", "a-second/", "# A page title\n\n" + question(1, "r")),
        ("unlisted.md", "unlisted/", "# Unlisted\n\n" + question(3)),
    ]
    nav = [{"Home": "index.md"}, {"First section": "z-first.md"}, "a-second.md"]
    data = manifest(read_questionnaire(source_pages(pages, nav)))
    assert data["version"] == 1
    assert data["sections"] == [
        {"title": "First section", "url": "z-first/", "questions": ["q1", "q2"]},
        {"title": "A page title", "url": "a-second/", "questions": ["r1"]},  # no nav title: the page's own
        {"title": "Unlisted", "url": "unlisted/", "questions": ["q3"]},  # not in the nav: after it
    ]
    assert data["questions"][0] == {
        "id": "q1",
        "label": "Q1",
        "kind": "q",
        "number": 1,
        "title": "Question 1 x?",  # plain text
        "url": "z-first/",
        "section": "First section",
    }
    assert [record["id"] for record in data["questions"]] == ["q1", "q2", "r1", "q3"]


@pytest.mark.unit
def test_the_home_page_panel_is_sized_for_its_sections() -> None:
    sections = [{"title": f'Part {n} & "more"', "url": f"part-{n}/", "questions": [f"q{n}"]} for n in range(7)]
    home = insert_study_panel("Hi\n\n<!-- study-panel -->\n", sections)
    data = html.escape(json.dumps(sections, separators=(",", ":")))
    assert home == f'Hi\n\n<div class="study-panel" data-study-panel data-study-sections="{data}" style="--study-sections: 7"></div>\n'
    assert json.loads(html.unescape(data)) == sections
    assert insert_study_panel("No panel.", sections) == "No panel."


@pytest.mark.site
def test_the_built_site_has_the_manifest_of_all_43_questions(site: Path) -> None:
    data = json.loads((site / "questions.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert [record["id"] for record in data["questions"] if record["kind"] != "d"] == BOOK_ORDER  # then the drills (test_drills_page.py)
    home = soup_of(site / "index.html")
    nav_titles_by_url = {}
    for link in home.select(".md-nav--primary a.md-nav__link[href]"):
        href = str(link["href"]).removeprefix("./")
        nav_titles_by_url.setdefault(href, " ".join(link.get_text().split()))
    for section in data["sections"]:
        assert section["title"] == nav_titles_by_url[section["url"]], f"{section['url']}: not the nav's title"
    for record in (record for record in data["questions"] if record["kind"] != "d"):
        heading = soup_of(page_file(site, record["url"])).find(id=record["id"])
        assert heading is not None, f"{record['id']} is not on {record['url']}"
        for control in heading.select("a.headerlink, a.short-link"):
            control.decompose()
        assert f"{record['number']}. {record['title']}" == " ".join(heading.get_text().split())
        assert record["label"] == record["id"].upper()
        assert record["id"] in next(s["questions"] for s in data["sections"] if s["url"] == record["url"])


@pytest.mark.site
def test_the_built_pages_carry_empty_places_for_the_study_controls(site: Path) -> None:
    for url in nav_pages(site):
        soup = soup_of(page_file(site, url))
        headings = question_headings(soup)
        toolbars = soup.select("article [data-study-toolbar]")
        assert len(toolbars) == (1 if headings else 0), f"{url}: {len(toolbars)} toolbars"
        if headings:
            assert toolbars[0].find_next("h2") is headings[0], f"{url}: the tools are not right before the first question"
        for heading in headings:
            rows = heading.find_next_sibling("details").select(".study-marks")
            assert [row["data-study-question"] for row in rows] == [heading["id"]]
            assert rows[0].find_previous_sibling("summary") is not None
        for place in soup.select(".study-marks, [data-study-toolbar], [data-study-panel]"):
            assert place.get_text(strip=True) == "" and not place.find(True), f"{url}: a study place is not empty"
    panel = soup_of(site / "index.html").select("article [data-study-panel]")
    assert len(panel) == 1 and panel[0]["style"] == "--study-sections: 8"  # 7 pages of questions and the drills
    manifest_sections = json.loads((site / "questions.json").read_text(encoding="utf-8"))["sections"]
    assert json.loads(panel[0]["data-study-sections"]) == manifest_sections, "the panel carries the manifest's sections"


@pytest.mark.browser
def test_grades_are_kept_across_a_reload_and_instant_navigation(site: Path, server: str, page: Page) -> None:
    open_study_page(page, server)
    answer(page, FIRST).locator("summary").click()
    grade_button(page, FIRST, 3).click()
    expect(badge(page, FIRST)).to_have_text("Back in 10 min")
    grade_button(page, SECOND, 1).evaluate("button => button.click()")  # closed answer: as a script would
    expect(badge(page, SECOND)).to_have_text("Back in 1 min")
    assert grades_of(page) == {FIRST: [3], SECOND: [1]}

    page.reload()
    page.wait_for_function("document.querySelector('.study-marks button') !== null")
    expect(badge(page, FIRST)).to_have_text("Back in 10 min")
    expect(badge(page, SECOND)).to_have_text("Back in 1 min")
    expect(badge(page, "q13")).to_have_text("")

    instant(page, "a.md-footer__link--next")
    instant(page, "a.md-footer__link--prev")
    assert page.url == server + PAGE
    expect(badge(page, FIRST)).to_have_text("Back in 10 min")
    expect(page.locator("[data-study-toolbar] .study-toolbar__count")).to_have_text("2 of 9 reviewed, 0 due")

    instant(page, "a.md-header__button.md-logo")
    wait_for_panel(page)
    expect(section_row(page, PAGE).locator(".study-panel__count--new")).to_have_text("7")
    expect(section_row(page, PAGE).locator(".study-panel__count--due")).to_have_text("2")


@pytest.mark.browser
def test_instant_navigation_draws_each_control_once_and_adds_no_listener(site: Path, server: str, page: Page) -> None:
    open_study_page(page, server)
    for _ in range(3):
        instant(page, "a.md-footer__link--next")
        instant(page, "a.md-footer__link--prev")
    assert page.url == server + PAGE
    page.wait_for_function("document.querySelectorAll('.study-marks button').length >= 36")  # drawn on document$
    for qid in [f"q{n}" for n in range(11, 20)]:
        assert page.locator(f".study-marks[data-study-question='{qid}'] button").count() == 4
        assert answer(page, qid).locator("summary .study-badge").count() == 1
    assert page.locator("[data-study-toolbar] button").count() == 3
    assert page.locator("#study-help").count() == 1
    page.evaluate(f"""() => {{
        window.__writes = 0;
        const setItem = Storage.prototype.setItem;
        Storage.prototype.setItem = function (key, value) {{
            if (key === {json.dumps(STORE_KEY)}) window.__writes += 1;
            return setItem.call(this, key, value);
        }};
    }}""")
    answer(page, FIRST).locator("summary").click()
    grade_button(page, FIRST, 3).click()
    expect(badge(page, FIRST)).to_have_text("Back in 10 min")
    assert page.evaluate("window.__writes") == 1, "one click, several listeners"
    page.keyboard.press("j")  # from the question holding focus; twice-bound keys would skip one
    expect(page.locator(f"h2#{SECOND}")).to_be_focused()
    page.keyboard.press("o")
    page.keyboard.press("4")
    expect(badge(page, SECOND)).not_to_have_text("")
    assert page.evaluate("window.__writes") == 2, "one key, several listeners"
    assert grades_of(page) == {FIRST: [3], SECOND: [4]}
    help_button = page.get_by_role("button", name="Keyboard shortcuts")
    help_button.click()
    expect(help_button).to_have_attribute("aria-expanded", "true")


@pytest.mark.browser
def test_progress_is_namespaced_versioned_and_survives_bad_data(site: Path, server: str, page: Page) -> None:
    page.goto(server + PAGE)
    other_site = f"/other-{SUB_PATH}/.study.v2"
    one = "{version: 2, questions: {q11: {log: [[Date.now() - 36e5, 3]]}}}"
    page.evaluate(f"""() => {{
        localStorage.setItem({json.dumps(other_site)}, JSON.stringify({one}));
        localStorage.setItem({json.dumps(STORE_KEY)}, "not JSON {{");
    }}""")
    page.reload()
    page.wait_for_function("document.querySelector('.study-marks button') !== null")
    expect(badge(page, FIRST)).to_have_text("")  # another site's progress is not read
    page.evaluate(f"localStorage.setItem({json.dumps(STORE_KEY)}, JSON.stringify({one}).replace('\"version\":2', '\"version\":99'))")
    page.reload()
    page.wait_for_function("document.querySelector('.study-marks button') !== null")
    expect(badge(page, FIRST)).to_have_text("")  # a format it does not know
    page.evaluate(
        f"localStorage.setItem({json.dumps(STORE_KEY)}, JSON.stringify({{version: 2, questions: "
        "{q11: {log: [[Date.now() - 36e5, 3]]}, q12: {log: [[1, 9]]}, x: {log: [[1, 3]]}}}))"
    )
    page.reload()
    page.wait_for_function("document.querySelector('.study-marks button') !== null")
    expect(badge(page, FIRST)).to_have_text("Due")
    expect(badge(page, SECOND)).to_have_text("")
    grade_button(page, SECOND, 1).evaluate("button => button.click()")
    expect(badge(page, SECOND)).to_have_text("Back in 1 min")
    assert set(grades_of(page)) == {FIRST, SECOND}
    assert page.evaluate(f"JSON.parse(localStorage.getItem({json.dumps(other_site)}))")["questions"].keys() == {"q11"}


@pytest.mark.browser
def test_progress_never_leaves_the_browser(site: Path, server: str, page: Page) -> None:
    open_study_page(page, server)
    page.wait_for_load_state("networkidle")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(f"{request.method} {request.url}"))
    answer(page, FIRST).locator("summary").click()
    grade_button(page, FIRST, 3).click()
    grade_button(page, FIRST, 1).click()
    page.keyboard.press("j")
    page.keyboard.press("o")
    page.keyboard.press("2")
    page.get_by_role("button", name="Reveal all answers").click()
    # grading waits for the scheduler, which this page loads on the first grade: wait for both stored
    page.wait_for_function(f"Object.keys(JSON.parse(localStorage.getItem({json.dumps(STORE_KEY)}))?.questions ?? {{}}).length >= 2")
    assert set(grades_of(page)) == {FIRST, SECOND}
    sent = [r for r in requests if not r.startswith(f"GET {server}") or "?" in r]  # the scheduler's files and fonts, from the site
    assert sent == [], f"grading sent requests: {sent}"


# --- page tools ------------------------------------------------------------------------------------


@pytest.mark.browser
def test_reveal_all_and_hide_all_open_and_close_every_answer(site: Path, server: str, page: Page) -> None:
    open_study_page(page, server)
    answers = page.locator("article details.answer")
    count = answers.count()
    assert count == 9
    page.get_by_role("button", name="Reveal all answers").click()
    assert answers.evaluate_all("all => all.filter(d => d.open).length") == count
    expect(answers.last.locator("p").first).to_be_visible()
    page.get_by_role("button", name="Hide all answers").click()
    assert answers.evaluate_all("all => all.filter(d => d.open).length") == 0
    instant(page, "a.md-footer__link--next")  # the tools work on the next page too
    page.get_by_role("button", name="Reveal all answers").click()
    assert page.locator("article details.answer:not([open])").count() == 0


@pytest.mark.browser
def test_home_shows_progress_per_section_and_overall(site: Path, server: str, page: Page) -> None:
    page.goto(server)
    store_reviews(page, {"q1": 3, "q2": 3, "q3": 1, "q11": 3, "r1": 3, "r2": 1})
    wait_for_panel(page)
    data = json.loads((site / "questions.json").read_text(encoding="utf-8"))
    rows = page.locator("[data-study-panel] tr[data-study-section]")
    assert rows.evaluate_all("rows => rows.map(r => r.dataset.studySection)") == [s["url"] for s in data["sections"]]
    expect(due_today(page)).to_have_text("Due today: 6")  # carried-over reviews, no card yet: due now
    magic = section_row(page, "magic-of-convolutions/")
    for count, value in {"new": "7", "learning": "3", "due": "3"}.items():
        expect(magic.locator(f".study-panel__count--{count}")).to_have_text(value)
    bar = magic.get_by_role("progressbar", name="The Magic of Convolutions: reviewed")
    for name, value in {
        "aria-valuenow": "3",
        "aria-valuemax": "10",
        "aria-valuetext": "3 of 10 reviewed: 7 new, 3 learning, 3 due today",
    }.items():
        expect(bar).to_have_attribute(name, value)
    expect(section_row(page, "further-research/").locator(".study-panel__count--new")).to_have_text("1")
    expect(section_row(page, "color-images/").get_by_role("progressbar")).to_have_attribute(
        "aria-valuetext", "0 of 2 reviewed: 2 new, 0 learning, 0 due today"
    )
    link = magic.get_by_role("link", name="The Magic of Convolutions")
    expect(link).to_have_attribute("href", server + "magic-of-convolutions/")
    expect(page.get_by_role("region", name="Your progress")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Learning")).to_be_visible()
    # a grade given in another tab shows here without a reload
    page.evaluate(f"""() => {{
        const value = JSON.stringify({{version: 2, questions: {{q1: {{log: [[Date.now(), 3]]}}}}}});
        localStorage.setItem({json.dumps(STORE_KEY)}, value);
        window.dispatchEvent(new StorageEvent("storage", {{key: {json.dumps(STORE_KEY)}, newValue: value}}));
    }}""")
    expect(due_today(page)).to_have_text("Due today: 1")


@pytest.mark.browser
def test_start_review_goes_to_a_due_question_with_its_answer_closed(site: Path, server: str, page: Page) -> None:
    page.goto(server)
    store_reviews(page, {"q23": 1})
    wait_for_panel(page)
    instant(page, "[data-study-panel] button:has-text('Start review')")
    assert page.url == f"{server}training-stability/#q23"
    expect(page.locator("h2#q23")).to_be_focused()
    expect(page.locator("h2#q23")).to_be_in_viewport()
    expect(answer(page, "q23")).not_to_have_attribute("open", "")
    after_next_paint(page)
    assert not answer(page, "q23").evaluate("d => d.open"), "the answer opened after arriving"


@pytest.mark.browser
def test_start_review_says_so_when_nothing_is_due_and_nothing_is_new(site: Path, server: str, page: Page) -> None:
    page.goto(server)
    page.evaluate(f"""localStorage.setItem({json.dumps(STORE_KEY)}, JSON.stringify({{version: 2, questions: Object.fromEntries(
        {json.dumps(BOOK_ORDER)}.map(id => [id, {{log: [[Date.now(), 4]], card: {{due: Date.now() + 9 * 864e5, state: 2}}}}]))}}))""")
    page.reload()
    wait_for_panel(page)
    expect(due_today(page)).to_have_text("Due today: 0")
    page.get_by_role("button", name="Start review").click()
    expect(page.locator("[data-study-panel] [role=status]")).to_have_text("Review done: nothing is due, and every question has been seen.")
    assert page.url.split("#")[0] == server


@pytest.mark.browser
def test_reset_asks_first_then_clears_all_progress(site: Path, server: str, page: Page) -> None:
    page.goto(server)
    store_reviews(page, {"q1": 3, "q2": 1, "q11": 3})
    wait_for_panel(page)
    messages: list[str] = []

    def dismiss(dialog) -> None:
        messages.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.get_by_role("button", name="Reset progress").click()
    expect(due_today(page)).to_have_text("Due today: 3")
    assert messages and "3 questions" in messages[0]
    assert set(grades_of(page)) == {"q1", "q2", "q11"}

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset progress").click()
    expect(due_today(page)).to_have_text("Due today: 0")
    expect(page.locator("[data-study-panel] [role=status]")).to_have_text("Progress reset.")
    assert stored(page) is None
    page.reload()
    wait_for_panel(page)
    expect(section_row(page, "magic-of-convolutions/").locator(".study-panel__count--new")).to_have_text("10")


@pytest.mark.browser
def test_keys_move_between_questions_open_answers_and_grade_them(site: Path, server: str, page: Page) -> None:
    open_study_page(page, server)
    page.keyboard.press("j")
    expect(page.locator(f"h2#{FIRST}")).to_be_focused()
    expect(page.locator(f"h2#{FIRST}")).to_be_in_viewport()
    page.keyboard.press("o")
    expect(answer(page, FIRST)).to_have_attribute("open", "")
    page.keyboard.press("3")
    expect(page.locator("#study-status")).to_have_text("question 11: Good, back in 10 min")
    page.keyboard.press("1")
    expect(page.locator("#study-status")).to_have_text("question 11: Again, back in 1 min")
    expect(badge(page, FIRST)).to_have_text("Back in 1 min")
    page.keyboard.press("o")
    expect(answer(page, FIRST)).not_to_have_attribute("open", "")
    page.keyboard.press("j")
    expect(page.locator(f"h2#{SECOND}")).to_be_focused()
    page.keyboard.press("3")  # its answer is closed: nothing is graded
    expect(page.locator("#study-status")).to_have_text("Open the answer to question 12 first (o), then grade it.")
    page.keyboard.press("k")
    expect(page.locator(f"h2#{FIRST}")).to_be_focused()
    assert grades_of(page) == {FIRST: [3, 1]}
    help_button = page.get_by_role("button", name="Keyboard shortcuts")
    page.keyboard.press("?")
    expect(help_button).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#study-help")).to_be_visible()
    expect(page.locator("#study-help")).to_contain_text("Grade the open answer: Again, Hard, Good, Easy")
    page.keyboard.press("?")
    expect(page.locator("#study-help")).to_be_hidden()


@pytest.mark.browser
def test_keys_cross_to_the_neighbouring_page_with_the_answer_closed(site: Path, server: str, page: Page) -> None:
    open_study_page(page, server)
    page.keyboard.press("j")
    expect(page.locator(f"h2#{FIRST}")).to_be_focused()
    page.wait_for_load_state("networkidle")  # Material follows links instantly once it has its sitemap
    page.evaluate("window.__sameDocument = true")
    page.keyboard.press("k")  # before the page's first question: the previous page's last
    page.wait_for_url(f"**/magic-of-convolutions/#{PREVIOUS_PAGE_LAST}")
    expect(page.locator(f"h2#{PREVIOUS_PAGE_LAST}")).to_be_focused()
    expect(answer(page, PREVIOUS_PAGE_LAST)).not_to_have_attribute("open", "")
    page.keyboard.press("j")
    page.wait_for_url(f"**/{PAGE}#{FIRST}")
    expect(page.locator(f"h2#{FIRST}")).to_be_focused()
    expect(answer(page, FIRST)).not_to_have_attribute("open", "")
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"
    page.goto(server + "further-research/")
    page.wait_for_function("document.querySelector('.study-marks button') !== null")
    for qid in ("r1", "r2", "r3"):
        page.keyboard.press("j")
        expect(page.locator(f"h2#{qid}")).to_be_focused()
    page.keyboard.press("j")  # past the last question of all: it stays, and says so
    expect(page.locator("#study-status")).to_have_text("This is the last question.")
    expect(page.locator("h2#r3")).to_be_focused()
    assert page.url.startswith(server + "further-research/")


@pytest.mark.browser
def test_keys_act_on_the_first_question_on_screen_when_none_was_moved_to(site: Path, server: str, page: Page) -> None:
    open_study_page(page, server)
    page.locator("h2#q15").evaluate("h => h.scrollIntoView()")
    page.evaluate("window.scrollBy(0, -60)")  # the heading just below Material's header
    after_next_paint(page)
    page.keyboard.press("o")
    expect(answer(page, "q15")).to_have_attribute("open", "")
    page.keyboard.press("3")
    expect(badge(page, "q15")).to_have_text("Back in 10 min")
    assert grades_of(page) == {"q15": [3]}
    page.keyboard.press("j")
    expect(page.locator("h2#q16")).to_be_focused()


@pytest.mark.browser
def test_keys_do_nothing_while_typing_in_the_search_or_with_modifiers(site: Path, server: str, page: Page) -> None:
    open_study_page(page, server)
    answer(page, FIRST).evaluate("d => { d.open = true; }")  # grades would apply to it
    page.keyboard.press("/")  # Material's key: opens the search
    search = page.locator("input.md-search__input")
    expect(search).to_be_focused()
    search.press_sequentially("jko1234?", delay=20)
    expect(search).to_have_value("jko1234?")
    assert stored(page) is None
    assert page.locator("article details.answer[open]").count() == 1
    assert page.locator(".study-current").count() == 0
    expect(page.locator("#study-help")).to_be_hidden()
    search.fill("")
    page.locator("h2#q11").evaluate("h => { h.tabIndex = -1; h.focus(); }")  # search still open, focus elsewhere
    assert page.evaluate("document.getElementById('__search').checked")
    page.keyboard.press("3")
    assert stored(page) is None
    page.keyboard.press("Escape")
    page.wait_for_function("!document.getElementById('__search').checked")
    page.locator("h2#q11").evaluate("h => h.focus()")
    for chord in ("Alt+3", "Control+3", "Shift+Digit3", "Meta+3", "Alt+j"):
        page.keyboard.press(chord)
    assert stored(page) is None
    expect(page.locator("h2#q11")).to_be_focused()
    page.keyboard.press("3")  # and on its own it works
    expect(badge(page, FIRST)).to_have_text("Back in 10 min")
    assert grades_of(page) == {FIRST: [3]}


@pytest.mark.browser
def test_materials_own_keys_keep_working(site: Path, server: str, page: Page) -> None:
    open_study_page(page, server)
    page.keyboard.press("j")
    expect(page.locator(f"h2#{FIRST}")).to_be_focused()
    for key, rel in (("n", "next"), ("p", "prev")):  # Material: next / previous page
        open_study_page(page, server)
        page.keyboard.press("j")
        target = page.evaluate(f"document.querySelector('link[rel={rel}]').href")
        page.keyboard.press(key)
        page.wait_for_url(target)
    page.keyboard.press("s")  # Material: search
    expect(page.locator("input.md-search__input")).to_be_focused()
    assert stored(page) is None


@pytest.mark.browser
def test_controls_are_labelled_buttons_with_their_state_and_a_visible_focus(site: Path, server: str, page: Page) -> None:
    open_study_page(page, server)
    answer(page, FIRST).locator("summary").click()
    group = page.get_by_role("group", name="Grade your answer to question 11")
    for index, name in enumerate(["Again", "Hard", "Good", "Easy"]):
        expect(group.get_by_role("button", name=name, exact=True)).to_have_attribute("aria-keyshortcuts", str(index + 1))
    expect(group.get_by_role("button", name="Easy", exact=True)).to_have_accessible_description("in 8 days")
    group.get_by_role("button", name="Good", exact=True).click()
    help_button = page.get_by_role("group", name="Study tools for this page").get_by_role(
        "button", name="Keyboard shortcuts", expanded=False
    )
    expect(help_button).to_have_attribute("aria-controls", "study-help")
    # an answer's state is its <summary>'s, which Chromium gives screen readers as expanded / collapsed,
    # and when it comes back is part of its name
    expect(badge(page, FIRST)).to_have_text("Back in 10 min")
    cdp = page.context.new_cdp_session(page)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    summaries = [
        (n.get("name", {}).get("value"), {p["name"]: p["value"].get("value") for p in n.get("properties", [])}.get("expanded"))
        for n in nodes
        if n.get("role", {}).get("value") == "DisclosureTriangle"
    ]
    assert summaries[:2] == [("Answer Back in 10 min", True), ("Answer", False)]
    # keyboard focus is visible: Tab from the summary reaches the first grade
    answer(page, FIRST).locator("summary").focus()
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_attribute("data-study-grade", "1")
    outline = focused.evaluate("e => { const s = getComputedStyle(e); return [s.outlineStyle, parseFloat(s.outlineWidth)]; }")
    assert outline[0] != "none" and outline[1] >= 1, f"no visible focus: {outline}"
    controls = page.locator("article .study-marks > *, [data-study-toolbar] > :not(.study-toolbar__count)")
    assert controls.count() == 9 * 4 + 3
    assert controls.evaluate_all("all => all.every(e => e.tagName === 'BUTTON' && e.type === 'button' && e.textContent.trim())")


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("url", ["", PAGE])
def test_controls_appear_without_moving_anything(site: Path, server: str, new_page: Callable[..., Page], url: str, width: int) -> None:
    """Every heading and answer is where it was with the study scripts blocked (their places empty)."""

    def layout(scripts: bool) -> tuple[list[float], list[dict]]:
        page = new_page(viewport={"width": width, "height": 900})
        page.add_init_script("""
            window.__shifts = [];
            new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts.push(e.value); })
                .observe({type: "layout-shift", buffered: true});
        """)
        if not scripts:
            page.route("**/assets/javascripts/site.js", lambda route: route.abort())  # every script of ours
        page.goto(server)
        page.evaluate(
            f"localStorage.setItem({json.dumps(STORE_KEY)}, JSON.stringify({{version: 2, questions: {{q11: {{log: [[Date.now(), 3]]}}, q1: {{log: [[Date.now(), 1]]}}}}}}))"
        )
        page.goto(server + url)
        page.evaluate("document.fonts.ready.then(() => true)")
        if scripts:
            page.wait_for_function("document.querySelector('.study-marks button, [data-study-panel] .study-bar[aria-valuenow]') !== null")
        else:
            assert page.locator(".study-marks, [data-study-panel]").first.evaluate("e => e.childElementCount") == 0
        after_next_paint(page)
        shifts = page.evaluate("window.__shifts")
        page.evaluate("document.querySelectorAll('article details.answer').forEach(d => d.open = true)")
        page.evaluate("document.fonts.ready.then(() => true)")  # the math of the opened answers
        page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(image => { image.loading = 'eager'; })")
        page.wait_for_function("[...document.images].every(image => image.complete)")
        after_next_paint(page)
        tops = page.evaluate("""() => [...document.querySelectorAll('article h2, article h3, article details.answer, article details.answer > p')]
            .filter(e => !e.closest('[data-study-panel]'))  // the panel's own heading
            .map(e => Math.round((e.getBoundingClientRect().top + scrollY) * 10) / 10)""")
        page.close()
        return tops, shifts

    without, _ = layout(scripts=False)
    with_scripts, shifts = layout(scripts=True)
    assert len(without) >= 10
    assert with_scripts == without, "the study controls moved the page when they appeared"
    assert sum(shifts) == 0, f"layout shifts: {shifts}"


# --- print and no JavaScript ----------------------------------------------------------------------


@pytest.mark.browser
def test_printing_shows_every_answer_open_without_the_study_controls(site: Path, server: str, page: Page) -> None:
    open_study_page(page, server)
    page.emulate_media(media="print")
    for qid in ("q11", "q15", "q19"):
        expect(answer(page, qid).locator("p").first).to_be_visible()
    for selector in (".study-marks", "[data-study-toolbar]", ".study-badge"):
        assert page.locator(selector).evaluate_all("all => all.every(e => e.getBoundingClientRect().height === 0)"), selector
    page.emulate_media(media="screen")
    expect(answer(page, "q15").locator("p").first).to_be_hidden()
    # where the browser cannot style a closed <details>, the script opens them for printing
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator("article details.answer:not([open])").count() == 0
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.locator("article details.answer[open]").count() == 0
    open_home(page, server)
    page.emulate_media(media="print")
    expect(page.locator("[data-study-panel]")).to_be_hidden()


@pytest.mark.browser
def test_without_javascript_the_page_is_the_plain_site(site: Path, server: str, new_page: Callable[..., Page]) -> None:
    page = new_page(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page.goto(server + PAGE)
    assert page.locator(".study-marks").count() == 9  # the empty places are there...
    assert page.locator("article button").count() == 0  # ...but nothing is drawn in them
    summary = answer(page, FIRST).locator("summary")
    summary.click()  # answers still open and close: <details> needs no script
    expect(answer(page, FIRST)).to_have_attribute("open", "")
    expect(answer(page, FIRST).locator("p").first).to_be_visible()
    for selector in (".study-marks", "[data-study-toolbar]"):
        assert page.locator(selector).evaluate_all("all => all.every(e => getComputedStyle(e).display === 'none')"), selector
    first_heading = page.locator(f"h2#{FIRST}").bounding_box()
    intro = page.locator("article h1 + p").bounding_box()
    assert first_heading["y"] - (intro["y"] + intro["height"]) < 80, "room is left for tools that never come"
    page.goto(server)
    expect(page.locator("[data-study-panel]")).to_be_hidden()
    assert page.locator("[data-study-panel]").evaluate("e => getComputedStyle(e).display") == "none"
