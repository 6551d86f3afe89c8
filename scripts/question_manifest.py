"""Study mode's build-time part: the question manifest, and the empty places its controls fill.

The home page shows progress per section and picks a question to quiz on, so it needs every
question without reading the other pages: :func:`manifest` turns the question records into a
small JSON document (``questions.json`` at the site root). The study controls are drawn by
JavaScript into empty elements written at build time (:func:`add_study_places`), whose size the
stylesheet reserves, so nothing moves when they appear; without JavaScript they are not shown.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from scripts.questionnaire import Question, parse_page, plain_text

MANIFEST_PATH = "questions.json"
MANIFEST_VERSION = 1
PANEL_PLACEHOLDER = '<div class="study-panel" data-study-panel></div>'

_QUESTION_BLOCK = re.compile(  # a question heading, its answer's opening and summary, and the answer's anchor if any
    r'(?P<open><h2 id="(?P<id>[qr]\d+)">(?:(?!</h2>).)*</h2>\s*<details class="answer">\s*<summary>(?:(?!</summary>).)*</summary>'
    r'(?:<span class="answer-anchor" id="[^"]*"></span>)?)',
    re.DOTALL,
)
_QUESTION_HEADING = re.compile(r'<h2 id="(?P<id>[qr]\d+)">')


def nav_titles(nav: Any) -> list[tuple[str, str]]:
    """(source path, title) of every page in a ``nav`` configuration, in nav order.

    Entries are "page.md", {"Title": "page.md"} or {"Section": [entries...]}; links elsewhere are skipped.
    """
    found: list[tuple[str, str]] = []

    def walk(entries: Any, title: str = "") -> None:
        if isinstance(entries, str):
            if entries.endswith(".md"):
                found.append((entries, title))
        elif isinstance(entries, list):
            for entry in entries:
                walk(entry)
        elif isinstance(entries, dict):
            for key, value in entries.items():
                walk(value, str(key))

    walk(nav or [])
    return found


def page_title(markdown: str) -> str:
    """The page's own title: its first level-1 heading, as plain text."""
    return next((plain_text(line[2:].strip()) for line in markdown.splitlines() if line.startswith("# ")), "")


def manifest(pages: Iterable[tuple[str, str, str]], nav: Any = None) -> dict[str, Any]:
    """The manifest of every question, given (source path, page url, Markdown) for each page.

    Pages come in nav order (pages missing from the nav follow, by path); a section is a page that
    has questions, named as the nav names it (else by its title). Each question record has its id,
    label ("Q17"), kind, number, title as plain text, page url (relative to the site root, like
    "first-cnn/") and section title.
    """
    titles = dict(nav_titles(nav))
    order = {src: index for index, src in enumerate(titles)}
    ordered = sorted(pages, key=lambda page: (order.get(page[0], len(order)), page[0]))
    sections: list[dict[str, Any]] = []
    records: list[dict[str, Any]] = []
    for src, url, markdown in ordered:
        questions, _problems = parse_page(src, markdown)  # problems stop the build in questionnaire_check
        if not questions:
            continue
        title = titles.get(src) or page_title(markdown) or src
        sections.append({"title": title, "url": url, "questions": [q.id for q in questions]})
        records.extend(_record(question, url, title) for question in questions)
    return {"version": MANIFEST_VERSION, "sections": sections, "questions": records}


def _record(question: Question, url: str, section: str) -> dict[str, Any]:
    return {
        "id": question.id,
        "label": question.label,
        "kind": question.kind,
        "number": question.number,
        "title": plain_text(question.title),
        "url": url,
        "section": section,
    }


def manifest_json(data: Mapping[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def add_study_places(page_html: str, sections: int) -> str:
    """Write the empty elements the study controls are drawn into.

    - in each answer, right after its summary (and its anchor): a row for the "I knew it" /
      "Review again" marks, named by the question id;
    - before a page's first question: a row for the page's tools (reveal all, hide all, keys);
    - the home page's panel placeholder gets the number of sections, so its height is known.
    """
    html = _QUESTION_BLOCK.sub(lambda m: f'{m["open"]}<div class="study-marks" data-study-question="{m["id"]}"></div>', page_html)
    first = _QUESTION_HEADING.search(html)
    if first is not None:
        html = f'{html[: first.start()]}<div class="study-toolbar" data-study-toolbar></div>\n{html[first.start():]}'
    return html.replace(PANEL_PLACEHOLDER, f'<div class="study-panel" data-study-panel style="--study-sections: {sections}"></div>')
