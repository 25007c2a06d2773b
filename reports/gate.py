"""Regression gate: compare a report's ``results.json`` with a committed baseline.

Usage::

    python -m reports.gate --baseline reports/baseline.json --results report/results.json
    python -m reports.gate --baseline reports/baseline.json --results report/results.json --update

``python -m reports.build --check BASELINE`` calls :func:`run_gate` after writing results.json.

Exit codes
----------
0  every check holds.
1  something moved: a table lists each check that failed (what, baseline, now, band, why).
2  an input is missing or malformed: the message names the file, and for malformed JSON the
   line and column, for a missing or mistyped entry its key path (``claims[3].verdict``).
   A profile mismatch (a ``quick`` baseline against a ``full`` report or the reverse) is also
   exit 2: the two runs measure different things, so the comparison is a usage error, not a
   regression of the code. Build with the baseline's profile or make a baseline for the other.

What fails (exit 1)
-------------------
* a claim whose verdict is not its expected verdict ("refuted" for a claim expected to hold,
  "error", or "not run"); the one exception is a claim the baseline itself recorded as "not
  run" and that is still "not run" -- the quick profile cannot judge the claims about the
  book's MNIST figures (its runs are shorter than the book's), and ``--update`` lists every
  claim it accepts that way. A claim whose expected verdict differs from the baseline's also
  fails (the catalog changed what it expects);
* a document statement or an experiment comparison whose verdict differs from the baseline's;
* an experiment figure outside its band (rules below); an MNIST configuration whose set-up
  (sizes, cost, eta, split, dtype, epochs, seeds, training and evaluation sizes) changed;
* anything in the baseline that is missing from the results (claim, statement, comparison,
  figure, configuration) -- including every MNIST figure when the MNIST experiment did not run.

Entries present in the results but not in the baseline are listed as new; they do not fail
(a new claim is still held to its expected verdict). ``--update`` records them.

Band rules
----------
Neuron figures (initial and final output of the single-neuron runs) are deterministic: the same
start values and code give the same floats. Across machines only the last bits of ``exp`` and
the order of operations may differ. Their effect was measured: perturbing w0 by one unit in the
last place or eta by 1e-15 (relative) moves the output after 300 updates by at most 5e-15
(relative). The band is ``value +- max(1e-9 * |value|, 1e-12)``: five orders of magnitude
above that drift, yet any change of the algorithm (gradient, learning rate, epoch count,
initial values) moves these outputs by far more.

MNIST accuracies (percent) are means over ``n`` seeds. Another machine's BLAS may round
differently, and in the worst case that decorrelates a training run as much as a new seed would.
The band is therefore a 99 % prediction interval for the mean of ``n`` fresh seeds, built from
the baseline's own seed spread ``s`` (sample standard deviation of the per-seed accuracies)::

    mean +- max(t(0.995, n - 1) * s * sqrt(2 / n),  FLOOR_IMAGES * 100 % / n_eval)

This is deliberately the worst case. Measured on one machine by switching OpenBLAS from its
AVX2 kernels to generic SSE ones (``OPENBLAS_CORETYPE``), the quick profile's per-seed
accuracies stayed identical in four configurations and moved by at most 5 test images (0.05
points) in the fifth, against bands of about +-1 point; the sharp detector of a changed engine
is the deterministic neuron figures above, the MNIST band catches shifts beyond seed noise.
``t`` is Student's t quantile (the spread is estimated from only ``n`` seeds); ``sqrt(2 / n)``
is the standard deviation of a difference of two ``n``-seed means in units of ``s``. The floor
covers seeds that agree exactly (``s = 0``) or a single seed: an accuracy moves in steps of
``1 / n_eval`` (one evaluation image), and rounding differences may flip the class of images
lying on a decision boundary; ``FLOOR_IMAGES`` = 10 such images are tolerated, twice the largest
per-seed move measured across BLAS kernels (5 images). ``n_eval`` is the
record's ``n_eval``/``test_size``/``eval_size`` when it gives one, else the 10,000 images of the
MNIST test file every configuration is evaluated on. With one seed the spread is unknown and only
the floor applies (``--update`` warns about it). A configuration whose seeds disagree wildly gets
a correspondingly wide band: the gate cannot tell a regression from its own seed noise there.

Baseline format (``reports/baseline.json``, JSON, written by ``--update``)
-------------------------------------------------------------------------
::

    {
      "format": "nnclaims-gate-baseline",  "version": 1,
      "profile": "quick",
      "rules": {"neuron_relative": 1e-9, "neuron_absolute": 1e-12,
                "mnist_confidence": 0.99, "mnist_floor_images": 10},
      "claims":      {"<claim id>": {"expected": "holds", "verdict": "holds"}},
      "statements":  {"<document> :: <claim id>": {"verdict": "..."}},
      "comparisons": {"<neuron|mnist> :: <document> :: <locator> :: <claim id>":
                          {"stated": ..., "verdict": "..."}},
      "setups":      {"mnist <config>": {"sizes": [...], "cost": ..., "eta": ..., ...}},
      "figures":     {"neuron <run> :: final_output":
                          {"value": 0.0903, "band": [lo, hi], "rule": "..."},
                      "mnist <config> :: final_accuracy":
                          {"value": 90.44, "std": 0.12, "n_seeds": 3, "n_eval": 10000,
                           "band": [lo, hi], "rule": "..."}}
    }

A results.json may also serve as the baseline (recognised by its "claims" and "experiments"
keys and no "format" key): its baseline is derived on the fly with the rules above.
Bands are stored as explicit bounds so a reviewer sees what a change of the baseline accepts;
the gate checks the results against the stored bounds, never recomputes them.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from reports.statistics import student_t_quantile

BASELINE_FORMAT = "nnclaims-gate-baseline"
BASELINE_VERSION = 1

NEURON_RELATIVE = 1e-9
NEURON_ABSOLUTE = 1e-12
MNIST_CONFIDENCE = 0.99
FLOOR_IMAGES = 10

ACCURACY_SCALE = 100.0  # the MNIST experiment reports accuracies in percent
MNIST_TEST_IMAGES = 10_000  # the t10k file every configuration is evaluated on

MNIST_ACCURACY_SUMMARIES = ("final_accuracy", "best_accuracy", "validation_selected_test_accuracy")
MNIST_SETUP_FIELDS = ("sizes", "cost", "eta", "split", "dtype", "epochs", "seeds", "train_size")
EVALUATION_SIZE_KEYS = ("n_eval", "test_size", "eval_size")
RESULTS_SCHEMA_VERSION = 1
NEURON_FIGURES = ("initial_output", "final_output")
NOT_RUN = "not run"


class GateInputError(Exception):
    """An input file is missing or malformed; the message names the file and the entry."""


# --------------------------------------------------------------------------------------------
# Reading JSON with error messages that name the file and the key path.


class Entry:
    """A JSON value together with where it came from, for error messages."""

    def __init__(self, value: Any, path: str, source: str):
        self.value = value
        self.path = path
        self.source = source

    def _fail(self, message: str) -> GateInputError:
        return GateInputError(f"{self.source}: {message}")

    def _child_path(self, key: str | int) -> str:
        if isinstance(key, int):
            return f"{self.path}[{key}]"
        if not key.replace("_", "").isalnum():
            return f"{self.path}[{json.dumps(key)}]"
        return f"{self.path}.{key}" if self.path else key

    def _require_type(self, kinds: tuple[type, ...], expected: str) -> None:
        value = self.value
        # JSON true/false are Python bools, which isinstance also counts as int.
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            where = f"'{self.path}'" if self.path else "the top level"
            raise self._fail(f"expected {expected} at {where}, found {type(value).__name__} {value!r:.60}")

    def has(self, key: str) -> bool:
        return isinstance(self.value, dict) and key in self.value and self.value[key] is not None

    def key(self, key: str) -> "Entry":
        self._require_type((dict,), "an object")
        if key not in self.value:
            raise self._fail(f"missing key '{self._child_path(key)}'")
        return Entry(self.value[key], self._child_path(key), self.source)

    def optional(self, key: str) -> "Entry | None":
        return self.key(key) if self.has(key) else None

    def items(self) -> list[tuple[str, "Entry"]]:
        self._require_type((dict,), "an object")
        return [(k, Entry(v, self._child_path(k), self.source)) for k, v in self.value.items()]

    def elements(self) -> list["Entry"]:
        self._require_type((list,), "a list")
        return [Entry(v, self._child_path(i), self.source) for i, v in enumerate(self.value)]

    def text(self) -> str:
        self._require_type((str,), "a string")
        return self.value

    def number(self) -> float:
        self._require_type((int, float), "a number")
        if not math.isfinite(self.value):
            raise self._fail(f"expected a finite number at '{self.path}', found {self.value!r}")
        return float(self.value)

    def integer(self) -> int:
        self._require_type((int,), "an integer")
        return self.value


def load_json(path: str | Path, role: str) -> Entry:
    """The parsed JSON file as an :class:`Entry`; GateInputError if missing or malformed."""
    path = Path(path)
    source = f"{role} {path}"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GateInputError(f"{source}: file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise GateInputError(f"{source}: cannot be read ({error})") from None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise GateInputError(
            f"{source}: not valid JSON: line {error.lineno} column {error.colno}: {error.msg}"
        ) from None
    root = Entry(value, "", source)
    root._require_type((dict,), "an object")
    return root


# --------------------------------------------------------------------------------------------
# What a report observed. All knowledge of the results.json schema lives in this section.


@dataclass
class Observations:
    """The checkable content of one results.json, flattened to keyed entries."""

    profile: str
    claims: dict[str, dict] = field(default_factory=dict)
    statements: dict[str, dict] = field(default_factory=dict)
    comparisons: dict[str, dict] = field(default_factory=dict)
    setups: dict[str, dict] = field(default_factory=dict)
    neuron_figures: dict[str, float] = field(default_factory=dict)
    mnist_figures: dict[str, dict] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _put_unique(table: dict, key: str, value: Any, entry: Entry) -> None:
    if key in table:
        raise GateInputError(f"{entry.source}: duplicate entry '{key}' (at '{entry.path}')")
    table[key] = value


def _format_parameter(value: Any) -> str:
    return json.dumps(value, separators=(",", ":")) if isinstance(value, (list, dict)) else str(value)


def _neuron_run_name(run: Entry) -> str:
    parts = [run.key("cost").text()]
    parts += [f"{name}={_format_parameter(run.key(name).value)}" for name in ("w0", "b0", "eta", "epochs")]
    return "neuron " + " ".join(parts)


def _mnist_config_name(config: Entry) -> str:
    if config.has("name"):
        return "mnist " + config.key("name").text()
    sizes = "-".join(str(size) for size in config.key("sizes").value)
    return f"mnist {sizes} {config.key('cost').text()} eta={_format_parameter(config.key('eta').value)}"


def _observe_claims(results: Entry, observed: Observations) -> None:
    for claim in results.key("claims").elements():
        identifier = claim.key("id").text()
        record = {"expected": claim.key("expected").text(), "verdict": claim.key("verdict").text()}
        _put_unique(observed.claims, identifier, record, claim)


def _observe_statements(results: Entry, observed: Observations) -> None:
    # documents: [{"document": file name, "statements": [{"claim_id", "verdict", ...}]}]
    for document in results.key("documents").elements():
        document_name = document.key("document").text()
        for statement in document.key("statements").elements():
            key = f"{document_name} :: {statement.key('claim_id').text()}"
            _put_unique(observed.statements, key, {"verdict": statement.key("verdict").text()}, statement)


def _observe_comparisons(experiment: str, comparisons: Entry, observed: Observations) -> None:
    # A comparison is named by document, locator and claim; rows that share all three (two
    # statements on one line of a document) are told apart by their statement text.
    rows = comparisons.elements()
    names = []
    for row in rows:
        claim_id = row.key("claim_id").value or "-"
        names.append(" :: ".join([experiment, row.key("document").text(), row.key("locator").text(), str(claim_id)]))
    for name, row in zip(names, rows):
        if names.count(name) > 1 and row.has("statement"):
            name = f"{name} :: {row.key('statement').text()}"
        record = {"stated": row.key("stated").value, "verdict": row.key("verdict").text()}
        _put_unique(observed.comparisons, name, record, row)


def _observe_neuron(runs: Entry, observed: Observations) -> None:
    for run in runs.elements():
        name = _neuron_run_name(run)
        for figure in NEURON_FIGURES:
            _put_unique(observed.neuron_figures, f"{name} :: {figure}", run.key(figure).number(), run)


def _sample_std(values: list[float]) -> float:
    if len(values) < 2:
        return 0.0
    mean = math.fsum(values) / len(values)
    return math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (len(values) - 1))


def _percentage(entry: Entry) -> float:
    value = entry.number()
    if not 0.0 <= value <= ACCURACY_SCALE:
        raise GateInputError(f"{entry.source}: expected an accuracy in percent at '{entry.path}', found {value!r}")
    return value


def _evaluation_size(config: Entry) -> int:
    """How many images each accuracy was measured on (its resolution is one image): the record's
    own figure when it gives one, else the MNIST test file, which every configuration uses."""
    for key in EVALUATION_SIZE_KEYS:
        if config.has(key):
            return config.key(key).integer()
    return MNIST_TEST_IMAGES


def _observe_mnist(configs: Entry, observed: Observations) -> None:
    for config in configs.elements():
        name = _mnist_config_name(config)
        n_eval = _evaluation_size(config)
        setup = {f: config.key(f).value for f in MNIST_SETUP_FIELDS if config.has(f)}
        setup["n_eval"] = n_eval
        _put_unique(observed.setups, name, setup, config)
        for summary_name in MNIST_ACCURACY_SUMMARIES:
            summary = config.optional(summary_name)
            if summary is None:
                continue
            per_seed = [_percentage(value) for value in summary.key("per_seed").elements()]
            record = {
                "value": _percentage(summary.key("mean")),
                # Recomputed from the per-seed values so the band does not depend on which
                # degrees-of-freedom convention the experiment used for its own "std".
                "std": _sample_std(per_seed),
                "n_seeds": len(per_seed),
                "n_eval": n_eval,
            }
            _put_unique(observed.mnist_figures, f"{name} :: {summary_name}", record, summary)


def observe(results: Entry) -> Observations:
    """Flatten a results.json into the entries the gate checks."""
    if results.has("schema_version") and results.key("schema_version").value != RESULTS_SCHEMA_VERSION:
        raise GateInputError(
            f"{results.source}: schema_version {results.key('schema_version').value!r}, this gate "
            f"reads version {RESULTS_SCHEMA_VERSION}"
        )
    observed = Observations(profile=results.key("profile").text())
    _observe_claims(results, observed)
    _observe_statements(results, observed)
    experiments = results.key("experiments")
    _observe_neuron(experiments.key("neuron"), observed)
    _observe_mnist(experiments.key("mnist"), observed)
    for experiment in ("neuron", "mnist"):
        comparisons = experiments.optional(f"{experiment}_comparisons")
        if comparisons is not None:
            _observe_comparisons(experiment, comparisons, observed)
    if experiments.has("mnist_status") and experiments.key("mnist_status").text() != "ran":
        reason = experiments.optional("mnist_reason")
        observed.notes.append(f"MNIST experiment not run: {reason.value if reason else 'no reason given'}")
    if results.has("problems"):
        observed.notes += [f"build problem: {problem}" for problem in results.key("problems").value]
    return observed


# --------------------------------------------------------------------------------------------
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


def make_baseline(observed: Observations) -> dict:
    """The baseline document that accepts exactly what ``observed`` shows."""
    figures: dict[str, dict] = {}
    for key, value in observed.neuron_figures.items():
        band, rule = neuron_band(value)
        figures[key] = {"value": value, "band": band, "rule": rule}
    for key, record in observed.mnist_figures.items():
        band, rule = mnist_band(record["value"], record["std"], record["n_seeds"], record["n_eval"])
        figures[key] = {**record, "band": band, "rule": rule}
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
    }


BASELINE_SECTIONS = ("claims", "statements", "comparisons", "setups", "figures")


def load_baseline(path: str | Path) -> dict:
    """The baseline in ``path``: a file written by ``--update``, or a results.json (its baseline is
    derived on the fly with the same rules). GateInputError names the file when it is unusable."""
    root = load_json(path, "baseline")
    if not root.has("format") and root.has("claims") and root.has("experiments"):
        return make_baseline(observe(root))
    return read_baseline(root)


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
    for _, figure in root.key("figures").items():
        figure.key("value").number()
        band = figure.key("band").elements()
        if len(band) != 2:
            raise GateInputError(f"{root.source}: expected [low, high] at '{figure.path}.band'")
        low, high = (bound.number() for bound in band)
        if low > high:
            raise GateInputError(f"{root.source}: band low > high at '{figure.path}.band'")
    return root.value


# --------------------------------------------------------------------------------------------
# Comparing results with a baseline.


@dataclass
class Finding:
    """One row of the gate's table."""

    kind: str
    item: str
    baseline: str
    now: str
    band: str
    why: str


