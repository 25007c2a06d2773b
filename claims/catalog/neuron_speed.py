"""How fast the single neuron learns, apart from any printed figure: where its starts lie under
the chapter's initialisation, what governs the quadratic cost's speed (sigma'(z) against a), the
cross-entropy's start without a plateau, and why the learning rate does not explain the pattern."""

from __future__ import annotations

from claims.catalog.documents import D000, D001, D002, D003
from claims.catalog.model import Claim, Reading, Source, check, control

S = Source

CLAIMS: tuple[Claim, ...] = (
    Claim(
        id="neuron-initial-parameters-typical",
        title="w=0.6, b=0.9 look like standard-normal draws",
        statement="003 calls the starting values w=0.6, b=0.9 ordinary draws from a standard "
                  "normal distribution; both lie within one standard deviation of the mean.",
        formula=r"|0.6| < 1,\ |0.9| < 1",
        sources=(S(D003, "19", "“严重错误”导致学习缓慢", "令w=0.6，b=0.9",
                   says="w = 0.6, b = 0.9 are ordinary draws from a standard normal "
                        "distribution."),),
        kind="qualitative", rests_on=(), expected="holds",
        exercises=(),
        check=check("experiments.neuron_checks.within_one_standard_deviation", 0,
                    "'ordinary' read as within one standard deviation", start="good",
                    controls=(control("the same check from w = b = 2", start="saturated"),)),
    ),
    Claim(
        id="quadratic-slower-when-badly-wrong",
        title="Quadratic cost: slower when badly wrong than when nearly right",
        statement="With the quadratic cost and target 0, the gradient with respect to z is "
                  "a^2(1-a): at the saturated start a=sigma(4)=0.982 it is 0.017, far below its "
                  "peak 4/27 at a=2/3 reached later in the run, so the neuron learns more slowly "
                  "while badly wrong than once it is closer to the target.",
        formula=r"\frac{\partial C}{\partial z} = a^2(1-a) \le \tfrac{4}{27}",
        sources=(
            S(D000, "33", "Michael Nielsen对交叉熵的解释（一）", "错误很多时"),
            S(D002, "130", "引入交叉熵代价函数"),
            S(D002, "46", "交叉熵代价函数", "犯错较大的情况下其实学习很有难度",
              says="The neuron has real difficulty learning while it is badly wrong."),
        ),
        kind="qualitative", rests_on=("quadratic-gradient-at-the-example",), expected="holds",
        exercises=("engine.activations.sigmoid", "engine.network.Network.backprop",
                   "experiments.neuron.train_neuron"),
        check=check("experiments.neuron_speed_checks.slower_while_badly_wrong", 0.1,
                    "'difficulty' read as a first decrease below a tenth of the decrease the "
                    "same run reaches once closer to the target",
                    start="saturated",
                    controls=(control("the same check on the cross-entropy run (eta = 0.005)",
                                      cost="cross_entropy"),)),
    ),
    Claim(
        id="quadratic-speed-governed-by-sigma-prime",
        title="sigma'(z), not a, governs the quadratic learning speed",
        statement="In the quadratic gradient a sigma'(z), for outputs between 1/2 and 1 the "
                  "factor a changes by at most a factor 2 while sigma'(z) falls from 1/4 to 0, "
                  "so sigma'(z) decides the speed (between the two starts a changes by 1.2x, "
                  "sigma'(z) by 8.4x).",
        formula=r"\frac{\partial C}{\partial w} = a\,\sigma'(z)",
        sources=(S(D001, "58", "为什么神经网络会出现一开始学习很慢后来学习变快的情况呢",
                   "影响较小",
                   says="The learning speed goes with a sigma'(z), and a has little influence on "
                        "it."),),
        kind="qualitative",
        rests_on=("quadratic-gradient-at-the-example", "sigmoid-prime-vanishes-when-saturated"),
        expected="holds",
        exercises=("engine.activations.sigmoid", "engine.activations.sigmoid_prime"),
        check=check("experiments.formula_checks.slope_factor_dominates", 2,
                    "'little influence' read as a changing less than half as much as sigma'(z)",
                    zs=(1.5, 4.0),
                    controls=(control("the same check between z = 0 and z = 0.4, where "
                                      "sigma'(z) is nearly flat", zs=(0.0, 0.4)),)),
    ),
    Claim(
        id="cross-entropy-neuron-no-slow-start",
        title="Cross-entropy neuron: no slow start",
        statement="With the cross-entropy cost at 002's eta=0.005 the neuron learns fast from "
                  "the first epochs from either start: the per-epoch cost decrease is largest at "
                  "the beginning and the cost ends the 300 epochs below half its initial value "
                  "(32 % from w=0.6, b=0.9 and 38 % from w=b=2).",
        formula="",
        sources=(
            S(D001, "108", "演示 cross-entropy 损失函数的学习情况", "一开始就学习的很快",
              says="With the cross-entropy from w = 0.6, b = 0.9 the cost falls fast from the "
                   "start."),
            S(D002, "126", "引入交叉熵代价函数", "学习速度相当快",
              says="With the cross-entropy from w = b = 2.0 the neuron learns quite fast, as "
                   "expected."),
            S(D003, "90", "交叉熵损失函数", "消失了",
              says="With the cross-entropy the slow start from w = b = 2.0 disappears."),
        ),
        kind="qualitative",
        rests_on=("cross-entropy-gradient-tracks-error", "neuron-initial-output-098"),
        expected="holds",
        reading="learning fast in the runs shown: no slow start (the first update lowers the "
                "cost most) and real progress within them (the cost ends below half its initial "
                "value), at the rate the runs used; a run at a rate too small to move the cost "
                "would not be called fast by its author",
        other_readings=(
            Reading("the shape alone: the first update lowers the cost most, at eta = 0.005 and "
                    "at 0.15 (true of the cross-entropy at any eta below 2)",
                    check("experiments.neuron_speed_checks.largest_decrease_first", 0,
                          "the first update (epoch 0) must lower the cost most"),
                    expected="holds"),
        ),
        exercises=("engine.network.Network.backprop", "experiments.neuron.train_neuron"),
        check=check("experiments.neuron_speed_checks.fast_from_the_start", 0,
                    "'fast from the start' read as the first update lowering the cost most, from "
                    "both starts, and 'learns fast' as the cost ending the run below half its "
                    "initial value (the slow-start claims read 'little progress' as above 90 %)",
                    cost="cross_entropy", final_below=0.5,
                    controls=(control("the same check on the quadratic runs (eta = 0.15)",
                                      cost="quadratic"),
                              control("the same check at a tenth of the rate, eta = 0.0005",
                                      eta=0.0005))),
    ),
    Claim(
        id="learning-rate-does-not-explain-pattern",
        title="The contrast is not an artefact of the learning rates",
        statement="The pattern (quadratic: slow while badly wrong; cross-entropy: fastest while "
                  "badly wrong) comes from the shape of the gradients in z, a^2(1-a) versus a, "
                  "and is the same for any learning rate; only the absolute speed depends on eta.",
        formula=r"\frac{\partial C_{\mathrm{quad}}}{\partial z} = a^2(1-a),\quad "
                r"\frac{\partial C_{\mathrm{CE}}}{\partial z} = a",
        sources=(S(D002, "130", "引入交叉熵代价函数",
                   says="The change of learning rate does not explain the contrast: the quadratic "
                        "cost learns slowly when badly wrong, the cross-entropy fast."),),
        kind="qualitative",
        rests_on=("quadratic-slower-when-badly-wrong", "cross-entropy-neuron-no-slow-start"),
        expected="holds",
        exercises=("engine.network.Network.backprop", "experiments.neuron.train_neuron"),
        check=check("experiments.neuron_checks.pattern_independent_of_learning_rate", 10,
                    "a late peak must stand out: the quadratic run's largest decrease at least ten "
                    "times its first. Runs of equal eta x epochs, as the claim test had them; the "
                    "report's criterion (any peak after epoch 0 in 900 epochs) was weaker",
                    controls=(control("the same check with the two costs swapped",
                                      costs=("cross_entropy", "quadratic")),)),
    ),
)
