"""Which comparison the gate makes: exact, when the results come from a machine whose run
fingerprint is the baseline's, or statistical bands otherwise; and the one line that says why.

Training is deterministic: the same code, NumPy (and the SIMD targets it dispatches to), Numba,
llvmlite and BLAS kernel give the same bits, seed by seed. On such a machine any change of a
per-seed figure, even one test image (0.01 points of 10,000), is a change of the code, and the
gate requires every per-seed figure to equal the baseline's. Elsewhere rounding may legitimately
differ, and the bands of :mod:`reports.gate.baseline` apply.
"""

from __future__ import annotations

from dataclasses import dataclass

from reports.gate.observe import Observations

FINGERPRINT_KEYS = ("numpy", "numpy_simd", "numba", "llvmlite", "blas", "machine")
UNIDENTIFIED = ("", "unknown", "not installed", None)
EXACT = "exact"
BANDS = "bands"


@dataclass(frozen=True)
class Mode:
    """The comparison the gate makes (``exact`` or ``bands``) and the reason, in one line."""

    name: str
    reason: str

    @property
    def exact(self) -> bool:
        return self.name == EXACT

    def line(self) -> str:
        return f"gate: mode {self.name}: {self.reason}"


def fingerprint_gaps(fingerprint: dict) -> list[str]:
    """The fingerprint's parts that are absent or do not identify anything (an empty BLAS list,
    "unknown", a package "not installed"): a fingerprint with gaps cannot vouch for equal bits."""
    gaps = []
    for key in FINGERPRINT_KEYS:
        value = fingerprint.get(key)
        if value in UNIDENTIFIED or value == []:
            gaps.append(key)
    return gaps


def describe_fingerprint(fingerprint: dict) -> str:
    """``numpy 2.4.6 [X86_V3+X86_V4], numba 0.68.1, llvmlite 0.50.0, openblas 0.3.31 SkylakeX,
    x86_64``: the fingerprint in the words of a reader."""
    simd = fingerprint.get("numpy_simd")
    simd_text = "+".join(simd) if isinstance(simd, list) else str(simd)
    return (
        f"numpy {fingerprint.get('numpy')} [{simd_text}], numba {fingerprint.get('numba')}, "
        f"llvmlite {fingerprint.get('llvmlite')}, {_blas_text(fingerprint.get('blas'))}, "
        f"{fingerprint.get('machine')}"
    )


def _blas_text(blas) -> str:
    if not isinstance(blas, list) or not blas:
        return "BLAS unknown"
    parts = ("internal_api", "version", "architecture")
    return "; ".join(
        " ".join(str(library.get(key)) for key in parts)
        if isinstance(library, dict)
        else str(library)
        for library in blas
    )


def _differences(baseline: dict, now: dict) -> str:
    parts = []
    for key in FINGERPRINT_KEYS:
        if baseline.get(key) != now.get(key):
            before, after = describe_part(baseline.get(key)), describe_part(now.get(key))
            parts.append(f"{key} {before} -> {after}")
    extra = sorted((set(baseline) | set(now)) - set(FINGERPRINT_KEYS))
    parts += [f"{key} differs" for key in extra if baseline.get(key) != now.get(key)]
    return "; ".join(parts)


def describe_part(value) -> str:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return _blas_text(value)
    if isinstance(value, list):
        return "+".join(str(item) for item in value) or "none"
    return str(value)


def choose_mode(baseline: dict, observed: Observations) -> Mode:
    """Exact when the baseline records per-seed figures and a complete run fingerprint equal to
    the results'; bands otherwise, saying which condition failed."""
    recorded = baseline.get("fingerprint")
    if recorded is None or "exact" not in baseline:
        return Mode(
            BANDS,
            "the baseline records no run fingerprint and per-seed figures (--update records them)",
        )
    gaps = fingerprint_gaps(recorded)
    if gaps:
        return Mode(BANDS, f"the baseline's run fingerprint does not identify {', '.join(gaps)}")
    now = observed.fingerprint
    if now is None:
        return Mode(BANDS, "the results record no run fingerprint (environment.run_fingerprint)")
    gaps = fingerprint_gaps(now)
    if gaps:
        return Mode(BANDS, f"the results' run fingerprint does not identify {', '.join(gaps)}")
    if now != recorded:
        return Mode(
            BANDS,
            f"the run fingerprint differs from the baseline's ({_differences(recorded, now)})",
        )
    return Mode(
        EXACT,
        f"the run fingerprint matches the baseline's ({describe_fingerprint(now)}); "
        "every per-seed figure must equal the baseline's",
    )
