"""KaTeX's fonts and stylesheet cut to the site's formulas, and Material's palette cut to its colours.

The unit tests check each step against KaTeX's real stylesheet and fonts (node_modules); the
browser test checks the result where it matters: every character of every formula is drawn by a
KaTeX web font, none by a fallback, with the cut fonts the site serves.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from scripts.build.katex_assets import KATEX_CSS, GlyphMissing, KatexFonts, font_files, katex_stylesheet, site_math, subset_fonts
from scripts.build.material_palette import configured_colours, palette_css
from scripts.build.math_render import render_batch

MATH_PAGES = [
    "first-cnn/",
    "magic-of-convolutions/",
    "batch-normalization/",
    "kernel-playground/",
    "training-stability/",
]


def rendered(*tex: str) -> list[tuple[str, str]]:
    return [(formula, result["html"]) for formula, result in zip(tex, render_batch([(formula, True) for formula in tex]))]


@pytest.mark.unit
def test_each_character_is_given_the_font_katex_draws_it_with() -> None:
    css = KATEX_CSS.read_text(encoding="utf-8")
    math = site_math(rendered(r"x^2 + \mathbf{W}", r"\left\lfloor \frac{n + 2p}{s} \right\rfloor", r"\sum_i \mathcal{B}"), css)
    assert math.glyphs["KaTeX_Math-Italic.woff2"] >= {"x", "n", "s", "i"}
    assert "2" not in math.glyphs["KaTeX_Math-Italic.woff2"] and {"2", "+"} <= math.glyphs["KaTeX_Main-Regular.woff2"]
    assert math.glyphs["KaTeX_Main-Bold.woff2"] == {"W"}  # .mathbf: a later rule than .mathnormal, same specificity
    assert math.glyphs["KaTeX_Size3-Regular.woff2"] == {"⌊", "⌋"}  # .delimsizing.size3 outranks .mord
    assert math.glyphs["KaTeX_Size2-Regular.woff2"] == {"∑"} and math.glyphs["KaTeX_Caligraphic-Regular.woff2"] == {"B"}
    assert {"katex", "katex-html", "mfrac", "delimsizing"} <= math.classes
    fonts = KatexFonts.read(css)
    assert fonts.font_of("KaTeX_Main", "italic", "700") == "KaTeX_Main-BoldItalic.woff2"
    assert fonts.font_of("KaTeX_Size3", "italic", "700") == "KaTeX_Size3-Regular.woff2"  # the one face it has
    assert fonts.font_of("Times New Roman", "normal", "400") is None


@pytest.mark.unit
def test_fonts_are_cut_to_their_glyphs_and_a_missing_glyph_stops_the_build() -> None:
    from fontTools.ttLib import TTFont

    css = KATEX_CSS.read_text(encoding="utf-8")
    math = site_math(rendered(r"n_{out} = \left\lfloor \frac{n + 2 p - k}{s} \right\rfloor + 1"), css)
    fonts = [
        path for path in font_files() if path.name in ("KaTeX_Main-Regular.woff2", "KaTeX_Math-Italic.woff2", "KaTeX_AMS-Regular.woff2")
    ]
    cut = subset_fonts(math, fonts)
    assert cut["KaTeX_AMS-Regular.woff2"] == b""  # draws nothing here
    for name in ("KaTeX_Main-Regular.woff2", "KaTeX_Math-Italic.woff2"):
        import io

        font = TTFont(io.BytesIO(cut[name]))
        assert {chr(code) for code in font.getBestCmap()} == set(math.glyphs[name]), name
        assert len(cut[name]) < (KATEX_CSS.parent / "fonts" / name).stat().st_size / 3
    wrong = type(math)({**math.glyphs, "KaTeX_Math-Italic.woff2": frozenset({"⌊"})}, math.classes, {("KaTeX_Math-Italic.woff2", "⌊"): "x"})
    with pytest.raises(GlyphMissing, match=r"KaTeX_Math-Italic\.woff2 has no glyph for '⌊' \(U\+230A\), drawn in 'x'"):
        subset_fonts(wrong, fonts)


@pytest.mark.unit
def test_a_character_katex_draws_in_no_katex_font_stops_the_build() -> None:
    html = '<span class="katex"><span class="katex-html"><span class="base"><span class="mord" style="font-family:x">x</span></span></span></span>'
    css = ".katex{font:normal 1.21em Times New Roman,serif}" + KATEX_CSS.read_text(encoding="utf-8").replace(
        ".katex{font:normal 1.21em KaTeX_Main,Times New Roman,serif;", ".katex{"
    )
    with pytest.raises(GlyphMissing, match="not a KaTeX font"):
        site_math([("x", html)], css)


@pytest.mark.unit
def test_the_stylesheet_keeps_the_rules_and_fonts_the_formulas_use() -> None:
    css = KATEX_CSS.read_text(encoding="utf-8")
    math = site_math(rendered(r"\frac{a}{b}"), css)
    cut = katex_stylesheet(css, math)
    assert ".katex .mfrac .frac-line{" in cut and ".katex .mathnormal{" in cut
    assert ".fontsize-ensurer" not in cut and ".katex .overline" not in cut and "KaTeX_Fraktur" not in cut
    assert re.findall(r"src:([^;}]*)", cut) == [
        f'url(fonts/{name}) format("woff2")' for name in sorted(math.glyphs, key=lambda name: css.index(name))
    ]
    assert len(cut) < len(css) / 3


PALETTE = """[data-md-color-scheme=slate]{color-scheme:dark}@media screen{[data-md-color-scheme=slate][data-md-color-primary=indigo] a{color:#5488e8}}\
[data-md-color-primary=pink]{--md-primary-fg-color:#e92063}@media screen and (min-width:60em){[data-md-color-primary=pink] .md-tabs{x:y}}\
[data-md-color-accent=indigo],[data-md-color-accent=red]{--md-accent-fg-color:#526cfe}\
[data-md-color-primary=white]:not([data-md-color-scheme=dracula]) .md-header{x:y}.md-typeset{z:w}\
@media screen{[data-md-color-switching] *,[data-md-color-switching] :after{transition-duration:0s!important}}
/*# sourceMappingURL=palette.map */"""


@pytest.mark.unit
def test_the_palette_keeps_the_rules_of_the_configured_colours() -> None:
    colours = configured_colours([{"scheme": "default", "primary": "indigo", "accent": "indigo"}, {"scheme": "slate", "primary": "indigo"}])
    assert colours == {"primary": {"indigo"}, "accent": {"indigo"}, "scheme": {"default", "slate"}}
    assert palette_css(PALETTE, colours) == (
        "[data-md-color-scheme=slate]{color-scheme:dark}@media screen{[data-md-color-scheme=slate][data-md-color-primary=indigo] a{color:#5488e8}}"
        "[data-md-color-accent=indigo]{--md-accent-fg-color:#526cfe}.md-typeset{z:w}"
    )


@pytest.mark.site
def test_the_served_palette_has_the_site_colours_only(site: Path) -> None:
    [palette] = (site / "assets/stylesheets").glob("palette.*.min.css")
    css = palette.read_text(encoding="utf-8")
    assert set(re.findall(r"data-md-color-primary=([\w-]+)", css)) == {"indigo"}
    assert set(re.findall(r"data-md-color-accent=([\w-]+)", css)) == {"indigo"}
    assert "[data-md-color-scheme=slate]" in css and "sourceMappingURL" not in css
    assert "data-md-color-switching" not in css, "Material's switching rule recomputes every page's style at load"
    assert ".palette-switching *" in (site / "assets/stylesheets/site.css").read_text(encoding="utf-8")


@pytest.mark.browser
def test_switching_the_palette_turns_transitions_off_until_the_colours_have_changed(server: str, page: Page) -> None:
    page.goto(server + "first-cnn/")
    page.wait_for_function("() => document.querySelector('form[data-md-component=palette] label:not([hidden])') !== null")
    assert not page.evaluate("document.body.classList.contains('palette-switching')"), "switching at load"
    during, after, scheme = page.evaluate(
        """() => new Promise((resolve) => {
            const before = document.body.dataset.mdColorScheme;
            document.querySelector('form[data-md-component=palette] label:not([hidden])').click();
            const link = document.querySelector('.md-header__button, .md-nav__link');
            const during = [document.body.classList.contains('palette-switching'), getComputedStyle(link).transitionDuration];
            const frames = (n) => n ? requestAnimationFrame(() => frames(n - 1)) : resolve(
              [during, document.body.classList.contains('palette-switching'), [before, document.body.dataset.mdColorScheme]]);
            frames(3);
        })"""
    )
    assert during[0] and set(during[1].split(", ")) == {"0s"}, during
    assert not after and scheme[0] != scheme[1], (after, scheme)


@pytest.mark.browser
def test_every_character_of_every_formula_is_drawn_by_a_katex_font(server: str, browser: Browser) -> None:
    """Chromium's own account (DevTools' platform fonts) of the fonts each formula's text is drawn
    with: KaTeX web fonts, served cut to the site's glyphs, never a fallback font."""
    context = browser.new_context()
    page = context.new_page()
    client = context.new_cdp_session(page)
    checked = 0
    for url in MATH_PAGES:
        page.goto(server + url, wait_until="networkidle")
        count = page.evaluate(
            """() => { for (const d of document.querySelectorAll('details')) d.open = true;
            let count = 0; const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let node; (node = walk.nextNode());) {
              if (node.parentElement.closest('.katex-html') && node.data.replace(/[\\s\\u200b]/g, '')) {
                node.parentElement.dataset.glyphs = ''; count += 1;
              }
            } return count; }"""
        )
        assert count > 0, f"{url}: no formula"
        page.wait_for_function("() => document.fonts.status === 'loaded'")
        client.send("DOM.enable")
        client.send("CSS.enable")
        root = client.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        for node in client.send("DOM.querySelectorAll", {"nodeId": root, "selector": "[data-glyphs]"})["nodeIds"]:
            fonts = client.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            wrong = [font for font in fonts if not (font["isCustomFont"] and font["familyName"].startswith("KaTeX"))]
            if wrong:
                text = client.send("DOM.getOuterHTML", {"nodeId": node})["outerHTML"]
                raise AssertionError(f"{url}: {text[:200]} is drawn with {wrong}")
            checked += 1
        client.send("DOM.disable")
        client.send("CSS.disable")
    context.close()
    assert checked > 100, checked


@pytest.mark.browser
def test_the_katex_stylesheet_follows_instant_navigation(server: str, page: Page) -> None:
    """A page without math loads no KaTeX stylesheet; following a link to one with math (Material's
    instant navigation: the same document) adds it, so the formulas are typeset, and leaving drops it."""
    stylesheets = "() => [...document.head.querySelectorAll('link[rel=stylesheet]')].map(link => link.href.split('/').pop())"

    def follow(suffix: str) -> None:
        page.evaluate("(suffix) => [...document.querySelectorAll('a.md-nav__link')].find(a => a.href.endsWith(suffix)).click()", suffix)
        page.wait_for_function("(suffix) => location.pathname.endsWith(suffix)", arg=suffix)

    page.goto(server, wait_until="networkidle")
    assert "katex.css" not in page.evaluate(stylesheets)
    page.evaluate("window.sameDocument = true")
    follow("/batch-normalization/")
    # The address changes before Material swaps the article in: wait for the new page's formula itself.
    page.wait_for_function(
        "() => { const mathml = document.querySelector('article .katex-mathml');"
        " return mathml !== null && getComputedStyle(mathml).clipPath !== 'none'; }"
    )
    assert page.evaluate("window.sameDocument") and "katex.css" in page.evaluate(stylesheets)
    follow("/drills/")
    page.wait_for_function("document.querySelector('.drill[data-state=ready]') !== null")
    page.wait_for_function(f"() => !({stylesheets})().includes('katex.css')")
    assert page.evaluate("window.sameDocument")
