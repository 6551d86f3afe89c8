"""The page "Numbers to know" (docs/numbers-to-know.md): the chapter's numbers on one page, each
linked to the question that explains it.

``numbers_markdown()`` writes the page's body, which the hook ``numbers_page.py`` puts in place of
the marker ``<!-- numbers-to-know -->``. Every number is computed here, when the site is built,
with the code the answers' numbers come from (``scripts.arithmetic``): output sizes, parameters,
multiplications, receptive fields and their clipping, batchnorm parameters, updates per epoch.
The training results cannot be computed without training: they are quoted from the book's
notebook (``BOOK_RUNS``), and a test checks that each linked answer states the same value.
"""

from __future__ import annotations

from typing import NamedTuple

from scripts.arithmetic.convolution import Layer, grid_sizes, output_size, receptive_field
from scripts.arithmetic.layer_counts import (
    SIMPLE_CNN,
    SIMPLE_CNN_10,
    SIZE,
    Conv,
    batchnorm_params,
    layer_counts,
    receptive_field_sides,
    total_params,
)

PAGE = "numbers-to-know.md"
MARKER = "<!-- numbers-to-know -->"
TRAINING_IMAGES = 60_000  # full MNIST's training set
ONE_CYCLE_LR, ONE_CYCLE_DIV = 0.06, 25  # the book's fit_one_cycle(1, 0.06), fastai's div=25


class Run(NamedTuple):
    """A training result the book's notebook prints (13_convolutions.ipynb), and where an answer uses it."""

    what: str
    accuracy: str
    question: str  # link target, relative to docs/


BOOK_RUNS = (
    Run("3s vs 7s, `simple_cnn`, `fit_one_cycle(2, 0.01)`", "0.990", "first-cnn.md#q11"),
    Run("all digits, `fit(1, 0.06)`, batch size 64", "0.1135", "training-stability.md#q28"),
    Run("the same with batch size 512", "0.1135", "training-stability.md#q29"),
    Run("`fit_one_cycle(1, 0.06)`", "0.974", "one-cycle-training.md#q31"),
    Run("with batchnorm in every `conv`, `fit_one_cycle(1, 0.06)`", "0.9864", "batch-normalization.md#q40"),
    Run("with batchnorm, `fit(5, lr=0.1)`", "0.9912", "batch-normalization.md#q40"),
)


def n(value: int) -> str:
    return f"{value:,}"


def conv_name(conv: Conv) -> str:
    return f"`conv({conv.ni},{conv.nf}{', ks=5' if conv.ks == 5 else ''})`"


def link(text: str, target: str) -> str:
    return f"[{text}]({target})"


def output_sizes() -> str:
    stride_2 = Layer(3, 2, 1)
    chain = " → ".join(str(side) for side in grid_sizes(SIZE, [stride_2] * len(SIMPLE_CNN)))
    return "\n".join(
        [
            "## Output size",
            "",
            # As Python computes it, not typeset: the formula's one KaTeX rendering would cost this page
            # KaTeX's stylesheet and three fonts (9 kB), most of its weight over bare Material's.
            "The side of the output, for an n×n input, a ks×ks kernel, `pad` pixels of padding and a step of "
            f"`stride` (typeset and worked through under {link('Q5', 'magic-of-convolutions.md#q5')}):",
            "",
            "```python",
            "(n + 2*pad - ks)//stride + 1",
            "```",
            "",
            f"- 28×28, 3×3 kernel, no padding: **{output_size(SIZE, 3, 1, 0)}×{output_size(SIZE, 3, 1, 0)}** "
            f"({link('Q5', 'magic-of-convolutions.md#q5')})",
            f"- padding 1 (ks//2): **{output_size(SIZE, 3, 1, 1)}×{output_size(SIZE, 3, 1, 1)}**, the size kept "
            f"({link('Q5', 'magic-of-convolutions.md#q5')})",
            f"- stride 2, padding 1: **{output_size(SIZE, 3, 2, 1)}×{output_size(SIZE, 3, 2, 1)}**, (n+1)//2 "
            f"({link('Q6', 'magic-of-convolutions.md#q6')})",
            f"- `simple_cnn`'s grids: **{chain}** ({link('Q6', 'magic-of-convolutions.md#q6')}, {link('Q13', 'first-cnn.md#q13')})",
        ]
    )


def parameters_table() -> str:
    counts = layer_counts(SIMPLE_CNN)
    rows = [
        "## Parameters and multiplications of `simple_cnn`",
        "",
        f"The first CNN (3s vs 7s), per image ({link('Q11', 'first-cnn.md#q11')}, {link('Q15', 'first-cnn.md#q15')}):",
        "",
        "| layer | output (batch of 64) | weights | parameters | multiplications |",
        "|---|---|---:|---:|---:|",
    ]
    for count in counts:
        c = count.conv
        rows.append(
            f"| {link(conv_name(c), 'first-cnn.md#q15')} | 64×{c.nf}×{count.side}×{count.side} | {n(c.weights)} | {n(c.params)} | "
            f"{count.side}×{count.side}×{n(c.weights)} = {n(count.multiplications)} |"
        )
    rows.append(f"| **total** ({link('Q11', 'first-cnn.md#q11')}) | | | **{n(total_params(SIMPLE_CNN))}** | |")
    third = counts[2]
    book = 7 * 7 * (third.conv.params - third.conv.nf)
    rows += [
        "",
        f"The book's slip ({link('Q15', 'first-cnn.md#q15')}): it counts the third layer as "
        f"7×7×({n(third.conv.params)} − {third.conv.nf}) = **{n(book)}** multiplications, but that layer's "
        f"output is {third.side}×{third.side}, so the count is {third.side}×{third.side}×{n(third.conv.weights)} = "
        f"**{n(third.multiplications)}** ({n(64 * third.multiplications)} for a batch of 64).",
    ]
    return "\n".join(rows)


