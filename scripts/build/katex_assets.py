"""KaTeX's fonts and stylesheet cut down, at build time, to what the site's formulas use.

KaTeX ships 20 fonts of a few hundred glyphs each and a stylesheet for every construct it can
draw; the site's formulas use a few dozen characters and classes. So every build:

- :func:`site_math` reads the HTML KaTeX made for the site's formulas and finds, for every
  character its visible part draws, the font that draws it: the font-family, -style and -weight
  that KaTeX's stylesheet gives the character's element (its font rules, applied in cascade order:
  specificity, then source order, else inherited), matched to KaTeX's ``@font-face`` rules as a
  browser matches them. The MathML that screen readers read is not drawn with KaTeX's fonts and
  is left out. It also collects the classes the elements carry.
- :func:`subset_fonts` cuts each of KaTeX's woff2 fonts to the glyphs of the characters it draws
  (fontTools, pinned in requirements.txt; no network). Metrics and layout tables are kept; the
  TrueType hinting instructions are dropped (about 1.7 kB a font, most of a small subset), as
  every browser draws KaTeX's text at formula sizes without them (Windows is the one system that
  reads them). A font no formula uses keeps no glyph. The build stops (:class:`GlyphMissing`),
  naming the character, font and formula, when a font lacks a character it must draw (the browser
  would show another font's glyph), and when a subset lost a glyph it had to keep.
- :func:`katex_stylesheet` keeps the rules whose selectors name only classes the formulas use,
  the ``@font-face`` rules of the fonts that draw something, each pointing at its woff2 file alone
  (every browser that runs the site reads woff2).

A formula added later brings its characters and classes with it: both are computed from the pages
at each build, never kept by hand.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from scripts.build.build_cache import ensure_cached, input_digest
from scripts.build.math_render import KATEX_DIST, formulas_of, render_batch

KATEX_CSS = KATEX_DIST / "katex.min.css"
KATEX_FONTS = KATEX_DIST / "fonts"
# Characters that KaTeX puts in its visible HTML but no font draws: spaces and the zero-width space
# KaTeX writes between a formula's parts.
UNDRAWN = frozenset(" \t\n\r\u00a0\u200b")
PROPERTIES = ("family", "style", "weight")
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


class GlyphMissing(RuntimeError):
    """A formula's character is missing from the font that must draw it, or a subset lost a glyph."""


# ---- KaTeX's stylesheet, read ---------------------------------------------------------------------

RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
CLASS = re.compile(r"\.([A-Za-z_][\w-]*)")
NEGATION = re.compile(r":not\([^)]*\)")  # a class inside :not() is one the element must NOT have
COMPOUND = re.compile(r"^(?P<tag>[a-z]+)?(?P<classes>(?:\.[A-Za-z_][\w-]*)*)$")
WOFF2_SOURCE = re.compile(r"src:url\(([^)]*\.woff2)\) format\(\"woff2\"\)[^;}]*")


def _rules(css: str) -> list[tuple[str, str]]:
    """(selectors, body) of every rule of a flat stylesheet; anything else stops the build."""
    rules, position = [], 0
    for match in RULE.finditer(css):
        if css[position : match.start()].strip():
            raise ValueError(f"KaTeX's stylesheet has text this build cannot read: {css[position : match.start()][:80]!r}")
        rules.append((match[1].strip(), match[2]))
        position = match.end()
    if css[position:].strip():
        raise ValueError(f"KaTeX's stylesheet has text this build cannot read: {css[position:][:80]!r}")
    return rules


