"""NumPy's own BLAS matrix product, ``cblas_?gemm``, as a function the compiled step can call.

The compiled training step (:mod:`engine.compiled_step`) does its matrix products with the
general matrix product of the BLAS library NumPy itself loaded (the one
:func:`runs.fingerprint.blas_identity` names, so cached results still key on it), through
``ctypes``: C <- alpha A B + beta C, which with beta = 1 adds a parameter increment straight into
the parameters. :func:`cblas_gemm` finds the symbol (NumPy's wheels ship OpenBLAS as
scipy-openblas with 64-bit integers and the suffix ``64_``) and checks it once per process on a
sample shaped like a training step's increment: ``c += a @ b`` through the symbol must give
exactly what NumPy's ``np.matmul`` then ``+`` gives, which also confirms the argument types.
Where there is no such symbol or the check fails, training uses the general step instead.

Compiled code calls it through :func:`gemm` with the function's address as an argument
(:func:`gemm_handle`), so that no process-specific address is baked into the machine code and
Numba can cache that code on disk.
"""

from __future__ import annotations

import ctypes
import functools
import os
from collections.abc import Callable

import numpy as np
from llvmlite import ir
from numba.core import types
from numba.extending import intrinsic, overload

# CBLAS enumerations (cblas.h): CblasRowMajor, CblasNoTrans, CblasTrans
ROW_MAJOR, NO_TRANS, TRANS = 101, 111, 112

# (symbol prefix, suffix): NumPy's wheels ship OpenBLAS as scipy-openblas with 64-bit integers
# and the suffix 64_; a NumPy built against a system BLAS sees the plain 32-bit-integer names.
_SYMBOLS = (("scipy_", "64_"), ("", "64_"), ("scipy_", ""), ("", ""))


def _numpy_blas_path() -> str | None:
    """The file of the BLAS library loaded from NumPy's installation, if exactly one is."""
    from threadpoolctl import threadpool_info

    numpy_dir = os.path.dirname(os.path.abspath(np.__file__))
    own = [
        info["filepath"]
        for info in threadpool_info()
        if info.get("user_api") == "blas"
        and os.path.abspath(info.get("filepath", "")).startswith(
            (numpy_dir + os.sep, numpy_dir + ".libs")
        )
    ]
    return own[0] if len(own) == 1 else None


@functools.cache
def _cblas_gemm(dtype: np.dtype):
    """(function, integer type) of NumPy's cblas_?gemm for ``dtype``, or None."""
    letter = {np.dtype(np.float64): "d", np.dtype(np.float32): "s"}.get(np.dtype(dtype))
    path = _numpy_blas_path()
    if letter is None or path is None:
        return None
    try:
        library = ctypes.CDLL(path)
    except OSError:
        return None
    scalar = ctypes.c_double if letter == "d" else ctypes.c_float
    for prefix, suffix in _SYMBOLS:
        function = getattr(library, f"{prefix}cblas_{letter}gemm{suffix}", None)
        if function is None:
            continue
        integer = ctypes.c_int64 if suffix == "64_" else ctypes.c_int
        function.argtypes = [
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_int,
            integer,
            integer,
            integer,
            scalar,
            ctypes.c_void_p,
            integer,
            ctypes.c_void_p,
            integer,
            scalar,
            ctypes.c_void_p,
            integer,
        ]
        function.restype = None
        if _direct_call_agrees(function, integer, scalar, np.dtype(dtype)):
            return function, integer, scalar
        return None
    return None


def cblas_gemm(dtype) -> tuple | None:
    """(ctypes function, integer type, scalar type) of NumPy's own ``cblas_?gemm`` for a float64
    or float32 ``dtype``, checked bit for bit against NumPy on a sample problem; None when NumPy's
    BLAS has no such symbol or the check fails."""
    return _cblas_gemm(np.dtype(dtype))


def _operand(array: np.ndarray, itemsize: int):
    """(transpose flag, leading dimension) of a 2-D operand in row-major CBLAS terms."""
    rows, cols = array.strides
    if cols == itemsize and rows >= max(1, array.shape[1]) * itemsize:
        return NO_TRANS, rows // itemsize
    if rows == itemsize and cols >= max(1, array.shape[0]) * itemsize:
        return TRANS, cols // itemsize
    return None


def _direct_call(function, integer, scalar, a, b, c) -> Callable[[], None] | None:
    """A call computing c += a @ b with preconverted arguments, or None when a layout does not
    suit CBLAS (then the caller uses NumPy)."""
    itemsize = c.itemsize
    a_layout, b_layout = _operand(a, itemsize), _operand(b, itemsize)
    c_layout = _operand(c, itemsize)
    if None in (a_layout, b_layout) or c_layout is None or c_layout[0] != NO_TRANS:
        return None
    (m, k), n = a.shape, b.shape[1]
    arguments = (
        ROW_MAJOR,
        a_layout[0],
        b_layout[0],
        integer(m),
        integer(n),
        integer(k),
        scalar(1.0),
        ctypes.c_void_p(a.ctypes.data),
        integer(a_layout[1]),
        ctypes.c_void_p(b.ctypes.data),
        integer(b_layout[1]),
        scalar(1.0),
        ctypes.c_void_p(c.ctypes.data),
        integer(c_layout[1]),
    )
    return functools.partial(function, *arguments)


