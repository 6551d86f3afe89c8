"""Short links for forum posts: /q/N/ and /r/N/, tiny pages that preview as their question.

Each short link page carries its own Open Graph and Twitter card tags (so a preview engine
that runs no JavaScript and follows no redirect still shows the question) and forwards the
reader to the question on its section page: by script to ``#qN`` (the answer script opens it),
and by meta refresh to ``#qN-answer``, an anchor inside the answer that Chromium opens natively.
The generator follows the question id, not the page: moving a question keeps its link working.
"""

from __future__ import annotations

import html
import posixpath
import re

from scripts.questionnaire import Question, plain_text

CARD_WIDTH, CARD_HEIGHT = 1200, 630


def short_path(question: Question) -> str:
    """The short link's path under the site root: "q/17/" or "r/2/"."""
    return f"{question.kind}/{question.number}/"


def card_path(question: Question) -> str:
    return f"{short_path(question)}card.png"


def answer_anchor(question_id: str) -> str:
    """The id of the anchor placed inside a question's answer block."""
    return f"{question_id}-answer"


def short_link_html(question: Question, page_url: str, site_url: str, site_name: str) -> str:
    """The short link page for a question whose section page is at `page_url` (e.g. "first-cnn/")."""
    here = short_path(question)
    target = posixpath.relpath(page_url or ".", here) + "/"
    to_question = f"{target}#{question.id}"
    to_answer = f"{target}#{answer_anchor(question.id)}"
    base = site_url if site_url.endswith("/") else site_url + "/"
    title = f"{question.label}. {plain_text(question.title)}"
    description = question.first_sentence
    e = lambda text: html.escape(text, quote=True)  # noqa: E731
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{e(title)} · {e(site_name)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="description" content="{e(description)}">
<link rel="canonical" href="{e(base + page_url)}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="{e(site_name)}">
<meta property="og:title" content="{e(title)}">
<meta property="og:description" content="{e(description)}">
<meta property="og:url" content="{e(base + here)}">
<meta property="og:image" content="{e(base + card_path(question))}">
<meta property="og:image:width" content="{CARD_WIDTH}">
<meta property="og:image:height" content="{CARD_HEIGHT}">
<meta property="og:image:alt" content="{e(title)}">
<meta property="og:ignore_canonical" content="true">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:title" content="{e(title)}">
<meta name="twitter:description" content="{e(description)}">
<meta name="twitter:image" content="{e(base + card_path(question))}">
<script>location.replace({_js_string(to_question)} + location.search);</script>
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


def _js_string(text: str) -> str:
    return '"' + re.sub(r'["\\<>]', lambda m: f"\\u{ord(m.group(0)):04x}", text) + '"'


QUESTION_BLOCK = re.compile(
    r'<h2 id="(?P<id>[qr](?P<number>\d+))">(?P<inner>.*?)</h2>(?P<gap>\s*)<details class="answer">(?P<open>\s*<summary>.*?</summary>)',
    re.DOTALL,
)
LINK_ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true" focusable="false">'
    '<path d="M10.59 13.41c.41.39.41 1.03 0 1.42-.39.39-1.03.39-1.42 0a5.003 5.003 0 0 1 0-7.07l3.54-3.54a5.003 '
    "5.003 0 0 1 7.07 0 5.003 5.003 0 0 1 0 7.07l-1.49 1.49c.01-.82-.12-1.64-.4-2.42l.47-.48a2.98 2.98 0 0 0 "
    "0-4.24 2.98 2.98 0 0 0-4.24 0l-3.53 3.53a2.98 2.98 0 0 0 0 4.24m2.82-4.24c.39-.39 1.03-.39 1.42 0a5.003 "
    "5.003 0 0 1 0 7.07l-3.54 3.54a5.003 5.003 0 0 1-7.07 0 5.003 5.003 0 0 1 0-7.07l1.49-1.49c-.01.82.12 "
    "1.64.4 2.43l-.47.47a2.98 2.98 0 0 0 0 4.24 2.98 2.98 0 0 0 4.24 0l3.53-3.53a2.98 2.98 0 0 0 0-4.24.973.973 "
    '0 0 1 0-1.42"/></svg>'
)


def decorate_questions(page_html: str, page_url: str) -> str:
    """Give each question heading a copy-short-link control, and its answer an anchor inside it."""
    to_root = posixpath.relpath(".", page_url or ".") + "/"
    to_root = "" if to_root == "./" else to_root

    def decorate(match: re.Match[str]) -> str:
        qid, number = match["id"], match["number"]
        what = f"{'question' if qid[0] == 'q' else 'further research question'} {number}"
        control = (
            f'<a class="short-link" href="{to_root}{qid[0]}/{number}/" '
            f'aria-label="Copy the short link to {what}" title="Copy the short link to {what}">{LINK_ICON}</a>'
        )
        anchor = f'<span class="answer-anchor" id="{answer_anchor(qid)}"></span>'
        return f'<h2 id="{qid}">{match["inner"]}{control}</h2>{match["gap"]}<details class="answer">{match["open"]}{anchor}'

    return QUESTION_BLOCK.sub(decorate, page_html)
