"""Comparing observations with a baseline, and the table a failing gate prints."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from typing import TextIO

from reports.gate.advice import advice_text
from reports.gate.baseline import BASELINE_SECTIONS, EXACT_SECTION, load_baseline
from reports.gate.mode import Mode, choose_mode
from reports.gate.observe import (
    NOT_RUN,
    GateInputError,
    Observations,
    guarded,
    load_json,
    observe,
    results_entry,
)

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
            moved.append(
                Finding(
                    "claim",
                    identifier,
                    accepted["verdict"],
                    "(missing)",
                    "present",
                    "claim disappeared from the results",
                )
            )
            continue
        if now["expected"] != accepted["expected"]:
            moved.append(
                Finding(
                    "claim",
                    identifier,
                    f"expected {accepted['expected']}",
                    f"expected {now['expected']}",
                    "same expectation",
                    "the catalog changed the expected verdict",
                )
            )
        problem = _claim_problem(now, accepted)
        if problem:
            moved.append(
                Finding(
                    "claim",
                    identifier,
                    accepted["verdict"],
                    now["verdict"],
                    f"= {now['expected']}",
                    problem,
                )
            )
    for identifier, now in observed.claims.items():
        if identifier in baseline["claims"]:
            continue
        problem = _claim_problem(now, None)
        if problem:
            moved.append(
                Finding(
                    "claim",
                    identifier,
                    "(new)",
                    now["verdict"],
                    f"= {now['expected']}",
                    f"new claim; {problem}",
                )
            )
        else:
            new.append(
                Finding("claim", identifier, "(new)", now["verdict"], "", "not in the baseline")
            )


def _check_verdicts(
    kind: str, accepted_table: dict, now_table: dict, moved: list, new: list
) -> None:
    for key, accepted in accepted_table.items():
        now = now_table.get(key)
        if now is None:
            moved.append(
                Finding(
                    kind,
                    key,
                    accepted["verdict"],
                    "(missing)",
                    "present",
                    f"{kind} disappeared from the results",
                )
            )
        elif now["verdict"] != accepted["verdict"]:
            moved.append(
                Finding(
                    kind, key, accepted["verdict"], now["verdict"], "= baseline", "verdict changed"
                )
            )
    for key, now in now_table.items():
        if key not in accepted_table:
            new.append(Finding(kind, key, "(new)", now["verdict"], "", "not in the baseline"))


def _seeds_extend(accepted, now) -> bool:
    """Whether one seed list continues the other with the next seeds in order: seeds added to a
    configuration with stalls depend on how many stall, which another machine's rounding may
    change."""
    if not isinstance(accepted, list) or not isinstance(now, list) or not accepted or not now:
        return False
    shorter, longer = sorted((accepted, now), key=len)
    extra = longer[len(shorter) :]
    following = list(range(shorter[-1] + 1, shorter[-1] + 1 + len(extra)))
    return longer[: len(shorter)] == shorter and extra == following


def _check_setups(
    baseline: dict, observed: Observations, moved: list, new: list, mode: Mode
) -> None:
    for name, accepted in baseline["setups"].items():
        now = observed.setups.get(name)
        if now is None:
            moved.append(
                Finding(
                    "setup",
                    name,
                    "present",
                    "(missing)",
                    "present",
                    "MNIST configuration did not run or disappeared",
                )
            )
            continue
        for field_name in sorted(set(accepted) | set(now)):
            if (
                field_name == "seeds"
                and not mode.exact
                and _seeds_extend(accepted.get(field_name), now.get(field_name))
            ):
                continue
            if accepted.get(field_name) != now.get(field_name):
                moved.append(
                    Finding(
                        "setup",
                        f"{name} :: {field_name}",
                        json.dumps(accepted.get(field_name)),
                        json.dumps(now.get(field_name)),
                        "= baseline",
                        "configuration changed",
                    )
                )
    for name in observed.setups:
        if name not in baseline["setups"]:
            new.append(Finding("setup", name, "(new)", "present", "", "not in the baseline"))


def _check_figures(baseline: dict, observed: Observations, moved: list, new: list) -> None:
    now_values = {key: ("neuron", value) for key, value in observed.neuron_figures.items()}
    now_values.update(
        {key: ("mnist", record["value"]) for key, record in observed.mnist_figures.items()}
    )
    now_values.update(
        {key: ("mnist", record["value"]) for key, record in observed.stall_figures.items()}
    )
    for key, accepted in baseline["figures"].items():
        kind = key.split(" ", 1)[0]
        low, high = accepted["band"]
        band_text = f"[{_number_text(low, kind)}, {_number_text(high, kind)}]"
        base_text = _number_text(accepted["value"], kind)
        if key not in now_values:
            moved.append(
                Finding(
                    kind,
                    key,
                    base_text,
                    "(missing)",
                    band_text,
                    "figure disappeared from the results",
                )
            )
            continue
        value = now_values[key][1]
        if not low <= value <= high:
            moved.append(
                Finding(
                    kind,
                    key,
                    base_text,
                    _number_text(value, kind),
                    band_text,
                    f"outside band ({accepted.get('rule', '')})",
                )
            )
    for key, (kind, value) in now_values.items():
        if key not in baseline["figures"]:
            new.append(
                Finding(kind, key, "(new)", _number_text(value, kind), "", "not in the baseline")
            )


def _exact_text(value) -> str:
    return repr(value) if isinstance(value, float) else json.dumps(value)


def _first_difference(accepted, now) -> tuple[str, str, str]:
    """(where, baseline, now) of the first element where two per-seed values differ; a
    per-epoch curve is named by its epoch."""
    if isinstance(accepted, list) and isinstance(now, list) and len(accepted) == len(now):
        for index, (before, after) in enumerate(zip(accepted, now)):
            if before != after:
                return f" epoch {index + 1}", _exact_text(before), _exact_text(after)
    return "", _exact_text(accepted), _exact_text(now)


def _check_exact(baseline: dict, observed: Observations, moved: list, new: list) -> None:
    """Every per-seed figure equal to the baseline's, bit for bit."""
    why = "differs; same run fingerprint, so the code computes something else"
    for key, accepted in baseline[EXACT_SECTION].items():
        kind = key.split(" ", 1)[0]
        now = observed.exact.get(key)
        if now is None:
            moved.append(
                Finding(
                    kind,
                    key,
                    "present",
                    "(missing)",
                    "present",
                    "figure disappeared from the results",
                )
            )
            continue
        if accepted.get("seeds") != now.get("seeds"):
            moved.append(
                Finding(
                    kind,
                    f"{key} :: seeds",
                    json.dumps(accepted.get("seeds")),
                    json.dumps(now.get("seeds")),
                    "= baseline",
                    "seeds changed",
                )
            )
            continue
        seeds = accepted.get("seeds") or [None] * len(accepted["values"])
        for seed, before, after in zip(seeds, accepted["values"], now["values"]):
            if before != after:
                where, before_text, after_text = _first_difference(before, after)
                label = key if seed is None else f"{key} :: seed {seed}{where}"
                moved.append(
                    Finding(kind, label, before_text, after_text, "= baseline (exact)", why)
                )
    for key in observed.exact:
        if key not in baseline[EXACT_SECTION]:
            kind = key.split(" ", 1)[0]
            new.append(Finding(kind, key, "(new)", "present", "", "not in the baseline"))


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


