"""The "Trace precedents" page's pieces that the build draws: its colour scale and its static figure.

``scripts.workbook.page_data`` gives the numbers of the workbook's *Book* sheet as plain data
(the JSON that ``docs/javascripts/precedents.js`` reads); this module turns that data into the
figure a reader without JavaScript sees instead of the interactive grids: the three grids of
numbers, coloured by the workbook's two-colour scale, with one layer-2 cell, the 3x3 block of
layer 1 it reads and the 7x7 patch of the input it depends on outlined.

The colour of a value is computed here and in the page's script the same way: a straight line
in sRGB from the scale's low colour (at the block's minimum) to its high colour (at its maximum),
each channel rounded half up, as a spreadsheet's two-colour scale draws it.
Pure string building, deterministic (integers only), on its own white card for dark mode.
"""

from __future__ import annotations

from html import escape

FONT = "system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif"
INK = "#1f2328"
MUTED = "#57606a"
CARD = "#ffffff"
GRID = "#d8dee4"
MARK = "#e8590c"  # the highlight, as in the site's receptive-field figure

# Cell sizes of the figure, in pixels, by layer key.
CELL = {"input": 24, "layer1": 28, "layer2": 44}
NUMBER_SIZE = {"input": 9, "layer1": 10, "layer2": 12}


def scale_colour(value: float, scale: dict) -> str:
    """The colour of a value on a two-colour scale {min, max, low, high}: "#rrggbb"."""
    low, high = scale["low"], scale["high"]
    span = scale["max"] - scale["min"]
    t = 0.0 if span == 0 else min(max((value - scale["min"]) / span, 0.0), 1.0)
    channels = []
    for k in (1, 3, 5):
        a, b = int(low[k:k + 2], 16), int(high[k:k + 2], 16)
        channels.append(int(a + (b - a) * t + 0.5))
    return "#" + "".join(f"{c:02x}" for c in channels)


def precedent_spans(layers: list[dict], index: int, cell: tuple[int, int]) -> list[tuple[range, range]]:
    """For a cell of layers[index], the rows and columns it depends on in each layer below it.

    Returns one (rows, cols) pair per layer from index - 1 down to 0: the direct precedents
    first, then the receptive field in every earlier layer. Layer k reads, for its output
    position p, positions p*stride - pad ... p*stride - pad + ks - 1 of layer k - 1.
    """
    spans = []
    lows, highs = list(cell), list(cell)
    for k in range(index, 0, -1):
        layer, below = layers[k], layers[k - 1]
        size = len(below["values"])
        lows = [p * layer["stride"] - layer["pad"] for p in lows]
        highs = [p * layer["stride"] - layer["pad"] + layer["ks"] - 1 for p in highs]
        spans.append(tuple(range(max(lo, 0), min(hi, size - 1) + 1) for lo, hi in zip(lows, highs)))
    return spans  # type: ignore[return-value]


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _text(x: float, y: float, content: str, size: int = 13, anchor: str = "middle", colour: str | None = None,
          weight: str | None = None) -> str:
    attributes = f'x="{_num(x)}" y="{_num(y)}" font-size="{size}"'
    if anchor != "start":
        attributes += f' text-anchor="{anchor}"'
    if colour:
        attributes += f' fill="{colour}"'
    if weight:
        attributes += f' font-weight="{weight}"'
    return f"<text {attributes}>{escape(content, quote=False)}</text>"


def _grid(layer: dict, x: float, y: float) -> list[str]:
    """A layer's values as coloured cells with their numbers, framed."""
    key, values = layer["key"], layer["values"]
    cell, size = CELL[key], NUMBER_SIZE[key]
    rows, cols = len(values), len(values[0])
    parts = [f'<g transform="translate({_num(x)} {_num(y)})">']
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            colour = scale_colour(value, layer["scale"])
            if colour != CARD:
                parts.append(f'<rect x="{c * cell}" y="{r * cell}" width="{cell}" height="{cell}" fill="{colour}"/>')
    lines = "".join(f"M{c * cell} 0v{rows * cell}" for c in range(1, cols))
    lines += "".join(f"M0 {r * cell}h{cols * cell}" for r in range(1, rows))
    parts.append(f'<path d="{lines}" stroke="{GRID}" stroke-width="1" fill="none" shape-rendering="crispEdges"/>')
    parts.append(f'<g font-size="{size}" text-anchor="middle" fill="{INK}">')
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            parts.append(f'<text x="{_num((c + 0.5) * cell)}" y="{_num((r + 0.5) * cell + size * 0.36)}">{value}</text>')
    parts.append("</g>")
    parts.append(f'<rect width="{cols * cell}" height="{rows * cell}" fill="none" stroke="#8c959f"/>')
    parts.append("</g>")
    return parts


