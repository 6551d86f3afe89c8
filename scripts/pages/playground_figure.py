"""The kernel playground's static figure: what the page shows without JavaScript, drawn at build time.

One state of the playground (by default ``playground_data.DEFAULT``: the top-edge kernel, stride 1,
no padding, the output cell over the book's 762) as an SVG in the style of the chapter's figures:
the zero-padded digit with the 3x3 patch outlined, the kernel, the output on the diverging scale
with its legend and the selected cell outlined, the output size with its formula filled in, and
the selected cell's sum written out term by term. The page's script replaces it with the live
playground, which writes the same two lines (``size_formula``, ``sum_text``) the same way.
``generated_files()`` is what the build serves under playground/: this figure and the page's data
(``scripts.build.generated``, a row of its table); ``centre_markdown`` (from the page data) is the
page's sentence on where an output cell sits, inserted at its marker by the same row.
"""

from __future__ import annotations

import numpy as np

from scripts.arithmetic.convolution import conv2d, load_digit, output_size, window_at
from scripts.drawing import svg
from scripts.drawing.colour_scale import MARK, MUTED, diverging, grey
from scripts.drawing.kernel_figures import legend, operator_sign
from scripts.pages.playground_data import DEFAULT, PADDING_COLOUR, PRESETS, State, centre_markdown, data_json


def number(value: float) -> str:
    """A number as the page writes it: integers bare, others to at most 3 decimals; minus as −."""
    rounded = round(float(value), 3)
    text = str(int(rounded)) if rounded.is_integer() else f"{rounded:.3f}".rstrip("0")
    return text.replace("-", "−")


def size_formula(n: int, stride: int, padding: int, ks: int = 3) -> str:
    """The output size with its formula filled in: "⌊(28 + 2·1 − 3) / 2⌋ + 1 = 14"."""
    return f"⌊({n} + 2·{padding} − {ks}) / {stride}⌋ + 1 = {output_size(n, ks, stride, padding)}"


def sum_text(patch: np.ndarray, kernel: np.ndarray) -> str:
    """One output value as the sum of its nine weight·pixel terms, row by row, and its total."""
    terms = []
    for weight, pixel in zip(np.ravel(kernel), np.ravel(patch)):
        w = number(weight)
        terms.append(f"{'(' + w + ')' if weight < 0 else w}·{number(pixel)}")
    total = sum(float(w) * float(x) for w, x in zip(np.ravel(kernel), np.ravel(patch)))
    return " + ".join(terms) + f" = {number(total)}"


def playground_figure(digit: np.ndarray | None = None, state: State = DEFAULT) -> str:
    """The playground in one state, as SVG text."""
    digit = load_digit() if digit is None else digit
    name, kernel = PRESETS[state.kernel]
    s, p = state.stride, state.padding
    result = conv2d(digit, kernel, s, p)
    n, m = digit.shape[0], result.shape[0]
    side = n + 2 * p
    r, c = state.cell
    vmax = float(np.abs(result).max())
    cell, kcell, top = 7, 26, 48
    x_k = 16 + side * cell + 40
    x_out = x_k + 3 * kcell + 40
    y_k = top + (side * cell - 3 * kcell) / 2
    padded = np.pad(digit, p)
    inside = np.zeros_like(padded, dtype=bool)
    inside[p : p + n, p : p + n] = True
    width = x_out + m * cell + 24
    y_text = top + side * cell + 70
    body = [
        svg.text(16 + side * cell / 2, 24, f"input {n}×{n}" + (f", padding {p}" if p else ""), weight="600"),
        svg.text(16 + side * cell / 2, 40, "0 white · 255 black", size=11, colour=MUTED),
        svg.image(np.where(inside, padded, -1), 16, top, cell, lambda v: PADDING_COLOUR if v < 0 else grey(v)),
        svg.frame(16 + p * cell, top + p * cell, n * cell, n * cell),
        svg.frame(16 + c * s * cell - 1, top + r * s * cell - 1, 3 * cell + 2, 3 * cell + 2, colour=MARK, stroke=2),
        operator_sign(x_k - 20, top + side * cell / 2, "∗"),
        svg.text(x_k + 1.5 * kcell, y_k - 12, "kernel", weight="600"),
        svg.number_grid(kernel, x_k, y_k, kcell, lambda v: diverging(v, 1)),
        svg.text(x_k + 1.5 * kcell, y_k + 3 * kcell + 20, name, colour=MUTED),
        svg.text(x_k + 1.5 * kcell, y_k + 3 * kcell + 38, f"stride {s}", colour=MUTED),
        operator_sign(x_out - 20, top + side * cell / 2, "="),
        svg.text(x_out + m * cell / 2, 24, f"output {m}×{m}", weight="600"),
        svg.image(result, x_out, top, cell, lambda v: diverging(v, vmax)),
        svg.frame(x_out + c * cell - 1, top + r * cell - 1, cell + 2, cell + 2, colour=MARK, stroke=2),
        legend(x_out, top + m * cell + 14, m * cell, int(vmax)),
        svg.text(16, y_text, f"Output size: {size_formula(n, s, p)} → {m}×{m}", anchor="start", size=13),
        svg.text(
            16,
            y_text + 22,
            f"Output row {r}, column {c} (from 0): the orange patch, weight × pixel:",
            anchor="start",
            size=12,
            colour=MUTED,
        ),
        svg.text(16, y_text + 40, sum_text(window_at(digit, (r, c), 3, s, p), kernel), anchor="start", size=12),
    ]
    title = (
        f"The {name.lower()} kernel on the digit, stride {s}, padding {p}: output row {r}, column {c} is {svg.signed(int(result[r, c]))}"
    )
    return svg.document(int(max(width, 640)), y_text + 56, title, body)


def generated_files() -> dict[str, bytes]:
    """The playground's files: ``data.json`` (what its script reads) and ``default.svg`` (this figure)."""
    return {"data.json": data_json().encode("utf-8"), "default.svg": playground_figure().encode("utf-8")}


__all__ = ["centre_markdown", "generated_files", "number", "playground_figure", "size_formula", "sum_text"]
