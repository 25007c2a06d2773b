"""The engine's version for cache keys: the package version plus a digest of its source code.

A cached training result is reused only by the very engine code that produced it: any edit to a
module below ``engine/`` changes the fingerprint, so stale results are never read back.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

_NOT_NUMERICAL = {"bench.py", "download.py", "mnist_download.py", "data_dir.py"}


@functools.lru_cache(maxsize=1)
def engine_fingerprint() -> str:
    from engine import __version__

    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        if path.name in _NOT_NUMERICAL:
            continue
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"
