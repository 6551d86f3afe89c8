"""axe-core (pinned npm devDependency) finds no violation on any page: light and dark scheme,
desktop and mobile widths, with every answer open so their content is checked too."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.axe_check import Axe
from tests.site_pages import nav_pages

pytestmark = pytest.mark.browser

SETTLED = """() => document.fonts.status === "loaded" && [...document.querySelectorAll(
  ".md-typeset div.arithmatex, .md-typeset__scrollwrap")].every(r => r.scrollWidth <= r.clientWidth || r.hasAttribute("tabindex"))"""


@pytest.mark.slow
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "mobile"])
def test_axe_finds_no_violation(site: Path, server: str, new_page: Callable[..., Page], axe: Axe, scheme: str, width: int) -> None:
    page = new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    found: dict[str, list[str]] = {}
    for url in [*nav_pages(site), "no/such/page/"]:
        page.goto(server + url)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        # The open answers' toggle events have run and KaTeX's fonts have arrived (they widen formulas):
        # every region that now scrolls sideways has been made focusable, as a reader would find it.
        page.wait_for_function(SETTLED)
        violations = axe.violations(page)
        if violations:
            found[url or "home"] = violations
    assert found == {}
