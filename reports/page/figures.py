"""Figures as self-contained SVG text that can be inlined in an HTML page.

Matplotlib draws off-screen (the Agg canvas, no display needed) and writes SVG. The output is made
a pure function of the figure's content: a fixed ``svg.hashsalt`` (element ids are otherwise
random), no metadata block (it carries a date and resource URIs), text kept as ``<text>`` elements
(``svg.fonttype: none``) rather than glyph outlines. The XML prolog and the DOCTYPE (which names an
external DTD) are removed, so what remains is a single ``<svg>`` element with no external
references.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402  (the backend must be chosen first)

# A panel is drawn at most PANEL_WIDTH_IN wide and scaled to its box (width 100 %). On a 400 px
# phone the box is about 320 CSS px, so 1 pt of the panel shows as 320 / (72 x 3.8) = 1.17 px
# and the smallest text, MIN_FONT_PT, as 10.5 px. Small panels (SMALL_PANEL_WIDTH_IN) sit two
# to a row there, about 155 px each: 155 / (72 x 1.9) x 9 = 10.2 px.
MIN_FONT_PT = 9.0
PANEL_WIDTH_IN = 3.8
SMALL_PANEL_WIDTH_IN = 1.9

SVG_STYLE = {
    "svg.hashsalt": "nnclaims",
    "svg.fonttype": "none",
    "font.size": 10.0,
    "font.sans-serif": ["DejaVu Sans"],
    "legend.fontsize": MIN_FONT_PT,
    "axes.titlesize": 10.0,
    "axes.grid": True,
    "grid.alpha": 0.3,
}

_SIZE = re.compile(r'\A<svg([^>]*?) width="[^"]*" height="[^"]*"')
_PROLOG = re.compile(r"\A\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?", re.DOTALL)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)


@contextmanager
def figure_style() -> Iterator[None]:
    """The rc settings under which every project figure is drawn and saved."""
    with matplotlib.rc_context(SVG_STYLE):
        yield


def new_figure(width: float = 6.0, height: float = 3.6) -> Figure:
    """A figure outside pyplot's global figure manager (nothing to close, nothing leaks).

    Draw it inside :func:`figure_style` so that fonts and grid follow :data:`SVG_STYLE`."""
    return Figure(figsize=(width, height), layout="constrained")


def svg_from_figure(fig: Figure) -> str:
    """The figure as one ``<svg>`` element: deterministic, no prolog, no external references."""
    buffer = io.StringIO()
    with figure_style():
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    text = _METADATA.sub("", _PROLOG.sub("", buffer.getvalue(), count=1), count=1)
    if not text.startswith("<svg"):
        raise RuntimeError(f"expected SVG output to start with <svg, got {text[:40]!r}")
    # the viewBox keeps the proportions; the page sets the width (100 % of the panel's box)
    return _SIZE.sub(r'<svg\1 width="100%"', text, count=1).rstrip() + "\n"


def label_curve(ax, x: float, y: float, text: str, colour: str, side: str = "right") -> None:
    """``text`` just above the point (x, y) of a curve and to its ``side``, in the curve's
    colour: a direct label where a legend would make the reader match colours."""
    ax.annotate(
        text,
        (x, y),
        xytext=(4 if side == "right" else -4, 4),
        textcoords="offset points",
        ha="left" if side == "right" else "right",
        va="bottom",
        color=colour,
        fontsize=MIN_FONT_PT,
    )
