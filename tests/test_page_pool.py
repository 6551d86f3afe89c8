"""The kept browser contexts and pages (tests/page_pool.py) hand out pages as new contexts would:
nothing one test leaves in its context (stored data, cookies, cached files, routes, permissions,
offline) or on its page (listeners, routes, history, emulated media, a mouse button) reaches the next
test's page.

The pool is tested on two tiny pages that share a stylesheet, served on their own port: what it
clears does not depend on what a page holds, and each of these tests makes contexts of its own,
whose first load of a page of the site would cost Chromium about a CPU-second more."""

from __future__ import annotations

import collections
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Error as PlaywrightError

from tests.page_pool import PagePool, origin_of

pytestmark = pytest.mark.browser

TINY_PAGES = {
    "index.html": '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>One</title>'
    '<link rel="stylesheet" href="tiny.css"></head><body><p>One <a href="two.html">two</a></p></body></html>',
    "two.html": '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Two</title>'
    '<link rel="stylesheet" href="tiny.css"></head><body><p>Two</p></body></html>',
    "tiny.css": "p { color: #333; }",
}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class CachedHandler(QuietHandler):
    """Serves files the browser may keep for an hour, and counts the requests."""

    requests: collections.Counter[str] = collections.Counter()

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=3600")
        super().end_headers()

    def do_GET(self) -> None:
        CachedHandler.requests[self.path] += 1
        super().do_GET()


def serve_in_thread(folder: Path, handler: type[http.server.SimpleHTTPRequestHandler]) -> http.server.ThreadingHTTPServer:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return httpd


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tiny-site")
    for name, text in TINY_PAGES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def tiny_server(tiny_site: Path) -> Iterator[str]:
    """The tiny pages' base URL (this module's own server, not the site's)."""
    httpd = serve_in_thread(tiny_site, QuietHandler)
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


LEAVE_TRACES = """() => {
  localStorage.setItem("left-behind", "1");
  sessionStorage.setItem("left-behind", "1");
  document.cookie = "left=behind; max-age=3600; path=/";
  return new Promise((done, failed) => {
    const opening = indexedDB.open("left-behind", 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore("store");
    opening.onsuccess = () => { opening.result.close(); done(true); };
    opening.onerror = failed;
  });
}"""
TRACES = """async () => ({
  local: localStorage.getItem("left-behind"),
  session: sessionStorage.getItem("left-behind"),
  cookie: document.cookie,
  databases: (await indexedDB.databases()).map(d => d.name),
  online: navigator.onLine,
})"""


def test_a_kept_context_gives_the_next_test_a_clean_page(tiny_server: str, browser: Browser) -> None:
    pool = PagePool(browser)  # a pool of its own: the worker's is in use by the fixtures
    first, kept = pool.page(viewport={"width": 1280, "height": 900})
    first.goto(tiny_server)
    first.evaluate(LEAVE_TRACES)
    first.context.route("**/*.css", lambda route: route.abort())
    first.context.grant_permissions(["clipboard-read"], origin=origin_of(tiny_server))
    first.context.set_offline(True)
    other = first.context.new_page()  # a second page the test opened and did not close
    pool.release(kept)
    assert other.is_closed()

    second, again = pool.page(viewport={"width": 1280, "height": 900})
    assert again is kept, "the pool made a new context instead of keeping the first"
    with second.expect_response(lambda response: response.url.endswith(".css")) as stylesheet:
        second.goto(tiny_server)
    assert stylesheet.value.ok, "a route the first test added still answers"
    assert second.evaluate(TRACES) == {"local": None, "session": None, "cookie": "", "databases": [], "online": True}
    permission = second.evaluate("async () => (await navigator.permissions.query({ name: 'clipboard-read' })).state")
    assert permission != "granted"
    pool.release(again)
    kept.context.close()


def test_the_kept_page_comes_back_blank_with_nothing_of_the_last_test(tiny_server: str, browser: Browser) -> None:
    """The page itself is handed out again (its renderer is kept), as a new tab."""
    pool = PagePool(browser)
    first, kept = pool.page(color_scheme="dark")
    heard: list[str] = []
    first.on("console", lambda message: heard.append(message.text))
    first.route("**/*.css", lambda route: route.abort())
    first.goto(tiny_server)
    first.goto(tiny_server + "two.html")
    first.emulate_media(media="print")
    first.mouse.move(200, 300)
    first.mouse.down()
    pool.release(kept)
    heard.clear()  # what the listener heard while its own test ran

    second, again = pool.page(viewport={"width": 800, "height": 600})
    try:
        assert second is first and again is kept, "a new page was made instead of handing out the kept one"
        assert second.url == "about:blank"
        with second.expect_response(lambda response: response.url.endswith(".css")) as stylesheet:
            second.goto(tiny_server)
        assert stylesheet.value.ok, "a route the last test put on the page still answers"
        second.evaluate("console.log('for the next test only')")
        assert heard == [], f"a listener of the last test still hears the page: {heard}"
        assert second.evaluate("history.length") == 2, "the last test's pages are still in the history"
        second.go_back()  # behind the first page: nothing, or the blank page it was handed out on
        assert second.url in (tiny_server, "about:blank"), f"back from the first page went to {second.url}"
        second.goto(tiny_server)
        assert second.evaluate(
            "[innerWidth, innerHeight, matchMedia('print').matches, matchMedia('(prefers-color-scheme: dark)').matches]"
        ) == [800, 600, False, False]
        second.evaluate(
            """() => { window.__moves = []; addEventListener('mousemove', e => window.__moves.push([e.clientX, e.clientY, e.buttons])); }"""
        )
        second.mouse.move(10, 10)
        assert second.evaluate("window.__moves") == [[10, 10, 0]], "the last test's mouse button is still down"
    finally:
        pool.release(again)
        kept.context.close()


