"""The conformance record of one engine: what ``conformance.json`` holds.

    {"engine": {"name", "source", "sha256"},
     "missing_operations": [the interface operations the engine does not have],
     "time_limit_seconds": float,
     "counts": {"conforms": int, "deviates": int, "not applicable": int},
     "rows": [{"claim", "outcome", "counterexample", "detail", "witnesses"}]}

``outcome`` is "conforms", "deviates" or "not applicable"; ``counterexample`` is null or
``{"input", "engine", "exact"}`` (the smallest failing input, the engine's value and the exact
one); ``detail`` says how far, in ulps where the difference is one of rounding.
"""

from __future__ import annotations

import json

from claims.conformance.judging import OUTCOMES
from claims.conformance.runner import TIME_LIMIT, conformance_rows
from engine.interface import OPERATIONS, operations_of


def conformance_record(engine, limit: float = TIME_LIMIT, witnesses=None) -> dict:
    """Run every witness against ``engine`` (each within ``limit`` seconds) into a record."""
    rows = (
        conformance_rows(engine, limit)
        if witnesses is None
        else conformance_rows(engine, limit, witnesses)
    )
    return {
        "engine": {
            "name": str(getattr(engine, "name", "") or "engine"),
            "source": str(getattr(engine, "source", "") or ""),
            "sha256": str(getattr(engine, "sha256", "") or ""),
        },
        "missing_operations": [op for op in OPERATIONS if op not in operations_of(engine)],
        "time_limit_seconds": limit,
        "counts": {outcome: sum(row["outcome"] == outcome for row in rows) for outcome in OUTCOMES},
        "rows": rows,
    }


def record_to_json(record: dict) -> str:
    return json.dumps(record, indent=1, ensure_ascii=False, allow_nan=False) + "\n"
