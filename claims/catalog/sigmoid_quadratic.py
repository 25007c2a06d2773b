"""The sigmoid, its derivative and saturation; the quadratic cost, its gradients for one sigmoid
neuron and why they make learning slow; the gradient-descent step."""

from __future__ import annotations

from claims.catalog.documents import D000, D001, D002, D003, D004
from claims.catalog.model import Claim, Reading, Source, check, control

S = Source
# The claims whose printed figures are the two starting outputs of the single-neuron runs.
STARTING_OUTPUTS = ("neuron-initial-output-082", "neuron-initial-output-098")

CLAIMS: tuple[Claim, ...] = (
    Claim(
        id="sigmoid-derivative",
        title="Derivative of the sigmoid",
        statement="The logistic function sigma(z) = 1/(1+e^{-z}) has derivative "
                  "sigma(z)(1-sigma(z)), which can also be written a(1-a) with a = sigma(z).",
        formula=r"\sigma'(z) = \sigma(z)\,(1-\sigma(z))",
        sources=(
            S(D002, "87, 98", "引入交叉熵代价函数", "\\sigma'(z) = \\sigma(z)(1-\\sigma(z))"),
            S(D002, "208", "交叉熵的含义？源自哪里？",
              "\\sigma'(z)=\\sigma(z)(1-\\sigma(z))=a(1-a)"),
            S(D001, "86", "介绍cross-entropy 损失函数 (cost function)",
              "\\sigma'(z) = \\sigma(z)(1 - \\sigma(z))"),
            S(D003, "80", "交叉熵损失函数", "σ<sup>'</sup>(z) = σ(z)(1-σ(z))"),
        ),
        kind="identity", rests_on=(), expected="holds",
        exercises=("engine.activations.sigmoid", "engine.activations.sigmoid_prime"),
    ),
    Claim(
        id="sigmoid-prime-vanishes-when-saturated",
        title="sigma' is small where the sigmoid is flat",
        statement="sigma'(z) is at most 1/4 (at z=0) and tends to 0 as |z| grows, i.e. as the "
                  "output approaches 0 or 1; the sigmoid curve is flat there.",
        formula=r"0 < \sigma'(z) \le \tfrac14,\quad \lim_{|z|\to\infty}\sigma'(z) = 0",
        sources=(
            S(D000, "49", "Michael Nielsen对交叉熵的解释（一）"),
            S(D001, "58", "为什么神经网络会出现一开始学习很慢后来学习变快的情况呢",
              "$\\sigma'(z)$  小"),
            S(D002, "60", "交叉熵代价函数"),
            S(D003, "43-45", "学习缓慢原因分析"),
            S(D004, "50-54", "二次代价损失函数"),
        ),
        kind="limit", rests_on=("sigmoid-derivative",), expected="holds",
        exercises=("engine.activations.sigmoid_prime",),
    ),
    Claim(
        id="quadratic-cost-definition",
        title="Quadratic cost",
        statement="The quadratic cost of one example is half the squared error between target "
                  "and output; over n examples it is the average of these, 1/(2n) times the "
                  "sum of squared error norms.",
        formula=r"C = \frac{(y-a)^2}{2},\qquad C = \frac{1}{2n}\sum_x \|y-a\|^2",
        sources=(
            S(D000, "37", "Michael Nielsen对交叉熵的解释（一）",
              "C%20%3D%20%5Cfrac%7B%28y-a%29%5E2%7D%7B2%7D"),
            S(D001, "47", "为什么神经网络会出现一开始学习很慢后来学习变快的情况呢",
              "C = \\frac{(y - a)^2}{2}"),
            S(D002, "50", "交叉熵代价函数"),
            S(D003, "31-33", "学习缓慢原因分析"),
            S(D004, "27-33", "二次代价损失函数", "C=\\frac{1}{2n}\\sum_x|y-\\hat y |^2"),
        ),
        kind="identity", rests_on=(), expected="holds",
        exercises=("engine.costs.QUADRATIC", "engine.network.Network.cost_value",
                   "engine.network.Network.feedforward"),
    ),
    Claim(
        id="quadratic-gradient-has-sigma-prime",
        title="Quadratic-cost gradients carry sigma'(z)",
        statement="For one sigmoid neuron with C=(y-a)^2/2, a=sigma(z), z=wx+b: dC/dw = "
                  "(a-y)sigma'(z)x and dC/db = (a-y)sigma'(z); both become small when the neuron "
                  "saturates (sigma'(z) near 0), however wrong the output is.",
        formula=r"\frac{\partial C}{\partial w} = (a-y)\sigma'(z)\,x,\qquad "
                r"\frac{\partial C}{\partial b} = (a-y)\sigma'(z)",
        sources=(
            S(D002, "54, 60", "交叉熵代价函数", "方程 (55) 和 (56)"),
            S(D000, "41, 43", "Michael Nielsen对交叉熵的解释（一）",
              "%28a-y%29%5Csigma%27%28z%29%20x"),
            S(D001, "51", "为什么神经网络会出现一开始学习很慢后来学习变快的情况呢",
              "(a - y) \\sigma'(z) x"),
            S(D003, "35-37", "学习缓慢原因分析"),
        ),
        kind="identity",
        rests_on=("quadratic-cost-definition", "sigmoid-prime-vanishes-when-saturated"),
        expected="holds",
        exercises=("engine.activations.sigmoid", "engine.network.Network.backprop",
                   "engine.network.Network.cost_value"),
    ),
    Claim(
        id="quadratic-gradient-at-the-example",
        title="Quadratic gradients at x=1, y=0",
        statement="Substituting the single training example x=1, y=0 into the quadratic-cost "
                  "gradients gives dC/dw = dC/db = a sigma'(z).",
        formula=r"\frac{\partial C}{\partial w} = \frac{\partial C}{\partial b} = a\,\sigma'(z)",
        sources=(
            S(D002, "54-56", "交叉熵代价函数"),
            S(D000, "41, 43", "Michael Nielsen对交叉熵的解释（一）",
              "%3D%20a%20%5Csigma%27%28z%29"),
            S(D001, "51", "为什么神经网络会出现一开始学习很慢后来学习变快的情况呢",
              "= a \\sigma'(z)"),
            S(D003, "39-41", "学习缓慢原因分析"),
        ),
        kind="identity", rests_on=("quadratic-gradient-has-sigma-prime",), expected="holds",
        exercises=(),
    ),
    Claim(
        id="gradient-descent-step",
        title="Learning speed is the size of the partial derivatives",
        statement="Gradient descent changes each weight and bias by minus the learning rate "
                  "times the cost's partial derivative, so at a fixed learning rate slow "
                  "learning means small partial derivatives dC/dw and dC/db.",
        formula=r"w \to w - \eta\,\frac{\partial C}{\partial w},\qquad "
                r"b \to b - \eta\,\frac{\partial C}{\partial b}",
        sources=(
            S(D000, "35", "Michael Nielsen对交叉熵的解释（一）"),
            S(D001, "42", "为什么神经网络会出现一开始学习很慢后来学习变快的情况呢",
              "$\\partial C / \\partial w$"),
            S(D002, "48", "交叉熵代价函数"),
        ),
        kind="identity", rests_on=(), expected="holds",
        exercises=("engine.network.Network.backprop", "engine.training.sgd"),
    ),
    Claim(
        id="004-sigma-evaluated-at-input",
        title="004 evaluates sigma and sigma' at the input x",
        statement="004 writes the chain-rule factor as sigma'(x) and, in the cross-entropy steps, "
                  "sigma(x), where the derivative of the output with respect to z requires "
                  "sigma'(z) and sigma(z) with z = wx+b.",
        formula=r"\frac{\partial L}{\partial w} = (\hat y-y)\,\sigma'(x)\,x",
        sources=(
            S(D004, "39", "二次代价损失函数", "(\\hat y-y) \\sigma\\prime(x)x"),
            S(D004, "73-74", "交叉熵损失函数", "\\frac{y- \\sigma (x)}{\\sigma(x)(1-\\sigma(x))}"),
            S(D004, "92, 105", "交叉熵函数来源", "(\\hat y - y) \\sigma \\prime(x) x"),
        ),
        kind="identity", rests_on=("quadratic-gradient-has-sigma-prime",), expected="refuted",
        reason="sigma'(x) is not sigma'(z): for the experiment's w=b=2, x=1, z=4 and "
               "sigma'(z)=0.0177 while sigma'(x)=sigma'(1)=0.1966, so the printed gradient is 11 "
               "times too large; sigma(x)=0.731 is not the output 0.982 either.",
        exercises=("engine.activations.sigmoid", "engine.activations.sigmoid_prime",
                   "engine.network.Network.cost_value"),
    ),
    Claim(
        id="004-bias-gradient-labelled-as-weight",
        title="004's second quadratic gradient is labelled dL/dw",
        statement="004's second quadratic-cost formula has dL/dw on its left side but no input "
                  "factor on the right; it is the bias gradient, and as a weight gradient it is "
                  "wrong whenever x differs from 1.",
        formula=r"\frac{\partial L}{\partial w} = (\hat y-y)\,\sigma'(x)",
        sources=(
            S(D004, "45-46", "二次代价损失函数",
              "\\frac{\\partial L}{\\partial w} &=\\frac{\\partial L}{\\partial \\hat y}"),
        ),
        kind="identity", rests_on=("quadratic-gradient-has-sigma-prime",), expected="refuted",
        reason="even reading sigma'(x) as sigma'(z), the form lacks the factor x: at x=2, "
               "w=0.5, b=0, y=0 the true dL/dw is 2*0.7311*0.1966=0.287 while the form gives "
               "0.144; the left side should read dL/db.",
        exercises=("engine.activations.sigmoid", "engine.activations.sigmoid_prime",
                   "engine.network.Network.cost_value"),
    ),
    Claim(
        id="004-larger-error-always-slower",
        title="004: the larger the initial error, the slower the training converges",
        statement="004 generalises from the two runs that a larger initial error (cost) makes "
                  "gradient training converge more slowly: with the quadratic cost at eta=0.15 "
                  "the output falls below 0.1 after 207, 247, 274 and 449 epochs from initial "
                  "outputs 0.3, 0.6 and the runs' two starting outputs.",
        formula=r"\frac{\partial C}{\partial z} = a^2(1-a)\quad (y=0)",
        sources=(
            S(D004, "22", "前奏", "收敛得越缓慢",
              says="Intuitively, the larger the initial error, the more slowly the run "
                   "converges."),
            S(D004, "54", "二次代价损失函数", "导致训练越慢",
              says="A larger initial cost (error) makes the training slower."),
        ),
        kind="qualitative",
        rests_on=("quadratic-slower-when-badly-wrong", "neuron-initial-output-082",
                  "neuron-initial-output-098"),
        expected="holds",
        reading="time to converge (收敛得越缓慢, 'converges the more slowly'): the epochs until "
                "the output reaches the target's neighbourhood; for target 0 every update "
                "z -> z - 2 eta a^2 (1 - a) keeps the order of two starts while eta < 5, so a "
                "worse start gets there later",
        other_readings=(
            Reading("the rate of learning at the start: |dC/dz| = a^2 (1 - a) falls as the "
                    "error grows (it rises up to a = 2/3: 0.063 at 0.3, 0.144 at 0.6)",
                    check("experiments.neuron_speed_checks.initial_speed_falls_with_error", 0,
                          "no margin: each larger error must start with a smaller gradient",
                          outputs=(0.3, 0.6), printed_outputs=STARTING_OUTPUTS),
                    expected="refuted"),
        ),
        exercises=("engine.network.Network.backprop", "experiments.neuron.train_neuron"),
        check=check("experiments.neuron_speed_checks.converges_later_when_more_wrong", 0,
                    "no margin: each larger initial error must take more epochs to bring the "
                    "output below 0.1 (between the two runs' final outputs)",
                    outputs=(0.3, 0.6), printed_outputs=STARTING_OUTPUTS, converged=0.1,
                    controls=(control("the same check at eta = 10, where one update can carry "
                                      "a worse start past a better one", eta=10.0),)),
    ),
    Claim(
        id="001-output-in-set-zero-one",
        title="001: the output a lies between 0 and 1",
        statement="001 says the output a lies between 0 and 1 (written with set braces, {0, 1}, "
                  "followed by 'between'); a = sigma(z) lies strictly inside, e.g. the runs' "
                  "outputs sigma(1.5) = 0.8176 and sigma(4) = 0.9820.",
        formula=r"0 < a < 1",
        sources=(S(D001, "58", "为什么神经网络会出现一开始学习很慢后来学习变快的情况呢",
                   "$a$  在  $\\{0, 1\\}$  之间",
                   says="a lies between 0 and 1 (printed {0, 1}), so a affects the learning "
                        "speed little."),),
        kind="identity", rests_on=("sigmoid-derivative",), expected="holds",
        reading="between 0 and 1: 在……之间 ('between') names an interval, and the sentence "
                "goes on to use a as a factor that can change only a little, which a two-valued "
                "a could not",
        other_readings=(
            Reading("the set braces alone: a takes only the values 0 and 1",
                    check("experiments.neuron_checks.outputs_in_set_zero_one", 0, "exact"),
                    expected="refuted"),
        ),
        exercises=("engine.activations.sigmoid",),
        check=check("experiments.neuron_checks.outputs_between_zero_and_one", 0,
                    "strict: every output inside the open interval",
                    controls=(control("the same check on a neuron with a linear output (a = z)",
                                      output="linear"),)),
    ),
    Claim(
        id="quadratic-slow-when-output-near-0-or-1",
        title="Quadratic cost is slow whenever the output is near 0 or 1",
        statement="With a sigmoid output and the quadratic cost, an output near 0 or near 1 "
                  "makes both gradients small whatever the target, so a neuron stuck at the "
                  "wrong extreme (target 1, output 0, or the reverse) learns slowly and the "
                  "speed depends strongly on the initial parameters.",
        formula=r"|(a-y)\sigma'(z)| \le \sigma'(z) \to 0",
        sources=(
            S(D001, "60-62", "为什么神经网络会出现一开始学习很慢后来学习变快的情况呢",
              "接近0或1的时候"),
            S(D002, "138", "引入交叉熵代价函数"),
        ),
        kind="limit",
        rests_on=("quadratic-gradient-has-sigma-prime", "sigmoid-prime-vanishes-when-saturated"),
        expected="holds",
        exercises=("engine.activations.sigmoid", "engine.activations.sigmoid_prime",
                   "engine.network.Network.output_delta"),
    ),
    Claim(
        id="quadratic-slowdown-in-general-networks",
        title="The slowdown is not special to one neuron",
        statement="The same sigma'-caused slowdown affects the output layer of general sigmoid "
                  "networks trained with the quadratic cost, not only the toy neuron.",
        formula="",
        sources=(
            S(D000, "49", "Michael Nielsen对交叉熵的解释（一）"),
            S(D002, "60", "交叉熵代价函数"),
            S(D003, "49", "交叉熵损失函数"),
        ),
        kind="qualitative", rests_on=("quadratic-output-gradient",), expected="holds",
        exercises=("engine.activations.sigmoid_prime", "engine.network.Network.backprop",
                   "engine.network.Network.forward"),
    ),
    Claim(
        id="quadratic-shares-cost-properties",
        title="The quadratic cost has the same two properties",
        statement="The quadratic cost is also non-negative and tends to 0 as the output "
                  "approaches the target.",
        formula=r"\frac{(y-a)^2}{2} \ge 0,\quad \lim_{a\to y}\frac{(y-a)^2}{2} = 0",
        sources=(S(D002, "79", "引入交叉熵代价函数"),),
        kind="inequality", rests_on=("quadratic-cost-definition",), expected="holds",
        exercises=("engine.costs.QUADRATIC",),
    ),
)
