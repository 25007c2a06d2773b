"""The training step compiled: a whole epoch of mini-batch SGD in one call (Numba).

At the book's mini-batch of 10 a step is five small matrix products and a dozen element-wise
passes over arrays of a few hundred numbers. As NumPy calls, each of those passes costs about a
microsecond of call overhead, as much as the arithmetic; here they are loops compiled by Numba
(LLVM) into one function per epoch, and the products are calls of NumPy's own BLAS
(``cblas_?gemm``, :mod:`engine.blas`), so the matrix products are the same kernel NumPy runs.

One step on the mini-batch B of m examples, per layer l = 1..L with [W | b] the augmented
parameters and [a | 1] the activations with a trailing one (so z = [a | 1] [W | b]^T):

    z^l = [a^{l-1} | 1] [W^l | b^l]^T,   a^l = sigma(z^l)                (Nielsen eq. (25))
    delta^L = the pairing's closed form (a^L - y, or (a^L - y) sigma'(z^L), or -y sigma(-z^L))
    delta^{l-1} = (delta^l W^l) * sigma'(z^{l-1})                          (eq. (BP2))
    [W^l | b^l] <- [W^l | b^l] + (-eta/m delta^l)^T [a^{l-1} | 1]          (eq. (20)-(21))

with delta^L scaled by -eta/m once, before it is propagated (every later quantity is linear in
it). sigma and sigma' are :func:`engine.activations.sigmoid_into`'s formulas element by element:
d = e^{-z}, sigma = 1 / (1 + d), sigma' = min(d sigma sigma, sigma), and sigma = e^z / (1 + e^z),
sigma' = sigma / (1 + e^z) where d overflows (subnormal values kept); softmax is
:func:`engine.activations.softmax_into`'s e^{z - max z} / sum. The exponential is LLVM's (the C
library's), not NumPy's vectorised one, so values can differ from the NumPy functions in the
last bit; the claims hold the two to a few ulps over the whole float range.

The inputs of the step are the mini-batch's rows of x, copied into [a^0 | 1]; held as bytes
(:class:`engine.byte_inputs.ByteInputs`, x = k / d) they are read at one byte per input and
turned into the same floats there, and the rows of the mini-batch after next are prefetched,
so that reading them from memory overlaps the steps before.

The functions below are plain Python, wrapped with ``numba.njit`` at the end of the module and
compiled on their first call. With ``NUMBA_DISABLE_JIT=1`` they run as Python (slowly), which is
how the mutation run exercises them. Where NumPy's BLAS lacks ``cblas_dgemm`` or ``cblas_sgemm``
(``AVAILABLE`` is False) engine.training uses the general step instead.
"""

from __future__ import annotations

import math

import numba
import numpy as np
from llvmlite import ir
from numba.core import cgutils, types
from numba.extending import intrinsic, overload

from engine.blas import NO_TRANS, TRANS, gemm, gemm_handle
from engine.byte_inputs import BYTE_VALUES, ByteInputs, reciprocal_parts

CACHE_LINE_BYTES = 64  # x86-64 and most ARM cores; a prefetch is a hint and never faults
PREFETCH_BATCHES = 2  # how many mini-batches ahead the rows are asked for

# delta^L of each pairing with a closed form (engine.network.FUSED_OUTPUT_DELTAS)
PAIRING_CODES = {
    ("sigmoid", "cross_entropy"): 0,
    ("sigmoid", "quadratic"): 1,
    ("softmax", "log_likelihood"): 2,
    ("linear", "quadratic"): 3,
    ("sigmoid", "log_likelihood"): 4,
}


def sigmoid_and_prime(z, one):
    """(sigma(z), sigma'(z)) for one float z, in the precision of ``one`` (1 of z's dtype):
    engine.activations.sigmoid_into's formulas, far-left branch included."""
    decay = np.exp(-z)
    if decay == math.inf:
        growth = np.exp(z)
        upper = one / (one + growth)
        return growth * upper, growth * upper * upper
    sigma = one / (one + decay)
    return sigma, min(decay * sigma * sigma, sigma)


def _prefetch_rows(array, order, start, stop):
    """A hint to the processor to start reading the rows array[order[start:stop]] (a
    C-contiguous 2-D array) into its cache, so that they are there when the next mini-batch
    needs them; it changes no value. As plain Python (NUMBA_DISABLE_JIT=1) it does nothing;
    compiled, :func:`_prefetch_rows_compiled` issues one prefetch per 64-byte cache line."""


@overload(_prefetch_rows)
def _prefetch_rows_compiled(array, order, start, stop):
    def prefetch_rows(array, order, start, stop):
        width = array.shape[1] * array.itemsize
        for position in range(start, stop):
            first = order[position] * width
            for offset in range(0, width, CACHE_LINE_BYTES):
                _prefetch(array, first + offset)
            _prefetch(array, first + width - 1)

    return prefetch_rows


@intrinsic
def _prefetch(typing_context, array, offset):
    """LLVM's prefetch (read, keep in all cache levels) of byte ``offset`` of ``array``'s data."""

    def generate(context, builder, signature, arguments):
        data = context.make_array(signature.args[0])(context, builder, arguments[0]).data
        byte = ir.IntType(8).as_pointer()
        address = builder.gep(builder.bitcast(data, byte), [arguments[1]])
        int32 = ir.IntType(32)
        prefetch = cgutils.get_or_insert_function(
            builder.module,
            ir.FunctionType(ir.VoidType(), [byte, int32, int32, int32]),
            "llvm.prefetch.p0",
        )
        # read (0), highest locality (3), data cache (1)
        builder.call(prefetch, [address, int32(0), int32(3), int32(1)])
        return context.get_dummy_value()

    return types.void(array, offset), generate


def _gather(x, codes, scale, rows, activations):
    """The mini-batch's inputs x[rows] into the first columns of [a^0 | 1]; for byte inputs
    (``codes`` has rows: engine.byte_inputs) the bytes k of codes[rows] as k / d: with
    ``scale`` = [d] the division itself, with ``scale`` = [c1, c2] (engine.byte_inputs.
    reciprocal_parts) k c1 + k c2, used only where it gives the division's floats."""
    if codes.shape[0]:
        # one byte read per input instead of eight: the read from memory is the step's cost
        for i in range(rows.size):
            source = codes[rows[i]]
            target = activations[i]
            if scale.size == 2:
                for j in range(codes.shape[1]):
                    target[j] = source[j] * scale[0] + source[j] * scale[1]
            else:
                for j in range(codes.shape[1]):
                    target[j] = source[j] / scale[0]
        return
    for i in range(rows.size):
        source = x[rows[i]]
        target = activations[i]
        for j in range(x.shape[1]):
            target[j] = source[j]


def _hidden_activations(transposed_z, m, activations, primes, one):
    """a = sigma(z) into [a | 1] (rows = examples) and sigma'(z) into ``primes`` (like z^T)."""
    for j in range(transposed_z.shape[0]):
        for i in range(m):
            sigma, prime = sigmoid_and_prime(transposed_z[j, i], one)
            activations[i, j] = sigma
            primes[j, i] = prime


def _softmax_column(transposed_z, i, out, one):
    """Softmax of column i of z^T into ``out``: e^{z_j - max z} / sum_k e^{z_k - max z}
    (engine.activations.softmax_into's shift: every exponent <= 0, the largest term 1)."""
    n_out = transposed_z.shape[0]
    peak = transposed_z[0, i]
    for j in range(1, n_out):
        peak = max(peak, transposed_z[j, i])
    total = one - one
    for j in range(n_out):
        out[j] = np.exp(transposed_z[j, i] - peak)
        total += out[j]
    for j in range(n_out):
        out[j] = out[j] / total


