"""The drills' generators (scripts/arithmetic/drills.py): every expected answer, 200+ per type from
fixed seeds, against an independent computation in PyTorch (shapes, parameter counts, multiplications
counted by torch's FLOP counter, convolution sums, DataLoader lengths, and for receptive fields the
input pixels with a non-zero gradient for one output activation); the known mistakes; answer parsing.

PyTorch is imported by the tests that use it (installed by scripts/dev.sh test: never skipped), not
at collection: every parallel worker collects this file, few of them run these tests."""

from __future__ import annotations

import pytest

from scripts.arithmetic.convolution import Layer, receptive_field
from scripts.arithmetic.drills import DRILLS, MAX_SEED, Rng, exercise, parse

SEEDS = range(1, 241)  # 240 exercises of each type
META = "meta"  # shapes without data: PyTorch's own shape rules, no arithmetic of ours


def exercises(drill: str) -> list[dict]:
    return [exercise(drill, seed) for seed in SEEDS]


def torch_shape(*sides: int) -> str:
    return "×".join(str(side) for side in sides)


@pytest.mark.tool
def test_output_sizes_are_pytorchs() -> None:
    import torch
    import torch.nn.functional as F

    uneven = 0
    for ex in exercises("d1"):
        g = ex["given"]
        out = F.conv2d(
            torch.empty(1, 1, g["n"], g["n"], device=META),
            torch.empty(1, 1, g["ks"], g["ks"], device=META),
            stride=g["stride"],
            padding=g["pad"],
        )
        assert ex["answer"] == str(out.shape[-1]) == str(out.shape[-2]), ex
        uneven += (g["n"] + 2 * g["pad"] - g["ks"]) % g["stride"] != 0
    assert uneven >= 40, f"only {uneven} exercises where the division does not come out even"


@pytest.mark.tool
def test_weight_shapes_are_pytorchs() -> None:
    from torch import nn

    for ex in exercises("d2"):
        g = ex["given"]
        layer = nn.Conv2d(g["c_in"], g["c_out"], g["ks"], device=META)
        assert ex["answer"] == torch_shape(*layer.weight.shape), ex


@pytest.mark.tool
def test_activation_shapes_are_pytorchs() -> None:
    import torch
    from torch import nn

    for ex in exercises("d3"):
        g = ex["given"]
        layer = nn.Conv2d(g["c_in"], g["c_out"], g["ks"], stride=g["stride"], padding=g["pad"], device=META)
        out = layer(torch.empty(g["batch"], g["c_in"], g["n"], g["n"], device=META))
        assert ex["answer"] == torch_shape(*out.shape), ex


@pytest.mark.tool
def test_conv_parameter_counts_are_pytorchs_with_and_without_bias() -> None:
    from torch import nn

    biases = set()
    for ex in exercises("d4"):
        g = ex["given"]
        layer = nn.Conv2d(g["c_in"], g["c_out"], g["ks"], bias=g["bias"], device=META)
        assert ex["answer"] == str(sum(p.numel() for p in layer.parameters())), ex
        assert ("bias=False" in ex["text"]) == (not g["bias"])
        biases.add(g["bias"])
    assert biases == {True, False}


@pytest.mark.tool
def test_batchnorm_parameter_counts_are_pytorchs_trainable_ones() -> None:
    from torch import nn

    for ex in exercises("d5"):
        layers = [nn.BatchNorm2d(c) for c in ex["given"]["channels"]]
        trainable = sum(p.numel() for layer in layers for p in layer.parameters() if p.requires_grad)
        assert ex["answer"] == str(trainable), ex
        stats = sum(b.numel() for layer in layers for name, b in layer.named_buffers() if name.startswith("running"))
        assert str(trainable + stats) in dict(ex["mistakes"]), "counting the running statistics is a known mistake"


