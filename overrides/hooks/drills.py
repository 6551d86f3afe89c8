"""MkDocs hook: the Drills page's worked examples (docs/drills.md).

Thin wrapper over ``scripts.pages.drills_page``: replaces each marker ``<!-- drill dN -->`` with the
drill's worked example, made at build time by the generators' Python (``scripts.arithmetic.drills``).
A missing, repeated or unknown marker stops the build, naming the file. (The drills' entries in the
study manifest are added where the manifest is made: overrides/hooks/questionnaire.py.)
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from scripts.pages.drills_page import PAGE, insert_examples


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri != PAGE:
        return markdown
    try:
        return insert_examples(markdown, PAGE)
    except ValueError as error:
        raise PluginError(str(error)) from error
