"""The kernel playground: its data and static figure come from the figures' Python (kernels, colour
scales, arithmetic); in Chromium its own script computes what numpy computes for every preset, stride
and padding, draws it on the figures' colour scale, writes out a cell's sum term by term, keeps its
state in the URL (bad values clamped or ignored, with a note), works by keyboard and touch, keeps its
layout still while it starts, passes axe in light and dark, and without JavaScript shows its figure."""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest
from playwright.sync_api import Page, expect

from scripts.arithmetic.convolution import KERNELS, conv2d, load_digit, output_size, window_at
from scripts.build.site_script import ENTRIES, SITE_PATH
from scripts.drawing.colour_scale import LEVELS, diverging, grey
from scripts.pages.playground_data import (
    DEFAULT,
    PADDING_COLOUR,
    PADDINGS,
    PRESETS,
    STRIDES,
    State,
    diverging_colour,
    diverging_table,
    page_data,
)
from scripts.pages.playground_figure import number, playground_figure, size_formula, sum_text
from tests.axe_check import Axe
from tests.conftest import ROOT
from tests.site_pages import answer_after, nav_pages, question_headings, soup_of

URL = "kernel-playground/"
SCRIPT = ROOT / "docs" / "javascripts" / "playground.js"
MAX_SCRIPT_GZIP = 6 * 1024
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def digit() -> np.ndarray:
    return load_digit()


# --- the data and the static figure (pure Python) -------------------------------------------------


@pytest.mark.unit
def test_presets_reuse_the_chapters_kernels_and_add_identity_blur_and_sharpen() -> None:
    for name, (_title, kernel) in KERNELS.items():
        assert PRESETS[name][1] is kernel, f"{name}: a copy of the chapter's kernel, not the kernel itself"
    names = [name for name, _weights in PRESETS.values()]
    assert names == ["Top edge", "Bottom edge", "Left edge", "Right edge", "Diagonal /", "Diagonal \\", "Identity", "Blur", "Sharpen"]
    image = np.arange(25).reshape(5, 5)
    assert (conv2d(image, PRESETS["identity"][1]) == image[1:4, 1:4]).all()
    assert PRESETS["blur"][1].sum() == 16 and (PRESETS["blur"][1] > 0).all()
    assert PRESETS["sharpen"][1].sum() == 1 and PRESETS["sharpen"][1][1, 1] == 5
    data = page_data()
    assert [p["id"] for p in data["presets"]] == list(PRESETS)
    assert data["strides"] == [1, 2, 3] and data["paddings"] == [0, 1, 2]


@pytest.mark.unit
def test_the_colour_tables_are_the_figures_colour_functions() -> None:
    table = diverging_table()
    assert len(table) == 2 * LEVELS + 1 and table[LEVELS] == diverging(0, 1)
    for vmax in (1, 7, 30, 762, 1020, 2.5):
        for value in np.linspace(-vmax, vmax, 397):
            assert diverging_colour(float(value), vmax, table) == diverging(float(value), vmax), (value, vmax)
    assert diverging_colour(5, 0, table) == diverging(5, 0)
    assert page_data()["greys"] == [grey(value) for value in range(256)]


@pytest.mark.unit
def test_the_written_out_arithmetic(digit: np.ndarray) -> None:
    assert size_formula(28, 2, 1) == "⌊(28 + 2·1 − 3) / 2⌋ + 1 = 14"
    assert size_formula(28, 3, 0) == "⌊(28 + 2·0 − 3) / 3⌋ + 1 = 9"
    top = PRESETS["top-edge"][1]
    assert sum_text(window_at(digit, (4, 6)), top) == "(−1)·0 + (−1)·0 + (−1)·0 + 0·142 + 0·155 + 0·246 + 1·254 + 1·254 + 1·254 = 762", (
        "question 3's example"
    )
    blur = PRESETS["blur"][1]
    assert sum_text(window_at(digit, (0, 0), 3, 2, 1), blur).startswith("1·0 + 2·0 + 1·0 + 2·0 + 4·0")
    assert sum_text(np.array([[1, 2, 0]] * 3), np.array([[0.5, -0.25, 1]] * 3)).startswith("0.5·1 + (−0.25)·2 + 1·0")
    assert number(-0.5) == "−0.5" and number(2.0) == "2" and number(1 / 3) == "0.333"


