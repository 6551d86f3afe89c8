"""MkDocs hook: the site's browser code, bundled and minified (assets/javascripts/site.js and the rest).

Thin wrapper over ``scripts.build.site_script``: the modules of docs/javascripts/ are not published
as they are; each entry of ``ENTRIES`` is, bundled. A missing or broken entry stops the build,
naming the file.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from scripts.build.site_script import BundleError, bundle
from scripts.pages.script_facts import generated_modules


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    for source in [file for file in files if file.src_uri.startswith("javascripts/")]:
        files.remove(source)
    try:
        outputs = bundle(Path(config.docs_dir), generated=generated_modules())
    except BundleError as error:
        raise PluginError(str(error)) from error
    for path, text in outputs.items():
        files.append(File.generated(config, path, content=text))
    return files
