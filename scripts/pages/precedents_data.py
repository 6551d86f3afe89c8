"""The "Trace precedents" page's static figure, drawn from the page's data.

``scripts.pages.workbook.page_data`` gives the numbers of the workbook's *Book* sheet as plain data:
each grid's values and colours, and for every cell of a layer the rectangles it reads in each
grid below (the JSON that ``docs/javascripts/precedents.js`` looks up and draws). This module
turns the same data into the figure a reader without JavaScript sees instead of the interactive
grids: the three grids of numbers in the workbook's colours, with one layer-2 cell, the 3x3
block of layer 1 it reads and the 7x7 patch of the input it depends on outlined.
Pure string building (``scripts.drawing.svg``), deterministic, on its own white card for dark mode.
"""

from __future__ import annotations

from scripts.drawing import svg
from scripts.drawing.colour_scale import INK, MARK, MUTED

# Cell sizes of the figure, in pixels, by layer key.
CELL = {"input": 24, "layer1": 28, "layer2": 44}
NUMBER_SIZE = {"input": 9, "layer1": 10, "layer2": 12}


def _grid(layer: dict, x: float, y: float) -> str:
    """A layer's values as cells in their colours, each with its number, framed."""
    values, colours, cell = layer["values"], layer["colours"], CELL[layer["key"]]
    rows, cols = len(values), len(values[0])
    return "".join(
        [
            svg.cells(colours, x, y, cell),
            svg.grid_lines(x, y, rows, cols, cell),
            svg.frame(x, y, cols * cell, rows * cell),
            svg.numbers(values, x, y, cell, NUMBER_SIZE[layer["key"]], lambda _value: INK),
        ]
    )


def _mark(x: float, y: float, cell: int, block: dict, name: str) -> str:
    """An outline over a block of cells {rows, cols} of a grid drawn at (x, y); data-* name them for tests."""
    (r0, r1), (c0, c1) = block["rows"], block["cols"]
    return (
        f'<rect class="pc-mark" data-layer="{name}" data-rows="{r0}-{r1}" data-cols="{c0}-{c1}" '
        f'x="{svg.num(x + c0 * cell)}" y="{svg.num(y + r0 * cell)}" width="{(c1 - c0 + 1) * cell}" '
        f'height="{(r1 - r0 + 1) * cell}" fill="{MARK}" fill-opacity="0.12" stroke="{MARK}" stroke-width="3"/>'
    )


def static_figure(data: dict) -> str:
    """The no-JavaScript figure: layers 1 and 2 on top, the input below, one chain of precedents marked."""
    by_key = {layer["key"]: layer for layer in data["layers"]}
    source, layer1, layer2 = by_key["input"], by_key["layer1"], by_key["layer2"]
    r, c = data["example"]
    margin, gap, label_h = 24, 48, 44
    n0, n1, n2 = len(source["values"]), len(layer1["values"]), len(layer2["values"])
    side0, side1, side2 = n0 * CELL["input"], n1 * CELL["layer1"], n2 * CELL["layer2"]
    width = margin * 2 + max(side0, side1 + gap + side2)
    x1, x2, x0 = margin, margin + side1 + gap, margin
    y1 = 64 + label_h
    y2 = y1 + (side1 - side2) / 2
    y0 = y1 + side1 + 40 + label_h
    height = int(y0 + side0 + 84)

    block, field = layer2["reads"][r][c]  # the layer-1 block it reads, the input patch those read
    (b0, b1), (bc0, bc1) = block["rows"], block["cols"]
    (f0, f1), (fc0, fc1) = field["rows"], field["cols"]
    body = [
        svg.text(
            margin,
            30,
            "conv-example.xlsx, sheet Book: every number is a spreadsheet formula's value",
            anchor="start",
            size=15,
            weight="600",
        ),
        svg.text(
            margin,
            50,
            "outlined: one layer-2 cell, the layer-1 cells it reads, and the input pixels those read",
            anchor="start",
            size=12,
            colour=MUTED,
        ),
    ]
    for layer, x, y, side in ((layer1, x1, y1, side1), (layer2, x2, y2, side2), (source, x0, y0, side0)):
        body.append(svg.text(x + side / 2, y - 24, layer["title"], weight="600"))
        body.append(svg.text(x + side / 2, y - 8, layer["detail"], size=12, colour=MUTED))
    body += [
        _grid(layer1, x1, y1),
        _grid(layer2, x2, y2),
        _grid(source, x0, y0),
        _mark(x2, y2, CELL["layer2"], {"rows": [r, r], "cols": [c, c]}, "layer2"),
        _mark(x1, y1, CELL["layer1"], block, "layer1"),
        _mark(x0, y0, CELL["input"], field, "input"),
        svg.text(
            margin,
            y0 + side0 + 28,
            f"layer 2, row {r}, column {c} = {layer2['values'][r][c]}: its {block['size']} layer-1 block is rows "
            f"{b0}–{b1}, columns {bc0}–{bc1};",
            anchor="start",
            size=12,
        ),
        svg.text(
            margin,
            y0 + side0 + 48,
            f"their input pixels are rows {f0}–{f1}, columns {fc0}–{fc1}: a {field['size']} receptive field "
            "(rows and columns counted from 0).",
            anchor="start",
            size=12,
        ),
    ]
    title = (
        f"Trace precedents: layer-2 cell (row {r}, column {c}) reads a {block['size']} block of layer 1, "
        f"which reads a {field['size']} patch of the input"
    )
    return svg.document(width, height, title, body)
