"""The claim catalog: every checkable statement of the five source documents, as data.

Each :class:`Claim` restates one statement in our own words, names the documents that
make it (:class:`Source`: file name, line numbers, heading, optional short fragment as printed),
says what kind of statement it is, which other claims it rests on, and whether we expect it to hold
or to be refuted (with the concrete counterexample when refuted). A statement about an experiment
also carries what the document says there and the figure it prints (``Source.says``,
``Source.figure``) and the one check that judges it (:class:`Check`: a function of
:mod:`experiments`, the tolerance and why); :mod:`claims.judge` computes its rows for the claim
test and the report alike.

The claims live in one module per topic (``claims/catalog/<topic>.py``, each with its
``CLAIMS`` and its witnesses in ``claims/test_<topic>.py``); :data:`CLAIMS` joins them in the
order of :data:`TOPICS`. The data classes are in :mod:`claims.catalog.model`, the table of
the documents in :mod:`claims.catalog.documents`.

The catalog is validated when this package is imported (:func:`validate_catalog`); a
malformed catalog raises :class:`ValueError` naming the offending entry.

Equation numbers are Nielsen's, as printed in document 002, the translation (where the
equations themselves are images; the numbers follow Nielsen's chapter 3).
"""

from __future__ import annotations

import importlib
import math

from claims.catalog import (
    cross_entropy,
    derivation,
    layers,
    log_likelihood,
    mnist,
    neuron,
    neuron_speed,
    output_errors,
    sigmoid_quadratic,
    softmax,
    tf_script,
    training,
)
from claims.catalog.documents import DOCUMENTS
from claims.catalog.model import (
    EXPERIMENTS,
    FIGURE_PATTERN,
    HALF_UNIT,
    ID_PATTERN,
    KINDS,
    LINES_PATTERN,
    MAX_QUOTE_CHARS,
    VERDICTS,
    Check,
    Claim,
    Control,
    Reading,
)
from claims.catalog.model import (
    Source as Source,
)

TOPICS = (
    sigmoid_quadratic,
    neuron,
    neuron_speed,
    cross_entropy,
    layers,
    derivation,
    mnist,
    tf_script,
    softmax,
    log_likelihood,
    training,
    output_errors,
)
"""The topic modules, in catalog order; each holds the claims about one subject as ``CLAIMS``."""

CLAIMS: tuple[Claim, ...] = tuple(claim for topic in TOPICS for claim in topic.CLAIMS)


REQUIRED_IDS: tuple[str, ...] = (
    "sigmoid-derivative",
    "quadratic-gradient-has-sigma-prime",
    "cross-entropy-nonnegative",
    "cross-entropy-near-zero-when-correct",
    "cross-entropy-weight-gradient",
    "cross-entropy-bias-gradient",
    "cross-entropy-minimum-at-target",
    "cross-entropy-reversed-form-undefined",
    "cross-entropy-derivation",
    "input-factor-unavoidable",
    "quadratic-output-gradient",
    "delta-sigmoid-cross-entropy",
    "delta-linear-quadratic",
    "hidden-layer-keeps-sigma-prime",
    "softmax-is-distribution",
    "sigmoid-outputs-not-distribution",
    "softmax-monotonic",
    "softmax-nonlocal",
    "softmax-inversion",
    "softmax-scaled-is-distribution",
    "softmax-hardmax-limit",
    "log-likelihood-small-iff-confident",
    "log-likelihood-gradients",
    "delta-softmax-log-likelihood",
)
"""Claims the report and the gate key on; each must be present and expected to hold."""


