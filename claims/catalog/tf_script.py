"""Document 003's TensorFlow MNIST script: its loss, its epochs, its settings."""

from __future__ import annotations

from claims.catalog.documents import D003
from claims.catalog.model import Claim, Source, check, control

S = Source

CLAIMS: tuple[Claim, ...] = (
    Claim(
        id="tf-script-mnist-run",
        title="003's script: settings of the MNIST run",
        statement="003's script trains a 784-30-10 network with sigmoid hidden and output "
                  "layers, all weights and biases drawn from N(0,1), sigmoid cross-entropy on the "
                  "output logits, plain gradient descent with learning rate 3.0, mini-batches of "
                  "10 and 30 epochs, printing the test accuracy each epoch (no number is printed "
                  "in the text).",
        formula="",
        sources=(S(D003, "118-170", "附完整代码", "GradientDescentOptimizer(3.0)",
                   says="003's script trains 784-30-10 with N(0, 1) parameters, sigmoid "
                        "cross-entropy on the logits, rate 3.0 on the mean, mini-batches of 10, "
                        "30 epochs."),),
        kind="qualitative", rests_on=("tf-script-loss-is-cross-entropy",), expected="holds",
        experiment="mnist",
        exercises=(),
        check=check("experiments.mnist_checks.script_runs", 90,
                    "the script prints no accuracy, so the run is judged only to train: every "
                    "seed's best-epoch test accuracy at least 90 % (chance is 10 %; networks of "
                    "this size reach the mid-nineties in the book)", config="tf-script-003",
                    controls=(control("the same check on the quadratic 784-100-10 runs, some "
                                      "of whose seeds stall", config="quadratic-100"),)),
    ),
    Claim(
        id="tf-script-loss-is-cross-entropy",
        title="Sigmoid cross-entropy on logits is eq. (57) of sigma(z)",
        statement="The per-element loss computed from logits, max(z,0) - z y + ln(1+e^{-|z|}), "
                  "equals -[y ln sigma(z) + (1-y) ln(1-sigma(z))].",
        formula=r"\max(z,0) - zy + \ln\left(1+e^{-|z|}\right) = "
                r"-\left[y\ln\sigma(z)+(1-y)\ln(1-\sigma(z))\right]",
        sources=(S(D003, "149", "附完整代码",
                   "tf.nn.sigmoid_cross_entropy_with_logits(labels=y_, logits=z_3)"),),
        kind="identity", rests_on=("cross-entropy-definition",), expected="holds",
        exercises=("engine.costs.CROSS_ENTROPY",),
    ),
    Claim(
        id="tf-script-loss-averages-over-outputs",
        title="003's loss is eq. (63) divided by 10",
        statement="reduce_mean over a (batch, 10) array averages over the 10 output units as "
                  "well as the examples, so the loss is the cross-entropy (63) divided by 10 and "
                  "learning rate 3.0 on it equals learning rate 0.3 on (63).",
        formula=r"\mathrm{loss} = \frac{1}{10}\,C_{(63)},\quad 3.0\cdot\frac{1}{10} = 0.3",
        sources=(S(D003, "149", "附完整代码", "tf.reduce_mean("),),
        kind="identity",
        rests_on=("tf-script-loss-is-cross-entropy", "cross-entropy-multi-neuron-sum"),
        expected="holds",
        exercises=("engine.costs.CROSS_ENTROPY", "engine.network.Network.backprop",
                   "engine.network.Network.forward"),
    ),
    Claim(
        id="tf-script-epoch-size",
        title="Each of 003's epochs is 50,000 examples",
        statement="Each printed epoch of 003's script is 5000 mini-batches of 10, i.e. 50,000 "
                  "examples (the TensorFlow loader's training split holds 55,000).",
        formula=r"5000 \times 10 = 50000",
        sources=(S(D003, "157-160", "附完整代码", "for _ in range(5000):",
                   says="Each printed epoch runs 5000 mini-batches of 10."),),
        kind="numerical result", rests_on=(), expected="holds",
        exercises=(),
        check=check("experiments.formula_checks.printed_epoch_short_of_the_split", 0,
                    "exact counts", steps=5000, batch=10, split=55000,
                    controls=(control("the same check on a loop of 5500 steps", steps=5500),)),
    ),
    Claim(
        id="tf-script-quadratic-alternative",
        title="003's commented-out loss is the quadratic cost",
        statement="The commented-out loss, the batch mean of half the squared norm of y - a, "
                  "is the quadratic cost 1/(2n) sum ||y - a||^2.",
        formula=r"\frac{1}{n}\sum_x \frac{\|y-a\|^2}{2}",
        sources=(S(D003, "148", "附完整代码", "tf.reduce_mean(tf.norm(y_ - a_3, axis=1)**2) / 2"),),
        kind="identity", rests_on=("quadratic-cost-definition",), expected="holds",
        exercises=("engine.costs.QUADRATIC", "engine.network.Network.cost_value",
                   "engine.network.Network.feedforward"),
    ),
)
