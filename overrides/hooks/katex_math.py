"""MkDocs hook: typeset math with KaTeX at build time and serve KaTeX's fonts, cut to the site's glyphs.

Thin wrapper over ``scripts.build.math_render`` and ``scripts.build.katex_assets``. The fonts come
from the pinned npm package in ``node_modules/katex/dist`` and are added to the site as
``assets/katex/fonts/*.woff2`` (its CSS is served with the site's, hooks/stylesheet.py), so the
site loads KaTeX from itself and no formula needs JavaScript to show. Once every page is read
(``on_env``), each font is cut to the characters the site's formulas draw with it (cached in
``.cache/katex-fonts/``), and a font that draws none is not served; a character missing from the
font that must draw it stops the build. The formulas are typeset
in ``on_page_context``, after Material's search has indexed the page (hooks run after plugins), by
one Node process for the whole build.
"""

from __future__ import annotations

import logging
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from scripts.build.katex_assets import GlyphMissing, cached_subsets, font_files, math_of_pages
from scripts.build.math_render import KATEX_DIST, KatexMissing, katex_process, typeset

log = logging.getLogger("mkdocs.plugins.katex_math")

SITE_DIR = "assets/katex"


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    if not (KATEX_DIST / "katex.min.css").exists():
        raise PluginError(f"KaTeX is not installed: {KATEX_DIST} is missing; run `npm ci`")
    for path in font_files():  # woff2 only: the stylesheet names no other format
        uri = f"{SITE_DIR}/{path.relative_to(KATEX_DIST).as_posix()}"
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files


def on_env(env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
    try:
        math = math_of_pages(file.page.content for file in files.documentation_pages() if file.page is not None)
        subsets = cached_subsets(math, Path(config.config_file_path).resolve().parent / ".cache" / "katex-fonts")
    except GlyphMissing as error:
        raise PluginError(f"KaTeX's fonts: {error}") from error
    except KatexMissing as error:
        raise PluginError(str(error)) from error
    for name, data in subsets.items():
        font = files.get_file_from_path(f"{SITE_DIR}/fonts/{name}")
        if font is None:
            continue
        if math.glyphs.get(name):
            font.content_bytes = data
        else:
            files.remove(font)  # no formula draws with it: the stylesheet does not name it either
    return env


def on_page_context(context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
    try:
        typeset_html, errors = typeset(page.content or "")
    except KatexMissing as error:
        raise PluginError(str(error)) from error
    if errors:
        raise PluginError("\n".join(f"docs/{page.file.src_uri}: {error}" for error in errors))
    page.content = typeset_html
    return context


def on_post_build(*, config: MkDocsConfig) -> None:
    katex_process.close()


def on_build_error(*, error: Exception) -> None:
    katex_process.close()
