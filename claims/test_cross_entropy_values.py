"""Values of the cross-entropy C = -[y ln a + (1 - y) ln(1 - a)] (eq. (57)): never negative,
near 0 when the output is right, smallest at a = y, and well defined where the reversed form
is not."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from claims.strategies import any_weighted_input, binary_targets, open_unit_interval, unit_targets
from claims.witnesses import EPS
from engine.costs import CROSS_ENTROPY
from engine.errors import SaturatedOutputError

unit_entries = st.one_of(st.sampled_from([0.0, 1.0]), st.floats(0.0, 1.0))


def cost(a, y) -> float:
    return float(CROSS_ENTROPY.value(np.array([[a]]), np.array([[y]]))[0])


def cost_from_z(z, y) -> float:
    return float(CROSS_ENTROPY.value_from_z(np.array([[z]]), np.array([[y]]))[0])


@pytest.mark.claim("cross-entropy-nonnegative", witness="hypothesis")
@given(st.integers(1, 20).flatmap(lambda n: st.tuples(
    hnp.arrays(np.float64, (2, n), elements=unit_entries),
    hnp.arrays(np.float64, (2, n), elements=unit_entries))))
def test_cross_entropy_is_never_negative_on_the_unit_square(pair):
    a, y = pair
    # Each summand is (non-negative weight) x (log of a number <= 1): exactly <= 0 in floating
    # point too, so no tolerance is needed.
    assert (CROSS_ENTROPY.value(a, y) >= 0).all()


@pytest.mark.claim("cross-entropy-nonnegative", witness="hypothesis")
@given(a=st.floats(2.0**-53, 1 - 2.0**-53), y=binary_targets())
def test_cross_entropy_is_positive_for_binary_target_and_output_inside_unit_interval(a, y):
    # For y in {0, 1} and a in (0, 1) the cost is -ln a or -ln(1 - a), both > 0. The engine forms
    # 1 - a before the logarithm, so a must keep 1 - a below 1 in float64: a >= 2^-53 (ln of a
    # float below 1 is below 0: ln(1 - 2^-53) = -1.1e-16).
    assert cost(a, y) > 0


@pytest.mark.claim("cross-entropy-nonnegative", witness="hypothesis")
@given(z=any_weighted_input(), y=unit_targets())
def test_cross_entropy_from_weighted_input_is_never_negative(z, y):
    assert cost_from_z(z, y) >= 0


@pytest.mark.claim("cross-entropy-near-zero-when-correct", witness="hypothesis")
@given(y=binary_targets(), gap=st.floats(0.0, 0.5))
def test_cross_entropy_is_at_most_twice_the_error_when_output_is_near_binary_target(y, gap):
    # y = 0: C = -ln(1 - a) <= a / (1 - a) <= 2a for a <= 1/2 (and symmetrically for y = 1), so
    # C -> 0 as a -> y. Slack: relative 4 eps for ln, absolute eps for the rounding of 1 - a.
    a = gap if y == 0.0 else 1.0 - gap
    error = abs(a - y)
    assert 0.0 <= cost(a, y) <= 2 * error * (1 + 4 * EPS) + EPS
    assert cost(y, y) == 0.0


@pytest.mark.claim("cross-entropy-near-zero-when-correct", witness="hypothesis")
@given(z=st.floats(0.0, 1e308), y=binary_targets())
def test_cross_entropy_of_confident_correct_neuron_is_below_e_to_minus_z(z, y):
    # Output pushed towards the target by |z|: C = softplus(-|z|) = ln(1 + e^{-|z|}) <= e^{-|z|}.
    signed = z if y == 1.0 else -z
    assert 0.0 <= cost_from_z(signed, y) <= np.exp(-z) * (1 + 4 * EPS)


@pytest.mark.claim("cross-entropy-near-zero-when-correct", witness="sympy")
def test_cross_entropy_limits_are_zero_at_binary_targets():
    a = sp.symbols("a", positive=True)
    assert sp.limit(-sp.log(1 - a), a, 0, "+") == 0  # y = 0
    assert sp.limit(-sp.log(a), a, 1, "-") == 0  # y = 1


@pytest.mark.claim("cross-entropy-minimum-at-target", witness="sympy")
def test_cross_entropy_derivative_vanishes_only_at_target_and_curvature_is_positive():
    a, y = sp.symbols("a y", positive=True)
    c = -(y * sp.log(a) + (1 - y) * sp.log(1 - a))
    slope = sp.together(sp.diff(c, a))
    assert sp.solve(sp.numer(slope), a) == [y]
    curvature = sp.diff(c, a, 2)
    assert sp.simplify(curvature - (y / a**2 + (1 - y) / (1 - a) ** 2)) == 0  # sum of positives
    binary_entropy = -(y * sp.log(y) + (1 - y) * sp.log(1 - y))
    assert sp.expand(c.subs(a, y) - binary_entropy) == 0


@pytest.mark.claim("cross-entropy-minimum-at-target", witness="hypothesis")
@given(y=open_unit_interval(), a=unit_targets())
def test_cross_entropy_at_any_output_is_at_least_its_value_at_the_target(y, a):
    minimum = cost(y, y)
    # Near a = y the excess is (a - y)^2 / (2 y (1 - y)), below rounding: allow 8 eps of C. The
    # engine takes ln of the rounded 1 - a, an absolute error up to eps/2 in ln(1 - a): allow eps.
    assert cost(a, y) >= minimum * (1 - 8 * EPS) - EPS


@pytest.mark.claim("cross-entropy-minimum-at-target", witness="hypothesis")
@given(y=open_unit_interval(), a=open_unit_interval())
def test_cross_entropy_slope_points_away_from_the_target(y, a):
    assume(a != y)
    try:
        slope = float(CROSS_ENTROPY.grad_a(np.array([[a]]), np.array([[y]]))[0, 0])
    except SaturatedOutputError:
        # Refused only where the true slope, of size y/a or (1 - y)/(1 - a), exceeds float64.
        with np.errstate(over="ignore"):
            assert np.float64(y) / a == np.inf or np.float64(1 - y) / (1 - a) == np.inf
        return
    assert np.sign(slope) == np.sign(a - y)


@pytest.mark.claim("cross-entropy-minimum-at-target", witness="numerical")
@pytest.mark.parametrize("y", [0.1, 0.25, 0.5, 0.75, 0.9])
def test_minimum_value_is_binary_entropy_and_a_grid_search_finds_it_at_the_target(y):
    grid = np.linspace(0.0, 1.0, 100001)[1:-1]
    costs = CROSS_ENTROPY.value(grid[:, None], np.full((grid.size, 1), y))
    assert abs(grid[np.argmin(costs)] - y) <= 1e-5  # the grid step
    binary_entropy = -(y * np.log(y) + (1 - y) * np.log1p(-y))
    assert abs(costs.min() - binary_entropy) <= 1e-9  # (grid step)^2 / (2 y (1 - y)) + rounding


@pytest.mark.claim("cross-entropy-reversed-form-undefined", witness="sympy")
def test_reversed_cross_entropy_is_undefined_at_binary_targets_while_eq_57_is_finite():
    a, y = sp.symbols("a y", real=True)
    reversed_form = -(a * sp.log(y) + (1 - a) * sp.log(1 - y))
    correct_form = -(y * sp.log(a) + (1 - y) * sp.log(1 - a))
    half = sp.Rational(1, 3)
    for target in (0, 1):
        # ln 0 has no value: SymPy evaluates it to complex infinity.
        assert reversed_form.subs({a: half, y: target}).has(sp.zoo)
        assert correct_form.subs({a: half, y: target}).is_finite
        assert sp.limit(reversed_form.subs(a, half), y, target, "+" if target == 0 else "-") == sp.oo


@pytest.mark.claim("cross-entropy-reversed-form-undefined", witness="hypothesis")
@given(a=open_unit_interval(), y=binary_targets())
def test_engine_cross_entropy_is_finite_at_binary_targets_but_infinite_with_roles_swapped(a, y):
    assert np.isfinite(cost(a, y))
    # The engine's formula with output and target exchanged is the reversed form
    # -[a ln y + (1 - a) ln(1 - y)]: ln 0 makes it infinite.
    assert cost(y, a) == np.inf
