"""The summary ``python -m reports.build`` prints when the report is written, from the results
in memory (never from the file, which another build may already have replaced): where the
report is, the MNIST accuracies beside the book's, each statement the documents get wrong by its
catalog title with the number that decides it, and what did not run. Lines fit an 80-column
terminal; the summary is in English, the terminal's language, whatever ``--lang`` says."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path

from reports.page.i18n import LANGUAGES

NO_SWEEP = (
    "phase not run: learning-rate sweep summary (no cached sweep runs; run "
    "python -m reports.sweep, or build with --with-sweep)"
)
WIDTH = 80
# Text is wrapped a little short of the width: a CJK character in a quote takes two columns.
TEXT_WIDTH = 76
MISSING = "-"
MNIST_HEADER = ("network", "book", "ours: mean [range]", "seeds")
COSTS = {"cross_entropy": "cross-entropy", "quadratic": "quadratic", "log_likelihood": "log-lik."}


def print_summary(results: Mapping, results_path: Path, index_path: Path) -> list[str]:
    """Print where the report is and what it found -- last, what matters most: the statements the
    documents get wrong, the verdicts that moved from the expected one, and why a phase did not
    run; return the problems it records."""
    counts = results["summary"]["claims_by_verdict"]
    print(f"report: {index_path} (also {', '.join(f'index.{code}.html' for code in LANGUAGES)})")
    print(f"results: {results_path}")
    print("claims: " + ", ".join(f"{n} {verdict}" for verdict, n in counts.items() if n))
    print(f"MNIST experiments: {results['experiments']['mnist_status']}")
    for line in mnist_table_lines(results["experiments"]):
        print(line)
    for line in closing_lines(results):
        print(line)
    return results["problems"]


def closing_lines(results: Mapping) -> list[str]:
    """The summary's last lines: the statements the documents get wrong (each by title, with
    where the document says it and the number that decides it), expected verdicts that moved,
    and each phase that did not run with the reason."""
    claims = results["claims"]
    moved = [
        f"{c['id']} (expected {c['expected']}, now {c['verdict']})"
        for c in claims
        if c["verdict"] in ("holds", "refuted") and c["verdict"] != c["expected"]
    ]
    notes = [
        f"expected verdicts that moved: {len(moved)}" + (f": {'; '.join(moved)}" if moved else "")
    ]
    experiments = results["experiments"]
    if experiments.get("mnist_status") != "ran":
        reason = experiments.get("mnist_reason") or "no reason given"
        notes.append(f"phase not run: MNIST experiments ({reason})")
    if experiments.get("sweep") is None:
        notes.append(NO_SWEEP)
    if experiments.get("neuron_error"):
        notes.append(f"phase not run: single-neuron experiment ({experiments['neuron_error']})")
    notes += [f"problem: {problem}" for problem in results["problems"]]
    lines = wrong_statement_lines(claims, experiments)
    for note in notes:
        lines += _wrapped(note, "", "  ")
    return lines


def wrong_statement_lines(claims: Sequence[Mapping], experiments: Mapping) -> list[str]:
    """ "statements the documents get wrong: N", then per refuted claim its catalog title and,
    indented, where the first document says it and what decides it (:func:`deciding_text`)."""
    wrong = [claim for claim in claims if claim["verdict"] == "refuted"]
    rows: dict[str, list[Mapping]] = {}
    for key in ("neuron_comparisons", "mnist_comparisons"):
        for row in experiments.get(key) or []:
            rows.setdefault(row.get("claim_id"), []).append(row)
    lines = [f"statements the documents get wrong: {len(wrong)}"]
    for claim in wrong:
        lines += _wrapped(f"- {claim.get('title') or claim['id']}", "  ", "    ")
        where = source_text(claim.get("sources") or [])
        decided = deciding_text(claim, rows.get(claim["id"], []))
        lines += _wrapped(f"{where}: {decided}" if where else decided, "    ", "    ")
    return lines


def source_text(sources: Sequence[Mapping]) -> str:
    """Where the first source says it: "004 line 39", "002 lines 73-74 (and 2 more places)"."""
    if not sources:
        return ""
    first = sources[0]
    lines = str(first.get("lines") or "")
    label = "line" if lines.isdigit() else "lines"
    document = str(first.get("document", "")).split("_", 1)[0].removesuffix(".txt")
    text = f"{document} {label} {lines}".strip()
    more = len(sources) - 1
    return text + (f" (and {more} more place{'s' if more > 1 else ''})" if more else "")


def deciding_text(claim: Mapping, rows: Sequence[Mapping]) -> str:
    """What decides a refuted claim, as the report records it: the judge's comparison row (what
    the document states against what our runs compute), else the counterexample a witness found,
    else the catalog's reason."""
    refuted = [row for row in rows if row.get("verdict") == "refuted"]
    if refuted:
        row = refuted[0]
        return f"says {row.get('stated')}; computed {_number_text(row.get('computed'))}"
    counterexamples = [str(text) for text in claim.get("counterexamples") or []]
    documents = tuple(str(source.get("document", "")) for source in claim.get("sources") or [])
    # a counterexample that opens with the document's locator repeats the comparison row's note
    plain = [text for text in counterexamples if not (documents and text.startswith(documents))]
    if plain or counterexamples:
        return (plain or counterexamples)[0]
    return str(claim.get("reason") or claim.get("verdict_reason") or "see the report")


