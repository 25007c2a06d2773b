"""The report's files, written together: ``results.json`` and the pages in every language,
rendered in memory and made the report shown in the report directory at once, every other file
there left in place (:func:`reports.report_directory.replace_report_directory`)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import ModuleType

from claims import catalog as claim_catalog
from reports.claims_run import ClaimsRun
from reports.environment import collect_environment
from reports.page.i18n import DEFAULT_LANGUAGE, LANGUAGES
from reports.page.render import DETAIL_PAGES, page_file, render_detail_pages, render_report
from reports.report_directory import DEFAULT_LOCK_TIMEOUT, replace_report_directory
from reports.results import build_results, results_to_json

REPORT_FILE_NAMES = (
    "index.html",
    *(page_file(name, code) for name in ("index", *DETAIL_PAGES) for code in LANGUAGES),
    "results.json",
)


class WrittenReport(tuple):
    """``(index path, results path)``, which callers unpack, plus ``results``: the results dict
    that was written, for everything after the build."""

    def __new__(cls, index: Path, results_path: Path, results: dict):
        written = super().__new__(cls, (index, results_path))
        written.results = results
        return written

    @property
    def index(self) -> Path:
        return self[0]

    @property
    def results_path(self) -> Path:
        return self[1]


def collect_seeds(mnist: Mapping, hypothesis_profile: str | None) -> dict:
    configs = mnist.get("configs", [])
    return {
        "mnist": {
            config.get("name", str(i)): config.get("seeds") for i, config in enumerate(configs)
        },
        "hypothesis_profile": hypothesis_profile,
    }


def build_report(
    out_dir: Path,
    *,
    claims_run: ClaimsRun,
    neuron: Mapping,
    mnist: Mapping,
    sweep: Mapping | None,
    profile: str,
    timings: dict[str, float],
    problems: Sequence[str] = (),
    mutation: Mapping | None = None,
    network2_conformance: Mapping | None = None,
    catalog: ModuleType | None = None,
    render: Callable[..., str] = render_report,
    lang: str = DEFAULT_LANGUAGE,
    render_details: Callable[..., dict[str, str]] = render_detail_pages,
    mnist_phase: Mapping | None = None,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    say: Callable[[str], None] = lambda message: None,
) -> WrittenReport:
    """Render the pages and ``results.json`` and make them the report shown in ``out_dir``
    together (:func:`reports.report_directory.replace_report_directory`: other files there stay,
    writers of one ``out_dir`` take turns, waiting at most ``lock_timeout`` seconds; ``say``
    hears a wait and a clean-up, one line each).

    Everything is rendered in memory first; a failure there or while writing leaves the report
    shown in ``out_dir`` as it was. Returns (index path, results path), ``index.html`` being the
    page in ``lang``, with the results dict as ``.results``. ``catalog`` defaults to the claim
    catalog. ``network2_conformance``: the conformance record of network2.py, or None.
    ``render`` renders the landing page of one language, ``render_details`` the pages it links to.
    """
    started = time.perf_counter()
    environment = collect_environment(
        profile,
        claims_run.hypothesis_profile,
        collect_seeds(mnist, claims_run.hypothesis_profile),
        timings,
    )
    results = build_results(
        catalog=catalog or claim_catalog,
        claims_run=claims_run,
        neuron=neuron,
        mnist=mnist,
        sweep=sweep,
        profile=profile,
        environment=environment,
        problems=list(problems),
        mutation=mutation,
    )
    results["network2_conformance"] = network2_conformance  # reports.conformance.record
    pages = render_pages(results, neuron, mnist, render, lang)
    for code in LANGUAGES:
        pages.update(render_details(results, neuron, mnist, lang=code))
    timings["render"] = time.perf_counter() - started
    results["environment"]["timings_seconds"] = dict(timings)
    if mnist_phase is not None:
        results["environment"]["mnist_phase"] = dict(mnist_phase)
    results_text = results_to_json(results)
    paths = replace_report_directory(
        Path(out_dir),
        {**pages, "results.json": results_text},
        lock_timeout=lock_timeout,
        on_wait=say,
        notice=say,
    )
    # what was written, as a reader of results.json gets it (non-finite numbers as in the file)
    return WrittenReport(paths["index.html"], paths["results.json"], json.loads(results_text))


def render_pages(
    results: dict, neuron: Mapping, mnist: Mapping, render: Callable[..., str], lang: str
) -> dict[str, str]:
    """File name -> HTML of the landing pages: ``index.<code>.html`` for every language,
    ``index.html`` in ``lang``."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang: expected one of {', '.join(LANGUAGES)}, found {lang!r}")
    pages = {f"index.{code}.html": render(results, neuron, mnist, lang=code) for code in LANGUAGES}
    return {**pages, "index.html": pages[f"index.{lang}.html"]}
