"""The test suite's own rules: every test says what it needs (unit, tool, site, browser), no test can
skip itself, and no test
waits for a fixed time (it waits for the condition itself, so it holds on a busy machine)."""

from __future__ import annotations

import re
import types
from pathlib import Path
from textwrap import dedent

import pytest

from tests.conftest import CONTEXT_CHANGES, PAGE_CHANGES, kind_problem, names_of_test, names_used

pytestmark = pytest.mark.unit

TESTS = Path(__file__).resolve().parent
FIXED_WAIT = re.compile(r"\b(wait_for_timeout|time\.sleep|asyncio\.sleep)\s*\(")
# The calls by which a test skips itself, spelt in pieces so that this rule is not itself a match
# for a search of the tests for them.
SKIP = "skip"
SELF_SKIP = re.compile(rf"\b(importor{SKIP}|pytest\.{SKIP}|{SKIP}if|mark\.{SKIP})\b")


def test_no_test_can_skip_itself() -> None:
    """README's test command installs what every test needs: a test fails instead of skipping."""
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(TESTS.glob("*.py"))
        if path.name not in (Path(__file__).name, "conftest.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if SELF_SKIP.search(line)
    ]
    assert found == [], "tests that can skip themselves:\n" + "\n".join(found)


def test_no_test_waits_for_a_fixed_time() -> None:
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(TESTS.glob("*.py"))
        if path.name != Path(__file__).name
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if FIXED_WAIT.search(line)
    ]
    assert found == [], "fixed waits:\n" + "\n".join(found)


def test_a_test_must_say_what_it_needs() -> None:
    assert kind_problem("t", {"unit"}, {"tmp_path"}) is None
    assert kind_problem("t", {"browser"}, {"page", "server"}) is None
    assert "exactly one" in str(kind_problem("t", set(), set()))
    assert "exactly one" in str(kind_problem("t", {"unit", "site"}, set()))
    assert "marked unit" in str(kind_problem("t", {"unit"}, {"site"}))
    assert "marked site" in str(kind_problem("t", {"site"}, {"site", "page"}))
    assert kind_problem("t", {"tool"}, {"soffice"}) is None
    assert "marked unit" in str(kind_problem("t", {"unit"}, {"executed_notebook"})), "-m unit starts no Jupyter kernel"
    assert "marked tool" in str(kind_problem("t", {"tool"}, {"clean_build"}))
    assert "imports PyTorch" in str(kind_problem("t", {"unit"}, set(), uses_torch=True)), "-m unit imports no PyTorch"
    assert kind_problem("t", {"tool"}, set(), uses_torch=True) is None


def _installs_a_clock(page: object) -> None:  # a helper of this module, as a test's would be
    page.clock.install()  # type: ignore[attr-defined]


def _writes_its_page(page: object) -> None:
    def write() -> None:
        page.set_content("<p>mine</p>")  # type: ignore[attr-defined]

    _installs_a_clock(page)
    write()


def test_the_names_a_test_uses_include_its_nested_functions_and_the_suites_helpers() -> None:
    """What decides that a test gets a context or a tab of its own (conftest's ``names_of_test``):
    a helper in tests/ that the test calls counts as its code, a library's function does not."""
    names = names_used(_writes_its_page.__code__, _writes_its_page.__globals__)
    assert {"clock", "set_content"} <= names
    assert names & CONTEXT_CHANGES == {"clock"} and names & PAGE_CHANGES == {"set_content"}
    library = names_used((lambda: dedent(" x")).__code__, globals())
    assert "dedent" in library and "_whitespace_only_re" not in library, "a library's code was read"


def _opens_a_lab(page: object) -> object:  # a fixture's function, as pytest holds it
    page.add_init_script("window.__lab = true")  # type: ignore[attr-defined]
    return page


def _test_with_a_fixture(lab: object) -> None:
    assert lab


def test_the_names_a_test_uses_include_the_fixtures_it_asks_for() -> None:
    """A fixture of the suite that changes the page makes the test's page a new tab too."""
    fixture = types.SimpleNamespace(func=_opens_a_lab)
    item = types.SimpleNamespace(function=_test_with_a_fixture, _fixtureinfo=types.SimpleNamespace(name2fixturedefs={"lab": [fixture]}))
    assert names_of_test(item) & PAGE_CHANGES == {"add_init_script"}  # type: ignore[arg-type]
