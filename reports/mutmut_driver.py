"""Driving mutmut for :mod:`reports.mutation`: the work copy of the tracked files, the runs of
``mutmut run`` (every mutant not killed before tested again by name), the statuses mutmut
lists, and each mutant's function before and after, read in one process."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from reports.mutation_targets import TARGETS, Target, mutmut_settings

REPOSITORY = Path(__file__).resolve().parent.parent
HYPOTHESIS_PROFILE = "quick"

# mutmut's "segfault" is a test process that died of a signal (SIGSEGV, or SIGKILL after its
# CPU-time limit): the mutant did not pass the tests.
KILLED = frozenset({"killed", "timeout", "caught by type check", "segfault"})

RESULT_LINE = re.compile(r"^\s*(?P<name>[\w.]+__mutmut_\d+): (?P<status>.+)$")


def tracked_files() -> list[str]:
    listing = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPOSITORY, check=True, capture_output=True, text=True
    ).stdout
    return [name for name in listing.split("\0") if name]


def sync_work_copy(work: Path, target: Target, modules: tuple[str, ...]) -> None:
    """Make ``work`` hold the tracked files as they are in the working tree (mutmut's state
    kept), with the target's ``[tool.mutmut]`` table."""
    work.mkdir(parents=True, exist_ok=True)
    for name in tracked_files():
        source, copy = REPOSITORY / name, work / name
        if not source.is_file():
            continue
        copy.parent.mkdir(parents=True, exist_ok=True)
        if not copy.exists() or copy.read_bytes() != source.read_bytes():
            shutil.copy2(source, copy)
    pyproject = work / "pyproject.toml"
    pyproject.write_text(
        (REPOSITORY / "pyproject.toml").read_text() + mutmut_settings(target, modules)
    )
    # mutmut regenerates a module's mutants only when its source is newer than the copy under
    # mutants/, which a run that did not mutate it left as a plain copy: make the modules to
    # mutate newer (their functions' verdicts are kept by mutmut where the source is unchanged)
    for module in modules:
        os.utime(work / module)


def mutmut_statuses(work: Path, environment: dict) -> dict[str, str]:
    """Mutant name -> status, as ``mutmut results --all true`` lists them ({} before a first
    run)."""
    if not (work / "mutants").is_dir():
        return {}
    listing = subprocess.run(
        ["mutmut", "results", "--all", "true"],
        cwd=work,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {
        m["name"]: m["status"].strip() for m in map(RESULT_LINE.match, listing.splitlines()) if m
    }


def run_mutmut(
    work: Path, jobs: int, settled: frozenset[str] = frozenset(), target: Target = TARGETS["engine"]
) -> dict[str, str]:
    """Run mutmut in ``work``; mutant name -> status.

    mutmut keeps a verdict until the mutated function's source changes, so a test added since
    the last run would never meet the mutants it was written for. Every mutant that was not
    killed before this run (and is not killed by it) is therefore tested again, by name,
    against the present suites -- except the ``settled`` ones
    (:func:`reports.mutation.settled_mutants`)."""
    environment = {
        **os.environ,
        "NNCLAIMS_HYPOTHESIS_PROFILE": HYPOTHESIS_PROFILE,
        **target.environment,
    }
    environment.pop("CI", None)
    # the work copy imports itself; a PYTHONPATH naming the repository would shadow it
    environment.pop("PYTHONPATH", None)
    before = mutmut_statuses(work, environment)
    command = ["mutmut", "run", "--max-children", str(jobs)]
    run_logged(command, work, environment)
    statuses = mutmut_statuses(work, environment)
    again = sorted(
        name
        for name, status in before.items()
        if name not in settled
        and status not in KILLED
        and statuses.get(name, "killed") not in KILLED
    )
    if again:
        run_logged(command + again, work, environment)
        statuses = mutmut_statuses(work, environment)
    return statuses


def run_logged(command: list[str], work: Path, environment: dict) -> None:
    """Run ``command`` in ``work`` with its output in ``work/mutmut.log``; RuntimeError naming
    the log and quoting its end when it fails (a test that fails without any mutant, say)."""
    log = work / "mutmut.log"
    with log.open("w", encoding="utf-8") as output:
        status = subprocess.run(
            command, cwd=work, env=environment, stdout=output, stderr=subprocess.STDOUT
        ).returncode
    if status != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-25:]
        raise RuntimeError(
            f"{' '.join(command[:2])} failed (exit {status}); its output is in "
            f"{log}, ending:\n" + "\n".join(tail)
        )


CHANGES_SCRIPT = """
import json, sys
import libcst as cst
from mutmut.mutation.diff_apply import (find_mutant, get_diff_for_mutant, read_functions_from_index,
                                        read_mutant_function, read_mutants_module,
                                        read_original_function)

def functions(name):
    path = find_mutant(name).path
    found = read_functions_from_index(name, path)
    if found is None:
        module = read_mutants_module(path)
        found = read_original_function(module, name), read_mutant_function(module, name)
    return [cst.Module([function]).code for function in found]

shown = {}
for name in json.load(sys.stdin):
    original, mutated = functions(name)
    shown[name] = {"diff": get_diff_for_mutant(name), "original": original, "mutated": mutated}
json.dump(shown, sys.stdout)
"""


def changes_of(work: Path, mutants: list[str]) -> dict[str, dict]:
    """Mutant name -> {diff, original, mutated}: the unified diff ``mutmut show`` prints and the
    function's source before and after, from one process (``mutmut show`` takes about a second
    per mutant)."""
    if not mutants:
        return {}
    shown = subprocess.run(
        [sys.executable, "-c", CHANGES_SCRIPT],
        cwd=work,
        check=True,
        input=json.dumps(mutants),
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(shown)


def diffs_of(work: Path, mutants: list[str]) -> dict[str, str]:
    """Mutant name -> unified diff of the mutated function."""
    return {name: shown["diff"] for name, shown in changes_of(work, mutants).items()}
