"""The page's two languages: English and Simplified Chinese, from Babel message catalogs.

The catalogs are the gettext ``.po`` files in ``reports/page/locale/<lang>/LC_MESSAGES/``. They
hold two kinds of message:

- the page's own words, marked in the templates with ``{% trans %}`` / ``_()`` and found by
  Babel's Jinja2 extractor (:func:`template_messages`);
- the claim catalog's words (each claim's title, statement and reason), with the claim id as the
  message context and the English text as the message id, so a translation goes stale -- and is
  reported missing -- as soon as the English text changes (:func:`claim_messages`).

The ``.po`` files are compiled to ``.mo`` form in memory when a page is rendered (no compiled
file is committed that could fall out of date). English needs no translation; its catalog only
re-words claim titles that describe a document's mistake instead of stating what the document
says. ``python -m reports.page.i18n`` brings both catalogs up to date with the templates and the
claim catalog (new messages untranslated, vanished ones dropped) and lists what is untranslated.
"""

from __future__ import annotations

import datetime
import io
import sys
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.support import Translations

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
# the page's templates, package data beside the catalogs (pyproject.toml: package-data)
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
LANGUAGES = ("en", "zh")
DEFAULT_LANGUAGE = "en"
_FIXED_DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)  # stable .po headers
BABEL_LOCALES = {"en": "en", "zh": "zh_Hans"}
HTML_LANG = {"en": "en", "zh": "zh-Hans"}
LANGUAGE_NAMES = {"en": "English", "zh": "简体中文"}
CLAIM_FIELDS = ("title", "statement", "reason")
EXTRACT_KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"language: expected one of {', '.join(LANGUAGES)}, found {lang!r}")
    return lang


def read_catalog(lang: str) -> Catalog:
    """The ``.po`` catalog of ``lang`` (an empty one if the file does not exist)."""
    path = po_path(check_language(lang))
    if not path.exists():
        return Catalog(locale=BABEL_LOCALES[lang])
    with path.open("rb") as handle:
        return read_po(handle, locale=BABEL_LOCALES[lang])


def load_translations(lang: str) -> Translations:
    """The catalog of ``lang`` compiled to ``.mo`` form in memory, as gettext translations."""
    buffer = io.BytesIO()
    write_mo(buffer, read_catalog(lang), use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain="messages")


def claim_messages(claims: Iterable) -> list[tuple[str, str]]:
    """(context, English text) of every claim's title, statement and non-empty reason, and of
    the cases of its negative controls and its readings."""
    messages = []
    for claim in claims:
        for text in [_field(claim, field) for field in CLAIM_FIELDS] + _judging_texts(claim):
            if text:
                messages.append((_field(claim, "id"), text))
    return messages


def _judging_texts(claim) -> list[str]:
    """The control cases and readings of a catalog claim or of its ``results.json`` record."""
    if isinstance(claim, dict):
        return [control["case"] for control in claim.get("controls", [])] + [
            reading["reading"] for reading in claim.get("readings", [])
        ]
    check = getattr(claim, "check", None)
    cases = [control.case for control in check.controls] if check is not None else []
    readings = [getattr(claim, "reading", "")] + [
        reading.reading for reading in getattr(claim, "other_readings", ())
    ]
    return cases + readings


NOT_JUDGED_CONTEXT = "not-judged {document} {lines}"


def coverage_messages() -> list[tuple[str, str]]:
    """(context, English text) of the statement and reason of every checkable statement the
    catalog lists as not judged (:mod:`claims.catalog.not_judged`); the context names the
    document and lines, as the report's documents section looks them up."""
    from claims.catalog.not_judged import NOT_JUDGED

    messages = []
    for entry in NOT_JUDGED:
        context = NOT_JUDGED_CONTEXT.format(document=entry.document, lines=entry.lines)
        messages += [(context, entry.statement), (context, entry.reason)]
    return messages


GENERATED = "generated"  # context of the fixed texts the experiments write into the results


