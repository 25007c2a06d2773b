"""Small, fast stand-ins for the claim suite and the experiments, for tests of the report build."""

from __future__ import annotations

import types

from claims.catalog import Claim, Source
from reports.claims_run import ClaimsRun, WitnessResult

DOC_A = "doc_a.txt"

# The start of a script that runs ``python -m reports.build`` in a subprocess (from the
# repository root) with its long phases replaced by :func:`stub_phases`; ``build`` is the module.
STUB_BUILD_HEAD = """
import sys
sys.path.insert(0, "tests")
from report_fixtures import stub_phases
import reports.build as build


class Patch:
    def setattr(self, target, name, value):
        setattr(target, name, value)


stub_phases(Patch(), build)
"""
DOC_B = "doc_b.txt"

SMALL_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="160" viewBox="0 0 320 160">'
    '<rect x="0" y="0" width="320" height="160" fill="#ffffff" stroke="#333333"/>'
    '<polyline points="10,150 60,120 110,60 160,30 210,20 310,15" fill="none" stroke="#1f77b4" '
    'stroke-width="3"/>'
    '<text x="20" y="20" font-size="12">output a against epoch</text></svg>'
)


def make_catalog(
    statement_of_first: str = "The sigmoid's derivative is sigma(z)(1-sigma(z)).",
) -> types.SimpleNamespace:
    """Four claims over two documents: one holds, one refuted as expected, one fails,
    one unwitnessed.
    """
    claims = (
        Claim(
            id="sigmoid-derivative",
            title="Derivative of the sigmoid",
            statement=statement_of_first,
            formula=r"\sigma'(z) = \sigma(z)\,(1-\sigma(z))",
            sources=(
                Source(DOC_A, "12", "Derivatives", "s'(z)"),
                Source(DOC_B, "30-32", "Section 2"),
            ),
            kind="identity",
            rests_on=(),
            expected="holds",
        ),
        Claim(
            id="wrong-derivative",
            title="A misprinted derivative",
            statement="dC/dw carries sigma'(x).",
            formula=r"\frac{\partial C}{\partial w} = x\,\sigma'(x)",
            sources=(Source(DOC_A, "20", "Derivatives"),),
            kind="identity",
            rests_on=("sigmoid-derivative",),
            expected="refuted",
            reason="sigma'(x) is not sigma'(z)",
        ),
        Claim(
            id="cost-positive",
            title="Cross-entropy is positive",
            statement="C > 0 for a in (0, 1).",
            formula=r"C = -\left[y\ln a + (1-y)\ln(1-a)\right] > 0",
            sources=(Source(DOC_B, "57", "Costs"),),
            kind="inequality",
            rests_on=("sigmoid-derivative",),
            expected="holds",
        ),
        Claim(
            id="mnist-accuracy",
            title="MNIST accuracy 95.49 %",
            statement="The network reaches 95.49 %.",
            formula="",
            sources=(Source(DOC_B, "187, 189", "MNIST", "95.49"),),
            kind="numerical result",
            rests_on=("cost-positive", "wrong-derivative"),
            expected="holds",
        ),
    )
    return types.SimpleNamespace(
        CLAIMS=claims, DOCUMENTS={DOC_A: "First document.", DOC_B: "Second document."}
    )


def make_claims_run() -> ClaimsRun:
    tests = [
        WitnessResult(
            "claims/test_a.py::test_sympy", ("sigmoid-derivative",), "sympy", "passed", 0.12
        ),
        WitnessResult(
            "claims/test_a.py::test_property",
            ("sigmoid-derivative",),
            "hypothesis",
            "passed",
            0.5,
            examples=200,
        ),
        WitnessResult(
            "claims/test_b.py::test_counterexample",
            ("wrong-derivative",),
            "numerical",
            "passed",
            0.01,
            counterexample="w=2, b=2, x=1: sigma'(x)=0.197 but sigma'(z)=0.0177",
        ),
        # A long node id, as real ones are: the page must wrap it, not overflow.
        WitnessResult(
            "claims/test_cross_entropy_statements.py::test_cross_entropy_is_strictly_positive_"
            "for_every_output_strictly_inside_the_unit_interval_and_any_target",
            ("cost-positive",),
            "hypothesis",
            "failed",
            0.3,
            examples=57,
            counterexample="a=1.0, y=1.0",
            message="assert 0.0 > 0",
        ),
    ]
    return ClaimsRun(
        tests=tests,
        hypothesis_profile="ci",
        exit_code=1,
        output="4 tests: 3 passed, 1 failed\n",
        command="python -m pytest claims/ -p claims.plugin --claims-json PATH -q",
    )


