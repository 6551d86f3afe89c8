"""Fresh pages without a fresh browser context or tab each: one context per set of options, and one
page in it, kept by a worker.

Most of what a short browser test costs Chromium is making things that a test then throws away:
measured on the 2-core machine, a new context and page cost 1.55 CPU-s, a new page in a kept context
0.45 CPU-s, and loading a page of the site in a new tab about 1.1 CPU-s more than in a tab that
loaded one before (a new renderer process compiles Material's scripts anew). So the ``page``,
``phone`` and ``new_page`` fixtures hand out a page this worker keeps, in a context it keeps, and
hand it over as a new context would give it: blank, with no page of the last test in its history
(only the blank one it opens on), no listener, route or mouse
button of the last test; no cookie, no stored data of any origin the context's pages visited
(localStorage, sessionStorage, IndexedDB, caches), an empty HTTP cache, no route, no permission,
online; the size, colour scheme and motion the test asked for.

What a test cannot take back from a page (an init script, a DevTools session of its own), or a page
it writes itself (``set_content``: a blank page the pool navigated to may not fetch from 127.0.0.1),
it does on a new page in the kept context (``fresh``: conftest decides from the test's code). What
it cannot take back from a context (a clock installed with ``page.clock``, an init script or binding added to the
context) needs a context of its own: such a test is marked ``own_context`` and gets one (conftest
refuses, at collection, a test that does so without the marker).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, CDPSession, Frame, Page

Listeners = dict[str, list[Callable[..., object]]]


def origin_of(url: str) -> str | None:
    """``scheme://host:port`` of an http(s) address, else None (about:blank, data: URLs)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else None


def listeners_of(page: Page) -> Listeners:
    """The listeners on a page by event, Playwright's own included (its emitter keeps them in
    ``_events``, one function or a list), so that those a test added can be taken off again."""
    events = page._impl_obj._events  # noqa: SLF001 (Playwright has no public way to list them)
    return {event: list(found) if isinstance(found, list) else [found] for event, found in events.items()}


class KeptContext:
    """A browser context reused for many tests, with the page it hands out: through that page's
    DevTools session the context and the page are cleared between tests."""

    def __init__(self, browser: Browser, options: dict[str, object]) -> None:
        self.permissions = list(options.get("permissions", ()))  # type: ignore[call-overload]
        self.context: BrowserContext = browser.new_context(**options)
        self.origins: set[str] = set()
        self.context.on("page", self._watch)
        self.page: Page = self.context.new_page()
        self.session: CDPSession = self.context.new_cdp_session(self.page)
        self.own_listeners: Listeners = listeners_of(self.page)  # what the page had before any test
        self.in_use = False  # a test has a page of it: not handed out again until released

    def _watch(self, page: Page) -> None:
        page.on("framenavigated", self._note)

    def _note(self, frame: Frame) -> None:
        if (origin := origin_of(frame.url)) is not None:
            self.origins.add(origin)

    @property
    def usable(self) -> bool:
        return not self.page.is_closed()

    def take_page(self, fresh: bool) -> Page:
        """The kept page, or a new one for a test that changes a page in a way that cannot be undone."""
        return self.context.new_page() if fresh else self.page

    def clear(self) -> None:
        """Close the pages the test opened, blank the kept page, and take back what they left in the context."""
        for page in self.context.pages:
            if page is not self.page:
                page.close()
        self._blank_page()
        self.context.unroute_all(behavior="ignoreErrors")
        self.context.clear_cookies()
        self.context.clear_permissions()  # every grant, the context's own options' too: those are given back
        if self.permissions:
            self.context.grant_permissions(self.permissions)
        self.context.set_offline(False)
        for origin in sorted(self.origins):  # sessionStorage too, though it is the tab's
            self.session.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
        self.origins.clear()
        self.session.send("Network.clearBrowserCache")

    def _blank_page(self) -> None:
        """The kept page as a new one: the test's listeners and routes off, about:blank with no
        history behind it, the mouse back at (0, 0) with no button down."""
        for event, listeners in listeners_of(self.page).items():
            for listener in listeners:
                if listener not in self.own_listeners.get(event, []):
                    self.page._impl_obj.remove_listener(event, listener)  # noqa: SLF001
        self.page.unroute_all(behavior="ignoreErrors")
        self.page.goto("about:blank")
        self.page.evaluate("window.name = ''")  # the tab's, kept across pages (study-visit.js may store progress in it)
        self.session.send("Page.resetNavigationHistory")
        self.page.mouse.move(0, 0)
        self.page.mouse.up()


# Options a page takes on its own as a context would give them (Playwright sets both the same way,
# through the page's DevTools session): pages that differ only in these share a kept context.
PAGE_OPTIONS = ("viewport", "color_scheme", "reduced_motion")
DEFAULT_VIEWPORT = {"width": 1280, "height": 720}  # Playwright's, for a context made without one
DEFAULT_MEDIA = {
    "media": "null",
    "color_scheme": "light",
    "reduced_motion": "no-preference",
    "forced_colors": "none",
    "contrast": "no-preference",
}


class PagePool:
    """This worker's kept contexts, by context options; one in use by a test is not handed out again
    until released, so two pages a test opens as two contexts get two."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.kept: dict[str, list[KeptContext]] = {}

    def page(self, fresh: bool = False, **options: object) -> tuple[Page, KeptContext]:
        context_options = {name: value for name, value in options.items() if name not in PAGE_OPTIONS}
        kept_list = self.kept.setdefault(repr(sorted(context_options.items())), [])
        kept_list[:] = [kept for kept in kept_list if kept.usable]
        kept = next((kept for kept in kept_list if not kept.in_use), None)
        if kept is None:
            kept = KeptContext(self.browser, context_options)
            kept_list.append(kept)
        kept.in_use = True
        try:
            page = kept.take_page(fresh)
            page.set_viewport_size(options.get("viewport", DEFAULT_VIEWPORT))  # type: ignore[arg-type]
            media = {name: options[name] for name in ("color_scheme", "reduced_motion") if name in options}
            page.emulate_media(**{**DEFAULT_MEDIA, **media})  # type: ignore[arg-type]
        except BaseException:
            self.release(kept)
            raise
        return page, kept

    def release(self, kept: KeptContext) -> None:
        """Clear the context and its page, then hand them out again; a context that could not be
        cleared is closed (and the pool makes a new one), never handed out with what a test left in it."""
        try:
            if kept.usable:
                kept.clear()
            else:  # the test closed the kept page: the context goes too
                kept.context.close()
        except BaseException:
            kept.context.close()
            raise
        finally:
            kept.in_use = False
