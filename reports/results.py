"""``results.json``: the machine-readable record of one report build.

Assembled from the catalog, the claim suite's export and the experiments; the HTML report is
rendered from the same record, so the two never disagree. The keys are documented in the
README section "results.json"; ``reports.gate`` compares two such files.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Mapping
from types import ModuleType

from reports.claims_run import ClaimsRun
from reports.coverage import coverage_record
from reports.verdicts import HOLDS, REFUTED, VERDICTS, claim_verdict, experiment_outcome

SCHEMA_VERSION = 1
NEURON_RUN_KEYS = ("w0", "b0", "cost", "eta", "epochs", "initial_output", "final_output")
MNIST_EXPERIMENT_TEST = "experiments.mnist_experiments"


def _witness_record(test) -> dict:
    return {
        "kind": test.witness,
        "test": test.nodeid,
        "outcome": test.outcome,
        "duration": test.duration,
        "examples": test.examples,
        "counterexample": test.counterexample,
        "message": test.message,
    }


def _mnist_witness(claim, mnist: Mapping) -> dict | None:
    """The MNIST experiment as a witness of ``claim``, or None when it does not witness it."""
    verdicts = mnist.get("claim_verdicts") or {}
    entry = verdicts.get(claim.id)
    if entry is None and getattr(claim, "experiment", "") != "mnist":
        return None
    if entry is None:
        outcome, message = (
            "skipped",
            f"MNIST experiment not run: {mnist.get('reason') or 'no verdict given'}",
        )
    else:
        outcome = experiment_outcome(claim.expected, entry.get("verdict"))
        message = entry.get("evidence")
    return {
        "kind": "experiment",
        "test": MNIST_EXPERIMENT_TEST,
        "outcome": outcome,
        "duration": None,
        "examples": None,
        "counterexample": None,
        "message": message,
    }


def claim_records(catalog: ModuleType, claims_run: ClaimsRun, mnist: Mapping) -> list[dict]:
    """One record per catalog claim, in catalog order, with its witnesses and verdict."""
    by_claim: dict[str, list[dict]] = {}
    for test in claims_run.tests:
        for claim_id in test.claims:
            by_claim.setdefault(claim_id, []).append(_witness_record(test))
    records = []
    for claim in catalog.CLAIMS:
        witnesses = list(by_claim.get(claim.id, []))
        mnist_witness = _mnist_witness(claim, mnist)
        if mnist_witness is not None:
            witnesses.append(mnist_witness)
        verdict, reason = claim_verdict(claim.expected, [w["outcome"] for w in witnesses])
        if not claims_run.completed and verdict == "not run" and not witnesses:
            reason = f"the claim suite did not run to completion: {claims_run.problem}"
        examples = [w["examples"] for w in witnesses if w["examples"] is not None]
        records.append(
            {
                "id": claim.id,
                "title": claim.title,
                "statement": claim.statement,
                "formula": getattr(claim, "formula", ""),
                "kind": getattr(claim, "kind", ""),
                "expected": claim.expected,
                "verdict": verdict,
                "verdict_reason": reason,
                "reason": getattr(claim, "reason", ""),
                "sources": [
                    {
                        "document": s.document,
                        "lines": s.lines,
                        "heading": s.heading,
                        "locator": s.locator,
                        "quote": s.quote,
                    }
                    for s in claim.sources
                ],
                "rests_on": list(getattr(claim, "rests_on", ())),
                "experiment": getattr(claim, "experiment", ""),
                "witnesses": witnesses,
                "examples_tried": sum(examples) if examples else None,
                "counterexamples": [w["counterexample"] for w in witnesses if w["counterexample"]],
            }
        )
    return records


def _judged_runs(claim, neuron: Mapping, mnist: Mapping):
    """The runs ``claim``'s check reads (:mod:`claims.judge`), or None when there are none."""
    from claims.judge import MNIST_CHECKS, check_module, reads_neuron_runs

    if reads_neuron_runs(claim):
        return list(neuron.get("runs") or []) or None
    return mnist if check_module(claim) == MNIST_CHECKS else None


