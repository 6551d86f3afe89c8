"""Unit tests of scripts/build/math_render.py: TeX found in arithmatex output, typeset by the pinned KaTeX."""

from __future__ import annotations

import markdown
import pytest

from scripts.build.math_render import extract_tex, typeset

pytestmark = pytest.mark.unit

PAGE = (
    '<h2 id="q2">2. Top edge</h2>\n'
    '<p>Inline <span class="arithmatex">\\(a &lt; b\\)</span> math.</p>\n'
    '<div class="arithmatex">\\[\\begin{bmatrix} -1 &amp; -1 \\\\ 1 &amp; 1 \\end{bmatrix}\\]</div>\n'
)


def test_extract_tex_unescapes_and_strips_delimiters() -> None:
    assert extract_tex("\\(a &lt; b\\)") == "a < b"
    assert extract_tex("\\[\n x &amp; y \n\\]") == "x & y"


def test_typeset_replaces_every_formula_with_katex_html() -> None:
    html, errors = typeset(PAGE)
    assert errors == []
    assert "\\(" not in html and "\\[" not in html
    assert html.count('class="katex"') == 2
    assert html.count('class="katex-display"') == 1  # only the div is display math
    assert '<annotation encoding="application/x-tex">a &lt; b</annotation>' in html  # MathML for screen readers


def test_a_page_without_math_is_returned_unchanged() -> None:
    assert typeset("<p>No math here.</p>") == ("<p>No math here.</p>", [])


def test_rejected_tex_names_the_question_it_sits_in() -> None:
    html, [error] = typeset(PAGE.replace("\\begin{bmatrix}", "\\begin{bmatrx}"))
    assert error.question == "q2"
    assert "bmatrx" in error.tex
    assert str(error).startswith("question q2: KaTeX rejects")
    assert '<div class="arithmatex">' in html  # the broken formula is left as it was


def test_untypeset_formulas_are_marked_for_the_search_to_skip() -> None:
    source = "Inline $a < b$ math.\n\n$$\n\\begin{bmatrix} -1 & -1 \\\\ 1 & 1 \\end{bmatrix}\n$$\n"
    md = markdown.Markdown(
        extensions=["pymdownx.arithmatex", "scripts.extensions.math_markup"], extension_configs={"pymdownx.arithmatex": {"generic": True}}
    )
    marked = md.convert(source)
    assert marked.count('class="arithmatex" data-search-exclude="tex">') == 2
    searched_and_stripped = marked.replace(' data-search-exclude="tex"', "")  # what Material's search does
    assert typeset(searched_and_stripped)[0].count('class="katex"') == 2


def test_one_katex_process_serves_every_page_of_a_build(monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess

    from scripts.build import math_render

    started: list[list[str]] = []
    popen = subprocess.Popen

    def counting_popen(args: list[str], **kwargs: object) -> subprocess.Popen:
        started.append(args)
        return popen(args, **kwargs)

    monkeypatch.setattr(math_render.subprocess, "Popen", counting_popen)
    monkeypatch.setattr(math_render, "_cache", {})
    math_render.katex_process.close()
    pages = [PAGE.replace("a &lt; b", f"a_{n} &lt; b") for n in range(3)]
    assert all(typeset(page)[0].count('class="katex"') == 2 for page in pages)
    assert len(started) == 1, f"{len(started)} Node processes for {len(pages)} pages"
    math_render.katex_process.close()
