"""The static figure of "The book's CNN, live": the site's digit through the trained simple_cnn.

One SVG (portrait, 360 wide, so a phone shows it unscaled): the input, every layer's activations
as small heat maps (4@14×14, 8@7×7, 16@4×4, 32@2×2, 2@1×1) with their NCHW shapes and parameter
counts, the prediction written out, and one layer-3 activation with its receptive field outlined
in every earlier layer. It is what the page shows without JavaScript. Drawn with the SVG helpers
of ``scripts.drawing.svg`` (a white card of its own, readable in light and dark mode);
deterministic, so two builds write the same bytes.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from scripts.arithmetic import simple_cnn
from scripts.drawing import svg
from scripts.drawing.colour_scale import FRAME, INK, MUTED, activation, grey

WIDTH = 360
PAD = 16
# Per layer: (cell size, maps per row, gap between maps).
LAYOUT = {1: (5, 4, 8), 2: (5, 8, 6), 3: (8, 8, 8), 4: (8, 16, 4), 5: (28, 2, 40)}


def _signed_score(value: float) -> str:
    """A class score to two decimals with a typographic minus sign."""
    return f"{value:.2f}".replace("-", "−")


def _box(x: float, y: float, cell: float, rows: tuple[int, int], cols: tuple[int, int], colour: str, stroke: float) -> str:
    return svg.frame(
        x + cols[0] * cell, y + rows[0] * cell, (cols[1] - cols[0]) * cell, (rows[1] - rows[0]) * cell, colour=colour, stroke=stroke
    )


def figure(weights: dict[str, np.ndarray], data: dict[str, Any]) -> str:
    """The SVG text, from the weights and the page data of ``scripts.pages.cnn_live.page_data``."""
    digit = data["digits"][0]
    pixels = np.array(digit["pixels"])
    activations = simple_cnn.forward(weights, simple_cnn.to_input(pixels))
    probs = simple_cnn.probabilities(activations[-1])[0]
    colours = data["colours"]
    pick = data["example"]
    chosen = pick["layer"]
    fields = data["fields"][chosen - 1]  # this activation's spans in each earlier layer

    def spans(k: int) -> tuple[tuple[int, int], tuple[int, int]]:
        return tuple(fields[k]["spans"][pick["row"]]), tuple(fields[k]["spans"][pick["col"]])  # type: ignore[return-value]

    body = [svg.text(PAD, PAD + 13, f"simple_cnn on {digit['title']} (held out)", anchor="start", weight="700")]
    y = PAD + 34
    cell = 8
    body.append(svg.text(PAD, y, "input 1×1×28×28", anchor="start", size=12, colour=MUTED))
    y += 6
    body.append(svg.cells([[grey(v) for v in row] for row in pixels], PAD, y, cell) + svg.frame(PAD, y, 28 * cell, 28 * cell))
    rows, cols = spans(0)
    body.append(_box(PAD, y, cell, rows, cols, colours["mark"], 2))
    x_right = PAD + 28 * cell + 14
    winner = simple_cnn.CLASSES[int(probs.argmax())]
    body += [
        svg.text(x_right, y + 12, "prediction", anchor="start", size=12, colour=MUTED),
        svg.text(x_right, y + 46, winner, anchor="start", size=34, weight="700"),
        *[
            svg.text(x_right, y + 72 + 18 * i, f"{name}: {simple_cnn.percent(float(p))}", anchor="start", size=13)
            for i, (name, p) in enumerate(zip(simple_cnn.CLASSES, probs))
        ],
    ]
    y += 28 * cell + 16

    for layer, (info, values) in enumerate(zip(simple_cnn.layer_infos(), activations), start=1):
        size, per_row, gap = LAYOUT[layer]
        maps = values[0]
        vmax = float(np.abs(maps).max())
        label = f"{info.name} · {'×'.join(map(str, info.shape))} · {info.params:,} parameters"
        body.append(svg.text(PAD, y + 12, label, anchor="start", size=12, colour=INK))
        y += 18
        side = info.size * size
        for channel, channel_map in enumerate(maps):
            x = PAD + (channel % per_row) * (side + gap)
            top = y + (channel // per_row) * (side + gap)
            body.append(svg.cells([[activation(v, vmax, colours) for v in row] for row in channel_map], x, top, size))
            body.append(svg.frame(x, top, side, side, colour=FRAME))
            if layer < chosen:
                rows, cols = spans(layer)
                body.append(_box(x, top, size, rows, cols, colours["mark"], 1.5))
            elif layer == chosen and channel == pick["channel"]:
                position = (pick["row"], pick["row"] + 1), (pick["col"], pick["col"] + 1)
                body.append(_box(x, top, size, *position, colours["selected"], 2.5))
            if layer == len(activations):
                body.append(
                    svg.text(
                        x + side / 2,
                        top + side + 15,
                        f"{simple_cnn.CLASSES[channel]}: {_signed_score(float(channel_map[0, 0]))}",
                        size=12,
                        colour=MUTED,
                    )
                )
        rows_of_maps = -(-len(maps) // per_row)
        y += rows_of_maps * side + (rows_of_maps - 1) * gap + (30 if layer == len(activations) else 14)

    sizes = ", ".join(f"{field['size']}×{field['size']}" for field in reversed(fields))
    notes = [
        f"Black: layer {chosen}, channel {pick['channel']}, row {pick['row']}, column {pick['col']}.",
        f"Orange: its receptive field, {sizes} in the layers",
        "below it down to the input. White is 0; the darkest",
        "blue is the layer's largest value (red: negative).",
    ]
    for line in notes:
        body.append(svg.text(PAD, y + 12, line, anchor="start", size=11, colour=MUTED))
        y += 16
    title = f"The book's simple_cnn on {digit['title']}: every layer's activations; prediction {simple_cnn.prediction_text(probs)}"
    return svg.document(WIDTH, y + PAD, title, body)
