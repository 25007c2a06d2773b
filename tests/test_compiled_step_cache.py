"""The compiled step's machine code is cached on disk by Numba and stays correct.

Numba keys its cache on the file of the compiled functions (engine/compiled_step.py) alone; the
code also holds engine.blas's compiled gemm call, so compiled_step.py carries a digest of that
part of engine/blas.py and any change there must change it too. And a new process that loads
the cached code trains to the same parameters, bit for bit, as the process that compiled it.
"""

import hashlib
import subprocess
import sys
from pathlib import Path

import engine.blas
from engine import compiled_step

ROOT = Path(__file__).resolve().parent.parent

TRAIN_AND_PRINT = """
import numpy as np
from engine.network import Network
from engine.training import sgd
rng = np.random.default_rng(2)
x, labels = rng.uniform(size=(40, 12)), rng.integers(0, 3, size=40)
network = Network([12, 7, 3], seed=5)
sgd(network, x, labels, 2, 10, 0.5)
print(b"".join(p.tobytes() for p in network.params).hex())
"""


def test_the_digest_of_the_compiled_gemm_call_is_up_to_date():
    source = Path(engine.blas.__file__).read_text()
    compiled_part = source[source.index("@overload(gemm)") :]
    digest = hashlib.sha256(compiled_part.encode()).hexdigest()[:16]
    assert compiled_step.BLAS_CALL_DIGEST == digest, (
        "engine/blas.py's compiled gemm call changed: set BLAS_CALL_DIGEST in "
        f"engine/compiled_step.py to {digest!r} so that Numba's cache is renewed"
    )


def test_processes_loading_the_cached_step_train_as_the_one_that_compiled_it(tmp_path):
    environment = {"NUMBA_CACHE_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}

    def parameters():
        completed = subprocess.run(
            [sys.executable, "-c", TRAIN_AND_PRINT],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        )
        return completed.stdout.strip()

    compiled = parameters()
    assert any(tmp_path.rglob("*.nbi")), "the first process left no cache index"
    assert parameters() == compiled
