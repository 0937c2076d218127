r"""The FLINT/Arb backend of the matrix protocol: ball matrices ``flint.arb_mat`` (R) and ``flint.acb_mat`` (C).

FLINT's matrices multiply with ``*``; the protocol of :mod:`dlnsym.matrix` multiplies with ``@``. :class:`FMat`
is the thin wrapper that makes a FLINT matrix a protocol matrix (``@``, ``+``, ``-``, scalar ``*``, ``adj``,
``zeros_like``, ``eye_like``, ``inv``, ``trace``, ``re_trace``, ``M[i, j]``, ``rows``/``cols``), so every formula
of :mod:`dlnsym.formulas` runs on it unchanged, :class:`~dlnsym.matrix.Dual` jets included.

Every entry is a *ball* (midpoint and radius): each operation returns a ball that contains the exact result of
the operation applied to any points of the input balls. An input converted from mpmath (:func:`to_fmat`) is an
exact ball (radius 0: an mpmath number is a dyadic rational, converted bit for bit). So a residual evaluated on
:class:`FMat` contains the exact residual of the mpmath inputs, and :func:`upper` of its entries is a rigorous
upper bound: the ``bound`` of an :class:`~dlnsym.claims.evidence.Evidence` record.

Precision: FLINT works at its global ``flint.ctx.prec``; library code never assigns it, it runs inside
:func:`dlnsym.numeric.common.working`, which sets mpmath's and FLINT's precision together and restores both.

>>> import mpmath
>>> from dlnsym.formulas import moments
>>> from dlnsym.numeric.common import working
>>> with working(30):
...     W = [to_fmat(mpmath.matrix([[1, 2], [0, 1]])), to_fmat(mpmath.matrix([[1, 0], [1, 1]]))]
...     G = moments(W)                           # (1.11) on ball matrices
...     bool(upper(G[0] - to_fmat(mpmath.matrix([[3, 1], [1, 0]]))) == 0)
True
"""

from __future__ import annotations

from fractions import Fraction

import flint
import mpmath
import numpy as np

from ..matrix import adj, eye_like, inv, re_trace, trace, zeros_like

__all__ = ["FMat", "to_fmat", "from_fmat", "to_flint", "from_flint", "is_flint", "mp_to_arb", "arb_to_mp",
           "to_scalar", "upper", "maxabs_mid", "flint_state", "mp_state", "mid"]

_ARB, _ACB = flint.arb, flint.acb
_ARB_MAT, _ACB_MAT = flint.arb_mat, flint.acb_mat


# --------------------------------------------------------------------------- scalars
def mp_to_arb(x) -> "flint.arb":
    """An mpmath ``mpf`` as an exact arb (radius 0): the dyadic number ``man * 2^exp`` bit for bit."""
    s, man, exp, _ = x._mpf_
    if not man:
        if x == 0:
            return _ARB(0)
        raise ValueError(f"cannot convert {x} to a ball: it is not a finite number")
    return _ARB(flint.arf((-man if s else man, exp)))


def arb_to_mp(x):
    """The midpoint of an arb as an mpmath ``mpf`` (exact: the midpoint is dyadic)."""
    man, exp = x.mid().man_exp()
    return mpmath.mpf((int(man), int(exp)))


def to_scalar(x):
    """A scalar as an exact FLINT number: ``int``, ``Fraction`` (rounded at the current precision), ``float``,
    ``str`` (read at the current precision), mpmath ``mpf``/``mpc``, arb/acb unchanged."""
    if isinstance(x, (_ARB, _ACB, int)) and not isinstance(x, bool):
        return x
    if isinstance(x, mpmath.mpf):
        return mp_to_arb(x)
    if isinstance(x, mpmath.mpc):
        return _ACB(mp_to_arb(x.real), mp_to_arb(x.imag))
    if isinstance(x, Fraction):
        return _ARB(flint.fmpq(x.numerator, x.denominator))
    if isinstance(x, float):
        return _ARB(x)
    if isinstance(x, complex):
        return _ACB(x.real, x.imag)
    if isinstance(x, (str, np.number)):
        return to_scalar(mpmath.mpmathify(x))
    raise TypeError(f"cannot use a {type(x).__name__} as a scalar of a FLINT matrix")


