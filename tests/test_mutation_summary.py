"""The mutation summary (reports.mutation): names, scores and equivalence arguments, on statuses
made here (a real mutmut run takes tens of minutes: `python -m reports.mutation`)."""

import json

import pytest

from reports import mutation

DIFF = """--- engine/costs.py
+++ engine/costs.py
@@ -1,4 +1,4 @@
 def xlogy(x, y):
-    with np.errstate(divide="ignore"):
+    with np.errstate(divide=None):
         return np.where(x == 0, 0.0, x * np.log(np.where(x == 0, 1.0, y)))"""


@pytest.mark.parametrize("mutant, function", [
    ("engine.costs.x_xlogy__mutmut_1", "engine.costs.xlogy"),
    ("engine.training.xǁTrainingHistoryǁrecord__mutmut_12", "engine.training.TrainingHistory.record"),
    ("engine.network.x__sigmoid_cross_entropy_delta__mutmut_3", "engine.network._sigmoid_cross_entropy_delta"),
])
def test_mutant_names_map_to_the_function_they_mutate(mutant, function):
    assert mutation.function_of(mutant) == function


def test_mutated_line_is_the_line_the_mutant_adds():
    assert mutation.mutated_line(DIFF) == "with np.errstate(divide=None):"


def test_score_counts_killed_and_timeouts_over_all_mutants_less_the_argued_equivalent():
    statuses = {"engine.costs.x_xlogy__mutmut_1": "survived", "engine.costs.x_xlogy__mutmut_2": "killed",
                "engine.costs.x_xlogy__mutmut_3": "timeout", "engine.costs.x_xlogy__mutmut_4": "no tests"}
    diffs = {name: DIFF for name in statuses}
    equivalents = [{"function": "engine.costs.xlogy", "mutated_line": "with np.errstate(divide=None):",
                    "reason": "warnings only"}]
    plain = mutation.summarize(statuses, diffs, [])
    assert (plain["killed"], plain["equivalent"], plain["score"]) == (2, 0, 2 / 4)
    assert [s["status"] for s in plain["survivors"]] == ["survived", "no tests"]
    argued = mutation.summarize(statuses, diffs, equivalents)
    # Both unkilled mutants add the same line to the same function, so the argument covers both.
    assert (argued["equivalent"], argued["score"], argued["survivors"]) == (2, 2 / 2, [])


def test_equivalence_file_entries_need_function_line_and_reason(tmp_path):
    path = tmp_path / "eq.toml"
    path.write_text('[[mutant]]\nfunction = "engine.costs.xlogy"\nmutated_line = "x"\n')
    with pytest.raises(ValueError, match=r"mutant\[0\]\.reason"):
        mutation.load_equivalents(path)


def test_the_projects_equivalence_file_is_well_formed():
    assert isinstance(mutation.load_equivalents(), list)


def test_a_summary_is_read_back_validated_and_marked_current_or_not(tmp_path):
    summary = mutation.summarize({"engine.costs.x_xlogy__mutmut_2": "killed"}, {}, [])
    path = tmp_path / "results.json"
    path.write_text(json.dumps(summary))
    assert mutation.read_results(path)["current"] is True
    path.write_text(json.dumps({**summary, "engine_fingerprint": "other"}))
    assert mutation.read_results(path)["current"] is False
    path.write_text(json.dumps({**summary, "mutants": "many"}))
    with pytest.raises(ValueError, match="'mutants'"):
        mutation.read_results(path)
    assert mutation.read_results(tmp_path / "absent.json") is None


def test_survivors_are_retested_after_the_claims_change_unless_argued_equivalent(tmp_path):
    statuses = {"engine.costs.x_xlogy__mutmut_1": "survived", "engine.costs.x_xlogy__mutmut_4": "survived",
                "engine.costs.x_xlogy__mutmut_2": "killed"}
    diffs = {"engine.costs.x_xlogy__mutmut_1": DIFF, "engine.costs.x_xlogy__mutmut_4": DIFF.replace(
        "divide=None", "divide='warn'")}
    previous = tmp_path / "results.json"
    previous.write_text(json.dumps(mutation.summarize(statuses, diffs, [])))
    argued = [{"function": "engine.costs.xlogy", "mutated_line": "with np.errstate(divide=None):",
               "reason": "warnings only"}]
    # the same claims as the previous run: nothing to re-test
    assert mutation.settled_mutants(previous, []) == {"engine.costs.x_xlogy__mutmut_1",
                                                      "engine.costs.x_xlogy__mutmut_4"}
    record = json.loads(previous.read_text())
    previous.write_text(json.dumps({**record, "claims_digest": "older claims"}))
    assert mutation.settled_mutants(previous, argued) == {"engine.costs.x_xlogy__mutmut_1"}
    assert mutation.settled_mutants(previous, []) == frozenset()
    assert mutation.settled_mutants(tmp_path / "absent.json", argued) == frozenset()


def test_retest_keeps_only_the_argued_mutants_settled(tmp_path):
    statuses = {"engine.costs.x_xlogy__mutmut_1": "survived", "engine.costs.x_xlogy__mutmut_4": "survived"}
    diffs = {"engine.costs.x_xlogy__mutmut_1": DIFF, "engine.costs.x_xlogy__mutmut_4": DIFF.replace(
        "divide=None", "divide='warn'")}
    previous = tmp_path / "results.json"
    previous.write_text(json.dumps(mutation.summarize(statuses, diffs, [])))
    argued = [{"function": "engine.costs.xlogy", "mutated_line": "with np.errstate(divide=None):",
               "reason": "warnings only"}]
    assert mutation.claims_unchanged(previous)
    assert mutation.settled_mutants(previous, argued, retest=True) == {"engine.costs.x_xlogy__mutmut_1"}
    assert mutation.build_parser().parse_args(["--retest"]).retest is True
