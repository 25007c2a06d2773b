"""Reading a results.json (or a baseline) into what the gate compares: JSON with error messages
that name the file and the key path, and the observations a report makes."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runs.bounded_read import DEFAULT_LIMIT, FileTooLarge, NotRegularFile, read_bounded, size_text

BASELINE_FORMAT = "nnclaims-gate-baseline"
BASELINE_VERSION = 1

NEURON_RELATIVE = 1e-9
NEURON_ABSOLUTE = 1e-12
MNIST_CONFIDENCE = 0.99
FLOOR_IMAGES = 10

ACCURACY_SCALE = 100.0  # the MNIST experiment reports accuracies in percent
MNIST_TEST_IMAGES = 10_000  # the t10k file every configuration is evaluated on

MNIST_ACCURACY_SUMMARIES = ("final_accuracy", "best_accuracy", "validation_selected_test_accuracy")
MNIST_SEED_LISTS = ("best_epoch", "validation_selected_epoch", "test_accuracy_by_epoch")
MNIST_SETUP_FIELDS = ("sizes", "cost", "eta", "split", "dtype", "epochs", "seeds", "train_size")
EVALUATION_SIZE_KEYS = ("n_eval", "test_size", "eval_size")
RESULTS_SCHEMA_VERSION = 1
# A results file or baseline is a few megabytes at most; the bound keeps a device or a huge file
# from exhausting memory before the JSON parser sees it.
INPUT_LIMIT = DEFAULT_LIMIT
NEURON_FIGURES = ("initial_output", "final_output")
NOT_RUN = "not run"


class GateInputError(Exception):
    """An input file is missing or malformed; the message names the file and the entry."""


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
            raise self._fail(
                f"expected {expected} at {where}, found {type(value).__name__} {value!r:.60}"
            )

    def has(self, key: str) -> bool:
        return isinstance(self.value, dict) and key in self.value and self.value[key] is not None

    def key(self, key: str) -> Entry:
        self._require_type((dict,), "an object")
        if key not in self.value:
            raise self._fail(f"missing key '{self._child_path(key)}'")
        return Entry(self.value[key], self._child_path(key), self.source)

    def optional(self, key: str) -> Entry | None:
        return self.key(key) if self.has(key) else None

    def items(self) -> list[tuple[str, Entry]]:
        self._require_type((dict,), "an object")
        return [(k, Entry(v, self._child_path(k), self.source)) for k, v in self.value.items()]

    def elements(self) -> list[Entry]:
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

    def positive_integer(self) -> int:
        value = self.integer()
        if value < 1:
            raise self._fail(f"expected a positive integer at '{self.path}', found {value!r}")
        return value


def _what_was_found(error: OSError) -> str:
    if isinstance(error, NotRegularFile):
        return error.kind
    return "a larger file"


def load_json(path: str | Path, role: str) -> Entry:
    """The parsed JSON file as an :class:`Entry`; GateInputError if missing or malformed."""
    path = Path(path)
    source = f"{role} {path}"
    try:
        text = read_bounded(path, INPUT_LIMIT).decode("utf-8")
    except FileNotFoundError:
        raise GateInputError(f"{source}: file not found") from None
    except (NotRegularFile, FileTooLarge) as error:
        raise GateInputError(
            f"--{role} {path}: expected a regular JSON file of at most {size_text(INPUT_LIMIT)}, "
            f"found {_what_was_found(error)}"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise GateInputError(f"{source}: cannot be read ({error})") from None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise GateInputError(
            f"{source}: not valid JSON: line {error.lineno} column {error.colno}: {error.msg}"
        ) from None
    except RecursionError:
        raise GateInputError(
            f"{source}: expected a JSON report, found arrays or objects nested too deeply to read"
        ) from None
    root = Entry(value, "", source)
    root._require_type((dict,), "an object")
    return root


def guarded(source: str, action: Callable[[], Any]) -> Any:
    """``action()``, with any exception it raises turned into a GateInputError naming ``source``
    (the checks name the key; this is the backstop for what no check foresaw), so that unusable
    input is always exit 2, never a traceback with exit 1."""
    try:
        return action()
    except GateInputError:
        raise
    except RecursionError:
        raise GateInputError(f"{source}: nested too deeply to read") from None
    except Exception as error:
        raise GateInputError(f"{source}: unusable ({type(error).__name__}: {error})") from None


def results_entry(results: Any, path: str | Path) -> Entry:
    """Results already in memory as an :class:`Entry` named like the file ``path``."""
    root = Entry(results, "", f"results {Path(path)}")
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
    stall_figures: dict[str, dict] = field(default_factory=dict)
    # Every per-seed figure, for the exact comparison: {key: {"seeds": [...], "values": [...]}}.
    exact: dict[str, dict] = field(default_factory=dict)
    fingerprint: dict | None = None
    notes: list[str] = field(default_factory=list)
    # False when the results say the MNIST experiment did not run; ``problems`` the build's own
    build_problems: list[str] = field(default_factory=list)
    mnist_ran: bool = True


def _put_unique(table: dict, key: str, value: Any, entry: Entry) -> None:
    if key in table:
        raise GateInputError(f"{entry.source}: duplicate entry '{key}' (at '{entry.path}')")
    table[key] = value


def _format_parameter(value: Any) -> str:
    return (
        json.dumps(value, separators=(",", ":")) if isinstance(value, (list, dict)) else str(value)
    )


def _neuron_run_name(run: Entry) -> str:
    parts = [run.key("cost").text()]
    parts += [
        f"{name}={_format_parameter(run.key(name).value)}" for name in ("w0", "b0", "eta", "epochs")
    ]
    return "neuron " + " ".join(parts)


def _mnist_config_name(config: Entry) -> str:
    if config.has("name"):
        return "mnist " + config.key("name").text()
    sizes = "-".join(str(size) for size in config.key("sizes").value)
    return (
        f"mnist {sizes} {config.key('cost').text()} "
        f"eta={_format_parameter(config.key('eta').value)}"
    )


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
            _put_unique(
                observed.statements, key, {"verdict": statement.key("verdict").text()}, statement
            )


def _observe_comparisons(experiment: str, comparisons: Entry, observed: Observations) -> None:
    # A comparison is named by document, locator and claim; rows that share all three (two
    # statements on one line of a document) are told apart by their statement text.
    rows = comparisons.elements()
    names = []
    for row in rows:
        claim_id = row.key("claim_id").value or "-"
        names.append(
            " :: ".join(
                [experiment, row.key("document").text(), row.key("locator").text(), str(claim_id)]
            )
        )
    for name, row in zip(names, rows):
        if names.count(name) > 1 and row.has("statement"):
            name = f"{name} :: {row.key('statement').text()}"
        record = {"stated": row.key("stated").value, "verdict": row.key("verdict").text()}
        _put_unique(observed.comparisons, name, record, row)


def _observe_neuron(runs: Entry, observed: Observations) -> None:
    for run in runs.elements():
        name = _neuron_run_name(run)
        for figure in NEURON_FIGURES:
            value = run.key(figure).number()
            _put_unique(observed.neuron_figures, f"{name} :: {figure}", value, run)
            observed.exact[f"{name} :: {figure}"] = {"values": [value]}


def _sample_std(values: list[float]) -> float:
    if len(values) < 2:
        return 0.0
    mean = math.fsum(values) / len(values)
    return math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (len(values) - 1))


def _percentage(entry: Entry) -> float:
    value = entry.number()
    if not 0.0 <= value <= ACCURACY_SCALE:
        raise GateInputError(
            f"{entry.source}: expected an accuracy in percent at '{entry.path}', found {value!r}"
        )
    return value


def _evaluation_size(config: Entry) -> int:
    """How many images each accuracy was measured on (its resolution is one image): the record's
    own figure when it gives one, else the MNIST test file, which every configuration uses."""
    for key in EVALUATION_SIZE_KEYS:
        if config.has(key):
            return config.key(key).positive_integer()
    return MNIST_TEST_IMAGES


def _seed_numbers(config: Entry, count: int) -> list[int]:
    """The seed of each per-seed entry: the record's ``seeds``, else 0..count-1."""
    if not config.has("seeds"):
        return list(range(count))
    seeds = [seed.integer() for seed in config.key("seeds").elements()]
    if len(seeds) != count:
        raise GateInputError(
            f"{config.source}: expected {count} seeds at '{config.path}.seeds' "
            f"(one per per-seed figure), found {len(seeds)}"
        )
    return seeds


