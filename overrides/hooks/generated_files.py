"""MkDocs hook: serve every file generated at build time (figures, workbook, CNN live, playground).

Thin wrapper over ``scripts.build.generated``, whose table says what each generator makes and where
the site serves it. The files are generated, never committed: into ``.cache/<row>/<hash of their
inputs>/`` the first time a build needs them (the inputs: the generator's code and every module it
imports, its data files, its libraries' versions), and taken from there by every later build or
`mkdocs serve` rebuild until one of those changes. The table's ``needed_by`` hooks (the Anki
deck's questionnaire.py) read a cache folder themselves, so this hook comes before them in mkdocs.yml.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from scripts.build import generated


def _cache_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent / ".cache"


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    try:
        made = list(generated.served(_cache_root(config)))
    except (OSError, ValueError) as error:  # a missing or damaged data file: the message names it
        raise PluginError(f"generated files: {error}") from error
    for generator, uri, path in made:
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"docs/{uri} clashes with a generated file of that name ({generator.name}): rename or remove it")
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    try:
        return generated.insert(markdown, page.file.src_uri)
    except ValueError as error:
        raise PluginError(str(error)) from error


def on_serve(server: LiveReloadServer, /, *, config: MkDocsConfig, builder) -> LiveReloadServer:
    """Rebuild when a generator's code, a module it imports or its data changes, as when a page does."""
    for path in generated.watched():
        server.watch(str(path), recursive=False)
    return server
