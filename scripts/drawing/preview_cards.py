"""Preview images (1200×630 PNG) for forum and social previews, drawn with Pillow.

The font is the one Pillow ships (``ImageFont.load_default``, Aileron), so nothing is fetched.
Same inputs give the same bytes: PNG written without timestamps or metadata.
"""

from __future__ import annotations

import hashlib
import io
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from scripts.drawing import colour_scale
from scripts.drawing.colour_scale import CARD_BACKGROUND, CARD_MUTED, WHITE, rgb

WIDTH, HEIGHT = 1200, 630
BACKGROUND = rgb(CARD_BACKGROUND)  # indigo 800, the site's primary colour, darker for contrast
FOREGROUND = rgb(WHITE)
MUTED = rgb(CARD_MUTED)  # indigo 100
MARGIN = 72
# a card is drawn anew when this file or its colours change
CODE = hashlib.sha256(Path(__file__).read_bytes() + Path(colour_scale.__file__).read_bytes()).hexdigest()


def card_png(kicker: str, heading: str, text: str, footer: str) -> bytes:
    """A card: a small kicker line, a big heading, wrapped text, a footer line."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    small = ImageFont.load_default(size=34)
    big = ImageFont.load_default(size=96)
    body = ImageFont.load_default(size=_body_size(text))
    draw.text((MARGIN, MARGIN), kicker, font=small, fill=MUTED)
    draw.text((MARGIN, MARGIN + 60), heading, font=big, fill=FOREGROUND, stroke_width=2, stroke_fill=FOREGROUND)
    y = MARGIN + 200
    size = body.size
    for line in textwrap.wrap(text, width=int(1900 / size)):
        draw.text((MARGIN, y), line, font=body, fill=FOREGROUND)
        y += int(size * 1.3)
    draw.text((MARGIN, HEIGHT - MARGIN - 34), footer, font=small, fill=MUTED)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def cached_card(cache: Path, kicker: str, heading: str, text: str, footer: str) -> bytes:
    """:func:`card_png`, drawn once per content and version of this file, then read from `cache`."""
    key = hashlib.sha256("\0".join([CODE, kicker, heading, text, footer]).encode()).hexdigest()[:20]
    cached = cache / f"{key}.png"
    if not cached.exists():
        cache.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(card_png(kicker, heading, text, footer))
    return cached.read_bytes()


def _body_size(text: str) -> int:
    """Shrink the text for long questions so it fits between heading and footer."""
    for size in (52, 46, 40, 34, 30):
        lines = len(textwrap.wrap(text, width=int(1900 / size)))
        if lines * size * 1.3 <= HEIGHT - 2 * MARGIN - 200 - 60:
            return size
    return 26
