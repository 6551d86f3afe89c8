"""The book's training plots, drawn as SVG from the committed runs, and the colour photo's figures.

``scripts.arithmetic.book_runs`` reads the runs (numpy only, no torch), ``scripts.arithmetic.colour_photo``
the photo; this module lays out the figures, one function each, as fastai draws them:

- ``layer_stats_figure``: ``plot_layer_stats`` (mean, standard deviation, % near zero per batch)
  for the first layer and the layer the book plots, one row each.
- ``colour_dim_figure``: ``color_dim`` of three runs side by side: one column per training batch,
  one row per histogram bin, bin 0 ([0, 0.25)) at the bottom, colour log(1 + count) on viridis,
  each panel scaled to its own maximum as ``imshow`` does.
- ``schedule_figure``: ``plot_sched``: the 1cycle learning rate and momentum per batch.
- ``photo_channels_figure`` and ``photo_convolution_figure``: a colour photo as three channels, and
  one 3x3x3 kernel applied to it with one output written out as red + green + blue + bias.

``figure_files()`` returns them by name; ``generated_files()`` is the row of the build's
generated-files table (``scripts.build.generated``) that serves them as ``run-figures/<name>.svg``. Deterministic, like every figure of the site: fixed
precision, fixed order, each figure on its own white card so it reads in light and dark mode.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from scripts.arithmetic import book_runs, colour_photo
from scripts.arithmetic.book_runs import Run
from scripts.drawing import svg
from scripts.drawing.colour_scale import CHANNEL_COLOURS as COLOUR_CHANNELS
from scripts.drawing.colour_scale import FRAME, GRID, MARK, MUTED, PLOT_LINE, PLOT_PANEL, diverging, sequential, tint

ROOT = book_runs.ROOT
DATA = (  # the data the figures are drawn from (scripts/build/generated.py's row lists the same files)
    book_runs.PROVENANCE_FILE,
    *(book_runs.RUNS_DIR / f"{name}.npz" for name in book_runs.RUN_NAMES),
    colour_photo.PHOTO_FILE,
)
LINE = PLOT_LINE  # the plotted series
SMALL = 11


def _fmt(value: float) -> str:
    """A tick label: three significant digits, typographic minus."""
    text = f"{value:.3g}"
    return text.replace("-", "−")


def _polyline(values: np.ndarray, x: float, y: float, width: float, height: float, low: float, high: float, colour: str = LINE) -> str:
    """A series as one path, thinned to the minimum and maximum of each pixel column (what the eye sees)."""
    n = len(values)
    span = high - low or 1.0
    points: list[tuple[float, float]] = []
    columns = max(1, int(width))
    for column in range(columns):
        start, stop = column * n // columns, max(column * n // columns + 1, (column + 1) * n // columns)
        chunk = values[start:stop]
        picks = sorted({start + int(np.argmin(chunk)), start + int(np.argmax(chunk))}) if len(chunk) > 2 else range(start, stop)
        for i in picks:
            px = x + (i / max(n - 1, 1)) * width
            py = y + height - (float(values[i]) - low) / span * height
            points.append((round(px, 1), round(py, 1)))
    d = "M" + "L".join(f"{svg.num(px)} {svg.num(py)}" for px, py in points)
    return f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="1.25" stroke-linejoin="round"/>'


def line_panel(
    values: np.ndarray,
    x: float,
    y: float,
    width: float,
    height: float,
    title: str,
    low: float | None = None,
    high: float | None = None,
    scale: float = 1.0,
    unit: str = "",
) -> list[str]:
    """One small plot: a framed series, its title above, its lowest and highest tick, "batch" under it."""
    values = np.asarray(values, dtype=np.float64) * scale
    low = float(values.min()) if low is None else low
    high = float(values.max()) if high is None else high
    if high == low:
        high = low + 1
    parts = [
        svg.text(x + width / 2, y - 8, title, size=12, weight="600"),
        f'<rect x="{svg.num(x)}" y="{svg.num(y)}" width="{svg.num(width)}" height="{svg.num(height)}" fill="{PLOT_PANEL}"/>',
        _polyline(values, x, y, width, height, low, high),
        svg.frame(x, y, width, height, colour=FRAME),
        svg.text(x - 3, y + 9, _fmt(high) + unit, anchor="end", size=SMALL - 1, colour=MUTED),
        svg.text(x - 3, y + height, _fmt(low) + unit, anchor="end", size=SMALL - 1, colour=MUTED),
        svg.text(x, y + height + 13, "1", anchor="start", size=SMALL - 1, colour=MUTED),
        svg.text(x + width, y + height + 13, f"{len(values)}", anchor="end", size=SMALL - 1, colour=MUTED),
        svg.text(x + width / 2, y + height + 13, "batch", size=SMALL - 1, colour=MUTED),
    ]
    if low < 0 < high:  # the zero line
        zy = y + height - (0 - low) / (high - low) * height
        parts.insert(2, f'<path d="M{svg.num(x)} {svg.num(round(zy, 1))}h{svg.num(width)}" stroke="{GRID}" stroke-width="1"/>')
    return parts


def layer_stats_figure(run: Run, layers: Sequence[int] | None = None) -> str:
    """``plot_layer_stats`` for two layers (by default the first and the book's): mean, std, % near zero."""
    left, gap, width, height = 58, 44, 112, 78
    body: list[str] = []
    y = 34
    for layer in run.hist_layers if layers is None else layers:
        label = f"layer {layer + 1} of {len(run.layers)}: {run.layers[layer]}" + (" (the book's)" if layer == run.book_layer else "")
        body.append(svg.text(16, y, label, anchor="start", weight="600"))
        top = y + 30
        for i, (values, title, scale, unit, low, high) in enumerate(
            (
                (run.mean[:, layer], "mean", 1.0, "", None, None),
                (run.std[:, layer], "std", 1.0, "", 0.0, None),
                (run.near_zero[:, layer], "% near zero", 100.0, "%", 0.0, 100.0),
            )
        ):
            body += line_panel(values, left + i * (width + gap), top, width, height, title, low, high, scale, unit)
        y = top + height + 40
    total_w = left + 3 * width + 2 * gap + 12
    body.append(
        svg.text(
            16,
            y,
            f"{book_runs.RUN_TITLES[run.name]} run: {run.batches} training batches; near zero: ≤ 0.05",
            anchor="start",
            size=SMALL,
            colour=MUTED,
        )
    )
    return svg.document(total_w, y + 14, f"plot_layer_stats of the {book_runs.RUN_TITLES[run.name]} run", body)


def _heatmap(values: np.ndarray, x: float, y: float, width: float, height: float) -> str:
    """bins x batches drawn with bin 0 at the bottom, each value on viridis scaled to the panel's maximum."""
    limit = float(values.max())
    colours = [[sequential(v, limit) for v in row] for row in values[::-1]]  # top row = highest bin
    rows, cols = len(colours), len(colours[0])
    return svg.cells(colours, x, y, width / cols, cell_h=height / rows)


def colour_dim_figure(runs: Sequence[Run]) -> str:
    """``color_dim`` of each run's book layer, side by side."""
    left, gap, width, height, top = 24, 16, 142, 120, 72
    body: list[str] = []
    for i, run in enumerate(runs):
        x = left + i * (width + gap)
        layer = run.book_layer
        pw = float(svg.num(width / run.batches)) * run.batches  # the cells' width as written (scale to 2 decimals)
        body += [
            svg.text(x + width / 2, 24, book_runs.RUN_TITLES[run.name], weight="600"),
            svg.text(x + width / 2, 42, run.layers[layer], size=SMALL, colour=MUTED),
            svg.text(x + width / 2, 57, f"{run.batches} batches", size=SMALL, colour=MUTED),
            _heatmap(run.colour_dim(layer), x, top, width, height),
            svg.frame(x, top, pw, height),
            svg.text(x, top + height + 14, "1", anchor="start", size=SMALL - 1, colour=MUTED),
            svg.text(x + pw, top + height + 14, f"{run.batches}", anchor="end", size=SMALL - 1, colour=MUTED),
            svg.text(x + pw / 2, top + height + 14, "batch →", size=SMALL - 1, colour=MUTED),
        ]
    body += [
        svg.text(left - 6, top + height, "0", anchor="end", size=SMALL - 1, colour=MUTED),
        svg.text(left - 6, top + 9, "10", anchor="end", size=SMALL - 1, colour=MUTED),
        f'<text x="12" y="{svg.num(top + height / 2)}" font-size="{SMALL - 1}" fill="{MUTED}" text-anchor="middle" '
        f'transform="rotate(-90 12 {svg.num(top + height / 2)})">value</text>',
    ]
    total_w = left + len(runs) * (width + gap) - gap + 12
    y = top + height + 36
    steps = [sequential(v, 16) for v in range(17)]
    body += [
        svg.cells([steps], left, y - 10, 96 / len(steps), cell_h=10),
        svg.frame(left, y - 10, 96, 10),
        svg.text(left + 104, y, "few → many activations in the bin (log scale)", anchor="start", size=SMALL, colour=MUTED),
        svg.text(
            16,
            y + 20,
            "one column per batch: a histogram of the layer's outputs in 40 bins of 0.25 over 0–10,",
            anchor="start",
            size=SMALL,
            colour=MUTED,
        ),
        svg.text(
            16, y + 36, "bin 0 (values 0–0.25) at the bottom; values below 0 are not counted", anchor="start", size=SMALL, colour=MUTED
        ),
    ]
    return svg.document(total_w, y + 48, "color_dim of the baseline, 1cycle and batchnorm runs", body)


def schedule_figure(run: Run) -> str:
    """``plot_sched``: the learning rate and the momentum of every batch of a 1cycle run."""
    left, gap, width, height, top = 58, 58, 150, 96, 40
    body = line_panel(run.lr, left, top, width, height, "learning rate", 0.0, None)
    body += line_panel(run.mom, left + width + gap, top, width, height, "momentum", None, None)
    peak = int(np.argmax(run.lr))
    px = left + peak / max(run.batches - 1, 1) * width
    body += [
        f'<path d="M{svg.num(round(px, 1))} {top}v{height}" stroke="{MARK}" stroke-dasharray="3 3"/>',
        svg.text(
            left,
            top + height + 34,
            f"{book_runs.RUN_TITLES[run.name]} run: {run.batches} batches; the learning rate peaks at batch {peak + 1} (25%)",
            anchor="start",
            size=SMALL,
            colour=MUTED,
        ),
    ]
    return svg.document(left + 2 * width + gap + 24, top + height + 46, "The 1cycle schedule: learning rate and momentum", body)


# --- the colour photo ---------------------------------------------------------------------------

PHOTO_CELL = 3
CHANNEL_COLOURS = (("red", COLOUR_CHANNELS["R"]), ("green", COLOUR_CHANNELS["G"]), ("blue", COLOUR_CHANNELS["B"]))


def _photo(channels: np.ndarray, x: float, y: float, cell: float) -> str:
    colours = [[svg_colour(channels[:, r, c]) for c in range(channels.shape[2])] for r in range(channels.shape[1])]
    return svg.cells(colours, x, y, cell) + svg.frame(x, y, channels.shape[2] * cell, channels.shape[1] * cell)


def svg_colour(rgb: np.ndarray) -> str:
    """A pixel, each channel rounded to 16 levels (so neighbouring pixels share colours and the file stays small)."""
    return "#" + "".join(f"{min(255, round(int(v) / 17) * 17):02x}" for v in rgb)


def photo_channels_figure(channels: np.ndarray) -> str:
    """The photo and its three channels, each drawn from white (0) to its colour (255)."""
    _, h, w = channels.shape
    cell, gap, top = PHOTO_CELL, 14, 46
    pw = w * cell
    body = [
        svg.text(16 + pw / 2, 24, "photo", weight="600"),
        svg.text(16 + pw / 2, 38, f"3×{h}×{w}", size=SMALL, colour=MUTED),
        _photo(channels, 16, top, cell),
    ]
    for i, (name, colour) in enumerate(CHANNEL_COLOURS):
        x = 16 + (i + 1) * (pw + gap)
        body += [
            svg.text(x + pw / 2, 24, name, weight="600", colour=colour),
            svg.text(x + pw / 2, 38, f"{h}×{w}, 0–255", size=SMALL, colour=MUTED),
            svg.image(channels[i], x, top, cell, lambda v, colour=colour: tint(v, colour)),
        ]
    return svg.document(
        16 + 4 * pw + 3 * gap + 16, top + h * cell + 16, "A colour photo as a rank-3 tensor: its red, green and blue channels", body
    )


def photo_convolution_figure(result: colour_photo.ColourConvolution) -> str:
    """Each channel with its kernel slice, the three results added with the bias, one output written out."""
    _, h, w = result.channels.shape
    cell, kcell = PHOTO_CELL, 16
    oh, ow = result.output.shape
    vmax = int(max(np.abs(result.parts).max(), np.abs(result.output).max()))
    r_, c_ = colour_photo.PIXEL
    x_in, x_k, x_part = 34, 34 + w * cell + 34, 34 + w * cell + 34 + 3 * kcell + 34
    row_h, top = h * cell + 18, 50
    body = [
        svg.text(x_in + w * cell / 2, 26, "channel", weight="600"),
        svg.text(x_k + 1.5 * kcell, 26, "slice", weight="600"),
        svg.text(x_part + ow * cell / 2, 26, "result", weight="600"),
        svg.text(x_part + ow * cell / 2, 40, f"{oh}×{ow}", size=SMALL, colour=MUTED),
    ]
    for i, ((name, colour), part) in enumerate(zip(CHANNEL_COLOURS, result.parts)):
        y = top + i * row_h
        mid = y + h * cell / 2
        body += [
            svg.text(16, mid + 4, name[0].upper(), anchor="start", weight="600", colour=colour),
            svg.image(result.channels[i], x_in, y, cell, lambda v, colour=colour: tint(v, colour)),
            svg.frame(x_in + c_ * cell, y + r_ * cell, 3 * cell, 3 * cell, colour=MARK, stroke=1.5),
            svg.text(x_k - 16, mid + 6, "∗", size=18, colour=MUTED),
            svg.number_grid(result.kernel[i], x_k, mid - 1.5 * kcell, kcell, lambda v: diverging(v, 1), size=9),
            svg.text(x_part - 16, mid + 6, "=", size=18, colour=MUTED),
            svg.image(part, x_part, y + cell, cell, lambda v: diverging(v, vmax)),
            svg.frame(x_part + c_ * cell, y + cell + r_ * cell, cell, cell, colour=MARK, stroke=1.5),
        ]
    x_out = x_part + ow * cell + 40
    y_out = top + row_h
    red, green, blue, bias, out = result.terms()
    body += [
        svg.text(x_out + ow * cell / 2, y_out - 22, "sum + bias", weight="600"),
        svg.text(x_out + ow * cell / 2, y_out - 8, f"1 channel, {oh}×{ow}", size=SMALL, colour=MUTED),
        svg.image(result.output, x_out, y_out, cell, lambda v: diverging(v, vmax)),
        svg.frame(x_out + c_ * cell, y_out + r_ * cell, cell, cell, colour=MARK, stroke=1.5),
    ]
    y_text = top + 3 * row_h + 10
    sum_text = (
        f"at the orange pixel: red {svg.signed(red)} + green {svg.signed(green)} + blue {svg.signed(blue)} "
        f"+ bias {svg.signed(bias)} = {svg.signed(out)}"
    )
    body += [
        svg.text(16, y_text, sum_text, anchor="start", size=12, weight="600"),
        svg.text(16, y_text + 18, f"colours: blue negative, red positive, up to ±{vmax}", anchor="start", size=SMALL, colour=MUTED),
        svg.text(
            16,
            y_text + 34,
            "the orange 3×3 window of each channel gives the orange result pixels",
            anchor="start",
            size=SMALL,
            colour=MUTED,
        ),
    ]
    width = max(x_out + ow * cell + 16, 16 + 7.0 * len(sum_text))
    return svg.document(width, y_text + 46, "One 3×3×3 kernel over a colour photo: red + green + blue + bias", body)


# --- the files ----------------------------------------------------------------------------------


def figure_files(runs: dict[str, Run] | None = None, photo: np.ndarray | None = None) -> dict[str, str]:
    """Every figure: file name -> SVG text, in a fixed order."""
    runs = book_runs.load_runs() if runs is None else runs
    photo = colour_photo.load_photo() if photo is None else photo
    return {
        "layer-stats-baseline.svg": layer_stats_figure(runs["baseline"]),
        "layer-stats-bigger-batches.svg": layer_stats_figure(runs["bigger-batches"]),
        "layer-stats-one-cycle.svg": layer_stats_figure(runs["one-cycle"]),
        # the book's layer, Conv2d(32, 64), and the BatchNorm2d(64) that normalises its output
        "layer-stats-batchnorm.svg": layer_stats_figure(
            runs["batchnorm"], (runs["batchnorm"].book_layer, runs["batchnorm"].book_layer + 1)
        ),
        "colour-dim.svg": colour_dim_figure([runs["baseline"], runs["one-cycle"], runs["batchnorm"]]),
        "one-cycle-schedule.svg": schedule_figure(runs["one-cycle"]),
        "photo-channels.svg": photo_channels_figure(photo),
        "photo-convolution.svg": photo_convolution_figure(colour_photo.convolve(photo)),
    }


def check_inputs(sources: Sequence[Path] = DATA) -> None:
    """A missing input stops the build here, named (``BookRunError``)."""
    for path in sources:
        if not path.is_file():
            where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
            raise book_runs.BookRunError(
                f"{where}: missing (run scripts/tools/train_book_runs.py or scripts/tools/extract_colour_photo.py)"
            )


def generated_files() -> dict[str, bytes]:
    """What the build serves under run-figures/ (``scripts.build.generated``, a row of its table).

    A damaged run file (SHA-256 not the provenance's, arrays missing or misshapen) stops it with
    ``BookRunError`` naming the file; a damaged photo with ``PhotoError``.
    """
    check_inputs()
    return {name: text.encode("utf-8") for name, text in figure_files().items()}
