"""engine.blas.accumulate_product (c <- c + a b in one BLAS call on NumPy's own BLAS) gives the
same bits as ``c + np.matmul(a, b)``, for the operand layouts the training step passes (errors
transposed, activations as rows), in both precisions, for the increment shapes of the MNIST
networks and small ones, m from 1 to 12; the fused step's bit-for-bit equality with separate
and earlier training rests on it. Tolerance: none (==)."""

import numpy as np
import pytest

from engine.blas import accumulate_product


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("n_out, n_in", [(30, 785), (100, 785), (10, 31), (10, 101), (4, 8)])
@pytest.mark.parametrize("m", [1, 2, 3, 7, 10, 12])
def test_accumulated_product_equals_product_then_add_bit_for_bit(dtype, n_out, n_in, m):
    rng = np.random.default_rng(n_out * 10_000 + n_in * 10 + m)
    errors = (rng.standard_normal((m, n_out)) * 1e-2).astype(dtype)
    activations = np.ones((m, n_in), dtype=dtype)
    activations[:, :-1] = rng.uniform(0.0, 1.0, (m, n_in - 1))
    params = rng.standard_normal((n_out, n_in)).astype(dtype)
    expected = params + np.matmul(errors.T, activations)
    update = accumulate_product(errors.T, activations, params)
    update()
    assert np.array_equal(params, expected)
    update()  # reads its operands at call time: a second call adds the product again
    assert np.array_equal(params, expected + np.matmul(errors.T, activations))


def test_operands_that_do_not_multiply_are_refused_by_shape():
    with pytest.raises(ValueError, match="do not give"):
        accumulate_product(np.zeros((3, 4)), np.zeros((5, 2)), np.zeros((3, 2)))


def test_without_a_cblas_symbol_the_numpy_calls_give_the_same_bits(monkeypatch):
    import engine.blas

    monkeypatch.setattr(engine.blas, "_cblas_gemm", lambda dtype: None)
    rng = np.random.default_rng(5)
    errors, activations = rng.standard_normal((10, 30)), rng.uniform(0.0, 1.0, (10, 785))
    params = rng.standard_normal((30, 785))
    expected = params + np.matmul(errors.T, activations)
    accumulate_product(errors.T, activations, params)()
    assert np.array_equal(params, expected)
