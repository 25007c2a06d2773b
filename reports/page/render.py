"""Render the report page from the results record with the Jinja2 templates in
``reports/page/templates/`` (package data, so an installed package renders the page too).

Autoescaping is on for every template: text from the catalog, the claims export and the
experiments is escaped. The only markup passed through unescaped is markup this project
generated: MathML from :mod:`reports.page.mathml` (rebuilt from a parsed tree), quotes through the
allow-list of :mod:`reports.page.quotes`, the demos' script of :mod:`reports.page.demos` (allowed
by its hash in the page's Content-Security-Policy), and the experiments' SVG figures after
:func:`trusted_svg` checked that they carry no script and reference nothing outside the page.
Each page is rendered in one language with that language's Babel catalog (:mod:`reports.page.i18n`).
"""

from __future__ import annotations

import functools
import html
import math
import re
import urllib.parse
from collections.abc import Callable, Mapping
from pathlib import Path

import jinja2
from markupsafe import Markup

from reports.page.demos import DEMO_SCRIPT, script_hash
from reports.page.filters import FILTER_SCRIPT
from reports.page.i18n import (
    DEFAULT_LANGUAGE,
    GENERATED,
    HTML_LANG,
    LANGUAGE_NAMES,
    LANGUAGES,
    TEMPLATES_DIR,
    check_language,
    load_translations,
)
from reports.page.mathml import latex_to_mathml, render_text_with_math
from reports.page.quotes import render_fragment
from reports.page.view import (
    STATUS_CLASS,
    as_printed,
    book_judgement,
    claim_status,
    configs_with_stalls,
    dependency_layers,
    dependents_of,
    document_name,
    document_short,
    findings,
    locator_text,
    page_numbers,
    rounded_numbers,
    significance_rows,
    stall_summary,
)
from reports.page.witness_source import witness_tests
from runs.splits import SPLIT_TRAIN_SIZES

LANDING_PAGE = "index"
DETAIL_PAGES = ("claims", "documents", "experiments", "tests")
PAGE_TEMPLATES = {
    LANDING_PAGE: "report.html.j2",
    **{name: f"{name}.html.j2" for name in DETAIL_PAGES},
}
# the one inline script of each page that has one, allowed by its hash
PAGE_SCRIPTS = {LANDING_PAGE: DEMO_SCRIPT, "claims": FILTER_SCRIPT}
_UNSAFE_SVG = re.compile(
    r"<\s*script|<\s*foreignObject|javascript:|\son[a-z]+\s*=|(?:xlink:)?href\s*=\s*[\"'](?!#|data:image/(?:png|jpeg);base64,)"
    r"|url\(\s*['\"]?(?!#)|@import",
    re.IGNORECASE,
)


class UnsafeFigureError(ValueError):
    """A figure that is not a plain self-contained SVG element."""


def trusted_svg(name: str, svg: str) -> Markup:
    """``svg`` as markup once checked: one ``<svg>`` element, no script, no outside reference."""
    text = svg.strip()
    if not text.startswith("<svg") or not text.endswith("</svg>"):
        raise UnsafeFigureError(
            f"figure {name!r}: expected a single <svg> element, found {text[:40]!r}..."
        )
    match = _UNSAFE_SVG.search(text)
    if match:
        raise UnsafeFigureError(
            f"figure {name!r}: expected a self-contained SVG, found {match.group(0)!r}"
        )
    return Markup(text)


def format_number(value, digits: int = 6) -> str:
    """Numbers for tables: ``digits`` significant digits; None as a dash; lists joined."""
    if value is None:
        return "\u2014"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        return f"{value:.{digits}g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(format_number(item, digits) for item in value)
    if isinstance(value, Mapping) and "mean" in value:
        spread = f" \u00b1 {format_number(value['std'], 3)}" if value.get("std") is not None else ""
        return f"{format_number(value['mean'], digits)}{spread}"
    return str(value)