def _output_delta(pairing, transposed_z, targets, rows, m, delta, one):
    """delta^L for the m examples ``rows`` (rows of ``targets``), by the pairing's closed form."""
    n_out = transposed_z.shape[0]
    if pairing == 2:
        for i in range(m):
            _softmax_column(transposed_z, i, delta[i], one)
            for j in range(n_out):
                delta[i, j] -= targets[rows[i], j]
        return
    for i in range(m):
        y = targets[rows[i]]
        for j in range(n_out):
            z = transposed_z[j, i]
            if pairing == 3:  # linear output
                delta[i, j] = z - y[j]
            elif pairing == 4:  # -y sigma(-z)
                delta[i, j] = -y[j] * sigmoid_and_prime(-z, one)[0]
            else:
                sigma, prime = sigmoid_and_prime(z, one)
                delta[i, j] = (sigma - y[j]) * prime if pairing == 1 else sigma - y[j]


def _scale_rows(delta, m, factor):
    """delta[:m] *= factor, with factor already in delta's precision."""
    for i in range(m):
        for j in range(delta.shape[1]):
            delta[i, j] *= factor


def _times_prime(delta, m, primes):
    """eq. (BP2)'s Hadamard product with sigma'(z), primes stored like z^T."""
    for i in range(m):
        for j in range(delta.shape[1]):
            delta[i, j] *= primes[j, i]


def _product(blas, transpose_a, transpose_b, rows, cols, inner, a, lda, b, ldb, beta, c, ldc):
    """c <- a b + beta c on the leading blocks of row-major buffers (CBLAS ?gemm, alpha = 1)
    with the function ``blas`` (engine.blas.gemm_handle of c's dtype)."""
    gemm(blas, transpose_a, transpose_b, rows, cols, inner, a, lda, b, ldb, beta, c, ldc)


def _step(params, inputs, targets, rows, factor, pairing, buffers, one, blas):
    """One SGD step on the examples ``rows``; see the module docstring for the equations.

    params[l]: [W | b] (n_out, n_in + 1); activations[l]: [a^l | 1] (M, n_l + 1) for the input
    and hidden layers; transposed_zs[l], primes[l]: (n_{l+1}, M); deltas[l]: (M, n_{l+1});
    M >= m = rows.size. ``factor``: -eta/m in the parameters' precision; ``one``: 1 in it.
    ``inputs``: (x, codes, scale) as :func:`_gather` takes them; ``buffers``: (activations,
    transposed_zs, deltas, primes); ``blas``: engine.blas.gemm_handle of the dtype.
    """
    activations, transposed_zs, deltas, primes = buffers
    m = rows.size
    last = len(params) - 1
    _gather(inputs[0], inputs[1], inputs[2], rows, activations[0])
    for layer in range(last + 1):
        n_out, n_in1 = params[layer].shape
        _product(
            blas,
            NO_TRANS,
            TRANS,
            n_out,
            m,
            n_in1,
            params[layer],
            n_in1,
            activations[layer],
            activations[layer].shape[1],
            0.0,
            transposed_zs[layer],
            transposed_zs[layer].shape[1],
        )
        if layer < last:
            _hidden_activations(transposed_zs[layer], m, activations[layer + 1], primes[layer], one)
    _output_delta(pairing, transposed_zs[last], targets, rows, m, deltas[last], one)
    _scale_rows(deltas[last], m, factor)
    for layer in range(last, -1, -1):
        n_out, n_in1 = params[layer].shape
        if layer:
            # delta^{l-1} = delta^l W^l: W^l is the first n_in1 - 1 columns of [W | b]
            _product(
                blas,
                NO_TRANS,
                NO_TRANS,
                m,
                n_in1 - 1,
                n_out,
                deltas[layer],
                deltas[layer].shape[1],
                params[layer],
                n_in1,
                0.0,
                deltas[layer - 1],
                deltas[layer - 1].shape[1],
            )
            _times_prime(deltas[layer - 1], m, primes[layer - 1])
        # [W | b] += delta^T [a | 1]
        _product(
            blas,
            TRANS,
            NO_TRANS,
            n_out,
            n_in1,
            m,
            deltas[layer],
            deltas[layer].shape[1],
            activations[layer],
            activations[layer].shape[1],
            1.0,
            params[layer],
            n_in1,
        )


def _epoch(params, inputs, targets, order, starts, stops, factors, one, pairing, buffers, blas):
    """A step on order[starts[b]:stops[b]] with factors[b] = -eta/m_b for each mini-batch b,
    in turn (the schedule comes from engine.training: mini_batches and step_size); ``one``: 1
    in the parameters' precision; ``inputs``, ``buffers`` and ``blas`` as :func:`_step` takes
    them."""
    for batch in range(starts.size):
        ahead = batch + PREFETCH_BATCHES
        if ahead < starts.size:
            # that mini-batch's inputs and targets, read from memory while these steps compute
            _prefetch_rows(inputs[1], order, starts[ahead], stops[ahead])
            _prefetch_rows(targets, order, starts[ahead], stops[ahead])
        rows = order[starts[batch] : stops[batch]]
        _step(params, inputs, targets, rows, factors[batch], pairing, buffers, one, blas)


# Numba's disk cache of this module's machine code is keyed on this file alone, but the code
# includes engine.blas's compiled gemm call: this digest of that part of engine/blas.py (from
# "@overload(gemm)" on) ties the two, so that changing it changes this file too
# (tests/test_compiled_step_cache.py fails until the digest is updated).
BLAS_CALL_DIGEST = "2e1e19a16fce689b"

_GEMM_HANDLES = {np.dtype(dtype): gemm_handle(dtype) for dtype in (np.float64, np.float32)}


# Compiled on first call (numba.njit is lazy); a plain function under NUMBA_DISABLE_JIT=1.
# Cached on disk (Numba's cache: __pycache__ beside this file, or the user's cache directory
# where that is not writable), so that a new process loads the machine code instead of
# compiling it again for seconds; the cache is keyed on this file and the argument types.
_compile = numba.njit(nogil=True, cache=True)
sigmoid_and_prime = _compile(sigmoid_and_prime)
_gather = _compile(_gather)
_hidden_activations = _compile(_hidden_activations)
_output_delta = _compile(_output_delta)
_softmax_column = _compile(_softmax_column)
_scale_rows = _compile(_scale_rows)
_times_prime = _compile(_times_prime)
_product = _compile(_product)
_step = _compile(_step)
_epoch = _compile(_epoch)
AVAILABLE = all(handle is not None for handle in _GEMM_HANDLES.values())


