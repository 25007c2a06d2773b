"""The mutation summary (reports.mutation): names, scores, the message rule and equivalence
arguments, on statuses made here (a real mutmut run takes tens of minutes:
`python -m reports.mutation`)."""

import json

import pytest

from reports import mutation
from reports.mutant_changes import MessageRule

DIFF = """--- engine/costs.py
+++ engine/costs.py
@@ -1,4 +1,4 @@
 def xlogy(x, y):
-    with np.errstate(divide="ignore"):
+    with np.errstate(divide=None):
         return np.where(x == 0, 0.0, x * np.log(np.where(x == 0, 1.0, y)))"""

XLOGY = """def xlogy(x, y):
    if not np.isfinite(x).all():
        raise ValueError(f"x must be finite, got {x!r}")
    with np.errstate(divide="ignore"):
        return np.where(x == 0, 0.0, x * np.log(np.where(x == 0, 1.0, y)))
"""
WARNING_FLAG = XLOGY.replace('divide="ignore"', "divide=None")
OTHER_FLAG = XLOGY.replace('divide="ignore"', "divide='warn'")
MESSAGE = XLOGY.replace("x must be finite", "XXx must be finiteXX")
ARGUED = [
    {
        "function": "engine.costs.xlogy",
        "original": "with np.errstate(divide='ignore'):",
        "mutated": "with np.errstate(divide=None):",
        "reason": "warnings only",
    }
]


def change(mutated: str) -> dict:
    return {"diff": DIFF, "original": XLOGY, "mutated": mutated}


@pytest.mark.parametrize(
    "mutant, function",
    [
        ("engine.costs.x_xlogy__mutmut_1", "engine.costs.xlogy"),
        (
            "engine.training.xǁTrainingHistoryǁrecord__mutmut_12",
            "engine.training.TrainingHistory.record",
        ),
        (
            "engine.network.x__sigmoid_cross_entropy_delta__mutmut_3",
            "engine.network._sigmoid_cross_entropy_delta",
        ),
    ],
)
def test_mutant_names_map_to_the_function_they_mutate(mutant, function):
    assert mutation.function_of(mutant) == function


def test_mutated_line_is_the_line_the_mutant_adds():
    assert mutation.mutated_line(DIFF) == "with np.errstate(divide=None):"


def test_score_counts_killed_and_timeouts_over_all_mutants_less_the_argued_equivalent():
    statuses = {
        "engine.costs.x_xlogy__mutmut_1": "survived",
        "engine.costs.x_xlogy__mutmut_2": "killed",
        "engine.costs.x_xlogy__mutmut_3": "timeout",
        "engine.costs.x_xlogy__mutmut_4": "no tests",
    }
    changes = {name: change(WARNING_FLAG) for name in statuses}
    plain = mutation.summarize(statuses, changes, [])
    assert (plain["killed"], plain["equivalent"], plain["score"]) == (2, 0, 2 / 4)
    assert [s["status"] for s in plain["survivors"]] == ["survived", "no tests"]
    assert plain["survivors"][0]["original"] == "with np.errstate(divide='ignore'):"
    argued = mutation.summarize(statuses, changes, ARGUED)
    # Both unkilled mutants make the same change to the same function: one argument covers both.
    assert (argued["equivalent"], argued["score"], argued["survivors"]) == (2, 2 / 2, [])


def test_a_mutant_that_only_changes_a_message_is_left_out_by_the_rule_not_the_ledger():
    statuses = {
        "engine.costs.x_xlogy__mutmut_1": "survived",
        "engine.costs.x_xlogy__mutmut_2": "survived",
        "engine.costs.x_xlogy__mutmut_3": "killed",
    }
    changes = {
        "engine.costs.x_xlogy__mutmut_1": change(MESSAGE),
        "engine.costs.x_xlogy__mutmut_2": change(OTHER_FLAG),
    }
    summary = mutation.summarize(statuses, changes, [], rule=MessageRule([XLOGY]))
    assert summary["message_only_mutants"] == ["engine.costs.x_xlogy__mutmut_1"]
    assert (summary["message_only"], summary["equivalent"]) == (1, 0)
    assert [s["mutant"] for s in summary["survivors"]] == ["engine.costs.x_xlogy__mutmut_2"]
    assert summary["score"] == 1 / 2  # one killed of the two that are not message only
    # without the rule the same mutant is an ordinary survivor: the rule is what leaves it out
    assert mutation.summarize(statuses, changes, [])["score"] == 1 / 3


def test_equivalence_file_entries_need_function_statements_and_reason(tmp_path):
    path = tmp_path / "eq.toml"
    path.write_text('[[mutant]]\nfunction = "engine.costs.xlogy"\noriginal = "x"\nmutated = "y"\n')
    with pytest.raises(ValueError, match=r"mutant\[0\]\.reason"):
        mutation.load_equivalents(path)
    path.write_text(
        '[[mutant]]\nfunction = "engine.costs.xlogy"\nmutated_line = "x"\nreason = "r"\n'
    )
    with pytest.raises(ValueError, match=r"mutant\[0\]\.original"):
        mutation.load_equivalents(path)


