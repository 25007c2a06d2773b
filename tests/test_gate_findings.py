"""The gate's rows, cell by cell: what each kind of difference prints in band mode and in exact
mode, and where a band's edges lie. The command-line tests read rows as text; these hold the
comparison itself to every cell, so a reader of a failing gate sees the figure, both values, the
band and the reason exactly as written here."""

from __future__ import annotations

import pytest

from reports.gate.compare import Finding, _first_difference, _seeds_extend, compare
from reports.gate.mode import BANDS, EXACT, Mode
from reports.gate.observe import Observations

BAND_MODE = Mode(BANDS, "test")
EXACT_MODE = Mode(EXACT, "test")
NEURON_KEY = "neuron :: saturated start :: cost after 300 epochs"
MNIST_KEY = "mnist :: 784-30-10 cross-entropy :: final_accuracy mean"
STALL_KEY = "mnist :: 784-100-10 quadratic :: stalled final_accuracy mean"


def empty_baseline(**sections) -> dict:
    baseline = {name: {} for name in ("claims", "statements", "comparisons", "setups", "figures")}
    baseline.update(sections)
    return baseline


def band(value: float, low: float, high: float, rule: str = "rule text") -> dict:
    return {"value": value, "band": [low, high], "rule": rule}


def band_findings(figures: dict, observed: Observations) -> tuple[list, list]:
    moved, new, _ = compare(empty_baseline(figures=figures), observed, BAND_MODE)
    return moved, new


def test_every_kind_of_figure_inside_its_band_passes():
    observed = Observations(
        "book",
        neuron_figures={NEURON_KEY: 0.5},
        mnist_figures={MNIST_KEY: {"value": 95.0}},
        stall_figures={STALL_KEY: {"value": 70.0}},
    )
    figures = {
        NEURON_KEY: band(0.5, 0.4, 0.6),
        MNIST_KEY: band(95.0, 94.0, 96.0),
        STALL_KEY: band(70.0, 60.0, 80.0),
    }
    assert band_findings(figures, observed) == ([], [])


@pytest.mark.parametrize("value", [94.0, 96.0])
def test_a_figure_on_either_edge_of_its_band_passes(value):
    # the band is closed: its edges are accepted values
    observed = Observations("book", mnist_figures={MNIST_KEY: {"value": value}})
    assert band_findings({MNIST_KEY: band(95.0, 94.0, 96.0)}, observed) == ([], [])


@pytest.mark.parametrize(
    ("key", "observed"),
    [
        (NEURON_KEY, Observations("book", neuron_figures={NEURON_KEY: 0.1234567890123})),
        (MNIST_KEY, Observations("book", mnist_figures={MNIST_KEY: {"value": 93.123456}})),
        (STALL_KEY, Observations("book", stall_figures={STALL_KEY: {"value": 93.123456}})),
    ],
)
def test_a_figure_outside_its_band_prints_baseline_now_band_and_rule(key, observed):
    kind = key.split(" ", 1)[0]
    figures = {key: band(95.123456789, 94.123456789, 96.123456789, rule="t interval")}
    moved, new = band_findings(figures, observed)
    # a neuron figure prints 12 significant digits, an MNIST accuracy 6
    if kind == "neuron":
        expected = Finding(
            "neuron",
            key,
            "95.123456789",
            "0.123456789012",
            "[94.123456789, 96.123456789]",
            "outside band (t interval)",
        )
    else:
        expected = Finding(
            "mnist", key, "95.1235", "93.1235", "[94.1235, 96.1235]", "outside band (t interval)"
        )
    assert moved == [expected]
    assert new == []


def test_a_band_without_a_rule_says_outside_band_with_empty_parentheses():
    figures = {MNIST_KEY: {"value": 95.0, "band": [94.0, 96.0]}}
    observed = Observations("book", mnist_figures={MNIST_KEY: {"value": 90.0}})
    moved, _ = band_findings(figures, observed)
    assert [finding.why for finding in moved] == ["outside band ()"]


