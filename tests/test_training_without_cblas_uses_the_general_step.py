"""Where NumPy's BLAS offers no cblas_dgemm / cblas_sgemm (engine.compiled_step.AVAILABLE is
False) training takes the general chain-rule step instead of the compiled one, and trains to the
same parameters up to rounding."""

import numpy as np

from engine import training
from engine.network import Network


def test_without_the_blas_symbols_sgd_trains_with_the_general_step(monkeypatch):
    x = np.random.default_rng(3).uniform(size=(11, 4))
    labels = np.arange(11) % 3
    compiled, general = Network([4, 5, 3], seed=3), Network([4, 5, 3], seed=3)
    assert isinstance(training.make_step(compiled, 4, 0.5), training.CompiledStep)
    training.sgd(compiled, x, labels, 2, 4, 0.5)
    monkeypatch.setattr(training, "COMPILED_STEP_AVAILABLE", False)
    assert isinstance(training.make_step(general, 4, 0.5), training._GeneralStep)
    training.sgd(general, x, labels, 2, 4, 0.5)
    for ours, theirs in zip(compiled.params, general.params):
        # a few eps per operation over 6 steps; a formula difference would show at 1e-3
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-12)
