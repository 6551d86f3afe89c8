"""MkDocs hook: serve KaTeX's CSS, the figures' colours and docs/stylesheets/site/*.css as one stylesheet.

Thin wrapper over ``scripts.build.stylesheet`` (the parts, their order, minifying) and
``scripts.drawing.colour_scale`` (the colours as CSS custom properties). The combined file is what
mkdocs.yml's ``extra_css`` names; the parts are not published on their own, and a stylesheet in
docs/stylesheets/site/ that ``PARTS`` does not name fails the build. The pages' own stylesheets
(docs/stylesheets/*.css, named in a page's front matter) are served minified at their own path.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from scripts.build.math_render import KATEX_DIST
from scripts.build.stylesheet import PARTS, SITE_PATH, combine, minify, part_path
from scripts.drawing.colour_scale import css_properties

FOLDER = "stylesheets/site/"
PAGE_STYLESHEETS = "stylesheets/"


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    katex = KATEX_DIST / "katex.min.css"
    if not katex.exists():
        raise PluginError(f"cannot build {SITE_PATH}: {katex} is missing (run `npm ci`)")
    parts = []
    for part in PARTS:
        source = files.get_file_from_path(part_path(part))
        if source is None:
            raise PluginError(f"cannot build {SITE_PATH}: docs/{part_path(part)} is missing")
        files.remove(source)
        parts.append((part_path(part), source.content_string))
    unnamed = sorted(file.src_uri for file in files if file.src_uri.startswith(FOLDER))
    if unnamed:
        raise PluginError(f"{', '.join('docs/' + name for name in unnamed)}: not in scripts/build/stylesheet.py's PARTS")
    css = combine(katex.read_text(encoding="utf-8"), css_properties(), parts)
    files.append(File.generated(config, SITE_PATH, content=css))
    for page_css in [file for file in files if file.src_uri.startswith(PAGE_STYLESHEETS) and file.src_uri.endswith(".css")]:
        files.remove(page_css)
        files.append(File.generated(config, page_css.src_uri, content=minify(page_css.content_string)))
    return files
