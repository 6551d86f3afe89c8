"""The "Trace precedents in the browser" page: in Chromium, pointing at, tapping or focusing a cell
highlights exactly the cells the arithmetic gives (3x3 for layer 1; 3x3 and 7x7 for layer 2), the
grids show the workbook's numbers in its colour scale, it works on a phone and in dark mode, after
instant navigation, and without JavaScript the page shows a static figure of the same numbers."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from playwright.sync_api import Page, expect

from scripts.arithmetic.convolution import receptive_field
from scripts.drawing.colour_scale import SHEET_SCALES
from scripts.pages.workbook import BOOK_EXAMPLE, BOOK_LAYERS, book_sheet, page_data
from tests.axe_check import Axe
from tests.site_pages import nav_pages, question_headings, soup_of

URL = "trace-precedents/"
SVG = "{http://www.w3.org/2000/svg}"
SIZES = {"input": 28, "layer1": 13, "layer2": 6}


@pytest.fixture(scope="module")
def workbook_values(site: Path) -> dict[str, np.ndarray]:
    """The Book sheet's input, layer 1 and layer 2 as the served conv-example.xlsx stores them."""
    book = openpyxl.load_workbook(io.BytesIO((site / "downloads" / "conv-example.xlsx").read_bytes()), data_only=True)
    ws, spec = book["Book"], book_sheet()
    values = {}
    for key in SIZES:
        block = spec.block(key)
        values[key] = np.array(
            [[ws.cell(row=block.row + i, column=block.col + j).value for j in range(block.shape[1])] for i in range(block.shape[0])]
        )
    return values


@pytest.fixture
def ready(page: Page, site: Path, server: str) -> Page:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server + URL)
    expect(page.locator(".precedents")).to_have_attribute("data-state", "ready")
    page.errors = errors  # type: ignore[attr-defined]
    return page


def cells(layer: str) -> str:
    return f'.pc-panel[data-layer="{layer}"] .pc-scroll td.pc-cell'


def marked(page: Page, layer: str, kind: str) -> set[tuple[int, int]]:
    return {
        tuple(rc)
        for rc in page.eval_on_selector_all(f"{cells(layer)}.{kind}", "els => els.map(e => [Number(e.dataset.r), Number(e.dataset.c)])")
    }


def cells_of(rows: range, cols: range) -> set[tuple[int, int]]:
    return {(r, c) for r in rows for c in cols}


def expected_marks(layer: str, cell: tuple[int, int]) -> dict[tuple[str, str], set[tuple[int, int]]]:
    """What trace precedents gives: the block read in the layer below, and for layer 2 the input patch."""
    if layer == "layer1":
        return {
            ("input", "is-precedent"): cells_of(*receptive_field(cell, list(BOOK_LAYERS[:1]), 28)),
            ("input", "is-field"): set(),
            ("layer1", "is-precedent"): set(),
        }
    return {
        ("layer1", "is-precedent"): cells_of(*receptive_field(cell, list(BOOK_LAYERS[1:]), 13)),
        ("input", "is-field"): cells_of(*receptive_field(cell, list(BOOK_LAYERS), 28)),
        ("input", "is-precedent"): set(),
    }


def assert_marks(page: Page, layer: str, cell: tuple[int, int]) -> None:
    expected = expected_marks(layer, cell)
    for (where, kind), wanted in expected.items():
        assert marked(page, where, kind) == wanted, f"{layer} {cell}: {where} .{kind}"
    size = 9 if layer == "layer1" else 49
    patch = expected[("input", "is-precedent" if layer == "layer1" else "is-field")]
    assert len(patch) == size
    assert marked(page, layer, "is-selected") == {cell}
    assert page.locator(f'.pc-panel[data-layer="{layer}"] .pc-kernel').evaluate("e => e.classList.contains('is-precedent')")
    assert page.locator(".pc-app").get_attribute("data-selected") == f"{layer}:{cell[0]},{cell[1]}"


# --- the built page ----------------------------------------------------------------------------------


