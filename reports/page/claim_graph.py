"""The "rests on" relation between claims: how deep each claim sits in it.

A claim's depth is the length of the longest chain of claims it rests on (claims resting on
nothing have depth 0); the overview of the page (:func:`reports.page.view.dependency_layers`)
orders its layers by it, so each claim rests only on claims in the layers above.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def claim_depths(rests_on: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """Longest chain of dependencies below each claim; ids outside ``rests_on`` are ignored."""
    depths: dict[str, int] = {}

    def depth(claim_id: str, trail: tuple[str, ...]) -> int:
        if claim_id in depths:
            return depths[claim_id]
        if claim_id in trail:
            raise ValueError(
                f"claims rest on each other in a cycle: {' -> '.join(trail + (claim_id,))}"
            )
        below = [depth(d, trail + (claim_id,)) for d in rests_on[claim_id] if d in rests_on]
        depths[claim_id] = 1 + max(below) if below else 0
        return depths[claim_id]

    for claim_id in rests_on:
        depth(claim_id, ())
    return depths
