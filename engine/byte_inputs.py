"""Training inputs held as bytes: x = k / d for a byte k in 0..255 and a fixed divisor d.

MNIST's pixels are such inputs (k the grey level, d = 255). A float64 row of 784 of them is
6 KB; the same row as bytes is 784 B, and a mini-batch step spends much of its time outside the
matrix products reading its inputs from memory. :class:`ByteInputs` keeps the bytes, and the
compiled step (:mod:`engine.compiled_step`) turns each into its float through a table of the 256
quotients k / d, each the one division float(k) / float(d) rounded once in the network's dtype,
which is exactly what dividing the converted array by d gives (``codes.astype(dtype) / d``, as
:func:`runs.mnist.load_mnist` scales the pixels); the training therefore sees the same inputs,
bit for bit, as from the float array.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

BYTE_VALUES = 256
# significant bits of each part of 1/d: a byte (8 bits) times a part is then exact in float64
PART_BITS = 53 - 8


def _truncated(value: Fraction, bits: int) -> Fraction:
    """``value`` (>= 0) cut to its leading ``bits`` binary digits (rounded towards zero)."""
    if value == 0:
        return value
    exponent = value.numerator.bit_length() - value.denominator.bit_length()
    if value < Fraction(2) ** exponent:
        exponent -= 1  # now 2^exponent <= value < 2^(exponent + 1)
    scale = Fraction(2) ** (bits - 1 - exponent)
    return Fraction(int(value * scale)) / scale


def reciprocal_parts(divisor: int) -> tuple[float, float]:
    """(c1, c2): 1/divisor = c1 + c2 + r with c1, c2 floats of at most 45 significant bits
    (the leading 45 binary digits of 1/divisor, then the next 45) and 0 <= r < 2^-89 / divisor.

    For a byte k both k c1 and k c2 are exact in float64, so k c1 + k c2 is k/divisor rounded
    once from a value within 2^-81 of it: the same float as the division k / divisor whenever
    that value is not within 2^-81 of a rounding boundary, which the compiled step checks for
    all 256 bytes before it uses the parts (a multiply and an add are several times cheaper
    than a division)."""
    exact = Fraction(1, divisor)
    first = _truncated(exact, PART_BITS)
    return float(first), float(_truncated(exact - first, PART_BITS))


class ByteInputs:
    """Inputs x[i, j] = codes[i, j] / divisor: ``codes`` a 2-D uint8 array, ``divisor`` a
    positive whole number. Sliced along the examples like an array (``inputs[:n]``)."""

    def __init__(self, codes, divisor: int = 255):
        codes = np.asarray(codes)
        if codes.dtype != np.uint8 or codes.ndim != 2:
            raise ValueError(
                f"byte inputs: codes must be a 2-D uint8 array; got {codes.ndim}-D {codes.dtype}"
            )
        if isinstance(divisor, bool) or not isinstance(divisor, (int, np.integer)) or divisor < 1:
            raise ValueError(f"byte inputs: divisor must be a positive integer, got {divisor!r}")
        self.codes = np.ascontiguousarray(codes)
        self.divisor = int(divisor)

    @property
    def shape(self) -> tuple[int, int]:
        return self.codes.shape

    @property
    def ndim(self) -> int:
        return 2

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, rows) -> ByteInputs:
        if not isinstance(rows, slice):
            raise TypeError("byte inputs are sliced along the examples only (inputs[a:b])")
        return ByteInputs(self.codes[rows], self.divisor)

    def table(self, dtype) -> np.ndarray:
        """The 256 values k / divisor in ``dtype``, each one correctly rounded division."""
        return np.arange(BYTE_VALUES, dtype=dtype) / np.dtype(dtype).type(self.divisor)

    def values(self, dtype=np.float64) -> np.ndarray:
        """x as a C-contiguous float array of ``dtype``: codes / divisor, divided in ``dtype``."""
        return self.table(dtype)[self.codes]
