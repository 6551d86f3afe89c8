"""Every number the answers state about this site's training runs and colour photo, recomputed from the committed files.

The runs are read from ``scripts/data/book-runs/`` and the photo from ``scripts/data/chelsea-crop.json``
with numpy (no torch); each value is formatted as the pages write it, and the built answer of its
question must contain it (answers' text includes the figures' alt text). The book's own numbers
(0.1135, 0.9743, 0.9864, 0.9912) are quoted, not recomputed; ``BOOK_ACCURACY`` holds them.

Also the issue's "done when": the baseline's accuracy is at most 20%, 1cycle reaches at least
90%, batchnorm beats 1cycle alone, and the baseline's book layer ends with (nearly) all of its
activations near zero.

Claims covered (question: what):
- q20: the photo is [3, 24, 32], 2,304 numbers; red averages 148, blue 73
- q21: 22×30 output; red 99 + green 20 + blue 60 + bias −20 = 159 at the marked pixel
- q25: 105 batches × 10 hooked layers; the BatchNorm2d(64)'s mean in −0.12…0.01, std in 1.00…1.02
- q27: 930 batches (the book's 937); first layer 60% → 47% near zero; fourth 86% → 100%
- q28: ≥ 99% near zero from batch 18; accuracy 0.1000 on 1,000 digits, 100 each; loss 2.3074; 22 batches
- q29: 930 vs 105 updates; 0.9120; the fourth convolution ends 88% near zero
- q30: 1cycle 86% → 33% at batch 9 → 69% at batch 15 → 82%; accuracy 0.9610; start lr 0.0024
- q31, q34: the peak at batch 27 of 105; last lr 2.4×10⁻⁵; momentum 0.95 → 0.85 → 0.95
- q35: validation loss 0.1899, accuracy 0.9610
- q37: 22 of 930 columns hold counts; jumps of up to 15 points without batchnorm, at most 1.4 with
- q38, q39: conv ends at mean −1.01, std 1.95; BatchNorm2d(64) at −0.12, 1.02; −0.34, 1.14 after 525 batches
- q40: the table of accuracies, the site's beside the book's
- r3: the batchnorm runs in both orders (Conv → BN → ReLU and Conv → ReLU → BN), and their gaps in digits
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from scripts.arithmetic import book_runs, colour_photo
from scripts.arithmetic.book_runs import accuracy_text, percent
from tests.site_pages import answer_after, answer_texts, nav_pages, page_file, question_headings, soup_of

RUNS = book_runs.load_runs()  # the book's table
ALL_RUNS = book_runs.load_runs(names=book_runs.ALL_RUN_NAMES)  # and r3's two with the ReLU first


def minus(text: str) -> str:
    return text.replace("-", "−")


def two(value: float) -> str:
    """Two decimals with a typographic minus: −0.12."""
    return minus(f"{float(value):.2f}")


def figure_alts(site: Path) -> dict[str, str]:
    """Each question id -> the alt text of the run figures in its built answer, joined."""
    alts: dict[str, str] = {}
    for url in nav_pages(site):
        for heading in question_headings(soup_of(page_file(site, url))):
            answer = answer_after(heading)
            if answer is not None:
                alts[str(heading["id"])] = " ".join(img["alt"] for img in answer.select('img[src*="run-figures/"]'))
    return alts


def run_numbers() -> dict[str, set[int]]:
    """The numbers of 100 or more that the answers state about the runs and the photo, computed from the files.

    ``tests/test_claims.py`` allows them in the answers it guards (every large number computed or quoted).
    """
    photo = colour_photo.load_photo()
    train = book_runs.load_provenance()["data"]["train_count"]
    return {
        "q20": {photo.size, round(photo[0].mean())},
        "q21": {colour_photo.convolve(photo).terms()[-1]},
        "q29": {RUNS["baseline"].batches, RUNS["bigger-batches"].batches, train},
        "q38": {RUNS["batchnorm"].batches, RUNS["batchnorm-longer"].batches},
    }


@pytest.fixture(scope="module")
def answers(site: Path) -> dict[str, str]:
    """Each answer's text followed by its run figures' alt text: a number stated in either is checked."""
    alts = figure_alts(site)
    return {qid: f"{text} {alts.get(qid, '')}" for qid, text in answer_texts(site).items()}


@pytest.mark.site
def test_the_run_figures_sit_in_the_answers_with_their_size(site: Path) -> None:
    shown = {qid for qid, alt in figure_alts(site).items() if alt}
    assert {"q20", "q21", "q25", "q27", "q28", "q29", "q30", "q31", "q34", "q36", "q37", "q38", "q39", "q40"} <= shown
    for url in nav_pages(site):
        for img in soup_of(page_file(site, url)).select('img[src*="run-figures/"]'):
            assert img.get("width") and img.get("height") and img.get("loading") == "lazy", img
            assert (site / url / img["src"]).resolve().is_file() or (site / img["src"].lstrip("./")).is_file(), img["src"]


def assert_stated(answers: dict[str, str], question: str, *values: str) -> None:
    for value in values:
        assert value in answers[question], f"the answer to {question} does not state {value!r}"


def book_layer_near_zero(name: str) -> np.ndarray:
    run = RUNS[name]
    return run.near_zero[:, run.book_layer]


# --- the "done when", from the committed files ----------------------------------------


@pytest.mark.unit
def test_the_runs_tell_the_book_s_story() -> None:
    accuracy = {name: float(run.accuracy[-1]) for name, run in RUNS.items()}
    assert accuracy["baseline"] <= 0.20
    assert accuracy["one-cycle"] >= 0.90
    assert accuracy["batchnorm"] > accuracy["one-cycle"]
    assert accuracy["batchnorm-longer"] > accuracy["batchnorm"]
    assert book_layer_near_zero("baseline")[-1] > 0.5  # the baseline's book layer ends mostly near zero
    assert book_layer_near_zero("batchnorm")[-1] < book_layer_near_zero("baseline")[-1]


@pytest.mark.unit
def test_the_provenance_agrees_with_the_run_files() -> None:
    provenance = book_runs.load_provenance()
    for name, run in ALL_RUNS.items():
        record = provenance["runs"][name]
        assert record["accuracy"] == run.accuracy.tolist() and record["batches"] == run.batches
        assert record["book_accuracy"] == book_runs.BOOK_ACCURACY.get(name)
        assert record["relu_before_batchnorm"] == (name in book_runs.RELU_FIRST_RUN_NAMES)
    assert sorted(path.stem for path in book_runs.RUNS_DIR.glob("*.npz")) == sorted(book_runs.ALL_RUN_NAMES)
    total = sum(path.stat().st_size for path in book_runs.RUNS_DIR.glob("*.npz")) + book_runs.PROVENANCE_FILE.stat().st_size
    assert total < 700_000, f"the run files take {total} bytes"


# --- the answers ----------------------------------------------------------------------------------


@pytest.mark.site
def test_q20_q21_the_colour_photo(answers: dict[str, str]) -> None:
    photo = colour_photo.load_photo()
    assert photo.shape == (3, 24, 32)
    means = photo.reshape(3, -1).mean(axis=1)
    assert_stated(answers, "q20", "[3, 24, 32]", f"{photo.size:,} numbers", f"average {round(means[0])}", f"blue ones {round(means[2])}")
    result = colour_photo.convolve(photo)
    red, green, blue, bias, out = result.terms()
    oh, ow = result.output.shape
    assert_stated(
        answers,
        "q21",
        f"{oh}×{ow}",
        f"bias of {minus(str(bias))}",
        f"{red} + {green} + {blue} − {-bias} = {out}",
        f"red {red} + green {green} + blue {blue} + bias {minus(str(bias))} = {out}",
    )


@pytest.mark.site
def test_q25_what_activation_stats_recorded(answers: dict[str, str]) -> None:
    run = RUNS["batchnorm"]
    bn = run.book_layer + 1
    assert run.layers[bn] == "BatchNorm2d(64)"
    assert_stated(
        answers,
        "q25",
        f"{run.batches} batches × {len(run.layers)} hooked layers",
        f"mean between {two(run.mean[:, bn].min())} and {two(run.mean[:, bn].max())}",
        f"deviation between {two(run.std[:, bn].min())} and {two(run.std[:, bn].max())}",
    )


@pytest.mark.site
def test_q27_q28_the_baseline(answers: dict[str, str]) -> None:
    run = RUNS["baseline"]
    first = run.near_zero[:, 0]
    last = book_layer_near_zero("baseline")
    assert (run.batches, 60_000 // 64) == (930, 937)
    assert_stated(
        answers,
        "q27",
        f"{run.batches} batches",
        "937",
        f"from {percent(first[0])} to {percent(first[-1])}",
        f"from {percent(last[0])} at the first batch to {percent(last[-1])} at the end",
    )
    dead_from = int(np.flatnonzero(last >= 0.99)[0]) + 1
    assert (last[dead_from - 1 :] >= 0.99).all()
    valid = book_runs.load_provenance()["data"]["valid_count"]
    assert_stated(
        answers,
        "q28",
        f"{percent(last[0])} of the outputs",
        f"from batch {dead_from} on",
        f"{percent(last[-1])} at the end",
        f"accuracy of {accuracy_text(run.accuracy[-1])}",
        f"{valid:,} held-out digits, {valid // 10} of each",
        f"{run.valid_loss[-1]:.4f}",
        f"ln 10 ≈ {math.log(10):.4f}",
    )
    assert round(float(run.accuracy[-1]) * valid) == valid // 10  # one digit's share: always the same answer


@pytest.mark.site
def test_q29_bigger_batches(answers: dict[str, str]) -> None:
    run = RUNS["bigger-batches"]
    last = book_layer_near_zero("bigger-batches")
    assert_stated(
        answers,
        "q29",
        f"{RUNS['baseline'].batches} updates at batch size 64 and only {run.batches} at 512",
        accuracy_text(run.accuracy[-1]),
        f"baseline's {accuracy_text(RUNS['baseline'].accuracy[-1])}",
        f"{percent(last[-1])} of its outputs near zero",
        f"from {percent(last[0])} to {percent(last[-1])}",
    )


@pytest.mark.site
def test_q30_q31_q34_q35_one_cycle(answers: dict[str, str]) -> None:
    run = RUNS["one-cycle"]
    z = book_layer_near_zero("one-cycle")
    low = int(np.argmin(z[:20]))
    assert (low + 1, percent(z[14])) == (9, "69%")
    assert_stated(
        answers,
        "q30",
        f"from {percent(z[0])} to {percent(z[low])} at batch {low + 1}",
        f"back to {percent(z[14])} at batch 15",
        f"ends at {percent(z[-1])}",
        accuracy_text(run.accuracy[-1]),
        f"starts at {run.lr[0]:.4f}",
    )
    peak = int(np.argmax(run.lr))
    assert abs(run.lr[peak] - 0.06) < 1e-4 and int(np.argmin(run.mom)) == peak
    last_lr = f"{run.lr[-1] / 10 ** math.floor(math.log10(run.lr[-1])):.1f}×10⁻{-math.floor(math.log10(run.lr[-1]))}"
    assert last_lr == "2.4×10⁻5"
    assert_stated(answers, "q31", f"batch {peak + 1} of {run.batches}", "2.4×10⁻⁵", f"from {run.lr[0]:.4f} to 0.06")
    assert (f"{run.mom[0]:.2f}", f"{run.mom[peak]:.2f}", f"{run.mom[-1]:.2f}") == ("0.95", "0.85", "0.95")
    assert_stated(answers, "q34", "starts at 0.95", f"0.85, at batch {peak + 1} of {run.batches}", "back to 0.95")
    assert_stated(
        answers,
        "q35",
        f"{run.batches} learning rates and {run.batches} momentums",
        f"validation loss of {run.valid_loss[-1]:.4f}",
        f"accuracy of {accuracy_text(run.accuracy[-1])}",
    )


@pytest.mark.site
def test_q36_q37_colour_dim(answers: dict[str, str]) -> None:
    baseline = RUNS["baseline"]
    counted = baseline.hist[:, 1, :].sum(axis=1)
    filled = int((counted > 0).sum())
    assert (counted[:filled] > 0).all() and (counted[filled:] == 0).all()
    assert_stated(
        answers, "q36", f"({baseline.batches}, {RUNS['one-cycle'].batches} and {RUNS['batchnorm'].batches})", f"dark after {filled} batches"
    )
    jumps = {name: float(np.abs(np.diff(book_layer_near_zero(name))).max() * 100) for name in ("one-cycle", "batchnorm")}
    z = book_layer_near_zero("one-cycle")
    assert_stated(
        answers,
        "q37",
        f"only the first {filled} of its {baseline.batches} columns",
        f"empty from batch {filled + 1} on",
        f"from {percent(z[0])} to {percent(z[8])} by batch 9",
        f"back to {percent(z[14])} by batch 15",
        f"up to {round(jumps['one-cycle'])} percentage points",
        f"at most {jumps['batchnorm']:.1f}",
    )


@pytest.mark.site
def test_q38_q39_batchnorm_statistics(answers: dict[str, str]) -> None:
    run, longer = RUNS["batchnorm"], RUNS["batchnorm-longer"]
    conv, bn = run.book_layer, run.book_layer + 1
    assert_stated(
        answers,
        "q38",
        f"mean {two(run.mean[-1, conv])} and standard deviation {two(run.std[-1, conv])}",
        f"at mean {two(run.mean[-1, bn])} and standard deviation {two(run.std[-1, bn])}",
        f"{longer.batches} batches, at {two(longer.mean[-1, bn])} and {two(longer.std[-1, bn])}",
    )
    assert_stated(
        answers,
        "q39",
        f"mean stayed between {two(run.mean[:, bn].min())} and {two(run.mean[:, bn].max())}",
        f"between {two(run.std[:, bn].min())} and {two(run.std[:, bn].max())}",
        f"mean {two(run.mean[-1, conv])} and standard deviation {two(run.std[-1, conv])}",
    )


@pytest.mark.site
def test_q40_the_table_of_runs(answers: dict[str, str]) -> None:
    for name in book_runs.RUN_NAMES:
        row = f"{book_runs.RUN_TITLES[name]} "
        assert row in answers["q40"], name
        assert_stated(answers, "q40", f"{accuracy_text(book_runs.BOOK_ACCURACY[name])} {accuracy_text(RUNS[name].accuracy[-1])}")
    acc = {name: accuracy_text(run.accuracy[-1]) for name, run in RUNS.items()}
    assert_stated(
        answers,
        "q40",
        f"({acc['batchnorm']} against {acc['one-cycle']})",
        f"helps again ({acc['batchnorm-longer']})",
        "15 shuffled passes over the 4,000",
    )


@pytest.mark.site
def test_r3_the_two_orders_of_relu_and_batchnorm(answers: dict[str, str]) -> None:
    acc = {name: accuracy_text(run.accuracy[-1]) for name, run in ALL_RUNS.items()}
    assert_stated(
        answers,
        "r3",
        f"1 epoch at 0.06 {acc['batchnorm']} {acc['relu-first']}",
        f"5 epochs at 0.1 {acc['batchnorm-longer']} {acc['relu-first-longer']}",
    )
    held_out = book_runs.load_provenance()["data"]["valid_count"]
    gaps = [
        (ALL_RUNS[relu_first].accuracy[-1] - ALL_RUNS[book].accuracy[-1]) * held_out
        for book, relu_first in (("batchnorm", "relu-first"), ("batchnorm-longer", "relu-first-longer"))
    ]
    words = {1: "one digit", 2: "two digits", 3: "three digits", 4: "four digits"}
    assert_stated(answers, "r3", f"{held_out:,} held-out digits", f"{words[round(abs(gaps[0]))]} and {words[round(abs(gaps[1]))]}")
    assert (gaps[0] > 0) != (gaps[1] > 0), "the answer says the gaps go in opposite directions"
    assert_stated(answers, "r3", "in opposite directions")
