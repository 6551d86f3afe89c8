"""The site's addresses and names that several modules write: one place for each.

- A question's id (``q17``, ``r2``: the heading's anchor) and its name in prose ("question 17",
  "further research question 2").
- Its short link, ``/q/17/`` or ``/r/2/`` (a small page that forwards to the answer), as a path
  under the site root.
- The anchor inside its answer, ``#q17-answer``, that a short link forwards to.
- The chapter's label, which is both the Anki deck's name and the kicker of every preview card,
  and the deck's file name.

docs/index.md links the deck and a short link by hand (Markdown cannot import these); the
strict build fails if they stop matching what the build writes. The site's scripts repeat the
id pattern and the prose names (docs/javascripts/study-questions.js, study-store.js).
"""

from __future__ import annotations

import re

QUESTION_ID = re.compile(r"^(?P<kind>[qr])(?P<number>\d+)$")
CHAPTER_LABEL = "fastbook · chapter 13 · Convolutions"  # the deck's name and the cards' kicker
DECK_PATH = "fastbook-ch13-convolutions.apkg"


def parse_id(question_id: str) -> tuple[str, int]:
    """("q", 17) for "q17"; a string that is no question id fails."""
    match = QUESTION_ID.match(question_id)
    if match is None:
        raise ValueError(f"not a question id: {question_id!r}")
    return match["kind"], int(match["number"])


def question_name(question_id: str) -> str:
    """How prose names a question: "question 17" or "further research question 2"."""
    kind, number = parse_id(question_id)
    return f"{'question' if kind == 'q' else 'further research question'} {number}"


def short_path(question_id: str) -> str:
    """The short link's path under the site root: "q/17/" or "r/2/"."""
    kind, number = parse_id(question_id)
    return f"{kind}/{number}/"


def short_link_page(question_id: str) -> str:
    """The short link's generated page, relative to the docs root: "q/17/index.html"."""
    return f"{short_path(question_id)}index.html"


def answer_anchor(question_id: str) -> str:
    """The id of the anchor inside a question's answer: "q17-answer"."""
    return f"{question_id}-answer"