def make_neuron() -> dict:
    runs = [
        {
            "w0": 0.6,
            "b0": 0.9,
            "cost": "quadratic",
            "eta": 0.15,
            "epochs": 300,
            "initial_output": 0.8175744762,
            "final_output": 0.0927,
            "trajectory": {"epoch": [0, 1], "a": [0.82, 0.81]},
        },
        {
            "w0": 2.0,
            "b0": 2.0,
            "cost": "quadratic",
            "eta": 0.15,
            "epochs": 300,
            "initial_output": 0.9820137900,
            "final_output": 0.2017,
            "trajectory": {"epoch": [0, 1], "a": [0.98, 0.98]},
        },
    ]
    comparisons = [
        {
            "claim_id": "sigmoid-derivative",
            "document": DOC_A,
            "locator": "item 2",
            "statement": "final output 0.09",
            "stated": 0.09,
            "computed": 0.0927,
            "tolerance": 0.005,
            "verdict": "agrees",
            "note": "rounded to 2 places",
        },
        {
            "claim_id": None,
            "document": DOC_B,
            "locator": "figure 3",
            "statement": "final output 0.20",
            "stated": 0.2,
            "computed": 0.2017,
            "tolerance": 0.005,
            "verdict": "agrees",
            "note": "",
        },
    ]
    return {"runs": runs, "comparisons": comparisons, "figures": {"neuron-output": SMALL_SVG}}


def make_mnist_not_run() -> dict:
    return {
        "status": "not run",
        "reason": "MNIST files not found in /nowhere",
        "profile": "quick",
        "command": "python -m runs.download --mnist-dir /nowhere",
        "comparable_with_book": False,
        "configs": [],
        "comparisons": [],
        "significance": [],
        "claim_verdicts": {},
        "figures": {},
        "timings": {},
    }


def make_mnist_ran() -> dict:
    config = {
        "name": "sigmoid-ce-30",
        "sizes": [784, 30, 10],
        "cost": "cross_entropy",
        "eta": 0.5,
        "epochs": 2,
        "seeds": [0, 1, 2],
        "train_size": 1000,
        "final_accuracy": {"mean": 0.9012, "std": 0.004, "per_seed": [0.90, 0.905, 0.8986]},
        "best_accuracy": {"mean": 0.9050, "std": 0.003, "per_seed": [0.904, 0.908, 0.903]},
        "validation_selected_test_accuracy": {
            "mean": 0.903,
            "std": 0.003,
            "per_seed": [0.90, 0.906, 0.903],
        },
        "book_figure": 0.9549,
        "book_inside_spread": False,
        "notes": "quick profile: 1000 examples",
    }
    return {
        "status": "ran",
        "reason": None,
        "command": None,
        "profile": "quick",
        "comparable_with_book": False,
        "configs": [config],
        "comparisons": [
            {
                "claim_id": "mnist-accuracy",
                "document": DOC_B,
                "locator": "MNIST paragraph",
                "statement": "95.49 %",
                "stated": 0.9549,
                "computed": 0.9012,
                "tolerance": 0.01,
                "verdict": "not comparable",
                "note": "quick profile",
            }
        ],
        "significance": [
            {"a": "sigmoid-ce-30", "b": "sigmoid-quadratic-30", "difference": 0.01, "p_value": 0.2}
        ],
        "claim_verdicts": {
            "mnist-accuracy": {"verdict": "holds", "evidence": "mean 0.9012 within spread"}
        },
        "figures": {"mnist-accuracy": SMALL_SVG},
        "timings": {"train": 1.5},
    }


