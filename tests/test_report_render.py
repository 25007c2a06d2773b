"""The page: autoescaped text, only our own SVG and MathML unescaped,
nothing loaded from outside.
"""

import re
import shutil

import pytest
from report_fixtures import (
    make_catalog,
    make_claims_run,
    make_mnist_not_run,
    make_mnist_ran,
    make_neuron,
)

from reports.build import build_report
from reports.page.render import TEMPLATES_DIR, UnsafeFigureError, format_number, trusted_svg

HOSTILE = "<script>alert('statement')</script>"


ENGLISH_PAGES = ("index", "claims", "documents", "experiments", "tests")


def build(tmp_path, *, catalog=None, neuron=None, mnist=None, sweep=None, **renderers):
    """The English pages of a report built from the fixtures, landing page first, joined."""
    index, _ = build_report(
        tmp_path,
        claims_run=make_claims_run(),
        neuron=neuron or make_neuron(),
        mnist=mnist or make_mnist_ran(),
        sweep=sweep,
        profile="quick",
        timings={},
        catalog=catalog or make_catalog(),
        **renderers,
    )
    return "\n".join(
        (index.parent / f"{name}.en.html").read_text(encoding="utf-8") for name in ENGLISH_PAGES
    )


def test_claim_statement_with_a_script_tag_is_escaped(tmp_path):
    html = build(tmp_path, catalog=make_catalog(statement_of_first=HOSTILE))
    assert HOSTILE not in html
    assert "&lt;script&gt;alert(&#39;statement&#39;)&lt;/script&gt;" in html
    # only the demos' script and the claim filters', each allowed by its hash
    assert html.count("<script") == 2


def test_comparison_text_from_an_experiment_is_escaped(tmp_path):
    neuron = make_neuron()
    neuron["comparisons"][0]["note"] = "<b onmouseover=x>bold</b>"
    html = build(tmp_path, neuron=neuron)
    assert "<b onmouseover" not in html
    assert "&lt;b onmouseover=x&gt;" in html


def test_page_has_mathml_svg_figures_graph_and_table_of_contents(tmp_path):
    html = build(tmp_path)
    assert html.count("<math") >= 3
    assert 'id="figure-neuron-output"' in html and 'id="figure-mnist-accuracy"' in html
    assert '<ol class="layers">' in html  # the layered overview of what rests on what
    assert '<nav class="toc"' in html
    for anchor in (
        "summary",
        "claims",
        "documents",
        "experiments",
        "neuron",
        "mnist",
        "environment",
        "claim-sigmoid-derivative",
        "document-doc_a.txt",
    ):
        assert f'id="{anchor}"' in html


def test_page_references_nothing_outside_itself(tmp_path):
    html = build(tmp_path)
    # Links go to anchors or to the report's own pages beside this one.
    own_page = r"(index|claims|documents|experiments|tests)\.(en|zh)\.html(#[^\"']*)?[\"']"
    assert not re.search(rf"""(src|href)\s*=\s*["'](?!#|{own_page})""", html)
    assert "@import" not in html and "url(http" not in html
    assert "default-src 'none'" in html


def test_mnist_not_run_shows_the_reason_and_the_command(tmp_path):
    html = build(tmp_path, mnist=make_mnist_not_run())
    assert "Not run." in html
    assert "python -m runs.download --mnist-dir /nowhere" in html


def test_quick_profile_mnist_results_are_marked_not_comparable(tmp_path):
    html = build(tmp_path, mnist=make_mnist_ran())
    assert "Not comparable with the book." in html
    assert "0.91 \u00b1 0.00" in html  # best-epoch accuracy, two decimals as the book prints


def test_sweep_section_is_included_only_when_a_summary_exists(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES_DIR, templates)
    (templates / "_sweep.html.j2").write_text(
        '<p id="sweep-marker">{{ sweep.best }} {{ sweep_summary.best }}</p>'
    )

    def render_details(results, neuron, mnist, lang="en"):
        from reports.page.render import render_detail_pages

        return render_detail_pages(results, neuron, mnist, templates_dir=templates, lang=lang)

    with_sweep = build(tmp_path / "a", sweep={"best": "eta=0.5 <i>"}, render_details=render_details)
    assert '<p id="sweep-marker">eta=0.5 &lt;i&gt; eta=0.5 &lt;i&gt;</p>' in with_sweep
    without_sweep = build(tmp_path / "b", sweep=None, render_details=render_details)
    assert "sweep-marker" not in without_sweep


