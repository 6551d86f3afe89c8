"""The chapter's figures: the convolution they draw is right, the figures mark what the arithmetic
says, they are small and byte-for-byte repeatable, and the built site serves every one a page shows."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view

from scripts.arithmetic.convolution import (
    KERNELS,
    Layer,
    conv2d,
    conv2d_channels,
    grid_sizes,
    load_digit,
    output_size,
    precedents,
    receptive_field,
)
from scripts.drawing.colour_scale import LEVELS, RDBU, SHEET_SCALES, diverging, diverging_stops
from scripts.drawing.kernel_figures import BLANK, PIXEL, RF_ACTIVATION, RF_LAYERS, figure_files
from tests.conftest import ROOT, CleanBuild, other_hash_seed
from tests.site_pages import soup_of

SVG = "{http://www.w3.org/2000/svg}"
GEOMETRIES = [(1, 0), (1, 1), (2, 0), (2, 1)]  # (stride, pad)

# The answers each figure illustrates: question id -> the figures its answer must show.
FIGURES_BY_QUESTION = {
    "q1": ["digit.svg", "edge-kernels.svg"],
    "q2": ["kernel-top-edge.svg"],
    "q3": ["pixel-operation.svg"],
    "q4": ["zero-patch.svg"],
    "q5": ["padding.svg"],
    "q6": ["stride.svg"],
    "q16": ["receptive-field.svg"],
    "q17": ["receptive-field.svg"],
    "q21": ["color-convolution.svg"],
}


@pytest.fixture(scope="module")
def digit() -> np.ndarray:
    return load_digit()


@pytest.fixture(scope="module")
def figures() -> dict[str, str]:
    return figure_files()


def reference_conv2d(image: np.ndarray, kernel: np.ndarray, stride: int = 1, pad: int = 0) -> np.ndarray:
    """Cross-correlation the direct way: every ks x ks window times the kernel, summed."""
    windows = sliding_window_view(np.pad(image, pad), kernel.shape)[::stride, ::stride]
    return np.einsum("ijkl,kl->ij", windows, kernel)


# --- the convolution ------------------------------------------------------------------------------


@pytest.mark.unit
def test_the_digit_is_a_28x28_image_of_0_to_255_values(digit: np.ndarray) -> None:
    assert digit.shape == (28, 28)
    assert digit.min() == 0 and digit.max() == 255
    assert 100 < np.count_nonzero(digit) < 400, "a handwritten stroke covers a fraction of the pixels"


@pytest.mark.unit
@pytest.mark.parametrize("name", list(KERNELS))
@pytest.mark.parametrize(("stride", "pad"), GEOMETRIES)
def test_conv2d_equals_a_sliding_window_reference_on_the_digit(digit: np.ndarray, name: str, stride: int, pad: int) -> None:
    kernel = KERNELS[name][1]
    result = conv2d(digit, kernel, stride, pad)
    np.testing.assert_array_equal(result, reference_conv2d(digit, kernel, stride, pad))
    if (stride, pad) == (1, 0):
        assert result.shape == (26, 26)
        assert np.abs(result).max() > 300, f"{name} finds no edge in the digit"


@pytest.mark.tool
@pytest.mark.parametrize("name", list(KERNELS))
@pytest.mark.parametrize(("stride", "pad"), GEOMETRIES)
def test_conv2d_equals_torch_conv2d_on_the_digit(digit: np.ndarray, name: str, stride: int, pad: int) -> None:
    import torch  # installed by scripts/dev.sh test: never skipped

    kernel = KERNELS[name][1]
    expected = torch.nn.functional.conv2d(
        torch.tensor(digit, dtype=torch.float64)[None, None],
        torch.tensor(kernel, dtype=torch.float64)[None, None],
        stride=stride,
        padding=pad,
    )[0, 0].numpy()
    np.testing.assert_array_equal(conv2d(digit, kernel, stride, pad), expected)


@pytest.mark.unit
def test_a_colour_convolution_sums_one_kernel_slice_per_channel(digit: np.ndarray) -> None:
    channels = np.stack([digit, digit[::-1], digit.T])
    kernel = np.stack([KERNELS[name][1] for name in ("top-edge", "left-edge", "diagonal-1")])
    expected = np.einsum("cijkl,ckl->ij", sliding_window_view(channels, (3, 3), axis=(1, 2)), kernel)
    np.testing.assert_array_equal(conv2d_channels(channels, kernel), expected)


@pytest.mark.unit
@pytest.mark.parametrize("name", list(KERNELS))
def test_blank_regions_give_zero(digit: np.ndarray, name: str) -> None:
    kernel = KERNELS[name][1]
    assert conv2d(np.zeros((3, 3), dtype=int), kernel).tolist() == [[0]]
    blank = ~sliding_window_view(digit, (3, 3)).any(axis=(-2, -1))  # outputs whose 3x3 patch is all 0
    assert blank.sum() > 200
    assert not conv2d(digit, kernel)[blank].any()


@pytest.mark.unit
@pytest.mark.parametrize(
    ("n", "ks", "stride", "pad", "expected"),
    [
        (28, 3, 1, 0, 26),
        (28, 3, 1, 1, 28),
        (28, 3, 2, 1, 14),
        (14, 3, 2, 1, 7),
        (28, 3, 2, 0, 13),
        (28, 5, 1, 2, 28),
        (28, 5, 2, 2, 14),
        (7, 3, 2, 1, 4),
        (4, 3, 2, 1, 2),
        (2, 3, 2, 1, 1),
    ],
)
def test_output_sizes_follow_the_formula(n: int, ks: int, stride: int, pad: int, expected: int) -> None:
    assert output_size(n, ks, stride, pad) == (n + 2 * pad - ks) // stride + 1 == expected
    assert conv2d(np.ones((n, n), dtype=int), np.ones((ks, ks), dtype=int), stride, pad).shape == (expected, expected)


def influence(size: int, layers: list[Layer], activation: tuple[int, int]) -> set[tuple[int, int]]:
    """The input pixels whose value changes one activation, found by changing each pixel in turn."""
    cells = set()
    for row in range(size):
        for col in range(size):
            x = np.zeros((size, size), dtype=int)
            x[row, col] = 1
            for layer in layers:
                x = conv2d(x, np.ones((layer.ks, layer.ks), dtype=int), layer.stride, layer.pad)
            if x[activation]:
                cells.add((row, col))
    return cells


def cells_of(rows: range, cols: range) -> set[tuple[int, int]]:
    return {(r, c) for r in rows for c in cols}


@pytest.mark.unit
def test_the_receptive_field_after_two_stride_2_convolutions_is_7x7() -> None:
    rows, cols = receptive_field(RF_ACTIVATION, RF_LAYERS, 28)
    assert (len(rows), len(cols)) == (7, 7)
    assert cells_of(rows, cols) == influence(28, RF_LAYERS, RF_ACTIVATION)
    corner = receptive_field((0, 0), RF_LAYERS, 28)  # the padding holds no pixel
    assert cells_of(*corner) == influence(28, RF_LAYERS, (0, 0))


@pytest.mark.unit
@pytest.mark.parametrize(
    "layers",
    [RF_LAYERS, [Layer(3, 1, 0)] * 2, [Layer(3, 2, 0)] * 2, [Layer(5, 1, 2), Layer(3, 2, 1)]],
    ids=["stride-2-pad-1", "stride-1", "stride-2", "5x5-then-stride-2"],
)
@pytest.mark.parametrize("activation", [(0, 0), (2, 1), "last"])
def test_precedents_are_the_cells_that_change_an_activation_in_every_grid_below(layers: list[Layer], activation) -> None:
    sizes = grid_sizes(16, layers)
    index = (sizes[-1] - 1, sizes[-1] - 1) if activation == "last" else activation
    spans = precedents(index, layers, 16)
    assert len(spans) == len(layers)
    for k, (rows, cols) in enumerate(spans):  # k = 0: the grid the last layer reads
        grid = len(layers) - 1 - k
        assert cells_of(rows, cols) == influence(sizes[grid], layers[grid:], index), f"grid {grid}"
    assert spans[-1] == receptive_field(index, layers, 16)


@pytest.mark.unit
def test_the_receptive_field_figure_marks_exactly_the_patch_the_arithmetic_gives(figures: dict[str, str]) -> None:
    root = ET.fromstring(figures["receptive-field.svg"])
    marked = {}
    for grid in root.iter(f"{SVG}g"):
        if grid.get("class") != "rf-grid":
            continue
        marks = [rect for rect in grid.iter(f"{SVG}rect") if rect.get("class") == "rf-mark"]
        assert len(marks) == 1
        x, y, w, h = (int(marks[0].get(a)) for a in ("x", "y", "width", "height"))
        marked[grid.get("data-layer")] = (int(grid.get("data-size")), cells_of(range(y, y + h), range(x, x + w)))
    assert marked == {
        "input": (28, influence(28, RF_LAYERS, RF_ACTIVATION)),
        "layer1": (14, influence(14, RF_LAYERS[1:], RF_ACTIVATION)),
        "layer2": (7, {RF_ACTIVATION}),
    }
    assert len(marked["input"][1]) == 49


# --- the figures --------------------------------------------------------------------------------


@pytest.mark.unit
def test_every_figure_is_a_small_titled_svg(figures: dict[str, str]) -> None:
    assert len(figures) >= 10
    for name, text in figures.items():
        size = len(text.encode("utf-8"))
        assert 1_000 < size < 40_000, f"{name}: {size} bytes"
        root = ET.fromstring(text)
        assert root.tag == f"{SVG}svg" and int(root.get("width")) > 200 and int(root.get("height")) > 150, name
        title = root.find(f"{SVG}title")
        assert title is not None and len(title.text or "") > 20, f"{name}: no title saying what it shows"


def texts(svg: str) -> str:
    return " ".join("".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text"))


@pytest.mark.unit
def test_the_figures_label_the_sizes(figures: dict[str, str]) -> None:
    assert "28×28" in texts(figures["digit.svg"])
    for name in KERNELS:
        label = texts(figures[f"kernel-{name}.svg"])
        assert "28×28 input" in label and "26×26 output" in label and "3×3 kernel" in label, name
    assert "26×26" in texts(figures["edge-kernels.svg"])
    assert "28×28 input → 26×26 output" in texts(figures["padding.svg"])
    assert "28×28 input → 28×28 output" in texts(figures["padding.svg"])
    stride = texts(figures["stride.svg"])
    assert "28×28 input" in stride and "14×14" in stride and "//2 + 1 = 14" in stride
    field = texts(figures["receptive-field.svg"])
    assert "input 28×28" in field and "14×14" in field and "7×7" in field


@pytest.mark.unit
def test_the_single_pixel_figures_show_the_sum_the_convolution_gives(digit: np.ndarray, figures: dict[str, str]) -> None:
    top_edge = conv2d(digit, KERNELS["top-edge"][1])
    assert top_edge[PIXEL] == 762 and f"= {top_edge[PIXEL]}" in texts(figures["pixel-operation.svg"])
    assert top_edge[BLANK] == 0 and "= 0" in texts(figures["zero-patch.svg"])


@pytest.mark.unit
def test_the_diverging_palette_is_centred_on_zero_and_symmetric() -> None:
    assert diverging(0, 765) == RDBU[len(RDBU) // 2]
    assert diverging(765, 765) == RDBU[0] and diverging(-765, 765) == RDBU[-1]
    assert diverging(20, 765) == diverging(-20, 765) == RDBU[len(RDBU) // 2], "under half a step reads as zero"
    for value in range(32, 766, 17):  # from half of one of the 12 steps on each side
        red, _, blue = (int(diverging(value, 765)[i : i + 2], 16) for i in (1, 3, 5))
        assert red > blue, f"{value} is not drawn red"
        red, _, blue = (int(diverging(-value, 765)[i : i + 2], 16) for i in (1, 3, 5))
        assert blue > red, f"{-value} is not drawn blue"


@pytest.mark.unit
def test_the_diverging_legend_runs_from_minus_limit_through_white_zero_to_plus_limit() -> None:
    stops = diverging_stops(765)
    assert len(stops) == 2 * LEVELS + 1
    assert [value for value, _ in stops] == sorted(value for value, _ in stops)
    assert stops[0] == (-765, RDBU[-1]) and stops[LEVELS] == (0, RDBU[len(RDBU) // 2]) and stops[-1] == (765, RDBU[0])
    assert all(colour == diverging(value, 765) for value, colour in stops)


@pytest.mark.unit
def test_the_spreadsheet_scales_go_from_the_minimum_to_the_maximum_as_a_spreadsheet_draws_them() -> None:
    heat, kernel = SHEET_SCALES["heat"], SHEET_SCALES["kernel"]
    assert heat.colour(0, 0, 2793) == "#ffffff" and heat.colour(2793, 0, 2793) == "#f8696b"
    assert heat.colour(1396.5, 0, 2793) == "#fcb4b5", "half way: each channel half way (251.5 rounds to even 252)"
    assert heat.colour(5, 5, 5) == "#ffffff", "a block of one value takes the low colour"
    assert kernel.colour(-1, -1, 1) == "#7fa7d9" and kernel.colour(0, -1, 1) == "#ffffff" and kernel.colour(1, -1, 1) == "#f8696b"
    assert kernel.colour(1, 1, 1) == "#f8696b", "an all-ones kernel is all positive: red"
    assert kernel.colour(-1, -2, 4) == "#bfd3ec" and kernel.colour(2, -2, 4) == "#fcb4b5", "0 is the middle stop"
    assert kernel.stops(-1, 1) == [(-1, "#7fa7d9"), (0, "#ffffff"), (1, "#f8696b")]


# --- determinism and the cache ---------------------------------------------------------------------


@pytest.mark.unit
def test_two_processes_render_byte_identical_figures(figures: dict[str, str]) -> None:
    script = (
        "import hashlib, json; from scripts.drawing.kernel_figures import figure_files; "
        "print(json.dumps({n: hashlib.sha256(t.encode()).hexdigest() for n, t in figure_files().items()}))"
    )
    expected = {name: hashlib.sha256(text.encode()).hexdigest() for name, text in figures.items()}
    env = {**os.environ, "PYTHONHASHSEED": other_hash_seed()}  # another process, hashing strings otherwise
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == expected, f"PYTHONHASHSEED {env['PYTHONHASHSEED']} gives other figures than this process's"


# --- the built site --------------------------------------------------------------------------------


def figure_images(site: Path) -> list[tuple[Path, object]]:
    """(page, <img>) for every image of the pages that shows a figures/*.svg."""
    found = []
    for html in sorted(site.rglob("*.html")):
        for img in soup_of(html).select("article img[src]"):
            if re.search(r"(^|/)figures/", str(img["src"])):  # the chapter's figures, not run-figures/
                found.append((html, img))
    return found


def site_path(site: Path, page: Path, src: str) -> Path:
    page_url = "/" + page.relative_to(site).as_posix()
    return site / urlsplit(urljoin(page_url, src)).path.lstrip("/")


@pytest.mark.site
def test_every_figure_a_page_shows_is_in_the_built_site_with_alt_text(site: Path) -> None:
    for page, img in figure_images(site):
        where = f"{page.relative_to(site)}: {img['src']}"
        target = site_path(site, page, str(img["src"]))
        assert target.is_file() and target.stat().st_size > 1_000, f"{where} is missing from the site"
        assert len(str(img.get("alt", "")).split()) >= 4, f"{where} has no alt text saying what it shows"


@pytest.mark.site
def test_the_site_serves_every_figure_as_rendered(site: Path, figures: dict[str, str]) -> None:
    assert sorted(p.name for p in (site / "figures").iterdir()) == sorted(figures)
    for name, text in figures.items():
        assert (site / "figures" / name).read_bytes() == text.encode("utf-8"), name


@pytest.mark.site
def test_the_answers_show_their_figures(site: Path) -> None:
    shown: dict[str, set[str]] = {}
    for page, img in figure_images(site):
        answer = img.find_parent("details", class_="answer")
        assert answer is not None, f"{page.relative_to(site)}: {img['src']} is not inside an answer"
        heading = answer.find_previous_sibling("h2")
        shown.setdefault(str(heading["id"]), set()).add(site_path(site, page, str(img["src"])).name)
    for question, names in FIGURES_BY_QUESTION.items():
        missing = set(names) - shown.get(question, set())
        assert not missing, f"the answer to {question} does not show {sorted(missing)}"


@pytest.mark.site
def test_a_second_build_from_a_fresh_clone_changes_no_figure_byte(site: Path, clean_build: CleanBuild) -> None:
    rebuilt = clean_build.site / "figures"  # built with no .cache/: it rendered every figure anew
    assert sorted(p.name for p in rebuilt.iterdir()) == sorted(p.name for p in (site / "figures").iterdir())
    for path in sorted(rebuilt.iterdir()):
        assert path.read_bytes() == (site / "figures" / path.name).read_bytes(), f"{path.name} differs"
