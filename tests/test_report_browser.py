"""The report in a real browser (headless Chromium): loads cleanly, math and figures visible, not blank.

Needs Debian's ``chromium`` and ``chromium-driver`` and the ``selenium`` package. Skipped with the
reason when they are missing, except under CI (``$CI`` set), where their absence is a failure.
"""

import io
import os
import shutil

import numpy as np
import pytest
from report_fixtures import make_catalog, make_claims_run, make_mnist_ran, make_neuron

from reports.build import build_report

pytestmark = pytest.mark.browser

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMEDRIVER = "/usr/bin/chromedriver"


def require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI installs it, so its absence is an error there)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chromium = next((path for path in CHROMIUM_CANDIDATES if os.path.exists(path)), shutil.which("chromium"))
    require(chromium is not None, "headless Chromium is not installed (apt-get install chromium chromium-driver)")
    require(os.path.exists(CHROMEDRIVER), f"chromedriver is not installed at {CHROMEDRIVER} (apt-get install chromium-driver)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        require(False, "selenium is not installed (pip install 'nnclaims[test]')")
    options = Options()
    options.binary_location = chromium
    for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}", "--window-size=1280,1000"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def loaded_report(browser, tmp_path_factory):
    out_dir = tmp_path_factory.mktemp("report")
    index, _ = build_report(out_dir, claims_run=make_claims_run(), neuron=make_neuron(), mnist=make_mnist_ran(),
                            sweep=None, profile="quick", timings={"claims": 1.0}, catalog=make_catalog())
    browser.get(index.as_uri())
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
    errors = [entry for entry in loaded_report.get_log("browser") if entry["level"] in ("SEVERE", "ERROR")]
    assert errors == []


def test_page_requests_nothing_from_outside(loaded_report):
    resources = loaded_report.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert resources == []


def test_mathml_formulas_are_rendered_with_a_size(loaded_report):
    sizes = element_sizes(loaded_report, "article.claim .formula math")
    assert len(sizes) == 3  # the three fixture claims that carry a formula
    assert all(width > 20 and height > 8 for width, height in sizes), sizes
    # A fraction laid out by the MathML engine is taller than one line of text.
    fraction_heights = [h for _, h in element_sizes(loaded_report, "#claim-wrong-derivative .formula math")]
    line_height = element_sizes(loaded_report, "#claim-wrong-derivative p")[0][1]
    assert fraction_heights[0] > line_height * 0.9


def test_svg_figures_and_the_dependency_graph_are_visible(loaded_report):
    figures = element_sizes(loaded_report, "figure svg")
    assert len(figures) == 2
    assert all(width > 50 and height > 50 for width, height in figures), figures
    [graph] = element_sizes(loaded_report, "svg.dependency-graph")
    assert graph[0] > 100 and graph[1] > 20


def test_page_does_not_overflow_the_window_sideways(loaded_report):
    # Wide tables and the dependency graph scroll inside their own boxes, not the whole page.
    widths = loaded_report.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
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
