"""Tests of the built HTML: every question once, in book order, each with a closed, non-empty
answer; math typeset at build time; nothing loaded from another host."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from scripts.drawing import colour_scale
from scripts.drawing.favicon import PATH, favicon_svg
from tests.site_pages import BOOK_ORDER, answer_after, nav_pages, page_file, question_headings, soup_of

pytestmark = pytest.mark.site

RAW_TEX = re.compile(r"\$\$|\\begin\{|\\\(|\\\[|\\frac|\\sum")


def test_the_nav_lists_home_then_the_section_pages(site: Path) -> None:
    assert nav_pages(site) == [
        "",
        "magic-of-convolutions/",
        "first-cnn/",
        "color-images/",
        "training-stability/",
        "one-cycle-training/",
        "batch-normalization/",
        "further-research/",
        "numbers-to-know/",
        "kernel-playground/",
        "drills/",
        "cnn-live/",
        "training-lab/",
        "convolutions-notebook/",
        "trace-precedents/",
    ]


def test_43_question_ids_each_once_in_book_order_across_pages(site: Path) -> None:
    ids: list[str] = []
    for url in nav_pages(site):
        soup = soup_of(page_file(site, url))
        page_ids = [str(h["id"]) for h in question_headings(soup)]
        for qid in page_ids:
            assert len(soup.select(f"[id='{qid}']")) == 1, f"{url}: id {qid} is not unique on its page"
        ids.extend(page_ids)
    assert ids == BOOK_ORDER


def test_each_question_heading_shows_its_number_and_is_followed_by_a_closed_answer(site: Path) -> None:
    for url in nav_pages(site):
        for heading in question_headings(soup_of(page_file(site, url))):
            qid = str(heading["id"])
            assert heading.get_text().startswith(f"{qid[1:]}. "), f"{url}#{qid}: heading does not start with its number"
            answer = answer_after(heading)
            assert answer is not None, f"{url}#{qid}: no answer block right after the heading"
            assert not answer.has_attr("open"), f"{url}#{qid}: answer is open by default"
            assert answer.summary is not None and answer.summary.get_text(strip=True) == "Answer"
            body = answer.get_text(" ", strip=True).removeprefix("Answer").strip()
            assert len(body.split()) >= 5, f"{url}#{qid}: answer is (nearly) empty: {body!r}"


def test_the_home_page_indexes_every_question(site: Path) -> None:
    home = soup_of(site / "index.html")
    targets = [str(a["href"]) for a in home.select("article ul li a[href*='#']")]
    assert [t.split("#")[1] for t in targets] == BOOK_ORDER
    for target in targets:
        url, anchor = target.split("#")
        assert soup_of(page_file(site, url)).find(id=anchor) is not None, f"index link {target} is dead"


def test_math_is_typeset_at_build_time_and_no_raw_tex_is_left(site: Path) -> None:
    formulas = 0
    for url in nav_pages(site):
        soup = soup_of(page_file(site, url))
        article = soup.select_one("article")
        assert article is not None
        formulas += len(article.select(".arithmatex .katex"))
        assert not article.select(".katex-error"), f"{url}: KaTeX error in page"
        for element in article.select("annotation, script, style, code, pre"):
            element.decompose()  # TeX source for screen readers, and code, may hold backslashes
        match = RAW_TEX.search(article.get_text())
        assert match is None, f"{url}: raw TeX {match.group(0)!r} in the page text"
    assert formulas >= 5, "the answers should carry typeset math (kernels, the operation of question 3)"


def test_no_page_loads_anything_from_another_host(site: Path) -> None:
    for html in site.rglob("*.html"):
        soup = soup_of(html)
        for element in soup.select(
            "script[src], link[href], img[src], source[src], iframe[src], video[src], audio[src], embed[src], object[data]"
        ):
            if element.name == "link" and not {"stylesheet", "preload", "modulepreload", "icon", "manifest", "prefetch"} & set(
                element.get("rel", [])
            ):
                continue  # canonical, alternate, etc. are not loaded
            url = str(element.get("src") or element.get("href") or element.get("data"))
            assert not urlsplit(url).netloc, f"{html.relative_to(site)}: <{element.name}> loads {url}"
    for css in site.rglob("*.css"):
        for url in re.findall(r"(?:url\(|@import\s+)['\"]?([^'\")\s]+)", css.read_text(encoding="utf-8")):
            assert not urlsplit(url).netloc, f"{css.relative_to(site)} loads {url}"


def test_katex_stylesheet_and_fonts_are_served_by_the_site(site: Path) -> None:
    """KaTeX's CSS is a stylesheet of its own, before the site's, on every page that shows a formula
    and on no other; it names the fonts the formulas draw with (as woff2), each served cut to the
    site's glyphs, and no other: a font no formula uses is not served."""
    from fontTools.ttLib import TTFont

    for url in nav_pages(site):
        soup = soup_of(page_file(site, url))
        links = [str(link["href"]).rsplit("/", 1)[-1] for link in soup.select("head link[rel=stylesheet]")]
        if soup.select("article .katex"):
            assert "katex.css" in links and links.index("katex.css") < links.index("site.css"), f"{url or 'home'}: {links}"
        else:
            assert "katex.css" not in links, f"{url or 'home'} shows no formula, yet loads KaTeX's stylesheet"
    site_css = (site / "assets/stylesheets/site.css").read_text(encoding="utf-8")
    assert "@font-face" not in site_css and ".katex .mfrac" not in site_css, "KaTeX's rules are in the stylesheet every page loads"
    css = (site / "assets/stylesheets/katex.css").read_text(encoding="utf-8")
    fonts = set(re.findall(r"url\((\.\./katex/fonts/[^)]+)\)", css))
    names = {font.rsplit("/", 1)[-1] for font in fonts}
    assert {"KaTeX_Main-Regular.woff2", "KaTeX_Math-Italic.woff2", "KaTeX_Size3-Regular.woff2"} <= names, names
    assert all(name.endswith(".woff2") for name in names), names
    for font in fonts:
        served = TTFont((site / "assets/stylesheets" / font).resolve())
        assert served.flavor == "woff2" and len(served.getBestCmap()) > 0, f"{font} is missing from the site or empty"
    digits = set(map(ord, "0123456789"))
    assert digits <= set(TTFont(site / "assets/katex/fonts/KaTeX_Main-Regular.woff2").getBestCmap()), "the formulas' digits"
    assert len(TTFont(site / "assets/katex/fonts/KaTeX_Main-Regular.woff2").getBestCmap()) < 100, "the font is not cut to the site's glyphs"
    assert sorted(path.name for path in (site / "assets/katex/fonts").iterdir()) == sorted(names), "a font served that no rule names"
    assert not (site / "stylesheets/site.css").exists(), "the source stylesheet is published twice"


