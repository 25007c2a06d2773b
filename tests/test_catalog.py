"""The claim catalog validates itself on import: each kind of malformed catalog is refused with
an error naming the offending entry."""

import ast
import dataclasses
import re
from pathlib import Path

import pytest

from claims import catalog
from claims.catalog import CLAIMS, DOCUMENTS, Claim, Source, documents, validate_catalog

DOCUMENT = next(iter(DOCUMENTS))


def claim(
    claim_id, rests_on=(), expected="holds", reason="", kind="identity", sources=None, exercises=()
):
    return Claim(
        id=claim_id,
        title="t",
        statement="s",
        formula="",
        kind=kind,
        rests_on=tuple(rests_on),
        sources=sources if sources is not None else (Source(DOCUMENT, "57", "Costs"),),
        expected=expected,
        reason=reason,
        exercises=tuple(exercises),
    )


def citing_every_document(*claims):
    """The claims plus one that cites every document, so the 'uncited document' rule is met."""
    extra = claim("cites-everything", sources=tuple(Source(d, "1", "Title") for d in DOCUMENTS))
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


@pytest.mark.parametrize(
    "edges",
    [
        {"a": ["a"]},
        {"a": ["b"], "b": ["a"]},
        {"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]},
    ],
)
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
        validate_catalog(
            citing_every_document(claim("a", expected="refuted", reason="  ")), DOCUMENTS
        )


def test_every_refuted_claim_of_the_real_catalog_gives_a_reason():
    refuted = [c for c in CLAIMS if c.expected == "refuted"]
    assert refuted and all(c.reason.strip() for c in refuted)


def test_claim_citing_no_source_or_an_unknown_document_is_refused():
    with pytest.raises(ValueError, match="'a' cites no source"):
        validate_catalog(citing_every_document(claim("a", sources=())), DOCUMENTS)
    with pytest.raises(ValueError, match="unknown document 'nowhere.txt'"):
        validate_catalog(
            citing_every_document(claim("a", sources=(Source("nowhere.txt", "1", "Title"),))),
            DOCUMENTS,
        )


@pytest.mark.parametrize("lines", ["", "eq. (57)", "57-", "1,2", "12 - 14", "x"])
def test_source_whose_lines_are_not_line_numbers_is_refused(lines):
    with pytest.raises(ValueError, match="expected line numbers"):
        validate_catalog(
            citing_every_document(claim("a", sources=(Source(DOCUMENT, lines, "Costs"),))),
            DOCUMENTS,
        )


def test_source_without_heading_or_with_overlong_quote_is_refused():
    with pytest.raises(ValueError, match="no heading"):
        validate_catalog(
            citing_every_document(claim("a", sources=(Source(DOCUMENT, "57", " "),))), DOCUMENTS
        )
    long_quote = Source(DOCUMENT, "57", "Costs", "x" * (catalog.MAX_QUOTE_CHARS + 1))
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


def test_exercised_names_that_resolve_pass():
    validate_catalog(
        citing_every_document(
            claim(
                "a",
                exercises=[
                    "engine.activations.sigmoid_prime",
                    "engine.costs.CROSS_ENTROPY",
                    "engine.network.Network.backprop",
                ],
            )
        ),
        DOCUMENTS,
    )


@pytest.mark.parametrize(
    "name",
    [
        "engine.activations.sigmoid_second",  # the module exists, the function does not
        "engine.no_such_module.sigmoid",
        "no_such_package.f",
        "engine.costs.CROSS_ENTROPY.no_such_field",
        "engine..costs",
    ],
)
def test_an_exercised_name_that_does_not_resolve_is_refused_naming_claim_and_name(name):
    with pytest.raises(ValueError, match=f"claim 'a': exercises '{re.escape(name)}'"):
        validate_catalog(citing_every_document(claim("a", exercises=[name])), DOCUMENTS)


def test_every_exercised_name_of_the_real_catalog_is_engine_runs_or_experiment_code():
    for entry in CLAIMS:
        for name in entry.exercises:
            assert name.split(".")[0] in {"engine", "runs", "experiments", "claims"}, (
                entry.id,
                name,
            )
            assert catalog.resolve(name) is not None


# --- the layout: one catalog module per topic, one test module per topic ---------------------

CLAIMS_DIR = Path(catalog.__file__).resolve().parents[1]
NOT_TOPICS = {"__init__", "model", "documents", "not_judged"}  # data modules, not topics

# Tests in one topic's module that also witness a claim of another topic: the tests over all
# pairings of output layer and cost, whose softmax + log-likelihood case belongs to the
# log-likelihood topic.
CROSS_TOPIC_WITNESSES = {
    ("test_layers", "test_output_weight_gradient_is_mean_previous_activation_times_output_error"): {
        "log-likelihood-gradients"
    },
    (
        "test_layers",
        "test_closed_form_output_error_used_in_training_equals_the_general_chain_rule",
    ): {"delta-softmax-log-likelihood"},
}


def topic_names() -> set[str]:
    return {path.stem for path in (CLAIMS_DIR / "catalog").glob("*.py")} - NOT_TOPICS


def claim_marks(test_module: Path) -> list[tuple[str, ast.expr]]:
    """(test function name, first argument) of every @pytest.mark.claim in a test module,
    including marks inside pytest.param."""
    tree = ast.parse(test_module.read_text())
    marks = []
    for function in tree.body:
        if not isinstance(function, ast.FunctionDef):
            continue
        for decorator in function.decorator_list:
            for node in ast.walk(decorator):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "claim"
                ):
                    marks.append((function.name, node.args[0] if node.args else None))
    return marks


