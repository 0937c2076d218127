r"""A torus acting by weights: closed orbits, derived without Theorem 13, and the Kempf-Ness function.

The action. ``T = (C^*)^k`` acts on ``C^n`` by integer weights ``chi_1, ..., chi_n`` in ``Z^k``:
``t.x = (t^{chi_1} x_1, ..., t^{chi_n} x_n)``, ``t^chi = prod_j t_j^{chi_j}``. It is linear and algebraic, ``T`` is
reductive with maximal compact ``K = (S^1)^k``, and the standard norm ``|x|^2`` is ``K``-invariant. Write
``S = supp x = {i : x_i != 0}`` (an orbit invariant) and ``c_i = |x_i|^2``. On ``t = e^{a + i theta}``,
``a in R^k``, the Kempf-Ness function is

.. math:: \psi_x(t) = \sum_{i \in S} c_i\, e^{2\langle \chi_i, a\rangle},

independent of ``theta`` (``K``-invariance). Its moment map at ``e^a.x`` is ``mu = sum_i c_i e^{2<chi_i,a>} chi_i``
(``d psi / da = 2 mu``).

The criterion (derived here). Stiemke's alternative for the finite set ``chi_S``: either (I) there are rationals
``m_i > 0`` with ``sum_S m_i chi_i = 0``, i.e. ``0`` lies in the relative interior of ``conv(chi_S)``; or (II) there
is a ``lambda`` in ``Q^k`` with ``<chi_i, lambda> >= 0`` for all ``i`` in ``S`` and ``> 0`` for at least one.
Both are decided by exact rational linear programs (:func:`certificate`, :mod:`dlnsym.git.lp`), which return
the certificate.

* (II) ``=>`` the orbit is not closed: along ``t = s^lambda``, ``s -> 0+``, the coordinates with
  ``<chi_i, lambda> > 0`` tend to ``0`` and the others stay: the limit has a smaller support, so it is in the
  closure and not in the orbit. And ``psi`` has no critical point: its derivative along ``-lambda`` is
  ``-2 sum_S <chi_i, lambda> c_i e^{2<chi_i,a>} < 0`` at every ``a``.
* (I) ``=>`` the orbit is closed: with ``M = m * (common denominator)`` (positive integers),
  ``x^M = prod_S x_i^{M_i}`` is a polynomial invariant, nonzero at ``x``, so no point of the closure has a zero
  coordinate in ``S``; inside ``(C^*)^S x {0}`` the orbit is a coset of the closed subgroup ``chi(T)`` of the torus
  ``(C^*)^S`` (the image of a morphism of algebraic groups is closed), hence closed. And ``psi`` is coercive on the
  span of ``chi_S`` (for ``a`` in it, ``a != 0``, some ``<chi_i, a>`` is ``> 0`` because
  ``sum m_i <chi_i, a> = 0`` with ``m > 0`` and not all ``<chi_i, a>`` vanish), and constant along its orthogonal
  complement: it attains its minimum, a critical point with ``mu = 0``.

So: orbit closed ``<=>`` ``0`` in the relative interior of ``conv(chi_S)`` (``x = 0``: the orbit is a point).
Theorem 13's other conditions are computed separately, by Newton's method on ``psi`` (:func:`newton_psi`).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import lcm
from typing import Sequence

import mpmath
import sympy

from ..numeric.common import check_dps, round_out, working
from .lp import lp_max

__all__ = ["TorusInstance", "certificate", "in_hull", "closed_by_certificate", "psi", "moment_map", "newton_psi",
           "INSTANCES"]


@dataclass(frozen=True)
class TorusInstance:
    """``(C^*)^k`` acting on ``C^n`` by ``weights`` (``n`` tuples of length ``k``) and a point ``x`` (Gaussian
    rationals as strings or numbers, e.g. ``"1+2j"``)."""

    name: str
    weights: tuple
    x: tuple

    @property
    def k(self) -> int:
        return len(self.weights[0])

    @property
    def support(self) -> list[int]:
        return [i for i, v in enumerate(self.x) if complex(v) != 0]

    def c(self) -> list[Fraction]:
        """``|x_i|^2`` on the support, exactly (the coordinates are Gaussian rationals)."""
        out = []
        for i in self.support:
            z = sympy.nsimplify(complex(self.x[i]).real) + sympy.I * sympy.nsimplify(complex(self.x[i]).imag)
            out.append(Fraction(str(sympy.nsimplify(sympy.expand(z * sympy.conjugate(z))))))
        return out


def _pair(chi, lam):
    return sum(Fraction(c) * Fraction(l) for c, l in zip(chi, lam))


def certificate(weights: Sequence[Sequence[int]]) -> tuple[str, list[Fraction]]:
    """Stiemke's alternative for ``chi_S = weights``, by exact linear programming (:func:`~dlnsym.git.lp.lp_max`).

    Returns ``("interior", m)`` with ``m_i > 0`` and ``sum m_i chi_i = 0``, or ``("exterior", lambda)`` with
    ``<chi_i, lambda> >= 0`` for all ``i`` and ``> 0`` for one; both verified exactly before they are returned.

    >>> certificate([(1,), (-1,)])[0], certificate([(1,), (1,)])[0]
    ('interior', 'exterior')
    """
    n, k = len(weights), len(weights[0])
    # interior: m >= 0, sum m = 1, sum m_i chi_i = 0, m_i - t - s_i = 0; maximise t.  columns: m (n), t, s (n)
    A, b = [], []
    A.append([1] * n + [0] + [0] * n)
    b.append(1)
    for j in range(k):
        A.append([weights[i][j] for i in range(n)] + [0] + [0] * n)
        b.append(0)
    for i in range(n):
        A.append([int(l == i) for l in range(n)] + [-1] + [-int(l == i) for l in range(n)])
        b.append(0)
    sol = lp_max([0] * n + [1] + [0] * n, A, b)
    if sol is not None and sol[0] > 0:
        mm = sol[1][:n]
        assert all(x > 0 for x in mm) and all(sum(mm[i] * weights[i][j] for i in range(n)) == 0 for j in range(k))
        return "interior", mm
    # exterior: <chi_i, l+ - l-> - u_i = 0, u_i + v_i = 1; maximise sum u.  columns: l+ (k), l- (k), u (n), v (n)
    A, b = [], []
    for i in range(n):
        A.append(list(weights[i]) + [-w for w in weights[i]] + [-int(l == i) for l in range(n)] + [0] * n)
        b.append(0)
    for i in range(n):
        A.append([0] * (2 * k) + [int(l == i) for l in range(n)] + [int(l == i) for l in range(n)])
        b.append(1)
    best, x = lp_max([0] * (2 * k) + [1] * n + [0] * n, A, b)
    ll = [x[j] - x[k + j] for j in range(k)]
    vals = [_pair(w, ll) for w in weights]
    assert best > 0 and all(v >= 0 for v in vals) and any(v > 0 for v in vals), "Stiemke's alternative failed"
    return "exterior", ll


def in_hull(weights: Sequence[Sequence[int]]) -> bool:
    """Whether ``0`` lies in ``conv(chi_S)`` (not necessarily in its relative interior): an exact LP.

    >>> in_hull([(1, 0), (-1, 0), (0, 1)]), in_hull([(1,), (1,)])
    (True, False)
    """
    n, k = len(weights), len(weights[0])
    A = [[1] * n] + [[weights[i][j] for i in range(n)] for j in range(k)]
    return lp_max([0] * n, A, [1] + [0] * k) is not None


def closed_by_certificate(inst: TorusInstance) -> dict:
    """The derivation of the module docstring on ``inst``: ``closed`` (bool), ``kind`` (``"interior"`` or
    ``"exterior"``), the certificate, and the witness: for (II) the limit point of ``s^lambda.x`` as ``s -> 0+``
    (exact) and its support; for (I) the invariant monomial's exponents ``M``."""
    S = inst.support
    if not S:
        return {"closed": True, "kind": "zero", "reason": "x = 0: the orbit is the point {0}"}
    W = [inst.weights[i] for i in S]
    kind, cert = certificate(W)
    if kind == "exterior":
        pair = [_pair(inst.weights[i], cert) for i in S]
        limit = [inst.x[i] if i in S and _pair(inst.weights[i], cert) == 0 else 0 for i in range(len(inst.x))]
        lim_support = [i for i in S if _pair(inst.weights[i], cert) == 0]
        assert len(lim_support) < len(S)
        return {"closed": False, "kind": kind, "lambda": cert, "pairings": pair, "limit": limit,
                "reason": f"s^lambda.x -> {limit} as s -> 0+ (lambda = {[str(x) for x in cert]}): support "
                          f"{lim_support} smaller than {S}, so the limit is not in the orbit"}
    den = lcm(*[x.denominator for x in cert])
    M = [int(x * den) for x in cert]
    return {"closed": True, "kind": kind, "m": cert, "M": M,
            "reason": f"positive relation sum M_i chi_i = 0, M = {M}: x^M is an invariant, nonzero at x"}


