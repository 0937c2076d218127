r"""SymPy matrix symbols of symbolic size ``d``, and the bridge to the normal form.

States are built from ``sympy.MatrixSymbol`` objects of size ``d x d`` with ``d`` a
positive integer symbol; the formulas of :mod:`dlnsym.formulas` run on them and give
SymPy matrix expressions (``MatAdd``, ``MatMul``, ``Adjoint``, ``Inverse``, ...). SymPy's
adjoint already reverses products. :func:`to_nc` turns such an expression into a
:class:`~dlnsym.symbolic.freealg.NC` polynomial, where products are words, so that
identities are decided exactly, for every ``d``.

>>> from dlnsym.formulas import moments
>>> W = symbol_state(3)
>>> G = moments(W)
>>> G[0] == W[0] * W[0].adjoint() - W[1].adjoint() * W[1]
True
>>> to_nc(G[0]).H == to_nc(G[0])
True
"""

from __future__ import annotations

import re

import sympy
from sympy.matrices.expressions import (
    Adjoint,
    Identity,
    Inverse,
    MatAdd,
    MatMul,
    MatPow,
    MatrixSymbol,
    Transpose,
    ZeroMatrix,
)

from .freealg import NC, Letter, to_gq

__all__ = ["d", "symbol_state", "symbol_algebra", "to_nc", "to_sympy"]

#: The symbolic width.
d = sympy.Symbol("d", integer=True, positive=True)

_NAME = re.compile(r"^([A-Za-z\\]+)(?:_\{?(\d+)\}?)?$")


def symbol_state(N: int, family: str = "W", size=d) -> list:
    """``(W_1, ..., W_N)`` as ``MatrixSymbol`` objects of size ``size x size``."""
    return [MatrixSymbol(f"{family}_{k}", size, size) for k in range(1, N + 1)]


def symbol_algebra(N: int, family: str = "a", size=d) -> list:
    """``(a_1, ..., a_{N-1})``: elements of ``gl(d)^{N-1}`` as matrix symbols."""
    return [MatrixSymbol(f"{family}_{k}", size, size) for k in range(1, N)]


def _parse(name: str) -> tuple[str, int]:
    m = _NAME.match(name)
    if not m:
        raise ValueError(f"cannot read a family and an index from the matrix symbol {name!r}")
    return m.group(1), int(m.group(2)) if m.group(2) else -1


def to_nc(expr, kinds: dict[str, str] | None = None, real: bool = False) -> NC:
    """Convert a SymPy matrix expression to the noncommutative normal form.

    ``kinds`` maps a family name to a letter kind (``"u"`` unitary, ``"h"`` Hermitian,
    ``"s"`` skew); other families are general. ``Transpose`` is read as the adjoint only
    when ``real=True`` (over R)."""
    kinds = kinds or {}

    def rec(e) -> NC:
        if isinstance(e, MatrixSymbol):
            fam, idx = _parse(e.name)
            return NC({(Letter(fam, idx, False, False, kinds.get(fam, "g")),): to_gq(1)})
        if isinstance(e, ZeroMatrix):
            return NC.zero()
        if isinstance(e, Identity):
            return NC.one()
        if isinstance(e, Adjoint):
            return rec(e.arg).H
        if isinstance(e, Transpose):
            if not real:
                raise ValueError("a transpose is the adjoint only over R; pass real=True")
            return rec(e.arg).H
        if isinstance(e, Inverse):
            return rec(e.arg).inverse()
        if isinstance(e, MatPow):
            base, ex = e.args
            return rec(base) ** int(ex)
        if isinstance(e, MatMul):
            acc = NC.one()
            for f in e.args:
                acc = acc @ rec(f) if isinstance(f, sympy.MatrixExpr) else acc.scale(f)
            return acc
        if isinstance(e, MatAdd):
            acc = NC.zero()
            for f in e.args:
                acc = acc + rec(f)
            return acc
        raise TypeError(f"cannot convert {type(e).__name__} to the noncommutative normal form")

    return rec(expr)


def to_sympy(p: NC, size=d):
    """The SymPy matrix expression of an :class:`NC` polynomial, for display."""
    terms = []
    for w, c in p.terms.items():
        factors = []
        for a in w:
            name = a.family + (f"_{a.index}" if a.index >= 0 else "")
            M = MatrixSymbol(name, size, size)
            if a.star:
                M = Adjoint(M)
            if a.inv:
                M = Inverse(M)
            factors.append(M)
        coeff = sympy.Rational(c.re) + sympy.I * sympy.Rational(c.im)
        terms.append(coeff * (MatMul(*factors) if factors else Identity(size)))
    return MatAdd(*terms) if terms else ZeroMatrix(size, size)
