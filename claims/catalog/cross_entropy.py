"""The cross-entropy cost of sigmoid outputs: its definition, its values, its gradients (no
sigma'(z) factor) and what it means."""

from __future__ import annotations

from claims.catalog.documents import D001, D002, D003, D004
from claims.catalog.model import Claim, Reading, Source, check, control

S = Source

CLAIMS: tuple[Claim, ...] = (
    Claim(
        id="cross-entropy-definition",
        title="Cross-entropy cost",
        statement="For a sigmoid neuron the cross-entropy cost is minus the average over the "
                  "training inputs of y ln a + (1-y) ln(1-a); with a = sigma(z) it is a function "
                  "of the weighted input.",
        formula=r"C = -\frac{1}{n}\sum_x \left[y\ln a + (1-y)\ln(1-a)\right]",
        sources=(
            S(D002, "67-69", "引入交叉熵代价函数"),
            S(D001, "74, 78", "介绍cross-entropy 损失函数 (cost function)",
              "C = -\\frac{1}{n} \\sum_x [y \\ln a + (1 - y) \\ln(1 - a)]"),
            S(D003, "55, 70", "交叉熵损失函数"),
            S(D004, "65", "交叉熵损失函数", "L=-\\sum_x[y\\ln \\hat y+(1-y)\\ln (1-\\hat y)]"),
        ),
        kind="identity", rests_on=(), expected="holds",
        exercises=("engine.costs.CROSS_ENTROPY", "engine.network.Network.cost_value",
                   "engine.network.Network.forward"),
    ),
    Claim(
        id="004-cross-entropy-missing-minus",
        title="004's cross-entropy lacks the minus sign",
        statement="004 states the averaged cross-entropy as +1/n times the sum of "
                  "y ln a + (1-y) ln(1-a), without the leading minus.",
        formula=r"C = \frac{1}{n}\sum_x \left[y\ln \hat y + (1-y)\ln(1-\hat y)\right]",
        sources=(S(D004, "59", "交叉熵损失函数",
                   "C=\\frac{1}{n}\\sum_x[y\\ln \\hat y+(1-y)\\ln (1-\\hat y)]",
                   says="The cross-entropy cost is C = (1/n) sum [y ln a + (1-y) ln(1-a)], with "
                        "no leading minus."),),
        kind="identity", rests_on=("cross-entropy-definition",), expected="refuted",
        reason="without the minus the expression is never positive (y=0, a=sigma(1.5)=0.818 "
               "gives -1.70) and is the negative of the cross-entropy: gradient descent on it "
               "would push the output away from the target; 004's own next line restores the "
               "minus.",
        exercises=("engine.activations.sigmoid", "engine.costs.CROSS_ENTROPY"),
        check=check("experiments.formula_checks.bracket_nonnegative", 0,
                    "a cost is never negative: no slack", a=0.8176, y=0.0, sign=1,
                    controls=(control("the same check on the cross-entropy with its leading "
                                      "minus, as 004's next line writes it", sign=-1),)),
    ),
    Claim(
        id="cross-entropy-nonnegative",
        title="Cross-entropy is non-negative",
        statement="For outputs a strictly inside (0,1) and targets y in [0,1] the cross-entropy "
                  "is >= 0; for y in {0,1} it is strictly positive (in fact it is positive for "
                  "every y in [0,1], being at least the binary entropy of y).",
        formula=r"-\left[y\ln a + (1-y)\ln(1-a)\right] \ge 0,\quad a\in(0,1),\ y\in[0,1]",
        sources=(
            S(D002, "75", "引入交叉熵代价函数", "$$C>0$$"),
            S(D003, "64", "交叉熵损失函数", "整体为非负"),
        ),
        kind="inequality", rests_on=("cross-entropy-definition",), expected="holds",
        exercises=("engine.costs.CROSS_ENTROPY",),
    ),
    Claim(
        id="002-cross-entropy-summands-nonnegative",
        title="002: every summand of (57) is non-negative",
        statement="The translation says each term of the sum in eq. (57) is non-negative "
                  "(before the leading minus sign is applied).",
        formula=r"y\ln a + (1-y)\ln(1-a) \ge 0",
        sources=(S(D002, "75", "引入交叉熵代价函数", "都是非负的",
                   says="Every summand of the sum in (57) is non-negative."),),
        kind="inequality", rests_on=("cross-entropy-definition",), expected="refuted",
        reason="the summands are logarithms of numbers in (0,1) weighted by non-negative "
               "factors, hence <= 0 (y=0, a=sigma(1.5)=0.818 gives -1.70); it is only after "
               "the minus sign of (b) that the cost is non-negative.",
        exercises=("engine.activations.sigmoid", "engine.costs.CROSS_ENTROPY"),
        check=check("experiments.formula_checks.bracket_nonnegative", 0,
                    "non-negative: no slack", a=0.8176, y=0.0, sign=1,
                    controls=(control("the same check at a perfect output, a = y = 1", a=1.0,
                                      y=1.0),)),
    ),
    Claim(
        id="002-log-domain-is-unit-interval",
        title="002: the logarithm's domain is (0,1)",
        statement="The translation justifies the sign argument by saying the logarithm is "
                  "defined on (0,1).",
        formula=r"\operatorname{dom}\ln = (0,1)",
        sources=(S(D002, "75", "引入交叉熵代价函数", "对数函数的定义域是 $$(0,1)$$",
                   says="The logarithm is defined on (0, 1)."),),
        kind="qualitative", rests_on=(), expected="refuted",
        reason="ln is defined on all of (0, infinity) (ln 2 = 0.693 exists); what lies in (0,1) "
               "is its argument a or 1-a, where ln is negative, which is what the argument needs.",
        exercises=("engine.activations.sigmoid",),
        check=check("experiments.formula_checks.defined_only_on_unit_interval", 0,
                    "exact: a value at 2 is a value outside (0, 1)", applied="ln", argument=2.0,
                    controls=(control("the same check on the logit ln(x/(1-x)), which is "
                                      "defined on (0, 1) only", applied="logit"),)),
    ),
    Claim(
        id="003-bracket-terms-negative",
        title="003: each term inside the bracket is negative",
        statement="003 says that since ln a and ln(1-a) are negative and y is 0 or 1, each of "
                  "the two terms in the bracket is negative.",
        formula=r"y\ln a < 0\ \text{and}\ (1-y)\ln(1-a) < 0",
        sources=(S(D003, "64", "交叉熵损失函数", "每项都是负数",
                   says="Since y is 0 or 1, each term inside the bracket is negative."),),
        kind="inequality", rests_on=("cross-entropy-definition",), expected="refuted",
        reason="with y in {0,1} one of the two terms is exactly 0 (y=0 makes y ln a = 0); the "
               "terms are non-positive, not negative. The conclusion C >= 0 is unaffected.",
        exercises=("engine.activations.sigmoid", "engine.costs.CROSS_ENTROPY",
                   "engine.costs.xlogy"),
        check=check("experiments.formula_checks.both_terms_negative", 0,
                    "strictly negative, as the sentence says", a=0.8176, y=0.0,
                    controls=(control("the same check at the target y = 0.5, neither 0 nor 1",
                                      y=0.5),)),
        reading="negative as strictly below 0: the sentence draws it from y being 0 or 1, the "
                "very case that makes one term 0, and a few words on writes 非负 "
                "('non-negative') where it means that",
        other_readings=(
            Reading("'negative' as 'not positive': each term is at most 0",
                    check("experiments.formula_checks.both_terms_negative", 0, "no slack",
                          a=0.8176, y=0.0, strict=False),
                    expected="holds"),
        ),
    ),
    Claim(
        id="cross-entropy-near-zero-when-correct",
        title="Cross-entropy tends to 0 for a correct output",
        statement="For y=0 the cost -ln(1-a) tends to 0 as a tends to 0, and for y=1 the cost "
                  "-ln a tends to 0 as a tends to 1.",
        formula=r"\lim_{a\to y} -\left[y\ln a + (1-y)\ln(1-a)\right] = 0,\quad y\in\{0,1\}",
        sources=(
            S(D002, "77", "引入交叉熵代价函数", "$$-ln(1-a)\\approx 0$$"),
            S(D003, "64", "交叉熵损失函数", "C也接近0"),
        ),
        kind="limit", rests_on=("cross-entropy-definition",), expected="holds",
        exercises=("engine.costs.CROSS_ENTROPY",),
    ),
    Claim(
        id="cross-entropy-grows-with-gap",
        title="Cross-entropy grows with the output's distance from a binary target",
        statement="For a binary target the cross-entropy equals -ln(1-|a-y|), a strictly "
                  "increasing function of the gap |a-y|: the closer the output, the lower the "
                  "cost.",
        formula=r"-\left[y\ln a + (1-y)\ln(1-a)\right] = -\ln(1-|a-y|),\quad y\in\{0,1\}",
        sources=(S(D002, "77", "引入交叉熵代价函数"),),
        kind="identity", rests_on=("cross-entropy-definition",), expected="holds",
        exercises=("engine.costs.CROSS_ENTROPY",),
    ),
    Claim(
        id="cross-entropy-weight-gradient-steps",
        title="Intermediate steps of the cross-entropy weight gradient",
        statement="Differentiating the cross-entropy with a=sigma(z) gives dC/dw_j = -1/n sum "
                  "(y/sigma - (1-y)/(1-sigma)) sigma'(z) x_j, which combines to 1/n sum "
                  "sigma'(z) x_j (sigma(z)-y) / (sigma(z)(1-sigma(z))).",
        formula=r"\frac{\partial C}{\partial w_j} = \frac{1}{n}\sum_x "
                r"\frac{\sigma'(z)x_j}{\sigma(z)(1-\sigma(z))}(\sigma(z)-y)",
        sources=(
            S(D002, "81-85", "引入交叉熵代价函数"),
            S(D001, "84", "介绍cross-entropy 损失函数 (cost function)",
              "\\left( \\frac{y}{\\sigma(z)} - \\frac{(1-y)}{1-\\sigma(z)} \\right)"),
            S(D003, "74-78", "交叉熵损失函数"),
        ),
        kind="identity", rests_on=("cross-entropy-definition",), expected="holds",
        exercises=(),
    ),
    Claim(
        id="001-combined-step-sign",
        title="001's combined step has the wrong sign",
        statement="001's third line keeps the leading minus while writing (sigma(z) - y), i.e. "
                  "dC/dw_j = -1/n sum sigma'(z) x_j (sigma(z)-y) / (sigma(z)(1-sigma(z))).",
        formula=r"\frac{\partial C}{\partial w_j} = -\frac{1}{n}\sum_x "
                r"\frac{\sigma'(z)x_j}{\sigma(z)(1-\sigma(z))}(\sigma(z)-y)",
        sources=(S(D001, "84", "介绍cross-entropy 损失函数 (cost function)",
                   "= -\\frac{1}{n} \\sum_x \\frac{\\sigma'(z) x_j}"),),
        kind="identity", rests_on=("cross-entropy-weight-gradient-steps",), expected="refuted",
        reason="y/s - (1-y)/(1-s) = (y-s)/(s(1-s)), so with the leading minus the factor must "
               "be (y - sigma(z)); as printed the line is the negative of the gradient (n=1, "
               "x=1, y=0, z=1.5: true value +0.818, printed form -0.818). Formula (1) after it "
               "is right.",
        exercises=("engine.network.Network.backprop",),
    ),
    Claim(
        id="cross-entropy-weight-gradient",
        title="Cross-entropy weight gradient (61)",
        statement="For a sigmoid neuron with the cross-entropy cost, dC/dw_j is the average of "
                  "x_j (sigma(z) - y): the sigma'(z) factor has cancelled.",
        formula=r"\frac{\partial C}{\partial w_j} = \frac{1}{n}\sum_x x_j(\sigma(z)-y)",
        sources=(
            S(D002, "89", "引入交叉熵代价函数"),
            S(D001, "88", "介绍cross-entropy 损失函数 (cost function)",
              "\\frac{1}{n} \\sum_x x_j (\\sigma(z) - y)"),
            S(D003, "82", "交叉熵损失函数"),
            S(D004, "75", "交叉熵损失函数", "&= -\\sum_x[y-\\hat y]x"),
        ),
        kind="identity",
        rests_on=("cross-entropy-weight-gradient-steps", "sigmoid-derivative"), expected="holds",
        exercises=("engine.activations.sigmoid", "engine.costs.CROSS_ENTROPY",
                   "engine.network.Network.backprop", "engine.network.Network.cost_value"),
    ),
    Claim(
        id="cross-entropy-bias-gradient",
        title="Cross-entropy bias gradient (62)",
        statement="For a sigmoid neuron with the cross-entropy cost, dC/db is the average of "
                  "sigma(z) - y.",
        formula=r"\frac{\partial C}{\partial b} = \frac{1}{n}\sum_x (\sigma(z)-y)",
        sources=(
            S(D002, "95", "引入交叉熵代价函数"),
            S(D001, "92", "介绍cross-entropy 损失函数 (cost function)",
              "\\frac{1}{n} \\sum_x (\\sigma(z) - y)"),
            S(D003, "86-88", "交叉熵损失函数"),
            S(D004, "81", "交叉熵损失函数", "-\\sum_x[y-\\hat y]"),
        ),
        kind="identity", rests_on=("cross-entropy-definition", "sigmoid-derivative"),
        expected="holds",
        exercises=("engine.activations.sigmoid", "engine.costs.CROSS_ENTROPY",
                   "engine.network.Network.backprop", "engine.network.Network.cost_value"),
    ),
    Claim(
        id="cross-entropy-gradient-tracks-error",
        title="Cross-entropy: learning speed set by the output error",
        statement="Because sigma'(z) has cancelled, the cross-entropy gradients are proportional "
                  "to the error a-y: the larger the error, the faster the neuron learns, "
                  "and a small error means slow learning.",
        formula=r"\frac{\partial C}{\partial b} = a - y",
        sources=(
            S(D001, "95-99", "介绍cross-entropy 损失函数 (cost function)", "错误大时"),
            S(D002, "91", "引入交叉熵代价函数"),
            S(D003, "84", "交叉熵损失函数", "梯度越大"),
            S(D004, "85", "交叉熵损失函数", "梯度就越大"),
        ),
        kind="qualitative",
        rests_on=("cross-entropy-weight-gradient", "cross-entropy-bias-gradient"),
        expected="holds",
        exercises=("engine.activations.sigmoid", "engine.network.Network.backprop"),
    ),
    Claim(
        id="cross-entropy-minimum-at-target",
        title="Cross-entropy is minimised at sigma(z)=y",
        statement="For a target y strictly between 0 and 1 the cross-entropy, as a function of "
                  "the output a in (0,1), has its unique minimum at a = sigma(z) = y, where it "
                  "equals the binary entropy -[y ln y + (1-y) ln(1-y)] (eq. (64)).",
        formula=r"\min_{a\in(0,1)} -\left[y\ln a+(1-y)\ln(1-a)\right] = "
                r"-\left[y\ln y+(1-y)\ln(1-y)\right]",
        sources=(S(D002, "143-147", "练习", "二元熵"),),
        kind="inequality", rests_on=("cross-entropy-definition",), expected="holds",
        exercises=("engine.costs.CROSS_ENTROPY",),
    ),
    Claim(
        id="cross-entropy-small-needs-binary-targets",
        title="'Small when sigma(z) is close to y' needs binary targets",
        statement="The cross-entropy approaches 0 at sigma(z)=y only for y in {0,1}; for a "
                  "target strictly between 0 and 1 its smallest value is the binary entropy of "
                  "y, which is positive (ln 2 = 0.693 at y=1/2).",
        formula=r"-\left[y\ln y+(1-y)\ln(1-y)\right] > 0,\quad 0<y<1",
        sources=(S(D002, "143", "练习", "$$y$$ 只是等于 $$1$$ 或者 $$0$$ 有关",
                   says="The cost being small when sigma(z) is close to y depends on y being 0 "
                        "or 1."),),
        kind="inequality", rests_on=("cross-entropy-minimum-at-target",), expected="holds",
        exercises=("engine.costs.CROSS_ENTROPY",),
        check=check("experiments.formula_checks.least_cost_above_zero", 0.1,
                    "'close to 0' read as below a tenth, well under ln 2 = 0.693", y=0.5,
                    controls=(control("the same check at the binary target y = 1", y=1.0),)),
    ),
    Claim(
        id="cross-entropy-reversed-form-undefined",
        title="The reversed expression breaks at binary targets",
        statement="The swapped expression -[a ln y + (1-a) ln(1-y)] is undefined (infinite) for "
                  "y=0 or y=1, since it takes the logarithm of 0 with a nonzero weight; the "
                  "correct form -[y ln a + (1-y) ln(1-a)] stays finite because a = sigma(z) is "
                  "never 0 or 1.",
        formula=r"-\left[a\ln y + (1-a)\ln(1-y)\right]\ \text{undefined at}\ y\in\{0,1\}",
        sources=(S(D002, "141-142", "练习", "$$−[alny+(1−a)ln(1−y)]$$"),),
        kind="qualitative", rests_on=("cross-entropy-definition",), expected="holds",
        exercises=("engine.costs.CROSS_ENTROPY",),
    ),
    Claim(
        id="cross-entropy-not-symmetric",
        title="Cross-entropy is not symmetric in a and y",
        statement="Swapping the roles of output and target changes the value: at y=0.5, a=0.9 "
                  "the cross-entropy is 1.204, at y=0.9, a=0.5 it is 0.693.",
        formula=r"C(a,y) \ne C(y,a)",
        sources=(S(D002, "141-142", "练习",
                   says="Swapping a and y in the cross-entropy gives a different expression."),),
        kind="qualitative", rests_on=("cross-entropy-definition",), expected="holds",
        exercises=("engine.costs.CROSS_ENTROPY",),
        check=check("experiments.formula_checks.changes_when_swapped", 1e-12,
                    "any difference beyond float64 rounding", a=0.9, y=0.5, cost="cross_entropy",
                    controls=(control("the same check on the quadratic cost, which is symmetric",
                                      cost="quadratic"),)),
    ),
    Claim(
        id="cross-entropy-as-surprise",
        title="Cross-entropy as surprise",
        statement="Reading a as the neuron's probability that y=1 (and 1-a that y=0), the "
                  "cross-entropy for a binary target is minus the log of the probability given "
                  "to the outcome that occurred: small when the outcome was expected, large when "
                  "it was a surprise.",
        formula=r"C = -\ln P(y),\quad P(1)=a,\ P(0)=1-a",
        sources=(S(D002, "226", "交叉熵的含义？源自哪里？", "measure of surprise"),),
        kind="identity", rests_on=("cross-entropy-definition",), expected="holds",
        exercises=("engine.costs.CROSS_ENTROPY",),
    ),
    Claim(
        id="cross-entropy-multi-neuron-sum",
        title="Many output neurons: sum the per-neuron cross-entropies (63)",
        statement="For several output neurons the cross-entropy sums the single-neuron "
                  "expression over the output neurons j (and averages over examples); it equals "
                  "the sum of the per-neuron costs (57).",
        formula=r"C = -\frac{1}{n}\sum_x\sum_j\left[y_j\ln a^L_j + (1-y_j)\ln(1-a^L_j)\right]",
        sources=(
            S(D002, "132-136", "引入交叉熵代价函数"),
            S(D003, "96-98", "推广到多神经元网络"),
        ),
        kind="identity", rests_on=("cross-entropy-definition",), expected="holds",
        exercises=("engine.costs.CROSS_ENTROPY",),
    ),
    Claim(
        id="cross-entropy-better-with-sigmoid-outputs",
        title="Prefer cross-entropy with sigmoid output neurons",
        statement="With sigmoid output neurons the cross-entropy is nearly always the better "
                  "choice: random initialisation can leave some outputs saturated at the wrong "
                  "extreme, where the quadratic cost learns slowly but the cross-entropy does not.",
        formula="",
        sources=(
            S(D001, "118", "总结:", "几乎总是"),
            S(D002, "138", "引入交叉熵代价函数"),
        ),
        kind="qualitative",
        rests_on=("quadratic-slow-when-output-near-0-or-1", "cross-entropy-gradient-tracks-error"),
        expected="holds",
        exercises=("engine.activations.sigmoid", "engine.network.Network.fused_output_delta"),
    ),
)
