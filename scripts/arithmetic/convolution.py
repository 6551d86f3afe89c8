"""The arithmetic behind the chapter's figures: the digit, its kernels, convolution and its sizes.

Pure functions over numpy arrays, no drawing: ``scripts.drawing.kernel_figures`` lays the results out and
encodes them as SVG, ``scripts.pages.workbook`` writes them as spreadsheet formulas, and the "Trace
precedents" page gets ``precedents`` of every cell as data (the browser does none of this
arithmetic). Like PyTorch (and the book), "convolution" here is cross-correlation: the kernel is
not flipped. Values are the digit's 0-255 integers, as the book's ``im3_t``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
DIGIT_FILE = ROOT / "scripts" / "data" / "mnist-3.json"

TOP_EDGE = np.array([[-1, -1, -1], [0, 0, 0], [1, 1, 1]])
LEFT_EDGE = np.array([[-1, 1, 0], [-1, 1, 0], [-1, 1, 0]])
DIAG1 = np.array([[0, -1, 1], [-1, 1, 0], [1, 0, 0]])
DIAG2 = np.array([[1, -1, 0], [0, 1, -1], [0, 0, 1]])

# The edge kernels, in the order the figures show them: name -> (title, 3x3 weights). The chapter defines
# the top and left edges and the two diagonals; the bottom and right edges are their flips.
KERNELS: dict[str, tuple[str, np.ndarray]] = {
    "top-edge": ("top edge", TOP_EDGE),
    "bottom-edge": ("bottom edge", TOP_EDGE[::-1].copy()),
    "left-edge": ("left edge", LEFT_EDGE),
    "right-edge": ("right edge", LEFT_EDGE[:, ::-1].copy()),
    "diagonal-1": ("diagonal /", DIAG1),
    "diagonal-2": ("diagonal \\", DIAG2),
}


class Layer(NamedTuple):
    """One convolution's geometry: square kernel size, stride and zero padding on each side."""

    ks: int = 3
    stride: int = 1
    pad: int = 0


def load_digit(path: Path = DIGIT_FILE) -> np.ndarray:
    """The committed MNIST "3" as a 28x28 int64 array of 0-255 values (see scripts/data/README.md)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    digit = np.array(data["pixels"], dtype=np.int64)
    if digit.shape != tuple(data["shape"]) or digit.min() < 0 or digit.max() > 255:
        raise ValueError(f"{path}: expected {data['shape']} pixels in 0-255, got {digit.shape}")
    return digit


def output_size(n: int, ks: int = 3, stride: int = 1, pad: int = 0) -> int:
    """Output side length of a convolution over an n-pixel side: (n + 2*pad - ks)//stride + 1."""
    return (n + 2 * pad - ks) // stride + 1


def conv2d(image: np.ndarray, kernel: np.ndarray, stride: int = 1, pad: int = 0) -> np.ndarray:
    """2D cross-correlation of one channel with one kernel, zero padding and stride as PyTorch's.

    out[i, j] = sum over (u, v) of kernel[u, v] * padded[i*stride + u, j*stride + v]; computed as a
    sum of nine (for 3x3) strided, shifted copies of the image, each scaled by one weight.
    """
    image = np.asarray(image)
    kernel = np.asarray(kernel)
    if image.ndim != 2 or kernel.ndim != 2:
        raise ValueError("conv2d takes one 2D image and one 2D kernel")
    kh, kw = kernel.shape
    padded = np.pad(image, pad)
    out_h = (padded.shape[0] - kh) // stride + 1
    out_w = (padded.shape[1] - kw) // stride + 1
    if out_h < 1 or out_w < 1:
        raise ValueError(f"kernel {kernel.shape} is larger than the padded image {padded.shape}")
    out = np.zeros((out_h, out_w), dtype=np.result_type(image, kernel))
    for u in range(kh):
        for v in range(kw):
            window = padded[u : u + (out_h - 1) * stride + 1 : stride, v : v + (out_w - 1) * stride + 1 : stride]
            out += kernel[u, v] * window
    return out


def conv2d_channels(channels: np.ndarray, kernel: np.ndarray, stride: int = 1, pad: int = 0) -> np.ndarray:
    """One output channel from a (C, H, W) input and a (C, kh, kw) kernel: per-channel results summed."""
    if len(channels) != len(kernel):
        raise ValueError(f"{len(channels)} input channels but {len(kernel)} kernel slices")
    return sum(conv2d(channel, weights, stride, pad) for channel, weights in zip(channels, kernel))


def grid_sizes(n: int, layers: Sequence[Layer]) -> list[int]:
    """The side of every grid of a stack of layers, from its n-pixel input to its last output."""
    sizes = [n]
    for layer in layers:
        sizes.append(output_size(sizes[-1], *layer))
    return sizes


def precedents(index: tuple[int, int], layers: Sequence[Layer], size: int) -> list[tuple[range, range]]:
    """The rows and columns that one activation of the last layer reads, in every grid below it.

    One (rows, cols) pair per grid, nearest first: the block of the grid the last layer reads
    (its direct precedents, as a spreadsheet's trace precedents shows them), then the cells that
    block depends on in each earlier grid, down to the ``size``-pixel input (its receptive field).
    Output position p of a layer reads its input positions p*stride - pad ... p*stride - pad + ks - 1;
    positions in the zero padding (outside a grid) are dropped, since no cell is there.
    """
    sizes = grid_sizes(size, layers)
    lows, highs = list(index), list(index)
    spans = []
    for layer, below in zip(reversed(layers), reversed(sizes[:-1])):
        lows = [p * layer.stride - layer.pad for p in lows]
        highs = [p * layer.stride - layer.pad + layer.ks - 1 for p in highs]
        rows, cols = (range(max(low, 0), min(high, below - 1) + 1) for low, high in zip(lows, highs))
        spans.append((rows, cols))
    return spans


def receptive_field(index: tuple[int, int], layers: Sequence[Layer], size: int) -> tuple[range, range]:
    """The input rows and columns that one activation of the last layer depends on."""
    return precedents(index, layers, size)[-1]


def window_at(image: np.ndarray, index: tuple[int, int], ks: int = 3, stride: int = 1, pad: int = 0) -> np.ndarray:
    """The ks x ks patch of the (zero-padded) image that output position ``index`` reads."""
    row, col = index[0] * stride, index[1] * stride
    return np.pad(np.asarray(image), pad)[row : row + ks, col : col + ks]