def generated_messages() -> list[tuple[str, str]]:
    """(GENERATED, text) of the fixed sentences the experiments put into the results that the
    page shows: the profiles' descriptions, the stall rule, the combined test's description, the
    documents' descriptions."""
    from claims.catalog.documents import DOCUMENTS
    from experiments.mnist_analysis import PROTOCOL_NOTE
    from experiments.profiles import PROFILES
    from experiments.statistics import RANK_SUM_TEST, split_lumps

    texts = [profile.description for profile in PROFILES.values()]
    texts += [split_lumps([1.0, 2.0])["rule"], RANK_SUM_TEST, PROTOCOL_NOTE]
    texts += list(DOCUMENTS.values())
    return [(GENERATED, text) for text in texts]


def figure_messages() -> list[tuple[None, str]]:
    """(None, word) of every word the figures draw (the page translates each ``<text>`` of a
    figure whose content is one of them)."""
    from reports.page.mnist_figures import FIGURE_WORDS as MNIST_WORDS
    from reports.page.neuron_figures import FIGURE_WORDS as NEURON_WORDS

    return [(None, word) for word in dict.fromkeys(NEURON_WORDS + MNIST_WORDS)]


def _field(claim, name: str) -> str:
    return claim[name] if isinstance(claim, dict) else getattr(claim, name, "")


def template_messages(templates_dir: Path = TEMPLATES_DIR) -> list[tuple[str | None, str]]:
    """(context, message id) of every message the templates mark for translation."""
    from babel.messages.extract import extract_from_dir

    found = []
    method_map = [("**.j2", "jinja2")]
    options = {
        # newstyle, as the page renders: a literal "%" of a {% trans %} block is "%%" in its id
        "**.j2": {
            "extensions": "jinja2.ext.i18n",
            "trim_blocks": "true",
            "lstrip_blocks": "true",
            "newstyle_gettext": "true",
        }
    }
    for _filename, _line, message, _comments, context in extract_from_dir(
        str(templates_dir), method_map=method_map, options_map=options, keywords=EXTRACT_KEYWORDS
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        found.append((context, msgid))
    return found


def untranslated(
    lang: str, messages: Iterable[tuple[str | None, str]]
) -> list[tuple[str | None, str]]:
    """The messages that have no non-fuzzy translation in ``lang``'s catalog."""
    catalog = read_catalog(lang)
    missing = []
    for context, msgid in messages:
        entry = catalog.get(msgid, context=context)
        if entry is None or entry.fuzzy or not entry.string:
            missing.append((context, msgid))
    return missing


def update_catalog(lang: str, messages: Iterable[tuple[str | None, str]]) -> Catalog:
    """``lang``'s catalog with exactly ``messages``: translations kept, new ones empty."""
    old = read_catalog(lang)
    return new_catalog(
        lang,
        {
            (context, msgid): (old.get(msgid, context=context) or _EMPTY).string
            for context, msgid in messages
        },
    )


class _EMPTY:
    string = ""


HEADER = "# {lang} messages of the nnclaims report page (see reports/page/i18n.py).\n#"


def new_catalog(lang: str, entries: dict[tuple[str | None, str], str]) -> Catalog:
    """A catalog of ``lang`` holding ``entries``: (context, English) -> translation."""
    catalog = Catalog(
        locale=BABEL_LOCALES[lang],
        project="nnclaims report",
        fuzzy=False,
        header_comment=HEADER.format(lang=LANGUAGE_NAMES[lang]),
        creation_date=_FIXED_DATE,
        revision_date=_FIXED_DATE,
    )
    for (context, msgid), string in entries.items():
        catalog.add(msgid, string, context=context)
    return catalog


def write_catalog(lang: str, catalog: Catalog) -> None:
    path = po_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=False)
    path.write_bytes(buffer.getvalue())


def main() -> int:
    from claims.catalog import CLAIMS

    template = template_messages()
    claims = claim_messages(CLAIMS) + coverage_messages()
    for lang in LANGUAGES:
        generated = figure_messages() + generated_messages()
        wanted = claims if lang == "en" else template + generated + claims
        if lang == "en":  # English keeps only the re-worded titles it already has
            existing = read_catalog(lang)
            wanted = [
                (c, m)
                for c, m in claims
                if (entry := existing.get(m, context=c)) is not None and entry.string
            ]
        write_catalog(lang, update_catalog(lang, dict.fromkeys(wanted)))
        missing = untranslated(lang, wanted) if lang != "en" else []
        print(f"{po_path(lang)}: {len(wanted)} messages, {len(missing)} untranslated")
        for context, msgid in missing:
            print(f"  [{context or ''}] {msgid[:90]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