def _number_text(value: float, kind: str) -> str:
    return f"{value:.12g}" if kind == "neuron" else f"{value:.6g}"


def _claim_problem(now: dict, accepted: dict | None) -> str | None:
    """Why a claim's verdict fails the gate, or None when it passes."""
    if now["verdict"] == now["expected"]:
        return None
    if now["verdict"] == NOT_RUN:
        if accepted is not None and accepted["verdict"] == NOT_RUN:
            return None  # the baseline's profile cannot judge this claim either
        return f"no witness ran; expected '{now['expected']}'"
    return f"verdict differs from the expected '{now['expected']}'"


def _check_claims(baseline: dict, observed: Observations, moved: list, new: list) -> None:
    for identifier, accepted in baseline["claims"].items():
        now = observed.claims.get(identifier)
        if now is None:
            moved.append(Finding("claim", identifier, accepted["verdict"], "(missing)", "present",
                                 "claim disappeared from the results"))
            continue
        if now["expected"] != accepted["expected"]:
            moved.append(Finding(
                "claim", identifier, f"expected {accepted['expected']}", f"expected {now['expected']}",
                "same expectation", "the catalog changed the expected verdict",
            ))
        problem = _claim_problem(now, accepted)
        if problem:
            moved.append(Finding("claim", identifier, accepted["verdict"], now["verdict"],
                                 f"= {now['expected']}", problem))
    for identifier, now in observed.claims.items():
        if identifier in baseline["claims"]:
            continue
        problem = _claim_problem(now, None)
        if problem:
            moved.append(Finding("claim", identifier, "(new)", now["verdict"], f"= {now['expected']}",
                                 f"new claim; {problem}"))
        else:
            new.append(Finding("claim", identifier, "(new)", now["verdict"], "", "not in the baseline"))


