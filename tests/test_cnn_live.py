"""The book's CNN, live (docs/cnn-live.md): the committed weights have the book's shapes and the
held-out accuracy they claim; the page shows every layer with q15's shapes and parameters; in
Chromium the script's forward pass (reading the .safetensors file itself) gives numpy's numbers
for every layer, a selected activation outlines the receptive field the arithmetic gives in every
earlier layer, a drawn 7 is read as a 7; and the page works without JavaScript, on a phone, in
dark mode, after instant navigation, with no layout shift and no axe violation."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import Page, expect
from safetensors.numpy import load_file

from scripts.arithmetic import simple_cnn
from scripts.arithmetic.convolution import conv2d_channels, load_digit, receptive_field
from scripts.pages import cnn_live
from tests.axe_check import Axe
from tests.conftest import ROOT
from tests.site_pages import soup_of

URL = "cnn-live/"
SCRIPT = ROOT / "docs" / "javascripts" / "cnn-live.js"
BOOK_SHAPES = [(4, 1, 3, 3), (8, 4, 3, 3), (16, 8, 3, 3), (32, 16, 3, 3), (2, 32, 3, 3)]
LARGEST_DIFFERENCE: list[float] = []  # filled by the comparison tests, printed for the report


@pytest.fixture(scope="module")
def weights() -> dict[str, np.ndarray]:
    return simple_cnn.load_weights()


@pytest.fixture(scope="module")
def data() -> dict:
    return cnn_live.page_data()


def numpy_layers(weights: dict[str, np.ndarray], pixels: np.ndarray) -> list[np.ndarray]:
    return [a[0] for a in simple_cnn.forward(weights, simple_cnn.to_input(np.asarray(pixels).reshape(28, 28)))]


# ---- the model and its data (no build, no browser) -----------------------------------------------


@pytest.mark.unit
def test_the_weights_file_holds_the_books_shapes_6722_float32_parameters() -> None:
    official = load_file(str(simple_cnn.WEIGHTS_FILE))  # the safetensors package's reader
    ours = simple_cnn.read_safetensors(simple_cnn.WEIGHTS_FILE.read_bytes())
    weights = [f"{n}.0.weight" for n in range(4)] + ["4.weight"]
    assert [official[name].shape for name in weights] == BOOK_SHAPES
    assert [official[name.replace("weight", "bias")].shape for name in weights] == [(s[0],) for s in BOOK_SHAPES]
    assert sorted(official) == sorted(ours) == sorted(simple_cnn.expected_shapes())
    assert all(array.dtype == np.float32 for array in official.values())
    assert sum(array.size for array in official.values()) == 6722
    for name, array in official.items():
        np.testing.assert_array_equal(ours[name], array)
    assert 26_000 < simple_cnn.WEIGHTS_FILE.stat().st_size < 29_000


@pytest.mark.unit
def test_the_held_out_accuracy_is_the_one_the_provenance_claims(weights: dict[str, np.ndarray]) -> None:
    provenance = json.loads(simple_cnn.PROVENANCE_FILE.read_text(encoding="utf-8"))
    for name, digest in provenance["files"].items():
        assert hashlib.sha256((ROOT / name).read_bytes()).hexdigest() == digest, f"{name} is not the file trained"
    pixels, classes, rows = simple_cnn.load_heldout()
    assert pixels.shape == (200, 28, 28) and pixels.dtype == np.uint8
    assert list(np.bincount(classes)) == [100, 100]
    assert all(row % 5 == 2 for row in rows) and set(rows[classes == 0]) <= set(range(1500, 2000))
    site = int(np.flatnonzero(rows == simple_cnn.SITE_DIGIT_ROW)[0])
    np.testing.assert_array_equal(pixels[site], load_digit(), "the site's digit is held out")
    correct, total = simple_cnn.accuracy(weights, pixels, classes)
    claim = provenance["held_out_accuracy"]
    print(f"\nheld-out accuracy: {correct}/{total} = {correct / total:.4f}")
    assert (correct, total) == (claim["correct"], claim["total"]) and round(correct / total, 4) == claim["accuracy"]
    page = (ROOT / "docs" / "cnn-live.md").read_text(encoding="utf-8")
    assert f"**{correct} of the {total} held-out digits right ({100 * correct / total:.1f}%)**" in page
    wrong = sum("gets wrong" in digit["title"] for digit in cnn_live.choice_digits(weights))
    assert wrong == 2 and "Two of the digits to choose from above are held-out digits it gets wrong." in page


@pytest.mark.unit
def test_the_numpy_forward_pass_is_the_sites_convolution_arithmetic(weights: dict[str, np.ndarray]) -> None:
    """Each output channel of conv_layer equals scripts.arithmetic.convolution's conv2d_channels plus the bias."""
    x = load_digit()[None] / 255.0  # (channels, height, width)
    for info in simple_cnn.layer_infos():
        ours = simple_cnn.conv_layer(x[None], weights[info.weight], weights[info.bias])[0]
        sites = np.stack(
            [
                conv2d_channels(x, kernel.astype(np.float64), stride=2, pad=1) + bias
                for kernel, bias in zip(weights[info.weight], weights[info.bias].astype(np.float64))
            ]
        )
        np.testing.assert_allclose(ours, sites, atol=1e-12)
        x = np.maximum(ours, 0)