def psi(inst: TorusInstance, a: Sequence) -> mpmath.mpf:
    r"""``psi_x(e^a) = sum_S c_i e^{2<chi_i, a>}`` at the caller's precision."""
    c = inst.c()
    return mpmath.fsum(mpmath.mpf(ci.numerator) / ci.denominator *
                       mpmath.exp(2 * mpmath.fsum(w * aj for w, aj in zip(inst.weights[i], a)))
                       for ci, i in zip(c, inst.support))


def moment_map(inst: TorusInstance, a: Sequence) -> list:
    r"""``mu(e^a.x) = sum_S c_i e^{2<chi_i,a>} chi_i`` (``d psi/da = 2 mu``), at the caller's precision."""
    c = inst.c()
    out = [mpmath.mpf(0)] * inst.k
    for ci, i in zip(c, inst.support):
        e = mpmath.mpf(ci.numerator) / ci.denominator * mpmath.exp(
            2 * mpmath.fsum(w * aj for w, aj in zip(inst.weights[i], a)))
        out = [o + e * w for o, w in zip(out, inst.weights[i])]
    return out


def newton_psi(inst: TorusInstance, *, dps: int = 50, max_iter: int = 30) -> dict:
    r"""Damped Newton's method for ``min psi_x`` over ``a in R^k`` (``psi`` is convex: its Hessian
    ``4 sum c_i e^{2<chi_i,a>} chi_i chi_i^T`` is positive semidefinite), with a Levenberg shift where the Hessian
    is singular. Returns ``converged`` (``|mu| / psi < 10^-(dps+2)``), ``a``, ``psi``, ``mu_rel`` (``|mu|/psi``),
    ``iterations`` and ``a_norms`` (the growth of ``|a|`` when it runs away), rounded to ``dps``."""
    check_dps(dps)
    S = inst.support
    with working(dps):
        k = inst.k
        a = [mpmath.mpf(0)] * k
        target = mpmath.mpf(10) ** (-(dps + 2))
        norms = []
        c = inst.c()
        cs = [mpmath.mpf(x.numerator) / x.denominator for x in c]
        for it in range(max_iter):
            e = [ci * mpmath.exp(2 * mpmath.fsum(w * aj for w, aj in zip(inst.weights[i], a))) for ci, i in zip(cs, S)]
            f = mpmath.fsum(e)
            g = [2 * mpmath.fsum(ei * inst.weights[i][j] for ei, i in zip(e, S)) for j in range(k)]
            rel = mpmath.sqrt(mpmath.fsum(x * x for x in g)) / (2 * f)
            norms.append(mpmath.sqrt(mpmath.fsum(x * x for x in a)))
            if rel < target:
                return {"converged": True, "a": round_out(a, dps), "psi": round_out(f, dps),
                        "mu_rel": round_out(rel, dps), "iterations": it, "a_norms": round_out(norms, dps)}
            H = mpmath.matrix(k, k)
            for ei, i in zip(e, S):
                for j in range(k):
                    for l in range(k):
                        H[j, l] += 4 * ei * inst.weights[i][j] * inst.weights[i][l]
            shift = max(abs(H[j, j]) for j in range(k)) * mpmath.mpf(10) ** (-(dps // 2))
            step = mpmath.lu_solve(H + shift * mpmath.eye(k), mpmath.matrix(g))
            s = mpmath.mpf(1)
            while True:
                an = [aj - s * dj for aj, dj in zip(a, step)]
                fn = psi(inst, an)
                if fn <= f - s * mpmath.fsum(gj * dj for gj, dj in zip(g, step)) / 4 or s < mpmath.mpf(10) ** -12:
                    break
                s /= 2
            a = an
        return {"converged": False, "a": round_out(a, dps), "psi": round_out(f, dps), "mu_rel": round_out(rel, dps),
                "iterations": max_iter, "a_norms": round_out(norms, dps)}


#: Weight configurations: closed and non-closed orbits, including 0 on the boundary of the hull (not interior)
INSTANCES = [
    TorusInstance("C^* on C^2, weights (1, -1), x = (1, 1)", ((1,), (-1,)), ("1", "1")),
    TorusInstance("C^* on C^2, weights (1, -1), x = (1, 0)", ((1,), (-1,)), ("1", "0")),
    TorusInstance("C^* on C^2, weights (1, 1), x = (1, 2j)", ((1,), (1,)), ("1", "2j")),
    TorusInstance("C^* on C^3, weights (2, -1, 0), x = (1, 1+1j, 3)", ((2,), (-1,), (0,)), ("1", "1+1j", "3")),
    TorusInstance("(C^*)^2 on C^3, weights e1, e2, -e1-e2, x = (1, 2, 1j)", ((1, 0), (0, 1), (-1, -1)),
                  ("1", "2", "1j")),
    TorusInstance("(C^*)^2 on C^3, weights e1, e2, -e1-e2, x = (1, 2, 0)", ((1, 0), (0, 1), (-1, -1)), ("1", "2", "0")),
    TorusInstance("(C^*)^2 on C^3, weights e1, -e1, e2 (0 on an edge of the hull), x = (1, 1, 1)",
                  ((1, 0), (-1, 0), (0, 1)), ("1", "1", "1")),
    TorusInstance("(C^*)^2 on C^2, weights (1, 1), (-1, -1) (a segment: rank 1), x = (2, 1j)",
                  ((1, 1), (-1, -1)), ("2", "1j")),
    TorusInstance("(C^*)^2 on C^4, weights (1,0), (0,1), (-1,0), (0,-1), x = (1, 1j, 2, 1-1j)",
                  ((1, 0), (0, 1), (-1, 0), (0, -1)), ("1", "1j", "2", "1-1j")),
]
