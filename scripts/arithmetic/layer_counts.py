"""What a stack of convolutions costs: weights, parameters and multiplications per layer, batchnorm
parameters, and the sides of its receptive fields.

The chapter's two models as data: ``SIMPLE_CNN`` (3s vs 7s, every layer 3×3) and ``SIMPLE_CNN_10``
(all ten digits, a 5×5 first layer and twice the filters), each layer a ``conv(ni, nf, ks)`` with
stride 2 and padding ks//2. The "Numbers to know" page states these counts; the tests check them
against PyTorch and against the numbers the answers state.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from scripts.arithmetic.convolution import Layer, output_size

SIZE = 28  # MNIST's side


class Conv(NamedTuple):
    """One of the book's ``conv(ni, nf, ks)``: stride 2, padding ks//2, with a bias."""

    ni: int
    nf: int
    ks: int = 3

    @property
    def geometry(self) -> Layer:
        return Layer(self.ks, 2, self.ks // 2)

    @property
    def weights(self) -> int:
        return self.nf * self.ni * self.ks * self.ks

    @property
    def params(self) -> int:
        return self.weights + self.nf


SIMPLE_CNN = (Conv(1, 4), Conv(4, 8), Conv(8, 16), Conv(16, 32), Conv(32, 2))
SIMPLE_CNN_10 = (Conv(1, 8, 5), Conv(8, 16), Conv(16, 32), Conv(32, 64), Conv(64, 10))


class LayerCount(NamedTuple):
    """One layer of a model on a 28×28 digit: its output side and what it costs per image."""

    conv: Conv
    side: int  # output side length
    activations: int  # nf × side × side
    multiplications: int  # side × side × weights


def layer_counts(model: Sequence[Conv], size: int = SIZE) -> list[LayerCount]:
    counts = []
    for conv in model:
        size = output_size(size, *conv.geometry)
        counts.append(LayerCount(conv, size, conv.nf * size * size, size * size * conv.weights))
    return counts


def total_params(model: Sequence[Conv]) -> int:
    return sum(conv.params for conv in model)


def batchnorm_params(model: Sequence[Conv]) -> int:
    """A BatchNorm2d after every conv: a scale and a shift per channel."""
    return sum(2 * conv.nf for conv in model)


def receptive_field_sides(model: Sequence[Conv]) -> list[int]:
    """The side of the (unclipped) receptive field after each layer: each adds (ks − 1) × the strides so far."""
    sides, side, jump = [], 1, 1
    for conv in model:
        side += (conv.ks - 1) * jump
        jump *= conv.geometry.stride
        sides.append(side)
    return sides
