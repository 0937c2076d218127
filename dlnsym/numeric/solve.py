r"""Solving the block tridiagonal system ``H(b) = R`` of Definition 8 and Lemma 5, (2.8), (2.19).

``H`` acts on ``c = (c_1, ..., c_{N-1})`` by (2.8),

.. math:: H_k(c) = -W_k c_{k-1} W_k^* + c_k W_k W_k^* + W_{k+1}^* W_{k+1} c_k - W_{k+1}^* c_{k+1} W_{k+1},

so block ``k`` couples ``c_{k-1}, c_k, c_{k+1}``: the diagonal blocks are the Sylvester
operators ``c -> c P_k + Q_k c`` (``P_k = W_k W_k^*``, ``Q_k = W_{k+1}^* W_{k+1}``) and the
off-diagonal blocks are ``c -> -W_k c W_k^*`` and ``c -> -W_{k+1}^* c W_{k+1}``.

``H`` is C-linear (``H(i c) = i H(c)``), so over C each block has ``d^2`` complex
unknowns, and over R ``d^2`` real ones. In the row-major vectorisation
``vec(c)[i d + j] = c[i, j]`` (orthonormal for ``Tr(a^* b)``) the matrix of ``H`` is
**Hermitian positive definite** when ``X`` has full rank: Lemma 3 gives
``Re Tr(a^* H(a)) = ||w_a||^2``, the off-diagonal blocks are adjoint to each other
(``-W_k (.) W_k^*`` and ``-W_k^* (.) W_k``), and ``w_a = 0`` forces ``a = 0`` at full rank
(Theorem 10, proof). :func:`solve_H` therefore factors the block tridiagonal matrix blockwise, in
``O(N d^6)`` operations instead of the ``O((N d^2)^3)`` of a dense solve (:func:`solve_H_dense`, the
reference): by default on FLINT/Arb (block LU of the real form, :mod:`dlnsym.numeric.hsolve`), with
``backend="mpmath"`` by a **block Cholesky** factorisation ``H = L L^*`` (``L`` block lower bidiagonal) in mpmath,
the reference path.

Accuracy: the solve runs with ``GUARD`` extra digits; the forward error is bounded by
``cond(H)`` times the working precision ``10^-(dps + GUARD)``, and :func:`H_condition`
reports ``cond(H)``. The tests compare the structured and the dense solves and check the
residual ``H(b) - R`` at the caller's precision.

>>> from dlnsym.numeric.common import random_state
>>> from dlnsym.formulas import H_operator, moments
>>> import mpmath
>>> W = random_state(3, 2, "C", seed=1)
>>> with mpmath.workdps(30):
...     G = moments(W)
>>> b = solve_H(W, G, dps=30)
>>> with mpmath.workdps(30):
...     r = max(mpmath.mnorm(h - g, 1) for h, g in zip(H_operator(W, b), G))
>>> bool(r < mpmath.mpf(10) ** -25)
True
"""

from __future__ import annotations

from typing import Sequence

import mpmath

from ..backends.lmat import LMat
from ..formulas import H_operator, moments, tangent_vector
from .common import as_state, check_dps, check_full_rank, round_out, working
from .hsolve import solve_blocks
from .paths import default_backend, record

__all__ = ["solve_H", "solve_H_dense", "H_matrix", "H_condition", "H_eigenvalues", "regularizing_gradient"]


# --------------------------------------------------------------------------- vectorisation
def _vec(c) -> list:
    return [c[i, j] for i in range(c.rows) for j in range(c.cols)]


def _unvec(v: Sequence, d: int):
    M = mpmath.matrix(d, d)
    for i in range(d):
        for j in range(d):
            M[i, j] = v[i * d + j]
    return M


def _lists(M) -> list[list]:
    if isinstance(M, LMat):
        return M.a
    return [[M[i, j] for j in range(M.cols)] for i in range(M.rows)]


def _conj(x):
    return x.conjugate() if isinstance(x, mpmath.mpc) else x


