"""MkDocs hook: serve the site's icon, drawn by ``scripts.drawing.favicon`` (mkdocs.yml's theme.favicon)."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from scripts.drawing.favicon import PATH, favicon_svg


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    if config.theme.get("favicon") != PATH:
        raise PluginError(f"mkdocs.yml: theme.favicon must be {PATH}, the icon overrides/hooks/favicon.py serves")
    files.append(File.generated(config, PATH, content=favicon_svg()))
    return files
