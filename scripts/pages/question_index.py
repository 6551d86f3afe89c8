"""The home page's index of every question, written as Markdown from the questionnaire.

Links are ordinary Markdown links to ``page.md#qN``, so MkDocs' link and anchor validation
checks every one of them in a strict build.
"""

from __future__ import annotations

from scripts.content.questionnaire import Questionnaire

INDEX_MARKER = "<!-- questionnaire-index -->"


def index_markdown(questionnaire: Questionnaire) -> str:
    """One subsection per page of questions (in nav order), one list item per question.

    Each list is left out of the search index (``data-search-exclude``, read by Material's search):
    search finds a question at its own heading, so the home page's copy of every title would only
    be a second result for it and a larger index for every page to load.
    """
    blocks: list[str] = []
    for page in questionnaire.sections:
        blocks.append(f"\n### [{page.title}]({page.src})\n")
        blocks.append("<div markdown data-search-exclude>\n")
        blocks.extend(f"- [**{q.label}.** {q.title}]({q.page}#{q.id})" for q in questionnaire.on_page(page.src))
        blocks.append("\n</div>")
    return "\n".join(blocks).strip() + "\n"


def insert_index(markdown: str, questionnaire: Questionnaire) -> str:
    """Replace the marker on the home page with the index; a page without the marker is unchanged."""
    if INDEX_MARKER not in markdown:
        return markdown
    return markdown.replace(INDEX_MARKER, index_markdown(questionnaire))
