"""conv-example.xlsx: its numbers are the chapter's convolutions, every computed cell is a portable
formula whose precedents are exactly the cells the arithmetic says, the file stores the values
too and is byte-for-byte repeatable, LibreOffice recalculates it to the numpy numbers, and the
site serves it from the answers to questions 16-18."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import numpy as np
import openpyxl
import pytest
from numpy.lib.stride_tricks import sliding_window_view

from scripts.arithmetic.convolution import DIAG1, LEFT_EDGE, TOP_EDGE, load_digit, receptive_field
from scripts.drawing.colour_scale import SHEET_SCALES
from scripts.pages.workbook import (
    BOOK_EXAMPLE,
    BOOK_LAYERS,
    CORNER,
    DENSE_WEIGHTS,
    JSON_NAME,
    ONES,
    WORKBOOK_NAME,
    Sheet,
    book_numbers,
    book_sheet,
    course_numbers,
    course_sheet,
    generated_files,
    page_data,
    sheets,
    with_cached_values,
    workbook_bytes,
)
from tests.conftest import ROOT, CleanBuild, other_hash_seed
from tests.site_pages import answer_after, soup_of

REF = re.compile(r"\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?")
RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


@pytest.fixture(scope="module")
def digit() -> np.ndarray:
    return load_digit()


@pytest.fixture(scope="module")
def specs(digit: np.ndarray) -> list[Sheet]:
    return sheets(digit)


@pytest.fixture(scope="module")
def xlsx(specs: list[Sheet]) -> bytes:
    return workbook_bytes(specs)


@pytest.fixture(scope="module")
def formulas(xlsx: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(xlsx))


@pytest.fixture(scope="module")
def cached(xlsx: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(xlsx), data_only=True)


def reference_conv(image: np.ndarray, kernel: np.ndarray, stride: int) -> np.ndarray:
    """Cross-correlation the direct way (no padding): every 3x3 window times the kernel, summed."""
    return np.einsum("ijkl,kl->ij", sliding_window_view(image, kernel.shape)[::stride, ::stride], kernel)


def block_values(ws, block) -> np.ndarray:
    """The values a worksheet holds in a block's cells (None where a cell is empty)."""
    h, w = block.shape
    return np.array([[ws.cell(row=block.row + i, column=block.col + j).value for j in range(w)] for i in range(h)], dtype=object)


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def cells_in(reference: str) -> set[tuple[int, int]]:
    """Every (row, col) a range reference like "$AE$6:$AG$8" or "B6" names."""
    c1, r1, c2, r2 = REF.fullmatch(reference).groups()
    c2, r2 = c2 or c1, r2 or r1
    return {(r, c) for r in range(int(r1), int(r2) + 1) for c in range(column_number(c1), column_number(c2) + 1)}


def precedents(ws, row: int, col: int) -> set[tuple[int, int]]:
    """The cells a formula cell's formula refers to: what Excel's trace precedents draws arrows from."""
    formula = ws.cell(row=row, column=col).value
    assert isinstance(formula, str) and formula.startswith("="), f"{ws.title}!{row},{col} is not a formula"
    return set().union(*(cells_in(m.group(0)) for m in REF.finditer(formula[1:])))


def trace_to_constants(ws, row: int, col: int) -> set[tuple[int, int]]:
    """Trace precedents again and again, to the constant cells (input pixels and kernel weights)."""
    found, todo, seen = set(), [(row, col)], set()
    while todo:
        cell = todo.pop()
        for source in precedents(ws, *cell):
            if source in seen:
                continue
            seen.add(source)
            value = ws.cell(row=source[0], column=source[1]).value
            if isinstance(value, str) and value.startswith("="):
                todo.append(source)
            else:
                found.add(source)
    return found


def block_cells(block, rows: range, cols: range) -> set[tuple[int, int]]:
    return {(block.row + r, block.col + c) for r in rows for c in cols}


# --- the numbers --------------------------------------------------------------------------------------


