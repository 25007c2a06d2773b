"""LaTeX formulas as MathML that a browser renders without fetching anything.

The conversion uses ``latex2mathml``. Its output is not trusted as is: ``\\text{...}`` passes
raw markup through, so the result is parsed as XML and written out again keeping only MathML
elements and presentation attributes, with all text escaped. A formula that cannot be
converted (a syntax error, an unknown command left verbatim, markup that is not MathML) is
shown as escaped LaTeX source in ``<code class="tex">`` instead, so the report always builds.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

from markupsafe import Markup, escape

MATHML_NAMESPACE = "http://www.w3.org/1998/Math/MathML"

# MathML Core presentation elements (https://www.w3.org/TR/mathml-core/).
MATHML_ELEMENTS = frozenset(
    {
        "math",
        "mrow",
        "mi",
        "mn",
        "mo",
        "mtext",
        "mspace",
        "ms",
        "mfrac",
        "msqrt",
        "mroot",
        "msub",
        "msup",
        "msubsup",
        "munder",
        "mover",
        "munderover",
        "mmultiscripts",
        "mprescripts",
        "none",
        "mtable",
        "mtr",
        "mtd",
        "mstyle",
        "mpadded",
        "mphantom",
        "merror",
        "semantics",
        "annotation",
        "menclose",
        "mfenced",
    }
)
_ATTRIBUTE_NAME = re.compile(r"^[a-z][a-z-]*$")
_FORBIDDEN_ATTRIBUTES = frozenset({"href", "src", "style", "xlink:href"})
_INLINE_MATH = re.compile(r"(?<!\\)\$(.+?)(?<!\\)\$")


class MathConversionError(ValueError):
    """A LaTeX formula that could not be turned into safe MathML."""


def _local_name(tag: str) -> str:
    namespace, _, name = tag.rpartition("}")
    if namespace and namespace.lstrip("{") != MATHML_NAMESPACE:
        raise MathConversionError(f"element {tag!r} is outside the MathML namespace")
    return name


def _serialize(element: ElementTree.Element, *, root: bool) -> str:
    name = _local_name(element.tag)
    if name not in MATHML_ELEMENTS:
        raise MathConversionError(f"element <{name}> is not a MathML element")
    parts = [f"<{name}"]
    if root:
        parts.append(f' xmlns="{MATHML_NAMESPACE}"')
    for attribute, value in sorted(element.attrib.items()):
        if (
            not _ATTRIBUTE_NAME.match(attribute)
            or attribute.startswith("on")
            or attribute in _FORBIDDEN_ATTRIBUTES
        ):
            raise MathConversionError(f"attribute {attribute!r} is not allowed in MathML output")
        parts.append(f' {attribute}="{escape(value)}"')
    parts.append(">")
    parts.append(str(escape(element.text or "")))
    for child in element:
        parts.append(_serialize(child, root=False))
        parts.append(str(escape(child.tail or "")))
    parts.append(f"</{name}>")
    return "".join(parts)


def latex_to_mathml_or_raise(latex: str, display: str = "inline") -> str:
    """Safe MathML for ``latex``; raises :class:`MathConversionError` when it cannot."""
    if display not in ("inline", "block"):
        raise ValueError(f"display: expected 'inline' or 'block', found {display!r}")
    from latex2mathml.converter import convert

    try:
        converted = convert(latex, display=display)
    except Exception as error:  # latex2mathml raises many exception types on bad input
        raise MathConversionError(
            f"LaTeX {latex!r}: latex2mathml failed ({type(error).__name__}: {error})"
        ) from error
    try:
        tree = ElementTree.fromstring(converted)
    except ElementTree.ParseError as error:
        raise MathConversionError(
            f"LaTeX {latex!r}: conversion is not well-formed XML ({error})"
        ) from error
    for element in tree.iter():
        if element.text and "\\" in element.text:
            raise MathConversionError(
                f"LaTeX {latex!r}: command {element.text!r} was not converted"
            )
    return _serialize(tree, root=True)


def latex_to_mathml(latex: str, display: str = "inline") -> Markup:
    """MathML for ``latex`` as markup, or the escaped source in ``<code class="tex">``."""
    try:
        return Markup(latex_to_mathml_or_raise(latex, display))
    except MathConversionError:
        return Markup('<code class="tex" title="formula shown as LaTeX source">{}</code>').format(
            latex
        )


def render_text_with_math(text: str) -> Markup:
    """Escape ``text`` and render each ``$...$`` span in it as inline MathML."""
    pieces: list[str] = []
    position = 0
    for match in _INLINE_MATH.finditer(text):
        pieces.append(str(escape(text[position : match.start()].replace("\\$", "$"))))
        pieces.append(str(latex_to_mathml(match.group(1))))
        position = match.end()
    pieces.append(str(escape(text[position:].replace("\\$", "$"))))
    return Markup("".join(pieces))
