"""MkDocs hook: the companion notebook's page, light and like the other pages.

Thin wrapper over ``scripts.pages.notebook_page`` and ``scripts.build.math_render``. mkdocs-jupyter (in
``plugins:``) renders every ``docs/*.ipynb`` from its saved outputs; this hook then, for those
pages only, strips nbconvert's inlined CSS and scripts, makes the code cells Material code blocks,
marks the markdown cells' math for ``hooks/katex_math.py`` to typeset once search has indexed
the page (a formula KaTeX rejects stops the build), unwraps the cells so that search files code
under its section (``on_page_content`` runs before the search plugin reads the page in
``on_page_context``), adds the download and "Open in Colab" links under the title, names the
page's own stylesheet (``docs/stylesheets/notebook.css``, loaded on this page only), and hands
MkDocs the page's ids so that a link from an answer to a missing notebook section fails
`mkdocs build --strict`.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path, PurePosixPath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from scripts.build.math_render import KatexMissing
from scripts.pages.notebook_page import (
    anchor_ids,
    colab_url,
    insert_after_title,
    notebook_body,
    notebook_links_html,
)

log = logging.getLogger("mkdocs.plugins.notebook")

DESCRIPTION = "A runnable notebook: the chapter's convolutions computed with numpy on a real MNIST digit."
STYLESHEET = "stylesheets/notebook.css"  # the notebook page's own styles (overrides/main.html links it)


def _is_notebook(page: Page) -> bool:
    return page.file.src_uri.endswith(".ipynb")


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if _is_notebook(page):
        page.meta.setdefault("description", DESCRIPTION)
        page.meta.setdefault("stylesheet", STYLESHEET)  # a notebook has no front matter to name it in
    return markdown


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not _is_notebook(page):
        return html
    try:
        html, errors = notebook_body(html)
    except KatexMissing as error:
        raise PluginError(str(error)) from error
    if errors:
        raise PluginError("\n".join(f"docs/{page.file.src_uri}: {error}" for error in errors))
    name = PurePosixPath(page.file.src_uri).name
    config_dir = Path(config.config_file_path).resolve().parent
    docs_path = Path(os.path.relpath(Path(config.docs_dir).resolve(), config_dir)).as_posix()
    colab = colab_url(config.repo_url, config.edit_uri, docs_path, page.file.src_uri)
    html = insert_after_title(html, notebook_links_html(name, colab))
    page.present_anchor_ids = anchor_ids(html)  # MkDocs checks links to #sections against these
    return html
