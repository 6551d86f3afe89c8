"""Shared by the Training lab's tests: its digits, the book's simple_cnn in PyTorch (the definitions
of scripts/tools/book_training.py, which the static run figures come from), and the lab's
engine (docs/javascripts/lab/engine.js) loaded in Chromium from a routed origin, no build needed."""

from __future__ import annotations

import gzip
import json
from typing import TYPE_CHECKING

import numpy as np
from playwright.sync_api import Page

from tests.conftest import ROOT

if TYPE_CHECKING:
    from torch import nn

LAB_JS = ROOT / "docs" / "javascripts" / "lab"
DATA = ROOT / "docs" / "training-lab"
ORIGIN = "http://lab.test"


def digits() -> tuple[np.ndarray, np.ndarray]:
    """The lab's data file: pixels (5000, 784) uint8 and labels (5000,) uint8."""
    raw = gzip.decompress((DATA / "mnist-5k.u8.gz").read_bytes())
    labels = np.frombuffer(raw[:5000], dtype=np.uint8)
    pixels = np.frombuffer(raw[5000:], dtype=np.uint8).reshape(5000, 784)
    return pixels, labels


def normalisation() -> tuple[float, float]:
    meta = json.loads((DATA / "mnist-5k.json").read_text(encoding="utf-8"))["normalisation"]
    return meta["mean"], meta["std"]


def batch(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Normalised NCHW float32 inputs and int64 labels of some rows, as the lab's gather() makes them."""
    pixels, labels = digits()
    mean, std = normalisation()
    x = ((pixels[rows].astype(np.float64) / 255 - mean) / std).astype(np.float32).reshape(-1, 1, 28, 28)
    return x, labels[rows].astype(np.int64)


def simple_cnn(batchnorm: bool, seed: int = 0) -> nn.Sequential:
    """The book's model as the run figures' PyTorch code defines it (scripts/tools/book_training.py), seeded.

    PyTorch is imported here, not at collection (every parallel worker collects the lab's tests)."""
    import torch

    from scripts.tools import book_training

    torch.manual_seed(seed)
    return book_training.simple_cnn(batchnorm=batchnorm)


def open_engine(page: Page) -> Page:
    """A blank page on a routed origin that has imported the engine as window.engine."""

    def handle(route) -> None:
        name = route.request.url.removeprefix(ORIGIN + "/")
        if name == "index.html":
            route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>lab</title>")
        elif (LAB_JS / name).is_file():
            route.fulfill(status=200, content_type="text/javascript", body=(LAB_JS / name).read_text(encoding="utf-8"))
        else:
            route.fulfill(status=404, body="")

    page.route(f"{ORIGIN}/**", handle)
    page.goto(f"{ORIGIN}/index.html")
    page.evaluate("async () => { window.engine = await import('/engine.js'); }")
    return page
