"""Facts the browser code shares with Python, written as ES modules at build time.

``generated_modules()`` gives the modules that ``scripts.build.site_script.bundle`` serves to the
site's scripts under ``facts:NAME`` (``import { LEVELS } from "facts:colours"``), so a number or
colour that both sides use is written once, here in Python, and the scripts cannot drift from it.
"""

from __future__ import annotations

import json

from scripts.drawing import colour_scale

# What docs/javascripts/colours.js takes from scripts/drawing/colour_scale.py.
COLOURS = {
    "LEVELS": colour_scale.LEVELS,  # the diverging scale's steps each side of zero
    "WHITE": colour_scale.WHITE,  # paper
    "INK": colour_scale.INK,  # ink: text, and a drawn digit's strokes
    "MARK": colour_scale.MARK,  # highlights: kernel positions, receptive fields, precedents
}


def module(facts: dict[str, object]) -> str:
    """An ES module exporting each fact as a constant."""
    return "".join(f"export const {name} = {json.dumps(value)};\n" for name, value in facts.items())


def generated_modules() -> dict[str, str]:
    """Module specifier -> source, for the bundler."""
    return {"facts:colours": module(COLOURS)}