def _check_verdicts(kind: str, accepted_table: dict, now_table: dict, moved: list, new: list) -> None:
    for key, accepted in accepted_table.items():
        now = now_table.get(key)
        if now is None:
            moved.append(Finding(kind, key, accepted["verdict"], "(missing)", "present",
                                 f"{kind} disappeared from the results"))
        elif now["verdict"] != accepted["verdict"]:
            moved.append(Finding(kind, key, accepted["verdict"], now["verdict"], "= baseline",
                                 "verdict changed"))
    for key, now in now_table.items():
        if key not in accepted_table:
            new.append(Finding(kind, key, "(new)", now["verdict"], "", "not in the baseline"))


def _check_setups(baseline: dict, observed: Observations, moved: list, new: list) -> None:
    for name, accepted in baseline["setups"].items():
        now = observed.setups.get(name)
        if now is None:
            moved.append(Finding("setup", name, "present", "(missing)", "present",
                                 "MNIST configuration did not run or disappeared"))
            continue
        for field_name in sorted(set(accepted) | set(now)):
            if accepted.get(field_name) != now.get(field_name):
                moved.append(Finding(
                    "setup", f"{name} :: {field_name}", json.dumps(accepted.get(field_name)),
                    json.dumps(now.get(field_name)), "= baseline", "configuration changed",
                ))
    for name in observed.setups:
        if name not in baseline["setups"]:
            new.append(Finding("setup", name, "(new)", "present", "", "not in the baseline"))


