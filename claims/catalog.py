"""The claim catalog: every checkable statement of the five source documents, as data.

Each :class:`Claim` restates one statement in our own words, names the documents that
make it (:class:`Source`: file name, locator, optional short fragment as printed), says
what kind of statement it is, which other claims it rests on, and whether we expect it
to hold or to be refuted (with the concrete counterexample when refuted).

The catalog is validated when this module is imported (:func:`validate_catalog`); a
malformed catalog raises :class:`ValueError` naming the offending entry.

Equation numbers are Nielsen's, as printed in ``002_6346e0d4e60abd44.txt`` (where the
equations themselves are images; the numbers follow Nielsen's chapter 3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = frozenset({"identity", "inequality", "limit", "numerical result", "qualitative"})
VERDICTS = frozenset({"holds", "refuted"})
EXPERIMENTS = frozenset({"", "mnist"})
MAX_QUOTE_CHARS = 80
_ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Source:
    """Where a document makes a claim.

    ``document`` is the seed file name, ``locator`` an equation number, section, formula
    number or figure position, ``quote`` an optional short fragment as printed (a formula
    or a number, at most 80 characters) that lets a reader find the spot.
    """

    document: str
    locator: str
    quote: str = ""


@dataclass(frozen=True)
class Claim:
    """One checkable statement, in our own words, with its expected verdict."""

    id: str
    title: str
    statement: str
    formula: str
    sources: tuple[Source, ...]
    kind: str
    rests_on: tuple[str, ...]
    expected: str
    reason: str = ""
    witness_plan: str = ""
    # The experiment whose run decides the verdict ("mnist"), for claims no unit test can
    # witness; every other claim is witnessed by tests in claims/.
    experiment: str = ""


D000 = "000_de8b5c01d2ccda08.txt"
D001 = "001_35ed4ba02ee3d433.txt"
D002 = "002_6346e0d4e60abd44.txt"
D003 = "003_d4abb7bdab8dcbfb.txt"
D004 = "004_fb13fecbfd095a18.txt"

DOCUMENTS: dict[str, str] = {
    D000: "Blog post, part 1 of a series explaining Nielsen's cross-entropy section: the "
          "single-neuron experiment and the quadratic cost's gradients.",
    D001: "Blog post on the cross-entropy cost: the single-neuron runs with 300 iterations and "
          "their final outputs, the cross-entropy derivatives (1) and (2), a cross-entropy run.",
    D002: "Chinese translation of chapter 3 of Michael Nielsen's 'Neural Networks and Deep "
          "Learning' (cross-entropy and softmax sections, equations (54)-(84)).",
    D003: "Tutorial chapter 14 of a TensorFlow series: cross-entropy against slow learning, "
          "three caveats, and a TensorFlow MNIST script.",
    D004: "Blog post 'why use the cross-entropy cost' (adapted from another post): the "
          "experiment's numbers, the formulas as that author wrote them, a derivation by "
          "integration.",
}

S = Source
_NEURON = "single neuron, x=1, y=0, a=sigma(w+b), one gradient step per epoch"

CLAIMS: tuple[Claim, ...] = (
    # ------------------------------------------------------------------ sigmoid, quadratic cost
    Claim(
        id="sigmoid-derivative",
        title="Derivative of the sigmoid",
        statement="The logistic function sigma(z) = 1/(1+e^{-z}) has derivative "
                  "sigma(z)(1-sigma(z)), which can also be written a(1-a) with a = sigma(z).",
        formula=r"\sigma'(z) = \sigma(z)\,(1-\sigma(z))",
        sources=(
            S(D002, "section 'introducing the cross-entropy cost function', paragraph before "
                    "eq. (61) and the exercise after eq. (62)",
                "\\sigma'(z) = \\sigma(z)(1-\\sigma(z))"),
            S(D002, "section 'what does the cross-entropy mean?', text before eq. (74)",
                "\\sigma'(z)=\\sigma(z)(1-\\sigma(z))=a(1-a)"),
            S(D001, "paragraph before formula (1)", "\\sigma'(z) = \\sigma(z)(1 - \\sigma(z))"),
            S(D003, "section '交叉熵损失函数', paragraph after image B-N-F-12-3",
                "σ<sup>'</sup>(z) = σ(z)(1-σ(z))"),
        ),
        kind="identity", rests_on=(), expected="holds",
        witness_plan="sympy derivation; hypothesis property of engine sigmoid_prime against "
                     "sigmoid*(1-sigmoid)",
    ),
    Claim(
        id="sigmoid-prime-vanishes-when-saturated",
        title="sigma' is small where the sigmoid is flat",
        statement="sigma'(z) is at most 1/4 (at z=0) and tends to 0 as |z| grows, i.e. as the "
                  "output approaches 0 or 1; the sigmoid curve is flat there.",
        formula=r"0 < \sigma'(z) \le \tfrac14,\quad \lim_{|z|\to\infty}\sigma'(z) = 0",
        sources=(
            S(D000, "paragraph after the sigma figure (cross-entropy4.png)"),
            S(D001, "paragraph after the sigmoid recap", "$\\sigma'(z)$  小"),
            S(D002, "section 'the cross-entropy cost function', paragraph after the sigma graph"),
            S(D003, "section '学习缓慢原因分析', paragraph after image B-N-F-11-2"),
            S(D004, "section '二次代价损失函数', paragraphs around the sigmoid figure"),
        ),
        kind="limit", rests_on=("sigmoid-derivative",), expected="holds",
        witness_plan="sympy limit; hypothesis property of engine sigmoid_prime (bound 1/4, "
                     "decay for large |z|)",
    ),
    Claim(
        id="quadratic-cost-definition",
        title="Quadratic cost",
        statement="The quadratic cost of one example is half the squared error between target "
                  "and output; over n examples it is the average of these, 1/(2n) times the "
                  "sum of squared error norms.",
        formula=r"C = \frac{(y-a)^2}{2},\qquad C = \frac{1}{2n}\sum_x \|y-a\|^2",
        sources=(
            S(D000, "first displayed formula", "C%20%3D%20%5Cfrac%7B%28y-a%29%5E2%7D%7B2%7D"),
            S(D001, "section on why learning is slow, quadratic cost", "C = \\frac{(y - a)^2}{2}"),
            S(D002, "section 'the cross-entropy cost function', eq. (54)"),
            S(D003, "section '学习缓慢原因分析', image B-N-F-8"),
            S(D004, "section '二次代价损失函数'", "C=\\frac{1}{2n}\\sum_x|y-\\hat y |^2"),
        ),
        kind="identity", rests_on=(), expected="holds",
        witness_plan="hypothesis property of engine QUADRATIC.value against the formula",
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
            S(D002, "section 'the cross-entropy cost function', eq. (55)-(56)", "方程 (55) 和 (56)"),
            S(D000, "second and third displayed formulas", "%28a-y%29%5Csigma%27%28z%29%20x"),
            S(D001, "section on why learning is slow, aligned derivative block",
                "(a - y) \\sigma'(z) x"),
            S(D003, "section '学习缓慢原因分析', image B-N-F-11"),
        ),
        kind="identity", rests_on=("quadratic-cost-definition", "sigmoid-prime-vanishes-when-saturated"),
        expected="holds",
        witness_plan="sympy derivation; finite differences of engine QUADRATIC through sigmoid",
    ),
    Claim(
        id="quadratic-gradient-at-the-example",
        title="Quadratic gradients at x=1, y=0",
        statement="Substituting the single training example x=1, y=0 into the quadratic-cost "
                  "gradients gives dC/dw = dC/db = a sigma'(z).",
        formula=r"\frac{\partial C}{\partial w} = \frac{\partial C}{\partial b} = a\,\sigma'(z)",
        sources=(
            S(D002, "section 'the cross-entropy cost function', eq. (55)-(56) with x=1, y=0"),
            S(D000, "second and third displayed formulas, right-hand sides",
                "%3D%20a%20%5Csigma%27%28z%29"),
            S(D001, "aligned derivative block", "= a \\sigma'(z)"),
            S(D003, "section '学习缓慢原因分析', image B-N-F-11-2"),
        ),
        kind="identity", rests_on=("quadratic-gradient-has-sigma-prime",), expected="holds",
        witness_plan="sympy substitution x=1, y=0 into the derivation",
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
            S(D000, "paragraph before the quadratic cost formula"),
            S(D001, "section '为什么神经网络会出现一开始学习很慢后来学习变快的情况呢'",
                "$\\partial C / \\partial w$"),
            S(D002, "section 'the cross-entropy cost function', paragraph before eq. (54)"),
        ),
        kind="identity", rests_on=(), expected="holds",
        witness_plan="engine training.sgd: one step on one example moves the parameters by "
                     "-eta times engine backprop gradients",
    ),
    Claim(
        id="004-sigma-evaluated-at-input",
        title="004 evaluates sigma and sigma' at the input x",
        statement="004 writes the chain-rule factor as sigma'(x) and, in the cross-entropy steps, "
                  "sigma(x), where the derivative of the output with respect to z requires "
                  "sigma'(z) and sigma(z) with z = wx+b.",
        formula=r"\frac{\partial L}{\partial w} = (\hat y-y)\,\sigma'(x)\,x",
        sources=(
            S(D004, "section '二次代价损失函数', first gradient block",
                "(\\hat y-y) \\sigma\\prime(x)x"),
            S(D004, "section '交叉熵损失函数', gradient block, lines 2-3",
                "\\frac{y- \\sigma (x)}{\\sigma(x)(1-\\sigma(x))}"),
            S(D004, "section '交叉熵函数来源', first and third formulas",
                "(\\hat y - y) \\sigma \\prime(x) x"),
        ),
        kind="identity", rests_on=("quadratic-gradient-has-sigma-prime",), expected="refuted",
        reason="sigma'(x) is not sigma'(z): for the experiment's w=b=2, x=1, z=4 and "
               "sigma'(z)=0.0177 while sigma'(x)=sigma'(1)=0.1966, so the printed gradient is 11 "
               "times too large; sigma(x)=0.731 is not the output 0.982 either.",
        witness_plan="arithmetic: evaluate both forms at w=b=2, x=1, y=0 against finite "
                     "differences",
    ),
    Claim(
        id="004-bias-gradient-labelled-as-weight",
        title="004's second quadratic gradient is labelled dL/dw",
        statement="004's second quadratic-cost formula has dL/dw on its left side but no input "
                  "factor on the right; it is the bias gradient, and as a weight gradient it is "
                  "wrong whenever x differs from 1.",
        formula=r"\frac{\partial L}{\partial w} = (\hat y-y)\,\sigma'(x)",
        sources=(
            S(D004, "section '二次代价损失函数', second gradient block",
                "\\frac{\\partial L}{\\partial w} &=\\frac{\\partial L}{\\partial \\hat y}"),
        ),
        kind="identity", rests_on=("quadratic-gradient-has-sigma-prime",), expected="refuted",
        reason="even reading sigma'(x) as sigma'(z), the form lacks the factor x: at x=2, "
               "w=0.5, b=0, y=0 the true dL/dw is 2*0.7311*0.1966=0.287 while the form gives "
               "0.144; the left side should read dL/db.",
        witness_plan="finite differences at an input x != 1",
    ),
    Claim(
        id="neuron-initial-output-082",
        title="Initial output 0.82",
        statement="With w=0.6, b=0.9 and input 1 the neuron's output sigma(1.5) is 0.8176, "
                  "which rounds to the printed 0.82.",
        formula=r"\sigma(0.6+0.9) \approx 0.82",
        sources=(
            S(D000, "paragraph before the second figure", "0.82"),
            S(D001, "section on the learning process, first run", "$a=0.82$"),
            S(D002, "section 'the cross-entropy cost function', paragraph before the first "
                    "figure series", "$$0.82$$"),
            S(D003, "section '“严重错误”导致学习缓慢', normal initialisation", "输出0.82"),
            S(D004, "section '前奏', item 2, experiment 1", "0.82"),
        ),
        kind="numerical result", rests_on=(), expected="holds",
        witness_plan="arithmetic with engine sigmoid, rounded to 2 decimals",
    ),
    Claim(
        id="neuron-initial-output-098",
        title="Initial output 0.98",
        statement="With w=b=2 and input 1 the neuron's output sigma(4) is 0.9820, which rounds "
                  "to the printed 0.98.",
        formula=r"\sigma(2+2) \approx 0.98",
        sources=(
            S(D000, "paragraph after the second figure", "0.98"),
            S(D001, "section on the learning process, second run", "$a=0.98$"),
            S(D002, "section 'the cross-entropy cost function', paragraph after the first "
                    "figure series", "$$0.98$$"),
            S(D003, "section '“严重错误”导致学习缓慢', second initialisation", "输出为0.98"),
            S(D004, "section '前奏', item 2, experiment 2", "0.98"),
        ),
        kind="numerical result", rests_on=(), expected="holds",
        witness_plan="arithmetic with engine sigmoid, rounded to 2 decimals",
    ),
    Claim(
        id="neuron-initial-parameters-typical",
        title="w=0.6, b=0.9 look like standard-normal draws",
        statement="003 calls the starting values w=0.6, b=0.9 ordinary draws from a standard "
                  "normal distribution; both lie within one standard deviation of the mean.",
        formula=r"|0.6| < 1,\ |0.9| < 1",
        sources=(S(D003, "section '“严重错误”导致学习缓慢', normal initialisation",
                   "令w=0.6，b=0.9"),),
        kind="qualitative", rests_on=(), expected="holds",
        witness_plan="arithmetic: both magnitudes below 1 (about 55% and 37% two-sided tail "
                     "probability)",
    ),
    Claim(
        id="quadratic-neuron-final-output-009",
        title="Quadratic run from 0.82 ends at 0.09",
        statement="Training the neuron from w=0.6, b=0.9 with the quadratic cost and eta=0.15 "
                  "for 300 epochs brings the output to about 0.09.",
        formula=r"a_{300} \approx 0.09\quad(w_0=0.6,\ b_0=0.9,\ \eta=0.15)",
        sources=(
            S(D000, "paragraph after the second figure", "输出0.09"),
            S(D001, "section on the learning process, after the first run", "0.09"),
            S(D002, "section 'the cross-entropy cost function', paragraph after the first "
                    "figure series", "$$0.09$$"),
            S(D004, "section '前奏', item 2, experiment 1", "降到0.09"),
        ),
        kind="numerical result", rests_on=("quadratic-gradient-at-the-example",), expected="holds",
        witness_plan="neuron experiment (" + _NEURON + "): output after 300 epochs rounds to 0.09",
    ),
    Claim(
        id="quadratic-neuron-final-output-020",
        title="Quadratic run from 0.98 ends at 0.20",
        statement="Training the neuron from w=b=2 with the quadratic cost and eta=0.15 for 300 "
                  "epochs brings the output only to about 0.20, much worse than the 0.09 of the "
                  "first run.",
        formula=r"a_{300} \approx 0.20\quad(w_0=b_0=2,\ \eta=0.15)",
        sources=(
            S(D001, "section on the learning process, after the second run", "最后输出值是0.2"),
            S(D004, "section '前奏', item 2, experiment 2", "只降到了0.20"),
        ),
        kind="numerical result", rests_on=("quadratic-gradient-at-the-example",), expected="holds",
        witness_plan="neuron experiment (" + _NEURON + "): output after 300 epochs rounds to 0.20",
    ),
    Claim(
        id="quadratic-neuron-fast-from-082",
        title="From 0.82 the quadratic cost falls quickly",
        statement="From w=0.6, b=0.9 the quadratic cost drops fast from the first epochs: it is "
                  "already small by epoch 100 and close to 0 by epoch 300.",
        formula="",
        sources=(
            S(D000, "paragraph after the second figure"),
            S(D001, "section on the learning process, after the first run"),
            S(D002, "section 'the cross-entropy cost function', paragraph after the first "
                    "figure series"),
            S(D003, "section '“严重错误”导致学习缓慢', normal initialisation", "到第100次时就很低了"),
            S(D004, "section '前奏', item 2, cost curves", "快速降低"),
        ),
        kind="qualitative", rests_on=("quadratic-gradient-at-the-example",), expected="holds",
        witness_plan="neuron experiment: cost at epoch 100 below 10% and at epoch 300 below 2% "
                     "of the initial cost",
    ),
    Claim(
        id="quadratic-neuron-slow-start-150-epochs",
        title="About 150 epochs of little progress from 0.98",
        statement="From w=b=2 with the quadratic cost and eta=0.15, roughly the first 150 "
                  "epochs make little progress; afterwards the output moves quickly towards 0.",
        formula="",
        sources=(
            S(D000, "paragraph after the third figure", "开始的150左右的周期内"),
            S(D002, "section 'the cross-entropy cost function', paragraph after the second "
                    "figure series", "前 $$150$$ 左右的学习次数"),
        ),
        kind="numerical result", rests_on=("quadratic-gradient-at-the-example",), expected="holds",
        witness_plan="neuron experiment: cost stays above 90% of its initial value until epoch "
                     "~150 and then falls below 10% by epoch 300",
    ),
    Claim(
        id="quadratic-neuron-drop-near-200-epochs",
        title="Noticeable drop only around epoch 200",
        statement="From w=b=2 with the quadratic cost and eta=0.15 the cost begins to fall "
                  "noticeably only around epoch 200.",
        formula="",
        sources=(S(D001, "section on the learning process, after the second run",
                   "迭代到200次左右"),),
        kind="numerical result", rests_on=("quadratic-gradient-at-the-example",), expected="holds",
        witness_plan="neuron experiment: the largest per-epoch cost decrease and the fall below "
                     "half the initial cost both happen within 200 +- 30 epochs",
    ),
    Claim(
        id="quadratic-neuron-still-high-at-200",
        title="Cost still high after 200 epochs, normal learning in the last 100",
        statement="From w=b=2 with the quadratic cost the cost is still high after 200 epochs "
                  "and falls at a normal pace only during the last 100 of the 300 epochs.",
        formula="",
        sources=(S(D003, "section '“严重错误”导致学习缓慢', second initialisation",
                   "200次迭代后"),),
        kind="numerical result", rests_on=("quadratic-gradient-at-the-example",), expected="holds",
        witness_plan="neuron experiment: cost at epoch 200 above half the initial cost, at "
                     "epoch 300 below a tenth of it",
    ),
    Claim(
        id="learning-starts-slowly-then-speeds-up",
        title="Saturated start: slow, then fast",
        statement="With the quadratic cost, a neuron started badly wrong (output 0.98 for "
                  "target 0) learns slowly at first and then speeds up, unlike the start at "
                  "0.82 which learns fast at once.",
        formula="",
        sources=(
            S(D000, "paragraph after the third figure"),
            S(D001, "heading '为什么神经网络会出现一开始学习很慢后来学习变快的情况呢'"),
            S(D002, "section 'the cross-entropy cost function', paragraph after the second "
                    "figure series"),
            S(D003, "section '“严重错误”导致学习缓慢'"),
            S(D004, "section '前奏', item 2", "一开始下降得非常缓慢"),
        ),
        kind="qualitative",
        rests_on=("quadratic-neuron-slow-start-150-epochs", "quadratic-neuron-fast-from-082"),
        expected="holds",
        witness_plan="neuron experiment: the largest per-epoch cost decrease comes after "
                     "epoch 150 from (2,2) but within the first 30 epochs from (0.6,0.9)",
    ),
    Claim(
        id="saturated-start-has-smaller-gradient",
        title="The 0.98 start has the smaller gradient",
        statement="At the start the quadratic gradient a sigma'(z) is 0.0173 for output 0.98 "
                  "(z=4) against 0.122 for output 0.82 (z=1.5): sigma'(z) is 0.018 against "
                  "0.149, so the badly wrong neuron learns more slowly (neuron saturation).",
        formula=r"a\,\sigma'(z)\big|_{z=4} \approx 0.017 < a\,\sigma'(z)\big|_{z=1.5} \approx 0.12",
        sources=(
            S(D003, "section '学习缓慢原因分析', paragraph after image B-N-F-11-2", "神经元饱和"),
            S(D004, "section '二次代价损失函数', paragraph after the sigmoid figure",
                "（0.98）对应的梯度"),
        ),
        kind="numerical result",
        rests_on=("quadratic-gradient-at-the-example", "neuron-initial-output-082",
                  "neuron-initial-output-098"),
        expected="holds",
        witness_plan="arithmetic with engine sigmoid_prime at z=1.5 and z=4",
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
            S(D000, "last paragraph before the derivation", "错误很多时"),
            S(D002, "section 'introducing the cross-entropy cost function', paragraph after the "
                    "learning-rate discussion"),
            S(D002, "section 'the cross-entropy cost function', paragraph on human learning"),
        ),
        kind="qualitative", rests_on=("quadratic-gradient-at-the-example",), expected="holds",
        witness_plan="sympy maximum of a^2(1-a) on (0,1); neuron experiment per-epoch decrease",
    ),
    Claim(
        id="000-difficulty-greater-for-small-errors",
        title="000: the difficulty is even greater when the error is small",
        statement="000 says the neuron has more trouble learning when the error is small than "
                  "when it is large.",
        formula="",
        sources=(S(D000, "paragraph after the third figure, second sentence group",
                   "错误小的时候困难更大"),),
        kind="qualitative", rests_on=("saturated-start-has-smaller-gradient",), expected="refuted",
        reason="the experiment shows the opposite: from output 0.82 the quadratic cost falls "
               "below 4% of its start within 150 epochs, while from the worse output 0.98 it is "
               "still above 90% after 150 epochs; the initial gradient is 0.12 against 0.017.",
        witness_plan="neuron experiment: compare cost fractions after 150 epochs from both starts",
    ),
    Claim(
        id="004-larger-error-always-slower",
        title="004: the larger the initial error, the slower the training",
        statement="004 generalises from the two runs that a larger initial error (cost) makes "
                  "gradient training slower.",
        formula=r"\frac{\partial C}{\partial z} = a^2(1-a)\quad (y=0)",
        sources=(
            S(D004, "section '前奏', item 2, last sentence", "收敛得越缓慢"),
            S(D004, "section '二次代价损失函数', paragraph after the sigmoid figure",
                "导致训练越慢"),
        ),
        kind="qualitative", rests_on=("quadratic-slower-when-badly-wrong",), expected="refuted",
        reason="as a rule it is false: for target 0 the quadratic gradient a^2(1-a) grows with "
               "the error up to a=2/3, e.g. it is 0.144 at a=0.6 but 0.063 at a=0.3; only "
               "saturated outputs (a > 2/3) learn more slowly when more wrong.",
        witness_plan="sympy: derivative of a^2(1-a) is positive on (0, 2/3)",
    ),
    Claim(
        id="quadratic-speed-governed-by-sigma-prime",
        title="sigma'(z), not a, governs the quadratic learning speed",
        statement="In the quadratic gradient a sigma'(z), for outputs between 1/2 and 1 the "
                  "factor a changes by at most a factor 2 while sigma'(z) falls from 1/4 to 0, "
                  "so sigma'(z) decides the speed (between the two starts a changes by 1.2x, "
                  "sigma'(z) by 8.4x).",
        formula=r"\frac{\partial C}{\partial w} = a\,\sigma'(z)",
        sources=(S(D001, "paragraph after the sigmoid recap", "影响较小"),),
        kind="qualitative",
        rests_on=("quadratic-gradient-at-the-example", "sigmoid-prime-vanishes-when-saturated"),
        expected="holds",
        witness_plan="arithmetic: ratios a(4)/a(1.5) and sigma'(1.5)/sigma'(4)",
    ),
    Claim(
        id="001-output-in-set-zero-one",
        title="001: the output a lies in {0, 1}",
        statement="001 says the output a takes values in the set {0, 1}.",
        formula=r"a \in \{0, 1\}",
        sources=(S(D001, "paragraph after the sigmoid recap", "$a$  在  $\\{0, 1\\}$  之间"),),
        kind="identity", rests_on=("sigmoid-derivative",), expected="refuted",
        reason="a = sigma(z) takes every value strictly between 0 and 1 and never equals 0 or 1 "
               "for finite z; the runs' own outputs 0.82 and 0.98 are not in {0, 1}; the open "
               "interval (0, 1) is meant.",
        witness_plan="hypothesis property of engine sigmoid: 0 < sigma(z) < 1 for moderate z",
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
            S(D001, "paragraph '二次Cost函数的缺点'", "接近0或1的时候"),
            S(D002, "section 'introducing the cross-entropy cost function', paragraph on when "
                    "to use the cross-entropy"),
        ),
        kind="limit",
        rests_on=("quadratic-gradient-has-sigma-prime", "sigmoid-prime-vanishes-when-saturated"),
        expected="holds",
        witness_plan="hypothesis property: quadratic output delta magnitude <= sigma'(z) for "
                     "y in [0,1]",
    ),
    Claim(
        id="quadratic-slowdown-in-general-networks",
        title="The slowdown is not special to one neuron",
        statement="The same sigma'-caused slowdown affects the output layer of general sigmoid "
                  "networks trained with the quadratic cost, not only the toy neuron.",
        formula="",
        sources=(
            S(D000, "last paragraph"),
            S(D002, "section 'the cross-entropy cost function', paragraph after the sigma graph"),
            S(D003, "section '交叉熵损失函数', first paragraph"),
        ),
        kind="qualitative", rests_on=("quadratic-output-gradient",), expected="holds",
        witness_plan="engine backprop: output-layer quadratic gradients of a saturated wrong "
                     "network are scaled by sigma'(z^L)",
    ),
    # ------------------------------------------------------------------ cross-entropy, one neuron
    Claim(
        id="cross-entropy-definition",
        title="Cross-entropy cost",
        statement="For a sigmoid neuron the cross-entropy cost is minus the average over the "
                  "training inputs of y ln a + (1-y) ln(1-a); with a = sigma(z) it is a function "
                  "of the weighted input.",
        formula=r"C = -\frac{1}{n}\sum_x \left[y\ln a + (1-y)\ln(1-a)\right]",
        sources=(
            S(D002, "section 'introducing the cross-entropy cost function', eq. (57)"),
            S(D001, "section introducing cross-entropy, definition and substitution",
                "C = -\\frac{1}{n} \\sum_x [y \\ln a + (1 - y) \\ln(1 - a)]"),
            S(D003, "section '交叉熵损失函数', images B-O-F-7 and B-N-F-12-1"),
            S(D004, "section '交叉熵损失函数', single-example form",
                "L=-\\sum_x[y\\ln \\hat y+(1-y)\\ln (1-\\hat y)]"),
        ),
        kind="identity", rests_on=(), expected="holds",
        witness_plan="hypothesis property: engine CROSS_ENTROPY.value and value_from_z agree "
                     "with the formula",
    ),
    Claim(
        id="004-cross-entropy-missing-minus",
        title="004's cross-entropy lacks the minus sign",
        statement="004 states the averaged cross-entropy as +1/n times the sum of "
                  "y ln a + (1-y) ln(1-a), without the leading minus.",
        formula=r"C = \frac{1}{n}\sum_x \left[y\ln \hat y + (1-y)\ln(1-\hat y)\right]",
        sources=(S(D004, "section '交叉熵损失函数', first formula",
                   "C=\\frac{1}{n}\\sum_x[y\\ln \\hat y+(1-y)\\ln (1-\\hat y)]"),),
        kind="identity", rests_on=("cross-entropy-definition",), expected="refuted",
        reason="without the minus the expression is never positive (y=0, a=sigma(1.5)=0.818 "
               "gives -1.70) and is the negative of the cross-entropy: gradient descent on it "
               "would push the output away from the target; 004's own next line restores the "
               "minus.",
        witness_plan="arithmetic at y=0, a=sigma(1.5)=0.82; sign opposite to engine "
                     "CROSS_ENTROPY.value",
    ),
    Claim(
        id="cross-entropy-nonnegative",
        title="Cross-entropy is non-negative",
        statement="For outputs a strictly inside (0,1) and targets y in [0,1] the cross-entropy "
                  "is >= 0; for y in {0,1} it is strictly positive (in fact it is positive for "
                  "every y in [0,1], being at least the binary entropy of y).",
        formula=r"-\left[y\ln a + (1-y)\ln(1-a)\right] \ge 0,\quad a\in(0,1),\ y\in[0,1]",
        sources=(
            S(D002, "section 'introducing the cross-entropy cost function', paragraph after "
                    "eq. (57)", "$$C>0$$"),
            S(D003, "section '交叉熵损失函数', paragraph on the two cost properties", "整体为非负"),
        ),
        kind="inequality", rests_on=("cross-entropy-definition",), expected="holds",
        witness_plan="hypothesis property of engine CROSS_ENTROPY.value on a in (0,1), "
                     "y in [0,1]; sympy for the binary-target case",
    ),
    Claim(
        id="002-cross-entropy-summands-nonnegative",
        title="002: every summand of (57) is non-negative",
        statement="The translation says each term of the sum in eq. (57) is non-negative "
                  "(before the leading minus sign is applied).",
        formula=r"y\ln a + (1-y)\ln(1-a) \ge 0",
        sources=(S(D002, "section 'introducing the cross-entropy cost function', paragraph "
                         "after eq. (57), point (a)", "都是非负的"),),
        kind="inequality", rests_on=("cross-entropy-definition",), expected="refuted",
        reason="the summands are logarithms of numbers in (0,1) weighted by non-negative "
               "factors, hence <= 0 (y=0, a=sigma(1.5)=0.818 gives -1.70); it is only after "
               "the minus sign of (b) that the cost is non-negative.",
        witness_plan="arithmetic / hypothesis: summand <= 0 for a in (0,1), y in [0,1]",
    ),
    Claim(
        id="002-log-domain-is-unit-interval",
        title="002: the logarithm's domain is (0,1)",
        statement="The translation justifies the sign argument by saying the logarithm is "
                  "defined on (0,1).",
        formula=r"\operatorname{dom}\ln = (0,1)",
        sources=(S(D002, "section 'introducing the cross-entropy cost function', paragraph "
                         "after eq. (57), point (a)", "对数函数的定义域是 $$(0,1)$$"),),
        kind="qualitative", rests_on=(), expected="refuted",
        reason="ln is defined on all of (0, infinity) (ln 2 = 0.693 exists); what lies in (0,1) "
               "is its argument a or 1-a, where ln is negative, which is what the argument needs.",
        witness_plan="arithmetic: ln(2) is finite and positive",
    ),
    Claim(
        id="003-bracket-terms-negative",
        title="003: each term inside the bracket is negative",
        statement="003 says that since ln a and ln(1-a) are negative and y is 0 or 1, each of "
                  "the two terms in the bracket is negative.",
        formula=r"y\ln a < 0\ \text{and}\ (1-y)\ln(1-a) < 0",
        sources=(S(D003, "section '交叉熵损失函数', paragraph on the two cost properties",
                   "每项都是负数"),),
        kind="inequality", rests_on=("cross-entropy-definition",), expected="refuted",
        reason="with y in {0,1} one of the two terms is exactly 0 (y=0 makes y ln a = 0); the "
               "terms are non-positive, not negative. The conclusion C >= 0 is unaffected.",
        witness_plan="arithmetic at y=0, a=0.82: the first term is 0",
    ),
    Claim(
        id="cross-entropy-near-zero-when-correct",
        title="Cross-entropy tends to 0 for a correct output",
        statement="For y=0 the cost -ln(1-a) tends to 0 as a tends to 0, and for y=1 the cost "
                  "-ln a tends to 0 as a tends to 1.",
        formula=r"\lim_{a\to y} -\left[y\ln a + (1-y)\ln(1-a)\right] = 0,\quad y\in\{0,1\}",
        sources=(
            S(D002, "section 'introducing the cross-entropy cost function', second reason",
                "$$-ln(1-a)\\approx 0$$"),
            S(D003, "section '交叉熵损失函数', paragraph on the two cost properties",
                "C也接近0"),
        ),
        kind="limit", rests_on=("cross-entropy-definition",), expected="holds",
        witness_plan="sympy limits; engine CROSS_ENTROPY.value_from_z for large |z|",
    ),
    Claim(
        id="cross-entropy-grows-with-gap",
        title="Cross-entropy grows with the output's distance from a binary target",
        statement="For a binary target the cross-entropy equals -ln(1-|a-y|), a strictly "
                  "increasing function of the gap |a-y|: the closer the output, the lower the cost.",
        formula=r"-\left[y\ln a + (1-y)\ln(1-a)\right] = -\ln(1-|a-y|),\quad y\in\{0,1\}",
        sources=(S(D002, "section 'introducing the cross-entropy cost function', end of the "
                         "second reason"),),
        kind="identity", rests_on=("cross-entropy-definition",), expected="holds",
        witness_plan="hypothesis property of engine CROSS_ENTROPY.value (identity and "
                     "monotonicity in |a-y|)",
    ),
    Claim(
        id="quadratic-shares-cost-properties",
        title="The quadratic cost has the same two properties",
        statement="The quadratic cost is also non-negative and tends to 0 as the output "
                  "approaches the target.",
        formula=r"\frac{(y-a)^2}{2} \ge 0,\quad \lim_{a\to y}\frac{(y-a)^2}{2} = 0",
        sources=(S(D002, "section 'introducing the cross-entropy cost function', summary "
                         "paragraph before eq. (58)"),),
        kind="inequality", rests_on=("quadratic-cost-definition",), expected="holds",
        witness_plan="hypothesis property of engine QUADRATIC.value",
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
            S(D002, "section 'introducing the cross-entropy cost function', eq. (58)-(60)"),
            S(D001, "w-derivative block, first two lines",
                "\\left( \\frac{y}{\\sigma(z)} - \\frac{(1-y)}{1-\\sigma(z)} \\right)"),
            S(D003, "section '交叉熵损失函数', images B-N-F-12-2 and B-N-F-12-3"),
        ),
        kind="identity", rests_on=("cross-entropy-definition",), expected="holds",
        witness_plan="sympy derivation",
    ),
    Claim(
        id="001-combined-step-sign",
        title="001's combined step has the wrong sign",
        statement="001's third line keeps the leading minus while writing (sigma(z) - y), i.e. "
                  "dC/dw_j = -1/n sum sigma'(z) x_j (sigma(z)-y) / (sigma(z)(1-sigma(z))).",
        formula=r"\frac{\partial C}{\partial w_j} = -\frac{1}{n}\sum_x "
                r"\frac{\sigma'(z)x_j}{\sigma(z)(1-\sigma(z))}(\sigma(z)-y)",
        sources=(S(D001, "w-derivative block, third line (合并同类项)",
                   "= -\\frac{1}{n} \\sum_x \\frac{\\sigma'(z) x_j}"),),
        kind="identity", rests_on=("cross-entropy-weight-gradient-steps",), expected="refuted",
        reason="y/s - (1-y)/(1-s) = (y-s)/(s(1-s)), so with the leading minus the factor must "
               "be (y - sigma(z)); as printed the line is the negative of the gradient (n=1, "
               "x=1, y=0, z=1.5: true value +0.818, printed form -0.818). Formula (1) after it "
               "is right.",
        witness_plan="sympy: the printed line simplifies to minus the true gradient",
    ),
    Claim(
        id="cross-entropy-weight-gradient",
        title="Cross-entropy weight gradient (61)",
        statement="For a sigmoid neuron with the cross-entropy cost, dC/dw_j is the average of "
                  "x_j (sigma(z) - y): the sigma'(z) factor has cancelled.",
        formula=r"\frac{\partial C}{\partial w_j} = \frac{1}{n}\sum_x x_j(\sigma(z)-y)",
        sources=(
            S(D002, "section 'introducing the cross-entropy cost function', eq. (61)"),
            S(D001, "formula (1)", "\\frac{1}{n} \\sum_x x_j (\\sigma(z) - y)"),
            S(D003, "section '交叉熵损失函数', image B-N-F-12-4"),
            S(D004, "section '交叉熵损失函数', last line of the w-gradient block",
                "&= -\\sum_x[y-\\hat y]x"),
        ),
        kind="identity",
        rests_on=("cross-entropy-weight-gradient-steps", "sigmoid-derivative"), expected="holds",
        witness_plan="sympy derivation; finite differences of engine CROSS_ENTROPY through "
                     "sigmoid; engine Network.backprop",
    ),
    Claim(
        id="cross-entropy-bias-gradient",
        title="Cross-entropy bias gradient (62)",
        statement="For a sigmoid neuron with the cross-entropy cost, dC/db is the average of "
                  "sigma(z) - y.",
        formula=r"\frac{\partial C}{\partial b} = \frac{1}{n}\sum_x (\sigma(z)-y)",
        sources=(
            S(D002, "section 'introducing the cross-entropy cost function', eq. (62)"),
            S(D001, "formula (2)", "\\frac{1}{n} \\sum_x (\\sigma(z) - y)"),
            S(D003, "section '交叉熵损失函数', image B-N-F-12-5"),
            S(D004, "section '交叉熵损失函数', b-gradient", "-\\sum_x[y-\\hat y]"),
        ),
        kind="identity", rests_on=("cross-entropy-definition", "sigmoid-derivative"),
        expected="holds",
        witness_plan="sympy derivation; finite differences; engine Network.backprop",
    ),
    Claim(
        id="cross-entropy-gradient-tracks-error",
        title="Cross-entropy: learning speed set by the output error",
        statement="Because sigma'(z) has cancelled, the cross-entropy gradients are proportional "
                  "to the error a-y: the larger the error, the faster the neuron learns, "
                  "and a small error means slow learning.",
        formula=r"\frac{\partial C}{\partial b} = a - y",
        sources=(
            S(D001, "paragraphs after formula (2)", "错误大时"),
            S(D002, "section 'introducing the cross-entropy cost function', paragraph after "
                    "eq. (61)"),
            S(D003, "section '交叉熵损失函数', paragraph after image B-N-F-12-4",
                "梯度越大"),
            S(D004, "section '交叉熵损失函数', paragraph after the b-gradient", "梯度就越大"),
        ),
        kind="qualitative",
        rests_on=("cross-entropy-weight-gradient", "cross-entropy-bias-gradient"),
        expected="holds",
        witness_plan="hypothesis property: |dC/db| of engine cross-entropy equals |a-y|, "
                     "increasing in the error",
    ),
    Claim(
        id="sigma-prime-cancellation-by-design",
        title="The cancellation is by design, and not unique to the cross-entropy",
        statement="Cancelling sigma'(z) is what the cross-entropy was built for; other costs "
                  "cancel it too (any positive multiple of the cross-entropy, or any cost with "
                  "dC/da = g(a,y)/(a(1-a))), and only the exact requirement dC/db = a - y pins "
                  "down the cross-entropy.",
        formula=r"\frac{\partial C}{\partial a} = \frac{g(a,y)}{a(1-a)} "
                r"\Rightarrow \frac{\partial C}{\partial b} = g(a,y)",
        sources=(S(D002, "section 'introducing the cross-entropy cost function', end of the "
                         "paragraph after eq. (61)", "一种选择罢了"),),
        kind="qualitative", rests_on=("cross-entropy-derivation",), expected="holds",
        witness_plan="sympy: for C = 2 x cross-entropy, dC/db = 2(a-y) has no sigma' factor",
    ),
    Claim(
        id="cross-entropy-minimum-at-target",
        title="Cross-entropy is minimised at sigma(z)=y",
        statement="For a target y strictly between 0 and 1 the cross-entropy, as a function of "
                  "the output a in (0,1), has its unique minimum at a = sigma(z) = y, where it "
                  "equals the binary entropy -[y ln y + (1-y) ln(1-y)] (eq. (64)).",
        formula=r"\min_{a\in(0,1)} -\left[y\ln a+(1-y)\ln(1-a)\right] = "
                r"-\left[y\ln y+(1-y)\ln(1-y)\right]",
        sources=(S(D002, "section 'introducing the cross-entropy cost function', second "
                         "exercise, eq. (64)", "二元熵"),),
        kind="inequality", rests_on=("cross-entropy-definition",), expected="holds",
        witness_plan="sympy: derivative (a-y)/(a(1-a)) vanishes only at a=y, second derivative "
                     "positive; hypothesis property of engine CROSS_ENTROPY.value",
    ),
    Claim(
        id="cross-entropy-small-needs-binary-targets",
        title="'Small when sigma(z) is close to y' needs binary targets",
        statement="The cross-entropy approaches 0 at sigma(z)=y only for y in {0,1}; for a "
                  "target strictly between 0 and 1 its smallest value is the binary entropy of "
                  "y, which is positive (ln 2 = 0.693 at y=1/2).",
        formula=r"-\left[y\ln y+(1-y)\ln(1-y)\right] > 0,\quad 0<y<1",
        sources=(S(D002, "section 'introducing the cross-entropy cost function', second "
                         "exercise", "$$y$$ 只是等于 $$1$$ 或者 $$0$$ 有关"),),
        kind="inequality", rests_on=("cross-entropy-minimum-at-target",), expected="holds",
        witness_plan="arithmetic / hypothesis: binary entropy positive on (0,1)",
    ),
    Claim(
        id="cross-entropy-reversed-form-undefined",
        title="The reversed expression breaks at binary targets",
        statement="The swapped expression -[a ln y + (1-a) ln(1-y)] is undefined (infinite) for "
                  "y=0 or y=1, since it takes the logarithm of 0 with a nonzero weight; the "
                  "correct form -[y ln a + (1-y) ln(1-a)] stays finite because a = sigma(z) is "
                  "never 0 or 1.",
        formula=r"-\left[a\ln y + (1-a)\ln(1-y)\right]\ \text{undefined at}\ y\in\{0,1\}",
        sources=(S(D002, "section 'introducing the cross-entropy cost function', first exercise",
                   "$$−[alny+(1−a)ln(1−y)]$$"),),
        kind="qualitative", rests_on=("cross-entropy-definition",), expected="holds",
        witness_plan="sympy limits y->0+, y->1- of the swapped form diverge for a in (0,1)",
    ),
    Claim(
        id="cross-entropy-not-symmetric",
        title="Cross-entropy is not symmetric in a and y",
        statement="Swapping the roles of output and target changes the value: at y=0.5, a=0.9 "
                  "the cross-entropy is 1.204, at y=0.9, a=0.5 it is 0.693.",
        formula=r"C(a,y) \ne C(y,a)",
        sources=(S(D002, "section 'introducing the cross-entropy cost function', first exercise"),),
        kind="qualitative", rests_on=("cross-entropy-definition",), expected="holds",
        witness_plan="arithmetic with engine CROSS_ENTROPY.value",
    ),
    Claim(
        id="cross-entropy-as-surprise",
        title="Cross-entropy as surprise",
        statement="Reading a as the neuron's probability that y=1 (and 1-a that y=0), the "
                  "cross-entropy for a binary target is minus the log of the probability given "
                  "to the outcome that occurred: small when the outcome was expected, large when "
                  "it was a surprise.",
        formula=r"C = -\ln P(y),\quad P(1)=a,\ P(0)=1-a",
        sources=(S(D002, "section 'what does the cross-entropy mean? where does it come from?', "
                         "last paragraph", "measure of surprise"),),
        kind="identity", rests_on=("cross-entropy-definition",), expected="holds",
        witness_plan="hypothesis property of engine CROSS_ENTROPY.value for y in {0,1}",
    ),
    Claim(
        id="cross-entropy-multi-neuron-sum",
        title="Many output neurons: sum the per-neuron cross-entropies (63)",
        statement="For several output neurons the cross-entropy sums the single-neuron "
                  "expression over the output neurons j (and averages over examples); it equals "
                  "the sum of the per-neuron costs (57).",
        formula=r"C = -\frac{1}{n}\sum_x\sum_j\left[y_j\ln a^L_j + (1-y_j)\ln(1-a^L_j)\right]",
        sources=(
            S(D002, "section 'introducing the cross-entropy cost function', eq. (63)"),
            S(D003, "section '推广到多神经元网络', image B-O-F-7-2"),
        ),
        kind="identity", rests_on=("cross-entropy-definition",), expected="holds",
        witness_plan="hypothesis property of engine CROSS_ENTROPY.value on (m, n) batches",
    ),
    Claim(
        id="cross-entropy-neuron-no-slow-start",
        title="Cross-entropy neuron: no slow start",
        statement="With the cross-entropy cost the neuron learns fast from the first epochs "
                  "from either start; from w=b=2 there is no plateau: the per-epoch cost "
                  "decrease is largest at the beginning.",
        formula="",
        sources=(
            S(D001, "section '演示 cross-entropy 损失函数的学习情况'", "一开始就学习的很快"),
            S(D002, "section 'introducing the cross-entropy cost function', paragraph after the "
                    "second cross-entropy figure series"),
            S(D003, "section '交叉熵损失函数', paragraph before image 2017-14-fast",
                "消失了"),
        ),
        kind="qualitative",
        rests_on=("cross-entropy-gradient-tracks-error", "neuron-initial-output-098"),
        expected="holds",
        witness_plan="neuron experiment with cross-entropy at eta=0.005 and eta=0.15: the "
                     "first-epoch cost decrease is the run's largest",
    ),
    Claim(
        id="cross-entropy-steeper-than-quadratic-at-start",
        title="From 0.98 the cross-entropy curve starts much steeper",
        statement="From w=b=2 the cross-entropy run (eta=0.005) lowers its cost by about 0.0096 "
                  "in the first epoch, while the quadratic run (eta=0.15) lowers its cost by "
                  "about 0.0001: the cross-entropy curve is far steeper at the start.",
        formula="",
        sources=(S(D002, "section 'introducing the cross-entropy cost function', paragraph after "
                         "the second cross-entropy figure series"),),
        kind="numerical result",
        rests_on=("cross-entropy-neuron-no-slow-start", "quadratic-neuron-slow-start-150-epochs"),
        expected="holds",
        witness_plan="neuron experiment: first-epoch cost decrease, cross-entropy eta=0.005 "
                     "vs quadratic eta=0.15",
    ),
    Claim(
        id="cross-entropy-neuron-eta-0005-learns-as-well",
        title="002: with eta=0.005 the 0.82 start learns about as well as before",
        statement="002 states that the cross-entropy runs used eta=0.005 and that from w=0.6, "
                  "b=0.9 the neuron then learns about as well as with the quadratic cost "
                  "(which reached 0.09 in 300 epochs).",
        formula=r"\eta = 0.005",
        sources=(
            S(D002, "section 'introducing the cross-entropy cost function', paragraph after the "
                    "first cross-entropy figure series", "跟之前差不多"),
            S(D002, "section 'introducing the cross-entropy cost function', learning-rate "
                    "paragraph", "$$\\eta=0.005$$"),
        ),
        kind="numerical result", rests_on=("cross-entropy-weight-gradient",), expected="refuted",
        reason="with eta=0.005 and 300 epochs the output goes from 0.82 only to 0.42 (cost "
               "1.70 -> 0.54); reaching the quadratic run's 0.09 takes about 1300 epochs "
               "(from w=b=2 the output is still 0.78 after 300).",
        witness_plan="neuron experiment: cross-entropy, eta=0.005, 300 epochs, from (0.6,0.9) "
                     "and (2,2)",
    ),
    Claim(
        id="001-cross-entropy-final-output-004",
        title="001: the cross-entropy run from 0.82 ends at 0.04",
        statement="001 reports that with the cross-entropy cost, start w=0.6, b=0.9 and "
                  "everything else unchanged (eta=0.15, 300 iterations), the final output is "
                  "0.04, much better than the quadratic 0.09.",
        formula=r"a_{300} \approx 0.04",
        sources=(S(D001, "section '演示 cross-entropy 损失函数的学习情况'", "最后预测输出为 0.04"),),
        kind="numerical result", rests_on=("cross-entropy-weight-gradient",), expected="refuted",
        reason="with eta=0.15 for 300 epochs the output is 0.012, not 0.04 (0.04 is passed "
               "near epoch 84); with Nielsen's eta=0.005 it is 0.42; an output of 0.04 after "
               "300 epochs needs eta of about 0.047.",
        witness_plan="neuron experiment: cross-entropy from (0.6,0.9), eta=0.15 and eta=0.005, "
                     "300 epochs",
    ),
    Claim(
        id="learning-rate-does-not-explain-pattern",
        title="The contrast is not an artefact of the learning rates",
        statement="The pattern (quadratic: slow while badly wrong; cross-entropy: fastest while "
                  "badly wrong) comes from the shape of the gradients in z, a^2(1-a) versus a, "
                  "and is the same for any learning rate; only the absolute speed depends on eta.",
        formula=r"\frac{\partial C_{\mathrm{quad}}}{\partial z} = a^2(1-a),\quad "
                r"\frac{\partial C_{\mathrm{CE}}}{\partial z} = a",
        sources=(S(D002, "section 'introducing the cross-entropy cost function', paragraph "
                         "answering the learning-rate objection"),),
        kind="qualitative",
        rests_on=("quadratic-slower-when-badly-wrong", "cross-entropy-neuron-no-slow-start"),
        expected="holds",
        witness_plan="neuron experiment over several learning rates: quadratic per-epoch "
                     "decrease from (2,2) peaks late, cross-entropy's at epoch 0",
    ),
    Claim(
        id="cross-entropy-better-with-sigmoid-outputs",
        title="Prefer cross-entropy with sigmoid output neurons",
        statement="With sigmoid output neurons the cross-entropy is nearly always the better "
                  "choice: random initialisation can leave some outputs saturated at the wrong "
                  "extreme, where the quadratic cost learns slowly but the cross-entropy does not.",
        formula="",
        sources=(
            S(D001, "section '总结'", "几乎总是"),
            S(D002, "section 'introducing the cross-entropy cost function', paragraph on when "
                    "to use the cross-entropy"),
        ),
        kind="qualitative",
        rests_on=("quadratic-slow-when-output-near-0-or-1", "cross-entropy-gradient-tracks-error"),
        expected="holds",
        witness_plan="hypothesis property: for saturated wrong outputs the cross-entropy output "
                     "delta is near 1 in size, the quadratic one near 0",
    ),
    # ------------------------------------------------------------------ many layers
    Claim(
        id="quadratic-output-gradient",
        title="Quadratic cost, output-layer weight gradient (65)",
        statement="In a sigmoid network with the quadratic cost, the output-layer weight "
                  "gradient is the average of a^{L-1}_k (a^L_j - y_j) sigma'(z^L_j), so a "
                  "saturated output neuron learns slowly.",
        formula=r"\frac{\partial C}{\partial w^L_{jk}} = \frac{1}{n}\sum_x "
                r"a^{L-1}_k(a^L_j-y_j)\,\sigma'(z^L_j)",
        sources=(S(D002, "section 'introducing the cross-entropy cost function', problem "
                         "'many-layer multi-neuron networks', eq. (65)"),),
        kind="identity", rests_on=("quadratic-gradient-has-sigma-prime",), expected="holds",
        witness_plan="engine Network.backprop (sigmoid, quadratic) against finite differences "
                     "and the formula",
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
            S(D002, "section 'introducing the cross-entropy cost function', problem "
                    "'many-layer multi-neuron networks', eq. (66)-(67)"),
            S(D002, "section 'introducing the cross-entropy cost function', paragraph after "
                    "eq. (63)", "公式(63)"),
            S(D003, "section '推广到多神经元网络', first caveat, output-layer part",
                "抵消σ<sup>'</sup>(z<sup>L</sup><sub>j</sub>)的效果"),
        ),
        kind="identity",
        rests_on=("cross-entropy-multi-neuron-sum", "cross-entropy-bias-gradient"),
        expected="holds",
        witness_plan="hypothesis property: engine SIGMOID.backward of CROSS_ENTROPY.grad_a "
                     "equals a - y; engine Network.backprop against finite differences",
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
        sources=(S(D002, "section 'introducing the cross-entropy cost function', problem "
                         "'quadratic cost with linear output neurons', eq. (68)-(70)"),),
        kind="identity", rests_on=("quadratic-cost-definition",), expected="holds",
        witness_plan="engine Network(output='linear', cost='quadratic').backprop against "
                     "finite differences",
    ),
    Claim(
        id="quadratic-fine-for-linear-outputs",
        title="Quadratic cost suits linear outputs",
        statement="When the output neurons are linear the quadratic cost causes no learning "
                  "slowdown and is an appropriate choice (as in linear regression).",
        formula="",
        sources=(
            S(D002, "section 'introducing the cross-entropy cost function', paragraph after "
                    "eq. (70)"),
            S(D001, "section '总结'", "用二次cost函数"),
            S(D004, "section '前奏', item 1", "线性回归"),
        ),
        kind="qualitative", rests_on=("delta-linear-quadratic",), expected="holds",
        witness_plan="engine backprop: linear-output quadratic delta has magnitude |a-y| "
                     "regardless of z",
    ),
    Claim(
        id="hidden-layer-keeps-sigma-prime",
        title="Cross-entropy leaves sigma' in hidden layers",
        statement="The cross-entropy cancels sigma'(z^L) only at the output layer; the "
                  "gradients of hidden-layer weights still carry sigma'(z^l) of the hidden "
                  "neurons, so saturated hidden neurons still learn slowly.",
        formula=r"\delta^{l} = \left((w^{l+1})^T\delta^{l+1}\right)\odot\sigma'(z^{l}),\ l<L",
        sources=(S(D003, "section '推广到多神经元网络', first caveat",
                   "隐藏层"),),
        kind="qualitative", rests_on=("delta-sigmoid-cross-entropy",), expected="holds",
        witness_plan="engine Network.backprop: hidden-layer gradients shrink with the hidden "
                     "neurons' sigma'(z) under the cross-entropy cost",
    ),
    Claim(
        id="cross-entropy-helps-only-when-badly-wrong",
        title="The gain is large only for badly wrong outputs",
        statement="The cross-entropy's output gradient exceeds the quadratic one by the factor "
                  "1/sigma'(z) = 1/(a(1-a)): about 57 at the saturated start a=sigma(4)=0.982 "
                  "but only about 6.7 at a=sigma(1.5)=0.818 and 4 at a=0.5, so an output that "
                  "is not far off sees little improvement.",
        formula=r"\frac{\partial C_{\mathrm{CE}}/\partial z}{\partial C_{\mathrm{quad}}/\partial z}"
                r" = \frac{1}{a(1-a)}",
        sources=(S(D003, "section '推广到多神经元网络', second caveat",
                   "“明显背离预期”"),),
        kind="qualitative",
        rests_on=("quadratic-gradient-has-sigma-prime", "cross-entropy-bias-gradient"),
        expected="holds",
        witness_plan="arithmetic: 1/(a(1-a)) = 1/sigma'(z) at z=4, 1.5, 0",
    ),
    Claim(
        id="cross-entropy-does-not-prevent-saturation",
        title="Cross-entropy does not stop neurons from saturating",
        statement="Changing the cost does not change the sigmoid or sigma'(z): output neurons "
                  "can saturate just as before; what the cross-entropy removes is the slow "
                  "learning of a saturated output neuron.",
        formula="",
        sources=(S(D003, "section '推广到多神经元网络', third caveat",
                   "避免神经元饱和"),),
        kind="qualitative", rests_on=("delta-sigmoid-cross-entropy",), expected="holds",
        witness_plan="engine: same z gives the same a and sigma'(z) under both costs; the "
                     "cross-entropy delta at saturated wrong outputs stays near +-1",
    ),
    # ------------------------------------------------------------------ deriving the cross-entropy
    Claim(
        id="weight-gradient-is-input-times-bias-gradient",
        title="For any cost C(a): dC/dw_j = x_j dC/db",
        statement="For a single sigmoid neuron and any cost depending on the output a, the "
                  "chain rule gives dC/dw_j = x_j dC/db, so requiring dC/db = a - y (72) "
                  "already gives dC/dw_j = x_j (a - y) (71).",
        formula=r"\frac{\partial C}{\partial w_j} = x_j\,\frac{\partial C}{\partial b}",
        sources=(
            S(D002, "section 'what does the cross-entropy mean?', eq. (71)-(72)"),
            S(D004, "section '交叉熵函数来源', cancelling x", "x被消掉得"),
        ),
        kind="identity", rests_on=(), expected="holds",
        witness_plan="sympy with an undetermined function C(a)",
    ),
    Claim(
        id="cross-entropy-derivation-chain-rule",
        title="dC/db = dC/da a(1-a) (73)-(74)",
        statement="By the chain rule dC/db = dC/da sigma'(z), and with sigma'(z) = a(1-a) this "
                  "is dC/da a(1-a).",
        formula=r"\frac{\partial C}{\partial b} = \frac{\partial C}{\partial a}\,a(1-a)",
        sources=(
            S(D002, "section 'what does the cross-entropy mean?', eq. (73)-(74)"),
            S(D004, "section '交叉熵函数来源', second gradient block",
                "\\frac{\\partial L}{\\partial \\hat y}\\hat y(1-\\hat y) x"),
        ),
        kind="identity", rests_on=("sigmoid-derivative",), expected="holds",
        witness_plan="sympy derivation",
    ),
    Claim(
        id="cross-entropy-derivation-ode",
        title="The required cost satisfies dC/da = (a-y)/(a(1-a)) (75)",
        statement="Equating dC/da a(1-a) with a - y gives the differential equation "
                  "dC/da = (a-y)/(a(1-a)).",
        formula=r"\frac{\partial C}{\partial a} = \frac{a-y}{a(1-a)}",
        sources=(
            S(D002, "section 'what does the cross-entropy mean?', eq. (75)"),
            S(D004, "section '交叉熵函数来源'", "\\frac{\\hat y-y}{(1-\\hat y)\\hat y}"),
        ),
        kind="identity", rests_on=("cross-entropy-derivation-chain-rule",), expected="holds",
        witness_plan="sympy solve",
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
            S(D002, "section 'what does the cross-entropy mean?', eq. (71)-(77)"),
            S(D004, "section '交叉熵函数来源', result of the integration",
                "L=-[y \\ln \\hat y +(1-y) \\ln (1- \\hat y)]"),
        ),
        kind="identity",
        rests_on=("cross-entropy-derivation-ode", "weight-gradient-is-input-times-bias-gradient"),
        expected="holds",
        witness_plan="sympy integrate and dsolve; differentiate back",
    ),
    Claim(
        id="input-factor-unavoidable",
        title="No cost removes the x_j factor",
        statement="For a single sigmoid neuron, every cost that depends on the weights only "
                  "through the output a has dC/dw_j = x_j dC/db, so the x_j factor in the weight "
                  "gradient cannot be removed by choosing a different cost C(a).",
        formula=r"\frac{\partial C}{\partial w_j} = x_j\,\frac{\partial C}{\partial a}\,\sigma'(z)",
        sources=(S(D002, "section 'what does the cross-entropy mean?', problem on the x_j term "
                         "of eq. (61)", "$$x_j$$ 项"),),
        kind="qualitative", rests_on=("weight-gradient-is-input-times-bias-gradient",),
        expected="holds",
        witness_plan="sympy with an undetermined cost function: x_j factors out; hypothesis: "
                     "engine weight gradient is 0 when x_j = 0 for every cost",
    ),
    Claim(
        id="input-factor-slows-small-inputs",
        title="Small inputs x_j mean slow learning of w_j",
        statement="Because of the x_j factor in eq. (61), a weight whose input x_j is near 0 "
                  "learns slowly even with the cross-entropy cost.",
        formula=r"\left|\frac{\partial C}{\partial w_j}\right| \le |x_j|\,\max_x|\sigma(z)-y|",
        sources=(S(D002, "section 'what does the cross-entropy mean?', problem on the x_j term",
                   "接近 $$0$$ 时"),),
        kind="inequality", rests_on=("cross-entropy-weight-gradient",), expected="holds",
        witness_plan="hypothesis property of engine backprop: weight gradient bounded by "
                     "|x_j| times max error",
    ),
    # ------------------------------------------------------------------ MNIST (002)
    Claim(
        id="mnist-cross-entropy-30-hidden-9549",
        title="Cross-entropy, 30 hidden neurons: 95.49 %",
        statement="A 784-30-10 sigmoid network with the cross-entropy cost, large (N(0,1)) "
                  "initialisation, mini-batches of 10, eta=0.5 and 30 epochs reaches 95.49 % "
                  "test accuracy.",
        formula="",
        sources=(S(D002, "section 'using the cross-entropy to classify MNIST digits', paragraph "
                         "after the code", "95.49%"),),
        kind="numerical result", rests_on=(), expected="holds",
        experiment="mnist",
        witness_plan="MNIST experiment: within the seed spread",
    ),
    Claim(
        id="mnist-quadratic-30-hidden-9542",
        title="Quadratic cost, 30 hidden neurons: 95.42 %",
        statement="The chapter-1 784-30-10 sigmoid network with the quadratic cost (settings "
                  "of chapter 1, not restated in 002: eta=3.0, mini-batches of 10, 30 epochs) "
                  "reaches 95.42 %.",
        formula="",
        sources=(S(D002, "section 'using the cross-entropy to classify MNIST digits', paragraph "
                         "after the code", "95.42%"),),
        kind="numerical result", rests_on=(), expected="holds",
        experiment="mnist",
        witness_plan="MNIST experiment: within the seed spread",
    ),
    Claim(
        id="mnist-cross-entropy-100-hidden-9682",
        title="Cross-entropy, 100 hidden neurons: 96.82 %",
        statement="The same cross-entropy setup with 100 hidden neurons reaches 96.82 %.",
        formula="",
        sources=(S(D002, "section 'using the cross-entropy to classify MNIST digits', "
                         "100-hidden-neuron paragraph", "96.82%"),),
        kind="numerical result", rests_on=(), expected="holds",
        experiment="mnist",
        witness_plan="MNIST experiment: within the seed spread",
    ),
    Claim(
        id="mnist-quadratic-100-hidden-9659",
        title="Quadratic cost, 100 hidden neurons: 96.59 %",
        statement="The chapter-1 quadratic-cost network with 100 hidden neurons reaches 96.59 %.",
        formula="",
        sources=(S(D002, "section 'using the cross-entropy to classify MNIST digits', "
                         "100-hidden-neuron paragraph", "96.59%"),),
        kind="numerical result", rests_on=(), expected="holds",
        experiment="mnist",
        witness_plan="MNIST experiment: within the seed spread",
    ),
    Claim(
        id="mnist-error-rates-341-318",
        title="Error rates 3.41 % and 3.18 %",
        statement="Accuracies 96.59 % and 96.82 % correspond to error rates 3.41 % and 3.18 %.",
        formula=r"100 - 96.59 = 3.41,\quad 100 - 96.82 = 3.18",
        sources=(S(D002, "section 'using the cross-entropy to classify MNIST digits', "
                         "100-hidden-neuron paragraph", "从 3.41% 下降到 3.18%"),),
        kind="numerical result",
        rests_on=("mnist-cross-entropy-100-hidden-9682", "mnist-quadratic-100-hidden-9659"),
        expected="holds",
        witness_plan="arithmetic",
    ),
    Claim(
        id="mnist-one-fourteenth-of-errors",
        title="002: 1/14 of the errors eliminated",
        statement="002 says going from 3.41 % to 3.18 % error eliminates 1/14 of the original "
                  "errors.",
        formula=r"\frac{3.41-3.18}{3.41} = \frac{1}{14}",
        sources=(S(D002, "section 'using the cross-entropy to classify MNIST digits', "
                         "100-hidden-neuron paragraph", "原误差的 $$1/14$$"),),
        kind="numerical result", rests_on=("mnist-error-rates-341-318",), expected="refuted",
        reason="(3.41-3.18)/3.41 = 0.23/3.41 = 0.0674 = 1/14.8, closer to 1/15 than to 1/14 "
               "(0.0714); the translation also drops the original's 'about'.",
        witness_plan="arithmetic",
    ),
    Claim(
        id="mnist-cross-entropy-similar-or-better",
        title="Cross-entropy gives similar or better MNIST results",
        statement="In both comparisons the cross-entropy network is at least as accurate as "
                  "the quadratic one (95.49 vs 95.42, 96.82 vs 96.59).",
        formula="",
        sources=(S(D002, "section 'using the cross-entropy to classify MNIST digits', paragraph "
                         "after the results"),),
        kind="qualitative",
        rests_on=("mnist-cross-entropy-30-hidden-9549", "mnist-quadratic-30-hidden-9542",
                  "mnist-cross-entropy-100-hidden-9682", "mnist-quadratic-100-hidden-9659"),
        expected="holds",
        experiment="mnist",
        witness_plan="MNIST experiment: compare seed means of the two costs",
    ),
    Claim(
        id="mnist-improvement-not-conclusive",
        title="The MNIST comparison is not conclusive",
        statement="The differences (0.07 and 0.23 percentage points) come from single runs "
                  "with hand-picked hyper-parameters and do not prove the cross-entropy better.",
        formula="",
        sources=(S(D002, "section 'using the cross-entropy to classify MNIST digits', paragraph "
                         "after the results"),),
        kind="qualitative", rests_on=("mnist-cross-entropy-similar-or-better",), expected="holds",
        experiment="mnist",
        witness_plan="MNIST experiment: the seed spread is comparable to the printed differences",
    ),
    # ------------------------------------------------------------------ 003's TensorFlow script
    Claim(
        id="tf-script-mnist-run",
        title="003's script: settings of the MNIST run",
        statement="003's script trains a 784-30-10 network with sigmoid hidden and output "
                  "layers, all weights and biases drawn from N(0,1), sigmoid cross-entropy on the "
                  "output logits, plain gradient descent with learning rate 3.0, mini-batches of "
                  "10 and 30 epochs, printing the test accuracy each epoch (no number is printed "
                  "in the text).",
        formula="",
        sources=(S(D003, "section '附完整代码', script", "GradientDescentOptimizer(3.0)"),),
        kind="qualitative", rests_on=("tf-script-loss-is-cross-entropy",), expected="holds",
        experiment="mnist",
        witness_plan="MNIST experiment: rerun these settings with the engine and report the "
                     "accuracy beside 002's",
    ),
    Claim(
        id="tf-script-loss-is-cross-entropy",
        title="Sigmoid cross-entropy on logits is eq. (57) of sigma(z)",
        statement="The per-element loss computed from logits, max(z,0) - z y + ln(1+e^{-|z|}), "
                  "equals -[y ln sigma(z) + (1-y) ln(1-sigma(z))].",
        formula=r"\max(z,0) - zy + \ln\left(1+e^{-|z|}\right) = "
                r"-\left[y\ln\sigma(z)+(1-y)\ln(1-\sigma(z))\right]",
        sources=(S(D003, "section '附完整代码', loss line",
                   "tf.nn.sigmoid_cross_entropy_with_logits(labels=y_, logits=z_3)"),),
        kind="identity", rests_on=("cross-entropy-definition",), expected="holds",
        witness_plan="sympy on both signs of z; hypothesis property of engine "
                     "CROSS_ENTROPY.value_from_z",
    ),
    Claim(
        id="tf-script-loss-averages-over-outputs",
        title="003's loss is eq. (63) divided by 10",
        statement="reduce_mean over a (batch, 10) array averages over the 10 output units as "
                  "well as the examples, so the loss is the cross-entropy (63) divided by 10 and "
                  "learning rate 3.0 on it equals learning rate 0.3 on (63).",
        formula=r"\mathrm{loss} = \frac{1}{10}\,C_{(63)},\quad 3.0\cdot\frac{1}{10} = 0.3",
        sources=(S(D003, "section '附完整代码', loss line", "tf.reduce_mean("),),
        kind="identity",
        rests_on=("tf-script-loss-is-cross-entropy", "cross-entropy-multi-neuron-sum"),
        expected="holds",
        witness_plan="arithmetic: mean over all elements of an (m,10) array = per-example sum / 10 "
                     "averaged; engine gradient scales by 1/10",
    ),
    Claim(
        id="tf-script-epoch-size",
        title="Each of 003's epochs is 50,000 examples",
        statement="Each printed epoch of 003's script is 5000 mini-batches of 10, i.e. 50,000 "
                  "examples (the TensorFlow loader's training split holds 55,000).",
        formula=r"5000 \times 10 = 50000",
        sources=(S(D003, "section '附完整代码', training loop",
                   "for _ in range(5000):"),),
        kind="numerical result", rests_on=(), expected="holds",
        witness_plan="arithmetic",
    ),
    Claim(
        id="tf-script-quadratic-alternative",
        title="003's commented-out loss is the quadratic cost",
        statement="The commented-out loss, the batch mean of half the squared norm of y - a, "
                  "is the quadratic cost 1/(2n) sum ||y - a||^2.",
        formula=r"\frac{1}{n}\sum_x \frac{\|y-a\|^2}{2}",
        sources=(S(D003, "section '附完整代码', commented loss line",
                   "tf.reduce_mean(tf.norm(y_ - a_3, axis=1)**2) / 2"),),
        kind="identity", rests_on=("quadratic-cost-definition",), expected="holds",
        witness_plan="hypothesis property of engine QUADRATIC.value averaged over a batch",
    ),
    # ------------------------------------------------------------------ softmax
    Claim(
        id="softmax-is-distribution",
        title="Softmax outputs form a probability distribution (78)-(79)",
        statement="For finite weighted inputs every softmax activation is positive (the "
                  "exponential is positive) and the activations sum to 1 (the denominator "
                  "normalises).",
        formula=r"a^L_j = \frac{e^{z^L_j}}{\sum_k e^{z^L_k}} > 0,\qquad \sum_j a^L_j = 1",
        sources=(
            S(D002, "section 'Softmax', eq. (78)-(79)"),
            S(D002, "section 'Softmax', recap after the first exercise"),
        ),
        kind="identity", rests_on=(), expected="holds",
        witness_plan="hypothesis property of engine softmax (extremes, ties, huge magnitudes)",
    ),
    Claim(
        id="softmax-changes-balance",
        title="A change in one softmax output is offset by the others",
        statement="Because the outputs always sum to 1, raising one weighted input raises its "
                  "activation by exactly the total amount the other activations fall: the "
                  "columns of the softmax Jacobian sum to 0.",
        formula=r"\sum_j \frac{\partial a^L_j}{\partial z^L_k} = 0",
        sources=(S(D002, "section 'Softmax', paragraph after the slider figures"),),
        kind="identity", rests_on=("softmax-is-distribution",), expected="holds",
        witness_plan="hypothesis property of engine SOFTMAX.backward with grad_a = ones gives 0",
    ),
    Claim(
        id="002-offset-holds-for-other-activation-functions",
        title="002: the offset property must hold for other activation functions too",
        statement="The translation says that a similar conclusion must also hold for other "
                  "activation functions (the original speaks of the other activations of the "
                  "same softmax layer).",
        formula="",
        sources=(S(D002, "section 'Softmax', paragraph after eq. (79)",
                   "其他的激活函数"),),
        kind="qualitative", rests_on=("softmax-changes-balance",), expected="refuted",
        reason="a sigmoid layer does not satisfy it: raising z_4 raises sigma(z_4) and leaves "
               "the other outputs unchanged, so nothing offsets the increase (the outputs of "
               "z=(0,0,0,0) sum to 2, of z=(0,0,0,1) to 2.23).",
        witness_plan="arithmetic with engine sigmoid on z=(0,0,0,0) and (0,0,0,1)",
    ),
    Claim(
        id="sigmoid-outputs-not-distribution",
        title="Sigmoid outputs need not sum to 1",
        statement="The activations of a sigmoid output layer do not in general form a "
                  "probability distribution: e.g. three outputs with z = 0 give 0.5 each, "
                  "summing to 1.5.",
        formula=r"\sum_j \sigma(z_j) \ne 1\ \text{in general}",
        sources=(
            S(D002, "section 'Softmax', paragraph before the exercise"),
            S(D002, "section 'Softmax', exercise on sigmoid outputs"),
        ),
        kind="qualitative", rests_on=(), expected="holds",
        witness_plan="arithmetic with engine sigmoid: a counterexample sum",
    ),
    Claim(
        id="softmax-as-probability-estimate",
        title="Softmax outputs read as class probabilities",
        statement="Since softmax activations are positive and sum to 1, a^L_j can be read as "
                  "the network's estimate of the probability that the correct class is j "
                  "(e.g. digit j in MNIST); softmax rescales the z^L_j and normalises them.",
        formula="",
        sources=(
            S(D002, "section 'Softmax', paragraph after eq. (79)"),
            S(D002, "section 'Softmax', recap after the first exercise"),
        ),
        kind="qualitative", rests_on=("softmax-is-distribution",), expected="holds",
        witness_plan="engine softmax: positivity and unit sum on network outputs",
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
            S(D002, "section 'Softmax', exercise 'monotonicity of softmax'"),
            S(D002, "section 'Softmax', paragraph after the slider figures"),
        ),
        kind="inequality", rests_on=("softmax-is-distribution",), expected="holds",
        witness_plan="sympy Jacobian; hypothesis property of engine SOFTMAX.backward on "
                     "moderate z",
    ),
    Claim(
        id="sigmoid-layer-local",
        title="A sigmoid output depends only on its own weighted input",
        statement="In a sigmoid layer a_j = sigma(z_j): changing any other weighted input "
                  "leaves a_j unchanged.",
        formula=r"\frac{\partial \sigma(z_j)}{\partial z_k} = 0,\ k\ne j",
        sources=(S(D002, "section 'Softmax', exercise 'non-locality of softmax'"),),
        kind="identity", rests_on=(), expected="holds",
        witness_plan="hypothesis property of engine SIGMOID.backward (diagonal Jacobian)",
    ),
    Claim(
        id="softmax-nonlocal",
        title="Softmax is non-local",
        statement="Each softmax activation depends on all the weighted inputs of the layer: "
                  "for at least two outputs and finite z, da_j/dz_k = -a_j a_k is nonzero for "
                  "every k != j.",
        formula=r"\frac{\partial a_j}{\partial z_k} = -a_j a_k \ne 0,\ k\ne j",
        sources=(S(D002, "section 'Softmax', exercise 'non-locality of softmax'"),),
        kind="qualitative", rests_on=("softmax-monotonic",), expected="holds",
        witness_plan="hypothesis property of engine softmax: changing z_k changes a_j",
    ),
    Claim(
        id="softmax-inversion",
        title="Inverting softmax: z_j = ln a_j + C",
        statement="Given softmax activations, the weighted inputs are recovered up to a common "
                  "additive constant: z_j = ln a_j + C with C = ln sum_k e^{z_k}, independent of j.",
        formula=r"z^L_j = \ln a^L_j + C,\quad C = \ln\sum_k e^{z^L_k}",
        sources=(S(D002, "section 'Softmax', problem 'inverting the softmax layer'",
                   "$$z_j^L = \\ln a_j^L + C$$"),),
        kind="identity", rests_on=("softmax-is-distribution",), expected="holds",
        witness_plan="hypothesis property: z - log_softmax(z) is constant across j",
    ),
    Claim(
        id="log-likelihood-small-iff-confident",
        title="Log-likelihood cost is small exactly when the right class is confident (80)",
        statement="The log-likelihood cost -ln a_y (e.g. -ln a_7 for an image of a 7) is below "
                  "epsilon exactly when the probability given to the correct class exceeds "
                  "e^{-epsilon}: near 0 when a_y is near 1, large when a_y is small.",
        formula=r"C = -\ln a^L_y,\qquad C < \epsilon \iff a^L_y > e^{-\epsilon}",
        sources=(S(D002, "section 'Softmax', eq. (80) and the paragraph after it",
                   "$$-\\ln a_7^L$$"),),
        kind="inequality", rests_on=("softmax-is-distribution",), expected="holds",
        witness_plan="hypothesis property of engine LOG_LIKELIHOOD.value",
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
            S(D002, "section 'Softmax', eq. (81)-(82)"),
            S(D002, "section 'Softmax', problem 'derive (81) and (82)'"),
        ),
        kind="identity", rests_on=("delta-softmax-log-likelihood",), expected="holds",
        witness_plan="engine Network(output='softmax', cost='log_likelihood').backprop "
                     "against finite differences",
    ),
    Claim(
        id="log-likelihood-like-cross-entropy",
        title="(82) has the same form as (67)",
        statement="The softmax/log-likelihood output gradient (82) is the per-example version "
                  "of the sigmoid/cross-entropy one (67), which averages over examples; the two "
                  "pairings behave alike.",
        formula=r"a^{L-1}_k(a^L_j - y_j)",
        sources=(S(D002, "section 'Softmax', paragraph after eq. (82)", "方程(82) 和 (67)"),),
        kind="identity",
        rests_on=("log-likelihood-gradients", "delta-sigmoid-cross-entropy"), expected="holds",
        witness_plan="engine: per-example output gradients of both pairings coincide in form "
                     "a^{L-1}_k (a_j - y_j)",
    ),
    Claim(
        id="softmax-ll-and-sigmoid-ce-both-work",
        title="Both pairings work well",
        statement="Sigmoid outputs with cross-entropy and softmax outputs with log-likelihood "
                  "both work well in many applications; softmax with log-likelihood suits cases "
                  "where the outputs should be probabilities of mutually exclusive classes.",
        formula="",
        sources=(S(D002, "section 'Softmax', paragraph on which pairing to use"),),
        kind="qualitative",
        rests_on=("log-likelihood-like-cross-entropy", "softmax-as-probability-estimate"),
        expected="holds",
        experiment="mnist",
        witness_plan="MNIST experiment: softmax/log-likelihood and sigmoid/cross-entropy "
                     "networks with equal settings reach similar accuracy",
    ),
    Claim(
        id="softmax-scaled-is-distribution",
        title="Scaled softmax is a distribution for every c > 0 (83)",
        statement="For every constant c > 0, e^{c z_j} / sum_k e^{c z_k} is positive and sums "
                  "to 1; c = 1 is the standard softmax.",
        formula=r"a^L_j = \frac{e^{c z^L_j}}{\sum_k e^{c z^L_k}},\quad \sum_j a^L_j = 1",
        sources=(S(D002, "section 'Softmax', problem 'where does the softmax name come from?', "
                         "eq. (83)"),),
        kind="identity", rests_on=("softmax-is-distribution",), expected="holds",
        witness_plan="hypothesis property of engine softmax(z, c) over c in (0, large]",
    ),
    Claim(
        id="softmax-hardmax-limit",
        title="c -> infinity: softmax becomes a hard max",
        statement="As c tends to infinity the scaled softmax tends to 1 at the unique largest "
                  "z_j and 0 elsewhere; with k tied maxima each of them tends to 1/k and the "
                  "rest to 0.",
        formula=r"\lim_{c\to\infty}\frac{e^{c z_j}}{\sum_k e^{c z_k}} = "
                r"\frac{[z_j = \max_k z_k]}{\#\{k : z_k = \max z\}}",
        sources=(S(D002, "section 'Softmax', problem 'where does the softmax name come from?'",
                   "$$c\\rightarrow \\infty$$"),),
        kind="limit", rests_on=("softmax-scaled-is-distribution",), expected="holds",
        witness_plan="sympy limit; hypothesis property of engine softmax(z, c) for large c "
                     "with ties",
    ),
    Claim(
        id="softmax-name-softened-max",
        title="Softmax is a softened maximum",
        statement="Since large c turns the scaled softmax into an indicator of the maximum, "
                  "c = 1 is a smoothed version of that maximum, hence the name.",
        formula="",
        sources=(S(D002, "section 'Softmax', problem 'where does the softmax name come from?'",
                   "softened"),),
        kind="qualitative", rests_on=("softmax-hardmax-limit",), expected="holds",
        witness_plan="engine softmax(z, c): mass on the argmax grows with c",
    ),
    Claim(
        id="delta-softmax-log-likelihood",
        title="Softmax + log-likelihood: delta^L = a^L - y (84)",
        statement="For a softmax output layer with the log-likelihood cost and a one-hot "
                  "target, the output error is delta^L_j = dC/dz^L_j = a^L_j - y_j.",
        formula=r"\delta^L_j = \frac{\partial C}{\partial z^L_j} = a^L_j - y_j",
        sources=(S(D002, "section 'Softmax', problem 'backpropagation with softmax and the "
                         "log-likelihood cost', eq. (84)"),),
        kind="identity", rests_on=("softmax-is-distribution", "log-likelihood-small-iff-confident"),
        expected="holds",
        witness_plan="sympy derivation; hypothesis property: engine SOFTMAX.backward of "
                     "LOG_LIKELIHOOD.grad_a equals a - y",
    ),
)


# ====================================================================== topic: training
# The training procedure the documents run (002's net.SGD and initialisers, 003's script) and
# the engine's output errors and costs for every pairing. Witnessed by claims/test_training.py
# and claims/test_training_output_errors.py against engine/training.py and engine/network.py.
TRAINING_CLAIMS: tuple[Claim, ...] = (
    Claim(
        id="sgd-mini-batch-step",
        title="A mini-batch step moves by eta/m times the summed gradients",
        statement="net.SGD(training_data, epochs, m, eta) updates after every mini-batch of m "
                  "examples: each weight and bias moves by minus eta/m times the sum over the "
                  "mini-batch of the per-example partial derivatives.",
        formula=r"w \to w - \frac{\eta}{m}\sum_x \frac{\partial C_x}{\partial w},\qquad "
                r"b \to b - \frac{\eta}{m}\sum_x \frac{\partial C_x}{\partial b}",
        sources=(
            S(D002, "section 'the cross-entropy cost function', MNIST run, line 183",
                "net.SGD(training_data, 30, 10, 0.5"),
            S(D003, "section '附完整代码', training loop", "GradientDescentOptimizer(3.0)"),
        ),
        kind="identity", rests_on=("gradient-descent-step",), expected="holds",
        witness_plan="hypothesis property: engine sgd on small networks (fused and general "
                     "steps) equals a recomputation by the definition from per-example "
                     "gradients",
    ),
    Claim(
        id="sgd-epoch-uses-every-example-once",
        title="An epoch uses every training example exactly once",
        statement="An epoch cuts the shuffled training data into consecutive mini-batches of m; "
                  "every example is in exactly one of them, the last one holding the remainder "
                  "when m does not divide n.",
        formula=r"\lceil n/m \rceil \text{ mini-batches},\ \text{sizes } m,\dots,m,\ "
                r"n - m\lfloor (n-1)/m \rfloor",
        sources=(S(D002, "section 'the cross-entropy cost function', MNIST run, line 183",
                   "net.SGD(training_data, 30, 10, 0.5"),),
        kind="qualitative", rests_on=("sgd-mini-batch-step",), expected="holds",
        witness_plan="engine mini_batches partitions every n, m; one epoch with a remainder "
                     "equals the recomputation that keeps it",
    ),
    Claim(
        id="sgd-reshuffles-every-epoch",
        title="Each epoch visits the examples in a fresh random order",
        statement="Stochastic gradient descent draws a new random order of the training data "
                  "for every epoch; in the engine every order comes from the network's own "
                  "generator, so a run depends on its seed alone.",
        formula=r"\pi_e \sim \mathrm{Uniform}(S_n),\ \text{independent for each epoch } e",
        sources=(
            S(D002, "section 'the cross-entropy cost function', MNIST run, line 183",
                "net.SGD(training_data, 30, 10, 0.5"),
            S(D003, "section '附完整代码', training loop", "mnist.train.next_batch(10)"),
        ),
        kind="qualitative", rests_on=("sgd-epoch-uses-every-example-once",), expected="holds",
        witness_plan="chi-square of the engine's epoch orders; two epochs of sgd equal the "
                     "recomputation with two fresh permutations of a copy of the generator; "
                     "the global NumPy generator has no influence",
    ),
    Claim(
        id="large-initializer-standard-normal",
        title="The large initialiser draws every weight and bias from N(0, 1)",
        statement="large_weight_initializer (chapter 1's initialisation, used for 002's MNIST "
                  "runs) and 003's tf.random_normal draw every weight and bias independently "
                  "from the standard normal distribution.",
        formula=r"w, b \sim \mathcal{N}(0, 1)",
        sources=(
            S(D002, "section 'the cross-entropy cost function', MNIST run, line 187",
                "net.large_weight_initializer()"),
            S(D003, "section '附完整代码', model", "tf.random_normal([784, 30])"),
        ),
        kind="qualitative", rests_on=(), expected="holds",
        witness_plan="moments (mean, variance, kurtosis) of the engine's initial parameters "
                     "against N(0, 1) at five standard errors",
    ),
    Claim(
        id="default-initializer-scaled-by-fan-in",
        title="The default initialiser's weights have standard deviation 1/sqrt(n_in)",
        statement="The better weight initialisation 002 points to draws each weight into a "
                  "neuron with n_in inputs from a Gaussian with mean 0 and standard deviation "
                  "1/sqrt(n_in) (variance 1/n_in); biases stay N(0, 1).",
        formula=r"w \sim \mathcal{N}\!\left(0, \tfrac{1}{n_{in}}\right),\quad "
                r"b \sim \mathcal{N}(0, 1)",
        sources=(S(D002, "opening paragraph, link to the section on weight initialisation",
                   "权重初始化方法"),),
        kind="qualitative", rests_on=("large-initializer-standard-normal",), expected="holds",
        witness_plan="n_in times the sample variance of the engine's default weights is 1 "
                     "for several n_in, at five standard errors",
    ),
    Claim(
        id="accuracy-is-share-of-argmax-matches",
        title="Accuracy is the share of examples whose largest output is the label",
        statement="The accuracy a run reports is the fraction of evaluation examples whose "
                  "output neuron with the largest activation is the labelled digit.",
        formula=r"\mathrm{accuracy} = \frac{1}{n}\sum_x "
                r"\left[\arg\max_j a^L_j(x) = \mathrm{label}(x)\right]",
        sources=(
            S(D002, "section 'the cross-entropy cost function', MNIST results, line 187",
                "95.49%"),
            S(D003, "section '附完整代码', evaluation", "tf.argmax(a_3, 1)"),
        ),
        kind="identity", rests_on=(), expected="holds",
        witness_plan="constructed cases with known hits; hypothesis property against a "
                     "per-example recomputation; bad labels and empty sets refused",
    ),
    Claim(
        id="tf-script-split-55000",
        title="003's script trains on 55,000 images and keeps 5,000 for validation",
        statement="read_data_sets gives the script a training split of the last 55,000 images "
                  "of the 60,000-image training file and a validation split of its first "
                  "5,000; the engine's TensorFlow split is exactly that cut.",
        formula=r"60000 = 5000_{\text{validation}} + 55000_{\text{training}}",
        sources=(S(D003, "section '附完整代码', data", "input_data.read_data_sets("),),
        kind="numerical result", rests_on=("tf-script-epoch-size",), expected="holds",
        witness_plan="experiments.mnist_datasets on a synthetic 60,000-image file",
    ),
    Claim(
        id="tf-script-step-is-book-step-at-eta-0-3",
        title="Rate 3.0 on 003's mean loss is the book's step at eta = 0.3",
        statement="A gradient-descent step of rate 3.0 on the script's loss (the mean over the "
                  "mini-batch and the 10 outputs) moves every parameter exactly as the book's "
                  "mini-batch step with eta = 0.3 on the cross-entropy (63).",
        formula=r"3.0\,\nabla\,\frac{1}{10m}\sum_{x,j} C_{x,j} = "
                r"\frac{0.3}{m}\sum_x \nabla C_x",
        sources=(S(D003, "section '附完整代码', loss and optimiser lines",
                   "GradientDescentOptimizer(3.0).minimize(loss)"),),
        kind="identity", rests_on=("tf-script-loss-averages-over-outputs", "sgd-mini-batch-step"),
        expected="holds",
        witness_plan="central differences of the script's loss against the engine's SGD step "
                     "at eta = 0.3",
    ),
    Claim(
        id="output-error-exact-for-every-pairing",
        title="The output error back-propagated is dC/dz^L for every pairing",
        statement="For every output layer (sigmoid, softmax, linear) and cost the engine pairs "
                  "it with, the output error delta^L the training step starts from is the "
                  "derivative of that cost with respect to z^L, accurate to rounding at every "
                  "finite z, saturated outputs included; targets outside the cost's domain "
                  "(cross-entropy: [0, 1]; log-likelihood: a distribution) are refused.",
        formula=r"\delta^L = \frac{\partial C}{\partial z^L} = J_a(z^L)^T \nabla_a C",
        sources=(S(D002, "section 'the cross-entropy cost function', eq. (61)-(62) and the "
                         "problems on eq. (66)-(70) and (84)"),),
        kind="identity",
        rests_on=("delta-sigmoid-cross-entropy", "delta-softmax-log-likelihood",
                  "delta-linear-quadratic"),
        expected="holds",
        witness_plan="mpmath at 60 digits: the output error of every pairing at saturated, "
                     "subnormal and huge z, general and fused paths, in ulps; the costs from z",
    ),
)

CLAIMS = CLAIMS + TRAINING_CLAIMS

REQUIRED_IDS: tuple[str, ...] = (
    "sigmoid-derivative", "quadratic-gradient-has-sigma-prime", "cross-entropy-nonnegative",
    "cross-entropy-near-zero-when-correct", "cross-entropy-weight-gradient",
    "cross-entropy-bias-gradient", "cross-entropy-minimum-at-target",
    "cross-entropy-reversed-form-undefined", "cross-entropy-derivation",
    "input-factor-unavoidable", "quadratic-output-gradient", "delta-sigmoid-cross-entropy",
    "delta-linear-quadratic", "hidden-layer-keeps-sigma-prime", "softmax-is-distribution",
    "sigmoid-outputs-not-distribution", "softmax-monotonic", "softmax-nonlocal",
    "softmax-inversion", "softmax-scaled-is-distribution", "softmax-hardmax-limit",
    "log-likelihood-small-iff-confident", "log-likelihood-gradients",
    "delta-softmax-log-likelihood",
)
"""Claims the report and the gate key on; each must be present and expected to hold."""


def validate_catalog(claims: tuple[Claim, ...], documents: dict[str, str],
                     required_ids: tuple[str, ...] = ()) -> None:
    """Check a catalog's integrity; raise ValueError naming the first problem found.

    Checked: ids are unique kebab-case; kind and expected are in the allowed sets; every
    source names a known document, has a locator and a quote of at most 80 characters;
    every claim has at least one source; rests_on names known ids and the dependency graph
    has no cycle; refuted claims carry a reason; every id in ``required_ids`` is present
    and expected to hold; every document is cited at least once.
    """
    seen: set[str] = set()
    for claim in claims:
        if not _ID_PATTERN.match(claim.id):
            raise ValueError(f"claim id {claim.id!r}: expected kebab-case (a-z, 0-9, '-')")
        if claim.id in seen:
            raise ValueError(f"claim id {claim.id!r} appears more than once")
        seen.add(claim.id)
        if claim.kind not in KINDS:
            raise ValueError(f"claim {claim.id!r}: kind {claim.kind!r} is not one of {sorted(KINDS)}")
        if claim.expected not in VERDICTS:
            raise ValueError(
                f"claim {claim.id!r}: expected {claim.expected!r} is not one of {sorted(VERDICTS)}")
        if claim.expected == "refuted" and not claim.reason.strip():
            raise ValueError(f"claim {claim.id!r} is expected refuted but gives no reason")
        if not claim.sources:
            raise ValueError(f"claim {claim.id!r} cites no source")
        if claim.experiment not in EXPERIMENTS:
            raise ValueError(
                f"claim {claim.id!r}: experiment {claim.experiment!r} is not one of "
                f"{sorted(EXPERIMENTS)} ('' for claims witnessed by tests)")
        for source in claim.sources:
            if source.document not in documents:
                raise ValueError(
                    f"claim {claim.id!r} cites unknown document {source.document!r}")
            if not source.locator.strip():
                raise ValueError(f"claim {claim.id!r}: a source in {source.document!r} has no locator")
            if len(source.quote) > MAX_QUOTE_CHARS:
                raise ValueError(
                    f"claim {claim.id!r}: quote from {source.document!r} has "
                    f"{len(source.quote)} characters, at most {MAX_QUOTE_CHARS} allowed")
    for claim in claims:
        for dependency in claim.rests_on:
            if dependency not in seen:
                raise ValueError(f"claim {claim.id!r} rests on unknown claim {dependency!r}")
    _check_acyclic(claims)
    by_id = {claim.id: claim for claim in claims}
    for required in required_ids:
        if required not in by_id:
            raise ValueError(f"required claim {required!r} is missing from the catalog")
        if by_id[required].expected != "holds":
            raise ValueError(f"required claim {required!r} must be expected to hold, "
                             f"found {by_id[required].expected!r}")
    cited = {source.document for claim in claims for source in claim.sources}
    uncited = sorted(set(documents) - cited)
    if uncited:
        raise ValueError(f"documents never cited by any claim: {uncited}")


def _check_acyclic(claims: tuple[Claim, ...]) -> None:
    """Raise ValueError if the rests_on relation contains a cycle (reported as a path)."""
    depends = {claim.id: claim.rests_on for claim in claims}
    finished: set[str] = set()
    for root in depends:
        if root in finished:
            continue
        path: list[str] = [root]
        on_path = {root}
        stack = [iter(depends[root])]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
                finished.add(path[-1])
                on_path.discard(path.pop())
                continue
            if child in on_path:
                cycle = path[path.index(child):] + [child]
                raise ValueError(f"claims depend on each other in a cycle: {' -> '.join(cycle)}")
            if child in finished:
                continue
            path.append(child)
            on_path.add(child)
            stack.append(iter(depends[child]))


def claim_by_id(claim_id: str) -> Claim:
    """The claim with this id; KeyError naming the id if there is none."""
    try:
        return _BY_ID[claim_id]
    except KeyError:
        raise KeyError(f"no claim with id {claim_id!r} in the catalog") from None


def claims_citing(document: str) -> list[Claim]:
    """Claims that cite ``document`` (a seed file name), in catalog order."""
    if document not in DOCUMENTS:
        raise KeyError(f"unknown document {document!r}; expected one of {sorted(DOCUMENTS)}")
    return [c for c in CLAIMS if any(s.document == document for s in c.sources)]


validate_catalog(CLAIMS, DOCUMENTS, REQUIRED_IDS)
_BY_ID: dict[str, Claim] = {claim.id: claim for claim in CLAIMS}
