"""The single-neuron figures: cost against epoch (one panel per cost), and the gradient against
the output. Panels are narrow enough to stay legible on a phone (:data:`PANEL_WIDTH_IN`); curves
carry their labels beside them instead of a legend. Every word drawn is one of
:data:`FIGURE_WORDS`, which the page translates."""

from __future__ import annotations

import numpy as np

from engine.activations import sigmoid
from experiments.neuron import STARTS, gradient_magnitude
from reports.page.figures import (
    MIN_FONT_PT,
    PANEL_WIDTH_IN,
    figure_style,
    label_curve,
    new_figure,
    svg_from_figure,
)

COST_LABELS = {"quadratic": "quadratic cost", "cross_entropy": "cross-entropy"}
START_STYLES = {(0.6, 0.9): ("tab:blue", "-"), (2.0, 2.0): ("tab:red", "--")}
FIGURE_WORDS = ("epoch", "cost C", "output a (target y = 0)", *COST_LABELS.values())


def start_label(run: dict) -> str:
    w, b = run["w0"], run["b0"]
    return f"w = b = {w:g}" if w == b else f"w = {w:g}, b = {b:g}"


def cost_curves_panel(runs: list[dict], cost: str) -> str:
    """Cost against epoch of both starts at one cost, each curve labelled at its start."""
    with figure_style():
        fig = new_figure(PANEL_WIDTH_IN, 2.8)
        ax = fig.subplots()
        for run in (r for r in runs if r["cost"] == cost):
            colour, line = START_STYLES[(run["w0"], run["b0"])]
            epochs, costs = run["trajectory"]["epoch"], run["trajectory"]["cost"]
            ax.plot(epochs, costs, color=colour, linestyle=line)
            label_curve(ax, epochs[0], costs[0], start_label(run), colour)
        etas = sorted({r["eta"] for r in runs if r["cost"] == cost})
        ax.set_title(COST_LABELS[cost], loc="left")
        ax.set_title(f"\u03b7 = {', '.join(f'{eta:g}' for eta in etas)}", loc="right")
        ax.set_xlabel("epoch")
        ax.set_ylabel("cost C")
        ax.set_ylim(bottom=0, top=1.15 * ax.get_ylim()[1])
        return svg_from_figure(fig)


def gradient_against_output_figure(points: int = 199) -> str:
    """|dC/dw| at x = 1, y = 0 as a function of the output a, for both costs.

    Quadratic: a^2 (1 - a), which vanishes as a -> 1; cross-entropy: a, largest when most wrong.
    The values come from the engine's backpropagation at each a; the runs' starting outputs
    sigma(w0 + b0) are marked.
    """
    outputs = np.linspace(0.005, 0.995, points)
    starts = [float(sigmoid(w0 + b0)) for w0, b0 in STARTS]
    with figure_style():
        fig = new_figure(PANEL_WIDTH_IN, 3.0)
        ax = fig.subplots()
        for cost, colour, where, side in (
            ("quadratic", "tab:purple", 0.45, "right"),
            ("cross_entropy", "tab:green", 0.3, "left"),
        ):
            gradients = [gradient_magnitude(a, cost) for a in outputs]
            ax.plot(outputs, gradients, color=colour)
            label_curve(ax, where, gradient_magnitude(where, cost), COST_LABELS[cost], colour, side)
            for a in starts:
                ax.plot([a], [gradient_magnitude(a, cost)], "o", color=colour, markersize=4)
        for a in starts:
            ax.axvline(a, color="grey", linewidth=0.6, linestyle=":")
            ax.annotate(
                f"a = {a:.2f}",
                (a, 1.02),
                xycoords=("data", "axes fraction"),
                ha="right" if a < 0.9 else "left",
                fontsize=MIN_FONT_PT,
            )
        ax.set_xlabel("output a (target y = 0)")
        ax.set_ylabel("|dC/dw|")
        ax.set_xlim(0, 1)
        ax.set_ylim(bottom=0)
        return svg_from_figure(fig)


def neuron_figures(runs: list[dict]) -> dict[str, list[str]]:
    """Figure name -> its panels, each an inline SVG."""
    return {
        "neuron_cost_curves": [cost_curves_panel(runs, cost) for cost in COST_LABELS],
        "neuron_gradient_against_output": [gradient_against_output_figure()],
    }
