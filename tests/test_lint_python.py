"""ruff, the pinned Python linter and formatter, over the whole repository with its configuration
(ruff.toml): a lint violation or a file the formatter would change fails the suite, naming the file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

RUFF = [sys.executable, "-m", "ruff"]


def ruff(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*RUFF, *args], cwd=cwd, capture_output=True, text=True, check=False)


@pytest.mark.unit
def test_ruff_finds_no_lint_violation() -> None:
    result = ruff("check", "--no-cache", "--output-format", "concise", ".")
    assert result.returncode == 0, f"ruff check (fix with `ruff check --fix .`):\n{result.stdout}{result.stderr}"


@pytest.mark.unit
def test_every_python_file_is_formatted() -> None:
    result = ruff("format", "--check", "--no-cache", ".")
    assert result.returncode == 0, f"ruff format would change (run `ruff format .`):\n{result.stdout}{result.stderr}"


@pytest.mark.unit
def test_the_configuration_catches_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nimport sys\nx=[ 1,2 ]\n")  # an unused import, imports in order, unformatted
    config = str(ROOT / "ruff.toml")
    lint = ruff("check", "--no-cache", "--config", config, "--output-format", "concise", str(bad), cwd=tmp_path)
    assert lint.returncode == 1 and "F401" in lint.stdout, lint.stdout + lint.stderr
    formatted = ruff("format", "--check", "--no-cache", "--config", config, str(bad), cwd=tmp_path)
    assert formatted.returncode == 1 and "bad.py" in formatted.stdout, formatted.stdout + formatted.stderr
