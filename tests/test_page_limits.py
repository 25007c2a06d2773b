"""The landing pages as a teacher projects them and a phone shows them, measured on a report at
the default build's scale (tests/page_fixtures.py) and on one built without MNIST: weight,
screens at 1400 x 900, no sideways scroll at 400 px, figures inside the screen, no console
errors, every local link resolving."""

from __future__ import annotations

import re

import pytest
from browser_session import console_errors, start_chromium
from page_fixtures import default_scale_mnist
from page_measures import (
    DESKTOP,
    IDENTIFIER,
    LANDING_PAGES,
    LONG_FLOAT,
    MAX_LANDING_BYTES,
    MAX_LATIN_SHARE,
    MAX_SCREENS,
    PHONE_WIDTH,
    PSEUDO_LATEX,
    broken_links,
    in_context,
    latin_share,
    layout_measures,
    open_at,
    visible_prose,
)
from report_fixtures import make_real_claims_run

from claims import catalog as real_catalog
from reports.build import build_report, run_neuron_phase
from reports.build_phases import mnist_not_run, with_claim_verdicts

BUILDS = ("default-scale", "no-mnist")
MIN_FIGURE_TEXT_PX = 10
# what a build without the MNIST files says, with a long absolute path in it
NOT_FOUND = (
    "MNIST directory /home/a-reader-with-a-long-name/.cache/nnclaims/mnist holds none of the four "
    "files train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, "
    "t10k-labels-idx1-ubyte.gz"
)


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    neuron, problem = run_neuron_phase()
    assert problem is None
    mnist = {
        "default-scale": default_scale_mnist(),
        "no-mnist": with_claim_verdicts(
            mnist_not_run(NOT_FOUND, "python -m runs.download --mnist-dir /home/x", "book")
        ),
    }
    built = {}
    for name in BUILDS:
        out = tmp_path_factory.mktemp(name)
        build_report(
            out,
            claims_run=make_real_claims_run(),
            neuron=neuron,
            mnist=mnist[name],
            sweep=None,
            profile="book",
            timings={},
            catalog=real_catalog,
        )
        built[name] = out
    return built


@pytest.mark.parametrize("build", BUILDS)
@pytest.mark.parametrize("page", LANDING_PAGES)
def test_landing_page_weighs_at_most_400_kB(reports, build, page):
    size = len((reports[build] / page).read_bytes())
    assert size <= MAX_LANDING_BYTES, size


@pytest.mark.parametrize("build", BUILDS)
def test_every_local_link_resolves_to_a_file_and_an_element(reports, build):
    assert broken_links(reports[build]) == []


def landing_prose(reports, build: str, lang: str) -> str:
    return visible_prose((reports[build] / f"index.{lang}.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize("build", BUILDS)
def test_chinese_landing_page_prose_is_at_most_20_percent_latin_letters(reports, build):
    # proper names (MNIST, Nielsen), symbols and code stay as they are; the documents run at 7-20 %
    share = latin_share(landing_prose(reports, build, "zh"))
    assert share <= MAX_LATIN_SHARE, share


@pytest.mark.parametrize("build", BUILDS)
def test_english_landing_page_writes_no_formula_as_pseudo_latex(reports, build):
    assert in_context(PSEUDO_LATEX, landing_prose(reports, build, "en")) == []


@pytest.mark.parametrize("build", BUILDS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_landing_page_prose_has_no_long_floats_and_no_program_identifiers(reports, build, lang):
    prose = landing_prose(reports, build, lang)
    assert in_context(LONG_FLOAT, prose) == []
    assert in_context(IDENTIFIER, prose) == []


# ------------------------------------------------------------------------------- in a browser
@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = start_chromium(tmp_path_factory.mktemp("chromium-profile"), *DESKTOP)
    yield driver
    driver.quit()


@pytest.mark.browser
@pytest.mark.parametrize("build", BUILDS)
@pytest.mark.parametrize("page", LANDING_PAGES)
def test_landing_page_is_at_most_15_screens_at_1400_by_900(browser, reports, build, page):
    open_at(browser, reports[build] / page, DESKTOP[0])
    screens = layout_measures(browser)["screens"]
    assert screens <= MAX_SCREENS, screens


@pytest.mark.browser
@pytest.mark.parametrize("build", BUILDS)
@pytest.mark.parametrize("page", LANDING_PAGES)
def test_at_400_px_nothing_scrolls_sideways_and_every_figure_is_inside_the_screen(
    browser, reports, build, page
):
    open_at(browser, reports[build] / page, PHONE_WIDTH)
    measures = layout_measures(browser)
    assert measures["scroll_width"] <= measures["client_width"] <= PHONE_WIDTH, measures
    assert measures["figures_outside"] == []


@pytest.mark.browser
@pytest.mark.parametrize("width", [DESKTOP[0], PHONE_WIDTH])
def test_no_page_logs_a_console_error(browser, reports, width):
    pages = sorted(reports["default-scale"].glob("*.html"))
    assert len(pages) == 11
    console_errors(browser)  # drop what earlier tests left in the log
    for page in pages:
        open_at(browser, page, width)
        assert console_errors(browser) == [], page.name


@pytest.mark.browser
@pytest.mark.parametrize("page", LANDING_PAGES)
def test_every_figure_text_is_at_least_10_px_on_a_400_px_phone(browser, reports, page):
    open_at(browser, reports["default-scale"] / page, PHONE_WIDTH)
    sizes = browser.execute_script("""
        return Array.from(document.querySelectorAll('figure svg text')).map(t => {
          const m = t.getScreenCTM();
          return [parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b), t.textContent];
        });""")
    assert len(sizes) > 100  # ticks, titles and labels of every panel
    assert min(sizes)[0] >= MIN_FIGURE_TEXT_PX, min(sizes)


@pytest.mark.parametrize("page", LANDING_PAGES)
def test_every_mnist_series_is_drawn_in_a_panel_of_its_own(reports, page):
    text = (reports["default-scale"] / page).read_text(encoding="utf-8")
    accuracy = text[text.index('id="figure-mnist_test_accuracy_by_epoch"') :]
    accuracy = accuracy[: accuracy.index("</figure>")]
    assert accuracy.count("<svg") == 6  # one panel per configuration
    # every drawn line has points: no series is an empty path
    assert not re.search(r'<path d=""', accuracy)
    assert "<svg" in text[text.index('id="figure-mnist_book_figures_against_seeds"') :]