def _check_figures(baseline: dict, observed: Observations, moved: list, new: list) -> None:
    now_values = {key: ("neuron", value) for key, value in observed.neuron_figures.items()}
    now_values.update({key: ("mnist", record["value"]) for key, record in observed.mnist_figures.items()})
    for key, accepted in baseline["figures"].items():
        kind = key.split(" ", 1)[0]
        low, high = accepted["band"]
        band_text = f"[{_number_text(low, kind)}, {_number_text(high, kind)}]"
        base_text = _number_text(accepted["value"], kind)
        if key not in now_values:
            moved.append(Finding(kind, key, base_text, "(missing)", band_text,
                                 "figure disappeared from the results"))
            continue
        value = now_values[key][1]
        if not low <= value <= high:
            moved.append(Finding(kind, key, base_text, _number_text(value, kind), band_text,
                                 f"outside band ({accepted.get('rule', '')})"))
    for key, (kind, value) in now_values.items():
        if key not in baseline["figures"]:
            new.append(Finding(kind, key, "(new)", _number_text(value, kind), "", "not in the baseline"))


def _fold_statements_into_claims(statements: list[Finding], moved: list[Finding]) -> list[Finding]:
    """A document statement carries its claim's verdict, so a claim row already says what its
    statements would repeat; those statement rows are counted on the claim row instead."""
    claim_rows = {finding.item: finding for finding in moved if finding.kind == "claim"}
    repeated: dict[str, int] = {}
    kept = []
    for finding in statements:
        claim_id = finding.item.rsplit(" :: ", 1)[-1]
        if claim_id in claim_rows and finding.now != "(missing)":
            repeated[claim_id] = repeated.get(claim_id, 0) + 1
        else:
            kept.append(finding)
    for claim_id, count in repeated.items():
        claim_rows[claim_id].why += f" (and in {_count(count, 'document statement')})"
    return kept


