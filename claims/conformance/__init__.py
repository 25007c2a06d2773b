"""The chapter's claims as a conformance suite: witnesses any engine can be put to.

Each witness (:class:`~claims.conformance.model.Witness`) checks one catalog claim through the
operations of :mod:`engine.interface` and returns a
:class:`~claims.conformance.judging.Finding`: ``conforms``, ``deviates`` (with the smallest
counterexample and the exact value beside the engine's) or ``not applicable`` (the engine lacks
an operation it needs). ``pytest claims/ --engine SPEC`` runs them as tests
(claims/test_conformance.py); ``python -m reports.conformance`` writes the report.
"""

from __future__ import annotations

from claims.conformance.activation_witnesses import ACTIVATION_WITNESSES
from claims.conformance.cost_witnesses import COST_WITNESSES
from claims.conformance.gradient_witnesses import GRADIENT_WITNESSES
from claims.conformance.training_witnesses import TRAINING_WITNESSES

WITNESSES = ACTIVATION_WITNESSES + COST_WITNESSES + GRADIENT_WITNESSES + TRAINING_WITNESSES
"""Every conformance witness, in catalog topic order within each group."""