def _claim_test_ids() -> list[str]:
    """Node ids of real test functions in claims/ (so witness sources can be looked up)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    ids = []
    for path in sorted((root / "claims").glob("test_*.py")):
        module = ast.parse(path.read_text(encoding="utf-8"))
        ids += [
            f"claims/{path.name}::{node.name}"
            for node in module.body
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
        ]
    return ids


def make_real_claims_run() -> ClaimsRun:
    """Every catalog claim witnessed by two passing real test functions (their expected verdict),
    each expected-refuted claim with a counterexample: the page a full build shows, as heavy."""
    from claims.catalog import CLAIMS

    test_ids = _claim_test_ids()
    tests = []
    for index, claim in enumerate(CLAIMS):
        for k in range(2):
            nodeid = test_ids[(2 * index + k) % len(test_ids)]
            counterexample = (
                f"counterexample of {claim.id}" if claim.expected == "refuted" else None
            )
            tests.append(
                WitnessResult(
                    nodeid,
                    (claim.id,),
                    "hypothesis",
                    "passed",
                    0.1,
                    examples=100,
                    counterexample=counterexample,
                )
            )
    return ClaimsRun(
        tests=tests,
        hypothesis_profile="quick",
        exit_code=0,
        output="all passed\n",
        command="python -m pytest claims/",
    )


def stub_phases(monkeypatch, build, *, keep_fetch: bool = False) -> types.SimpleNamespace:
    """Replace the long phases of ``reports.build`` by these fixtures.

    ``calls`` records the phases that ran in order, ``fetches`` the MNIST downloads asked for
    (directory, mirrors), ``sweeps`` the sweep runs; ``state`` holds what they return.
    ``keep_fetch`` leaves the real download in place (for tests against a local mirror).
    """
    calls, fetches, sweeps = [], [], []
    state = {"claims_run": make_claims_run(), "mnist": make_mnist_not_run(), "fetch": None}

    def claims():
        calls.append("claims")
        return state["claims_run"]

    def mnist(profile, mnist_dir, jobs, cache_dir, seeds=None):
        calls.append(("mnist", profile, jobs, seeds))
        return state["mnist"], None

    monkeypatch.setattr(build, "run_claim_suite", claims)
    monkeypatch.setattr(
        build, "run_neuron_phase", lambda: (calls.append("neuron"), (make_neuron(), None))[1]
    )
    monkeypatch.setattr(build, "run_mnist_phase", mnist)
    if not keep_fetch:
        monkeypatch.setattr(
            build,
            "fetch_mnist_phase",
            lambda mnist_dir, mirrors: (fetches.append((mnist_dir, mirrors)), state["fetch"])[1],
        )
    monkeypatch.setattr(
        build,
        "run_sweep_phase",
        lambda mnist_dir, jobs, cache_dir: (sweeps.append((mnist_dir, jobs, cache_dir)), None)[1],
    )
    monkeypatch.setattr(build, "sweep_summary_phase", lambda cache_dir: (None, None))
    real_build_report = build.build_report
    monkeypatch.setattr(
        build, "build_report", lambda *a, **k: real_build_report(*a, catalog=make_catalog(), **k)
    )
    return types.SimpleNamespace(calls=calls, fetches=fetches, sweeps=sweeps, state=state)


def build_fixture_report(out_dir, **extra):
    """``reports.build.build_report`` into ``out_dir`` on the made-up claims run, neuron and
    catalog, MNIST not run, quick profile; ``extra`` adds or replaces keyword arguments."""
    from reports.build import build_report

    arguments = {
        "claims_run": make_claims_run(),
        "neuron": make_neuron(),
        "mnist": make_mnist_not_run(),
        "sweep": None,
        "profile": "quick",
        "timings": {},
        "catalog": make_catalog(),
    }
    return build_report(out_dir, **{**arguments, **extra})


# Every file a build writes into its report directory: five pages in each language, index.html
# (the landing page in --lang) and results.json.
REPORT_FILES = sorted(
    [
        f"{page}.{lang}.html"
        for page in ("index", "claims", "documents", "experiments", "tests")
        for lang in ("en", "zh")
    ]
    + ["index.html", "results.json"]
)
