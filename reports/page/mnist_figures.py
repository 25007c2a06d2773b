"""The MNIST figures: test accuracy by epoch,
and each seed's best epoch beside the book's figure.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from experiments.statistics import split_lumps
from reports.page.figures import figure_style, new_figure, svg_from_figure

COLOURS = ("tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple", "tab:brown")


def _training_rows(record: dict) -> np.ndarray:
    """Whether each seed of ``record`` trains (not in its ``stalled_seeds``)."""
    stalled = set(record.get("stalled_seeds") or ())
    seeds = record.get("seeds") or range(len(record["test_accuracy_by_epoch"]))
    return np.array([seed not in stalled for seed in seeds], dtype=bool)


def accuracy_by_epoch_figure(records: list[dict]) -> str:
    """Test accuracy after each epoch per configuration: the mean of its seeds that train with
    their min-max band, and each seed that stalls as a thin dashed line of its own."""
    with figure_style():
        fig = new_figure(7.0, 4.4)
        ax = fig.subplots()
        for record, colour in zip(records, COLOURS):
            curves = np.asarray(record["test_accuracy_by_epoch"])
            training = _training_rows(record)
            epochs = np.arange(1, curves.shape[1] + 1)
            trained = curves[training]
            ax.plot(epochs, trained.mean(axis=0), color=colour, label=record["title"])
            ax.fill_between(
                epochs,
                trained.min(axis=0),
                trained.max(axis=0),
                color=colour,
                alpha=0.15,
                linewidth=0,
            )
            for curve in curves[~training]:
                ax.plot(epochs, curve, color=colour, linewidth=0.7, linestyle="--", alpha=0.5)
        ax.set_xlabel("epoch")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel("test accuracy (%)")
        fig.legend(loc="outside lower center", ncols=2, frameon=False)
        return svg_from_figure(fig)


def book_figures_against_seeds_figure(records: list[dict]) -> str:
    """Per configuration with a book figure, one panel on its own scale: each seed's best-epoch
    test accuracy (dots), the 95 % prediction interval of one further run (bar, clipped to
    0-100 %) and the book's figure (cross)."""
    shown = [r for r in records if r["book_figure"] is not None]
    with figure_style():
        fig = new_figure(7.0, 3.8)
        for ax, record in zip(np.atleast_1d(fig.subplots(1, len(shown))), shown):
            lumps = split_lumps(record["best_accuracy"]["per_seed"])
            working, stalled = lumps["working"]["per_seed"], lumps["stalled"]
            ax.plot(
                [0.0] * len(working),
                working,
                "o",
                color="tab:blue",
                markersize=4,
                alpha=0.7,
                label="seeds that train",
            )
            ax.plot(
                [0.0] * len(stalled),
                stalled,
                "o",
                color="tab:orange",
                markersize=4,
                alpha=0.7,
                label="seeds that stall",
            )
            if lumps["working"]["prediction_interval"] is not None:
                low, high = lumps["working"]["prediction_interval"]
                ax.plot([0.5, 0.5], [low, high], color="grey", linewidth=3, label="95 % prediction")
            ax.plot(
                [1.0], [record["book_figure"]], "x", color="tab:red", markersize=8, label="book"
            )
            ax.set_xlim(-0.5, 1.5)
            ax.set_xticks([])
            ax.set_title(
                f"{'-'.join(map(str, record['sizes']))}\n{record['cost'].replace('_', '-')}",
                fontsize=9,
            )
        fig.axes[0].set_ylabel("best-epoch test accuracy (%)")
        handles, labels = fig.axes[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncols=4, frameon=False)
        return svg_from_figure(fig)


def mnist_figures(records: list[dict]) -> dict[str, str]:
    return {
        "mnist_test_accuracy_by_epoch": accuracy_by_epoch_figure(records),
        "mnist_book_figures_against_seeds": book_figures_against_seeds_figure(records),
    }
