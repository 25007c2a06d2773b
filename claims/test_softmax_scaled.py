"""Scaled softmax a_j = e^{c z_j} / sum_k e^{c z_k} (eq. (83)): a distribution for every c > 0,
and as c -> infinity the indicator of the maximum, shared equally among tied maxima."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given
from hypothesis import strategies as st

from claims.strategies import any_weighted_input, softmax_inputs
from claims.witnesses import EPS
from engine.activations import softmax

scales = st.one_of(
    st.sampled_from([5e-324, 1e-300, 1.0, 1e10, 1e150, 1e300, 1.7976931348623157e308]),
    st.floats(min_value=0.0, max_value=1.7976931348623157e308, exclude_min=True, allow_infinity=False),
)


@pytest.mark.claim("softmax-scaled-is-distribution", witness="hypothesis")
@given(softmax_inputs(), scales)
def test_scaled_softmax_is_a_distribution_for_every_positive_scale(z, c):
    a = softmax(z, c)
    assert np.all(a >= 0) and np.all(np.isfinite(a))
    assert a[np.argmax(z)] > 0  # the largest input always keeps weight e^0 = 1
    assert abs(a.sum() - 1.0) <= z.size * EPS


@pytest.mark.claim("softmax-hardmax-limit", witness="hypothesis")
@given(softmax_inputs(elements=any_weighted_input(1e300)), st.sampled_from([1e300, 1.7976931348623157e308]))
def test_huge_scale_gives_one_over_k_on_the_k_tied_maxima_and_zero_elsewhere(z, c):
    top = z.max()
    # The limit is reached in float64 once every non-maximal term e^{-c gap} underflows:
    # c gap > 745 for each gap > 0 (an overflow to inf is fine here).
    with np.errstate(over="ignore"):
        gaps = top - z
        assume(np.all((gaps == 0) | (gaps * c > 800)))
    tied = z == top
    a = softmax(z, c)
    k = int(tied.sum())
    assert np.all(a[~tied] == 0.0)
    assert np.all(np.abs(a[tied] - 1.0 / k) <= EPS / k)


@pytest.mark.claim("softmax-hardmax-limit", witness="sympy")
@pytest.mark.parametrize(
    "zs, expected",
    [((3, 1, 0), (1, 0, 0)), ((2, 2, 0), (sp.Rational(1, 2), sp.Rational(1, 2), 0)),
     ((1, 1, 1), (sp.Rational(1, 3),) * 3), ((-1, 5, 5), (0, sp.Rational(1, 2), sp.Rational(1, 2)))],
)
def test_symbolic_limit_of_scaled_softmax_as_c_grows(zs, expected):
    c = sp.symbols("c", positive=True)
    denominator = sum(sp.exp(c * zk) for zk in zs)
    for zj, limit in zip(zs, expected):
        assert sp.limit(sp.exp(c * zj) / denominator, c, sp.oo) == limit


@pytest.mark.claim("softmax-name-softened-max", witness="hypothesis")
@given(softmax_inputs(elements=st.floats(-20.0, 20.0), min_size=2, max_size=10),
       st.lists(st.floats(1e-3, 1e3), min_size=2, max_size=6, unique=True))
def test_weight_on_the_maximum_never_falls_as_the_scale_grows(z, cs):
    mass = [softmax(z, c)[z == z.max()].sum() for c in sorted(cs)]
    # d/dc of the argmax mass is >= 0; allow n eps for the rounding of each evaluation.
    assert all(later >= earlier - z.size * EPS for earlier, later in zip(mass, mass[1:]))
