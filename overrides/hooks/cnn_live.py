"""MkDocs hook: the files of "The book's CNN, live" (docs/cnn-live.md) and its generated text.

Thin wrapper over ``scripts.pages.cnn_live``. Adds ``downloads/cnn-live.json`` (the page's data) and
``downloads/cnn-live.svg`` (its static figure), generated into ``.cache/cnn-live/<hash of their
inputs>/`` the first time a build needs them, and the committed weights as
``downloads/simple_cnn.safetensors``; replaces the markers in the page (``MARKERS``) with text
computed from those weights and the layers' geometry: the layers' table and the site digit's
prediction, the receptive fields, and the last layer's scores.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

import scripts.pages.cnn_live
import scripts.arithmetic.simple_cnn
from scripts.build import build_cache

SITE_DIR = "downloads"
PAGE = "cnn-live.md"
MARKERS = {  # marker in docs/cnn-live.md -> the function of scripts.pages.cnn_live that writes its text
    "<!-- cnn-live:summary -->": "summary_markdown",
    "<!-- cnn-live:fields -->": "fields_markdown",
    "<!-- cnn-live:scores -->": "scores_markdown",
}


def _cache_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent / ".cache" / "cnn-live"


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    live = scripts.pages.cnn_live
    if not (_cache_root(config) / live.input_digest()).is_dir():
        # An input changed (or first build): during `mkdocs serve`, load the edited code first.
        live = build_cache.reload_modules(live.SOURCES)
    folder = live.ensure_files(_cache_root(config))
    sources = {live.JSON_NAME: folder / live.JSON_NAME, live.FIGURE_NAME: folder / live.FIGURE_NAME,
               live.WEIGHTS_NAME: scripts.arithmetic.simple_cnn.WEIGHTS_FILE}
    for name, path in sources.items():
        uri = f"{SITE_DIR}/{name}"
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"docs/{uri} clashes with the generated file of that name: rename or remove it")
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri != PAGE:
        return markdown
    for marker, function in MARKERS.items():
        if marker not in markdown:
            raise PluginError(f"docs/{PAGE}: the marker {marker} (text from {function}) is missing")
        markdown = markdown.replace(marker, getattr(scripts.pages.cnn_live, function)())
    return markdown


def on_serve(server: LiveReloadServer, /, *, config: MkDocsConfig, builder) -> LiveReloadServer:
    """Rebuild when the weights, the digits or the generating code change, as when a page does."""
    for path in scripts.pages.cnn_live.SOURCES:
        server.watch(str(path), recursive=False)
    return server
