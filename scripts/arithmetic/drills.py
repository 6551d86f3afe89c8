"""The Drills page's exercises: generated from a seed, with their answer, known mistakes and worked solution.

``exercise(drill, seed)`` is the Python twin of ``docs/javascripts/drills/drills.js``: the same
32-bit generator (mulberry32) draws the same numbers in the same order, so both make the same
exercise, word for word (a browser test compares them). The page's static worked examples are made
here at build time; tests check the answers against PyTorch. Numbers are written as the answers
write them: ``1,152``, ``−2``, ``64×8×7×7``, ``⌊(28 + 2·1 − 3) / 2⌋ + 1 = 14``.

An exercise is plain JSON-ready data: ``drill`` and ``seed``; ``kind`` (``number``, ``shape`` or
``square``: how an answer is read); ``given`` (its numbers); ``text`` (the question); ``answer``
(canonical, as :func:`parse` returns it); ``mistakes`` ([answer, what went wrong], in order);
``steps`` (the worked solution, one line each) and ``hint`` (the formula without the numbers).
"""

from __future__ import annotations

import re
from typing import Any

from scripts.arithmetic.convolution import output_size

MASK = 0xFFFFFFFF
MAX_SEED = 999_999

# Drill id -> title, in the page's order; the ids are the items of the study schedule.
DRILLS: dict[str, str] = {
    "d1": "Output size",
    "d2": "Weight shape",
    "d3": "Activation shape",
    "d4": "Parameters of a conv layer",
    "d5": "Parameters of batchnorm layers",
    "d6": "Multiplications of a layer",
    "d7": "Receptive field",
    "d8": "A colour convolution at one position",
    "d9": "Batches per epoch",
}


class Rng:
    """mulberry32: a 32-bit generator, written to give the bits of the JavaScript twin exactly."""

    def __init__(self, seed: int) -> None:
        self.state = seed & MASK

    def u32(self) -> int:
        self.state = (self.state + 0x6D2B79F5) & MASK
        t = self.state
        t = ((t ^ (t >> 15)) * (t | 1)) & MASK
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & MASK)) & MASK
        return (t ^ (t >> 14)) & MASK

    def int(self, low: int, high: int) -> int:
        """A whole number from low to high, both included."""
        return low + self.u32() % (high - low + 1)

    def pick(self, items: list[int]) -> int:
        return items[self.int(0, len(items) - 1)]


def num(value: int) -> str:
    """A whole number as the answers write it: thousands separated by commas, a real minus sign."""
    return ("−" if value < 0 else "") + f"{abs(value):,}"


def factor(value: int) -> str:
    """A number in a product: negative ones in brackets."""
    return f"({num(value)})" if value < 0 else num(value)


def shape(*sides: int) -> str:
    return "×".join(str(side) for side in sides)


def floor_formula(n: int, ks: int, stride: int, pad: int) -> str:
    return f"⌊({n} + 2·{pad} − {ks}) / {stride}⌋ + 1 = {output_size(n, ks, stride, pad)}"


def _with(answer: str, mistakes: list[tuple[str, str]]) -> list[list[str]]:
    """The known mistakes whose value differs from the answer and from the ones before."""
    kept: list[list[str]] = []
    for value, message in mistakes:
        if value != answer and all(value != other for other, _ in kept):
            kept.append([value, message])
    return kept


def _conv(c_in: int, c_out: int, ks: int, stride: int = 1, pad: int = 0) -> str:
    extra = (f", stride={stride}" if stride != 1 else "") + (f", padding={pad}" if pad else "")
    return f"nn.Conv2d({c_in}, {c_out}, kernel_size={ks}{extra})"


def _channels(rng: Rng) -> tuple[int, int]:
    c_in = rng.pick([1, 3, 4, 8, 16, 32, 64])
    c_out = rng.pick([4, 8, 16, 32, 64, 128])
    while c_out == c_in:
        c_out = rng.pick([4, 8, 16, 32, 64, 128])
    return c_in, c_out


