"""One stylesheet for every page: the figures' colours, then the site's own, by component; KaTeX's apart.

A page waits for one stylesheet of ours instead of several before its first paint. The site's own
CSS is one file per component in ``docs/stylesheets/site/``, joined in the fixed order of ``PARTS``
(later parts may override earlier ones: no-script after study, print last). KaTeX's CSS is served
on its own (``KATEX_PATH``, :func:`katex_css`), before it, by the pages that show a formula
(overrides/main.html), its ``url(fonts/...)`` references rewritten for its place in the site. The
colours shared with the figures come first, as custom properties written by
``scripts.drawing.colour_scale.css_properties`` (the hook passes them in: this layer imports no
other). A page's own styles (playground, CNN live, trace precedents, notebook) are separate files
named in its front matter (``stylesheet:``), so the other pages do not load them. The joined file
is minified (``minify``: comments and layout whitespace dropped), as KaTeX's and Material's are.
"""

from __future__ import annotations

import re

SITE_PATH = "assets/stylesheets/site.css"
KATEX_PATH = "assets/stylesheets/katex.css"
KATEX_FONTS = "../katex/fonts/"  # from KATEX_PATH to where the KaTeX fonts are served
PARTS = (  # docs/stylesheets/site/<part>.css, in this order
    "theme",  # colours with enough contrast, the answer icon, underlined links
    "answers",  # the answer block, its math, question headings, the anchor inside an answer
    "short-links",  # the copy-short-link control beside each question
    "study",  # study mode on every page: its colours, the storage note, a grade not scheduled (its controls: docs/stylesheets/study.css)
    "no-script",  # without JavaScript: study controls hidden, the note shown (after study)
    "search",  # search matches in answers, the results wrapper
    "print",  # paper: answers open, no screen-only controls, no heading left alone (last)
)


def part_path(part: str) -> str:
    """A part's source, relative to docs/: "stylesheets/site/study.css"."""
    return f"stylesheets/site/{part}.css"


STRING_OR_COMMENT = re.compile(r"(\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*')|/\*.*?\*/", re.DOTALL)
SPACE_AROUND = re.compile(r"\s*([{};])\s*")


def minify(css: str) -> str:
    """CSS without comments and layout whitespace; quoted strings (a data: URL) are kept as they are.

    Only whitespace that never means anything goes: runs of it become one space, and none is kept
    next to ``{``, ``}`` or ``;`` (a space before ``:`` or inside ``calc()`` is a combinator or an
    operator, and stays).
    """
    pieces: list[str] = []
    code: list[str] = []
    position = 0
    for match in STRING_OR_COMMENT.finditer(css):
        code.append(css[position : match.start()])
        if match.group(1):  # a string: the code before it is tidied, the string kept
            pieces += [_tidy("".join(code)), match.group(1)]
            code = []
        else:
            code.append(" ")  # a comment separates like a space
        position = match.end()
    code.append(css[position:])
    pieces.append(_tidy("".join(code)))
    return "".join(pieces).strip() + "\n"


def _tidy(code: str) -> str:
    return SPACE_AROUND.sub(r"\1", re.sub(r"\s+", " ", code)).replace(";}", "}")


def katex_css(katex: str) -> str:
    """KaTeX's stylesheet as KATEX_PATH serves it: fonts re-pointed, minified."""
    return minify(re.sub(r"url\((['\"]?)fonts/", lambda m: f"url({m.group(1)}{KATEX_FONTS}", katex))


def combine(colours_css: str, parts: list[tuple[str, str]]) -> str:
    """The shared colours, then each (path, text) part, minified."""
    return minify("\n".join([colours_css, *(text for _path, text in parts)]))