def compare(baseline: dict, observed: Observations) -> tuple[list[Finding], list[Finding], int]:
    """(moved, new, number of baseline checks) for results ``observed`` against ``baseline``."""
    moved: list[Finding] = []
    new: list[Finding] = []
    _check_claims(baseline, observed, moved, new)
    statements: list[Finding] = []
    _check_verdicts("statement", baseline["statements"], observed.statements, statements, new)
    moved += _fold_statements_into_claims(statements, moved)
    _check_verdicts("comparison", baseline["comparisons"], observed.comparisons, moved, new)
    _check_setups(baseline, observed, moved, new)
    _check_figures(baseline, observed, moved, new)
    checks = sum(len(baseline[section]) for section in BASELINE_SECTIONS)
    return moved, new, checks


# --------------------------------------------------------------------------------------------
# Output.

TABLE_HEADERS = ("kind", "id / figure", "baseline", "now", "band", "why")


def render_table(rows: list[tuple[str, ...]], headers: tuple[str, ...] = TABLE_HEADERS) -> str:
    """A plain-text table, columns padded to their widest cell (the last column is not padded)."""
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]
    lines = []
    for row in [headers, tuple("-" * w for w in widths), *rows]:
        cells = [str(cell).ljust(width) for cell, width in zip(row[:-1], widths)]
        lines.append("  ".join([*cells, str(row[-1])]).rstrip())
    return "\n".join(lines)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _finding_rows(findings: list[Finding]) -> list[tuple[str, ...]]:
    return [(f.kind, f.item, f.baseline, f.now, f.band, f.why) for f in findings]


