"""Broken docs fail `mkdocs build --strict` with a message that names the file and the question.

One end-to-end build per kind of bad input: a broken question (the questionnaire check), math
KaTeX rejects, a dead link or anchor. Each test takes its own copy of the project with warm caches
(``warm_project``: no generated file is drawn again), breaks it on purpose and builds it. Every kind
of broken question is unit-tested in test_questionnaire.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import build_site

pytestmark = pytest.mark.site

PAGE = "first-cnn.md"


def break_pages(project: Path, edits: dict[str, callable[[str], str]]) -> str:
    """Build a copy of the project whose pages went through their edits; return the failed build's log."""
    for name, edit in edits.items():
        page = project / "docs" / name
        original = page.read_text(encoding="utf-8")
        edited = edit(original)
        assert edited != original, f"the edit did not change {name}"
        page.write_text(edited, encoding="utf-8")
    result = build_site(project, project.parent / "site")
    assert result.returncode != 0, "the broken build succeeded"
    return result.stderr


def test_broken_questions_fail_the_build_each_named(warm_project: Path) -> None:
    def break_questions(markdown: str) -> str:
        markdown = markdown.replace("## 12. ", "## 11. ", 1).replace("{ #q12 }", "{ #q11 }", 1)  # a duplicate
        heading = markdown.index("{ #q13 }")
        opener = markdown.index('??? answer "Answer"', heading)  # an answer lost
        markdown = markdown[:opener] + "(answer lost)" + markdown[opener + len('??? answer "Answer"') :]
        start, end = markdown.index("## 14. "), markdown.index("## 15. ")  # a question lost
        return markdown[:start] + markdown[end:]

    log = break_pages(warm_project, {PAGE: break_questions})
    assert re.search(rf"docs/{PAGE}:\d+: question q11: duplicate question number", log), log
    assert re.search(rf"docs/{PAGE}:\d+: question q13: has no answer", log), log
    assert re.search(rf"docs/{PAGE}:\d+: question q14: is missing \(expected before #q15\)", log), log


def test_math_katex_rejects_fails_the_build(warm_project: Path) -> None:
    def break_math(markdown: str) -> str:
        heading = markdown.index("{ #q15 }")
        return markdown[:heading] + markdown[heading:].replace("\n\n    ", "\n\n    $\\frac{1}{$ ", 1)

    log = break_pages(warm_project, {PAGE: break_math})
    assert f"docs/{PAGE}: question q15: KaTeX rejects" in log, log


def test_dead_links_and_anchors_fail_the_build(warm_project: Path) -> None:
    log = break_pages(
        warm_project,
        {
            PAGE: lambda md: md + "\nSee [a question that does not exist](first-cnn.md#q99) and [a page](no-such-page.md).\n",
            "color-images.md": lambda md: md.replace("ipynb#shapes-of-a-colour-convolution", "ipynb#no-such-section"),
        },
    )
    assert f"'{PAGE}'" in log and "#q99" in log, log
    assert "no-such-page.md" in log, log
    assert "color-images.md" in log and "no-such-section" in log, log  # the notebook's sections are checked too
