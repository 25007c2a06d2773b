"""The catalog's data model: a :class:`Claim` restates one statement of the source documents in our
own words; a :class:`Source` says where a document makes it."""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = frozenset({"identity", "inequality", "limit", "numerical result", "qualitative"})
VERDICTS = frozenset({"holds", "refuted"})
EXPERIMENTS = frozenset({"", "mnist"})
MAX_QUOTE_CHARS = 80
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


LINES_PATTERN = re.compile(r"^\d+(?:-\d+)?(?:, \d+(?:-\d+)?)*$")


@dataclass(frozen=True)
class Source:
    """Where a document makes a claim.

    ``document`` is the seed file name; ``lines`` the line number(s) in that file, counted from
    1 ("23", "150-154" or "114, 128"); ``heading`` the document's own heading of the section
    that holds them, as printed; ``quote`` an optional short fragment as printed (a formula or a
    number, at most 80 characters) that lets a reader find the spot.
    """

    document: str
    lines: str
    heading: str
    quote: str = ""

    @property
    def locator(self) -> str:
        """The one locator format: the section's heading and the line number(s)."""
        several = "," in self.lines or "-" in self.lines
        return f"「{self.heading}」, {'lines' if several else 'line'} {self.lines}"


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