@pytest.mark.tool
def test_multiplications_are_half_of_torchs_flop_count() -> None:
    import torch
    import torch.nn.functional as F
    from torch.utils.flop_counter import FlopCounterMode

    for ex in exercises("d6"):
        g = ex["given"]
        x = torch.empty(1, g["c_in"], g["n"], g["n"], device=META)
        w = torch.empty(g["c_out"], g["c_in"], g["ks"], g["ks"], device=META)
        with FlopCounterMode(display=False) as counter:
            F.conv2d(x, w, stride=g["stride"], padding=g["pad"])
        assert ex["answer"] == str(counter.get_total_flops() // 2), ex  # one multiply and one add per weight use


@pytest.mark.tool
def test_receptive_fields_are_where_the_input_gradient_is_not_zero() -> None:
    import torch
    import torch.nn.functional as F

    for ex in exercises("d7"):
        layers = ex["given"]["layers"]
        x = torch.ones(1, 1, 72, 72, dtype=torch.float64, requires_grad=True)
        y = x
        for ks, stride in layers:
            y = F.conv2d(y, torch.ones(1, 1, ks, ks, dtype=torch.float64), stride=stride)
        row, col = y.shape[-2] // 2, y.shape[-1] // 2
        y[0, 0, row, col].backward()
        rows, cols = torch.nonzero(x.grad[0, 0], as_tuple=True)
        side = int(rows.max() - rows.min() + 1)
        assert side == int(cols.max() - cols.min() + 1) and side * side == len(rows), "a square without holes"
        assert ex["answer"] == str(side), ex
        field = receptive_field((row, col), [Layer(ks, stride) for ks, stride in layers], 72)
        assert [len(field[0]), len(field[1])] == [side, side], "the figures' receptive_field agrees"


@pytest.mark.tool
def test_colour_convolution_sums_are_pytorchs() -> None:
    import torch
    import torch.nn.functional as F

    for ex in exercises("d8"):
        g = ex["given"]
        x = torch.tensor(g["pixels"], dtype=torch.float64)[None]
        w = torch.tensor(g["kernel"], dtype=torch.float64)[None]
        out = F.conv2d(x, w, torch.tensor([g["bias"]], dtype=torch.float64))
        assert out.shape == (1, 1, 1, 1)
        assert ex["answer"] == str(int(out.item())), ex


@pytest.mark.tool
def test_batches_per_epoch_are_a_dataloaders_length() -> None:
    from torch.utils.data import DataLoader

    for ex in exercises("d9"):
        g = ex["given"]
        loader = DataLoader(range(g["size"]), batch_size=g["batch"], drop_last=g["drop_last"])
        assert ex["answer"] == str(len(loader)), ex


@pytest.mark.unit
def test_every_exercise_is_complete_and_its_mistakes_are_wrong_answers() -> None:
    found = dict.fromkeys(DRILLS, 0)
    for drill in DRILLS:
        for ex in exercises(drill):
            assert ex["text"] and ex["steps"] and ex["hint"]
            assert parse(ex["answer"], ex["kind"]) == ex["answer"], "the answer reads as itself"
            values = [value for value, _message in ex["mistakes"]]
            assert ex["answer"] not in values and len(set(values)) == len(values), ex
            assert all(parse(value, ex["kind"]) == value for value in values)
            assert any(ex["answer"] in step.replace(",", "").replace("−", "-") for step in ex["steps"]), ex
            found[drill] += bool(values)
    assert all(count >= 150 for count in found.values()), f"exercises with a known mistake: {found}"


@pytest.mark.unit
def test_named_mistakes() -> None:
    # d1 seed where padding > 0: one side only; a stride that does not divide: rounded up
    one_side = next(ex for ex in exercises("d1") if ex["given"]["pad"] > 0 and "one side" in str(ex["mistakes"]))
    g = one_side["given"]
    assert dict(one_side["mistakes"])[str((g["n"] + g["pad"] - g["ks"]) // g["stride"] + 1)].startswith(
        "That counts the padding on one side only"
    )
    ceil = next(ex for ex in exercises("d1") if "rounds the division up" in str(ex["mistakes"]))
    assert int(next(v for v, m in ceil["mistakes"] if "up" in m)) == int(ceil["answer"]) + 1
    swapped = exercise("d2", 42)
    g = swapped["given"]
    assert dict(swapped["mistakes"])[torch_shape(g["c_in"], g["c_out"], g["ks"], g["ks"])].startswith("That puts the input channels first")
    bias = next(ex for ex in exercises("d4") if ex["given"]["bias"])
    g = bias["given"]
    per_channel = g["c_out"] * g["c_in"] * g["ks"] ** 2 + g["c_out"] * g["c_in"]
    assert dict(bias["mistakes"])[str(per_channel)].startswith("That counts a bias per input channel"), "bias once per channel"
    colour = exercise("d8", 1)
    assert "added once per filter" in dict(colour["mistakes"])[str(int(colour["answer"]) + 2 * colour["given"]["bias"])]


@pytest.mark.unit
def test_the_same_seed_gives_the_same_exercise_and_seeds_are_checked() -> None:
    assert exercise("d7", 1234) == exercise("d7", 1234)
    assert exercise("d7", 1234) != exercise("d7", 1235)
    with pytest.raises(ValueError, match="seed 0"):
        exercise("d1", 0)
    with pytest.raises(ValueError, match="seed"):
        exercise("d1", MAX_SEED + 1)
    with pytest.raises(ValueError, match="unknown drill 'd10'"):
        exercise("d10", 1)


@pytest.mark.unit
def test_the_generator_is_mulberry32() -> None:
    rng = Rng(1)
    assert [rng.u32() for _ in range(3)] == [2693262067, 11749833, 2265367787]  # mulberry32(1), as the usual JavaScript one-liner gives


@pytest.mark.unit
@pytest.mark.parametrize(
    ("typed", "kind", "read"),
    [
        ("1,152", "number", "1152"),
        ("1 152", "number", "1152"),
        (" 18432 ", "number", "18432"),
        ("1\u202f152", "number", "1152"),
        ("−12", "number", "-12"),
        ("-012", "number", "-12"),
        ("12.5", "number", None),
        ("twelve", "number", None),
        ("", "number", None),
        ("64×8×7×7", "shape", "64×8×7×7"),
        ("64 x 8 x 7 x 7", "shape", "64×8×7×7"),
        ("64X8x7*7", "shape", "64×8×7×7"),
        ("[64, 8, 7, 7]", "shape", "64×8×7×7"),
        ("torch.Size([64, 8, 7, 7])", "shape", "64×8×7×7"),
        ("(64 8 7 7)", "shape", "64×8×7×7"),
        ("64×8×7×", "shape", "64×8×7"),
        ("64×eight", "shape", None),
        ("", "shape", None),
        ("7", "square", "7"),
        ("7x7", "square", "7"),
        ("7 × 7", "square", "7"),
        ("7×8", "square", None),
    ],
)
def test_answers_are_read_tolerantly(typed: str, kind: str, read: str | None) -> None:
    assert parse(typed, kind) == read
