r"""Kempf-Ness in numbers (Theorems 13, 14) and hidden convexity (Section 3.4).

``psi_W(A) = ||A.W||^2`` (3.4) on ``G = GL(d)^{N-1}``. Along one-parameter subgroups ``tau -> e^{tau a}``
((2.1), (1.6)) put ``W(tau) = e^{tau a}.W``. Then ``W' = w_a`` (2.3) and, since
``W(tau)_k = e^{tau a_k} W_k e^{-tau a_{k-1}}``, ``W''_k = a_k^2 W_k - 2 a_k W_k a_{k-1} + W_k a_{k-1}^2``,
which is ``w_a`` applied twice: ``W'' = w_a(w_a(W))``. Hence (derived here, checked by finite differences)

.. math:: \frac{d^2}{d\tau^2}\|e^{\tau a}.\mathbf W\|^2\Big|_0
          = 2\|w_a\|^2 + 2\langle \mathbf W, w_a(w_a(\mathbf W))\rangle,

and its polarization, the Hessian of ``psi_W`` at the identity, is

.. math:: B(a, b) = 2\langle w_a, w_b\rangle + \langle \mathbf W, w_b(w_a) + w_a(w_b)\rangle, \qquad
          \langle \mathbf W, w_b(\mathbf V)\rangle = \sum_{j=1}^{N-1} \mathrm{Re\,Tr}(Z_j(\mathbf V)\, b_j),\quad
          Z_j(\mathbf V) = V_j W_j^* - W_{j+1}^* V_{j+1}.

(``Z(W) = G``: at ``V = W`` this is Lemma 2.) In real coordinates of ``gl(d)^{N-1}`` (``2(N-1)d^2`` over C,
``(N-1)d^2`` over R), split into Hermitian and skew-Hermitian parts, Theorem 14 predicts at a balanced ``W``:
positive semidefinite, kernel = the skew-Hermitian directions = the tangent to the ``U_d^{N-1}`` (``O_d^{N-1}``)
orbit, of dimension ``(N-1)d^2`` over C and ``(N-1)d(d-1)/2`` over R.

Hidden convexity: for Hermitian ``a_k = Y_k diag(lam^(k)) Y_k^*`` (``lam^(0) = lam^(N) = 0``, ``Y_0 = Y_N = I``),
``(e^{tau a}.W)_k = Y_k e^{tau Lam_k} B_k e^{-tau Lam_{k-1}} Y_{k-1}^*`` with ``B_k = Y_k^* W_k Y_{k-1}``, so

.. math:: \|e^{\tau a}.\mathbf W\|^2 = \sum_k \sum_{i,j} |(B_k)_{ij}|^2 e^{2\tau(\lambda^{(k)}_i - \lambda^{(k-1)}_j)},

a sum of exponentials with nonnegative coefficients: convex in ``tau``.
"""

from __future__ import annotations

import random
from typing import Sequence

import mpmath

from ..formulas import act, inner, norm_sq, tangent_vector
from ..matrix import adj
from .common import as_state, check_dps, round_out, tol, working
from .minimize import hermitian_basis
from .section1 import is_real_state

__all__ = ["lie_basis", "psi_second_derivative", "psi_hessian", "kempf_ness_spectrum", "kernel_threshold",
           "exponential_sum", "psi_along", "search_nonconvex", "Z_map"]


def lie_basis(N: int, d: int, field: str) -> list:
    """An orthonormal real basis of ``gl(d)^{N-1}`` as ``(j, b, kind)``, ``kind`` in {"her", "skew"}."""
    her = hermitian_basis(d, field)
    if field == "C":
        skew = [b * mpmath.mpc(0, 1) for b in her]
    else:
        r2 = 1 / mpmath.sqrt(2)
        skew = []
        for i in range(d):
            for l in range(i + 1, d):
                E = mpmath.matrix(d, d)
                E[i, l] = r2
                E[l, i] = -r2
                skew.append(E)
    return [(j, b, kind) for j in range(1, N) for kind, bs in (("her", her), ("skew", skew)) for b in bs]


def _slot(N, d, j, b):
    a = [mpmath.matrix(d, d) for _ in range(N - 1)]
    a[j - 1] = b
    return a


def Z_map(W: Sequence, V: Sequence) -> list:
    r"""``Z_j(V) = V_j W_j^* - W_{j+1}^* V_{j+1}``: ``<W, w_b(V)> = sum_j Re Tr(Z_j(V) b_j)``."""
    return [V[j - 1] * adj(W[j - 1]) - adj(W[j]) * V[j] for j in range(1, len(W))]


