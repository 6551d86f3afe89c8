"""The chapter's figures as SVG: the MNIST "3", each kernel and its result, padding, stride,
the receptive field and a colour input. Pure string building: no plotting library is needed.

``scripts.arithmetic.convolution`` does the arithmetic, ``scripts.drawing.colour_scale`` picks the colours and
``scripts.drawing.svg`` writes the elements; this module lays the figures out (one function per figure,
each returning SVG text).
``figure_files()`` returns every figure by file name and ``generated_files()`` their bytes, which
the build caches by a hash of their inputs and serves as ``figures/<name>.svg``
(``scripts.build.generated``, a row of its table).

Generated, not committed: the figures are a pure function of the committed digit and of this
code, so the build makes them (in well under a second) and there is no second copy to drift out
of date or to review as a diff. A fresh clone builds them with no extra step, and the cache
keyed by the inputs' hash keeps a `mkdocs serve` rebuild from rendering them again.

Deterministic: integers or fixed-precision numbers only, colours and shapes emitted in sorted
or fixed order, no timestamps or random ids, so two builds write byte-identical files.
Readable in light and dark mode: every figure draws its own white card, so its colours and
text never sit on the page's background.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from scripts.arithmetic.convolution import (
    KERNELS,
    Layer,
    conv2d,
    conv2d_channels,
    grid_sizes,
    load_digit,
    output_size,
    precedents,
    window_at,
)
from scripts.drawing import svg
from scripts.drawing.colour_scale import (
    CHANNEL_COLOURS,
    DOT,
    FAINT_GRID,
    GRID,
    HATCH,
    INK,
    INPUT_GRID,
    MARK,
    MUTED,
    PADDING,
    PAPER,
    diverging,
    diverging_stops,
    grey,
    tint,
)

# The figures' choices of where to look (all in the 26x26 output or the 7x7 second layer).
PIXEL = (4, 6)  # output of the top-edge kernel over the top of the 3's upper stroke (762)
BLANK = (1, 1)  # output over an all-zero patch above the digit
RF_LAYERS = [Layer(ks=3, stride=2, pad=1), Layer(ks=3, stride=2, pad=1)]
RF_ACTIVATION = (3, 4)  # second-layer activation whose 7x7 input patch holds the 3's middle join


# --- pieces shared by several figures ----------------------------------------------------------


def legend(x: float, y: float, width: float, vmax: int) -> str:
    """The diverging colour bar: its steps, and -vmax, 0, +vmax under it."""
    steps = [colour for _value, colour in diverging_stops(vmax)]
    cell = width / len(steps)
    return "".join(
        [
            svg.cells([steps], x, y, cell, cell_h=10),
            svg.frame(x, y, width, 10),
            svg.text(x, y + 24, svg.signed(-vmax), anchor="start", size=11, colour=MUTED),
            svg.text(x + width / 2, y + 24, "0", size=11, colour=MUTED),
            svg.text(x + width, y + 24, f"+{vmax}", anchor="end", size=11, colour=MUTED),
            svg.text(x + width / 2, y + 38, "blue negative · red positive", size=11, colour=MUTED),
        ]
    )


def operator_sign(x: float, y: float, symbol: str) -> str:
    return svg.text(x, y + 8, symbol, size=24, colour=MUTED)


# --- layout: one function per figure ------------------------------------------------------------


def digit_figure(digit: np.ndarray) -> str:
    """The MNIST 3 itself, 28x28 pixels at 10 px each."""
    n = digit.shape[0]
    cell, x, y = 10, 32, 40
    side = n * cell
    body = [
        svg.text(x + side / 2, 26, f"{n}×{n} input: a handwritten 3 from MNIST", weight="600"),
        svg.image(digit, x, y, cell, grey),
        svg.grid_lines(x, y, n, n, cell, colour=FAINT_GRID),
        svg.frame(x, y, side, side),
    ]
    for i in range(0, n, 9):
        body.append(svg.text(x - 6, y + (i + 0.5) * cell + 4, str(i), anchor="end", size=10, colour=MUTED))
        body.append(svg.text(x + (i + 0.5) * cell, y + side + 14, str(i), size=10, colour=MUTED))
    body.append(svg.text(x + side / 2, y + side + 34, "pixel values 0 (white) to 255 (black)", size=12, colour=MUTED))
    return svg.document(side + 2 * x, y + side + 48, f"The {n}×{n} MNIST digit 3", body)


def kernel_figure(digit: np.ndarray, name: str) -> str:
    """Input ∗ kernel = output for one kernel, the output in a diverging palette centred on zero."""
    title, kernel = KERNELS[name]
    result = conv2d(digit, kernel)
    n, m = digit.shape[0], result.shape[0]
    vmax = int(np.abs(result).max())
    cell, kcell, top = 7, 26, 44
    x_in, x_k = 16, 16 + n * cell + 40
    x_out = x_k + 3 * kcell + 40
    y_k = top + (n * cell - 3 * kcell) / 2
    y_out = top + (n - m) // 2 * cell  # output (i, j) sits over input pixel (i+1, j+1)
    width = x_out + m * cell + 16
    body = [
        svg.text(x_in + n * cell / 2, 30, f"{n}×{n} input", weight="600"),
        svg.image(digit, x_in, top, cell, grey),
        operator_sign(x_k - 20, top + n * cell / 2, "∗"),
        svg.text(x_k + 1.5 * kcell, y_k - 12, "3×3 kernel", weight="600"),
        svg.number_grid(kernel, x_k, y_k, kcell, lambda v: diverging(v, 1)),
        svg.text(x_k + 1.5 * kcell, y_k + 3 * kcell + 20, title, colour=MUTED),
        operator_sign(x_out - 20, top + n * cell / 2, "="),
        svg.text(x_out + m * cell / 2, 30, f"{m}×{m} output", weight="600"),
        svg.image(result, x_out, y_out, cell, lambda v: diverging(v, vmax)),
        svg.text(x_in + n * cell / 2, top + n * cell + 24, "0 white · 255 black", size=11, colour=MUTED),
        legend(x_out, y_out + m * cell + 14, m * cell, vmax),
    ]
    return svg.document(width, int(y_out + m * cell + 14 + 48), f"The {title} kernel applied to the digit", body)


def edge_kernels_figure(digit: np.ndarray) -> str:
    """All six kernels, each beside its 26x26 output, on one shared colour scale."""
    results = {name: conv2d(digit, kernel) for name, (_title, kernel) in KERNELS.items()}
    vmax = int(max(np.abs(result).max() for result in results.values()))
    m = next(iter(results.values())).shape[0]
    cell, kcell, gap = 5, 16, 24
    panel_w, panel_h = 3 * kcell + 10 + m * cell, 22 + m * cell
    body = []
    for index, (name, (title, kernel)) in enumerate(KERNELS.items()):
        column, row = divmod(index, 2)  # columns: top/bottom, left/right, the two diagonals
        x, y = 16 + column * (panel_w + gap), 16 + row * (panel_h + gap)
        body += [
            svg.text(x, y + 12, title, anchor="start", weight="600"),
            svg.number_grid(kernel, x, y + 22, kcell, lambda v: diverging(v, 1), size=10),
            svg.image(results[name], x + 3 * kcell + 10, y + 22, cell, lambda v: diverging(v, vmax)),
        ]
    width = 32 + 3 * panel_w + 2 * gap
    y_legend = 16 + 2 * panel_h + gap + 8
    body += [
        svg.text(16, y_legend + 10, f"each 3×3 kernel and its {m}×{m} output", anchor="start", size=12, colour=MUTED),
        svg.text(16, y_legend + 26, "for the 28×28 digit (no padding)", anchor="start", size=12, colour=MUTED),
        legend(width - 16 - m * cell * 1.5, y_legend, m * cell * 1.5, vmax),
    ]
    return svg.document(width, y_legend + 50, "The six edge kernels of the chapter and their outputs for the digit", body)


def pixel_figure(digit: np.ndarray, name: str, index: tuple[int, int]) -> str:
    """One output value: the 3x3 patch under the kernel, times the kernel, summed."""
    title, kernel = KERNELS[name]
    patch = window_at(digit, index)
    products = patch * kernel
    total = int(products.sum())
    n = digit.shape[0]
    cell, pcell, top = 5, 30, 44
    x_patch = 16 + n * cell + 34
    x_k = x_patch + 3 * pcell + 34
    x_prod = x_k + 3 * pcell + 34
    x_sum = x_prod + 3 * pcell + 34
    y_grid = top + (n * cell - 3 * pcell) / 2
    mid = y_grid + 1.5 * pcell
    r, c = index
    body = [
        svg.text(16 + n * cell / 2, 30, f"{n}×{n} input", weight="600"),
        svg.image(digit, 16, top, cell, grey),
        svg.frame(16 + c * cell - 1, top + r * cell - 1, 3 * cell + 2, 3 * cell + 2, colour=MARK, stroke=2),
        svg.text(x_patch + 1.5 * pcell, y_grid - 12, "3×3 patch", weight="600"),
        svg.number_grid(patch, x_patch, y_grid, pcell, grey, size=12),
        operator_sign(x_k - 17, mid, "×"),
        svg.text(x_k + 1.5 * pcell, y_grid - 12, "kernel", weight="600"),
        svg.number_grid(kernel, x_k, y_grid, pcell, lambda v: diverging(v, 1), size=12),
        operator_sign(x_prod - 17, mid, "="),
        svg.text(x_prod + 1.5 * pcell, y_grid - 12, "products", weight="600"),
        svg.number_grid(products, x_prod, y_grid, pcell, lambda v: diverging(v, 255), size=11),
        svg.text(x_sum + 4, mid - 4, "sum", anchor="start", colour=MUTED),
        svg.text(x_sum + 4, mid + 18, f"= {svg.signed(total)}", anchor="start", size=18, weight="600"),
        svg.text(
            16,
            top + n * cell + 22,
            f"{title} kernel at input rows {r}–{r + 2}, columns {c}–{c + 2}: output[{r}, {c}] = {svg.signed(total)}",
            anchor="start",
            size=12,
            colour=MUTED,
        ),
    ]
    return svg.document(x_sum + 64, top + n * cell + 36, f"The {title} kernel over one 3×3 patch: sum {total}", body)


def _position_grid(x: float, y: float, n: int, pad: int, stride: int, cell: int, pattern: str) -> list[str]:
    """A padded input grid with a dot on every pixel the kernel's centre visits."""
    side = n + 2 * pad
    out = output_size(n, 3, stride, pad)
    start = 1  # the centre of the first 3x3 window, in padded coordinates
    span = ((out - 1) * stride + 1) * cell
    parts = []
    if pad:
        parts.append(f'<rect x="{x}" y="{y}" width="{side * cell}" height="{side * cell}" fill="url(#hatch)"/>')
    parts += [
        f'<rect x="{x + pad * cell}" y="{y + pad * cell}" width="{n * cell}" height="{n * cell}" fill="{PAPER}"/>',
        svg.grid_lines(x, y, side, side, cell),
        svg.frame(x, y, side * cell, side * cell),
        # the pattern's tiles start at the group's origin, so its dots sit on the visited pixels
        f'<g transform="translate({x + start * cell} {y + start * cell})"><rect width="{span}" height="{span}" '
        f'fill="url(#{pattern})"/></g>',
    ]
    if pad:
        parts.append(svg.frame(x + pad * cell, y + pad * cell, n * cell, n * cell, colour=INK))
    return parts