@pytest.mark.unit
def test_the_static_figure_draws_the_default_state(digit: np.ndarray) -> None:
    svg = playground_figure(digit)
    root = ET.fromstring(svg)
    texts = [text.text for text in root.iter(f"{SVG}text")]
    m = output_size(28, 3, DEFAULT.stride, DEFAULT.padding)
    assert f"Output size: {size_formula(28, DEFAULT.stride, DEFAULT.padding)} → {m}×{m}" in texts
    patch = window_at(digit, DEFAULT.cell, 3, DEFAULT.stride, DEFAULT.padding)
    assert sum_text(patch, PRESETS[DEFAULT.kernel][1]) in texts
    assert "762" in root.find(f"{SVG}title").text
    padded = playground_figure(digit, State("top-edge", 2, 1, (3, 4)))
    assert "⌊(28 + 2·1 − 3) / 2⌋ + 1 = 14 → 14×14" in padded and "input 28×28, padding 1" in padded
    assert playground_figure(digit) == svg, "not deterministic"


@pytest.mark.unit
def test_the_script_is_small_its_own_entry_and_imports_no_library() -> None:
    text = SCRIPT.read_text(encoding="utf-8")
    size = len(gzip.compress(text.encode("utf-8"), compresslevel=9))
    assert size <= MAX_SCRIPT_GZIP, f"playground.js is {size} bytes gzip (budget {MAX_SCRIPT_GZIP})"
    assert ("javascripts/playground.js", "javascripts/playground.js") in ENTRIES, "bundled into site.js, it would load on every page"
    imported = re.findall(r'^import .* from "([^"]+)";$', text, re.MULTILINE)
    assert imported and all(name.startswith("./") for name in imported), f"the site's own modules only: {imported}"


# --- the built site -------------------------------------------------------------------------------


@pytest.mark.site
def test_the_page_serves_its_figure_data_and_script_and_no_other_page_loads_it(site: Path) -> None:
    soup = soup_of(site / URL / "index.html")
    figure = soup.select_one(".kp img.kp-static")
    assert figure is not None and figure.get("loading") != "lazy"
    assert (site / URL / str(figure["src"])).resolve() == (site / "playground" / "default.svg").resolve()
    assert (site / "playground" / "default.svg").read_text(encoding="utf-8") == playground_figure()
    link = soup.select_one("a#kp-data")
    assert link is not None
    assert json.loads((site / URL / str(link["href"])).resolve().read_text(encoding="utf-8")) == page_data()
    scripts = [s for s in soup.select("script[src]") if "playground.js" in str(s["src"])]
    assert len(scripts) == 1 and scripts[0]["type"] == "module"
    assert (site / URL / str(scripts[0]["src"])).resolve() == (site / "javascripts" / "playground.js").resolve()
    for url in nav_pages(site):
        if url != URL:
            assert "playground.js" not in (site / url / "index.html").read_text(encoding="utf-8"), url
    assert "kp-data" not in (site / SITE_PATH).read_text(encoding="utf-8")
    assert URL in nav_pages(site)


@pytest.mark.site
def test_the_answers_to_questions_1_to_7_link_to_the_playground_with_a_state(site: Path) -> None:
    soup = soup_of(site / "magic-of-convolutions" / "index.html")
    linked: dict[str, list[str]] = {}
    for heading in question_headings(soup):
        answer = answer_after(heading)
        assert answer is not None
        links = [str(a["href"]) for a in answer.select("a[href]") if "kernel-playground/" in str(a["href"])]
        if links:
            linked[str(heading["id"])] = links
    assert sorted(linked) == [f"q{n}" for n in range(1, 8)]
    for question, links in linked.items():
        query = parse_qs(urlsplit(links[0]).query)
        assert query["kernel"][0] in PRESETS, question
    assert parse_qs(urlsplit(linked["q6"][0]).query) == {"kernel": ["top-edge"], "stride": ["2"], "padding": ["1"], "cell": ["3,4"]}


# --- in Chromium ----------------------------------------------------------------------------------


def open_playground(page: Page, server: str, query: str = "") -> Page:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server + URL + query)
    expect(page.locator(".kp")).to_have_attribute("data-state", "ready")
    page.errors = errors  # type: ignore[attr-defined]
    return page


