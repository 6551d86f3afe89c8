"""conv-example.xlsx: the chapter's convolutions as a spreadsheet whose every number is a live formula.

Question 18 asks the reader to open ``conv-example.xlsx`` and use *trace precedents*. This module
writes that workbook from the committed MNIST digit (``scripts/data/mnist-3.json``), with two
sheets:

- **Book**: the book's version, the network of questions 16-17. The 28x28 digit, then two
  convolutional layers with one 3x3 kernel each, stride 2, then a ReLU. Layer 1 uses the top-edge
  kernel, layer 2 an all-ones kernel (it adds up the top edges in its 3x3 block, so every cell of
  the block counts). No padding: 28x28 -> 13x13 -> 6x6, so every formula reads real cells only
  and every layer-2 cell depends on a full 7x7 patch of pixels (the book's model pads by 1,
  28 -> 14 -> 7; padding would add a ring of zero cells and cut the patches at the border).
- **Course**: the layout of the fast.ai course's sheet. Two 3x3 kernels in layer 1 (top edge,
  left edge; stride 1, no padding, ReLU: two 26x26 channels), a layer 2 whose one 3x3 kernel per
  channel is summed over both channels (a top-left-corner detector: top edges along its top row
  plus left edges down its left column; 24x24, ReLU), a 2x2 max pool (12x12) and a dense layer
  (12x12 fixed weights, one output).

Every computed cell is an ordinary formula such as ``=MAX(0,SUMPRODUCT(B6:D8,$AE$6:$AG$8))``: a
relative reference to the block it reads and an absolute one to the kernel, no array formulas, so
Excel's and LibreOffice's *trace precedents* point at exactly the cells that feed it and editing a
kernel recomputes every layer. XlsxWriter writes each formula with its result as the cached value
(computed here with numpy, ``scripts.arithmetic.convolution``), so a viewer that does not recalculate shows
the numbers too; the creation date is fixed, so two builds are byte-identical. The colour scales
are ``scripts.drawing.colour_scale.SHEET_SCALES``, written as conditional formatting.

The layout (which block sits where, its label, formulas and numbers) is a pure function of the
digit and the kernels: ``book_sheet`` and ``course_sheet`` return ``Sheet`` records that the
writer, the page data (``page_data``, the JSON of the "Trace precedents" page) and the tests
all read. ``generated_files`` is what the build caches by a hash of its inputs and serves under
downloads/ (``scripts.build.generated``, a row of its table).
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

import numpy as np
import xlsxwriter

from scripts.arithmetic.convolution import (
    LEFT_EDGE,
    TOP_EDGE,
    Layer,
    conv2d,
    conv2d_channels,
    load_digit,
    precedents,
)
from scripts.drawing.colour_scale import FRAME, SHEET_SCALES
from scripts.pages import precedents_data

WORKBOOK_NAME = "conv-example.xlsx"
JSON_NAME = "conv-example.json"
FIGURE_NAME = "conv-example.svg"

# The document's creation date (docProps/core.xml): fixed, so no build time is in the file.
FIXED_TIME = datetime(2020, 1, 1, 0, 0, 0)

ONES = np.ones((3, 3), dtype=np.int64)
# The book's sheet: two stride-2 3x3 layers without padding (see the module docstring).
BOOK_LAYERS = (Layer(ks=3, stride=2, pad=0), Layer(ks=3, stride=2, pad=0))
BOOK_KERNELS = (("top edge", TOP_EDGE), ("all ones (a sum)", ONES))
BOOK_EXAMPLE = (1, 3)  # the layer-2 cell the sheet's note and the page start from (its largest value)

# The course's sheet: layer 1 stride 1, no padding; layer 2 sums one slice per channel.
COURSE_LAYER = Layer(ks=3, stride=1, pad=0)
COURSE_KERNELS = (("top edge", TOP_EDGE), ("left edge", LEFT_EDGE))
CORNER = np.array(
    [
        [[1, 1, 1], [0, 0, 0], [0, 0, 0]],  # reads the top-edge channel: its top row
        [[1, 0, 0], [1, 0, 0], [1, 0, 0]],  # reads the left-edge channel: its left column
    ]
)
POOL = 2
# Stand-in dense weights, -3..3 in a fixed pattern (a trained network would have learned its own).
DENSE_WEIGHTS = (np.arange(12)[:, None] * 5 + np.arange(12)[None, :] * 3) % 7 - 3

# Cell look: narrow square cells, small numbers, a thin frame round each block.
CELL_PIXELS = 30
FONT_SIZE = 8


# --- the numbers (numpy) ----------------------------------------------------------------------------


def relu(values: np.ndarray) -> np.ndarray:
    return np.maximum(values, 0)


def max_pool(values: np.ndarray, size: int = POOL) -> np.ndarray:
    """Non-overlapping size x size max pooling (the sides must be multiples of size)."""
    h, w = values.shape
    if h % size or w % size:
        raise ValueError(f"{values.shape} does not split into {size}x{size} blocks")
    return values.reshape(h // size, size, w // size, size).max(axis=(1, 3))


def book_numbers(digit: np.ndarray, kernel1: np.ndarray = TOP_EDGE, kernel2: np.ndarray = ONES) -> dict[str, np.ndarray]:
    """The book's sheet: input, kernel 1, layer 1 = ReLU(conv), kernel 2, layer 2 = ReLU(conv)."""
    (_k1, s1, p1), (_k2, s2, p2) = BOOK_LAYERS
    layer1 = relu(conv2d(digit, kernel1, s1, p1))
    layer2 = relu(conv2d(layer1, kernel2, s2, p2))
    return {"input": digit, "kernel1": kernel1, "layer1": layer1, "kernel2": kernel2, "layer2": layer2}


