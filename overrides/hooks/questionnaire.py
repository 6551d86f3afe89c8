"""MkDocs hook: read the questions once per build and make everything that derives from them.

Thin wrapper over ``scripts/``. In ``on_files`` the pages are read once, in nav order, into one
:class:`~scripts.content.questionnaire.Questionnaire` (a broken question stops the build, naming file and
question); from it come the short link pages and their cards, every page's card, the study
manifest ``questions.json`` (with the Drills page's drill types) and the Anki deck (dated by
``SOURCE_DATE_EPOCH``, as the sitemap is); short links and deck take the public address
(``extra.public_url``), none in a local build; in ``on_page_markdown`` the home page's index and progress panel and each page's preview
description. The HTML a question gains (copy-link control, answer anchor,
study places) comes from the Markdown extension ``scripts.extensions.question_markup`` (mkdocs.yml).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from scripts.build import generated
from scripts.content.addresses import CHAPTER_LABEL, DECK_PATH
from scripts.content.questionnaire import Questionnaire, read_questionnaire, source_pages
from scripts.drawing.preview_cards import cached_card
from scripts.pages.anki_deck import DEFAULT_TIMESTAMP, cached_deck
from scripts.pages.drills_page import with_drills
from scripts.pages.question_index import insert_index
from scripts.pages.question_manifest import MANIFEST_PATH, PANEL_MARKER, insert_study_panel, manifest, manifest_json
from scripts.pages.short_links import card_path, section_card_path, section_card_text, section_description, short_link_html, short_path

log = logging.getLogger("mkdocs.plugins.questionnaire")

KICKER = CHAPTER_LABEL  # the deck's name too

_build: dict[str, Questionnaire] = {}  # this build's questionnaire, read in on_files


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    pages = source_pages(
        ((file.src_uri, file.url, file.content_string if file.src_uri.endswith(".md") else "") for file in files.documentation_pages()),
        config.nav,
    )
    questionnaire = read_questionnaire(pages)
    if questionnaire.problems:
        raise PluginError("The questionnaire is broken:\n" + "\n".join(f"  {problem}" for problem in questionnaire.problems))
    _build["current"] = questionnaire
    cards = Path(config.config_file_path).resolve().parent / ".cache" / "cards"
    site_url, site_name = public_url(config), config.site_name
    for page in questionnaire.pages:
        questions = questionnaire.on_page(page.src)
        for question in questions:
            files.append(
                File.generated(
                    config, f"{short_path(question)}index.html", content=short_link_html(question, page.url, site_url, site_name)
                )
            )
            card = cached_card(cards, KICKER, question.label, question.plain_title, site_name)
            files.append(File.generated(config, card_path(question), content=card))
        heading, text = section_card_text(page, questions, len(questionnaire.questions))
        files.append(File.generated(config, section_card_path(page.src), content=cached_card(cards, KICKER, heading, text, site_name)))
    files.append(
        File.generated(config, MANIFEST_PATH, content=manifest_json(with_drills(manifest(questionnaire))))
    )  # drills: a section of their own
    figures = generated.folder("figures", cards.parent)  # made by hooks/generated_files.py, listed before this hook
    timestamp = int(os.environ.get("SOURCE_DATE_EPOCH") or DEFAULT_TIMESTAMP)
    files.append(File.generated(config, DECK_PATH, content=cached_deck(questionnaire.questions, figures, site_url, timestamp)))
    log.debug("questionnaire: %d questions on %d pages", len(questionnaire.questions), len(questionnaire.sections))
    return files


def public_url(config: MkDocsConfig) -> str:
    """The site's public address (mkdocs.yml's extra.public_url, from SITE_URL), or "" in a local build."""
    return str(config.extra.get("public_url") or "")


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    questionnaire = _build["current"]
    questions = questionnaire.on_page(page.file.src_uri)
    if questions and "description" not in page.meta:
        page.meta["description"] = section_description(questions)
    page.meta["card"] = section_card_path(page.file.src_uri)
    markdown = insert_index(markdown, questionnaire)
    if PANEL_MARKER not in markdown:
        return markdown
    return insert_study_panel(markdown, with_drills(manifest(questionnaire))["sections"])  # + the drills' section
