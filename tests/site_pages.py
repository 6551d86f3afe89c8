"""Reading the built site: its pages in nav order and the questions on them (BeautifulSoup); searching it."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, Tag
from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

QUESTION_ID = re.compile(r"^[qr]\d+$")
BOOK_ORDER = [f"q{n}" for n in range(1, 41)] + [f"r{n}" for n in range(1, 4)]


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def nav_pages(site: Path) -> list[str]:
    """Page URLs (relative to the site root, like "first-cnn/") in the order of the primary nav."""
    home = soup_of(site / "index.html")
    urls: list[str] = []
    for link in home.select(".md-nav--primary a.md-nav__link[href]"):
        href = str(link["href"]).split("#")[0]
        url = "" if href in ("", ".", "./") else href.removeprefix("./")
        if url not in urls:
            urls.append(url)
    return urls


def page_file(site: Path, url: str) -> Path:
    return site / url / "index.html"


def question_headings(soup: BeautifulSoup) -> list[Tag]:
    return [h for h in soup.select("article h2[id]") if QUESTION_ID.match(str(h["id"]))]


def answer_after(heading: Tag) -> Tag | None:
    """The element right after a question heading, if it is the answer block."""
    block = heading.find_next_sibling()
    return block if block is not None and block.name == "details" and "answer" in block.get("class", []) else None


def answer_texts(site: Path) -> dict[str, str]:
    """Each question id -> the text of its answer, without its "Answer" summary (math as KaTeX renders it)."""
    texts: dict[str, str] = {}
    for url in nav_pages(site):
        for heading in question_headings(soup_of(page_file(site, url))):
            answer = answer_after(heading)
            if answer is not None:
                for summary in answer.select("summary"):
                    summary.decompose()
                text = " ".join(answer.get_text(" ").split())
                texts[str(heading["id"])] = re.sub(r"\s+([,.;:!?)])", r"\1", text)
    return texts


def search_results(page: Page, phrase: str, result_selector: str) -> Locator:
    """Type a phrase into Material's search (from the open page) until the expected result shows.

    A query typed before Material's search index has loaded is dropped, so it is typed again.
    """
    page.keyboard.press("/")
    result = page.locator(result_selector)
    for _attempt in range(10):
        page.locator("input.md-search__input").fill("")
        page.locator("input.md-search__input").press_sequentially(phrase, delay=20)
        try:
            result.first.wait_for(state="visible", timeout=2000)
            break
        except PlaywrightTimeout:
            continue
    expect(result.first).to_be_visible()
    return result


def after_next_paint(page: Page) -> None:
    """Return once the page has rendered two more frames and run the tasks queued before them:
    whatever a click or a scroll set off (handlers, observers, layout) has happened by then."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done))))")
