"""LaTeX formulas become safe MathML, or escaped LaTeX source when they cannot."""

import xml.etree.ElementTree as ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

from reports.page.mathml import (
    MATHML_ELEMENTS,
    MathConversionError,
    latex_to_mathml,
    latex_to_mathml_or_raise,
    render_text_with_math,
)

MATHML = "{http://www.w3.org/1998/Math/MathML}"


def test_formula_becomes_a_math_element_with_the_expected_structure():
    markup = str(latex_to_mathml(r"\frac{\partial C}{\partial w} = (a-y)\,x"))
    root = ElementTree.fromstring(markup)
    assert root.tag == f"{MATHML}math"
    assert root.get("display") == "inline"
    assert root.find(f".//{MATHML}mfrac") is not None
    identifiers = [element.text for element in root.iter(f"{MATHML}mi")]
    assert {"a", "y", "x"} <= set(identifiers)


def test_block_display_is_requested_from_the_converter():
    root = ElementTree.fromstring(str(latex_to_mathml(r"a^L_j = \sigma(z^L_j)", "block")))
    assert root.get("display") == "block"
    assert root.find(f".//{MATHML}msubsup") is not None


def test_prime_and_greek_letters_convert():
    root = ElementTree.fromstring(str(latex_to_mathml(r"\sigma'(z) = \sigma(z)(1-\sigma(z))")))
    assert "\u03c3" in "".join(root.itertext())


@pytest.mark.parametrize("latex", [r"\frac{1}{", r"\notacommand{x}", r"x^{"])
def test_unconvertible_formula_falls_back_to_escaped_source(latex):
    with pytest.raises(MathConversionError):
        latex_to_mathml_or_raise(latex)
    markup = str(latex_to_mathml(latex))
    assert markup.startswith('<code class="tex"')
    assert "<math" not in markup


def test_markup_smuggled_through_text_is_not_passed_on():
    # latex2mathml copies \text{...} verbatim, so raw tags would reach the page without the check.
    markup = str(latex_to_mathml(r"\text{<img src=x onerror=alert(1)>}"))
    assert "<img" not in markup
    assert "&lt;img" in markup


def test_less_than_inside_a_formula_stays_escaped():
    markup = str(latex_to_mathml(r"a < b"))
    assert "<math" in markup and "<b" not in markup.replace("<math", "")


def test_bad_display_value_is_rejected_with_its_name():
    with pytest.raises(ValueError, match="display"):
        latex_to_mathml_or_raise("x", display="wide")


def test_text_with_inline_math_escapes_text_and_converts_dollar_spans():
    markup = str(render_text_with_math("if <b> then $x^2$ costs \\$5"))
    assert "&lt;b&gt;" in markup
    assert markup.count("<math") == 1
    assert "$5" in markup


# Property: whatever text reaches a formula, the page gets either MathML made only of MathML
# elements or escaped source; markup never passes through.
# Tokens rather than characters, so that whole tags and attributes turn up often.
MARKUP_TEXT = st.lists(
    st.sampled_from(list("<>&\"'/=ab x{}\\^_$;:") + ["<script>", "<img ", "onload", "</b>"]),
    max_size=25,
).map("".join)


def only_mathml_or_code(markup: str) -> bool:
    if markup.startswith('<code class="tex"'):
        inner = markup[markup.index(">") + 1 : -len("</code>")]
        return "<" not in inner and ">" not in inner
    root = ElementTree.fromstring(markup)
    return all(
        element.tag.startswith(MATHML) and element.tag[len(MATHML) :] in MATHML_ELEMENTS
        for element in root.iter()
    )


@settings(max_examples=150, deadline=None, derandomize=True)
@given(MARKUP_TEXT)
def test_text_inside_a_formula_never_becomes_markup(text):
    assert only_mathml_or_code(str(latex_to_mathml("\\text{" + text + "}")))


@settings(max_examples=150, deadline=None, derandomize=True)
@given(MARKUP_TEXT)
def test_any_formula_source_gives_mathml_or_escaped_code(text):
    assert only_mathml_or_code(str(latex_to_mathml(text)))


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    st.lists(st.sampled_from(list("<>&\"'ab \\") + ["<script>", "\u03c3"]), max_size=30).map(
        "".join
    )
)
def test_text_without_dollar_signs_is_only_escaped(text):
    assert str(render_text_with_math(text)) == str(escape(text))
