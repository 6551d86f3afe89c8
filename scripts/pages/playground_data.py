"""The kernel playground's data: the digit, the preset kernels, the limits and the colour scales.

``page_data()`` is everything ``docs/javascripts/playground.js`` needs, as plain JSON-ready data,
so the page's script holds no number or colour of its own: the committed MNIST "3", the preset
kernels with their button names (the six edge kernels of ``scripts.arithmetic.convolution.KERNELS``: the
chapter's top, left and two diagonals, and the bottom and right flips; and the three defined here), the stride and padding choices, the default state, and the figures' colour
scales as lookup tables made by the figures' own colour functions (``scripts.drawing.colour_scale``):

- ``greys[v]`` is the colour of pixel value v (0-255);
- ``diverging[LEVELS + s]`` is the colour of step s (-LEVELS..LEVELS) of the diverging scale. A
  value v of an output whose largest magnitude is vmax is drawn in step
  ``colour_scale.diverging_step(v, vmax)`` (``sign(t) * floor(|t| * LEVELS + 0.5)`` with
  ``t = clamp(v / vmax, -1, 1)``), which ``diverging_colour`` below looks up for the tests.

The script does the convolution itself (it must follow every edit at once); a browser test
checks its output against ``scripts.arithmetic.convolution.conv2d`` for every preset, stride and padding.
"""

from __future__ import annotations

import json
from typing import NamedTuple

import numpy as np

from scripts.arithmetic.convolution import KERNELS, conv2d, load_digit
from scripts.drawing.colour_scale import LEVELS, PADDING, diverging, diverging_step, grey

# The playground's own kernels (the edge kernels come from scripts.arithmetic.convolution).
IDENTITY = np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]])
BLUR = np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]])  # Gaussian weights; /16 would average (same colours)
SHARPEN = np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]])

# Preset id (as in the URL) -> (button name, 3x3 weights), in the order the buttons show them.
PRESETS: dict[str, tuple[str, np.ndarray]] = {
    **{name: (title[0].upper() + title[1:], kernel) for name, (title, kernel) in KERNELS.items()},
    "identity": ("Identity", IDENTITY),
    "blur": ("Blur", BLUR),
    "sharpen": ("Sharpen", SHARPEN),
}

STRIDES = (1, 2, 3)
PADDINGS = (0, 1, 2)
WEIGHT_LIMIT = 99  # a weight typed or linked is clamped to -99..99
PADDING_COLOUR = PADDING  # the zero padding, as the figures' hatching


class State(NamedTuple):
    """What the playground shows: a preset's id, stride, padding and the selected output cell."""

    kernel: str = "top-edge"
    stride: int = 1
    padding: int = 0
    cell: tuple[int, int] = (4, 6)  # over rows 4-6, columns 6-8: the book's 762 (question 3)


DEFAULT = State()


def centre_markdown(state: State | None = None) -> str:
    """Where an output cell sits on the input, with the default cell's value computed from the digit."""
    state = DEFAULT if state is None else state
    kernel = PRESETS[state.kernel][1]
    half = len(kernel) // 2
    (r, c), s, p = state.cell, state.stride, state.padding
    centre = (r * s + half - p, c * s + half - p)
    value = int(conv2d(load_digit(), kernel, s, p)[r, c])
    return (
        f"Without padding and at stride 1, output cell (*r*, *c*) reads input rows *r* to *r*+{2 * half} and "
        f"columns *c* to *c*+{2 * half}, so it is centred on input pixel (*r*+{half}, *c*+{half}); in general "
        f"on padded pixel (*r* × stride + {half}, *c* × stride + {half}). The starting cell ({r}, {c}) is "
        f"therefore centred on pixel {centre}: its value, {value}, is the book's `apply_kernel({centre[0]},{centre[1]},"
        f"{state.kernel.replace('-', '_')})` ([question 3](magic-of-convolutions.md#q3))."
    )


def diverging_table() -> list[str]:
    """The diverging scale's 2 * LEVELS + 1 colours, from step -LEVELS (blue) to +LEVELS (red)."""
    return [diverging(step, LEVELS) for step in range(-LEVELS, LEVELS + 1)]


def diverging_colour(value: float, vmax: float, table: list[str]) -> str:
    """A value's colour looked up in the table, by the rule the page's script follows."""
    return table[LEVELS + diverging_step(value, vmax)]


def page_data(digit: np.ndarray | None = None) -> dict:
    """Everything the page's script reads, as JSON-ready data."""
    digit = load_digit() if digit is None else digit
    return {
        "digit": digit.tolist(),
        "presets": [{"id": key, "name": name, "weights": weights.tolist()} for key, (name, weights) in PRESETS.items()],
        "strides": list(STRIDES),
        "paddings": list(PADDINGS),
        "weightLimit": WEIGHT_LIMIT,
        "default": {"kernel": DEFAULT.kernel, "stride": DEFAULT.stride, "padding": DEFAULT.padding, "cell": list(DEFAULT.cell)},
        "levels": LEVELS,
        "diverging": diverging_table(),
        "greys": [grey(value) for value in range(256)],
        "paddingColour": PADDING_COLOUR,
    }


def data_json(digit: np.ndarray | None = None) -> str:
    """The page data as compact, deterministic JSON."""
    return json.dumps(page_data(digit), separators=(",", ":"), ensure_ascii=False) + "\n"
