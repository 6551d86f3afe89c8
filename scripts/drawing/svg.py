"""SVG drawing primitives shared by the site's figures (``scripts.drawing.kernel_figures``) and the
"Trace precedents" page's static figure (``scripts.pages.precedents_data``).

Pure string building: each function returns SVG text. Deterministic: numbers are written as
the shortest fixed text, colours come from ``scripts.drawing.colour_scale``, elements in a fixed order.
A figure is a ``document`` that draws its own white card, so it reads on light and dark pages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from scripts.drawing.colour_scale import FRAME, GRID, INK, WHITE, text_on

FONT = "system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif"


def num(value: float) -> str:
    """A coordinate as the shortest fixed text: integers bare, others to two decimals."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def signed(value: int) -> str:
    """An integer with a typographic minus sign."""
    return f"−{-value}" if value < 0 else str(value)


def document(width: float, height: float, title: str, body: Sequence[str]) -> str:
    """A whole figure: its own white card (readable on light and dark pages), a title, the body."""
    w, h = num(width), num(height)
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
            f'viewBox="0 0 {w} {h}" role="img" font-family="{FONT}" font-size="13" fill="{INK}">',
            f"<title>{escape(title)}</title>",
            f'<rect x="0.5" y="0.5" width="{num(width - 1)}" height="{num(height - 1)}" rx="8" fill="{WHITE}" stroke="{GRID}"/>',
            *body,
            "</svg>",
            "",
        ]
    )


def text(
    x: float, y: float, content: str, anchor: str = "middle", size: int | None = None, colour: str | None = None, weight: str | None = None
) -> str:
    """One line of text at (x, y); anchor "start", "middle" or "end"."""
    attributes = f'x="{num(x)}" y="{num(y)}"'
    if anchor != "start":
        attributes += f' text-anchor="{anchor}"'
    if size:
        attributes += f' font-size="{size}"'
    if colour:
        attributes += f' fill="{colour}"'
    if weight:
        attributes += f' font-weight="{weight}"'
    return f"<text {attributes}>{escape(content, quote=False)}</text>"


def cells(colours: list[list[str]], x: float, y: float, cell: float, cell_h: float | None = None) -> str:
    """A grid of coloured cells, crisp (one cell = one unit, scaled to cell x cell_h pixels).

    The commonest colour is one background rectangle; every other colour is one <path> of its
    horizontal runs, in cell units, with colours in sorted order.
    """
    height, width = len(colours), len(colours[0])
    counts: dict[str, int] = {}
    for row in colours:
        for colour in row:
            counts[colour] = counts.get(colour, 0) + 1
    background = min(counts, key=lambda colour: (-counts[colour], colour))
    runs: dict[str, list[str]] = {}
    for r, row in enumerate(colours):
        c = 0
        while c < width:
            end = c
            while end + 1 < width and row[end + 1] == row[c]:
                end += 1
            if row[c] != background:
                runs.setdefault(row[c], []).append(f"M{c} {r}h{end - c + 1}v1H{c}z")
            c = end + 1
    paths = [f'<path fill="{colour}" d="{"".join(runs[colour])}"/>' for colour in sorted(runs)]
    scale = num(cell) if cell_h is None else f"{num(cell)} {num(cell_h)}"
    return "".join(
        [
            f'<g transform="translate({num(x)} {num(y)}) scale({scale})" shape-rendering="crispEdges">',
            f'<rect width="{width}" height="{height}" fill="{background}"/>',
            *paths,
            "</g>",
        ]
    )


def frame(x: float, y: float, width: float, height: float, colour: str = FRAME, stroke: float = 1, dash: str = "") -> str:
    """An unfilled rectangle."""
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<rect x="{num(x)}" y="{num(y)}" width="{num(width)}" height="{num(height)}" '
        f'fill="none" stroke="{colour}" stroke-width="{num(stroke)}"{dashes}/>'
    )


def grid_lines(x: float, y: float, rows: int, cols: int, cell: float, colour: str = GRID) -> str:
    """Thin lines between the cells of a rows x cols grid."""
    d = "".join(f"M{num(x + c * cell)} {num(y)}v{num(rows * cell)}" for c in range(1, cols))
    d += "".join(f"M{num(x)} {num(y + r * cell)}h{num(cols * cell)}" for r in range(1, rows))
    return f'<path d="{d}" stroke="{colour}" stroke-width="1" fill="none" shape-rendering="crispEdges"/>'


def image(values: Sequence[Sequence[int]], x: float, y: float, cell: float, colour_of: Callable[[int], str]) -> str:
    """A 2D array drawn as a framed heat-map, one crisp square per value."""
    colours = [[colour_of(int(v)) for v in row] for row in values]
    rows, cols = len(colours), len(colours[0])
    return cells(colours, x, y, cell) + frame(x, y, cols * cell, rows * cell)


def numbers(values: Sequence[Sequence[int]], x: float, y: float, cell: float, size: int, ink: Callable[[int], str]) -> str:
    """Each value written in the middle of its cell of a grid at (x, y), in the colour ink(value)."""
    parts = [f'<g font-size="{size}" text-anchor="middle">']
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            colour = ink(int(value))
            fill = "" if colour == INK else f' fill="{colour}"'
            parts.append(
                f'<text x="{num(x + (c + 0.5) * cell)}" y="{num(y + (r + 0.5) * cell + size * 0.36)}"{fill}>{signed(int(value))}</text>'
            )
    parts.append("</g>")
    return "".join(parts)


def number_grid(values: Sequence[Sequence[int]], x: float, y: float, cell: float, colour_of: Callable[[int], str], size: int = 13) -> str:
    """A small heat-map with each value written in its cell, in the ink that reads on the cell's colour."""
    rows, cols = len(values), len(values[0])
    return "".join(
        [
            image(values, x, y, cell, colour_of),
            grid_lines(x, y, rows, cols, cell, colour=WHITE),
            numbers(values, x, y, cell, size, lambda value: text_on(colour_of(value))),
        ]
    )
