"""Two changes to Material's search index, made after it is written: questions first, numbers both ways.

Material's search plugin writes ``search/search_index.json``: one document per page (its title
and intro) and one per section. The browser ranks them with lunr and groups them by page, and
it multiplies the score of a page's own document by 5 but a section's by 2 only; when the page
document wins, every section of the page is folded under "more on this page". The page titles
name the key terms of their questions ("1cycle Training", "Color Images"), so a query like
"1cycle training" used to fold its own question away. Material honours a ``boost`` on each
document, so:

- every question's section (``#q17``, ``#r2``) gets :data:`QUESTION_BOOST`, enough to rank above
  its page's own document when both match the query equally;
- every number written with thousands separators (``1,168``) is followed in the indexed text by
  a hidden copy without them (``1168``), so a number is found as the book prints it and as the
  answers write it. The copy is a ``<span hidden>``: indexed, never shown in a result.

The separator that splits words, and so what a query can match, is configured in mkdocs.yml.
"""

from __future__ import annotations

import json
import re
from typing import Any

QUESTION_BOOST = 3.0  # > 5/2: beats the page's own document, which Material scores 2.5 times a section's
QUESTION_SECTION = re.compile(r"#[qr]\d+$")
GROUPED_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,]|\.\d)")


def with_plain_numbers(text: str) -> str:
    """Follow each number with thousands separators by a hidden copy without them."""
    return GROUPED_NUMBER.sub(lambda match: f"{match[0]}<span hidden> {match[0].replace(',', '')}</span>", text)


def tune_document(document: dict[str, Any]) -> dict[str, Any]:
    """One index document with its boost and its numbers' plain copies."""
    tuned = {**document, "text": with_plain_numbers(document.get("text", ""))}
    if QUESTION_SECTION.search(document.get("location", "")):
        tuned["boost"] = document.get("boost", 1) * QUESTION_BOOST
    return tuned


def tune_index(index_json: str) -> str:
    """The search index as Material writes it (JSON), tuned; written the same compact way."""
    index = json.loads(index_json)
    index["docs"] = [tune_document(document) for document in index["docs"]]
    return json.dumps(index, separators=(",", ":"))
