"""MkDocs hook: draw the book's training plots and the colour photo's figures (SVG) as ``run-figures/<name>.svg``.

Thin wrapper over ``scripts.drawing.run_figures``. The figures are generated from the committed
run files (``scripts/data/book-runs/``) and photo, never committed; they are cached in
``.cache/run-figures/<hash of their inputs>/``. A missing or damaged run or photo file stops the
build with a message naming the file.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files

import scripts.drawing.run_figures
from scripts.arithmetic.book_runs import BookRunError
from scripts.arithmetic.colour_photo import PhotoError
from scripts.build import build_cache

log = logging.getLogger("mkdocs.plugins.run_figures")

SITE_DIR = "run-figures"  # not under figures/: the Anki deck packs only the kernel figures


def _cache_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent / ".cache" / "run-figures"


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    figures = scripts.drawing.run_figures
    try:
        if not (_cache_root(config) / figures.input_digest()).is_dir():
            figures = build_cache.reload_modules(figures.SOURCES)
        folder = figures.ensure_figures(_cache_root(config))
    except (BookRunError, PhotoError, FileNotFoundError) as error:
        raise PluginError(f"run figures: {error}") from error
    for path in sorted(folder.glob("*.svg")):
        uri = f"{SITE_DIR}/{path.name}"
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"docs/{uri} clashes with the generated figure of that name: rename or remove it")
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    log.debug("run_figures: %s", folder)
    return files


def on_serve(server: LiveReloadServer, /, *, config: MkDocsConfig, builder) -> LiveReloadServer:
    """Rebuild when a run file, the photo or the figures' code changes."""
    for path in scripts.drawing.run_figures.SOURCES:
        server.watch(str(path), recursive=False)
    return server
