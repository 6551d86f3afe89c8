"""Math typeset at build time: replace pymdownx.arithmatex's TeX spans with KaTeX's HTML.

pymdownx.arithmatex (generic mode) wraps inline math as ``<span class="arithmatex">\\(...\\)</span>``
and display math as ``<div class="arithmatex">\\[...\\]</div>``. This module finds them, has the
pinned npm KaTeX render them (one Node process per call, see ``render_math.cjs``) and puts the
result in their place, so pages ship no KaTeX JavaScript and show math with JavaScript off.
Rendered math is marked ``data-search-exclude``: the search index keeps the prose, not glyphs.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RENDERER = ROOT / "scripts" / "render_math.cjs"
KATEX_DIST = ROOT / "node_modules" / "katex" / "dist"

ARITHMATEX = re.compile(r'<(?P<tag>span|div) class="arithmatex">(?P<body>.*?)</(?P=tag)>', re.DOTALL)
DELIMITERS = {"span": (r"\(", r"\)"), "div": (r"\[", r"\]")}
QUESTION_ID = re.compile(r'<h2 id="(?P<id>[qr]\d+)"')

_cache: dict[tuple[str, bool], dict[str, str]] = {}


@dataclass(frozen=True)
class MathError:
    """A formula KaTeX rejected, with the question it sits in ("" if before any question)."""

    question: str
    tex: str
    message: str

    def __str__(self) -> str:
        where = f"question {self.question}: " if self.question else ""
        return f"{where}KaTeX rejects {self.tex!r}: {self.message}"


class KatexMissing(RuntimeError):
    """KaTeX is not installed in node_modules (run `npm ci`)."""


def extract_tex(tag: str, body: str) -> str:
    """The TeX source of one arithmatex element: unescaped, delimiters removed."""
    tex = html.unescape(body).strip()
    opening, closing = DELIMITERS[tag]
    if tex.startswith(opening) and tex.endswith(closing):
        tex = tex[len(opening) : -len(closing)]
    return tex.strip()


def render_batch(formulas: list[tuple[str, bool]]) -> list[dict[str, str]]:
    """Render (tex, display) pairs with KaTeX in one Node process; cached across builds of a serve."""
    todo = sorted({formula for formula in formulas if formula not in _cache})
    if todo:
        if not (KATEX_DIST / "katex.js").exists():
            raise KatexMissing(f"KaTeX is not installed: {KATEX_DIST} is missing; run `npm ci` in {ROOT}")
        payload = json.dumps([{"tex": tex, "display": display} for tex, display in todo])
        completed = subprocess.run(["node", str(RENDERER)], input=payload, capture_output=True, text=True, check=True, cwd=ROOT)
        _cache.update(zip(todo, json.loads(completed.stdout)))
    return [_cache[formula] for formula in formulas]


def typeset(page_html: str) -> tuple[str, list[MathError]]:
    """Replace every arithmatex element of a page's HTML with rendered KaTeX; list what failed."""
    matches = list(ARITHMATEX.finditer(page_html))
    if not matches:
        return page_html, []
    formulas = [(extract_tex(m["tag"], m["body"]), m["tag"] == "div") for m in matches]
    results = render_batch(formulas)
    errors: list[MathError] = []
    pieces: list[str] = []
    position = 0
    for match, (tex, _display), result in zip(matches, formulas, results):
        pieces.append(page_html[position : match.start()])
        if "error" in result:
            errors.append(MathError(_question_before(page_html, match.start()), tex, result["error"]))
            pieces.append(match.group(0))
        else:
            tag = match["tag"]
            pieces.append(f'<{tag} class="arithmatex" data-search-exclude>{result["html"]}</{tag}>')
        position = match.end()
    pieces.append(page_html[position:])
    return "".join(pieces), errors


def _question_before(page_html: str, position: int) -> str:
    """The id of the last question heading before a position in the page ("" if none)."""
    ids = QUESTION_ID.findall(page_html, 0, position)
    return ids[-1] if ids else ""
