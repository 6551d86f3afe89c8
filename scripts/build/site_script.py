"""One script for the site: the files of docs/javascripts/ that every page runs, in one file.

Each source is a strict-mode IIFE subscribed to Material's ``document$``, so joining them in
order changes nothing but the number of requests: a page fetches one script of ours, not nine.
Page-only scripts (precedents, playground, CNN live, the home page's study panel, the FSRS
scheduler) stay separate and load where they are used.
"""

from __future__ import annotations

import re

SITE_PATH = "assets/javascripts/site.js"
STRICT = re.compile(r'^"use strict";$', re.MULTILINE)
SOURCES = (  # the order matters: study-store.js defines window.study for the study-*.js after it
    "javascripts/answers.js",
    "javascripts/short-links.js",
    "javascripts/accessibility.js",
    "javascripts/study-store.js",
    "javascripts/study-questions.js",
    "javascripts/study-marks.js",
    "javascripts/study-keys.js",
    "javascripts/study-toolbar.js",
    "javascripts/study-print.js",
)


def combine(sources: list[tuple[str, str]]) -> str:
    """(path, text) of each script, joined in order, each under a comment naming its file."""
    parts = []
    for path, text in sources:
        body = text.strip()
        if not STRICT.search(body):
            raise ValueError(f"docs/{path}: no \"use strict\"; line: joined after a strict file, it would become strict")
        parts.append(f"// ---- docs/{path}\n{body}\n")
    return "\n".join(parts)
