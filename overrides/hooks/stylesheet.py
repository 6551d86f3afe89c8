"""MkDocs hook: serve KaTeX's CSS and docs/stylesheets/site.css as one stylesheet.

Thin wrapper over ``scripts.build.stylesheet``. The combined file is what mkdocs.yml's ``extra_css``
names; the source file is not published on its own.
"""

from __future__ import annotations


from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from scripts.build.math_render import KATEX_DIST
from scripts.build.stylesheet import SITE_PATH, combine

SOURCE = "stylesheets/site.css"


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    source = files.get_file_from_path(SOURCE)
    katex = KATEX_DIST / "katex.min.css"
    if source is None or not katex.exists():
        raise PluginError(f"cannot build {SITE_PATH}: docs/{SOURCE} or {katex} is missing (run `npm ci`)")
    files.remove(source)
    css = combine(katex.read_text(encoding="utf-8"), source.content_string)
    files.append(File.generated(config, SITE_PATH, content=css))
    return files
