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
kernel recomputes every layer. The numbers are also stored as the formulas' cached values
(computed here with numpy, ``scripts.convolution``), so a viewer that does not recalculate shows
them too. openpyxl writes formulas with empty values; ``workbook_bytes`` fills them in the sheet
XML and rewrites the zip with fixed dates, so two builds are byte-identical.

The layout (which block sits where, its label, formulas and numbers) is a pure function of the
digit and the kernels: ``book_sheet`` and ``course_sheet`` return ``Sheet`` records that the
writer, the page data (``page_data``, the JSON of the "Trace precedents" page) and the tests
all read. ``ensure_downloads`` caches the generated files by a hash of their inputs, like
``scripts.kernel_figures.ensure_figures``.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import numpy as np

from scripts import build_cache, precedents_data
from scripts.convolution import (
    DIGIT_FILE,
    LEFT_EDGE,
    ROOT,
    TOP_EDGE,
    Layer,
    conv2d,
    conv2d_channels,
    load_digit,
    receptive_field,
)

WORKBOOK_NAME = "conv-example.xlsx"
JSON_NAME = "conv-example.json"
FIGURE_NAME = "conv-example.svg"

# The inputs whose bytes decide every generated file (with openpyxl's version, see input_digest).
SOURCES = (
    DIGIT_FILE,
    ROOT / "scripts" / "convolution.py",
    Path(__file__).resolve(),
    ROOT / "scripts" / "precedents_data.py",
)

# Fixed document dates (docProps/core.xml) and zip entry dates: no build time in the file.
FIXED_TIME = datetime(2020, 1, 1, 0, 0, 0)
ZIP_TIME = (2020, 1, 1, 0, 0, 0)

ONES = np.ones((3, 3), dtype=np.int64)
# The book's sheet: two stride-2 3x3 layers without padding (see the module docstring).
BOOK_LAYERS = (Layer(ks=3, stride=2, pad=0), Layer(ks=3, stride=2, pad=0))
BOOK_KERNELS = (("top edge", TOP_EDGE), ("all ones (a sum)", ONES))
BOOK_EXAMPLE = (1, 3)  # the layer-2 cell the sheet's note and the page start from (its largest value)

# The course's sheet: layer 1 stride 1, no padding; layer 2 sums one slice per channel.
COURSE_LAYER = Layer(ks=3, stride=1, pad=0)
COURSE_KERNELS = (("top edge", TOP_EDGE), ("left edge", LEFT_EDGE))
CORNER = np.array([
    [[1, 1, 1], [0, 0, 0], [0, 0, 0]],  # reads the top-edge channel: its top row
    [[1, 0, 0], [1, 0, 0], [1, 0, 0]],  # reads the left-edge channel: its left column
])
POOL = 2
# Stand-in dense weights, -3..3 in a fixed pattern (a trained network would have learned its own).
DENSE_WEIGHTS = (np.arange(12)[:, None] * 5 + np.arange(12)[None, :] * 3) % 7 - 3

# Cell look: narrow square cells, small numbers, two-colour scales (white -> colour, like Excel's).
CELL_WIDTH = 3.6  # characters, about 30 pixels
CELL_HEIGHT = 22.5  # points, about 30 pixels
FONT_SIZE = 8
WHITE = "FFFFFF"
INK_SCALE = "969696"  # input: white (0) to grey (255); black digits stay readable on it
HEAT_SCALE = "F8696B"  # activations: white (the block's minimum) to red (its maximum)
KERNEL_SCALE = ("7FA7D9", WHITE, HEAT_SCALE)  # weights: blue negative, white 0, red positive (dark digits readable)
BORDER = "8C959F"


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


