"""Material's palette stylesheet with the rules of the colours this site configures, and no others.

Material serves one ``palette.*.min.css`` with every primary and accent colour it offers (21 and
16) and its dark scheme. A page can only take the colours of mkdocs.yml's ``theme.palette``: the
palette toggle and Material's inline script set the page's ``data-md-color-*`` attributes from
those entries alone. So a rule that needs another value of ``data-md-color-primary``,
``data-md-color-accent`` or ``data-md-color-scheme`` can never apply, and :func:`palette_css`
drops it; every other rule stays as Material wrote it, in its order, but one: the rule that turns
transitions off under ``[data-md-color-switching]``. Material sets and removes that attribute on
<body> at every page load too, not only when a reader switches, and with the rule each of the two
makes the browser compute the style of the whole page again while it loads (two full style
recalculations in the main thread's busiest task). The site does the same on a switch only
(docs/javascripts/palette-switch.js, with its own rule in docs/stylesheets/site/theme.css).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

ATTRIBUTE = re.compile(r"\[data-md-color-(primary|accent|scheme)=[\"']?([\w-]+)[\"']?\]")
NEGATION = re.compile(r":not\((?:[^()]|\([^()]*\))*\)")  # a colour inside :not() rules out, never requires
SWITCHING = "[data-md-color-switching]"  # Material's attribute while the colours switch (and at every load)
SOURCE_MAP = re.compile(r"/\*#\s*sourceMappingURL=[^*]*\*/")


def configured_colours(palettes: Iterable[Mapping[str, object]]) -> dict[str, set[str]]:
    """The values each attribute can take: {"primary": {"indigo"}, "accent": ..., "scheme": ...}."""
    values: dict[str, set[str]] = {"primary": set(), "accent": set(), "scheme": set()}
    for palette in palettes:
        for name in values:
            if palette.get(name):
                values[name].add(str(palette[name]).replace(" ", "-").lower())
    return values


def palette_css(css: str, colours: Mapping[str, set[str]]) -> str:
    """Material's palette stylesheet without the rules that need a colour not in ``colours``."""
    return _block(SOURCE_MAP.sub("", css).strip(), colours)


def _block(css: str, colours: Mapping[str, set[str]]) -> str:
    out: list[str] = []
    position = 0
    while position < len(css):
        opening = css.find("{", position)
        if opening < 0:
            if css[position:].strip():
                raise ValueError(f"Material's palette stylesheet has text this build cannot read: {css[position:][:80]!r}")
            break
        head = css[position:opening].strip()
        closing = _matching(css, opening)
        body = css[opening + 1 : closing]
        position = closing + 1
        if head.startswith("@media") or head.startswith("@supports"):
            inner = _block(body, colours)
            if inner:
                out.append(f"{head}{{{inner}}}")
        elif head.startswith("@"):
            out.append(f"{head}{{{body}}}")  # @font-face, @keyframes…: kept as they are
        else:
            kept = [selector for selector in _selectors(head) if _possible(selector, colours) and SWITCHING not in selector]
            if kept:
                out.append(f"{','.join(kept)}{{{body}}}")
    return "".join(out)


def _matching(css: str, opening: int) -> int:
    depth = 0
    for index in range(opening, len(css)):
        depth += {"{": 1, "}": -1}.get(css[index], 0)
        if depth == 0:
            return index
    raise ValueError("Material's palette stylesheet has an unclosed block")


def _selectors(head: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for index, char in enumerate(head):
        depth += {"(": 1, ")": -1, "[": 1, "]": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(head[start:index])
            start = index + 1
    parts.append(head[start:])
    return [part.strip() for part in parts if part.strip()]


def _possible(selector: str, colours: Mapping[str, set[str]]) -> bool:
    return all(value in colours[name] for name, value in ATTRIBUTE.findall(NEGATION.sub("", selector)))
