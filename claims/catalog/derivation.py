"""Deriving the cross-entropy: requiring dC/db = a - y gives an ODE whose solution is the
cross-entropy; the input factor x_j that no cost removes."""

from __future__ import annotations

from claims.catalog.documents import D002, D004
from claims.catalog.model import Claim, Source

S = Source

CLAIMS: tuple[Claim, ...] = (
    Claim(
        id="sigma-prime-cancellation-by-design",
        title="The cancellation is by design, and not unique to the cross-entropy",
        statement="Cancelling sigma'(z) is what the cross-entropy was built for; other costs "
                  "cancel it too (any positive multiple of the cross-entropy, or any cost with "
                  "dC/da = g(a,y)/(a(1-a))), and only the exact requirement dC/db = a - y pins "
                  "down the cross-entropy.",
        formula=r"\frac{\partial C}{\partial a} = \frac{g(a,y)}{a(1-a)} "
                r"\Rightarrow \frac{\partial C}{\partial b} = g(a,y)",
        sources=(S(D002, "91", "引入交叉熵代价函数", "一种选择罢了"),),
        kind="qualitative", rests_on=("cross-entropy-derivation",), expected="holds",
        exercises=(),
    ),
    Claim(
        id="weight-gradient-is-input-times-bias-gradient",
        title="For any cost C(a): dC/dw_j = x_j dC/db",
        statement="For a single sigmoid neuron and any cost depending on the output a, the "
                  "chain rule gives dC/dw_j = x_j dC/db, so requiring dC/db = a - y (72) "
                  "already gives dC/dw_j = x_j (a - y) (71).",
        formula=r"\frac{\partial C}{\partial w_j} = x_j\,\frac{\partial C}{\partial b}",
        sources=(
            S(D002, "200-202", "交叉熵的含义？源自哪里？"),
            S(D004, "113-116", "交叉熵函数来源", "x被消掉得"),
        ),
        kind="identity", rests_on=(), expected="holds",
        exercises=(),
    ),
    Claim(
        id="cross-entropy-derivation-chain-rule",
        title="dC/db = dC/da a(1-a) (73)-(74)",
        statement="By the chain rule dC/db = dC/da sigma'(z), and with sigma'(z) = a(1-a) this "
                  "is dC/da a(1-a).",
        formula=r"\frac{\partial C}{\partial b} = \frac{\partial C}{\partial a}\,a(1-a)",
        sources=(
            S(D002, "204-210", "交叉熵的含义？源自哪里？"),
            S(D004, "105-106", "交叉熵函数来源",
              "\\frac{\\partial L}{\\partial \\hat y}\\hat y(1-\\hat y) x"),
        ),
        kind="identity", rests_on=("sigmoid-derivative",), expected="holds",
        exercises=(),
    ),
    Claim(
        id="cross-entropy-derivation-ode",
        title="The required cost satisfies dC/da = (a-y)/(a(1-a)) (75)",
        statement="Equating dC/da a(1-a) with a - y gives the differential equation "
                  "dC/da = (a-y)/(a(1-a)).",
        formula=r"\frac{\partial C}{\partial a} = \frac{a-y}{a(1-a)}",
        sources=(
            S(D002, "212-214", "交叉熵的含义？源自哪里？"),
            S(D004, "119", "交叉熵函数来源", "\\frac{\\hat y-y}{(1-\\hat y)\\hat y}"),
        ),
        kind="identity", rests_on=("cross-entropy-derivation-chain-rule",), expected="holds",
        exercises=(),
    ),
    Claim(
        id="cross-entropy-derivation",
        title="Requiring dC/db = a - y yields the cross-entropy (71)-(77)",
        statement="Integrating dC/da = (a-y)/(a(1-a)) gives C = -[y ln a + (1-y) ln(1-a)] plus a "
                  "constant; averaging over examples gives (77). So the conditions (71)-(72) "
                  "determine the cost up to an additive constant as the cross-entropy (004 "
                  "takes the constant to be 0).",
        formula=r"C = -\left[y\ln a + (1-y)\ln(1-a)\right] + \mathrm{const}",
        sources=(
            S(D002, "202-224", "交叉熵的含义？源自哪里？"),
            S(D004, "125", "交叉熵函数来源", "L=-[y \\ln \\hat y +(1-y) \\ln (1- \\hat y)]"),
        ),
        kind="identity",
        rests_on=("cross-entropy-derivation-ode", "weight-gradient-is-input-times-bias-gradient"),
        expected="holds",
        exercises=(),
    ),
    Claim(
        id="input-factor-unavoidable",
        title="No cost removes the x_j factor",
        statement="For a single sigmoid neuron, every cost that depends on the weights only "
                  "through the output a has dC/dw_j = x_j dC/db, so the x_j factor in the weight "
                  "gradient cannot be removed by choosing a different cost C(a).",
        formula=r"\frac{\partial C}{\partial w_j} = x_j\,\frac{\partial C}{\partial a}\,\sigma'(z)",
        sources=(S(D002, "229", "问题", "$$x_j$$ 项"),),
        kind="qualitative", rests_on=("weight-gradient-is-input-times-bias-gradient",),
        expected="holds",
        exercises=("engine.network.Network.backprop",),
    ),
    Claim(
        id="input-factor-slows-small-inputs",
        title="Small inputs x_j mean slow learning of w_j",
        statement="Because of the x_j factor in eq. (61), a weight whose input x_j is near 0 "
                  "learns slowly even with the cross-entropy cost.",
        formula=r"\left|\frac{\partial C}{\partial w_j}\right| \le |x_j|\,\max_x|\sigma(z)-y|",
        sources=(S(D002, "229", "问题", "接近 $$0$$ 时"),),
        kind="inequality", rests_on=("cross-entropy-weight-gradient",), expected="holds",
        exercises=("engine.activations.sigmoid", "engine.network.Network.backprop",
                   "engine.network.Network.feedforward"),
    ),
)
