"""The learning-rate sweep's command line (``python -m reports.sweep``) and figure; the
experiment itself is :mod:`experiments.sweep`."""
