"""The training procedure the documents run: 002's net.SGD (mini-batches, epochs, reshuffling),
its initialisers and accuracy, and 003's split and learning rate. Witnessed by
claims/test_training.py against engine/training.py and engine/network.py."""

from __future__ import annotations

from claims.catalog.documents import D002, D003
from claims.catalog.model import Claim, Source

S = Source

CLAIMS: tuple[Claim, ...] = (
    Claim(
        id="sgd-mini-batch-step",
        title="A mini-batch step moves by eta/m times the summed gradients",
        statement="net.SGD(training_data, epochs, m, eta) updates after every mini-batch of m "
                  "examples: each weight and bias moves by minus eta/m times the sum over the "
                  "mini-batch of the per-example partial derivatives.",
        formula=r"w \to w - \frac{\eta}{m}\sum_x \frac{\partial C_x}{\partial w},\qquad "
                r"b \to b - \frac{\eta}{m}\sum_x \frac{\partial C_x}{\partial b}",
        sources=(
            S(D002, "183", "使用交叉熵来对 MNIST 数字进行分类",
              "net.SGD(training_data, 30, 10, 0.5"),
            S(D003, "149-150", "附完整代码", "GradientDescentOptimizer(3.0)"),
        ),
        kind="identity", rests_on=("gradient-descent-step",), expected="holds",
        exercises=("engine.training.sgd", "engine.training.step_size", "engine.training.make_step"),
    ),
    Claim(
        id="sgd-epoch-uses-every-example-once",
        title="An epoch uses every training example exactly once",
        statement="An epoch cuts the shuffled training data into consecutive mini-batches of m; "
                  "every example is in exactly one of them, the last one holding the remainder "
                  "when m does not divide n.",
        formula=r"\lceil n/m \rceil \text{ mini-batches},\ \text{sizes } m,\dots,m,\ "
                r"n - m\lfloor (n-1)/m \rfloor",
        sources=(S(D002, "183", "使用交叉熵来对 MNIST 数字进行分类",
                   "net.SGD(training_data, 30, 10, 0.5"),),
        kind="qualitative", rests_on=("sgd-mini-batch-step",), expected="holds",
        exercises=("engine.training.sgd", "engine.training.mini_batches"),
    ),
    Claim(
        id="sgd-reshuffles-every-epoch",
        title="Each epoch visits the examples in a fresh random order",
        statement="Stochastic gradient descent draws a new random order of the training data "
                  "for every epoch; in the engine every order comes from the network's own "
                  "generator, so a run depends on its seed alone.",
        formula=r"\pi_e \sim \mathrm{Uniform}(S_n),\ \text{independent for each epoch } e",
        sources=(
            S(D002, "183", "使用交叉熵来对 MNIST 数字进行分类",
              "net.SGD(training_data, 30, 10, 0.5"),
            S(D003, "159", "附完整代码", "mnist.train.next_batch(10)"),
        ),
        kind="qualitative", rests_on=("sgd-epoch-uses-every-example-once",), expected="holds",
        exercises=("engine.training.sgd", "engine.training.epoch_order"),
    ),
    Claim(
        id="large-initializer-standard-normal",
        title="The large initialiser draws every weight and bias from N(0, 1)",
        statement="large_weight_initializer (chapter 1's initialisation, used for 002's MNIST "
                  "runs) and 003's tf.random_normal draw every weight and bias independently "
                  "from the standard normal distribution.",
        formula=r"w, b \sim \mathcal{N}(0, 1)",
        sources=(
            S(D002, "187", "使用交叉熵来对 MNIST 数字进行分类", "net.large_weight_initializer()"),
            S(D003, "135", "附完整代码", "tf.random_normal([784, 30])"),
        ),
        kind="qualitative", rests_on=(), expected="holds",
        exercises=("engine.network.initial_parameters",),
    ),
    Claim(
        id="default-initializer-scaled-by-fan-in",
        title="The default initialiser's weights have standard deviation 1/sqrt(n_in)",
        statement="Networks start from random weights; the default initialiser (chapter 3's "
                  "better initialisation, Nielsen's default_weight_initializer) draws each "
                  "weight into a neuron with n_in inputs from a Gaussian with mean 0 and "
                  "standard deviation 1/sqrt(n_in) (variance 1/n_in); biases stay N(0, 1).",
        formula=r"w \sim \mathcal{N}\!\left(0, \tfrac{1}{n_{in}}\right),\quad "
                r"b \sim \mathcal{N}(0, 1)",
        sources=(S(D002, "138", "练习", "初始化网络的时候通常使用某种随机方法"),),
        kind="qualitative", rests_on=("large-initializer-standard-normal",), expected="holds",
        exercises=("engine.network.initial_parameters", "engine.network.default_weight_std"),
    ),
    Claim(
        id="accuracy-is-share-of-argmax-matches",
        title="Accuracy is the share of examples whose largest output is the label",
        statement="The accuracy a run reports is the fraction of evaluation examples whose "
                  "output neuron with the largest activation is the labelled digit.",
        formula=r"\mathrm{accuracy} = \frac{1}{n}\sum_x "
                r"\left[\operatorname{argmax}_j a^L_j(x) = \mathrm{label}(x)\right]",
        sources=(
            S(D002, "187", "使用交叉熵来对 MNIST 数字进行分类", "准确度的网络"),
            S(D003, "162", "附完整代码", "tf.argmax(a_3, 1)"),
        ),
        kind="identity", rests_on=(), expected="holds",
        exercises=("engine.network.argmax_accuracy", "engine.network.Network.evaluate"),
    ),
    Claim(
        id="tf-script-split-55000",
        title="003's script trains on 55,000 images and keeps 5,000 for validation",
        statement="read_data_sets gives the script a training split of the last 55,000 images "
                  "of the 60,000-image training file and a validation split of its first "
                  "5,000; the engine's TensorFlow split is exactly that cut.",
        formula=r"60000 = 5000_{\text{validation}} + 55000_{\text{training}}",
        sources=(S(D003, "131", "附完整代码", "input_data.read_data_sets("),),
        kind="numerical result", rests_on=("tf-script-epoch-size",), expected="holds",
        exercises=("runs.splits.mnist_datasets",),
    ),
    Claim(
        id="tf-script-step-is-book-step-at-eta-0-3",
        title="Rate 3.0 on 003's mean loss is the book's step at eta = 0.3",
        statement="A gradient-descent step of rate 3.0 on the script's loss (the mean over the "
                  "mini-batch and the 10 outputs) moves every parameter exactly as the book's "
                  "mini-batch step with eta = 0.3 on the cross-entropy (63).",
        formula=r"3.0\,\nabla\,\frac{1}{10m}\sum_{x,j} C_{x,j} = "
                r"\frac{0.3}{m}\sum_x \nabla C_x",
        sources=(S(D003, "149-150", "附完整代码",
                   "GradientDescentOptimizer(3.0).minimize(loss)"),),
        kind="identity", rests_on=("tf-script-loss-averages-over-outputs", "sgd-mini-batch-step"),
        expected="holds",
        exercises=("engine.training.make_step", "engine.costs.CROSS_ENTROPY"),
    ),
)