def test_claims_joins_the_topic_modules_in_topic_order():
    assert {topic.__name__.rsplit(".", 1)[1] for topic in catalog.TOPICS} == topic_names()
    assert CLAIMS == tuple(entry for topic in catalog.TOPICS for entry in topic.CLAIMS)


# claims/test_conformance.py is no topic's: it runs the witnesses any engine can be put to
# (claims.conformance.WITNESSES, of every topic), its marks made from the registry; the test
# below checks their ids instead.
CONFORMANCE_TESTS = CLAIMS_DIR / "test_conformance.py"


def topic_test_modules() -> list[Path]:
    return sorted(p for p in CLAIMS_DIR.glob("test_*.py") if p != CONFORMANCE_TESTS)


def test_every_conformance_witness_names_a_catalog_claim_with_a_topic_witness():
    from claims.conformance import WITNESSES

    topic_marked = {first.value for m in topic_test_modules() for _, first in claim_marks(m)}
    for witness in WITNESSES:
        assert witness.claim in topic_marked, (
            f"conformance witness {witness.name} names {witness.claim!r}, which no topic test "
            "witnesses"
        )


def test_every_topic_module_has_a_test_module_of_the_same_stem_and_back():
    test_stems = {path.stem.removeprefix("test_") for path in topic_test_modules()}
    assert test_stems == topic_names()


def test_every_claim_mark_names_its_claim_id_literally():
    for test_module in topic_test_modules():
        for function, first in claim_marks(test_module):
            assert isinstance(first, ast.Constant) and isinstance(first.value, str), (
                f"{test_module.name}::{function}: the claim mark must name the id "
                "as a string literal"
            )


def test_each_test_module_witnesses_only_claims_of_its_own_topic():
    topic_of = {
        entry.id: topic.__name__.rsplit(".", 1)[1]
        for topic in catalog.TOPICS
        for entry in topic.CLAIMS
    }
    listed = set()
    for test_module in topic_test_modules():
        own = test_module.stem.removeprefix("test_")
        for function, first in claim_marks(test_module):
            claim_id = first.value
            if topic_of[claim_id] == own:
                continue
            allowed = CROSS_TOPIC_WITNESSES.get((test_module.stem, function), set())
            assert claim_id in allowed, (
                f"{test_module.name}::{function} witnesses {claim_id!r} of topic "
                f"{topic_of[claim_id]!r}: move it to test_{topic_of[claim_id]}.py"
            )
            listed.add((test_module.stem, function, claim_id))
    expected = {
        (module, function, claim_id)
        for (module, function), ids in CROSS_TOPIC_WITNESSES.items()
        for claim_id in ids
    }
    assert listed == expected, "an exception listed in CROSS_TOPIC_WITNESSES is no longer needed"


def test_the_documents_table_names_the_five_seed_files():
    assert list(DOCUMENTS) == [
        documents.D000,
        documents.D001,
        documents.D002,
        documents.D003,
        documents.D004,
    ]
    assert all(name.endswith(".txt") for name in DOCUMENTS)


# Checks: what the judge needs from a claim that states figures -------------------------------

CHECKED = Source(DOCUMENT, "57", "Costs", says="the output ends at 0.5", figure="0.5")


def checked(check=None, sources=(CHECKED,)):
    return dataclasses.replace(claim("a", sources=sources), check=check)


def a_check(
    function="experiments.neuron_checks.final_output",
    tolerance=catalog.HALF_UNIT,
    why="rounded",
    **parameters,
):
    from claims.catalog.model import check

    return check(function, tolerance, why, **parameters)


def test_a_claim_with_a_resolvable_check_and_a_stated_figure_passes():
    validate_catalog(citing_every_document(checked(a_check(start="good"))), DOCUMENTS)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (checked(None), "has no check to judge them"),
        (checked(a_check(), sources=(Source(DOCUMENT, "57", "Costs"),)), "no source says"),
        (
            checked(a_check(function="engine.costs.QUADRATIC")),
            "function of the experiments package",
        ),
        (checked(a_check(function="experiments.neuron_checks.no_such_check")), "does not resolve"),
        (checked(a_check(function="experiments.neuron.EPOCHS")), "not callable"),
        (checked(a_check(tolerance=-1.0)), "neither a finite number"),
        (checked(a_check(tolerance=float("nan"))), "neither a finite number"),
        (checked(a_check(tolerance="about")), "neither a finite number"),
        (checked(a_check(why=" ")), "does not say why"),
        (
            checked(a_check(), sources=(Source(DOCUMENT, "57", "Costs", says="s"),)),
            "needs a printed figure",
        ),
        (
            checked(a_check(), sources=(Source(DOCUMENT, "57", "Costs", figure="0.5"),)),
            "does not say what the document states",
        ),
        (
            checked(
                a_check(), sources=(Source(DOCUMENT, "57", "Costs", says="s", figure="about 5"),)
            ),
            "is not a printed numeral",
        ),
    ],
    ids=[
        "figure-without-check",
        "check-without-statement",
        "outside-experiments",
        "unresolved",
        "not-callable",
        "negative-tolerance",
        "nan-tolerance",
        "word-tolerance",
        "no-reason",
        "half-unit-without-figure",
        "figure-without-statement",
        "figure-not-a-numeral",
    ],
)
def test_a_malformed_check_or_stated_figure_is_refused_naming_the_claim(entry, message):
    with pytest.raises(ValueError, match=message) as caught:
        validate_catalog(citing_every_document(entry), DOCUMENTS)
    assert "'a'" in str(caught.value)


def test_every_claim_with_a_check_states_something_and_every_stated_figure_is_judged():
    for entry in CLAIMS:
        saying = [s for s in entry.sources if s.says]
        assert bool(saying) == (entry.check is not None), entry.id