def validate_catalog(
    claims: tuple[Claim, ...], documents: dict[str, str], required_ids: tuple[str, ...] = ()
) -> None:
    """Check a catalog's integrity; raise ValueError naming the first problem found.

    Checked: ids are unique kebab-case; kind and expected are in the allowed sets; every
    source names a known document, line numbers in the form "23", "120-124" or "114, 128",
    a heading, and a quote of at most 80 characters;
    every claim has at least one source; rests_on names known ids and the dependency graph
    has no cycle; refuted claims carry a reason; every name in ``exercises`` resolves to an
    importable object; a claim's check (:func:`_check_check`) names a callable of
    ``experiments``, states a tolerance and why, and has at least one source that says what is
    judged, while sources of claims without a check say nothing and print no figure; every id in
    ``required_ids`` is present and expected to hold; every document is cited at least once.
    """
    seen: set[str] = set()
    for claim in claims:
        if not ID_PATTERN.match(claim.id):
            raise ValueError(f"claim id {claim.id!r}: expected kebab-case (a-z, 0-9, '-')")
        if claim.id in seen:
            raise ValueError(f"claim id {claim.id!r} appears more than once")
        seen.add(claim.id)
        if claim.kind not in KINDS:
            raise ValueError(
                f"claim {claim.id!r}: kind {claim.kind!r} is not one of {sorted(KINDS)}"
            )
        if claim.expected not in VERDICTS:
            raise ValueError(
                f"claim {claim.id!r}: expected {claim.expected!r} is not one of {sorted(VERDICTS)}"
            )
        if claim.expected == "refuted" and not claim.reason.strip():
            raise ValueError(f"claim {claim.id!r} is expected refuted but gives no reason")
        if not claim.sources:
            raise ValueError(f"claim {claim.id!r} cites no source")
        if claim.experiment not in EXPERIMENTS:
            raise ValueError(
                f"claim {claim.id!r}: experiment {claim.experiment!r} is not one of "
                f"{sorted(EXPERIMENTS)} ('' for claims witnessed by tests)"
            )
        for source in claim.sources:
            _check_source(claim, source, documents)
        _check_check(claim)
        _check_exercises(claim)
    for claim in claims:
        for dependency in claim.rests_on:
            if dependency not in seen:
                raise ValueError(f"claim {claim.id!r} rests on unknown claim {dependency!r}")
    _check_acyclic(claims)
    by_id = {claim.id: claim for claim in claims}
    for required in required_ids:
        if required not in by_id:
            raise ValueError(f"required claim {required!r} is missing from the catalog")
        if by_id[required].expected != "holds":
            raise ValueError(
                f"required claim {required!r} must be expected to hold, "
                f"found {by_id[required].expected!r}"
            )
    cited = {source.document for claim in claims for source in claim.sources}
    uncited = sorted(set(documents) - cited)
    if uncited:
        raise ValueError(f"documents never cited by any claim: {uncited}")


def _check_source(claim: Claim, source, documents: dict[str, str]) -> None:
    """One source of ``claim`` names a known document, lines, a heading and a short quote."""
    if source.document not in documents:
        raise ValueError(f"claim {claim.id!r} cites unknown document {source.document!r}")
    if not LINES_PATTERN.match(source.lines):
        raise ValueError(
            f"claim {claim.id!r}: a source in {source.document!r} gives lines "
            f"{source.lines!r}; expected line numbers like '23', '120-124' or '114, 128'"
        )
    if not source.heading.strip():
        raise ValueError(f"claim {claim.id!r}: a source in {source.document!r} has no heading")
    if len(source.quote) > MAX_QUOTE_CHARS:
        raise ValueError(
            f"claim {claim.id!r}: quote from {source.document!r} has "
            f"{len(source.quote)} characters, at most {MAX_QUOTE_CHARS} allowed"
        )


def _check_exercises(claim: Claim) -> None:
    """Every name in ``claim.exercises`` resolves to an importable object."""
    for name in claim.exercises:
        try:
            resolve(name)
        except (ImportError, AttributeError, ValueError) as error:
            raise ValueError(
                f"claim {claim.id!r}: exercises {name!r}, which does not resolve ({error})"
            ) from None


def _check_controls_and_readings(claim: Claim) -> None:
    """Each negative control says its case and changes it; other readings have a verdict and
    the claim says which reading its own verdict follows."""
    check = claim.check
    for control in check.controls:
        if not isinstance(control, Control) or not control.case.strip() or not control.changes:
            raise ValueError(
                f"claim {claim.id!r}: control {control!r} must be a Control that "
                "says its case and changes it"
            )
    for reading in claim.other_readings:
        if not isinstance(reading, Reading) or reading.expected not in VERDICTS:
            raise ValueError(
                f"claim {claim.id!r}: other reading {reading!r} must be a Reading "
                f"expected to give one of {sorted(VERDICTS)}"
            )
    if claim.other_readings and not claim.reading.strip():
        raise ValueError(
            f"claim {claim.id!r} has other readings but does not say which reading "
            "its verdict follows and why"
        )


