"""Every colour of the site's figures and pages, in one place: the figures', the workbook's, the
CNN page's, the Anki deck's, and the stylesheets' (as CSS custom properties).

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
- ``CNN_COLOURS`` and ``activation``: the CNN page's activations, white at 0 to the layer's largest
  |value| (blue positive, red negative), in ``ACTIVATION_LEVELS`` steps.
- ``css_properties()``: the colours the stylesheets share with the figures, as custom properties
  (``--figure-mark`` ...) in the site's stylesheet, so no stylesheet repeats a hex value.

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
PAPER = "#f3f6f9"  # an empty grid's background (layers of the receptive-field figure, padding, stride)
PADDING = "#eceff2"  # zero padding (the figures' hatching, the playground's padded cells)
HATCH = "#b6bec7"  # the hatching's lines
FAINT_GRID = "#eef1f4"  # lines between the pixels of the large digit
INPUT_GRID = "#e4e8ec"  # lines between the input pixels of the receptive-field figure
DOT = "#0b5cad"  # a position of a kernel's centre
CHANNEL_COLOURS = {"R": "#c62828", "G": "#2e7d32", "B": "#1565c0"}  # a colour image's channels
PEN = "#1b1f23"  # a digit drawn by the reader on the CNN page
ACTIVATION_POSITIVE = "#0b3c8c"

# ColorBrewer RdBu, from strongly positive (red) through near-white zero to strongly negative (blue).
RDBU = ("#67001f", "#b2182b", "#d6604d", "#f4a582", "#fddbc7", "#f7f7f7", "#d1e5f0", "#92c5de", "#4393c3", "#2166ac", "#053061")
LEVELS = 12  # colour steps on each side of zero
ACTIVATION_LEVELS = 16  # the CNN page's steps from zero to a layer's largest |value|

# The CNN page's scale, handed to its script in its JSON (scripts/pages/cnn_live.py).
CNN_COLOURS = {"zero": WHITE, "positive": ACTIVATION_POSITIVE, "negative": RDBU[1], "mark": MARK, "selected": INK, "pen": PEN}

# Anki's card (scripts/pages/anki_deck.py): ink on white, and GitHub's dark colours in night mode.
NIGHT_INK = "#e6edf3"
NIGHT_PAPER = "#0d1117"
INDIGO = "#3f51b5"  # Material's indigo, the site's primary colour: the rule beside an admonition
# The preview cards (scripts/drawing/preview_cards.py): the site's indigo, darker for contrast.
CARD_BACKGROUND = "#283593"  # indigo 800
CARD_MUTED = "#c5cae9"  # indigo 100
PLOT_LINE = "#1565c0"  # a plotted series (the training-run figures)
PLOT_PANEL = "#f6f8fa"  # the background of a plot's panel


# Viridis at nine evenly spaced points, from 0 (dark purple) to 1 (yellow).
VIRIDIS = ("#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962", "#addc30", "#fde725")
SEQUENTIAL_LEVELS = 16


def rgb(colour: str) -> tuple[int, int, int]:
    """ "#rrggbb" -> (r, g, b)."""
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


def diverging_step(value: float, limit: float) -> int:
    """The step (-LEVELS..LEVELS) of a value on the diverging scale from -limit to +limit.

    The rule: ``sign(t) * floor(|t| * LEVELS + 0.5)`` with ``t = clamp(value / limit, -1, 1)``
    (docs/javascripts/playground.js restates it, and a browser test compares the two).
    """
    t = 0.0 if limit == 0 else max(-1.0, min(1.0, value / limit))
    return int(abs(t) * LEVELS + 0.5) * (1 if t >= 0 else -1)


def diverging(value: float, limit: float) -> str:
    """Red for positive, blue for negative, near white for zero; symmetric: -v and v mirror.

    The scale runs from -limit to +limit in LEVELS steps each side, so zero is always its middle.
    """
    step = diverging_step(value, limit)
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


def activation(value: float, vmax: float, colours: dict[str, str] = CNN_COLOURS) -> str:
    """An activation: white for 0 to the darkest colour at the layer's largest |value|; negative in red."""
    t = 0.0 if vmax == 0 else min(abs(value) / vmax, 1.0)
    end = colours["positive"] if value >= 0 else colours["negative"]
    return mix(colours["zero"], end, round(t * ACTIVATION_LEVELS) / ACTIVATION_LEVELS)


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


# The colours the stylesheets share with the figures: --figure-<name> in every page's stylesheet.
CSS_COLOURS = {"white": WHITE, "ink": INK, "muted": MUTED, "frame": FRAME, "grid": GRID, "mark": MARK}


def css_properties() -> str:
    """The shared colours as CSS custom properties, a part of the site's stylesheet (scripts/build/stylesheet.py)."""
    lines = [f"  --figure-{name}: {colour};" for name, colour in CSS_COLOURS.items()]
    return (
        "/* Generated from scripts/drawing/colour_scale.py: the figures' colours, for the stylesheets */\n"
        ":root {\n" + "\n".join(lines) + "\n}\n"
    )
