"""Shared fixtures: the site built once (strict), served on 127.0.0.1, and a headless Chromium.

Every test carries exactly one of the markers ``unit``, ``site`` or ``browser`` (pytest.ini), and
one that asks for the built site or the browser must say so: collection stops otherwise, so
``pytest -m unit`` stays a quick loop that builds nothing.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
REPO_URL = "https://github.com/example/fastbook-ch13"  # as the Pages workflow sets it
SUB_PATH = "fastbook-ch13"  # the site is served like https://USER.github.io/REPO/
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def build_site(project: Path, site_dir: Path, site_url: str = "http://127.0.0.1:8000/") -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build --strict` on a project folder; the result carries the log."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url, "REPO_URL": REPO_URL, "EDIT_URI": "edit/main/docs/"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project, env=env, capture_output=True, text=True,
    )


def copy_project(destination: Path) -> Path:
    """A copy of the project's build inputs, to break on purpose (node_modules is linked, not copied)."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "docs", "overrides", "scripts"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / name)
    (destination / "node_modules").symlink_to(ROOT / "node_modules")
    return destination


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files like GitHub Pages: a missing path gets the site's 404.html with status 404."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        not_found = Path(str(self.directory)) / SUB_PATH / "404.html"
        if code != 404 or not not_found.exists():
            super().send_error(code, message, explain)
            return
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="session")
def web_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("web")


@pytest.fixture(scope="session")
def site_dir(web_root: Path) -> Path:
    """Where the site is built: a sub-path of the web root, as on a GitHub Pages project site."""
    return web_root / SUB_PATH


@pytest.fixture(scope="session")
def web_server(web_root: Path) -> Iterator[str]:
    """A local HTTP server on 127.0.0.1 (free port); yields the site's base URL, under SUB_PATH."""
    handler = functools.partial(_QuietHandler, directory=str(web_root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/{SUB_PATH}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def site(site_dir: Path, web_server: str) -> Path:
    """The real site, built once (strict) for the whole session, with site_url = the test server.

    Material's instant navigation only takes over links that match the sitemap's host and port.
    """
    result = build_site(ROOT, site_dir, site_url=web_server)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    return site_dir


@pytest.fixture(scope="session")
def server(site: Path, web_server: str) -> str:
    """The base URL of the built site: asking for it builds the site first."""
    return web_server


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A fresh phone-sized, touch-enabled browser context and page."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context and page per test (no shared storage or history)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


KINDS = ("unit", "site", "browser")
BROWSER_FIXTURES = {"browser", "page", "phone"}
SITE_FIXTURES = {"site", "server", "site_dir", "web_server", "bare_site"}


def kind_problem(name: str, markers: set[str], fixtures: set[str]) -> str | None:
    """Why a test's markers are wrong, or None: exactly one kind, and none lighter than its fixtures."""
    kinds = markers & set(KINDS)
    if len(kinds) != 1:
        return f"{name}: needs exactly one of the markers {', '.join(KINDS)} (has {sorted(kinds) or 'none'})"
    [kind] = kinds
    if fixtures & BROWSER_FIXTURES and kind != "browser":
        return f"{name}: uses the browser ({', '.join(sorted(fixtures & BROWSER_FIXTURES))}) but is marked {kind}"
    if fixtures & SITE_FIXTURES and kind == "unit":
        return f"{name}: uses the built site ({', '.join(sorted(fixtures & SITE_FIXTURES))}) but is marked unit"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    problems = [
        problem
        for item in items
        if (problem := kind_problem(item.nodeid, {mark.name for mark in item.iter_markers()}, set(getattr(item, "fixturenames", ())))) is not None
    ]
    if problems:
        raise pytest.UsageError("Tests without a correct kind marker:\n  " + "\n  ".join(problems))
