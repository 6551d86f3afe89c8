"""Training lab (docs/training-lab.md) in the built site and in Chromium: in the nav beside the
playground and the live CNN, linked from the answers to q25-q40; its script and stylesheet load on
that page only and fetch no digits before Start; a run trains in a Web Worker and fills every plot
and its text summary, announces each epoch's accuracy politely, pauses and resumes, and keeps the
last runs for comparison; keyboard only, reduced motion, no JavaScript, no layout shift, a 360 px
phone, axe in light and dark during a run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.axe_check import Axe
from tests.site_pages import after_next_paint, soup_of

URL = "training-lab/"
SMALL = "{train: 256, valid: 100}"  # a short run: 4 batches of 64, 100 validation digits
QUESTIONS = range(25, 41)


def open_lab(page: Page, server: str) -> Page:
    """The lab's page, its controls mounted and its empty plots drawn (in the frame after mounting)."""
    page.goto(server + URL)
    expect(page.locator(".lab")).to_have_attribute("data-state", "ready")
    expect(page.locator(".lab")).to_have_attribute("data-frames", re.compile(r"^[1-9]"))
    return page


def size_of(element: Locator) -> tuple[float, float]:
    box = element.bounding_box()
    assert box is not None, "the element is not shown"
    return box["width"], box["height"]


def start_small(page: Page, epochs: int = 1, batchnorm: bool = False) -> None:
    page.evaluate(f"document.querySelector('.lab').__labSubset = {SMALL}")
    page.get_by_label("Epochs").fill(str(epochs))
    page.get_by_label("Batchnorm").set_checked(batchnorm)
    page.get_by_role("button", name="Start").click()


def finished(page: Page, number: object) -> None:
    """Wait until run ``number`` is done and drawn: the lab marks it done when the worker says so, and
    draws the last epoch's plots, summaries and table row in the next animation frame."""
    expect(page.locator(".lab")).to_have_attribute("data-done", str(number), timeout=120_000)
    after_next_paint(page)


@pytest.fixture
def lab(page: Page, server: str) -> Iterator[Page]:
    yield open_lab(page, server)


# ---- the built site -------------------------------------------------------------------------------


@pytest.mark.site
def test_the_page_is_in_the_nav_beside_the_playground_and_the_live_cnn(site: Path) -> None:
    soup = soup_of(site / URL / "index.html")
    titles = [" ".join(a.get_text(" ").split()) for a in soup.select(".md-nav--primary > .md-nav__list > .md-nav__item > a.md-nav__link")]
    at = titles.index("Training lab")
    assert {"Kernel playground", "The book's CNN, live"} <= set(titles[at - 3 : at])  # the Drills sit between them
    script = soup.select_one('script[type="module"][src$="javascripts/lab/training-lab.js"]')
    assert script is not None
    assert soup.select_one('link[rel="stylesheet"][href$="stylesheets/training-lab.css"]') is not None
    assert "needs JavaScript" in soup.select_one(".lab .lab-static").get_text()
    for other in ("first-cnn/", "cnn-live/", ""):
        html = (site / other / "index.html").read_text(encoding="utf-8")
        assert "training-lab.js" not in html and "training-lab.css" not in html and "mnist-5k" not in html, other


@pytest.mark.site
def test_every_answer_from_q25_to_q40_ends_with_a_link_to_the_lab(site: Path) -> None:
    found = []
    for page in ("training-stability", "one-cycle-training", "batch-normalization"):
        soup = soup_of(site / page / "index.html")
        for number in QUESTIONS:
            heading = soup.find(id=f"q{number}")
            if heading is None:
                continue
            answer = heading.find_next("details")
            last = answer.find_all("p")[-1]
            link = last.find("a", href=re.compile(r"training-lab/"))
            assert link is not None, f"q{number}: the answer's last paragraph does not link to the Training lab"
            found.append(number)
    assert found == list(QUESTIONS)


# ---- in Chromium ----------------------------------------------------------------------------------


