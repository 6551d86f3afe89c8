"""MkDocs hook: serve the review scheduler (FSRS, the pinned npm package ts-fsrs) from the site.

Its ES module build ``node_modules/ts-fsrs/dist/index.mjs`` is published as
``assets/javascripts/ts-fsrs.mjs`` (without its source map comment: the map is not served).
No page loads it: ``javascripts/study-scheduler.js`` imports it when a reader grades or reviews.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

SCHEDULER = Path(__file__).resolve().parents[2] / "node_modules" / "ts-fsrs" / "dist" / "index.mjs"
SITE_PATH = "assets/javascripts/ts-fsrs.mjs"


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    if not SCHEDULER.exists():
        raise PluginError(f"ts-fsrs is not installed: {SCHEDULER} is missing; run `npm ci`")
    text = SCHEDULER.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("//# sourceMappingURL=")]
    files.append(File.generated(config, SITE_PATH, content="\n".join(lines) + "\n"))
    return files
