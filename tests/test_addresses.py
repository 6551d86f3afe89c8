"""The site's addresses and names (scripts/content/addresses.py): each written in one module only."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.content import addresses
from tests.conftest import ROOT


@pytest.mark.unit
def test_the_addresses_of_a_question() -> None:
    assert addresses.short_path("q17") == "q/17/" and addresses.short_path("r2") == "r/2/"
    assert addresses.short_link_page("q17") == "q/17/index.html"
    assert addresses.answer_anchor("q17") == "q17-answer"
    assert addresses.question_name("q17") == "question 17"
    assert addresses.question_name("r2") == "further research question 2"
    with pytest.raises(ValueError, match="not a question id"):
        addresses.short_path("x17")


def python_sources() -> list[Path]:
    return [*sorted((ROOT / "scripts").rglob("*.py")), *sorted((ROOT / "overrides" / "hooks").glob("*.py"))]


@pytest.mark.unit
@pytest.mark.parametrize("fact", [addresses.CHAPTER_LABEL, addresses.DECK_PATH, '-answer"', "'further research question'"])
def test_no_other_module_writes_it(fact: str) -> None:
    writers = [path.relative_to(ROOT).as_posix() for path in python_sources() if fact in path.read_text(encoding="utf-8")]
    assert writers == ["scripts/content/addresses.py"], f"{fact!r} is written in {writers}"
