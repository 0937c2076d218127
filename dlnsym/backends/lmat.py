"""A light dense matrix of mpmath numbers (rows as Python lists) implementing the matrix protocol.

Used where many small products of mpmath numbers are needed (the right-hand sides of the extrapolation integrator
:func:`dlnsym.numeric.gbs.integrate`, the mpmath reference path of the structured solve).
"""

from __future__ import annotations

import mpmath

from ..matrix import adj, eye_like, inv, re_trace, trace, zeros_like

__all__ = ["LMat"]


class LMat:
    """A light dense matrix of mpmath numbers (rows as Python lists) implementing the matrix protocol.

    ``mpmath.matrix`` stores entries in a dict and is slow for the many small products of an
    ODE right-hand side; :class:`LMat` keeps rows as lists and multiplies with ``mpmath.fdot``.
    It supports ``@``, ``+``, ``-``, scalar ``*``, :func:`~dlnsym.matrix.adj`, ``zeros_like``,
    ``eye_like``, ``trace``, ``re_trace``, ``M[i, j]``, ``rows``/``cols``, so every formula of
    :mod:`dlnsym.formulas` runs on it. Arithmetic happens at the current mpmath precision.

    >>> A = LMat([[1, 2], [3, 4]])
    >>> (A @ adj(A)).to_mp() == mpmath.matrix([[5, 11], [11, 25]])
    True
    """

    __slots__ = ("a",)
    __array_priority__ = 3000

    def __init__(self, a):
        self.a = [[x if isinstance(x, (mpmath.mpf, mpmath.mpc)) else mpmath.mpmathify(x) for x in r] for r in a]

    @classmethod
    def _raw(cls, a):
        M = cls.__new__(cls)
        M.a = a
        return M

    @classmethod
    def from_mp(cls, M) -> "LMat":
        return cls._raw([[M[i, j] for j in range(M.cols)] for i in range(M.rows)])

    def to_mp(self):
        return mpmath.matrix(self.a)

    @property
    def rows(self):
        return len(self.a)

    @property
    def cols(self):
        return len(self.a[0])

    def __getitem__(self, ij):
        return self.a[ij[0]][ij[1]]

    def __iter__(self):
        for r in self.a:
            yield from r

    def flat(self) -> list:
        return [x for r in self.a for x in r]

    def __matmul__(self, o):
        if isinstance(o, mpmath.matrix):
            o = LMat.from_mp(o)
        if not isinstance(o, LMat):
            return NotImplemented
        cols = list(zip(*o.a))
        fd = mpmath.fdot
        return LMat._raw([[fd(r, c) for c in cols] for r in self.a])

    def __rmatmul__(self, o):
        if isinstance(o, mpmath.matrix):
            return LMat.from_mp(o) @ self
        return NotImplemented

    def __add__(self, o):
        if isinstance(o, mpmath.matrix):
            o = LMat.from_mp(o)
        return LMat._raw([[x + y for x, y in zip(r, q)] for r, q in zip(self.a, o.a)])

    __radd__ = __add__

    def __sub__(self, o):
        if isinstance(o, mpmath.matrix):
            o = LMat.from_mp(o)
        return LMat._raw([[x - y for x, y in zip(r, q)] for r, q in zip(self.a, o.a)])

    def __rsub__(self, o):
        return LMat.from_mp(o) - self

    def __neg__(self):
        return LMat._raw([[-x for x in r] for r in self.a])

    def __mul__(self, c):
        if isinstance(c, (LMat, mpmath.matrix)):
            return self @ c
        return LMat._raw([[c * x for x in r] for r in self.a])

    def __rmul__(self, c):
        return LMat._raw([[c * x for x in r] for r in self.a])

    def __truediv__(self, c):
        return LMat._raw([[x / c for x in r] for r in self.a])

    @property
    def H(self):
        return LMat._raw([[x.conjugate() if isinstance(x, mpmath.mpc) else x for x in c] for c in zip(*self.a)])


@adj.register
def _(A: LMat):
    return A.H


@zeros_like.register
def _(A: LMat):
    z = mpmath.mpf(0)
    return LMat._raw([[z] * A.cols for _ in range(A.rows)])


@eye_like.register
def _(A: LMat):
    n = A.rows
    return LMat._raw([[mpmath.mpf(1) if i == j else mpmath.mpf(0) for j in range(n)] for i in range(n)])


@inv.register
def _(A: LMat):
    return LMat.from_mp(mpmath.inverse(A.to_mp()))


@trace.register
def _(A: LMat):
    return mpmath.fsum(A.a[i][i] for i in range(A.rows))


@re_trace.register
def _(A: LMat):
    return mpmath.re(mpmath.fsum(A.a[i][i] for i in range(A.rows)))