def _blocks(W: list):
    """The blocks of ``H`` as dense ``d^2 x d^2`` lists, ``D[k]``, and ``U[k]`` (row block k, column k+1).

    ``D_k[(i,j),(p,q)] = delta_ip P_k[q,j] + Q_k[i,p] delta_qj`` (the Sylvester operator),
    ``U_k[(i,j),(p,q)] = -conj(W_{k+1}[p,i]) W_{k+1}[q,j]`` (``c -> -W_{k+1}^* c W_{k+1}``);
    the lower block ``L_{k+1} = U_k^*`` (``c -> -W_{k+1} c W_{k+1}^*``).
    """
    N = len(W)
    d = W[0].rows
    n = d * d
    Wl = [_lists(Wk) for Wk in W]
    D, U = [], []
    for k in range(1, N):
        P = _lists(W[k - 1] @ W[k - 1].H)
        Q = _lists(W[k].H @ W[k])
        Dk = [[0] * n for _ in range(n)]
        for i in range(d):
            for j in range(d):
                r = i * d + j
                row = Dk[r]
                for q in range(d):
                    row[i * d + q] += P[q][j]
                for p in range(d):
                    row[p * d + j] += Q[i][p]
        D.append(Dk)
        if k <= N - 2:
            Wn = Wl[k]  # W_{k+1}
            Uk = [[-_conj(Wn[p][i]) * Wn[q][j] for p in range(d) for q in range(d)] for i in range(d) for j in range(d)]
            U.append(Uk)
    return D, U


# --------------------------------------------------------------------------- dense kernels on lists
def _cholesky(A: list[list]) -> list[list]:
    """Lower-triangular ``C`` with ``C C^* = A`` (A Hermitian positive definite), or ValueError."""
    n = len(A)
    C = [[mpmath.mpf(0)] * n for _ in range(n)]
    for j in range(n):
        s = A[j][j] - mpmath.fdot(C[j][:j], C[j][:j], conjugate=True)
        s = mpmath.re(s)
        if not s > 0:
            raise ValueError("H is not positive definite (a pivot of its Cholesky factor is <= 0): H is singular, "
                             "as happens when X is rank deficient; Theorem 10 (proof) and Lemma 5 need full rank")
        cjj = mpmath.sqrt(s)
        C[j][j] = cjj
        Cj = C[j][:j]
        for i in range(j + 1, n):
            C[i][j] = (A[i][j] - mpmath.fdot(C[i][:j], Cj, conjugate=True)) / cjj
    return C


def _forward(C: list[list], b: list) -> list:
    """Solve ``C y = b`` with ``C`` lower triangular."""
    y = []
    for i in range(len(C)):
        y.append((b[i] - mpmath.fdot(C[i][:i], y)) / C[i][i])
    return y


def _backward_adj(C: list[list], y: list) -> list:
    """Solve ``C^* x = y`` with ``C`` lower triangular (so ``C^*`` is upper triangular)."""
    n = len(C)
    x = [0] * n
    for i in range(n - 1, -1, -1):
        s = y[i] - mpmath.fdot((_conj(C[m][i]), x[m]) for m in range(i + 1, n))
        x[i] = s / _conj(C[i][i])
    return x


def _block_cholesky_solve(D: list, U: list, R: list[list]) -> list[list]:
    """Block Cholesky ``H = L L^*``, ``L`` block lower bidiagonal, then two block substitutions.

    ``C_1 C_1^* = D_1``; ``Z_k = C_k^{-1} U_k``; ``C_{k+1} C_{k+1}^* = D_{k+1} - Z_k^* Z_k``.
    Forward ``y_{k+1} = C_{k+1}^{-1}(r_{k+1} - Z_k^* y_k)``; backward
    ``C_k^* x_k = y_k - Z_k x_{k+1}``. Cost ``O(N d^6)``.
    """
    m = len(D)
    n = len(D[0])
    Cs, Zs, ys = [], [], []
    S = D[0]
    for k in range(m):
        C = _cholesky(S)
        Cs.append(C)
        r = R[k]
        if k > 0:
            Zp = Zs[k - 1]  # columns of Z_{k-1}: Zp[b] is column b
            yp = ys[k - 1]
            # (Z^* y)[a] = sum_m conj(Z[m][a]) y[m]
            r = [r[a] - mpmath.fdot(yp, Zp[a], conjugate=True) for a in range(n)]
        ys.append(_forward(C, r))
        if k < m - 1:
            Uk = U[k]
            Zcols = [_forward(C, [Uk[i][b] for i in range(n)]) for b in range(n)]
            Zs.append(Zcols)
            Dn = D[k + 1]
            # (Z^* Z)[a][b] = sum_m conj(Z[m][a]) Z[m][b] = fdot(Zcol_b, Zcol_a, conjugate=True)
            S = [[Dn[a][b] - mpmath.fdot(Zcols[b], Zcols[a], conjugate=True) for b in range(n)] for a in range(n)]
    xs = [None] * m
    for k in range(m - 1, -1, -1):
        rhs = ys[k]
        if k < m - 1:
            Z = Zs[k]
            x1 = xs[k + 1]
            rhs = [rhs[i] - mpmath.fdot((Z[b][i], x1[b]) for b in range(n)) for i in range(n)]
        xs[k] = _backward_adj(Cs[k], rhs)
    return xs


