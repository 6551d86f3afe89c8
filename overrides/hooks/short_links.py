"""MkDocs hook: short links /q/N/ and /r/N/ with preview cards, and preview tags for every page.

Thin wrapper over ``scripts.short_links`` (pages, controls) and ``scripts.preview_cards`` (PNG).
Cards are cached in ``.cache/cards/`` by a hash of what they show and of the drawing code, so
a `mkdocs serve` rebuild does not redraw them; nothing generated is committed.
"""

from __future__ import annotations

import hashlib
import logging
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root, for scripts/

from scripts import preview_cards  # noqa: E402
from scripts.questionnaire import Question, parse_page, plain_text  # noqa: E402
from scripts.short_links import card_path, decorate_questions, short_link_html, short_path  # noqa: E402

log = logging.getLogger("mkdocs.plugins.short_links")

CACHE = Path(__file__).resolve().parents[2] / ".cache" / "cards"
CARD_CODE = hashlib.sha256(Path(preview_cards.__file__).read_bytes()).hexdigest()
KICKER = "fastbook · chapter 13 · Convolutions"

_questions_by_page: dict[str, list[Question]] = {}


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    _questions_by_page.clear()
    site_url = config.site_url or ""
    for file in files.documentation_pages():
        is_markdown = file.src_uri.endswith(".md")
        questions = parse_page(file.src_uri, file.content_string)[0] if is_markdown else []  # problems: questionnaire_check
        _questions_by_page[file.src_uri] = questions
        for question in questions:
            page_html = short_link_html(question, file.url, site_url, config.site_name)
            files.append(File.generated(config, f"{short_path(question)}index.html", content=page_html))
            card = _card(question.label, plain_text(question.title), config.site_name)
            files.append(File.generated(config, card_path(question), content=card))
        title = (_page_title(file.content_string) if is_markdown else Path(file.src_uri).stem.replace("-", " ").capitalize()) or config.site_name
        heading = f"{questions[0].label}–{questions[-1].label}" if questions else ("43 questions" if is_markdown else "Notebook")
        files.append(File.generated(config, _section_card_path(file.src_uri), content=_card(heading, title, config.site_name)))
    return files


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    questions = _questions_by_page.get(page.file.src_uri, [])
    if questions and "description" not in page.meta:
        first, last = questions[0].label, questions[-1].label
        page.meta["description"] = f"{first}–{last} of the fastbook chapter 13 (Convolutions) questionnaire, each with a checked answer."
    page.meta["card"] = _section_card_path(page.file.src_uri)
    return markdown


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    return decorate_questions(html, page.file.url)


def _section_card_path(src_uri: str) -> str:
    return f"cards/{Path(src_uri).with_suffix('').as_posix()}.png"


def _page_title(markdown: str) -> str:
    return next((line[2:].strip() for line in markdown.splitlines() if line.startswith("# ")), "")


def _card(heading: str, text: str, site_name: str) -> bytes:
    """A preview card, drawn once per content and code version."""
    key = hashlib.sha256("\0".join([CARD_CODE, KICKER, heading, text, site_name]).encode()).hexdigest()[:20]
    cached = CACHE / f"{key}.png"
    if not cached.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(preview_cards.card_png(KICKER, heading, text, site_name))
    return cached.read_bytes()