def add_controls_and_readings(
    catalog: ModuleType, claims: list[dict], neuron: Mapping, mnist: Mapping, problems: list[str]
) -> None:
    """Give every claim record ``controls`` (its negative controls that could be judged: ``{case,
    verdict, computed, flips}``, none unless the claim itself was judged) and ``readings`` (the
    reading its verdict follows and the others, each with its verdict; empty for a statement with
    one reading), computed by :mod:`claims.judge` from the same runs as its rows. A control that
    cannot be computed is left out and named in ``problems``."""
    from claims.judge import control_results, reading_results

    by_id = {claim.id: claim for claim in catalog.CLAIMS}
    for record in claims:
        record["controls"], record["readings"] = [], []
        claim = by_id.get(record["id"])
        if claim is None or getattr(claim, "check", None) is None:
            continue
        runs = _judged_runs(claim, neuron, mnist)
        try:
            if record["verdict"] in (HOLDS, REFUTED):
                record["controls"] = [
                    {key: control[key] for key in ("case", "verdict", "computed", "flips")}
                    for control in control_results(claim, runs)
                    if control["verdict"] in (HOLDS, REFUTED)
                ]
            record["readings"] = [
                {key: reading[key] for key in ("reading", "followed", "verdict", "expected")}
                for reading in reading_results(claim, runs)
            ]
        except Exception as error:  # one claim's controls must not stop the report
            problems.append(f"controls of claim {claim.id}: {type(error).__name__}: {error}")


def unknown_claim_ids(catalog: ModuleType, claims_run: ClaimsRun) -> list[str]:
    """Claim ids that tests name but the catalog does not hold (a typo in a claim mark)."""
    known = {claim.id for claim in catalog.CLAIMS}
    return sorted({cid for test in claims_run.tests for cid in test.claims} - known)


def document_ledgers(catalog: ModuleType, claims: list[dict]) -> list[dict]:
    """Per document: each claim citing it (locators, verdict) and the share that holds."""
    ledgers = []
    for document, description in catalog.DOCUMENTS.items():
        statements = []
        for record in claims:
            citing = [s for s in record["sources"] if s["document"] == document]
            if not citing:
                continue
            statements.append(
                {
                    "claim_id": record["id"],
                    "title": record["title"],
                    "locators": [s["locator"] for s in citing],
                    "quotes": [s["quote"] for s in citing if s["quote"]],
                    "expected": record["expected"],
                    "verdict": record["verdict"],
                }
            )
        counts = Counter(statement["verdict"] for statement in statements)
        checked = counts[HOLDS] + counts[REFUTED]
        ledgers.append(
            {
                "document": document,
                "description": description,
                "statements": statements,
                "counts": {verdict: counts[verdict] for verdict in VERDICTS},
                "holds": counts[HOLDS],
                "checked": checked,
                "share_holds": counts[HOLDS] / checked if checked else None,
            }
        )
    return ledgers


def neuron_section(neuron: Mapping) -> tuple[list[dict], list[dict]]:
    """(runs without their trajectories, comparisons) of the single-neuron experiment."""
    runs = [
        {key: value for key, value in run.items() if key != "trajectory"}
        for run in neuron.get("runs", [])
    ]
    missing = [key for run in runs for key in NEURON_RUN_KEYS if key not in run]
    if missing:
        raise ValueError(
            f"neuron experiment runs: expected keys {list(NEURON_RUN_KEYS)}, "
            f"missing {sorted(set(missing))}"
        )
    return runs, list(neuron.get("comparisons", []))


def book_figures_combined(mnist: Mapping) -> dict | None:
    """The combined test of the book's MNIST figures among our seeds that train
    (:func:`experiments.mnist_analysis.book_figures_combined`); None when the experiment did not
    run or no configuration has a book figure."""
    from experiments.mnist_analysis import book_figures_combined as combined

    if mnist.get("status") != "ran":
        return None
    return combined(list(mnist.get("configs", [])), bool(mnist.get("comparable_with_book")))


def _tally(comparisons: list[dict]) -> dict[str, int]:
    return dict(Counter(str(c.get("verdict")) for c in comparisons))


