"""The whole built site holds together: every internal link, source and #fragment resolves; two
clean builds are byte-identical; every page works with JavaScript disabled."""

from __future__ import annotations

import filecmp
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import CleanBuild
from tests.site_pages import nav_pages, soup_of

ROOT = Path(__file__).resolve().parents[1]
LINKING = "a[href], link[href], script[src], img[src], source[src], iframe[src]"


def local_target(site: Path, server: str, page_url: str, reference: str) -> tuple[Path, str] | None:
    """The file and fragment a reference on page_url points to, or None if it leaves the site."""
    absolute = urljoin(page_url, reference)
    if not absolute.startswith(server):
        return None
    parts = urlsplit(absolute)
    path = unquote(parts.path.removeprefix(urlsplit(server).path))
    target = site / path
    if path == "" or path.endswith("/"):
        target = target / "index.html"
    return target, unquote(parts.fragment)


@pytest.mark.site
def test_every_internal_link_source_and_fragment_resolves(site: Path, server: str) -> None:
    ids_cache: dict[Path, set[str]] = {}
    problems: list[str] = []
    checked = 0
    for html in sorted(site.rglob("*.html")):
        relative = html.relative_to(site).as_posix()
        page_url = server + (relative.removesuffix("index.html") if relative.endswith("index.html") else relative)
        if relative == "404.html":
            continue  # rendered with absolute links for use at any path; checked in the browser
        for element in soup_of(html).select(LINKING):
            reference = str(element.get("href") or element.get("src"))
            if reference.startswith(("mailto:", "javascript:", "data:")) or "{" in reference:
                continue
            found = local_target(site, server, page_url, reference)
            if found is None:
                continue
            target, fragment = found
            checked += 1
            if not target.exists():
                problems.append(f"{relative}: {reference} -> missing {target.relative_to(site)}")
                continue
            if fragment and target.suffix == ".html":
                if target not in ids_cache:
                    ids_cache[target] = {str(tag["id"]) for tag in soup_of(target).select("[id]")}
                if fragment not in ids_cache[target]:
                    problems.append(f"{relative}: {reference} -> no #{fragment} in {target.relative_to(site)}")
    assert checked > 500, f"only {checked} references checked"
    assert problems == []


@pytest.mark.site
def test_stylesheet_urls_resolve(site: Path) -> None:
    for css in site.rglob("*.css"):
        for url in re.findall(r"url\(['\"]?([^'\")]+)['\"]?\)", css.read_text(encoding="utf-8")):
            if url.startswith("data:") or url.startswith("#"):
                continue
            assert (css.parent / url.split("?")[0].split("#")[0]).exists(), f"{css.relative_to(site)}: {url} is missing"


@pytest.mark.site
def test_two_clean_builds_are_byte_identical(site: Path, clean_build: CleanBuild) -> None:
    """Two builds: the suite's site (from the working tree: empty caches on a fresh clone, else the
    files an earlier build generated) and one in a copy of the project with empty caches (figures,
    workbook and cards drawn anew, once per run for the whole suite): every byte is the same."""
    first, second = site, clean_build.site
    for generated in ("figures", "workbook", "cards"):
        assert any((clean_build.project / ".cache" / generated).iterdir()), f"nothing generated in .cache/{generated}"
    comparison = filecmp.dircmp(first, second)
    differing: list[str] = []

    def collect(cmp: filecmp.dircmp, prefix: str = "") -> None:
        differing.extend(prefix + name for name in cmp.left_only + cmp.right_only)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        differing.extend(prefix + name for name in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            collect(sub, f"{prefix}{name}/")

    collect(comparison)
    assert differing == []


@pytest.mark.browser
def test_every_page_works_without_javascript(site: Path, server: str, new_page: Callable[..., Page]) -> None:
    page = new_page(java_script_enabled=False)
    for url in nav_pages(site):
        page.goto(server + url)
        expect(page.locator("article h1")).to_be_visible()
        summaries = page.locator("details.answer > summary")
        if summaries.count() == 0:
            continue
        summaries.first.click()  # a native <details>: opens with no script
        answer = page.locator("details.answer").first
        expect(answer).to_have_attribute("open", "")
        expect(answer.locator("p").first).to_be_visible()
        math = page.locator("details[open] .katex")
        for index in range(math.count()):
            box = math.nth(index).bounding_box()
            assert box is not None and box["width"] > 0, f"{url}: math not visible without JavaScript"
