"""The MNIST figures: test accuracy by epoch, and each seed's best epoch beside the book's figure."""

from __future__ import annotations

import numpy as np

from reports.figures import figure_style, new_figure, svg_from_figure

COLOURS = ("tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple", "tab:brown")


def accuracy_by_epoch_figure(records: list[dict]) -> str:
    """Mean test accuracy after each epoch per configuration, with the seeds' min-max band."""
    with figure_style():
        fig = new_figure(7.0, 3.8)
        ax = fig.subplots()
        for record, colour in zip(records, COLOURS):
            curves = np.asarray(record["test_accuracy_by_epoch"])
            epochs = np.arange(1, curves.shape[1] + 1)
            ax.plot(epochs, curves.mean(axis=0), color=colour, label=record["title"])
            ax.fill_between(epochs, curves.min(axis=0), curves.max(axis=0), color=colour,
                            alpha=0.15, linewidth=0)
        ax.set_xlabel("epoch")
        ax.set_ylabel("test accuracy (%)")
        ax.legend(fontsize=7, loc="lower right")
        return svg_from_figure(fig)


def book_figures_against_seeds_figure(records: list[dict]) -> str:
    """Each seed's best-epoch test accuracy (dots), the book's figure (cross) and the 95 %
    prediction interval of one further run (bar), per configuration with a book figure."""
    shown = [r for r in records if r["book_figure"] is not None]
    with figure_style():
        fig = new_figure(6.0, 3.4)
        ax = fig.subplots()
        for position, record in enumerate(shown):
            seeds = record["best_accuracy"]["per_seed"]
            ax.plot([position] * len(seeds), seeds, "o", color="tab:blue", markersize=4,
                    alpha=0.7, label="our seeds (best epoch)" if position == 0 else None)
            if record["book_prediction_interval"] is not None:
                low, high = record["book_prediction_interval"]
                ax.plot([position + 0.15] * 2, [low, high], color="grey", linewidth=2,
                        label="95 % prediction interval" if position == 0 else None)
            ax.plot([position], [record["book_figure"]], "x", color="tab:red", markersize=8,
                    label="book" if position == 0 else None)
        ax.set_xticks(range(len(shown)), [r["name"] for r in shown], fontsize=7)
        ax.set_ylabel("test accuracy (%)")
        ax.legend(fontsize=7)
        return svg_from_figure(fig)


def mnist_figures(records: list[dict]) -> dict[str, str]:
    return {
        "mnist_test_accuracy_by_epoch": accuracy_by_epoch_figure(records),
        "mnist_book_figures_against_seeds": book_figures_against_seeds_figure(records),
    }