def output_size_drill(rng: Rng) -> dict[str, Any]:
    ks = rng.pick([1, 2, 3, 3, 3, 4, 5, 5, 7])
    stride = rng.pick([1, 2, 2, 3])
    pad = rng.int(0, 3)
    n = rng.int(max(ks, 4), 40)
    top = n + 2 * pad - ks
    out = top // stride + 1
    steps = [
        "n_out = ⌊(n + 2·pad − ks) / stride⌋ + 1",
        f"= ⌊({n} + 2·{pad} − {ks}) / {stride}⌋ + 1",
        f"= ⌊{top} / {stride}⌋ + 1 = {top // stride} + 1 = {out}",
    ]
    if top % stride:
        steps.append(f"{top} / {stride} is not whole: it is rounded down, as the kernel cannot step past the last padded pixel.")
    answer = str(out)
    return {
        "kind": "number",
        "given": {"n": n, "ks": ks, "stride": stride, "pad": pad},
        "text": f"A {n}×{n} input goes through a convolution with a {ks}×{ks} kernel, stride {stride} and padding {pad}. What is the height (and width) of the output?",
        "answer": answer,
        "mistakes": _with(
            answer,
            [
                (str((n + pad - ks) // stride + 1), "That counts the padding on one side only: it is added on both sides, 2·pad in all."),
                (
                    str(-(-top // stride) + 1),
                    "That rounds the division up: it is rounded down (the floor, ⌊ ⌋), since the kernel cannot start past the border.",
                ),
                (str(top // stride), "That forgets the + 1: the kernel's first position counts too."),
                (str((n - ks) // stride + 1), "That leaves out the padding."),
            ],
        ),
        "steps": steps,
        "hint": "n_out = ⌊(n + 2·pad − ks) / stride⌋ + 1",
    }


def weight_shape_drill(rng: Rng) -> dict[str, Any]:
    c_in, c_out = _channels(rng)
    ks = rng.pick([1, 3, 5, 7])
    answer = shape(c_out, c_in, ks, ks)
    return {
        "kind": "shape",
        "given": {"c_in": c_in, "c_out": c_out, "ks": ks},
        "text": f"What is the shape of the weight of {_conv(c_in, c_out, ks)}? Write it like a×b×c×d.",
        "answer": answer,
        "mistakes": _with(
            answer,
            [
                (
                    shape(c_in, c_out, ks, ks),
                    "That puts the input channels first: PyTorch's weight is out_channels × in_channels × kH × kW.",
                ),
                (shape(c_out, ks, ks), "That leaves out the input channels: each filter has one kernel per input channel."),
            ],
        ),
        "steps": ["weight: out_channels × in_channels × kH × kW", f"= {answer}", f"(and the bias: {c_out} values, one per filter)"],
        "hint": "weight: out_channels × in_channels × kH × kW",
    }


def activation_shape_drill(rng: Rng) -> dict[str, Any]:
    batch = rng.pick([1, 16, 32, 64, 128])
    c_in, c_out = _channels(rng)
    n = rng.int(5, 64)
    ks = rng.pick([3, 3, 5])
    stride = rng.pick([1, 2])
    pad = ks // 2
    out = output_size(n, ks, stride, pad)
    answer = shape(batch, c_out, out, out)
    return {
        "kind": "shape",
        "given": {"batch": batch, "c_in": c_in, "c_out": c_out, "n": n, "ks": ks, "stride": stride, "pad": pad},
        "text": f"A batch of shape {shape(batch, c_in, n, n)} (N×C×H×W) goes through {_conv(c_in, c_out, ks, stride, pad)}. What is the shape of the output?",
        "answer": answer,
        "mistakes": _with(
            answer,
            [
                (shape(batch, out, out, c_out), "That is N×H×W×C: PyTorch keeps the channels second, N×C×H×W."),
                (shape(batch, c_in, out, out), "That keeps the input's channels: the layer outputs one channel per filter."),
                (
                    shape(batch, c_out, output_size(n, ks, 1, pad), output_size(n, ks, 1, pad)),
                    "That leaves out the stride: it divides the height and width.",
                ),
            ],
        ),
        "steps": [
            f"N stays {batch}; C becomes the number of filters, {c_out}",
            f"H = W = {floor_formula(n, ks, stride, pad)}",
            f"output: {answer}",
        ],
        "hint": "N×C×H×W: C = out_channels, H = W = ⌊(n + 2·pad − ks) / stride⌋ + 1",
    }


def conv_parameters_drill(rng: Rng) -> dict[str, Any]:
    c_in, c_out = _channels(rng)
    ks = rng.pick([1, 3, 5, 7])
    bias = rng.int(0, 1) == 1
    weights = c_out * c_in * ks * ks
    total = weights + (c_out if bias else 0)
    answer = str(total)
    call = _conv(c_in, c_out, ks)
    if not bias:
        call = call[:-1] + ", bias=False)"
    per_filter = c_in * ks * ks + (1 if bias else 0)
    return {
        "kind": "number",
        "given": {"c_in": c_in, "c_out": c_out, "ks": ks, "bias": bias},
        "text": f"How many parameters does {call} have?",
        "answer": answer,
        "mistakes": _with(
            answer,
            [
                (str(weights), f"That leaves out the biases: one per filter, {c_out}."),
                (
                    str(weights + c_out * c_in),
                    f"That counts a bias per input channel of each filter: there is one bias per filter, {c_out} in all.",
                ),
                (str(weights + c_out), "That adds biases, but bias=False: this layer has none."),
                (
                    str(c_out * ks * ks + (c_out if bias else 0)),
                    f"That leaves out the input channels: each filter has {c_in} kernels of {ks}×{ks}.",
                ),
                (str(per_filter), f"That is one filter: there are {c_out}."),
            ],
        ),
        "steps": [
            f"weights: out × in × ks × ks = {c_out}×{c_in}×{ks}×{ks} = {num(weights)}",
            f"biases: one per filter, {c_out}" if bias else "biases: none (bias=False)",
            f"total: {num(weights)} + {c_out} = {num(total)}" if bias else f"total: {num(total)}, the weights alone",
        ],
        "hint": "out × in × ks × ks weights, plus one bias per filter unless bias=False",
    }


def batchnorm_parameters_drill(rng: Rng) -> dict[str, Any]:
    channels = [rng.pick([4, 8, 10, 16, 32, 64, 128, 256]) for _ in range(rng.int(1, 5))]
    total = sum(channels)
    answer = str(2 * total)
    listed = ", ".join(str(c) for c in channels)
    one = len(channels) == 1
    return {
        "kind": "number",
        "given": {"channels": channels},
        "text": (
            f"How many trainable parameters does nn.BatchNorm2d({channels[0]}) have?"
            if one
            else f"A network has a BatchNorm2d after each of its convolutions, whose output channels are {listed}. How many trainable parameters do its batchnorm layers have in all?"
        ),
        "answer": answer,
        "mistakes": _with(
            answer,
            [
                (str(4 * total), "That counts the running mean and variance: they are buffers, updated but never trained."),
                (str(total), "That counts one vector: each channel has two, γ (weight) and β (bias)."),
            ],
        ),
        "steps": [
            "BatchNorm2d(C) learns γ and β: 2×C",
            f"2×{channels[0]} = {num(2 * total)}"
            if one
            else f"2×({' + '.join(str(c) for c in channels)}) = 2×{num(total)} = {num(2 * total)}",
        ],
        "hint": "2 × channels: a scale γ and a shift β per channel",
    }


def multiplications_drill(rng: Rng) -> dict[str, Any]:
    c_in, c_out = _channels(rng)
    n = rng.int(4, 32)
    ks = rng.pick([3, 3, 5])
    stride = rng.pick([1, 2])
    pad = ks // 2
    out = output_size(n, ks, stride, pad)
    weights = c_out * c_in * ks * ks
    answer = str(out * out * weights)
    return {
        "kind": "number",
        "given": {"c_in": c_in, "c_out": c_out, "n": n, "ks": ks, "stride": stride, "pad": pad},
        "text": f"{_conv(c_in, c_out, ks, stride, pad)} gets a {n}×{n} input. How many multiplications does it do per image (counting those by padding zeros)?",
        "answer": answer,
        "mistakes": _with(
            answer,
            [
                (str(n * n * weights), f"That applies the kernels at all {n}×{n} input positions: the output has {out}×{out}."),
                (str(out * out * (weights + c_out)), "That counts the biases: they are added, not multiplied."),
                (str(weights), f"That is one output position: there are {out}×{out}."),
                (str(out * out * c_out * ks * ks), f"That leaves out the input channels: each filter has {c_in} kernels."),
            ],
        ),
        "steps": [
            f"output: {floor_formula(n, ks, stride, pad)}, so {out}×{out} positions",
            f"per position, one per weight: {c_out}×{c_in}×{ks}×{ks} = {num(weights)}",
            f"{out}×{out}×{num(weights)} = {num(out * out * weights)}",
        ],
        "hint": "output positions × weights (out × in × ks × ks)",
    }


def receptive_field_drill(rng: Rng) -> dict[str, Any]:
    layers = [(rng.pick([2, 3, 3, 5]), rng.pick([1, 2, 2])) for _ in range(rng.int(2, 4))]
    field, jump = 1, 1
    steps = ["start from 1 pixel; each layer adds (ks − 1) × (the product of the strides before it)"]
    for index, (ks, stride) in enumerate(layers, 1):
        steps.append(f"layer {index}: {field} + ({ks} − 1)×{jump} = {field + (ks - 1) * jump}")
        field += (ks - 1) * jump
        jump *= stride
    own, jump_own = 1, 1
    for ks, stride in layers:
        jump_own *= stride
        own += (ks - 1) * jump_own
    answer = str(field)
    words = ", then ".join(f"{ks}×{ks} stride {stride}" for ks, stride in layers)
    return {
        "kind": "square",
        "given": {"layers": [list(layer) for layer in layers]},
        "text": f"Convolutions without padding, in this order: {words}. How many input pixels across is the receptive field of one activation of the last layer?",
        "answer": answer,
        "mistakes": _with(
            answer,
            [
                (
                    str(1 + sum(ks - 1 for ks, _ in layers)),
                    "That ignores the strides: after a stride-2 layer, neighbouring activations sit 2 pixels apart, so the next kernel reaches twice as far.",
                ),
                (str(own), "That multiplies a layer's kernel by its own stride too: only the strides of the layers before it count."),
                (str(sum(ks for ks, _ in layers)), "That adds the kernel sizes: neighbouring windows overlap, so each layer adds ks − 1."),
            ],
        ),
        "steps": steps + [f"receptive field: {field}×{field}"],
        "hint": "r = 1 + Σ (ks − 1) × (product of the earlier strides)",
    }


COLOURS = ("red", "green", "blue")


def colour_sum_drill(rng: Rng) -> dict[str, Any]:
    pixels = [[[rng.int(0, 9) for _ in range(3)] for _ in range(3)] for _ in COLOURS]
    kernel = [[[rng.int(-2, 2) for _ in range(3)] for _ in range(3)] for _ in COLOURS]
    bias = rng.int(-5, 5)
    sums, steps = [], []
    for name, grid, weights in zip(COLOURS, pixels, kernel):
        terms = [(w, x) for wrow, xrow in zip(weights, grid) for w, x in zip(wrow, xrow)]
        total = sum(w * x for w, x in terms)
        sums.append(total)
        steps.append(f"{name}: {' + '.join(f'{factor(w)}·{x}' for w, x in terms)} = {num(total)}")
    result = sum(sums) + bias
    steps.append(f"{' + '.join(factor(s) for s in sums)} + {factor(bias)} = {num(result)}")
    answer = str(result)
    return {
        "kind": "number",
        "given": {"pixels": pixels, "kernel": kernel, "bias": bias},
        "text": (
            f"One filter of a convolution over a colour image has the 3×3 kernel of each channel below and the bias {num(bias)}. "
            "What does it output at the 3×3 window of red, green and blue pixels shown?"
        ),
        "answer": answer,
        "mistakes": _with(
            answer,
            [
                (str(sum(sums)), f"That leaves out the bias, {num(bias)}: it is added once, after the three channels."),
                *[
                    (str(s + bias), f"That is the {name} channel alone: the filter sums the products of all three channels.")
                    for name, s in zip(COLOURS, sums)
                ],
                (str(sum(sums) + 3 * bias), "That adds the bias once per channel: it is added once per filter."),
            ],
        ),
        "steps": steps,
        "hint": "Σ over the 3 channels of Σ weight·pixel, plus the bias once",
    }


def batches_drill(rng: Rng) -> dict[str, Any]:
    size = rng.int(500, 60000)
    batch = rng.pick([16, 32, 50, 64, 100, 128, 256, 512])
    drop = rng.int(0, 1) == 1
    whole, rest = divmod(size, batch)
    answer = str(whole if drop or not rest else whole + 1)
    if drop:
        text = (
            f"A training DataLoader with batch_size={batch} drops its last incomplete batch (drop_last=True, as fastai's training loader does). "
            f"How many batches are in one epoch of {num(size)} images?"
        )
    else:
        text = (
            f"A validation DataLoader with batch_size={batch} keeps its last incomplete batch (drop_last=False). "
            f"How many batches does it give for {num(size)} images?"
        )
    if not rest:
        last = f"it divides exactly: {whole} batches"
    elif drop:
        last = f"the last {rest} images are dropped: {whole} batches"
    else:
        last = f"the last {rest} images make one more, smaller batch: {whole} + 1 = {whole + 1}"
    return {
        "kind": "number",
        "given": {"size": size, "batch": batch, "drop_last": drop},
        "text": text,
        "answer": answer,
        "mistakes": _with(
            answer,
            [
                (str(whole + 1), f"That rounds up: with drop_last=True the last {rest} images make no batch."),
                (str(whole), f"That rounds down: the last {rest} images still make a (smaller) batch."),
            ]
            if rest
            else [],
        ),
        "steps": [f"{num(size)} / {batch} = {whole} remainder {rest}", last],
        "hint": "images / batch size, rounded down if the last incomplete batch is dropped, else up",
    }


GENERATORS = dict(
    zip(
        DRILLS,
        (
            output_size_drill,
            weight_shape_drill,
            activation_shape_drill,
            conv_parameters_drill,
            batchnorm_parameters_drill,
            multiplications_drill,
            receptive_field_drill,
            colour_sum_drill,
            batches_drill,
        ),
    )
)


def exercise(drill: str, seed: int) -> dict[str, Any]:
    """The exercise of one drill type for one seed (1..MAX_SEED), as the page's script makes it."""
    if drill not in GENERATORS:
        raise ValueError(f"unknown drill {drill!r}: expected one of {', '.join(DRILLS)}")
    if not 1 <= seed <= MAX_SEED:
        raise ValueError(f"seed {seed} is outside 1..{MAX_SEED}")
    salted = (seed * 0x9E3779B1 + list(DRILLS).index(drill) + 1) & MASK  # each type its own numbers for a seed
    return {"drill": drill, "seed": seed, **GENERATORS[drill](Rng(salted))}


SEPARATORS = re.compile(r"[\s,'’_\u00a0\u202f]")
SHAPE_SPLIT = re.compile(r"\s*[x×*,]\s*|\s+")
NUMBER = re.compile(r"[-−]?[0-9]{1,15}")  # ASCII digits; 15 keep a JavaScript number exact


def parse(text: str, kind: str) -> str | None:
    """A typed answer in canonical form, or None if it cannot be read.

    ``number``: one whole number; spaces, commas and other thousands separators are ignored, and
    a real minus sign counts. ``square``: the same, or a side written twice (``7x7``, ``7 × 7``).
    ``shape``: sides separated by ``x``, ``×``, ``*``, commas or spaces, in brackets or not
    (``torch.Size([64, 8, 7, 7])``), as ``64×8×7×7``.
    """
    text = text.strip().lower()
    if kind == "shape":
        text = re.sub(r"^(torch\.size)?\s*[(\[]*|[)\]]*$", "", text).strip()
        sides = [side for side in SHAPE_SPLIT.split(text) if side]
        return "×".join(sides) if sides and all(re.fullmatch("[0-9]{1,15}", side) for side in sides) else None
    if kind == "square":
        sides = [side for side in re.split(r"\s*[x×*]\s*", text) if side]
        if len(sides) == 2 and SEPARATORS.sub("", sides[0]) == SEPARATORS.sub("", sides[1]):
            text = sides[0]
    text = SEPARATORS.sub("", text)
    if not NUMBER.fullmatch(text):
        return None
    return str(int(text.replace("−", "-")))