def test_a_figure_missing_from_the_results_is_a_moved_row():
    moved, new = band_findings({MNIST_KEY: band(95.0, 94.0, 96.0)}, Observations("book"))
    assert moved == [
        Finding(
            "mnist",
            MNIST_KEY,
            "95",
            "(missing)",
            "[94, 96]",
            "figure disappeared from the results",
        )
    ]
    assert new == []


def test_a_missing_neuron_figure_prints_its_band_with_twelve_digits():
    figures = {NEURON_KEY: band(0.1234567890123, 0.11111111111111, 0.13333333333333)}
    moved, _ = band_findings(figures, Observations("book"))
    assert [(f.kind, f.baseline, f.band) for f in moved] == [
        ("neuron", "0.123456789012", "[0.111111111111, 0.133333333333]")
    ]


@pytest.mark.parametrize(
    ("observed", "kind"),
    [
        (Observations("book", neuron_figures={NEURON_KEY: 0.1234567890123}), "neuron"),
        (Observations("book", mnist_figures={MNIST_KEY: {"value": 93.123456}}), "mnist"),
        (Observations("book", stall_figures={STALL_KEY: {"value": 93.123456}}), "mnist"),
    ],
)
def test_a_figure_the_baseline_lacks_is_listed_as_new_and_does_not_fail(observed, kind):
    moved, new = band_findings({}, observed)
    (key,) = {**observed.neuron_figures, **observed.mnist_figures, **observed.stall_figures}
    now = "0.123456789012" if kind == "neuron" else "93.1235"
    assert moved == []
    assert new == [Finding(kind, key, "(new)", now, "", "not in the baseline")]


# Exact mode: per-seed figures equal bit for bit, the first differing epoch named.


def exact_baseline(values: list, seeds: list | None = None) -> dict:
    record = {"values": values} if seeds is None else {"values": values, "seeds": seeds}
    return empty_baseline(exact={MNIST_KEY: record})


def test_exact_mode_names_the_seed_and_epoch_of_the_first_difference():
    baseline = exact_baseline([[90.0, 91.0, 92.0]], seeds=[7])
    observed = Observations(
        "book", exact={MNIST_KEY: {"values": [[90.0, 91.5, 92.5]], "seeds": [7]}}
    )
    moved, new, _ = compare(baseline, observed, EXACT_MODE)
    assert moved == [
        Finding(
            "mnist",
            f"{MNIST_KEY} :: seed 7 epoch 2",
            "91.0",
            "91.5",
            "= baseline (exact)",
            "differs; same run fingerprint, so the code computes something else",
        )
    ]
    assert new == []


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ([1.0, 2.0], [1.0, 2.5], (" epoch 2", "2.0", "2.5")),
        ([1.0, 2.0], [1.5, 2.5], (" epoch 1", "1.0", "1.5")),
        ([1.0, 2.0], [1.0, 2.0, 3.0], ("", "[1.0, 2.0]", "[1.0, 2.0, 3.0]")),
        (0.1, 0.30000000000000004, ("", "0.1", "0.30000000000000004")),
        (95, 96, ("", "95", "96")),
        ("a", [1], ("", '"a"', "[1]")),
    ],
)
def test_first_difference_names_the_epoch_only_for_curves_of_equal_length(before, after, expected):
    # floats print by repr (every bit visible), anything else as JSON
    assert _first_difference(before, after) == expected


@pytest.mark.parametrize(
    ("accepted", "now", "extends"),
    [
        ([0, 1, 2], [0, 1, 2, 3, 4], True),
        ([0, 1, 2, 3, 4], [0, 1, 2], True),
        ([0, 1, 2], [0, 1, 2], True),
        ([0, 1, 2], [0, 1, 2, 4], False),
        ([0, 1, 2], [1, 2, 3], False),
        ([0, 1, 2], [0, 1, 3, 4], False),
        ([5], [5, 6, 7], True),
        ([], [0, 1], False),
        ([0, 1], [], False),
        (None, [0, 1], False),
        ([0, 1], "0,1,2", False),
    ],
)
def test_seed_lists_extend_only_by_the_next_seeds_in_order(accepted, now, extends):
    assert _seeds_extend(accepted, now) is extends