@pytest.mark.unit
def test_receptive_fields_grow_3_7_15_31_63_with_the_sites_arithmetic() -> None:
    fields = cnn_live.fields()
    assert [layer[0]["size"] for layer in fields] == [3, 7, 15, 31, 63]
    assert [layer[-1]["size"] for layer in fields] == [3] * 5
    sizes = cnn_live.sizes()
    for layer in range(1, 6):
        for below in range(layer):
            for position in range(sizes[layer]):
                rows, cols = receptive_field((position, sizes[layer] - 1 - position), simple_cnn.LAYERS[below:layer], sizes[below])
                assert tuple(fields[layer - 1][below]["spans"][position]) == (rows.start, rows.stop)
                assert tuple(fields[layer - 1][below]["spans"][sizes[layer] - 1 - position]) == (cols.start, cols.stop)
    assert fields[2][0]["spans"][1] == (1, 16)  # layer 3, position 1: input rows 1-15, all on the image
    assert fields[2][0]["spans"][0] == (0, 8)  # position 0: 8 of its 15 rows on the image, 7 on the padding


@pytest.mark.unit
def test_the_layers_match_the_table_of_q15() -> None:
    """q15's table (batch of 64) and this page's layers (batch of 1): names, shapes, parameters."""
    markdown = (ROOT / "docs" / "first-cnn.md").read_text(encoding="utf-8")
    table = markdown[markdown.index("{ #q15 }") : markdown.index("{ #q16 }")]
    rows = re.findall(r"^\s*\| `(conv\([^`]+\))` \| 64×([\d×]+) \| ([\d,]+) \|", table, re.MULTILINE)
    assert len(rows) == 5
    for (name, shape, params), info in zip(rows, simple_cnn.layer_infos()):
        assert (name, "1×" + shape, int(params.replace(",", ""))) == (info.name, "×".join(map(str, info.shape)), info.params)


@pytest.mark.unit
def test_the_page_files_are_deterministic_and_the_script_is_small() -> None:
    first, second = cnn_live.generated_files(), cnn_live.generated_files()
    assert first == second
    svg = first[cnn_live.FIGURE_NAME].decode()
    assert "3: &gt;99.9%, 7: &lt;0.1%" in svg or "3: >99.9%" in svg
    size = len(gzip.compress(SCRIPT.read_bytes(), 9))
    print(f"\ncnn-live.js: {size:,} bytes gzip")
    assert size <= 8 * 1024


# ---- the built page -----------------------------------------------------------------------------------


