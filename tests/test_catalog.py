"""The claim catalog validates itself on import: each kind of malformed catalog is refused with
an error naming the offending entry."""

import dataclasses

import pytest

from claims import catalog
from claims.catalog import CLAIMS, DOCUMENTS, Claim, Source, validate_catalog

DOCUMENT = next(iter(DOCUMENTS))


def claim(claim_id, rests_on=(), expected="holds", reason="", kind="identity", sources=None):
    return Claim(
        id=claim_id, title="t", statement="s", formula="", kind=kind, rests_on=tuple(rests_on),
        sources=sources if sources is not None else (Source(DOCUMENT, "eq. (57)"),),
        expected=expected, reason=reason,
    )


def citing_every_document(*claims):
    """The claims plus one that cites every document, so the 'uncited document' rule is met."""
    extra = claim("cites-everything", sources=tuple(Source(d, "somewhere") for d in DOCUMENTS))
    return (*claims, extra)


def test_the_real_catalog_is_valid_and_indexed_by_id():
    validate_catalog(CLAIMS, DOCUMENTS)
    assert len({c.id for c in CLAIMS}) == len(CLAIMS)
    for entry in CLAIMS:
        assert catalog.claim_by_id(entry.id) is entry


def test_a_well_formed_small_catalog_passes():
    validate_catalog(citing_every_document(claim("a"), claim("b", rests_on=["a"])), DOCUMENTS)


def test_duplicate_ids_are_refused():
    with pytest.raises(ValueError, match="'a' appears more than once"):
        validate_catalog(citing_every_document(claim("a"), claim("a")), DOCUMENTS)


def test_non_kebab_case_id_is_refused():
    with pytest.raises(ValueError, match="Bad_Id"):
        validate_catalog(citing_every_document(claim("Bad_Id")), DOCUMENTS)


def test_rests_on_an_unknown_id_is_refused():
    with pytest.raises(ValueError, match="'a' rests on unknown claim 'missing'"):
        validate_catalog(citing_every_document(claim("a", rests_on=["missing"])), DOCUMENTS)


@pytest.mark.parametrize("edges", [
    {"a": ["a"]},
    {"a": ["b"], "b": ["a"]},
    {"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]},
])
def test_dependency_cycles_are_refused_and_shown_as_a_path(edges):
    claims = citing_every_document(*(claim(cid, rests_on=deps) for cid, deps in edges.items()))
    with pytest.raises(ValueError, match="cycle: .* -> "):
        validate_catalog(claims, DOCUMENTS)


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="kind 'opinion'"):
        validate_catalog(citing_every_document(claim("a", kind="opinion")), DOCUMENTS)


def test_unknown_expected_verdict_is_refused():
    with pytest.raises(ValueError, match="expected 'maybe'"):
        validate_catalog(citing_every_document(claim("a", expected="maybe")), DOCUMENTS)


def test_refuted_claim_without_reason_is_refused():
    with pytest.raises(ValueError, match="'a' is expected refuted but gives no reason"):
        validate_catalog(citing_every_document(claim("a", expected="refuted", reason="  ")), DOCUMENTS)


def test_every_refuted_claim_of_the_real_catalog_gives_a_reason():
    refuted = [c for c in CLAIMS if c.expected == "refuted"]
    assert refuted and all(c.reason.strip() for c in refuted)


def test_claim_citing_no_source_or_an_unknown_document_is_refused():
    with pytest.raises(ValueError, match="'a' cites no source"):
        validate_catalog(citing_every_document(claim("a", sources=())), DOCUMENTS)
    with pytest.raises(ValueError, match="unknown document 'nowhere.txt'"):
        validate_catalog(citing_every_document(claim("a", sources=(Source("nowhere.txt", "x"),))), DOCUMENTS)


def test_source_without_locator_or_with_overlong_quote_is_refused():
    with pytest.raises(ValueError, match="no locator"):
        validate_catalog(citing_every_document(claim("a", sources=(Source(DOCUMENT, " "),))), DOCUMENTS)
    long_quote = Source(DOCUMENT, "eq. (57)", "x" * (catalog.MAX_QUOTE_CHARS + 1))
    with pytest.raises(ValueError, match="quote"):
        validate_catalog(citing_every_document(claim("a", sources=(long_quote,))), DOCUMENTS)


def test_a_document_no_claim_cites_is_refused():
    with pytest.raises(ValueError, match="never cited"):
        validate_catalog((claim("a"),), {**DOCUMENTS, "extra.txt": "an uncited document"})


def test_claims_citing_lists_exactly_the_claims_with_a_source_in_that_document():
    for document in DOCUMENTS:
        citing = catalog.claims_citing(document)
        assert citing == [c for c in CLAIMS if document in {s.document for s in c.sources}]
    with pytest.raises(KeyError):
        catalog.claims_citing("nowhere.txt")


def test_claim_by_id_names_a_missing_id():
    with pytest.raises(KeyError, match="no-such-claim"):
        catalog.claim_by_id("no-such-claim")


def test_claims_are_immutable():
    with pytest.raises(dataclasses.FrozenInstanceError):
        CLAIMS[0].expected = "refuted"