def _stalled_seeds(config: Entry, seeds: list[int]) -> list[int]:
    """The record's ``stalled_seeds`` (each one of its seeds), or none when it does not say."""
    if not config.has("stalled_seeds"):
        return []
    stalled = [seed.integer() for seed in config.key("stalled_seeds").elements()]
    unknown = sorted(set(stalled) - set(seeds))
    if unknown:
        raise GateInputError(
            f"{config.source}: expected seeds of the configuration at "
            f"'{config.path}.stalled_seeds', found {unknown} not in its seeds"
        )
    return stalled


def _observe_stalls(
    name: str, config: Entry, seeds: list[int], stalled: list[int], observed: Observations
) -> None:
    """The share of seeds that stall, in percent, with the spread of the stall indicator."""
    if not config.has("stalled_seeds"):
        return
    indicator = [ACCURACY_SCALE if seed in stalled else 0.0 for seed in seeds]
    record = {
        "value": math.fsum(indicator) / len(indicator),
        "std": _sample_std(indicator),
        "n_seeds": len(seeds),
        "stalled_seeds": sorted(stalled),
    }
    _put_unique(observed.stall_figures, f"{name} :: stalled_share", record, config)


def _observe_seed_lists(name: str, config: Entry, seeds: list[int], observed: Observations) -> None:
    for list_name in MNIST_SEED_LISTS:
        if not config.has(list_name):
            continue
        values = config.key(list_name).value
        if not isinstance(values, list) or len(values) != len(seeds):
            raise GateInputError(
                f"{config.source}: expected one entry per seed at '{config.path}.{list_name}'"
            )
        _put_unique(
            observed.exact, f"{name} :: {list_name}", {"seeds": seeds, "values": values}, config
        )


