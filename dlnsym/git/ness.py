r"""Ness's gradient flow of ``||mu||^2`` (the paper's Remark 17), and the exact critical values it should reach.

Conventions: ``<m(x), X> = <X.x, x>`` (the real part of the Hermitian pairing), so ``m = G`` for the DLN
(Lemma 2: ``<w_a, W> = sum Re Tr(G_k^* a_k)``) and ``m(x) = sum_i |x_i|^2 chi_i`` for a torus acting by weights
``chi_i``. The *projective* moment map is ``mu_P(x) = m(x) / ||x||^2``.

**The affine flow.** The Euclidean gradient of ``1/2 ||G||^2`` on ``M_d^N`` is ``2 w_G`` (``d/de 1/2||G(W + eV)||^2 =
<G, dG(V)>``, expanded), so its gradient flow is the Kirwan-Ness flow (1.22), ``dW/dt = -2 w_G``
(:func:`dlnsym.formulas.kirwan_ness_field`), for every ``W`` (Remark 11). A critical point is a ``W`` with
``w_{G(W)} = 0``: the infinitesimal action of ``m(W)`` kills ``W``.

**The projective flow.** On the unit sphere ``||mu_P||^2 = ||m||^2``; its sphere gradient is the Euclidean gradient
minus its radial part. For the torus, ``d/dx_i |m|^2 = 4 <chi_i, m> x_i`` and ``sum_i x_i^2 <chi_i, m> = |m|^2``, so
the flow is ``dx_i/dt = -4 (<chi_i, m> - |m|^2) x_i`` (:func:`torus_projective_field`, written as
``-4(<chi_i, m> ||x||^2 - |m|^2) x_i``, which equals it on the sphere and keeps ``||x||`` exactly: ``d||x||^2/dt =
-8(|m|^2 ||x||^2 - |m|^2 ||x||^2) = 0``). Its critical points: ``<chi_i, beta> = |beta|^2`` on the support,
``beta = mu_P(x)``. For the DLN the same computation gives ``dW/dt = -2 w_G + 2 ||G||^2 W`` on the sphere, and since
(1.22) is homogeneous of degree 3 its orbits are those of ``V(s) / ||V(s)||``, ``V`` the affine flow (put
``W = V / ||V||``, ``dt = ||V||^2 ds``): :func:`dlnsym.git.checks_ness` integrates the affine flow and normalises.

**The critical value (torus), exactly.** ``mu_P(t.x) = sum_i p_i chi_i`` with ``p_i = |t^{chi_i} x_i|^2 / ||t.x||^2``
ranges over the relative interior of ``conv(chi_S)`` (``S = supp x``), so the infimum of ``||mu_P||`` over the orbit
is ``dist(0, conv(chi_S))`` (:func:`hull_distance`, an exact quadratic program by its KKT conditions); ``x`` is in the
null cone iff this is ``> 0`` (Hilbert-Mumford for tori). Ness [38, Thm 6.2] and Kirwan: the flow converges to a
critical point whose value is this infimum, the same from every point of the orbit.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Sequence

import sympy

__all__ = ["torus_projective_field", "hull_distance", "NULL_CONE_TORI", "SEMISTABLE_TORI"]


def torus_projective_field(weights: Sequence[Sequence[int]]):
    r"""The projective Ness flow of ``(C^*)^k`` acting by ``weights`` (module docstring), as a field over the matrix
    protocol on ``x = (x_1, ..., x_n)``, each a ``1 x 1`` matrix (``x_i`` real: the flow only sees ``|x_i|``,
    since it multiplies each coordinate by a real factor)."""
    chi = [tuple(int(c) for c in w) for w in weights]
    k = len(chi[0])

    def _sum(terms):
        out = terms[0]
        for t in terms[1:]:
            out = out + t
        return out

    def field(x):
        sq = [xi @ xi for xi in x]
        n2 = _sum(sq)
        m = []
        for j in range(k):
            m.append(_sum([s * c[j] for s, c in zip(sq, chi) if c[j] != 0] or [sq[0] * 0]))
        m2 = _sum([mj @ mj for mj in m])
        out = []
        for xi, c in zip(x, chi):
            pair = [m[j] * c[j] for j in range(k) if c[j] != 0]
            inner = (_sum(pair) @ n2 - m2) if pair else -m2
            out.append((inner @ xi) * (-4))
        return out

    return field


def _solve(A, b):
    M = sympy.Matrix(A)
    if M.det() == 0:
        return None
    return [Fraction(str(v)) for v in M.LUsolve(sympy.Matrix(b))]


def hull_distance(weights: Sequence[Sequence[int]]) -> dict:
    r"""``dist(0, conv(chi))^2`` exactly, with the nearest point ``y`` and the face: for every affinely independent
    subset ``F``, the point of ``aff(F)`` nearest ``0`` (Lagrange: ``[[chi_i . chi_j], 1; 1^T, 0]``), accepted when its
    barycentric weights are ``>= 0`` and the KKT condition ``<chi_j, y> >= |y|^2`` holds for every weight (then ``y``
    minimises ``|y|^2`` on the hull, a convex problem).

    >>> hull_distance([(1, 0), (0, 1), (1, 1)])["dist2"]
    Fraction(1, 2)
    >>> hull_distance([(1,), (-1,)])["dist2"]
    Fraction(0, 1)
    """
    chi = [tuple(Fraction(c) for c in w) for w in weights]
    n, k = len(chi), len(chi[0])
    best = None
    for r in range(1, min(n, k + 1) + 1):
        for F in itertools.combinations(range(n), r):
            A = [[sum(a * b for a, b in zip(chi[i], chi[j])) for j in F] + [1] for i in F] + [[1] * r + [0]]
            sol = _solve(A, [0] * r + [1])
            if sol is None:
                continue
            p = sol[:r]
            if any(v < 0 for v in p):
                continue
            y = [sum(p[a] * chi[F[a]][j] for a in range(r)) for j in range(k)]
            y2 = sum(v * v for v in y)
            if all(sum(c * v for c, v in zip(chi[j], y)) >= y2 for j in range(n)):
                if best is None or y2 < best["dist2"]:
                    best = {"dist2": y2, "y": y, "face": [F[a] for a in range(r) if p[a] > 0]}
    assert best is not None, "the KKT conditions have a solution on some face"
    return best


#: (weights, x): tori in the null cone (``0`` not in ``conv(chi_S)``), the projective flow's limit is a non-minimal
#: critical point; the nearest point of the hull is a vertex in the first, interior to an edge in the others
NULL_CONE_TORI = [
    ("C^* on C^2, weights (1, 2), x = (1, 1)", ((1,), (2,)), ("1", "1")),
    ("(C^*)^2 on C^3, weights e1, e2, e1+e2, x = (3, 2.4, 3.2)", ((1, 0), (0, 1), (1, 1)), ("3", "2.4", "3.2")),
    ("(C^*)^2 on C^3, weights (1,-1), (1,2), (3,0), x = (1, 2, 1)", ((1, -1), (1, 2), (3, 0)), ("1", "2", "1")),
]
#: a closed orbit (``0`` in the relative interior): the limit is a minimal critical point, ``mu_P = 0``
SEMISTABLE_TORI = [
    ("(C^*)^2 on C^3, weights e1, e2, -e1-e2, x = (1, 2, 0.5)", ((1, 0), (0, 1), (-1, -1)), ("1", "2", "0.5")),
]
