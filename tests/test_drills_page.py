"""The Drills page: its worked examples made at build time, its page-only ES module (at most 8 KB gzip)
making in Chromium the same exercises as the Python for the same seeds, each drill type answered
right, wrong and with a known mistake (feedback, worked solution, link to its question, the grade
kept in the FSRS schedule, the same link opening the same exercise), the drills in the home panel,
review sessions and export/import, axe in light and dark, the keyboard alone, a 360 px phone, no
layout shift when the exercises appear, and the page without JavaScript."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from scripts.arithmetic.drills import DRILLS, exercise, parse
from scripts.build.site_script import ENTRIES
from scripts.pages.drills_page import EXAMPLE_SEEDS, display, example_html, insert_examples, with_drills
from tests.axe_check import Axe
from tests.conftest import ROOT, SUB_PATH
from tests.site_pages import answer_after, nav_pages, soup_of

URL = "drills/"
MODULE = "(await import(document.querySelector('script[src$=\"/drills.js\"]').src))"  # the page's own module
SCRIPTS = ROOT / "docs" / "javascripts" / "drills"
MAX_SCRIPT_GZIP = 8 * 1024
STORE_KEY = f"/{SUB_PATH}/.study.v2"
TRAINED = {
    "q5": "d1",
    "q6": "d1",
    "q8": "d2",
    "q15": "d6",
    "q16": "d7",
    "q17": "d7",
    "q21": "d8",
    "q23": "d6",
    "q24": "d4",
    "q29": "d9",
    "q38": "d5",
}
QUESTION_PAGES = {
    "q5": "magic-of-convolutions/",
    "q6": "magic-of-convolutions/",
    "q8": "magic-of-convolutions/",
    "q15": "first-cnn/",
    "q16": "first-cnn/",
    "q17": "first-cnn/",
    "q21": "color-images/",
    "q23": "training-stability/",
    "q24": "training-stability/",
    "q29": "training-stability/",
    "q38": "batch-normalization/",
}


def seed_with_mistake(drill: str) -> int:
    """A seed whose exercise has a known mistake (most have several)."""
    return next(seed for seed in range(1, 500) if exercise(drill, seed)["mistakes"])


def wrong_answer(ex: dict) -> str:
    """A wrong answer that is no known mistake."""
    if ex["kind"] == "shape":
        return "1×2×3×4"
    known = {ex["answer"], *(value for value, _ in ex["mistakes"])}
    return next(str(v) for v in range(987_654, 999_999) if str(v) not in known)


# --- pure Python ----------------------------------------------------------------------------------


@pytest.mark.unit
def test_every_drill_marker_must_be_there_once() -> None:
    page = "\n\n".join(f"## {title} {{ #{drill} }}\n\n<!-- drill {drill} -->" for drill, title in DRILLS.items())
    html = insert_examples(page)
    assert html.count('<div class="drill" data-drill=') == len(DRILLS) >= 8
    assert example_html(exercise("d1", EXAMPLE_SEEDS["d1"])) in html
    with pytest.raises(ValueError, match=r"docs/drills.md: .*missing or repeated \['d3'\]"):
        insert_examples(page.replace("<!-- drill d3 -->", ""))
    with pytest.raises(ValueError, match=r"unknown \['d99'\]"):
        insert_examples(page + "\n<!-- drill d99 -->")
    with pytest.raises(ValueError, match=r"missing or repeated \['d2'\]"):
        insert_examples(page + "\n<!-- drill d2 -->")


@pytest.mark.unit
def test_the_manifest_gains_a_drills_section_after_the_questions() -> None:
    base = {"version": 1, "sections": [{"title": "A", "url": "a/", "questions": ["q1"]}], "questions": [{"id": "q1", "kind": "q"}]}
    data = with_drills(base)
    assert data["sections"][-1] == {"title": "Drills", "url": URL, "questions": list(DRILLS)}
    assert [q["id"] for q in data["questions"]] == ["q1", *DRILLS]
    assert data["questions"][1] == {
        "id": "d1",
        "label": "D1",
        "kind": "d",
        "number": 1,
        "title": "Output size",
        "url": URL,
        "section": "Drills",
    }
    assert base["questions"] == [{"id": "q1", "kind": "q"}], "the manifest given is not changed"


@pytest.mark.unit
def test_the_page_script_is_a_page_only_entry_of_es_modules() -> None:
    assert [e.output for e in ENTRIES if e.source == "javascripts/drills/page.js"] == ["javascripts/drills.js"]
    assert [f.name for f in sorted(SCRIPTS.glob("*.js"))] == ["drills.js", "page.js", "schedule.js"]
    page = (SCRIPTS / "page.js").read_text(encoding="utf-8")
    assert 'from "./drills.js"' in page and 'from "./schedule.js"' in page, "ES modules with import/export"
    assert 'from "../site.js"' in (SCRIPTS / "schedule.js").read_text(encoding="utf-8"), "the page's one study store"


# --- the built site -------------------------------------------------------------------------------


@pytest.mark.site
def test_the_page_script_is_at_most_8_kb_gzip_and_shares_the_site_bundle(site: Path) -> None:
    script = (site / "javascripts" / "drills.js").read_bytes()
    size = len(gzip.compress(script, compresslevel=9))
    print(f"\njavascripts/drills.js: {len(script)} bytes, {size} bytes gzip")
    assert size <= MAX_SCRIPT_GZIP, f"the drills' script is {size} bytes gzip (budget {MAX_SCRIPT_GZIP})"
    assert b"../assets/javascripts/site.js" in script, "it imports the every-page bundle (one store), not a copy of it"
    assert b"createEmptyCard" not in script, "the FSRS scheduler is loaded on demand, not bundled in"


@pytest.mark.site
def test_the_page_is_in_the_nav_beside_the_playground_with_a_worked_example_per_drill(site: Path) -> None:
    pages = nav_pages(site)
    assert pages[pages.index("kernel-playground/") + 1] == URL
    soup = soup_of(site / URL / "index.html")
    assert soup.select_one('script[type="module"][src="../javascripts/drills.js"]') is not None
    assert soup.select_one('link[rel="stylesheet"][href$="stylesheets/drills.css"]') is not None
    assert "JavaScript" in soup.select_one("p.drills-nojs").get_text()
    for drill, title in DRILLS.items():
        heading = soup.find("h2", id=drill)
        assert heading is not None and title in heading.get_text(), drill
        intro = heading.find_next_sibling("p")
        assert "drill-for" in intro["class"] and intro.select("a[href*='#q']"), f"{drill}: no link to its questions"
        box = soup.select_one(f'.drill[data-drill="{drill}"]')
        ex = exercise(drill, EXAMPLE_SEEDS.get(drill, 1))
        assert box.select_one(".drill-example p:not(.drill-example__title)").get_text() == ex["text"]
        assert [li.get_text() for li in box.select(".drill-steps li")] == ex["steps"]
        assert box.select_one(".drill-example > p:last-child").get_text() == f"Answer: {display(ex['answer'], ex['kind'])}"
    for other in pages:
        if other != URL:
            html = (site / other / "index.html").read_text(encoding="utf-8")
            assert "javascripts/drills.js" not in html and "drills.css" not in html, f"{other} loads the drills' code"


@pytest.mark.site
def test_each_trained_question_ends_with_a_link_to_its_drill(site: Path) -> None:
    for qid, drill in TRAINED.items():
        heading = soup_of(site / QUESTION_PAGES[qid] / "index.html").find("h2", id=qid)
        answer = answer_after(heading)
        last = answer.find_all("p", recursive=False)[-1]
        assert last.select_one(f"a[href='../drills/#{drill}']") is not None, f"{qid}: its answer does not end with a link to {drill}"


@pytest.mark.site
def test_the_manifest_lists_the_drills_on_their_page(site: Path) -> None:
    data = json.loads((site / "questions.json").read_text(encoding="utf-8"))
    assert data["sections"][-1] == {"title": "Drills", "url": URL, "questions": list(DRILLS)}
    soup = soup_of(site / URL / "index.html")
    for record in data["questions"]:
        if record["kind"] == "d":
            assert soup.find("h2", id=record["id"]) is not None and record["url"] == URL
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f"--study-sections: {len(data['sections'])}" in home, "the home panel's place is sized for the drills' row too"


# --- in Chromium ----------------------------------------------------------------------------------


def open_drills(page: Page, server: str, query: str = "") -> None:
    """Open the page afresh. Going to the address it shows, or to one that differs only in its #fragment
    (Material's section tracking rewrites the fragment as the page scrolls), would only scroll."""
    target = server + URL + query
    if page.url.split("#")[0] == target.split("#")[0]:
        page.goto("about:blank")
    page.goto(target)
    expect(page.locator(".drill[data-drill]:not([data-state='ready'])")).to_have_count(0)


def live(page: Page, drill: str):
    return page.locator(f'.drill[data-drill="{drill}"] .drill-live')


def answer_with(page: Page, drill: str, text: str) -> None:
    field = live(page, drill).get_by_label("Your answer")
    field.fill(text)
    field.press("Enter")


def log_of(page: Page, drill: str) -> list[int]:
    data = page.evaluate(f"JSON.parse(localStorage.getItem({json.dumps(STORE_KEY)}))") or {"questions": {}}
    return [grade for _, grade in data["questions"].get(drill, {"log": []})["log"]]


@pytest.mark.browser
def test_the_browser_makes_the_pythons_exercises_and_reads_answers_alike(page: Page, server: str) -> None:
    open_drills(page, server)
    seeds = [*range(1, 201), 999_999, 424_242]
    made = page.evaluate(
        f"async seeds => {{ const m = {MODULE}; return Object.fromEntries({json.dumps(list(DRILLS))}.map(d => [d, seeds.map(s => m.exercise(d, s))])); }}",
        seeds,
    )
    assert list(made) == list(DRILLS)
    for drill in DRILLS:
        for seed, ex in zip(seeds, made[drill]):
            assert ex == exercise(drill, seed), f"{drill} seed {seed}: the browser's exercise differs from the Python's"
    typed = ["1,152", "1 152", "−12", "12.5", "64 x 8 x 7 x 7", "torch.Size([64, 8, 7, 7])", "7x7", "7×8", "", "x", "1\u202f152", "0012"]
    for kind in ("number", "shape", "square"):
        read = page.evaluate(f"async ([typed, kind]) => {{ const m = {MODULE}; return typed.map(t => m.parse(t, kind)); }}", [typed, kind])
        assert read == [parse(t, kind) for t in typed], kind


@pytest.mark.browser
@pytest.mark.parametrize("drill", list(DRILLS))
def test_right_wrong_and_known_mistake_each_give_feedback_a_worked_solution_and_a_grade(page: Page, server: str, drill: str) -> None:
    seed = seed_with_mistake(drill)
    ex = exercise(drill, seed)
    query = f"?drill={drill}&seed={seed}#{drill}"
    # right the first time: Good
    open_drills(page, server, query)
    box = live(page, drill)
    expect(box.locator(".drill-text")).to_have_text(ex["text"])
    answer_with(page, drill, ex["answer"].replace("×", " x "))
    expect(box.get_by_role("status").locator("p").first).to_have_text(re.compile(r"^Right: .* First time"))
    expect(box.locator(".drill-steps li")).to_have_text(ex["steps"])
    links = box.locator(".drill-why a")
    expect(links.first).to_have_attribute("href", re.compile(r"#q\d+$"))
    expect(box.locator(".drill-grade")).to_have_text(re.compile(r"^Kept in your schedule: Good, back in "))
    assert log_of(page, drill) == [3]
    # a known mistake, then another wrong answer: the mistake is named, then the solution; Again
    open_drills(page, server, query)
    mistake, message = ex["mistakes"][0]
    answer_with(page, drill, mistake)
    feedback = box.get_by_role("status")
    expect(feedback).to_contain_text(message)
    expect(feedback).to_contain_text("Try once more")
    expect(box.locator(".drill-solution")).to_be_hidden()
    answer_with(page, drill, wrong_answer(ex))
    expect(feedback.locator("p").first).to_have_text(f"Not right: the answer is {display(ex['answer'], ex['kind'])}.")
    expect(box.locator(".drill-steps li")).to_have_text(ex["steps"])
    expect(box.locator(".drill-grade")).to_have_text(re.compile(r"^Kept in your schedule: Again"))
    assert log_of(page, drill) == [3, 1]
    # the hint, then right: Hard
    open_drills(page, server, query)
    box.get_by_role("button", name="Hint").click()
    expect(box.locator(".drill-hint")).to_have_text(f"Hint: {ex['hint']}")
    answer_with(page, drill, ex["answer"])
    expect(box.locator(".drill-grade")).to_have_text(re.compile(r"^Kept in your schedule: Hard"))
    assert log_of(page, drill) == [3, 1, 2]


@pytest.mark.browser
def test_a_second_try_that_is_right_is_hard_and_show_the_solution_is_again(page: Page, server: str) -> None:
    ex = exercise("d1", 5)
    open_drills(page, server, "?drill=d1&seed=5#d1")
    answer_with(page, "d1", "not a number")
    expect(live(page, "d1").get_by_role("status")).to_have_text("Write a whole number, like 1,152.")
    answer_with(page, "d1", wrong_answer(ex))
    answer_with(page, "d1", ex["answer"])
    expect(live(page, "d1").locator(".drill-grade")).to_have_text(re.compile("Hard"))
    live(page, "d2").get_by_role("button", name="Show the solution").click()
    expect(live(page, "d2").locator(".drill-grade")).to_have_text(re.compile("Again"))
    assert (log_of(page, "d1"), log_of(page, "d2")) == ([2], [1])


@pytest.mark.browser
def test_the_address_carries_the_exercise_and_a_link_opens_the_same_one(new_page: Callable[..., Page], page: Page, server: str) -> None:
    open_drills(page, server)
    assert urlsplit(page.url).query == "", "arriving leaves the address as it was"
    box = live(page, "d7")
    box.get_by_role("button", name="New exercise").click()
    expect(box.get_by_label("Your answer")).to_be_focused()
    query = parse_qs(urlsplit(page.url).query)
    seed = int(query["seed"][0])
    assert query["drill"] == ["d7"] and urlsplit(page.url).fragment == "d7"
    text = exercise("d7", seed)["text"]
    expect(box.locator(".drill-text")).to_have_text(text)
    link = box.get_by_role("link", name="Link to this exercise")
    assert link.get_attribute("href") == f"?drill=d7&seed={seed}#d7"
    other = new_page(viewport={"width": 800, "height": 900})  # someone else opens the link
    open_drills(other, server, f"?drill=d7&seed={seed}")
    expect(live(other, "d7").locator(".drill-text")).to_have_text(text)
    expect(live(other, "d7")).to_contain_text(f"seed {seed}")
    other.close()
    open_drills(page, server, "?drill=d12&seed=abc")
    expect(page.locator(".drill-note")).to_contain_text("could not be read")


@pytest.mark.browser
def test_drills_are_in_the_home_panel_a_review_session_and_export(page: Page, server: str) -> None:
    open_drills(page, server, "?drill=d3&seed=11#d3")
    live(page, "d3").get_by_role("button", name="Show the solution").click()  # Again: due in a minute
    expect(live(page, "d3").locator(".drill-grade")).to_have_text(re.compile("Again"))
    page.evaluate(f"""() => {{ const data = JSON.parse(localStorage.getItem({json.dumps(STORE_KEY)}));
        data.questions.d3.card.due = Date.now() - 1000; localStorage.setItem({json.dumps(STORE_KEY)}, JSON.stringify(data)); }}""")
    page.goto(server)
    page.wait_for_function("document.querySelector('[data-study-panel] .study-bar[aria-valuenow]') !== null")
    row = page.locator("[data-study-panel] [data-study-section='drills/']")
    expect(row.locator(".study-panel__count--due")).to_have_text("1")
    expect(row.locator(".study-panel__count--new")).to_have_text(str(len(DRILLS) - 1))
    expect(page.locator(".study-panel__due")).to_have_text("Due today: 1")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert list(exported["questions"]) == ["d3"]
    page.evaluate(f"localStorage.removeItem({json.dumps(STORE_KEY)})")
    page.reload()
    page.wait_for_function("document.querySelector('[data-study-panel] .study-bar[aria-valuenow]') !== null")
    page.locator("[data-study-import]").set_input_files(download.value.path())
    expect(page.locator(".study-panel__status")).to_contain_text("1 of 1 question")
    assert log_of(page, "d3") == [1]
    page.get_by_role("button", name="Start review").click()
    page.wait_for_url(re.compile(r"/drills/#d3$"))
    expect(page.locator("h2#d3")).to_be_focused()
    box = live(page, "d3")
    box.get_by_role("button", name="Show the solution").click()
    box.get_by_role("button", name="Next in the review").click()
    page.wait_for_url(re.compile(r"#q1$"))  # nothing else due: the first new question, not a new drill


@pytest.mark.browser
def test_the_keyboard_alone_answers_and_moves_on(page: Page, server: str) -> None:
    ex = exercise("d9", 3)
    open_drills(page, server, "?drill=d9&seed=3#d9")
    field = live(page, "d9").get_by_label("Your answer")
    field.focus()
    page.keyboard.type(ex["answer"])
    page.keyboard.press("Enter")
    new = live(page, "d9").get_by_role("button", name="New exercise")
    expect(new).to_be_focused()
    page.keyboard.press("Tab")
    expect(live(page, "d9").get_by_role("link", name="Link to this exercise")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(live(page, "d9").get_by_label("Your answer")).to_be_focused()
    page.keyboard.press("Tab")
    expect(live(page, "d9").get_by_role("button", name="Check")).to_be_focused()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid", "a visible focus"


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 360], ids=["desktop", "phone"])
def test_axe_finds_no_violation_with_a_worked_solution_shown(
    new_page: Callable[..., Page], server: str, axe: Axe, scheme: str, width: int
) -> None:
    page = new_page(viewport={"width": width, "height": 800}, color_scheme=scheme, is_mobile=width < 400, has_touch=width < 400)
    open_drills(page, server, "?drill=d8&seed=1#d8")
    answer_with(page, "d8", "-73")
    answer_with(page, "d8", "1")
    live(page, "d1").get_by_role("button", name="Hint").click()
    expect(live(page, "d8").locator(".drill-grade")).not_to_be_empty()
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"
    assert axe.violations(page) == []


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 480, 720, 960, 1280])
def test_the_exercises_appear_without_moving_anything(new_page: Callable[..., Page], server: str, width: int) -> None:
    """The place of each live exercise is kept from the first paint: the exercises fill it exactly."""
    page = new_page(viewport={"width": width, "height": 900})
    page.route("**/javascripts/drills.js", lambda route: route.abort())
    page.goto(server + URL)
    before = page.locator("article h2[id^='d']").evaluate_all("hs => hs.map(h => h.getBoundingClientRect().top + scrollY)")
    page.unroute("**/javascripts/drills.js")
    open_drills(page, server)
    after = page.locator("article h2[id^='d']").evaluate_all("hs => hs.map(h => h.getBoundingClientRect().top + scrollY)")
    tall = page.evaluate(
        """async () => { const m = """
        + MODULE
        + """; return [...document.querySelectorAll('.drill')].flatMap(box => [1, 2, 3, 50, 777, 4242, 99999].map(seed => {
        m.show(box, seed);
        const live = box.querySelector('.drill-live'), rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
        const kept = parseFloat(getComputedStyle(box).getPropertyValue('--drill-live')) * rem;
        return live.getBoundingClientRect().height > kept + 1 ? `${box.dataset.drill} seed ${seed}` : null; })).filter(Boolean); }"""
    )
    assert len(before) == len(DRILLS) and [round(y) for y in after] == [round(y) for y in before], f"{width}px: {before} -> {after}"
    assert tall == [], f"{width}px: these exercises overflow the place kept for them"


@pytest.mark.browser
def test_without_javascript_each_drill_shows_its_worked_example_and_says_what_needs_it(new_page: Callable[..., Page], server: str) -> None:
    page = new_page(java_script_enabled=False, viewport={"width": 360, "height": 800})
    page.goto(server + URL + "?drill=d1&seed=7")
    expect(page.locator(".drills-nojs")).to_be_visible()
    expect(page.locator(".drill-example")).to_have_count(len(DRILLS))
    expect(page.locator(".drill-live")).to_have_count(0)
    first = page.locator(".drill[data-drill='d1']")
    assert (
        first.evaluate("e => e.getBoundingClientRect().height")
        < page.locator(".drill[data-drill='d1'] .drill-example").evaluate("e => e.getBoundingClientRect().height") + 40
    ), "no place kept for an exercise that will not come"
