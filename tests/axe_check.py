"""axe-core (a pinned npm devDependency) in the browser tests: one way to add it to a page, run it and
list what it finds.

The test server serves it from its root, beside the site (not in it), and a page adds it by URL. A
test that checks many pages then fetches it once and Chromium compiles it once; added by its text
(``add_script_tag(path=...)``), its 0.5 MB were sent and compiled anew for every page, about 0.2 s each.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Page

AXE = Path(__file__).resolve().parents[1] / "node_modules/axe-core/axe.min.js"
SERVED_AS = "axe.min.js"  # at the web root; the site is in a folder under it
RUN = """async (selector) => {
  const result = await axe.run(selector ? document.querySelector(selector) : document, { resultTypes: ["violations"] });
  return result.violations.map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")}`);
}"""


@dataclass(frozen=True)
class Axe:
    url: str

    @classmethod
    def served_from(cls, web_root: Path, web_server: str) -> Axe:
        """Put axe-core at the test server's root (each worker may: a copy renamed into place) and say where."""
        if not AXE.exists():
            pytest.fail(f"axe-core is missing ({AXE}): run `npm ci` (scripts/dev.sh test does)")
        target = web_root / SERVED_AS
        if not target.exists():
            copy = web_root / f".{SERVED_AS}.{os.getpid()}"
            try:
                shutil.copy2(AXE, copy)
                os.replace(copy, target)
            finally:
                copy.unlink(missing_ok=True)
        return cls(urljoin(web_server, "/" + SERVED_AS))

    def violations(self, page: Page, within: str | None = None) -> list[str]:
        """What axe finds on the page as it is now (or within the first element ``within`` selects):
        one line per rule, with up to three of the elements that break it."""
        page.add_script_tag(url=self.url)
        return page.evaluate(RUN, within)
