"""Benchmark the site against a bare Material build of the same Markdown; write a Markdown report.

    .venv/bin/python -m scripts.tools.benchmark [--runs 3] [--output report.md] [--no-lighthouse]

Measured in one run, on this machine:
- cold `mkdocs build` time, and the rebuild after a one-line edit as `mkdocs serve` does it
  (in the same process, caches warm), for this site and for the bare build;
- bytes transferred (gzip, as GitHub Pages serves them) per page type, for both builds;
- Lighthouse 12 scores (mobile emulation, median of --runs) per page type, for this site and for
  the bare build (runs interleaved, so both see the same machine load);
- the Training lab's digits per second in Chromium, both models, and its bytes before and after
  Start (``scripts.tools.lab_benchmark``).
Figures are reported, never asserted: timings belong in reports, not in pass/fail tests.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Request

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = ROOT / "node_modules/.bin/lighthouse"
CHROMIUM_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
    "--disable-component-update --disable-sync"
)
PAGE_TYPES = {
    "home": "",
    "question page": "first-cnn/",
    "question page with run figures": "one-cycle-training/",
    "numbers to know": "numbers-to-know/",
    "drills": "drills/",
    "notebook page": "convolutions-notebook/",
    "interactive page": "trace-precedents/",
    "kernel playground": "kernel-playground/",
    "CNN live": "cnn-live/",
    "Training lab": "training-lab/",
    "404 page": "404.html",  # Lighthouse refuses a 404 status; the same page, fetched directly
}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
SEARCH_INDEX = "/search/search_index.json"  # every page of both builds loads it
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


# ---- building -------------------------------------------------------------------------------


def bare_config(project: Path) -> Path:
    """A mkdocs.yml for the same pages with plain Material: no hooks, extra assets or plugins of ours."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_EnvLoader)
    bare = {
        "site_name": config["site_name"],
        "site_url": "http://127.0.0.1:8000/",
        "theme": {"name": "material", "features": config["theme"].get("features", [])},
        "markdown_extensions": [ext for ext in config["markdown_extensions"] if not str(ext).startswith("scripts.")],
        "nav": [entry for entry in config["nav"] if not str(list(entry.values())[0]).endswith(".ipynb")],
        "plugins": ["search"],
    }
    path = project / "mkdocs-bare.yml"
    path.write_text(yaml.safe_dump(bare, sort_keys=False), encoding="utf-8")
    return path


class _EnvLoader(yaml.SafeLoader):
    """Reads mkdocs.yml's !ENV tags as their default value."""


_EnvLoader.add_constructor(
    "!ENV", lambda loader, node: loader.construct_sequence(node)[-1] if isinstance(node, yaml.SequenceNode) else None
)


def timed_builds(config_file: Path, site_dir: Path, site_url: str, edit_page: Path) -> tuple[float, float]:
    """(cold build seconds, rebuild seconds after a one-line edit), in one process like `mkdocs serve`."""
    start = time.perf_counter()
    build(load_config(str(config_file), site_dir=str(site_dir), site_url=site_url))
    cold = time.perf_counter() - start
    original = edit_page.read_text(encoding="utf-8")
    try:
        edit_page.write_text(original + "\nOne more line.\n", encoding="utf-8")
        start = time.perf_counter()
        build(load_config(str(config_file), site_dir=str(site_dir), site_url=site_url), dirty=False)
        rebuild = time.perf_counter() - start
    finally:
        edit_page.write_text(original, encoding="utf-8")
    return cold, rebuild