def test_a_test_that_adds_an_init_script_gets_a_page_of_its_own(tiny_server: str, browser: Browser) -> None:
    pool = PagePool(browser)
    page, kept = pool.page()
    pool.release(kept)
    fresh, again = pool.page(fresh=True)
    try:
        assert again is kept and fresh is not kept.page
        fresh.add_init_script("window.__left = 1")
        pool.release(again)
        assert fresh.is_closed(), "a page with an init script would be handed out again"
        next_page, _ = pool.page()
        next_page.goto(tiny_server)
        assert next_page.evaluate("window.__left") is None
    finally:
        pool.release(kept)
        kept.context.close()


def test_a_page_from_a_kept_context_fetches_its_files_anew(tiny_site: Path, browser: Browser) -> None:
    """Served with files the browser may keep for an hour: the second test's page fetches them again."""
    server = serve_in_thread(tiny_site, CachedHandler)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    pool = PagePool(browser)
    try:
        for _ in range(2):
            page, kept = pool.page()
            page.goto(url)
            page.goto(url + "two.html")  # the same stylesheet again, within one page: from the cache
            pool.release(kept)
        stylesheets = {path: count for path, count in CachedHandler.requests.items() if path.endswith(".css")}
        assert stylesheets and set(stylesheets.values()) == {2}, f"requests per stylesheet over two pages: {stylesheets}"
    finally:
        kept.context.close()
        server.shutdown()
        server.server_close()


def test_two_pages_one_test_opens_are_two_contexts_each_with_its_size_and_scheme(tiny_server: str, browser: Browser) -> None:
    pool = PagePool(browser)
    one, first = pool.page(viewport={"width": 1280, "height": 900})
    two, second = pool.page(viewport={"width": 800, "height": 600}, color_scheme="dark")
    try:
        assert first is not second, "a context in use was handed out again"
        one.goto(tiny_server)
        one.evaluate("localStorage.setItem('mine', '1')")
        two.goto(tiny_server)
        assert two.evaluate("localStorage.getItem('mine')") is None
        assert one.evaluate("[innerWidth, innerHeight, matchMedia('(prefers-color-scheme: dark)').matches]") == [1280, 900, False]
        assert two.evaluate("[innerWidth, innerHeight, matchMedia('(prefers-color-scheme: dark)').matches]") == [800, 600, True]
    finally:
        for kept in (first, second):
            pool.release(kept)
            kept.context.close()


def test_a_kept_context_keeps_the_permissions_it_was_made_with(tiny_server: str, browser: Browser) -> None:
    """A context made with permissions (the copy-link tests') has them again after it is cleared."""
    pool = PagePool(browser)
    query = "async () => (await navigator.permissions.query({ name: 'clipboard-read' })).state"
    try:
        for _ in range(2):
            page, kept = pool.page(permissions=["clipboard-read", "clipboard-write"])
            page.goto(tiny_server)
            assert page.evaluate(query) == "granted"
            pool.release(kept)
    finally:
        kept.context.close()


def test_a_context_that_cannot_be_cleared_is_never_handed_out_again(tiny_server: str, browser: Browser) -> None:
    pool = PagePool(browser)
    page, kept = pool.page()
    page.goto(tiny_server)
    page.evaluate("localStorage.setItem('left-behind', '1')")
    kept.session.detach()  # clearing the context's storage now fails
    with pytest.raises(PlaywrightError):
        pool.release(kept)
    assert not kept.usable
    other, fresh = pool.page()
    try:
        assert fresh is not kept
        other.goto(tiny_server)
        assert other.evaluate("localStorage.getItem('left-behind')") is None
    finally:
        pool.release(fresh)
        fresh.context.close()


def test_a_context_whose_kept_page_a_test_closed_is_closed_too(browser: Browser) -> None:
    pool = PagePool(browser)
    page, kept = pool.page()
    page.close()
    pool.release(kept)
    assert kept.context not in browser.contexts, "the context stayed open after its kept page was closed"
    other, fresh = pool.page()
    try:
        assert fresh is not kept and not other.is_closed()
    finally:
        pool.release(fresh)
        fresh.context.close()
