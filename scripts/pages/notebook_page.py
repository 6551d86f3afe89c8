"""The companion notebook: its page on the site, and the check that its saved outputs are current.

Page (pure functions over HTML strings, used by ``overrides/hooks/notebook.py``). mkdocs-jupyter
turns a notebook into nbconvert's JupyterLab HTML, made to stand alone: ~575 KB of JupyterLab CSS
inlined in ``<style>`` elements, a MathJax loader with an empty ``<script src="">``, a mermaid
loader that imports from a CDN, a clipboard web component with a "Copied!" notice, and a second,
hidden copy of every code cell for it. :func:`clean_notebook_html` removes all of that and makes
the notebook read like the rest of the site: code cells become Material code blocks (Material's
highlighting, dark mode and copy button), heading anchors become Material permalinks, and
prompts and outputs are kept out of the search index. ``scripts.build.math_render.mark_notebook_math``
then marks the markdown cells' math for KaTeX (typeset once search has indexed the page), and
:func:`flatten_cells` unwraps the cells so that search files each code cell under its section. The site's stylesheet styles the rest.

Notebook file (used by ``tests/test_notebook.py`` and the refresh command). The outputs are
committed, not computed at build time: see :func:`execute_notebook` and run
``.venv/bin/python -m scripts.pages.notebook_page`` after editing the notebook.
"""

from __future__ import annotations

import base64
import copy
import functools
import hashlib
import os
import re
import sys
import tempfile
import zlib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Comment

from scripts.build.math_render import MathError, mark_notebook_math
from scripts.extensions.code_blocks import focusable_code_blocks

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "docs" / "convolutions-notebook.ipynb"

# Modules the notebook must run without: its cells that use them are optional and guarded.
WITHOUT = ("torch",)


# --- the page ---------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)  # a `mkdocs serve` rebuild that did not touch the notebook reuses it
def notebook_body(page_html: str) -> tuple[str, tuple[MathError, ...]]:
    """The notebook page's HTML as the site shows it, and the formulas KaTeX rejects (then the
    HTML is only cleaned): cleaned, math marked for typesetting, cells unwrapped, code focusable."""
    html, errors = mark_notebook_math(clean_notebook_html(page_html))
    if errors:
        return html, tuple(errors)
    return focusable_code_blocks(flatten_cells(html)), ()


def clean_notebook_html(page_html: str) -> str:
    """nbconvert's notebook HTML made light and site-like (see the module docstring)."""
    soup = BeautifulSoup(page_html, "html.parser")
    for element in soup.find_all(["style", "script", "link"]):
        element.decompose()  # inlined JupyterLab CSS, MathJax, mermaid and clipboard code
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()
    for element in soup.select(".zeroclipboard-container, .clipboard-copy-txt, .jp-Collapser"):
        element.decompose()  # the clipboard button with its "Copied!", the hidden copy of the code
    for element in soup.select(".jp-InputPrompt, .jp-OutputPrompt, .jp-OutputArea"):
        _exclude_from_search(element)  # "In [1]:", printed arrays and captions are not for search
    for element in soup.select("[tabindex]"):
        if "jp-OutputArea-output" not in element.get("class", []):
            del element["tabindex"]  # only a scrollable output needs keyboard focus
    for block in soup.select("div.highlight-ipynb"):
        _as_material_code_block(soup, block)
    for block in soup.select("div.highlight"):
        _exclude_from_search(block)  # the index is loaded by every page: the notebook's prose, not its code
    for anchor in soup.select("a.anchor-link"):
        anchor["class"] = "headerlink"
        anchor["title"] = "Link to this heading"
    return str(soup).strip()


# nbconvert's wrappers around each cell, its input and a markdown cell's HTML (not around outputs)
CELL_WRAPPERS = {
    "jp-Notebook",
    "jp-Cell",
    "jp-Cell-inputWrapper",
    "jp-InputArea",
    "jp-RenderedMarkdown",
    "jp-CodeMirrorEditor",
    "CodeMirror",
    "jp-Cell-outputWrapper",
}


