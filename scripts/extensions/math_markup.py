"""Python-Markdown extension: keep the TeX of every formula out of Material's search index.

pymdownx.arithmatex (generic mode) leaves each formula as TeX in an element of class
``arithmatex``. This marks each one ``data-search-exclude``, which Material's search plugin skips
(and removes) when it indexes the page; ``hooks/katex_math.py`` typesets the formulas afterwards,
so the index holds the prose around them, neither TeX nor KaTeX's glyphs.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

EXCLUDE = ("data-search-exclude", "tex")


class MathSearchExclusion(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if "arithmatex" in (element.get("class") or "").split():
                element.set(*EXCLUDE)


class MathMarkupExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(MathSearchExclusion(md), "math_search_exclusion", 1)


def makeExtension(**kwargs: object) -> MathMarkupExtension:  # noqa: N802 (Python-Markdown's name)
    return MathMarkupExtension(**kwargs)
