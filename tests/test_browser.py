"""Browser tests in Debian's Chromium: typeset math (also after instant navigation), no request
to another host, deep links that open their answer, search results that open the matching answer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.site_pages import after_next_paint, answer_texts, nav_pages, search_results, soup_of

pytestmark = pytest.mark.browser

SEARCH_PHRASE = "cross-correlation"  # appears in the answer of SEARCH_QUESTION and nowhere else
SEARCH_QUESTION = "q3"
SEARCH_PAGE = "magic-of-convolutions/"


def open_all_answers(page: Page) -> None:
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")


def assert_math_rendered(page: Page) -> None:
    """Every formula has KaTeX output of real size, none failed, no TeX is visible."""
    open_all_answers(page)
    formulas = page.locator("article .katex")
    assert formulas.count() > 0, f"{page.url}: no typeset math"
    sizes = formulas.evaluate_all("els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })")
    assert all(w > 0 and h > 0 for w, h in sizes), f"{page.url}: a formula has no size"
    assert page.locator(".katex-error").count() == 0
    text = page.locator("article").inner_text()
    for raw in ("\\begin{", "$$", "\\frac", "\\("):
        assert raw not in text, f"{page.url}: raw TeX {raw!r} is visible"


def pages_with_math(site: Path) -> list[str]:
    return [url for url in nav_pages(site) if 'class="katex"' in (site / url / "index.html").read_text(encoding="utf-8")]


def test_math_is_rendered_on_every_page_that_has_math(site: Path, server: str, page: Page) -> None:
    urls = pages_with_math(site)
    assert len(urls) >= 2
    for url in urls:
        page.goto(server + url)
        assert_math_rendered(page)


def test_math_is_rendered_after_instant_navigation(site: Path, server: str, page: Page) -> None:
    """Walk the whole site with the footer's "Next" link: Material swaps pages without reloading."""
    math_pages = pages_with_math(site)
    page.goto(server, wait_until="networkidle")
    page.evaluate("window.__sameDocument = true")
    for url in nav_pages(site)[1:]:
        page.evaluate("window.__previousTitle = document.querySelector('article h1')")
        page.locator("a.md-footer__link--next").click()
        page.wait_for_url(f"{server}{url}*")  # navigation.tracking may add the #anchor in view
        page.wait_for_function(  # the URL changes before Material swaps the content in
            "url => location.origin + location.pathname === url && ![null, window.__previousTitle].includes(document.querySelector('article h1'))",
            arg=server + url,
        )
        assert page.evaluate("window.__sameDocument === true"), "the page was reloaded: instant navigation is off"
        if url in math_pages:
            assert_math_rendered(page)
            math_pages.remove(url)
    assert math_pages == [], f"never reached by instant navigation: {math_pages}"


# What a static page makes the browser fetch (a canonical or alternate link is only named)
LOADED = "[src], link:is([rel~=stylesheet], [rel~=icon], [rel~=preload], [rel~=modulepreload])[href], meta[http-equiv=refresh]"


@pytest.mark.slow
def test_no_request_leaves_the_local_server(site: Path, server: str, page: Page) -> None:
    """Every page of the site, opened in Chromium until the network is quiet. The 43 short-link pages
    are one template that redirects to a page opened here anyway: the browser opens the first of
    each kind, and each one's HTML names no address off the site (what a redirect page can request)."""
    pages = sorted(site.rglob("*.html"))
    short_links = [html for html in pages if html.relative_to(site).parts[0] in ("q", "r")]
    assert len(short_links) == 43
    for html in short_links:
        for tag in soup_of(html).select(LOADED):
            address = str(tag.get("src") or tag.get("href") or tag["content"].split("url=", 1)[1])
            assert "//" not in address, f"{html.relative_to(site)} loads {address}"
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    opened = [html for html in pages if html not in short_links] + [site / "q/1/index.html", site / "r/1/index.html"]
    for html in opened:
        page.goto(server + html.relative_to(site).as_posix(), wait_until="networkidle")
    foreign = [url for url in requests if not url.startswith(server) and not url.startswith(("data:", "blob:"))]
    assert requests and foreign == []


def test_a_deep_link_shows_the_question_with_its_answer_open(server: str, page: Page) -> None:
    page.goto(server + "first-cnn/#q17")
    heading = page.locator("h2#q17")
    answer = page.locator("h2#q17 + details.answer")
    expect(answer).to_have_attribute("open", "")
    expect(heading).to_be_in_viewport()
    expect(answer.locator("p").first).to_be_visible()
    assert page.locator("details.answer[open]").count() == 1, "only the linked answer opens"


def test_a_link_to_another_question_on_the_same_page_opens_it(server: str, page: Page) -> None:
    page.goto(server + "first-cnn/#q17")
    page.evaluate("location.hash = '#q16'")
    expect(page.locator("h2#q16 + details.answer")).to_have_attribute("open", "")