def psi_second_derivative(W: Sequence, a: Sequence):
    r"""``d^2/dtau^2 ||e^{tau a}.W||^2`` at ``tau = 0``: ``2||w_a||^2 + 2<W, w_a(w_a(W))>`` (caller's precision)."""
    wa = tangent_vector(W, a)
    return 2 * inner(wa, wa) + 2 * inner(W, tangent_vector(wa, a))


def psi_along(W: Sequence, a: Sequence, tau):
    r"""``||e^{tau a}.W||^2`` by the matrix exponential (``mpmath.expm``) and the action (1.6)."""
    return norm_sq(act([mpmath.expm(ak * tau) for ak in a], W))


def psi_hessian(W: Sequence, *, dps: int = 50, field: str | None = None):
    r"""The Hessian ``B`` of ``psi_W`` at the identity in the real basis :func:`lie_basis`.

    Returns ``(B, basis)`` at ``dps + GUARD`` digits (not rounded: the caller takes eigenvalues).
    """
    check_dps(dps)
    W = as_state(W)
    N, d = len(W), W[0].rows
    field = field or ("R" if is_real_state(W) else "C")
    with working(dps):
        basis = lie_basis(N, d, field)
        n = len(basis)
        wa = [tangent_vector(W, _slot(N, d, j, b)) for j, b, _ in basis]
        flat = []
        for V in wa:
            v = []
            for M in V:
                for i in range(d):
                    for l in range(d):
                        v.append(mpmath.re(M[i, l]))
                        v.append(mpmath.im(M[i, l]))
            flat.append(v)
        Z = [Z_map(W, V) for V in wa]
        # S[r][c] = <W, w_{b_r}(w_{a_c})> = Re Tr(Z_{j_r}(w_{a_c}) b_r)
        sparse = [[(i, l, b[i, l]) for i in range(d) for l in range(d) if b[i, l] != 0] for _, b, _ in basis]
        S = [[mpmath.re(mpmath.fsum(Z[c][jr - 1][l, i] * v for i, l, v in sparse[r])) for c in range(n)]
             for r, (jr, _, _) in enumerate(basis)]
        B = mpmath.matrix(n, n)
        for r in range(n):
            for c in range(r, n):
                B[r, c] = B[c, r] = 2 * mpmath.fdot(flat[r], flat[c]) + S[r][c] + S[c][r]
    return B, basis


def kernel_threshold(top, dps: int):
    r"""The line between zero and nonzero eigenvalues of the Hessian at ``dps`` digits: ``top * tol(dps)``,
    ``top`` the largest ``|eigenvalue|`` and ``tol(dps) = 10^-(dps-10)`` (:func:`~dlnsym.numeric.common.tol`)."""
    return top * tol(dps)


def kempf_ness_spectrum(W: Sequence, *, dps: int = 50, return_hessian: bool = False,
                        hermitian_block: bool = True) -> dict:
    r"""Eigenvalues of the Hessian of ``psi_W`` at ``W`` and Theorem 14's predictions (rounded to ``dps``).

    Theorem 14 predicts at a balanced ``W``: positive semidefinite, with kernel exactly the skew-Hermitian
    directions, of dimension ``expected_kernel`` (``(N-1)d^2`` over C, ``(N-1)d(d-1)/2`` over R). Returns

    * ``eigenvalues`` (ascending, ``mpmath.eigsy``), ``lambda_max`` (largest ``|eigenvalue|``);
    * ``kernel_residual``: the residual of that prediction, ``max(|lam_i| for the expected_kernel smallest,
      max(0, -lam_min)) / lambda_max``: zero iff the predicted-zero eigenvalues vanish and none is negative;
    * ``threshold`` (:func:`kernel_threshold`, ``lambda_max * 10^-(dps-10)``) and ``kernel_dim``, the number of
      ``|eigenvalue|`` below it; ``lambda_nonzero_min``: the smallest eigenvalue predicted nonzero (the
      ``expected_kernel + 1``-th), ``None`` when all are predicted zero;
    * ``skew_block`` (``max |B|`` over rows or columns in skew-Hermitian directions: 0 iff those directions are in
      the kernel) and ``her_min`` (smallest eigenvalue of the Hermitian block:
      ``> threshold`` iff the kernel is exactly the tangent to the ``K``-orbit);
    * ``expected_kernel``, ``dimension``, ``min_eigenvalue``, ``field``; with ``return_hessian`` also
      ``hessian`` and ``basis``.
    """
    check_dps(dps)
    W = as_state(W)
    N, d = len(W), W[0].rows
    field = "R" if is_real_state(W) else "C"
    expected = (N - 1) * d * d if field == "C" else (N - 1) * d * (d - 1) // 2
    B, basis = psi_hessian(W, dps=dps, field=field)
    with working(dps):
        ev = sorted(mpmath.eigsy(B, eigvals_only=True))
        top = max(abs(x) for x in ev)
        thr = kernel_threshold(top, dps)
        kernel = sum(1 for x in ev if abs(x) < thr)
        kres = max([abs(x) for x in ev[:expected]] + [max(-ev[0], mpmath.mpf(0))]) / top
        sk = [i for i, (_, _, kind) in enumerate(basis) if kind == "skew"]
        hi = [i for i, (_, _, kind) in enumerate(basis) if kind == "her"]
        skew_block = max([abs(B[r, c]) for r in sk for c in range(len(basis))] or [mpmath.mpf(0)])
        if hermitian_block:
            Bh = mpmath.matrix([[B[r, c] for c in hi] for r in hi])
            her_min = min(mpmath.eigsy(Bh, eigvals_only=True))
    out = {"eigenvalues": round_out(ev, dps), "kernel_dim": kernel, "expected_kernel": expected,
           "dimension": len(basis), "skew_block": round_out(skew_block, dps), "min_eigenvalue": round_out(ev[0], dps),
           "field": field, "lambda_max": round_out(top, dps),
           "threshold": round_out(thr, dps), "kernel_residual": round_out(kres, dps),
           "lambda_nonzero_min": round_out(ev[expected], dps) if expected < len(ev) else None}
    if hermitian_block:
        out["her_min"] = round_out(her_min, dps)
    if return_hessian:
        out["hessian"], out["basis"] = B, basis
    return out


