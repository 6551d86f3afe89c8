"""MkDocs hook: add the kernel playground's data and static figure to the site.

Thin wrapper over ``scripts.pages.playground_data`` (``playground/data.json``, which
``docs/javascripts/playground.js`` reads) and ``scripts.pages.playground_figure``
(``playground/default.svg``, the figure a reader without JavaScript sees). Both are generated at
every build (a few milliseconds), never committed. Replaces the page's marker ``<!-- kp:centre -->``
with where an output cell sits on the input and the starting cell's value, computed from the digit.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from scripts.pages.playground_data import centre_markdown, data_json
from scripts.pages.playground_figure import playground_figure

DATA_PATH = "playground/data.json"
FIGURE_PATH = "playground/default.svg"
PAGE = "kernel-playground.md"
CENTRE_MARKER = "<!-- kp:centre -->"


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    for uri, content in ((DATA_PATH, data_json()), (FIGURE_PATH, playground_figure())):
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"docs/{uri} clashes with the generated file of that name: rename or remove it")
        files.append(File.generated(config, uri, content=content))
    return files


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri != PAGE:
        return markdown
    if CENTRE_MARKER not in markdown:
        raise PluginError(f"docs/{PAGE}: the marker {CENTRE_MARKER} (where an output cell sits) is missing")
    return markdown.replace(CENTRE_MARKER, centre_markdown())
