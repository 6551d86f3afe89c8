"""Unit tests of what the build derives from the pages' Markdown: the questionnaire read once
(pages in nav order, titles), the HTML a question gains (scripts/extensions/question_markup.py), code
blocks made focusable, and short links that follow a question to another page."""

from __future__ import annotations

import markdown
import pytest

from scripts.content.questionnaire import page_heading, read_questionnaire, source_pages
from scripts.pages.question_index import index_markdown
from scripts.pages.short_links import short_link_html

pytestmark = pytest.mark.unit

EXTENSIONS = [
    "attr_list",
    "toc",
    "pymdownx.details",
    "pymdownx.superfences",
    "scripts.extensions.question_markup",
    "scripts.extensions.code_blocks",
]
CONFIGS = {"toc": {"permalink": True}}


def question(number: int, kind: str = "q") -> str:
    return f'## {number}. Question {number}? {{ #{kind}{number} }}\n\n??? answer "Answer"\n\n    Answer {number} is a sentence of seven words.\n\n'


def render(source: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS).convert(source)


def test_a_question_gains_its_copy_link_anchor_and_study_places() -> None:
    html = render(
        "# Page\n\nIntro.\n\n" + question(1) + question(2, "r") + '## Not a question { #other }\n\n??? answer "Answer"\n\n    No.\n'
    )
    assert html.count('class="short-link"') == 2
    assert '<a aria-label="Copy the short link to question 1" class="short-link" href="q/1/index.html"' in html
    assert 'aria-label="Copy the short link to further research question 2"' in html and 'href="r/2/index.html"' in html
    assert html.index('class="headerlink"') < html.index('class="short-link"'), "the permalink comes first"
    assert (
        '<summary>Answer</summary><span class="answer-anchor" id="q1-answer"></span><div class="study-marks" data-study-question="q1"></div>'
        in html
    )
    assert html.count("data-study-toolbar") == 1
    assert html.index("<p>Intro.</p>") < html.index("data-study-toolbar") < html.index('<h2 id="q1">')
    assert 'id="other"' in html and "other-answer" not in html


def test_a_heading_without_an_answer_below_is_left_alone() -> None:
    html = render("## 1. Question? { #q1 }\n\nProse.\n")
    assert "short-link" not in html and "study-toolbar" not in html


def test_code_blocks_are_focusable() -> None:
    html = render('```python\nx = 1\n```\n\n??? answer "Answer"\n\n    ```python\n    y = 2\n    ```\n')
    assert html.count('<code tabindex="0">') == 2


def test_the_pages_are_read_once_in_nav_order_with_one_title_each() -> None:
    files = [
        ("b.md", "b/", "---\ntitle: Front matter title\n---\n\n# Heading B\n\n" + question(2)),
        ("index.md", "", "# Home page\n\n<!-- questionnaire-index -->\n"),
        ("a.md", "a/", "# Heading *A*\n\n" + question(1)),
        ("notebook.ipynb", "notebook/", ""),
    ]
    questionnaire = read_questionnaire(source_pages(files, [{"Home": "index.md"}, {"First": "a.md"}, "b.md", "notebook.ipynb"]))
    assert all("is missing" in p.message for p in questionnaire.problems)  # a two-question questionnaire
    assert [(p.src, p.title, p.heading) for p in questionnaire.pages] == [
        ("index.md", "Home", "Home page"),
        ("a.md", "First", "Heading A"),
        ("b.md", "Front matter title", "Front matter title"),
        ("notebook.ipynb", "Notebook", "Notebook"),
    ]
    assert [q.id for q in questionnaire.questions] == ["q1", "q2"]
    assert [p.src for p in questionnaire.sections] == ["a.md", "b.md"]
    assert "### [First](a.md)" in index_markdown(questionnaire)


def test_a_heading_inside_a_code_fence_is_not_the_title() -> None:
    assert page_heading("x.md", "```\n# comment\n```\n\n# Real\n") == "Real"
    assert page_heading("my-page.md", "No heading.\n") == "My page"


def test_a_moved_question_keeps_its_short_link() -> None:
    """The short link follows the question id, wherever its page is."""

    def short_link_of_q22(pages: list[tuple[str, str, str]]) -> str:
        questionnaire = read_questionnaire(source_pages(pages))
        [q22] = [q for q in questionnaire.questions if q.id == "q22"]
        return short_link_html(q22, questionnaire.page(q22.page).url, "https://example.com/site/", "Site")

    before = short_link_of_q22([("training.md", "training/", question(22))])
    after = short_link_of_q22([("color.md", "color/", question(22)), ("training.md", "training/", "# Empty\n")])
    assert 'url=../../training/#q22-answer"' in before
    assert 'url=../../color/#q22-answer"' in after
