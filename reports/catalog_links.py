"""Links from experiment results to the claim catalog (:mod:`claims.catalog`)."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1)
def catalog_claims() -> dict:
    """The catalog's claims by id; empty when the catalog cannot be imported."""
    try:
        from claims.catalog import CLAIMS
    except ImportError:
        return {}
    return {claim.id: claim for claim in CLAIMS}


def catalog_claim_id(claim_id: str) -> str | None:
    """``claim_id`` if the catalog has a claim with that id, else None."""
    return claim_id if claim_id in catalog_claims() else None
