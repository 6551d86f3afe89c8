"""Code blocks reachable by keyboard before Material has set them up.

Material makes a code block that scrolls sideways focusable (``tabindex="0"``) when it mounts the
block, and with ``content.lazy`` it mounts a block only once it is on screen. Until then, a
scrolling block could not be reached with Tab. Every highlighted block is therefore built
focusable; once mounted, Material keeps the ``tabindex`` on the blocks that scroll and removes it
from the others.

Markdown pages get it from :class:`FocusableCodeExtension` (pymdownx.highlight stores a block's
HTML aside until the end, so this is a postprocessor on the finished HTML, run after the stored
blocks are put back); the notebook page's hook calls :func:`focusable_code_blocks` itself.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor

CODE_BLOCK = re.compile(r"(<pre\b[^>]*>(?:<span></span>)?)<code>")
PRIORITY = 10  # after Python-Markdown's raw HTML postprocessor (30), which puts the stored blocks back


def focusable_code_blocks(page_html: str) -> str:
    """Give every ``<pre><code>`` block of a page's HTML ``tabindex="0"``."""
    return CODE_BLOCK.sub(r'\1<code tabindex="0">', page_html)


class FocusableCode(Postprocessor):
    def run(self, text: str) -> str:
        return focusable_code_blocks(text)


class FocusableCodeExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.postprocessors.register(FocusableCode(md), "focusable_code", PRIORITY)


def makeExtension(**kwargs: object) -> FocusableCodeExtension:  # noqa: N802 (Python-Markdown's name)
    return FocusableCodeExtension(**kwargs)
