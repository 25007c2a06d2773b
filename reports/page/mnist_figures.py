"""The MNIST figures, one panel per network so that each stays legible on a phone and regroups
with the screen's width: test accuracy by epoch, and each seed's best epoch beside the book's
figure. Every word drawn is one of :data:`FIGURE_WORDS`, which the page translates.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from experiments.statistics import split_lumps
from reports.page.figures import (
    PANEL_WIDTH_IN,
    SMALL_PANEL_WIDTH_IN,
    figure_style,
    label_curve,
    new_figure,
    svg_from_figure,
)

COST_LABELS = {
    "quadratic": "quadratic cost",
    "cross_entropy": "cross-entropy",
    "log_likelihood": "log-likelihood",
}
FIGURE_WORDS = ("epoch", "test accuracy (%)", "stall", "ours", "book", *COST_LABELS.values())
TRAINS, STALLS, BOOK = "tab:blue", "tab:orange", "tab:red"


def _training_rows(record: dict) -> np.ndarray:
    """Whether each seed of ``record`` trains (not in its ``stalled_seeds``)."""
    stalled = set(record.get("stalled_seeds") or ())
    seeds = record.get("seeds") or range(len(record["test_accuracy_by_epoch"]))
    return np.array([seed not in stalled for seed in seeds], dtype=bool)


def _titles(ax, record: dict) -> None:
    """Left: the network and its rate; right: its cost (two texts, so the cost translates)."""
    if "sizes" in record:
        network = f"{'-'.join(map(str, record['sizes']))}, \u03b7 = {record['eta']:g}"
    else:
        network = record.get("title", "")
    ax.set_title(network, loc="left")
    ax.set_title(COST_LABELS.get(record.get("cost"), record.get("cost") or ""), loc="right")


def accuracy_by_epoch_panel(record: dict) -> str:
    """Test accuracy after each epoch of one configuration: the mean of its seeds that train with
    their min-max band, and each seed that stalls as a thin dashed line, labelled."""
    curves = np.asarray(record["test_accuracy_by_epoch"])
    training = _training_rows(record)
    epochs = np.arange(1, curves.shape[1] + 1)
    with figure_style():
        fig = new_figure(PANEL_WIDTH_IN, 2.4)
        ax = fig.subplots()
        if training.any():
            trained = curves[training]
            ax.plot(epochs, trained.mean(axis=0), color=TRAINS)
            ax.fill_between(
                epochs, trained.min(axis=0), trained.max(axis=0), color=TRAINS, alpha=0.25, lw=0
            )
        stalled = curves[~training]
        for curve in stalled:
            ax.plot(epochs, curve, color=STALLS, linewidth=0.8, linestyle="--")
        if len(stalled):
            lowest = stalled[np.argmin(stalled[:, -1])]
            label_curve(ax, epochs[0], lowest[0], "stall", STALLS)
        _titles(ax, record)
        ax.set_xlabel("epoch")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel("test accuracy (%)")
        return svg_from_figure(fig)


def book_figure_panel(record: dict) -> str:
    """One configuration with a book figure, on its own scale: each seed's best-epoch test
    accuracy (dots; those that stall in their own colour), the 95 % prediction interval of one
    further run (bar, clipped to 0-100 %) and the book's figure (cross)."""
    lumps = split_lumps(record["best_accuracy"]["per_seed"])
    working, stalled = lumps["working"]["per_seed"], lumps["stalled"]
    with figure_style():
        fig = new_figure(SMALL_PANEL_WIDTH_IN, 2.6)
        ax = fig.subplots()
        ax.plot([0.0] * len(working), working, "o", color=TRAINS, markersize=4, alpha=0.7)
        ax.plot([0.0] * len(stalled), stalled, "o", color=STALLS, markersize=4, alpha=0.7)
        if lumps["working"]["prediction_interval"] is not None:
            low, high = lumps["working"]["prediction_interval"]
            ax.plot([0.5, 0.5], [max(low, 0.0), min(high, 100.0)], color="grey", linewidth=3)
        ax.plot([1.0], [record["book_figure"]], "x", color=BOOK, markersize=8, mew=2)
        ax.set_xlim(-0.5, 1.5)
        ax.set_xticks([0.0, 1.0], ["ours", "book"])
        ax.set_title("-".join(map(str, record["sizes"])), fontsize=9)
        ax.set_xlabel(COST_LABELS.get(record["cost"], record["cost"]), fontsize=9)
        return svg_from_figure(fig)


def mnist_figures(records: list[dict]) -> dict[str, list[str]]:
    """Figure name -> its panels, each an inline SVG."""
    return {
        "mnist_test_accuracy_by_epoch": [accuracy_by_epoch_panel(r) for r in records],
        "mnist_book_figures_against_seeds": [
            book_figure_panel(r) for r in records if r["book_figure"] is not None
        ],
    }
