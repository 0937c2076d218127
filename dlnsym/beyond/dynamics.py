r"""Training dynamics beyond the paper's proofs: Section 4.1, Remark 5 and Remark 4.

Everything here is built from the shared formulas of :mod:`dlnsym.formulas` (``G``, ``w_a``,
``H``, the loss gradient of (1.2)) and the numeric layer (:mod:`dlnsym.numeric`); layers are
stored input first, ``W[k-1] = W_k``.

* **Section 4.1.** Along the regularized gradient flow (4.1),
  ``dW/dt = -grad_W (E(X(W)) + kappa/2 ||W||^2)``, the moments obey ``G(t) = G_0 e^{-2 kappa t}``
  *exactly*, for every loss ``E``: the loss part conserves ``G`` (Section 1.4.1) and
  ``dG(W) = 2G`` (Remark 9, corrected). :func:`velocity_split` splits a velocity into its part
  tangent to ``F_X`` (``w_b`` with ``H(b) = c``, ``c_k = V_k W_k^* - W_{k+1}^* V_{k+1}``) and its
  normal part.
* **Remark 5.** On the balanced variety ``M`` the training flow (1.2) keeps ``G = 0`` and ``X(t)``
  follows the closed ODE of Arora, Cohen and Hazan (2018), :func:`ach_velocity`.
* **Remark 4.** On a rank-deficient fibre, :func:`orbit_gradient` solves ``H(b) = G`` by the
  minimum-norm (pseudo-inverse) solution; ``G`` always lies in the range of ``H``.
* **Section 4.3** (the posterior and its small-noise limit) is in :mod:`dlnsym.beyond.posterior`.

>>> import mpmath
>>> from dlnsym.numeric import random_state
>>> from dlnsym.formulas import inner, tangent_vector
>>> W = random_state(3, 2, "R", seed=4)
>>> V = regularized_velocity(W, lambda X: X, "0.3")          # E = 1/2 ||X||^2
>>> T, Nrm, b = velocity_split(W, V, dps=30)
>>> a = random_state(2, 2, "R", seed=5)                       # two matrices: an element a of gl(2)^2
>>> with mpmath.workdps(30):                                 # the normal part is orthogonal to F_X
...     bool(abs(inner(Nrm, tangent_vector(W, a))) < mpmath.mpf(10) ** -25)
True
"""

from __future__ import annotations

from typing import Callable, Sequence

import mpmath

from ..formulas import (
    H_operator,
    end_to_end,
    inner,
    loss_gradient,
    moments,
    tangent_vector,
)
from ..matrix import adj
from ..numeric.common import GUARD, as_mp, as_state, check_dps, check_field, round_out, tol, working

__all__ = [
    "square_loss",
    "square_loss_gradient",
    "regularized_velocity",
    "tangent_riesz",
    "velocity_split",
    "regularized_flow",
    "training_flow",
    "balanced_point",
    "psd_power",
    "ach_velocity",
    "ach_flow",
    "real_matrix",
    "orbit_gradient",
    "orbit_flow",
    "tangent_dimensions",
    "max_abs",
]


def max_abs(Ms: Sequence) -> mpmath.mpf:
    """The largest modulus of an entry of the matrices ``Ms`` (0 for none)."""
    return max((abs(M[i, j]) for M in Ms for i in range(M.rows) for j in range(M.cols)), default=mpmath.mpf(0))


# --------------------------------------------------------------------------- Section 4.1
def square_loss(X, Y):
    r"""The square loss ``E(X) = 1/2 ||X - Y||^2`` (an mpf)."""
    D = X - Y
    return inner([D], [D]) / 2


def square_loss_gradient(Y) -> Callable:
    r"""``X -> nabla E(X) = X - Y`` for the square loss ``E = 1/2 ||X - Y||^2``."""
    Y = as_mp(Y)
    return lambda X: X - Y


