"""How much the claim suite catches: mutation testing of the engine's numerical modules.

``python -m reports.mutation`` runs mutmut (a maintained mutation-testing tool for Python 3 whose
per-function test selection and forked runners keep a run of ``pytest claims/`` per mutant within
reach of a 2-core machine) over the modules that compute a number the report shows, with
``pytest claims/`` as the test command, and writes a summary the report shows:

    score = killed / (mutants - equivalent)

where a mutant is *killed* when some claim test fails on it (or times out, or crashes the test
process), *equivalent* when ``claims/equivalent_mutants.toml`` argues that it cannot change any
result, and every other mutant (survived, or reached by no claim test) counts against the score.

The mutated modules: ``engine/activations.py``, ``costs.py``, ``network.py``, ``training.py`` and
``compiled_step.py`` (the math and the training step), ``validation.py`` (the input contracts
every entry point applies, the target contract among them) and ``runs.py`` (a run specification
to its history: the MNIST figures). The compiled step is plain Python that Numba compiles; the
run sets ``NUMBA_DISABLE_JIT=1``, so the claims exercise that same source as Python and a mutant
of it is a mutant of the compiled step. Left out, as they compute no reported number: the MNIST
loader and download (bytes to arrays, checked by their own digests), the result cache, the
fingerprints, the atomic writes, the worker set-up and the benchmark. Also left out:
``engine/blas.py``, which finds NumPy's ``cblas_?gemm`` once, when the compiled step is imported,
and checks it bit for bit against NumPy on a sample (tests/ too); mutmut attributes calls made
at import time to no test, so every mutant of it would count as "no tests" whatever the claims
catch.

The run works in a copy of the repository's tracked files (``.mutation/work``), so the working
tree is never touched; mutmut's state there makes a second run re-test only the functions that
changed, and :func:`run_mutmut` then re-tests every mutant that was not killed before, so a
witness added since meets the mutants it was written for. The claim suite runs under the
``quick`` Hypothesis profile (25 derandomized examples per property): the same inputs every run,
so a mutant's fate is repeatable.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from runs.atomic import write_atomically
from runs.fingerprint import engine_fingerprint

REPOSITORY = Path(__file__).resolve().parent.parent
WORKSPACE = REPOSITORY / ".mutation"
RESULTS = WORKSPACE / "results.json"
EQUIVALENT_MUTANTS = REPOSITORY / "claims" / "equivalent_mutants.toml"
MUTATED_MODULES = ("engine/activations.py", "engine/costs.py", "engine/network.py",
                   "engine/training.py", "engine/compiled_step.py", "engine/validation.py",
                   "runs/spec.py", "runs/train.py", "runs/executors.py")
HYPOTHESIS_PROFILE = "quick"
# mutmut's "segfault" is a test process that died of a signal (SIGSEGV, or SIGKILL after its
# CPU-time limit): the mutant did not pass the claims.
KILLED = frozenset({"killed", "timeout", "caught by type check", "segfault"})
RESULT_LINE = re.compile(r"^\s*(?P<name>[\w.]+__mutmut_\d+): (?P<status>.+)$")
SCHEMA_VERSION = 1


def mutmut_settings() -> str:
    """The ``[tool.mutmut]`` table the run adds to the work copy's pyproject.toml."""
    quoted = ", ".join(f'"{module}"' for module in MUTATED_MODULES)
    return (
        "\n[tool.mutmut]\n"
        'source_paths = ["engine/", "runs/"]\n'
        f"only_mutate = [{quoted}]\n"
        'pytest_add_cli_args_test_selection = ["claims/"]\n'
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q"]\n'
        'also_copy = ["claims", "experiments", "reports"]\n'
    )


def tracked_files() -> list[str]:
    listing = subprocess.run(["git", "ls-files", "-z"], cwd=REPOSITORY, check=True,
                             capture_output=True, text=True).stdout
    return [name for name in listing.split("\0") if name]


def sync_work_copy(work: Path) -> None:
    """Make ``work`` hold the tracked files as they are in the working tree (mutmut's state kept)."""
    work.mkdir(parents=True, exist_ok=True)
    for name in tracked_files():
        source, target = REPOSITORY / name, work / name
        if not source.is_file():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_bytes() != source.read_bytes():
            shutil.copy2(source, target)
    pyproject = work / "pyproject.toml"
    pyproject.write_text((REPOSITORY / "pyproject.toml").read_text() + mutmut_settings())


