"""The questionnaire as an Anki deck (``.apkg``): one note per question, built with genanki.

Front: the question's label and wording. Back: the short answer (the answer's first sentence) set
apart at the top, so that a review can stop there, then the rest of the answer under it; rendered
from the page's Markdown with the site's extensions, math left as TeX in Anki's own delimiters
(``\\( … \\)`` inline, ``\\[ … \\]`` display, which pymdownx.arithmatex's generic mode writes), the
figures it shows packed as media. Links to the site's pages are made absolute when the site has a
public address (``SITE_URL``, as the Pages workflow sets it), query and fragment kept
(``kernel-playground.md?kernel=top-edge`` -> ``…/kernel-playground/?kernel=top-edge``); a deck built
without one (a local build) holds no local address: such links become their text. A third field
links back to the question on the site, and each note is tagged with its section.

Stable and reproducible: each note's GUID and id are derived from the question id, so importing
a newer deck updates the notes a learner has instead of adding copies; model and deck ids are
constants; every date in the file is the ``timestamp`` given (the build passes the last commit's
time, ``SOURCE_DATE_EPOCH``, so a newer deck's notes are newer); the zip is rewritten with fixed
entry dates. Two builds of the same questions write the same bytes.
"""

from __future__ import annotations

import functools
import io
import itertools
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

import genanki
import markdown

from scripts.content.addresses import CHAPTER_LABEL
from scripts.content.questionnaire import Question, plain_text
from scripts.drawing.colour_scale import FRAME, INDIGO, INK, NIGHT_INK, NIGHT_PAPER

DECK_NAME = CHAPTER_LABEL
DECK_ID = 1_739_270_113  # chosen once, never changed: Anki knows the deck by it
MODEL_ID = 1_739_270_217
GUID_NAMESPACE = "fastbook-ch13-questionnaire"
NOTE_ID_BASE = 1_700_000_000_000  # note ids look like Anki's (milliseconds), one per question id
DEFAULT_TIMESTAMP = 1_735_689_600  # 2025-01-01, when no SOURCE_DATE_EPOCH is given
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

EXTENSIONS = [
    "abbr",
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    "pymdownx.arithmatex",
    "pymdownx.details",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
    "pymdownx.superfences",
]
EXTENSION_CONFIGS = {"pymdownx.arithmatex": {"generic": True}, "pymdownx.highlight": {"use_pygments": False}}

CSS = f"""\
.card {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 18px;
  line-height: 1.5; text-align: left; max-width: 42em; margin: 0 auto; color: {INK}; background: #fff; }}
.nightMode.card, .night_mode .card {{ color: {NIGHT_INK}; background: {NIGHT_PAPER}; }}
.label {{ font-weight: 700; margin-right: .3em; }}
img {{ max-width: 100%; height: auto; background: #fff; }}
pre, code {{ font-size: .9em; }} pre {{ overflow-x: auto; padding: .5em; border: 1px solid {FRAME}; }}
table {{ border-collapse: collapse; }} th, td {{ border: 1px solid {FRAME}; padding: .2em .5em; }}
.admonition, details {{ border-left: 4px solid {INDIGO}; padding: .2em .8em; margin: .8em 0; }}
.source {{ font-size: .8em; margin-top: 1.5em; }}
.in-short {{ font-size: 1.1em; font-weight: 600; padding: .4em .8em; border-left: 4px solid {INDIGO}; }}
.in-short p {{ margin: 0; }}
hr.more {{ border: 0; border-top: 1px dashed {FRAME}; margin: 1.2em 0; }}
"""

MODEL = genanki.Model(
    MODEL_ID,
    "fastbook questionnaire (question, answer, link)",
    fields=[{"name": "Question"}, {"name": "Answer"}, {"name": "Link"}],
    templates=[
        {
            "name": "Question → answer",
            "qfmt": "{{Question}}",
            "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}<p class="source">{{Link}}</p>',
        }
    ],
    css=CSS,
)

LINK = re.compile(r'(?P<attr>href|src)="(?P<url>[^"]*)"')
ANCHOR = re.compile(r'<a href="(?P<url>[^"]*)"[^>]*>(?P<text>.*?)</a>', re.DOTALL)
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:")
SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
IMAGE_ATTRIBUTES = re.compile(r'\s(?:loading|decoding)="[^"]*"')


class _QuestionNote(genanki.Note):
    """A note whose id (and its one card's) is given, not drawn from the package's counter."""

    def __init__(self, note_id: int, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.note_id = note_id

    def write_to_db(self, cursor: sqlite3.Cursor, timestamp: float, deck_id: int, id_gen: object) -> None:
        super().write_to_db(cursor, timestamp, deck_id, itertools.repeat(self.note_id))


def note_guid(question_id: str) -> str:
    """The GUID Anki matches notes by on import: a function of the question id alone."""
    return genanki.guid_for(GUID_NAMESPACE, question_id)


def note_id(question_id: str) -> int:
    """q17 -> base + 17, r2 -> base + 1002: unique, and the same in every build."""
    kind, number = question_id[0], int(question_id[1:])
    return NOTE_ID_BASE + (1000 if kind == "r" else 0) + number


def section_tag(page_src: str) -> str:
    """Anki tags have no spaces: "first-cnn.md" -> "ch13::first-cnn"."""
    return f"ch13::{PurePosixPath(page_src).stem}"


def _renderer() -> markdown.Markdown:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)


def page_url(src: str) -> str:
    """The site path of a Markdown page: "first-cnn.md" -> "first-cnn/", "index.md" -> ""."""
    path = PurePosixPath(src)
    stem = "" if path.stem == "index" else f"{path.stem}/"
    parent = "" if str(path.parent) == "." else f"{path.parent}/"
    return parent + stem


