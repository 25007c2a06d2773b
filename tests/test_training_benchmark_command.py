"""``python -m runs.bench`` runs end to end on a tiny workload and writes its JSON figures.

Nothing here is timed: the test checks that every figure the specification names is present,
finite and positive, that the speedups are the ratios of the reported times, and that the
multi-seed runs in worker processes reproduced the sequential histories.
"""

import json
import math

import numpy as np

from engine.bench import training_flops_per_example
from runs.bench import main

TINY = [
    "--epochs",
    "2",
    "--train-size",
    "120",
    "--reference-size",
    "40",
    "--seeds",
    "2",
    "--multi-seed-train-size",
    "60",
    "--multi-seed-rounds",
    "1",
    "--jobs",
    "2",
    "--peak-size",
    "64",
    "--step-count",
    "20",
    "--step-repeats",
    "1",
]


def test_benchmark_writes_the_specified_figures(real_mnist_dir, tmp_path, capsys):
    target = tmp_path / "bench.json"
    assert main(["--mnist-dir", str(real_mnist_dir), "--json", str(target), *TINY]) == 0
    results = json.loads(target.read_text())
    assert [(c["sizes"], c["dtype"]) for c in results["configs"]][:2] == [
        ([784, 30, 10], "float64"),
        ([784, 100, 10], "float32"),
    ]
    for config in results["configs"]:
        for key in ("sec_per_epoch", "reference_sec_per_epoch", "speedup", "peak_fraction"):
            assert math.isfinite(config[key]) and config[key] > 0, key
        assert math.isclose(
            config["speedup"], config["reference_sec_per_epoch"] / config["sec_per_epoch"]
        )
    multi_seed = results["multi_seed"]
    assert multi_seed["k"] == 2
    assert multi_seed["speedup_vs_sequential"] > 0
    assert multi_seed["identical_histories"] is True
    assert "speedup" in capsys.readouterr().out
    _check_steps(results["steps"])


def _check_steps(steps):
    configs = {(tuple(step["sizes"]), step["dtype"]) for step in steps}
    assert {((784, 30, 10), "float64"), ((784, 100, 10), "float64")} <= configs
    for step in steps:
        assert {"sizes", "dtype", "step_us", "matmul_us", "overhead_ratio"} <= set(step)
        assert step["step_us"] > 0 and step["matmul_us"] > 0 and step["cached_inputs_step_us"] > 0
        assert math.isclose(step["overhead_ratio"], step["step_us"] / step["matmul_us"])


def test_steps_only_writes_just_the_step_figures(real_mnist_dir, tmp_path):
    target = tmp_path / "steps.json"
    assert (
        main(
            [
                "--mnist-dir",
                str(real_mnist_dir),
                "--json",
                str(target),
                "--steps-only",
                "--step-count",
                "20",
                "--step-repeats",
                "1",
                "--train-size",
                "200",
            ]
        )
        == 0
    )
    results = json.loads(target.read_text())
    assert "configs" not in results
    _check_steps(results["steps"])


def test_products_alone_are_the_steps_products_on_its_buffers():
    """One round of the benchmark's products-only loop on a [784, 30, 10] step's buffers, from
    zero parameters: z^T = [W | b] A^T = 0, the error sent back delta W = 0, the output layer's
    increment delta^T [a | 1] added to its (zero) parameters, the hidden layer's 0."""
    from engine.bench import _products_alone
    from engine.blas import gemm_handle

    rng = np.random.default_rng(0)
    params = (np.zeros((30, 785)), np.zeros((10, 31)))
    activations = (rng.uniform(size=(10, 785)), rng.uniform(size=(10, 31)))
    transposed_zs = (np.ones((30, 10)), np.ones((10, 10)))
    deltas = (np.ones((10, 30)), rng.standard_normal((10, 10)))
    _products_alone(gemm_handle(np.float64), params, activations, transposed_zs, deltas, 1)
    assert not any(z.any() for z in transposed_zs) and not deltas[0].any()
    np.testing.assert_allclose(params[1], deltas[1].T @ activations[1], rtol=1e-14)
    assert not params[0].any()


def test_flop_count_of_one_example():
    # [784, 30, 10]: forward and gradient 2 * (785*30 + 31*10) each, errors back 2 * 30*10
    assert training_flops_per_example([784, 30, 10]) == 4 * (785 * 30 + 31 * 10) + 2 * 30 * 10