@pytest.mark.browser
def test_no_digits_load_before_start_and_a_run_trains_in_a_worker(page: Page, server: str) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    open_lab(page, server)
    page.wait_for_load_state("networkidle")
    assert not [url for url in requests if "mnist-5k" in url], "the digits load only when the learner presses Start"
    layer = page.get_by_label("Layer for the two plots below")
    expect(layer).to_be_disabled()  # no model yet: it says when its layers come
    expect(layer.locator("option")).to_have_text(["the model's layers, once a run starts"])
    menu_size = size_of(layer)
    with page.expect_worker() as worker_info:
        start_small(page, epochs=2)
    assert worker_info.value.url.endswith("javascripts/lab/worker.js")
    finished(page, "1")
    assert [url for url in requests if url.endswith("mnist-5k.u8.gz")], "Start fetched the digits"
    announce = page.locator(".lab-announce")
    assert announce.get_attribute("aria-live") == "polite"
    expect(announce).to_contain_text(re.compile(r"Run 1, epoch 2 of 2: validation accuracy \d+\.\d% \(\d+ of 100\)"))
    summaries = {
        plot: page.locator(f"[data-plot={plot}] .lab-summary").inner_text()
        for plot in ("loss", "accuracy", "schedule", "stats", "colordim")
    }
    assert "batch 8 of 8" in summaries["loss"]
    assert re.search(r"Run 1: \d+\.\d%, \d+\.\d%", summaries["accuracy"])
    assert "Batch 8 of 8: learning rate 0.0600, momentum 0.900" in summaries["schedule"]
    assert summaries["stats"].startswith("conv4, batch 8:")  # plot_layer_stats(-2): the second-to-last hooked module
    assert "8 of 8 columns" in summaries["colordim"]
    assert page.locator("select[name=layer] option").all_inner_texts() == ["conv1", "conv2", "conv3", "conv4", "conv5"]
    expect(layer).to_be_enabled()
    assert size_of(layer) == menu_size, "the menu changed size when its layers came: what is below it moved"
    row = page.locator(".lab-runs tbody tr").first
    expect(row).to_contain_text("fit, lr 0.06, batch 64, batchnorm off, 2 epochs")


@pytest.mark.browser
def test_the_page_stays_responsive_while_training(lab: Page) -> None:
    lab.evaluate("""() => { window.__busy = 0;
      new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__busy += e.duration; })
        .observe({ type: "longtask" }); }""")
    lab.evaluate("document.querySelector('.lab').__labSubset = {train: 2000, valid: 100}")
    lab.get_by_role("button", name="1cycle + batchnorm").click()
    lab.get_by_role("button", name="Start").click()
    lab.wait_for_function("() => /batch [1-9]/.test(document.querySelector('[data-plot=loss] .lab-summary').textContent)", timeout=60_000)
    started = lab.evaluate("[performance.now(), window.__busy]")
    lab.wait_for_function(
        "() => /batch (1[2-9]|[2-9][0-9])/.test(document.querySelector('[data-plot=loss] .lab-summary').textContent)", timeout=120_000
    )
    ended = lab.evaluate("[performance.now(), window.__busy]")
    # Ten batches trained while the main thread was busy (tasks over 50 ms) for a small part of the time.
    busy = (ended[1] - started[1]) / (ended[0] - started[0])
    assert busy < 0.5, f"the main thread was busy {busy:.0%} of the time"
    assert lab.locator("select[name=layer] option").count() == 10  # conv and BatchNorm2d of each layer
    lab.get_by_role("button", name="Pause").click()
    expect(lab.locator(".lab-status")).to_contain_text("paused after batch")
    after_next_paint(lab)
    frozen = lab.locator("[data-plot=loss] .lab-summary").inner_text()
    after_next_paint(lab)
    assert lab.locator("[data-plot=loss] .lab-summary").inner_text() == frozen
    lab.get_by_role("button", name="Resume").click()
    lab.wait_for_function(f"() => document.querySelector('[data-plot=loss] .lab-summary').textContent !== {frozen!r}", timeout=60_000)
    lab.get_by_role("button", name="Reset").click()
    expect(lab.get_by_label("Learning rate", exact=True)).to_have_value("0.06")
    expect(lab.locator(".lab-runs tbody tr").first).to_contain_text("(reset)")


@pytest.mark.browser
def test_the_last_runs_stay_for_comparison_with_their_settings(lab: Page) -> None:
    for number, lr in enumerate(["0.06", "0.1", "0.01", "0.2"], start=1):
        lab.get_by_label("Learning rate", exact=True).fill(lr)
        start_small(lab)
        finished(lab, str(number))
    rows = lab.locator(".lab-runs tbody tr")
    expect(rows).to_have_count(4)
    texts = rows.all_inner_texts()
    for lr, text in zip(["0.2", "0.01", "0.1", "0.06"], texts):
        assert f"lr {lr}," in text and "%" in text
    assert "Dashed: earlier runs 1" in lab.locator("[data-plot=loss] .lab-summary").inner_text()


@pytest.mark.browser
def test_keyboard_only_a_bad_value_is_named_and_enter_starts(lab: Page) -> None:
    lab.get_by_role("button", name="1cycle", exact=True).focus()
    lab.keyboard.press("Enter")
    expect(lab.get_by_label("Schedule")).to_have_value("one-cycle")
    lab.get_by_label("Learning rate", exact=True).focus()
    lab.keyboard.press("ControlOrMeta+A")
    lab.keyboard.type("5")
    lab.keyboard.press("Enter")
    expect(lab.locator(".lab-status")).to_have_text("The learning rate must be a number from 0.001 to 1.")
    assert lab.evaluate("document.activeElement.name") == "lr"
    lab.keyboard.press("ControlOrMeta+A")
    lab.keyboard.type("0.1")
    lab.evaluate(f"document.querySelector('.lab').__labSubset = {SMALL}")
    lab.get_by_label("Epochs").fill("1")
    lab.get_by_label("Learning rate", exact=True).press("Enter")
    expect(lab.locator(".lab-status")).to_contain_text("Run 1")
    finished(lab, "1")
    assert "fit_one_cycle, lr 0.1, batch 128" in lab.locator(".lab-runs tbody tr").first.inner_text()


