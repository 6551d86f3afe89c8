"""The site's colour photo (a crop of scikit-image's CC0 cat "chelsea") and one 3-channel convolution over it.

``scripts/tools/extract_colour_photo.py`` cut the photo once; this module reads it (numpy only),
splits it into its red, green and blue channels and applies one 3x3x3 kernel, keeping each
channel's share so that a figure can write out an output value as red + green + blue + bias.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from scripts.arithmetic.convolution import KERNELS, conv2d

ROOT = Path(__file__).resolve().parents[2]
PHOTO_FILE = ROOT / "scripts" / "data" / "chelsea-crop.json"

# One kernel slice per input channel (red, green, blue) and the output channel's bias.
SLICES = ("top-edge", "left-edge", "diagonal-1")
BIAS = -20
PIXEL = (3, 4)  # the output position whose sum the figure writes out (over the top of the left eye)


class PhotoError(ValueError):
    """The photo file is missing or damaged; the message names it."""


def load_photo(path: Path = PHOTO_FILE) -> np.ndarray:
    """The photo as (3, height, width) int64 values 0-255: channels red, green, blue."""
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    if not path.is_file():
        raise PhotoError(f"{where}: missing (run scripts/tools/extract_colour_photo.py)")
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        rgb = np.array(record["rgb"], dtype=np.int64)
        shape = (record["height"], record["width"], 3)
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
        raise PhotoError(f"{where}: damaged ({error!r})") from error
    if rgb.shape != shape or rgb.min() < 0 or rgb.max() > 255:
        raise PhotoError(f"{where}: damaged (pixels of shape {rgb.shape}, expected {shape}, values 0-255)")
    return rgb.transpose(2, 0, 1)


def kernel() -> np.ndarray:
    """The 3x3x3 kernel: the site's top-edge, left-edge and diagonal kernels as its red, green, blue slices."""
    return np.stack([KERNELS[name][1] for name in SLICES])


@dataclass(frozen=True)
class ColourConvolution:
    channels: np.ndarray  # 3 x H x W
    kernel: np.ndarray  # 3 x 3 x 3
    parts: np.ndarray  # 3 x (H-2) x (W-2): each channel convolved with its slice
    bias: int

    @property
    def output(self) -> np.ndarray:
        """red + green + blue + bias, the one output channel."""
        return self.parts.sum(axis=0) + self.bias

    def terms(self, index: tuple[int, int] = PIXEL) -> tuple[int, int, int, int, int]:
        """(red, green, blue, bias, output) at one output position."""
        r, g, b = (int(part[index]) for part in self.parts)
        return r, g, b, self.bias, int(self.output[index])


def convolve(channels: np.ndarray | None = None) -> ColourConvolution:
    channels = load_photo() if channels is None else channels
    weights = kernel()
    parts = np.stack([conv2d(channel, w) for channel, w in zip(channels, weights)])
    return ColourConvolution(channels, weights, parts, BIAS)
