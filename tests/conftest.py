"""Shared fixtures: the site built once per run (strict), the same site built from scratch once per
run, served on 127.0.0.1, and a headless Chromium; the suite's rules (markers, no skipped test).

How a test gets a build (ask for the fixture; never call ``build_site`` on the project yourself):

- ``site`` (a Path): the real site, ``mkdocs build --strict`` from the working tree (its ``.cache``),
  with site_url = ``server``. ``server`` (a str) is its base URL; browser tests ``page.goto(server + url)``.
- ``clean_build`` (``CleanBuild``: ``.project``, ``.site``): the same site built from scratch, in a copy
  of the project with no ``.cache`` (every figure, workbook and card generated anew), same site_url:
  compare its bytes with ``site``'s to prove a property of generated files.
- ``bare_site`` (a Path): plain Material over the same Markdown (scripts/tools/benchmark.py's bare build),
  the page-weight budget's yardstick.
- ``warm_project`` (a Path): a private copy of the project for one test, with the clean build's
  ``.cache`` (warm): break its ``docs/`` on purpose, then ``build_site(warm_project, tmp_path / "site")``.
- ``page`` / ``phone`` (a Playwright Page), ``new_page(**context_options)`` (a function returning one):
  a page as a new browser context would give it: the page a kept context holds, blanked and cleared
  between tests (tests/page_pool.py: a new context costs Chromium about 1 CPU-s, a new tab's first
  load about 1 CPU-s more than a reused tab's). A test whose code adds an init script, opens a
  DevTools session or writes its page with ``set_content`` gets a new tab in the kept context
  (``PAGE_CHANGES``, read from its code). A test that installs a clock or changes its context
  otherwise is marked ``own_context`` and gets a context of its own (collection refuses it unmarked).
- ``axe`` (``Axe``, tests/axe_check.py): axe-core served beside the site; ``axe.violations(page)``.
- ``built_once(config, name, make)``: for another expensive artefact the whole run shares: ``make(folder)``
  runs once per run whatever the number of workers, and every caller gets ``folder``.

The suite runs in parallel (pytest-xdist, ``-n auto`` in pytest.ini): each worker is a process with
its own session fixtures and Chromium, but the builds above are made once per run, by whichever
worker asks first, under a file lock in a folder the controller shares with its workers; the
controller serves that folder on one port for every worker. A failed build is recorded there, so
the other workers fail with the same log instead of building again. ``-n 0`` runs in one process.
How many workers ``-n auto`` starts, and in what order the tests are handed out, is decided here
too (``pytest_xdist_auto_num_workers``, ``pytest_collection_modifyitems``): see ``WORKERS_PER_CORE``.

Every test carries exactly one of the markers ``unit``, ``tool``, ``site`` or ``browser``
(pytest.ini), and one that asks for the built site or the browser must say so: collection stops
otherwise, so ``pytest -m unit`` stays a quick loop that builds nothing, starts no LibreOffice or
Jupyter kernel and loads no PyTorch (those are ``tool``; a unit test whose body imports it stops
collection too, one that loads it otherwise fails). A skipped test fails the run
(``pytest_sessionfinish``): leave a group out on purpose with ``-m``/``-k`` (deselected, not
skipped), or install what it needs (``scripts/dev.sh test``).
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import http.server
import inspect
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.axe_check import Axe
from tests.page_pool import KeptContext, PagePool

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
CHROMIUM = "/usr/bin/chromium"
REPO_URL = "https://github.com/example/fastbook-ch13"  # as the Pages workflow sets it
SUB_PATH = "fastbook-ch13"  # the site is served like https://USER.github.io/REPO/
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def build_site(project: Path, site_dir: Path, site_url: str = "http://127.0.0.1:8000/") -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build --strict` on a project folder; the result carries the log."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url, "REPO_URL": REPO_URL, "EDIT_URI": "edit/main/docs/"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )


def other_hash_seed() -> str:
    """A PYTHONHASHSEED that differs from this process's (random unless set): a child process given it
    may order a set of strings differently, so equal output from both shows that the output does not
    hang on that order (a failure says to rerun with PYTHONHASHSEED=1: then the child's is 2)."""
    return "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"


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


# --- one folder, one server and one build of each kind per run, shared by the workers ------------


class _Server(http.server.ThreadingHTTPServer):
    """One thread per request; a browser that drops a connection (it left the page) is not an error."""

    def handle_error(self, request: object, client_address: tuple[str, int]) -> None:
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


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


@dataclass(frozen=True)
class Shared:
    """What the controller shares with its workers: a folder and the URL it serves the site at."""

    folder: Path  # locks, builds; the web root is folder / "web"
    url: str  # http://127.0.0.1:PORT/SUB_PATH/

    @property
    def web_root(self) -> Path:
        return self.folder / "web"


SHARED = pytest.StashKey[Shared]()
_SERVER = pytest.StashKey[_Server]()


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    """The controller (or the only process) makes the shared folder and serves it; a worker reads both."""
    worker = getattr(config, "workerinput", None)
    if worker is not None:
        config.stash[SHARED] = Shared(Path(worker["shared_folder"]), worker["shared_url"])
        return
    folder = Path(tempfile.mkdtemp(prefix="site-tests-"))
    (folder / "web").mkdir()
    handler = functools.partial(_QuietHandler, directory=str(folder / "web"))
    httpd = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()  # stops within 50 ms
    config.stash[_SERVER] = httpd
    config.pluginmanager.register(_SkipsFail(config), "skips-fail")
    config.stash[SHARED] = Shared(folder, f"http://127.0.0.1:{httpd.server_address[1]}/{SUB_PATH}/")


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: object) -> None:
    """pytest-xdist: hand each new worker the shared folder and URL."""
    shared = node.config.stash[SHARED]  # type: ignore[attr-defined]
    node.workerinput.update(shared_folder=str(shared.folder), shared_url=shared.url)  # type: ignore[attr-defined]