def _load_pair(baseline_path, results_path) -> tuple[dict, Observations]:
    observed = observe(load_json(results_path, "results"))
    baseline = load_baseline(baseline_path)
    if baseline["profile"] != observed.profile:
        raise GateInputError(
            f"profile mismatch: baseline {baseline_path} was made from a '{baseline['profile']}' "
            f"report, results {results_path} come from a '{observed.profile}' report; build with "
            f"--profile {baseline['profile']} or compare against a '{observed.profile}' baseline"
        )
    return baseline, observed


def run_gate(baseline_path, results_path, out: TextIO = sys.stdout, err: TextIO | None = None) -> int:
    """Compare ``results_path`` with ``baseline_path``, print what moved; 0 ok, 1 moved, 2 bad input."""
    err = err or out
    try:
        baseline, observed = _load_pair(baseline_path, results_path)
    except GateInputError as error:
        print(f"gate: error: {error}", file=err)
        return 2
    moved, new, checks = compare(baseline, observed)
    header = f"gate: results {results_path} against baseline {baseline_path} (profile {observed.profile})"
    print(header, file=out)
    if new:
        are_new = "1 entry is new" if len(new) == 1 else f"{len(new)} entries are new"
        print(f"\n{are_new} (not in the baseline; --update records them):", file=out)
        print(render_table(_finding_rows(new)), file=out)
    if moved:
        print(f"\nFAILED: {_count(len(moved), 'problem')} in {checks} baseline checks:", file=out)
        print(render_table(_finding_rows(moved)), file=out)
        for note in observed.notes:
            print(f"note: {note}", file=out)
        print(
            "\nA claim row: a witness of the claim failed, raised an error or did not run; the HTML "
            "report shows which and why. Fix the code or the claim: the baseline cannot accept a "
            "claim that misses its expected verdict.\n"
            "Any other row: the build computes something else than the baseline recorded. If that "
            "change is intended, accept it (the command prints what it accepts):\n"
            f"  python -m reports.gate --baseline {baseline_path} --results {results_path} --update",
            file=out,
        )
        return 1
    print(f"ok: all {checks} baseline checks hold.", file=out)
    return 0