def mnist_table_lines(experiments: Mapping) -> list[str]:
    """The MNIST accuracies beside the book's, one line per configuration, from the records the
    report shows: the book's printed figure, and over our seeds that train the best-epoch test
    accuracy (the book's reading) as mean [lowest-highest], with how many seeds train and how
    many stall. Nothing when the experiment did not run."""
    configs = experiments.get("mnist") or []
    if experiments.get("mnist_status") != "ran" or not configs:
        return []
    rows = [MNIST_HEADER] + [_mnist_row(config) for config in configs]
    widths = [max(len(row[i]) for row in rows) for i in range(len(MNIST_HEADER))]
    lines = ["MNIST test accuracy, % (best epoch, our seeds that train):"]
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [cell.rjust(w) for cell, w in zip(row[1:], widths[1:])]
        lines.append(("  " + "  ".join(cells))[:WIDTH])
    if not experiments.get("mnist_comparable_with_book"):
        profile = experiments.get("mnist_profile")
        lines += _wrapped(
            f"(profile {profile} trains shorter than the book: not comparable with its figures)",
            "  ",
            "  ",
        )
    return lines


def _mnist_row(config: Mapping) -> tuple[str, str, str, str]:
    sizes = "-".join(str(size) for size in config.get("sizes") or [])
    network = f"{sizes} {COSTS.get(config.get('cost'), config.get('cost') or '')}".strip()
    title = str(config.get("title") or "")
    if ":" in title:  # a configuration named after its source ("003's script: ...")
        network += f", {title.split(':', 1)[0]}"
    book = config.get("book_figure")
    training = (config.get("training") or {}).get("best_accuracy") or config.get("best_accuracy")
    training = training or {}
    mean, low, high = (training.get(key) for key in ("mean", "min", "max"))
    ours = MISSING if mean is None else f"{mean:.2f}"
    if mean is not None and low is not None and high is not None:
        ours += f" [{low:.1f}-{high:.1f}]"
    seeds = len(config.get("seeds") or [])
    stalled = len(config.get("stalled_seeds") or [])
    counted = f"{seeds - stalled}" + (f" ({stalled} stall)" if stalled else "")
    return network, f"{book:.2f}" if book is not None else MISSING, ours, counted


def _number_text(value) -> str:
    """A computed figure as a reader takes it in: four significant digits for a float."""
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def _wrapped(text: str, first: str, rest: str) -> list[str]:
    """``text`` in lines of at most TEXT_WIDTH columns; a path or command is never split."""
    return textwrap.wrap(
        text,
        TEXT_WIDTH,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first]