def _observe_mnist(configs: Entry, observed: Observations) -> None:
    """Per configuration: its set-up; each accuracy reading's mean and spread over the seeds
    that train (a stalled seed answers another question: whether the run saturated); the share
    of seeds that stall; and every per-seed figure, for the exact comparison."""
    for config in configs.elements():
        name = _mnist_config_name(config)
        n_eval = _evaluation_size(config)
        setup = {f: config.key(f).value for f in MNIST_SETUP_FIELDS if config.has(f)}
        setup["n_eval"] = n_eval
        _put_unique(observed.setups, name, setup, config)
        seeds = None
        for summary_name in MNIST_ACCURACY_SUMMARIES:
            summary = config.optional(summary_name)
            if summary is None:
                continue
            _percentage(summary.key("mean"))
            per_seed = [_percentage(value) for value in summary.key("per_seed").elements()]
            seeds = _seed_numbers(config, len(per_seed))
            stalled = _stalled_seeds(config, seeds)
            training = [v for seed, v in zip(seeds, per_seed) if seed not in stalled] or per_seed
            record = {
                "value": math.fsum(training) / len(training),
                # Recomputed from the per-seed values so the band does not depend on which
                # degrees-of-freedom convention the experiment used for its own "std".
                "std": _sample_std(training),
                "n_seeds": len(training),
                "n_eval": n_eval,
            }
            _put_unique(observed.mnist_figures, f"{name} :: {summary_name}", record, summary)
            _put_unique(
                observed.exact,
                f"{name} :: {summary_name}",
                {"seeds": seeds, "values": per_seed},
                summary,
            )
        if seeds is not None:
            _observe_stalls(name, config, seeds, _stalled_seeds(config, seeds), observed)
            _observe_seed_lists(name, config, seeds, observed)


def _observe_fingerprint(results: Entry, observed: Observations) -> None:
    """``environment.run_fingerprint``: an object, or absent (results made before it existed)."""
    environment = results.optional("environment")
    if environment is None or not environment.has("run_fingerprint"):
        return
    fingerprint = environment.key("run_fingerprint")
    fingerprint._require_type((dict,), "an object (the run fingerprint)")
    observed.fingerprint = fingerprint.value


def _check_schema_version(results: Entry) -> None:
    """A results file must say which schema it follows: an unversioned file (the key missing or
    null) could be of any layout, so reading it as the current one could pass by accident."""
    if not results.has("schema_version"):  # absent or null
        raise GateInputError(
            f"{results.source}: expected 'schema_version' {RESULTS_SCHEMA_VERSION}, found it "
            "missing or null; this gate reads only versioned results files"
        )
    if results.key("schema_version").integer() != RESULTS_SCHEMA_VERSION:
        raise GateInputError(
            f"{results.source}: schema_version {results.key('schema_version').value!r}, this gate "
            f"reads version {RESULTS_SCHEMA_VERSION}"
        )


def observe(results: Entry) -> Observations:
    """Flatten a results.json into the entries the gate checks."""
    _check_schema_version(results)
    observed = Observations(profile=results.key("profile").text())
    _observe_claims(results, observed)
    _observe_statements(results, observed)
    experiments = results.key("experiments")
    _observe_neuron(experiments.key("neuron"), observed)
    _observe_fingerprint(results, observed)
    _observe_mnist(experiments.key("mnist"), observed)
    for experiment in ("neuron", "mnist"):
        comparisons = experiments.optional(f"{experiment}_comparisons")
        if comparisons is not None:
            _observe_comparisons(experiment, comparisons, observed)
    if experiments.has("mnist_status") and experiments.key("mnist_status").text() != "ran":
        observed.mnist_ran = False
        reason = experiments.optional("mnist_reason")
        observed.notes.append(
            f"MNIST experiment not run: {reason.text() if reason else 'no reason given'}"
        )
    if results.has("problems"):
        observed.build_problems = [problem.text() for problem in results.key("problems").elements()]
        observed.notes += [f"build problem: {problem}" for problem in observed.build_problems]
    return observed