@pytest.mark.site
def test_the_page_is_the_last_in_the_nav_and_asks_no_question(site: Path) -> None:
    assert nav_pages(site)[-1] == URL
    soup = soup_of(site / URL / "index.html")
    assert soup.find("h1").get_text(strip=True).startswith("Trace precedents in the browser")
    assert question_headings(soup) == [] and len(soup.select("article h2")) >= 2
    assert soup.select_one('a#precedents-data[href$="downloads/conv-example.json"]') is not None
    assert soup.select_one('article a[href$="downloads/conv-example.xlsx"]') is not None


@pytest.mark.site
def test_the_static_figure_shows_the_workbook_numbers_and_marks_the_7x7_patch(site: Path) -> None:
    img = soup_of(site / URL / "index.html").select_one(".precedents img.precedents-static")
    assert img is not None and len(str(img["alt"]).split()) > 10
    root = ET.fromstring((site / "downloads" / "conv-example.svg").read_text(encoding="utf-8"))
    assert (img["width"], img["height"]) == (root.get("width"), root.get("height")), "the <img> keeps the figure's shape"
    marks = {
        rect.get("data-layer"): (rect.get("data-rows"), rect.get("data-cols"))
        for rect in root.iter(f"{SVG}rect")
        if rect.get("class") == "pc-mark"
    }
    rows, cols = receptive_field(BOOK_EXAMPLE, list(BOOK_LAYERS), 28)
    rows1, cols1 = receptive_field(BOOK_EXAMPLE, list(BOOK_LAYERS[1:]), 13)
    assert marks == {
        "layer2": (f"{BOOK_EXAMPLE[0]}-{BOOK_EXAMPLE[0]}", f"{BOOK_EXAMPLE[1]}-{BOOK_EXAMPLE[1]}"),
        "layer1": (f"{rows1.start}-{rows1.stop - 1}", f"{cols1.start}-{cols1.stop - 1}"),
        "input": (f"{rows.start}-{rows.stop - 1}", f"{cols.start}-{cols.stop - 1}"),
    }
    assert len(rows) == len(cols) == 7
    numbers = [t.text for t in root.iter(f"{SVG}text") if t.text and re.fullmatch(r"-?\d+", t.text)]
    data = page_data(book_sheet())
    by_key = {layer["key"]: layer for layer in data["layers"]}
    expected = [str(v) for key in ("layer1", "layer2", "input") for row in by_key[key]["values"] for v in row]
    assert numbers == expected


