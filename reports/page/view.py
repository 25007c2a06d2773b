"""What the page shows, derived from the results record: findings, verdict wording, documents'
names and locators, the layered overview of what rests on what.

Nothing here changes a verdict; it only decides how a verdict reads. The convention:

- a claim's title states what the document says; its *status* says whether that holds;
- ``wrong``: the claim was expected refuted and was refuted -- the document is wrong here;
- ``right``: expected to hold and held;
- ``unexpected-refuted`` / ``unexpected-holds``: the verdict differs from the expected one;
- ``not-judged``: its experiment ran, but at a profile that cannot judge it (the reason says why);
- ``not-run`` and ``error``: no witness ran, or one raised an error.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from claims.catalog import claim_by_id
from claims.catalog.documents import SOURCE_DOCUMENTS
from experiments.neuron import EPOCHS, GOOD_START, LEARNING_RATES, SATURATED_START
from experiments.statistics import split_lumps
from reports.page.claim_graph import claim_depths

# 002 is located by its own headings: the catalog's English section names -> 002's headings.
SECTION_HEADINGS = {
    "introducing the cross-entropy cost function": "引入交叉熵代价函数",
    "the cross-entropy cost function": "交叉熵代价函数",
    "using the cross-entropy to classify MNIST digits": "使用交叉熵来对 MNIST 数字进行分类",
    "what does the cross-entropy mean? where does it come from?": "交叉熵的含义？源自哪里？",
    "what does the cross-entropy mean?": "交叉熵的含义？源自哪里？",
    "Softmax": "Softmax",
}
_SECTION = re.compile(r"section '([^']*)'")

WRONG, RIGHT = "wrong", "right"
UNEXPECTED_REFUTED, UNEXPECTED_HOLDS = "unexpected-refuted", "unexpected-holds"
NOT_JUDGED, NOT_RUN, ERROR = "not-judged", "not-run", "error"
STATUS_CLASS = {
    WRONG: "wrong",
    RIGHT: "good",
    UNEXPECTED_REFUTED: "error",
    UNEXPECTED_HOLDS: "error",
    NOT_JUDGED: "neutral",
    NOT_RUN: "neutral",
    ERROR: "error",
}


def document_short(document: str) -> str:
    """``000_de8b...txt`` -> ``000``; other names unchanged."""
    match = re.match(r"^(\d{3})_[0-9a-f]+\.txt$", document)
    return match.group(1) if match else document


def document_name(document: str) -> dict[str, str]:
    """{"short", "file", "title", "author"} of a document, from the catalog's table of them
    (:data:`claims.catalog.documents.SOURCE_DOCUMENTS`); unknown documents by their file name."""
    known = SOURCE_DOCUMENTS.get(document)
    title, author = (known.title, known.author) if known is not None else (document, "")
    return {"short": document_short(document), "file": document, "title": title, "author": author}


def printed_figure(claim_id: str) -> str:
    """The first figure the sources of catalog claim ``claim_id`` print, as printed."""
    figures = [figure for source in claim_by_id(claim_id).sources for figure in source.figures]
    if not figures:
        raise ValueError(f"claim {claim_id!r}: expected a source that prints a figure, found none")
    return figures[0]


def page_numbers() -> dict[str, str]:
    """The numbers the page's own words print (figure captions, the demo's starting values): the
    documents' figures from their catalog entries and the single-neuron runs' settings from
    :mod:`experiments.neuron`, each as text."""
    return {
        "good_output": printed_figure("neuron-initial-output-082"),
        "saturated_output": printed_figure("neuron-initial-output-098"),
        "slow_start_epochs": printed_figure("quadratic-neuron-slow-start-150-epochs"),
        "good_w": f"{GOOD_START[0]:g}",
        "good_b": f"{GOOD_START[1]:g}",
        "saturated_w": f"{SATURATED_START[0]:g}",
        "saturated_b": f"{SATURATED_START[1]:g}",
        "quadratic_eta": f"{LEARNING_RATES['quadratic']:g}",
        "cross_entropy_eta": f"{LEARNING_RATES['cross_entropy']:g}",
        "epochs": str(EPOCHS),
    }


_LINES = re.compile(r"\blines? (\d+(?:\s*(?:[-\u2013,]|and)\s*\d+)*)")


def locator_text(locator: str, lang: str = "en") -> str:
    """The locator in the document's own terms: an English section name of 002 replaced by its
    heading 「in brackets」; in Chinese, "line 87" / "lines 43-45" read 第 87 行 / 第 43-45 行."""
    text = _SECTION.sub(lambda m: f"「{SECTION_HEADINGS.get(m.group(1), m.group(1))}」", locator)
    if lang == "zh":
        text = _LINES.sub(lambda m: f"第 {m.group(1).replace(' and ', '、')} 行", text)
    return text


def claim_status(claim: Mapping, mnist_status: str) -> tuple[str, str]:
    """(status, reason) of a claim record, following the module's convention."""
    verdict, expected = claim["verdict"], claim["expected"]
    if verdict in ("holds", "refuted"):
        if verdict != expected:
            return (UNEXPECTED_REFUTED if verdict == "refuted" else UNEXPECTED_HOLDS), claim[
                "verdict_reason"
            ]
        return (WRONG if verdict == "refuted" else RIGHT), claim["verdict_reason"]
    if verdict == "error":
        return ERROR, claim["verdict_reason"]
    skipped = [
        w for w in claim["witnesses"] if w["kind"] == "experiment" and w["outcome"] == "skipped"
    ]
    if mnist_status == "ran" and skipped:
        return NOT_JUDGED, skipped[0].get("message") or claim["verdict_reason"]
    return NOT_RUN, claim["verdict_reason"]