def summary(claims: list[dict], ledgers: list[dict], experiments: dict) -> dict:
    """Counts for the top of the report: claims by verdict, documents, experiments."""
    differing = [
        c["id"]
        for c in claims
        if c["verdict"] in (HOLDS, REFUTED) and c["verdict"] != c["expected"]
    ]
    return {
        "claims_by_verdict": {
            verdict: sum(c["verdict"] == verdict for c in claims) for verdict in VERDICTS
        },
        "claims_total": len(claims),
        "claims_as_expected": sum(c["verdict"] == c["expected"] for c in claims),
        "claims_differing_from_expected": differing,
        "claims_not_judged": [c["id"] for c in claims if c["verdict"] not in (HOLDS, REFUTED)],
        "documents": [
            {
                "document": ledger["document"],
                "holds": ledger["holds"],
                "checked": ledger["checked"],
                "statements": len(ledger["statements"]),
                "share_holds": ledger["share_holds"],
            }
            for ledger in ledgers
        ],
        "neuron_comparisons": _tally(experiments["neuron_comparisons"]),
        "mnist_status": experiments["mnist_status"],
        "mnist_comparisons": _tally(experiments["mnist_comparisons"]),
    }


def build_results(
    *,
    catalog: ModuleType,
    claims_run: ClaimsRun,
    neuron: Mapping,
    mnist: Mapping,
    sweep: Mapping | None,
    profile: str,
    environment: Mapping,
    problems: list[str],
    mutation: Mapping | None = None,
) -> dict:
    """The full ``results.json`` record (before JSON encoding). ``mutation``: the latest
    mutation-testing summary of each target that has one (target -> summary,
    :func:`reports.mutation.read_results`), or None."""
    claims = claim_records(catalog, claims_run, mnist)
    problems = list(problems)
    add_controls_and_readings(catalog, claims, neuron, mnist, problems)
    ledgers = document_ledgers(catalog, claims)
    neuron_runs, neuron_comparisons = neuron_section(neuron)
    experiments = {
        "neuron": neuron_runs,
        "neuron_comparisons": neuron_comparisons,
        "neuron_error": neuron.get("error"),
        "mnist": list(mnist.get("configs", [])),
        "mnist_status": mnist.get("status", "not run"),
        "mnist_reason": mnist.get("reason"),
        "mnist_command": mnist.get("command"),
        "mnist_profile": mnist.get("profile", profile),
        "mnist_profile_description": mnist.get("profile_description"),
        "mnist_comparable_with_book": bool(mnist.get("comparable_with_book", False)),
        "mnist_comparisons": list(mnist.get("comparisons", [])),
        "mnist_significance": list(mnist.get("significance", [])),
        "mnist_book_figures_combined": book_figures_combined(mnist),
        "mnist_claim_verdicts": dict(mnist.get("claim_verdicts", {})),
        "mnist_timings": dict(mnist.get("timings", {})),
        "sweep": dict(sweep) if sweep is not None else None,
    }
    return {
        "schema_version": SCHEMA_VERSION,
        "profile": profile,
        "hypothesis_profile": claims_run.hypothesis_profile,
        "summary": summary(claims, ledgers, experiments),
        "claims": claims,
        "documents": ledgers,
        "experiments": experiments,
        "claims_run": {
            "command": claims_run.command,
            "exit_code": claims_run.exit_code,
            "completed": claims_run.completed,
            "problem": claims_run.problem,
            "output": claims_run.output,
            "tests": len(claims_run.tests),
            "outcomes": dict(Counter(test.outcome for test in claims_run.tests)),
            "unknown_claim_ids": unknown_claim_ids(catalog, claims_run),
        },
        "coverage": coverage_record(catalog),
        "problems": list(problems),
        "environment": dict(environment),
        "mutation": (
            {target: dict(summary) for target, summary in mutation.items()} if mutation else None
        ),
    }


def _json_ready(value):
    """Plain JSON values: NumPy scalars/arrays to Python, non-finite floats to null,
    tuples to lists.
    """
    if isinstance(value, Mapping):
        return {str(key): _json_ready(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_ready(item) for item in value]
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        return _json_ready(value.tolist())
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(
        f"results.json: cannot encode a value of type {type(value).__name__}: {value!r}"
    )


def results_to_json(results: Mapping) -> str:
    """Encode the record as indented, key-sorted JSON (strict: no NaN or Infinity tokens)."""
    return (
        json.dumps(
            _json_ready(results), indent=2, sort_keys=True, allow_nan=False, ensure_ascii=False
        )
        + "\n"
    )