def _direct_call_agrees(function, integer, scalar, dtype) -> bool:
    """Whether the direct call gives exactly what ``c += np.matmul(a, b)`` gives on a seeded
    sample shaped like a training step's increment (transposed errors times activations)."""
    rng = np.random.default_rng(20_240)
    for n_out, n_in, m in ((7, 13, 5), (30, 785, 10), (3, 4, 2)):
        errors = rng.standard_normal((m, n_out)).astype(dtype)
        activations = rng.uniform(0.0, 1.0, (m, n_in)).astype(dtype)
        c = rng.standard_normal((n_out, n_in)).astype(dtype)
        expected = c + np.matmul(errors.T, activations)
        call = _direct_call(function, integer, scalar, errors.T, activations, c)
        if call is None:
            return False
        call()
        if not np.array_equal(c, expected):
            return False
    return True


def gemm_handle(dtype) -> np.ndarray | None:
    """[address, wide] of NumPy's cblas_?gemm for ``dtype``: the function's address and 1 when
    it takes 64-bit integers (0: C ints), as :func:`gemm` takes it; None without the symbol.

    The compiled step receives the function as this argument rather than as a global, so that
    Numba can cache its machine code on disk (a ctypes function referred to as a global is
    baked in as an address of this process, which prevents caching)."""
    found = cblas_gemm(dtype)
    if found is None:
        return None
    function, integer, _ = found
    address = ctypes.cast(function, ctypes.c_void_p).value
    return np.array([address, int(integer is ctypes.c_int64)], dtype=np.int64)


def gemm(handle, transpose_a, transpose_b, rows, cols, inner, a, lda, b, ldb, beta, c, ldc):
    """c <- a b + beta c (row-major CBLAS ?gemm, alpha = 1) with the function of ``handle``
    (:func:`gemm_handle`) on the buffers' data. As plain Python (NUMBA_DISABLE_JIT=1) a ctypes
    call; compiled (:func:`_gemm_compiled`), a direct call of the address."""
    function = cblas_gemm(c.dtype)[0]
    function(
        ROW_MAJOR,
        transpose_a,
        transpose_b,
        rows,
        cols,
        inner,
        1.0,
        a.ctypes.data,
        lda,
        b.ctypes.data,
        ldb,
        beta,
        c.ctypes.data,
        ldc,
    )


@overload(gemm)
def _gemm_compiled(
    handle, transpose_a, transpose_b, rows, cols, inner, a, lda, b, ldb, beta, c, ldc
):
    def compiled(handle, transpose_a, transpose_b, rows, cols, inner, a, lda, b, ldb, beta, c, ldc):
        address, wide = handle[0], handle[1]
        _call_gemm(
            address, wide, transpose_a, transpose_b, rows, cols, inner, a, lda, b, ldb, beta, c, ldc
        )

    return compiled


@intrinsic
def _call_gemm(
    typing, address, wide, transpose_a, transpose_b, rows, cols, inner, a, lda, b, ldb, beta, c, ldc
):
    """The call of cblas_?gemm at ``address`` (C ints for the enumerations; 64-bit or C-int
    sizes as ``wide`` says; alpha = 1 and beta in c's precision)."""
    argument_types = (address, wide, transpose_a, transpose_b, rows, cols, inner)
    argument_types += (a, lda, b, ldb, beta, c, ldc)
    return types.void(*argument_types), _generate_gemm_call


def _generate_gemm_call(context, builder, signature, arguments):
    """LLVM IR of :func:`_call_gemm`: both integer widths, chosen at run time by ``wide``."""
    argument_types = signature.args
    byte = ir.IntType(8).as_pointer()
    scalar_type = argument_types[12].dtype

    def value(index, to_type):
        return context.cast(builder, arguments[index], argument_types[index], to_type)

    def data(index):
        array = context.make_array(argument_types[index])(context, builder, arguments[index])
        return builder.bitcast(array.data, byte)

    scalar = context.get_value_type(scalar_type)
    beta, pointers = value(11, scalar_type), (data(7), data(9), data(12))
    enumerations = [ir.IntType(32)(ROW_MAJOR), value(2, types.int32), value(3, types.int32)]

    def call(bits):
        size_type = getattr(types, f"int{bits}")
        sizes = [value(index, size_type) for index in (4, 5, 6, 8, 10, 13)]
        size = ir.IntType(bits)
        int32 = ir.IntType(32)
        function_type = ir.FunctionType(
            ir.VoidType(),
            [int32, int32, int32, size, size, size, scalar, byte, size, byte, size, scalar]
            + [byte, size],
        )
        function = builder.inttoptr(arguments[0], function_type.as_pointer())
        m, n, k, lda, ldb, ldc = sizes
        builder.call(
            function,
            enumerations
            + [m, n, k, ir.Constant(scalar, 1.0), pointers[0], lda, pointers[1], ldb, beta]
            + [pointers[2], ldc],
        )

    wide = arguments[1]
    with builder.if_else(builder.icmp_unsigned("!=", wide, ir.Constant(wide.type, 0))) as (
        then,
        otherwise,
    ):
        with then:
            call(64)
        with otherwise:
            call(32)
    return context.get_dummy_value()
