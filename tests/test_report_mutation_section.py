"""The report shows the latest mutation-testing summary of each target (reports.mutation: the
engine, the judging code) when one is present: score, counts, whether it is current, and the
survivors; results.json carries them under ``mutation``, by target (null when there is none).
The summaries here are made up, not real mutmut runs."""

import json

from report_fixtures import make_catalog, make_claims_run, make_mnist_not_run, make_neuron

from reports import mutation as mutation_module
from reports.build import build_parser, build_report, mutation_phase

DIFF = """--- engine/costs.py
+++ engine/costs.py
@@ -1,2 +1,2 @@
-    return np.log1p(-a)
+    return np.log(1 - a)"""


def made_up_summary(current=True):
    statuses = {
        "engine.costs.x_xlog1py__mutmut_1": "survived",
        "engine.costs.x_xlog1py__mutmut_2": "killed",
        "engine.costs.x_xlog1py__mutmut_3": "killed",
        "runs.spec.x_seeds_of__mutmut_1": "no tests",
    }
    summary = mutation_module.summarize(statuses, {name: DIFF for name in statuses}, [])
    return {"engine": {**summary, "current": current, "seconds": 754.0}}


def made_up_judging_summary():
    statuses = {
        "reports.gate.compare.x_band__mutmut_1": "killed",
        "reports.gate.compare.x_band__mutmut_2": "survived",
    }
    summary = mutation_module.summarize(
        statuses,
        {},
        [],
        target=mutation_module.TARGETS["judging"],
        modules=["reports/gate/compare.py"],
    )
    return {**summary, "current": True, "seconds": 81.0}


def build(tmp_path, mutation):
    return build_report(
        tmp_path / "report",
        claims_run=make_claims_run(),
        neuron=make_neuron(),
        mnist=make_mnist_not_run(),
        sweep=None,
        profile="quick",
        timings={},
        catalog=make_catalog(),
        mutation=mutation,
    )


def test_a_mutation_summary_is_shown_with_score_counts_currency_and_survivors(tmp_path):
    index, results = build(tmp_path, made_up_summary())
    html = (index.parent / "experiments.en.html").read_text(encoding="utf-8")
    assert 'id="mutation"' in html and 'href="#mutation"' in html
    assert "50.0%" in html  # 2 killed of 4 mutants, none argued equivalent
    assert "engine.costs.xlog1py" in html and "runs.spec.seeds_of" in html
    assert "return np.log(1 - a)" in html and "no tests" in html
    assert "yes: run on the present code and tests" in html
    assert "pytest claims/ contracts/" in html
    recorded = json.loads(results.read_text(encoding="utf-8"))["mutation"]["engine"]
    assert (recorded["mutants"], recorded["killed"], len(recorded["survivors"])) == (4, 2, 2)
    chinese = (index.parent / "experiments.zh.html").read_text(encoding="utf-8")
    assert "变异测试" in chinese and "存活的变异体" in chinese


def test_a_stale_summary_says_it_is_not_from_the_current_engine_and_claims(tmp_path):
    index, _ = build(tmp_path, made_up_summary(current=False))
    assert "the code or the tests changed since this run" in (
        index.parent / "experiments.en.html"
    ).read_text(encoding="utf-8")


def test_each_target_with_a_summary_gets_its_own_part_of_the_section(tmp_path):
    index, results = build(tmp_path, {**made_up_summary(), "judging": made_up_judging_summary()})
    html = (index.parent / "experiments.en.html").read_text(encoding="utf-8")
    assert "The engine" in html and "The judging code" in html
    assert "reports/gate/compare.py" in html and "50.0%" in html
    assert "pytest claims/ contracts/ tests/" in html
    recorded = json.loads(results.read_text(encoding="utf-8"))["mutation"]
    assert sorted(recorded) == ["engine", "judging"]
    assert recorded["judging"]["modules"] == ["reports/gate/compare.py"]
    chinese = (index.parent / "experiments.zh.html").read_text(encoding="utf-8")
    assert "裁决代码" in chinese and "引擎" in chinese


def test_no_summary_means_no_section_and_null_in_results(tmp_path):
    index, results = build(tmp_path, None)
    assert 'id="mutation"' not in (index.parent / "experiments.en.html").read_text(encoding="utf-8")
    assert json.loads(results.read_text(encoding="utf-8"))["mutation"] is None


def test_the_build_reads_the_summary_from_the_path_given_and_reports_a_damaged_one(tmp_path):
    path = tmp_path / "results.json"
    assert mutation_phase(path) == (None, None)  # absent: no section, no problem
    summary = made_up_summary()["engine"]
    path.write_text(json.dumps(summary), encoding="utf-8")
    read, problem = mutation_phase(path)
    assert problem is None and read["engine"]["killed"] == 2 and read["engine"]["current"] is True
    path.write_text("{not json", encoding="utf-8")
    read, problem = mutation_phase(path)
    assert read is None and str(path) in problem
    options = build_parser().parse_args(["--mutation-results", str(path)])
    assert options.mutation_results == path
