"""Issue 18's findings, each kept fixed: short links that carry a query, descriptions escaped in
every preview tag, the theme's storage helper when storage is blocked or holds invalid JSON, a
malformed %-escape in the address, the printed page (read back from Chromium's PDF), the site
with JavaScript off, and small screens and keyboard focus."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect

from tests.conftest import ROOT, SUB_PATH
from tests.site_pages import after_next_paint, page_file, question_headings, soup_of

PAGE = "first-cnn/"  # questions 11-19
STUDY_DRAWN = "document.querySelector('[data-study-toolbar] button') !== null"
PALETTE_KEY = f"/{SUB_PATH}/.__palette"  # Material's key: its scope's path + ".__palette"


def site_description() -> str:
    """mkdocs.yml's site_description (its !ENV tags read as nothing)."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)["site_description"]


def errors_of(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def open_study_page(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_function(STUDY_DRAWN)


# --- 1. a short link with a query string -------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize(
    ("link", "landing"),
    [
        ("q/17/?fbclid=abc123", "first-cnn/?fbclid=abc123#q17"),
        ("q/17/?x=1#y", "first-cnn/?x=1#q17"),
        ("r/2/?utm_source=mail", "further-research/?utm_source=mail#r2"),
    ],
)
def test_a_short_link_keeps_its_query_before_the_hash_and_opens_the_answer(server: str, page: Page, link: str, landing: str) -> None:
    errors = errors_of(page)
    page.goto(server + link)
    page.wait_for_url(server + landing)
    qid = landing.rsplit("#", 1)[1]
    expect(page.locator(f"h2#{qid} + details.answer")).to_have_attribute("open", "")
    expect(page.locator(f"h2#{qid}")).to_be_in_viewport()
    assert errors == []


# --- 2. descriptions escaped -------------------------------------------------------------------


@pytest.mark.site
def test_descriptions_reach_every_preview_tag_whole(site: Path) -> None:
    description = site_description()
    assert '"' in description, "the check needs a description with a quote in it"
    for name in ("index.html", "404.html"):
        soup = soup_of(site / name)
        for attrs in ({"name": "description"}, {"property": "og:description"}, {"name": "twitter:description"}):
            tags = soup.find_all("meta", attrs=attrs)
            assert [tag.get("content") for tag in tags] == [description], f"{name}: {attrs}"
        for tag in soup.find_all("meta"):
            assert set(tag.attrs) <= {"charset", "name", "property", "content", "http-equiv"}, f"{name}: stray attributes {tag.attrs}"


# --- 4. storage blocked or holding invalid JSON (the theme's part) -------------------------------

BLOCK_STORAGE = """
  Object.defineProperty(window, "localStorage", { configurable: true, get() { throw new DOMException("The operation is insecure.", "SecurityError"); } });
"""
BAD_PALETTE = f"""
  try {{ window.localStorage.setItem({PALETTE_KEY!r}, "{{not json"); }} catch {{}}
"""


@pytest.mark.browser
@pytest.mark.parametrize("storage", ["blocked", "invalid-json"])
def test_the_theme_works_when_storage_is_blocked_or_holds_invalid_json(server: str, browser: Browser, storage: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(BLOCK_STORAGE if storage == "blocked" else BAD_PALETTE)
    page = context.new_page()
    errors = errors_of(page)
    try:
        for url in ("", PAGE):
            page.goto(server + url)
            page.wait_for_load_state("load")
            toggle = page.locator("form[data-md-component=palette] label.md-header__button:not([hidden])")
            expect(toggle).to_have_count(1)  # Material shows the toggle of the scheme in force
            expect(toggle).to_be_visible()
            before = page.locator("body").get_attribute("data-md-color-scheme")
            toggle.click()
            expect(page.locator("body")).not_to_have_attribute("data-md-color-scheme", before or "")
        assert errors == [], f"uncaught errors: {errors}"
    finally:
        context.close()


# --- 5. a malformed % in the hash -----------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("hash_", ["#%", "#q17%", "#%E0%A4%A", "#no-such-id"])
def test_a_malformed_or_unknown_hash_is_ignored_quietly(server: str, page: Page, hash_: str) -> None:
    errors = errors_of(page)
    open_study_page(page, server + PAGE + hash_)
    after_next_paint(page)
    assert page.locator("article details.answer[open]").count() == 0
    assert errors == []


@pytest.mark.browser
def test_search_matches_open_even_with_a_malformed_hash(server: str, page: Page) -> None:
    errors = errors_of(page)
    opened = "[...document.querySelectorAll('article h2:has(+ details.answer[open])')].map(h => h.id)"
    open_study_page(page, server + PAGE + "?h=stride")
    expected = page.evaluate(opened)
    assert len(expected) >= 3
    open_study_page(page, server + PAGE + "?h=stride#%")
    assert page.evaluate(opened) == expected
    assert errors == []


# --- 6. print, read back from the PDF -------------------------------------------------------------


def pdf_pages(pdf: Path) -> tuple[list[str], list[float]]:
    """Each page's text (pdftotext -layout) and how far down its lowest line of text reaches (0-1)."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: install Debian's poppler-utils (bash scripts/dev.sh test does)")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    boxes = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    reach = []
    for height, body in re.findall(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', boxes, re.S):
        bottoms = [float(y) for y in re.findall(r'<line xMin="[\d.]+" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)"', body)]
        reach.append(max(bottoms, default=0.0) / float(height))
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages, reach


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.browser
def test_a_printed_page_keeps_each_question_with_its_answer_and_prints_no_controls(
    site: Path, server: str, page: Page, tmp_path: Path
) -> None:
    soup = soup_of(page_file(site, PAGE))
    starts = {}  # question id -> (heading's first words, answer's first words)
    for heading in question_headings(soup):
        for control in heading.select("a"):
            control.decompose()
        first_paragraph = heading.find_next_sibling("details").find("p", recursive=False)
        starts[str(heading["id"])] = (" ".join(heading.get_text().split()[:3]), " ".join(first_paragraph.get_text().split()[:4]))
    assert len(starts) == 9

    open_study_page(page, server + PAGE)
    page.evaluate("document.fonts.ready.then(() => true)")
    pdf = tmp_path / "page.pdf"
    page.pdf(path=str(pdf), format="A4")
    pages, reach = pdf_pages(pdf)
    assert len(pages) >= 5

    def page_of(words: str) -> int:
        found = [number for number, text in enumerate(pages) if squeezed(words) in squeezed(text)]
        assert found, f"{words!r} is not in the PDF"
        return found[0]

    for qid, (heading, answer) in starts.items():
        assert page_of(heading) == page_of(answer), f"{qid}: its heading ends a page, its answer starts the next"
    for number, fill in enumerate(reach[:-1], start=1):
        assert fill > 0.6, f"page {number} of {len(pages)} is {100 - 100 * fill:.0f}% blank"
    printed = "".join(pages)
    assert "¶" not in printed
    links = re.findall(rb"/URI \(([^)]*)\)", pdf.read_bytes())
    assert links, "the PDF keeps the page's real links"
    assert not [link for link in links if re.search(rb"/[qr]/\d+/$", link)], "a short-link icon was printed"

    # what the PDF shows only as shapes: the copy-code button and the summary chevrons
    page.evaluate("document.querySelectorAll('article details.answer').forEach(d => d.open = true)")
    page.locator("article .highlight").first.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('article .md-code__nav') !== null")
    page.emulate_media(media="print")
    assert page.evaluate("""() => [...document.querySelectorAll('article .md-code__nav, article .short-link, article .headerlink')]
        .every(e => e.getBoundingClientRect().height === 0)""")
    assert page.evaluate("""() => [...document.querySelectorAll('article details.answer > summary')]
        .every(s => getComputedStyle(s, '::after').display === 'none')""")


# --- 7. JavaScript off ---------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [False, True], ids=["js-off", "js-on"])
def test_the_home_page_says_what_needs_javascript(server: str, new_page: Callable[..., Page], javascript: bool) -> None:
    page = new_page(java_script_enabled=javascript, viewport={"width": 1280, "height": 900})
    page.goto(server)
    shown = page.locator("article").inner_text()  # only what is rendered
    note = page.locator("article .no-script-note")
    if javascript:
        expect(note).to_be_hidden()
        assert "to search questions and answers" in shown and "say how it went" in shown
    else:
        expect(note).to_be_visible()
        expect(note).to_contain_text("JavaScript is off")
        for promise in ("to search questions and answers", "say how it went", "Start review walks you"):
            assert promise not in shown, f"without JavaScript the page still offers: {promise!r}"
        page.goto(server + "no/such/page/")
        assert "press" not in page.locator("article").inner_text().lower()


@pytest.mark.site
def test_the_404_page_has_a_title_of_its_own(site: Path) -> None:
    soup = soup_of(site / "404.html")
    assert soup.title is not None and soup.title.get_text().startswith("Page not found · ")


# --- 8. small screens and keyboard -----------------------------------------------------------------

CUT = """selector => [...document.querySelectorAll(selector)]
    .filter(e => e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight)
    .map(e => e.textContent)"""


@pytest.mark.browser
@pytest.mark.parametrize("url", [PAGE, "magic-of-convolutions/"])
def test_at_320px_the_toolbar_count_and_the_section_names_are_not_cut(server: str, new_page: Callable[..., Page], url: str) -> None:
    page = new_page(viewport={"width": 320, "height": 800})
    page.goto(server)
    # a long count: every question reviewed ("10 of 10 reviewed, 0 due"; v1 marks become reviews)
    page.evaluate(f"""localStorage.setItem("/{SUB_PATH}/.study.v1", JSON.stringify({{version: 1,
        marks: Object.fromEntries([...Array(40)].map((_, i) => ["q" + (i + 1), "known"]))}}))""")
    page.reload()
    page.wait_for_function("document.querySelector('[data-study-panel] .study-bar[aria-valuenow]') !== null")
    assert page.locator("[data-study-panel] .study-panel__name").count() == 8  # 7 sections and the drills
    assert page.evaluate(CUT, "[data-study-panel] .study-panel__name") == []
    open_study_page(page, server + url)
    count = page.locator("[data-study-toolbar] .study-toolbar__count")
    expect(count).to_have_text(re.compile(r"^(\d+) of \1 reviewed, \d+ due$"))
    assert page.evaluate(CUT, "[data-study-toolbar] .study-toolbar__count") == []
    toolbar = page.locator("[data-study-toolbar]").bounding_box()
    for box in page.locator("[data-study-toolbar] > *").evaluate_all("all => all.map(e => e.getBoundingClientRect().toJSON())"):
        assert box["right"] <= toolbar["x"] + toolbar["width"] + 0.5 and box["bottom"] <= toolbar["y"] + toolbar["height"] + 0.5
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


FOCUSED = """() => { const e = document.activeElement; const box = e.getBoundingClientRect();
    return { tag: e.tagName, cls: e.className, width: box.width, height: box.height }; }"""


@pytest.mark.browser
def test_tab_from_the_search_box_lands_on_something_visible(server: str, page: Page) -> None:
    open_study_page(page, server + PAGE)
    search = page.locator("input.md-search__input")
    for query in ("", "stride"):  # the search closed and empty, then with results
        search.focus()
        if query:
            page.keyboard.type(query)
            expect(page.locator(".md-search-result__item").first).to_be_visible()
        page.keyboard.press("Tab")
        after_next_paint(page)  # leaving the search box closes it
        focused = page.evaluate(FOCUSED)
        assert "md-search__scrollwrap" not in focused["cls"], f"Tab landed on the search's results wrapper ({query=})"
        assert focused["width"] > 0 and focused["height"] > 0, f"focus went to nothing visible: {focused}"
    # the results are reached the way Material means: arrow keys from the search box
    search.focus()
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    page.keyboard.press("ArrowDown")
    focused = page.evaluate(FOCUSED)
    assert focused["tag"] == "A" and "md-search-result__link" in focused["cls"] and focused["height"] > 0, focused