@pytest.mark.unit
def test_the_book_sheet_is_two_stride_2_convolutions_with_relu(digit: np.ndarray) -> None:
    numbers = book_numbers(digit)
    layer1 = np.maximum(reference_conv(digit, TOP_EDGE, 2), 0)
    layer2 = np.maximum(reference_conv(layer1, ONES, 2), 0)
    assert digit.shape == (28, 28) and layer1.shape == (13, 13) and layer2.shape == (6, 6)
    np.testing.assert_array_equal(numbers["layer1"], layer1)
    np.testing.assert_array_equal(numbers["layer2"], layer2)
    assert numbers["layer1"].max() == 762 and numbers["layer2"].max() == numbers["layer2"][BOOK_EXAMPLE] == 2793
    assert 20 < np.count_nonzero(layer1) < 100 and np.count_nonzero(layer2) > 20, "the layers show the digit"


@pytest.mark.unit
def test_the_course_sheet_has_two_kernels_a_layer_over_both_a_max_pool_and_a_dense_output(digit: np.ndarray) -> None:
    numbers = course_numbers(digit)
    top, left = (np.maximum(reference_conv(digit, k, 1), 0) for k in (TOP_EDGE, LEFT_EDGE))
    np.testing.assert_array_equal(numbers["layer1a"], top)
    np.testing.assert_array_equal(numbers["layer1b"], left)
    layer2 = np.maximum(reference_conv(top, CORNER[0], 1) + reference_conv(left, CORNER[1], 1), 0)
    np.testing.assert_array_equal(numbers["layer2"], layer2)
    pool = np.array([[layer2[2 * i : 2 * i + 2, 2 * j : 2 * j + 2].max() for j in range(12)] for i in range(12)])
    np.testing.assert_array_equal(numbers["pool"], pool)
    assert numbers["output"].tolist() == [[int((pool * DENSE_WEIGHTS).sum())]]
    assert (top.shape, layer2.shape, pool.shape) == ((26, 26), (24, 24), (12, 12))
    assert DENSE_WEIGHTS.min() == -3 and DENSE_WEIGHTS.max() == 3


# --- the formulas -------------------------------------------------------------------------------------


@pytest.mark.unit
def test_the_sheets_are_book_then_course(formulas: openpyxl.Workbook) -> None:
    assert formulas.sheetnames == ["Book", "Course"]


@pytest.mark.unit
def test_every_computed_cell_is_a_portable_formula_with_absolute_kernel_references(
    formulas: openpyxl.Workbook, specs: list[Sheet], xlsx: bytes
) -> None:
    conv = re.compile(
        r"=MAX\(0,SUMPRODUCT\([A-Z]+\d+:[A-Z]+\d+,\$[A-Z]+\$\d+:\$[A-Z]+\$\d+\)"
        r"(\+SUMPRODUCT\([A-Z]+\d+:[A-Z]+\d+,\$[A-Z]+\$\d+:\$[A-Z]+\$\d+\))*\)"
    )
    counted = 0
    for spec in specs:
        ws = formulas[spec.name]
        for block in spec.blocks:
            for i in range(block.shape[0]):
                for j in range(block.shape[1]):
                    value = ws.cell(row=block.row + i, column=block.col + j).value
                    if block.formulas is None:
                        assert isinstance(value, int), f"{spec.name}!{block.cell(i, j)} should be a constant"
                        continue
                    counted += 1
                    assert isinstance(value, str), f"{spec.name}!{block.cell(i, j)} is not a formula"
                    if block.key == "pool":
                        assert re.fullmatch(r"=MAX\([A-Z]+\d+:[A-Z]+\d+\)", value), value
                    elif block.key == "output":
                        assert re.fullmatch(r"=SUMPRODUCT\([A-Z]+\d+:[A-Z]+\d+,\$[A-Z]+\$\d+:\$[A-Z]+\$\d+\)", value), value
                    else:
                        assert conv.fullmatch(value), f"{spec.name}!{block.cell(i, j)}: {value}"
    assert counted == 13 * 13 + 6 * 6 + 2 * 26 * 26 + 24 * 24 + 12 * 12 + 1
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                text = archive.read(name).decode()
                assert 't="array"' not in text and 't="shared"' not in text and "{" not in text, name


