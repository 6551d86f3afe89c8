"""Short links for forum posts: /q/N/ and /r/N/, tiny pages that preview as their question.

Each short link page carries its own Open Graph and Twitter card tags (so a preview engine
that runs no JavaScript and follows no redirect still shows the question) and forwards the
reader to the question on its section page: by script to ``#qN`` (the answer script opens it),
keeping a query the link carried before that fragment (``/q/17/?fbclid=x`` -> ``first-cnn/?fbclid=x#q17``),
and by meta refresh to ``#qN-answer``, an anchor inside the answer that Chromium opens natively.
The generator follows the question id, not the page: moving a question keeps its link working.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Sequence
from pathlib import PurePosixPath

from scripts.content import addresses
from scripts.content.questionnaire import Question, SourcePage
from scripts.drawing.favicon import PATH as FAVICON

CARD_WIDTH, CARD_HEIGHT = 1200, 630


def short_path(question: Question) -> str:
    """The short link's path under the site root: "q/17/" or "r/2/"."""
    return addresses.short_path(question.id)


def card_path(question: Question) -> str:
    return f"{short_path(question)}card.png"


def section_card_path(src: str) -> str:
    """A page's own preview card: "cards/first-cnn.png"."""
    return f"cards/{PurePosixPath(src).with_suffix('').as_posix()}.png"


def section_card_text(page: SourcePage, questions: Sequence[Question], total: int) -> tuple[str, str]:
    """(heading, text) of a page's card: its range of questions (or what it is) and its own title."""
    if questions:
        heading = f"{questions[0].label}–{questions[-1].label}"
    else:
        heading = f"{total} questions" if page.src.endswith(".md") else "Notebook"
    return heading, page.heading


def section_description(questions: Sequence[Question]) -> str:
    """The preview text of a page of questions."""
    first, last = questions[0].label, questions[-1].label
    return f"{first}–{last} of the fastbook chapter 13 (Convolutions) questionnaire, each with a checked answer."


def short_link_html(question: Question, page_url: str, site_url: str, site_name: str) -> str:
    """The short link page for a question whose section page is at `page_url` (e.g. "first-cnn/").

    ``site_url`` is the site's public address; without one ("", a local build) the page leaves out
    the tags that need an absolute address (canonical, og:url, og:image, twitter:image)."""
    here = short_path(question)
    target = posixpath.relpath(page_url or ".", here) + "/"
    to_question = f"{target}#{question.id}"
    to_answer = f"{target}#{addresses.answer_anchor(question.id)}"
    base = site_url if site_url.endswith("/") else site_url + "/"
    title = f"{question.label}. {question.plain_title}"
    description = question.first_sentence
    e = lambda text: html.escape(text, quote=True)  # noqa: E731
    absolute = (
        ""
        if not site_url
        else (
            f'<link rel="canonical" href="{e(base + page_url)}">\n'
            f'<meta property="og:url" content="{e(base + here)}">\n'
            f'<meta property="og:image" content="{e(base + card_path(question))}">\n'
            '<meta property="og:ignore_canonical" content="true">\n'
            f'<meta name="twitter:image" content="{e(base + card_path(question))}">\n'
        )
    )
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{e(title)} · {e(site_name)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="{e(posixpath.relpath(FAVICON, here))}">
<meta name="description" content="{e(description)}">
{absolute}<meta property="og:type" content="article">
<meta property="og:site_name" content="{e(site_name)}">
<meta property="og:title" content="{e(title)}">
<meta property="og:description" content="{e(description)}">
<meta property="og:image:width" content="{CARD_WIDTH}">
<meta property="og:image:height" content="{CARD_HEIGHT}">
<meta property="og:image:alt" content="{e(title)}">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:title" content="{e(title)}">
<meta name="twitter:description" content="{e(description)}">
<script>{_forward_script(to_question)}</script>
<meta http-equiv="refresh" content="0; url={e(to_answer)}">
<style>body{{font:1.1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}}</style>
</head>
<body>
<main>
<p>{e(site_name)}</p>
<h1>{e(title)}</h1>
<p>{e(description)}</p>
<p><a href="{e(to_answer)}">Read the whole answer</a></p>
</main>
</body>
</html>
"""


def _forward_script(to_question: str) -> str:
    """The script that forwards to the question: a query the link carried (?fbclid=..., ?h=...)
    stays before the fragment, where it belongs; the link's own fragment is dropped."""
    return f"var to=new URL({_js_string(to_question)},location.href);to.search=location.search;location.replace(to.href);"


def _js_string(text: str) -> str:
    return '"' + re.sub(r'["\\<>]', lambda m: f"\\u{ord(m.group(0)):04x}", text) + '"'