def course_numbers(
    digit: np.ndarray,
    kernels1: Sequence[np.ndarray] = (TOP_EDGE, LEFT_EDGE),
    kernel2: np.ndarray = CORNER,
    dense: np.ndarray = DENSE_WEIGHTS,
) -> dict[str, np.ndarray]:
    """The course's sheet: two layer-1 channels, layer 2 over both, max pool, dense output."""
    _ks, stride, pad = COURSE_LAYER
    channels = [relu(conv2d(digit, kernel, stride, pad)) for kernel in kernels1]
    layer2 = relu(conv2d_channels(np.stack(channels), kernel2, stride, pad))
    pool = max_pool(layer2)
    return {
        "input": digit,
        "kernel1a": kernels1[0],
        "kernel1b": kernels1[1],
        "layer1a": channels[0],
        "layer1b": channels[1],
        "kernel2a": kernel2[0],
        "kernel2b": kernel2[1],
        "layer2": layer2,
        "pool": pool,
        "dense": dense,
        "output": np.array([[int((pool * dense).sum())]]),
    }


# --- the layout: blocks of cells, their formulas ------------------------------------------------------


def column_letter(col: int) -> str:
    """1 -> A, 26 -> Z, 27 -> AA (spreadsheet column names)."""
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_name(row: int, col: int, absolute: bool = False) -> str:
    dollar = "$" if absolute else ""
    return f"{dollar}{column_letter(col)}{dollar}{row}"


