"""The checkable statements of the five documents that no claim judges, each with the reason, and
the statements a claim judges although its sources cite the same statement elsewhere.

Together with the claims' sources this is the whole list of checkable statements (a formula, a
number, a comparison, "always/never", "faster", "about N"): the coverage figure of the report is
the share of them a claim judges, per document and in all (:mod:`reports.coverage`). A statement
is counted once per document and claim, as the documents' ledgers list them.

Each entry gives the document, its line(s) (counted from 1, as in :class:`Source`), what the
document says there in our own words, and why it is not judged (or which claim judges it).
"""

from __future__ import annotations

from dataclasses import dataclass

from claims.catalog.documents import D000, D002, D003, D004


@dataclass(frozen=True)
class NotJudged:
    """A checkable statement no claim judges, deliberately: ``reason`` says why."""

    document: str
    lines: str
    statement: str
    reason: str


@dataclass(frozen=True)
class JudgedElsewhere:
    """A statement that claim ``claim_id`` judges, though the claim's sources cite the same
    statement in other lines or documents only."""

    document: str
    lines: str
    statement: str
    claim_id: str


HUMAN = ("about how people learn (a pianist, a basketball player), which nothing the project "
         "runs can measure; the neuron's side of the contrast is judged")
OUTSIDE = "about material outside the chapter's section and the documents, which the project does "

NOT_JUDGED: tuple[NotJudged, ...] = (
    NotJudged(D000, "15", "People learn fast from an obvious mistake and slowly from an unclear "
              "one.", HUMAN),
    NotJudged(D000, "21", "Suitable w and b for input 1 and output 0 are easy to find by hand.",
              "true of any target between 0 and 1 (w + b = ln(y / (1 - y))), and it frames the "
              "experiment rather than reporting a result"),
    NotJudged(D002, "3", "The chapter covers four regularisation methods: L1 and L2, dropout and "
              "artificial expansion of the training data.",
              OUTSIDE + "not contain (the list does count four)"),
    NotJudged(D002, "9", "People learn fast from an obvious mistake and slowly from an unclear "
              "one.", HUMAN),
    NotJudged(D002, "15", "Suitable w and b for input 1 and output 0 are easy to find by hand.",
              "true of any target between 0 and 1 (w + b = ln(y / (1 - y))), and it frames the "
              "experiment rather than reporting a result"),
    NotJudged(D002, "17", "At eta = 0.15 the browser animation is slow enough to follow and "
              "takes a few seconds.",
              "about the book's interactive page and the reader's browser, which the documents "
              "show only as still images"),
    NotJudged(D002, "138", "A badly wrong start for some inputs slows learning but does not stop "
              "it, since the weights keep learning from the other examples.",
              "a remark about a whole training set for which the document gives no setting to "
              "run; the slowdown itself is judged (quadratic-slow-when-output-near-0-or-1)"),
    NotJudged(D002, "175", "network2.py implements the cross-entropy and the chapter's other "
              "techniques.",
              "network2.py is not in the documents; the project re-implements its algorithm "
              "instead of running it, and the sgd claims judge that algorithm"),
    NotJudged(D002, "195", "Regularisation, later in the chapter, improves results more than the "
              "cross-entropy does.", OUTSIDE + "not contain: it trains no regularised network"),
    NotJudged(D002, "226", "Chapter 5 of Cover and Thomas treats the Kraft inequality.",
              "a pointer to a book, not a statement of the chapter's mathematics"),
    NotJudged(D002, "229", "The weight of input x_j is written x_j.",
              "a misprint for w_j; input-factor-slows-small-inputs judges the sentence read "
              "with w_j"),
    NotJudged(D002, "232", "Softmax layers are not used in the rest of the chapter; chapter 6 "
              "uses them.", OUTSIDE + "not contain"),
    NotJudged(D002, "299", "With c other than 1 the scaled softmax behaves much like the "
              "standard one.",
              "'much like' has no measure; the exercise's checkable parts are judged "
              "(softmax-scaled-is-distribution, softmax-hardmax-limit)"),
    NotJudged(D002, "300", "The translator's aside: the EM algorithm generalises k-means.",
              OUTSIDE + "not contain"),
    NotJudged(D003, "11", "People correct obvious mistakes quickly.", HUMAN),
    NotJudged(D003, "59-62", "A function can serve as a cost when it is non-negative and near 0 "
              "for outputs near the target.",
              "a definition the document sets itself; the two properties of the cross-entropy "
              "it then claims are judged (cross-entropy-nonnegative, "
              "cross-entropy-near-zero-when-correct)"),
    NotJudged(D003, "105", "Using the cross-entropy is a defensive strategy that makes training "
              "more stable.",
              "the document does not say what stability is, so no reading fixes a measurement"),
    NotJudged(D004, "16", "A player who misses by more should correct the shot by more.", HUMAN),
)

JUDGED_ELSEWHERE: tuple[JudgedElsewhere, ...] = (
    JudgedElsewhere(D000, "23", "w = 0.6 and b = 0.9 are ordinary starting values.",
                    "neuron-initial-parameters-typical"),
    JudgedElsewhere(D002, "17", "w = 0.6 and b = 0.9 are ordinary starting values.",
                    "neuron-initial-parameters-typical"),
)
