"""The JavaScript is linted: the pinned ESLint (package.json) with the repository's flat config
(eslint.config.mjs) over the site's modules (docs/javascripts/) and the build's Node scripts
(scripts/build/*.cjs). A lint error fails the suite, naming file, line and rule. One Node process
lints the tree (again only the files changed since the last run: ESLint's cache) and, to show the
config bites, a module that breaks two of its rules."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.conftest import ROOT

ESLINT = ROOT / "node_modules" / "eslint"
LINTED = ["docs/javascripts", "scripts/build"]
BAD = {"file": "docs/javascripts/bad.js", "text": "const unused = 1;\nwindow.study = {};\n"}
RUN = """
const { ESLint } = require("eslint");
const [linted, bad] = JSON.parse(process.argv[1]);
(async () => {
  // The cache (in node_modules, beside what it was made with) relints only files whose content changed
  const eslint = new ESLint({ cache: true, cacheLocation: "node_modules/.cache/eslint/", cacheStrategy: "content" });
  const say = (results) => results.flatMap((r) => r.messages.map((m) =>
    `${r.filePath.replace(process.cwd() + "/", "")}:${m.line}:${m.column}: ${m.message} (${m.ruleId})`));
  const tree = await eslint.lintFiles(linted);
  const wrong = await eslint.lintText(bad.text, { filePath: bad.file });
  console.log(JSON.stringify({ tree: say(tree), bad: say(wrong) }));
})();
"""


@pytest.fixture(scope="module")
def lint() -> dict[str, list[str]]:
    """Every problem ESLint finds: in the tree, and in the bad module."""
    assert (ESLINT / "package.json").exists(), f"ESLint is not installed: {ESLINT} is missing; run `npm ci`"
    result = subprocess.run(["node", "-e", RUN, json.dumps([LINTED, BAD])], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.unit
def test_the_javascript_has_no_lint_error(lint: dict[str, list[str]]) -> None:
    assert lint["tree"] == [], "\n".join(lint["tree"])


@pytest.mark.unit
def test_the_config_catches_a_shared_global_and_an_unused_variable(lint: dict[str, list[str]]) -> None:
    assert len(lint["bad"]) == 2, lint["bad"]
    assert "(no-unused-vars)" in lint["bad"][0] and "No shared mutable global" in lint["bad"][1]
