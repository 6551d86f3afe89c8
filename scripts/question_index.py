"""The home page's index of every question, written as Markdown from the question records.

Links are ordinary Markdown links to ``page.md#qN``, so MkDocs' link and anchor validation
checks every one of them in a strict build.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from scripts.questionnaire import Question

INDEX_MARKER = "<!-- questionnaire-index -->"


def index_markdown(questions: Iterable[Question], page_titles: Mapping[str, str]) -> str:
    """One subsection per page (in the order the questions come), one list item per question."""
    blocks: list[str] = []
    current_page = ""
    for question in questions:
        if question.page != current_page:
            current_page = question.page
            title = page_titles.get(question.page, question.page)
            blocks.append(f"\n### [{title}]({question.page})\n")
        blocks.append(f"- [**{question.label}.** {question.title}]({question.page}#{question.id})")
    return "\n".join(blocks).strip() + "\n"


def insert_index(markdown: str, index: str) -> str:
    """Replace the marker on the home page with the index; a page without the marker is unchanged."""
    return markdown.replace(INDEX_MARKER, index)
