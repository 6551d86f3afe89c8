"""The site's browser code: ES modules in docs/javascripts/, bundled and minified at build time.

Each entry of ``ENTRIES`` becomes one file of the built site, made by the pinned npm esbuild
(``bundle_scripts.cjs``, one Node process per build, no network): every module it imports is
in it, minified, except another entry, which stays an import of that entry's file. So the
every-page bundle (``site.js``) holds each module once, and the entries it loads on demand (the
home page's study panel, the FSRS scheduler with ts-fsrs) import it instead of copying it.
Page-only entries load where their page's Markdown has a ``<script type="module">`` for them.
The sources themselves are not published. ``generated`` modules (``facts:NAME``) are made by
Python at build time, so a fact the browser shares with Python is written once.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[2]
BUNDLER = ROOT / "scripts" / "build" / "bundle_scripts.cjs"
ESBUILD = ROOT / "node_modules" / "esbuild" / "package.json"


class Entry(NamedTuple):
    """A bundle: its source (relative to docs/) and where the site serves it."""

    source: str
    output: str


SITE_PATH = "assets/javascripts/site.js"
ENTRIES = (
    Entry("javascripts/site.js", SITE_PATH),  # every page (mkdocs.yml's extra_javascript)
    Entry("javascripts/study-page.js", "assets/javascripts/study-page.js"),  # imported by site.js on pages with questions
    Entry("javascripts/study-home.js", "assets/javascripts/study-home.js"),  # imported by site.js on the home page
    Entry("javascripts/study-scheduler.js", "assets/javascripts/study-scheduler.js"),  # imported when a reader grades
    Entry("javascripts/playground.js", "javascripts/playground.js"),  # kernel-playground.md
    Entry("javascripts/cnn-live.js", "javascripts/cnn-live.js"),  # cnn-live.md
    Entry("javascripts/precedents.js", "javascripts/precedents.js"),  # trace-precedents.md
    Entry("javascripts/drills/page.js", "javascripts/drills.js"),  # drills.md
    Entry("javascripts/lab/training-lab.js", "javascripts/lab/training-lab.js"),  # training-lab.md
    Entry("javascripts/lab/worker.js", "javascripts/lab/worker.js"),  # training-lab.md's Web Worker (with engine.js)
)


class BundleError(RuntimeError):
    """esbuild could not bundle an entry: the message names the file (and line) at fault."""


def bundle(docs_dir: Path, entries: tuple[Entry, ...] = ENTRIES, generated: dict[str, str] | None = None) -> dict[str, str]:
    """Every entry bundled and minified: its output path -> its text. Raises BundleError naming the file."""
    for entry in entries:
        if not (docs_dir / entry.source).is_file():
            raise BundleError(f"docs/{entry.source} is missing: it is an entry of the site's scripts (scripts/build/site_script.py)")
    if not ESBUILD.exists():
        raise BundleError(f"esbuild is not installed: {ESBUILD.parent} is missing; run `npm ci` in {ROOT}")
    request = {"entries": [{"source": str(docs_dir / e.source), "output": e.output} for e in entries], "generated": generated or {}}
    process = subprocess.run(
        ["node", str(BUNDLER)], input=json.dumps(request), capture_output=True, text=True, encoding="utf-8", cwd=docs_dir.parent
    )
    if process.returncode != 0 or not process.stdout:
        raise BundleError(f"the bundler failed: {process.stderr.strip()}")
    answer = json.loads(process.stdout)
    if "errors" in answer:
        raise BundleError("cannot bundle the site's scripts: " + "; ".join(answer["errors"]))
    return answer["outputs"]
