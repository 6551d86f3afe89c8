"""What the page "The book's CNN, live" (docs/cnn-live.md) is built from, as pure functions.

- ``page_data()``: the JSON its script reads: the layers' geometry, names, shapes and parameter
  counts, every activation's receptive field in every earlier layer (from
  ``scripts.arithmetic.convolution.receptive_field``, the arithmetic of the site's other figures), the digits
  to choose from (held out: the model never trained on them) and the colour scale.
- ``summary_markdown()``: the same facts as text for the page (a table and the prediction), so
  it says the same without JavaScript; ``fields_markdown()`` and ``scores_markdown()``: the page's
  sentences on receptive fields (sizes, clipping at the border) and on the last layer's scores,
  with their numbers computed here, never typed.
- ``generated_files()``: the files the build caches and serves under downloads/ (the JSON, the
  static figure of ``scripts.drawing.cnn_figure`` and the committed weights the script runs;
  ``scripts.build.generated``, a row of its table).

``receptive_field_size`` is here because ``scripts.arithmetic.convolution`` has no function for the nominal
size (padding included) of a receptive field.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

import numpy as np

from scripts.arithmetic import simple_cnn
from scripts.arithmetic.convolution import Layer, receptive_field
from scripts.drawing import cnn_figure
from scripts.drawing.colour_scale import CNN_COLOURS

JSON_NAME = "cnn-live.json"
FIGURE_NAME = "cnn-live.svg"
WEIGHTS_NAME = "simple_cnn.safetensors"
EXAMPLE_LAYER = 3  # the selection shown first: the strongest layer-3 activation away from the border


class Selection(NamedTuple):
    """One activation: layer 1-5 (0 would be the input), channel, row, column."""

    layer: int
    channel: int
    row: int
    col: int


def sizes() -> list[int]:
    """Side length of the input and of each layer's output: 28, 14, 7, 4, 2, 1."""
    return [simple_cnn.SIZE] + [info.size for info in simple_cnn.layer_infos()]


def receptive_field_size(layers: list[Layer]) -> int:
    """Side of the square that one output of these layers reads, padding included: 3, 7, 15, 31, 63."""
    size, jump = 1, 1
    for layer in layers:
        size += (layer.ks - 1) * jump
        jump *= layer.stride
    return size


def field_spans(layer: int, below: int) -> list[tuple[int, int]]:
    """For each position along one axis of ``layer``: the [start, stop) it reads in layer ``below``."""
    n_below = sizes()[below]
    spans = []
    for position in range(sizes()[layer]):
        rows, _ = receptive_field((position, position), simple_cnn.LAYERS[below:layer], n_below)
        spans.append((rows.start, rows.stop))
    return spans


def fields() -> list[list[dict[str, Any]]]:
    """fields[L - 1][k]: layer L's receptive field in layer k < L (0 = input): nominal size and spans."""
    return [
        [{"size": receptive_field_size(simple_cnn.LAYERS[k:layer]), "spans": field_spans(layer, k)} for k in range(layer)]
        for layer in range(1, len(sizes()))
    ]


def choice_digits(weights: dict[str, np.ndarray]) -> list[dict[str, Any]]:
    """The digits to pick: the site's 3, the first held-out 7, and the held-out 3 and 7 the model is least sure of."""
    pixels, classes, rows = simple_cnn.load_heldout()
    probs = simple_cnn.probabilities(simple_cnn.forward(weights, simple_cnn.to_input(pixels))[-1])
    right = probs[np.arange(len(classes)), classes]
    picks: list[tuple[int, str]] = [(int(np.flatnonzero(rows == simple_cnn.SITE_DIGIT_ROW)[0]), "the site's 3")]
    picks.append((int(np.flatnonzero(classes == 1)[0]), "a 7"))
    for label in (0, 1):
        index = int(np.flatnonzero(classes == label)[np.argmin(right[classes == label])])
        wrong = probs[index].argmax() != label
        picks.append((index, f"the {simple_cnn.CLASSES[label]} it {'gets wrong' if wrong else 'is least sure of'}"))
    return [
        {"title": title, "label": simple_cnn.CLASSES[int(classes[i])], "row": int(rows[i]), "pixels": pixels[i].astype(int).tolist()}
        for i, title in picks
    ]


def example(activations: list[np.ndarray], layer: int = EXAMPLE_LAYER) -> Selection:
    """The strongest activation of ``layer`` whose receptive field lies wholly on the image."""
    values = activations[layer - 1][0]
    inner = [p for p, (start, stop) in enumerate(field_spans(layer, 0)) if stop - start == receptive_field_size(simple_cnn.LAYERS[:layer])]
    best = max((values[c, r, k], c, r, k) for c in range(len(values)) for r in inner for k in inner)
    return Selection(layer, best[1], best[2], best[3])


def nominal_span(layer: int, position: int) -> tuple[int, int]:
    """The input rows (first, last) that activation ``position`` of ``layer`` reads before clipping:
    negative or past the image where its window lies in the zero padding of some layer."""
    low, high = position, position
    for geometry in reversed(simple_cnn.LAYERS[:layer]):
        low = low * geometry.stride - geometry.pad
        high = high * geometry.stride - geometry.pad + geometry.ks - 1
    return low, high


def whole_image_layer() -> int:
    """The first layer whose every activation reads every input row and column."""
    return next(layer for layer in range(1, len(sizes())) if all(span == (0, simple_cnn.SIZE) for span in field_spans(layer, 0)))