@pytest.mark.browser
def test_with_reduced_motion_the_plots_are_drawn_per_epoch_not_per_batch(new_page: Callable[..., Page], server: str) -> None:
    page = open_lab(new_page(reduced_motion="reduce"), server)
    before = int(page.locator(".lab").get_attribute("data-frames"))
    start_small(page, epochs=2)  # 8 batches, 2 epochs
    finished(page, "1")
    drawn = int(page.locator(".lab").get_attribute("data-frames")) - before
    assert drawn <= 5, f"{drawn} redraws for 8 batches"  # start, ready, two epochs, done


@pytest.mark.browser
def test_without_javascript_the_page_says_what_needs_it(new_page: Callable[..., Page], server: str) -> None:
    page = new_page(java_script_enabled=False)
    page.goto(server + URL)
    expect(page.locator(".lab-static")).to_be_visible()
    expect(page.locator(".lab-static")).to_contain_text("This lab needs JavaScript")
    expect(page.locator(".lab-app form")).to_have_count(0)


@pytest.mark.browser
def test_the_empty_plots_are_drawn_after_mounting_with_their_summaries_already_there(page: Page, server: str) -> None:
    """Mounting runs inside Material's page-load task; drawing reads the palette and the canvases' sizes,
    which would force a style and layout pass into it, so it waits for the next frame. What the mounting
    task left behind is read by a MutationObserver (after the task's script)."""
    page.add_init_script("""new MutationObserver((records, observer) => {
        const lab = document.querySelector(".lab");
        if (!lab || lab.dataset.state !== "ready") return;
        window.__atMount = { frames: lab.dataset.frames ?? null,
          summaries: [...lab.querySelectorAll(".lab-summary")].map(p => p.textContent) };
        observer.disconnect();
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-state"] });""")
    open_lab(page, server)
    at_mount = page.evaluate("window.__atMount")
    assert at_mount["frames"] is None, "the plots were drawn inside the mounting task"
    assert at_mount["summaries"] == ["No run yet: press Start."] + ["No run yet."] * 4
    assert page.locator(".lab").get_attribute("data-frames") == "1"
    # The plots with nothing to show before a run get no canvas surface: their bitmaps keep the default size.
    bitmaps = page.evaluate(
        "[...document.querySelectorAll('.lab-plot canvas')].map(c => c.closest('[data-plot]').dataset.plot + ' ' + c.width + 'x' + c.height)"
    )
    unsized = [bitmap for bitmap in bitmaps if bitmap.endswith(" 300x150")]
    assert unsized == ["schedule 300x150", "stats 300x150", "colordim 300x150"], bitmaps


# Each layout shift as its score, when it happened and what moved (element, rectangle before → after).
RECORD_SHIFTS = """window.__shifts = [];
  const name = (node) => !node ? "?" : node.nodeType !== 1 ? `text "${node.textContent.trim().slice(0, 30)}"`
    : `${node.localName}${node.id ? "#" + node.id : ""}${node.classList.length ? "." + [...node.classList].join(".") : ""}`;
  const box = (r) => [r.x, r.y, r.width, r.height].map(Math.round).join(",");
  new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts.push(
    `${e.value.toFixed(4)} at ${Math.round(e.startTime)} ms: ` + e.sources.map(s => `${name(s.node)} ${box(s.previousRect)} -> ${box(s.currentRect)}`).join("; ")); })
    .observe({ type: "layout-shift", buffered: true });"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 412, 360], ids=["desktop", "mobile", "phone-360"])
def test_no_layout_shift_and_no_sideways_scroll(new_page: Callable[..., Page], server: str, width: int) -> None:
    page = new_page(viewport={"width": width, "height": 823})
    page.add_init_script(RECORD_SHIFTS)
    open_lab(page, server)
    page.wait_for_function("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))")
    assert page.evaluate("window.__shifts") == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 360], ids=["desktop", "phone"])
def test_axe_finds_no_violation_during_a_run(new_page: Callable[..., Page], server: str, axe: Axe, scheme: str, width: int) -> None:
    page = open_lab(new_page(viewport={"width": width, "height": 900}, color_scheme=scheme), server)
    start_small(page, epochs=2, batchnorm=True)
    expect(page.locator(".lab-announce")).to_contain_text("epoch 1 of 2", timeout=120_000)
    assert axe.violations(page) == []