def test_the_projects_equivalence_file_is_well_formed_and_argues_no_message_by_hand():
    entries = mutation.load_equivalents()
    assert entries and all("\n" not in e["original"] + e["mutated"] for e in entries)
    keys = [(e["function"], e["original"], e["mutated"]) for e in entries]
    assert len(keys) == len(set(keys))  # one argument per mutation


def test_a_summary_is_read_back_validated_and_marked_current_or_not(tmp_path):
    summary = mutation.summarize({"engine.costs.x_xlogy__mutmut_2": "killed"}, {}, [])
    path = tmp_path / "results.json"
    path.write_text(json.dumps(summary))
    assert mutation.read_results(path)["current"] is True
    path.write_text(json.dumps({**summary, "engine_fingerprint": "other"}))
    assert mutation.read_results(path)["current"] is False
    path.write_text(json.dumps({**summary, "modules_digest": "other"}))
    assert mutation.read_results(path)["current"] is False
    path.write_text(json.dumps({**summary, "mutants": "many"}))
    with pytest.raises(ValueError, match="'mutants'"):
        mutation.read_results(path)
    path.write_text(json.dumps({**summary, "target": "everything"}))
    with pytest.raises(ValueError, match="target 'everything'"):
        mutation.read_results(path)
    assert mutation.read_results(tmp_path / "absent.json") is None


def test_each_target_has_its_own_summary_suites_and_modules():
    engine, judging = mutation.TARGETS["engine"], mutation.TARGETS["judging"]
    assert engine.results != judging.results and engine.work != judging.work
    assert engine.suites == ("claims/", "contracts/")
    assert judging.suites == ("claims/", "contracts/", "tests/")
    assert {
        "experiments/statistics.py",
        "experiments/mnist_checks.py",
        "claims/judge.py",
        "reports/gate/compare.py",
        "experiments/mnist_analysis.py",
    } <= set(judging.modules)
    summary = mutation.summarize(
        {"reports.gate.compare.x_band__mutmut_1": "killed"},
        {},
        [],
        target=judging,
        modules=["reports/gate/compare.py"],
    )
    assert (summary["target"], summary["modules"]) == ("judging", ["reports/gate/compare.py"])
    assert summary["test_command"].startswith("pytest claims/ contracts/ tests/")


def test_a_module_outside_the_target_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_status:
        mutation.main(["--target", "judging", "--module", "engine/costs.py"])
    assert exit_status.value.code == 2
    assert "engine/costs.py is not a module of the judging target" in capsys.readouterr().err


def test_survivors_are_retested_after_the_suites_change_unless_argued_equivalent(tmp_path):
    statuses = {
        "engine.costs.x_xlogy__mutmut_1": "survived",
        "engine.costs.x_xlogy__mutmut_4": "survived",
        "engine.costs.x_xlogy__mutmut_2": "killed",
    }
    changes = {
        "engine.costs.x_xlogy__mutmut_1": change(WARNING_FLAG),
        "engine.costs.x_xlogy__mutmut_4": change(OTHER_FLAG),
    }
    previous = tmp_path / "results.json"
    previous.write_text(json.dumps(mutation.summarize(statuses, changes, [])))
    # the same suites as the previous run: nothing to re-test
    assert mutation.settled_mutants(previous, []) == {
        "engine.costs.x_xlogy__mutmut_1",
        "engine.costs.x_xlogy__mutmut_4",
    }
    record = json.loads(previous.read_text())
    previous.write_text(json.dumps({**record, "claims_digest": "older claims"}))
    assert mutation.settled_mutants(previous, ARGUED) == {"engine.costs.x_xlogy__mutmut_1"}
    assert mutation.settled_mutants(previous, []) == frozenset()
    assert mutation.settled_mutants(tmp_path / "absent.json", ARGUED) == frozenset()


def test_retest_keeps_only_the_argued_mutants_settled(tmp_path):
    statuses = {
        "engine.costs.x_xlogy__mutmut_1": "survived",
        "engine.costs.x_xlogy__mutmut_4": "survived",
    }
    changes = {
        "engine.costs.x_xlogy__mutmut_1": change(WARNING_FLAG),
        "engine.costs.x_xlogy__mutmut_4": change(OTHER_FLAG),
    }
    previous = tmp_path / "results.json"
    previous.write_text(json.dumps(mutation.summarize(statuses, changes, [])))
    assert mutation.claims_unchanged(previous)
    assert mutation.settled_mutants(previous, ARGUED, retest=True) == {
        "engine.costs.x_xlogy__mutmut_1"
    }
    assert mutation.build_parser().parse_args(["--retest"]).retest is True
