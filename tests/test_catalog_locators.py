"""Every source the catalog cites can be found: its lines exist in the document, its heading is a
heading of that document above them, and its quote is printed on those lines."""

from __future__ import annotations

import html
import re
import urllib.parse

import pytest
from source_documents import missing_documents, seeds_dir, skip_reason

from claims.catalog import CLAIMS, DOCUMENTS
from claims.catalog.documents import SOURCE_DOCUMENTS

SEEDS = seeds_dir()
pytestmark = pytest.mark.skipif(bool(missing_documents(SEEDS)), reason=skip_reason(SEEDS))


def document_lines(name: str) -> list[str]:
    return (SEEDS / name).read_text(encoding="utf-8").splitlines()


def cited_line_numbers(lines: str) -> list[int]:
    numbers = []
    for part in lines.split(", "):
        first, _, last = part.partition("-")
        numbers.extend(range(int(first), int(last or first) + 1))
    return numbers


def printed_form(text: str) -> str:
    """The text as a reader sees it: percent-encoding and HTML entities decoded, no white space."""
    return re.sub(r"\s+", "", html.unescape(urllib.parse.unquote(text)))


def heading_text(line: str) -> str:
    return line.lstrip("#").strip().strip("*")


SOURCES = [(claim.id, source) for claim in CLAIMS for source in claim.sources]


@pytest.mark.parametrize(
    "claim_id, source", SOURCES, ids=[f"{c}-{s.document[:3]}-{s.lines}" for c, s in SOURCES]
)
def test_source_lines_heading_and_quote_are_where_the_catalog_says(claim_id, source):
    text = document_lines(source.document)
    numbers = cited_line_numbers(source.lines)
    assert numbers == sorted(numbers) and 1 <= numbers[0] and numbers[-1] <= len(text), source.lines
    assert any(text[n - 1].strip() for n in numbers), f"lines {source.lines} are blank"
    headings_above = [heading_text(line) for line in text[: numbers[0]] if line.startswith("#")]
    assert source.heading in headings_above, (
        f"{source.heading!r} is not a heading of {source.document} above line {numbers[0]}"
    )
    if source.quote:
        cited = printed_form("".join(text[n - 1] for n in numbers))
        assert printed_form(source.quote) in cited, f"{source.quote!r} not on lines {source.lines}"


def test_every_document_of_the_table_is_present():
    assert sorted(DOCUMENTS) == sorted(p.name for p in SEEDS.glob("*.txt"))


def own_titles(name: str) -> list[str]:
    """The titles a document gives itself: its headings and a front-matter ``title:`` line."""
    lines = document_lines(name)
    return [heading_text(line) for line in lines if line.startswith("#")] + [
        line.partition(":")[2].strip() for line in lines if line.startswith("title:")
    ]


@pytest.mark.parametrize("document", list(SOURCE_DOCUMENTS.values()), ids=lambda d: d.file[:3])
def test_every_documents_title_is_the_title_it_gives_itself(document):
    assert document.title in own_titles(document.file), (
        f"{document.title!r} is not a heading or the front-matter title of {document.file}"
    )