def _entry_to_mp(x):
    if isinstance(x, _ACB):
        re, im = arb_to_mp(x.real), arb_to_mp(x.imag)
        return mpmath.mpc(re, im) if im != 0 else re
    return arb_to_mp(x)


# --------------------------------------------------------------------------- matrices
def is_flint(M) -> bool:
    """True for a raw FLINT matrix (``arb_mat`` or ``acb_mat``)."""
    return isinstance(M, (_ARB_MAT, _ACB_MAT))


def to_flint(M, *, complex_: bool | None = None):
    """An exact FLINT matrix from an mpmath matrix, a :class:`FMat`, a FLINT matrix, nested lists or NumPy.

    ``acb_mat`` if an entry is complex (or ``complex_=True``), ``arb_mat`` otherwise. mpmath entries convert
    exactly (radius 0)."""
    if isinstance(M, FMat):
        M = M.m
    if is_flint(M):
        if complex_ and isinstance(M, _ARB_MAT):
            return _ACB_MAT(M)
        return M
    if not isinstance(M, mpmath.matrix):
        from ..numeric.common import as_mp

        M = as_mp(M)
    ents = [M[i, j] for i in range(M.rows) for j in range(M.cols)]
    cplx = complex_ if complex_ is not None else any(isinstance(x, mpmath.mpc) and x.imag != 0 for x in ents)
    if cplx:
        vals = [_ACB(mp_to_arb(mpmath.re(x)), mp_to_arb(mpmath.im(x))) for x in ents]
        return _ACB_MAT(M.rows, M.cols, vals)
    vals = [mp_to_arb(mpmath.re(x) if isinstance(x, mpmath.mpc) else mpmath.mpf(x)) for x in ents]
    return _ARB_MAT(M.rows, M.cols, vals)


def from_flint(M) -> mpmath.matrix:
    """The midpoints of a FLINT matrix (or :class:`FMat`) as an mpmath matrix (exact: midpoints are dyadic).

    Call it inside :func:`~dlnsym.numeric.common.working` so that the mpmath numbers keep their bits."""
    if isinstance(M, FMat):
        M = M.m
    r, c = M.nrows(), M.ncols()
    e = M.entries()
    out = mpmath.matrix(r, c)
    for i in range(r):
        for j in range(c):
            out[i, j] = _entry_to_mp(e[i * c + j])
    return out


def to_fmat(M, *, complex_: bool | None = None) -> "FMat":
    """:class:`FMat` of :func:`to_flint`."""
    return FMat(to_flint(M, complex_=complex_))


def from_fmat(M) -> mpmath.matrix:
    """:func:`from_flint` (kept as the name that mirrors :func:`to_fmat`)."""
    return from_flint(M)


def flint_state(W, *, complex_: bool | None = None) -> list:
    """A state (sequence of matrices) as :class:`FMat`; one field for all layers (complex if any layer is)."""
    Fs = [to_flint(M) for M in W]
    if complex_ is None:
        complex_ = any(isinstance(F, _ACB_MAT) for F in Fs)
    return [FMat(_ACB_MAT(F) if complex_ and isinstance(F, _ARB_MAT) else F) for F in Fs]


def mp_state(W) -> list:
    """The midpoints of a state of :class:`FMat` as mpmath matrices."""
    return [from_flint(M) for M in W]


def mid(M):
    """The midpoints (radius 0) of an :class:`FMat` or FLINT matrix, same type."""
    if isinstance(M, FMat):
        return FMat(M.m.mid())
    return M.mid()


def _abs_upper(x):
    if isinstance(x, _ACB):
        return abs(x).upper()
    return abs(x).upper()


def upper(M) -> mpmath.mpf:
    r"""A rigorous upper bound of ``max_ij |M_ij|`` over the balls of ``M`` (an :class:`FMat`, FLINT matrix, ball
    scalar, or a sequence of them), as an mpmath number (rounded up)."""
    if isinstance(M, (list, tuple)):
        return max((upper(x) for x in M), default=mpmath.mpf(0))
    if isinstance(M, FMat):
        M = M.m
    if isinstance(M, (_ARB, _ACB)):
        vals = [M]
    else:
        vals = M.entries()
    best = mpmath.mpf(0)
    for x in vals:
        u = _abs_upper(x)
        man, exp = u.man_exp()
        v = mpmath.mpf((int(man), int(exp)))
        if v > best:
            best = v
    return best


