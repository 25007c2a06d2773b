"""The targets of ``python -m reports.mutation``: what each run mutates, which suites judge a
mutant, where its work copy and summary live, and the ``[tool.mutmut]`` table that says so to
mutmut (see :mod:`reports.mutation` for the targets' reasons)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
WORKSPACE = REPOSITORY / ".mutation"
# what the tests of any target import or read, copied beside the mutated sources
SUPPORT = ("engine", "runs", "claims", "contracts", "experiments", "reports")


@dataclass(frozen=True)
class Target:
    """What one mutation run mutates and which suites judge each mutant."""

    name: str
    modules: tuple[str, ...]
    suites: tuple[str, ...]
    results: Path
    work: Path
    pytest_args: tuple[str, ...] = ()
    environment: dict[str, str] = field(default_factory=dict)
    # where mutmut forks each mutant's test process from: "fork" (its own process, which has
    # run the suites once to map them) or "forkserver" (a process that has only imported them)
    process_isolation: str = "fork"

    @property
    def source_paths(self) -> list[str]:
        return sorted({module.split("/")[0] + "/" for module in self.modules})

    @property
    def test_command(self) -> str:
        return " ".join(
            [
                "pytest",
                *self.suites,
                *(f'"{arg}"' if " " in arg else arg for arg in self.pytest_args),
            ]
        )


TARGETS = {
    "engine": Target(
        "engine",
        (
            "engine/activations.py",
            "engine/costs.py",
            "engine/network.py",
            "engine/training.py",
            "engine/compiled_step.py",
            "engine/validation.py",
            "runs/spec.py",
            "runs/train.py",
            "runs/executors.py",
        ),
        ("claims/", "contracts/"),
        WORKSPACE / "results.json",
        WORKSPACE / "work",
        environment={"NUMBA_DISABLE_JIT": "1"},
    ),
    "judging": Target(
        "judging",
        (
            "experiments/checks.py",
            *sorted(
                str(path.relative_to(REPOSITORY))
                for path in (REPOSITORY / "experiments").glob("*_checks.py")
            ),
            "experiments/statistics.py",
            "experiments/mnist_analysis.py",
            "claims/judge.py",
            "reports/gate/compare.py",
        ),
        ("claims/", "contracts/", "tests/"),
        WORKSPACE / "results-judging.json",
        WORKSPACE / "work-judging",
        # test_layout reads the modules' source, which mutmut rewrites: not a test of behaviour
        pytest_args=("-m", "not end_to_end and not browser", "--ignore=tests/test_layout.py"),
        # tests/ leaves process state behind (BLAS limits, patched streams) that a contract
        # checking a fresh process's BLAS limit would inherit from the mapping run
        process_isolation="forkserver",
    ),
}


def mutmut_settings(target: Target, modules: tuple[str, ...]) -> str:
    """The ``[tool.mutmut]`` table the run adds to the work copy's pyproject.toml."""

    def listed(items) -> str:
        return ", ".join(json.dumps(item) for item in items)

    return (
        "\n[tool.mutmut]\n"
        f"source_paths = [{listed(target.source_paths)}]\n"
        f"only_mutate = [{listed(modules)}]\n"
        f"pytest_add_cli_args_test_selection = [{listed(target.suites)}]\n"
        f'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q", {listed(target.pytest_args)}]\n'
        f"also_copy = [{listed(d for d in SUPPORT if d + '/' not in target.source_paths)}]\n"
        f"process_isolation = {json.dumps(target.process_isolation)}\n"
    ).replace(", ]", "]")
