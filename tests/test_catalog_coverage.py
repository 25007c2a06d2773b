"""The coverage of the documents: every statement listed as not judged points at real lines of
its document, in our own words, with a reason; the coverage figure counts what the ledgers
count; results.json and both pages report it."""

from __future__ import annotations

import re

import pytest
from report_fixtures import DOC_A, make_catalog, make_claims_run, make_mnist_ran, make_neuron
from source_documents import seeds_dir, skip_reason

from claims import catalog
from claims.catalog import claim_by_id
from claims.catalog.model import LINES_PATTERN
from claims.catalog.not_judged import JUDGED_ELSEWHERE, NOT_JUDGED
from reports import results as results_module
from reports.build import build_report
from reports.coverage import coverage_record
from reports.page.i18n import coverage_messages, untranslated

SEEDS = seeds_dir()
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
ENTRIES = [*NOT_JUDGED, *JUDGED_ELSEWHERE]


def line_numbers(lines: str) -> list[int]:
    numbers = []
    for part in lines.split(", "):
        first, _, last = part.partition("-")
        numbers += range(int(first), int(last or first) + 1)
    return numbers


def document_lines(document: str) -> list[str]:
    path = SEEDS / document
    if not path.is_file():
        pytest.skip(skip_reason(SEEDS))
    return path.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: f"{e.document[:3]}-{e.lines}")
def test_entry_points_at_written_lines_of_a_source_document(entry):
    assert entry.document in catalog.DOCUMENTS
    assert LINES_PATTERN.match(entry.lines), entry.lines
    text = document_lines(entry.document)
    for number in line_numbers(entry.lines):
        assert 1 <= number <= len(text), f"{entry.document} has {len(text)} lines, not {number}"
    # A statement sits on a written line: the first line of the range holds text.
    first = line_numbers(entry.lines)[0]
    assert text[first - 1].strip(), f"{entry.document}:{entry.lines} is blank"


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: f"{e.document[:3]}-{e.lines}")
def test_entry_is_in_our_own_words(entry):
    assert entry.statement.strip() and not CJK.search(entry.statement)
    if hasattr(entry, "reason"):
        assert entry.reason.strip() and not CJK.search(entry.reason.replace("随机", ""))


def test_each_statement_is_listed_once():
    keys = [(entry.document, entry.lines, entry.statement) for entry in ENTRIES]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("entry", JUDGED_ELSEWHERE, ids=lambda e: f"{e.document[:3]}-{e.lines}")
def test_statement_judged_elsewhere_names_a_claim_that_does_not_cite_the_document(entry):
    claim = claim_by_id(entry.claim_id)
    # Were the document cited, the ledger would already count the statement.
    assert entry.document not in {source.document for source in claim.sources}


def test_coverage_counts_one_statement_per_claim_and_document_plus_the_lists():
    record = coverage_record(catalog)
    for row in record["documents"]:
        citing = {
            claim.id
            for claim in catalog.CLAIMS
            if any(source.document == row["document"] for source in claim.sources)
        }
        elsewhere = {e.claim_id for e in JUDGED_ELSEWHERE if e.document == row["document"]}
        unjudged = [e for e in NOT_JUDGED if e.document == row["document"]]
        assert row["judged"] == len(citing | elsewhere)
        assert row["not_judged"] == len(unjudged)
        assert row["share"] == pytest.approx(row["judged"] / row["checkable"], rel=1e-12)
    assert record["checkable"] == sum(row["checkable"] for row in record["documents"])
    assert record["not_judged"] == len(NOT_JUDGED)
    assert record["share"] == pytest.approx(record["judged"] / record["checkable"], rel=1e-12)


def test_a_catalog_without_a_list_of_unjudged_statements_has_no_coverage():
    assert coverage_record(make_catalog()) is None


def fixture_coverage(_catalog) -> dict:
    return {
        "documents": [
            {"document": DOC_A, "judged": 2, "not_judged": 1, "checkable": 3, "share": 2 / 3}
        ],
        "judged": 2,
        "not_judged": 1,
        "checkable": 3,
        "share": 2 / 3,
        "not_judged_statements": [
            {
                "document": DOC_A,
                "lines": "7",
                "statement": "People learn fast from an obvious mistake and slowly from "
                "an unclear one.",
                "reason": "about people",
            }
        ],
        "judged_elsewhere": [],
    }


def test_results_and_both_pages_report_the_coverage(tmp_path, monkeypatch):
    monkeypatch.setattr(results_module, "coverage_record", fixture_coverage)
    written = build_report(
        tmp_path,
        claims_run=make_claims_run(),
        neuron=make_neuron(),
        mnist=make_mnist_ran(),
        sweep=None,
        profile="quick",
        timings={},
        catalog=make_catalog(),
    )
    assert written.results["coverage"]["share"] == pytest.approx(2 / 3)
    english = (tmp_path / "documents.en.html").read_text(encoding="utf-8")
    chinese = (tmp_path / "documents.zh.html").read_text(encoding="utf-8")
    assert "Coverage: a claim judges 2 of the 3 checkable statements" in english
    assert "(67 %)" in english and "People learn fast from an obvious mistake" in english
    assert "覆盖率：五篇文档中共有 3 个可检验的说法，其中 2 个由某条主张判定（67 %）" in chinese
    assert "未作判定的可检验说法：1 个" in chinese


def test_every_unjudged_statement_and_reason_has_a_chinese_translation():
    assert untranslated("zh", coverage_messages()) == []