RUN = re.compile(r"M(\d+) (\d+)h(\d+)v1H\1z")


def drawn_colours(page: Page, svg: str, size: int) -> list[list[str | None]]:
    """The colour the page drew in each cell of a grid: its paths are runs of cells, one path per colour."""
    grid: list[list[str | None]] = [[None] * size for _ in range(size)]
    for fill, d in page.eval_on_selector_all(f"{svg} path", "ps => ps.map(p => [p.getAttribute('fill'), p.getAttribute('d')])"):
        assert RUN.sub("", d) == "", f"not a list of runs: {d[:80]}"
        for col, row, length in RUN.findall(d):
            for c in range(int(col), int(col) + int(length)):
                assert grid[int(row)][c] is None, f"cell {row}, {c} painted twice"
                grid[int(row)][c] = fill
    return grid


# The page's module, imported in the page (the same instance its <script> ran): its exports are the tests' hooks.
PAGE_MODULE = "(await import(document.querySelector('script[src$=\"playground.js\"]').src))"


def shown_state(page: Page) -> dict:
    return page.evaluate(f"async () => {PAGE_MODULE}.state()")


def expected_sum(digit: np.ndarray, kernel: np.ndarray, stride: int, pad: int, cell: tuple[int, int]) -> str:
    return sum_text(window_at(digit, cell, 3, stride, pad), kernel)


@pytest.mark.browser
@pytest.mark.slow
def test_the_page_computes_and_colours_what_numpy_does_for_every_preset_stride_and_padding(
    page: Page, server: str, digit: np.ndarray
) -> None:
    open_playground(page, server)
    checked = 0
    for name, (label, kernel) in PRESETS.items():
        page.get_by_role("button", name=label, exact=True).click()
        for stride in STRIDES:
            page.get_by_label("Stride", exact=True).select_option(str(stride))
            for pad in PADDINGS:
                page.get_by_label("Padding", exact=True).select_option(str(pad))
                expected = conv2d(digit, kernel, stride, pad)
                m = expected.shape[0]
                expect(page.get_by_label("Output size", exact=True)).to_have_text(f"{m}×{m}")
                state = shown_state(page)
                assert np.array_equal(np.array(state["out"]), expected), f"{name}, stride {stride}, padding {pad}"
                vmax = float(np.abs(expected).max())
                assert drawn_colours(page, ".kp-out svg", m) == [[diverging(float(v), vmax) for v in row] for row in expected], (
                    f"{name} {stride} {pad}: colours"
                )
                expect(page.locator(".kp-formula")).to_have_text(size_formula(28, stride, pad))
                checked += 1
    assert checked == len(PRESETS) * len(STRIDES) * len(PADDINGS)
    # Any weights, fractions too: the same sums in the same order, so the same doubles.
    weights = [0.5, -1.25, 0, 3, 0.1, -7, 1 / 3, 2, -0.2]
    for index, weight in enumerate(weights):
        page.get_by_label(f"Kernel row {index // 3 + 1}, column {index % 3 + 1}", exact=True).fill(str(weight))
    page.get_by_label("Stride", exact=True).select_option("2")
    page.get_by_label("Padding", exact=True).select_option("1")
    state = shown_state(page)
    assert np.array_equal(np.array(state["out"]), conv2d(digit, np.array(weights).reshape(3, 3), 2, 1))
    assert page.errors == []  # type: ignore[attr-defined]


def patch_position(page: Page) -> tuple[float, float]:
    patch = page.locator(".kp-patch")
    return float(patch.get_attribute("y")), float(patch.get_attribute("x"))


def assert_selected(page: Page, digit: np.ndarray, kernel: np.ndarray, stride: int, pad: int, cell: tuple[int, int]) -> None:
    state = shown_state(page)
    assert (state["r"], state["c"]) == cell
    assert patch_position(page) == (cell[0] * stride, cell[1] * stride), "the outlined input patch"
    pick = page.locator(".kp-pick")
    assert (float(pick.get_attribute("y")), float(pick.get_attribute("x"))) == cell, "the outlined output cell"
    expect(page.locator(".kp-sum")).to_have_text(expected_sum(digit, kernel, stride, pad, cell))
    value = number(conv2d(digit, kernel, stride, pad)[cell])
    expect(live_region(page)).to_contain_text(f"Row {cell[0]}, column {cell[1]}: {value}")


