"""Quotes and statements shown as the mathematics and formatting they mean, never as raw markup.

A fragment of a document can be plain text, text with ``$...$`` or ``$$...$$`` spans, a bare LaTeX
formula (``\\sigma'(z) = ...``), a percent-encoded formula image address, or text with a few
HTML tags (003 writes ``σ<sup>'</sup>``). :func:`render_fragment` turns each into safe markup:

- ``$...$`` / ``$$...$$`` spans and bare formulas become MathML (:mod:`reports.page.mathml`);
  a formula latex2mathml cannot convert (a quote cut off inside ``\\frac``) is shown as readable
  text (:func:`latex_as_text`: ``\\frac{a}{b}`` as ``a/b``, ``\\sigma`` as ``σ``), never as source;
- the tags in :data:`ALLOWED_TAGS` are kept (without attributes), every other tag and all text
  are escaped.
"""

from __future__ import annotations

import re
import urllib.parse
from html.parser import HTMLParser

from markupsafe import Markup, escape

from reports.page.mathml import MathConversionError, latex_to_mathml_or_raise

ALLOWED_TAGS = frozenset({"sup", "sub", "em", "i", "b", "strong"})
_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
_MATH_SPAN = re.compile(r"(?<!\\)\$\$(.+?)(?<!\\)\$\$|(?<!\\)\$(.+?)(?<!\\)\$", re.DOTALL)
_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+")
_TAG = re.compile(r"</?\s*([A-Za-z]+)[^>]*>")
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")

SYMBOLS = {
    "sigma": "σ",
    "eta": "η",
    "delta": "δ",
    "epsilon": "ε",
    "partial": "∂",
    "sum": "∑",
    "prime": "′",
    "infty": "∞",
    "rightarrow": "→",
    "to": "→",
    "approx": "≈",
    "le": "≤",
    "ge": "≥",
    "leq": "≤",
    "geq": "≥",
    "neq": "≠",
    "cdot": "·",
    "times": "×",
    "ln": "ln",
    "log": "log",
    "exp": "exp",
    "max": "max",
    "min": "min",
    "lim": "lim",
    "ldots": "…",
    "quad": " ",
}


def decode_percent(text: str) -> str:
    """A formula embedded as a percent-encoded image address (``%5Cfrac%7B1%7D``) decoded."""
    return urllib.parse.unquote(text) if len(_PERCENT_ESCAPE.findall(text)) >= 2 else text


def latex_as_text(latex: str) -> str:
    """LaTeX as plain readable text: ``\\frac{a}{b}`` -> ``a/b``, ``\\hat y`` -> ``ŷ``,
    ``\\sigma`` -> ``σ``.
    """
    text = latex.replace("&", "")
    for _ in range(8):  # nested fractions, innermost first
        text, count = re.subn(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}", r"(\1)/(\2)", text)
        if not count:
            break
    text = re.sub(r"\\hat\s*\{?([A-Za-z])\}?", "\\1\u0302", text)
    text = re.sub(r"\\(left|right)\s*", "", text)
    text = re.sub(r"\\[dt]?frac\s*", "", text)
    text = _LATEX_COMMAND.sub(lambda m: SYMBOLS.get(m.group(0)[1:], m.group(0)[1:]), text)
    text = text.replace("\\,", " ").replace("\\;", " ").replace("\\{", "{").replace("\\}", "}")
    return re.sub(r"[{}]", "", text).replace("\\", "")


def math_markup(latex: str) -> Markup:
    """Inline MathML for ``latex``; readable text when it cannot be converted."""
    try:
        return Markup(latex_to_mathml_or_raise(latex.replace("&", "").strip()))
    except MathConversionError:
        return Markup('<span class="math-text">{}</span>').format(latex_as_text(latex))


class _AllowListParser(HTMLParser):
    """Keeps the allowed tags (balanced, without attributes) and escapes everything else."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ALLOWED_TAGS:
            self.parts.append(f"<{tag}>")
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in ALLOWED_TAGS and tag in self.open:
            while self.open:
                last = self.open.pop()
                self.parts.append(f"</{last}>")
                if last == tag:
                    break

    def handle_data(self, data):
        self.parts.append(str(escape(data)))

    def result(self) -> str:
        self.close()
        return "".join(self.parts) + "".join(f"</{tag}>" for tag in reversed(self.open))


def allowed_html(text: str) -> Markup:
    """``text`` with only the tags of :data:`ALLOWED_TAGS` kept; all else escaped."""
    if not _TAG.search(text):
        return Markup(escape(text))
    parser = _AllowListParser()
    parser.feed(text)
    return Markup(parser.result())


def looks_like_latex(text: str) -> bool:
    """A bare formula: LaTeX commands and no Chinese text around them."""
    return bool(_LATEX_COMMAND.search(text)) and not _CJK.search(text)


def render_fragment(text: str, html: bool = True) -> Markup:
    """A quote (``html=True``: allowed tags kept) or a statement of ours (``html=False``: every
    tag escaped) as markup, its math spans and bare formulas as MathML."""
    text = decode_percent(text or "")
    allowed = allowed_html if html else (lambda piece: Markup(escape(piece)))
    if "$" not in text and looks_like_latex(text):
        return math_markup(text)
    pieces: list[str] = []
    position = 0
    for match in _MATH_SPAN.finditer(text):
        pieces.append(str(allowed(text[position : match.start()].replace("\\$", "$"))))
        pieces.append(str(math_markup(match.group(1) or match.group(2))))
        position = match.end()
    pieces.append(str(allowed(text[position:].replace("\\$", "$"))))
    return Markup("".join(pieces))
