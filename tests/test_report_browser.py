"""The report in a real browser (headless Chromium): loads cleanly, math and figures visible,
not blank.

Needs Debian's ``chromium`` and ``chromium-driver`` and the ``selenium`` package. Skipped with the
reason when they are missing, except under CI (``$CI`` set), where their absence is a failure.
"""

import io
import json

import numpy as np
import pytest
from browser_session import start_chromium
from report_fixtures import (
    make_catalog,
    make_claims_run,
    make_mnist_ran,
    make_neuron,
    make_real_claims_run,
)

from claims import catalog as real_catalog
from experiments.neuron import NeuronRun, train_neuron
from reports.build import build_report, run_neuron_phase

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = start_chromium(tmp_path_factory.mktemp("chromium-profile"))
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def toy_report(tmp_path_factory):
    out_dir = tmp_path_factory.mktemp("report")
    index, _ = build_report(
        out_dir,
        claims_run=make_claims_run(),
        neuron=make_neuron(),
        mnist=make_mnist_ran(),
        sweep=None,
        profile="quick",
        timings={"claims": 1.0},
        catalog=make_catalog(),
    )
    return out_dir


@pytest.fixture
def loaded_report(browser, toy_report):
    """The toy report's landing page, open."""
    browser.get((toy_report / "index.en.html").as_uri())
    browser.execute_script("return document.readyState")
    return browser


@pytest.fixture
def loaded_claims(browser, toy_report):
    """The toy report's claims page, open."""
    browser.get((toy_report / "claims.en.html").as_uri())
    browser.execute_script("return document.readyState")
    return browser


def element_sizes(driver, selector):
    return driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0]))"
        ".map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; });",
        selector,
    )


def test_page_loads_without_console_errors(loaded_report):
    assert loaded_report.title.startswith("Cross-entropy")
    errors = [
        entry for entry in loaded_report.get_log("browser") if entry["level"] in ("SEVERE", "ERROR")
    ]
    assert errors == []


def test_page_requests_nothing_from_outside(loaded_report):
    resources = loaded_report.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert resources == []


def test_mathml_formulas_are_rendered_with_a_size(loaded_claims):
    loaded_report = loaded_claims
    sizes = element_sizes(loaded_report, "article.claim .formula math")
    assert len(sizes) == 3  # the three fixture claims that carry a formula
    assert all(width > 20 and height > 8 for width, height in sizes), sizes
    # A fraction laid out by the MathML engine is taller than one line of text.
    fraction_heights = [
        h for _, h in element_sizes(loaded_report, "#claim-wrong-derivative .formula math")
    ]
    line_height = element_sizes(loaded_report, "#claim-wrong-derivative p")[0][1]
    assert fraction_heights[0] > line_height * 0.9


def test_svg_figures_and_the_layered_overview_are_visible(loaded_report, loaded_claims, toy_report):
    loaded_report.get((toy_report / "index.en.html").as_uri())
    figures = element_sizes(loaded_report, "figure svg")
    assert len(figures) == 2
    assert all(width > 50 and height > 50 for width, height in figures), figures
    loaded_report.get((toy_report / "claims.en.html").as_uri())
    [layers] = element_sizes(loaded_report, "ol.layers")
    assert layers[0] > 100 and layers[1] > 20


def test_page_does_not_overflow_the_window_sideways(loaded_report):
    # Wide tables and figures scroll inside their own boxes, not the whole page.
    widths = loaded_report.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], widths


def test_screenshot_is_not_blank(loaded_report, tmp_path):
    from PIL import Image

    loaded_report.execute_script("window.scrollTo(0, 0)")
    png = loaded_report.get_screenshot_as_png()
    (tmp_path / "report.png").write_bytes(png)
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).reshape(-1, 3)
    distinct_colours = len(np.unique(pixels, axis=0))
    not_background = float(np.mean(pixels.min(axis=1) < 200))  # text, badges, rules, figure lines
    assert distinct_colours > 50, distinct_colours
    assert not_background > 0.01, not_background


# ----------------------------------------------------------------- the real catalog, both languages
PHONE_WIDTH = 400
MIN_FIGURE_TEXT_PX = 10
DEMO_TOLERANCE = (
    1e-12  # the demo repeats the engine's float64 operations; exp/log1p differ by an ulp at most
)


@pytest.fixture(scope="module")
def real_pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("real-report")
    neuron, problem = run_neuron_phase()
    assert problem is None
    build_report(
        out,
        claims_run=make_real_claims_run(),
        neuron=neuron,
        mnist=make_mnist_ran(),
        sweep=None,
        profile="quick",
        timings={},
        catalog=real_catalog,
    )
    return out