def flatten_cells(page_html: str) -> str:
    """Unwrap the divs around each cell, so headings, text, code and outputs are siblings as on a Markdown page.

    Material's search splits a page into sections at its headings, but a section ends where the
    element holding its heading ends: with each heading in its own markdown cell's divs, every code
    cell would land in the page's first section. Flattened, a section holds its text and code.
    Run after ``mark_notebook_math``, which finds markdown cells by these wrappers. Outputs
    keep their ``jp-OutputArea`` div, which the stylesheet styles and search leaves out.
    """
    soup = BeautifulSoup(page_html, "html.parser")
    for div in soup.select("div.jupyter-wrapper div"):
        classes = set(div.get("class", []))
        if classes & CELL_WRAPPERS and div.find_parent(class_="jp-OutputArea") is None:
            div.unwrap()
    return str(soup).strip()


def _exclude_from_search(element: Any) -> None:
    """Mark an element ``data-search-exclude``, or, if it holds an element of its own tag, its children.

    Material's search parser compares elements by tag name, so an excluded ``<div>`` stops being
    excluded at the first ``</div>`` inside it. The mark goes on the outermost elements that hold
    no element of their own tag, which between them cover the text of the whole element.
    """
    if element.find(element.name) is None:
        element["data-search-exclude"] = ""
        return
    for child in element.find_all(True, recursive=False):
        _exclude_from_search(child)


def _as_material_code_block(soup: BeautifulSoup, block: Any) -> None:
    """``<div class="highlight-ipynb hl-python"><pre>…</pre></div>`` as pymdownx.highlight writes it."""
    language = next((name[3:] for name in block.get("class", []) if name.startswith("hl-")), "python")
    block["class"] = [f"language-{language}", "highlight"]
    pre = block.find("pre")
    if pre is None or pre.find("code", recursive=False) is not None:
        return
    code = soup.new_tag("code")
    spans = list(pre.contents)
    if spans and getattr(spans[0], "name", None) == "span" and not spans[0].get_text():
        spans = spans[1:]  # keep Pygments' leading empty <span></span> outside <code>, as pymdownx does
    for child in spans:
        code.append(child.extract())
    pre.append(code)


def anchor_ids(page_html: str) -> set[str]:
    """Every id in the page, for MkDocs to check links from other pages to its sections."""
    return set(re.findall(r'\sid="([^"]+)"', page_html))


def colab_url(repo_url: str | None, edit_uri: str | None, docs_path: str, src_uri: str) -> str | None:
    """Colab's address for a notebook of a GitHub repository, or None when there is no such repository.

    The branch is read from ``edit_uri`` (``edit/BRANCH/docs/`` or ``blob/BRANCH/docs/``, as the
    Pages workflow sets it) and is ``main`` otherwise. ``docs_path`` is the docs folder relative
    to the repository root; ``src_uri`` the notebook relative to it.
    """
    if not repo_url:
        return None
    parts = urlsplit(repo_url)
    owner_repo = [part for part in parts.path.split("/") if part]
    if parts.netloc.lower() not in ("github.com", "www.github.com") or len(owner_repo) != 2:
        return None
    owner, repo = owner_repo[0], owner_repo[1].removesuffix(".git")
    branch = "main"
    edit = [part for part in (edit_uri or "").split("/") if part]
    if len(edit) >= 2 and edit[0] in ("edit", "blob", "tree"):
        branch = edit[1]
    path = "/".join(part for part in (*docs_path.split("/"), *src_uri.split("/")) if part and part != ".")
    return f"https://colab.research.google.com/github/{owner}/{repo}/blob/{branch}/{path}"


def notebook_links_html(download_name: str, colab: str | None) -> str:
    """The download link (the .ipynb sits next to the page) and, for a GitHub repository, Colab's."""
    links = [f'<a class="md-button md-button--primary" href="{download_name}" download>Download the notebook (.ipynb)</a>']
    if colab:
        links.append(f'<a class="md-button" href="{colab}">Open in Colab</a>')
    return '<p class="notebook-links" data-search-exclude>' + "".join(links) + "</p>"


def insert_after_title(page_html: str, block: str) -> str:
    """Put a block right after the page's first ``<h1>`` (at the top if it has none)."""
    match = re.search(r"</h1>", page_html)
    if match is None:
        return block + page_html
    return page_html[: match.end()] + block + page_html[match.end() :]


# --- the notebook file: run it, compare its outputs --------------------------------------------


