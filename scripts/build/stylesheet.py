"""One stylesheet for the site: KaTeX's CSS followed by the site's own, in a single file.

A page then waits for one stylesheet of ours instead of two before its first paint. KaTeX's
``url(fonts/...)`` references are rewritten for the combined file's place in the site.
"""

from __future__ import annotations

import re

SITE_PATH = "assets/stylesheets/site.css"
KATEX_FONTS = "../katex/fonts/"  # from SITE_PATH to where the KaTeX fonts are served


def combine(katex_css: str, site_css: str) -> str:
    """KaTeX's stylesheet (fonts re-pointed) and then the site's, which may override it."""
    katex = re.sub(r"url\((['\"]?)fonts/", lambda m: f"url({m.group(1)}{KATEX_FONTS}", katex_css)
    return f"{katex.rstrip()}\n\n{site_css}"
