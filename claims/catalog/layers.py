"""Many layers: the output error delta^L for each pairing of output layer and cost, linear
outputs, and the sigma'(z) that hidden layers keep."""

from __future__ import annotations

from claims.catalog.documents import D001, D002, D003, D004
from claims.catalog.model import Claim, Source

S = Source

CLAIMS: tuple[Claim, ...] = (
    Claim(
        id="quadratic-output-gradient",
        title="Quadratic cost, output-layer weight gradient (65)",
        statement="In a sigmoid network with the quadratic cost, the output-layer weight "
                  "gradient is the average of a^{L-1}_k (a^L_j - y_j) sigma'(z^L_j), so a "
                  "saturated output neuron learns slowly.",
        formula=r"\frac{\partial C}{\partial w^L_{jk}} = \frac{1}{n}\sum_x "
                r"a^{L-1}_k(a^L_j-y_j)\,\sigma'(z^L_j)",
        sources=(S(D002, "150-154", "问题"),),
        kind="identity", rests_on=("quadratic-gradient-has-sigma-prime",), expected="holds",
        exercises=("engine.activations.sigmoid", "engine.network.Network.backprop",
                   "engine.network.Network.cost_value", "engine.network.Network.forward",
                   "engine.network.Network.fused_output_delta",
                   "engine.network.Network.output_delta"),
    ),
    Claim(
        id="delta-sigmoid-cross-entropy",
        title="Cross-entropy output error delta^L = a^L - y (66)-(67)",
        statement="With sigmoid outputs and the cross-entropy cost, the output error is "
                  "delta^L = a^L - y, so the output-layer gradients are the averages of "
                  "a^{L-1}_k (a^L_j - y_j) and of (a^L_j - y_j): no sigma'(z^L_j), in any "
                  "many-layer network.",
        formula=r"\delta^L = a^L - y,\qquad \frac{\partial C}{\partial w^L_{jk}} = "
                r"\frac{1}{n}\sum_x a^{L-1}_k(a^L_j-y_j)",
        sources=(
            S(D002, "154-162", "问题"),
            S(D002, "136", "引入交叉熵代价函数", "公式(63)"),
            S(D003, "103", "推广到多神经元网络",
              "抵消σ<sup>'</sup>(z<sup>L</sup><sub>j</sub>)的效果"),
        ),
        kind="identity",
        rests_on=("cross-entropy-multi-neuron-sum", "cross-entropy-bias-gradient"),
        expected="holds",
        exercises=("engine.network.Network.backprop", "engine.network.Network.cost_value",
                   "engine.network.Network.forward", "engine.network.Network.fused_output_delta",
                   "engine.network.Network.output_delta"),
    ),
    Claim(
        id="delta-linear-quadratic",
        title="Linear outputs with quadratic cost: delta^L = a^L - y (68)-(70)",
        statement="With linear output neurons (a^L = z^L) and the quadratic cost, delta^L = "
                  "a^L - y and the output-layer gradients are the averages of "
                  "a^{L-1}_k (a^L_j - y_j) and (a^L_j - y_j): no slowdown factor.",
        formula=r"\delta^L = a^L - y,\quad \frac{\partial C}{\partial w^L_{jk}} = "
                r"\frac{1}{n}\sum_x a^{L-1}_k(a^L_j-y_j),\quad "
                r"\frac{\partial C}{\partial b^L_j} = \frac{1}{n}\sum_x (a^L_j-y_j)",
        sources=(S(D002, "164-170", "问题"),),
        kind="identity", rests_on=("quadratic-cost-definition",), expected="holds",
        exercises=("engine.network.Network.backprop", "engine.network.Network.cost_value",
                   "engine.network.Network.forward", "engine.network.Network.fused_output_delta",
                   "engine.network.Network.output_delta"),
    ),
    Claim(
        id="quadratic-fine-for-linear-outputs",
        title="Quadratic cost suits linear outputs",
        statement="When the output neurons are linear the quadratic cost causes no learning "
                  "slowdown and is an appropriate choice (as in linear regression).",
        formula="",
        sources=(
            S(D002, "172", "问题"),
            S(D001, "118", "总结:", "用二次cost函数"),
            S(D004, "16", "前奏", "线性回归"),
        ),
        kind="qualitative", rests_on=("delta-linear-quadratic",), expected="holds",
        exercises=("engine.network.Network.backprop",),
    ),
    Claim(
        id="hidden-layer-keeps-sigma-prime",
        title="Cross-entropy leaves sigma' in hidden layers",
        statement="The cross-entropy cancels sigma'(z^L) only at the output layer; the "
                  "gradients of hidden-layer weights still carry sigma'(z^l) of the hidden "
                  "neurons, so saturated hidden neurons still learn slowly.",
        formula=r"\delta^{l} = \left((w^{l+1})^T\delta^{l+1}\right)\odot\sigma'(z^{l}),\ l<L",
        sources=(S(D003, "103", "推广到多神经元网络", "隐藏层"),),
        kind="qualitative", rests_on=("delta-sigmoid-cross-entropy",), expected="holds",
        exercises=("engine.activations.sigmoid", "engine.network.Network.backprop",
                   "engine.network.Network.cost_value", "engine.network.Network.forward"),
    ),
    Claim(
        id="cross-entropy-does-not-prevent-saturation",
        title="Cross-entropy does not stop neurons from saturating",
        statement="Changing the cost does not change the sigmoid or sigma'(z): output neurons "
                  "can saturate just as before; what the cross-entropy removes is the slow "
                  "learning of a saturated output neuron.",
        formula="",
        sources=(S(D003, "107", "推广到多神经元网络", "避免神经元饱和"),),
        kind="qualitative", rests_on=("delta-sigmoid-cross-entropy",), expected="holds",
        exercises=("engine.network.Network.forward", "engine.network.Network.fused_output_delta"),
    ),
)
