"""MkDocs hook: serve the scripts every page runs as one file (assets/javascripts/site.js).

Thin wrapper over ``scripts.build.site_script``. mkdocs.yml's ``extra_javascript`` names the combined
file; the sources are not published on their own.
"""

from __future__ import annotations


from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from scripts.build.site_script import SITE_PATH, SOURCES, combine


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    sources = []
    for path in SOURCES:
        source = files.get_file_from_path(path)
        if source is None:
            raise PluginError(f"cannot build {SITE_PATH}: docs/{path} is missing")
        files.remove(source)
        sources.append((path, source.content_string))
    try:
        script = combine(sources)
    except ValueError as error:
        raise PluginError(str(error)) from error
    files.append(File.generated(config, SITE_PATH, content=script))
    return files
