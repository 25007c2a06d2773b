"""The catalog's data model: a :class:`Claim` restates one statement of the source documents in our
own words; a :class:`Source` says where a document makes it (and, for a statement about an
experiment, what the document says there and the figure it prints); a :class:`Check` names the
function of :mod:`experiments` that judges the claim's stated figures, with the claim's one
tolerance, and the :class:`Control` cases on which that same check must give the opposite verdict;
a :class:`Reading` is another way to read the statement, judged beside the one the verdict
follows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from experiments import checks

KINDS = frozenset({"identity", "inequality", "limit", "numerical result", "qualitative"})
VERDICTS = frozenset({"holds", "refuted"})
EXPERIMENTS = frozenset({"", "mnist"})
MAX_QUOTE_CHARS = 80
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


LINES_PATTERN = re.compile(r"^\d+(?:-\d+)?(?:, \d+(?:-\d+)?)*$")
FIGURE_PATTERN = re.compile(r"^\d+(?:\.\d+)?(?:/\d+)?$")
"""One printed figure: a decimal numeral ("0.31", "120", "97.25") or a fraction ("1/3")."""
# The tolerance of a printed figure read as rounded: |computed - figure| <= half a unit in its
# last printed digit ("0.31" -> 0.005, "0.3" -> 0.05).
HALF_UNIT = checks.HALF_UNIT


@dataclass(frozen=True)
class Source:
    """Where a document makes a claim.

    ``document`` is the seed file name; ``lines`` the line number(s) in that file, counted from
    1 ("23", "120-124" or "114, 128"); ``heading`` the document's own heading of the section
    that holds them, as printed; ``quote`` an optional short fragment as printed (a formula or a
    number, at most 80 characters) that lets a reader find the spot.
    """

    document: str
    lines: str
    heading: str
    quote: str = ""
    # What the document says there about an experiment, in our words (a row of the report's
    # comparison tables); empty when the source is only cited.
    says: str = ""
    # The figure(s) the document prints there, as printed ("0.31", "120", "97.25", "1/3"),
    # several separated by ", "; the check judges them.
    figure: str = ""

    @property
    def figures(self) -> tuple[str, ...]:
        """The printed figures, in order ("2.5, 1.75" -> ("2.5", "1.75"))."""
        return tuple(self.figure.split(", ")) if self.figure else ()

    @property
    def locator(self) -> str:
        """The one locator format: the section's heading and the line number(s)."""
        several = "," in self.lines or "-" in self.lines
        return f"「{self.heading}」, {'lines' if several else 'line'} {self.lines}"


@dataclass(frozen=True)
class Control:
    """A negative control: the claim's own check run on a case where the statement is false (or,
    for a claim expected refuted, where it would be true), so it must return the opposite
    verdict. A check that no honest control can flip judges nothing.

    ``case`` says what the case is ("the same check on the quadratic run"); ``changes`` are
    (name, value) pairs: ``figure`` replaces the printed figure, ``given`` (a tuple of (claim id,
    figure) pairs) replaces figures of the claims rested on, any other name replaces the check
    parameter of that name. The tolerance never changes: a control moves the case, not the bar.
    """

    case: str
    changes: tuple[tuple[str, object], ...]


def control(case: str, **changes: object) -> Control:
    """A :class:`Control` with keyword changes (kept as sorted pairs)."""
    if not changes:
        raise ValueError(
            f"control {case!r}: a control must change the case (figure or a "
            "parameter); got no changes"
        )
    if "tolerance" in changes:
        raise ValueError(f"control {case!r}: a control changes the case, not the tolerance")
    return Control(case, tuple(sorted(changes.items())))


@dataclass(frozen=True)
class Check:
    """How a claim's stated figures are judged: the dotted name of a function in
    :mod:`experiments` (``experiments.neuron_checks``, ``experiments.mnist_checks``), the claim's
    one tolerance and why it is that, and the function's other parameters.

    ``tolerance`` is a number in the unit the check states (epochs, a ratio, an output, a
    confidence level, percentage points) or :data:`HALF_UNIT`. The function is called as
    ``function(stated, runs)`` with an :class:`experiments.checks.Stated` and returns one row
    (:func:`claims.judge.rows`).
    """

    function: str
    tolerance: float | str
    why: str
    parameters: tuple[tuple[str, object], ...] = ()
    controls: tuple[Control, ...] = ()


def check(
    function: str,
    tolerance: float | str,
    why: str,
    *,
    controls: tuple[Control, ...] = (),
    **parameters: object,
) -> Check:
    """A :class:`Check` with keyword parameters (kept as sorted pairs, so the claim stays
    immutable) and its negative controls."""
    return Check(function, tolerance, why, tuple(sorted(parameters.items())), tuple(controls))


@dataclass(frozen=True)
class Reading:
    """Another reading of a claim's statement, judged beside the one its verdict follows:
    ``reading`` says it in words, ``check`` judges the claim's sources under it, and
    ``expected`` is the verdict it gives (asserted by the claim test, shown in the report)."""

    reading: str
    check: Check
    expected: str


@dataclass(frozen=True)
class Claim:
    """One checkable statement, in our own words, with its expected verdict."""

    id: str
    title: str
    statement: str
    formula: str
    sources: tuple[Source, ...]
    kind: str
    rests_on: tuple[str, ...]
    expected: str
    reason: str = ""
    # Importable dotted names of the engine (or test-helper) code the claim's tests exercise,
    # e.g. "engine.activations.sigmoid_prime" or "engine.costs.CROSS_ENTROPY"; empty for claims
    # decided by SymPy or arithmetic alone.
    exercises: tuple[str, ...] = ()
    # The experiment whose run decides the verdict ("mnist"), for claims no unit test can
    # witness; every other claim is witnessed by tests in claims/.
    experiment: str = ""
    # The judge of the figures its sources print (None for claims without such figures): one
    # row per source that says something (``Source.says``), computed by claims.judge for both
    # the claim test and the report.
    check: Check | None = None
    # The reading the verdict follows and why it is the one its author would defend; empty when
    # the statement admits one reading only.
    reading: str = ""
    # The other readings, each with its own check and verdict (shown beside the verdict).
    other_readings: tuple[Reading, ...] = ()
