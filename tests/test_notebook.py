"""The companion notebook, docs/convolutions-notebook.ipynb, and its page.

Its outputs are committed and the build does not run it (mkdocs.yml: ``execute: false``): building
the site, or a `mkdocs serve` rebuild, then needs no Jupyter kernel and takes no extra seconds. In
exchange, the first test here runs the notebook in a fresh kernel (nbclient) with PyTorch hidden
and fails on any cell error, or when a saved output differs from the fresh one. After editing the
notebook, save fresh outputs with ``.venv/bin/python -m scripts.pages.notebook_page``.

Then: the page's HTML, as mkdocs-jupyter and overrides/hooks/notebook.py leave it (light, no
scripts, math typeset, figures, download and Colab links, clean search entries, links from the
answers to its sections), and the page in Chromium (no request to another host, readable in dark
mode, the download works, search finds it, and it transfers at most twice a question page's bytes).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from scripts.build.math_render import mark_notebook_math, typeset
from scripts.pages.notebook_page import (
    NOTEBOOK,
    anchor_ids,
    clean_notebook_html,
    colab_url,
    execute_notebook,
    flatten_cells,
    notebook_links_html,
    stale_cells,
)
from scripts.tools.benchmark import first_visit_bytes, serve
from tests.conftest import REPO_URL, ROOT
from tests.page_pool import DEFAULT_VIEWPORT
from tests.site_pages import search_results, soup_of

PAGE = "convolutions-notebook/"
QUESTION_PAGE = "magic-of-convolutions/"  # the question page the notebook page is weighed against
COLAB = "https://colab.research.google.com/github/example/fastbook-ch13/blob/main/docs/convolutions-notebook.ipynb"
SEARCH_PHRASE = "hexadecimal"  # in a markdown cell of the notebook (section "The digit"), on no other page, not in its code
# The answers that link to a section of the notebook (one short line at the end of each).
LINKED_ANSWERS = {
    "magic-of-convolutions/": ["q3", "q5", "q6", "q10"],
    "first-cnn/": ["q17"],
    "color-images/": ["q21"],
    "batch-normalization/": ["q39"],
}


@pytest.fixture(scope="module")
def saved() -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOK, as_version=4)


def markdown_sources(notebook: nbformat.NotebookNode) -> str:
    return "\n\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


def code_sources(notebook: nbformat.NotebookNode) -> str:
    return "\n\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")


def saved_pngs(notebook: nbformat.NotebookNode) -> int:
    return sum(
        "".join(output.data.get("text/html", "")).count("data:image/png;base64,")
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "display_data"
    )


# --- the notebook file ------------------------------------------------------------------------


@pytest.fixture
def executed_notebook() -> nbformat.NotebookNode:
    """The notebook run in a fresh Jupyter kernel (a test that asks for it is marked `tool`)."""
    return execute_notebook(NOTEBOOK)  # raises CellExecutionError on any cell error


@pytest.mark.tool
def test_the_notebook_runs_cleanly_without_torch_and_its_saved_outputs_are_current(
    saved: nbformat.NotebookNode, executed_notebook: nbformat.NotebookNode
) -> None:
    executed = executed_notebook
    problems = stale_cells(saved, executed)
    assert problems == [], "the saved outputs are stale; run `.venv/bin/python -m scripts.pages.notebook_page`:\n" + "\n".join(problems)
    optional = [cell for cell in executed.cells if cell.cell_type == "code" and cell.source.startswith("# Optional")]
    assert len(optional) == 3
    for cell in optional:
        assert "if torch is None:" in cell.source, "a PyTorch cell must be guarded"
        assert [output.get("text") for output in cell.outputs] == ["PyTorch is not installed: check skipped\n"]


@pytest.mark.unit
def test_the_saved_notebook_has_every_output_and_no_error(saved: nbformat.NotebookNode) -> None:
    code = [cell for cell in saved.cells if cell.cell_type == "code"]
    assert [cell.execution_count for cell in code] == list(range(1, len(code) + 1))
    for cell in code:
        assert cell.outputs, f"cell {cell.execution_count} has no output"
        for output in cell.outputs:
            assert output.output_type != "error", f"cell {cell.execution_count} failed: {output.get('ename')}"
            assert output.get("name") != "stderr", f"cell {cell.execution_count} wrote to stderr: {output.get('text')}"
        assert "execution" not in cell.metadata, "timing metadata: run with scripts.pages.notebook_page, not by hand"


@pytest.mark.unit
def test_the_notebook_is_self_contained_and_its_digit_is_the_sites(saved: nbformat.NotebookNode) -> None:
    code = code_sources(saved)
    for needed_elsewhere in ("scripts", "open(", "Path(", "matplotlib", "requests", "urllib", "!pip", "%pip"):
        assert needed_elsewhere not in code, f"the notebook must run when downloaded alone: {needed_elsewhere!r}"
    hex_rows = re.search(r'DIGIT_HEX = """(.*?)"""', code, re.DOTALL)
    assert hex_rows is not None
    rows = hex_rows[1].split()
    pixels = [[0 if row[i : i + 2] == ".." else int(row[i : i + 2], 16) for i in range(0, 56, 2)] for row in rows]
    committed = json.loads((ROOT / "scripts" / "data" / "mnist-3.json").read_text(encoding="utf-8"))["pixels"]
    assert pixels == committed, "the notebook's digit differs from scripts/data/mnist-3.json, which the figures use"


@pytest.mark.unit
def test_the_notebook_has_the_issues_sections(saved: nbformat.NotebookNode) -> None:
    headings = re.findall(r"^## (.+)$", markdown_sources(saved), re.MULTILINE)
    assert headings == [
        "The digit",
        "A kernel at one position",
        "A kernel over the whole image",
        "Four kernels as one stacked convolution",
        "Output sizes: padding and stride",
        "Convolution as a matrix multiplication",
        "The receptive field of two stride-2 layers",
        "Shapes of a colour convolution",
        "Batch norm: training vs evaluation statistics",
    ]
    assert SEARCH_PHRASE in markdown_sources(saved)


# --- the page transformation (pure functions) --------------------------------------------------

NBCONVERT_SNIPPET = """
<script>(function (global, factory) { /* clipboard.umd.js */ })</script>
<style type="text/css">.jp-Notebook { color: red }</style>
<!-- Load mathjax -->
<script src=""> </script>
<script type="text/x-mathjax-config">init_mathjax();</script>
<div class="jupyter-wrapper"><div class="jp-Notebook" data-jp-theme-light="true">
<div class="jp-Cell jp-MarkdownCell jp-Notebook-cell"><div class="jp-Cell-inputWrapper" tabindex="0">
<div class="jp-Collapser jp-InputCollapser jp-Cell-inputCollapser"></div>
<div class="jp-InputArea jp-Cell-inputArea"><div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput">
<h2 id="a-section">A section<a class="anchor-link" href="#a-section">¶</a></h2><p>Cost $a &lt; b$ and $5 or $6.</p>
<p>$$
x^2
$$</p>
</div></div></div></div>
<div class="jp-Cell jp-CodeCell jp-Notebook-cell"><div class="jp-Cell-inputWrapper" tabindex="0">
<div class="jp-InputArea jp-Cell-inputArea"><div class="jp-InputPrompt jp-InputArea-prompt">In&nbsp;[1]:</div>
<div class="jp-CodeMirrorEditor jp-Editor jp-InputArea-editor" data-type="inline"><div class="CodeMirror cm-s-jupyter">
<div class="zeroclipboard-container"><clipboard-copy for="cell-1"><div><span class="notice" hidden>Copied!</span></div></clipboard-copy></div>
<div class="highlight-ipynb hl-python"><pre><span></span><span class="n">x</span> <span class="o">=</span> <span class="s2">"$y$"</span>
</pre></div>
<div class="clipboard-copy-txt" id="cell-1">x = "$y$"</div>
</div></div></div></div>
<div class="jp-Cell-outputWrapper"><div class="jp-OutputArea jp-Cell-outputArea"><div class="jp-OutputArea-child">
<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain" tabindex="0"><pre>$z$ printed</pre></div>
</div><div class="jp-OutputArea-child"><div class="jp-RenderedHTMLCommon jp-RenderedHTML jp-OutputArea-output" data-mime-type="text/html">
<figure><img src="data:image/png;base64,iVBORw0KGgo=" alt="a figure"><figcaption>a figure</figcaption></figure></div></div>
</div></div></div>
</div></div>
<style>.highlight-ipynb .k { color: blue }</style>
"""


def notebook_page(html: str) -> str:
    """What the hook does to a notebook page's HTML, less the links it adds."""
    cleaned = clean_notebook_html(html)
    marked, errors = mark_notebook_math(cleaned)
    assert errors == []
    typeset_html, errors = typeset(flatten_cells(marked))  # katex_math's hook, after search has indexed the page
    assert errors == []
    return typeset_html


