"""The site's icon (the browser tab's): a 3×3 kernel on a grid, its centre cell marked.

A few hundred bytes of SVG instead of Material's 2 kB PNG, which every first visit fetches; drawn
from the colour module like the figures (the site's indigo, the highlight orange).
"""

from __future__ import annotations

from scripts.drawing.colour_scale import INDIGO, MARK

PATH = "assets/favicon.svg"  # where the build serves it; mkdocs.yml's theme.favicon names it
CELL, GAP = 8, 2  # 3 cells and 4 gaps fill the 32-unit square


def favicon_svg() -> str:
    """The icon as an SVG document: nine rounded cells, the centre one in the highlight colour."""
    cells = [
        f'<rect x="{GAP + col * (CELL + GAP)}" y="{GAP + row * (CELL + GAP)}" width="{CELL}" height="{CELL}" rx="1.5"'
        + (f' fill="{MARK}"/>' if (row, col) == (1, 1) else "/>")
        for row in range(3)
        for col in range(3)
    ]
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" fill="{INDIGO}">{"".join(cells)}</svg>\n'