@dataclass(frozen=True)
class Block:
    """A rectangle of cells on a sheet: constants (input, kernels) or formulas (computed layers).

    ``row``/``col`` are the 1-based top-left cell; ``label`` is written in the cell above it.
    ``scale`` names its colour scale in ``SHEET_SCALES`` ("ink", "heat", "kernel"), or "" for none.
    """

    key: str
    label: str
    row: int
    col: int
    values: np.ndarray
    formulas: tuple[tuple[str, ...], ...] | None = None
    scale: str = "heat"

    @property
    def shape(self) -> tuple[int, int]:
        return self.values.shape  # type: ignore[return-value]

    def cell(self, i: int, j: int, absolute: bool = False) -> str:
        return cell_name(self.row + i, self.col + j, absolute)

    def area(self, i: int = 0, j: int = 0, h: int | None = None, w: int | None = None, absolute: bool = False) -> str:
        """The range of h x w cells from (i, j), by default the whole block: "B6:D8"."""
        h = self.shape[0] - i if h is None else h
        w = self.shape[1] - j if w is None else w
        return f"{self.cell(i, j, absolute)}:{self.cell(i + h - 1, j + w - 1, absolute)}"


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its name, notes (row, col, text, bold) and blocks."""

    name: str
    notes: tuple[tuple[int, int, str, bool], ...]
    blocks: tuple[Block, ...]
    zoom: int = 100
    square_rows: range = field(default_factory=lambda: range(0))

    def block(self, key: str) -> Block:
        return next(block for block in self.blocks if block.key == key)


def conv_formulas(sources: Sequence[Block], kernels: Sequence[Block], layer: Layer, shape: tuple[int, int]) -> tuple[tuple[str, ...], ...]:
    """=MAX(0, SUMPRODUCT(block, kernel) [+ one SUMPRODUCT per further channel]) for every cell.

    Output cell (i, j) reads the ks x ks block of each source from (i*stride, j*stride); the
    kernel is an absolute reference so every cell points at the same kernel cells.
    """
    if layer.pad:
        raise ValueError("the sheets use no padding: a padded layer would need a ring of zero cells")
    rows = []
    for i in range(shape[0]):
        row = []
        for j in range(shape[1]):
            terms = "+".join(
                f"SUMPRODUCT({source.area(i * layer.stride, j * layer.stride, layer.ks, layer.ks)},{kernel.area(absolute=True)})"
                for source, kernel in zip(sources, kernels)
            )
            row.append(f"=MAX(0,{terms})")
        rows.append(tuple(row))
    return tuple(rows)


def pool_formulas(source: Block, size: int, shape: tuple[int, int]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(f"=MAX({source.area(i * size, j * size, size, size)})" for j in range(shape[1])) for i in range(shape[0]))


def book_sheet(digit: np.ndarray | None = None, kernel1: np.ndarray = TOP_EDGE, kernel2: np.ndarray = ONES) -> Sheet:
    """Sheet 1, the book's version: input B6:AC33, kernels AE6:AG8 and AS6:AU8, layers AE11:AQ23, AS11:AX16."""
    digit = load_digit() if digit is None else digit
    numbers = book_numbers(digit, kernel1, kernel2)
    n1, n2 = numbers["layer1"].shape[0], numbers["layer2"].shape[0]
    (name1, _), (name2, _) = BOOK_KERNELS
    source = Block("input", f"Input: an MNIST 3, {digit.shape[0]}×{digit.shape[1]} pixels, values 0–255", 6, 2, digit, scale="ink")
    k1 = Block("kernel1", f"Layer-1 kernel: {name1}", 6, 31, numbers["kernel1"], scale="kernel")
    l1 = Block(
        "layer1", f"Layer 1: {n1}×{n1}, stride 2, ReLU", 11, 31, numbers["layer1"], conv_formulas([source], [k1], BOOK_LAYERS[0], (n1, n1))
    )
    k2 = Block("kernel2", f"Layer-2 kernel: {name2}", 6, 45, numbers["kernel2"], scale="kernel")
    l2 = Block(
        "layer2", f"Layer 2: {n2}×{n2}, stride 2, ReLU", 11, 45, numbers["layer2"], conv_formulas([l1], [k2], BOOK_LAYERS[1], (n2, n2))
    )
    example = BOOK_EXAMPLE
    (rows1, cols1), (rows, cols) = precedents(example, BOOK_LAYERS, digit.shape[0])
    patch = source.area(rows.start, cols.start, len(rows), len(cols))
    notes = (
        (1, 2, "conv-example.xlsx · Book: the book's version, two stride-2 convolutions (questions 16–18)", True),
        (
            2,
            2,
            "Every coloured number right of the input is a formula. Select one and trace its precedents: "
            "Excel: Formulas → Trace Precedents (click again to go one level further back); "
            "LibreOffice Calc: Tools → Detective → Trace Precedents.",
            False,
        ),
        (
            3,
            2,
            f"Both layers: one 3×3 kernel, stride 2, no padding, then ReLU, i.e. =MAX(0, SUMPRODUCT(3×3 block, kernel)): "
            f"{digit.shape[0]}×{digit.shape[1]} → {n1}×{n1} → {n2}×{n2}. Change a kernel cell and every layer recomputes.",
            False,
        ),
        (25, 31, "How to read it", True),
        (26, 31, f"Layer 1 ({name1} kernel) is positive where a stroke starts below a blank row: the tops of the 3's strokes.", False),
        (27, 31, f"Layer 2 ({name2} kernel) adds up the top edges in its 3×3 block of layer 1.", False),
        (
            28,
            31,
            f"Example: {l2.cell(*example)} reads layer 1's {l1.area(rows1.start, cols1.start, 3, 3)} and the kernel "
            f"{k2.area(absolute=True)};",
            False,
        ),
        (
            29,
            31,
            f"those cells read the input's {patch}: a {len(rows)}×{len(cols)} receptive field (3 + (3 − 1) × 2 = 7, question 17).",
            False,
        ),
        (
            30,
            31,
            "No padding, so every formula reads real pixels and every layer-2 cell sees a full 7×7 patch "
            "(the book's model pads by 1: 28 → 14 → 7).",
            False,
        ),
        (
            31,
            31,
            "The kernels use absolute references ($AE$6:$AG$8), the blocks relative ones, as when a formula is filled right and down.",
            False,
        ),
    )
    return Sheet("Book", notes, (source, k1, l1, k2, l2), zoom=100, square_rows=range(6, 34))


