"""MkDocs hook: read the questions from the pages, stop the build on a broken one, index them.

Thin wrapper over ``scripts.questionnaire`` (parsing, validation) and ``scripts.question_index``
(the home page index). The pages are read in nav order, so "out of order" means out of the
book's order across the whole site.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root, for scripts/

from scripts.question_index import INDEX_MARKER, index_markdown, insert_index  # noqa: E402
from scripts.questionnaire import Question, parse_site  # noqa: E402

log = logging.getLogger("mkdocs.plugins.questionnaire")

_questions: list[Question] = []
_page_titles: dict[str, str] = {}


def on_nav(nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
    pages = [(page.file.src_uri, page.file.content_string) for page in nav.pages]
    questions, problems = parse_site(pages)
    if problems:
        raise PluginError("The questionnaire is broken:\n" + "\n".join(f"  {problem}" for problem in problems))
    _questions[:] = questions
    _page_titles.clear()
    _page_titles.update({page.file.src_uri: page.title or page.file.src_uri for page in nav.pages})
    log.debug("questionnaire: %d questions on %d pages", len(questions), len({q.page for q in questions}))
    return nav


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if INDEX_MARKER not in markdown:
        return markdown
    return insert_index(markdown, index_markdown(_questions, _page_titles))
