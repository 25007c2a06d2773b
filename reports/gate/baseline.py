"""Tolerance bands and the baseline document: making one from observations, reading one back."""

from __future__ import annotations

import math
from pathlib import Path

from experiments.statistics import student_t_quantile
from reports.gate.observe import (
    ACCURACY_SCALE,
    BASELINE_FORMAT,
    BASELINE_VERSION,
    FLOOR_IMAGES,
    MNIST_CONFIDENCE,
    NEURON_ABSOLUTE,
    NEURON_RELATIVE,
    Entry,
    GateInputError,
    Observations,
    guarded,
    load_json,
    observe,
)

# Bands and the baseline document.


def neuron_band(value: float) -> tuple[list[float], str]:
    half_width = max(NEURON_RELATIVE * abs(value), NEURON_ABSOLUTE)
    rule = f"deterministic: +-max({NEURON_RELATIVE:g}*|value|, {NEURON_ABSOLUTE:g})"
    return [value - half_width, value + half_width], rule


def mnist_band(mean: float, std: float, n_seeds: int, n_eval: int) -> tuple[list[float], str]:
    """``mean +- max(t(0.995, n-1) * s * sqrt(2/n), FLOOR_IMAGES / n_eval)`` in percent."""
    floor = FLOOR_IMAGES * ACCURACY_SCALE / n_eval
    if n_seeds >= 2:
        t = student_t_quantile((1.0 + MNIST_CONFIDENCE) / 2.0, n_seeds - 1)
        spread = t * std * math.sqrt(2.0 / n_seeds)
        rule = f"+-max(t={t:.4g} * s={std:.3g} * sqrt(2/{n_seeds}), {FLOOR_IMAGES}/{n_eval} images)"
    else:
        spread = 0.0
        rule = f"single seed, no spread: +-{FLOOR_IMAGES}/{n_eval} images"
    half_width = max(spread, floor)
    # An accuracy cannot leave [0, 100] %: a band reaching past both ends gates nothing.
    return [max(mean - half_width, 0.0), min(mean + half_width, ACCURACY_SCALE)], rule


def stall_band(share: float, std: float, n_seeds: int) -> tuple[list[float], str]:
    """The share of seeds that stall (percent), ``share +- max(t(0.995, n-1) * s * sqrt(2/n),
    100 / n)``: the prediction interval of :func:`mnist_band` for the stall indicator (100 for a
    seed that stalls, 0 for one that trains), never narrower than one seed changing sides."""
    floor = ACCURACY_SCALE / n_seeds
    spread = 0.0
    if n_seeds >= 2:
        t = student_t_quantile((1.0 + MNIST_CONFIDENCE) / 2.0, n_seeds - 1)
        spread = t * std * math.sqrt(2.0 / n_seeds)
    rule = f"stall share: +-max(t * s={std:.3g} * sqrt(2/{n_seeds}), 1 of {n_seeds} seeds)"
    half_width = max(spread, floor)
    return [max(share - half_width, 0.0), min(share + half_width, ACCURACY_SCALE)], rule


def make_baseline(observed: Observations) -> dict:
    """The baseline document that accepts exactly what ``observed`` shows."""
    figures: dict[str, dict] = {}
    for key, value in observed.neuron_figures.items():
        band, rule = neuron_band(value)
        figures[key] = {"value": value, "band": band, "rule": rule}
    for key, record in observed.mnist_figures.items():
        band, rule = mnist_band(record["value"], record["std"], record["n_seeds"], record["n_eval"])
        figures[key] = {**record, "band": band, "rule": rule}
    for key, record in observed.stall_figures.items():
        band, rule = stall_band(record["value"], record["std"], record["n_seeds"])
        figures[key] = {**record, "band": band, "rule": rule}
    optional = {}
    if observed.fingerprint is not None:
        # Exact mode needs both: the machine the figures were made on and the figures seed by seed.
        optional = {
            "fingerprint": observed.fingerprint,
            "exact": dict(sorted(observed.exact.items())),
        }
    return {
        "format": BASELINE_FORMAT,
        "version": BASELINE_VERSION,
        "profile": observed.profile,
        "rules": {
            "neuron_relative": NEURON_RELATIVE,
            "neuron_absolute": NEURON_ABSOLUTE,
            "mnist_confidence": MNIST_CONFIDENCE,
            "mnist_floor_images": FLOOR_IMAGES,
        },
        "claims": dict(sorted(observed.claims.items())),
        "statements": dict(sorted(observed.statements.items())),
        "comparisons": dict(sorted(observed.comparisons.items())),
        "setups": dict(sorted(observed.setups.items())),
        "figures": dict(sorted(figures.items())),
        **optional,
    }


BASELINE_SECTIONS = ("claims", "statements", "comparisons", "setups", "figures")
EXACT_SECTION = "exact"  # optional: every per-seed figure, for exact mode


def load_baseline(path: str | Path) -> dict:
    """The baseline in ``path``: a file written by ``--update``, or a results.json (its baseline is
    derived on the fly with the same rules). GateInputError names the file when it is unusable."""
    root = load_json(path, "baseline")

    def read():
        if not root.has("format") and root.has("claims") and root.has("experiments"):
            return make_baseline(observe(root))
        return read_baseline(root)

    return guarded(root.source, read)


def read_baseline(root: Entry) -> dict:
    """Validate a loaded baseline file; returns it as a plain dict."""
    format_name = root.key("format").text()
    version = root.key("version").integer()
    if format_name != BASELINE_FORMAT or version != BASELINE_VERSION:
        raise GateInputError(
            f"{root.source}: expected format '{BASELINE_FORMAT}' version {BASELINE_VERSION}, "
            f"found '{format_name}' version {version}"
        )
    root.key("profile").text()
    for _, claim in root.key("claims").items():
        claim.key("expected").text()
        claim.key("verdict").text()
    for section in ("statements", "comparisons"):
        for _, record in root.key(section).items():
            record.key("verdict").text()
    for _, setup in root.key("setups").items():
        setup._require_type((dict,), "an object")
    for _, setup in root.key("setups").items():
        if setup.has("n_eval"):
            setup.key("n_eval").positive_integer()
    for _, figure in root.key("figures").items():
        figure.key("value").number()
        for count in ("n_eval", "n_seeds"):
            if figure.has(count):
                figure.key(count).positive_integer()
        if figure.has("std") and figure.key("std").number() < 0:
            raise GateInputError(
                f"{root.source}: expected a standard deviation >= 0 at '{figure.path}.std'"
            )
        band = figure.key("band").elements()
        if len(band) != 2:
            raise GateInputError(f"{root.source}: expected [low, high] at '{figure.path}.band'")
        low, high = (bound.number() for bound in band)
        if low > high:
            raise GateInputError(f"{root.source}: band low > high at '{figure.path}.band'")
    _read_exact(root)
    return root.value


def _read_exact(root: Entry) -> None:
    """The optional fingerprint (an object) and per-seed figures
    ({values: [...], seeds?: [...]})."""
    if root.has("fingerprint"):
        root.key("fingerprint")._require_type((dict,), "an object (the run fingerprint)")
    if not root.has(EXACT_SECTION):
        return
    for _, record in root.key(EXACT_SECTION).items():
        values = record.key("values").elements()
        if record.has("seeds"):
            seeds = record.key("seeds").elements()
            for seed in seeds:
                seed.integer()
            if len(seeds) != len(values):
                raise GateInputError(
                    f"{root.source}: expected one value per seed at '{record.path}'"
                )