def _split_selectors(selectors: str) -> list[str]:
    """A selector list split at its top-level commas (none inside parentheses)."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(selectors):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(selectors[start:index])
            start = index + 1
    parts.append(selectors[start:])
    return [part.strip() for part in parts if part.strip()]


def _declarations(body: str) -> dict[str, str]:
    """The font-family (first name), -style and -weight a rule sets, the ``font`` shorthand included."""
    found: dict[str, str] = {}
    for declaration in body.split(";"):
        name, _, value = declaration.partition(":")
        name, value = name.strip(), value.strip()
        if name == "font":  # KaTeX's own: "normal 1.21em KaTeX_Main,Times New Roman,serif"
            words = value.split(",")[0].split()
            found.update(family=words[-1], style="normal", weight="400")
            for word in words[:-2]:
                if word in ("italic", "oblique"):
                    found["style"] = word
                elif word in ("bold", "700"):
                    found["weight"] = "700"
        elif name == "font-family":
            found["family"] = value.split(",")[0].strip().strip("\"'")
        elif name == "font-style":
            found["style"] = value
        elif name == "font-weight":
            found["weight"] = {"normal": "400", "bold": "700"}.get(value, value)
    return found


@dataclass(frozen=True)
class _Compound:
    tag: str
    classes: frozenset[str]

    def matches(self, tag: str, classes: frozenset[str]) -> bool:
        return (not self.tag or self.tag == tag) and self.classes <= classes


@dataclass(frozen=True)
class _FontRule:
    """One selector of a rule that sets a font property: its compounds and combinators, right to left."""

    compounds: tuple[_Compound, ...]  # the element's own first
    combinators: tuple[str, ...]  # between compounds[i] and compounds[i + 1]: " " or ">"
    specificity: tuple[int, int]
    order: int
    sets: Mapping[str, str]

    @classmethod
    def parse(cls, selector: str, order: int, sets: Mapping[str, str]) -> _FontRule:
        tokens = re.sub(r"\s*>\s*", " > ", selector).split()
        compounds: list[_Compound] = []
        combinators: list[str] = []
        pending = " "
        for token in tokens:
            if token == ">":
                pending = ">"
                continue
            match = COMPOUND.match(token)
            if match is None:
                raise ValueError(f"KaTeX's font rule {selector!r}: this build reads classes, tags, ' ' and '>' only")
            if compounds:
                combinators.append(pending)
            compounds.append(_Compound(match["tag"] or "", frozenset(CLASS.findall(match["classes"]))))
            pending = " "
        compounds.reverse()
        combinators.reverse()
        classes = sum(len(compound.classes) for compound in compounds)
        tags = sum(1 for compound in compounds if compound.tag)
        return cls(tuple(compounds), tuple(combinators), (classes, tags), order, dict(sets))

    def matches(self, chain: list[tuple[str, frozenset[str]]]) -> bool:
        """Whether the last element of ``chain`` (root first) matches."""
        return self._match(0, len(chain) - 1, chain)

    def _match(self, index: int, position: int, chain: list[tuple[str, frozenset[str]]]) -> bool:
        if not self.compounds[index].matches(*chain[position]):
            return False
        if index == len(self.compounds) - 1:
            return True
        if self.combinators[index] == ">":
            return position > 0 and self._match(index + 1, position - 1, chain)
        return any(self._match(index + 1, above, chain) for above in range(position - 1, -1, -1))


@dataclass(frozen=True)
class KatexFonts:
    """What KaTeX's stylesheet says about fonts: its font rules, and its faces (family, style, weight) -> file."""

    rules: tuple[_FontRule, ...]
    faces: Mapping[tuple[str, str, str], str]

    @classmethod
    def read(cls, css: str) -> KatexFonts:
        rules: list[_FontRule] = []
        faces: dict[tuple[str, str, str], str] = {}
        for order, (selectors, body) in enumerate(_rules(css)):
            sets = _declarations(body)
            if selectors == "@font-face":
                source = WOFF2_SOURCE.search(body)
                if source is None or set(sets) != set(PROPERTIES):
                    raise ValueError(f"a KaTeX @font-face this build cannot read: {body[:120]!r}")
                faces[(sets["family"], sets["style"], sets["weight"])] = source[1].rsplit("/", 1)[-1]
            elif sets:
                rules += [_FontRule.parse(selector, order, sets) for selector in _split_selectors(selectors)]
        return cls(tuple(rules), faces)

    def font_of(self, family: str, style: str, weight: str) -> str | None:
        """The woff2 file a browser picks for a family, style and weight (None: not a KaTeX family).
        As CSS font matching does: the style first (italic, else normal), then the nearest weight."""
        faces = [(face_style, face_weight) for face_family, face_style, face_weight in self.faces if face_family == family]
        if not faces:
            return None
        styles = [face for face in faces if face[0] == style] or [face for face in faces if face[0] == "normal"] or faces
        best = min(styles, key=lambda face: abs(int(face[1]) - int(weight)))
        return self.faces[(family, *best)]


