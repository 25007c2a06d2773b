"""Softmax output layers: a probability distribution, monotonic, non-local, invertible, the
scaled softmax and its hard-max limit; sigmoid output layers for contrast."""

from __future__ import annotations

from claims.catalog.documents import D002
from claims.catalog.model import Claim, Reading, Source, check, control

S = Source

CLAIMS: tuple[Claim, ...] = (
    Claim(
        id="softmax-is-distribution",
        title="Softmax outputs form a probability distribution (78)-(79)",
        statement="For finite weighted inputs every softmax activation is positive (the "
                  "exponential is positive) and the activations sum to 1 (the denominator "
                  "normalises).",
        formula=r"a^L_j = \frac{e^{z^L_j}}{\sum_k e^{z^L_k}} > 0,\qquad \sum_j a^L_j = 1",
        sources=(
            S(D002, "236, 254", "Softmax"),
            S(D002, "267", "Softmax"),
        ),
        kind="identity", rests_on=(), expected="holds",
        exercises=("engine.activations.softmax",),
    ),
    Claim(
        id="softmax-changes-balance",
        title="A change in one softmax output is offset by the others",
        statement="Because the outputs always sum to 1, raising one weighted input raises its "
                  "activation by exactly the total amount the other activations fall: the "
                  "columns of the softmax Jacobian sum to 0.",
        formula=r"\sum_j \frac{\partial a^L_j}{\partial z^L_k} = 0",
        sources=(S(D002, "252-256", "Softmax"),),
        kind="identity", rests_on=("softmax-is-distribution",), expected="holds",
        exercises=("engine.activations.SOFTMAX", "engine.activations.softmax"),
    ),
    Claim(
        id="002-offset-holds-for-other-activation-functions",
        title="002: the offset property must hold for other activation functions too",
        statement="The translation says that a similar conclusion must also hold for other "
                  "activation functions (the original speaks of the other activations of the "
                  "same softmax layer).",
        formula="",
        sources=(S(D002, "256", "Softmax", "其他的激活函数",
                   says="A similar conclusion (a rise offset by the other outputs) must hold "
                        "for other activation functions too."),),
        kind="qualitative", rests_on=("softmax-changes-balance",), expected="refuted",
        reason="a sigmoid layer does not satisfy it: raising z_4 raises sigma(z_4) and leaves "
               "the other outputs unchanged, so nothing offsets the increase (the outputs of "
               "z=(0,0,0,0) sum to 2, of z=(0,0,0,1) to 2.23).",
        exercises=("engine.activations.sigmoid",),
        check=check("experiments.formula_checks.rise_offset_by_the_others", 1e-12,
                    "offset exactly, up to float64 rounding of a sum of four outputs",
                    layer="sigmoid", z=(0.0, 0.0, 0.0, 0.0),
                    controls=(control("the same check on a softmax layer", layer="softmax"),)),
        reading="other activation functions (其他的激活函数): the same paragraph calls the "
                "outputs 激活值 ('activation values'), so 函数 ('function') names another thing",
        other_readings=(
            Reading("the other activations of the same softmax layer, as in the original",
                    check("experiments.formula_checks.rise_offset_by_the_others", 1e-12,
                          "float64 rounding", layer="softmax", z=(0.0, 0.0, 0.0, 0.0)),
                    expected="holds"),
        ),
    ),
    Claim(
        id="sigmoid-outputs-not-distribution",
        title="Sigmoid outputs need not sum to 1",
        statement="The activations of a sigmoid output layer do not in general form a "
                  "probability distribution: e.g. three outputs with z = 0 give 0.5 each, "
                  "summing to 1.5.",
        formula=r"\sum_j \sigma(z_j) \ne 1\ \text{in general}",
        sources=(
            S(D002, "262", "Softmax"),
            S(D002, "265", "练习",
              says="The outputs of a sigmoid output layer need not sum to 1."),
        ),
        kind="qualitative", rests_on=(), expected="holds",
        exercises=("engine.activations.sigmoid",),
        check=check("experiments.formula_checks.outputs_do_not_sum_to_one", 1e-12,
                    "any difference beyond float64 rounding of a sum of three outputs",
                    layer="sigmoid", z=(0.0, 0.0, 0.0),
                    controls=(control("the same check on a softmax layer", layer="softmax"),)),
    ),
    Claim(
        id="softmax-as-probability-estimate",
        title="Softmax outputs read as class probabilities",
        statement="Since softmax activations are positive and sum to 1, a^L_j can be read as "
                  "the network's estimate of the probability that the correct class is j "
                  "(e.g. digit j in MNIST); softmax rescales the z^L_j and normalises them.",
        formula="",
        sources=(
            S(D002, "258-260", "Softmax"),
            S(D002, "267", "Softmax"),
        ),
        kind="qualitative", rests_on=("softmax-is-distribution",), expected="holds",
        exercises=("engine.network.Network.feedforward",),
    ),
    Claim(
        id="softmax-monotonic",
        title="Softmax is monotonic",
        statement="For finite weighted inputs and at least two outputs (so that every a_j is "
                  "strictly between 0 and 1), da_j/dz_k = a_j(delta_jk - a_k) is positive for "
                  "j = k and negative for j != k: raising z_k raises a_k and lowers every other "
                  "activation. (With one output, or in floating point once an a_j underflows, "
                  "the derivatives are 0.)",
        formula=r"\frac{\partial a_j}{\partial z_k} = a_j(\delta_{jk} - a_k)",
        sources=(
            S(D002, "270", "练习"),
            S(D002, "252", "Softmax"),
        ),
        kind="inequality", rests_on=("softmax-is-distribution",), expected="holds",
        exercises=("engine.activations.softmax", "engine.activations.softmax_jacobian"),
    ),
    Claim(
        id="sigmoid-layer-local",
        title="A sigmoid output depends only on its own weighted input",
        statement="In a sigmoid layer a_j = sigma(z_j): changing any other weighted input "
                  "leaves a_j unchanged.",
        formula=r"\frac{\partial \sigma(z_j)}{\partial z_k} = 0,\ k\ne j",
        sources=(S(D002, "271", "练习"),),
        kind="identity", rests_on=(), expected="holds",
        exercises=("engine.activations.SIGMOID", "engine.activations.sigmoid"),
    ),
    Claim(
        id="softmax-nonlocal",
        title="Softmax is non-local",
        statement="Each softmax activation depends on all the weighted inputs of the layer: "
                  "for at least two outputs and finite z, da_j/dz_k = -a_j a_k is nonzero for "
                  "every k != j.",
        formula=r"\frac{\partial a_j}{\partial z_k} = -a_j a_k \ne 0,\ k\ne j",
        sources=(S(D002, "271", "练习"),),
        kind="qualitative", rests_on=("softmax-monotonic",), expected="holds",
        exercises=("engine.activations.softmax",),
    ),
    Claim(
        id="softmax-inversion",
        title="Inverting softmax: z_j = ln a_j + C",
        statement="Given softmax activations, the weighted inputs are recovered up to a common "
                  "additive constant: z_j = ln a_j + C with C = ln sum_k e^{z_k}, independent of "
                  "j.",
        formula=r"z^L_j = \ln a^L_j + C,\quad C = \ln\sum_k e^{z^L_k}",
        sources=(S(D002, "274", "问题", "$$z_j^L = \\ln a_j^L + C$$"),),
        kind="identity", rests_on=("softmax-is-distribution",), expected="holds",
        exercises=("engine.activations.log_softmax", "engine.activations.softmax"),
    ),
    Claim(
        id="softmax-scaled-is-distribution",
        title="Scaled softmax is a distribution for every c > 0 (83)",
        statement="For every constant c > 0, e^{c z_j} / sum_k e^{c z_k} is positive and sums "
                  "to 1; c = 1 is the standard softmax.",
        formula=r"a^L_j = \frac{e^{c z^L_j}}{\sum_k e^{c z^L_k}},\quad \sum_j a^L_j = 1",
        sources=(S(D002, "295-299", "问题"),),
        kind="identity", rests_on=("softmax-is-distribution",), expected="holds",
        exercises=("engine.activations.softmax",),
    ),
    Claim(
        id="softmax-hardmax-limit",
        title="c -> infinity: softmax becomes a hard max",
        statement="As c tends to infinity the scaled softmax tends to 1 at the unique largest "
                  "z_j and 0 elsewhere; with k tied maxima each of them tends to 1/k and the "
                  "rest to 0.",
        formula=r"\lim_{c\to\infty}\frac{e^{c z_j}}{\sum_k e^{c z_k}} = "
                r"\frac{[z_j = \max_k z_k]}{\#\{k : z_k = \max z\}}",
        sources=(S(D002, "299", "问题", "$$c\\rightarrow \\infty$$"),),
        kind="limit", rests_on=("softmax-scaled-is-distribution",), expected="holds",
        exercises=("engine.activations.softmax",),
    ),
    Claim(
        id="softmax-name-softened-max",
        title="Softmax is a softened maximum",
        statement="Since large c turns the scaled softmax into an indicator of the maximum, "
                  "c = 1 is a smoothed version of that maximum, hence the name.",
        formula="",
        sources=(S(D002, "299", "问题", "softened"),),
        kind="qualitative", rests_on=("softmax-hardmax-limit",), expected="holds",
        exercises=("engine.activations.softmax",),
    ),
)
