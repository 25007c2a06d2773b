"""Experiments re-run, the HTML report, the regression gate and the learning-rate sweep."""