# ---- the formulas, read ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteMath:
    """What the site's formulas need: per woff2 font, the characters it draws; the classes used."""

    glyphs: Mapping[str, frozenset[str]]
    classes: frozenset[str]
    where: Mapping[tuple[str, str], str] = field(default_factory=dict)  # (font, char) -> a formula's TeX


class _KatexReader(HTMLParser):
    """Walks KaTeX's HTML: classes of every element; the font of each character of ``.katex-html``."""

    def __init__(self, fonts: KatexFonts) -> None:
        super().__init__(convert_charrefs=True)
        self.fonts = fonts
        self.chain: list[tuple[str, frozenset[str]]] = []  # open elements, root first: (tag, classes)
        self.state: list[tuple[bool, dict[str, str]]] = []  # per open element: drawn?, computed font
        self.glyphs: dict[str, set[str]] = {}
        self.classes: set[str] = set()
        self.where: dict[tuple[str, str], str] = {}
        self.tex = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = frozenset((dict(attrs).get("class") or "").split())
        self.classes |= names
        if tag in VOID:
            return
        self.chain.append((tag, names))
        drawn, inherited = self.state[-1] if self.state else (False, {})
        computed = dict(inherited)
        winners: dict[str, tuple[tuple[int, int], int]] = {}
        for rule in self.fonts.rules:
            if rule.matches(self.chain):
                for name, value in rule.sets.items():
                    rank = (rule.specificity, rule.order)
                    if name not in winners or rank > winners[name]:
                        winners[name], computed[name] = rank, value
        self.state.append((drawn or "katex-html" in names, computed))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.classes |= frozenset((dict(attrs).get("class") or "").split())

    def handle_endtag(self, tag: str) -> None:
        if self.chain and tag not in VOID:
            self.chain.pop()
            self.state.pop()

    def handle_data(self, data: str) -> None:
        if not self.state or not self.state[-1][0]:
            return
        drawn = set(data) - UNDRAWN
        if not drawn:
            return
        font = self.state[-1][1]
        name = self.fonts.font_of(font.get("family", ""), font.get("style", "normal"), font.get("weight", "400"))
        if name is None:
            raise GlyphMissing(f"{''.join(sorted(drawn))!r} in {self.tex!r} is drawn in {font.get('family')!r}, not a KaTeX font")
        self.glyphs.setdefault(name, set()).update(drawn)
        for char in drawn:
            self.where.setdefault((name, char), self.tex)


def site_math(formulas: Iterable[tuple[str, str]], css: str) -> SiteMath:
    """The glyphs per font and the classes used by KaTeX's HTML of the given (tex, html) formulas."""
    reader = _KatexReader(KatexFonts.read(css))
    for tex, html in formulas:
        reader.tex = tex
        reader.feed(html)
        reader.chain.clear()
        reader.state.clear()
    reader.close()
    return SiteMath({name: frozenset(chars) for name, chars in reader.glyphs.items()}, frozenset(reader.classes), reader.where)


_last: tuple[frozenset[tuple[str, bool]], SiteMath] | None = None  # both hooks ask, once per build


def math_of_pages(pages_html: Iterable[str | None]) -> SiteMath:
    """What the formulas of the given pages (HTML before typesetting) need, as KaTeX renders them.

    A page without content (``None``: a ``mkdocs serve --dirty`` rebuild skips unchanged pages) keeps
    the formulas of the previous build in the set, so their glyphs stay. A formula KaTeX rejects
    needs nothing: the build stops on it anyway, naming it."""
    global _last
    contents = list(pages_html)
    formulas = {formula for html in contents if html for formula in formulas_of(html)}
    if _last is not None and any(html is None for html in contents):
        formulas |= _last[0]
    key = frozenset(formulas)
    if _last is None or _last[0] != key:
        ordered = sorted(key)
        rendered = [(tex, result["html"]) for (tex, _display), result in zip(ordered, render_batch(ordered)) if "html" in result]
        _last = (key, site_math(rendered, KATEX_CSS.read_text(encoding="utf-8")))
    return _last[1]


# ---- the fonts, cut ------------------------------------------------------------------------------