# --------------------------------------------------------------------------------------------
# Updating the baseline.


def _describe(record: Any) -> str:
    if isinstance(record, dict) and "band" in record:
        kind = "neuron" if "n_seeds" not in record else "mnist"
        low, high = record["band"]
        return (
            f"{_number_text(record['value'], kind)} in "
            f"[{_number_text(low, kind)}, {_number_text(high, kind)}]"
        )
    if isinstance(record, dict) and set(record) <= {"verdict", "expected", "stated"}:
        return ", ".join(f"{k} {_format_parameter(v)}" for k, v in record.items())
    return json.dumps(record, sort_keys=True)


def baseline_diff(old: dict | None, new: dict) -> list[str]:
    """Lines describing what replacing ``old`` by ``new`` changes (+ added, - removed, ~ changed)."""
    lines = []
    if old is None:
        lines.append(f"+ profile {new['profile']}")
        old = {}
    elif old["profile"] != new["profile"]:
        lines.append(f"~ profile {old['profile']} -> {new['profile']}")
    for section in BASELINE_SECTIONS:
        before, after = old.get(section, {}), new[section]
        for key in sorted(set(before) | set(after)):
            if key not in before:
                lines.append(f"+ {section} {key}: {_describe(after[key])}")
            elif key not in after:
                lines.append(f"- {section} {key}: {_describe(before[key])}")
            elif before[key] != after[key]:
                lines.append(f"~ {section} {key}: {_describe(before[key])} -> {_describe(after[key])}")
    return lines


