"""How much the tests catch: mutation testing of the engine and of the judging code.

``python -m reports.mutation`` runs mutmut (a maintained mutation-testing tool for Python 3 whose
per-function test selection and forked runners keep a run of the suites per mutant within reach
of a 2-core machine) over one *target* and writes a summary the report shows:

    score = killed / (mutants - equivalent - message only)

where a mutant is *killed* when some test fails on it (or times out, or crashes the test
process), *message only* when every change it makes lies in the text of an error message (the
message rule of :mod:`reports.mutant_changes`, applied to every mutant that is not killed),
*equivalent* when ``claims/equivalent_mutants.toml`` argues that it cannot change any result
(keyed by function and the normalised statement before and after, so a reformat orphans no
entry), and every other mutant (survived, or reached by no test) counts against the score.

Targets (``--target``), each with its own work copy and summary file:

- ``engine`` (default): ``engine/activations.py``, ``costs.py``, ``network.py``, ``training.py``
  and ``compiled_step.py`` (the math and the training step), ``validation.py`` (the input
  contracts every entry point applies) and ``runs.py`` (a run specification to its history: the
  MNIST figures), against ``pytest claims/ contracts/``: the book's claims and the engine's
  contracts. The compiled step is plain Python that Numba compiles; the run sets
  ``NUMBA_DISABLE_JIT=1``, so the tests exercise that same source as Python and a mutant of it
  is a mutant of the compiled step. Left out, as they compute no reported number: the MNIST
  loader and download, the result cache, the fingerprints, the atomic writes, the worker set-up
  and the benchmark; also ``engine/blas.py``, which finds NumPy's ``cblas_?gemm`` once, at
  import, where mutmut attributes calls to no test.
- ``judging``: the code that turns runs into verdicts -- ``experiments/checks.py``, the
  ``experiments/*_checks.py`` modules, ``experiments/statistics.py``,
  ``experiments/mnist_analysis.py``, ``claims/judge.py`` and ``reports/gate/compare.py`` --
  against ``pytest claims/ contracts/ tests/`` without the ``end_to_end`` and ``browser``
  tests (they run whole commands or a browser in other processes, tens of seconds each) and
  ``tests/test_layout.py`` (it reads the modules' source, which mutmut rewrites).

``--module PATH`` limits a run to some of the target's modules. The run works in a copy of the
repository's tracked files (``.mutation/work``, ``.mutation/work-judging``), so the working tree
is never touched; mutmut's state there makes a second run re-test only the functions that
changed, and :func:`run_mutmut` then re-tests every mutant that was not killed before, so a test
added since meets the mutants it was written for. The suites run under the ``quick`` Hypothesis
profile (25 derandomized examples per property): the same inputs every run, so a mutant's fate
is repeatable.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import time
import tomllib
from pathlib import Path

from reports.mutant_changes import MessageRule, mutation_key
from reports.mutation_targets import TARGETS, Target
from reports.mutmut_driver import (
    HYPOTHESIS_PROFILE,
    KILLED,
    changes_of,
    run_mutmut,
    sync_work_copy,
)
from runs.atomic import write_atomically
from runs.fingerprint import engine_fingerprint

REPOSITORY = Path(__file__).resolve().parent.parent
EQUIVALENT_MUTANTS = REPOSITORY / "claims" / "equivalent_mutants.toml"
SCHEMA_VERSION = 1
# The engine target's modules and summary, as other modules name them.
MUTATED_MODULES = TARGETS["engine"].modules
RESULTS = TARGETS["engine"].results
MESSAGE_RULE = (
    "every change lies in the text of an error message: the arguments of a raised "
    "exception's constructor, a variable read only there, or an argument bound to "
    "a parameter its function reads only there"
)


def digest_of(paths) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.relative_to(REPOSITORY)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def claims_digest(target: Target = TARGETS["engine"]) -> str:
    """SHA-256 over the source of the suites a target runs: a summary says which produced it."""
    return digest_of(path for suite in target.suites for path in (REPOSITORY / suite).rglob("*.py"))


def modules_digest(modules) -> str:
    """SHA-256 over the mutated modules' source."""
    return digest_of(REPOSITORY / module for module in modules)


def load_equivalents(path: Path = EQUIVALENT_MUTANTS) -> list[dict]:
    """Arguments that a mutant changes nothing: ``[[mutant]]`` with ``function`` (dotted),
    ``original`` and ``mutated`` (the statement before and after, normalised:
    :func:`reports.mutant_changes.mutation_key`) and ``reason``."""
    if not path.exists():
        return []
    try:
        entries = tomllib.loads(path.read_text(encoding="utf-8")).get("mutant", [])
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{path}: not valid TOML: {error}") from None
    for index, entry in enumerate(entries):
        for key in ("function", "original", "mutated", "reason"):
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
    added = [
        line[1:].strip()
        for line in diff.splitlines()
        if line.startswith("+") and not line.startswith("+++")
    ]
    return added[0] if added else ""