def _absolute(url: str, page_src: str, site_url: str) -> str:
    """A link of an answer, as a card can follow it: relative ones point at the published site,
    a page's ``.md`` rewritten to its address also when a query follows it."""
    if SCHEME.match(url):
        return url
    rest, _, fragment = url.partition("#")
    path, _, query = rest.partition("?")
    if not path:
        target = page_url(page_src)
    elif path.endswith((".md", ".ipynb")):
        target = page_url(str(PurePosixPath(page_src).parent / path))
    else:
        target = str(PurePosixPath(page_src).parent / path).removeprefix("./")
    return site_url + target + (f"?{query}" if query else "") + (f"#{fragment}" if fragment else "")


def split_short_answer(question: Question) -> tuple[str, str]:
    """The answer's Markdown cut after its first sentence: (short answer, the rest).

    The cut is the first sentence end (``.``, ``!`` or ``?`` before a space) of the first paragraph
    whose text so far, as plain text, is the question's ``first_sentence`` (the forum preview);
    a full stop inside a code span or a link is never taken for it."""
    answer = question.answer.strip()
    paragraph_end = answer.find("\n\n")
    paragraph = answer if paragraph_end < 0 else answer[:paragraph_end]
    ends = [end.end() for end in SENTENCE_END.finditer(paragraph)] + [len(paragraph)]  # no sentence end: the paragraph
    for end in ends:
        if plain_text(paragraph[:end]) == question.first_sentence:
            return paragraph[:end], answer[end:].strip()
    raise ValueError(
        f"docs/{question.page}: {question.id}: the short answer {question.first_sentence!r} was not found in the answer's first paragraph"
    )


def _unlinked(html: str) -> str:
    """Without a public address: every link to the site becomes its text (external links stay)."""
    return ANCHOR.sub(lambda match: match[0] if SCHEME.match(match["url"]) else match["text"], html)


def _render(markdown_text: str, page_src: str, site_url: str, figures: set[str]) -> str:
    """Markdown as card HTML; the names of the figures it shows are added to ``figures``."""
    html = _renderer().convert(markdown_text)

    def relink(match: re.Match[str]) -> str:
        url = match["url"]
        if match["attr"] == "src" and url.startswith("figures/"):
            name = PurePosixPath(url).name
            figures.add(name)
            return f'src="{name}"'  # Anki's media are one flat folder
        if not site_url:
            return match[0]
        return f'{match["attr"]}="{_absolute(url, page_src, site_url)}"'

    html = IMAGE_ATTRIBUTES.sub("", LINK.sub(relink, html))
    return html if site_url else _unlinked(html)


def render_answer(question: Question, site_url: str, figures: set[str]) -> str:
    """The back of the card: the short answer set apart, then the rest of the answer under it."""
    short, rest = split_short_answer(question)
    back = f'<div class="in-short">{_render(short, question.page, site_url, figures)}</div>'
    if rest:
        back += f'\n<hr class="more">\n{_render(rest, question.page, site_url, figures)}'
    return back


def render_question(question: Question) -> str:
    title = _renderer().convert(question.title)
    title = re.sub(r"^<p>(.*)</p>$", r"\1", title, flags=re.DOTALL)
    return f'<span class="label">{question.label}.</span> {title}'


@functools.lru_cache(maxsize=2)
def cached_deck(questions: tuple[Question, ...], figures_dir: Path, site_url: str, timestamp: int = DEFAULT_TIMESTAMP) -> bytes:
    """:func:`build_deck`, once per content: a `mkdocs serve` rebuild that changed no question or
    answer reuses the deck. The figures folder is content-addressed (``.cache/figures/<digest>``),
    so a changed figure is a new path."""
    return build_deck(questions, figures_dir, site_url, timestamp)


def build_deck(questions: Iterable[Question], figures_dir: Path, site_url: str, timestamp: int = DEFAULT_TIMESTAMP) -> bytes:
    """The ``.apkg`` file of every question, as bytes (the same bytes for the same inputs).

    ``site_url`` is the site's public address, or "" when it has none (links then become text)."""
    site_url = site_url if not site_url or site_url.endswith("/") else site_url + "/"
    deck = genanki.Deck(DECK_ID, DECK_NAME, description="Every question of the chapter 13 questionnaire, with its checked answer.")
    figures: set[str] = set()
    for question in questions:
        address = f"{page_url(question.page)}#{question.id}"
        link = (
            f'<a href="{site_url}{address}">{question.label} on the study site</a>'
            if site_url
            else f"{question.label} on the study site ({address})"
        )
        deck.add_note(
            _QuestionNote(
                note_id(question.id),
                model=MODEL,
                fields=[render_question(question), render_answer(question, site_url, figures), link],
                tags=[section_tag(question.page)],
                guid=note_guid(question.id),
            )
        )
    missing = sorted(name for name in figures if not (figures_dir / name).is_file())
    if missing:
        raise FileNotFoundError(f"figures the answers show are missing from {figures_dir}: {', '.join(missing)}")
    media = [figures_dir / name for name in sorted(figures)]
    with tempfile.TemporaryDirectory() as work:
        loose = Path(work) / "deck.apkg"
        genanki.Package(deck, media_files=[str(path) for path in media]).write_to_file(str(loose), timestamp=timestamp)
        return _fixed_zip(loose)


def _fixed_zip(path: Path) -> bytes:
    """The same archive with fixed entry dates and order (genanki's carry the time of writing)."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name))
    return out.getvalue()
