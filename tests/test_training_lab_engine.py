"""Training lab: the page's engine (docs/javascripts/lab/engine.js), run in Chromium, against PyTorch.

Same weights and batch of real digits on both sides, for the book's simple_cnn with and without
batchnorm, PyTorch in float64 (the engine computes in doubles; float32 PyTorch is itself up to
~1e-4 away from float64 PyTorch after one Adam step, because the first step divides a tiny
gradient by |gradient| + eps, so float32 rounding there is not a test of the engine): the loss,
every gradient, and every parameter after one step of fastai's Adam agree to 1e-4 relative to
each tensor's largest value; so do three further steps on the 1cycle schedule's learning rates
and momenta. The PyTorch side is scripts/tools/book_training.py, the definitions the static run
figures come from (its FastaiAdam, simple_cnn, one_cycle, activation_record). The schedules'
learning rate and momentum at every step of a short run equal fastai's own code (combine_scheds,
sched_cos, TrainEvalCallback's pct_train), written here with torch as fastai writes it, and
book_training's one_cycle. ActivationStats's values (mean, std, share <= 0.05, histc(40, 0, 10))
equal forward hooks on every PyTorch module with parameters.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np
import pytest
from playwright.sync_api import Browser, Page

from tests.lab_harness import batch, open_engine, simple_cnn

if TYPE_CHECKING:  # PyTorch is imported by the tests, not at collection: every parallel worker collects this file
    import torch
    from torch import nn

LARGEST: dict[str, float] = {}  # the largest relative difference seen per quantity, printed for the report
TOLERANCE = 1e-4
ZERO_GRADIENT = 1e-6  # a convolution's bias right before a BatchNorm: its gradient is 0 (up to rounding)


@pytest.fixture(scope="module")
def lab(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    page = open_engine(context.new_page())
    yield page
    context.close()


def js_run(page: Page, batchnorm: bool, params: list[np.ndarray], x: np.ndarray, y: np.ndarray, steps: list[tuple[float, float]]) -> dict:
    """Set the weights, run len(steps) batches of (lr, mom) on the same batch; first step's details."""
    return page.evaluate(
        """([batchnorm, params, x, y, steps]) => {
          const e = window.engine;
          const model = e.createModel({ batchnorm });
          model.params.forEach((p, i) => p.data.set(params[i]));
          const opt = new e.Adam(model.params);
          const N = y.length;
          const input = Float32Array.from(x);
          const labels = Int32Array.from(y);
          const out = { losses: [] };
          steps.forEach(([lr, mom], s) => {
            const logits = e.forward(model, input, N, true);
            if (s === 0) { out.logits = Array.from(logits); out.stats = e.moduleStats(model).map((m) => ({ ...m, hist: Array.from(m.hist) })); }
            const { loss, grad } = e.crossEntropy(logits, labels, N);
            out.losses.push(loss);
            e.backward(model, N, grad);
            if (s === 0) out.grads = model.params.map((p) => Array.from(p.grad));
            opt.step(lr, mom);
            if (s === 0) out.after1 = model.params.map((p) => Array.from(p.data));
          });
          out.after = model.params.map((p) => Array.from(p.data));
          out.names = model.params.map((p) => p.name);
          return out;
        }""",
        [batchnorm, [p.ravel().tolist() for p in params], x.ravel().tolist(), y.tolist(), steps],
    )


def relative(ours: np.ndarray, reference: np.ndarray) -> float:
    """Largest difference over the tensor's largest magnitude."""
    return float(np.max(np.abs(ours - reference)) / np.max(np.abs(reference)))


def check(name: str, ours: np.ndarray, reference: np.ndarray) -> None:
    difference = relative(np.asarray(ours, dtype=np.float64).reshape(reference.shape), reference.astype(np.float64))
    LARGEST[name] = max(LARGEST.get(name, 0.0), difference)
    assert difference <= TOLERANCE, f"{name}: relative difference {difference:.2e}"


