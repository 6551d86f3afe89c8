"""The training plots and the colour photo's figures: drawn from the committed files, as fastai draws them.

Unit tests read the committed runs and the photo with numpy (no torch) and check the figures'
content: ``color_dim`` puts bin 0 at the bottom and has one column per batch, ``plot_layer_stats``
has its three panels per layer, the schedule peaks at 25%, the photo's sum is written out. Bad
input: a missing or damaged run file, or a damaged photo, raises an error naming the file, and a
site build with a damaged run file stops, naming it.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pytest
from playwright.sync_api import Page

from scripts.arithmetic import book_runs, colour_photo
from scripts.drawing import run_figures
from scripts.drawing.colour_scale import VIRIDIS
from tests.conftest import build_site, copy_project

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def runs() -> dict[str, book_runs.Run]:
    return book_runs.load_runs()


@pytest.fixture(scope="module")
def files(runs) -> dict[str, str]:
    return run_figures.figure_files(runs)


@pytest.mark.unit
def test_every_figure_is_valid_svg_with_a_title_and_size(files: dict[str, str]) -> None:
    assert sorted(files) == sorted(
        [
            "layer-stats-baseline.svg",
            "layer-stats-bigger-batches.svg",
            "layer-stats-one-cycle.svg",
            "layer-stats-batchnorm.svg",
            "colour-dim.svg",
            "one-cycle-schedule.svg",
            "photo-channels.svg",
            "photo-convolution.svg",
        ]
    )
    for name, text in files.items():
        root = ElementTree.fromstring(text)
        assert root.find(f"{SVG}title") is not None, name
        assert float(root.get("width")) <= 620 and float(root.get("height")) > 100, name
        assert len(text.encode()) < 60_000, f"{name}: {len(text.encode())} bytes"


@pytest.mark.unit
def test_figures_are_deterministic(runs, files: dict[str, str]) -> None:
    assert run_figures.figure_files(runs) == files


def _heatmap_rows_with(svg_text: str, colour: str) -> set[int]:
    """The rows (cell units) of the first heat-map group where a colour is painted."""
    group = re.search(r'<g transform="translate\([^)]*\) scale\([^)]*\)" shape-rendering="crispEdges">(.*?)</g>', svg_text)
    assert group is not None
    body = group.group(1)
    background = re.search(r'<rect width="\d+" height="(\d+)" fill="([^"]+)"/>', body)
    rows = int(background.group(1))
    if background.group(2) == colour:
        return set(range(rows))
    path = re.search(rf'<path fill="{colour}" d="([^"]*)"/>', body)
    return set() if path is None else {int(r) for r in re.findall(r"M\d+ (\d+)h", path.group(1))}


@pytest.mark.unit
def test_colour_dim_puts_bin_zero_at_the_bottom_one_column_per_batch(runs) -> None:
    run = runs["one-cycle"]
    hist = np.zeros_like(run.hist)
    hist[:, 1, 0] = 1000  # every activation of the book's layer in bin 0 ([0, 0.25))
    fake = book_runs.Run(**{**run.__dict__, "hist": hist})
    text = run_figures.colour_dim_figure([fake])
    assert _heatmap_rows_with(text, VIRIDIS[-1]) == {39}  # the brightest colour only in the bottom row
    assert f'<rect width="{run.batches}" height="40"' in text
    assert np.allclose(fake.colour_dim(run.book_layer)[0], np.log1p(1000))


@pytest.mark.unit
def test_colour_dim_of_the_runs(runs, files: dict[str, str]) -> None:
    text = files["colour-dim.svg"]
    for name in ("baseline", "one-cycle", "batchnorm"):
        run = runs[name]
        assert f">{run.layers[run.book_layer]}<" in text and f">{run.batches} batches<" in text
        assert f'<rect width="{run.batches}" height="40"' in text
    assert runs["baseline"].layers[runs["baseline"].book_layer] == "Conv2d(32, 64)"
    assert runs["batchnorm"].layers[runs["batchnorm"].book_layer] == "Conv2d(32, 64)"


@pytest.mark.unit
def test_layer_stats_has_three_panels_for_each_of_two_layers(runs, files: dict[str, str]) -> None:
    text = files["layer-stats-baseline.svg"]
    assert text.count(">mean<") == 2 and text.count(">std<") == 2 and text.count(">% near zero<") == 2
    assert (
        "layer 1 of 5: Conv2d(1, 8)" in text
        and "layer 4 of 5: Conv2d(32, 64) (the book&#x27;s)" in text
        or "layer 4 of 5: Conv2d(32, 64) (the book's)" in text
    )
    assert "layer 7 of 10: Conv2d(32, 64)" in files["layer-stats-batchnorm.svg"]
    assert "layer 8 of 10: BatchNorm2d(64)" in files["layer-stats-batchnorm.svg"]


@pytest.mark.unit
def test_schedule_peaks_at_a_quarter(runs, files: dict[str, str]) -> None:
    run = runs["one-cycle"]
    peak = int(np.argmax(run.lr))
    assert abs(peak / run.batches - 0.25) < 0.02
    assert f"peaks at batch {peak + 1}" in files["one-cycle-schedule.svg"]
    assert run.mom[peak] == pytest.approx(0.85, abs=1e-3) and run.mom[0] == pytest.approx(0.95, abs=1e-3)


@pytest.mark.unit
def test_photo_convolution_writes_out_the_sum(files: dict[str, str]) -> None:
    result = colour_photo.convolve()
    red, green, blue, bias, out = result.terms()
    assert red + green + blue + bias == out
    window = result.channels[:, colour_photo.PIXEL[0] : colour_photo.PIXEL[0] + 3, colour_photo.PIXEL[1] : colour_photo.PIXEL[1] + 3]
    assert (window * result.kernel).sum(axis=(1, 2)).tolist() == [red, green, blue]
    stated = re.search(r"red (−?\d+) \+ green (−?\d+) \+ blue (−?\d+) \+ bias (−?\d+) = (−?\d+)", files["photo-convolution.svg"])
    assert stated is not None
    assert [int(v.replace("−", "-")) for v in stated.groups()] == [red, green, blue, bias, out]


# --- bad input ----------------------------------------------------------------------------------


def _copy_runs(tmp_path: Path) -> tuple[Path, Path]:
    runs_dir = tmp_path / "book-runs"
    shutil.copytree(book_runs.RUNS_DIR, runs_dir)
    provenance = tmp_path / "book-runs.json"
    shutil.copy(book_runs.PROVENANCE_FILE, provenance)
    return runs_dir, provenance


@pytest.mark.unit
def test_a_missing_run_file_is_named(tmp_path: Path) -> None:
    runs_dir, provenance = _copy_runs(tmp_path)
    (runs_dir / "one-cycle.npz").unlink()
    with pytest.raises(book_runs.BookRunError, match=r"one-cycle\.npz: missing"):
        book_runs.load_runs(runs_dir, provenance)


@pytest.mark.unit
def test_a_damaged_run_file_is_named(tmp_path: Path) -> None:
    runs_dir, provenance = _copy_runs(tmp_path)
    path = runs_dir / "batchnorm.npz"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(book_runs.BookRunError, match=r"batchnorm\.npz: damaged"):
        book_runs.load_runs(runs_dir, provenance)


@pytest.mark.unit
def test_a_damaged_provenance_or_photo_is_named(tmp_path: Path) -> None:
    runs_dir, provenance = _copy_runs(tmp_path)
    provenance.write_text("{", encoding="utf-8")
    with pytest.raises(book_runs.BookRunError, match=r"book-runs\.json: damaged"):
        book_runs.load_run("baseline", runs_dir, provenance)
    photo = tmp_path / "chelsea-crop.json"
    photo.write_text('{"rgb": [[1, 2]], "height": 24, "width": 32}', encoding="utf-8")
    with pytest.raises(colour_photo.PhotoError, match=r"chelsea-crop\.json: damaged"):
        colour_photo.load_photo(photo)


@pytest.mark.site
def test_a_damaged_run_file_stops_the_build_naming_it(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    path = project / "scripts" / "data" / "book-runs" / "baseline.npz"
    path.write_bytes(path.read_bytes()[:1000])
    result = build_site(project, tmp_path / "site")
    assert result.returncode != 0, "the build with a damaged run file succeeded"
    assert "scripts/data/book-runs/baseline.npz: damaged" in result.stderr, result.stderr[-2000:]


# --- in the browser ---------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize(("scheme", "javascript"), [("light", False), ("dark", True)])
def test_the_figures_show_on_a_phone_without_javascript_and_in_dark_mode(
    new_page: Callable[..., Page], server: str, scheme: str, javascript: bool
) -> None:
    """On a 360px phone, each answer with a run figure opens to a loaded image that fits the screen."""
    page = new_page(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, color_scheme=scheme, java_script_enabled=javascript
    )
    for path, question in (
        ("one-cycle-training/", "q36"),
        ("one-cycle-training/", "q37"),
        ("batch-normalization/", "q38"),
        ("batch-normalization/", "q40"),
        ("color-images/", "q21"),
    ):
        page.goto(f"{server}{path}", wait_until="load")
        details = page.locator(f"h2#{question} + details")
        details.locator("summary").first.click()
        image = details.locator("img[src*='run-figures/']").first
        image.scroll_into_view_if_needed()
        page.wait_for_function("e => e.complete && e.naturalWidth > 0", arg=image.element_handle())
        box = image.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360, (question, box)
        assert box["height"] > 100, (question, box)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, question