@pytest.mark.site
def test_the_built_page_states_shapes_parameters_and_prediction_without_javascript(site: Path, weights: dict[str, np.ndarray]) -> None:
    soup = soup_of(site / URL / "index.html")
    figure = soup.select_one(".cnn-live img.cnn-live-static")
    assert figure is not None and figure.get("loading") != "lazy"
    svg = (site / URL / str(figure["src"])).resolve().read_text(encoding="utf-8")
    width, height = re.search(r'<svg[^>]* width="(\d+)" height="(\d+)"', svg).groups()
    assert (figure["width"], figure["height"]) == (width, height), "the figure's box is reserved at its real size"
    table = [[" ".join(td.get_text(" ").split()) for td in tr.select("td")] for tr in soup.select("article table tbody tr")]
    for info in simple_cnn.layer_infos():
        assert [info.name, "×".join(map(str, info.shape)), f"{info.params:,}"] in [row[:3] for row in table]
    assert ["total", "", "6,722", ""] in table
    probs = simple_cnn.probabilities(numpy_layers(weights, load_digit())[-1][None])[0]
    assert f"predicts 3 : {simple_cnn.prediction_text(probs)}" in " ".join(soup.select_one("article").get_text(" ").split())
    for link_id in ("cnn-live-data", "cnn-live-weights"):
        href = soup.select_one(f"a#{link_id}")["href"]
        assert (site / URL / href).resolve().is_file(), href
    served = (site / URL / soup.select_one("a#cnn-live-weights")["href"]).resolve()
    assert served.read_bytes() == simple_cnn.WEIGHTS_FILE.read_bytes()
    scripts = [s["src"] for s in soup.select("script[src]") if "cnn-live" in s["src"]]
    assert scripts == ["../javascripts/cnn-live.js"] and soup.select_one("script[src*='cnn-live']")["type"] == "module"
    assert "cnn-live" not in (site / "assets/javascripts/site.js").read_text(encoding="utf-8")
    assert not soup_of(site / "first-cnn" / "index.html").select("script[src*='cnn-live']")


@pytest.mark.site
def test_the_answers_it_illustrates_link_to_it(site: Path) -> None:
    for url, ids in [("magic-of-convolutions/", ["q9"]), ("first-cnn/", ["q11", "q13", "q14", "q15", "q16", "q17"])]:
        soup = soup_of(site / url / "index.html")
        for qid in ids:
            answer = soup.select_one(f"h2#{qid} + details.answer")
            assert answer is not None and answer.select("a[href$='cnn-live/']"), f"{url}#{qid} has no link to the page"


# ---- in Chromium ------------------------------------------------------------------------------------


@pytest.fixture
def live(page: Page, server: str) -> Iterator[Page]:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server + URL)
    expect(page.locator(".cnn-live")).to_have_attribute("data-state", "ready")
    yield page
    assert errors == []


# The page's module, imported in the page (the same instance its <script> ran): its exports are the tests' hooks.
PAGE_MODULE = "(await import(document.querySelector('script[src$=\"cnn-live.js\"]').src))"


def js_layers(page: Page, pixels: list[int]) -> list[np.ndarray]:
    return [np.array(a) for a in page.evaluate(f"async p => {PAGE_MODULE}.forwardPass(p)", pixels)]


def shown_pixels(page: Page) -> list[int]:
    return page.evaluate(f"async () => {PAGE_MODULE}.state().pixels")


def assert_same_layers(js: list[np.ndarray], ours: list[np.ndarray]) -> None:
    assert [a.size for a in js] == [a.size for a in ours] == [784, 392, 256, 128, 2]
    difference = max(float(np.abs(a - b.ravel()).max()) for a, b in zip(js, ours))
    LARGEST_DIFFERENCE.append(difference)
    assert difference <= 1e-4


@pytest.mark.browser
def test_every_layer_in_the_browser_is_numpys_from_the_same_file(live: Page, weights: dict[str, np.ndarray], data: dict) -> None:
    for index, digit in enumerate(data["digits"]):
        live.get_by_role("radio", name=re.compile(re.escape(f"(row {digit['row']})"))).check()
        pixels = [v for row in digit["pixels"] for v in row]
        assert shown_pixels(live) == pixels
        ours = numpy_layers(weights, pixels)
        assert_same_layers(js_layers(live, pixels), ours)
        probs = simple_cnn.probabilities(ours[-1][None])[0]
        winner = simple_cnn.CLASSES[int(probs.argmax())]
        expect(live.locator(".cl-prediction")).to_have_text(f"Prediction: {winner}{simple_cnn.prediction_text(probs)}")
        if index == 0:
            assert simple_cnn.prediction_text(probs) == "3: >99.9%, 7: <0.1%"
    print(f"\nlargest difference, browser vs numpy: {max(LARGEST_DIFFERENCE):.3g}")


