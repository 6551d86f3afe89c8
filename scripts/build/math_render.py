"""Math typeset at build time: replace pymdownx.arithmatex's TeX spans with KaTeX's HTML.

pymdownx.arithmatex (generic mode) wraps inline math as ``<span class="arithmatex">\\(...\\)</span>``
and display math as ``<div class="arithmatex">\\[...\\]</div>``. This module finds them, has the
pinned npm KaTeX render them (one Node process per build, see ``render_math.cjs``) and puts the
result in their place, so pages ship no KaTeX JavaScript and show math with JavaScript off.
The search index keeps the prose, neither TeX nor glyphs: ``scripts/extensions/math_markup.py`` marks the
TeX for Material's search (which indexes pages before they are typeset) and ``typeset`` runs after it.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RENDERER = ROOT / "scripts" / "build" / "render_math.cjs"
KATEX_DIST = ROOT / "node_modules" / "katex" / "dist"

# the search-exclusion mark is normally gone by the time ``typeset`` runs (the search plugin strips it)
ARITHMATEX = re.compile(r'<(?P<tag>span|div) class="arithmatex"(?: data-search-exclude="tex")?>(?P<body>.*?)</(?P=tag)>', re.DOTALL)
DELIMITERS = {"span": (r"\(", r"\)"), "div": (r"\[", r"\]")}
QUESTION_ID = re.compile(r'<h2 id="(?P<id>[qr]\d+)"')

_cache: dict[tuple[str, bool], dict[str, str]] = {}  # kept across the rebuilds of a `mkdocs serve`


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


def extract_tex(body: str) -> str:
    """The TeX source of one arithmatex element: unescaped, delimiters removed."""
    tex = html.unescape(body).strip()
    for opening, closing in DELIMITERS.values():
        if tex.startswith(opening) and tex.endswith(closing):
            return tex[len(opening) : -len(closing)].strip()
    return tex


def is_display(tag: str, body: str) -> bool:
    """Display math: a div, or (in a notebook paragraph) a span holding ``\\[...\\]``."""
    return tag == "div" or html.unescape(body).strip().startswith(DELIMITERS["div"][0])


class KatexProcess:
    """One Node process running ``render_math.cjs``, started on first use, for a whole build."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[str] | None = None

    def render(self, formulas: list[tuple[str, bool]]) -> list[dict[str, str]]:
        if self._process is None or self._process.poll() is not None:
            if not (KATEX_DIST / "katex.js").exists():
                raise KatexMissing(f"KaTeX is not installed: {KATEX_DIST} is missing; run `npm ci` in {ROOT}")
            self._process = subprocess.Popen(
                ["node", str(RENDERER)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                cwd=ROOT,
            )
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(json.dumps([{"tex": tex, "display": display} for tex, display in formulas]) + "\n")
        self._process.stdin.flush()
        answer = self._process.stdout.readline()
        if not answer:
            raise RuntimeError(f"{RENDERER.name} stopped (exit code {self._process.wait()})")
        return json.loads(answer)

    def close(self) -> None:
        if self._process is not None:
            self._process.stdin.close()  # type: ignore[union-attr]
            self._process.wait()
            self._process = None


katex_process = KatexProcess()


def render_batch(formulas: list[tuple[str, bool]]) -> list[dict[str, str]]:
    """Render (tex, display) pairs with KaTeX; each formula once per `mkdocs serve` session."""
    todo = sorted({formula for formula in formulas if formula not in _cache})
    if todo:
        _cache.update(zip(todo, katex_process.render(todo)))
    return [_cache[formula] for formula in formulas]


def formulas_of(page_html: str) -> list[tuple[str, bool]]:
    """(tex, display) of every formula marked for typesetting in a page's HTML, in page order."""
    return [(extract_tex(m["body"]), is_display(m["tag"], m["body"])) for m in ARITHMATEX.finditer(page_html)]


def typeset(page_html: str) -> tuple[str, list[MathError]]:
    """Replace every arithmatex element of a page's HTML with rendered KaTeX; list what failed."""
    matches = list(ARITHMATEX.finditer(page_html))
    if not matches:
        return page_html, []
    formulas = [(extract_tex(m["body"]), is_display(m["tag"], m["body"])) for m in matches]
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
            pieces.append(f'<{tag} class="arithmatex">{result["html"]}</{tag}>')
        position = match.end()
    pieces.append(page_html[position:])
    return "".join(pieces), errors


def _question_before(page_html: str, position: int) -> str:
    """The id of the last question heading before a position in the page ("" if none)."""
    ids = QUESTION_ID.findall(page_html, 0, position)
    return ids[-1] if ids else ""


# --- notebook pages: the math of nbconvert's markdown cells -----------------------------------
#
# nbconvert leaves a markdown cell's math as the TeX the author typed, `$...$`, `$$...$$`,
# `\(...\)`, `\[...\]` or a bare `\begin{env}...\end{env}` (HTML-escaped), for MathJax to find in
# the browser. mark_notebook_math() marks it up like the Markdown pages' math, for the same KaTeX
# to typeset at build time (``typeset``), inside markdown cells only (`jp-RenderedMarkdown`) and
# never in code: code cells and outputs are left as they are.

NOTEBOOK_MATH = re.compile(
    r"\$\$(?P<dollars>.+?)\$\$"
    r"|\\\[(?P<brackets>.+?)\\\]"
    r"|(?P<env>\\begin\{(?P<name>[A-Za-z]+\*?)\}.+?\\end\{(?P=name)\})"
    r"|\\\((?P<parens>.+?)\\\)"
    # $...$ as pandoc reads it: no space inside either dollar, no digit right after the closing one
    r"|(?<![\\$])\$(?P<dollar>[^\s$](?:[^$]*?[^\s$\\])?)\$(?!\d)",
    re.DOTALL,
)
HTML_TOKEN = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)
MARKDOWN_CELL = re.compile(r'<div\b[^>]*\bclass="[^"]*\bjp-RenderedMarkdown\b')
_PLACEHOLDER = "\x00notebook-math-{}\x00"