def compare(
    baseline: dict, observed: Observations, mode: Mode | None = None
) -> tuple[list[Finding], list[Finding], int]:
    """(moved, new, number of baseline checks) for results ``observed`` against ``baseline``:
    figures compared exactly in exact mode, against their bands otherwise (:func:`choose_mode`)."""
    mode = mode or choose_mode(baseline, observed)
    moved: list[Finding] = []
    new: list[Finding] = []
    _check_claims(baseline, observed, moved, new)
    statements: list[Finding] = []
    _check_verdicts("statement", baseline["statements"], observed.statements, statements, new)
    moved += _fold_statements_into_claims(statements, moved)
    _check_verdicts("comparison", baseline["comparisons"], observed.comparisons, moved, new)
    _check_setups(baseline, observed, moved, new, mode)
    figure_section = EXACT_SECTION if mode.exact else "figures"
    if mode.exact:
        _check_exact(baseline, observed, moved, new)
    else:
        _check_figures(baseline, observed, moved, new)
    checks = sum(len(baseline[section]) for section in (*BASELINE_SECTIONS[:-1], figure_section))
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


def _load_pair(baseline_path, results_path, results=None) -> tuple[dict, Observations]:
    root = (
        load_json(results_path, "results")
        if results is None
        else results_entry(results, results_path)
    )
    observed = guarded(root.source, lambda: observe(root))
    baseline = load_baseline(baseline_path)
    if baseline["profile"] != observed.profile:
        raise GateInputError(
            f"profile mismatch: baseline {baseline_path} was made from a '{baseline['profile']}' "
            f"report, results {results_path} come from a '{observed.profile}' report; build with "
            f"--profile {baseline['profile']} or compare against a '{observed.profile}' baseline"
        )
    return baseline, observed


def run_gate(
    baseline_path,
    results_path,
    out: TextIO | None = None,
    err: TextIO | None = None,
    results: dict | None = None,
) -> int:
    """Compare ``results_path`` with ``baseline_path``, print what moved;
    0 ok, 1 moved, 2 bad input.

    ``out``: where to print, standard output as it is at the call when not given.
    ``results``: the results already in memory (the build's own), used instead of reading
    ``results_path``, which then only names them in messages."""
    out = out or sys.stdout
    err = err or out
    try:
        baseline, observed = _load_pair(baseline_path, results_path, results)
    except GateInputError as error:
        print(f"gate: error: {error}", file=err)
        return 2
    try:
        mode = guarded(f"baseline {baseline_path}", lambda: choose_mode(baseline, observed))
        moved, new, checks = guarded(
            f"baseline {baseline_path}", lambda: compare(baseline, observed, mode)
        )
    except GateInputError as error:
        print(f"gate: error: {error}", file=err)
        return 2
    header = (
        f"gate: results {results_path} against baseline {baseline_path} "
        f"(profile {observed.profile})"
    )
    print(header, file=out)
    print(mode.line(), file=out)
    if new:
        are_new = "1 entry is new" if len(new) == 1 else f"{len(new)} entries are new"
        print(f"\n{are_new} (not in the baseline; --update records them):", file=out)
        print(render_table(_finding_rows(new)), file=out)
    if moved:
        print(f"\nFAILED: {_count(len(moved), 'problem')} in {checks} baseline checks:", file=out)
        print(render_table(_finding_rows(moved)), file=out)
        for note in observed.notes:
            print(f"note: {note}", file=out)
        print(advice_text(moved, observed, baseline, baseline_path, results_path), file=out)
        return 1
    print(f"ok: all {checks} baseline checks hold.", file=out)
    return 0