def course_sheet(digit: np.ndarray | None = None) -> Sheet:
    """Sheet 2, the course's layout: input, two kernels and channels, layer 2 over both, max pool, dense."""
    digit = load_digit() if digit is None else digit
    numbers = course_numbers(digit)
    n1, n2, n3 = numbers["layer1a"].shape[0], numbers["layer2"].shape[0], numbers["pool"].shape[0]
    (name_a, _), (name_b, _) = COURSE_KERNELS
    source = Block("input", f"Input: an MNIST 3, {digit.shape[0]}×{digit.shape[1]}", 6, 2, digit, scale="ink")
    k1a = Block("kernel1a", f"Kernel: {name_a}", 6, 31, numbers["kernel1a"], scale="kernel")
    k1b = Block("kernel1b", f"Kernel: {name_b}", 11, 31, numbers["kernel1b"], scale="kernel")
    c1 = Block(
        "layer1a",
        f"Layer 1, channel 1 ({name_a}): {n1}×{n1}, ReLU",
        6,
        35,
        numbers["layer1a"],
        conv_formulas([source], [k1a], COURSE_LAYER, (n1, n1)),
    )
    c2 = Block(
        "layer1b",
        f"Layer 1, channel 2 ({name_b}): {n1}×{n1}, ReLU",
        6,
        62,
        numbers["layer1b"],
        conv_formulas([source], [k1b], COURSE_LAYER, (n1, n1)),
    )
    k2a = Block("kernel2a", "Layer 2, on channel 1", 37, 2, numbers["kernel2a"], scale="kernel")
    k2b = Block("kernel2b", "Layer 2, on channel 2", 42, 2, numbers["kernel2b"], scale="kernel")
    l2 = Block(
        "layer2",
        f"Layer 2: both channels summed, {n2}×{n2}, ReLU",
        37,
        8,
        numbers["layer2"],
        conv_formulas([c1, c2], [k2a, k2b], COURSE_LAYER, (n2, n2)),
    )
    pool = Block("pool", f"Max pool 2×2: {n3}×{n3}", 37, 33, numbers["pool"], pool_formulas(l2, POOL, (n3, n3)))
    dense = Block("dense", f"Dense weights: {n3}×{n3}", 37, 46, numbers["dense"], scale="kernel")
    output = Block("output", "Output", 37, 59, numbers["output"], ((f"=SUMPRODUCT({pool.area()},{dense.area(absolute=True)})",),), scale="")
    notes = (
        (
            1,
            2,
            "conv-example.xlsx · Course: the fast.ai course's layout (two kernels, a layer over both channels, max pool, dense layer)",
            True,
        ),
        (
            2,
            2,
            f"Layer 1: two 3×3 kernels, stride 1, no padding, ReLU: {digit.shape[0]}×{digit.shape[1]} → two channels "
            f"of {n1}×{n1}. Layer 2: one 3×3 kernel slice per channel, the two SUMPRODUCTs added, ReLU: {n2}×{n2}.",
            False,
        ),
        (
            3,
            2,
            f"Max pool: the largest of each 2×2 block, {n3}×{n3}. Dense: each pooled value times its weight, summed "
            "into one output. Every computed cell is a formula: trace its precedents.",
            False,
        ),
        (
            62,
            2,
            "Layer 2's kernel is a top-left-corner detector: top edges along its top row (channel 1) plus left "
            "edges down its left column (channel 2).",
            False,
        ),
        (
            63,
            2,
            f"Trace a layer-2 cell such as {l2.cell(0, 0)}: a 3×3 block in each channel and both kernel slices. "
            "Trace again: a 5×5 patch of the input (stride 1: 3 + 2 × 1 = 5).",
            False,
        ),
        (
            64,
            2,
            "The dense weights are a fixed stand-in pattern (-3 to 3), not learned ones: change them, or a kernel, and watch the output.",
            False,
        ),
    )
    return Sheet("Course", notes, (source, k1a, k1b, c1, c2, k2a, k2b, l2, pool, dense, output), zoom=85, square_rows=range(6, 61))


