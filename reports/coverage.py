"""How much of what the documents state the catalog judges: the coverage figure.

The checkable statements of a document are the statements a claim judges there (one per claim
that cites the document, as its ledger lists them, plus the statements of
:data:`claims.catalog.not_judged.JUDGED_ELSEWHERE`) and those listed as not judged
(:data:`claims.catalog.not_judged.NOT_JUDGED`). Coverage = judged / (judged + not judged), per
document and over the five documents together.
"""

from __future__ import annotations

import importlib
from types import ModuleType


def not_judged_lists(catalog: ModuleType) -> tuple[tuple, tuple] | None:
    """(NOT_JUDGED, JUDGED_ELSEWHERE) of the catalog package, or None when it keeps no such list
    (a catalog made for a test)."""
    name = getattr(catalog, "__name__", None)
    if not name:
        return None
    try:
        module = importlib.import_module(f"{name}.not_judged")
    except ImportError:
        return None
    return module.NOT_JUDGED, module.JUDGED_ELSEWHERE


def _share(judged: int, checkable: int) -> float | None:
    return judged / checkable if checkable else None


def coverage_record(catalog: ModuleType) -> dict | None:
    """``{"documents": [{document, judged, not_judged, checkable, share}], "judged",
    "not_judged", "checkable", "share", "not_judged_statements": [...],
    "judged_elsewhere": [...]}``; None when the catalog keeps no list of unjudged statements."""
    lists = not_judged_lists(catalog)
    if lists is None:
        return None
    not_judged, elsewhere = lists
    rows = []
    for document in sorted(catalog.DOCUMENTS):
        judged = {
            claim.id
            for claim in catalog.CLAIMS
            if any(source.document == document for source in claim.sources)
        }
        judged |= {entry.claim_id for entry in elsewhere if entry.document == document}
        unjudged = sum(entry.document == document for entry in not_judged)
        checkable = len(judged) + unjudged
        rows.append(
            {
                "document": document,
                "judged": len(judged),
                "not_judged": unjudged,
                "checkable": checkable,
                "share": _share(len(judged), checkable),
            }
        )
    judged_total = sum(row["judged"] for row in rows)
    checkable_total = sum(row["checkable"] for row in rows)
    return {
        "documents": rows,
        "judged": judged_total,
        "not_judged": checkable_total - judged_total,
        "checkable": checkable_total,
        "share": _share(judged_total, checkable_total),
        "not_judged_statements": [
            {"document": e.document, "lines": e.lines, "statement": e.statement, "reason": e.reason}
            for e in not_judged
        ],
        "judged_elsewhere": [
            {
                "document": e.document,
                "lines": e.lines,
                "statement": e.statement,
                "claim_id": e.claim_id,
            }
            for e in elsewhere
        ],
    }