def regularized_velocity(W: Sequence, gradE: Callable, kappa) -> list:
    r"""The right-hand side of (4.1): ``-(nabla_W E(X(W)) + kappa W)``.

    ``gradE`` maps ``X`` to ``nabla E(X)``; the layer gradients are those of (1.2)
    (:func:`dlnsym.formulas.loss_gradient`)."""
    kappa = mpmath.mpmathify(kappa)
    return [-(g + W_k * kappa) for g, W_k in zip(loss_gradient(W, gradE(end_to_end(W))), W)]


def tangent_riesz(W: Sequence, V: Sequence) -> list:
    r"""The ``c`` with ``<V, w_a> = sum_k Re Tr(c_k^* a_k)`` for every ``a`` (from (2.3), (1.16)):

    .. math:: c_k = V_k W_k^* - W_{k+1}^* V_{k+1},\qquad k = 1, \dots, N-1.

    For ``V = W`` this is ``G`` (Lemma 2)."""
    return [V[k - 1] @ adj(W[k - 1]) - adj(W[k]) @ V[k] for k in range(1, len(W))]


def velocity_split(W: Sequence, V: Sequence, *, dps: int = 50) -> tuple[list, list, list]:
    r"""Split ``V`` at ``W`` into its part tangent to ``F_X`` and its normal part (Section 4.1).

    The tangent space of ``F_X`` at full-rank ``X`` is ``{w_a}`` (Section 2.2), and by Lemma 3
    ``<w_b, w_a> = sum Re Tr(H(b)^* a)``; so the orthogonal projection of ``V`` is ``w_b`` with
    ``H(b) = c``, ``c`` from :func:`tangent_riesz`. Returns ``(tangent, normal, b)``."""
    from ..numeric.solve import solve_H

    check_dps(dps)
    with working(dps):
        W = as_state(W)
        V = [as_mp(v) for v in V]
        b = solve_H(W, tangent_riesz(W, V), dps=dps + GUARD)
        T = tangent_vector(W, b)
        Nrm = [v - t for v, t in zip(V, T)]
        return round_out(T, dps), round_out(Nrm, dps), round_out(b, dps)


def _check_times(ts: Sequence) -> list:
    out = [mpmath.mpmathify(t) for t in ts]
    if any(t < 0 for t in out) or any(b < a for a, b in zip(out, out[1:])):
        raise ValueError(f"times {ts}: the flows are integrated forward, at increasing times t >= 0")
    return out


