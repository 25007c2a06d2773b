"""The main report's network2 section: a conformance run of Nielsen's network2.py when its
path is given (``python -m reports.build --network2-path PATH`` or ``$NETWORK2_PATH``)."""

from __future__ import annotations

from pathlib import Path

from claims.engines import NETWORK2_ENV, EngineSpecError, load_engine, network2_path
from reports.conformance.record import conformance_record


def check_network2_path(given: str | None) -> str | None:
    """The one-line usage problem with the network2 path (option or environment), or None."""
    path = network2_path(given)
    if path is None or Path(path).is_file():
        return None
    source = "--network2-path" if given else f"${NETWORK2_ENV}"
    return f"{source}: expected Nielsen's network2.py, found no file at {path!r}"


def network2_conformance_phase(given: str | None) -> tuple[dict | None, str | None]:
    """(conformance record of network2.py, None), (None, None) when no path is given, or
    (None, problem) when the file cannot be loaded."""
    if network2_path(given) is None:
        return None, None
    try:
        engine = load_engine("network2", given)
    except EngineSpecError as error:
        return None, f"network2.py conformance left out: {error}"
    return conformance_record(engine), None
