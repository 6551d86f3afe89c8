"""Every colour scale of the site, in one place: the figures', the workbook's and the pages'.

The figures (``scripts.drawing.kernel_figures``, ``scripts.pages.precedents_data``) call these functions while
drawing; the workbook (``scripts.pages.workbook``) writes ``SHEET_SCALES`` as conditional formatting; a
page's script gets the colours already computed, as data in its JSON, and does no colour maths.

- ``diverging(value, limit)``: signed values (kernel weights, convolution outputs) on ColorBrewer's
  RdBu, red positive, blue negative, near white at 0, in ``LEVELS`` steps each side.
  ``diverging_stops(limit)`` gives its legend: one (value, colour) per step from -limit to +limit.
- ``sequential(value, limit)``: counts from 0 to limit on viridis (matplotlib's default colour map,
  which the book's ``color_dim`` plots use), dark purple low, yellow high, in ``SEQUENTIAL_LEVELS`` steps.
- ``grey`` and ``tint``: pixel values 0-255 as ink on paper, or as white to a channel's colour.
- ``SHEET_SCALES``: the workbook's two- and three-colour scales, and ``ColourScale.colour`` draws
  a value on one the way a spreadsheet does (a straight line in sRGB between the stops).

Channels are rounded to the nearest integer (ties to even, as Python's ``round``), so a value
gets one "#rrggbb" wherever it is drawn: the browser is handed these strings, never recomputes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WHITE = "#ffffff"
INK = "#1f2328"  # text
MUTED = "#57606a"  # secondary text
FRAME = "#8c959f"  # outlines of grids
GRID = "#d8dee4"  # lines between cells
MARK = "#e8590c"  # highlights: kernel positions, receptive fields, precedents

# ColorBrewer RdBu, from strongly positive (red) through near-white zero to strongly negative (blue).
RDBU = ("#67001f", "#b2182b", "#d6604d", "#f4a582", "#fddbc7", "#f7f7f7",
        "#d1e5f0", "#92c5de", "#4393c3", "#2166ac", "#053061")
LEVELS = 12  # colour steps on each side of zero


# Viridis at nine evenly spaced points, from 0 (dark purple) to 1 (yellow).
VIRIDIS = ("#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962", "#addc30", "#fde725")
SEQUENTIAL_LEVELS = 16


def rgb(colour: str) -> tuple[int, int, int]:
    """"#rrggbb" -> (r, g, b)."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def hex_colour(channels: Sequence[float]) -> str:
    """(r, g, b), each clamped to 0-255 and rounded -> "#rrggbb"."""
    return "#" + "".join(f"{round(min(max(c, 0), 255)):02x}" for c in channels)


def mix(a: str, b: str, t: float) -> str:
    """The colour a fraction t (0-1) of the way from a to b, in sRGB."""
    return hex_colour([x + (y - x) * t for x, y in zip(rgb(a), rgb(b))])


def grey(value: int) -> str:
    """A pixel value 0-255 as ink on paper: 0 white, 255 near black (like the book's plots)."""
    level = 255 - int(value) * 235 // 255
    return hex_colour((level, level, level))


def tint(value: int, colour: str) -> str:
    """A channel value 0-255 as white to that channel's colour, in 32 steps."""
    return mix(WHITE, colour, round(int(value) / 255 * 32) / 32)


def diverging(value: float, limit: float) -> str:
    """Red for positive, blue for negative, near white for zero; symmetric: -v and v mirror.

    The scale runs from -limit to +limit in LEVELS steps each side, so zero is always its middle.
    """
    t = 0.0 if limit == 0 else max(-1.0, min(1.0, value / limit))
    step = int(abs(t) * LEVELS + 0.5) * (1 if t >= 0 else -1)
    position = (1 - step / LEVELS) * (len(RDBU) - 1) / 2
    low = min(int(position), len(RDBU) - 2)
    return mix(RDBU[low], RDBU[low + 1], position - low)


def sequential(value: float, limit: float) -> str:
    """A value from 0 to limit on viridis, in SEQUENTIAL_LEVELS steps (0 and below: the darkest)."""
    t = 0.0 if limit <= 0 else max(0.0, min(1.0, value / limit))
    position = round(t * SEQUENTIAL_LEVELS) / SEQUENTIAL_LEVELS * (len(VIRIDIS) - 1)
    low = min(int(position), len(VIRIDIS) - 2)
    return mix(VIRIDIS[low], VIRIDIS[low + 1], position - low)


def diverging_stops(limit: float) -> list[tuple[float, str]]:
    """The legend of ``diverging``: (value, colour) for every step, from -limit through 0 to +limit."""
    values = [limit * s / LEVELS for s in range(-LEVELS, LEVELS + 1)]
    return [(value, diverging(value, limit)) for value in values]


def text_on(colour: str) -> str:
    """Ink or white, whichever reads on a cell of this colour."""
    r, g, b = rgb(colour)
    return INK if 0.299 * r + 0.587 * g + 0.114 * b > 150 else WHITE


@dataclass(frozen=True)
class ColourScale:
    """A spreadsheet's colour scale over a block of cells.

    Two colours: the first at the block's minimum, the second at its maximum. Three colours: the
    first at the minimum, the middle one at 0, the last at the maximum (signed weights).
    """

    colours: tuple[str, ...]

    def stops(self, minimum: float, maximum: float) -> list[tuple[float, str]]:
        """(value, colour) of each stop for a block whose values run from minimum to maximum."""
        if len(self.colours) == 2:
            return [(minimum, self.colours[0]), (maximum, self.colours[1])]
        return [(minimum, self.colours[0]), (0, self.colours[1]), (maximum, self.colours[2])]

    def colour(self, value: float, minimum: float, maximum: float) -> str:
        """The colour a spreadsheet gives ``value`` in a block whose values run from minimum to maximum."""
        if len(self.colours) == 2:
            span = maximum - minimum
            t = 0.0 if span == 0 else min(max((value - minimum) / span, 0.0), 1.0)
            return mix(self.colours[0], self.colours[1], t)
        low, middle, high = self.colours
        if value < 0:
            return mix(middle, low, min(value / minimum, 1.0) if minimum < 0 else 0.0)
        return mix(middle, high, min(value / maximum, 1.0) if maximum > 0 else 0.0)


# The workbook's scales (scripts/pages/workbook.py), also drawn by the "Trace precedents" page and its figure.
SHEET_SCALES = {
    "ink": ColourScale((WHITE, "#969696")),  # the input: white (0) to grey (255); black digits stay readable
    "heat": ColourScale((WHITE, "#f8696b")),  # activations: white (the block's minimum) to red (its maximum)
    "kernel": ColourScale(("#7fa7d9", WHITE, "#f8696b")),  # weights: blue negative, white 0, red positive
}