def exponential_sum(W: Sequence, a: Sequence):
    r"""The representation ``||e^{tau a}.W||^2 = sum c e^{r tau}`` for Hermitian ``a`` (Section 3.4).

    Returns a list of ``(c, r)`` with ``c = |(B_k)_{ij}|^2 >= 0`` and ``r = 2(lam^(k)_i - lam^(k-1)_j)``
    (caller's precision).
    """
    N, d = len(W), W[0].rows
    eig = [(mpmath.matrix(d, 1), mpmath.eye(d))]
    for ak in a:
        E, Y = mpmath.eigh(ak)
        eig.append((E, Y))
    eig.append((mpmath.matrix(d, 1), mpmath.eye(d)))
    out = []
    for k in range(1, N + 1):
        (lk, Yk), (lk1, Yk1) = eig[k], eig[k - 1]
        Bk = adj(Yk) * W[k - 1] * Yk1
        for i in range(d):
            for j in range(d):
                out.append((abs(Bk[i, j]) ** 2, 2 * (lk[i] - lk1[j])))
    return out


def search_nonconvex(W: Sequence, *, seeds: int = 40, dps: int = 30, taus=None, first: bool = False):
    r"""Negative control for hidden convexity: look for a non-Hermitian ``a`` and ``tau`` with
    ``d^2/dtau^2 ||e^{tau a}.W||^2 < 0``. The candidates are seeded ``a = K + S/4`` with ``K`` skew-Hermitian
    and ``S`` Hermitian Gaussian (complex when ``W`` is complex): such ``a`` typically has (nearly) imaginary
    eigenvalues, so ``e^{tau a}`` is (nearly) periodic but not unitary and ``psi`` oscillates. Uses
    ``d^2/ds^2 ||e^{(tau+s)a}.W||^2 |_{s=0} = psi''`` at ``e^{tau a}.W`` (one-parameter subgroup).

    Returns ``(seed, tau, value, a)`` for the most negative value found (with ``first``: the first negative value
    found), or ``None``.
    """
    check_dps(dps)
    W = as_state(W)
    N, d = len(W), W[0].rows
    cplx = not is_real_state(W)
    taus = taus if taus is not None else [mpmath.mpf(t) / 2 for t in range(-4, 5)]
    best = None
    with working(dps):
        for seed in range(seeds):
            rng = random.Random(f"dlnsym-nonconvex-{seed}")
            a = []
            for _ in range(N - 1):
                M = mpmath.matrix(d, d)
                for i in range(d):
                    for j in range(d):
                        re = mpmath.mpf(f"{rng.gauss(0, 1):.15f}")
                        M[i, j] = mpmath.mpc(re, mpmath.mpf(f"{rng.gauss(0, 1):.15f}")) if cplx else re
                K, S = (M - adj(M)) / 2, (M + adj(M)) / 2
                a.append(K + S / 4)
            for t in taus:
                Wt = act([mpmath.expm(ak * t) for ak in a], W)
                v = psi_second_derivative(Wt, a)
                if v < 0 and (best is None or v < best[2]):
                    best = (seed, t, v, a)
                    if first:
                        break
            if best is not None:
                break
    return None if best is None else (best[0], best[1], round_out(best[2], dps), round_out(best[3], dps))