def update_baseline(baseline_path, results_path, out: TextIO = sys.stdout, err: TextIO | None = None) -> int:
    """Write the baseline that accepts ``results_path``, printing what it changes; 0 or 2."""
    from reports.cache import write_atomically

    err = err or out
    baseline_path = Path(baseline_path)
    try:
        observed = observe(load_json(results_path, "results"))
    except GateInputError as error:
        print(f"gate: error: {error}", file=err)
        return 2
    old = None
    if baseline_path.exists():
        try:
            old = load_baseline(baseline_path)
        except GateInputError as error:
            print(f"gate: the existing baseline is unreadable and is replaced whole: {error}", file=out)
    new = make_baseline(observed)
    lines = baseline_diff(old, new)
    action = "updating" if old is not None else "creating"
    print(f"gate: {action} baseline {baseline_path} from results {results_path}", file=out)
    print("\n".join(lines) if lines else "no change: the baseline already accepts these results", file=out)
    _warn_about(new, observed, out)
    write_atomically(baseline_path, json.dumps(new, indent=2, sort_keys=False) + "\n")
    counts = ", ".join(f"{sum(line.startswith(sign) for line in lines)} {word}"
                       for sign, word in (("+", "added"), ("-", "removed"), ("~", "changed")))
    print(f"gate: wrote {baseline_path} ({counts})", file=out)
    return 0


def _warn_about(baseline: dict, observed: Observations, out: TextIO) -> None:
    claims = baseline["claims"].items()
    not_run = [k for k, c in claims if c["verdict"] == NOT_RUN and c["expected"] != NOT_RUN]
    if not_run:
        print("note: accepted as not run (the gate passes them only while they stay not run): "
              + ", ".join(not_run), file=out)
    off_target = [k for k, c in claims if c["verdict"] not in (NOT_RUN, c["expected"])]
    if off_target:
        print("warning: these claims do not reach their expected verdict; the gate keeps failing "
              "on them until they do: " + ", ".join(off_target), file=out)
    if not any(key.startswith("mnist ") for key in baseline["figures"]):
        print("warning: the results hold no MNIST figures; this baseline does not gate the MNIST "
              "experiment (build with --require-mnist)", file=out)
    ungated = [k for k, f in baseline["figures"].items() if f["band"] == [0.0, ACCURACY_SCALE]]
    if ungated:
        print("warning: the seeds disagree so much that these bands span 0-100 % and gate nothing: "
              + ", ".join(ungated), file=out)
    single = [k for k, f in baseline["figures"].items() if f.get("n_seeds") == 1]
    if single:
        print("warning: single-seed figures, band is the resolution floor only: " + ", ".join(single), file=out)
    for note in observed.notes:
        print(f"note: {note}", file=out)


# --------------------------------------------------------------------------------------------
# Command line.


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m reports.gate",
        description="Compare a report's results.json with the committed baseline; exit 0 when "
        "everything holds, 1 when something moved, 2 when an input is missing or malformed.",
    )
    parser.add_argument("--baseline", required=True, help="baseline JSON (e.g. reports/baseline.json)")
    parser.add_argument("--results", required=True, help="results.json written by python -m reports.build")
    parser.add_argument(
        "--update", action="store_true",
        help="write (or create) the baseline from the results, printing the changes it accepts",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    if arguments.update:
        return update_baseline(arguments.baseline, arguments.results, out=sys.stdout, err=sys.stderr)
    return run_gate(arguments.baseline, arguments.results, out=sys.stdout, err=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
