"""MkDocs hook: generate conv-example.xlsx, the "Trace precedents" page's JSON and its static figure.

Thin wrapper over ``scripts.pages.workbook``. The files are generated, never committed: written into
``.cache/workbook/<hash of their inputs>/`` the first time a build needs them and taken from there
by every later build or `mkdocs serve` rebuild until the digit or the generating code changes.
They are served as ``downloads/conv-example.xlsx``, ``downloads/conv-example.json`` and
``downloads/conv-example.svg``; a page links one as ``[…](downloads/conv-example.xlsx)``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files

import scripts.pages.workbook
from scripts.build import build_cache

log = logging.getLogger("mkdocs.plugins.workbook")

SITE_DIR = "downloads"


def _cache_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent / ".cache" / "workbook"


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    workbook = scripts.pages.workbook
    if not (_cache_root(config) / workbook.input_digest()).is_dir():
        # An input changed (or first build): during `mkdocs serve`, load the edited code first.
        workbook = build_cache.reload_modules(workbook.SOURCES)
    folder = workbook.ensure_downloads(_cache_root(config))
    for name in (workbook.WORKBOOK_NAME, workbook.JSON_NAME, workbook.FIGURE_NAME):
        uri = f"{SITE_DIR}/{name}"
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"docs/{uri} clashes with the generated file of that name: rename or remove it")
        files.append(File.generated(config, uri, abs_src_path=str(folder / name)))
    log.debug("workbook: %s", folder)
    return files


def on_serve(server: LiveReloadServer, /, *, config: MkDocsConfig, builder) -> LiveReloadServer:
    """Rebuild when the digit or the generating code changes, as when a page does."""
    for path in scripts.pages.workbook.SOURCES:
        server.watch(str(path), recursive=False)
    return server
