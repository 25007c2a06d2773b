"""The log-likelihood cost of a softmax output layer: when it is small, its gradients and output
error, and how it compares with sigmoid outputs and the cross-entropy."""

from __future__ import annotations

from claims.catalog.documents import D002
from claims.catalog.model import Claim, Source, check, control

S = Source

CLAIMS: tuple[Claim, ...] = (
    Claim(
        id="log-likelihood-small-iff-confident",
        title="Log-likelihood cost is small exactly when the right class is confident (80)",
        statement="The log-likelihood cost -ln a_y (e.g. -ln a_7 for an image of a 7) is below "
                  "epsilon exactly when the probability given to the correct class exceeds "
                  "e^{-epsilon}: near 0 when a_y is near 1, large when a_y is small.",
        formula=r"C = -\ln a^L_y,\qquad C < \epsilon \iff a^L_y > e^{-\epsilon}",
        sources=(S(D002, "276-280", "Softmax", "$$-\\ln a_7^L$$"),),
        kind="inequality", rests_on=("softmax-is-distribution",), expected="holds",
        exercises=("engine.costs.LOG_LIKELIHOOD",),
    ),
    Claim(
        id="log-likelihood-gradients",
        title="Softmax + log-likelihood gradients (81)-(82)",
        statement="With a softmax output layer, the log-likelihood cost and a one-hot target y, "
                  "dC/db_j = a_j - y_j and dC/dw_jk = a^{L-1}_k (a_j - y_j): no saturation "
                  "factor, so no learning slowdown.",
        formula=r"\frac{\partial C}{\partial b^L_j} = a^L_j - y_j,\qquad "
                r"\frac{\partial C}{\partial w^L_{jk}} = a^{L-1}_k(a^L_j - y_j)",
        sources=(
            S(D002, "282-287", "Softmax"),
            S(D002, "294", "问题"),
        ),
        kind="identity", rests_on=("delta-softmax-log-likelihood",), expected="holds",
        exercises=("engine.network.Network.backprop", "engine.network.Network.cost_value",
                   "engine.network.Network.forward"),
    ),
    Claim(
        id="log-likelihood-like-cross-entropy",
        title="(82) has the same form as (67)",
        statement="The softmax/log-likelihood output gradient (82) is the per-example version "
                  "of the sigmoid/cross-entropy one (67), which averages over examples; the two "
                  "pairings behave alike.",
        formula=r"a^{L-1}_k(a^L_j - y_j)",
        sources=(S(D002, "289", "Softmax", "方程(82) 和 (67)"),),
        kind="identity",
        rests_on=("log-likelihood-gradients", "delta-sigmoid-cross-entropy"), expected="holds",
        exercises=("engine.network.Network.backprop", "engine.network.Network.forward"),
    ),
    Claim(
        id="softmax-ll-and-sigmoid-ce-both-work",
        title="Both pairings work well",
        statement="Sigmoid outputs with cross-entropy and softmax outputs with log-likelihood "
                  "both work well in many applications; softmax with log-likelihood suits cases "
                  "where the outputs should be probabilities of mutually exclusive classes.",
        formula="",
        sources=(S(D002, "291", "Softmax",
                   says="Sigmoid outputs with the cross-entropy and softmax outputs with the "
                        "log-likelihood both work well."),),
        kind="qualitative",
        rests_on=("log-likelihood-like-cross-entropy", "softmax-as-probability-estimate"),
        expected="holds",
        experiment="mnist",
        exercises=(),
        check=check("experiments.mnist_checks.pairing", 0.5,
                    "'both work well' read as mean best-epoch test accuracies less than half a "
                    "point apart: under two fifths of the book's 1.33-point gain from 30 to 100 "
                    "hidden neurons, so neither pairing is clearly worse",
                    controls=(control("the same check on softmax + log-likelihood against the "
                                      "100-hidden cross-entropy runs",
                                      configs=("softmax-log-likelihood-30",
                                               "cross-entropy-100")),)),
    ),
    Claim(
        id="delta-softmax-log-likelihood",
        title="Softmax + log-likelihood: delta^L = a^L - y (84)",
        statement="For a softmax output layer with the log-likelihood cost and a one-hot "
                  "target, the output error is delta^L_j = dC/dz^L_j = a^L_j - y_j.",
        formula=r"\delta^L_j = \frac{\partial C}{\partial z^L_j} = a^L_j - y_j",
        sources=(S(D002, "302-304", "问题"),),
        kind="identity", rests_on=("softmax-is-distribution", "log-likelihood-small-iff-confident"),
        expected="holds",
        exercises=("engine.activations.softmax", "engine.network.Network.forward",
                   "engine.network.Network.fused_output_delta",
                   "engine.network.Network.output_delta"),
    ),
)