def pytest_unconfigure(config: pytest.Config) -> None:
    httpd = config.stash.get(_SERVER, None)
    if httpd is not None:  # the controller: the workers are done
        httpd.shutdown()
        httpd.server_close()
        shutil.rmtree(config.stash[SHARED].folder, ignore_errors=True)


def _marker(shared: Path, name: str, kind: str) -> Path:
    return shared / f"{name.replace('/', '-')}.{kind}"


def _make_once(shared: Path, name: str, make: Callable[[Path], None], wait: bool) -> bool:
    """Make ``shared / name`` unless made (or failed) already; False if another worker holds it and not ``wait``."""
    with open(_marker(shared, name, "lock"), "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))  # released when the file closes
        except BlockingIOError:
            return False
        done, failed = _marker(shared, name, "done"), _marker(shared, name, "failed")
        if not done.exists() and not failed.exists():
            try:
                make(shared / name)
            except (Exception, pytest.fail.Exception) as error:
                failed.write_text(f"{type(error).__name__}: {error}", encoding="utf-8")
            else:
                done.touch()
    return True


def built_once(config: pytest.Config, name: str, make: Callable[[Path], None]) -> Path:
    """``shared folder / name``, made by ``make(folder)`` once per run, whichever worker asks first.

    The others wait on a lock, then reuse it (meanwhile they make another of the run's shared builds
    that nobody has started); if ``make`` failed, they fail with its message."""
    shared = config.stash[SHARED].folder
    if not _make_once(shared, name, make, wait=False):
        for other, needed_by, other_make in _SHARED_BUILDS:
            if other != name and needed_by & config.stash.get(FIXTURES_USED, set()):
                _make_once(shared, other, functools.partial(other_make, config), wait=False)
        _make_once(shared, name, make, wait=True)
    failed = _marker(shared, name, "failed")
    if failed.exists():
        pytest.fail(f"the shared build {name!r} failed (once, for every worker):\n{failed.read_text(encoding='utf-8')}", pytrace=False)
    return shared / name


def _strict_build(project: Path, site_dir: Path, site_url: str) -> None:
    result = build_site(project, site_dir, site_url=site_url)
    assert result.returncode == 0, f"mkdocs build --strict of {project} failed:\n{result.stderr}"


def _make_site(config: pytest.Config, folder: Path) -> None:
    _strict_build(ROOT, folder, config.stash[SHARED].url)


def _make_clean_build(config: pytest.Config, folder: Path) -> None:
    project = copy_project(folder / "project")
    assert not (project / ".cache").exists(), "a copy of the project has no caches"
    _strict_build(project, folder / "site", config.stash[SHARED].url)


def _make_bare_build(config: pytest.Config, folder: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from scripts.tools.benchmark import bare_config

    folder.mkdir()
    build(load_config(str(bare_config(folder)), docs_dir=str(ROOT / "docs"), site_dir=str(folder / "site")))


SITE = f"web/{SUB_PATH}"
# The builds the whole run shares: (name, the fixtures that need it, how to make it). A worker that
# waits for one makes another that the run needs and nobody has started: two builds at once.
_SHARED_BUILDS: list[tuple[str, set[str], Callable[[pytest.Config, Path], None]]] = [
    (SITE, {"site", "server"}, _make_site),
    ("clean", {"clean_build", "warm_project"}, _make_clean_build),
    ("bare", {"bare_site"}, _make_bare_build),
]
FIXTURES_USED = pytest.StashKey[set[str]]()


def pytest_collection_finish(session: pytest.Session) -> None:
    """What this run's tests (after -m/-k) ask for: the shared builds it needs."""
    session.config.stash[FIXTURES_USED] = {name for item in session.items for name in getattr(item, "fixturenames", ())}


@pytest.fixture(scope="session")
def web_server(pytestconfig: pytest.Config) -> str:
    """The base URL (under SUB_PATH, on 127.0.0.1) where the site is served, one port for every worker."""
    return pytestconfig.stash[SHARED].url


@pytest.fixture(scope="session")
def web_root(pytestconfig: pytest.Config) -> Path:
    return pytestconfig.stash[SHARED].web_root


@pytest.fixture(scope="session")
def site_dir(web_root: Path) -> Path:
    """Where the site is built: a sub-path of the web root, as on a GitHub Pages project site."""
    return web_root / SUB_PATH


@pytest.fixture(scope="session")
def site(pytestconfig: pytest.Config) -> Path:
    """The real site, built once per run (strict) from the working tree, with site_url = the test server.

    Material's instant navigation only takes over links that match the sitemap's host and port.
    """
    return built_once(pytestconfig, SITE, functools.partial(_make_site, pytestconfig))


@pytest.fixture(scope="session")
def server(site: Path, web_server: str) -> str:
    """The base URL of the built site: asking for it builds the site first."""
    return web_server


@pytest.fixture(scope="session")
def axe(web_root: Path, web_server: str) -> Axe:
    """axe-core, served beside the site: ``axe.violations(page)`` (tests/axe_check.py)."""
    return Axe.served_from(web_root, web_server)


@dataclass(frozen=True)
class CleanBuild:
    project: Path  # a copy of the project's inputs, its .cache filled by this build alone
    site: Path  # built with the same site_url as `site`


@pytest.fixture(scope="session")
def clean_build(pytestconfig: pytest.Config) -> CleanBuild:
    """The site built from scratch once per run: a copy of the project with empty caches, so figures,
    workbook and cards are generated anew; same site_url as ``site``, to compare bytes with it."""
    folder = built_once(pytestconfig, "clean", functools.partial(_make_clean_build, pytestconfig))
    return CleanBuild(folder / "project", folder / "site")


@pytest.fixture(scope="session")
def bare_site(pytestconfig: pytest.Config) -> Path:
    """Plain Material (no hooks, scripts or stylesheets of ours) over the same Markdown, built once per
    run: the page-weight budget's yardstick (scripts/tools/benchmark.py's bare build)."""
    return built_once(pytestconfig, "bare", functools.partial(_make_bare_build, pytestconfig)) / "site"


@pytest.fixture
def warm_project(clean_build: CleanBuild, tmp_path: Path) -> Path:
    """A copy of the project for this test alone, its caches warm (the clean build's): break it, build it."""
    project = copy_project(tmp_path / "project")
    shutil.copytree(clean_build.project / ".cache", project / ".cache")
    return project


# --- the browser ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def page_pool(browser: Browser) -> PagePool:
    """This worker's kept browser contexts and their pages (tests/page_pool.py)."""
    return PagePool(browser)


def _fresh_page(request: pytest.FixtureRequest, browser: Browser, pool: PagePool, options: dict[str, object]) -> Iterator[Page]:
    """A new page as a new context would give it: from the pool, or in a context of its own for a
    test marked ``own_context`` (it changes the context in a way that cannot be undone)."""
    with _page_opener(request, browser, pool) as open_page:
        yield open_page(**options)


@contextlib.contextmanager
def _page_opener(request: pytest.FixtureRequest, browser: Browser, pool: PagePool) -> Iterator[Callable[..., Page]]:
    own = request.node.get_closest_marker("own_context") is not None
    fresh = bool(names_of_test(request.node) & PAGE_CHANGES)  # a new page, not the kept one
    contexts: list[BrowserContext] = []
    kept: list[KeptContext] = []

    def open_page(**options: object) -> Page:
        if own:
            contexts.append(browser.new_context(**options))  # type: ignore[arg-type]
            return contexts[-1].new_page()
        page, context = pool.page(fresh=fresh, **options)
        kept.append(context)
        return page

    try:
        yield open_page
    finally:
        with contextlib.ExitStack() as cleanup:  # every one closed or released, even when another fails
            for context in contexts:
                cleanup.callback(context.close)
            for each in kept:
                cleanup.callback(pool.release, each)


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def phone(request: pytest.FixtureRequest, browser: Browser, page_pool: PagePool) -> Iterator[Page]:
    """A new phone-sized, touch-enabled page, as in a new browser context."""
    yield from _fresh_page(request, browser, page_pool, PHONE)


@pytest.fixture
def page(request: pytest.FixtureRequest, browser: Browser, page_pool: PagePool) -> Iterator[Page]:
    """A new page, as in a new browser context (no shared storage, cookies, cache or history)."""
    yield from _fresh_page(request, browser, page_pool, DESKTOP)


@pytest.fixture
def new_page(request: pytest.FixtureRequest, browser: Browser, page_pool: PagePool) -> Iterator[Callable[..., Page]]:
    """Opens pages as new browser contexts with these options would: ``new_page(viewport=...,
    color_scheme=..., java_script_enabled=...)``; each call a context of its own, all closed after the test."""
    with _page_opener(request, browser, page_pool) as open_page:
        yield open_page


# --- the suite's rules -----------------------------------------------------------------------------

KINDS = ("unit", "tool", "site", "browser")
BROWSER_FIXTURES = {"browser", "page", "phone", "new_page", "axe"}
SITE_FIXTURES = {"site", "server", "site_dir", "web_server", "web_root", "clean_build", "warm_project", "bare_site"}
TOOL_FIXTURES = {"soffice", "executed_notebook"}  # LibreOffice; a Jupyter kernel


def kind_problem(name: str, markers: set[str], fixtures: set[str], uses_torch: bool = False) -> str | None:
    """Why a test's markers are wrong, or None: exactly one kind, and none lighter than its fixtures
    or than PyTorch, when its own body imports it (``imports_torch``)."""
    kinds = markers & set(KINDS)
    if len(kinds) != 1:
        return f"{name}: needs exactly one of the markers {', '.join(KINDS)} (has {sorted(kinds) or 'none'})"
    [kind] = kinds
    if fixtures & BROWSER_FIXTURES and kind != "browser":
        return f"{name}: uses the browser ({', '.join(sorted(fixtures & BROWSER_FIXTURES))}) but is marked {kind}"
    if fixtures & SITE_FIXTURES and kind in ("unit", "tool"):
        return f"{name}: uses the built site ({', '.join(sorted(fixtures & SITE_FIXTURES))}) but is marked {kind}"
    if fixtures & TOOL_FIXTURES and kind == "unit":
        return f"{name}: starts a tool ({', '.join(sorted(fixtures & TOOL_FIXTURES))}) but is marked unit"
    if uses_torch and kind == "unit":  # importing it costs each worker 1.7 s: the quick loop leaves it out
        return f"{name}: imports PyTorch but is marked unit (mark it tool)"
    return None


# What a test cannot take back from a kept browser context (tests/page_pool.py), by the attribute names
# its code uses: a clock (page.clock is the context's), a binding, header or place set on the context,
# and an init script added through ``page.context``.
CONTEXT_CHANGES = frozenset({"clock", "expose_binding", "expose_function", "set_extra_http_headers", "set_geolocation"})
# What a test cannot take back from the page the pool keeps, or needs a new tab for: it gets a new page
# in the kept context. ``set_content`` is among them: it writes into the blank page, and a blank page
# the pool navigated to is a public, insecure context whose requests to 127.0.0.1 Chromium blocks
# (Private Network Access), where a new tab's first blank page may make them.
PAGE_CHANGES = frozenset(
    {
        "add_init_script",
        "new_cdp_session",
        "route_from_har",
        "add_locator_handler",
        "set_default_timeout",
        "set_default_navigation_timeout",
        "set_content",
    }
)


def names_used(code: types.CodeType, namespace: dict[str, object] | None = None, seen: set[types.CodeType] | None = None) -> set[str]:
    """The global and attribute names a function's code uses, with its nested functions' and, given
    its module's namespace, those of the suite's own functions it calls (helpers of tests/)."""
    seen = set() if seen is None else seen
    seen.add(code)
    names = set(code.co_names)
    inner: list[tuple[types.CodeType, dict[str, object] | None]] = [
        (constant, namespace) for constant in code.co_consts if isinstance(constant, types.CodeType)
    ]
    for name in code.co_names if namespace is not None else ():
        found = namespace.get(name)  # type: ignore[union-attr]
        if isinstance(found, types.FunctionType) and Path(found.__code__.co_filename).is_relative_to(TESTS):
            inner.append((found.__code__, found.__globals__))
    for each, each_namespace in inner:
        if each not in seen:
            names |= names_used(each, each_namespace, seen)
    return names


def names_of_test(item: pytest.Item) -> set[str]:
    """``names_used`` by a test function and the suite's fixtures it asks for (those in tests/, not
    conftest's own), the suite's helpers they call included; empty for other items."""
    function = getattr(item, "function", None)
    if not isinstance(function, types.FunctionType):
        return set()
    seen: set[types.CodeType] = set()
    names = names_used(function.__code__, function.__globals__, seen)
    fixtures = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
    for definitions in fixtures.values():
        for definition in definitions:
            fixture = inspect.unwrap(definition.func)
            if (
                isinstance(fixture, types.FunctionType)
                and Path(fixture.__code__.co_filename).parent == TESTS
                and fixture.__module__ != __name__
            ):
                names |= names_used(fixture.__code__, fixture.__globals__, seen)
    return names


def context_problem(item: pytest.Item) -> str | None:
    """Why a test may not take its page from a kept context, or None."""
    if not {"page", "phone", "new_page"} & set(getattr(item, "fixturenames", ())) or item.get_closest_marker("own_context"):
        return None
    names = names_of_test(item)
    changes = names & CONTEXT_CHANGES | ({"context.add_init_script"} if {"context", "add_init_script"} <= names else set())
    if changes:
        return f"{item.nodeid}: changes its browser context ({', '.join(sorted(changes))}) but is not marked own_context"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    problems = [
        problem
        for item in items
        if (
            problem := kind_problem(
                item.nodeid, {mark.name for mark in item.iter_markers()}, set(getattr(item, "fixturenames", ())), imports_torch(item)
            )
        )
        is not None
    ]
    problems += [problem for item in items if (problem := context_problem(item)) is not None]
    if problems:
        raise pytest.UsageError("Tests without a correct marker:\n  " + "\n  ".join(problems))
    items.sort(key=run_order)


# --- how the run is spread over the workers ---------------------------------------------------------

# The browser tests mostly wait (for Chromium, for the shared build, for a page to go quiet), yet more
# workers than cores did not make a full run faster here: on a quiet 2-core machine four workers took
# 537 s where two had taken 480 s, Chromium's page loads then competing for the cores; three per core
# made timing-sensitive browser tests fail (a drill's Hint button still disabled after 30 s, a stale
# fragment left in the history after instant navigation). So one worker per core, and the slow tests
# first (run_order). The quick loop (``-m unit``, or tool tests: short tests, some hundreds) takes
# xdist's default chunks instead: handed out one at a time, each test costs a round trip.
WORKERS_PER_CORE = 1
LIGHT_SELECTIONS = {"unit", "tool", "unit or tool", "tool or unit"}


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto``: the workers for this run, from the cores this process may use (unless
    PYTEST_XDIST_AUTO_NUM_WORKERS says how many: pytest-xdist reads it)."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    if " ".join(str(config.option.markexpr).split()) in LIGHT_SELECTIONS:
        config.option.maxschedchunk = None  # xdist's chunks: one at a time cost the quick loop about 1 s
    return WORKERS_PER_CORE * len(os.sched_getaffinity(0))


def run_order(item: pytest.Item) -> int:
    """The order tests are handed out in (pytest.ini hands them out one at a time, ``--maxschedchunk 1``):
    ``slow`` ones first, so none is left for the end while the other workers are done, then the
    browser, tool, site and unit tests, the shortest last to fill the gaps. Stable: a file's tests keep
    their order otherwise."""
    names = {mark.name for mark in item.iter_markers()}
    return 0 if "slow" in names else 1 + next((i for i, kind in enumerate(("browser", "tool", "site", "unit")) if kind in names), 4)


def imports_torch(item: pytest.Item) -> bool:
    """Whether the test function's own body imports PyTorch (``import torch``, ``from torch import nn``).
    One that gets it through a fixture or a module of scripts/ is caught when it runs (``_no_torch_in_unit``)."""
    code = getattr(getattr(item, "function", None), "__code__", None)
    return code is not None and any(name == "torch" or name.startswith("torch.") for name in code.co_names)


def _no_torch_in_unit(item: pytest.Item) -> Iterator[None]:
    """A hook wrapper's body: a ``unit`` test (its fixtures or its call) that loads PyTorch fails, naming
    itself, so that ``-m unit`` stays a quick loop. (Once another test of the worker has loaded it, as in a
    whole run, there is nothing left to see: the quick loop is where it shows.)"""
    loaded = "torch" in sys.modules
    result = yield
    if not loaded and "torch" in sys.modules and item.get_closest_marker("unit") is not None:
        pytest.fail(f"{item.nodeid}: loads PyTorch (1.7 s a worker) but is marked unit: mark it tool", pytrace=False)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    return (yield from _no_torch_in_unit(item))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    return (yield from _no_torch_in_unit(item))


SKIPPED = pytest.StashKey[list[str]]()


def _note_skip(config: pytest.Config, report: pytest.CollectReport | pytest.TestReport) -> None:
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        config.stash.setdefault(SKIPPED, []).append(f"{report.nodeid}: {reason}")


class _SkipsFail:
    """A skipped test (or module) fails the run: the suite skips nothing that was not left out on purpose."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        _note_skip(self.config, report)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        _note_skip(self.config, report)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self.config.stash.get(SKIPPED, []) and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: object) -> None:
        skipped = self.config.stash.get(SKIPPED, [])
        if skipped:
            write = terminalreporter.write_line  # type: ignore[attr-defined]
            write(
                f"FAILED: {len(skipped)} skipped; the suite skips nothing. Install what they need "
                "(bash scripts/dev.sh test does), or leave a group out on purpose with -m or -k:",
                red=True,
                bold=True,
            )
            for line in skipped:
                write(f"  {line}", red=True)