def _defs(cell: int, strides: Sequence[int]) -> str:
    """Hatching for the zero padding, and one dot pattern per stride, aligned on the grids."""
    dots = "".join(
        f'<pattern id="dots{s}" width="{s * cell}" height="{s * cell}" patternUnits="userSpaceOnUse">'
        f'<circle cx="{cell / 2:g}" cy="{cell / 2:g}" r="1.6" fill="{DOT}"/></pattern>'
        for s in strides
    )
    hatch = (
        '<pattern id="hatch" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="4" height="4" fill="{PADDING}"/><path d="M0 0v4" stroke="{HATCH}" stroke-width="1.5"/></pattern>'
    )
    return f"<defs>{hatch}{dots}</defs>"


def padding_figure(n: int = 28) -> str:
    """Where a 3x3 kernel's centre can go, without padding (26x26) and with 1 pixel of it (28x28)."""
    cell, top = 6, 58
    panel = (n + 2) * cell
    x_a, x_b = 16, 16 + panel + 48
    plain, padded = output_size(n, 3, 1, 0), output_size(n, 3, 1, 1)
    body = [
        _defs(cell, [1]),
        svg.text(x_a + panel / 2, 26, "no padding", weight="600"),
        svg.text(x_a + panel / 2, 44, f"{n}×{n} input → {plain}×{plain} output", size=12, colour=MUTED),
        *_position_grid(x_a + cell, top + cell, n, 0, 1, cell, "dots1"),
        svg.frame(x_a + cell, top + cell, 3 * cell, 3 * cell, colour=MARK, stroke=2),
        svg.text(x_a + panel / 2, top + panel + 22, f"({n} − 3) + 1 = {plain}", size=12),
        svg.text(x_b + panel / 2, 26, "padding 1", weight="600"),
        svg.text(x_b + panel / 2, 44, f"{n}×{n} input → {padded}×{padded} output", size=12, colour=MUTED),
        *_position_grid(x_b, top, n, 1, 1, cell, "dots1"),
        svg.frame(x_b, top, 3 * cell, 3 * cell, colour=MARK, stroke=2),
        svg.text(x_b + panel / 2, top + panel + 22, f"({n} + 2·1 − 3) + 1 = {padded}", size=12),
        svg.text(16, top + panel + 48, "dot: a position of the kernel's centre = one output pixel", anchor="start", size=12, colour=MUTED),
        svg.text(
            16,
            top + panel + 66,
            "orange: the 3×3 kernel at its first position · hatched: padding of zeros",
            anchor="start",
            size=12,
            colour=MUTED,
        ),
    ]
    return svg.document(x_b + panel + 16, top + panel + 80, "Output positions of a 3×3 kernel without and with padding", body)


