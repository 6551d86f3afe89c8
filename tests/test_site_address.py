"""The site's address: a published build names only its public address, a local build none where avoidable.

The Pages workflow sets ``SITE_URL``; ``bash scripts/dev.sh build`` does not. MkDocs and Material
need an absolute ``site_url`` for the sitemap (instant navigation reads it), so a local build keeps
``http://127.0.0.1:8000/`` there and nowhere else: canonical links, ``og:``/``twitter:`` tags, the
short link pages and the Anki deck leave the address out. A published build holds no local address
anywhere, deck included. Both builds are made here, from the project as it is.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from scripts.content.addresses import DECK_PATH
from scripts.content.questionnaire import read_questionnaire, source_pages
from scripts.pages.short_links import short_link_html
from tests.conftest import ROOT
from tests.site_pages import soup_of

PUBLISHED = "https://example.github.io/repo/"
LOCAL = "127.0.0.1"
TEXT_SUFFIXES = {".html", ".xml", ".json", ".js", ".css", ".txt", ".svg"}


def build(site_dir: Path, site_url: str | None) -> Path:
    env = {key: value for key, value in os.environ.items() if key not in {"SITE_URL", "REPO_URL", "EDIT_URI"}}
    env["NO_MKDOCS_2_WARNING"] = "1"
    if site_url is not None:
        env["SITE_URL"] = site_url
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    return site_dir


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("published") / "site", PUBLISHED)


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("local") / "site", None)


def deck_text(site: Path) -> str:
    """Every text entry of the deck (the notes' database read as bytes: the fields are in it as text)."""
    archive = zipfile.ZipFile(io.BytesIO((site / DECK_PATH).read_bytes()))
    return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


def files_naming(site: Path, address: str) -> list[str]:
    return sorted(
        str(path.relative_to(site))
        for path in site.rglob("*")
        if path.suffix in TEXT_SUFFIXES and address in path.read_text(encoding="utf-8", errors="replace")
    )


@pytest.mark.unit
def test_a_short_link_page_without_a_public_address_has_no_absolute_tags() -> None:
    page = '# P\n\n## 1. What is it? { #q1 }\n\n??? answer "Answer"\n\n    It is a short answer of words.\n'
    [question] = read_questionnaire(source_pages([("p.md", "p/", page)])).questions
    local_page = short_link_html(question, "p/", "", "Site")
    assert "://" not in local_page and 'rel="canonical"' not in local_page and "og:url" not in local_page
    assert 'property="og:description" content="It is a short answer of words."' in local_page
    public_page = short_link_html(question, "p/", PUBLISHED, "Site")
    for tag in (
        f'rel="canonical" href="{PUBLISHED}p/"',
        f'og:url" content="{PUBLISHED}q/1/"',
        f'og:image" content="{PUBLISHED}q/1/card.png"',
    ):
        assert tag in public_page


@pytest.mark.site
def test_a_published_build_names_no_local_address(published: Path) -> None:
    assert files_naming(published, LOCAL) == []
    assert LOCAL not in deck_text(published) and f'href="{PUBLISHED}' in deck_text(published)
    home = soup_of(published / "index.html")
    assert home.select_one("link[rel=canonical]")["href"] == PUBLISHED
    assert home.select_one("meta[property='og:image']")["content"].startswith(PUBLISHED)
    short = soup_of(published / "q" / "17" / "index.html")
    assert short.select_one("meta[property='og:url']")["content"] == f"{PUBLISHED}q/17/"
    assert f"<loc>{PUBLISHED}first-cnn/</loc>" in (published / "sitemap.xml").read_text(encoding="utf-8")


@pytest.mark.site
def test_a_local_build_keeps_the_local_address_only_in_the_sitemap(local: Path) -> None:
    assert files_naming(local, LOCAL) == ["sitemap.xml"]  # MkDocs writes absolute addresses there; Material reads them
    assert LOCAL not in deck_text(local) and 'href="http://' not in deck_text(local)
    home = soup_of(local / "index.html")
    assert home.select_one("link[rel=canonical]") is None and home.select_one("meta[property='og:url']") is None
    assert home.select_one("meta[property='og:description']") is not None
    short = soup_of(local / "q" / "17" / "index.html")
    assert short.select_one("meta[property='og:url']") is None and short.select_one("meta[http-equiv=refresh]") is not None
