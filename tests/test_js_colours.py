"""The scripts' colour facts are Python's: docs/javascripts/colours.js, bundled as the build bundles
it (with the module generated from scripts/drawing/colour_scale.py), run in Node, gives the same
constants and picks the same step of the diverging scale as ``colour_scale.diverging`` for every
value tried."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from scripts.build.site_script import Entry, bundle
from scripts.drawing import colour_scale
from scripts.pages.playground_data import diverging_table
from scripts.pages.script_facts import COLOURS, generated_modules
from tests.conftest import ROOT

COLOURS_JS = ROOT / "docs" / "javascripts" / "colours.js"
VMAX = 7.3
VALUES = [VMAX * k / 480 for k in range(-600, 601)] + [0.0, -0.0, 1e-12, -1e-12, VMAX / 24, -VMAX / 24, 3 * VMAX / 24, -5 * VMAX / 24]


def run_in_node(tmp_path: Path, script: str) -> dict:
    """A module importing colours.js, bundled by the site's bundler, run by Node: what it prints, as JSON."""
    docs = tmp_path / "docs"
    (docs / "javascripts").mkdir(parents=True)
    (docs / "javascripts" / "check.js").write_text(f"import * as colours from {json.dumps(str(COLOURS_JS))};\n{script}\n", encoding="utf-8")
    [code] = bundle(docs, (Entry("javascripts/check.js", "check.js"),), generated=generated_modules()).values()
    node = subprocess.run(["node", "--input-type=module"], input=code, capture_output=True, text=True, check=True)
    return json.loads(node.stdout)


@pytest.mark.unit
def test_the_scripts_colours_are_pythons_and_pick_the_same_diverging_step(tmp_path: Path) -> None:
    result = run_in_node(
        tmp_path,
        f"""
const values = {json.dumps(VALUES)};
console.log(JSON.stringify({{
  facts: Object.fromEntries({json.dumps(list(COLOURS))}.map((name) => [name, colours[name]])),
  steps: values.map((v) => colours.divergingStep(v, {VMAX})),
  flat: colours.divergingStep(5, 0),
}}));""",
    )
    assert (
        result["facts"]
        == COLOURS
        == {"LEVELS": colour_scale.LEVELS, "WHITE": colour_scale.WHITE, "INK": colour_scale.INK, "MARK": colour_scale.MARK}
    )
    table = diverging_table()
    drawn = [table[colour_scale.LEVELS + step] for step in result["steps"]]
    assert drawn == [colour_scale.diverging(value, VMAX) for value in VALUES]
    assert len(set(result["steps"])) == 2 * colour_scale.LEVELS + 1  # every step was tried
    assert table[colour_scale.LEVELS + result["flat"]] == colour_scale.diverging(5, 0)