@pytest.mark.unit
def test_cleaning_drops_css_scripts_clipboard_and_prompts_from_search() -> None:
    html = clean_notebook_html(NBCONVERT_SNIPPET)
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.select("style, script, link, clipboard-copy, .zeroclipboard-container, .clipboard-copy-txt")
    assert "Copied!" not in html and "mathjax" not in html.lower() and "<!--" not in html
    assert soup.select_one(".jp-InputPrompt").has_attr("data-search-exclude")
    assert [tag.has_attr("data-search-exclude") for tag in soup.select(".jp-OutputArea-output")] == [True, True]
    assert not soup.select(".jp-Cell-inputWrapper[tabindex]"), "a plain div should not take keyboard focus"


@pytest.mark.unit
def test_code_cells_become_material_code_blocks_and_anchors_permalinks() -> None:
    soup = BeautifulSoup(clean_notebook_html(NBCONVERT_SNIPPET), "html.parser")
    block = soup.select_one("div.language-python.highlight > pre > code")
    assert block is not None and block.get_text() == 'x = "$y$"\n'  # Material adds its copy button to pre > code
    assert soup.select_one("div.highlight > pre > span:first-child").get_text() == ""
    link = soup.select_one("h2 a")
    assert link["class"] == ["headerlink"] and link["href"] == "#a-section"  # Material's permalink, left out of search titles


