"""The site's stylesheet: its parts joined in a fixed order, and the figures' colours written once.

Every colour the stylesheets share with the figures comes from scripts/drawing/colour_scale.py as
a custom property (``--figure-mark`` ...) in the stylesheet every page loads; no stylesheet
repeats its hex value, and none uses a ``--figure-*`` property that is not written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scripts.build.stylesheet import PARTS, combine, katex_css, minify, part_path
from scripts.drawing import colour_scale
from tests.conftest import ROOT

STYLESHEETS = ROOT / "docs" / "stylesheets"


def all_stylesheets() -> list[Path]:
    return sorted(STYLESHEETS.rglob("*.css"))


@pytest.mark.unit
def test_every_part_is_joined_once_in_order() -> None:
    on_disk = sorted(path.relative_to(ROOT / "docs").as_posix() for path in (STYLESHEETS / "site").glob("*.css"))
    assert sorted(part_path(part) for part in PARTS) == on_disk
    assert len(set(PARTS)) == len(PARTS)
    assert PARTS.index("study") < PARTS.index("no-script") and PARTS[-1] == "print", "the overriding parts come last"
    joined = combine(":root{--figure-mark:#000}", [(part_path(p), f".{p}{{}}") for p in PARTS])
    assert joined.index("--figure-mark") < joined.index(".theme{}")
    assert katex_css("a {\n  background: url(fonts/x.woff2);\n}\n") == "a{background: url(../katex/fonts/x.woff2)}\n"
    assert [joined.index(f".{p}{{}}") for p in PARTS] == sorted(joined.index(f".{p}{{}}") for p in PARTS)


@pytest.mark.unit
def test_minifying_keeps_what_means_something() -> None:
    css = """/* it's a comment */
.md-typeset :is(p, li) > a {
  width: calc(100% - 2px) ;
  content: "a ;  } /* b */" ;
}

@media print { .x { display: none !important; } }
"""
    assert (
        minify(css)
        == '.md-typeset :is(p, li) > a{width: calc(100% - 2px);content: "a ;  } /* b */"}@media print{.x{display: none !important}}\n'
    )


@pytest.mark.site
def test_the_served_stylesheets_are_minified(site: Path) -> None:
    for path in [site / "assets/stylesheets/site.css", *sorted((site / "stylesheets").glob("*.css"))]:
        text = path.read_text(encoding="utf-8")
        assert "/*" not in text and "\n  " not in text, f"{path.relative_to(site)} is served with comments or indentation"
    assert not (site / "stylesheets/site").exists(), "the parts are published on their own"


@pytest.mark.unit
def test_the_figures_colours_are_custom_properties_written_once() -> None:
    css = colour_scale.css_properties()
    defined = dict(re.findall(r"--figure-([a-z-]+): (#[0-9a-f]{6});", css))
    assert defined == colour_scale.CSS_COLOURS
    assert defined["mark"] == colour_scale.MARK
    for path in all_stylesheets():
        text = path.read_text(encoding="utf-8").lower()
        for name, colour in colour_scale.CSS_COLOURS.items():
            assert colour not in text, f"{path.relative_to(ROOT)} repeats {colour}: use var(--figure-{name})"
        for name in re.findall(r"var\(--figure-([a-z-]+)\)", text):
            assert name in defined, f"{path.relative_to(ROOT)} uses --figure-{name}, which colour_scale.py does not write"


@pytest.mark.unit
def test_the_cnn_pages_colours_come_from_the_colour_module() -> None:
    from scripts.pages import cnn_live

    source = (ROOT / "scripts" / "pages" / "cnn_live.py").read_text(encoding="utf-8")
    assert not re.search(r"#[0-9a-fA-F]{6}\b", source), "scripts/pages/cnn_live.py writes a colour of its own"
    assert cnn_live.CNN_COLOURS is colour_scale.CNN_COLOURS
    assert colour_scale.CNN_COLOURS["mark"] == colour_scale.MARK and colour_scale.CNN_COLOURS["zero"] == colour_scale.WHITE


@pytest.mark.unit
def test_no_python_outside_the_colour_module_writes_a_colour() -> None:
    offenders = []
    for path in sorted((ROOT / "scripts").rglob("*.py")):
        if path.name == "colour_scale.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(r"#[0-9a-fA-F]{6}\b", line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []
