"""A NumPy engine for the networks of Nielsen's chapter 3: sigmoid, softmax and linear output
layers; quadratic, cross-entropy and log-likelihood costs; mini-batch SGD."""

from engine.activations import (
    LINEAR,
    SIGMOID,
    SOFTMAX,
    linear,
    log_sigmoid,
    log_softmax,
    sigmoid,
    sigmoid_prime,
    softmax,
    softmax_jacobian,
)
from engine.costs import (
    CROSS_ENTROPY,
    LOG_LIKELIHOOD,
    QUADRATIC,
    cross_entropy,
    cross_entropy_from_z,
    log_likelihood,
    log_likelihood_from_z,
    quadratic,
)
from engine.errors import IncompatibleCostError, SaturatedOutputError
from engine.network import FUSED_OUTPUT_DELTAS, Network
from engine.training import TrainingHistory, one_hot, sgd

__all__ = [
    "CROSS_ENTROPY",
    "FUSED_OUTPUT_DELTAS",
    "LINEAR",
    "LOG_LIKELIHOOD",
    "QUADRATIC",
    "SIGMOID",
    "SOFTMAX",
    "IncompatibleCostError",
    "Network",
    "SaturatedOutputError",
    "TrainingHistory",
    "cross_entropy",
    "cross_entropy_from_z",
    "linear",
    "log_likelihood",
    "log_likelihood_from_z",
    "log_sigmoid",
    "log_softmax",
    "one_hot",
    "quadratic",
    "sgd",
    "sigmoid",
    "sigmoid_prime",
    "softmax",
    "softmax_jacobian",
]
__version__ = "0.1.0"
