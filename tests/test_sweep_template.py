"""The sweep section of the report shows the summary's figures, escapes text, inlines the SVG."""

import re

from markupsafe import escape

from engine.training import TrainingHistory
from experiments.sweep import COST_LABELS, SweepGrid
from experiments.sweep_summary import summarize
from reports.page.render import make_environment
from reports.sweep.figure import validation_figure
from runs.cache import open_result_cache

GRID = SweepGrid(sizes=((784, 30, 10),), etas=(0.1, 1.0), seeds=(0, 1), epochs=1)


def summary_with(tmp_path, labels=COST_LABELS):
    cache = open_result_cache(tmp_path)
    for cost, base in (("cross_entropy", 0.96), ("quadratic", 0.95)):
        for eta in GRID.etas:
            for seed in GRID.seeds:
                h = TrainingHistory(epochs=1)
                h.record("validation", 0.1, base + 0.01 * (eta == 1.0))
                h.record("test", 0.1, base + 0.001 * seed)
                cache.put(GRID.spec((784, 30, 10), cost, eta, seed), h)
    summary = summarize(cache, GRID, labels)
    summary["figure_svg"] = validation_figure(summary)
    return summary


def render(summary):
    return make_environment().get_template("_sweep.html.j2").render(sweep=summary)


def test_section_shows_chosen_rate_test_accuracies_and_comparison(tmp_path):
    summary = summary_with(tmp_path)
    html = render(summary)
    tuned = summary["tuned"][0]
    assert tuned["chosen_eta"] == 1.0
    assert "<td>1</td>" in html
    for value in tuned["test_accuracy"]["per_seed"]:
        assert f"{100 * value:.2f}%" in html
    comparison = summary["comparisons"][0]
    assert f"{100 * comparison['difference']:+.2f} points" in html
    assert f"{comparison['p_value']:.3g}" in html
    assert str(escape(comparison["verdict"])) in html
    assert "Incomplete sweep" not in html


def test_svg_is_inlined_and_text_is_escaped(tmp_path):
    labels = {"cross_entropy": "<b>cross-entropy</b>", "quadratic": "quadratic"}
    summary = summary_with(tmp_path, labels)
    html = render(summary)
    assert re.search(r"<figure>\s*<svg", html)
    assert "&lt;b&gt;cross-entropy&lt;/b&gt;" in html
    assert "<b>cross-entropy</b>" not in html.replace(summary["figure_svg"], "")


def test_incomplete_sweep_says_how_many_runs_are_missing(tmp_path):
    summary = summary_with(tmp_path)
    summary = dict(summary, complete=False, runs_present=5, runs_expected=8)
    assert "5 of 8 runs" in render(summary)
