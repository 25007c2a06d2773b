"""The summary ``python -m reports.build`` prints when the report is written, from the results
in memory (never from the file, which another build may already have replaced)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from reports.page.i18n import LANGUAGES

NO_SWEEP = (
    "phase not run: learning-rate sweep summary (no cached sweep runs; run "
    "python -m reports.sweep, or build with --with-sweep)"
)


def print_summary(results: Mapping, results_path: Path, index_path: Path) -> list[str]:
    """Print where the report is and what it found -- last, what matters most: the statements the
    documents get wrong, the verdicts that moved from the expected one, and why a phase did not
    run; return the problems it records."""
    counts = results["summary"]["claims_by_verdict"]
    print(f"report: {index_path} (also {', '.join(f'index.{code}.html' for code in LANGUAGES)})")
    print(f"results: {results_path}")
    print("claims: " + ", ".join(f"{n} {verdict}" for verdict, n in counts.items() if n))
    print(f"MNIST experiments: {results['experiments']['mnist_status']}")
    for line in closing_lines(results):
        print(line)
    return results["problems"]


def closing_lines(results: Mapping) -> list[str]:
    """The summary's last lines: statements the documents get wrong (count and ids), expected
    verdicts that moved, and each phase that did not run with the reason."""
    claims = results["claims"]
    wrong = [c["id"] for c in claims if c["verdict"] == "refuted"]
    lines = [
        f"statements the documents get wrong: {len(wrong)}"
        + (f" ({', '.join(wrong)})" if wrong else "")
    ]
    moved = [
        f"{c['id']} (expected {c['expected']}, now {c['verdict']})"
        for c in claims
        if c["verdict"] in ("holds", "refuted") and c["verdict"] != c["expected"]
    ]
    lines.append(
        f"expected verdicts that moved: {len(moved)}" + (f": {'; '.join(moved)}" if moved else "")
    )
    experiments = results["experiments"]
    if experiments.get("mnist_status") != "ran":
        reason = experiments.get("mnist_reason") or "no reason given"
        lines.append(f"phase not run: MNIST experiments ({reason})")
    if experiments.get("sweep") is None:
        lines.append(NO_SWEEP)
    if experiments.get("neuron_error"):
        lines.append(f"phase not run: single-neuron experiment ({experiments['neuron_error']})")
    for problem in results["problems"]:
        lines.append(f"problem: {problem}")
    return lines