def fields_markdown() -> str:
    """The receptive-field sentences of the page: nominal sizes, and what the border clips."""
    n = len(simple_cnn.LAYERS)
    side = [receptive_field_size(simple_cnn.LAYERS[:layer]) for layer in range(1, n + 1)]
    whole = whole_image_layer()
    before = whole - 1
    start, stop = field_spans(before, 0)[0]
    low, high = nominal_span(before, 0)
    centre = (low + high) // 2
    last_start, last_stop = field_spans(whole, 0)[0]
    g = simple_cnn.GEOMETRY
    steps = [f"{s}×{s} after layer {layer}" for layer, s in enumerate(side[2:], start=3)]
    grown = ", ".join(steps[:-1]) + f" and {steps[-1]}"
    return (
        f"An activation of layer 1 reads {side[0]}×{side[0]} input pixels. One of layer 2 reads "
        f"{g.ks}×{g.ks} activations of layer 1, which together cover {side[1]}×{side[1]} pixels. "
        f"The nominal field grows to {grown}. "
        f"Near the border a field is clipped and off-centre: with stride {g.stride} and padding {g.pad}, "
        f"the top-left activation of every layer is centred on input pixel ({centre}, {centre}), the corner, "
        f"so most of its field lies outside the image, in the zero padding of one layer or another. "
        f"Layer {before}'s top-left activation, with a {side[before - 1]}×{side[before - 1]} field, sees only input rows "
        f"and columns {start}–{stop - 1} (its field runs from {str(low).replace('-', '−')} to {high}); only layer {whole} "
        f"sees the whole digit, rows and columns {last_start}–{last_stop - 1}. "
        "The outline shows only the part of a field on the grid, and the text says how much that is."
    )


def scores_markdown(weights: dict[str, np.ndarray] | None = None) -> str:
    """What the last layer's colours mean, with the site digit's two scores."""
    weights = simple_cnn.load_weights() if weights is None else weights
    digit = np.array(choice_digits(weights)[0]["pixels"])
    scores = simple_cnn.forward(weights, simple_cnn.to_input(digit))[-1].ravel()
    written = " and ".join(f'{score:.2f} for "{name}"'.replace("-", "−") for name, score in zip(simple_cnn.CLASSES, scores))
    gap = abs(float(scores[0] - scores[1]))
    return (
        "The last layer has no ReLU, so its scores can be negative, and a negative value is drawn in red: "
        f"on the site's digit the scores are {written}. Softmax depends only on the difference between "
        f"the two scores (here {gap:.2f}), not on their sign."
    )


def page_data(weights: dict[str, np.ndarray] | None = None) -> dict[str, Any]:
    """Everything the page's script needs but the weights (it reads the .safetensors file itself)."""
    weights = simple_cnn.load_weights() if weights is None else weights
    digits = choice_digits(weights)
    activations = simple_cnn.forward(weights, simple_cnn.to_input(np.array(digits[0]["pixels"])))
    layers = [
        {
            "name": info.name,
            "weight": info.weight,
            "bias": info.bias,
            "relu": index < 4,
            "in": info.channels_in,
            "out": info.channels_out,
            "size": info.size,
            "params": info.params,
            "shape": list(info.shape),
            **simple_cnn.GEOMETRY._asdict(),
        }
        for index, info in enumerate(simple_cnn.layer_infos())
    ]
    return {
        "classes": list(simple_cnn.CLASSES),
        "input": {"size": simple_cnn.SIZE, "shape": [1, 1, simple_cnn.SIZE, simple_cnn.SIZE]},
        "layers": layers,
        "fields": fields(),
        "digits": digits,
        "example": example(activations)._asdict(),
        "colours": CNN_COLOURS,  # activations: white at 0, the layer's largest |value| darkest (negative red)
    }


def _thousands(n: int) -> str:
    return f"{n:,}"


def shape_text(shape: list[int] | tuple[int, ...]) -> str:
    return "×".join(str(n) for n in shape)


def summary_markdown(weights: dict[str, np.ndarray] | None = None) -> str:
    """The layers (NCHW output shape, parameters, receptive field) and the site digit's prediction."""
    weights = simple_cnn.load_weights() if weights is None else weights
    digit = np.array(choice_digits(weights)[0]["pixels"])
    probs = simple_cnn.probabilities(simple_cnn.forward(weights, simple_cnn.to_input(digit))[-1])[0]
    lines = [
        "| layer | output shape (NCHW) | parameters | receptive field in the input |",
        "|---|---|---|---|",
        f"| input | {shape_text((1, 1, simple_cnn.SIZE, simple_cnn.SIZE))} | 0 | 1×1 |",
    ]
    for layer, info in enumerate(simple_cnn.layer_infos(), start=1):
        side = receptive_field_size(simple_cnn.LAYERS[:layer])
        lines.append(f"| `{info.name}` | {shape_text(info.shape)} | {_thousands(info.params)} | {side}×{side} |")
    total = sum(info.params for info in simple_cnn.layer_infos())
    lines += [f"| `Flatten` | 1×{simple_cnn.CHANNELS[-1]} | 0 | |", f"| **total** | | **{_thousands(total)}** | |", ""]
    winner = simple_cnn.CLASSES[int(probs.argmax())]
    lines.append(f"On the site's digit, which it never trained on, the model predicts **{winner}**: {simple_cnn.prediction_text(probs)}.")
    return "\n".join(lines)


def generated_files() -> dict[str, bytes]:
    """The generated files: the page's JSON, its static figure and the weights its script reads."""
    weights = simple_cnn.load_weights()
    data = page_data(weights)
    return {
        JSON_NAME: json.dumps(data, separators=(",", ":")).encode("utf-8"),
        FIGURE_NAME: cnn_figure.figure(weights, data).encode("utf-8"),
        WEIGHTS_NAME: simple_cnn.WEIGHTS_FILE.read_bytes(),
    }