def open_page(browser, path, width=1280):
    browser.set_window_size(width, 1000)
    browser.get(path.as_uri())
    browser.execute_script("return document.readyState")
    return browser


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_both_language_pages_load_without_console_errors(browser, real_pages, lang):
    open_page(browser, real_pages / f"index.{lang}.html")
    errors = [
        entry for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "ERROR")
    ]
    assert errors == []
    assert (
        browser.execute_script("return document.documentElement.lang")
        == {"en": "en", "zh": "zh-Hans"}[lang]
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_findings_list_every_claim_expected_refuted_on_the_landing_page(browser, real_pages, lang):
    open_page(browser, real_pages / f"index.{lang}.html")
    expected = sorted(c.id for c in real_catalog.CLAIMS if c.expected == "refuted")
    listed = browser.execute_script("""
        return Array.from(document.querySelectorAll('#findings li[data-claim]'))
          .filter(li => li.getBoundingClientRect().height > 0)
          .map(li => li.dataset.claim);""")
    assert sorted(set(listed)) == expected


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_horizontal_scroll_on_a_400_px_phone(browser, real_pages, lang):
    open_page(browser, real_pages / f"index.{lang}.html", width=PHONE_WIDTH)
    scroll, client = browser.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert client <= PHONE_WIDTH and scroll <= client, (scroll, client)


@pytest.mark.parametrize("width", [1280, PHONE_WIDTH])
def test_every_figure_text_is_at_least_10_css_px_as_shown(browser, real_pages, width):
    open_page(browser, real_pages / "index.en.html", width=width)
    sizes = browser.execute_script("""
        return Array.from(document.querySelectorAll('figure svg text')).map(t => {
          const m = t.getScreenCTM();
          return [parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b), t.textContent];
        });""")
    assert len(sizes) > 20
    smallest = min(sizes)
    assert smallest[0] >= MIN_FIGURE_TEXT_PX, smallest


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_raw_latex_dollars_or_html_tags_in_the_rendered_text(browser, real_pages, lang):
    open_page(browser, real_pages / f"index.{lang}.html")
    text = browser.execute_script("return document.body.innerText")
    for raw in ("\\frac", "$$", "<sup>"):
        assert raw not in text, (raw, text[max(0, text.find(raw) - 80) : text.find(raw) + 80])


@pytest.mark.parametrize(
    "w0, b0, eta, cost, epochs",
    [
        (2.0, 2.0, 0.15, "quadratic", 300),
        (0.6, 0.9, 0.005, "cross_entropy", 300),
        (-1.5, 3.25, 0.9, "quadratic", 57),
    ],
)
def test_neuron_demo_trajectory_equals_the_engines(browser, real_pages, w0, b0, eta, cost, epochs):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    open_page(browser, real_pages / "index.en.html")
    form = browser.find_element(By.ID, "demo-neuron-form")
    assert form.is_displayed()
    for name, value in (("w0", w0), ("b0", b0), ("eta", eta), ("epochs", epochs)):
        field = form.find_element(By.NAME, name)
        browser.execute_script("arguments[0].value = arguments[1]", field, str(value))
    Select(form.find_element(By.NAME, "cost")).select_by_value(cost)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    demo = browser.execute_script("return window.nnclaimsNeuronTrajectory")
    engine = train_neuron(NeuronRun(w0, b0, cost, eta, epochs))["trajectory"]
    assert len(demo["a"]) == len(engine["a"]) == epochs + 1
    for key in ("a", "cost", "w", "b"):
        assert np.max(np.abs(np.subtract(demo[key], engine[key]))) <= DEMO_TOLERANCE, key
    assert (
        len(browser.find_elements(By.CSS_SELECTOR, "svg.demo-a polyline, svg.demo-cost polyline"))
        == 2
    )


def test_softmax_demo_draws_four_bars_that_sum_to_one(browser, real_pages):
    from engine.activations import softmax

    open_page(browser, real_pages / "index.zh.html")
    bars = browser.execute_script(
        "return document.querySelectorAll('svg.demo-softmax rect').length"
    )
    shown = browser.execute_script("return window.nnclaimsSoftmax")
    zs = [
        float(v)
        for v in browser.execute_script(
            "return [1,2,3,4].map(j => "
            "document.querySelector('#demo-softmax-form [name=z' + j + ']').value)"
        )
    ]
    assert bars == 4
    np.testing.assert_allclose(
        shown, softmax(np.array(zs)), rtol=0, atol=1e-15
    )  # same shift-by-max formula
    assert abs(sum(shown) - 1) <= 4e-16


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_claims_page_filters_by_mistake_document_and_witness_kind(browser, real_pages, lang):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    open_page(browser, real_pages / f"claims.{lang}.html")
    form = browser.find_element(By.CSS_SELECTOR, "form.claim-filters")
    assert form.is_displayed()

    def shown():
        return browser.execute_script(
            "return Array.from(document.querySelectorAll('article.claim'))"
            ".filter(a => !a.hidden).map(a => a.id.slice('claim-'.length))"
        )

    assert len(shown()) == len(real_catalog.CLAIMS)
    form.find_element(By.NAME, "wrong").click()
    refuted = sorted(c.id for c in real_catalog.CLAIMS if c.expected == "refuted")
    assert sorted(shown()) == refuted  # every fixture witness passes: expected refuted = wrong
    Select(form.find_element(By.NAME, "document")).select_by_value("002")
    cites_002 = {
        c.id for c in real_catalog.CLAIMS if any(s.document.startswith("002_") for s in c.sources)
    }
    assert shown() and set(shown()) == cites_002 & set(refuted)
    Select(form.find_element(By.NAME, "kind")).select_by_value("experiment")
    results = json.loads((real_pages / "results.json").read_text(encoding="utf-8"))
    by_experiment = {
        c["id"] for c in results["claims"] if any(w["kind"] == "experiment" for w in c["witnesses"])
    }
    assert set(shown()) == cites_002 & set(refuted) & by_experiment