def stride_figure(n: int = 28) -> str:
    """A stride-2 3x3 kernel with padding 1: every other position, 28x28 -> 14x14."""
    cell, top = 6, 58
    panel = (n + 2) * cell
    out = output_size(n, 3, 2, 1)
    x_a = 16
    x_b = x_a + panel + 60
    y_b = top + (panel - out * cell) / 2
    body = [
        _defs(cell, [2]),
        svg.text(x_a + panel / 2, 26, "stride 2, padding 1", weight="600"),
        svg.text(x_a + panel / 2, 44, f"{n}×{n} input", size=12, colour=MUTED),
        *_position_grid(x_a, top, n, 1, 2, cell, "dots2"),
        svg.frame(x_a, top, 3 * cell, 3 * cell, colour=MARK, stroke=2),
        svg.frame(x_a + 2 * cell, top, 3 * cell, 3 * cell, colour=MARK, stroke=1.5, dash="3 2"),
        operator_sign(x_b - 30, top + panel / 2, "→"),
        svg.text(x_b + out * cell / 2, 26, "output", weight="600"),
        svg.text(x_b + out * cell / 2, 44, f"{out}×{out}", size=12, colour=MUTED),
        f'<rect x="{x_b}" y="{svg.num(y_b)}" width="{out * cell}" height="{out * cell}" fill="{PAPER}"/>',
        svg.grid_lines(x_b, y_b, out, out, cell),
        svg.frame(x_b, y_b, out * cell, out * cell, colour=INK),
        svg.frame(x_b, y_b, cell, cell, colour=MARK, stroke=2),
        svg.frame(x_b + cell, y_b, cell, cell, colour=MARK, stroke=1.5, dash="2 1"),
        svg.text(x_a + panel / 2, top + panel + 22, f"({n} + 2·1 − 3)//2 + 1 = {out}", size=12),
        svg.text(16, top + panel + 48, "the kernel moves 2 pixels at a time: one output per dot,", anchor="start", size=12, colour=MUTED),
        svg.text(16, top + panel + 66, f"so each side halves, {n} → {out}", anchor="start", size=12, colour=MUTED),
    ]
    return svg.document(int(x_b + out * cell + 24), top + panel + 80, "A stride-2 convolution: 28×28 input to 14×14 output", body)


