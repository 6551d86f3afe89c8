"""The Anki deck: opened as Anki opens it (zipfile + sqlite3): one note per question with its
fields, math in Anki's delimiters, figures as media, a tag per section, ids stable across builds,
the same bytes from two builds; the short answer set apart at the top of every back; links that
resolve (a page's address also with a query), absolute only with a public address; linked from
the home page."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import zipfile
from pathlib import Path

import genanki
import pytest
from bs4 import BeautifulSoup
from mkdocs.config import load_config

from scripts.content.addresses import DECK_PATH
from scripts.content.questionnaire import read_questionnaire, source_pages
from scripts.pages.anki_deck import DEFAULT_TIMESTAMP, build_deck, note_guid, note_id, split_short_answer
from tests.conftest import ROOT
from tests.site_pages import BOOK_ORDER, soup_of

SITE_URL = "https://example.github.io/fastbook-ch13/"


def open_deck(data: bytes, tmp_path: Path) -> tuple[zipfile.ZipFile, sqlite3.Connection]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    database = tmp_path / "collection.anki2"
    database.write_bytes(archive.read("collection.anki2"))
    return archive, sqlite3.connect(database)


def notes(connection: sqlite3.Connection) -> dict[str, dict]:
    """Each note by the question label its front starts with."""
    found = {}
    for nid, guid, tags, fields in connection.execute("SELECT id, guid, tags, flds FROM notes ORDER BY id"):
        front, back, link = fields.split("\x1f")
        label = front.split("</span>")[0].rsplit(">", 1)[-1].rstrip(".")
        found[label] = {"id": nid, "guid": guid, "tags": tags.split(), "front": front, "back": back, "link": link}
    return found


def small_questionnaire():
    page = (
        '# Page\n\n## 1. What is $x^2$? { #q1 }\n\n??? answer "Answer"\n\n'
        "    It is $x \\cdot x$:\n\n    $$\n    x^2 = x x\n    $$\n\n"
        '    ![A figure](figures/a.svg){ width="10" loading="lazy" }\n\n    See [question 2](other.md#q2) and [the file](downloads/f.xlsx).\n'
        "    Try [a preset](other.md?kernel=top-edge&cell=4,6) or [this one](?kernel=blur#q1).\n"
    )
    other = '# Other\n\n## 2. Why? { #q2 }\n\n??? answer "Answer"\n\n    Because `code`.\n'
    return read_questionnaire(source_pages([("page.md", "page/", page), ("other.md", "other/", other)]))


@pytest.mark.unit
def test_a_deck_has_a_note_per_question_with_math_figures_links_and_tags(tmp_path: Path) -> None:
    figures = tmp_path / "figures"
    figures.mkdir()
    (figures / "a.svg").write_text("<svg/>", encoding="utf-8")
    (figures / "unused.svg").write_text("<svg/>", encoding="utf-8")
    data = build_deck(small_questionnaire().questions, figures, SITE_URL)
    archive, connection = open_deck(data, tmp_path)
    assert json.loads(archive.read("media")) == {"0": "a.svg"}  # only the figures the answers show
    assert archive.read("0") == b"<svg/>"
    found = notes(connection)
    assert sorted(found) == ["Q1", "Q2"]
    q1 = found["Q1"]
    assert q1["front"] == '<span class="label">Q1.</span> What is <span class="arithmatex">\\(x^2\\)</span>?'
    assert '<span class="arithmatex">\\(x \\cdot x\\)</span>' in q1["back"]
    assert '<div class="arithmatex">\\[\nx^2 = x x\n\\]</div>' in q1["back"]
    assert '<img alt="A figure" src="a.svg" width="10" />' in q1["back"]
    assert f'href="{SITE_URL}other/#q2"' in q1["back"] and f'href="{SITE_URL}downloads/f.xlsx"' in q1["back"]
    assert f'href="{SITE_URL}other/?kernel=top-edge&amp;cell=4,6"' in q1["back"]  # a query after the .md: still the page
    assert f'href="{SITE_URL}page/?kernel=blur#q1"' in q1["back"]
    assert q1["link"] == f'<a href="{SITE_URL}page/#q1">Q1 on the study site</a>'
    assert q1["tags"] == ["ch13::page"] and found["Q2"]["tags"] == ["ch13::other"]
    assert (q1["id"], q1["guid"]) == (note_id("q1"), note_guid("q1"))
    assert connection.execute("SELECT count(*) FROM cards").fetchone() == (2,)
    assert connection.execute("SELECT DISTINCT mod FROM notes").fetchall() == [(DEFAULT_TIMESTAMP,)]


@pytest.mark.unit
def test_the_back_starts_with_the_short_answer_set_apart(tmp_path: Path) -> None:
    questions = small_questionnaire().questions
    q2 = next(question for question in questions if question.id == "q2")
    assert split_short_answer(q2) == ("Because `code`.", "")
    long = read_questionnaire(
        source_pages(
            [
                (
                    "p.md",
                    "p/",
                    '# P\n\n## 1. Why? { #q1 }\n\n??? answer "Answer"\n\n'
                    "    The short answer, with `x.view(-1)` and **bold**. Then more. And\n\n    a paragraph.\n",
                )
            ]
        )
    ).questions[0]
    assert split_short_answer(long) == ("The short answer, with `x.view(-1)` and **bold**.", "Then more. And\n\na paragraph.")
    figures = tmp_path / "figures"
    figures.mkdir()
    (figures / "a.svg").write_text("<svg/>", encoding="utf-8")
    _archive, connection = open_deck(build_deck([long, q2], figures, SITE_URL), tmp_path)
    found = notes(connection)
    assert found["Q1"]["back"] == (
        '<div class="in-short"><p>The short answer, with <code>x.view(-1)</code> and <strong>bold</strong>.</p></div>\n'
        '<hr class="more">\n<p>Then more. And</p>\n<p>a paragraph.</p>'
    )
    assert found["Q2"]["back"] == '<div class="in-short"><p>Because <code>code</code>.</p></div>'


@pytest.mark.unit
def test_without_a_public_address_the_deck_names_no_address(tmp_path: Path) -> None:
    figures = tmp_path / "figures"
    figures.mkdir()
    (figures / "a.svg").write_text("<svg/>", encoding="utf-8")
    page = (
        '# P\n\n## 1. What? { #q1 }\n\n??? answer "Answer"\n\n    A short answer of six words. See [question 2](other.md#q2), '
        "[a preset](other.md?kernel=top-edge) and [the docs](https://pytorch.org/docs/).\n"
    )
    questions = read_questionnaire(source_pages([("page.md", "page/", page)])).questions
    _archive, connection = open_deck(build_deck(questions, figures, ""), tmp_path)
    q1 = notes(connection)["Q1"]
    assert 'See question 2, a preset and <a href="https://pytorch.org/docs/">the docs</a>.' in q1["back"]
    assert q1["link"] == "Q1 on the study site (page/#q1)"
    assert "127.0.0.1" not in q1["back"] + q1["link"] and ".md" not in q1["back"]


@pytest.mark.unit
def test_ids_depend_on_the_question_alone_and_two_builds_write_the_same_bytes(tmp_path: Path) -> None:
    assert note_guid("q17") == genanki.guid_for("fastbook-ch13-questionnaire", "q17")
    assert len({note_id(qid) for qid in BOOK_ORDER}) == len({note_guid(qid) for qid in BOOK_ORDER}) == 43
    figures = tmp_path / "figures"
    figures.mkdir()
    (figures / "a.svg").write_text("<svg/>", encoding="utf-8")
    first = build_deck(small_questionnaire().questions, figures, SITE_URL, timestamp=1_800_000_000)
    os.utime(figures / "a.svg", (1_000_000_000, 1_000_000_000))  # a figure drawn again later: another file time
    second = build_deck(small_questionnaire().questions, figures, SITE_URL, timestamp=1_800_000_000)
    assert first == second
    for info in zipfile.ZipFile(io.BytesIO(first)).infolist():
        assert info.date_time == (1980, 1, 1, 0, 0, 0), info.filename


@pytest.mark.unit
def test_a_missing_figure_stops_the_build(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="a.svg"):
        build_deck(small_questionnaire().questions, tmp_path, SITE_URL)


@pytest.mark.site
def test_the_built_deck_has_the_43_questions_with_their_figures(site: Path, tmp_path: Path) -> None:
    data = (site / DECK_PATH).read_bytes()
    archive, connection = open_deck(data, tmp_path)
    assert connection.execute("SELECT count(*) FROM notes").fetchone() == (43,)
    found = notes(connection)
    assert sorted(found, key=lambda label: BOOK_ORDER.index(label.lower())) == [qid.upper() for qid in BOOK_ORDER]
    for label, note in found.items():
        qid = label.lower()
        assert (note["id"], note["guid"]) == (note_id(qid), note_guid(qid))
        assert len(note["tags"]) == 1 and note["tags"][0].startswith("ch13::")
        assert note["back"].strip() and "$" not in note["back"].replace("\\$", ""), f"{label}: math left in $…$"
    assert "\\[" in found["Q17"]["back"] and "\\(" in "".join(note["back"] for note in found.values())
    assert len({note["tags"][0] for note in found.values()}) == 7  # one per section
    media = json.loads(archive.read("media"))
    assert "receptive-field.svg" in media.values()
    for index, name in media.items():
        assert archive.read(index) == (site / "figures" / name).read_bytes(), name
        assert f'src="{name}"' in "".join(note["back"] for note in found.values())
    # the same bytes as a build of the same questions now
    docs = ROOT / "docs"
    pages = [
        (path.name, "" if path.stem == "index" else f"{path.stem}/", path.read_text(encoding="utf-8")) for path in sorted(docs.glob("*.md"))
    ]
    timestamp = int(os.environ.get("SOURCE_DATE_EPOCH") or DEFAULT_TIMESTAMP)
    site_url = soup_of(site / "index.html").select_one("link[rel=canonical]")["href"]
    nav = load_config(str(ROOT / "mkdocs.yml")).nav
    assert build_deck(read_questionnaire(source_pages(pages, nav)).questions, site / "figures", str(site_url), timestamp) == data
    link = soup_of(site / "index.html").select_one(f"article a[href='{DECK_PATH}']")
    assert link is not None and link.has_attr("download")


@pytest.mark.site
def test_every_card_opens_on_its_short_answer_and_its_links_resolve(site: Path, tmp_path: Path) -> None:
    """The back starts with the first sentence, set apart; every link to the site is one of its pages."""
    _archive, connection = open_deck((site / DECK_PATH).read_bytes(), tmp_path)
    site_url = str(soup_of(site / "index.html").select_one("link[rel=canonical]")["href"])
    pages = [
        (path.name, "" if path.stem == "index" else f"{path.stem}/", path.read_text(encoding="utf-8"))
        for path in sorted((ROOT / "docs").glob("*.md"))
    ]
    first = {question.id: question.first_sentence for question in read_questionnaire(source_pages(pages)).questions}
    for label, note in notes(connection).items():
        back = BeautifulSoup(note["back"], "html.parser")
        short = back.find()
        assert short.name == "div" and "in-short" in short["class"], f"{label}: the back does not open on the short answer"
        text = " ".join(short.get_text().replace("\\(", "").replace("\\)", "").split())
        assert text == first[label.lower()], f"{label}: the short answer is not the first sentence: {text!r}"
        for anchor in back.select("a[href]"):
            href = str(anchor["href"])
            if href.startswith(site_url):
                path = href.removeprefix(site_url).split("#")[0].split("?")[0]
                assert ".md" not in path and (site / path / "index.html" if not path or path.endswith("/") else site / path).exists(), (
                    f"{label}: dead link {href}"
                )
            else:
                assert href.startswith("https://"), f"{label}: link neither to the site nor absolute: {href}"
