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
   A profile mismatch (a ``quick`` baseline against a ``book`` report or the reverse) is also
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

Under a failing table the gate advises fixing the code or accepting the change with
``--update`` -- except when every row is the MNIST experiment that did not run for want of its
data (results built offline or with ``--no-download``, no other build problem): it then says so
and advises fetching the data and building again (:mod:`reports.gate.advice`).

Modes
-----
Exact mode, when the baseline records a run fingerprint and per-seed figures and the results'
``environment.run_fingerprint`` equals that fingerprint (:mod:`reports.gate.mode`): every
per-seed figure (``exact`` section) must equal the baseline's; one test image in one seed fails.
Band mode otherwise, with the rules below. The gate's second output line names the mode and why.

Band rules
----------
Neuron figures (initial and final output of the single-neuron runs) are deterministic: the same
start values and code give the same floats. Across machines only the last bits of ``exp`` and
the order of operations may differ. Their effect was measured: perturbing w0 by one unit in the
last place or eta by 1e-15 (relative) moves the output after 300 updates by at most 5e-15
(relative). The band is ``value +- max(1e-9 * |value|, 1e-12)``: five orders of magnitude
above that drift, yet any change of the algorithm (gradient, learning rate, epoch count,
initial values) moves these outputs by far more.

MNIST accuracies (percent) are means over the ``n`` seeds that train (a configuration's
``stalled_seeds`` are kept apart; the share of seeds that stall has its own band, the same
prediction interval over the stall indicator, never narrower than one seed). Another machine's BLAS
may round differently, and in the worst case that decorrelates a training run as much as a new seed
would. The band is therefore a 99 % prediction interval for the mean of ``n`` fresh seeds, built
from the baseline's own seed spread ``s`` (sample standard deviation of the per-seed accuracies)::

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
                           "band": [lo, hi], "rule": "..."}},
      "fingerprint": {"numpy": ..., "numpy_simd": [...], "numba": ..., "llvmlite": ...,
                      "blas": [{"internal_api", "version", "architecture"}], "machine": ...},
      "exact":       {"mnist <config> :: final_accuracy": {"seeds": [0, 1], "values": [..]},
                      "neuron <run> :: final_output": {"values": [0.0903]}}
    }

A results.json may also serve as the baseline (recognised by its "claims" and "experiments"
keys and no "format" key): its baseline is derived on the fly with the rules above.
Bands are stored as explicit bounds so a reviewer sees what a change of the baseline accepts;
the gate checks the results against the stored bounds, never recomputes them.
"""

from reports.gate.baseline import load_baseline, make_baseline, mnist_band, neuron_band
from reports.gate.cli import main
from reports.gate.compare import compare, run_gate
from reports.gate.mode import Mode, choose_mode
from reports.gate.observe import (
    BASELINE_FORMAT,
    FLOOR_IMAGES,
    NEURON_ABSOLUTE,
    NEURON_RELATIVE,
    Entry,
    GateInputError,
    load_json,
    observe,
)
from reports.gate.update import update_baseline

__all__ = [
    "BASELINE_FORMAT",
    "FLOOR_IMAGES",
    "NEURON_ABSOLUTE",
    "NEURON_RELATIVE",
    "Entry",
    "GateInputError",
    "Mode",
    "choose_mode",
    "compare",
    "load_baseline",
    "load_json",
    "main",
    "make_baseline",
    "mnist_band",
    "neuron_band",
    "observe",
    "run_gate",
    "update_baseline",
]
