"""The small matrix protocol that every formula of :mod:`dlnsym.formulas` is written over.

A *matrix* is any object that supports ``A @ B``, ``A + B``, ``A - B``, ``-A`` and
multiplication by a scalar, plus the five operations below, dispatched on its type:

=============  =========================================================
``adj(A)``     the conjugate transpose ``A^*`` (transpose over R)
``zeros_like`` the zero matrix of the same size and kind
``eye_like``   the identity of the same size and kind
``inv(A)``     the inverse (only where the backend can form it exactly)
``trace(A)``   ``Tr A``
=============  =========================================================

Supported kinds (the *backends*):

* SymPy explicit matrices (``sympy.Matrix``) and SymPy matrix expressions of symbolic
  size (``MatrixSymbol`` and friends);
* :class:`dlnsym.symbolic.freealg.NC`: noncommutative polynomials, symbolic size;
* :class:`dlnsym.symbolic.explicit.EM`: exact explicit-entry polynomial matrices;
* mpmath matrices and NumPy arrays;
* FLINT/Arb ball matrices (``flint.arb_mat``, ``flint.acb_mat``) through :class:`dlnsym.backends.arb.FMat`, and
  light mpmath matrices :class:`dlnsym.backends.lmat.LMat` (both registered from :mod:`dlnsym.backends`);
* :class:`Dual`: first-order jets ``A + tau A'`` over any of the above, used to
  differentiate along a curve.

>>> import numpy as np
>>> A = np.array([[1, 2j], [0, 1]])
>>> bool((adj(A) == A.conj().T).all())
True
"""

from __future__ import annotations

from functools import singledispatch

import mpmath
import numpy as np
import sympy

from .symbolic.explicit import EM
from .symbolic.freealg import NC

__all__ = ["adj", "zeros_like", "eye_like", "inv", "trace", "re_trace", "re_trace_product", "Dual", "size_of"]


# --------------------------------------------------------------------------- adj
@singledispatch
def adj(A):
    """The adjoint ``A^*`` (1.14): conjugate transpose."""
    raise TypeError(f"dlnsym does not know how to take the adjoint of a {type(A).__name__}")


@adj.register
def _(A: np.ndarray):
    return A.conj().T


@adj.register
def _(A: mpmath.matrix):
    return A.H


@adj.register
def _(A: sympy.MatrixBase):
    return A.H


@adj.register
def _(A: sympy.MatrixExpr):
    return sympy.adjoint(A)


@adj.register
def _(A: NC):
    return A.H


@adj.register
def _(A: EM):
    return A.H


# --------------------------------------------------------------------------- zeros / eye
@singledispatch
def zeros_like(A):
    raise TypeError(f"no zero matrix for a {type(A).__name__}")


@zeros_like.register
def _(A: np.ndarray):
    return np.zeros_like(A)


@zeros_like.register
def _(A: mpmath.matrix):
    return mpmath.zeros(A.rows, A.cols)


@zeros_like.register
def _(A: sympy.MatrixBase):
    return sympy.zeros(*A.shape)


@zeros_like.register
def _(A: sympy.MatrixExpr):
    return sympy.ZeroMatrix(*A.shape)


@zeros_like.register
def _(A: NC):
    return NC.zero()


@zeros_like.register
def _(A: EM):
    return EM.zeros(A.n, A.ring)


@singledispatch
def eye_like(A):
    raise TypeError(f"no identity matrix for a {type(A).__name__}")


@eye_like.register
def _(A: np.ndarray):
    return np.eye(A.shape[0], dtype=A.dtype)


@eye_like.register
def _(A: mpmath.matrix):
    return mpmath.eye(A.rows)


@eye_like.register
def _(A: sympy.MatrixBase):
    return sympy.eye(A.shape[0])


@eye_like.register
def _(A: sympy.MatrixExpr):
    return sympy.Identity(A.shape[0])


@eye_like.register
def _(A: NC):
    return NC.one()


@eye_like.register
def _(A: EM):
    return EM.eye(A.n, A.ring)


# --------------------------------------------------------------------------- inverse
@singledispatch
def inv(A):
    raise TypeError(f"dlnsym cannot invert a {type(A).__name__} exactly")


@inv.register
def _(A: np.ndarray):
    return np.linalg.inv(A)


@inv.register
def _(A: mpmath.matrix):
    return mpmath.inverse(A)


@inv.register
def _(A: sympy.MatrixBase):
    return A.inv()


@inv.register
def _(A: sympy.MatrixExpr):
    return A.inverse()


@inv.register
def _(A: NC):
    return A.inverse()


@inv.register
def _(A: EM):
    return A.inverse()


# --------------------------------------------------------------------------- trace
@singledispatch
def trace(A):
    raise TypeError(f"no trace for a {type(A).__name__}")


@trace.register
def _(A: np.ndarray):
    return np.trace(A)


@trace.register
def _(A: mpmath.matrix):
    return mpmath.fsum(A[i, i] for i in range(A.rows))


@trace.register
def _(A: sympy.MatrixBase):
    return A.trace()


@trace.register
def _(A: sympy.MatrixExpr):
    return sympy.Trace(A)


@trace.register
def _(A: EM):
    return A.trace()