def test_the_search_index_holds_prose_not_tex_or_glyphs(site: Path) -> None:
    import json

    docs = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    q17 = next(doc for doc in docs if doc["location"].endswith("first-cnn/#q17"))
    assert "receptive field" in q17["text"].lower() or "layer-2 activation" in q17["text"]
    for doc in docs:
        for raw in ("\\begin{", "\\cdot", "\\frac", "\\("):
            assert raw not in doc["text"], f"TeX {raw!r} in the search index at {doc['location']}"
    assert "r2=r1" not in q17["text"].replace(" ", "") and "s1=3+2" not in q17["text"].replace(" ", ""), "KaTeX glyphs in the index"
    notebook = {doc["location"].split("#")[-1]: doc["text"] for doc in docs if doc["location"].startswith("convolutions-notebook/#")}
    matrix, batch_norm = notebook["convolution-as-a-matrix-multiplication"], notebook["batch-norm-training-vs-evaluation-statistics"]
    assert "matrix product" in matrix and "running averages" in batch_norm, "the notebook's prose is searchable"
    assert "y=Wx" not in matrix.replace(" ", "") and "ϵ" not in batch_norm and "10−5" not in batch_norm, "KaTeX glyphs in the index"


def test_every_code_block_is_focusable_before_material_mounts_it(site: Path) -> None:
    """Material mounts code blocks lazily (content.lazy): until then a block that scrolls sideways
    must already be reachable by keyboard (scripts/extensions/code_blocks.py)."""
    blocks = 0
    for url in ["first-cnn/", "convolutions-notebook/", "further-research/"]:
        for code in soup_of(page_file(site, url)).select("article pre > code"):
            blocks += 1
            assert code.get("tabindex") == "0", f"{url}: a code block without tabindex"
    assert blocks > 20


def test_every_page_links_the_sites_own_small_icon(site: Path) -> None:
    """The tab icon is the SVG drawn from the colour module, not Material's 2 kB PNG every first visit fetched."""
    served = site / PATH
    assert served.read_text(encoding="utf-8") == favicon_svg()
    assert served.stat().st_size < 1024
    cells = ElementTree.fromstring(favicon_svg()).findall("{http://www.w3.org/2000/svg}rect")
    assert len(cells) == 9 and [cell.get("fill") for cell in cells].count(colour_scale.MARK) == 1
    for url in [*nav_pages(site), "q/17/", "r/3/"]:  # the short links' pages too
        icons = soup_of(page_file(site, url)).select('link[rel="icon"]')
        hrefs = [(page_file(site, url).parent / icon["href"]).resolve() for icon in icons]
        assert hrefs == [served.resolve()], f"{url or 'home'}: icon links {[icon['href'] for icon in icons]}"