def _integrate_states(field_fn: Callable, W0: list, ts: Sequence, dps: int, *, polynomial: bool) -> list:
    """Integrate ``dW/dt = field_fn(W)`` from ``W0`` and return the states at the times ``ts``.

    A polynomial field (written over the matrix protocol) goes to the numeric layer's Taylor
    integrator (:func:`dlnsym.numeric.ode.taylor_integrate`), any other field to its adaptive
    Gragg-Bulirsch-Stoer extrapolation (:func:`dlnsym.numeric.ode.integrate`)."""
    from ..numeric.ode import integrate, taylor_integrate

    ts = _check_times(ts)
    if polynomial:
        return taylor_integrate(field_fn, W0, dps=dps, ts=ts, validate=False)
    # a high extrapolation order: these fields are expensive, and the step grows like tol^(1/2k)
    k = max(8, -(-(dps + GUARD) // 3))
    return integrate(lambda t, W: field_fn([_to_mp(M) for M in W]), W0, dps=dps, ts=ts, k=k)


def _to_mp(M):
    """An mpmath matrix from the integrator's light matrices (or an mpmath matrix unchanged)."""
    return M.to_mp() if hasattr(M, "to_mp") else M


def regularized_flow(W0: Sequence, gradE: Callable, kappa, ts: Sequence, *, dps: int = 50,
                     polynomial: bool = True) -> list:
    r"""States ``W(t)`` of the regularized gradient flow (4.1) at the times ``ts``.

    ``polynomial=True`` (for a polynomial ``nabla E`` written over the matrix protocol, such as
    :func:`square_loss_gradient`) uses the Taylor integrator; otherwise the adaptive extrapolation."""
    check_dps(dps)
    with working(dps):
        kappa = mpmath.mpmathify(kappa)  # a string such as "0.7" is read at the working precision
        if kappa < 0:
            raise ValueError(f"kappa = {kappa}: (4.1) has a regularization strength kappa > 0 (Section 4.1)")
        W0 = as_state(W0)
        res = _integrate_states(lambda W: regularized_velocity(W, gradE, kappa), W0, ts, dps,
                                polynomial=polynomial)
        return [round_out(W, dps) for W in res]


def training_flow(W0: Sequence, gradE: Callable, ts: Sequence, *, dps: int = 50, polynomial: bool = True) -> list:
    r"""States of the training flow (1.2), ``dW/dt = -nabla_W E(X(W))`` (``kappa = 0`` in (4.1))."""
    check_dps(dps)
    with working(dps):
        W0 = as_state(W0)
        res = _integrate_states(lambda W: regularized_velocity(W, gradE, 0), W0, ts, dps,
                                polynomial=polynomial)
        return [round_out(W, dps) for W in res]


# --------------------------------------------------------------------------- Remark 5
def balanced_point(X, N: int, *, field: str = "R", seed: int | None = None, dps: int = 50) -> list:
    r"""A balanced point ``Q.C`` of the fibre of ``X`` (Section 1.2, (1.12)).

    ``C`` is the centre of ``F_X`` and ``Q`` a seeded Haar-random element of ``U(d)^{N-1}`` (``O(d)^{N-1}``
    over R), both from :mod:`dlnsym.numeric.section1` (``seed=None``: ``Q = I``). ``G(Q.C) = 0``."""
    from ..formulas import act
    from ..numeric.section1 import centre, random_unitaries

    check_dps(dps)
    check_field(field)
    C = centre(X, N, dps=dps + GUARD)[0]
    with working(dps):
        if seed is not None:
            C = act(random_unitaries(N, C[0].rows, field, seed, dps=dps + GUARD), C)
        return round_out(C, dps)


def _psd_eig(M, dps: int):
    """Spectral data of the Hermitian positive semidefinite ``M``: a list of ``(eigenvalue, projector)``.

    For ``d = 2`` with well separated eigenvalues the projectors are ``(M - lam_other I)/(lam - lam_other)``
    (cheap and exact); otherwise from ``mpmath.eigh``. Tiny negative eigenvalues from rounding are set
    to 0; a clearly negative one raises."""
    M = (M + adj(M)) / 2
    d = M.rows
    if d == 2:
        tr = mpmath.re(M[0, 0] + M[1, 1])
        det = mpmath.re(M[0, 0] * M[1, 1] - M[0, 1] * M[1, 0])
        disc = mpmath.sqrt(max(tr ** 2 - 4 * det, 0))
        if disc > tr * mpmath.mpf(10) ** -6:
            lp, lm = (tr + disc) / 2, (tr - disc) / 2
            if lm < -max(tr, 1) * tol(dps, slack=5):
                raise ValueError(f"a fractional power needs a positive semidefinite matrix; eigenvalue {lm}")
            Id = mpmath.eye(2)
            return [(lp, (M - Id * lm) / disc), (max(lm, mpmath.mpf(0)), (Id * lp - M) / disc)]
    E, Q = mpmath.eigh(M)
    scale = max([abs(e) for e in E] + [mpmath.mpf(1)])
    if min(E) < -scale * tol(dps, slack=5):
        raise ValueError(f"a fractional power needs a positive semidefinite matrix; smallest eigenvalue {min(E)}")
    out = []
    for i, e in enumerate(E):
        q = Q[:, i]
        out.append((e if e > 0 else mpmath.mpf(0), q @ adj(q)))
    return out


def _power(eig, p) -> mpmath.matrix:
    d = eig[0][1].rows
    if p == 0:
        return mpmath.eye(d)
    acc = mpmath.zeros(d, d)
    for e, P in eig:
        acc += P * (e ** p)
    return acc


def psd_power(M, p, *, dps: int = 50) -> mpmath.matrix:
    r"""``M^p`` for a Hermitian positive semidefinite ``M`` (eigendecomposition; eigenvalues
    below the tolerance are treated as 0, and ``p = 0`` gives ``I`` as in ``(X X^*)^0``)."""
    with working(dps):
        return _power(_psd_eig(as_mp(M), dps), mpmath.mpmathify(p))


def ach_velocity(X, gradE_X, N: int, *, dps: int = 50) -> mpmath.matrix:
    r"""The end-to-end velocity of Arora, Cohen and Hazan (2018) on ``M`` (Remark 5):

    .. math:: \dot X = -\sum_{j=1}^{N} (X X^*)^{(N-j)/N}\, \nabla E(X)\, (X^* X)^{(j-1)/N}.

    The powers come from one eigendecomposition of ``X X^*`` and one of ``X^* X``."""
    with working(dps):
        X = as_mp(X)
        eL, eR = _psd_eig(X @ adj(X), dps), _psd_eig(adj(X) @ X, dps)
        acc = mpmath.zeros(X.rows, X.cols)
        for j in range(1, N + 1):
            acc += _power(eL, mpmath.mpf(N - j) / N) @ gradE_X @ _power(eR, mpmath.mpf(j - 1) / N)
        return -acc


def ach_flow(X0, gradE: Callable, N: int, ts: Sequence, *, dps: int = 50) -> list:
    r"""``X(t)`` at the times ``ts`` along the Arora-Cohen-Hazan ODE :func:`ach_velocity`."""
    check_dps(dps)
    with working(dps):
        X0 = as_mp(X0)
        res = _integrate_states(lambda W: [ach_velocity(W[0], gradE(W[0]), N, dps=dps + GUARD)], [X0], ts,
                                dps, polynomial=False)
        return [round_out(W[0], dps) for W in res]


# --------------------------------------------------------------------------- Remark 4
def _basis(d: int, field: str, count: int) -> list:
    """Real basis of ``gl(d)^count`` (over C: real and imaginary units)."""
    out = []
    units = [1] if field == "R" else [1, 1j]
    for k in range(count):
        for i in range(d):
            for j in range(d):
                for u in units:
                    B = [mpmath.zeros(d, d) for _ in range(count)]
                    B[k][i, j] = mpmath.mpmathify(u)
                    out.append(B)
    return out


def _coords(Ms: Sequence, field: str) -> list:
    out = []
    for M in Ms:
        for i in range(M.rows):
            for j in range(M.cols):
                z = mpmath.mpmathify(M[i, j])
                out.append(mpmath.re(z))
                if field == "C":
                    out.append(mpmath.im(z))
    return out


def _from_coords(v: Sequence, d: int, field: str, count: int) -> list:
    out, it = [], iter(v)
    for _ in range(count):
        M = mpmath.zeros(d, d)
        for i in range(d):
            for j in range(d):
                re = next(it)
                M[i, j] = mpmath.mpc(re, next(it)) if field == "C" else re
        out.append(M)
    return out


def real_matrix(op: Callable, d: int, field: str, count: int) -> mpmath.matrix:
    r"""The matrix of a real-linear map ``op`` on ``gl(d)^count`` in real coordinates (columns are
    ``op`` of the real basis; over C every entry contributes its real and imaginary part)."""
    cols = [_coords(op(B), field) for B in _basis(d, field, count)]
    A = mpmath.matrix(len(cols[0]), len(cols))
    for j, c in enumerate(cols):
        for i, x in enumerate(c):
            A[i, j] = x
    return A


def _field_of(W) -> str:
    return "C" if any(isinstance(M[i, j], mpmath.mpc) and mpmath.im(M[i, j]) != 0
                      for M in W for i in range(M.rows) for j in range(M.cols)) else "R"


def orbit_gradient(W: Sequence, *, dps: int = 50, field: str | None = None) -> tuple[list, list, dict]:
    r"""``w_b`` with ``b`` the minimum-norm solution of ``H(b) = G`` (2.19), without a rank assumption.

    ``H`` is self-adjoint and positive semidefinite for the inner product (1.16) (Lemma 3:
    ``<H(b), b> = ||w_b||^2``), so ``ker H = {b : w_b = 0}`` and, by Lemma 2,
    ``<G, b> = <W, w_b> = 0`` on it: ``G`` always lies in the range of ``H``. The solve uses the
    eigendecomposition of the real matrix of ``H``. Returns ``(w_b, b, info)`` with ``info`` holding
    ``rank_H``, ``dim`` and ``range_residual = ||H(b) - G||``."""
    check_dps(dps)
    with working(dps):
        W = as_state(W)
        field = field or _field_of(W)
        wb, b, info = _orbit_gradient(W, field, dps)
        info["range_residual"] = round_out(info["range_residual"], dps)
        return round_out(wb, dps), round_out(b, dps), info


def _orbit_gradient(W: list, field: str, dps: int) -> tuple[list, list, dict]:
    """:func:`orbit_gradient` at the current working precision, without validation or rounding
    (``dps`` sets the rank threshold only)."""
    N, d = len(W), W[0].rows
    A = real_matrix(lambda c: H_operator(W, c), d, field, N - 1)
    E, Q = mpmath.eigsy((A + A.T) / 2)
    scale = max([abs(e) for e in E] + [mpmath.mpf(1)])
    cut = scale * tol(dps, slack=8)
    g = mpmath.matrix(_coords(moments(W), field))
    y = Q.T * g
    for i in range(len(E)):
        y[i] = y[i] / E[i] if E[i] > cut else 0
    b = _from_coords(Q * y, d, field, N - 1)
    res = [h - G for h, G in zip(H_operator(W, b), moments(W))]
    info = {"rank_H": sum(1 for e in E if e > cut), "dim": len(E), "range_residual": mpmath.sqrt(inner(res, res))}
    return tangent_vector(W, b), b, info


def _tangent_coords(W: list, field: str) -> list:
    r"""The real coordinates of ``w_B`` (2.3), the shared :func:`~dlnsym.formulas.tangent_vector`, for every ``B``
    of :func:`_basis`."""
    return [_coords(tangent_vector(W, B), field) for B in _basis(W[0].rows, field, len(W) - 1)]


def _orbit_velocity(W: list, field: str, dps: int, max_rank: int | None = None, info: dict | None = None) -> list:
    r"""``w_b`` for *some* solution ``b`` of ``H(b) = G`` at the current working precision: the same ``w_b`` as
    :func:`_orbit_gradient`'s, at a fraction of its cost (the field of :func:`orbit_flow`).

    ``w_b`` does not depend on which solution is taken: ``H`` is the Gram operator of ``a -> w_a`` (Lemma 3) and
    ``<w_a, W> = <a, G>`` (Lemma 2), so ``H(b) = G`` says ``<w_a, w_b - W> = 0`` for every ``a``: ``w_b`` is the
    orthogonal projection of ``W`` onto the orbit's tangent space ``{w_a}``. So the real matrix of ``H`` is built
    as the Gram matrix ``<w_{B_i}, w_{B_j}>`` of the tangent vectors of the basis (:func:`_tangent_coords`, by the
    shared (2.3); ``tests/test_beyond_dynamics.py`` compares the result with :func:`_orbit_gradient`, which
    applies ``H`` (2.8) itself), and solved by a Cholesky factorisation with diagonal pivoting, stopped when the
    largest remaining pivot is below the rank cut of :func:`_orbit_gradient` or after ``max_rank`` pivots; the
    unknowns off the pivots are set to 0. ``info["rank"]`` receives the number of pivots.

    :func:`orbit_flow` fixes ``max_rank`` to the rank at the start: the orbit has one dimension, and the trial
    states of an integrator, a rounding error off the orbit, would otherwise add pivots of the size of that error
    and make the field jump."""
    N, d = len(W), W[0].rows
    cols = _tangent_coords(W, field)
    n = len(cols)
    A = [[None] * n for _ in range(n)]
    for i in range(n):
        for j in range(i, n):
            A[i][j] = A[j][i] = mpmath.fdot(cols[i], cols[j])
    g = _coords(moments(W), field)
    cut = max([abs(A[i][i]) for i in range(n)] + [mpmath.mpf(1)]) * tol(dps, slack=8)
    piv, L = [], []                                    # A[p_i][p_j] = sum_k L_i[k] L_j[k] on the pivots
    rest = list(range(n))
    diag = {i: A[i][i] for i in rest}
    while rest:
        p = max(rest, key=lambda i: diag[i])
        if diag[p] <= cut or len(piv) == max_rank:
            break
        rest.remove(p)
        lp = mpmath.sqrt(diag[p])
        col = {i: (A[i][p] - mpmath.fsum(Lrow[i] * Lrow[p] for Lrow in L)) / lp for i in rest}
        col[p] = lp
        L.append(col)
        piv.append(p)
        for i in rest:
            diag[i] -= col[i] ** 2
    # solve (L L^T) y = g on the pivots: forward, then backward substitution
    r = len(piv)
    if info is not None:
        info["rank"] = r
    z = []
    for k in range(r):
        z.append((g[piv[k]] - mpmath.fsum(L[j][piv[k]] * z[j] for j in range(k))) / L[k][piv[k]])
    y = [mpmath.mpf(0)] * r
    for k in reversed(range(r)):
        y[k] = (z[k] - mpmath.fsum(L[k][piv[j]] * y[j] for j in range(k + 1, r))) / L[k][piv[k]]
    v = [mpmath.mpf(0)] * n
    for k, p in enumerate(piv):
        v[p] = y[k]
    return tangent_vector(W, _from_coords(v, d, field, N - 1))


def orbit_flow(W0: Sequence, ts: Sequence, *, dps: int = 50, field: str | None = None) -> list:
    r"""States of ``dW/dt = -w_b``, ``H(b) = G`` (``w_b`` is the same for every solution ``b``, see
    :func:`_orbit_velocity`): the regularizing flow (1.17) restricted to the group orbit, on any fibre
    (Remark 4)."""
    check_dps(dps)
    with working(dps):
        W0 = as_state(W0)
        field = field or _field_of(W0)
        start: dict = {}
        _orbit_velocity(W0, field, dps, info=start)
        res = _integrate_states(lambda W: [-w for w in _orbit_velocity(W, field, dps, start["rank"])], W0, ts, dps,
                                polynomial=False)
        return [round_out(W, dps) for W in res]


def _rank(A: mpmath.matrix, dps: int) -> int:
    s = mpmath.svd(A, compute_uv=False)
    scale = max([abs(x) for x in s] + [mpmath.mpf(1)])
    return sum(1 for x in s if x > scale * tol(dps, slack=8))


def tangent_dimensions(W: Sequence, *, dps: int = 50, field: str | None = None) -> dict:
    r"""Real dimensions at ``W``: of the orbit tangent space ``{w_a}`` (= rank of ``H``), of
    ``ker dX`` (the Zariski tangent space of ``F_X``), of ``gl(d)^{N-1}`` and of ``M_d^N``.

    At full-rank ``X`` the first two agree; on a rank-deficient fibre ``ker dX`` can be larger."""
    from ..matrix import Dual

    check_dps(dps)
    with working(dps):
        W = as_state(W)
        field = field or _field_of(W)
        N, d = len(W), W[0].rows
        unit = 1 if field == "R" else 2
        orbit = _rank(real_matrix(lambda a: tangent_vector(W, a), d, field, N - 1), dps)
        dX = real_matrix(lambda V: [end_to_end([Dual(w, v) for w, v in zip(W, V)]).der], d, field, N)
        return {"orbit": orbit, "ker_dX": unit * N * d * d - _rank(dX, dps), "lie_algebra": unit * (N - 1) * d * d,
                "ambient": unit * N * d * d}
