r"""``H`` of Definition 8 on FLINT/Arb: its blocks, a block LU for many solves, the structured solve of
``H(b) = R`` (2.19), and certified enclosures of its spectrum.

``H`` acts on ``c = (c_1, ..., c_{N-1})`` by (2.8); in the row-major vectorisation ``vec(c)[i d + j] = c_ij``
(orthonormal for ``Re Tr(a^* b)``) it is block tridiagonal (see :mod:`dlnsym.numeric.solve` for the derivation):

* ``D_k = (c -> c P_k + Q_k c)``, ``P_k = W_k W_k^*``, ``Q_k = W_{k+1}^* W_{k+1}``:
  ``D_k[(i,j),(p,q)] = delta_ip P_k[q,j] + Q_k[i,p] delta_qj``;
* ``U_k = (c -> -W_{k+1}^* c W_{k+1})`` (row block ``k``, column block ``k+1``):
  ``U_k[(i,j),(p,q)] = -conj(W_{k+1}[p,i]) W_{k+1}[q,j]``; the lower block is its adjoint.

Over C the blocks act on ``[Re vec(c); Im vec(c)]`` through their real embedding ``[[Re M, -Im M], [Im M, Re M]]``
(a *-homomorphism, so the real form is symmetric positive definite when ``H`` is Hermitian positive definite), and
every product is a real ``arb_mat`` product.

:func:`H_ball_matrix` builds the dense matrix of ``H`` column by column from the shared formula
:func:`dlnsym.formulas.H_operator` evaluated on exact ball matrices, so each entry is a ball that contains the exact
entry for the given (mpmath) ``W``; :func:`H_spectrum` encloses every eigenvalue (``acb_mat.eig``, isolated balls),
which gives a *certified* lower bound of ``lambda_min(H)``: ``H`` is invertible when it is ``> 0``.
"""

from __future__ import annotations

from typing import Sequence

import flint
import mpmath

from ..backends.arb import FMat, arb_to_mp, flint_state
from ..formulas import H_operator

__all__ = ["h_blocks", "BlockSolver", "solve_blocks", "H_ball_matrix", "H_spectrum", "state_entries"]

_ARB_MAT = flint.arb_mat


def _conj(x):
    return x.conjugate() if isinstance(x, flint.acb) else x


def state_entries(W: Sequence, complex_: bool) -> list:
    """The layers of a state (mpmath or FLINT) as row-major lists of exact FLINT scalars."""
    F = flint_state(W, complex_=complex_)
    return [M.m.entries() for M in F]


def h_blocks(Ws: Sequence, complex_: bool):
    """The blocks ``D_k`` (``k = 1..N-1``) and ``U_k`` (``k = 1..N-2``) of ``H`` at ``W`` (layers as row-major
    entry lists), as real FLINT matrices (``2d^2 x 2d^2`` real embeddings over C, ``d^2 x d^2`` over R)."""
    N = len(Ws)
    d = int(round(len(Ws[0]) ** 0.5))
    n = d * d
    W = [[w[i * d:(i + 1) * d] for i in range(d)] for w in Ws]

    def adj_left(A, B):       # A^* B
        return [[sum((_conj(A[m][i]) * B[m][j] for m in range(d)), 0) for j in range(d)] for i in range(d)]

    def adj_right(A, B):      # A B^*
        return [[sum((A[i][m] * _conj(B[j][m]) for m in range(d)), 0) for j in range(d)] for i in range(d)]

    D, U = [], []
    for k in range(1, N):
        P = adj_right(W[k - 1], W[k - 1])
        Q = adj_left(W[k], W[k])
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
    ``O(N d^6)`` to factor, ``O(N d^4)`` per solve. The inverses are the midpoints of Arb's enclosures (a floating
    factorization at the working precision, accurate to about ``cond(H) 2^-prec``). Raises ``ValueError`` when a
    pivot block is singular (``H`` singular: ``X`` rank deficient, Theorem 10 (proof))."""

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
        """``x`` with ``H x = r`` for ``r`` a list of block vectors (real FLINT column matrices)."""
        m = len(self.Sinv)
        y = [r[0]]
        for k in range(m - 1):
            y.append(r[k + 1] - self.Mt[k] * y[k])
        x = [None] * m
        x[m - 1] = self.Sinv[m - 1] * y[m - 1]
        for k in range(m - 2, -1, -1):
            x[k] = self.Sinv[k] * y[k] - self.M[k] * x[k + 1]
        return [v.mid() for v in x]


def solve_blocks(W: Sequence, R: Sequence, complex_: bool) -> list:
    """``b`` with ``H(b) = R`` (the state and the right side as mpmath or FLINT matrices), as mpmath matrices
    at the current working precision (no validation, no rounding)."""
    d = W[0].rows if hasattr(W[0], "rows") and isinstance(W[0].rows, int) else W[0].nrows()
    n = d * d
    D, U = h_blocks(state_entries(W, complex_), complex_)
    S = BlockSolver(D, U)
    rhs = []
    for e in state_entries(R, complex_):
        vals = [x.real for x in e] + [x.imag for x in e] if complex_ else e
        rhs.append(_ARB_MAT(len(vals), 1, vals))
    out = []
    for v in S.solve(rhs):
        e = v.entries()
        M = mpmath.matrix(d, d)
        for i in range(d):
            for j in range(d):
                re = arb_to_mp(e[i * d + j])
                M[i, j] = mpmath.mpc(re, arb_to_mp(e[n + i * d + j])) if complex_ else re
        out.append(M)
    return out


def H_ball_matrix(W: Sequence, complex_: bool):
    """The dense matrix of ``H`` (row-major vectorisation, C-linear basis) as an ``acb_mat`` of balls, column
    ``(k, p, q)`` being ``vec H(E)`` for ``E_k = e_p e_q^T`` by the shared formula (2.8) on exact ball matrices."""
    F = flint_state(W, complex_=True)
    N, d = len(F), F[0].rows
    n = (N - 1) * d * d
    M = flint.acb_mat(n, n)
    col = 0
    for k in range(N - 1):
        for p in range(d):
            for q in range(d):
                E = [FMat(flint.acb_mat(d, d)) for _ in range(N - 1)]
                E[k].m[p, q] = 1
                v = [x for Hk in H_operator(F, E) for x in Hk.m.entries()]
                for r in range(n):
                    M[r, col] = v[r]
                col += 1
    return M


def H_spectrum(W: Sequence, complex_: bool) -> list:
    """Enclosures (real balls, ascending by midpoint) of the eigenvalues of ``H``: every eigenvalue of the exact
    ``H(W)`` lies in exactly one of them (``acb_mat.eig``, which fails unless it isolates them all)."""
    A = H_ball_matrix(W, complex_)
    E = A.eig()
    return sorted((e.real for e in E), key=lambda x: float(x.mid()))
