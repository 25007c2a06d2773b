"""The learning-rate sweep's figure: validation accuracy against the learning rate, drawn from
the summary of :func:`experiments.sweep_summary.summarize`."""

from __future__ import annotations

from experiments.sweep import summary_for_report as experiment_summary
from runs.cache import ResultCache


def summary_for_report(cache: ResultCache) -> dict | None:
    """The default sweep's summary (:func:`experiments.sweep.summary_for_report`) with its
    figure as inline SVG under ``figure_svg``; None until the sweep has run."""
    summary = experiment_summary(cache)
    if summary is not None:
        summary["figure_svg"] = validation_figure(summary)
    return summary


def validation_figure(summary: dict) -> str:
    """:func:`draw_validation_figure` as inline SVG."""
    from reports.page.figures import svg_from_figure

    return svg_from_figure(draw_validation_figure(summary))


def draw_validation_figure(summary: dict):
    """Mean final-epoch validation accuracy (error bars: one sample standard deviation over
    seeds) against the learning rate, one panel per network size, one line per cost; the
    chosen rate of each cost is ringed."""
    from reports.page.figures import figure_style, new_figure

    sizes_list = summary["grid"]["sizes"]
    with figure_style():
        figure = new_figure(width=3.2 * len(sizes_list) + 0.6, height=3.2)
        axes = figure.subplots(1, len(sizes_list), squeeze=False)[0]
        for ax, sizes in zip(axes, sizes_list):
            for curve in (c for c in summary["curves"] if c["sizes"] == sizes):
                points = [p for p in curve["points"] if p["validation_accuracy"] is not None]
                etas = [p["eta"] for p in points]
                means = [100 * p["validation_accuracy"]["mean"] for p in points]
                stds = [100 * (p["validation_accuracy"]["std"] or 0.0) for p in points]
                line = ax.errorbar(
                    etas,
                    means,
                    yerr=stds,
                    marker="o",
                    markersize=3,
                    capsize=2,
                    label=curve["label"],
                )
                chosen = next(
                    t["chosen_eta"]
                    for t in summary["tuned"]
                    if t["sizes"] == sizes and t["cost"] == curve["cost"]
                )
                if chosen is not None:
                    mean = next(m for e, m in zip(etas, means) if e == chosen)
                    ax.plot(
                        [chosen],
                        [mean],
                        marker="o",
                        markersize=9,
                        fillstyle="none",
                        color=line.lines[0].get_color(),
                        linestyle="none",
                    )
            ax.set_xscale("log")
            ax.set_xlabel("learning rate η")
            ax.set_ylabel("validation accuracy (%)")
            ax.set_title(f"{sizes}, {summary['grid']['epochs']} epochs")
            ax.legend(loc="best")
    return figure
