r"""The regularizing flow (1.17) by a Taylor scheme that factors ``H`` once per step.

The flow is ``dW/dt = -w_b`` with ``H_W(b) = G(W)`` (2.19) (Lemma 5). Write ``W(t_0 + h_0 s) = sum_n W^{[n]} s^n`` and
``b(t_0 + h_0 s) = sum_n b^{[n]} s^n``. ``H_W(b)`` is bilinear in (products of) ``W`` and ``b``, so its Taylor
coefficients are Cauchy sums, and the coefficient of ``s^n`` of ``H_{W(t)}(b(t)) = G(W(t))`` reads

.. math:: \sum_{j=0}^{n} H^{[j]}(b^{[n-j]}) = G^{[n]}, \qquad\text{i.e.}\qquad
          H_{W^{[0]}}(b^{[n]}) = G^{[n]} - \sum_{j=1}^{n} H^{[j]}(b^{[n-j]}),

where ``H^{[j]}`` is the ``j``-th coefficient of the operator ``H_{W(t)}``. The right-hand side needs only
``W^{[0..n]}`` and ``b^{[0..n-1]}``, and the matrix on the left is the same at every order: ``H`` at the start of
the step. So each step **factors ``H_{W^{[0]}}`` once** (block LU of the block tridiagonal matrix of
Definition 8, ``O(N d^6)``) and **each order of ``b`` costs one forward and one back substitution**
(``O(N d^4)``), instead of one full structured solve per right-hand-side evaluation as in an extrapolation or
Runge-Kutta scheme (which needs ``~k^2`` evaluations per step at order ``2k``). Then
``W^{[n+1]} = -h_0/(n+1) (w_b)^{[n]}``. The series engine (:mod:`.series`) runs this recurrence with an
*implicit node* for ``b``: the coefficients that depend on ``b^{[n]}`` are first computed with ``b^{[n]} = 0``, which
gives the sum on the right, then corrected once ``b^{[n]}`` is known.

``H`` is evaluated as ``H(c) = Z(w_c)`` with ``Z`` the adjoint of ``c -> w_c``
(:func:`dlnsym.formulas.tangent_adjoint`; Lemma 3: ``H = w^* w``), so that ``w_b``, which the field needs anyway,
is shared, and each component of ``H(b)`` costs two products. The step size and order are those of the Taylor
integrator (:mod:`.taylor`): the order ``p = ceil(ln(1/tol)/2) + 1`` and the step from the last two coefficients
of ``W``; the local truncation error is below ``tol`` relative, and the solve is exact up to rounding
(``cond(H) 2^-P``), so the scheme's error is that of a Taylor method. Needs ``X`` of full rank (``H``
invertible: Theorem 10, proof).

The block matrices and their block LU are those of :mod:`dlnsym.numeric.hsolve`; over C they act on
``[Re vec(c); Im vec(c)]``, which is the column form of the series engine.
"""

from __future__ import annotations

import flint

from ..formulas import moments, tangent_adjoint, tangent_vector
from .hsolve import BlockSolver, h_blocks

__all__ = ["regularizing_graph_field"]

_ARB_MAT = flint.arb_mat


def _complex_entries(g, c) -> list:
    """The ``d x d`` entries (row-major) of a column-form coefficient, as acb (C) or arb (R)."""
    e = c.entries()
    n = g.d * g.d
    if not g.complex:
        return e
    return [flint.acb(e[k], e[n + k]) for k in range(n)]


def _factory(g):
    """The implicit node's solver: factor ``H`` at the step's ``W^{[0]}``; solve in column form."""
    d = g.d
    rows = 2 * d if g.complex else d
    n = rows * d

    def factory(W0: list):
        D, U = h_blocks([_complex_entries(g, c) for c in W0], g.complex)
        S = BlockSolver(D, U)

        def solve(r: list) -> list:
            x = S.solve([_ARB_MAT(n, 1, c.entries()) for c in r])
            return [_ARB_MAT(rows, d, v.entries()) for v in x]

        return solve

    return factory


def regularizing_graph_field(W: list) -> list:
    r"""The field ``-w_b`` of (1.17) on series nodes, ``b`` an implicit node with ``H(b) = Z(w_b) = G`` (2.19)."""
    g = W[0].g
    G = moments(W)
    b = g.implicit(len(W) - 1, lambda c: tangent_adjoint(W, tangent_vector(W, c)), G, _factory(g))
    return [-v for v in tangent_vector(W, b)]