def maxabs_mid(M) -> float:
    """``max_ij |mid(M_ij)|`` as a float (for step-size heuristics, not for bounds)."""
    if isinstance(M, FMat):
        M = M.m
    return max((float(abs(x.mid())) for x in M.entries()), default=0.0)


def _wrap(o):
    """An operand as a raw FLINT matrix, or None if it is not a matrix."""
    if isinstance(o, FMat):
        return o.m
    if is_flint(o):
        return o
    if isinstance(o, mpmath.matrix):
        return to_flint(o)
    try:
        from .lmat import LMat
    except ImportError:  # pragma: no cover
        LMat = ()
    if isinstance(o, LMat):
        return to_flint(o.to_mp())
    return None


class FMat:
    """A FLINT ball matrix (``arb_mat`` or ``acb_mat``) with the operators of the matrix protocol.

    >>> import mpmath
    >>> A = to_fmat(mpmath.matrix([[1, 2], [3, 4]]))
    >>> from_flint((A @ adj(A)).m) == mpmath.matrix([[5, 11], [11, 25]])
    True
    """

    __slots__ = ("m",)
    __array_priority__ = 3000

    def __init__(self, m):
        if isinstance(m, FMat):
            m = m.m
        if not is_flint(m):
            m = to_flint(m)
        self.m = m

    # ----- shape and entries
    @property
    def rows(self) -> int:
        return self.m.nrows()

    @property
    def cols(self) -> int:
        return self.m.ncols()

    @property
    def is_complex(self) -> bool:
        return isinstance(self.m, _ACB_MAT)

    def __getitem__(self, ij):
        return self.m[ij[0], ij[1]]

    def __setitem__(self, ij, v):
        self.m[ij[0], ij[1]] = to_scalar(v)

    def entries(self) -> list:
        return self.m.entries()

    def __iter__(self):
        return iter(self.m.entries())

    def copy(self) -> "FMat":
        return FMat(type(self.m)(self.m))

    def to_mp(self) -> mpmath.matrix:
        return from_flint(self.m)

    def __repr__(self):
        return f"FMat({self.m!r})"

    # ----- protocol
    def __matmul__(self, o):
        m = _wrap(o)
        return NotImplemented if m is None else FMat(self.m * m)

    def __rmatmul__(self, o):
        m = _wrap(o)
        return NotImplemented if m is None else FMat(m * self.m)

    def __add__(self, o):
        m = _wrap(o)
        return NotImplemented if m is None else FMat(self.m + m)

    __radd__ = __add__

    def __sub__(self, o):
        m = _wrap(o)
        return NotImplemented if m is None else FMat(self.m - m)

    def __rsub__(self, o):
        m = _wrap(o)
        return NotImplemented if m is None else FMat(m - self.m)

    def __neg__(self):
        return FMat(-self.m)

    def __pos__(self):
        return self

    def __mul__(self, c):
        if isinstance(c, FMat) or is_flint(c) or isinstance(c, mpmath.matrix):
            return self @ c
        return FMat(self.m * to_scalar(c))

    def __rmul__(self, c):
        return FMat(self.m * to_scalar(c))

    def __truediv__(self, c):
        return FMat(self.m / to_scalar(c))

    @property
    def H(self) -> "FMat":
        m = self.m.transpose()
        return FMat(m.conjugate() if isinstance(m, _ACB_MAT) else m)

    @property
    def T(self) -> "FMat":
        return FMat(self.m.transpose())


@adj.register
def _(A: FMat):
    return A.H


@zeros_like.register
def _(A: FMat):
    return FMat(type(A.m)(A.rows, A.cols))


@eye_like.register
def _(A: FMat):
    n = A.rows
    return FMat(type(A.m)(n, n, [1 if i == j else 0 for i in range(n) for j in range(n)]))


@inv.register
def _(A: FMat):
    return FMat(A.m.inv())


@trace.register
def _(A: FMat):
    return A.m.trace()


@re_trace.register
def _(A: FMat):
    t = A.m.trace()
    return t.real if isinstance(t, _ACB) else t
