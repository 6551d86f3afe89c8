"""Fresh pages without a fresh browser context each: one context per set of options, kept by a worker.

Creating a browser context is most of what a short browser test costs Chromium: measured on the
2-core machine, a new context and page cost 1.55 CPU-s, a new page in a kept context 0.45 CPU-s. So
the ``page``, ``phone`` and ``new_page`` fixtures take a new page from a context this worker keeps, and hand it over
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
        self.permissions = list(options.get("permissions", ()))  # type: ignore[call-overload]
        self.context: BrowserContext = browser.new_context(**options)
        self.keeper: Page = self.context.new_page()
        self.session: CDPSession = self.context.new_cdp_session(self.keeper)
        self.origins: set[str] = set()
        self.in_use = False  # a test has a page of it: not handed out again until released
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
        self.context.clear_permissions()  # every grant, the context's own options' too: those are given back
        if self.permissions:
            self.context.grant_permissions(self.permissions)
        self.context.set_offline(False)
        for origin in sorted(self.origins):
            self.session.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
        self.origins.clear()
        self.session.send("Network.clearBrowserCache")


# Options a page takes on its own as a context would give them (Playwright sets both the same way,
# through the page's DevTools session): pages that differ only in these share a kept context.
PAGE_OPTIONS = ("viewport", "color_scheme", "reduced_motion")
DEFAULT_VIEWPORT = {"width": 1280, "height": 720}  # Playwright's, for a context made without one


class PagePool:
    """This worker's kept contexts, by context options; one in use by a test is not handed out again
    until released, so two pages a test opens as two contexts get two."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.kept: dict[str, list[KeptContext]] = {}

    def page(self, **options: object) -> tuple[Page, KeptContext]:
        context_options = {name: value for name, value in options.items() if name not in PAGE_OPTIONS}
        kept_list = self.kept.setdefault(repr(sorted(context_options.items())), [])
        kept_list[:] = [kept for kept in kept_list if kept.usable]
        kept = next((kept for kept in kept_list if not kept.in_use), None)
        if kept is None:
            kept = KeptContext(self.browser, context_options)
            kept_list.append(kept)
        kept.in_use = True
        try:
            page = kept.new_page()
            page.set_viewport_size(options.get("viewport", DEFAULT_VIEWPORT))  # type: ignore[arg-type]
            if media := {name: options[name] for name in ("color_scheme", "reduced_motion") if name in options}:
                page.emulate_media(**media)  # type: ignore[arg-type]
        except BaseException:
            self.release(kept)
            raise
        return page, kept

    def release(self, kept: KeptContext) -> None:
        """Clear the context, then hand it out again; a context that could not be cleared is closed
        (and the pool makes a new one), never handed out with what a test left in it."""
        try:
            if kept.usable:
                kept.clear()
        except BaseException:
            kept.context.close()
            raise
        finally:
            kept.in_use = False
