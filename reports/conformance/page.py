"""The conformance pages (English and Chinese) from a conformance record, with the main
report's templates, style sheet and translation catalog (:mod:`reports.page`)."""

from __future__ import annotations

from markupsafe import Markup

from claims.catalog import CLAIMS
from reports.page.i18n import DEFAULT_LANGUAGE, LANGUAGES
from reports.page.render import make_environment

TEMPLATE = "conformance.html.j2"
_TITLES = {claim.id: claim.title for claim in CLAIMS}


def render_conformance_page(record: dict, lang: str = DEFAULT_LANGUAGE) -> str:
    template = make_environment(lang=lang).get_template(TEMPLATE)
    return template.render(
        record=record,
        page_names={code: f"index.{code}.html" for code in LANGUAGES},
        script_hash=Markup("'none'"),
        claim_titles=_TITLES,
    )


def conformance_pages(record: dict, lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """File name -> HTML: ``index.<code>.html`` per language and ``index.html`` in ``lang``."""
    pages = {f"index.{code}.html": render_conformance_page(record, code) for code in LANGUAGES}
    return {**pages, "index.html": pages[f"index.{lang}.html"]}
