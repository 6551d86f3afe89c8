"""Fresh pages without a fresh browser context each: one context per set of options, kept by a worker.

Creating a browser context is most of what a short browser test costs Chromium: measured on the
2-core machine, a new context and page cost 1.55 CPU-s, a new page in a kept context 0.45 CPU-s. So
the ``page`` and ``phone`` fixtures take a new page from a context this worker keeps, and hand it over
as a new context would: no cookie, no stored data of any origin the context's pages visited
(localStorage, IndexedDB, caches), an empty HTTP cache, no route, no permission, online. What belongs
to the page (sessionStorage, history, its own routes and init scripts) is new with the page.

What a test cannot take back from a context (a clock installed with ``page.clock``, an init script or
binding added to the context) needs a context of its own: such a test is marked ``own_context`` and
gets one (conftest refuses, at collection, a test that does so without the marker).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, CDPSession, Frame, Page


def origin_of(url: str) -> str | None:
    """``scheme://host:port`` of an http(s) address, else None (about:blank, data: URLs)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else None


class KeptContext:
    """A browser context reused for many tests, with one blank page kept open in it: through that
    page's DevTools session the context is cleared between tests."""

    def __init__(self, browser: Browser, options: dict[str, object]) -> None:
        self.context: BrowserContext = browser.new_context(**options)
        self.keeper: Page = self.context.new_page()
        self.session: CDPSession = self.context.new_cdp_session(self.keeper)
        self.origins: set[str] = set()
        self.context.on("page", self._watch)

    def _watch(self, page: Page) -> None:
        page.on("framenavigated", self._note)

    def _note(self, frame: Frame) -> None:
        if (origin := origin_of(frame.url)) is not None:
            self.origins.add(origin)

    @property
    def usable(self) -> bool:
        return not self.keeper.is_closed()

    def new_page(self) -> Page:
        return self.context.new_page()

    def clear(self) -> None:
        """Close the test's pages and take back what they left in the context."""
        for page in self.context.pages:
            if page is not self.keeper:
                page.close()
        self.context.unroute_all(behavior="ignoreErrors")
        self.context.clear_cookies()
        self.context.clear_permissions()
        self.context.set_offline(False)
        for origin in sorted(self.origins):
            self.session.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
        self.origins.clear()
        self.session.send("Network.clearBrowserCache")


class PagePool:
    """This worker's kept contexts, one per set of context options."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.kept: dict[str, KeptContext] = {}

    def page(self, **options: object) -> tuple[Page, KeptContext]:
        key = repr(sorted(options.items()))
        kept = self.kept.get(key)
        if kept is None or not kept.usable:
            kept = self.kept[key] = KeptContext(self.browser, options)
        return kept.new_page(), kept

    def release(self, kept: KeptContext) -> None:
        if kept.usable:
            kept.clear()
