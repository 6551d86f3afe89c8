"""Short links /q/N/ and /r/N/: their preview tags and cards, where they land (JavaScript on and
off), the copy-link control, preview tags of section pages, and links that follow a moved question."""

from __future__ import annotations

import re
import struct
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import REPO_URL
from tests.site_pages import BOOK_ORDER, answer_texts, nav_pages, page_file, question_headings, soup_of


def short_path(qid: str) -> str:
    return f"{qid[0]}/{qid[1:]}/"


def meta(soup, key: str) -> str:
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    assert tag is not None, f"missing <meta {key}>"
    return str(tag["content"])


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def headings_by_id(site: Path) -> dict[str, tuple[str, str]]:
    """Question id -> (page url, heading text without its number)."""
    found = {}
    for url in nav_pages(site):
        for heading in question_headings(soup_of(page_file(site, url))):
            for control in heading.select("a.headerlink, a.short-link"):
                control.decompose()
            text = heading.get_text().split(". ", 1)[1]
            found[str(heading["id"])] = (url, text)
    return found


@pytest.mark.site
def test_every_question_has_a_short_link_with_preview_tags(site: Path, server: str) -> None:
    headings = headings_by_id(site)
    answers = answer_texts(site)
    for qid in BOOK_ORDER:
        soup = soup_of(site / short_path(qid) / "index.html")
        title = meta(soup, "og:title")
        assert title == f"{qid.upper()}. {headings[qid][1]}", f"{qid}: og:title {title!r}"
        description = meta(soup, "og:description")
        assert len(description.split()) >= 4, f"{qid}: og:description too thin: {description!r}"
        assert answers[qid].startswith(" ".join(description.split()[:3])), f"{qid}: description is not the answer's first sentence"
        assert meta(soup, "og:url") == server + short_path(qid)
        assert meta(soup, "og:image") == server + short_path(qid) + "card.png"
        assert meta(soup, "og:type") == "article" and meta(soup, "og:site_name")
        assert meta(soup, "og:ignore_canonical") == "true"
        assert meta(soup, "twitter:card") == "summary_large_image"
        assert meta(soup, "twitter:title") == title and meta(soup, "twitter:image") == meta(soup, "og:image")
        assert meta(soup, "robots") == "noindex"
        assert soup.h1 is not None and soup.h1.get_text() == title, "a preview engine that runs nothing still sees the question"
        assert png_size(site / short_path(qid) / "card.png") == (1200, 630)


@pytest.mark.site
def test_short_links_point_at_the_page_that_holds_the_question(site: Path, server: str) -> None:
    headings = headings_by_id(site)
    for qid in BOOK_ORDER:
        html = (site / short_path(qid) / "index.html").read_text(encoding="utf-8")
        refresh = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', html)
        assert refresh, f"{qid}: no meta refresh"
        target = urljoin(server + short_path(qid), refresh.group(1))
        assert target == f"{server}{headings[qid][0]}#{qid}-answer"
        assert soup_of(site / headings[qid][0] / "index.html").find(id=f"{qid}-answer") is not None


@pytest.mark.site
def test_section_pages_carry_their_own_preview_tags(site: Path, server: str) -> None:
    descriptions = set()
    for url in nav_pages(site):
        soup = soup_of(page_file(site, url))
        descriptions.add(meta(soup, "og:description"))
        image = meta(soup, "og:image")
        assert image.startswith(server) and png_size(site / image.removeprefix(server)) == (1200, 630)
        assert meta(soup, "og:url") == server + url
        soup_canonical = soup.find("link", rel="canonical")
        assert soup_canonical is not None and soup_canonical["href"] == server + url
    assert len(descriptions) == len(nav_pages(site)), "each page describes itself"


@pytest.mark.site
def test_every_page_has_an_edit_link(site: Path) -> None:
    for url in nav_pages(site):
        edit = soup_of(page_file(site, url)).select_one("a.md-content__button[href*='/edit/']")
        assert edit is not None and str(edit["href"]).startswith(f"{REPO_URL}/edit/main/docs/"), url


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_opening_a_short_link_lands_on_the_question_with_its_answer_open(
    site: Path, server: str, javascript: bool, new_page: Callable[..., Page]
) -> None:
    """The first and the last question of each page, in a browser (the HTML test above checks where
    every one of the 43 points): the top and the bottom of a page are where landing can go wrong."""
    headings = headings_by_id(site)
    by_page: dict[str, list[str]] = {}
    for qid in BOOK_ORDER:
        by_page.setdefault(headings[qid][0], []).append(qid)
    sample = sorted({qid for qids in by_page.values() for qid in (qids[0], qids[-1])}, key=BOOK_ORDER.index)
    assert len(by_page) >= 7 and {"q1", "q40", "r3"} <= set(sample)
    page = new_page(java_script_enabled=javascript, viewport={"width": 1280, "height": 900})
    for qid in sample:
        page.goto(server + short_path(qid))
        landing = f"{server}{headings[qid][0]}#{qid if javascript else qid + '-answer'}"
        page.wait_for_url(landing)
        assert page.url.count("#") == 1
        answer = page.locator(f"h2#{qid} + details.answer")
        expect(answer).to_have_attribute("open", "")
        expect(page.locator(f"h2#{qid}")).to_be_in_viewport()


@pytest.mark.browser
def test_the_copy_link_control_copies_the_absolute_short_link(server: str, new_page: Callable[..., Page]) -> None:
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(server + "first-cnn/")
    control = page.locator("h2#q17 a.short-link")
    expect(control).to_have_attribute("aria-label", "Copy the short link to question 17")
    page.evaluate("window.__sameDocument = true")
    control.focus()  # keyboard reachable: a real link, activated with Enter
    page.keyboard.press("Enter")
    expect(page.locator("#short-link-status")).to_have_text(f"Copied: {server}q/17/")
    expect(control).to_have_attribute("data-copied", "Link copied")
    assert page.evaluate("navigator.clipboard.readText()") == f"{server}q/17/"
    # copying does not navigate (the fragment may follow the section in view: navigation.tracking)
    assert page.url.split("#")[0] == server + "first-cnn/" and page.evaluate("window.__sameDocument === true"), "copying navigated"


@pytest.mark.browser
def test_the_404_page_works_under_the_sub_path(server: str, page: Page) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    response = page.goto(server + "no/such/page/")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Page not found")
    expect(page.locator("input.md-search__input")).to_be_attached()
    assert page.locator("link[rel=stylesheet]").evaluate_all("links => links.every(l => l.sheet !== null)")
    page.locator("article a.home-link").click()
    page.wait_for_url(server)
    assert all(url.startswith(server) for url in requests if not url.startswith("data:"))
