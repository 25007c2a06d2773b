"""What a check of a document statement receives and what it returns.

The claim catalog (``claims/catalog``) holds every stated figure, its tolerance and its locator;
its judge (``claims/judge.py``) hands a check function of this package one :class:`Stated` per
source that says something, together with the runs the check reads, and the check returns one
row::

    {claim_id, document, locator, statement, stated, computed, tolerance, verdict, note}

``stated`` is the figure as printed (or a short description when the statement has none),
``computed`` what the runs give, ``tolerance`` the criterion in words, ``verdict`` "holds",
"refuted" or "not run". The claim test asserts the verdict and the report shows the row: the same
row, so one statement has one judge. Nothing here knows a figure: it arrives in ``Stated``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

HALF_UNIT = "half a unit in the last printed digit"
"""The tolerance of a figure read as rounded to its printed digits (same text as the catalog's
``claims.catalog.model.HALF_UNIT``)."""
NOT_RUN = "not run"
ROW_KEYS = (
    "claim_id",
    "document",
    "locator",
    "statement",
    "stated",
    "computed",
    "tolerance",
    "verdict",
    "note",
)

_NUMERAL = re.compile(r"-?\d+(?:\.(\d+))?")


@dataclass(frozen=True)
class Stated:
    """One statement of one document, as the judge hands it to a check.

    ``figure`` is the printed text ("" when the statement prints none; several figures are
    separated by ", "); ``tolerance`` the claim's one tolerance (a number, or :data:`HALF_UNIT`);
    ``parameters`` the check's other settings; ``given`` the figures printed for the claims this
    one rests on, directly or not (claim id -> printed text).
    """

    claim_id: str
    document: str
    locator: str
    statement: str
    figure: str = ""
    tolerance: float | str = HALF_UNIT
    parameters: Mapping[str, object] = field(default_factory=dict)
    given: Mapping[str, str] = field(default_factory=dict)

    @property
    def figures(self) -> tuple[str, ...]:
        return tuple(self.figure.split(", ")) if self.figure else ()

    def parameter(self, name: str):
        """A parameter of the check; KeyError naming the claim when the catalog omits it."""
        try:
            return self.parameters[name]
        except KeyError:
            raise KeyError(
                f"claim {self.claim_id!r}: its check needs parameter {name!r}, "
                f"the catalog gives {sorted(self.parameters)}"
            ) from None

    def given_figure(self, claim_id: str) -> str:
        """The figure printed for ``claim_id``, a claim this one rests on."""
        try:
            return self.given[claim_id]
        except KeyError:
            raise KeyError(
                f"claim {self.claim_id!r} needs the figure of {claim_id!r}, which it "
                f"does not rest on or which prints none"
            ) from None


def row(
    stated: Stated, *, shown, computed, tolerance: str, verdict: bool | str, note: str = ""
) -> dict:
    """The comparison row of ``stated``: ``verdict`` True/False for holds/refuted, or a verdict
    string ("not run")."""
    if isinstance(verdict, bool):
        verdict = "holds" if verdict else "refuted"
    return {
        "claim_id": stated.claim_id,
        "document": stated.document,
        "locator": stated.locator,
        "statement": stated.statement,
        "stated": shown,
        "computed": computed,
        "tolerance": tolerance,
        "verdict": verdict,
        "note": note,
    }


def half_unit_of(printed: str) -> float:
    """Half a unit in the last printed digit: "0.31" -> 0.005, "0.3" -> 0.05, "120" -> 0.5."""
    match = _NUMERAL.fullmatch(printed.strip())
    if match is None:
        raise ValueError(f"printed must be a decimal numeral such as '0.31', got {printed!r}")
    decimals = len(match.group(1) or "")
    return 0.5 * 10.0 ** (-decimals)


def prints_as(value: float, printed: str) -> bool:
    """``value`` rounds to ``printed``: |value - printed| <= half a unit in its last digit."""
    return abs(value - float(printed)) <= half_unit_of(printed)


def exact(printed: str) -> Fraction:
    """A printed decimal or fraction as an exact rational ("2.75" -> 11/4, "1/3" -> 1/3)."""
    if "/" in printed:
        return Fraction(printed)
    return Fraction(Decimal(printed))