def _check_check(claim: Claim) -> None:
    """A claim's :class:`Check` and the statements and figures of its sources are usable by the
    judge (:mod:`claims.judge`); ValueError naming the claim otherwise."""
    saying = [source for source in claim.sources if source.says or source.figure]
    for source in saying:
        if not source.says.strip():
            raise ValueError(
                f"claim {claim.id!r}: a source in {source.document!r} prints figure "
                f"{source.figure!r} but does not say what the document states there"
            )
        for figure in source.figures:
            if not FIGURE_PATTERN.match(figure):
                raise ValueError(
                    f"claim {claim.id!r}: figure {figure!r} from {source.document!r} is not a "
                    "printed numeral such as '0.31', '120' or '1/3' (several separated by ', ')"
                )
    if claim.check is None:
        if saying:
            raise ValueError(
                f"claim {claim.id!r}: its sources state figures or statements but "
                "the claim has no check to judge them"
            )
        return
    check = claim.check
    if not isinstance(check, Check):
        raise ValueError(f"claim {claim.id!r}: check must be a Check, found {type(check).__name__}")
    if not saying:
        raise ValueError(f"claim {claim.id!r} has a check but no source says what it judges")
    if not check.function.startswith("experiments."):
        raise ValueError(
            f"claim {claim.id!r}: check {check.function!r} must name a function of "
            "the experiments package"
        )
    try:
        function = resolve(check.function)
    except (ImportError, AttributeError, ValueError) as error:
        raise ValueError(
            f"claim {claim.id!r}: check {check.function!r} does not resolve ({error})"
        ) from None
    if not callable(function):
        raise ValueError(f"claim {claim.id!r}: check {check.function!r} is not callable")
    if check.tolerance == HALF_UNIT:
        if any(not source.figure for source in saying):
            raise ValueError(
                f"claim {claim.id!r}: tolerance {HALF_UNIT!r} needs a printed figure "
                "on every source that states something"
            )
    elif (
        isinstance(check.tolerance, bool)
        or not isinstance(check.tolerance, (int, float))
        or not math.isfinite(check.tolerance)
        or check.tolerance < 0
    ):
        raise ValueError(
            f"claim {claim.id!r}: tolerance {check.tolerance!r} is neither a finite "
            f"number >= 0 nor {HALF_UNIT!r}"
        )
    if not check.why.strip():
        raise ValueError(
            f"claim {claim.id!r}: the check does not say why its tolerance is {check.tolerance!r}"
        )
    names = [name for name, _ in check.parameters]
    if len(set(names)) != len(names) or not all(name.isidentifier() for name in names):
        raise ValueError(f"claim {claim.id!r}: check parameters {names} must be distinct names")
    _check_controls_and_readings(claim)


def resolve(name: str) -> object:
    """The object a dotted name such as ``engine.costs.CROSS_ENTROPY`` or
    ``engine.network.Network.backprop`` names: the longest importable module prefix, then
    attributes. ImportError or AttributeError when it does not resolve."""
    parts = name.split(".")
    if not name or not all(part.isidentifier() for part in parts):
        raise ValueError(f"{name!r} is not a dotted name")
    for split in range(len(parts), 0, -1):
        module_name = ".".join(parts[:split])
        try:
            target = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            # Only a missing module named by the prefix itself means "try a shorter prefix";
            # a module that fails to import for another reason is an error of its own.
            if error.name is not None and (
                module_name == error.name or module_name.startswith(error.name + ".")
            ):
                continue
            raise
        for attribute in parts[split:]:
            target = getattr(target, attribute)
        return target
    raise ImportError(f"no module named {parts[0]!r}")


def _check_acyclic(claims: tuple[Claim, ...]) -> None:
    """Raise ValueError if the rests_on relation contains a cycle (reported as a path)."""
    depends = {claim.id: claim.rests_on for claim in claims}
    finished: set[str] = set()
    for root in depends:
        if root in finished:
            continue
        path: list[str] = [root]
        on_path = {root}
        stack = [iter(depends[root])]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
                finished.add(path[-1])
                on_path.discard(path.pop())
                continue
            if child in on_path:
                cycle = path[path.index(child) :] + [child]
                raise ValueError(f"claims depend on each other in a cycle: {' -> '.join(cycle)}")
            if child in finished:
                continue
            path.append(child)
            on_path.add(child)
            stack.append(iter(depends[child]))


def claim_by_id(claim_id: str) -> Claim:
    """The claim with this id; KeyError naming the id if there is none."""
    try:
        return _BY_ID[claim_id]
    except KeyError:
        raise KeyError(f"no claim with id {claim_id!r} in the catalog") from None


def claims_citing(document: str) -> list[Claim]:
    """Claims that cite ``document`` (a seed file name), in catalog order."""
    if document not in DOCUMENTS:
        raise KeyError(f"unknown document {document!r}; expected one of {sorted(DOCUMENTS)}")
    return [c for c in CLAIMS if any(s.document == document for s in c.sources)]


validate_catalog(CLAIMS, DOCUMENTS, REQUIRED_IDS)
_BY_ID: dict[str, Claim] = {claim.id: claim for claim in CLAIMS}
