"""Engines the claims can be run against, by name: ``nnclaims`` (ours), ``network2`` (Nielsen's
file, from ``--network2-path`` or ``$NETWORK2_PATH``), ``torch`` and ``jax`` (optional extras)
and ``MODULE:ATTRIBUTE`` for an adapter of one's own (an :class:`engine.interface.Engine`
instance, or a class or function that makes one when called with no arguments).

Every failure to load is an :class:`EngineSpecError` with one line naming the input and what
was expected.
"""

from __future__ import annotations

import importlib
import os

from claims.engines.spec_error import EngineSpecError
from engine.interface import operations_of

__all__ = ["ENGINE_NAMES", "NETWORK2_ENV", "EngineSpecError", "load_engine", "network2_path"]

ENGINE_NAMES = ("nnclaims", "network2", "torch", "jax")
NETWORK2_ENV = "NETWORK2_PATH"


def network2_path(given: str | None = None) -> str | None:
    """The network2.py to use: ``given``, else ``$NETWORK2_PATH``, else None."""
    return given or os.environ.get(NETWORK2_ENV) or None


def _network2(path: str | None):
    from claims.engines.network2_engine import Network2Engine, Network2LoadError

    path = network2_path(path)
    if path is None:
        raise EngineSpecError(
            "--engine network2 needs Nielsen's network2.py: give --network2-path PATH or set "
            f"${NETWORK2_ENV}"
        )
    try:
        return Network2Engine(path)
    except Network2LoadError as error:
        raise EngineSpecError(str(error)) from None


def _user_engine(spec: str):
    module_name, _, attribute = spec.partition(":")
    if not module_name or not attribute:
        raise EngineSpecError(
            f"--engine {spec!r}: expected MODULE:ATTRIBUTE, e.g. mypkg.mine:Engine"
        )
    try:
        module = importlib.import_module(module_name)
    except Exception as error:
        raise EngineSpecError(
            f"--engine {spec!r}: importing {module_name!r} failed with "
            f"{type(error).__name__}: {error}"
        ) from None
    try:
        made = getattr(module, attribute)
    except AttributeError:
        raise EngineSpecError(f"--engine {spec!r}: {module_name!r} has no {attribute!r}") from None
    if isinstance(made, type) or (callable(made) and not operations_of(made)):
        try:
            made = made()
        except Exception as error:
            raise EngineSpecError(
                f"--engine {spec!r}: calling {attribute} failed with "
                f"{type(error).__name__}: {error}"
            ) from None
    if not operations_of(made):
        raise EngineSpecError(
            f"--engine {spec!r}: expected an engine with operations of engine.interface "
            "(sigmoid, backprop, ...), found none"
        )
    if not getattr(made, "name", ""):
        made.name = spec
    return made


def load_engine(spec: str, network2: str | None = None):
    """The engine named by ``spec`` (see the module docstring)."""
    if spec == "nnclaims":
        from claims.engines.nnclaims_engine import NnclaimsEngine

        return NnclaimsEngine()
    if spec == "network2":
        return _network2(network2)
    if spec in ("torch", "jax"):
        from claims.engines.framework_engines import framework_engine

        return framework_engine(spec)
    if ":" in spec:
        return _user_engine(spec)
    raise EngineSpecError(
        f"--engine: expected one of {', '.join(ENGINE_NAMES)} or MODULE:ATTRIBUTE, found {spec!r}"
    )
