"""The learning-rate sweep: quadratic against cross-entropy, each at its tuned rate
(``python -m reports.sweep``)."""