@pytest.mark.unit
def test_flattening_puts_headings_code_and_outputs_side_by_side() -> None:
    soup = BeautifulSoup(notebook_page(NBCONVERT_SNIPPET), "html.parser")
    wrapper = soup.select_one("div.jupyter-wrapper")
    assert [child.name for child in wrapper.find_all(True, recursive=False)][:1] == ["h2"]
    assert wrapper.select_one(":scope > div.highlight") is not None
    assert wrapper.select_one(":scope > div.jp-OutputArea") is not None
    assert not soup.select(".jp-Cell, .jp-RenderedMarkdown, .jp-InputArea, .CodeMirror")


@pytest.mark.unit
def test_notebook_math_is_typeset_in_markdown_cells_only() -> None:
    html = notebook_page(NBCONVERT_SNIPPET)
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.select(".arithmatex .katex")) == 2
    assert soup.select_one("div.arithmatex .katex-display") is not None, "a paragraph of display math becomes a div"
    assert soup.select_one("p > span.arithmatex .katex") is not None
    assert "$5 or $6" in soup.get_text(), "dollar amounts are not math"
    assert '"$y$"' in soup.select_one("code").get_text() and "$z$ printed" in soup.select_one(".jp-OutputArea pre").get_text()


@pytest.mark.unit
def test_notebook_math_delimiters_and_errors() -> None:
    cell = '<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown">{}</div>'
    marked, errors = mark_notebook_math(cell.format(r"<p>\(a\) and \[b\] and \begin{aligned} c &amp;= d \end{aligned}</p>"))
    assert errors == [] and marked.count('data-search-exclude="tex"') == 3 and "katex" not in marked, "TeX until search has indexed it"
    html = typeset(marked)[0]
    assert html.count('class="katex"') == 3 and html.count("katex-display") == 2
    marked, errors = mark_notebook_math(cell.format(r"<p>$\frac{1}{$ and $x$</p>"))
    assert [error.tex for error in errors] == [r"\frac{1}{"]
    html = typeset(marked)[0]
    assert r"$\frac{1}{$" in html and html.count('class="katex"') == 1, "a rejected formula is left as its TeX"
    assert mark_notebook_math("<p>$x$ outside a markdown cell</p>") == ("<p>$x$ outside a markdown cell</p>", [])