def sheets(digit: np.ndarray | None = None) -> list[Sheet]:
    digit = load_digit() if digit is None else digit
    return [book_sheet(digit), course_sheet(digit)]


# --- writing the file ------------------------------------------------------------------------------------


def _colour_rule(scale: str) -> dict[str, object]:
    """The conditional format of a block: its scale's colours from the block's minimum to its maximum."""
    colours = [colour.upper() for colour in SHEET_SCALES[scale].colours]
    if len(colours) == 2:
        return {"type": "2_color_scale", "min_color": colours[0], "max_color": colours[1]}
    return {
        "type": "3_color_scale",
        "min_color": colours[0],
        "mid_type": "num",
        "mid_value": 0,
        "mid_color": colours[1],
        "max_color": colours[2],
    }


def workbook_bytes(sheet_specs: Sequence[Sheet]) -> bytes:
    """The .xlsx file of these sheets: formulas with cached values, byte-identical on every run."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})  # in memory: fixed zip entry dates
    workbook.set_properties(
        {
            "title": "conv-example.xlsx: convolutions you can trace",
            "author": "fastbook chapter 13 questionnaire (scripts/pages/workbook.py)",
            "created": FIXED_TIME,
        }
    )
    # Excel recalculates on opening (fullCalcOnLoad, XlsxWriter's default); viewers show the cached values.
    title = workbook.add_format({"font_name": "Calibri", "font_size": 12, "bold": True})
    label = workbook.add_format({"font_name": "Calibri", "font_size": 9, "bold": True, "valign": "bottom"})
    note = workbook.add_format({"font_name": "Calibri", "font_size": 10})
    numbers: dict[tuple[bool, bool, bool, bool], object] = {}

    def number_format(top: bool, bottom: bool, left: bool, right: bool) -> object:
        """Small centred numbers, framed on the block's outer edges (one format per combination)."""
        key = (top, bottom, left, right)
        if key not in numbers:
            properties: dict[str, object] = {
                "font_name": "Calibri",
                "font_size": FONT_SIZE,
                "align": "center",
                "valign": "vcenter",
                "shrink": True,
                "num_format": "0",
            }
            for side, edge in zip(("top", "bottom", "left", "right"), key):
                if edge:
                    properties.update({side: 1, f"{side}_color": FRAME.upper()})
            numbers[key] = workbook.add_format(properties)
        return numbers[key]

    for spec in sheet_specs:
        ws = workbook.add_worksheet(spec.name)
        ws.set_zoom(spec.zoom)
        ws.set_landscape()  # printed (or exported to PDF) on one page
        ws.fit_to_pages(1, 1)
        last_col = max(block.col + block.shape[1] - 1 for block in spec.blocks)
        ws.set_column(0, 0, 2)
        ws.set_column_pixels(1, last_col - 1, CELL_PIXELS)
        for row in spec.square_rows:
            ws.set_row_pixels(row - 1, CELL_PIXELS)
        for row, col, text, bold in spec.notes:
            ws.write_string(row - 1, col - 1, text, title if row == 1 else label if bold else note)
        for block in spec.blocks:
            ws.write_string(block.row - 2, block.col - 1, block.label, label)
            h, w = block.shape
            for i in range(h):
                for j in range(w):
                    row, col, value = block.row + i - 1, block.col + j - 1, int(block.values[i, j])
                    cell_format = number_format(i == 0, i == h - 1, j == 0, j == w - 1)
                    if block.formulas is None:
                        ws.write_number(row, col, value, cell_format)
                    else:
                        ws.write_formula(row, col, block.formulas[i][j], cell_format, value)
            if block.scale:
                ws.conditional_format(block.area(), _colour_rule(block.scale))
    workbook.close()
    return buffer.getvalue()


