"""The pages a reader opens: findings first, one verdict convention, both languages, quotes and
statements as mathematics, witness sources, the demos' script allowed by hash, under 1 MB."""

import base64
import hashlib
import html as html_module
import re

import pytest
from report_fixtures import make_mnist_ran, make_neuron, make_real_claims_run

from claims import catalog as real_catalog
from reports.build import build_report, closing_lines
from reports.page.quotes import allowed_html, latex_as_text, render_fragment
from reports.page.witness_source import witness_source_of

MAX_PAGE_BYTES = 1_000_000


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    build_report(
        out,
        claims_run=make_real_claims_run(),
        neuron=make_neuron(),
        mnist=make_mnist_ran(),
        sweep=None,
        profile="quick",
        timings={},
        catalog=real_catalog,
        lang="zh",
    )
    return {path.name: path.read_text(encoding="utf-8") for path in out.glob("*.html")}


def visible_text(page: str) -> str:
    """Text outside tags, scripts and styles, entities decoded (an approximation of innerText)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.DOTALL)
    return html_module.unescape(re.sub(r"<[^>]+>", " ", page))


def test_both_languages_are_written_and_index_is_the_one_lang_names(pages):
    assert pages["index.html"] == pages["index.zh.html"] != pages["index.en.html"]
    assert (
        '<html lang="zh-Hans">' in pages["index.zh.html"]
        and '<html lang="en">' in pages["index.en.html"]
    )


def test_each_page_links_to_the_other_language(pages):
    assert 'href="index.zh.html"' in pages["index.en.html"]
    assert 'href="index.en.html"' in pages["index.zh.html"]


@pytest.mark.parametrize("name", ["index.en.html", "index.zh.html"])
def test_findings_list_every_claim_expected_refuted_with_a_link_to_its_card(pages, name):
    page = pages[name]
    assert '<article class="claim' not in page  # the cards are on the claims page
    findings = page[page.index('id="findings"') : page.index('id="headlines"')]
    expected_refuted = [c.id for c in real_catalog.CLAIMS if c.expected == "refuted"]
    assert len(expected_refuted) >= 10
    claims_page = name.replace("index", "claims")
    for claim_id in expected_refuted:
        assert f'data-claim="{claim_id}"' in findings, claim_id
        assert f'href="{claims_page}#claim-{claim_id}"' in findings, claim_id
        assert f'id="claim-{claim_id}"' in pages[claims_page], claim_id


def test_expected_refuted_claims_read_as_the_documents_mistake(pages):
    english = pages["claims.en.html"]
    card = english[english.index('id="claim-004-cross-entropy-missing-minus"') :]
    card = card[: card.index("</article>")]
    assert "the document is wrong here" in card and "refuted" not in re.sub(
        r"<[^>]+>", "", card
    ).split("In fact")[0].lower().replace("refuted,", "")
    assert "文档在这里错了" in pages["index.zh.html"]


@pytest.mark.parametrize(
    "name",
    [
        f"{page}.{lang}.html"
        for page in ("index", "claims", "documents")
        for lang in "en zh".split()
    ],
)
def test_no_raw_latex_dollar_signs_or_html_tags_are_visible(pages, name):
    text = visible_text(pages[name])
    for raw in ("\\frac", "$$", "<sup>", "\\sigma", "&lt;sup"):
        assert raw not in text, (raw, text[max(0, text.find(raw) - 80) : text.find(raw) + 80])


def test_chinese_page_shows_claims_in_chinese_and_quotes_as_printed(pages):
    chinese = pages["claims.zh.html"]
    assert "S 型函数的导数" in chinese  # the title of sigmoid-derivative
    assert "都是非负的" in chinese  # 002's own words, quoted unchanged


def test_002_is_located_by_its_own_headings(pages):
    english, chinese = pages["documents.en.html"], pages["documents.zh.html"]
    assert "「引入交叉熵代价函数」" in english and "第 " in chinese
    assert "section 'introducing the cross-entropy cost function'" not in english


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_witnesses_link_to_their_test_source_on_the_test_sources_page(pages, lang):
    claims, tests = pages[f"claims.{lang}.html"], pages[f"tests.{lang}.html"]
    anchors = re.findall(rf'href="tests\.{lang}\.html#([^"]+)"', claims)
    assert len(anchors) >= 2 * len(real_catalog.CLAIMS) - 5
    assert all(f'id="{anchor}"' in tests for anchor in set(anchors))
    assert "def test_" in tests and "def test_" not in claims + pages[f"index.{lang}.html"]


@pytest.mark.parametrize("name", ["index.en.html", "claims.zh.html"])
def test_each_pages_script_is_allowed_by_its_hash_and_nothing_else(pages, name):
    page = pages[name]
    [script] = re.findall(r"<script>(.*?)</script>", page, flags=re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    [policy] = re.findall(r'Content-Security-Policy" content="([^"]+)"', page)
    assert f"script-src 'sha256-{digest}'" in policy and "unsafe-inline'; img" in policy
    # The only address in the script is the SVG namespace name, which is never fetched.
    assert "'unsafe-eval'" not in policy
    assert script.count("http") == script.count("http://www.w3.org/2000/svg") <= 1
    assert not re.search(r"fetch|XMLHttpRequest|import\(|\.src\s*=", script)


@pytest.mark.parametrize("name", ["documents.en.html", "experiments.zh.html", "tests.en.html"])
def test_pages_without_a_script_allow_none(pages, name):
    assert "<script" not in pages[name]
    assert "script-src 'none'" in pages[name]


def test_page_reads_without_the_script(pages):
    page = pages["index.en.html"]
    assert '<form id="demo-neuron-form" class="demo" hidden>' in page
    assert 'class="demo-static' in page


def test_each_page_weighs_under_one_megabyte(pages):
    assert len(pages) == 11  # five pages in two languages and index.html
    assert all(len(page.encode("utf-8")) < MAX_PAGE_BYTES for page in pages.values())


@pytest.mark.parametrize(
    "quote", [c.quote for claim in real_catalog.CLAIMS for c in claim.sources if c.quote]
)
def test_every_catalog_quote_renders_without_raw_markup(quote):
    text = visible_text(str(render_fragment(quote)))
    assert (
        "\\frac" not in text and "$" not in text and "<sup>" not in text and "\\sigma" not in text
    )


def test_allowed_tags_are_kept_and_others_escaped():
    assert str(allowed_html("σ<sup>'</sup>(z)")) == "σ<sup>&#39;</sup>(z)"
    assert str(allowed_html('<script>x</script><sup onclick="y">1</sup>')) == "x<sup>1</sup>"


def test_latex_that_cannot_be_converted_is_shown_as_readable_text():
    assert (
        latex_as_text(r"\frac{\partial L}{\partial w} &= \sigma \prime(x)")
        == "(∂ L)/(∂ w) = σ ′(x)"
    )


def test_witness_source_is_found_from_the_node_id_and_none_for_an_experiment():
    source = witness_source_of(
        "tests/test_report_pages.py::test_witness_source_is_found_from_the_node_id_and_none_for_an_experiment[x]"
    )
    assert source.startswith("def test_witness_source_is_found") and "witness_source_of(" in source
    assert witness_source_of("experiments.mnist_experiments") is None
    assert witness_source_of("../../etc/passwd::x") is None


def test_closing_lines_name_the_wrong_statements_the_moved_verdicts_and_the_phases_not_run():
    results = {
        "claims": [
            {"id": "a", "verdict": "refuted", "expected": "refuted"},
            {"id": "b", "verdict": "refuted", "expected": "holds"},
            {"id": "c", "verdict": "holds", "expected": "holds"},
        ],
        "experiments": {"mnist_status": "not run", "mnist_reason": "no files in /x", "sweep": None},
        "problems": [],
    }
    lines = closing_lines(results)
    # each wrong statement by its title (its id when it has none), with what decides it
    assert lines[:5] == [
        "statements the documents get wrong: 2",
        "  - a",
        "    see the report",
        "  - b",
        "    see the report",
    ]
    assert lines[5] == "expected verdicts that moved: 1: b (expected holds, now refuted)"
    assert any("MNIST experiments (no files in /x)" in line for line in lines)
    assert any("sweep" in line for line in lines)


def test_figure_captions_print_the_catalogs_figures_in_both_languages(tmp_path):
    from report_fixtures import SMALL_SVG

    from reports.page.view import printed_figure

    figures = {"neuron_cost_curves": SMALL_SVG, "neuron_gradient_against_output": SMALL_SVG}
    build_report(
        tmp_path,
        claims_run=make_real_claims_run(),
        neuron={**make_neuron(), "figures": figures},
        mnist=make_mnist_ran(),
        sweep=None,
        profile="quick",
        timings={},
        catalog=real_catalog,
    )
    for name in ("index.en.html", "index.zh.html"):
        captions = re.findall(
            r"<figcaption>(.*?)</figcaption>",
            (tmp_path / name).read_text(encoding="utf-8"),
            re.DOTALL,
        )
        cost_curves, gradient = (html_module.unescape(text) for text in captions[:2])
        assert "%(" not in cost_curves + gradient  # every placeholder filled
        assert printed_figure("quadratic-neuron-slow-start-150-epochs") in cost_curves
        for claim_id in ("neuron-initial-output-082", "neuron-initial-output-098"):
            assert printed_figure(claim_id) in gradient, (name, claim_id, gradient)


def test_program_floats_in_messages_are_shown_to_six_significant_digits():
    from reports.page.view import rounded_numbers

    assert (
        rounded_numbers("stated 95.49, computed 95.8132181571136; p 0.0123456789")
        == "stated 95.49, computed 95.8132; p 0.0123457"
    )
    assert rounded_numbers("seeds 1.5 and 3.25 at 2026-01-01, v1.2.3") == (
        "seeds 1.5 and 3.25 at 2026-01-01, v1.2.3"
    )
