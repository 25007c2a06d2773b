"""The "rests on" relation between claims, drawn as a layered SVG graph.

A claim sits in column d, where d is the length of the longest chain of claims it rests on
(claims resting on nothing are in column 0), so every edge runs left to right, from the claim
relied on to the claim relying on it. Within a column, claims are ordered by the mean row of
what they rest on (one barycentre pass) and columns are centred vertically, which keeps most
edges short. Each node links to the
claim's entry in the report and is coloured by its verdict.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markupsafe import Markup, escape

NODE_HEIGHT = 22
ROW_GAP = 8
COLUMN_GAP = 70
CHAR_WIDTH = 6.6  # px per character of the 11 px monospace label
PADDING = 12
VERDICT_CLASS = {"holds": "holds", "refuted": "refuted", "error": "error", "not run": "notrun"}


def claim_depths(rests_on: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """Longest chain of dependencies below each claim; ids outside ``rests_on`` are ignored."""
    depths: dict[str, int] = {}

    def depth(claim_id: str, trail: tuple[str, ...]) -> int:
        if claim_id in depths:
            return depths[claim_id]
        if claim_id in trail:
            raise ValueError(f"claims rest on each other in a cycle: {' -> '.join(trail + (claim_id,))}")
        below = [depth(d, trail + (claim_id,)) for d in rests_on[claim_id] if d in rests_on]
        depths[claim_id] = 1 + max(below) if below else 0
        return depths[claim_id]

    for claim_id in rests_on:
        depth(claim_id, ())
    return depths


def layout(rests_on: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Columns of claim ids, left to right, each ordered to shorten edges."""
    depths = claim_depths(rests_on)
    columns: list[list[str]] = [[] for _ in range(max(depths.values(), default=-1) + 1)]
    for claim_id in rests_on:
        columns[depths[claim_id]].append(claim_id)
    row: dict[str, float] = {claim_id: index for index, claim_id in enumerate(columns[0])} if columns else {}
    for column in columns[1:]:
        def barycentre(claim_id: str) -> float:
            rows = [row[d] for d in rests_on[claim_id] if d in row]
            return sum(rows) / len(rows) if rows else 0.0

        column.sort(key=barycentre)
        row.update({claim_id: index for index, claim_id in enumerate(column)})
    return columns


def dependency_svg(rests_on: Mapping[str, Sequence[str]], verdicts: Mapping[str, str]) -> Markup:
    """An ``<svg>`` of the graph; only ids and verdict classes go into it, all escaped."""
    columns = layout(rests_on)
    if not columns:
        return Markup("")
    widths = [max(len(claim_id) for claim_id in column) * CHAR_WIDTH + 2 * 8 for column in columns]
    x_positions = []
    x = PADDING
    for width in widths:
        x_positions.append(x)
        x += width + COLUMN_GAP
    total_width = x - COLUMN_GAP + PADDING
    tallest = max(len(column) for column in columns)
    total_height = 2 * PADDING + tallest * (NODE_HEIGHT + ROW_GAP) - ROW_GAP
    position: dict[str, tuple[float, float, float]] = {}
    step = NODE_HEIGHT + ROW_GAP
    for index, column in enumerate(columns):
        top = PADDING + (tallest - len(column)) * step / 2  # shorter columns centred: shorter edges
        for row, claim_id in enumerate(column):
            position[claim_id] = (x_positions[index], top + row * step, widths[index])

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="dependency-graph" width="{total_width:.0f}" '
        f'height="{total_height:.0f}" viewBox="0 0 {total_width:.0f} {total_height:.0f}" role="img" '
        'aria-label="claims and the claims they rest on">'
    ]
    for claim_id, dependencies in rests_on.items():
        x1, y1, _ = position[claim_id]
        for dependency in dependencies:
            if dependency not in position:
                continue
            x0, y0, w0 = position[dependency]
            start_x, start_y = x0 + w0, y0 + NODE_HEIGHT / 2
            end_x, end_y = x1, y1 + NODE_HEIGHT / 2
            middle = (start_x + end_x) / 2
            parts.append(
                f'<path class="edge" d="M{start_x:.1f},{start_y:.1f} C{middle:.1f},{start_y:.1f} '
                f'{middle:.1f},{end_y:.1f} {end_x:.1f},{end_y:.1f}"/>'
            )
    for claim_id, (x, y, width) in position.items():
        verdict = verdicts.get(claim_id, "not run")
        css = VERDICT_CLASS.get(verdict, "notrun")
        parts.append(
            f'<a href="#claim-{escape(claim_id)}"><g class="node {css}">'
            f"<title>{escape(claim_id)}: {escape(verdict)}</title>"
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{NODE_HEIGHT}" rx="4"/>'
            f'<text x="{x + 8:.1f}" y="{y + NODE_HEIGHT / 2 + 4:.1f}">{escape(claim_id)}</text></g></a>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