@pytest.mark.unit
@pytest.mark.parametrize("cell", [(0, 0), (0, 12), (5, 7), (12, 0), (12, 12)])
def test_a_layer_1_formula_reads_its_3x3_input_block_and_the_kernel(formulas: openpyxl.Workbook, cell: tuple[int, int]) -> None:
    spec = book_sheet()
    ws, source, kernel, layer1 = formulas["Book"], spec.block("input"), spec.block("kernel1"), spec.block("layer1")
    rows, cols = receptive_field(cell, list(BOOK_LAYERS[:1]), 28)
    assert (len(rows), len(cols)) == (3, 3) and rows.start == 2 * cell[0]
    expected = block_cells(source, rows, cols) | block_cells(kernel, range(3), range(3))
    assert precedents(ws, layer1.row + cell[0], layer1.col + cell[1]) == expected


@pytest.mark.unit
@pytest.mark.parametrize("cell", [(0, 0), (1, 3), (2, 5), (5, 0), (5, 5)])
def test_tracing_a_layer_2_cell_twice_reaches_a_7x7_input_patch(formulas: openpyxl.Workbook, cell: tuple[int, int]) -> None:
    spec = book_sheet()
    ws = formulas["Book"]
    source, layer1, layer2 = spec.block("input"), spec.block("layer1"), spec.block("layer2")
    kernels = block_cells(spec.block("kernel1"), range(3), range(3)) | block_cells(spec.block("kernel2"), range(3), range(3))
    first = precedents(ws, layer2.row + cell[0], layer2.col + cell[1])
    rows1, cols1 = receptive_field(cell, list(BOOK_LAYERS[1:]), 13)
    assert first == block_cells(layer1, rows1, cols1) | block_cells(spec.block("kernel2"), range(3), range(3))
    rows, cols = receptive_field(cell, list(BOOK_LAYERS), 28)
    assert (len(rows), len(cols)) == (7, 7)
    assert trace_to_constants(ws, layer2.row + cell[0], layer2.col + cell[1]) == block_cells(source, rows, cols) | kernels


@pytest.mark.unit
def test_a_course_layer_2_cell_reads_both_channels_and_traces_to_a_5x5_patch(formulas: openpyxl.Workbook) -> None:
    spec = course_sheet()
    ws = formulas["Course"]
    layer2 = spec.block("layer2")
    kernel_cells = set().union(*(block_cells(spec.block(k), range(3), range(3)) for k in ("kernel2a", "kernel2b")))
    block = (range(4, 7), range(9, 12))
    assert precedents(ws, layer2.row + 4, layer2.col + 9) == (
        block_cells(spec.block("layer1a"), *block) | block_cells(spec.block("layer1b"), *block) | kernel_cells
    )
    pixels = {
        c for c in trace_to_constants(ws, layer2.row + 4, layer2.col + 9) if c in block_cells(spec.block("input"), range(28), range(28))
    }
    assert pixels == block_cells(spec.block("input"), range(4, 9), range(9, 14))


# --- the stored values, the look, the file --------------------------------------------------------------


@pytest.mark.unit
def test_every_formula_stores_the_numpy_value(cached: openpyxl.Workbook, specs: list[Sheet], xlsx: bytes) -> None:
    for spec in specs:
        ws = cached[spec.name]
        for block in spec.blocks:
            np.testing.assert_array_equal(block_values(ws, block).astype(np.int64), block.values, err_msg=f"{spec.name} {block.key}")
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        for name in ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"):
            text = archive.read(name).decode()
            assert text.count("<f>") == len(re.findall(r"</f><v>-?\d+</v>", text)) > 100, name