def is_equivalent(survivor: dict, equivalents: list[dict]) -> dict | None:
    for entry in equivalents:
        if (entry["function"], entry["original"], entry["mutated"]) == (
            survivor.get("function"),
            survivor.get("original"),
            survivor.get("mutated"),
        ):
            return entry
    return None


def described(name: str, status: str, change: dict | str) -> dict:
    """The record of a mutant that was not killed: its diff and, when the sources are known, the
    statement before and after (the ledger's key)."""
    change = {"diff": change} if isinstance(change, str) else change
    record = {
        "mutant": name,
        "status": status,
        "function": function_of(name),
        "diff": change.get("diff", ""),
        "mutated_line": mutated_line(change.get("diff", "")),
    }
    if change.get("original") and change.get("mutated"):
        try:
            record["original"], record["mutated"] = mutation_key(
                change["original"], change["mutated"]
            )
        except (SyntaxError, ValueError):
            pass
    return record


def fingerprints(target: Target, modules) -> tuple[str, str, str]:
    """(engine fingerprint, digest of the target's suites, digest of the mutated modules)."""
    return engine_fingerprint(), claims_digest(target), modules_digest(modules)


def message_rule(target: Target, root: Path = REPOSITORY) -> MessageRule:
    """The message rule over every module of ``target`` (the calls it resolves cross modules)."""
    return MessageRule((root / module).read_text(encoding="utf-8") for module in target.modules)


def _message_only(rule: MessageRule | None, change) -> bool:
    if rule is None or not isinstance(change, dict) or not change.get("original"):
        return False
    try:
        return rule.message_only(change["original"], change["mutated"])
    except (SyntaxError, ValueError):
        return False


def summarize(
    statuses: dict[str, str],
    changes: dict,
    equivalents: list[dict],
    tested: tuple[str, ...] | None = None,
    target: Target = TARGETS["engine"],
    modules=None,
    rule: MessageRule | None = None,
) -> dict:
    """The summary the report shows (the score's terms in the module docstring). ``changes``:
    mutant name -> what :func:`changes_of` gives (or the diff alone); ``rule``: the message
    rule, applied to every mutant that was not killed."""
    modules = tuple(modules or target.modules)
    counts: dict[str, int] = {}
    for status in statuses.values():
        counts[status] = counts.get(status, 0) + 1
    survivors, equivalent, message_only = [], [], []
    for name in sorted(statuses):
        if statuses[name] in KILLED:
            continue
        change = changes.get(name, "")
        if _message_only(rule, change):
            message_only.append(name)
            continue
        record = described(name, statuses[name], change)
        argued = is_equivalent(record, equivalents)
        if argued is not None:
            equivalent.append({**record, "reason": argued["reason"]})
        else:
            survivors.append(record)
    killed = sum(counts.get(status, 0) for status in KILLED)
    judged = len(statuses) - len(equivalent) - len(message_only)
    # the fingerprints of the sources the run copied, not of the tree now
    engine, suites, mutated = tested or fingerprints(target, modules)
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": "mutmut",
        "target": target.name,
        "modules": list(modules),
        "test_command": target.test_command,
        "hypothesis_profile": HYPOTHESIS_PROFILE,
        "mutants": len(statuses),
        "by_status": dict(sorted(counts.items())),
        "killed": killed,
        "equivalent": len(equivalent),
        "message_only": len(message_only),
        "message_rule": MESSAGE_RULE,
        "score": killed / judged if judged else None,
        "survivors": survivors,
        "equivalent_mutants": equivalent,
        "message_only_mutants": message_only,
        "engine_fingerprint": engine,
        "claims_digest": suites,
        "modules_digest": mutated,
    }


def _is_current(record: dict) -> bool:
    target = TARGETS.get(record.get("target", "engine"))
    if target is None:
        return False
    try:
        return (
            record["engine_fingerprint"] == engine_fingerprint()
            and record["claims_digest"] == claims_digest(target)
            and record.get("modules_digest", modules_digest(record.get("modules", [])))
            == modules_digest(record.get("modules", []))
        )
    except OSError:  # a mutated module that is no longer there
        return False


def read_results(path: Path = RESULTS) -> dict | None:
    """The latest summary, or None when there is none; ValueError naming the file when it is
    not one this module wrote."""
    if not path.exists():
        return None
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValueError(f"{path}: not a mutation summary: {error}") from None
    expected = {
        "schema_version": int,
        "mutants": int,
        "killed": int,
        "equivalent": int,
        "survivors": list,
        "engine_fingerprint": str,
        "claims_digest": str,
    }
    for key, kind in expected.items():
        if (
            not isinstance(record, dict)
            or not isinstance(record.get(key), kind)
            or isinstance(record.get(key), bool)
        ):
            raise ValueError(f"{path}: key {key!r} missing or not a {kind.__name__}")
    if record["schema_version"] != SCHEMA_VERSION:
        raise ValueError(
            f"{path}: schema_version {record['schema_version']}, expected {SCHEMA_VERSION}"
        )
    record.setdefault("target", "engine")
    if record["target"] not in TARGETS:
        raise ValueError(f"{path}: target {record['target']!r}, expected one of {sorted(TARGETS)}")
    record.setdefault("message_only", 0)
    record["current"] = _is_current(record)
    return record


