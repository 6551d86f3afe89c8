"""The generated-files table (scripts/build/generated.py): a generator's inputs are what its code
imports, an edit to any of them generates anew with the edited code, and the hooks that read a
generated folder come after the hook that makes it."""

from __future__ import annotations

import ast
import importlib
import re
import sys
from pathlib import Path

import pytest

from scripts.build import generated
from scripts.build.generated import GENERATORS, Generator, Insert
from tests.conftest import ROOT

DATA = ROOT / "scripts" / "data"


def write_package(root: Path, package: str, files: dict[str, str]) -> None:
    (root / package).mkdir(parents=True, exist_ok=True)
    (root / package / "__init__.py").write_text('"""A package for the test."""\n')
    for name, text in files.items():
        (root / package / name).write_text(text)


@pytest.mark.unit
def test_an_added_import_is_an_input_at_once(tmp_path: Path) -> None:
    write_package(tmp_path, "scripts", {})
    write_package(
        tmp_path / "scripts",
        "drawing",
        {
            "gen.py": "import json\n\ndef generated_files():\n    return {}\n",
            "helper.py": "VALUE = 1\n",
            "deep.py": "DEEP = 2\n",
        },
    )
    row = Generator("test", "scripts.drawing.gen", "out", "a test")
    before = generated.input_digest(row, tmp_path)
    assert [path.name for path in generated.input_files(row, tmp_path)] == ["gen.py"]

    gen = tmp_path / "scripts" / "drawing" / "gen.py"
    gen.write_text("import json\n\ndef generated_files():\n    from scripts.drawing import helper\n    return {}\n")
    with_import = generated.input_digest(row, tmp_path)
    assert with_import != before, "an import added (even inside a function) left the digest as it was"
    assert [path.name for path in generated.input_files(row, tmp_path)] == ["helper.py", "gen.py"]

    helper = tmp_path / "scripts" / "drawing" / "helper.py"
    helper.write_text("from scripts.drawing.deep import DEEP\nVALUE = DEEP\n")
    transitive = generated.input_digest(row, tmp_path)
    assert transitive != with_import
    assert [path.name for path in generated.input_files(row, tmp_path)] == ["deep.py", "helper.py", "gen.py"]

    (tmp_path / "scripts" / "drawing" / "deep.py").write_text("DEEP = 3\n")
    assert generated.input_digest(row, tmp_path) != transitive, "an edit two imports away was not seen"


@pytest.mark.unit
def test_the_tables_inputs_are_the_code_the_generators_import() -> None:
    closure = generated.code_closure("scripts.drawing.kernel_figures")
    assert closure[-1] == "scripts.drawing.kernel_figures"
    assert {"scripts.arithmetic.convolution", "scripts.drawing.colour_scale", "scripts.drawing.svg"} <= set(closure)
    workbook = generated.code_closure("scripts.pages.workbook")
    assert "scripts.pages.precedents_data" in workbook
    assert workbook.index("scripts.drawing.svg") < workbook.index("scripts.pages.precedents_data"), "dependencies first"
    assert "xlsxwriter==" in generated.versions(generated.third_party(workbook))
    for row in GENERATORS:
        assert all(path.is_file() for path in generated.input_files(row)), row.name
        assert len(generated.input_digest(row)) == 16


def string_constants(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}


@pytest.mark.unit
def test_every_data_file_the_code_names_is_declared() -> None:
    data_files = sorted(path.name for path in DATA.iterdir() if path.suffix != ".md")
    for row in GENERATORS:
        named = set().union(*(string_constants(path) for path in generated.input_files(row) if path.suffix == ".py"))
        used = {name for name in data_files if any(name in text for text in named)}
        declared = {Path(path).name for path in row.data} | {Path(path).parent.name for path in row.data}  # a folder of data files
        assert used <= declared, f"{row.name}: its code names {sorted(used - declared)}: add them to its data"


@pytest.mark.unit
def test_a_changed_input_generates_anew_with_the_edited_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = "generated_test_pkg"
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    write_package(
        tmp_path,
        package,
        {
            "gen.py": f"from {package}.words import WORD\n\ndef generated_files():\n    return {{'word.txt': WORD.encode()}}\n",
            "words.py": "WORD = 'one'\n",
        },
    )
    importlib.invalidate_caches()
    row = Generator("test", f"{package}.gen", "out", "a test")
    cache = tmp_path / "cache"
    try:
        first = generated.ensure(row, cache, tmp_path)
        assert (first / "word.txt").read_text() == "one"
        assert generated.ensure(row, cache, tmp_path) == first
        (tmp_path / package / "words.py").write_text("WORD = 'three'\n")  # as an edit during `mkdocs serve`
        second = generated.ensure(row, cache, tmp_path)
        assert second != first and not first.exists(), "the stale folder was kept"
        assert (second / "word.txt").read_text() == "three", "generated with the code loaded before the edit"
        assert [path.name for path in cache.joinpath("test").iterdir()] == [second.name]
    finally:
        for name in [name for name in sys.modules if name.startswith(package)]:
            del sys.modules[name]


@pytest.mark.unit
def test_a_marker_missing_from_its_page_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    row = Generator("test", "scripts.pages.cnn_live", "x", "a test", inserts=(Insert("page.md", "<!-- here -->", "summary_markdown"),))
    monkeypatch.setattr(generated, "GENERATORS", (row,))
    assert generated.insert("no marker", "other.md") == "no marker"
    with pytest.raises(ValueError, match=r"docs/page\.md: the marker <!-- here -->"):
        generated.insert("no marker", "page.md")


@pytest.mark.unit
def test_a_folder_read_before_it_is_made_names_the_hook_order(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="generated_files.py before"):
        generated.folder("figures", tmp_path)


def mkdocs_hooks() -> list[str]:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    block = re.search(r"^hooks:\n((?:  - .*\n)+)", text, re.MULTILINE)
    assert block is not None, "mkdocs.yml has no hooks: list"
    return [line.split("#")[0].strip()[2:].strip() for line in block.group(1).splitlines()]


@pytest.mark.unit
def test_mkdocs_yml_runs_the_generated_files_hook_before_the_hooks_that_read_it() -> None:
    hooks = mkdocs_hooks()
    assert generated.HOOK in hooks
    assert all((ROOT / hook).is_file() for hook in hooks)
    for row in GENERATORS:
        for reader in row.needed_by:
            assert reader in hooks, f"{row.name}: {reader} is not in mkdocs.yml"
            assert hooks.index(generated.HOOK) < hooks.index(reader), f"{reader} reads {row.name} before it is made"


@pytest.mark.unit
def test_the_order_check_catches_a_swap(monkeypatch: pytest.MonkeyPatch) -> None:
    hooks = mkdocs_hooks()
    reader = GENERATORS[0].needed_by[0]
    swapped = [reader, generated.HOOK] + [hook for hook in hooks if hook not in (reader, generated.HOOK)]
    monkeypatch.setattr(sys.modules[__name__], "mkdocs_hooks", lambda: swapped)
    with pytest.raises(AssertionError, match="before it is made"):
        test_mkdocs_yml_runs_the_generated_files_hook_before_the_hooks_that_read_it()


@pytest.mark.unit
def test_the_run_figures_row_declares_the_data_its_module_reads() -> None:
    from scripts.drawing import run_figures

    declared = {generated.ROOT / data for data in generated.by_name("run-figures").data}
    assert set(run_figures.DATA) <= declared