def _mark(x: float, y: float, cell: int, rows: range, cols: range, name: str) -> str:
    """An outline over the cells rows x cols of a grid drawn at (x, y); data-* name them for tests."""
    return (f'<rect class="pc-mark" data-layer="{name}" data-rows="{rows.start}-{rows.stop - 1}" '
            f'data-cols="{cols.start}-{cols.stop - 1}" x="{_num(x + cols.start * cell)}" y="{_num(y + rows.start * cell)}" '
            f'width="{len(cols) * cell}" height="{len(rows) * cell}" fill="{MARK}" fill-opacity="0.12" '
            f'stroke="{MARK}" stroke-width="3"/>')


def static_figure(data: dict) -> str:
    """The no-JavaScript figure: layers 1 and 2 on top, the input below, one chain of precedents marked."""
    layers = data["layers"]
    by_key = {layer["key"]: layer for layer in layers}
    source, layer1, layer2 = by_key["input"], by_key["layer1"], by_key["layer2"]
    example = tuple(data["example"])
    margin, gap, label_h = 24, 48, 44
    n0, n1, n2 = len(source["values"]), len(layer1["values"]), len(layer2["values"])
    side0, side1, side2 = n0 * CELL["input"], n1 * CELL["layer1"], n2 * CELL["layer2"]
    width = margin * 2 + max(side0, side1 + gap + side2)
    x1, x2, x0 = margin, margin + side1 + gap, margin
    top = 64
    y1 = top + label_h
    y2 = y1 + (side1 - side2) / 2
    y0 = y1 + side1 + 40 + label_h
    height = int(y0 + side0 + 84)

    spans = precedent_spans(layers, 2, example)  # [layer-1 block, input patch]
    (rows1, cols1), (rows0, cols0) = spans
    one = (range(example[0], example[0] + 1), range(example[1], example[1] + 1))
    title = (f"Trace precedents: layer-2 cell (row {example[0]}, column {example[1]}) reads a 3×3 block of layer 1, "
             f"which reads a {len(rows0)}×{len(cols0)} patch of the input")
    value2 = layer2["values"][example[0]][example[1]]
    body = [
        _text(margin, 30, "conv-example.xlsx, sheet Book: every number is a spreadsheet formula's value",
              size=15, anchor="start", weight="600"),
        _text(margin, 50, "outlined: one layer-2 cell, the layer-1 cells it reads, and the input pixels those read",
              size=12, anchor="start", colour=MUTED),
    ]
    for layer, x, y, side in ((layer1, x1, y1, side1), (layer2, x2, y2, side2)):
        body.append(_text(x + side / 2, y - 24, layer["title"], weight="600"))
        body.append(_text(x + side / 2, y - 8, layer["detail"], size=12, colour=MUTED))
    body.append(_text(x0 + side0 / 2, y0 - 24, source["title"], weight="600"))
    body.append(_text(x0 + side0 / 2, y0 - 8, source["detail"], size=12, colour=MUTED))
    body += _grid(layer1, x1, y1) + _grid(layer2, x2, y2) + _grid(source, x0, y0)
    body += [
        _mark(x2, y2, CELL["layer2"], *one, "layer2"),
        _mark(x1, y1, CELL["layer1"], rows1, cols1, "layer1"),
        _mark(x0, y0, CELL["input"], rows0, cols0, "input"),
    ]
    caption_y = y0 + side0 + 28
    body.append(_text(margin, caption_y,
                      f"layer 2, row {example[0]}, column {example[1]} = {value2}: its {len(rows1)}×{len(cols1)} layer-1 block is rows "
                      f"{rows1.start}–{rows1.stop - 1}, columns {cols1.start}–{cols1.stop - 1};",
                      size=12, anchor="start"))
    body.append(_text(margin, caption_y + 20,
                      f"their input pixels are rows {rows0.start}–{rows0.stop - 1}, columns {cols0.start}–{cols0.stop - 1}: "
                      f"a {len(rows0)}×{len(cols0)} receptive field (rows and columns counted from 0).",
                      size=12, anchor="start"))
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" font-family="{FONT}" font-size="13" fill="{INK}">',
        f"<title>{escape(title)}</title>",
        f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" rx="8" fill="{CARD}" stroke="{GRID}"/>',
        *body,
        "</svg>",
        "",
    ])