def format_percent(value) -> str:
    return "\u2014" if value is None else f"{100 * value:.0f} %"


def format_seconds(value) -> str:
    return "\u2014" if value is None else f"{value:.2f} s"


def verdict_class(verdict) -> str:
    """CSS class of a verdict badge (claim verdicts and comparison verdicts alike)."""
    text = str(verdict).lower()
    if text in (
        "holds",
        "agrees",
        "reproduced",
        "inside",
        "passed",
        "yes",
        "true",
        "ran",
        "consistent",
    ):
        return "good"
    if text in (
        "refuted",
        "differs",
        "not reproduced",
        "outside",
        "failed",
        "false",
        "inconsistent",
    ):
        return "bad"
    if text in ("error",):
        return "error"
    return "neutral"


_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")


def readable_quote(quote: str) -> str:
    """A source fragment as a reader sees it: a formula that the document embeds as a
    percent-encoded image address (``%5Cfrac%7B1%7D...``) is shown decoded (``\\frac{1}...``)."""
    if len(_PERCENT_ESCAPE.findall(quote)) >= 2:
        return urllib.parse.unquote(quote)
    return quote


def make_environment(
    templates_dir: Path = TEMPLATES_DIR, lang: str = DEFAULT_LANGUAGE
) -> jinja2.Environment:
    """The Jinja2 environment of one language: autoescaping, the i18n extension with that
    language's Babel catalog installed, and the page's filters."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    translations = load_translations(check_language(lang))
    environment.install_gettext_translations(translations, newstyle=True)

    def claim_text(claim_id: str, english: str) -> str:
        """A claim's title, statement or reason in the page's language (English as a fallback)."""
        return translations.pgettext(claim_id, english) if english else english

    environment.filters.update(
        num=format_number,
        percent=format_percent,
        seconds=format_seconds,
        verdict_class=verdict_class,
        math=latex_to_mathml,
        text_with_math=render_text_with_math,
        readable_quote=readable_quote,
        fragment=render_fragment,
        locator=lambda text: locator_text(text, lang),
        statement=lambda text: render_fragment(text, html=False),
        printed=as_printed,
        document_short=document_short,
        rounded=rounded_numbers,
        generated=lambda text: translations.pgettext(GENERATED, text) if text else text,
    )
    environment.globals.update(
        display_math=lambda latex: latex_to_mathml(latex, "block"),
        claim_text=claim_text,
        document_name=document_name,
        lang=lang,
        html_lang=HTML_LANG[lang],
        languages=LANGUAGES,
        language_names=LANGUAGE_NAMES,
        status_class=STATUS_CLASS,
        page_file=lambda name, code=lang: page_file(name, code),
        significance_rows=significance_rows,
        book_judgement=book_judgement,
        split_sizes=SPLIT_TRAIN_SIZES,
        stall_summary=stall_summary,
        configs_with_stalls=configs_with_stalls,
    )
    return environment


_SVG_TEXT = re.compile(r"(<text\b[^>]*>)([^<]+)(</text>)")


def translate_svg_text(svg: str, gettext: Callable[[str], str]) -> str:
    """``svg`` with the content of each ``<text>`` element that the catalog translates replaced
    by its translation (escaped); numbers and symbols have no entry and stay as drawn."""

    def translated(match: re.Match) -> str:
        words = html.unescape(match.group(2))
        return match.group(1) + html.escape(gettext(words), quote=False) + match.group(3)

    return _SVG_TEXT.sub(translated, svg)


def _figures(
    experiment: Mapping, problems: list[str], gettext: Callable[[str], str]
) -> dict[str, list[Markup]]:
    """The experiment's figures, name -> panels, as markup in the page's language (a figure is
    one SVG or a list of panels); a figure with a panel that fails the check is left out and the
    reason appended to ``problems`` (shown at the top of the page)."""
    figures = {}
    for name, panels in (experiment.get("figures") or {}).items():
        try:
            figures[name] = [
                trusted_svg(name, translate_svg_text(svg, gettext))
                for svg in ([panels] if isinstance(panels, str) else panels)
            ]
        except UnsafeFigureError as error:
            if not any(str(error) in problem for problem in problems):
                problems.append(f"figure left out: {error}")
    return figures


def page_file(name: str, lang: str) -> str:
    """File name of page ``name`` ("index", "claims", ...) in ``lang``: ``claims.zh.html``."""
    return f"{name}.{lang}.html"


def _page_context(
    results: dict, neuron: Mapping, mnist: Mapping, gettext: Callable[[str], str]
) -> dict:
    """What every page's template receives, derived from the results record."""
    claims = results["claims"]
    mnist_status = results["experiments"]["mnist_status"]
    tests, anchors = witness_tests(claims)
    return dict(
        results=results,
        claims=claims,
        claims_by_id={c["id"]: c for c in claims},
        statuses={c["id"]: claim_status(c, mnist_status) for c in claims},
        claim_verdicts={c["id"]: c["verdict"] for c in claims},
        dependents=dependents_of(claims),
        layers=dependency_layers(claims),
        findings=findings(claims, results["documents"]),
        documents=results["documents"],
        documents_ranked=sorted(
            results["summary"]["documents"],
            key=lambda d: (d["share_holds"] is None, -(d["share_holds"] or 0.0)),
        ),
        experiments=results["experiments"],
        summary=results["summary"],
        environment=results["environment"],
        neuron_figures=_figures(neuron, results["problems"], gettext),
        mnist_figures=_figures(mnist, results["problems"], gettext),
        mnist_extra={k: v for k, v in mnist.items() if k not in _MNIST_KNOWN_KEYS},
        sweep=results["experiments"]["sweep"],
        mutation=results.get("mutation"),
        witness_tests=tests,
        test_anchors=anchors,
        witness_kinds=sorted({w["kind"] for c in claims for w in c["witnesses"]}),
        numbers=page_numbers(),
    )


