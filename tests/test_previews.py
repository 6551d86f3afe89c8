"""Short links as a forum shows them: /q/N/ drawn the way Discourse (forums.fast.ai) draws a link.

Discourse fetches the page, reads its Open Graph tags and draws a "onebox": the site name, the
image as a thumbnail, the title as a link and the description under it. It cuts a title after
80 characters and a description after 250, at a space, adding "..." (its generic onebox engine).
:func:`onebox_html` rebuilds that box from the tags of the built short link pages, with styles
close to Discourse's default theme, and Chromium draws it: the preview must show the answer's
whole first sentence and the card image. The screenshots go to ``$PREVIEW_SHOTS`` if set (else
a temporary folder), to be looked at.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Page

from tests.site_pages import answer_texts

TITLE_LIMIT, DESCRIPTION_LIMIT = 80, 250
PREVIEWED = ["q2", "q8", "q15", "q32", "q40"]  # short links whose previews were unusable before
# first sentences rewritten to answer every part of their question, the longest near the forum's limit
PREVIEWED += ["q5", "q13", "q17", "q18", "q23", "q25", "q37", "q39", "r3"]

ONEBOX_STYLE = """
body { margin: 0; padding: 16px; background: #fff; width: 720px;
       font: 15px/1.4 -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #222; }
aside.onebox { border: 5px solid #e9e9e9; border-radius: 4px; padding: 12px 25px 12px 12px; max-width: 690px; }
aside.onebox header.source { font-size: 13px; margin-bottom: 8px; }
aside.onebox header.source a { color: #646464; text-decoration: none; }
aside.onebox .onebox-body .thumbnail { float: left; max-width: 20%; max-height: 170px; margin-right: 10px; }
aside.onebox .onebox-body h3 { font-size: 18px; margin: 0 0 4px; }
aside.onebox .onebox-body h3 a { color: #222; text-decoration: none; }
aside.onebox .onebox-body p { margin: 0; }
aside.onebox .clear { clear: both; }
"""


def truncate(text: str, limit: int) -> str:
    """Discourse's cut: a text longer than `limit` ends at its last space before it, plus "..."."""
    if len(text) <= limit:
        return text
    space = text.rfind(" ", 0, limit)
    return text[: space if space > 0 else limit] + "..."


def og_tags(page_html: str) -> dict[str, str]:
    """The Open Graph properties of a page: {"title": ..., "description": ..., "image": ..., ...}."""
    soup = BeautifulSoup(page_html, "html.parser")
    return {str(meta["property"]).removeprefix("og:"): str(meta.get("content", "")) for meta in soup.select("meta[property^='og:']")}


def onebox_html(tags: dict[str, str]) -> str:
    """The box a Discourse post shows for a link whose page has these Open Graph tags."""
    e = lambda text: html.escape(text, quote=True)  # noqa: E731
    link = tags["url"]
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><style>{ONEBOX_STYLE}</style></head>
<body><aside class="onebox allowlistedgeneric" data-onebox-src="{e(link)}">
<header class="source"><a href="{e(link)}">{e(truncate(tags["site_name"], TITLE_LIMIT))}</a></header>
<article class="onebox-body">
<img src="{e(tags["image"])}" class="thumbnail" alt="">
<h3><a href="{e(link)}">{e(truncate(tags["title"], TITLE_LIMIT))}</a></h3>
<p>{e(truncate(tags["description"], DESCRIPTION_LIMIT))}</p>
</article>
<div class="clear"></div>
</aside></body></html>"""


@pytest.mark.unit
def test_truncate_cuts_like_discourse() -> None:
    assert truncate("short enough", 80) == "short enough"
    assert truncate("one two three", 9) == "one two..."
    assert truncate("x" * 12, 10) == "x" * 10 + "..."


@pytest.mark.unit
def test_onebox_shows_title_description_and_image() -> None:
    tags = {
        "url": "https://s/q/2/",
        "site_name": "Site",
        "title": "Q2. Title & more",
        "description": "D " * 200,
        "image": "https://s/q/2/card.png",
    }
    box = BeautifulSoup(onebox_html(tags), "html.parser")
    assert box.select_one("h3 a").get_text() == "Q2. Title & more"
    assert box.select_one("p").get_text().endswith("...") and len(box.select_one("p").get_text()) <= DESCRIPTION_LIMIT + 3
    assert box.select_one("img.thumbnail")["src"] == "https://s/q/2/card.png"


@pytest.mark.browser
def test_a_forum_preview_of_a_short_link_answers_on_its_own(site: Path, server: str, page: Page, tmp_path: Path) -> None:
    shots = Path(os.environ.get("PREVIEW_SHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    answers = answer_texts(site)
    page.set_viewport_size({"width": 760, "height": 400})
    for qid in PREVIEWED:
        tags = og_tags((site / qid[0] / qid[1:] / "index.html").read_text(encoding="utf-8"))
        assert tags["url"] == f"{server}{qid[0]}/{qid[1:]}/" and tags["image"].startswith(server)
        page.set_content(onebox_html(tags))
        image = page.locator("img.thumbnail")
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
        assert image.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [1200, 630]
        shown = page.locator(".onebox-body p").inner_text()
        assert shown == tags["description"], f"{qid}: the forum cuts the preview: {shown!r}"
        assert answers[qid].startswith(shown), f"{qid}: the preview is not the answer's first sentence"
        assert page.locator(".onebox-body h3").inner_text().startswith(f"{qid.upper()}. ")
        page.locator("aside.onebox").screenshot(path=str(shots / f"preview-{qid}.png"))
