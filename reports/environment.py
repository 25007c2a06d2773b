"""The machine and software a report was built on, so its numbers can be traced and repeated."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import subprocess
from pathlib import Path

PACKAGES = ("numpy", "sympy", "hypothesis", "pytest", "jinja2", "latex2mathml")
REPOSITORY_ROOT = Path(__file__).resolve().parent.parent


def package_version(name: str) -> str:
    """The installed version of distribution ``name``, or "not installed"."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _git(arguments: list[str], directory: Path) -> str | None:
    """Standard output of ``git ARGUMENTS`` run in ``directory``;
    None when git fails or is absent.
    """
    try:
        completed = subprocess.run(
            ["git", *arguments],
            cwd=directory,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return completed.stdout if completed.returncode == 0 else None


def git_commit(directory: Path = REPOSITORY_ROOT) -> str:
    """``git rev-parse HEAD`` of the checkout holding ``directory``; "unknown" outside one."""
    commit = (_git(["rev-parse", "HEAD"], directory) or "").strip()
    return commit or "unknown"


def git_dirty(directory: Path = REPOSITORY_ROOT) -> bool | None:
    """Whether tracked files differ from HEAD; None outside a checkout."""
    status = _git(["status", "--porcelain", "--untracked-files=no"], directory)
    return None if status is None else bool(status.strip())


def blas_info() -> list[dict]:
    """The BLAS/LAPACK libraries NumPy uses at run time (threadpoolctl), with thread counts."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return []
    keep = ("user_api", "internal_api", "version", "num_threads", "threading_layer", "architecture")
    return [{key: pool.get(key) for key in keep} for pool in threadpool_info()]


def numpy_simd_targets() -> list[str] | str:
    """The SIMD targets NumPy dispatches to on this CPU (its vectorised ``exp`` among them), or
    "unknown" when this NumPy does not expose them."""
    try:
        from numpy._core import _multiarray_umath as umath
    except ImportError:
        try:
            from numpy.core import _multiarray_umath as umath
        except ImportError:
            return "unknown"
    dispatch = getattr(umath, "__cpu_dispatch__", None)
    features = getattr(umath, "__cpu_features__", None)
    if dispatch is None or features is None:
        return "unknown"
    return [target for target in dispatch if features.get(target)]


def run_fingerprint() -> dict:
    """What, besides the project's code, decides the bits of a training run: NumPy's version and
    the SIMD targets it dispatches to, Numba's and llvmlite's versions (they compile the training
    step), NumPy's BLAS (library, version, kernel) and the machine architecture. Two builds with
    the same fingerprint and code give the same per-seed figures; the gate compares them exactly.
    """
    from runs.fingerprint import blas_identity

    try:
        blas = blas_identity()
    except ImportError:
        blas = []
    return {
        "numpy": package_version("numpy"),
        "numpy_simd": numpy_simd_targets(),
        "numba": package_version("numba"),
        "llvmlite": package_version("llvmlite"),
        "blas": blas,
        "machine": platform.machine(),
    }


def usable_cpu_count() -> int | None:
    """CPUs this process may run on (the affinity mask where the platform has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count()


def collect_environment(
    profile: str,
    hypothesis_profile: str | None,
    seeds: dict,
    timings: dict[str, float],
) -> dict:
    """Everything the report states about the run:
    versions, platform, BLAS, seeds, commit, timings.
    """
    return {
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "packages": {name: package_version(name) for name in PACKAGES},
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "usable_cpu_count": usable_cpu_count(),
        "blas": blas_info(),
        "run_fingerprint": run_fingerprint(),
        "seeds": seeds,
        "git_commit": git_commit(),
        "git_dirty": git_dirty(),
        "profile": profile,
        "hypothesis_profile": hypothesis_profile,
        "timings_seconds": dict(timings),
    }
