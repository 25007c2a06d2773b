"""What a mutant changes (reports.mutant_changes): the ledger key survives reformatting and tells
mutations apart, and the message rule recognises exactly the changes confined to error text."""

import shutil
import subprocess

import pytest

from reports.mutant_changes import MessageRule, mutation_key

# A function as written, and the same function laid out as a formatter lays it out (line
# breaks, quotes, parentheses, trailing commas, comments moved): the same syntax tree.
WRITTEN = """def scaled(values, eta, name='values'):
    if eta <= 0: raise ValueError(f"eta must be positive, got {eta}")
    total = sum(v * eta for v in values)  # the scaled sum
    for v in values:
        total = total + v
    for v in values:
        total = total + v
    return total / len(values) if values else 0.0
"""
FORMATTED = """def scaled(values, eta, name="values"):
    if eta <= 0:
        raise ValueError(
            f"eta must be positive, got {eta}"
        )
    # the scaled sum
    total = sum(
        v * eta
        for v in values
    )
    for v in values:
        total = (total + v)
    for v in values:
        total = total + v
    return (
        total / len(values)
        if values
        else 0.0
    )
"""


def mutate(source: str, old: str, new: str, count: int = 1) -> str:
    assert old in source, old
    return source.replace(old, new, count)


@pytest.mark.parametrize(
    "old_written, old_formatted, new",
    [
        ("v * eta", "v * eta", "v / eta"),
        ("eta <= 0", "eta <= 0", "eta < 0"),
        ("if values else 0.0", "else 0.0", "1.0"),
        ("total = total + v", "total = (total + v)", "total = total - v"),
    ],
)
def test_the_key_of_a_mutation_is_the_same_before_and_after_reformatting(
    old_written, old_formatted, new
):
    if old_written == "if values else 0.0":
        written = mutate(WRITTEN, "else 0.0", "else 1.0")
        formatted = mutate(FORMATTED, "else 0.0", "else 1.0")
    else:
        written = mutate(WRITTEN, old_written, new)
        formatted = mutate(FORMATTED, old_formatted, new)
    assert mutation_key(WRITTEN, written) == mutation_key(FORMATTED, formatted)


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is not installed")
def test_the_key_is_the_same_after_ruff_format():
    def ruff_format(source: str) -> str:
        return subprocess.run(
            ["ruff", "format", "--isolated", "--line-length", "40", "-"],
            input=source,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    mutated = mutate(WRITTEN, "v * eta", "v / eta")
    assert ruff_format(WRITTEN) != WRITTEN  # the layout did change
    assert mutation_key(ruff_format(WRITTEN), ruff_format(mutated)) == mutation_key(
        WRITTEN, mutated
    )


def test_different_mutations_have_different_keys():
    keys = {
        mutation_key(WRITTEN, mutate(WRITTEN, "v * eta", "v / eta")),
        mutation_key(WRITTEN, mutate(WRITTEN, "v * eta", "v + eta")),
        mutation_key(WRITTEN, mutate(WRITTEN, "eta <= 0", "eta < 0")),
        mutation_key(WRITTEN, mutate(WRITTEN, "eta <= 0", "eta <= 1")),
    }
    assert len(keys) == 4


def test_the_same_change_to_a_repeated_statement_says_which_occurrence():
    first = mutation_key(WRITTEN, mutate(WRITTEN, "total + v", "total - v"))
    second_source = WRITTEN.replace("total + v", "@", 1).replace("total + v", "total - v")
    second = mutation_key(WRITTEN, second_source.replace("@", "total + v"))
    assert first == ("total = total + v [1 of 2]", "total = total - v")
    assert second == ("total = total + v [2 of 2]", "total = total - v")


def test_a_change_in_a_compound_statements_header_is_keyed_by_the_header_line():
    assert mutation_key(WRITTEN, mutate(WRITTEN, "eta <= 0", "eta < 0")) == (
        "if eta <= 0:",
        "if eta < 0:",
    )


def test_a_mutant_that_changes_nothing_in_the_syntax_tree_is_refused():
    with pytest.raises(ValueError, match="changes nothing"):
        mutation_key(WRITTEN, FORMATTED)


# --- the message rule --------------------------------------------------------------------------

VALIDATION = """def require_finite(x, name="x"):
    if not np.isfinite(x).all():
        shown = f"{name} has {count(x)} entries"
        raise ValueError(f"{shown} that are not finite")
    return x


def count(x):
    return int(np.size(x))


def clipped(x, limit, name):
    x = require_finite(x, name)
    if limit < 0:
        raise ValueError("limit must be >= 0, got " + str(limit))
    return np.minimum(x, limit), name
"""
RULE = MessageRule([VALIDATION])


def function(name: str) -> str:
    start = VALIDATION.index(f"def {name}(")
    end = VALIDATION.find("\n\n\ndef ", start)
    return VALIDATION[start:] if end < 0 else VALIDATION[start : end + 1]


@pytest.mark.parametrize(
    "name, old, new",
    [
        ("require_finite", "that are not finite", "XXthat are not finiteXX"),  # raised text
        (
            "require_finite",
            'f"{name} has {count(x)} entries"',
            "None",
        ),  # a variable read only there
        ("require_finite", '"x"', '"XXxXX"'),  # the default of a message parameter
        ("clipped", '"limit must be >= 0, got "', '"LIMIT"'),
        ("clipped", "str(limit)", "str(None)"),
    ],
)
def test_a_change_confined_to_an_error_message_is_message_only(name, old, new):
    source = function(name)
    assert RULE.message_only(source, mutate(source, old, new))


@pytest.mark.parametrize(
    "name, old, new",
    [
        ("require_finite", "not np.isfinite(x).all()", "np.isfinite(x).all()"),  # what is refused
        ("require_finite", "return x", "return None"),
        ("clipped", "limit < 0", "limit <= 0"),
        ("clipped", "np.minimum(x, limit)", "np.maximum(x, limit)"),
    ],
)
def test_a_change_to_what_is_computed_or_refused_is_not_message_only(name, old, new):
    source = function(name)
    assert not RULE.message_only(source, mutate(source, old, new))


def test_a_parameter_read_only_in_messages_is_a_message_parameter_and_others_are_not():
    assert RULE.message_parameters["require_finite"] == {"name"}
    # clipped returns its name: not a message parameter, so what is passed for it matters
    assert "name" not in RULE.message_parameters["clipped"]
    source = function("clipped")
    assert RULE.message_only(
        source, mutate(source, "require_finite(x, name)", "require_finite(x, None)")
    )
    assert RULE.message_only(
        source, mutate(source, "require_finite(x, name)", "require_finite(x, )")
    )
    assert not RULE.message_only(
        source, mutate(source, "require_finite(x, name)", "require_finite(None, name)")
    )
    assert not RULE.message_only(source, mutate(source, "limit), name", "limit), None"))
