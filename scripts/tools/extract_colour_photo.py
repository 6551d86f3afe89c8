"""Cut the site's colour photo out of scikit-image's sample "chelsea" (a cat, CC0) and write it as JSON.

Run once, by hand; scikit-image is not installed, only its wheel is read (it ships the photo as
``skimage/data/chelsea.png``, 451x300, "No copyright restrictions. CC0 by the photographer
(Stefan van der Walt)")::

    .venv/bin/pip download --no-deps --only-binary=:all: scikit-image==0.26.0 -d /tmp/skimage
    .venv/bin/python -m scripts.tools.extract_colour_photo /tmp/skimage/scikit_image-0.26.0-*.whl

Writes ``scripts/data/chelsea-crop.json``: the 256x192 box with its top-left corner at (112, 64)
(the eyes and the nose), averaged over 8x8 blocks (Pillow's ``Image.reduce(8)``) into 32x24
pixels, each [red, green, blue] 0-255, with the source file's SHA-256.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
import zipfile
from pathlib import Path

import numpy as np
from PIL import Image

from scripts.arithmetic.colour_photo import PHOTO_FILE

MEMBER = "skimage/data/chelsea.png"
PNG_SHA256 = "596aa1e7cb875eb79f437e310381d26b338a81c2da23439704a73c4651e8c4bb"
BOX = (112, 64, 368, 256)  # left, top, right, bottom in the 451x300 photo
BLOCK = 8


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as archive:
        png = archive.read(MEMBER)
    digest = hashlib.sha256(png).hexdigest()
    if digest != PNG_SHA256:
        raise SystemExit(f"{wheel}:{MEMBER}: SHA-256 {digest}, expected {PNG_SHA256}")
    photo = Image.open(io.BytesIO(png)).convert("RGB")
    small = photo.crop(BOX).reduce(BLOCK)
    pixels = np.asarray(small, dtype=np.uint8)
    record = {
        "source": {
            "package": "scikit-image 0.26.0 (wheel, not installed)",
            "file": MEMBER,
            "sha256": PNG_SHA256,
            "licence": "CC0: 'No copyright restrictions. CC0 by the photographer (Stefan van der Walt).' (skimage.data.chelsea)",
            "size": list(photo.size),
        },
        "crop": {"box_left_top_right_bottom": list(BOX), "reduce": BLOCK, "method": "PIL.Image.reduce (block mean)"},
        "script": "scripts/tools/extract_colour_photo.py",
        "height": int(pixels.shape[0]),
        "width": int(pixels.shape[1]),
        "rgb": pixels.tolist(),
    }
    Path(PHOTO_FILE).write_text(json.dumps(record, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{PHOTO_FILE}: {pixels.shape[1]}x{pixels.shape[0]} pixels")


if __name__ == "__main__":
    main(sys.argv[1])