def notebook_formulas(text: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, tex, display) of every formula in one run of HTML text (entities unescaped in tex)."""
    found = []
    for match in NOTEBOOK_MATH.finditer(text):
        display = match["dollar"] is None and match["parens"] is None
        tex = next(
            group for group in (match["dollars"], match["brackets"], match["env"], match["parens"], match["dollar"]) if group is not None
        )
        found.append((match.start(), match.end(), html.unescape(tex).strip(), display))
    return found


def mark_notebook_math(page_html: str) -> tuple[str, list[MathError]]:
    """Mark the math of a notebook page's markdown cells as the other pages' is; list what KaTeX rejects.

    A formula becomes ``<span class="arithmatex" data-search-exclude="tex">\\(tex\\)</span>``, as
    pymdownx.arithmatex and ``scripts/extensions/math_markup.py`` leave the Markdown pages' math; a paragraph that
    holds nothing but one display formula becomes ``<div class="arithmatex" ...>\\[tex\\]</div>``.
    ``typeset`` renders them once Material's search has indexed the page, so the index holds
    neither TeX nor glyphs (rendered HTML nests spans, which the search parser cannot skip).
    Every formula is rendered here once to find what KaTeX rejects (the result is cached); a
    rejected formula is left as its TeX. Text in ``<code>``, ``<pre>``, outside markdown cells or
    inside tags is never read as math.
    """
    pieces: list[str] = []
    formulas: list[tuple[str, bool]] = []
    originals: list[str] = []
    div_depth, markdown_depth, code_depth = 0, None, 0
    position = 0
    for token in HTML_TOKEN.finditer(page_html):
        pieces.append(
            _with_placeholders(page_html[position : token.start()], markdown_depth is not None and code_depth == 0, formulas, originals)
        )
        tag = token.group(0)
        name = re.match(r"</?([A-Za-z0-9]+)", tag)
        if name is not None and not tag.startswith("<!--"):
            tag_name, closing = name[1].lower(), tag.startswith("</")
            if tag_name == "div" and not closing and not tag.endswith("/>"):
                div_depth += 1
                if markdown_depth is None and MARKDOWN_CELL.match(tag):
                    markdown_depth = div_depth
            elif tag_name == "div" and closing:
                if markdown_depth == div_depth:
                    markdown_depth = None
                div_depth -= 1
            elif tag_name in ("code", "pre"):
                code_depth += -1 if closing else 1
        pieces.append(tag)
        position = token.end()
    pieces.append(_with_placeholders(page_html[position:], markdown_depth is not None and code_depth == 0, formulas, originals))
    marked = "".join(pieces)
    if not formulas:
        return page_html, []
    results = render_batch(formulas)
    errors = [MathError("", tex, result["error"]) for (tex, _display), result in zip(formulas, results) if "error" in result]

    def rendered(index: int, tag: str) -> str:
        if "error" in results[index]:
            return originals[index]
        tex, display = formulas[index]
        opening, closing = DELIMITERS["div" if display else "span"]
        return f'<{tag} class="arithmatex" data-search-exclude="tex">{html.escape(opening + tex + closing, quote=False)}</{tag}>'

    def own_paragraph(match: re.Match[str]) -> str:
        index = int(match[1])
        return rendered(index, "div") if formulas[index][1] and "error" not in results[index] else match.group(0)

    marked = re.sub(r"<p>\s*\x00notebook-math-(\d+)\x00\s*</p>", own_paragraph, marked)
    marked = re.sub(r"\x00notebook-math-(\d+)\x00", lambda match: rendered(int(match[1]), "span"), marked)
    return marked, errors


def _with_placeholders(text: str, is_math_context: bool, formulas: list[tuple[str, bool]], originals: list[str]) -> str:
    if not is_math_context or not text:
        return text
    out, position = [], 0
    for start, end, tex, display in notebook_formulas(text):
        out.append(text[position:start])
        out.append(_PLACEHOLDER.format(len(formulas)))
        formulas.append((tex, display))
        originals.append(text[start:end])
        position = end
    out.append(text[position:])
    return "".join(out)
