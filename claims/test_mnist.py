"""Arithmetic on the MNIST accuracies document 002 prints for the 100-hidden-neuron networks: the
error rates and the share of errors removed, judged exactly (fractions) by their catalog checks
through ``claims.judge`` -- the same rows the report shows. The accuracies themselves are judged
by the MNIST experiment (``experiment="mnist"``), too slow for a unit test."""

import pytest

from claims.judge import judged


@pytest.mark.claim("mnist-error-rates-341-318", witness="arithmetic")
def test_printed_accuracies_are_exactly_the_printed_error_rates():
    judged("mnist-error-rates-341-318")


@pytest.mark.claim("mnist-one-fourteenth-of-errors", witness="arithmetic")
def test_error_reduction_is_nearest_one_fifteenth_not_the_printed_one_fourteenth(
    record_counterexample,
):
    (row,) = judged("mnist-one-fourteenth-of-errors", record_counterexample)
    assert row["computed"].startswith("23/341 ")
