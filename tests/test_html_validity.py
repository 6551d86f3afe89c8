"""Every built page is valid HTML: the Nu Html Checker (vnu-jar, a pinned npm devDependency, run
on Debian's Java) reports no error. The few errors in markup the theme writes and this site
cannot change without copying the theme's whole page template are listed below by message,
each with its reason; an exception no page needs any more fails too, so the list stays true."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.site

VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"

# (start of the checker's message, what the markup must contain, why it is allowed)
THEME_EXCEPTIONS = [
    (
        "Attribute “autocomplete” is only allowed when the input type is",
        'type="checkbox"',
        "Material's base.html writes its drawer and search toggles as <input type=checkbox "
        "autocomplete=off> (so a browser does not restore them open); the tag is in the page "
        "template itself, not in a block or partial that could be overridden alone.",
    ),
]


def check(site: Path) -> list[dict]:
    if shutil.which("java") is None:
        pytest.fail("java is missing: install Debian's default-jre-headless (bash scripts/dev.sh test does)")
    assert VNU.exists(), "vnu-jar is missing: run `npm ci`"
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", str(site)],
        capture_output=True,
        text=True,
        check=False,
    )
    return json.loads(result.stderr or result.stdout)["messages"]


def exception_for(message: dict) -> int | None:
    for index, (start, extract, _reason) in enumerate(THEME_EXCEPTIONS):
        if message.get("message", "").startswith(start) and extract in message.get("extract", ""):
            return index
    return None


def test_every_built_page_is_valid_html(site: Path) -> None:
    pages = list(site.rglob("*.html"))
    assert len(pages) > 50
    messages = check(site)
    used = {exception_for(message) for message in messages} - {None}
    errors = [
        f"{message.get('url', '').split(site.name, 1)[-1]}:{message.get('lastLine')}: {message.get('message')}"
        for message in messages
        if exception_for(message) is None
    ]
    assert errors == [], f"{len(errors)} errors:\n" + "\n".join(errors[:40])
    stale = [THEME_EXCEPTIONS[index][0] for index in range(len(THEME_EXCEPTIONS)) if index not in used]
    assert stale == [], f"exceptions no page needs any more, remove them: {stale}"
