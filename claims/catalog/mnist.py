"""The MNIST results of document 002 (Nielsen's 30- and 100-hidden-neuron networks) and their
arithmetic."""

from __future__ import annotations

from claims.catalog.documents import D002
from claims.catalog.model import Claim, Control, Reading, Source, check, control

S = Source
PREDICTION = ("a printed accuracy is one run: it holds if it lies inside the 95 % prediction "
                    "interval of one further run from our seeds (best-epoch test accuracy, the "
                    "book's protocol)")


def _moved_down(figure: str) -> Control:
    """The negative control of a printed accuracy: the same check on the figure moved 2 points
    down, several prediction intervals away for every configuration that trains."""
    return control("the same check on the book's figure moved 2 points down",
                   figure=f"{float(figure) - 2:.2f}")

# (cross-entropy run, quadratic run, the claims printing their figures), for both sizes
BOOK_PAIRS = (
    ("cross-entropy-30", "quadratic-30", "mnist-cross-entropy-30-hidden-9549",
     "mnist-quadratic-30-hidden-9542"),
    ("cross-entropy-100", "quadratic-100", "mnist-cross-entropy-100-hidden-9682",
     "mnist-quadratic-100-hidden-9659"),
)

CLAIMS: tuple[Claim, ...] = (
    Claim(
        id="mnist-cross-entropy-30-hidden-9549",
        title="Cross-entropy, 30 hidden neurons: 95.49 %",
        statement="A 784-30-10 sigmoid network with the cross-entropy cost, large (N(0,1)) "
                  "initialisation, mini-batches of 10, eta=0.5 and 30 epochs reaches 95.49 % "
                  "test accuracy.",
        formula="",
        sources=(S(D002, "187", "使用交叉熵来对 MNIST 数字进行分类", "95.49%",
                   says="784-30-10, cross-entropy, eta = 0.5, 30 epochs: 95.49 % test accuracy.",
                   figure="95.49"),),
        kind="numerical result", rests_on=(), expected="holds",
        experiment="mnist",
        exercises=(),
        check=check("experiments.mnist_checks.book_figure", 0.95, PREDICTION,
                    config="cross-entropy-30",
                    controls=(_moved_down("95.49"),
                              control("the same figure against the 100-hidden cross-entropy runs",
                                      config="cross-entropy-100"))),
    ),
    Claim(
        id="mnist-quadratic-30-hidden-9542",
        title="Quadratic cost, 30 hidden neurons: 95.42 %",
        statement="The chapter-1 784-30-10 sigmoid network with the quadratic cost (settings "
                  "of chapter 1, not restated in 002: eta=3.0, mini-batches of 10, 30 epochs) "
                  "reaches 95.42 %.",
        formula="",
        sources=(S(D002, "187", "使用交叉熵来对 MNIST 数字进行分类", "95.42%",
                   says="Chapter 1's 784-30-10 network with the quadratic cost reached 95.42 %.",
                   figure="95.42"),),
        kind="numerical result", rests_on=(), expected="holds",
        experiment="mnist",
        exercises=(),
        check=check("experiments.mnist_checks.book_figure", 0.95, PREDICTION, config="quadratic-30",
                    controls=(_moved_down("95.42"),)),
    ),
    Claim(
        id="mnist-cross-entropy-100-hidden-9682",
        title="Cross-entropy, 100 hidden neurons: 96.82 %",
        statement="The same cross-entropy setup with 100 hidden neurons reaches 96.82 %.",
        formula="",
        sources=(S(D002, "189", "使用交叉熵来对 MNIST 数字进行分类", "96.82%",
                   says="784-100-10, cross-entropy, other settings unchanged: 96.82 %.",
                   figure="96.82"),),
        kind="numerical result", rests_on=(), expected="holds",
        experiment="mnist",
        exercises=(),
        check=check("experiments.mnist_checks.book_figure", 0.95, PREDICTION,
                    config="cross-entropy-100",
                    controls=(_moved_down("96.82"),
                              control("the same figure against the 30-hidden cross-entropy runs",
                                      config="cross-entropy-30"))),
    ),
    Claim(
        id="mnist-quadratic-100-hidden-9659",
        title="Quadratic cost, 100 hidden neurons: 96.59 %",
        statement="The chapter-1 quadratic-cost network with 100 hidden neurons reaches 96.59 %.",
        formula="",
        sources=(S(D002, "189", "使用交叉熵来对 MNIST 数字进行分类", "96.59%",
                   says="Chapter 1's 784-100-10 network with the quadratic cost reached 96.59 %.",
                   figure="96.59"),),
        kind="numerical result", rests_on=(), expected="holds",
        experiment="mnist",
        exercises=(),
        check=check("experiments.mnist_checks.book_figure", 0.95, PREDICTION,
                    config="quadratic-100", controls=(_moved_down("96.59"),)),
    ),
    Claim(
        id="mnist-error-rates-341-318",
        title="Error rates 3.41 % and 3.18 %",
        statement="Accuracies 96.59 % and 96.82 % correspond to error rates 3.41 % and 3.18 %.",
        formula=r"100 - 96.59 = 3.41,\quad 100 - 96.82 = 3.18",
        sources=(S(D002, "189", "使用交叉熵来对 MNIST 数字进行分类", "从 3.41% 下降到 3.18%",
                   says="Accuracies 96.59 % and 96.82 % are error rates 3.41 % and 3.18 %.",
                   figure="3.41, 3.18"),),
        kind="numerical result",
        rests_on=("mnist-cross-entropy-100-hidden-9682", "mnist-quadratic-100-hidden-9659"),
        expected="holds",
        exercises=(),
        check=check("experiments.mnist_checks.error_rates", 0,
                    "exact: both figures have two printed decimals, and 100 minus a two-decimal "
                    "accuracy is exact in decimal arithmetic (the report had used floats)",
                    accuracies=("mnist-quadratic-100-hidden-9659",
                                "mnist-cross-entropy-100-hidden-9682"),
                    controls=(control("the same check with the second error rate misprinted as "
                                      "3.28 %", figure="3.41, 3.28"),)),
    ),
    Claim(
        id="mnist-one-fourteenth-of-errors",
        title="002: 1/14 of the errors eliminated",
        statement="002 says going from 3.41 % to 3.18 % error eliminates 1/14 of the original "
                  "errors.",
        formula=r"\frac{3.41-3.18}{3.41} = \frac{1}{14}",
        sources=(S(D002, "189", "使用交叉熵来对 MNIST 数字进行分类", "原误差的 $$1/14$$",
                   says="Going from 3.41 % to 3.18 % error removes 1/14 of the errors.",
                   figure="1/14"),),
        kind="numerical result", rests_on=("mnist-error-rates-341-318",), expected="refuted",
        check=check("experiments.mnist_checks.unit_fraction_share", 0,
                    "'1/14' read generously as the unit fraction nearest the exact share (the "
                    "original says 'about'); no further slack",
                    error_rates="mnist-error-rates-341-318",
                    controls=(control("the same check on the figure 1/15", figure="1/15"),)),
        reading="a unit fraction as a reader rounds one: 1/14 names the unit fraction nearest "
                "the share. The translation prints '1/14' without the original's 'about', and "
                "a reader rounding the share 1/14.8 gets 1/15",
        other_readings=(
            Reading("exact: the share is 1/14",
                    check("experiments.mnist_checks.unit_fraction_share", 0, "exact",
                          error_rates="mnist-error-rates-341-318", nearest=False),
                    expected="refuted"),
            Reading("'about 1/14' as within a tenth of the share (0.0067): 1/14 is 0.0040 off",
                    check("experiments.mnist_checks.unit_fraction_share", 0.0067,
                          "a tenth of the share 23/341",
                          error_rates="mnist-error-rates-341-318", nearest=False),
                    expected="holds"),
        ),
        reason="(3.41-3.18)/3.41 = 0.23/3.41 = 0.0674 = 1/14.8, closer to 1/15 than to 1/14 "
               "(0.0714); the translation also drops the original's 'about'.",
        exercises=(),
    ),
    Claim(
        id="mnist-cross-entropy-similar-or-better",
        title="Cross-entropy gives similar or better MNIST results",
        statement="In both comparisons the cross-entropy network is at least as accurate as "
                  "the quadratic one (95.49 vs 95.42, 96.82 vs 96.59).",
        formula="",
        sources=(S(D002, "191", "使用交叉熵来对 MNIST 数字进行分类",
                   says="The cross-entropy gives similar or better accuracy than the quadratic "
                        "cost."),),
        kind="qualitative",
        rests_on=("mnist-cross-entropy-30-hidden-9549", "mnist-quadratic-30-hidden-9542",
                  "mnist-cross-entropy-100-hidden-9682", "mnist-quadratic-100-hidden-9659"),
        expected="holds",
        experiment="mnist",
        exercises=(),
        check=check("experiments.mnist_checks.similar_or_better", 0.95,
                    "'similar or better' read as not significantly worse: the 95 % Welch interval "
                    "of the mean difference reaches 0 or above, for both sizes", pairs=BOOK_PAIRS,
                    controls=(control("the same check on the 30-hidden cross-entropy runs "
                                      "against the 100-hidden ones",
                                      pairs=(("cross-entropy-30", "cross-entropy-100",
                                              "mnist-cross-entropy-30-hidden-9549",
                                              "mnist-cross-entropy-100-hidden-9682"),)),)),
    ),
    Claim(
        id="mnist-improvement-not-conclusive",
        title="The MNIST comparison is not conclusive",
        statement="The differences (0.07 and 0.23 percentage points) come from single runs "
                  "with hand-picked hyper-parameters and do not prove the cross-entropy better.",
        formula="",
        sources=(S(D002, "191", "使用交叉熵来对 MNIST 数字进行分类",
                   says="Single runs with hand-picked settings do not prove the cross-entropy "
                        "better."),),
        kind="qualitative", rests_on=("mnist-cross-entropy-similar-or-better",), expected="holds",
        experiment="mnist",
        exercises=(),
        check=check("experiments.mnist_checks.not_conclusive", 2,
                    "'not conclusive' read as a printed one-run difference below two standard "
                    "deviations of the difference of two single runs", pairs=BOOK_PAIRS,
                    controls=(control("the same check with the book's 30-hidden cross-entropy "
                                      "figure 1 point higher (96.42 %)",
                                      given=(("mnist-cross-entropy-30-hidden-9549", "96.42"),)),)),
    ),
)