def fastai_schedules(kind: str, lr: float, n_epoch: int, n_iter: int) -> list[tuple[float, float]]:
    """fastai's own code for the hyper-parameters of each batch (schedule.py, TrainEvalCallback), with torch."""
    import torch

    def sched_cos(start, end, pos):
        return start + (1 + math.cos(math.pi * (1 - pos))) * (end - start) / 2

    def combine_scheds(pcts, scheds):
        pcts = torch.tensor([0] + list(pcts))
        pcts = torch.cumsum(pcts, 0)
        pct_lim = len(pcts) - 2

        def inner(pos):
            idx = min((pos >= pcts).nonzero().max(), pct_lim)
            actual_pos = (pos - pcts[idx]) / (pcts[idx + 1] - pcts[idx])
            return scheds[idx](actual_pos.item())

        return inner

    def combined_cos(pct, start, middle, end):
        return combine_scheds([pct, 1 - pct], [lambda p: sched_cos(start, middle, p), lambda p: sched_cos(middle, end, p)])

    lr_max = np.array([lr])
    scheds = {"lr": combined_cos(0.25, lr_max / 25.0, lr_max, lr_max / 1e5), "mom": combined_cos(0.25, 0.95, 0.85, 0.95)}
    values, pct_train = [], 0.0
    for step in range(n_epoch * n_iter):
        if step % n_iter == 0:
            pct_train = (step // n_iter) / n_epoch  # before_train: epoch / n_epoch
        if kind == "one-cycle":
            values.append((float(np.asarray(scheds["lr"](pct_train)).item()), float(scheds["mom"](pct_train))))
        else:
            values.append((lr, 0.9))  # fit: the lr given, Adam's default momentum
        pct_train += 1.0 / (n_iter * n_epoch)
    return values


@pytest.mark.browser
@pytest.mark.parametrize("batchnorm", [False, True], ids=["plain", "batchnorm"])
def test_one_step_matches_pytorch_loss_gradients_and_weights(lab: Page, batchnorm: bool) -> None:
    import torch
    import torch.nn.functional as F
    from torch import nn

    from scripts.tools import book_training

    model = simple_cnn(batchnorm, seed=3).double()  # the same float32 weights and inputs, exact arithmetic
    model.train()
    rows = np.arange(64) * 37 % 5000  # 64 real digits of all classes
    x, y = batch(rows)
    params = [p.detach().float().numpy().copy() for p in model.parameters()]
    steps = [(0.06, 0.9)] + fastai_schedules("one-cycle", 0.06, 1, 8)[1:4]
    ours = js_run(lab, batchnorm, params, x, y, steps)

    optimizer = book_training.FastaiAdam(model, lr=0.06)
    xt, yt = torch.from_numpy(x).double(), torch.from_numpy(y)
    for index, (lr, mom) in enumerate(steps):
        optimizer.zero_grad()
        logits = model(xt)
        loss = F.cross_entropy(logits, yt)
        loss.backward()
        if index == 0:
            check("logits", np.array(ours["logits"]), logits.detach().numpy())
            check("loss", np.array([ours["losses"][0]]), np.array([loss.item()]))
            before_bn = {
                id(m[0].bias) for m in model.modules() if isinstance(m, nn.Sequential) and len(m) > 1 and isinstance(m[1], nn.BatchNorm2d)
            }
            for name, grad, param in zip(ours["names"], ours["grads"], model.parameters()):
                if id(param) in before_bn:  # mathematically zero: BatchNorm removes the bias again
                    assert np.max(np.abs(grad)) < ZERO_GRADIENT and param.grad.abs().max().item() < ZERO_GRADIENT, name
                else:
                    check("gradient", np.array(grad), param.grad.numpy())
        else:
            check("loss", np.array([ours["losses"][index]]), np.array([loss.item()]))
        optimizer.set_hyper("lr", lr)
        optimizer.set_hyper("mom", mom)
        optimizer.step()
        if index == 0:
            for after, param in zip(ours["after1"], model.parameters()):
                check("weights after one step", np.array(after), param.detach().numpy())
    for after, param in zip(ours["after"], model.parameters()):
        check("weights after four steps", np.array(after), param.detach().numpy())
    if batchnorm:
        buffers = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
        assert len(buffers) == 5
    print(
        f"\nlargest relative differences ({'batchnorm' if batchnorm else 'plain'}): "
        + ", ".join(f"{k} {v:.1e}" for k, v in LARGEST.items())
    )


@pytest.mark.browser
@pytest.mark.parametrize("kind,lr,n_epoch,n_iter", [("one-cycle", 0.06, 2, 7), ("one-cycle", 0.1, 3, 31), ("fit", 0.06, 1, 62)])
def test_schedules_match_fastai_at_every_step(lab: Page, kind: str, lr: float, n_epoch: int, n_iter: int) -> None:
    from scripts.tools import book_training

    ours = lab.evaluate("([k, lr, e, i]) => window.engine.schedule(k, lr, e, i)", [kind, lr, n_epoch, n_iter])
    reference = fastai_schedules(kind, lr, n_epoch, n_iter)
    assert len(ours) == len(reference) == n_epoch * n_iter
    shared = book_training.one_cycle(lr)
    total = n_epoch * n_iter
    for step, ((lr_ref, mom_ref), got) in enumerate(zip(reference, ours)):
        assert got["lr"] == pytest.approx(lr_ref, rel=1e-12), f"step {step}: lr"
        assert got["mom"] == pytest.approx(mom_ref, rel=1e-12), f"step {step}: mom"
        if kind == "one-cycle":  # book_training reads the schedule at step/total (the same to rounding)
            assert got["lr"] == pytest.approx(float(shared["lr"](step / total)), rel=1e-6), f"step {step}: lr"
            assert got["mom"] == pytest.approx(float(shared["mom"](step / total)), rel=1e-6), f"step {step}: mom"
    if kind == "one-cycle":
        lrs = [step["lr"] for step in ours]
        peak = int(np.argmax(lrs))
        assert lrs[0] == pytest.approx(lr / 25) and max(lrs) <= lr and lrs[-1] < lr / 25
        assert abs(peak / len(lrs) - 0.25) < 0.1
        moms = [step["mom"] for step in ours]
        assert moms[0] == pytest.approx(0.95) and min(moms) == pytest.approx(0.85, abs=0.01) and moms[peak] == min(moms)


@pytest.mark.browser
@pytest.mark.parametrize("batchnorm", [False, True], ids=["plain", "batchnorm"])
def test_activation_stats_match_hooks_on_the_pytorch_model(lab: Page, batchnorm: bool) -> None:
    import torch

    from scripts.tools import book_training

    model = simple_cnn(batchnorm, seed=5)
    rows = np.arange(128) * 13 % 5000
    x, y = batch(rows)
    params = [p.detach().numpy().copy() for p in model.parameters()]
    ours = js_run(lab, batchnorm, params, x, y, [(0.0, 0.9)])["stats"]

    recorded = []

    def hook(module: nn.Module, inputs, output: torch.Tensor) -> None:  # fastai's ActivationStats.hook
        mean, std, near_zero, hist = book_training.activation_record(output)
        recorded.append({"mean": mean, "std": std, "near_zero": near_zero, "hist": hist})

    hooked = book_training.hooked_modules(model)
    assert [type(m).__name__ for m in hooked] == (["Conv2d", "BatchNorm2d"] * 5 if batchnorm else ["Conv2d"] * 5)
    handles = [m.register_forward_hook(hook) for m in hooked]
    model.train()
    model(torch.from_numpy(x))
    for handle in handles:
        handle.remove()
    assert len(ours) == len(recorded)
    for index, (mine, theirs) in enumerate(zip(ours, recorded)):
        scale = max(abs(theirs["mean"]), theirs["std"])
        assert abs(mine["mean"] - theirs["mean"]) <= TOLERANCE * scale, f"module {index}: mean"
        assert mine["std"] == pytest.approx(theirs["std"], rel=TOLERANCE), f"module {index}: std"
        count = sum(theirs["hist"]) or 1
        assert abs(mine["nearZero"] - theirs["near_zero"]) <= 2 / (len(x) * 10), f"module {index}: near zero"
        assert np.abs(np.array(mine["hist"]) - theirs["hist"]).sum() <= 2, f"module {index}: histogram ({count:.0f} counted)"
        LARGEST["activation stats"] = max(LARGEST.get("activation stats", 0.0), abs(mine["std"] - theirs["std"]) / theirs["std"])