def box_of(page: Page, selector: str) -> dict:
    return page.eval_on_selector(
        selector,
        """box => {
      const map = box.parentElement.getBoundingClientRect(), b = box.getBoundingClientRect();
      const style = getComputedStyle(box);
      return { kind: box.dataset.kind || null, span: box.dataset.span || null, display: style.display,
               left: (b.left - map.left) / map.width, top: (b.top - map.top) / map.height,
               right: (b.right - map.left) / map.width, bottom: (b.bottom - map.top) / map.height };
    }""",
    )


@pytest.mark.browser
def test_a_selected_activation_outlines_its_receptive_field_in_every_earlier_layer(live: Page, data: dict) -> None:
    example = data["example"]
    expect(live.locator(".cl-app")).to_have_attribute("data-selected", "{layer}:{channel}:{row}:{col}".format(**example))
    rows, cols = (data["fields"][2][0]["spans"][example[axis]] for axis in ("row", "col"))
    assert (
        f"15×15 in the input at rows {rows[0]}–{rows[1] - 1}, columns {cols[0]}–{cols[1] - 1}." in live.locator(".cl-readout").inner_text()
    )
    # Click layer 3, channel 7, row 2, column 0 (the centre of that cell).
    target = live.locator('.cl-layer[data-layer="3"] .cl-map[data-channel="7"]')
    box = target.bounding_box()
    target.click(position={"x": box["width"] * 0.5 / 4, "y": box["height"] * 2.5 / 4})
    expect(live.locator(".cl-app")).to_have_attribute("data-selected", "3:7:2:0")
    fields = data["fields"][2]
    for below, n in [(0, 28), (1, 14), (2, 7)]:
        rows, cols = fields[below]["spans"][2], fields[below]["spans"][0]
        selector = ".cl-input .cl-box" if below == 0 else f'.cl-layer[data-layer="{below}"] .cl-map[data-channel="0"] .cl-box'
        found = box_of(live, selector)
        assert (found["kind"], found["span"], found["display"]) == ("field", f"{rows[0]}-{rows[1]}:{cols[0]}-{cols[1]}", "block")
        # The outline (2px border outside the cells) encloses exactly those cells.
        pixel = 1 / n
        assert abs(found["top"] - rows[0] * pixel) < pixel / 2 and abs(found["bottom"] - rows[1] * pixel) < pixel / 2
        assert abs(found["left"] - cols[0] * pixel) < pixel / 2 and abs(found["right"] - cols[1] * pixel) < pixel / 2
        if below:
            assert live.locator(f'.cl-layer[data-layer="{below}"] .cl-box[data-kind="field"]').count() == [4, 8][below - 1]
    assert live.locator('.cl-layer[data-layer="4"] .cl-box[data-kind]').count() == 0
    readout = " ".join(live.locator(".cl-readout").inner_text().split())
    assert "Layer 3, conv(8,16), channel 7, row 2, column 0" in readout
    assert "3×3 over layer 2 (all 8 channels), of which 3×2 (rows 3–5, columns 0–1) lie on it" in readout
    assert "15×15 over the input, of which 15×8 (rows 9–23, columns 0–7) lie on it" in readout

    # Keyboard: a layer takes focus with Tab, the arrow keys move the selection across channels.
    grid = live.locator('.cl-layer[data-layer="4"] .cl-maps')
    grid.focus()
    expect(live.locator(".cl-app")).to_have_attribute("data-selected", "4:0:0:0")
    for key in ["ArrowRight", "ArrowRight", "ArrowDown"]:
        live.keyboard.press(key)
    expect(live.locator(".cl-app")).to_have_attribute("data-selected", "4:1:1:0")
    assert "31×31 over the input, of which" in live.locator(".cl-readout").inner_text()
    assert live.locator('.cl-layer[data-layer="3"] .cl-box[data-kind="field"]').count() == 16