@pytest.mark.unit
def test_colab_url_comes_from_the_github_repository() -> None:
    assert colab_url(REPO_URL, "edit/main/docs/", "docs", "convolutions-notebook.ipynb") == COLAB
    assert colab_url(REPO_URL + ".git/", "blob/dev/docs/", "docs", "nb/a.ipynb") == (
        "https://colab.research.google.com/github/example/fastbook-ch13/blob/dev/docs/nb/a.ipynb"
    )
    assert colab_url(REPO_URL, "", "docs", "a.ipynb").endswith("/blob/main/docs/a.ipynb")
    assert colab_url(None, "", "docs", "a.ipynb") is None
    assert colab_url("https://gitlab.com/example/fastbook-ch13", "", "docs", "a.ipynb") is None
    assert "Colab" not in notebook_links_html("a.ipynb", None)
    assert 'href="a.ipynb" download' in notebook_links_html("a.ipynb", None)


# --- the built page ---------------------------------------------------------------------------


@pytest.mark.site
def test_the_page_is_light_has_no_script_src_and_no_inlined_css(site: Path) -> None:
    html = (site / PAGE / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.select('script[src=""]'), 'an empty <script src=""> (mkdocs-jupyter\'s MathJax loader)'
    assert not soup.select("article style, article script, article link")
    assert "jp-RenderedText" in html and ".jp-Notebook{" not in html.replace(" ", "")
    assert len(html.encode()) < 300_000, f"the page is {len(html.encode()):,} bytes: is nbconvert's CSS back?"


@pytest.mark.site
def test_the_page_has_its_math_figures_and_links(site: Path, saved: nbformat.NotebookNode) -> None:
    soup = soup_of(site / PAGE / "index.html")
    article = soup.select_one("article")
    formulas = re.findall(r"\$\$.+?\$\$|\$[^$\s][^$]*?\$", markdown_sources(saved), re.DOTALL)
    assert len(article.select(".arithmatex .katex")) == len(formulas) >= 8
    assert not article.select(".katex-error")
    for element in article.select("annotation, code, pre"):
        element.decompose()
    assert "$" not in article.get_text(), "TeX left untypeset"
    images = article.select(".jp-OutputArea img[src^='data:image/png;base64,']")
    assert len(images) == saved_pngs(saved) >= 10
    assert all(image.get("alt") for image in images)
    download = article.select_one(".notebook-links a[download]")
    assert download["href"] == "convolutions-notebook.ipynb"
    assert (site / PAGE / "convolutions-notebook.ipynb").read_bytes() == NOTEBOOK.read_bytes()
    assert article.select_one(f".notebook-links a[href='{COLAB}']") is not None


@pytest.mark.site
def test_the_table_of_contents_lists_the_sections_and_each_link_lands(site: Path, saved: nbformat.NotebookNode) -> None:
    soup = soup_of(site / PAGE / "index.html")
    toc = soup.select(".md-sidebar--secondary nav.md-nav--secondary a.md-nav__link")
    headings = re.findall(r"^## (.+)$", markdown_sources(saved), re.MULTILINE)
    assert [link.get_text(strip=True) for link in toc] == headings
    ids = anchor_ids(str(soup.select_one("article")))
    for link in toc:
        assert str(link["href"]).removeprefix("#") in ids, f"TOC link {link['href']} has no target"


@pytest.mark.site
def test_each_linked_answer_points_at_an_existing_notebook_section(site: Path) -> None:
    ids = anchor_ids((site / PAGE / "index.html").read_text(encoding="utf-8"))
    for url, questions in LINKED_ANSWERS.items():
        soup = soup_of(site / url / "index.html")
        for qid in questions:
            answer = soup.select_one(f"h2#{qid} + details.answer")
            links = [str(a["href"]) for a in answer.select(f"a[href*='{PAGE}#']")]
            assert len(links) == 1, f"{url}#{qid}: expected one link to a notebook section, found {links}"
            assert links[0].split("#")[1] in ids, f"{url}#{qid}: {links[0]} has no target"


@pytest.mark.site
def test_search_entries_are_the_notebooks_sections_without_prompts_or_outputs(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = {doc["location"]: doc for doc in index["docs"] if doc["location"].startswith(PAGE)}
    assert f"{PAGE}#output-sizes-padding-and-stride" in entries
    assert entries[f"{PAGE}#output-sizes-padding-and-stride"]["title"] == "Output sizes: padding and stride"
    assert "padding" in entries[f"{PAGE}#output-sizes-padding-and-stride"]["text"].lower(), "the section's prose is searchable"
    assert "def out_size" not in entries[f"{PAGE}#output-sizes-padding-and-stride"]["text"], "code stays out of the index every page loads"
    text = " ".join(doc["title"] + " " + doc["text"] for doc in entries.values())
    for noise in ("In [", "In&nbsp;[", "Out[", "Copied!", "clipboard-copy", "¶", "Download the notebook", "sum: 762"):
        assert noise not in text, f"search text carries {noise!r}"
    assert SEARCH_PHRASE in text


# --- the page in Chromium ---------------------------------------------------------------------


def contrast(page: Page, selector: str) -> float:
    """WCAG contrast ratio of an element's text colour against the first opaque background behind it."""
    return page.locator(selector).first.evaluate("""element => {
        const rgb = c => c.match(/[\\d.]+/g).map(Number);
        const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
                                          .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
        let back = element, bg = null;
        while (back) { const c = rgb(getComputedStyle(back).backgroundColor); if (c.length < 4 || c[3] > 0.9) { bg = c; break; } back = back.parentElement; }
        bg = (bg || [255, 255, 255]).slice(0, 3);
        const fg = rgb(getComputedStyle(element).color), alpha = fg.length > 3 ? fg[3] : 1;
        const [a, b] = [lum(fg.slice(0, 3).map((v, i) => alpha * v + (1 - alpha) * bg[i])), lum(bg)];
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    }""")


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_page_shows_math_and_figures_readably_and_asks_no_other_host(
    site: Path, server: str, new_page: Callable[..., Page], scheme: str
) -> None:
    page = new_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(server + PAGE, wait_until="networkidle")
    foreign = [url for url in requests if not url.startswith(server) and not url.startswith(("data:", "blob:"))]
    assert foreign == []
    assert page.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
    sizes = page.locator("article .katex").evaluate_all("els => els.map(e => e.getBoundingClientRect().width)")
    assert len(sizes) >= 8 and all(width > 0 for width in sizes)
    images = page.locator("article .jp-OutputArea img")
    assert images.count() >= 10
    assert images.evaluate_all("els => els.every(e => e.complete && e.naturalWidth > 0)")
    for selector in (
        "article p",
        "article .jp-OutputArea pre",
        "article .jp-OutputArea figcaption",
        "article .highlight code",
        "article h2",
        "article .notebook-links .md-button:not(.md-button--primary)",
    ):
        assert contrast(page, selector) >= 4.5, f"{scheme}: {selector} is hard to read"


@pytest.mark.browser
def test_the_download_link_downloads_the_notebook(site: Path, server: str, page: Page) -> None:
    page.goto(server + PAGE)
    with page.expect_download() as download:
        page.locator(".notebook-links a[download]").click()
    downloaded = nbformat.reads(Path(download.value.path()).read_text(encoding="utf-8"), as_version=4)
    assert downloaded.cells[0].source.startswith("# Convolutions in numpy")


@pytest.mark.browser
def test_search_finds_a_phrase_of_a_markdown_cell(site: Path, server: str, page: Page) -> None:
    page.goto(server)
    result = search_results(page, SEARCH_PHRASE, f".md-search-result__link[href*='{PAGE}'][href$='#the-digit']")
    expect(result.first.locator("mark").first).to_have_text(re.compile(SEARCH_PHRASE, re.IGNORECASE))
    result.first.click()
    page.wait_for_url(f"**/{PAGE}**#the-digit")
    expect(page.locator("article.md-content__inner h1")).to_have_text(re.compile("Convolutions in numpy"))


@pytest.mark.browser
def test_the_notebook_page_transfers_at_most_twice_a_question_page(site: Path, new_page: Callable[..., Page]) -> None:
    """Bytes on the wire of each page's first visit (gzip, as the benchmark serves and counts them)."""
    page = new_page(viewport=DEFAULT_VIEWPORT)  # a new context's, as the benchmark's: lazy images load by it
    with serve(site) as notebook_url, serve(site) as question_url:  # two origins: nothing of one is cached for the other
        notebook = first_visit_bytes(page, notebook_url + PAGE)
        question = first_visit_bytes(page, question_url + QUESTION_PAGE)
    print(f"\ntransferred (gzip): notebook page {notebook:,} bytes, question page {question:,} bytes, ratio {notebook / question:.2f}")
    assert notebook <= 2 * question, f"notebook page {notebook:,} B > 2 × question page {question:,} B"


LAST_SECTION = "batch-norm-training-vs-evaluation-statistics"


@pytest.mark.browser
def test_blocks_below_the_first_screen_wait_until_seen_and_then_work(server: str, new_page: Callable[..., Page]) -> None:
    """The notebook's blocks below the first screen skip styling, layout and Material's code set-up
    (content-visibility + content.lazy) until they near the viewport: no math font is fetched for
    them and their code blocks get no copy button yet. Scrolled to, they render and work."""
    page = new_page(viewport={"width": 412, "height": 823})
    fonts: list[str] = []
    page.on("request", lambda request: fonts.append(request.url) if "/katex/fonts/" in request.url else None)
    page.goto(server + PAGE, wait_until="networkidle")
    blocks = page.locator("article .jupyter-wrapper > .highlight")
    count = blocks.count()
    assert count > 10
    mounted = page.locator("article .jupyter-wrapper > .highlight .md-code__button").count()
    assert 0 < mounted < count / 2, f"{mounted} of {count} code blocks set up on load"
    assert fonts == [], f"math fonts fetched for blocks nobody has seen: {fonts}"
    last = blocks.last
    last.scroll_into_view_if_needed()
    expect(last.locator(".md-code__button")).to_have_count(1)
    assert last.evaluate("block => block.getBoundingClientRect().height") > 50
    formula = page.locator(f"article h2#{LAST_SECTION} ~ .arithmatex .katex").first
    formula.scroll_into_view_if_needed()
    expect(formula).to_be_visible()
    page.wait_for_function("[...document.fonts].some(face => face.family.startsWith('KaTeX') && face.status === 'loaded')")
    assert fonts, "math scrolled into view, yet no math font was fetched"


@pytest.mark.browser
@pytest.mark.parametrize("width", [412, 1280])
def test_a_deep_link_to_the_last_section_lands_on_its_heading(server: str, width: int, new_page: Callable[..., Page]) -> None:
    """Skipped blocks take estimated heights; the browser still scrolls the linked heading to the top."""
    page = new_page(viewport={"width": width, "height": 823})
    page.goto(f"{server}{PAGE}#{LAST_SECTION}", wait_until="networkidle")
    where = f"""() => [document.getElementById("{LAST_SECTION}").getBoundingClientRect().top,
                      document.querySelector("header.md-header").getBoundingClientRect().bottom]"""
    try:
        page.wait_for_function(
            f"() => {{ const [top, header] = ({where})(); return header - 1 <= top && top <= header + 40; }}", timeout=10000
        )
    except PlaywrightTimeout:
        top, header = page.evaluate(where)
        raise AssertionError(f"heading at {top}px, header ends at {header}px") from None


@pytest.mark.browser
def test_printed_every_block_of_the_notebook_is_rendered(server: str, page: Page) -> None:
    page.goto(server + PAGE)
    page.emulate_media(media="print")
    skipped = page.evaluate(
        "[...document.querySelectorAll('.jupyter-wrapper > *')].filter(e => getComputedStyle(e).contentVisibility !== 'visible').length"
    )
    assert skipped == 0, f"{skipped} blocks may be left out of a printout"