@pytest.mark.parametrize(
    "svg",
    [
        "<svg><script>alert(1)</script></svg>",
        '<svg><image href="http://example.org/x.png"/></svg>',
        '<svg onload="alert(1)"></svg>',
        "<div>not svg</div>",
    ],
)
def test_figures_with_scripts_or_outside_references_are_refused(svg):
    with pytest.raises(UnsafeFigureError):
        trusted_svg("bad", svg)


def test_figure_with_internal_references_is_accepted():
    svg = '<svg><defs><clipPath id="c"/></defs><use xlink:href="#c"/><g clip-path="url(#c)"/></svg>'
    assert str(trusted_svg("ok", svg)) == svg


def test_numbers_are_shown_with_significant_digits():
    assert format_number(0.0927123456) == "0.0927123"
    assert format_number(None) == "\u2014"
    assert format_number([784, 30, 10]) == "784, 30, 10"
    assert format_number({"mean": 0.95, "std": 0.0012}) == "0.95 \u00b1 0.0012"


def test_embedded_raster_data_is_accepted_in_a_figure():
    svg = (
        '<svg><image xlink:href="data:image/png;base64,iVBORw0KGgo=" width="28" height="28"/></svg>'
    )
    assert str(trusted_svg("digits", svg)) == svg


def test_refused_figure_is_left_out_and_recorded_as_a_problem(tmp_path):
    neuron = make_neuron()
    neuron["figures"]["hostile"] = "<svg><script>alert(1)</script></svg>"
    index, results = build_report(
        tmp_path,
        claims_run=make_claims_run(),
        neuron=neuron,
        mnist=make_mnist_ran(),
        sweep=None,
        profile="quick",
        timings={},
        catalog=make_catalog(),
    )
    html = index.read_text(encoding="utf-8")
    assert "alert(1)" not in html and html.count("<script") == 1  # only the demos' own script
    assert 'id="figure-neuron-output"' in html and 'id="figure-hostile"' not in html
    assert "figure left out: figure 'hostile'" in results.read_text(encoding="utf-8")


def test_documents_are_ranked_by_share_with_unjudged_ones_last(tmp_path):
    from reports.claims_run import WitnessResult

    run = make_claims_run()
    # Only doc_a's refuted-as-expected claim is judged; doc_b has no judged statement.
    run.tests = [WitnessResult("claims/t.py::t", ("wrong-derivative",), "numerical", "passed")]
    index, _ = build_report(
        tmp_path,
        claims_run=run,
        neuron=make_neuron(),
        mnist=make_mnist_not_run(),
        sweep=None,
        profile="quick",
        timings={},
        catalog=make_catalog(),
    )
    summary = index.read_text(encoding="utf-8").split('id="summary"')[1].split('id="claims"')[0]
    assert "none judged" in summary
    assert summary.index("doc_a.txt") < summary.index("doc_b.txt")


def test_documents_with_a_larger_share_that_holds_come_first(tmp_path):
    html = build(tmp_path, mnist=make_mnist_ran())  # doc_b: 2 of 3 hold, doc_a: 1 of 2
    summary = html.split('id="summary"')[1].split('id="claims"')[0]
    assert summary.index("doc_b.txt") < summary.index("doc_a.txt")


def test_extra_mnist_results_of_any_json_shape_are_shown(tmp_path):
    mnist = make_mnist_ran()
    mnist["epoch_selection"] = "best epoch on the test set, as the book <does>"
    mnist["error_rate_arithmetic"] = {"before": 3.41, "after": 3.18, "share": [0.0674, 1 / 14.8]}
    mnist["nested"] = [[1, 2], [3.5]]
    mnist["rows"] = [{"a": 1, "verdict": "holds"}, {"b": None}]
    html = build(tmp_path, mnist=mnist)
    assert "best epoch on the test set, as the book &lt;does&gt;" in html
    assert "epoch selection" in html and "error rate arithmetic" in html
    assert "3.41" in html and "0.0675676" in html
    assert "1, 2, 3.5" in html


def test_percent_encoded_formula_quotes_are_shown_decoded_and_other_quotes_unchanged():
    from reports.page.render import readable_quote

    assert readable_quote("C%20%3D%20%5Cfrac%7B1%7D%7B2%7D") == "C = \\frac{1}{2}"
    assert readable_quote("0.09") == "0.09"
    assert readable_quote("95.49%") == "95.49%"
    assert readable_quote("约150个周期") == "约150个周期"