def settled_mutants(
    previous: Path,
    equivalents: list[dict],
    retest: bool = False,
    target: Target = TARGETS["engine"],
) -> frozenset[str]:
    """Mutants of the previous summary at ``previous`` that need no new test run: the message
    only ones (their status never enters the score); all its survivors when the suites are
    those it was made with (mutmut itself re-tests the functions that changed) and ``retest``
    is not asked for, else those the equivalence file argues equivalent. Empty when there is
    no readable previous summary."""
    try:
        record = json.loads(previous.read_text(encoding="utf-8"))
        entries = record.get("survivors", []) + record.get("equivalent_mutants", [])
        settled = set(record.get("message_only_mutants", []))
        if record.get("claims_digest") == claims_digest(target) and not retest:
            return frozenset(settled | {entry["mutant"] for entry in entries})
        return frozenset(
            settled
            | {
                entry["mutant"]
                for entry in entries
                if is_equivalent(entry, equivalents) is not None
            }
        )
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return frozenset()


def claims_unchanged(previous: Path, target: Target = TARGETS["engine"]) -> bool:
    """Whether the previous summary at ``previous`` was made with the present suites."""
    try:
        record = json.loads(previous.read_text(encoding="utf-8"))
        return record.get("claims_digest") == claims_digest(target)
    except (OSError, ValueError, AttributeError):
        return False


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m reports.mutation",
        description="Mutation-test the engine (with pytest claims/ contracts/) or the judging "
        "code (with the claim, contract and test suites) with mutmut, and write the "
        "summary the report shows.",
    )
    parser.add_argument(
        "--target",
        choices=sorted(TARGETS),
        default="engine",
        help="what to mutate (default: %(default)s)",
    )
    parser.add_argument(
        "--module",
        action="append",
        default=None,
        metavar="PATH",
        help="mutate only this module of the target (repeat for several)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="mutants tested at once (default: one per core)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="summary JSON (default: .mutation/results.json for the engine, "
        ".mutation/results-judging.json for the judging code)",
    )
    parser.add_argument(
        "--retest",
        action="store_true",
        help="collect the map of tests to functions again and re-test every mutant "
        "not killed and not argued equivalent, even when the suites are "
        "unchanged since the last summary",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    options = parser.parse_args(argv)
    target = TARGETS[options.target]
    modules = tuple(options.module or target.modules)
    unknown = sorted(set(modules) - set(target.modules))
    if unknown:
        parser.error(
            f"--module {unknown[0]} is not a module of the {target.name} target; "
            f"expected one of {', '.join(target.modules)}"
        )
    if shutil.which("mutmut") is None:
        print("error: mutmut is not installed: pip install -e '.[mutation]'", file=sys.stderr)
        return 2
    out = options.out or target.results
    equivalents = load_equivalents()
    started = time.monotonic()
    tested = fingerprints(target, modules)
    sync_work_copy(target.work, target, modules)
    fresh = options.retest or not claims_unchanged(out, target)
    settled = settled_mutants(out, equivalents, retest=options.retest, target=target)
    if fresh:
        # mutmut maps tests to the functions they reach once, and adds only tests that are new:
        # a check added to an existing test would stay unmapped. Forget the map (not the
        # verdicts) so it is collected again from the present suites.
        (target.work / "mutants" / "mutmut-stats.json").unlink(missing_ok=True)
    try:
        statuses = run_mutmut(target.work, max(1, options.jobs), settled, target)
    except RuntimeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 3
    statuses = {
        name: status
        for name, status in statuses.items()
        if any(
            name.startswith(module.removesuffix(".py").replace("/", ".") + ".")
            for module in modules
        )
    }
    changes = changes_of(
        target.work, sorted(name for name, status in statuses.items() if status not in KILLED)
    )
    summary = summarize(
        statuses, changes, equivalents, tested, target, modules, message_rule(target, target.work)
    )
    summary["seconds"] = round(time.monotonic() - started, 1)
    write_atomically(out, json.dumps(summary, indent=1, sort_keys=True))
    score = "n/a" if summary["score"] is None else f"{summary['score']:.1%}"
    print(
        f"mutation score ({target.name}) {score}: {summary['killed']} of "
        f"{summary['mutants']} mutants killed, {summary['message_only']} change only a "
        f"message, {summary['equivalent']} argued equivalent, {len(summary['survivors'])} "
        f"survive ({summary['seconds']:.0f} s); summary in {out}"
    )
    for survivor in summary["survivors"]:
        print(f"  {survivor['status']:9} {survivor['mutant']}: {survivor['mutated_line']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