@pytest.mark.unit
def test_blocks_have_labels_colour_scales_and_narrow_square_cells(formulas: openpyxl.Workbook, specs: list[Sheet]) -> None:
    for spec in specs:
        ws = formulas[spec.name]
        scales = {}
        for entry in ws.conditional_formatting:
            for rule in entry.rules:
                assert rule.type == "colorScale"
                scales[str(entry.sqref)] = [c.rgb[-6:] for c in rule.colorScale.color]
        for block in spec.blocks:
            label = ws.cell(row=block.row - 1, column=block.col).value
            assert isinstance(label, str) and len(label) >= 6, f"{spec.name} {block.key} has no label"
            if block.key == "output":
                continue
            colours = scales.get(block.area())
            expected = 3 if block.scale == "kernel" else 2
            assert colours is not None and len(colours) == expected, f"{spec.name} {block.key}: {colours}"
            assert colours == [c[1:].upper() for c in SHEET_SCALES[block.scale].colours], f"{spec.name} {block.key}"
            if expected == 2:
                assert colours[0] == "FFFFFF", "two-colour scales start at white"
            for col in range(block.col, block.col + block.shape[1]):
                width = next(d.width for d in ws.column_dimensions.values() if d.min <= col <= d.max)  # <col min max>
                pixels_wide = int((256 * width + int(128 / 7)) / 256 * 7)  # how Excel draws a stored width (Calibri 11)
                assert 24 <= pixels_wide <= 32, f"{spec.name}: column {col} is {pixels_wide} pixels wide"
            for row in range(block.row, block.row + block.shape[0]):
                points = ws.row_dimensions[row].height
                assert points is not None and abs(points * 4 / 3 - pixels_wide) <= 1, f"{spec.name}: row {row} not square"


@pytest.mark.unit
def test_the_sheets_say_which_kernels_padding_and_strides_they_use(formulas: openpyxl.Workbook) -> None:
    def text_of(ws) -> str:
        return " ".join(str(c.value) for row in ws.iter_rows() for c in row if isinstance(c.value, str) and not c.value.startswith("="))

    book, course = text_of(formulas["Book"]), text_of(formulas["Course"])
    for phrase in ("top edge", "all ones", "stride 2", "no padding", "ReLU", "7×7", "Trace Precedents", "28×28 → 13×13 → 6×6"):
        assert phrase in book, phrase
    for phrase in ("top edge", "left edge", "stride 1", "no padding", "Max pool", "Dense", "top-left-corner", "5×5"):
        assert phrase in course, phrase


@pytest.mark.unit
def test_two_processes_write_byte_identical_files(xlsx: bytes) -> None:
    script = (
        "import hashlib, json; from scripts.pages.workbook import generated_files; "
        "print(json.dumps({n: hashlib.sha256(b).hexdigest() for n, b in generated_files().items()}))"
    )
    env = {**os.environ, "PYTHONHASHSEED": other_hash_seed()}  # another process, hashing strings otherwise
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    here = {name: hashlib.sha256(data).hexdigest() for name, data in generated_files().items()}
    assert json.loads(done.stdout) == here, f"PYTHONHASHSEED {env['PYTHONHASHSEED']} gives other files than this process's"
    assert here[WORKBOOK_NAME] == hashlib.sha256(xlsx).hexdigest()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}, "the zip entries carry the build time"
        core = archive.read("docProps/core.xml").decode()
        assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core) == ["2020-01-01T00:00:00Z"] * 2
        assert 'fullCalcOnLoad="1"' in archive.read("xl/workbook.xml").decode(), "Excel recalculates on opening"


# --- a real spreadsheet engine -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def soffice() -> str:
    """LibreOffice's command (a test that asks for it is marked `tool`: `-m unit` leaves it out)."""
    command = shutil.which("soffice") or shutil.which("libreoffice")
    if not command:
        pytest.fail("soffice is missing: apt-get install -y --no-install-recommends libreoffice-calc")
    return command


