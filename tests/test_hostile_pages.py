"""Issue 26's hostile pass over navigation, search and the live CNN, each defect kept fixed: the
address and the table of contents follow the question j / k moved to, Back then Forward from a
search result never leaves a fragment the page does not have, a word typed with a colon after
it (`padding:`) is searched as the word, and the live CNN names no digit on an empty canvas."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.site_pages import after_next_paint, search_results

FIRST = "magic-of-convolutions/"  # the first section page: questions 1-10
TOC_ACTIVE = "[...document.querySelectorAll('.md-sidebar--secondary .md-nav__link--active')].map(link => link.hash)"
SHOWN_FRAGMENT = "location.hash === '' || document.getElementById(decodeURIComponent(location.hash.slice(1))) !== null"


def open_first_section(page: Page, server: str) -> None:
    page.goto(server + FIRST)
    page.wait_for_function("document.querySelector('.study-marks button') && document.querySelector('[data-study-toolbar] button')")


@pytest.mark.browser
def test_j_and_k_move_the_address_and_the_table_of_contents_with_the_question(site: Path, server: str, page: Page) -> None:
    open_first_section(page, server)
    for _ in range(4):
        page.keyboard.press("j")
    expect(page.locator("h2#q4")).to_be_focused()
    page.wait_for_function("location.hash === '#q4'")
    page.wait_for_function(f"{TOC_ACTIVE}.join() === '#q4'")  # where Material's section tracking puts it too
    page.keyboard.press("k")
    expect(page.locator("h2#q3")).to_be_focused()
    page.wait_for_function("location.hash === '#q3'")
    page.wait_for_function(f"{TOC_ACTIVE}.join() === '#q3'")
    page.reload()  # a reload opens the question the reader was on
    page.wait_for_function("document.querySelector('h2#q3 + details.answer[open]') !== null")
    assert page.evaluate("location.hash") == "#q3"


@pytest.mark.browser
def test_back_then_forward_from_a_search_result_keeps_a_fragment_the_page_has(site: Path, server: str, page: Page) -> None:
    page.goto(server)
    result = search_results(page, "receptive field", ".md-search-result__link[href$='first-cnn/?h=receptive+field#q16']")
    result.first.click()
    page.wait_for_function("document.querySelector('h2#q16') !== null && location.hash === '#q16'")
    landed = page.evaluate("scrollY")  # scrolled already, to q16
    page.mouse.wheel(0, 300)  # the reader scrolls: Material's section tracking starts its timer
    page.wait_for_function("landed => scrollY !== landed", arg=landed)
    page.go_back()
    page.wait_for_function("document.querySelector('[data-study-panel]') !== null && location.pathname.endsWith('/fastbook-ch13/')")
    after_next_paint(page)
    assert page.evaluate(SHOWN_FRAGMENT), f"the home page's address names a fragment it does not have: {page.url}"
    page.go_forward()
    page.wait_for_function("document.querySelector('h2#q16') !== null")
    after_next_paint(page)
    assert page.evaluate(SHOWN_FRAGMENT), f"the page's address names a fragment it does not have: {page.url}"


def searched(page: Page, query: str) -> str:
    """The result count Material shows for a whole query, typed at once (never a part of it). A
    query typed before the search index has loaded is dropped, so it is typed again."""
    page.keyboard.press("/")
    field = page.locator("input.md-search__input")
    meta = page.locator(".md-search-result__meta")
    for _attempt in range(10):
        field.fill(query)
        field.press("End")  # Material reads the field on keyup
        try:
            page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=2000)
            break
        except PlaywrightTimeout:
            field.fill("")
            field.press("End")
    return meta.inner_text()


@pytest.mark.browser
@pytest.mark.parametrize("query", ["padding:", "stride:"])
def test_a_word_followed_by_a_colon_is_searched_as_the_word(site: Path, server: str, page: Page, query: str) -> None:
    page.goto(server)
    assert re.fullmatch(r"\d+ matching documents?", searched(page, query))


@pytest.mark.browser
def test_the_live_cnn_names_no_digit_on_an_empty_canvas(site: Path, server: str, page: Page) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server + "cnn-live/")
    expect(page.locator(".cnn-live")).to_have_attribute("data-state", "ready")
    prediction = page.locator(".cl-prediction")
    expect(prediction).to_contain_text("Prediction: 3")
    page.get_by_role("button", name="Clear and draw").click()
    expect(prediction).to_have_text("No prediction yet: draw a digit on the input (or choose one above).")
    box = page.locator("canvas.cl-draw").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.3)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.7, steps=6)
    page.mouse.up()
    expect(prediction).to_contain_text("Prediction: ")
    page.get_by_role("radio", name="your drawing").check()
    page.get_by_role("button", name="Clear and draw").click()
    expect(prediction).to_have_text("No prediction yet: draw a digit on the input (or choose one above).")
    assert errors == []