def course_numbers(digit: np.ndarray, kernels1: Sequence[np.ndarray] = (TOP_EDGE, LEFT_EDGE),
                   kernel2: np.ndarray = CORNER, dense: np.ndarray = DENSE_WEIGHTS) -> dict[str, np.ndarray]:
    """The course's sheet: two layer-1 channels, layer 2 over both, max pool, dense output."""
    _ks, stride, pad = COURSE_LAYER
    channels = [relu(conv2d(digit, kernel, stride, pad)) for kernel in kernels1]
    layer2 = relu(conv2d_channels(np.stack(channels), kernel2, stride, pad))
    pool = max_pool(layer2)
    return {
        "input": digit,
        "kernel1a": kernels1[0], "kernel1b": kernels1[1],
        "layer1a": channels[0], "layer1b": channels[1],
        "kernel2a": kernel2[0], "kernel2b": kernel2[1],
        "layer2": layer2, "pool": pool, "dense": dense,
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
    ``scale`` names the colour scale: "ink" (input), "heat" (activations), "kernel", or "" (none).
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


def conv_formulas(sources: Sequence[Block], kernels: Sequence[Block], layer: Layer,
                  shape: tuple[int, int]) -> tuple[tuple[str, ...], ...]:
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
                f"SUMPRODUCT({source.area(i * layer.stride, j * layer.stride, layer.ks, layer.ks)},"
                f"{kernel.area(absolute=True)})"
                for source, kernel in zip(sources, kernels)
            )
            row.append(f"=MAX(0,{terms})")
        rows.append(tuple(row))
    return tuple(rows)


def pool_formulas(source: Block, size: int, shape: tuple[int, int]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(f"=MAX({source.area(i * size, j * size, size, size)})" for j in range(shape[1]))
                 for i in range(shape[0]))