def render_pages_named(
    names: tuple[str, ...],
    results: dict,
    neuron: Mapping,
    mnist: Mapping,
    templates_dir: Path = TEMPLATES_DIR,
    lang: str = DEFAULT_LANGUAGE,
) -> dict[str, str]:
    """File name -> HTML of the pages ``names`` ("index", "claims", ...) in ``lang``, from
    ``results`` (the record of :func:`reports.results.build_results`). A figure refused by
    :func:`trusted_svg` is added to ``results["problems"]``."""
    environment = make_environment(templates_dir, lang)
    context = _page_context(results, neuron, mnist, load_translations(lang).gettext)
    pages = {}
    for name in names:
        script = PAGE_SCRIPTS.get(name)
        template = environment.get_template(PAGE_TEMPLATES[name])
        pages[page_file(name, lang)] = template.render(
            **context,
            page=name,
            page_script=Markup(script) if script else None,
            script_hash=Markup(script_hash(script)) if script else None,
        )
    return pages


def render_report(results: dict, neuron: Mapping, mnist: Mapping, **options) -> str:
    """The landing page (``options``: ``templates_dir``, ``lang``; see
    :func:`render_pages_named`)."""
    lang = options.get("lang", DEFAULT_LANGUAGE)
    pages = render_pages_named((LANDING_PAGE,), results, neuron, mnist, **options)
    return pages[page_file(LANDING_PAGE, lang)]


# File name -> HTML of the pages the landing page links to: claims, documents, experiments in
# detail, test sources.
render_detail_pages = functools.partial(render_pages_named, DETAIL_PAGES)


_MNIST_KNOWN_KEYS = frozenset(
    {
        "status",
        "reason",
        "command",
        "profile",
        "comparable_with_book",
        "configs",
        "comparisons",
        "significance",
        "claim_verdicts",
        "figures",
        "timings",
        "profile_description",
    }
)