def claims_digest() -> str:
    """SHA-256 over the claim suite's source: a summary says which suite produced it."""
    digest = hashlib.sha256()
    for path in sorted((REPOSITORY / "claims").rglob("*.py")):
        digest.update(str(path.relative_to(REPOSITORY)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def load_equivalents(path: Path = EQUIVALENT_MUTANTS) -> list[dict]:
    """Arguments that a mutant changes nothing: ``[[mutant]]`` with ``function`` (dotted),
    ``mutated_line`` (the line as the mutant has it) and ``reason``."""
    if not path.exists():
        return []
    try:
        entries = tomllib.loads(path.read_text(encoding="utf-8")).get("mutant", [])
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{path}: not valid TOML: {error}") from None
    for index, entry in enumerate(entries):
        for key in ("function", "mutated_line", "reason"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise ValueError(f"{path}: mutant[{index}].{key} must be a non-empty string")
    return entries


def function_of(mutant: str) -> str:
    """``engine.costs.x_xlogy__mutmut_3`` -> ``engine.costs.xlogy`` (methods: ``Class.method``)."""
    module, _, mangled = mutant.rpartition(".")
    name = mangled.rsplit("__mutmut_", 1)[0]
    name = name.replace("xǁ", "").replace("ǁ", ".")
    return f"{module}.{name.removeprefix('x_')}"


def mutated_line(diff: str) -> str:
    added = [line[1:].strip() for line in diff.splitlines()
             if line.startswith("+") and not line.startswith("+++")]
    return added[0] if added else ""


def is_equivalent(survivor: dict, equivalents: list[dict]) -> dict | None:
    for entry in equivalents:
        if entry["function"] == survivor["function"] and entry["mutated_line"] == survivor["mutated_line"]:
            return entry
    return None


def mutmut_statuses(work: Path, environment: dict) -> dict[str, str]:
    """Mutant name -> status, as ``mutmut results --all true`` lists them ({} before a first run)."""
    if not (work / "mutants").is_dir():
        return {}
    listing = subprocess.run(["mutmut", "results", "--all", "true"], cwd=work, env=environment,
                             check=True, capture_output=True, text=True).stdout
    return {m["name"]: m["status"].strip() for m in map(RESULT_LINE.match, listing.splitlines()) if m}


def run_mutmut(work: Path, jobs: int, settled: frozenset[str] = frozenset()) -> dict[str, str]:
    """Run mutmut in ``work``; mutant name -> status.

    mutmut keeps a verdict until the mutated function's source changes, so a witness added to
    the claims since the last run would never meet the mutants it was written for. Every mutant
    that was not killed before this run (and is not killed by it) is therefore tested again, by
    name, against the present claims -- except the ``settled`` ones (:func:`settled_mutants`)."""
    environment = {**os.environ, "NNCLAIMS_HYPOTHESIS_PROFILE": HYPOTHESIS_PROFILE,
                   "NUMBA_DISABLE_JIT": "1"}
    environment.pop("CI", None)
    before = mutmut_statuses(work, environment)
    command = ["mutmut", "run", "--max-children", str(jobs)]
    subprocess.run(command, cwd=work, env=environment, check=True, stdout=subprocess.DEVNULL)
    statuses = mutmut_statuses(work, environment)
    again = sorted(name for name, status in before.items() if name not in settled
                   and status not in KILLED and statuses.get(name, "killed") not in KILLED)
    if again:
        subprocess.run(command + again, cwd=work, env=environment, check=True,
                       stdout=subprocess.DEVNULL)
        statuses = mutmut_statuses(work, environment)
    return statuses


DIFFS_SCRIPT = """
import json, sys
from mutmut.mutation.diff_apply import get_diff_for_mutant
json.dump({name: get_diff_for_mutant(name) for name in json.load(sys.stdin)}, sys.stdout)
"""


def diffs_of(work: Path, mutants: list[str]) -> dict[str, str]:
    """Mutant name -> unified diff of the mutated function (what ``mutmut show`` prints below its
    header), from one process: ``mutmut show`` takes about a second per mutant."""
    if not mutants:
        return {}
    shown = subprocess.run([sys.executable, "-c", DIFFS_SCRIPT], cwd=work, check=True,
                           input=json.dumps(mutants), capture_output=True, text=True).stdout
    return json.loads(shown)


def summarize(statuses: dict[str, str], diffs: dict[str, str], equivalents: list[dict],
              tested: tuple[str, str] | None = None) -> dict:
    """The summary the report shows (schema in the module docstring of :mod:`reports.mutation`)."""
    counts: dict[str, int] = {}
    for status in statuses.values():
        counts[status] = counts.get(status, 0) + 1
    survivors, equivalent = [], []
    for name in sorted(statuses):
        if statuses[name] in KILLED:
            continue
        record = {"mutant": name, "status": statuses[name], "function": function_of(name),
                  "diff": diffs.get(name, ""), "mutated_line": mutated_line(diffs.get(name, ""))}
        argued = is_equivalent(record, equivalents)
        if argued is not None:
            equivalent.append({**record, "reason": argued["reason"]})
        else:
            survivors.append(record)
    killed = sum(counts.get(status, 0) for status in KILLED)
    judged = len(statuses) - len(equivalent)
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": "mutmut",
        "modules": list(MUTATED_MODULES),
        "test_command": "pytest claims/",
        "hypothesis_profile": HYPOTHESIS_PROFILE,
        "mutants": len(statuses),
        "by_status": dict(sorted(counts.items())),
        "killed": killed,
        "equivalent": len(equivalent),
        "score": killed / judged if judged else None,
        "survivors": survivors,
        "equivalent_mutants": equivalent,
        # (engine fingerprint, claims digest) of the sources the run copied, not of the tree now
        "engine_fingerprint": (tested or (engine_fingerprint(), claims_digest()))[0],
        "claims_digest": (tested or (engine_fingerprint(), claims_digest()))[1],
    }


def read_results(path: Path = RESULTS) -> dict | None:
    """The latest summary, or None when there is none; ValueError naming the file when it is
    not one this module wrote."""
    if not path.exists():
        return None
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValueError(f"{path}: not a mutation summary: {error}") from None
    expected = {"schema_version": int, "mutants": int, "killed": int, "equivalent": int,
                "survivors": list, "engine_fingerprint": str, "claims_digest": str}
    for key, kind in expected.items():
        if not isinstance(record, dict) or not isinstance(record.get(key), kind) \
                or isinstance(record.get(key), bool):
            raise ValueError(f"{path}: key {key!r} missing or not a {kind.__name__}")
    if record["schema_version"] != SCHEMA_VERSION:
        raise ValueError(f"{path}: schema_version {record['schema_version']}, expected {SCHEMA_VERSION}")
    record["current"] = (record["engine_fingerprint"] == engine_fingerprint()
                         and record["claims_digest"] == claims_digest())
    return record


def settled_mutants(previous: Path, equivalents: list[dict], retest: bool = False) -> frozenset[str]:
    """Mutants of the previous summary at ``previous`` that need no new test run: all its
    survivors when the claims are those it was made with (mutmut itself re-tests the functions
    that changed) and ``retest`` is not asked for, else those the equivalence file argues
    equivalent (their status does not enter the score). None when there is no readable
    previous summary."""
    try:
        record = json.loads(previous.read_text(encoding="utf-8"))
        entries = record.get("survivors", []) + record.get("equivalent_mutants", [])
        if record.get("claims_digest") == claims_digest() and not retest:
            return frozenset(entry["mutant"] for entry in entries)
        return frozenset(entry["mutant"] for entry in entries
                         if is_equivalent(entry, equivalents) is not None)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return frozenset()


def claims_unchanged(previous: Path) -> bool:
    """Whether the previous summary at ``previous`` was made with the present claims."""
    try:
        return json.loads(previous.read_text(encoding="utf-8")).get("claims_digest") == claims_digest()
    except (OSError, ValueError, AttributeError):
        return False


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m reports.mutation",
        description="Mutation-test the engine's numerical modules with pytest claims/ (mutmut) and "
                    f"write the summary the report shows ({RESULTS.relative_to(REPOSITORY)}).")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="mutants tested at once (default: one per core)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="summary JSON (default: %(default)s)")
    parser.add_argument("--retest", action="store_true",
                        help="collect the map of tests to functions again and re-test every mutant "
                             "not killed and not argued equivalent, even when the claims are "
                             "unchanged since the last summary")
    return parser


def main(argv: list[str] | None = None) -> int:
    options = build_parser().parse_args(argv)
    if shutil.which("mutmut") is None:
        print("error: mutmut is not installed: pip install -e '.[mutation]'", file=sys.stderr)
        return 2
    equivalents = load_equivalents()
    work = WORKSPACE / "work"
    started = time.monotonic()
    tested = (engine_fingerprint(), claims_digest())
    sync_work_copy(work)
    fresh = options.retest or not claims_unchanged(options.out)
    settled = settled_mutants(options.out, equivalents, retest=options.retest)
    if fresh:
        # mutmut maps tests to the functions they reach once, and adds only tests that are new:
        # a witness added to an existing test would stay unmapped. Forget the map (not the
        # verdicts) so it is collected again from the present claims.
        (work / "mutants" / "mutmut-stats.json").unlink(missing_ok=True)
    statuses = run_mutmut(work, max(1, options.jobs), settled)
    diffs = diffs_of(work, sorted(name for name, status in statuses.items() if status not in KILLED))
    summary = summarize(statuses, diffs, equivalents, tested)
    summary["seconds"] = round(time.monotonic() - started, 1)
    write_atomically(options.out, json.dumps(summary, indent=1, sort_keys=True))
    score = "n/a" if summary["score"] is None else f"{summary['score']:.1%}"
    print(f"mutation score {score}: {summary['killed']} of {summary['mutants']} mutants killed, "
          f"{summary['equivalent']} argued equivalent, {len(summary['survivors'])} survive "
          f"({summary['seconds']:.0f} s); summary in {options.out}")
    for survivor in summary["survivors"]:
        print(f"  {survivor['status']:9} {survivor['mutant']}: {survivor['mutated_line']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