def recalculate(command: str, files: dict[str, bytes], folder: Path) -> dict[str, openpyxl.Workbook]:
    """Open each workbook in headless LibreOffice with recalculation on load forced, save it again, read the values."""
    profile = folder / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_ALWAYS, encoding="utf-8")
    source, out = folder / "in", folder / "out"
    source.mkdir()
    for name, data in files.items():
        (source / f"{name}.xlsx").write_bytes(data)
    result = subprocess.run(
        [
            command,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            *sorted(str(p) for p in source.iterdir()),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    converted = {name: out / f"{name}.xlsx" for name in files}
    missing = [str(p) for p in converted.values() if not p.is_file()]
    assert not missing, f"LibreOffice wrote no {missing}:\n{result.stdout}\n{result.stderr}"
    return {name: openpyxl.load_workbook(path, data_only=True) for name, path in converted.items()}


def assert_sheet_values(book: openpyxl.Workbook, spec: Sheet, label: str) -> None:
    ws = book[spec.name]
    for block in spec.blocks:
        values = block_values(ws, block)
        assert all(isinstance(v, (int, float)) for v in values.flat), f"{label} {spec.name} {block.key}: empty cells"
        np.testing.assert_array_equal(values.astype(np.float64), block.values, err_msg=f"{label}: {spec.name} {block.key}")


@pytest.mark.tool
def test_libreoffice_recalculates_every_layer_to_the_numpy_numbers(
    soffice: str, digit: np.ndarray, specs: list[Sheet], xlsx: bytes, tmp_path: Path
) -> None:
    book, course = specs
    # The same formulas with every cached value wrong: LibreOffice must compute, not echo.
    wrong = [with_cached_values(spec, {b.key: b.values + 7 for b in spec.blocks if b.formulas is not None}) for spec in specs]
    # Kernels and dense weights edited, the cached values left as they were (stale): everything must follow.
    edited_book = book_sheet(digit, kernel1=LEFT_EDGE, kernel2=DIAG1)
    kernel_b = TOP_EDGE[::-1].copy()
    edited_course_numbers = course_numbers(digit, kernels1=(TOP_EDGE, kernel_b), dense=-DENSE_WEIGHTS)
    stale = [
        with_cached_values(book, {"kernel1": LEFT_EDGE, "kernel2": DIAG1}),
        with_cached_values(course, {"kernel1b": kernel_b, "dense": -DENSE_WEIGHTS}),
    ]
    wrong_bytes = workbook_bytes(wrong)
    stale_bytes = workbook_bytes(stale)
    wrong_cache = openpyxl.load_workbook(io.BytesIO(wrong_bytes), data_only=True)
    assert wrong_cache["Book"]["AE11"].value == book.block("layer1").values[0, 0] + 7, "the wrong file holds wrong values"

    results = recalculate(soffice, {"as-built": xlsx, "wrong-cache": wrong_bytes, "edited-kernels": stale_bytes}, tmp_path)

    for label in ("as-built", "wrong-cache"):
        for spec in specs:
            assert_sheet_values(results[label], spec, label)
    assert_sheet_values(results["edited-kernels"], edited_book, "edited-kernels")
    edited = results["edited-kernels"]["Course"]
    for key in ("layer1b", "layer2", "pool", "output"):
        block = course.block(key)
        np.testing.assert_array_equal(
            block_values(edited, block).astype(np.float64), edited_course_numbers[key], err_msg=f"edited-kernels: Course {key}"
        )
    assert edited_course_numbers["output"][0, 0] != course.block("output").values[0, 0]


# --- the page's data and the built site -----------------------------------------------------------------


@pytest.mark.unit
def test_the_page_data_is_the_book_sheet_with_its_colours_addresses_and_precedents(specs: list[Sheet], formulas: openpyxl.Workbook) -> None:
    """The page's script only looks up: every colour, address, formula and block it shows is here,
    and the blocks a cell reads are the cells its formula refers to (traced in the workbook itself)."""
    data = page_data(specs[0])
    ws = formulas["Book"]
    assert [layer["key"] for layer in data["layers"]] == ["input", "layer1", "layer2"]
    blocks = {layer["key"]: specs[0].block(layer["key"]) for layer in data["layers"]}
    for layer in data["layers"]:
        block = blocks[layer["key"]]
        scale = SHEET_SCALES[block.scale]
        low, high = block.values.min(), block.values.max()
        assert np.array_equal(np.array(layer["values"]), block.values)
        assert layer["colours"] == [[scale.colour(v, low, high) for v in row] for row in block.values.tolist()]
        assert layer["legend"] == [[low, scale.colours[0]], [high, scale.colours[-1]]]
        if layer["key"] == "input":
            continue
        kernel = specs[0].block(layer["key"].replace("layer", "kernel"))
        assert layer["formulas"] == [list(row) for row in block.formulas]
        assert layer["kernel"]["range"] == kernel.area(absolute=True)
        assert layer["kernel"]["colours"][0][0] == SHEET_SCALES["kernel"].colour(
            kernel.values[0, 0], kernel.values.min(), kernel.values.max()
        )
        below = blocks["layer1" if layer["key"] == "layer2" else "input"]
        for i, row in enumerate(layer["reads"]):
            for j, reads in enumerate(row):
                address = block.cell(i, j)
                assert layer["cells"][i][j] == address and ws[address].value == layer["formulas"][i][j]
                first = reads[0]
                read = block_cells(below, range(first["rows"][0], first["rows"][1] + 1), range(first["cols"][0], first["cols"][1] + 1))
                assert read == precedents(ws, block.row + i, block.col + j) - block_cells(kernel, range(3), range(3))
                assert first["size"] == "3×3"
                field = reads[-1]
                patch = block_cells(
                    blocks["input"], range(field["rows"][0], field["rows"][1] + 1), range(field["cols"][0], field["cols"][1] + 1)
                )
                assert patch == {
                    c
                    for c in trace_to_constants(ws, block.row + i, block.col + j)
                    if c in block_cells(blocks["input"], range(28), range(28))
                }
                assert field["size"] == ("7×7" if layer["key"] == "layer2" else "3×3") and len(reads) == int(layer["key"][-1])


@pytest.mark.site
def test_the_site_serves_the_generated_files(site: Path) -> None:
    files = generated_files()
    for name, data in files.items():
        assert (site / "downloads" / name).read_bytes() == data, name
    data = json.loads((site / "downloads" / JSON_NAME).read_text(encoding="utf-8"))
    assert data == json.loads(json.dumps(page_data(book_sheet())))
    assert 10_000 < len(files[WORKBOOK_NAME]) < 200_000


@pytest.mark.site
def test_the_answers_to_16_17_18_offer_the_workbook_and_the_page(site: Path) -> None:
    page = site / "first-cnn" / "index.html"
    soup = soup_of(page)
    for question in ("q16", "q17", "q18"):
        answer = answer_after(soup.find("h2", id=question))
        assert answer is not None, question
        targets = set()
        for link in answer.select("a[href]"):
            if urlsplit(str(link["href"])).netloc or str(link["href"]).startswith("#"):
                continue  # another site, or an anchor on this page
            resolved = urlsplit(urljoin("/first-cnn/", str(link["href"]))).path
            targets.add(resolved)
            assert (site / resolved.lstrip("/")).exists() or (site / resolved.lstrip("/") / "index.html").exists(), resolved
        assert "/downloads/conv-example.xlsx" in targets and "/trace-precedents/" in targets, f"{question}: {targets}"


@pytest.mark.site
def test_a_build_from_a_fresh_clone_writes_the_same_bytes(site: Path, clean_build: CleanBuild) -> None:
    for path in sorted((site / "downloads").iterdir()):  # the clean build had no .cache/: it generated every file anew
        assert (clean_build.site / "downloads" / path.name).read_bytes() == path.read_bytes(), path.name