def execute_notebook(path: Path = NOTEBOOK, timeout: int = 120) -> Any:
    """Run a copy of the notebook from top to bottom in a fresh kernel, without the modules in WITHOUT.

    Any cell error raises (nbclient's CellExecutionError). The kernel's PYTHONPATH starts with a
    folder whose ``torch.py`` raises ImportError, so the saved outputs are those of a machine
    without PyTorch whatever is installed here. No timing metadata is recorded and each cell's
    printed lines are joined into one output, so a re-run of an unchanged notebook leaves the file
    unchanged.
    """
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as blocker:
        for module in WITHOUT:
            Path(blocker, f"{module}.py").write_text(f"raise ImportError('{module} is hidden from this run')\n", encoding="utf-8")
        pythonpath = os.pathsep.join(filter(None, [blocker, os.environ.get("PYTHONPATH", "")]))
        client = NotebookClient(
            notebook,
            timeout=timeout,
            kernel_name="python3",
            allow_errors=False,
            record_timing=False,
            resources={"metadata": {"path": str(path.parent)}},
        )
        client.execute(env={**os.environ, "PYTHONPATH": pythonpath})
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = merge_streams(cell.outputs)
    return notebook


def merge_streams(outputs: list[Any]) -> list[Any]:
    """Join consecutive outputs of the same stream: how a cell's prints are split depends on timing."""
    merged: list[Any] = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if output.output_type == "stream" and previous is not None and previous.output_type == "stream" and previous.name == output.name:
            previous.text = _joined(previous.text) + _joined(output.text)
        else:
            merged.append(output)
    return merged


def comparable_outputs(notebook: Any) -> list[list[str]]:
    """Each code cell's outputs as text: streams, text/plain and text/html, PNGs by their pixels.

    An embedded PNG is replaced by a hash of its decompressed pixel rows, so a different zlib
    build (same pixels, other bytes) does not count as a change.
    """
    cells = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        texts = []
        for output in merge_streams(copy.deepcopy(cell.outputs)):
            if output.output_type == "stream":
                texts.append(f"{output.name}: {output.text}")
            elif output.output_type in ("execute_result", "display_data"):
                for mime in ("text/plain", "text/html"):
                    if mime in output.data:
                        texts.append(f"{mime}: {_pixels_not_bytes(_joined(output.data[mime]))}")
            else:  # an error
                texts.append(f"{output.output_type}: {output.get('ename', '')}: {output.get('evalue', '')}")
        cells.append(texts)
    return cells


def _joined(value: str | list[str]) -> str:
    return "".join(value) if isinstance(value, list) else value


def _pixels_not_bytes(text: str) -> str:
    def pixels(match: re.Match[str]) -> str:
        png = base64.b64decode(match[1])
        data, position = b"", 8
        while position < len(png):
            length = int.from_bytes(png[position : position + 4], "big")
            kind = png[position + 4 : position + 8]
            if kind in (b"IHDR", b"IDAT"):
                data += kind + (
                    zlib.decompress(png[position + 8 : position + 8 + length])
                    if kind == b"IDAT"
                    else png[position + 8 : position + 8 + length]
                )
            position += 12 + length
        return f"png:{hashlib.sha256(data).hexdigest()[:16]}"

    return re.sub(r"data:image/png;base64,([A-Za-z0-9+/=]+)", pixels, text)


def stale_cells(saved: Any, executed: Any) -> list[str]:
    """Where the saved notebook's outputs differ from a fresh run's (empty: they are current)."""
    problems = []
    code_cells = [cell for cell in saved.cells if cell.cell_type == "code"]
    for number, (cell, old, new) in enumerate(zip(code_cells, comparable_outputs(saved), comparable_outputs(executed)), 1):
        first_line = cell.source.splitlines()[0] if cell.source else ""
        if cell.execution_count != number:
            problems.append(f"code cell {number} ({first_line!r}): execution count {cell.execution_count}, expected {number}")
        if old != new:
            problems.append(f"code cell {number} ({first_line!r}): saved outputs differ from a fresh run")
    return problems


def main(argv: list[str]) -> int:
    """Refresh the committed outputs: run the notebook and save it with the new outputs."""
    import nbformat

    path = Path(argv[0]) if argv else NOTEBOOK
    notebook = execute_notebook(path)
    nbformat.write(notebook, path)
    print(f"{path}: executed, outputs saved")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