# --------------------------------------------------------------------------- public
def _prepare(W, R, dps: int):
    check_dps(dps)
    with working(dps):
        Ws = as_state(W)
    N, d = len(Ws), Ws[0].rows
    if len(R) != N - 1:
        raise ValueError(f"H(b) = R needs R = (R_1, ..., R_{{N-1}}): {N - 1} matrices, got {len(R)} (Definition 8)")
    with working(dps):
        Rs = [Rk if isinstance(Rk, mpmath.matrix) else as_state([Rk, Rk], name="R")[0] for Rk in R]
    for k, Rk in enumerate(Rs, start=1):
        if (Rk.rows, Rk.cols) != (d, d):
            raise ValueError(f"R_{k} is {Rk.rows} x {Rk.cols} but the layers are {d} x {d} (Definition 8)")
    return Ws, Rs


def _is_complex(*states) -> bool:
    return any(isinstance(x, mpmath.mpc) and x.imag != 0 for W in states for M in W for x in M)


def solve_H(W: Sequence, R: Sequence, *, dps: int = 50, check_rank: bool = True, backend: str | None = None) -> list:
    r"""Solve ``H(b) = R`` (2.8), (2.19) by its block tridiagonal structure, ``O(N d^6)``.

    Parameters
    ----------
    W : the state ``(W_1, ..., W_N)``, input first; ``X = W_N ... W_1`` must have full rank.
    R : the right-hand side ``(R_1, ..., R_{N-1})``; ``R = G`` gives Lemma 5's ``b``.
    dps : decimal digits of the result (``>= 20``); the solve runs with ``GUARD`` more.
    backend : ``"flint"`` (block LU on FLINT/Arb, :mod:`dlnsym.numeric.hsolve`) or ``"mpmath"`` (block
        Cholesky in mpmath, the reference path); default: ``"flint"``, or ``"mpmath"`` inside
        :func:`dlnsym.numeric.paths.reference_path`.

    Returns
    -------
    ``b = (b_1, ..., b_{N-1})`` as mpmath matrices, rounded to ``dps`` digits. The error is at
    most about ``cond(H) 10^-(dps + GUARD)`` relative (see :func:`H_condition`).

    Raises ``ValueError`` if ``X`` is rank deficient (then ``H`` may be singular: Theorem 10, proof).

    >>> from dlnsym.numeric.common import random_state
    >>> W = random_state(4, 2, "R", seed=0)
    >>> b = solve_H(W, [mpmath.eye(2)] * 3, dps=25)
    >>> len(b), b[0].rows
    (3, 2)
    """
    backend = _backend(backend)
    Ws, Rs = _prepare(W, R, dps)
    with working(dps):
        if check_rank:
            check_full_rank(Ws, dps, "solving H(b) = G (Lemma 5, Theorem 10)")
        b = _solve_structured(Ws, Rs) if backend == "mpmath" else solve_blocks(Ws, Rs, _is_complex(Ws, Rs))
    return record(f"solve_H ({backend})", round_out(b, dps), dps)


def _backend(backend: str | None) -> str:
    backend = default_backend() if backend is None else backend
    if backend not in ("flint", "mpmath"):
        raise ValueError(f"backend={backend!r}: 'flint' or 'mpmath'")
    return backend


def _solve_structured(Ws: list, Rs: list) -> list:
    """The structured solve at the current working precision (no validation, no rounding)."""
    d = Ws[0].rows
    D, U = _blocks(Ws)
    xs = _block_cholesky_solve(D, U, [_vec(Rk) for Rk in Rs])
    return [_unvec(x, d) for x in xs]


def H_matrix(W: Sequence, *, dps: int = 50) -> mpmath.matrix:
    """The dense ``(N-1) d^2`` square matrix of ``H`` in the row-major vectorisation.

    Built from first principles: column ``(k, p, q)`` is ``vec H(E)`` for the basis element
    ``E`` with ``E_k = e_p e_q^T`` and all other entries zero, using the shared formula
    :func:`dlnsym.formulas.H_operator` (2.8). (Complex basis: ``H`` is C-linear.)
    """
    check_dps(dps)
    with working(dps):
        Ws = as_state(W)
    N, d = len(Ws), Ws[0].rows
    n = (N - 1) * d * d
    with working(dps):
        M = mpmath.matrix(n, n)
        col = 0
        for k in range(N - 1):
            for p in range(d):
                for q in range(d):
                    E = [mpmath.zeros(d, d) for _ in range(N - 1)]
                    E[k][p, q] = 1
                    HE = H_operator(Ws, E)
                    v = [x for Hk in HE for x in _vec(Hk)]
                    for r in range(n):
                        M[r, col] = v[r]
                    col += 1
    return M