# --- the page's data ------------------------------------------------------------------------------------


def _grid_data(block: Block) -> dict[str, object]:
    """A block's numbers and their colours on its scale, and the legend's stops [value, colour]."""
    scale = SHEET_SCALES[block.scale]
    low, high = int(block.values.min()), int(block.values.max())
    return {
        "values": block.values.tolist(),
        "colours": [[scale.colour(int(v), low, high) for v in row] for row in block.values],
        "legend": [[value, colour] for value, colour in scale.stops(low, high)],
    }


def _block(rows: range, cols: range) -> dict[str, object]:
    """A rectangle of cells for the page: first and last row, first and last column, "h×w"."""
    return {"rows": [rows.start, rows.stop - 1], "cols": [cols.start, cols.stop - 1], "size": f"{len(rows)}×{len(cols)}"}


def page_data(sheet: Sheet) -> dict[str, object]:
    """What the "Trace precedents" page shows: the book sheet's three grids, kernels and formulas.

    Everything the page's script draws is here, computed once in Python: each cell's colour, its
    address, its formula, and the blocks it reads in every grid below (``reads``, nearest first).
    """
    source = sheet.block("input")
    layers: list[dict[str, object]] = [
        {
            "key": "input",
            "title": "Input",
            "detail": f"{source.shape[0]}×{source.shape[1]} pixels, 0–255",
            **_grid_data(source),
        }
    ]
    for number, (layer, (kernel_name, _)) in enumerate(zip(BOOK_LAYERS, BOOK_KERNELS), start=1):
        block, kernel = sheet.block(f"layer{number}"), sheet.block(f"kernel{number}")
        h, w = block.shape
        layers.append(
            {
                "key": f"layer{number}",
                "title": f"Layer {number}",
                "detail": f"{h}×{w}, {kernel_name} kernel, stride {layer.stride}",
                **_grid_data(block),
                "cells": [[block.cell(i, j) for j in range(w)] for i in range(h)],
                "formulas": [list(row) for row in block.formulas or ()],
                "reads": [
                    [[_block(*span) for span in precedents((i, j), BOOK_LAYERS[:number], source.shape[0])] for j in range(w)]
                    for i in range(h)
                ],
                "kernel": {"name": kernel_name, "range": kernel.area(absolute=True), **_grid_data(kernel)},
            }
        )
    return {"workbook": WORKBOOK_NAME, "sheet": sheet.name, "example": list(BOOK_EXAMPLE), "layers": layers}


def generated_files(digit: np.ndarray | None = None) -> dict[str, bytes]:
    """Every generated download: the workbook, the page's JSON and its no-JavaScript figure."""
    specs = sheets(digit)
    data = page_data(specs[0])
    return {
        WORKBOOK_NAME: workbook_bytes(specs),
        JSON_NAME: (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8"),
        FIGURE_NAME: precedents_data.static_figure(data).encode("utf-8"),
    }


def with_cached_values(sheet: Sheet, values: dict[str, np.ndarray]) -> Sheet:
    """The same sheet with other numbers in some blocks (for tests: stale or wrong cached values)."""
    return replace(
        sheet,
        blocks=tuple(replace(block, values=np.asarray(values[block.key])) if block.key in values else block for block in sheet.blocks),
    )