@pytest.mark.browser
def test_without_javascript_the_page_shows_the_static_figure(new_page: Callable[..., Page], site: Path, server: str) -> None:
    page = new_page(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page.goto(server + URL)
    figure = page.locator(".precedents img.precedents-static")
    figure.scroll_into_view_if_needed()
    expect(figure).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 700", arg=figure.element_handle())
    assert page.locator(".pc-app").count() == 0


# --- the interactive page ------------------------------------------------------------------------------


@pytest.mark.browser
def test_the_grids_show_the_workbooks_numbers_in_its_colour_scale(ready: Page, workbook_values: dict[str, np.ndarray]) -> None:
    page = ready
    expect(page.locator(".precedents-static")).to_be_hidden()
    grids = [(cells(key), workbook_values[key], "ink" if key == "input" else "heat") for key in SIZES]
    grids += [(f'.pc-panel[data-layer="layer{n}"] .pc-kernel td', book_sheet().block(f"kernel{n}").values, "kernel") for n in (1, 2)]
    for selector, values, scale in grids:
        shown = page.eval_on_selector_all(selector, "els => els.map(e => [e.textContent, getComputedStyle(e).backgroundColor])")
        assert len(shown) == values.size
        numbers = np.array([int(text.replace("−", "-")) for text, _ in shown]).reshape(values.shape)
        np.testing.assert_array_equal(numbers, values, err_msg=selector)
        low, high = values.min(), values.max()
        for (_, colour), value in zip(shown, values.flat):
            r, g, b = (int(x) for x in re.findall(r"\d+", colour)[:3])
            expected = SHEET_SCALES[scale].colour(int(value), low, high)
            assert f"#{r:02x}{g:02x}{b:02x}" == expected, f"{selector}: {value} drawn {colour}"
    assert page.errors == []  # type: ignore[attr-defined]


@pytest.mark.browser
def test_the_page_starts_on_the_example_cell_and_quotes_its_workbook_formula(ready: Page, site: Path) -> None:
    assert_marks(ready, "layer2", BOOK_EXAMPLE)
    readout = ready.locator(".pc-readout").inner_text()
    assert "= 2793" in readout and "7×7" in readout
    ws = openpyxl.load_workbook(site / "downloads" / "conv-example.xlsx")["Book"]
    for layer, cell in (("layer2", BOOK_EXAMPLE), ("layer1", (4, 9))):
        block = book_sheet().block(layer)
        if layer == "layer1":
            ready.locator(cells(layer)).nth(cell[0] * 13 + cell[1]).click()
        address = block.cell(*cell)
        assert f"cell {address} " in ready.locator(".pc-readout").inner_text()
        assert ready.locator(".pc-readout code").inner_text() == ws[address].value, f"{layer} {cell}"


@pytest.mark.browser
@pytest.mark.parametrize("cell", [(0, 0), (2, 6), (7, 11), (12, 12)])
def test_hovering_a_layer_1_cell_highlights_its_3x3_input_block(ready: Page, cell: tuple[int, int]) -> None:
    ready.locator(cells("layer1")).nth(cell[0] * 13 + cell[1]).hover()
    assert_marks(ready, "layer1", cell)


@pytest.mark.browser
@pytest.mark.parametrize("cell", [(0, 0), (1, 3), (3, 2), (5, 5)])
def test_hovering_a_layer_2_cell_highlights_3x3_of_layer_1_and_the_7x7_input_patch(ready: Page, cell: tuple[int, int]) -> None:
    ready.locator(cells("layer2")).nth(cell[0] * 6 + cell[1]).hover()
    assert_marks(ready, "layer2", cell)
    box = ready.locator('.pc-panel[data-layer="input"] .pc-box').bounding_box()
    rows, cols = receptive_field(cell, list(BOOK_LAYERS), 28)
    first = ready.locator(cells("input")).nth(rows.start * 28 + cols.start).bounding_box()
    last = ready.locator(cells("input")).nth((rows.stop - 1) * 28 + cols.stop - 1).bounding_box()
    assert abs(box["x"] - first["x"]) < 4 and abs(box["y"] - first["y"]) < 4, "the outline starts at the patch"
    assert abs(box["x"] + box["width"] - last["x"] - last["width"]) < 4, "the outline ends at the patch"


@pytest.mark.browser
def test_leaving_the_grids_returns_to_the_pinned_cell(ready: Page) -> None:
    ready.locator(cells("layer1")).nth(5 * 13 + 5).click()
    ready.locator(cells("layer2")).nth(0).hover()
    assert_marks(ready, "layer2", (0, 0))
    ready.mouse.move(2, 2)
    assert_marks(ready, "layer1", (5, 5))


@pytest.mark.browser
def test_the_keyboard_reaches_the_grids_and_arrows_move_the_selection(ready: Page) -> None:
    page = ready
    page.locator("article a[href$='downloads/conv-example.xlsx']").first.focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.getAttribute('role'), document.activeElement.closest('.pc-panel')?.dataset.layer]")
    assert focused == ["gridcell", "layer2"], "Tab goes from the intro straight to layer 2"
    assert_marks(page, "layer2", BOOK_EXAMPLE)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowRight")
    assert_marks(page, "layer2", (BOOK_EXAMPLE[0] + 1, BOOK_EXAMPLE[1] + 1))
    page.keyboard.press("End")
    assert_marks(page, "layer2", (BOOK_EXAMPLE[0] + 1, 5))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.pc-panel')?.dataset.layer") == "layer1"
    page.keyboard.press("ArrowDown")
    assert_marks(page, "layer1", (1, 0))
    for key in ("layer1", "layer2"):
        assert page.locator(f'.pc-panel[data-layer="{key}"] td[tabindex="0"]').count() == 1, "one tab stop per grid"
    assert page.locator('.pc-panel[data-layer="input"] td[tabindex]').count() == 0
    assert page.locator(".pc-readout").get_attribute("aria-live") == "polite"