def size_of(A) -> int | object:
    """The width ``d`` of a square matrix (symbolic for matrix expressions)."""
    if isinstance(A, np.ndarray):
        return A.shape[0]
    if isinstance(A, mpmath.matrix):
        return A.rows
    if isinstance(A, (sympy.MatrixBase, sympy.MatrixExpr)):
        return A.shape[0]
    if isinstance(A, EM):
        return A.n
    if isinstance(A, Dual):
        return size_of(A.val)
    rows = getattr(A, "rows", None)
    if isinstance(rows, int):
        return rows
    return "d"


# --------------------------------------------------------------------------- dual numbers
class Dual:
    r"""A first-order jet ``A + tau A'`` of matrices of one backend.

    Evaluating a polynomial formula ``f`` on ``Dual(W, V)`` gives
    ``Dual(f(W), d/dtau f(W + tau V)|_{tau=0})``: the first-order variation of ``f``
    along any curve through ``W`` with velocity ``V``, by the product rule only.

    >>> import numpy as np
    >>> A = Dual(np.eye(2), np.array([[0., 1.], [0., 0.]]))
    >>> B = A @ A
    >>> B.der.tolist()
    [[0.0, 2.0], [0.0, 0.0]]
    """

    __slots__ = ("val", "der")
    __array_priority__ = 2000

    def __init__(self, val, der):
        self.val, self.der = val, der

    def __add__(self, o):
        if isinstance(o, Dual):
            return Dual(self.val + o.val, self.der + o.der)
        return Dual(self.val + o, self.der)

    __radd__ = __add__

    def __sub__(self, o):
        if isinstance(o, Dual):
            return Dual(self.val - o.val, self.der - o.der)
        return Dual(self.val - o, self.der)

    def __rsub__(self, o):
        return Dual(o - self.val, -self.der)

    def __neg__(self):
        return Dual(-self.val, -self.der)

    def __matmul__(self, o):
        if isinstance(o, Dual):
            return Dual(self.val @ o.val, self.der @ o.val + self.val @ o.der)
        return Dual(self.val @ o, self.der @ o)

    def __rmatmul__(self, o):
        return Dual(o @ self.val, o @ self.der)

    def __mul__(self, c):
        if isinstance(c, Dual):
            return self @ c
        return Dual(self.val * c, self.der * c)

    def __rmul__(self, c):
        return Dual(c * self.val, c * self.der)


@adj.register
def _(A: Dual):
    return Dual(adj(A.val), adj(A.der))


@zeros_like.register
def _(A: Dual):
    return Dual(zeros_like(A.val), zeros_like(A.der))


@eye_like.register
def _(A: Dual):
    return Dual(eye_like(A.val), zeros_like(A.der))


@inv.register
def _(A: Dual):
    # (A + tau A')(B + tau B') = I + O(tau^2)  <=>  B = A^{-1},  B' = -A^{-1} A' A^{-1}
    B = inv(A.val)
    return Dual(B, -(B @ A.der @ B))


@trace.register
def _(A: Dual):
    return (trace(A.val), trace(A.der))


# --------------------------------------------------------------------------- Re Tr
@singledispatch
def re_trace(A):
    """``Re Tr A``: the real part of the trace, in the backend's own scalar type.

    For :class:`~dlnsym.symbolic.freealg.NC` it is the canonical Re Tr normal form
    (:func:`~dlnsym.symbolic.freealg.retr`); for a :class:`Dual` it is the jet of scalars.
    """
    raise TypeError(f"no trace for a {type(A).__name__}")


@re_trace.register
def _(A: np.ndarray):
    return float(np.real(np.trace(A)))


@re_trace.register
def _(A: mpmath.matrix):
    return mpmath.re(mpmath.fsum(A[i, i] for i in range(A.rows)))


@re_trace.register
def _(A: sympy.MatrixBase):
    return sympy.re(A.trace())


@re_trace.register
def _(A: NC):
    from .symbolic.freealg import retr

    return retr(A)


@re_trace.register
def _(A: EM):
    from .symbolic.explicit import P

    return P(A.trace().re, {})


@re_trace.register
def _(A: Dual):
    return Dual(re_trace(A.val), re_trace(A.der))


# --------------------------------------------------------------------------- Re Tr of a product
@singledispatch
def re_trace_product(A, B):
    """``Re Tr(A B)``, without forming the whole product where the backend allows it."""
    return re_trace(A @ B)


@re_trace_product.register
def _(A: EM, B: EM):
    from .symbolic.explicit import P, _pmul_into

    re: dict = {}
    n = A.n
    for i in range(n):
        for k in range(n):
            a, b = A.rows[i][k], B.rows[k][i]
            if a.re and b.re:
                _pmul_into(re, a.re, b.re)
            if a.im and b.im:
                _pmul_into(re, a.im, b.im, -1)
    return P(re, {})


@re_trace_product.register
def _(A: Dual, B):
    if isinstance(B, Dual):
        return Dual(re_trace_product(A.val, B.val),
                    re_trace_product(A.der, B.val) + re_trace_product(A.val, B.der))
    return Dual(re_trace_product(A.val, B), re_trace_product(A.der, B))


# --------------------------------------------------------------------------- further backends register themselves
from .backends import arb as _arb  # noqa: E402,F401  (FLINT ball matrices)
from .backends import lmat as _lmat  # noqa: E402,F401  (light mpmath matrices)
