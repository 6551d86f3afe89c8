"""Python-Markdown extension: what a question's HTML gains beyond its Markdown.

For every question heading (an H2 whose id is ``q17`` or ``r2``) directly followed by its answer
(``<details class="answer">``, from ``??? answer``), the element tree gets:

- in the heading, after the toc's permalink: a link to the question's short link (``/q/17/``)
  that the site script turns into a copy-link control;
- in the answer, right after its summary: an anchor (``#q17-answer``) that browsers open natively,
  then an empty row for the study marks;
- before the page's first question: an empty row for the page's study tools.

The short link is written as a link to the generated file ``q/17/index.html`` relative to the
docs root, so MkDocs rewrites it for the page and a strict build fails if it does not exist.
Registered after ``toc`` in mkdocs.yml, at the toc's priority: it runs after the toc has added
the permalink and before MkDocs collects the page's anchors.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from scripts.content.addresses import QUESTION_ID, answer_anchor, question_name, short_link_page

PRIORITY = 5  # the toc's: listed after it, this runs after it and before MkDocs' anchor collection
LINK_ICON_PATH = (
    "M10.59 13.41c.41.39.41 1.03 0 1.42-.39.39-1.03.39-1.42 0a5.003 5.003 0 0 1 0-7.07l3.54-3.54a5.003 "
    "5.003 0 0 1 7.07 0 5.003 5.003 0 0 1 0 7.07l-1.49 1.49c.01-.82-.12-1.64-.4-2.42l.47-.48a2.98 2.98 0 0 0 "
    "0-4.24 2.98 2.98 0 0 0-4.24 0l-3.53 3.53a2.98 2.98 0 0 0 0 4.24m2.82-4.24c.39-.39 1.03-.39 1.42 0a5.003 "
    "5.003 0 0 1 0 7.07l-3.54 3.54a5.003 5.003 0 0 1-7.07 0 5.003 5.003 0 0 1 0-7.07l1.49-1.49c-.01.82.12 "
    "1.64.4 2.43l-.47.47a2.98 2.98 0 0 0 0 4.24 2.98 2.98 0 0 0 4.24 0l3.53-3.53a2.98 2.98 0 0 0 0-4.24.973.973 "
    "0 0 1 0-1.42"
)


def short_link_control(question_id: str) -> etree.Element:
    label = f"Copy the short link to {question_name(question_id)}"
    link = etree.Element("a", {"class": "short-link", "href": short_link_page(question_id), "aria-label": label, "title": label})
    icon = etree.SubElement(
        link, "svg", {"xmlns": "http://www.w3.org/2000/svg", "viewBox": "0 0 24 24", "aria-hidden": "true", "focusable": "false"}
    )
    etree.SubElement(icon, "path", {"d": LINK_ICON_PATH})
    return link


def _is_answer(element: etree.Element | None) -> bool:
    return element is not None and element.tag == "details" and "answer" in (element.get("class") or "").split()


class QuestionMarkup(Treeprocessor):
    """Decorate each question heading and its answer, in document order."""

    def run(self, root: etree.Element) -> None:
        children = list(root)
        first_question = True
        for index, heading in enumerate(children):
            question_id = heading.get("id") or ""
            answer = children[index + 1] if index + 1 < len(children) else None
            if heading.tag != "h2" or not QUESTION_ID.match(question_id) or not _is_answer(answer):
                continue
            if first_question:
                toolbar = etree.Element("div", {"class": "study-toolbar", "data-study-toolbar": ""})
                toolbar.tail = "\n"
                root.insert(list(root).index(heading), toolbar)
                first_question = False
            heading.append(short_link_control(question_id))
            self._fill_answer(answer, question_id)  # type: ignore[arg-type]

    @staticmethod
    def _fill_answer(answer: etree.Element, question_id: str) -> None:
        """Right after the summary: the anchor, then the study marks' place."""
        position = next((i + 1 for i, child in enumerate(answer) if child.tag == "summary"), 0)
        anchor = etree.Element("span", {"class": "answer-anchor", "id": answer_anchor(question_id)})
        marks = etree.Element("div", {"class": "study-marks", "data-study-question": question_id})
        if position:
            summary = answer[position - 1]
            marks.tail, summary.tail = summary.tail, None
        answer.insert(position, anchor)
        answer.insert(position + 1, marks)


class QuestionMarkupExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(QuestionMarkup(md), "question_markup", PRIORITY)


def makeExtension(**kwargs: object) -> QuestionMarkupExtension:  # noqa: N802 (Python-Markdown's name)
    return QuestionMarkupExtension(**kwargs)
