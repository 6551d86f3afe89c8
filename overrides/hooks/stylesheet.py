"""MkDocs hook: serve the figures' colours and docs/stylesheets/site/*.css as one stylesheet, KaTeX's CSS apart.

Thin wrapper over ``scripts.build.stylesheet`` (the parts, their order, minifying),
``scripts.build.katex_assets`` (KaTeX's rules for the classes the site's formulas use, known once
every page is read: ``on_env``; served as KATEX_PATH, which overrides/main.html links on the pages
that show a formula), ``scripts.build.material_palette`` (Material's palette stylesheet
cut to the colours mkdocs.yml configures) and ``scripts.drawing.colour_scale`` (the colours as CSS
custom properties). The combined file is what mkdocs.yml's ``extra_css`` names; the parts are not
published on their own, and a stylesheet in docs/stylesheets/site/ that ``PARTS`` does not name
fails the build. The pages' own stylesheets (docs/stylesheets/*.css, named in a page's front
matter) are served minified at their own path.
"""

from __future__ import annotations

import re

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from scripts.build.katex_assets import katex_stylesheet, math_of_pages
from scripts.build.material_palette import configured_colours, palette_css
from scripts.build.math_render import KATEX_DIST
from scripts.build.stylesheet import KATEX_PATH, PARTS, SITE_PATH, combine, katex_css, minify, part_path
from scripts.drawing.colour_scale import css_properties

FOLDER = "stylesheets/site/"
PAGE_STYLESHEETS = "stylesheets/"
MATERIAL_PALETTE = re.compile(r"assets/stylesheets/palette\.[0-9a-f]+\.min\.css")

_parts: list[tuple[str, str]] = []  # this build's parts, read in on_files, joined in on_env


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    katex = KATEX_DIST / "katex.min.css"
    if not katex.exists():
        raise PluginError(f"cannot build {KATEX_PATH}: {katex} is missing (run `npm ci`)")
    _parts.clear()
    for part in PARTS:
        source = files.get_file_from_path(part_path(part))
        if source is None:
            raise PluginError(f"cannot build {SITE_PATH}: docs/{part_path(part)} is missing")
        files.remove(source)
        _parts.append((part_path(part), source.content_string))
    unnamed = sorted(file.src_uri for file in files if file.src_uri.startswith(FOLDER))
    if unnamed:
        raise PluginError(f"{', '.join('docs/' + name for name in unnamed)}: not in scripts/build/stylesheet.py's PARTS")
    files.append(File.generated(config, SITE_PATH, content=combine(css_properties(), _parts)))
    # KaTeX's whole stylesheet until on_env knows which of its rules the formulas need
    files.append(File.generated(config, KATEX_PATH, content=katex_css(katex.read_text(encoding="utf-8"))))
    for page_css in [file for file in files if file.src_uri.startswith(PAGE_STYLESHEETS) and file.src_uri.endswith(".css")]:
        files.remove(page_css)
        files.append(File.generated(config, page_css.src_uri, content=minify(page_css.content_string)))
    palettes = config.theme.get("palette") or []
    for palette in [file for file in files if MATERIAL_PALETTE.fullmatch(file.src_uri)]:
        colours = configured_colours(palettes if isinstance(palettes, list) else [palettes])
        palette.content_string = palette_css(palette.content_string, colours)
    return files


def on_env(env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
    math = math_of_pages(file.page.content for file in files.documentation_pages() if file.page is not None)
    try:
        katex = katex_stylesheet((KATEX_DIST / "katex.min.css").read_text(encoding="utf-8"), math)
    except ValueError as error:
        raise PluginError(f"cannot build {KATEX_PATH}: {error}") from error
    served = files.get_file_from_path(KATEX_PATH)
    assert served is not None, f"{KATEX_PATH} was added in on_files"
    served.content_string = katex_css(katex)
    return env