def doubling() -> str:
    counts = layer_counts(SIMPLE_CNN_10)
    first, second = counts[0], counts[1]
    kept = first.conv.nf * second.side * second.side
    multiplications = " → ".join(n(count.multiplications) for count in counts[:4])
    three_by_three = Conv(1, first.conv.nf)
    return "\n".join(
        [
            "## The ten-digit model: doubling the filters",
            "",
            f"- activations per image: {first.conv.nf}×{first.side}×{first.side} = **{n(first.activations)}** → "
            f"{second.conv.nf}×{second.side}×{second.side} = **{n(second.activations)}**; with {first.conv.nf} filters kept, "
            f"only {n(kept)} ({link('Q23', 'training-stability.md#q23')})",
            f"- multiplications per image, first four layers: **{multiplications}**, roughly level "
            f"({link('Q23', 'training-stability.md#q23')})",
            f"- a 5×5 first layer: **{first.conv.params}** parameters, against {three_by_three.params} for 3×3; "
            f"{first.conv.ks * first.conv.ks} inputs per position for {first.conv.nf} outputs, not 9 "
            f"({link('Q24', 'training-stability.md#q24')})",
        ]
    )


def receptive_fields() -> str:
    layers = [conv.geometry for conv in SIMPLE_CNN]
    sides = receptive_field_sides(SIMPLE_CNN)
    corner = [receptive_field((0, 0), layers[:depth], SIZE)[0] for depth in range(1, len(layers) + 1)]
    whole = next(depth for depth, rows in enumerate(corner, start=1) if len(rows) == SIZE)
    clipped = corner[whole - 2]
    rows = [
        "## Receptive fields",
        "",
        f"After each stride-2 3×3 layer of `simple_cnn`: **{' / '.join(str(side) for side in sides)}** pixels a side "
        f"({link('Q16', 'first-cnn.md#q16')}, {link('Q17', 'first-cnn.md#q17')}, {link('the CNN, live', 'cnn-live.md')}); each layer adds (ks − 1) × the "
        f"product of the strides before it: {sides[0]} + 2×2 = {sides[1]}, {sides[1]} + 2×4 = {sides[2]}.",
        "",
        f"At the border a field is clipped: the top-left activation of layer {whole - 1} is centred on the corner "
        f"pixel, so of its {sides[whole - 2]}×{sides[whole - 2]} field only rows and columns "
        f"**{clipped.start}–{clipped.stop - 1}** lie on the image; the rest is zero padding. Only layer {whole} sees "
        f"the whole {SIZE}×{SIZE} digit ({link('the CNN, live', 'cnn-live.md')}).",
    ]
    return "\n".join(rows)


def batchnorm_and_training() -> str:
    channels = "+".join(str(conv.nf) for conv in SIMPLE_CNN_10)
    batches = [64, 512]
    updates = [TRAINING_IMAGES // bs for bs in batches]
    start = round(ONE_CYCLE_LR / ONE_CYCLE_DIV, 10)
    lines = [
        "## Batchnorm and training",
        "",
        f"- batchnorm after every conv of the ten-digit model: 2×({channels}) = **{batchnorm_params(SIMPLE_CNN_10)}** "
        f"parameters; `BatchNorm2d(16)` has {2 * 16} ({link('Q38', 'batch-normalization.md#q38')})",
        f"- updates per epoch on {n(TRAINING_IMAGES)} images: about **{updates[0]}** at batch size {batches[0]}, "
        f"**{updates[1]}** at {batches[1]} ({link('Q29', 'training-stability.md#q29')})",
        f"- 1cycle's first learning rate: {ONE_CYCLE_LR}/{ONE_CYCLE_DIV} = **{start}** ({link('Q31', 'one-cycle-training.md#q31')})",
        "",
        "## The book's runs",
        "",
        "Accuracies printed by the book's notebook (quoted, not recomputed: they need the training runs):",
        "",
        "| run | accuracy | question |",
        "|---|---:|---|",
    ]
    for run in BOOK_RUNS:
        label = run.question.split("#")[1].upper()
        lines.append(f"| {run.what} | **{run.accuracy}** | {link(label, run.question)} |")
    return "\n".join(lines)


def numbers_markdown() -> str:
    """The page's body: every section, numbers computed now."""
    return "\n\n".join([output_sizes(), parameters_table(), doubling(), receptive_fields(), batchnorm_and_training()]) + "\n"