class CompiledStep:
    """The buffers and compiled steps of one network whose pairing has a closed-form delta^L,
    for mini-batches of at most ``mini_batch_size`` examples; the network's own parameters
    ([W | b] per layer) are updated in place.

    :meth:`run` takes a whole schedule (engine.training's mini-batches and step sizes) in one
    compiled call. The buffers of the last step stay readable: ``transposed_zs[l]`` (z^T of
    layer l + 1), ``activations[l]`` ([a^l | 1], rows = examples), ``primes[l]`` (sigma'(z)
    like z^T, hidden layers) and ``deltas[l]`` (the update's -eta/m delta, rows = examples).
    """

    def __init__(self, network, mini_batch_size: int):
        pairing = (network.output.name, network.cost.name)
        if pairing not in PAIRING_CODES:
            raise ValueError(f"no closed-form output error for {pairing}; use the general step")
        self.network, self.mini_batch_size = network, mini_batch_size
        self.pairing = PAIRING_CODES[pairing]
        dtype, m, sizes = network.dtype, mini_batch_size, network.sizes
        self.params = tuple(network.params)
        self.one = np.dtype(dtype).type(1)
        if not all(p.flags.c_contiguous for p in self.params):
            raise ValueError("the network's parameters must be C-contiguous [W | b] arrays")
        self.activations = tuple(np.ones((m, n + 1), dtype=dtype) for n in sizes[:-1])
        self.transposed_zs = tuple(np.empty((n, m), dtype=dtype) for n in sizes[1:])
        self.deltas = tuple(np.empty((m, n), dtype=dtype) for n in sizes[1:])
        self.primes = tuple(np.empty((n, m), dtype=dtype) for n in sizes[1:])
        self._byte_scales = {}
        self.blas = _GEMM_HANDLES[np.dtype(dtype)]

    def run(self, x, targets, order, starts, stops, factors):
        """Steps on order[starts[b]:stops[b]] with -eta/m_b = factors[b] (in the network's
        dtype), b = 0, 1, ...; x a C-contiguous array of the network's dtype or
        :class:`~engine.byte_inputs.ByteInputs`, targets a C-contiguous array of that dtype.
        The compiled code does not check bounds, so the indices and mini-batch lengths are
        checked here: a ValueError rather than a read outside the arrays."""
        n_in, n_out = self.network.sizes[0], self.network.sizes[-1]
        if order.ndim != 1:
            raise ValueError(f"order must be a 1-D array of row indices; got shape {order.shape}")
        if x.ndim != 2 or x.shape[1] != n_in or targets.shape != (len(x), n_out):
            raise ValueError(
                f"x must be (n, {n_in}) and targets (n, {n_out}); got {x.shape} and {targets.shape}"
            )
        if order.size and (order.min() < 0 or order.max() >= len(x)):
            raise ValueError(
                f"order must hold row indices 0 to {len(x) - 1} of x; got "
                f"{order.min()} to {order.max()}"
            )
        lengths = stops - starts
        if lengths.size and (
            lengths.min() < 1
            or lengths.max() > self.mini_batch_size
            or starts.min() < 0
            or stops.max() > order.size
        ):
            raise ValueError(
                f"every mini-batch must be 1 to {self.mini_batch_size} consecutive "
                f"positions of order (0 to {order.size}); got lengths "
                f"{lengths.min()} to {lengths.max()}"
            )
        buffers = (self.activations, self.transposed_zs, self.deltas, self.primes)
        inputs = self._inputs(x)
        _epoch(
            self.params,
            inputs,
            targets,
            order,
            starts,
            stops,
            factors,
            self.one,
            self.pairing,
            buffers,
            self.blas,
        )

    def _inputs(self, x) -> tuple:
        """(x, codes, scale) for :func:`_gather`: the unused array empty, so that float and
        byte inputs share one compiled function per dtype."""
        dtype = self.network.dtype
        if isinstance(x, ByteInputs):
            return np.empty((0, 0), dtype=dtype), x.codes, self._byte_scale(x.divisor)
        return x, np.empty((0, 0), dtype=np.uint8), np.ones(1)

    def _byte_scale(self, divisor: int) -> np.ndarray:
        """:func:`_gather`'s ``scale`` for bytes over ``divisor``: the reciprocal's two parts
        when they give every one of the 256 quotients k / divisor exactly as the division in
        the network's dtype does, else the divisor (divided)."""
        if divisor not in self._byte_scales:
            parts = np.array(reciprocal_parts(divisor))
            every_byte = np.arange(BYTE_VALUES, dtype=np.uint8).reshape(1, -1)
            converted = np.empty((1, BYTE_VALUES), dtype=self.network.dtype)
            _gather(converted, every_byte, parts, np.zeros(1, dtype=np.intp), converted)
            exact = ByteInputs(every_byte, divisor).values(self.network.dtype)
            same = np.array_equal(converted.view(np.uint8), exact.view(np.uint8))
            self._byte_scales[divisor] = parts if same else np.array([float(divisor)])
        return self._byte_scales[divisor]
