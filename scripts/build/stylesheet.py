"""One stylesheet for every page: KaTeX's CSS, the figures' colours, then the site's own, by component.

A page waits for one stylesheet of ours instead of several before its first paint. The site's own
CSS is one file per component in ``docs/stylesheets/site/``, joined in the fixed order of ``PARTS``
(later parts may override earlier ones: no-script after study, print last). KaTeX's
``url(fonts/...)`` references are rewritten for the combined file's place in the site. The
colours shared with the figures come first, as custom properties written by
``scripts.drawing.colour_scale.css_properties`` (the hook passes them in: this layer imports no
other). A page's own styles (playground, CNN live, trace precedents, notebook) are separate files
named in its front matter (``stylesheet:``), so the other pages do not load them.
"""

from __future__ import annotations

import re

SITE_PATH = "assets/stylesheets/site.css"
KATEX_FONTS = "../katex/fonts/"  # from SITE_PATH to where the KaTeX fonts are served
PARTS = (  # docs/stylesheets/site/<part>.css, in this order
    "theme",  # colours with enough contrast, the answer icon, underlined links
    "answers",  # the answer block, its math, question headings, the anchor inside an answer
    "short-links",  # the copy-short-link control beside each question
    "study",  # study mode: grades, badges, page tools, the home panel, narrow screens
    "no-script",  # without JavaScript: study controls hidden, the note shown (after study)
    "search",  # search matches in answers, the results wrapper
    "print",  # paper: answers open, no screen-only controls, no heading left alone (last)
)


def part_path(part: str) -> str:
    """A part's source, relative to docs/: "stylesheets/site/study.css"."""
    return f"stylesheets/site/{part}.css"


def combine(katex_css: str, colours_css: str, parts: list[tuple[str, str]]) -> str:
    """KaTeX's stylesheet (fonts re-pointed), the shared colours, then each (path, text) part under its name."""
    katex = re.sub(r"url\((['\"]?)fonts/", lambda m: f"url({m.group(1)}{KATEX_FONTS}", katex_css)
    pieces = [katex.rstrip() + "\n", colours_css.rstrip() + "\n"]
    pieces += [f"/* ---- docs/{path} */\n{text.strip()}\n" for path, text in parts]
    return "\n".join(pieces)
