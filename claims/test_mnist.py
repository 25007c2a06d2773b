"""Arithmetic on the MNIST accuracies document 002 reports for the 100-hidden-neuron networks
(quadratic cost 96.59 %, cross-entropy 96.82 %), in exact decimal arithmetic."""

from fractions import Fraction

import pytest

QUADRATIC_ACCURACY = Fraction("96.59")
CROSS_ENTROPY_ACCURACY = Fraction("96.82")


def error_rate(accuracy: Fraction) -> Fraction:
    return 100 - accuracy


@pytest.mark.claim("mnist-error-rates-341-318", witness="arithmetic")
def test_accuracies_9659_and_9682_are_error_rates_341_and_318():
    assert error_rate(QUADRATIC_ACCURACY) == Fraction("3.41")
    assert error_rate(CROSS_ENTROPY_ACCURACY) == Fraction("3.18")


@pytest.mark.claim("mnist-one-fourteenth-of-errors", witness="arithmetic")
def test_error_reduction_from_341_to_318_is_about_one_fifteenth_not_one_fourteenth(record_counterexample):
    before, after = error_rate(QUADRATIC_ACCURACY), error_rate(CROSS_ENTROPY_ACCURACY)
    eliminated = (before - after) / before  # exactly 23/341
    nearest_unit_fraction = Fraction(1, round(1 / eliminated))
    assert eliminated != Fraction(1, 14)
    assert nearest_unit_fraction == Fraction(1, 15)
    record_counterexample(
        f"(3.41 - 3.18) / 3.41 = {eliminated} = {float(eliminated):.4f} = 1/{float(1 / eliminated):.2f}; "
        f"1/14 = {1 / 14:.4f}, 1/15 = {1 / 15:.4f}"
    )
