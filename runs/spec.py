"""What a training run is: a :class:`RunSpec` naming everything it depends on, and the
:class:`Dataset` it trains and is evaluated on.

A spec is validated once, here, when it is made; :func:`runs.train.train_run` maps a spec and its
data to a :class:`~engine.training.TrainingHistory`. Because each run draws every random number
from its own seed, a spec gives the same history wherever it trains (tested bit for bit).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace

import numpy as np

from engine.byte_inputs import ByteInputs

DTYPES = ("float64", "float32")


@dataclass(frozen=True)
class Dataset:
    """Training inputs and integer labels, plus named evaluation sets {name: (inputs, labels)};
    ``train_bytes``, when given, the same training inputs held as bytes (equal to ``train_x``
    value for value), which the runs train on: the compiled step reads them eight times faster.
    """

    train_x: np.ndarray
    train_labels: np.ndarray
    evaluation: Mapping[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    train_bytes: ByteInputs | None = None


@dataclass(frozen=True)
class RunSpec:
    """Everything one training run depends on. ``eta`` is the learning rate of eq. (20)-(21);
    ``train_size`` keeps the first n training examples (all of them when None)."""

    sizes: tuple[int, ...]
    cost: str
    eta: float
    epochs: int
    mini_batch_size: int = 10
    output: str = "sigmoid"
    init: str = "large"
    seed: int = 0
    dtype: str = "float64"
    split: str = "nielsen"
    train_size: int | None = None

    def __post_init__(self):
        object.__setattr__(self, "sizes", tuple(int(n) for n in self.sizes))
        if self.dtype not in DTYPES:
            raise ValueError(f"dtype must be 'float64' or 'float32', got {self.dtype!r}")
        eta = self.eta
        if (
            isinstance(eta, bool)
            or not isinstance(eta, (int, float, np.floating))
            or not (math.isfinite(eta) and eta > 0)
        ):
            raise ValueError(f"eta must be a positive finite number, got {eta!r}")
        for name in ("epochs", "mini_batch_size", "train_size"):
            value = getattr(self, name)
            if value is None and name == "train_size":
                continue
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
                raise ValueError(f"{name} must be a positive integer, got {value!r}")
            object.__setattr__(self, name, int(value))

    def to_dict(self) -> dict:
        data = asdict(self)
        data["sizes"] = list(self.sizes)
        return data

    def key(self, fingerprint: str) -> str:
        """A stable digest of the spec and the code fingerprint: the cache key of its result."""
        payload = json.dumps({"spec": self.to_dict(), "engine": fingerprint}, sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()[:24]


def training_cost(spec: RunSpec, n_train: int) -> int:
    """Multiply-adds of a run's training, the measure that orders runs for the workers:
    epochs x examples x sum over layers of (n_in + 1) n_out."""
    examples = n_train if spec.train_size is None else min(spec.train_size, n_train)
    return (
        spec.epochs
        * examples
        * sum((n_in + 1) * n_out for n_in, n_out in zip(spec.sizes[:-1], spec.sizes[1:]))
    )


def seeds_of(spec: RunSpec, seeds: Iterable[int]) -> list[RunSpec]:
    """The same configuration at each seed."""
    return [replace(spec, seed=int(seed)) for seed in seeds]