def live_region(page: Page):
    """The polite live region that announces each change (the <output> of the size is a status too, not live)."""
    region = page.locator(".kp-status")
    expect(region).to_have_attribute("role", "status")
    return region


def cell_point(page: Page, cell: tuple[int, int], m: int) -> tuple[float, float]:
    page.locator(".kp-out").scroll_into_view_if_needed()
    box = page.locator(".kp-out svg").bounding_box()
    assert box is not None
    return box["x"] + (cell[1] + 0.5) * box["width"] / m, box["y"] + (cell[0] + 0.5) * box["height"] / m


@pytest.mark.browser
def test_pointing_at_or_arrowing_to_a_cell_outlines_its_patch_and_writes_its_sum(page: Page, server: str, digit: np.ndarray) -> None:
    top = PRESETS["top-edge"][1]
    open_playground(page, server)
    assert_selected(page, digit, top, 1, 0, DEFAULT.cell)
    expect(page.locator(".kp-sum")).to_have_text(re.compile(r"= 762$"))
    page.get_by_label("Stride", exact=True).select_option("2")
    page.get_by_label("Padding", exact=True).select_option("1")
    page.mouse.move(*cell_point(page, (3, 4), 14))
    assert_selected(page, digit, top, 2, 1, (3, 4))
    padded = np.pad(digit, 1, constant_values=-1)
    assert drawn_colours(page, ".kp-in", 30) == [[PADDING_COLOUR if v < 0 else grey(v) for v in row] for row in padded]
    page.mouse.move(*cell_point(page, (0, 0), 14))
    assert_selected(page, digit, top, 2, 1, (0, 0))
    expect(page.locator(".kp-where")).to_contain_text("rows −1 to 1")
    page.locator(".kp-out").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert_selected(page, digit, top, 2, 1, (1, 2))
    page.keyboard.press("End")
    assert_selected(page, digit, top, 2, 1, (1, 13))
    page.keyboard.press("ArrowRight")
    assert_selected(page, digit, top, 2, 1, (1, 13))
    page.keyboard.press("Home")
    assert_selected(page, digit, top, 2, 1, (1, 0))
    page.get_by_label("Stride", exact=True).select_option("3")
    assert_selected(page, digit, top, 3, 1, (1, 0))
    assert page.errors == []  # type: ignore[attr-defined]


@pytest.mark.browser
def test_on_a_phone_a_tap_selects_a_cell_nothing_scrolls_sideways_and_targets_are_24px(phone: Page, server: str, digit: np.ndarray) -> None:
    open_playground(phone, server, "?kernel=left-edge&stride=2&padding=1")
    assert phone.evaluate("document.documentElement.scrollWidth <= innerWidth"), "the page scrolls sideways"
    phone.touchscreen.tap(*cell_point(phone, (10, 5), 14))
    assert_selected(phone, digit, PRESETS["left-edge"][1], 2, 1, (10, 5))
    targets = phone.locator(".kp-app :is(input, select, button, .kp-out)")
    assert targets.count() == 9 + 2 + len(PRESETS) + 1
    for index in range(targets.count()):
        box = targets.nth(index).bounding_box()
        assert box is not None and box["width"] >= 24 and box["height"] >= 24, (index, box)


@pytest.mark.browser
def test_the_state_lives_in_the_url_and_a_link_restores_it(page: Page, server: str, digit: np.ndarray) -> None:
    open_playground(page, server)
    page.get_by_role("button", name="Sharpen").click()
    page.get_by_label("Stride", exact=True).select_option("3")
    page.get_by_label("Padding", exact=True).select_option("2")
    page.locator(".kp-out").focus()
    page.keyboard.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"\?kernel=sharpen&stride=3&padding=2&cell=4,7$"))
    page.get_by_label("Kernel row 1, column 1", exact=True).fill("-2.5")
    expect(page).to_have_url(re.compile(r"\?kernel=-2.5,-1,0,-1,5,-1,0,-1,0&stride=3&padding=2&cell=4,7$"))
    other = page.context.new_page()
    other.set_viewport_size(page.viewport_size)  # type: ignore[arg-type]
    open_playground(other, server, "?" + urlsplit(page.url).query)
    expect(other.get_by_label("Kernel row 1, column 1", exact=True)).to_have_value("-2.5")
    expect(other.get_by_label("Stride", exact=True)).to_have_value("3")
    expect(other.get_by_label("Padding", exact=True)).to_have_value("2")
    expect(other.get_by_label("Output size", exact=True)).to_have_text("10×10")
    kernel = PRESETS["sharpen"][1].astype(float)
    kernel[0, 0] = -2.5
    assert_selected(other, digit, kernel, 3, 2, (4, 7))
    expect(other.locator(".kp-note")).to_be_hidden()
    expect(other.get_by_role("button", name="Sharpen")).to_have_attribute("aria-pressed", "false")
    other.close()