def book_sheet(digit: np.ndarray | None = None, kernel1: np.ndarray = TOP_EDGE, kernel2: np.ndarray = ONES) -> Sheet:
    """Sheet 1, the book's version: input B6:AC33, kernels AE6:AG8 and AS6:AU8, layers AE11:AQ23, AS11:AX16."""
    digit = load_digit() if digit is None else digit
    numbers = book_numbers(digit, kernel1, kernel2)
    n1, n2 = numbers["layer1"].shape[0], numbers["layer2"].shape[0]
    (name1, _), (name2, _) = BOOK_KERNELS
    source = Block("input", f"Input: an MNIST 3, {digit.shape[0]}×{digit.shape[1]} pixels, values 0–255",
                   6, 2, digit, scale="ink")
    k1 = Block("kernel1", f"Layer-1 kernel: {name1}", 6, 31, numbers["kernel1"], scale="kernel")
    l1 = Block("layer1", f"Layer 1: {n1}×{n1}, stride 2, ReLU", 11, 31, numbers["layer1"],
               conv_formulas([source], [k1], BOOK_LAYERS[0], (n1, n1)))
    k2 = Block("kernel2", f"Layer-2 kernel: {name2}", 6, 45, numbers["kernel2"], scale="kernel")
    l2 = Block("layer2", f"Layer 2: {n2}×{n2}, stride 2, ReLU", 11, 45, numbers["layer2"],
               conv_formulas([l1], [k2], BOOK_LAYERS[1], (n2, n2)))
    example = BOOK_EXAMPLE
    rows, cols = receptive_field(example, list(BOOK_LAYERS), digit.shape[0])
    rows1, cols1 = receptive_field(example, list(BOOK_LAYERS[1:]), n1)
    patch = source.area(rows.start, cols.start, len(rows), len(cols))
    notes = (
        (1, 2, "conv-example.xlsx · Book: the book's version, two stride-2 convolutions (questions 16–18)", True),
        (2, 2, "Every coloured number right of the input is a formula. Select one and trace its precedents: "
               "Excel: Formulas → Trace Precedents (click again to go one level further back); "
               "LibreOffice Calc: Tools → Detective → Trace Precedents.", False),
        (3, 2, f"Both layers: one 3×3 kernel, stride 2, no padding, then ReLU, i.e. =MAX(0, SUMPRODUCT(3×3 block, kernel)): "
               f"{digit.shape[0]}×{digit.shape[1]} → {n1}×{n1} → {n2}×{n2}. Change a kernel cell and every layer recomputes.", False),
        (25, 31, "How to read it", True),
        (26, 31, f"Layer 1 ({name1} kernel) is positive where a stroke starts below a blank row: the tops of the 3's strokes.", False),
        (27, 31, f"Layer 2 ({name2} kernel) adds up the top edges in its 3×3 block of layer 1.", False),
        (28, 31, f"Example: {l2.cell(*example)} reads layer 1's {l1.area(rows1.start, cols1.start, 3, 3)} and the kernel "
                 f"{k2.area(absolute=True)};", False),
        (29, 31, f"those cells read the input's {patch}: a {len(rows)}×{len(cols)} receptive field "
                 f"(3 + (3 − 1) × 2 = 7, question 17).", False),
        (30, 31, "No padding, so every formula reads real pixels and every layer-2 cell sees a full 7×7 patch "
                 "(the book's model pads by 1: 28 → 14 → 7).", False),
        (31, 31, "The kernels use absolute references ($AE$6:$AG$8), the blocks relative ones, as when a formula is "
                 "filled right and down.", False),
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
    c1 = Block("layer1a", f"Layer 1, channel 1 ({name_a}): {n1}×{n1}, ReLU", 6, 35, numbers["layer1a"],
               conv_formulas([source], [k1a], COURSE_LAYER, (n1, n1)))
    c2 = Block("layer1b", f"Layer 1, channel 2 ({name_b}): {n1}×{n1}, ReLU", 6, 62, numbers["layer1b"],
               conv_formulas([source], [k1b], COURSE_LAYER, (n1, n1)))
    k2a = Block("kernel2a", "Layer 2, on channel 1", 37, 2, numbers["kernel2a"], scale="kernel")
    k2b = Block("kernel2b", "Layer 2, on channel 2", 42, 2, numbers["kernel2b"], scale="kernel")
    l2 = Block("layer2", f"Layer 2: both channels summed, {n2}×{n2}, ReLU", 37, 8, numbers["layer2"],
               conv_formulas([c1, c2], [k2a, k2b], COURSE_LAYER, (n2, n2)))
    pool = Block("pool", f"Max pool 2×2: {n3}×{n3}", 37, 33, numbers["pool"], pool_formulas(l2, POOL, (n3, n3)))
    dense = Block("dense", f"Dense weights: {n3}×{n3}", 37, 46, numbers["dense"], scale="kernel")
    output = Block("output", "Output", 37, 59, numbers["output"],
                   ((f"=SUMPRODUCT({pool.area()},{dense.area(absolute=True)})",),), scale="")
    notes = (
        (1, 2, "conv-example.xlsx · Course: the fast.ai course's layout (two kernels, a layer over both channels, "
               "max pool, dense layer)", True),
        (2, 2, f"Layer 1: two 3×3 kernels, stride 1, no padding, ReLU: {digit.shape[0]}×{digit.shape[1]} → two channels "
               f"of {n1}×{n1}. Layer 2: one 3×3 kernel slice per channel, the two SUMPRODUCTs added, ReLU: {n2}×{n2}.", False),
        (3, 2, f"Max pool: the largest of each 2×2 block, {n3}×{n3}. Dense: each pooled value times its weight, summed "
               "into one output. Every computed cell is a formula: trace its precedents.", False),
        (62, 2, "Layer 2's kernel is a top-left-corner detector: top edges along its top row (channel 1) plus left "
                "edges down its left column (channel 2).", False),
        (63, 2, f"Trace a layer-2 cell such as {l2.cell(0, 0)}: a 3×3 block in each channel and both kernel slices. "
                "Trace again: a 5×5 patch of the input (stride 1: 3 + 2 × 1 = 5).", False),
        (64, 2, "The dense weights are a fixed stand-in pattern (-3 to 3), not learned ones: change them, or a kernel, "
                "and watch the output.", False),
    )
    return Sheet("Course", notes, (source, k1a, k1b, c1, c2, k2a, k2b, l2, pool, dense, output),
                 zoom=85, square_rows=range(6, 61))


def sheets(digit: np.ndarray | None = None) -> list[Sheet]:
    digit = load_digit() if digit is None else digit
    return [book_sheet(digit), course_sheet(digit)]


def formula_cells(sheet: Sheet) -> dict[str, int]:
    """Every formula cell of a sheet -> its value (the cached value the file stores)."""
    cached = {}
    for block in sheet.blocks:
        if block.formulas is None:
            continue
        for i in range(block.shape[0]):
            for j in range(block.shape[1]):
                cached[block.cell(i, j)] = int(block.values[i, j])
    return cached


# --- writing the file (openpyxl, then cached values and fixed dates) ------------------------------------


def _build_openpyxl(sheet_specs: Sequence[Sheet]):
    """An openpyxl Workbook: constants, formulas (no values yet), labels, colour scales, cell sizes."""
    from openpyxl import Workbook
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.styles import Alignment, Border, Font, Side

    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.creator = "fastbook chapter 13 questionnaire (scripts/workbook.py)"
    workbook.properties.title = "conv-example.xlsx: convolutions you can trace"
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    workbook.calculation.fullCalcOnLoad = True  # Excel recalculates on opening; viewers show the cached values

    number_font = Font(name="Calibri", size=FONT_SIZE)
    label_font = Font(name="Calibri", size=9, bold=True)
    note_font = Font(name="Calibri", size=10)
    title_font = Font(name="Calibri", size=12, bold=True)
    centre = Alignment(horizontal="center", vertical="center", shrink_to_fit=True)
    edge = Side(style="thin", color=BORDER)

    for spec in sheet_specs:
        ws = workbook.create_sheet(spec.name)
        ws.sheet_view.zoomScale = spec.zoom
        ws.page_setup.orientation = "landscape"  # printed (or exported to PDF) on one page
        ws.page_setup.fitToWidth = ws.page_setup.fitToHeight = 1
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        last_col = max(block.col + block.shape[1] - 1 for block in spec.blocks)
        ws.column_dimensions["A"].width = 2
        for col in range(2, last_col + 1):
            ws.column_dimensions[column_letter(col)].width = CELL_WIDTH
        for row in spec.square_rows:
            ws.row_dimensions[row].height = CELL_HEIGHT
        for row, col, text, bold in spec.notes:
            cell = ws.cell(row=row, column=col, value=text)
            cell.font = title_font if row == 1 else label_font if bold else note_font
        for block in spec.blocks:
            label = ws.cell(row=block.row - 1, column=block.col, value=block.label)
            label.font = label_font
            label.alignment = Alignment(vertical="bottom")
            h, w = block.shape
            for i in range(h):
                for j in range(w):
                    cell = ws.cell(row=block.row + i, column=block.col + j)
                    cell.value = block.formulas[i][j] if block.formulas is not None else int(block.values[i, j])
                    cell.font = number_font
                    cell.alignment = centre
                    cell.number_format = "0"
                    cell.border = Border(left=edge if j == 0 else None, right=edge if j == w - 1 else None,
                                         top=edge if i == 0 else None, bottom=edge if i == h - 1 else None)
            if block.scale == "kernel":
                low, mid, high = KERNEL_SCALE
                rule = ColorScaleRule(start_type="min", start_color=low, mid_type="num", mid_value=0, mid_color=mid,
                                      end_type="max", end_color=high)
            elif block.scale in ("ink", "heat"):
                high = INK_SCALE if block.scale == "ink" else HEAT_SCALE
                rule = ColorScaleRule(start_type="min", start_color=WHITE, end_type="max", end_color=high)
            else:
                continue
            ws.conditional_formatting.add(block.area(), rule)
    return workbook


_FORMULA_CELL = re.compile(r'<c r="([A-Z]+[0-9]+)"([^>]*)><f>([^<]*)</f><v\s*/>')


def fill_cached_values(sheet_xml: str, values: dict[str, int]) -> str:
    """Give every formula cell of a worksheet's XML its value: <f>…</f><v/> -> <f>…</f><v>42</v>.

    Every formula cell must have a value and every value a formula cell, or it raises.
    """
    seen = set()

    def fill(match: re.Match[str]) -> str:
        ref = match.group(1)
        if ref not in values:
            raise ValueError(f"formula cell {ref} has no value to cache")
        seen.add(ref)
        return f'<c r="{ref}"{match.group(2)}><f>{match.group(3)}</f><v>{values[ref]}</v>'

    filled = _FORMULA_CELL.sub(fill, sheet_xml)
    if seen != set(values):
        raise ValueError(f"no formula cell for {sorted(set(values) - seen)[:5]}")
    return filled


_CORE_DATES = re.compile(r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def _fix_core_dates(core_xml: str) -> str:
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    fixed, count = _CORE_DATES.subn(lambda m: f"{m.group(1)}{stamp}{m.group(3)}", core_xml)
    if count != 2:
        raise ValueError("docProps/core.xml: expected a created and a modified date")
    return fixed


def workbook_bytes(sheet_specs: Sequence[Sheet]) -> bytes:
    """The .xlsx file of these sheets: formulas with cached values, byte-identical on every run."""
    buffer = io.BytesIO()
    _build_openpyxl(sheet_specs).save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            sheet_match = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", name)
            if sheet_match:
                spec = sheet_specs[int(sheet_match.group(1)) - 1]
                data = fill_cached_values(data.decode("utf-8"), formula_cells(spec)).encode("utf-8")
            elif name == "docProps/core.xml":
                data = _fix_core_dates(data.decode("utf-8")).encode("utf-8")
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            target.writestr(info, data, compresslevel=9)
    return out.getvalue()


# --- the page's data ------------------------------------------------------------------------------------


def _scale(block: Block) -> dict[str, object]:
    high = INK_SCALE if block.scale == "ink" else HEAT_SCALE
    return {"min": int(block.values.min()), "max": int(block.values.max()), "low": f"#{WHITE.lower()}",
            "high": f"#{high.lower()}"}


def page_data(sheet: Sheet) -> dict[str, object]:
    """What the "Trace precedents" page shows: the book sheet's three grids, kernels, formulas, geometry."""
    layers: list[dict[str, object]] = []
    source = sheet.block("input")
    layers.append({
        "key": "input", "title": "Input", "detail": f"{source.shape[0]}×{source.shape[1]} pixels, 0–255",
        "row": source.row, "col": source.col, "values": source.values.tolist(), "scale": _scale(source),
    })
    for number, (layer, (kernel_name, _)) in enumerate(zip(BOOK_LAYERS, BOOK_KERNELS), start=1):
        block, kernel = sheet.block(f"layer{number}"), sheet.block(f"kernel{number}")
        layers.append({
            "key": f"layer{number}", "title": f"Layer {number}",
            "detail": f"{block.shape[0]}×{block.shape[1]}, {kernel_name} kernel, stride {layer.stride}",
            "row": block.row, "col": block.col, "values": block.values.tolist(), "scale": _scale(block),
            "formulas": [list(row) for row in block.formulas or ()],
            "ks": layer.ks, "stride": layer.stride, "pad": layer.pad,
            "kernel": {"name": kernel_name, "range": kernel.area(absolute=True), "values": kernel.values.tolist(),
                       "scale": {"min": int(kernel.values.min()), "max": int(kernel.values.max()),
                                 "low": f"#{KERNEL_SCALE[0].lower()}", "mid": f"#{KERNEL_SCALE[1].lower()}",
                                 "high": f"#{KERNEL_SCALE[2].lower()}"}},
        })
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


# --- the cache the build reads --------------------------------------------------------------------------


def input_digest(sources: Sequence[Path] | None = None) -> str:
    """A hash of every input (the digit, this code, the page figure's code, openpyxl's version)."""
    import openpyxl

    return build_cache.input_digest(SOURCES if sources is None else sources, salt=f"openpyxl {openpyxl.__version__}")


def ensure_downloads(cache_root: Path) -> Path:
    """The folder ``cache_root/<input digest>/`` with every generated file, written only if missing."""
    return build_cache.ensure_cached(cache_root, input_digest(), generated_files)


def with_cached_values(sheet: Sheet, values: dict[str, np.ndarray]) -> Sheet:
    """The same sheet with other numbers in some blocks (for tests: stale or wrong cached values)."""
    return replace(sheet, blocks=tuple(replace(block, values=np.asarray(values[block.key]))
                                       if block.key in values else block for block in sheet.blocks))
