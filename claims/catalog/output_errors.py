"""The output error and the cost of every pairing of output layer and cost, as the training step
and the report compute them: exact to rounding over the whole float64 range, from z where a
saturated output would lose the digits, and one contract for the targets. Witnessed by
claims/test_output_errors.py against 60-digit mpmath values."""

from __future__ import annotations

from claims.catalog.documents import D002
from claims.catalog.model import Claim, Source

S = Source

CLAIMS: tuple[Claim, ...] = (
    Claim(
        id="output-error-exact-for-every-pairing",
        title="The output error back-propagated is dC/dz^L for every pairing",
        statement="For every output layer (sigmoid, softmax, linear) and cost the engine pairs "
                  "it with, the output error delta^L the training step starts from is the "
                  "derivative of that cost with respect to z^L, accurate to rounding at every "
                  "finite z, saturated outputs included, and the cost it reports is the cost "
                  "of z; targets outside the cost's domain (cross-entropy: [0, 1]; "
                  "log-likelihood: a distribution) are refused.",
        formula=r"\delta^L = \frac{\partial C}{\partial z^L} = J_a(z^L)^T \nabla_a C",
        sources=(
            S(D002, "154-162", "问题"),
            S(D002, "302-304", "问题"),
        ),
        kind="identity",
        rests_on=("delta-sigmoid-cross-entropy", "delta-softmax-log-likelihood",
                  "delta-linear-quadratic"),
        expected="holds",
        exercises=("engine.network.Network.output_delta",
                   "engine.network.Network.fused_output_delta",
                   "engine.network.Network.cost_value", "engine.activations.softmax_complement",
                   "engine.activations.log_softmax_complement", "engine.costs.LOG_LIKELIHOOD",
                   "engine.costs.CROSS_ENTROPY"),
    ),
)