def font_files(fonts: Path = KATEX_FONTS) -> list[Path]:
    """KaTeX's woff2 fonts, by name."""
    return sorted(fonts.glob("*.woff2"))


def _characters(font: object) -> set[str]:
    return {chr(code) for code in font.getBestCmap() or {}}  # type: ignore[attr-defined]


def subset_fonts(math: SiteMath, fonts: Iterable[Path]) -> dict[str, bytes]:
    """Each font (woff2) with the glyphs it draws for the site and no other: file name -> bytes
    (empty for a font that draws nothing).

    Raises GlyphMissing, naming character, font and formula, when a font lacks a character it must
    draw, or when a subset does not map every character it had to keep."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # KaTeX's fonts carry 1970 timestamps: fontTools warns
    out: dict[str, bytes] = {}
    for path in fonts:
        wanted = set(math.glyphs.get(path.name, ()))
        if not wanted:
            out[path.name] = b""  # no formula draws with it: not served
            continue
        font = TTFont(path, recalcTimestamp=False)  # KaTeX's own timestamp: the same bytes at every build
        missing = wanted - _characters(font)
        if missing:
            raise GlyphMissing(
                "; ".join(
                    f"{path.name} has no glyph for {_named(char)}, drawn in {math.where.get((path.name, char), '?')!r}"
                    for char in sorted(missing)
                )
            )
        options = subset.Options()
        options.flavor = "woff2"
        options.hinting = False
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(ord(char) for char in wanted))
        subsetter.subset(font)
        buffer = io.BytesIO()
        font.save(buffer)
        lost = wanted - _characters(TTFont(io.BytesIO(buffer.getvalue())))
        if lost:
            raise GlyphMissing(f"{path.name}: the subset lost {', '.join(_named(char) for char in sorted(lost))}")
        out[path.name] = buffer.getvalue()
    return out


_SOURCE = Path(__file__).read_text(encoding="utf-8")  # the code that runs, read once: a file edited under a
# long-lived process (mkdocs serve) must not name the old code's fonts by the new code's digest


def cached_subsets(math: SiteMath, cache_root: Path, fonts: Path = KATEX_FONTS) -> dict[str, bytes]:
    """:func:`subset_fonts`, kept in ``cache_root/<digest>/`` until KaTeX's fonts, the glyphs, this
    module or fontTools change (subsetting twenty fonts takes a second or two)."""
    import fontTools

    paths = font_files(fonts)
    glyphs = "\0".join(f"{name}:{''.join(sorted(chars))}" for name, chars in sorted(math.glyphs.items()))
    salt = f"fonttools {fontTools.version}\0{glyphs}\0{_SOURCE}"
    folder = ensure_cached(cache_root, input_digest(paths, salt=salt), lambda: subset_fonts(math, paths))
    return {path.name: (folder / path.name).read_bytes() for path in paths}


def _named(char: str) -> str:
    return f"{char!r} (U+{ord(char):04X})"


# ---- the stylesheet, cut -------------------------------------------------------------------------


def katex_stylesheet(css: str, math: SiteMath) -> str:
    """KaTeX's minified stylesheet with the rules for the formulas' classes only, fonts as woff2 alone.

    A selector is kept when every class it names (outside ``:not()``) is one the formulas use; a
    rule with no selector left goes. An ``@font-face`` is kept when its font draws something, with
    its ``src`` pointing at the woff2 file alone."""
    rules: list[str] = []
    for selectors, body in _rules(css):
        if selectors == "@font-face":
            source = WOFF2_SOURCE.search(body)
            if source is None:
                raise ValueError(f"a KaTeX @font-face has no woff2 source: {body[:120]!r}")
            if math.glyphs.get(source[1].rsplit("/", 1)[-1]):
                rules.append("@font-face{" + WOFF2_SOURCE.sub(lambda m: "src:url(" + m[1] + ') format("woff2")', body) + "}")
            continue
        if selectors.startswith("@"):
            raise ValueError(f"KaTeX's stylesheet has an at-rule this build cannot read: {selectors[:80]!r}")
        kept = [selector for selector in _split_selectors(selectors) if set(CLASS.findall(NEGATION.sub("", selector))) <= math.classes]
        if kept:
            rules.append(f"{','.join(kept)}{{{body}}}")
    return "".join(rules)
