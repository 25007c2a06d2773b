"""The MNIST results of document 002 (Nielsen's 30- and 100-hidden-neuron networks) and their
arithmetic."""

from __future__ import annotations

from claims.catalog.documents import D002
from claims.catalog.model import Claim, Source

S = Source

CLAIMS: tuple[Claim, ...] = (
    Claim(
        id="mnist-cross-entropy-30-hidden-9549",
        title="Cross-entropy, 30 hidden neurons: 95.49 %",
        statement="A 784-30-10 sigmoid network with the cross-entropy cost, large (N(0,1)) "
                  "initialisation, mini-batches of 10, eta=0.5 and 30 epochs reaches 95.49 % "
                  "test accuracy.",
        formula="",
        sources=(S(D002, "187", "使用交叉熵来对 MNIST 数字进行分类", "95.49%"),),
        kind="numerical result", rests_on=(), expected="holds",
        experiment="mnist",
        exercises=(),
    ),
    Claim(
        id="mnist-quadratic-30-hidden-9542",
        title="Quadratic cost, 30 hidden neurons: 95.42 %",
        statement="The chapter-1 784-30-10 sigmoid network with the quadratic cost (settings "
                  "of chapter 1, not restated in 002: eta=3.0, mini-batches of 10, 30 epochs) "
                  "reaches 95.42 %.",
        formula="",
        sources=(S(D002, "187", "使用交叉熵来对 MNIST 数字进行分类", "95.42%"),),
        kind="numerical result", rests_on=(), expected="holds",
        experiment="mnist",
        exercises=(),
    ),
    Claim(
        id="mnist-cross-entropy-100-hidden-9682",
        title="Cross-entropy, 100 hidden neurons: 96.82 %",
        statement="The same cross-entropy setup with 100 hidden neurons reaches 96.82 %.",
        formula="",
        sources=(S(D002, "189", "使用交叉熵来对 MNIST 数字进行分类", "96.82%"),),
        kind="numerical result", rests_on=(), expected="holds",
        experiment="mnist",
        exercises=(),
    ),
    Claim(
        id="mnist-quadratic-100-hidden-9659",
        title="Quadratic cost, 100 hidden neurons: 96.59 %",
        statement="The chapter-1 quadratic-cost network with 100 hidden neurons reaches 96.59 %.",
        formula="",
        sources=(S(D002, "189", "使用交叉熵来对 MNIST 数字进行分类", "96.59%"),),
        kind="numerical result", rests_on=(), expected="holds",
        experiment="mnist",
        exercises=(),
    ),
    Claim(
        id="mnist-error-rates-341-318",
        title="Error rates 3.41 % and 3.18 %",
        statement="Accuracies 96.59 % and 96.82 % correspond to error rates 3.41 % and 3.18 %.",
        formula=r"100 - 96.59 = 3.41,\quad 100 - 96.82 = 3.18",
        sources=(S(D002, "189", "使用交叉熵来对 MNIST 数字进行分类", "从 3.41% 下降到 3.18%"),),
        kind="numerical result",
        rests_on=("mnist-cross-entropy-100-hidden-9682", "mnist-quadratic-100-hidden-9659"),
        expected="holds",
        exercises=(),
    ),
    Claim(
        id="mnist-one-fourteenth-of-errors",
        title="002: 1/14 of the errors eliminated",
        statement="002 says going from 3.41 % to 3.18 % error eliminates 1/14 of the original "
                  "errors.",
        formula=r"\frac{3.41-3.18}{3.41} = \frac{1}{14}",
        sources=(S(D002, "189", "使用交叉熵来对 MNIST 数字进行分类", "原误差的 $$1/14$$"),),
        kind="numerical result", rests_on=("mnist-error-rates-341-318",), expected="refuted",
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
        sources=(S(D002, "191", "使用交叉熵来对 MNIST 数字进行分类"),),
        kind="qualitative",
        rests_on=("mnist-cross-entropy-30-hidden-9549", "mnist-quadratic-30-hidden-9542",
                  "mnist-cross-entropy-100-hidden-9682", "mnist-quadratic-100-hidden-9659"),
        expected="holds",
        experiment="mnist",
        exercises=(),
    ),
    Claim(
        id="mnist-improvement-not-conclusive",
        title="The MNIST comparison is not conclusive",
        statement="The differences (0.07 and 0.23 percentage points) come from single runs "
                  "with hand-picked hyper-parameters and do not prove the cross-entropy better.",
        formula="",
        sources=(S(D002, "191", "使用交叉熵来对 MNIST 数字进行分类"),),
        kind="qualitative", rests_on=("mnist-cross-entropy-similar-or-better",), expected="holds",
        experiment="mnist",
        exercises=(),
    ),
)