def draw_seven(page: Page) -> None:
    """A 7 drawn with the mouse on the 28×28 input: a bar across the top, a stroke down to the left."""
    page.get_by_role("button", name="Clear and draw").click()
    box = page.locator("canvas.cl-draw").bounding_box()
    at = lambda x, y: (box["x"] + box["width"] * x / 28, box["y"] + box["height"] * y / 28)  # noqa: E731
    page.mouse.move(*at(9, 8))
    page.mouse.down()
    page.mouse.move(*at(19, 8), steps=8)
    page.mouse.move(*at(16.5, 15), steps=6)
    page.mouse.move(*at(14, 22), steps=6)
    page.mouse.up()


@pytest.mark.browser
def test_a_seven_drawn_with_the_mouse_is_read_as_a_seven(live: Page, weights: dict[str, np.ndarray]) -> None:
    draw_seven(live)
    expect(live.get_by_role("radio", name="your drawing")).to_be_checked()
    pixels = shown_pixels(live)
    assert sum(v > 0 for v in pixels) > 40
    ours = numpy_layers(weights, pixels)
    assert_same_layers(js_layers(live, pixels), ours)
    probs = simple_cnn.probabilities(ours[-1][None])[0]
    assert probs.argmax() == 1, f"the drawn 7 reads as {simple_cnn.prediction_text(probs)}"
    expect(live.locator(".cl-prediction")).to_have_text(f"Prediction: 7{simple_cnn.prediction_text(probs)}")


@pytest.mark.browser
def test_a_tap_selects_on_a_phone(new_page: Callable[..., Page], server: str) -> None:
    page = new_page(viewport={"width": 412, "height": 915}, has_touch=True, is_mobile=True)
    page.goto(server + URL)
    expect(page.locator(".cnn-live")).to_have_attribute("data-state", "ready")
    target = page.locator('.cl-layer[data-layer="2"] .cl-map[data-channel="3"]')
    box = target.bounding_box()
    target.tap(position={"x": box["width"] * 6.5 / 7, "y": box["height"] * 0.5 / 7})
    expect(page.locator(".cl-app")).to_have_attribute("data-selected", "2:3:0:6")
    assert "7×7 over the input, of which 4×7 (rows 0–3, columns 21–27)" in page.locator(".cl-readout").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 412, "the page scrolls sideways"


@pytest.mark.browser
def test_without_javascript_the_static_figure_stays(new_page: Callable[..., Page], server: str) -> None:
    page = new_page(java_script_enabled=False)
    page.goto(server + URL)
    figure = page.locator("img.cnn-live-static")
    expect(figure).to_be_visible()
    assert figure.evaluate("img => img.complete && img.naturalWidth") == 360
    expect(page.locator(".cl-app")).to_have_count(0)


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 412], ids=["desktop", "mobile"])
def test_the_live_page_shifts_no_layout_while_it_loads(new_page: Callable[..., Page], server: str, width: int) -> None:
    page = new_page(viewport={"width": width, "height": 823})
    page.add_init_script("""window.__shifts = [];
      new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts.push(e.value); })
        .observe({ type: "layout-shift", buffered: true });""")
    page.goto(server + URL)
    expect(page.locator(".cnn-live")).to_have_attribute("data-state", "ready")
    page.wait_for_function("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))")
    assert page.evaluate("window.__shifts") == []


@pytest.mark.browser
def test_instant_navigation_renders_the_page_once(live: Page) -> None:
    live.locator(".md-nav--primary a[href$='first-cnn/']").first.click()
    expect(live.locator("h1")).to_contain_text("Our First Convolutional Neural Network")
    live.locator(".md-nav--primary a[href$='cnn-live/']").first.click()
    expect(live.locator(".cnn-live")).to_have_attribute("data-state", "ready")
    expect(live.locator(".cl-app")).to_have_count(1)
    expect(live.locator(".cl-prediction")).to_contain_text("Prediction: 3")


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "mobile"])
def test_axe_finds_no_violation_with_a_selection_and_a_drawing(
    new_page: Callable[..., Page], server: str, axe: Axe, scheme: str, width: int
) -> None:
    page = new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page.goto(server + URL)
    expect(page.locator(".cnn-live")).to_have_attribute("data-state", "ready")
    draw_seven(page)
    page.locator('.cl-layer[data-layer="2"] .cl-maps').focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator(".cl-app")).to_have_attribute("data-selected", "2:0:0:1")
    assert axe.violations(page) == []