# ---- serving like GitHub Pages: gzip, and 404.html for missing paths ------------------------------


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        status = 200
        if not path.is_file():
            path, status = Path(str(self.directory)) / "404.html", 404
        body = path.read_bytes()
        gzipped = path.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "")
        if gzipped:
            body = gzip.compress(body, mtime=0)
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    handler = functools.partial(_PagesHandler, directory=str(site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


# ---- measuring --------------------------------------------------------------------------------


def transferred_bytes(url: str) -> int:
    """Bytes on the wire (gzip where text) for everything a page loads, measured in Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS.split())
        total = page_bytes(browser, url)
        browser.close()
    return total


def page_bytes(browser: Browser, url: str) -> int:
    """Bytes on the wire for one first visit of a page, in a fresh context of a running browser."""
    context = browser.new_context()
    try:
        return first_visit_bytes(context.new_page(), url)
    finally:
        context.close()


def first_visit_bytes(page: Page, url: str) -> int:
    """Bytes on the wire for a visit of a page by a tab whose context has nothing of the site cached."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto("about:blank")  # nothing of a page it showed before finishes while this one is counted
    sizes: list[int] = []
    index: list[str] = []

    def count(request: Request) -> None:
        sizes.append(request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"])
        if request.url.endswith(SEARCH_INDEX):
            index.append(request.url)

    page.on("requestfinished", count)
    try:
        page.goto(url, wait_until="networkidle")
        # Material's bundle fetches the search index once it has run, which on a busy machine can be more
        # than networkidle's half second after the last request before it: wait for it, then for quiet.
        if not index:
            with contextlib.suppress(PlaywrightTimeout):
                page.wait_for_event("requestfinished", lambda request: request.url.endswith(SEARCH_INDEX), timeout=30_000)
            page.wait_for_load_state("networkidle")
    finally:
        page.remove_listener("requestfinished", count)
    return sum(sizes)


def lighthouse(url: str) -> dict[str, float]:
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    with tempfile.TemporaryDirectory() as profile:
        completed = subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--quiet",
                "--output=json",
                "--output-path=stdout",
                f"--only-categories={','.join(CATEGORIES)}",
                f"--chrome-flags={CHROMIUM_FLAGS} --user-data-dir={profile}",
            ],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
    report = json.loads(completed.stdout)
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    for name in ("cumulative-layout-shift", "total-blocking-time", "largest-contentful-paint"):
        scores[name] = report["audits"][name]["numericValue"]
    return scores


def median_scores(urls: list[str], runs: int) -> list[dict[str, float]]:
    """The median of ``runs`` Lighthouse reports per URL, the URLs' runs interleaved."""
    results: list[list[dict[str, float]]] = [[] for _ in urls]
    for _ in range(runs):
        for index, url in enumerate(urls):
            results[index].append(lighthouse(url))
    return [{key: statistics.median(result[key] for result in runs_of) for key in runs_of[0]} for runs_of in results]


def training_lab_lines(url: str) -> list[str]:
    """The Training lab's digits per second (both models) and its bytes before and after Start."""
    from playwright.sync_api import sync_playwright

    from scripts.tools import lab_benchmark

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS.split())
        try:
            return lab_benchmark.markdown_lines(
                lab_benchmark.digits_per_second(browser), lab_benchmark.page_bytes_before_and_after_start(browser, url)
            )
        finally:
            browser.close()


# ---- the report -------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median)")
    parser.add_argument("--output", type=Path, help="write the Markdown report here (default: print it)")
    parser.add_argument("--no-lighthouse", action="store_true", help="only build times and page weights")
    options = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        project = work_dir / "project"
        project.mkdir()
        for name in ("mkdocs.yml", "docs", "overrides", "scripts"):
            source = ROOT / name
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, project / name)
        (project / "node_modules").symlink_to(ROOT / "node_modules")
        edit_page = project / "docs/first-cnn.md"
        ours_site, bare_site = work_dir / "ours", work_dir / "bare"
        ours_site.mkdir()
        bare_site.mkdir()
        weights: dict[str, tuple[int, int | None]] = {}
        scores: dict[str, dict[str, float]] = {}
        bare_scores: dict[str, dict[str, float]] = {}
        with serve(ours_site) as ours_url, serve(bare_site) as bare_url:
            ours_times = timed_builds(project / "mkdocs.yml", ours_site, ours_url, edit_page)
            bare_times = timed_builds(bare_config(project), bare_site, bare_url, edit_page)
            lab_lines = training_lab_lines(ours_url + PAGE_TYPES["Training lab"])
            for label, path in PAGE_TYPES.items():
                bare_exists = (bare_site / path / "index.html").exists() or (bare_site / path).is_file()
                weights[label] = (transferred_bytes(ours_url + path), transferred_bytes(bare_url + path) if bare_exists else None)
                if not options.no_lighthouse:
                    both = median_scores(
                        [ours_url + path] + ([bare_url + path] if bare_exists and path != "404.html" else []), options.runs
                    )
                    scores[label] = both[0]
                    if len(both) > 1:
                        bare_scores[label] = both[1]

    lines = [
        "# Benchmark report",
        "",
        f"Machine: {os.cpu_count()} cores. Lighthouse 12 mobile emulation, median of {options.runs} runs.",
        "",
        "## Build",
        "",
        "| build | cold `mkdocs build` (s) | rebuild after a one-line edit (s) |",
        "|---|---|---|",
        f"| this site | {ours_times[0]:.2f} | {ours_times[1]:.2f} |",
        f"| bare Material, same Markdown | {bare_times[0]:.2f} | {bare_times[1]:.2f} |",
        "",
        "## Bytes transferred (gzip)",
        "",
        "| page type | this site | bare Material | ratio |",
        "|---|---|---|---|",
    ]
    for label, (ours, bare) in weights.items():
        ratio = f"{ours / bare:.2f}×" if bare else "–"
        lines.append(f"| {label} | {ours:,} | {f'{bare:,}' if bare else 'n/a'} | {ratio} |")
    if scores:
        lines += [
            "",
            "## Lighthouse (this site; bare Material's performance, TBT and LCP beside it)",
            "",
            "| page type | performance (bare) | accessibility | best practices | SEO | CLS | TBT ms (bare) | LCP ms (bare) |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for label, score in scores.items():
            bare = bare_scores.get(label)
            perf = f"{score['performance']:.0f}" + (f" ({bare['performance']:.0f})" if bare else "")
            tbt = f"{score['total-blocking-time']:.0f}" + (f" ({bare['total-blocking-time']:.0f})" if bare else "")
            lcp = f"{score['largest-contentful-paint']:.0f}" + (f" ({bare['largest-contentful-paint']:.0f})" if bare else "")
            lines.append(
                f"| {label} | {perf} | {score['accessibility']:.0f} | {score['best-practices']:.0f} | {score['seo']:.0f} | {score['cumulative-layout-shift']:.3f} | {tbt} | {lcp} |"
            )
    lines += [""] + lab_lines
    report = "\n".join(lines) + "\n"
    if options.output:
        options.output.write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