@pytest.mark.browser
@pytest.mark.parametrize(
    "query, state, notes",
    [
        (
            "?kernel=nonsense&stride=9&padding=-3&cell=99,x",
            {"s": 3, "p": 0, "r": 8, "c": 6, "w": [-1, -1, -1, 0, 0, 0, 1, 1, 1]},
            ["nonsense", "stride 9", "padding -3", "cell row 99", "cell column “x”"],
        ),
        (
            "?kernel=1,2,3,4,500,6,7,8,-1e9&stride=1.5&padding=&cell=2",
            {"s": 1, "p": 0, "r": 4, "c": 6, "w": [1, 2, 3, 4, 99, 6, 7, 8, -99]},
            ["±99", "stride “1.5”", "padding “”", "cell “2”"],
        ),
    ],
)
def test_bad_values_in_a_link_are_clamped_or_ignored_with_a_visible_note(
    page: Page, server: str, digit: np.ndarray, query: str, state: dict, notes: list[str]
) -> None:
    open_playground(page, server, query)
    shown = shown_state(page)
    assert {key: shown[key] for key in state} == state
    note = page.locator(".kp-note")
    expect(note).to_be_visible()
    for fragment in notes:
        expect(note).to_contain_text(fragment)
    kernel = np.array(state["w"]).reshape(3, 3)
    assert np.array_equal(np.array(shown["out"]), conv2d(digit, kernel, state["s"], state["p"]))
    assert page.errors == []  # type: ignore[attr-defined]


@pytest.mark.browser
def test_controls_have_their_names_and_changes_are_announced_politely(page: Page, server: str) -> None:
    open_playground(page, server)
    for row in (1, 2, 3):
        for col in (1, 2, 3):
            expect(page.get_by_label(f"Kernel row {row}, column {col}", exact=True)).to_have_count(1)
    for name in ("Stride", "Padding", "Output size"):
        expect(page.get_by_label(name, exact=True)).to_have_count(1)
    for _key, (label, _kernel) in PRESETS.items():
        expect(page.get_by_role("button", name=label, exact=True)).to_have_count(1)
    expect(page.get_by_label("Output size", exact=True)).to_have_text("26×26")
    status = live_region(page)
    assert status.evaluate("e => e.getAttribute('aria-live')") in (None, "polite"), "role status: polite"
    assert page.get_by_label("Output size", exact=True).get_attribute("aria-live") == "off"
    page.get_by_role("button", name="Blur").click()
    expect(status).to_have_text(re.compile(r"^Blur kernel, stride 1, padding 0: output 26×26\. Row 4, column 6: \d+\.$"))
    expect(page.get_by_role("button", name="Blur")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("button", name="Top edge")).to_have_attribute("aria-pressed", "false")


