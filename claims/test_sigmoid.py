"""sigma'(z) = sigma(z)(1 - sigma(z)) (claim sigmoid-derivative)."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given

from claims.strategies import any_weighted_input
from claims.witnesses import EPS, central_difference
from engine.activations import sigmoid, sigmoid_prime


@pytest.mark.claim("sigmoid-derivative", witness="sympy")
def test_derivative_of_logistic_function_is_sigma_times_one_minus_sigma():
    z = sp.symbols("z", real=True)
    sigma = 1 / (1 + sp.exp(-z))
    difference = sp.diff(sigma, z) - sigma * (1 - sigma)
    # With t = e^{-z} both sides are rational functions of t: cancel decides equality exactly.
    t = sp.symbols("t", positive=True)
    assert sp.cancel(difference.subs(sp.exp(-z), t)) == 0


@pytest.mark.claim("sigmoid-derivative", witness="hypothesis")
@given(any_weighted_input())
def test_engine_sigmoid_prime_equals_sigma_times_one_minus_sigma(z):
    a = sigmoid(z)
    # sigmoid_prime is computed as sigma(z) sigma(-z); the right side forms 1 - a from the
    # rounded a (absolute error up to eps/2, times a <= 1) and rounds two products of size <= 1/4.
    assert abs(sigmoid_prime(z) - a * (1.0 - a)) <= EPS / 2 + EPS / 4


@pytest.mark.claim("sigmoid-derivative", witness="finite-differences")
@given(any_weighted_input(max_magnitude=800.0))
def test_engine_sigmoid_prime_matches_central_difference_of_engine_sigmoid(z):
    numerical = central_difference(lambda t: float(sigmoid(t)), z)
    h = 1e-6 * max(1.0, abs(z))
    # Truncation h^2 max|sigma'''| / 6 <= h^2 / 48; rounding: one ulp of sigma(z +- h) over 2h.
    # For z < 0 sigma is tiny and its ulp with it, so the check is relative there.
    tolerance = h * h / 48 + np.spacing(float(sigmoid(z + h))) / h
    assert abs(sigmoid_prime(z) - numerical) <= tolerance + 1e-6 * sigmoid_prime(z)