def test_search_finds_a_phrase_inside_an_answer_and_shows_it(site: Path, server: str, page: Page) -> None:
    holders = [qid for qid, text in answer_texts(site).items() if SEARCH_PHRASE in text.lower()]
    assert holders == [SEARCH_QUESTION], f"the phrase must be in exactly one answer, found in {holders}"
    page.goto(server)
    result = search_results(page, SEARCH_PHRASE, f".md-search-result__link[href*='{SEARCH_PAGE}'][href$='#{SEARCH_QUESTION}']")
    result.first.click()
    page.wait_for_url(f"**/{SEARCH_PAGE}**#{SEARCH_QUESTION}")
    answer = page.locator(f"h2#{SEARCH_QUESTION} + details.answer")
    expect(answer).to_have_attribute("open", "")
    mark = answer.locator("mark[data-md-highlight]").first
    expect(mark).to_be_visible(timeout=15000)
    expect(mark).to_be_in_viewport()
    assert SEARCH_PHRASE.split("-")[0] in mark.inner_text().lower()


def test_index_links_open_their_answer_after_instant_navigation(server: str, page: Page) -> None:
    page.goto(server, wait_until="networkidle")
    page.evaluate("window.__sameDocument = true")
    for qid, url in [("q17", "first-cnn/"), ("q31", "one-cycle-training/"), ("r2", "further-research/")]:
        follow_instantly(page, f"article ul li a[href$='{url}#{qid}']")
        assert page.url == f"{server}{url}#{qid}"
        expect(page.locator(f"h2#{qid} + details.answer")).to_have_attribute("open", "")
        shown_under_the_header(page, qid)
        assert page.evaluate("window.__sameDocument === true"), "instant navigation is off"
        follow_instantly(page, ".md-nav--primary a.md-nav__link >> nth=0")  # back home, instantly


STALE_WRITES = """() => {
    // What two of Material's timers do when they fire after instant navigation has moved the
    // address but before the new page is shown (a link followed within 250 ms of a scroll, or a
    // slow device): the section tracking writes the old page's section as the new address's
    // fragment, and the offset saver writes the old page's scroll offset into the new entry, which
    // Material restores once the new page is shown. Done here right after the move, every time.
    const push = history.pushState.bind(history);
    history.pushState = (state, title, url) => {
        push(state, title, url);
        history.replaceState({}, "", location.pathname + "#the-magic-of-convolutions");
        history.replaceState({x: 0, y: 1984}, "");
        history.pushState = push;
        window.__staleWritten = true;
    };
}"""


@pytest.mark.parametrize("link, lands_on", [("article ul li a[href$='first-cnn/#q17']", "q17"), (".md-footer__link--next", "")])
def test_a_link_followed_right_after_scrolling_lands_where_it_points(server: str, page: Page, link: str, lands_on: str) -> None:
    """The old page's timers cannot rewrite where a followed link leads: a link to an answer opens
    it just under the header, a link to a page opens its top."""
    page.goto(server)
    page.wait_for_function("document.querySelector('[data-study-panel] .study-bar[aria-valuenow]') !== null")  # the site's script runs
    page.evaluate(STALE_WRITES)
    follow_instantly(page, link)
    assert page.evaluate("window.__staleWritten === true"), "the race was not set up: Material no longer calls pushState"
    if lands_on:
        page.wait_for_url(f"{server}first-cnn/#{lands_on}")
        expect(page.locator(f"h2#{lands_on} + details.answer")).to_have_attribute("open", "")
        shown_under_the_header(page, lands_on)
    else:
        page.wait_for_url(f"{server}magic-of-convolutions/")
        after_next_paint(page)
        assert page.evaluate("scrollY") == 0, "the new page opened at the old page's scroll offset"
    page.go_back()
    page.wait_for_url(server)  # nothing was added to the history


def shown_under_the_header(page: Page, qid: str) -> None:
    """Wait until the question's heading is on screen, just below Material's header (not under it)."""
    where = """id => [document.getElementById(id).getBoundingClientRect().top,
                      document.querySelector("header.md-header").getBoundingClientRect().bottom, innerHeight]"""
    try:
        page.wait_for_function(
            f"id => {{ const [top, header, height] = ({where})(id); return header - 1 <= top && top <= height / 2; }}", arg=qid
        )
    except PlaywrightTimeout:
        top, header, height = page.evaluate(where, qid)
        raise AssertionError(f"#{qid} at {top}px: not just under the header ({header}px) of a {height}px window") from None


def follow_instantly(page: Page, link: str) -> None:
    """Click a link that Material's instant navigation follows, and wait until the new page is shown."""
    page.evaluate("window.__previousArticle = document.querySelector('article')")
    page.locator(link).click()
    page.wait_for_function("document.querySelector('article') && document.querySelector('article') !== window.__previousArticle")


def test_a_code_block_in_an_opened_answer_gets_its_copy_button_and_copies(server: str, new_page: Callable[..., Page]) -> None:
    """Material sets code blocks up once they are visible (content.lazy): opening an answer is enough."""
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(server + "magic-of-convolutions/")
    block = page.locator("h2#q3 + details.answer pre").first
    expect(block.locator("button.md-code__button")).to_have_count(0)  # closed answer: not set up yet
    page.locator("h2#q3 + details.answer > summary").click()
    block.scroll_into_view_if_needed()
    button = block.locator("button.md-code__button")
    expect(button).to_have_count(1)
    button.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("import numpy as np") and "top_edge" in copied