def solve_H_dense(W: Sequence, R: Sequence, *, dps: int = 50) -> list:
    """The reference dense solve: :func:`H_matrix` and ``mpmath.lu_solve``, ``O((N d^2)^3)``."""
    Ws, Rs = _prepare(W, R, dps)
    d = Ws[0].rows
    with working(dps):
        M = H_matrix(Ws, dps=dps)
        rhs = mpmath.matrix([x for Rk in Rs for x in _vec(Rk)])
        x = mpmath.lu_solve(M, rhs)
        b = [_unvec([x[k * d * d + i] for i in range(d * d)], d) for k in range(len(Rs))]
    return round_out(b, dps)


def H_eigenvalues(W: Sequence, *, dps: int = 50) -> list:
    """The eigenvalues of ``H`` (Hermitian in the Frobenius-orthonormal basis), ascending.

    ``H`` is self-adjoint for ``Re Tr`` by Lemma 3 and C-linear, so its matrix is Hermitian;
    its eigenvalues are real and ``>= 0`` (``Re Tr(a^* H(a)) = ||w_a||^2``). The smallest one is
    the smallest singular value; it vanishes iff ``H`` is singular.
    """
    M = H_matrix(W, dps=dps)
    with working(dps):
        herm = any(isinstance(M[i, j], mpmath.mpc) and M[i, j].imag != 0 for i in range(M.rows) for j in range(M.cols))
        if herm:
            ev = mpmath.eighe(M, eigvals_only=True)
        else:
            ev = mpmath.eigsy(M, eigvals_only=True)
        ev = sorted(mpmath.re(e) for e in ev)
    return round_out(ev, dps)


def H_condition(W: Sequence, *, dps: int = 50):
    """The 2-norm condition number ``lambda_max / lambda_min`` of ``H`` (Hermitian positive definite at full rank).

    >>> from dlnsym.numeric.common import random_state
    >>> bool(H_condition(random_state(3, 2, "R", seed=0), dps=20) >= 1)
    True
    """
    ev = H_eigenvalues(W, dps=dps)
    with working(dps):
        if ev[0] <= 0:
            return mpmath.inf
        return round_out(ev[-1] / ev[0], dps)


def regularizing_gradient(W: Sequence, *, dps: int = 50, backend: str | None = None) -> list:
    r"""``grad 1/2 ||W||^2`` on ``(F_X, iota)`` (Lemma 5): ``w_b`` with ``H(b) = G`` (2.19), ``w_b`` by (2.3).

    Needs ``X`` of full rank (Lemma 5, Theorem 2). Returns ``w_b`` as mpmath matrices at ``dps`` digits.
    ``backend``: ``"flint"`` or ``"mpmath"`` (the reference path), with the default of :func:`solve_H`.

    >>> from dlnsym.numeric.common import random_state
    >>> from dlnsym.formulas import end_to_end, tangent_vector
    >>> W = random_state(3, 2, "R", seed=2)
    >>> w = regularizing_gradient(W, dps=30)
    >>> len(w)
    3
    """
    backend = _backend(backend)
    check_dps(dps)
    with working(dps):
        Ws = as_state(W)
        check_full_rank(Ws, dps, "Lemma 5 (grad 1/2||W||^2 = w_b)")
        if backend == "mpmath":
            w = _regularizing_gradient(Ws)
        else:
            b = solve_blocks(Ws, moments(Ws), _is_complex(Ws))
            w = tangent_vector(Ws, b)
    return record(f"regularizing_gradient ({backend})", round_out(w, dps), dps)


def _regularizing_gradient(Ws: list) -> list:
    """``w_b`` at the current working precision (no validation, no rounding): the field of (1.17) is ``-w_b``.

    Runs on light matrices (:class:`~dlnsym.backends.lmat.LMat`) with the shared formulas and the mpmath block
    Cholesky (the reference path)."""
    L = [M if isinstance(M, LMat) else LMat.from_mp(M) for M in Ws]
    G = moments(L)
    d = L[0].rows
    D, U = _blocks(L)
    xs = _block_cholesky_solve(D, U, [G_k.flat() for G_k in G])
    b = [LMat._raw([x[i * d:(i + 1) * d] for i in range(d)]) for x in xs]
    w = tangent_vector(L, b)
    return w if isinstance(Ws[0], LMat) else [v.to_mp() for v in w]
