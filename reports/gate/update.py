"""Recording a new baseline from a results file, printing every change it accepts."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

from reports.gate.baseline import BASELINE_SECTIONS, EXACT_SECTION, load_baseline, make_baseline
from reports.gate.compare import _number_text
from reports.gate.mode import describe_fingerprint, fingerprint_gaps
from reports.gate.observe import (
    ACCURACY_SCALE,
    NOT_RUN,
    GateInputError,
    Observations,
    _format_parameter,
    guarded,
    load_json,
    observe,
)

# Updating the baseline.


def _describe(record: Any) -> str:
    if isinstance(record, dict) and set(record) <= {"values", "seeds"}:
        values = record.get("values", [])
        if "seeds" not in record and len(values) == 1:
            value = values[0]
            return repr(value) if isinstance(value, float) else _format_parameter(value)
        return f"{len(values)} per-seed values"
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
    """Lines describing what replacing ``old`` by ``new`` changes
    (+ added, - removed, ~ changed).
    """
    lines = []
    if old is None:
        lines.append(f"+ profile {new['profile']}")
        old = {}
    elif old["profile"] != new["profile"]:
        lines.append(f"~ profile {old['profile']} -> {new['profile']}")
    if old.get("fingerprint") != new.get("fingerprint"):
        before, after = old.get("fingerprint"), new.get("fingerprint")
        if before is None:
            lines.append(f"+ fingerprint {describe_fingerprint(after)}")
        elif after is None:
            lines.append(f"- fingerprint {describe_fingerprint(before)}")
        else:
            lines.append(
                f"~ fingerprint {describe_fingerprint(before)} -> {describe_fingerprint(after)}"
            )
    for section in (*BASELINE_SECTIONS, EXACT_SECTION):
        before, after = old.get(section, {}), new.get(section, {})
        for key in sorted(set(before) | set(after)):
            if key not in before:
                lines.append(f"+ {section} {key}: {_describe(after[key])}")
            elif key not in after:
                lines.append(f"- {section} {key}: {_describe(before[key])}")
            elif before[key] != after[key]:
                lines.append(
                    f"~ {section} {key}: {_describe(before[key])} -> {_describe(after[key])}"
                )
    return lines


def update_baseline(
    baseline_path, results_path, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Write the baseline that accepts ``results_path``, printing what it changes; 0 or 2.
    ``out``: where to print, standard output as it is at the call when not given."""
    from runs.atomic import write_atomically

    out = out or sys.stdout
    err = err or out
    baseline_path = Path(baseline_path)
    try:
        root = load_json(results_path, "results")
        observed = guarded(root.source, lambda: observe(root))
    except GateInputError as error:
        print(f"gate: error: {error}", file=err)
        return 2
    old = None
    if baseline_path.exists():
        try:
            old = load_baseline(baseline_path)
        except GateInputError as error:
            print(
                f"gate: the existing baseline is unreadable and is replaced whole: {error}",
                file=out,
            )
    new = make_baseline(observed)
    lines = baseline_diff(old, new)
    action = "updating" if old is not None else "creating"
    print(f"gate: {action} baseline {baseline_path} from results {results_path}", file=out)
    print(
        "\n".join(lines) if lines else "no change: the baseline already accepts these results",
        file=out,
    )
    _warn_about(new, observed, out)
    try:
        write_atomically(baseline_path, json.dumps(new, indent=2, sort_keys=False) + "\n")
    except OSError as error:
        print(
            f"gate: error: baseline {baseline_path}: expected a writable location, cannot write "
            f"it ({error.strerror or error}); nothing was changed",
            file=err,
        )
        return 2
    counts = ", ".join(
        f"{sum(line.startswith(sign) for line in lines)} {word}"
        for sign, word in (("+", "added"), ("-", "removed"), ("~", "changed"))
    )
    print(f"gate: wrote {baseline_path} ({counts})", file=out)
    return 0


def _warn_about(baseline: dict, observed: Observations, out: TextIO) -> None:
    claims = baseline["claims"].items()
    not_run = [k for k, c in claims if c["verdict"] == NOT_RUN and c["expected"] != NOT_RUN]
    if not_run:
        print(
            "note: accepted as not run (the gate passes them only while they stay not run): "
            + ", ".join(not_run),
            file=out,
        )
    off_target = [k for k, c in claims if c["verdict"] not in (NOT_RUN, c["expected"])]
    if off_target:
        print(
            "warning: these claims do not reach their expected verdict; the gate keeps failing "
            "on them until they do: " + ", ".join(off_target),
            file=out,
        )
    fingerprint = baseline.get("fingerprint")
    if fingerprint is None:
        print(
            "warning: the results record no run fingerprint (environment.run_fingerprint): the "
            "gate compares figures against bands only, never exactly",
            file=out,
        )
    elif fingerprint_gaps(fingerprint):
        print(
            "warning: the run fingerprint does not identify "
            f"{', '.join(fingerprint_gaps(fingerprint))}: the gate compares against bands only",
            file=out,
        )
    if not any(key.startswith("mnist ") for key in baseline["figures"]):
        print(
            "warning: the results hold no MNIST figures; this baseline does not gate the MNIST "
            "experiment (build with --require-mnist)",
            file=out,
        )
    ungated = [k for k, f in baseline["figures"].items() if f["band"] == [0.0, ACCURACY_SCALE]]
    if ungated:
        print(
            "warning: the seeds disagree so much that these bands span 0-100 % and gate nothing: "
            + ", ".join(ungated),
            file=out,
        )
    single = [k for k, f in baseline["figures"].items() if f.get("n_seeds") == 1]
    if single:
        print(
            "warning: single-seed figures, band is the resolution floor only: " + ", ".join(single),
            file=out,
        )
    for note in observed.notes:
        print(f"note: {note}", file=out)
