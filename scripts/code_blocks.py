"""Code blocks reachable by keyboard before Material has set them up.

Material makes a code block that scrolls sideways focusable (``tabindex="0"``) when it mounts the
block, and with ``content.lazy`` it mounts a block only once it is on screen. Until then, a
scrolling block could not be reached with Tab. Every highlighted block is therefore built
focusable; once mounted, Material keeps the ``tabindex`` on the blocks that scroll and removes it
from the others.
"""

from __future__ import annotations

import re

CODE_BLOCK = re.compile(r"(<pre\b[^>]*>(?:<span></span>)?)<code>")


def focusable_code_blocks(page_html: str) -> str:
    """Give every ``<pre><code>`` block of a page's HTML ``tabindex="0"``."""
    return CODE_BLOCK.sub(r'\1<code tabindex="0">', page_html)
