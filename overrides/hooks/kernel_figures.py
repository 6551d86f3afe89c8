"""MkDocs hook: render the chapter's figures (SVG) and add them to the site as ``figures/<name>.svg``.

Thin wrapper over ``scripts.drawing.kernel_figures``. The figures are generated, never committed: they
are rendered into ``.cache/figures/<hash of their inputs>/`` the first time a build needs them
and taken from there by every later build or `mkdocs serve` rebuild until the committed digit or
the generator's code changes. A page shows one as ``![what it shows](figures/digit.svg)``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files

import scripts.drawing.kernel_figures
from scripts.build import build_cache

log = logging.getLogger("mkdocs.plugins.kernel_figures")

SITE_DIR = "figures"


def _cache_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent / ".cache" / "figures"


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    figures = scripts.drawing.kernel_figures
    if not (_cache_root(config) / figures.input_digest()).is_dir():
        # An input changed (or first build): during `mkdocs serve`, load the edited code before rendering.
        figures = build_cache.reload_modules(figures.SOURCES)
    folder = figures.ensure_figures(_cache_root(config))
    for path in sorted(folder.glob("*.svg")):
        uri = f"{SITE_DIR}/{path.name}"
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"docs/{uri} clashes with the generated figure of that name: rename or remove it")
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    log.debug("kernel_figures: %s", folder)
    return files


def on_serve(server: LiveReloadServer, /, *, config: MkDocsConfig, builder) -> LiveReloadServer:
    """Rebuild when the digit or the figures' code changes, as when a page does."""
    for path in scripts.drawing.kernel_figures.SOURCES:
        server.watch(str(path), recursive=False)
    return server