@pytest.mark.browser
def test_tapping_on_a_phone_highlights_and_scrolls_the_patch_into_view(phone: Page, site: Path, server: str) -> None:
    phone.goto(server + URL)
    expect(phone.locator(".precedents")).to_have_attribute("data-state", "ready")
    assert phone.evaluate("document.documentElement.scrollWidth <= innerWidth"), "the page scrolls sideways"
    cell = (5, 5)
    phone.locator(cells("layer2")).nth(cell[0] * 6 + cell[1]).tap()
    assert_marks(phone, "layer2", cell)
    scroller = phone.locator('.pc-panel[data-layer="input"] .pc-scroll')
    assert scroller.evaluate("e => e.scrollWidth > e.clientWidth"), "the 28 columns are wider than a phone"
    view = scroller.bounding_box()
    patch = phone.locator('.pc-panel[data-layer="input"] .pc-box').bounding_box()
    assert view["x"] <= patch["x"] and patch["x"] + patch["width"] <= view["x"] + view["width"], "the patch is scrolled into view"
    layer1 = (12, 0)
    phone.locator(cells("layer1")).nth(layer1[0] * 13 + layer1[1]).tap()
    assert_marks(phone, "layer1", layer1)
    font = phone.locator(cells("input")).first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert font >= 9, "the input's numbers stay readable on a phone"


def contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(x) / 255 for x in re.findall(r"\d+", colour)[:3]]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_numbers_and_text_are_readable_in_light_and_dark_mode(new_page: Callable[..., Page], site: Path, server: str, scheme: str) -> None:
    page = new_page(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page.goto(server + URL)
    expect(page.locator(".precedents")).to_have_attribute("data-state", "ready")
    assert page.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
    pairs = page.eval_on_selector_all(
        ".pc-grid td", "els => els.map(e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor])"
    )
    worst = min(contrast(fg, bg) for fg, bg in pairs)
    assert worst >= 4.5, f"{scheme}: a number has contrast {worst:.2f}"
    for selector in (".pc-readout", ".pc-title", ".pc-detail"):
        fg, bg = page.locator(selector).first.evaluate(
            "e => { let b = e; while (b && getComputedStyle(b).backgroundColor.endsWith(', 0)')) b = b.parentElement;"
            " return [getComputedStyle(e).color, getComputedStyle(b || document.body).backgroundColor]; }"
        )
        assert contrast(fg, bg) >= 4.5, f"{scheme}: {selector} {fg} on {bg}"


@pytest.mark.browser
def test_instant_navigation_renders_the_page_once_and_it_still_works(page: Page, site: Path, server: str) -> None:
    page.goto(server + "first-cnn/", wait_until="networkidle")
    page.evaluate("window.__sameDocument = true")
    nav_link = "nav.md-nav--primary a.md-nav__link[href$='trace-precedents/']"
    for _ in range(2):
        page.locator(nav_link).first.click()
        page.wait_for_url(server + URL)
        expect(page.locator(".precedents")).to_have_attribute("data-state", "ready")
        page.locator("nav.md-nav--primary a.md-nav__link[href$='first-cnn/']").first.click()
        page.wait_for_url(server + "first-cnn/")
        expect(page.locator(".precedents")).to_have_count(0)  # the address moves before the page is swapped
    page.locator(nav_link).first.click()
    expect(page.locator(".precedents")).to_have_attribute("data-state", "ready")
    assert page.evaluate("window.__sameDocument === true"), "instant navigation reloaded the page"
    page.evaluate("document$.next(document)")  # one more emission, as Material sends on every page
    assert page.locator(".pc-app").count() == 1
    page.locator(cells("layer2")).nth(7).hover()
    assert_marks(page, "layer2", (1, 1))


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "mobile"])
def test_axe_finds_no_violation_on_the_interactive_page(
    new_page: Callable[..., Page], site: Path, server: str, axe: Axe, scheme: str, width: int
) -> None:
    page = new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page.goto(server + URL)
    expect(page.locator(".precedents")).to_have_attribute("data-state", "ready")
    page.locator(cells("layer1")).nth(2 * 13 + 6).click()
    assert axe.violations(page, within="article") == []
