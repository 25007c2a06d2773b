"""The report renders the real sweep summary through reports/page/templates/_sweep.html.j2."""

from concurrent.futures import ThreadPoolExecutor

from report_fixtures import make_catalog, make_claims_run, make_mnist_not_run, make_neuron

from reports.build import build_report
from runs.cache import open_result_cache


def test_sweep_summary_of_a_tiny_sweep_is_rendered_in_the_report(tmp_path, tiny_sweep):
    from experiments.sweep import COST_LABELS, run_sweep
    from experiments.sweep_summary import summarize
    from reports.sweep.figure import validation_figure

    source, grid = tiny_sweep
    cache = open_result_cache(tmp_path / "cache")
    with ThreadPoolExecutor(max_workers=1) as executor:
        outcome = run_sweep(grid.specs(), source, executor, cache)
    assert outcome.failures == []
    summary = summarize(cache, grid, COST_LABELS)
    assert isinstance(summary, dict)
    summary["figure_svg"] = validation_figure(summary)
    index, results = build_report(
        tmp_path / "report",
        claims_run=make_claims_run(),
        neuron=make_neuron(),
        mnist=make_mnist_not_run(),
        sweep=summary,
        profile="quick",
        timings={},
        catalog=make_catalog(),
    )
    html = (index.parent / "experiments.en.html").read_text(encoding="utf-8")
    assert 'id="sweep"' in html and 'href="#sweep"' in html
    assert 'class="sweep"' in html
    assert '"sweep": {' in results.read_text(encoding="utf-8")


def test_no_sweep_summary_means_no_sweep_section(tmp_path):
    index, results = build_report(
        tmp_path,
        claims_run=make_claims_run(),
        neuron=make_neuron(),
        mnist=make_mnist_not_run(),
        sweep=None,
        profile="quick",
        timings={},
        catalog=make_catalog(),
    )
    assert 'id="sweep"' not in (index.parent / "experiments.en.html").read_text(encoding="utf-8")
    assert '"sweep": null' in results.read_text(encoding="utf-8")