def findings(claims: Sequence[Mapping], documents: Sequence[Mapping]) -> list[dict]:
    """Per document (catalog order), the claims it gets wrong: expected refuted, or refuted."""
    groups = []
    for ledger in documents:
        ids = [s["claim_id"] for s in ledger["statements"]]
        wrong = [
            c
            for c in claims
            if c["id"] in ids and (c["expected"] == "refuted" or c["verdict"] == "refuted")
        ]
        if wrong:
            groups.append({"document": ledger["document"], "claims": wrong})
    return groups


def dependents_of(claims: Sequence[Mapping]) -> dict[str, list[str]]:
    """claim id -> the claims that rest on it."""
    dependents: dict[str, list[str]] = {}
    for claim in claims:
        for dependency in claim["rests_on"]:
            dependents.setdefault(dependency, []).append(claim["id"])
    return dependents


def dependency_layers(claims: Sequence[Mapping], min_dependents: int = 2) -> list[list[str]]:
    """Layers of the overview graph: the claims others rest on most (at least ``min_dependents``)
    and every claim resting on them, layer d = longest chain below the claim within the overview."""
    dependents = dependents_of(claims)
    hubs = {cid for cid, users in dependents.items() if len(users) >= min_dependents}
    shown = hubs | {c["id"] for c in claims if set(c["rests_on"]) & hubs}
    rests_on = {
        c["id"]: [d for d in c["rests_on"] if d in shown] for c in claims if c["id"] in shown
    }
    depths = claim_depths(rests_on)
    layers: list[list[str]] = [[] for _ in range(max(depths.values(), default=-1) + 1)]
    for claim in claims:
        if claim["id"] in depths:
            layers[depths[claim["id"]]].append(claim["id"])
    return layers


def decimals_of(value) -> int | None:
    """Decimals a printed number carries (0.31 -> 2, 12.5 -> 1, 300 -> 0); None if not a number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    text = repr(float(value)) if isinstance(value, float) else str(value)
    if "e" in text or "E" in text:
        return None
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    return len(fraction)


def as_printed(value, like) -> str:
    """``value`` rounded to the decimals of the printed number ``like`` plus one more digit."""
    decimals = decimals_of(like)
    if decimals is None or not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    return f"{value:.{decimals + 1}f}"


_LONG_DECIMAL = re.compile(r"(?<![\w.])-?\d+\.\d{7,}(?![\d.])")


def rounded_numbers(text: str) -> str:
    """``text`` with every number of seven or more decimals (a float written out by a program,
    ``95.8132181571136``) shown to six significant digits (``95.8132``), as the page's tables
    show numbers."""
    return _LONG_DECIMAL.sub(lambda m: f"{float(m.group(0)):.6g}", text or "")


def significance_rows(rows: Sequence[Mapping]) -> list[dict]:
    """The significance rows with identical numbers merged: one row, its readings listed."""
    merged: list[dict] = []
    for row in rows:
        key = (row.get("comparison"), repr(row.get("welch")), repr(row.get("bootstrap_95")))
        for existing in merged:
            if existing["_key"] == key:
                existing["readings"].append(row.get("reading") or "")
                break
        else:
            merged.append({**row, "_key": key, "readings": [row.get("reading") or ""]})
    return merged


def book_judgement(config: Mapping) -> dict | None:
    """How the judge read the book's figure of an MNIST configuration: {"verdict" (of its
    comparison row: holds when the figure lies inside the interval), "interval" (the 95 %
    prediction interval of one further run from the seeds that train, as
    :func:`experiments.mnist_checks.book_figure` computes it; None with fewer than two)};
    None when the configuration has no book figure."""
    row = config.get("book_row")
    best = (config.get("best_accuracy") or {}).get("per_seed")
    if config.get("book_figure") is None or not row:
        return None
    interval = split_lumps(best)["working"]["prediction_interval"] if best else None
    return {"verdict": row.get("verdict"), "interval": interval}


def stall_summary(config: Mapping) -> dict | None:
    """The seeds of an MNIST configuration that train and those that stall, for the page:
    {"seeds", "training", "stalled", "mean", "std", "low", "high" (best-epoch accuracy of the
    seeds that train), "stalled_low", "stalled_high" (None without stalls)}; None when the
    record has no per-seed readings."""
    seeds, best = config.get("seeds") or [], (config.get("best_accuracy") or {}).get("per_seed")
    if not seeds or not best:
        return None
    stalled_seeds = set(config.get("stalled_seeds") or ())
    stalled = [value for seed, value in zip(seeds, best) if seed in stalled_seeds]
    training = (config.get("training") or {}).get("best_accuracy") or config["best_accuracy"]
    return {
        "seeds": len(seeds),
        "training": len(seeds) - len(stalled),
        "stalled": len(stalled),
        "mean": training.get("mean"),
        "std": training.get("std"),
        "low": training.get("min"),
        "high": training.get("max"),
        "stalled_low": min(stalled) if stalled else None,
        "stalled_high": max(stalled) if stalled else None,
    }


def configs_with_stalls(configs: Sequence[Mapping]) -> list[Mapping]:
    """The MNIST configurations some of whose seeds stall."""
    return [config for config in configs if config.get("stalled_seeds")]
