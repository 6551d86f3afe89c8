"""Broken docs fail `mkdocs build --strict` with a message that names the file and the question.

Each test copies the project, breaks one page on purpose and builds it.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import build_site, copy_project

PAGE = "first-cnn.md"


def break_page(tmp_path: Path, edit: "callable[[str], str]") -> str:
    """Build a copy of the project whose PAGE went through `edit`; return the failed build's log."""
    project = copy_project(tmp_path / "project")
    page = project / "docs" / PAGE
    original = page.read_text(encoding="utf-8")
    edited = edit(original)
    assert edited != original, "the edit did not change the page"
    page.write_text(edited, encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.returncode != 0, "the broken build succeeded"
    return result.stderr


def test_a_duplicated_question_number_fails_the_build(tmp_path: Path) -> None:
    log = break_page(tmp_path, lambda md: md.replace("## 12. ", "## 11. ", 1).replace("{ #q12 }", "{ #q11 }", 1))
    assert re.search(rf"docs/{PAGE}:\d+: question q11: duplicate question number", log), log


def test_a_missing_answer_fails_the_build(tmp_path: Path) -> None:
    def drop_answer(markdown: str) -> str:
        heading = markdown.index("{ #q13 }")
        opener = markdown.index('??? answer "Answer"', heading)
        return markdown[:opener] + "(answer lost)" + markdown[opener + len('??? answer "Answer"'):]

    log = break_page(tmp_path, drop_answer)
    assert re.search(rf"docs/{PAGE}:\d+: question q13: has no answer", log), log


def test_a_missing_question_fails_the_build(tmp_path: Path) -> None:
    def drop_question(markdown: str) -> str:
        start = markdown.index("## 14. ")
        end = markdown.index("## 15. ")
        return markdown[:start] + markdown[end:]

    log = break_page(tmp_path, drop_question)
    assert re.search(rf"docs/{PAGE}:\d+: question q14: is missing \(expected before #q15\)", log), log


def test_math_katex_rejects_fails_the_build(tmp_path: Path) -> None:
    def break_math(markdown: str) -> str:
        heading = markdown.index("{ #q15 }")
        return markdown[:heading] + markdown[heading:].replace("\n\n    ", "\n\n    $\\frac{1}{$ ", 1)

    log = break_page(tmp_path, break_math)
    assert f"docs/{PAGE}: question q15: KaTeX rejects" in log, log


def test_a_dead_anchor_fails_the_build(tmp_path: Path) -> None:
    log = break_page(tmp_path, lambda md: md + "\nSee [a question that does not exist](first-cnn.md#q99).\n")
    assert f"'{PAGE}'" in log and "#q99" in log, log