def receptive_field_marks(index: tuple[int, int] = RF_ACTIVATION, n: int = 28) -> dict[str, tuple[range, range]]:
    """The cells the receptive-field figure marks in each grid: input, layer 1, layer 2."""
    (rows1, cols1), (rows0, cols0) = precedents(index, RF_LAYERS, n)
    return {
        "input": (rows0, cols0),
        "layer1": (rows1, cols1),
        "layer2": (range(index[0], index[0] + 1), range(index[1], index[1] + 1)),
    }


def receptive_field_figure(digit: np.ndarray, index: tuple[int, int] = RF_ACTIVATION) -> str:
    """One layer-2 activation, the 3x3 layer-1 activations it reads, and the 7x7 input pixels."""
    n = digit.shape[0]
    marks = receptive_field_marks(index, n)
    sizes = grid_sizes(n, RF_LAYERS)
    side, gap, top = 7 * n, 40, 62
    cells = [side // size for size in sizes]
    xs = [16 + i * (side + gap) for i in range(3)]
    names = ["input", "layer1", "layer2"]
    titles = [f"input {n}×{n}", f"layer 1: {sizes[1]}×{sizes[1]}", f"layer 2: {sizes[2]}×{sizes[2]}"]
    subtitles = ["the digit", "3×3 conv of the input, stride 2", "3×3 conv of layer 1, stride 2"]
    body = []
    boxes = []
    for x, name, title, subtitle, size, cell in zip(xs, names, titles, subtitles, sizes, cells):
        rows, cols = marks[name]
        body.append(svg.text(x + side / 2, 26, title, weight="600"))
        body.append(svg.text(x + side / 2, 44, subtitle, size=12, colour=MUTED))
        if name == "input":
            body.append(svg.image(digit, x, top, cell, grey))
        else:
            body.append(f'<rect x="{x}" y="{top}" width="{side}" height="{side}" fill="{PAPER}"/>')
        body.append(svg.grid_lines(x, top, size, size, cell, colour=INPUT_GRID if name == "input" else GRID))
        body.append(svg.frame(x, top, side, side))
        body.append(
            f'<g class="rf-grid" data-layer="{name}" data-size="{size}" transform="translate({x} {top}) scale({cell})">'
            f'<rect class="rf-mark" x="{cols.start}" y="{rows.start}" width="{len(cols)}" height="{len(rows)}" '
            f'fill="{MARK}" fill-opacity="0.3" stroke="{MARK}" stroke-width="2" vector-effect="non-scaling-stroke"/></g>'
        )
        boxes.append((x + cols.start * cell, top + rows.start * cell, len(cols) * cell, len(rows) * cell))
        count = f"{len(rows)}×{len(cols)}" if name != "layer2" else "1 activation"
        span = (
            f"rows {rows.start}–{rows.stop - 1}, columns {cols.start}–{cols.stop - 1}"
            if name != "layer2"
            else f"row {rows.start}, column {cols.start}"
        )
        body.append(svg.text(x + side / 2, top + side + 22, count, size=13, weight="600", colour=MARK))
        body.append(svg.text(x + side / 2, top + side + 40, span, size=12, colour=MUTED))
    for i in (1, 2):
        x1, y1, _w1, h1 = boxes[i]
        x0, y0, w0, h0 = boxes[i - 1]
        body.append(
            f'<path d="M{svg.num(x1)} {svg.num(y1)}L{svg.num(x0 + w0)} {svg.num(y0)}M{svg.num(x1)} {svg.num(y1 + h1)}'
            f'L{svg.num(x0 + w0)} {svg.num(y0 + h0)}" stroke="{MARK}" stroke-width="1" stroke-dasharray="4 3" fill="none"/>'
        )
    body.append(
        svg.text(
            16,
            top + side + 66,
            "both convolutions: 3×3 kernel, stride 2, padding 1. The orange activation depends only on",
            anchor="start",
            size=12,
            colour=MUTED,
        )
    )
    body.append(
        svg.text(
            16,
            top + side + 84,
            f"the orange cells to its left: its receptive field in the input is {len(marks['input'][0])}×{len(marks['input'][1])} pixels.",
            anchor="start",
            size=12,
            colour=MUTED,
        )
    )
    return svg.document(
        xs[2] + side + 16, top + side + 98, "Receptive field of one activation after two stride-2 3×3 convolutions: 7×7 input pixels", body
    )


CHANNELS = tuple((name, CHANNEL_COLOURS[name], kernel) for name, kernel in (("R", "top-edge"), ("G", "left-edge"), ("B", "diagonal-1")))


def color_figure(digit: np.ndarray) -> str:
    """A 3-channel input: each channel ∗ its own kernel slice, the three results added into one."""
    n = digit.shape[0]
    channels = np.stack([digit] * len(CHANNELS))
    kernel3 = np.stack([KERNELS[kernel][1] for _c, _colour, kernel in CHANNELS])
    results = [conv2d(channel, weights) for channel, weights in zip(channels, kernel3)]
    total = conv2d_channels(channels, kernel3)
    m = total.shape[0]
    vmax = int(max(np.abs(r).max() for r in [*results, total]))
    cell, kcell, top, row_h = 4, 18, 62, n * 4 + 14
    x_label, x_in = 16, 34
    x_k = x_in + n * cell + 40
    x_res = x_k + 3 * kcell + 40
    x_sum = x_res + m * cell + 60
    body = [
        svg.text(x_in + n * cell / 2, 30, "input", weight="600"),
        svg.text(x_in + n * cell / 2, 48, f"3 channels, {n}×{n}", size=12, colour=MUTED),
        svg.text(x_k + 1.5 * kcell, 30, "kernel", weight="600"),
        svg.text(x_k + 1.5 * kcell, 48, "3×3×3", size=12, colour=MUTED),
        svg.text(x_res + m * cell / 2, 30, "per channel", weight="600"),
        svg.text(x_res + m * cell / 2, 48, f"{m}×{m} each", size=12, colour=MUTED),
    ]
    for i, ((channel, colour, kernel), result) in enumerate(zip(CHANNELS, results)):
        y = top + i * row_h
        mid = y + n * cell / 2
        body += [
            svg.text(x_label, mid + 5, channel, anchor="start", weight="600", colour=colour),
            svg.image(digit, x_in, y, cell, lambda v, colour=colour: tint(v, colour)),
            operator_sign(x_k - 20, mid, "∗"),
            svg.number_grid(KERNELS[kernel][1], x_k, mid - 1.5 * kcell, kcell, lambda v: diverging(v, 1), size=10),
            operator_sign(x_res - 20, mid, "="),
            svg.image(result, x_res, y + cell, cell, lambda v: diverging(v, vmax)),
        ]
        if i:
            body.append(svg.text(x_res + m * cell / 2, y - 1, "+", size=16, colour=MUTED))
    y_sum = top + row_h + (n * cell - m * 5) / 2
    mid_sum = top + row_h + n * cell / 2
    body += [
        f'<path d="M{x_res + m * cell + 10} {top + cell}h8V{svg.num(top + 2 * row_h + n * cell - cell)}h-8'
        f'M{x_res + m * cell + 18} {svg.num(mid_sum)}h12" stroke="{MUTED}" stroke-width="1.5" fill="none"/>',
        svg.text(x_res + m * cell + 42, mid_sum - 8, "sum", size=11, colour=MUTED),
        svg.text(x_sum + m * 5 / 2, y_sum - 26, "1 output channel", weight="600"),
        svg.text(x_sum + m * 5 / 2, y_sum - 10, f"{m}×{m}, + bias", size=12, colour=MUTED),
        svg.image(total, x_sum, y_sum, 5, lambda v: diverging(v, vmax)),
        legend(x_sum, y_sum + m * 5 + 14, m * 5, vmax),
        svg.text(
            16,
            top + 3 * row_h + 10,
            "here the grey digit fills all three channels; each slice of the kernel sees only its channel",
            anchor="start",
            size=12,
            colour=MUTED,
        ),
    ]
    return svg.document(
        x_sum + m * 5 + 16, top + 3 * row_h + 24, "A convolution over a 3-channel input: one kernel slice per channel, results summed", body
    )


def figure_files(digit: np.ndarray | None = None) -> dict[str, str]:
    """Every figure: file name -> SVG text, in a fixed order."""
    digit = load_digit() if digit is None else digit
    files = {
        "digit.svg": digit_figure(digit),
        "edge-kernels.svg": edge_kernels_figure(digit),
        **{f"kernel-{name}.svg": kernel_figure(digit, name) for name in KERNELS},
        "pixel-operation.svg": pixel_figure(digit, "top-edge", PIXEL),
        "zero-patch.svg": pixel_figure(digit, "top-edge", BLANK),
        "padding.svg": padding_figure(digit.shape[0]),
        "stride.svg": stride_figure(digit.shape[0]),
        "receptive-field.svg": receptive_field_figure(digit),
        "color-convolution.svg": color_figure(digit),
    }
    return files


def generated_files() -> dict[str, bytes]:
    """The files the build serves under figures/: every figure, as UTF-8 bytes."""
    return {name: text.encode("utf-8") for name, text in figure_files().items()}
