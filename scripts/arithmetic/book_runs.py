"""The book's chapter-13 training runs, as recorded: read from scripts/data/book-runs/ with numpy only.

``scripts/tools/train_book_runs.py`` (torch) wrote the files once; the build, the figures
(``scripts.drawing.run_figures``) and the claims tests read them here, without torch. A run holds
what fastai's ``ActivationStats(with_hist=True)`` and ``Recorder`` record: per training batch and
hooked layer the activations' mean, standard deviation and share near zero (<= 0.05); the 40-bin
histogram over [0, 10] of the two layers the book plots (``hist_layers``: the first, and the
fourth convolution); per batch the learning rate, momentum and loss; per epoch the validation
loss and accuracy. ``RUN_NAMES`` are the book's table; ``RELU_FIRST_RUN_NAMES`` repeat its two
batchnorm runs with the ReLU before the BatchNorm2d, the current notebook's order (r3).

Bad input stops the build: a missing file, one whose SHA-256 is not the one in the provenance
file, or one whose arrays are missing or of the wrong shape raises ``BookRunError`` naming the file.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
RUNS_DIR = ROOT / "scripts" / "data" / "book-runs"
PROVENANCE_FILE = ROOT / "scripts" / "data" / "book-runs.json"

RUN_NAMES = ("baseline", "bigger-batches", "one-cycle", "batchnorm", "batchnorm-longer")  # the book's table
# The two batchnorm runs again with the current notebook's Conv2d, ReLU, BatchNorm2d (further research r3).
RELU_FIRST_RUN_NAMES = ("relu-first", "relu-first-longer")
ALL_RUN_NAMES = RUN_NAMES + RELU_FIRST_RUN_NAMES
RUN_TITLES = {
    "baseline": "baseline",
    "bigger-batches": "bigger batches",
    "one-cycle": "1cycle",
    "batchnorm": "+ batchnorm",
    "batchnorm-longer": "+ batchnorm, longer",
    "relu-first": "+ batchnorm after the ReLU",
    "relu-first-longer": "+ batchnorm after the ReLU, longer",
}
# The accuracy the book prints for each run (fastbook, chapter 13).
BOOK_ACCURACY = {
    "baseline": 0.1135,
    "bigger-batches": 0.1135,
    "one-cycle": 0.9743,
    "batchnorm": 0.9864,
    "batchnorm-longer": 0.9912,
}
HIST_BINS, HIST_MAX = 40, 10.0
BIN_WIDTH = HIST_MAX / HIST_BINS
NEAR_ZERO = 0.05
ARRAYS = ("layers", "mean", "std", "near_zero", "hist", "hist_layers", "lr", "mom", "loss", "valid_loss", "accuracy", "batches_per_epoch")


def plotted_layers(layers: list[str] | tuple[str, ...]) -> tuple[int, int]:
    """The first hooked layer and the one the book plots: ``-2`` without batchnorm, ``-4`` with (the Conv2d(32, 64))."""
    batchnorm = any(name.startswith("BatchNorm") for name in layers)
    return 0, len(layers) - (4 if batchnorm else 2)


class BookRunError(ValueError):
    """A run file is missing or damaged; the message names the file."""


@dataclass(frozen=True)
class Run:
    name: str
    layers: tuple[str, ...]
    mean: np.ndarray  # batch x layer
    std: np.ndarray
    near_zero: np.ndarray
    hist: np.ndarray  # batch x 2 x 40: the histograms of the layers in hist_layers
    hist_layers: tuple[int, ...]
    lr: np.ndarray  # per batch
    mom: np.ndarray
    loss: np.ndarray
    valid_loss: np.ndarray  # per epoch
    accuracy: np.ndarray
    batches_per_epoch: int

    @property
    def batches(self) -> int:
        return len(self.loss)

    @property
    def batchnorm(self) -> bool:
        return any(name.startswith("BatchNorm") for name in self.layers)

    @property
    def book_layer(self) -> int:
        """The layer the book plots: ``-2`` without batchnorm, ``-4`` with (both the Conv2d(32, 64))."""
        return plotted_layers(self.layers)[1]

    def colour_dim(self, layer: int) -> np.ndarray:
        """``ActivationStats.hist``: bins x batches, log(1 + count); row 0 is the bin [0, 0.25)."""
        if layer not in self.hist_layers:
            raise ValueError(f"{self.name}: no histograms kept for layer {layer} (kept: {self.hist_layers})")
        return np.log1p(self.hist[:, self.hist_layers.index(layer), :].astype(np.float64)).T


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def load_provenance(path: Path = PROVENANCE_FILE) -> dict:
    if not path.is_file():
        raise BookRunError(f"{_relative(path)}: missing (run scripts/tools/train_book_runs.py)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        runs = data["runs"]
        for name in ALL_RUN_NAMES:
            runs[name]["sha256"]
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise BookRunError(f"{_relative(path)}: damaged ({error!r})") from error
    return data


def load_run(name: str, runs_dir: Path = RUNS_DIR, provenance_file: Path = PROVENANCE_FILE) -> Run:
    """One run, checked against the SHA-256 its provenance records and for its arrays' shapes."""
    path = runs_dir / f"{name}.npz"
    where = _relative(path)
    if not path.is_file():
        raise BookRunError(f"{where}: missing (run scripts/tools/train_book_runs.py)")
    expected = load_provenance(provenance_file)["runs"][name]["sha256"]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != expected:
        raise BookRunError(f"{where}: damaged (SHA-256 {digest[:12]}..., the provenance says {expected[:12]}...)")
    try:
        with np.load(path, allow_pickle=False) as data:
            values = {key: data[key] for key in ARRAYS}
    except (KeyError, ValueError, OSError, zipfile.BadZipFile) as error:
        raise BookRunError(f"{where}: damaged ({error!r})") from error
    layers = tuple(str(v) for v in values["layers"])
    n = len(values["loss"])
    shapes = {
        "mean": (n, len(layers)),
        "std": (n, len(layers)),
        "near_zero": (n, len(layers)),
        "hist": (n, 2, HIST_BINS),
        "hist_layers": (2,),
        "lr": (n,),
        "mom": (n,),
    }
    for key, shape in shapes.items():
        if values[key].shape != shape:
            raise BookRunError(f"{where}: damaged ({key} has shape {values[key].shape}, expected {shape})")
    if n == 0 or len(values["accuracy"]) == 0:
        raise BookRunError(f"{where}: damaged (no batches or no epochs)")
    hist_layers = tuple(int(v) for v in values["hist_layers"])
    if hist_layers != plotted_layers(layers):
        raise BookRunError(f"{where}: damaged (histograms of layers {hist_layers}, expected {plotted_layers(layers)})")
    return Run(
        name,
        layers,
        values["mean"],
        values["std"],
        values["near_zero"],
        values["hist"],
        hist_layers,
        values["lr"],
        values["mom"],
        values["loss"],
        values["valid_loss"],
        values["accuracy"],
        int(values["batches_per_epoch"]),
    )


def load_runs(runs_dir: Path = RUNS_DIR, provenance_file: Path = PROVENANCE_FILE, names: tuple[str, ...] = RUN_NAMES) -> dict[str, Run]:
    """The runs named (by default the book's table, in its order), each checked as ``load_run`` does."""
    return {name: load_run(name, runs_dir, provenance_file) for name in names}


def percent(share: float) -> str:
    """A share as a whole percentage, "100%"; used by the figures' alt text and the answers."""
    return f"{round(float(share) * 100)}%"


def accuracy_text(value: float) -> str:
    """An accuracy as the book prints it, four decimals: 0.9743."""
    return f"{float(value):.4f}"
