"""MkDocs hook: the body of "Numbers to know" (docs/numbers-to-know.md), computed at every build.

Thin wrapper over ``scripts.pages.numbers_page``: replaces the page's marker with its sections.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from scripts.pages.numbers_page import MARKER, PAGE, numbers_markdown


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri != PAGE:
        return markdown
    if MARKER not in markdown:
        raise PluginError(f"docs/{PAGE}: the marker {MARKER} for the page's numbers is missing")
    return markdown.replace(MARKER, numbers_markdown())
