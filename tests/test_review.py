"""Spaced repetition in Chromium: grades scheduled by FSRS (checked against the reference Python
implementation, with a fixed clock), the scheduler loaded only when a reader grades or reviews,
version 1 marks carried over, the home page's due count and review session, export / import,
and storage that does not keep progress (full or blocked)."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Card, Rating, Scheduler
from playwright.sync_api import Page, expect

from tests.conftest import SUB_PATH
from tests.site_pages import BOOK_ORDER, after_next_paint

KEY = f"/{SUB_PATH}/.study.v2"
V1_KEY = f"/{SUB_PATH}/.study.v1"
PAGE = "first-cnn/"  # questions 11-19
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SCHEDULER_FILES = ("study-scheduler.js", "ts-fsrs.mjs")  # the scheduler (ts-fsrs is bundled into it)
BLOCK_STORAGE = """(() => {
  for (const name of ["localStorage", "sessionStorage"]) {
    Object.defineProperty(window, name, { get() { throw new DOMException("The access is denied for this document.", "SecurityError"); } });
  }
})();"""


def ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def reference_due(reviews: list[tuple[datetime, int]]) -> datetime:
    """When the reference FSRS (the `fsrs` package, default parameters, no fuzz) brings a card back."""
    scheduler = Scheduler(enable_fuzzing=False)
    card = Card(due=reviews[0][0])
    for moment, grade in reviews:
        card, _ = scheduler.review_card(card, Rating(grade), moment)
    return card.due


def stored(page: Page) -> dict:
    return page.evaluate(f"JSON.parse(localStorage.getItem({json.dumps(KEY)}))")


def store(page: Page, questions: dict) -> None:
    page.evaluate(f"localStorage.setItem({json.dumps(KEY)}, {json.dumps(json.dumps({'version': 2, 'questions': questions}))})")


def card(due: datetime, state: int = 2, last: datetime | None = None) -> dict:
    """A stored question whose card is due then (state 2: review, 1: learning)."""
    last = last or due - timedelta(days=3)
    return {
        "log": [[ms(last), 3]],
        "card": {
            "due": ms(due),
            "stability": 3.2,
            "difficulty": 5.0,
            "elapsed_days": 0,
            "scheduled_days": 3,
            "reps": 1,
            "lapses": 0,
            "learning_steps": 0,
            "state": state,
            "last_review": ms(last),
        },
    }


def answer(page: Page, qid: str):
    return page.locator(f"h2#{qid} + details.answer")


def grades(page: Page, qid: str):
    return page.get_by_role("group", name=f"Grade your answer to question {qid[1:]}")


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("document.querySelector('.study-marks button') && document.querySelector('[data-study-toolbar] button')")


def open_answer(page: Page, qid: str) -> None:
    """Open an answer as a reader does (a click): the grades then say when each brings it back."""
    answer(page, qid).locator("summary").click()
    expect(answer(page, qid).locator(".study-when").nth(2)).not_to_have_text("")


def open_home(page: Page, server: str) -> None:
    page.goto(server)
    page.wait_for_function("document.querySelector('[data-study-panel] .study-bar[aria-valuenow]') !== null")


def scheduler_requests(page: Page) -> list[str]:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url) if request.url.endswith(SCHEDULER_FILES) else None)
    return requests


# --- loading ----------------------------------------------------------------------------------------

BEFORE = {"assets/javascripts/site.js": 9642, "assets/stylesheets/site.css": 9521}  # gzip -9 bytes on main just before this feature landed


@pytest.mark.site
def test_a_question_page_loads_at_most_1_kb_more_and_no_scheduler_code(site: Path) -> None:
    grown = sum(len(gzip.compress((site / path).read_bytes(), 9)) - size for path, size in BEFORE.items())
    assert grown <= 1024, f"the script and stylesheet every page loads grew by {grown} bytes (gzip)"
    script = (site / "assets/javascripts/site.js").read_text(encoding="utf-8")
    assert "createEmptyCard" not in script and "study-scheduler.js" in script  # imported on demand only
    assert "Export progress" not in script  # the home panel's code too


@pytest.mark.browser
def test_the_scheduler_is_not_requested_when_a_question_page_loads(site: Path, server: str, page: Page) -> None:
    requests = scheduler_requests(page)
    open_page(page, server + PAGE)
    open_page(page, server + PAGE + "#q15")  # an answer opened by its link is not a review yet
    expect(answer(page, "q15")).to_have_attribute("open", "")
    page.wait_for_load_state("networkidle")
    page.mouse.wheel(0, 600)
    page.wait_for_load_state("networkidle")
    assert requests == []
    open_home(page, server)  # the home page neither, until a review starts
    page.wait_for_load_state("networkidle")
    assert requests == []
    open_page(page, server + PAGE)
    open_answer(page, "q11")  # the reader opens an answer: now it loads, from this site
    assert [url.removeprefix(server) for url in requests] == ["assets/javascripts/study-scheduler.js"]


# --- scheduling ---------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.own_context
def test_grades_are_scheduled_as_fsrs_says_with_a_fixed_clock(site: Path, server: str, page: Page) -> None:
    page.clock.set_fixed_time(T0)
    open_page(page, server + PAGE)
    open_answer(page, "q11")
    group = grades(page, "q11")
    names = ["Again", "Hard", "Good", "Easy"]
    for index, name in enumerate(names):
        button = group.get_by_role("button", name=name, exact=True)
        expect(button).to_have_attribute("aria-keyshortcuts", str(index + 1))
    whens = group.locator(".study-when").all_text_contents()
    assert whens == ["in 1 min", "in 6 min", "in 10 min", "in 8 days"]
    expect(group.get_by_role("button", name="Good", exact=True)).to_have_accessible_description("in 10 min")

    group.get_by_role("button", name="Good", exact=True).click()  # day 0: Good
    expect(page.locator("#study-status")).to_have_text("question 11: Good, back in 10 min")
    due = reference_due([(T0, 3)])
    progress = stored(page)["questions"]["q11"]
    assert progress["log"] == [[ms(T0), 3]]
    assert progress["card"]["due"] == ms(due) and progress["card"]["state"] == 1
    expect(answer(page, "q11").locator("summary .study-badge")).to_have_text("Back in 10 min")

    page.clock.set_fixed_time(due)  # when it is due: Good again graduates it to days
    open_page(page, server + PAGE)
    expect(answer(page, "q11").locator("summary .study-badge")).to_have_text("Due")
    page.locator("h2#q11").evaluate("h => { h.tabIndex = -1; h.focus(); }")
    page.keyboard.press("o")
    expect(answer(page, "q11").locator(".study-when").nth(2)).not_to_have_text("")
    page.keyboard.press("3")  # the key of Good
    second = reference_due([(T0, 3), (due, 3)])
    page.wait_for_function(f"JSON.parse(localStorage.getItem({json.dumps(KEY)})).questions.q11.log.length === 2")
    assert stored(page)["questions"]["q11"]["card"]["due"] == ms(second)
    assert second - due >= timedelta(days=1)
    expect(answer(page, "q11").locator("summary .study-badge")).to_have_text(f"Back in {round((second - due) / timedelta(days=1))} days")

    open_answer(page, "q12")  # Again on day 0 brings it back sooner than Good
    grades(page, "q12").get_by_role("button", name="Again", exact=True).click()
    page.wait_for_function(f"JSON.parse(localStorage.getItem({json.dumps(KEY)})).questions.q12 !== undefined")
    again = stored(page)["questions"]["q12"]["card"]["due"]
    assert again == ms(reference_due([(due, 1)])) and again < ms(due + (due - T0))


@pytest.mark.browser
def test_grade_keys_need_the_answer_open(site: Path, server: str, page: Page) -> None:
    open_page(page, server + PAGE)
    page.keyboard.press("j")
    expect(page.locator("h2#q11")).to_be_focused()
    page.keyboard.press("3")
    expect(page.locator("#study-status")).to_have_text("Open the answer to question 11 first (o), then grade it.")
    assert page.evaluate(f"localStorage.getItem({json.dumps(KEY)})") is None


# --- migration ------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.own_context
def test_version_1_marks_become_first_reviews_dated_at_migration(site: Path, server: str, page: Page) -> None:
    page.clock.set_fixed_time(T0)
    open_page(page, server + PAGE)  # its study code has read the (empty) storage: the old marks wait for the reload
    marks = {"q11": "known", "q12": "review", "q3": "known", "x1": "known", "q13": "maybe"}
    page.evaluate(f"localStorage.setItem({json.dumps(V1_KEY)}, JSON.stringify({{version: 1, marks: {json.dumps(marks)}}}))")
    requests = scheduler_requests(page)
    open_page(page, server + PAGE)
    # carried over at once, then the scheduler (loaded once, for that) gives the first reviews their FSRS cards
    page.wait_for_function(f"JSON.parse(localStorage.getItem({json.dumps(KEY)})).questions.q11.card !== undefined")
    questions = stored(page)["questions"]
    assert {qid: progress["log"] for qid, progress in questions.items()} == {
        "q11": [[ms(T0), 3]],
        "q12": [[ms(T0), 1]],
        "q3": [[ms(T0), 3]],
    }
    assert page.evaluate(f"localStorage.getItem({json.dumps(V1_KEY)})") is None
    assert [url.removeprefix(server) for url in requests] == ["assets/javascripts/study-scheduler.js"]
    assert questions["q11"]["card"]["due"] == ms(reference_due([(T0, 3)]))
    assert questions["q12"]["card"]["due"] == ms(reference_due([(T0, 1)]))
    expect(answer(page, "q11").locator("summary .study-badge")).to_have_text("Back in 10 min")  # never "Due" (issue 26)
    expect(page.locator("[data-study-toolbar] .study-toolbar__count")).to_have_text("2 of 9 reviewed, 0 due")


@pytest.mark.browser
def test_bad_stored_progress_never_breaks_a_page(site: Path, server: str, page: Page) -> None:
    page.goto(server + PAGE)
    for value in [
        "not JSON {",
        json.dumps({"version": 2, "questions": {"q11": {"log": "x"}, "q12": {"log": [[1, 9]]}, "zz": card(T0)}}),
        json.dumps({"version": 2, "questions": None}),
        json.dumps([1, 2]),
    ]:
        page.evaluate(f"localStorage.setItem({json.dumps(KEY)}, {json.dumps(value)})")
        open_page(page, server + PAGE)
        expect(page.locator("[data-study-toolbar] .study-toolbar__count")).to_have_text("0 of 9 reviewed, 0 due")
    store(page, {"q11": {"log": [[ms(T0), 3]], "card": {"due": "soon"}}, "q12": {"log": [[1, 9]]}})
    open_page(page, server + PAGE)
    expect(page.locator("[data-study-toolbar] .study-toolbar__count")).to_have_text(
        "1 of 9 reviewed, 1 due"
    )  # the log is kept, the card made again


# --- home page ------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.own_context
def test_home_counts_what_is_due_and_a_review_session_walks_it_across_pages(site: Path, server: str, page: Page) -> None:
    page.clock.set_fixed_time(T0)
    page.goto(server)
    later = T0 + timedelta(days=5)
    progress = {qid: card(later, last=T0 - timedelta(days=1)) for qid in BOOK_ORDER}  # reviewed before now (issue 26)
    progress |= {"q12": card(T0 - timedelta(days=1)), "q3": card(T0 - timedelta(hours=2)), "q20": card(T0 + timedelta(hours=3), state=1)}
    del progress["q5"], progress["q6"]
    store(page, progress)
    open_home(page, server)
    expect(page.locator("[data-study-panel] .study-panel__due")).to_have_text("Due today: 3")
    magic = page.locator("[data-study-panel] [data-study-section='magic-of-convolutions/']")
    expect(magic.locator(".study-panel__count--new")).to_have_text("2")
    expect(magic.locator(".study-panel__count--due")).to_have_text("1")
    color = page.locator("[data-study-panel] [data-study-section='color-images/']")  # q20, q21
    expect(color.locator(".study-panel__count--learning")).to_have_text("1")
    expect(color.get_by_role("progressbar")).to_have_attribute("aria-valuetext", "2 of 2 reviewed: 0 new, 1 learning, 1 due today")

    page.get_by_role("button", name="Start review").click()  # the longest overdue first
    page.wait_for_url(f"**/{PAGE}#q12")
    expect(page.locator("h2#q12")).to_be_focused()
    after_next_paint(page)  # nothing opens it after arriving either
    assert not answer(page, "q12").evaluate("d => d.open"), "the answer opened after arriving"
    open_answer(page, "q12")
    grades(page, "q12").get_by_role("button", name="Good", exact=True).click()
    page.wait_for_url("**/magic-of-convolutions/#q3")  # the next one due, on another page
    expect(page.locator("h2#q3")).to_be_focused()
    after_next_paint(page)  # nothing opens it after arriving either
    assert not answer(page, "q3").evaluate("d => d.open"), "the answer opened after arriving"
    open_answer(page, "q3")
    page.keyboard.press("4")
    expect(page.locator("h2#q5")).to_be_focused()  # nothing due now: the new questions (same page)
    after_next_paint(page)  # nothing opens it after arriving either
    assert not answer(page, "q5").evaluate("d => d.open"), "the answer opened after arriving"
    open_answer(page, "q5")
    page.keyboard.press("3")
    expect(page.locator("h2#q6")).to_be_focused()  # on the same page
    open_answer(page, "q6")
    page.keyboard.press("3")
    page.wait_for_url(f"{server}#study-panel-title")  # nothing left: home says so
    expect(page.locator("[data-study-panel] [role=status]")).to_have_text("Review done for now: 3 questions come back later today.")
    expect(page.locator("#study-panel-title")).to_be_focused()
    assert sorted(stored(page)["questions"]) == sorted(BOOK_ORDER)


# --- export and import ----------------------------------------------------------------------------


def export(page: Page, tmp_path: Path) -> Path:
    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    return path


@pytest.mark.browser
def test_export_then_import_merges_per_question_the_later_history_winning(site: Path, server: str, page: Page, tmp_path: Path) -> None:
    page.goto(server)
    exported = {"q1": card(T0), "q2": card(T0), "r1": card(T0)}
    store(page, exported)
    open_home(page, server)
    path = export(page, tmp_path)
    assert path.name.startswith("study-progress-") and path.suffix == ".json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == 2 and data["questions"] == exported
    expect(page.locator("[data-study-panel] [role=status]")).to_have_text(f"Exported the progress of 3 questions to {path.name}.")

    here = {
        "q1": card(T0 + timedelta(days=1), last=T0 + timedelta(hours=1)),  # reviewed later here: kept
        "q2": card(T0, last=T0 - timedelta(days=9)),  # reviewed earlier here: the file's wins
        "q40": card(T0),
    }  # only here: kept
    store(page, here)
    open_home(page, server)
    page.locator("[data-study-panel] [data-study-import]").set_input_files(path)
    expect(page.locator("[data-study-panel] [role=status]")).to_have_text(
        f"Imported {path.name}: 2 of 3 questions updated, the others were as recent here."
    )
    assert stored(page)["questions"] == {"q1": here["q1"], "q2": exported["q2"], "r1": exported["r1"], "q40": here["q40"]}
    expect(page.locator("[data-study-panel] [data-study-section='further-research/'] .study-panel__count--new")).to_have_text("2")

    page.once("dialog", lambda dialog: dialog.accept())  # on a new device: everything comes back
    page.get_by_role("button", name="Reset progress").click()
    expect(page.locator("[data-study-panel] [role=status]")).to_have_text("Progress reset.")
    page.locator("[data-study-panel] [data-study-import]").set_input_files(path)
    expect(page.locator("[data-study-panel] [role=status]")).to_contain_text("3 of 3 questions updated")
    assert stored(page)["questions"] == exported


@pytest.mark.parametrize(
    "content",
    [
        b"this is not JSON",
        b'{"format": "fastbook-ch13-study-progress", "version": 3, "questions": {}}',
        b'{"version": 2, "questions": {"q1": {"log": [[1767261600000, 3]]}}}',
        b'{"format": "fastbook-ch13-study-progress", "version": 2, "questions": {"q1": {"log": [[1767261600000, 3]]}, "q2": {"log": [[1767261600000, 7]]}}}',
    ],
    ids=["not-json", "unknown-version", "not-ours", "a-bad-grade"],
)  # an id that is no question: tests/test_hostile_study.py
@pytest.mark.browser
def test_a_wrong_or_damaged_import_changes_nothing(site: Path, server: str, page: Page, tmp_path: Path, content: bytes) -> None:
    page.goto(server)
    store(page, {"q1": card(T0)})
    open_home(page, server)
    before = page.evaluate(f"localStorage.getItem({json.dumps(KEY)})")
    damaged = tmp_path / "progress.json"
    damaged.write_bytes(content)
    page.locator("[data-study-panel] [data-study-import]").set_input_files(damaged)
    expect(page.locator("[data-study-panel] [role=status]")).to_have_text(
        "progress.json is not a progress file exported from this site, or it is damaged: nothing was changed."
    )
    assert page.evaluate(f"localStorage.getItem({json.dumps(KEY)})") == before


# --- storage that does not keep progress (issue 18) ----------------------------------------------


@pytest.mark.browser
def test_with_storage_full_a_grade_still_counts_for_the_visit_and_a_note_says_so(site: Path, server: str, page: Page) -> None:
    page.goto(server + PAGE)
    page.evaluate("""() => {
        for (let size = 1 << 20, i = 0; size >= 1; ) {
            try { localStorage.setItem(`fill${i++}`, "x".repeat(size)); } catch { size >>= 1; }
        }
    }""")
    assert page.evaluate("(() => { try { localStorage.setItem('one-more', 'x'); return false; } catch { return true; } })()")
    open_page(page, server + PAGE + "#q11")
    expect(page.locator("#study-storage-note")).to_have_count(0)  # nothing has been lost yet
    grades(page, "q11").get_by_role("button", name="Good", exact=True).click()
    expect(answer(page, "q11").locator("summary .study-badge")).to_have_text("Back in 10 min")
    expect(page.locator("[data-study-toolbar] .study-toolbar__count")).to_have_text("1 of 9 reviewed, 0 due")
    expect(page.locator("#study-status")).to_have_text("question 11: Good, back in 10 min (kept for this visit only)")
    note = page.get_by_role("status").filter(has_text="not kept in this browser")
    expect(note).to_be_visible()
    expect(note).to_have_text("Your progress is not kept in this browser (storage full or blocked): it lasts until you leave the site.")
    page.locator("a.md-footer__link--next").click()  # still counted on the next page
    page.wait_for_function("document.querySelector('h2#q20') !== null")
    page.locator("a.md-footer__link--prev").click()
    page.wait_for_function("document.querySelector('h2#q11 + details .study-badge')?.textContent === 'Back in 10 min'")


@pytest.mark.browser
def test_with_storage_blocked_start_review_lands_on_the_question_closed_and_focused(site: Path, server: str, page: Page) -> None:
    page.add_init_script(BLOCK_STORAGE)
    open_home(page, server)
    expect(page.locator("[data-study-panel] .study-panel__due")).to_have_text("Due today: 0")
    page.get_by_role("button", name="Start review").click()
    page.wait_for_url("**/magic-of-convolutions/#q1")
    expect(page.locator("h2#q1")).to_be_focused()
    after_next_paint(page)  # nothing opens it after arriving either
    assert not answer(page, "q1").evaluate("d => d.open"), "the answer opened after arriving"
    open_answer(page, "q1")  # grading works for the visit, and the session goes on
    page.keyboard.press("3")
    expect(page.locator("h2#q2")).to_be_focused()
    expect(answer(page, "q1").locator("summary .study-badge")).to_have_text("Back in 10 min")
    expect(page.get_by_role("status").filter(has_text="not kept in this browser")).to_be_visible()
    expect(page.locator("#study-status")).to_have_text("question 1: Good, back in 10 min (kept for this visit only)")
