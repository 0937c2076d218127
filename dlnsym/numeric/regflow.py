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

The block matrices (row-major vectorisation ``vec(c)[i d + j] = c_ij``, orthonormal for ``Re Tr(a^* b)``):
``D_k = (c -> c P_k + Q_k c)``, ``P_k = W_k W_k^*``, ``Q_k = W_{k+1}^* W_{k+1}``, with entries
``D_k[(i,j),(p,q)] = delta_ip P_k[q,j] + Q_k[i,p] delta_qj``; the upper block ``U_k = (c -> -W_{k+1}^* c W_{k+1})``,
``U_k[(i,j),(p,q)] = -conj(W_{k+1}[p,i]) W_{k+1}[q,j]``, and the lower one its adjoint. Over C they act on
``[Re vec(c); Im vec(c)]`` through their real embedding ``[[Re M, -Im M], [Im M, Re M]]``, which is the column form
of the series engine.
"""

from __future__ import annotations

from typing import Sequence

import flint

from ..formulas import moments, tangent_adjoint, tangent_vector

__all__ = ["regularizing_graph_field", "h_blocks", "BlockSolver"]

_ARB_MAT = flint.arb_mat


def _complex_entries(g, c) -> list:
    """The ``d x d`` entries (row-major) of a column-form coefficient, as acb (C) or arb (R)."""
    e = c.entries()
    n = g.d * g.d
    if not g.complex:
        return e
    return [flint.acb(e[k], e[n + k]) for k in range(n)]


def _conj(x):
    return x.conjugate() if isinstance(x, flint.acb) else x


def h_blocks(Ws: Sequence, complex_: bool):
    """The blocks ``D_k`` (``k = 1..N-1``) and ``U_k`` (``k = 1..N-2``) of ``H`` at ``W`` (``d x d`` entry lists,
    row-major), as FLINT matrices over R (real embedding over C: ``2d^2 x 2d^2``; ``d^2 x d^2`` over R)."""
    N = len(Ws)
    d = int(round(len(Ws[0]) ** 0.5))
    n = d * d
    W = [[w[i * d:(i + 1) * d] for i in range(d)] for w in Ws]

    def prod_adj_left(A, B):      # A^* B
        return [[sum((_conj(A[m][i]) * B[m][j] for m in range(d)), 0) for j in range(d)] for i in range(d)]

    def prod_adj_right(A, B):     # A B^*
        return [[sum((A[i][m] * _conj(B[j][m]) for m in range(d)), 0) for j in range(d)] for i in range(d)]

    D, U = [], []
    for k in range(1, N):
        P = prod_adj_right(W[k - 1], W[k - 1])
        Q = prod_adj_left(W[k], W[k])
        Dk = [[0] * n for _ in range(n)]
        for i in range(d):
            for j in range(d):
                row = Dk[i * d + j]
                for q in range(d):
                    row[i * d + q] += P[q][j]
                for p in range(d):
                    row[p * d + j] += Q[i][p]
        D.append(_embed(Dk, complex_))
        if k <= N - 2:
            Wn = W[k]
            Uk = [[-_conj(Wn[p][i]) * Wn[q][j] for p in range(d) for q in range(d)] for i in range(d) for j in range(d)]
            U.append(_embed(Uk, complex_))
    return D, U


def _embed(M: list, complex_: bool):
    n = len(M)
    if not complex_:
        return _ARB_MAT(n, n, [x for r in M for x in r])
    re = [[x.real if isinstance(x, flint.acb) else flint.arb(x) for x in r] for r in M]
    im = [[x.imag if isinstance(x, flint.acb) else flint.arb(0) for x in r] for r in M]
    rows = [re[i] + [-x for x in im[i]] for i in range(n)] + [im[i] + re[i] for i in range(n)]
    return _ARB_MAT(2 * n, 2 * n, [x for r in rows for x in r])


class BlockSolver:
    r"""Block LU of the block tridiagonal, symmetric positive definite (real form of) ``H``, for many solves.

    ``S_1 = D_1``, ``S_{k+1} = D_{k+1} - U_k^T S_k^{-1} U_k``; with ``M_k = S_k^{-1} U_k`` the solve is
    ``y_1 = r_1``, ``y_{k+1} = r_{k+1} - M_k^T y_k``, ``x_m = S_m^{-1} y_m``, ``x_k = S_k^{-1} y_k - M_k x_{k+1}``.
    The inverses are exact midpoints of Arb's enclosures (a floating factorization at the working precision).
    Raises ``ValueError`` when a pivot block is singular (``H`` singular: ``X`` rank deficient)."""

    def __init__(self, D: list, U: list):
        m = len(D)
        self.Sinv, self.M, self.Mt = [], [], []
        S = D[0]
        for k in range(m):
            try:
                Si = S.inv().mid()
            except ZeroDivisionError:
                raise ValueError("H is singular at this state (a pivot block of its block LU is singular): "
                                 "Theorem 10 (proof) and Lemma 5 need X of full rank") from None
            self.Sinv.append(Si)
            if k < m - 1:
                Mk = (Si * U[k]).mid()
                self.M.append(Mk)
                self.Mt.append(Mk.transpose())
                S = (D[k + 1] - U[k].transpose() * Mk).mid()

    def solve(self, r: list) -> list:
        m = len(self.Sinv)
        y = [r[0]]
        for k in range(m - 1):
            y.append(r[k + 1] - self.Mt[k] * y[k])
        x = [None] * m
        x[m - 1] = self.Sinv[m - 1] * y[m - 1]
        for k in range(m - 2, -1, -1):
            x[k] = self.Sinv[k] * y[k] - self.M[k] * x[k + 1]
        return x


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
