"""MkDocs hook: study mode's build-time part.

Thin wrapper over ``scripts.question_manifest``: writes ``questions.json`` (every question, its
page and section) at the site root for the home page's progress and "quiz me", and the empty
places in each page that the study scripts (docs/javascripts/study-*.js) fill.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root, for scripts/

from scripts.question_manifest import MANIFEST_PATH, add_study_places, manifest, manifest_json  # noqa: E402

_sections: list[int] = [0]


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    pages = [(file.src_uri, file.url, file.content_string) for file in files.documentation_pages()]
    data = manifest(pages, config.nav)
    _sections[0] = len(data["sections"])
    files.append(File.generated(config, MANIFEST_PATH, content=manifest_json(data)))
    return files


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    return add_study_places(html, _sections[0])
