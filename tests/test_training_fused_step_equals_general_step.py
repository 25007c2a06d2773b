"""The buffered SGD step with the closed-form output error equals the general chain-rule step.

``engine.training._FusedStep`` (bias folded into the weights, delta^L in closed form, the update
scaled before it is propagated) and ``_GeneralStep`` (``Network.backprop(path="general")``, then
w -= eta * mean gradient) must give the same parameters after several mini-batch updates, for
every pairing that has a closed form, including a shorter last mini-batch.

Tolerance: the two steps differ only in rounding (matrix products in another order, (eta/m)
applied before rather than after the products, the closed-form delta against the chain rule), a
few units of 2^-53 per operation; over a handful of steps that stays far below 1e-12 of the parameters' magnitude,
whereas any difference in the formula (a lost 1/m, a missing sigma'(z)) shows at 1e-3 or more.
"""

import numpy as np
import pytest

from engine.network import FUSED_OUTPUT_DELTAS, Network
from engine.training import _FusedStep, _GeneralStep, one_hot

RELATIVE_TOLERANCE = 1e-12
N_EXAMPLES = 23  # with mini-batches of 5 the last one has 3 examples
MINI_BATCH_SIZE = 5


def _problem(output, cost, seed):
    rng = np.random.default_rng(seed)
    sizes = [7, 6, 5, 4]
    x = rng.uniform(0.0, 1.0, size=(N_EXAMPLES, sizes[0]))
    labels = rng.integers(0, sizes[-1], size=N_EXAMPLES)
    if output == "linear":
        targets = rng.normal(size=(N_EXAMPLES, sizes[-1]))
    else:
        targets = one_hot(labels, sizes[-1])
    network = Network(sizes, output=output, cost=cost, init="large", seed=seed)
    return network, x, targets


@pytest.mark.parametrize("output, cost", sorted(FUSED_OUTPUT_DELTAS))
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_fused_step_gives_the_same_parameters_as_the_general_step(output, cost, seed):
    fused_network, x, targets = _problem(output, cost, seed)
    general_network = fused_network.copy()
    eta = 0.5 if output != "linear" else 0.05
    fused = _FusedStep(fused_network, MINI_BATCH_SIZE, eta)
    general = _GeneralStep(general_network, eta)
    order = np.random.default_rng(seed + 100)
    for epoch in range(2):
        permutation = order.permutation(N_EXAMPLES)
        for start in range(0, N_EXAMPLES, MINI_BATCH_SIZE):
            batch = permutation[start : start + MINI_BATCH_SIZE]
            fused(x, targets, batch)
            general(x, targets, batch)
    for layer, (p_fused, p_general) in enumerate(
        zip(fused_network.params, general_network.params)
    ):
        scale = np.max(np.abs(p_general))
        error = np.max(np.abs(p_fused - p_general))
        assert error <= RELATIVE_TOLERANCE * scale, (
            f"{output}/{cost} layer {layer}: fused and general steps differ by {error:.3g} "
            f"(parameters of size {scale:.3g})"
        )
    initial = Network(fused_network.sizes, output=output, cost=cost, init="large", seed=seed)
    moved = any(
        np.max(np.abs(p - q)) > 1e-3 for p, q in zip(fused_network.params, initial.params)
    )
    assert moved, "the steps did not change the parameters, so the comparison shows nothing"
