"""Figures are deterministic, self-contained SVG elements."""

import re

import numpy as np
import pytest

from reports.page.figures import figure_style, new_figure, svg_from_figure


def _line_figure():
    with figure_style():
        fig = new_figure()
        ax = fig.subplots()
        x = np.linspace(0, 1, 50)
        ax.plot(x, x**2, label="x squared")
        ax.set_title("a title")
        ax.legend()
    return fig


def test_same_figure_gives_the_same_svg_text():
    assert svg_from_figure(_line_figure()) == svg_from_figure(_line_figure())


def test_svg_is_one_inlinable_element_without_external_references():
    svg = svg_from_figure(_line_figure())
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "<?xml" not in svg and "<!DOCTYPE" not in svg and "<metadata>" not in svg
    # Only namespace declarations may name a URL; nothing is fetched (no href to http, no url()).
    without_namespaces = re.sub(r'xmlns(:\w+)?="[^"]*"', "", svg)
    assert "http" not in without_namespaces


def test_text_stays_text():
    svg = svg_from_figure(_line_figure())
    assert "<text" in svg and "a title" in svg


@pytest.mark.parametrize("name", ["neuron_cost_curves", "neuron_gradient_against_output"])
def test_neuron_figures_are_svg(name):
    from experiments.neuron import LEARNING_RATES, STARTS, NeuronRun, train_neuron
    from reports.page.neuron_figures import neuron_figures

    runs = [
        train_neuron(NeuronRun(w, b, cost, eta, epochs=20))
        for cost, eta in LEARNING_RATES.items()
        for w, b in STARTS
    ]
    panels = neuron_figures(runs)[name]
    assert panels and all(re.match(r'<svg[^>]* width="100%"', panel) for panel in panels)
    assert all(re.search(r'viewBox="0 0 [\d.]+ [\d.]+"', panel) for panel in panels)