@pytest.mark.browser
def test_the_keyboard_alone_reaches_and_works_every_control(page: Page, server: str, digit: np.ndarray) -> None:
    open_playground(page, server)
    page.get_by_label("Kernel row 1, column 1", exact=True).focus()
    order = []
    for _ in range(9 + 2 + len(PRESETS) + 1):
        order.append(
            page.evaluate(
                "document.activeElement.getAttribute('aria-label') || document.activeElement.id || document.activeElement.textContent"
            )
        )
        page.keyboard.press("Tab")
    assert order[:9] == [f"Kernel row {i // 3 + 1}, column {i % 3 + 1}" for i in range(9)]
    assert order[9:11] == ["kp-stride", "kp-padding"]
    assert order[11:-1] == [label for label, _k in PRESETS.values()]
    assert order[-1].startswith("Output cells")
    page.get_by_label("Kernel row 2, column 2", exact=True).focus()
    page.keyboard.press("Control+a")
    page.keyboard.type("9")
    expect(live_region(page)).to_contain_text("Custom kernel")
    corner = page.get_by_label("Kernel row 3, column 3", exact=True)
    corner.fill("150")
    corner.press("Tab")  # leaving the field: the weight is clamped to the limit, and shown so
    expect(corner).to_have_value("99")
    corner.fill("")
    corner.press("Tab")  # an empty field gets its weight back
    expect(corner).to_have_value("99")
    assert shown_state(page)["w"][8] == 99
    page.get_by_label("Padding", exact=True).focus()
    page.keyboard.press("ArrowDown")  # a focused <select> changes its value with the arrow keys
    expect(page.get_by_label("Output size", exact=True)).to_have_text("28×28")
    page.get_by_role("button", name="Right edge").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Right edge")).to_have_attribute("aria-pressed", "true")
    page.locator(".kp-out").focus()
    page.keyboard.press("ArrowUp")
    assert_selected(page, digit, PRESETS["right-edge"][1], 1, 1, (3, 6))


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "mobile"])
def test_axe_finds_no_violation_in_the_live_playground(
    new_page: Callable[..., Page], server: str, axe: Axe, scheme: str, width: int
) -> None:
    page = open_playground(
        new_page(viewport={"width": width, "height": 900}, color_scheme=scheme), server, "?kernel=top-edge&stride=2&padding=1&cell=3,40"
    )
    expect(page.locator(".kp-note")).to_be_visible()
    page.get_by_role("button", name="Top edge").focus()
    assert axe.violations(page) == []


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 412, 800, 1280])
def test_starting_the_playground_moves_nothing_below_it(new_page: Callable[..., Page], server: str, width: int) -> None:
    """The space the live playground takes is kept free from the first paint: no layout shift."""
    page = new_page(viewport={"width": width, "height": 900})
    page.route("**/playground.js", lambda route: route.abort())
    page.goto(server + URL)
    expect(page.locator(".kp-static")).to_be_visible()
    before = page.locator(".kp + p").bounding_box()
    page.unroute("**/playground.js")
    open_playground(page, server)
    after = page.locator(".kp + p").bounding_box()
    assert before is not None and after is not None
    assert abs(after["y"] - before["y"]) <= 1, f"{width}px: the text below moved from {before['y']} to {after['y']}"


@pytest.mark.browser
def test_without_javascript_the_page_shows_its_figure_and_text(new_page: Callable[..., Page], server: str) -> None:
    page = new_page(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page.goto(server + URL + "?kernel=blur")
    figure = page.locator("img.kp-static")
    expect(figure).to_be_visible()
    assert figure.evaluate("img => img.complete && img.naturalWidth > 0")
    box = figure.bounding_box()
    assert box is not None and box["height"] > 300
    assert page.locator(".kp").evaluate("e => e.getBoundingClientRect().height") < box["height"] + 2, (
        "no space kept for a playground that will not come"
    )
    expect(page.locator(".kp-app")).to_have_count(0)
    expect(page.locator("article h2#what-you-can-change")).to_be_visible()


@pytest.mark.browser
def test_a_link_from_an_answer_opens_its_state_with_instant_navigation(page: Page, server: str) -> None:
    page.goto(server + "magic-of-convolutions/", wait_until="networkidle")
    page.evaluate("window.__sameDocument = true")
    page.locator("#q6 + details > summary").click()
    page.locator("#q6 + details a[href*='kernel-playground/']").click()
    expect(page.locator(".kp")).to_have_attribute("data-state", "ready")
    assert page.evaluate("window.__sameDocument === true"), "instant navigation reloaded the page"
    expect(page.get_by_label("Output size", exact=True)).to_have_text("14×14")
    assert (shown_state(page)["r"], shown_state(page)["c"]) == (3, 4)
    page.evaluate("document$.next(document)")  # one more emission, as Material sends on every page
    expect(page.locator(".kp-app")).to_have_count(1)


@pytest.mark.browser
def test_arriving_leaves_the_address_as_it_was(page: Page, server: str) -> None:
    """The state is written into the address once the reader changes something, not on arrival."""
    open_playground(page, server)
    assert urlsplit(page.url).query == ""
    page.get_by_role("button", name="Blur").click()
    expect(page).to_have_url(re.compile(r"\?kernel=blur&"))
