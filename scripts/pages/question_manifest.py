"""Study mode's build-time part: the question manifest, and the home page's progress panel.

The home page shows progress per section and starts a review session, so it needs every
question without reading the other pages: :func:`manifest` turns the questionnaire into a small
JSON document (``questions.json`` at the site root), whose sections the home page's panel carries
(:func:`insert_study_panel`), so the home page loads the manifest only when a review starts. The study controls are drawn by JavaScript
into empty elements written at build time (``scripts/extensions/question_markup.py`` writes those of the
question pages, :func:`insert_study_panel` the home page's panel), whose size the stylesheet
reserves, so nothing moves when they appear; without JavaScript they are not shown.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from typing import Any

from scripts.content.questionnaire import Question, Questionnaire

MANIFEST_PATH = "questions.json"
MANIFEST_VERSION = 1
PANEL_MARKER = "<!-- study-panel -->"


def manifest(questionnaire: Questionnaire) -> dict[str, Any]:
    """The manifest of every question: sections (pages with questions) in nav order, then records.

    A section is named as the nav names its page. Each question record has its id, label ("Q17"),
    kind, number, title as plain text, page url (relative to the site root, like "first-cnn/")
    and section title.
    """
    sections: list[dict[str, Any]] = []
    records: list[dict[str, Any]] = []
    for page in questionnaire.sections:
        questions = questionnaire.on_page(page.src)
        sections.append({"title": page.title, "url": page.url, "questions": [q.id for q in questions]})
        records.extend(_record(question, page.url, page.title) for question in questions)
    return {"version": MANIFEST_VERSION, "sections": sections, "questions": records}


def _record(question: Question, url: str, section: str) -> dict[str, Any]:
    return {
        "id": question.id,
        "label": question.label,
        "kind": question.kind,
        "number": question.number,
        "title": question.plain_title,
        "url": url,
        "section": section,
    }


def manifest_json(data: Mapping[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def insert_study_panel(markdown: str, sections: Sequence[Mapping[str, Any]]) -> str:
    """Replace the panel marker with the (empty) progress panel, sized for its number of sections.

    The panel carries the manifest's sections (title, url, question ids), all it shows: the home
    page draws it without fetching the manifest, which loads when a review starts."""
    if PANEL_MARKER not in markdown:
        return markdown
    data = html.escape(json.dumps([dict(section) for section in sections], ensure_ascii=False, separators=(",", ":")))
    panel = f'<div class="study-panel" data-study-panel data-study-sections="{data}" style="--study-sections: {len(sections)}"></div>'
    return markdown.replace(PANEL_MARKER, panel)
