"""The single-neuron figures: cost against epoch, and the gradient against the output."""

from __future__ import annotations

import numpy as np

from engine.activations import sigmoid
from experiments.neuron import STARTS, gradient_magnitude
from reports.page.figures import figure_style, new_figure, svg_from_figure

COST_LABELS = {"quadratic": "quadratic cost", "cross_entropy": "cross-entropy"}
START_STYLES = {(0.6, 0.9): ("tab:blue", "-"), (2.0, 2.0): ("tab:red", "--")}


def cost_curves_figure(runs: list[dict]) -> str:
    """One panel per cost (their scales differ), both starts in each: cost against epoch."""
    with figure_style():
        fig = new_figure(7.0, 3.6)
        axes = fig.subplots(1, 2)
        for ax, cost in zip(axes, COST_LABELS):
            for run in (r for r in runs if r["cost"] == cost):
                colour, line = START_STYLES[(run["w0"], run["b0"])]
                ax.plot(
                    run["trajectory"]["epoch"],
                    run["trajectory"]["cost"],
                    color=colour,
                    linestyle=line,
                    label=f"w = b = {run['w0']}"
                    if run["w0"] == run["b0"]
                    else f"w = {run['w0']}, b = {run['b0']}",
                )
            etas = sorted({r["eta"] for r in runs if r["cost"] == cost})
            ax.set_title(f"{COST_LABELS[cost]}, \u03b7 = {', '.join(map(str, etas))}")
            ax.set_xlabel("epoch")
            ax.set_ylabel("cost C")
            ax.set_ylim(bottom=0)
        handles, labels = axes[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncols=2, frameon=False)
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
        fig = new_figure(5.5, 3.8)
        ax = fig.subplots()
        for cost, colour in (("quadratic", "tab:purple"), ("cross_entropy", "tab:green")):
            ax.plot(
                outputs,
                [gradient_magnitude(a, cost) for a in outputs],
                color=colour,
                label=COST_LABELS[cost],
            )
            for a in starts:
                ax.plot([a], [gradient_magnitude(a, cost)], "o", color=colour, markersize=4)
        for a in starts:
            ax.axvline(a, color="grey", linewidth=0.6, linestyle=":")
            ax.annotate(
                f"a = {a:.2f}",
                (a, 1.02),
                xycoords=("data", "axes fraction"),
                ha="right" if a < 0.9 else "left",
                fontsize=9,
            )
        ax.set_xlabel("output a (target y = 0)")
        ax.set_ylabel("|dC/dw|")
        ax.set_xlim(0, 1)
        ax.set_ylim(bottom=0)
        fig.legend(loc="outside lower center", ncols=2, frameon=False)
        return svg_from_figure(fig)


def neuron_figures(runs: list[dict]) -> dict[str, str]:
    """Figure name -> inline SVG."""
    return {
        "neuron_cost_curves": cost_curves_figure(runs),
        "neuron_gradient_against_output": gradient_against_output_figure(),
    }
