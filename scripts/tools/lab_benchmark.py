"""The Training lab's speed: digits per second, forward and backward, in headless Chromium.

    .venv/bin/python -m scripts.tools.lab_benchmark

``digits_per_second(browser)`` loads docs/javascripts/lab/engine.js on a routed origin (no build),
trains batches of real digits (forward, ActivationStats, loss, backward and one Adam step, as the
page's worker does) for both models, and returns digits per second after four warm-up batches. The
benchmark report (``scripts.tools.benchmark``) prints ``markdown_lines()``. Reported, never
asserted: timings belong in reports, not in pass/fail tests.
"""

from __future__ import annotations

import base64
import gzip
from pathlib import Path
from typing import TYPE_CHECKING

import psutil

if TYPE_CHECKING:
    from playwright.sync_api import Browser

ROOT = Path(__file__).resolve().parents[2]
LAB_JS = ROOT / "docs" / "javascripts" / "lab"
DIGITS = ROOT / "docs" / "training-lab" / "mnist-5k.u8.gz"
ORIGIN = "http://lab.benchmark"
BATCH = 64
BATCHES = 16
WARMUP = 4

SETUP = """async ([pixels, batchnorm, size, warmup]) => {
  const e = await import('/engine.js');
  const model = e.createModel({ batchnorm, seed: 1 });
  const opt = new e.Adam(model.params);
  const data = Uint8Array.from(atob(pixels), (c) => c.charCodeAt(0));
  const labels = data.subarray(0, 5000);
  const images = data.subarray(5000);
  const x = new Float64Array(size * 784);
  const y = new Int32Array(size);
  window.trainBatches = (from, count) => {
    for (let b = from; b < from + count; b += 1) {
      const rows = Int32Array.from({ length: size }, (_, i) => (b * size + i) % 5000);
      e.gather(images, rows, 0.13, 0.31, x);
      rows.forEach((r, i) => { y[i] = labels[r]; });
      e.trainBatch(model, opt, x, y, size, 0.01, 0.9);
    }
  };
  window.trainBatches(0, warmup);
}"""
MEASURE = """([from, count, size]) => {
  const start = performance.now();
  window.trainBatches(from, count);
  return (count * size) / ((performance.now() - start) / 1000);
}"""


def browser_cpu_seconds() -> float:
    """CPU time (user + system) used so far by this process's Chromium processes."""
    total = 0.0
    for process in psutil.Process().children(recursive=True):
        try:
            if "chrom" in process.name().lower():
                times = process.cpu_times()
                total += times.user + times.system
        except psutil.Error:
            pass
    return total


def digits_per_second(browser: Browser, batch: int = BATCH, batches: int = BATCHES) -> dict[str, float]:
    """Digits per second for the plain and the batchnorm model, in one Chromium page: by the clock,
    and per second of the browser's CPU time (what a machine with a free core would see; on this
    shared 2-core machine, other jobs take most of the clock)."""
    context = browser.new_context()
    page = context.new_page()

    def handle(route) -> None:
        name = route.request.url.removeprefix(ORIGIN + "/")
        path = LAB_JS / name
        if name == "index.html":
            route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>benchmark</title>")
        elif path.is_file():
            route.fulfill(status=200, content_type="text/javascript", body=path.read_text(encoding="utf-8"))
        else:
            route.fulfill(status=404, body="")

    page.route(f"{ORIGIN}/**", handle)
    page.goto(f"{ORIGIN}/index.html")
    raw = base64.b64encode(gzip.decompress(DIGITS.read_bytes())).decode("ascii")
    speeds: dict[str, float] = {}
    try:
        for name, batchnorm in (("simple_cnn", False), ("simple_cnn + batchnorm", True)):
            page.evaluate(SETUP, [raw, batchnorm, batch, WARMUP])  # the JIT compiles the loops first
            cpu = browser_cpu_seconds()
            speeds[name] = float(page.evaluate(MEASURE, [WARMUP, batches, batch]))
            speeds[f"{name} (per CPU second)"] = batches * batch / (browser_cpu_seconds() - cpu)
        return speeds
    finally:
        context.close()


def page_bytes_before_and_after_start(browser: Browser, url: str) -> tuple[int, int]:
    """Bytes on the wire for the lab page (``url``, built and served): on arrival, and once Start has
    loaded the worker and the digits (the first batch trained)."""
    context = browser.new_context()
    page = context.new_page()
    sizes: list[int] = []
    page.on("requestfinished", lambda request: sizes.append(request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"]))
    try:
        page.goto(url, wait_until="networkidle")
        before = sum(sizes)
        page.get_by_role("button", name="Start").click()
        page.wait_for_function(
            "() => /batch [1-9]/.test(document.querySelector('[data-plot=loss] .lab-summary').textContent)", timeout=300_000
        )
        page.wait_for_load_state("networkidle")
        return before, sum(sizes)
    finally:
        context.close()


def markdown_lines(speeds: dict[str, float], page_bytes: tuple[int, int] | None = None) -> list[str]:
    lines = [
        "## Training lab: digits per second (headless Chromium, forward + backward + Adam step)",
        "",
        f"| model | digits per second (batch {BATCH}) | one epoch of 4,000 digits (s) |",
        "|---|---|---|",
    ]
    lines += [f"| {name} | {speed:,.0f} | {4000 / speed:.1f} |" for name, speed in speeds.items()]
    lines += ["", "By the clock, and per second of the browser's CPU time (the clock on a free core)."]
    if page_bytes:
        lines += [
            "",
            f"The lab page: {page_bytes[0]:,} bytes on arrival, {page_bytes[1]:,} once Start has loaded the worker and the digits.",
        ]
    return lines


def main() -> None:
    from playwright.sync_api import sync_playwright

    from scripts.tools.benchmark import CHROMIUM_FLAGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS.split())
        try:
            print("\n".join(markdown_lines(digits_per_second(browser))))
        finally:
            browser.close()


if __name__ == "__main__":
    main()
