"""axe-core (pinned npm devDependency) finds no violation on any page: light and dark scheme,
desktop and mobile widths, with every answer open so their content is checked too."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.site_pages import nav_pages

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[1] / "node_modules/axe-core/axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations.map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")}`);
}"""


SETTLED = """() => document.fonts.status === "loaded" && [...document.querySelectorAll(
  ".md-typeset div.arithmatex, .md-typeset__scrollwrap")].every(r => r.scrollWidth <= r.clientWidth || r.hasAttribute("tabindex"))"""


@pytest.mark.slow
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "mobile"])
def test_axe_finds_no_violation(site: Path, server: str, new_page: Callable[..., Page], scheme: str, width: int) -> None:
    assert AXE.exists(), "axe-core is missing: run `npm ci`"
    page = new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    found: dict[str, list[str]] = {}
    for url in [*nav_pages(site), "no/such/page/"]:
        page.goto(server + url)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        # The open answers' toggle events have run and KaTeX's fonts have arrived (they widen formulas):
        # every region that now scrolls sideways has been made focusable, as a reader would find it.
        page.wait_for_function(SETTLED)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(RUN_AXE)
        if violations:
            found[url or "home"] = violations
    assert found == {}
