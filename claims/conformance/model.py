"""A conformance witness: one check of a catalog claim that any engine can be put to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from claims.conformance.judging import NOT_APPLICABLE, Finding
from engine.interface import missing_operations


@dataclass(frozen=True)
class Witness:
    """``claim``: the catalog id; ``name``: unique, a valid test id; ``needs``: the interface
    operations it calls (:data:`engine.interface.OPERATIONS`); ``check(engine)``: the
    :class:`~claims.conformance.judging.Finding`."""

    claim: str
    name: str
    needs: tuple[str, ...]
    check: Callable[[object], Finding]

    def not_applicable(self, engine) -> Finding | None:
        """The "not applicable" finding when ``engine`` lacks an operation this witness needs."""
        missing = missing_operations(engine, self.needs)
        if not missing:
            return None
        return Finding(
            NOT_APPLICABLE,
            f"not applicable: the engine has no {', '.join(missing)} "
            f"(this witness needs {', '.join(self.needs)})",
            summary={"event": "not applicable", "missing": list(missing)},
        )


def witness(claim: str, *needs: str, name: str = ""):
    """Decorator: the function ``check(engine) -> Finding`` as a :class:`Witness` named after it
    (or ``name``)."""

    def make(check: Callable[[object], Finding]) -> Witness:
        return Witness(claim, name or check.__name__, tuple(needs), check)

    return make
