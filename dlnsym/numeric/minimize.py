r"""Minimisers on the fibre ``F_X``: Theorem 1 (``p = 2``) and Theorem 20 (Schatten ``1 < p < oo``), by Newton's method.

The functional. For a state ``W`` (input first) and exponents ``p >= 1``, ``q in {1, 2}`` put

.. math:: f_{p,q}(\mathbf W) = \frac1q \sum_{k=1}^N \|W_k\|_p^q, \qquad \|W\|_p = \big(\sum_i \sigma_i(W)^p\big)^{1/p}.

``q = 1`` is (3.8), ``||W||_p = sum_k ||W_k||_p``; ``q = 2, p = 2`` is half of Theorem 1's ``||W||_2^2`` (1.4).
These are different functionals at ``p = 2``; :func:`minimize_on_fiber` minimises (3.8) and :func:`minimize_ridge`
minimises (1.4), and the checks confirm (they do not assume) that both land on ``F_X ∩ M``.

Group coordinates. ``F_X = GL(d)^{N-1}.W`` (Lemma 1), and ``f`` is invariant under ``U_d^{N-1}`` (``O_d^{N-1}``),
so we move by ``W <- e^{a}.W`` (1.6) with ``a = (a_1, ..., a_{N-1})`` **Hermitian** (symmetric over R); the
unitary directions are the degenerate ones and are left out.

The critical-point equations (derived here). For full-rank ``W_k = U S V^*``,
``d||W||_p = ||W||_p^{1-p} Re Tr((W^*W)^{(p-2)/2} W^* dW)``; along ``dW = w_a`` (2.3),
``(w_a)_k = a_k W_k - W_k a_{k-1}``, and with ``W (W^*W)^{(p-2)/2} W^* = (W W^*)^{p/2}``,

.. math:: \frac{d}{d\tau} f_{p,q}(e^{\tau a}.\mathbf W)\Big|_0 = \sum_{k=1}^{N-1} \mathrm{Re\,Tr}(M_k a_k), \quad
          M_k = s_k (W_k W_k^*)^{p/2} - s_{k+1} (W_{k+1}^* W_{k+1})^{p/2}, \quad s_k = \|W_k\|_p^{q-p}.

``M_k`` is Hermitian, so the critical points are ``M = 0``. For ``q = p = 2``, ``M = G`` (Lemma 2). At a balanced
point ``W_k = Q_k Lam Q_{k-1}^*`` all ``||W_k||_p`` are equal and ``W_k W_k^* = W_{k+1}^* W_{k+1}``, so ``M = 0`` and
the value is ``N ||Lam||_p^q / q``: for (3.8) ``N (sum_i sigma_i^{p/N})^{1/p}``, for (1.4)
``||W||_2^2 = N sum_i sigma_i^{2/N}``.

The Hessian. Differentiating ``M`` along ``w_c`` needs ``D[B^{p/2}]``, given by the Daleckii-Krein formula in the
eigenbasis of ``B = W W^*`` (resp. ``W^* W``) with the divided differences of ``x^{p/2}`` (computed without
cancellation as ``y^{r-1} expm1(r log1p(u))/u``, ``u = (x-y)/y``). The symmetric part of
``J(b, c) = sum_k Re Tr(dM_k(c) b_k)`` is the exact Hessian of ``a -> f(e^{a}.W)`` at ``a = 0`` (the two differ by
``1/2 df([b, c])``, which is antisymmetric).

Newton. Damped Newton with an Armijo backtracking line search along ``t -> e^{t a}.W`` (the functional is convex
along these curves: Section 3.4). The globalization runs in float64 (the same formulas in NumPy, only to reach the
basin: gradient ~1e-9); the group element it finds is applied exactly (in mpmath) to ``W0``, so ``W`` stays on
``F_X`` to the working precision. Then Newton in mpmath with the exact Hessian takes full steps; the convergence
is quadratic (``info["gradient_history"]`` shows the digits doubling: e.g. 1e-15, 1e-31, 1e-62) and the
iteration stops when the gradient is at the working precision.

Accuracy guarantee. Computations run at ``dps + GUARD`` digits. On return (else ``RuntimeError``) the gradient
``max_k |M_k|`` is below ``10^-(dps+2)`` relative to the scale of the ``M_k`` terms; ``X`` is preserved to about
``10^-(dps+GUARD-5)`` relative; the value agrees with the closed form to ``dps - 5`` digits or better (checked by
:func:`certify`, not assumed).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence

import mpmath
import numpy as np

from ..formulas import act, end_to_end, moments
from ..matrix import adj
from .common import GUARD, as_mp, as_state, check_dps, check_full_rank, hermitian_basis, round_out, working
from .section1 import is_real_state, maxabs, realify, svd_sorted

__all__ = ["minimize_on_fiber", "minimize_ridge", "minimize_nuclear", "minimize_with_info", "certify",
           "check_p", "functional", "critical_M", "hessian", "hermitian_basis", "closed_form", "expm_hermitian"]


# --------------------------------------------------------------------------- inputs
def check_p(p, *, allow_one: bool = False, quasi: bool = False) -> mpmath.mpf:
    """``p`` as an mpf; ``ValueError`` unless ``1 < p < oo`` (Theorem 20's hypothesis), ``1 <= p`` with
    ``allow_one``, or ``0 < p`` with ``quasi`` (the formulas below hold for every ``0 < p < oo`` at invertible
    layers; the hypothesis ablations of Theorem 20 use ``p = 1/2``)."""
    if isinstance(p, bool):
        raise ValueError(f"p={p!r} is not a number")
    if isinstance(p, Fraction):
        val = mpmath.mpf(p.numerator) / p.denominator
    elif isinstance(p, str) and "/" in p:
        n, d = p.split("/")
        val = mpmath.mpf(n) / mpmath.mpf(d)
    else:
        try:
            val = mpmath.mpf(p)
        except (TypeError, ValueError):
            raise ValueError(f"p={p!r} is not a real number") from None
    if not mpmath.isfinite(val) or val <= 0:
        raise ValueError(f"p={p!r}: the Schatten (quasi-)norm needs 0 < p < oo")
    if not quasi and (val < 1 or (val == 1 and not allow_one)):
        raise ValueError(f"p={p!r}: Theorem 20 (and (3.8) as a strictly plurisubharmonic regularizer) needs "
                         "1 < p < oo")
    return val


def expm_hermitian(a, sign: int = 1):
    """``e^{sign a}`` for Hermitian (symmetric) ``a`` through its eigendecomposition (exact up to rounding)."""
    E, Y = mpmath.eigh(a)
    return Y * mpmath.diag([mpmath.exp(sign * x) for x in E]) * adj(Y)


# --------------------------------------------------------------------------- layer data
class _Layer:
    """SVD data of one full-rank layer ``W = U diag(s) V^*`` and its Schatten norm."""

    __slots__ = ("U", "s", "V", "n", "sp", "P", "R", "F")

    def __init__(self, W, p):
        self.U, self.s, self.V = svd_sorted(W)
        self.sp = [x ** p for x in self.s]
        self.n = mpmath.fsum(self.sp) ** (1 / p)
        Dp = mpmath.diag(self.sp)
        self.P = self.U * Dp * adj(self.U)  # (W W^*)^{p/2}
        self.R = self.V * Dp * adj(self.V)  # (W^* W)^{p/2}
        r = p / 2
        lam = [x * x for x in self.s]
        d = len(lam)
        self.F = [[_divided_difference(lam[i], lam[j], r) for j in range(d)] for i in range(d)]


def _divided_difference(x, y, r):
    """``(x^r - y^r)/(x - y)`` (``r x^{r-1}`` at ``x = y``), free of cancellation."""
    if x == y:
        return r * y ** (r - 1)
    u = (x - y) / y
    return y ** (r - 1) * mpmath.expm1(r * mpmath.log1p(u)) / u


def _schatten(M, p):
    """``||M||_p`` from the singular values only (used by the line search)."""
    sv = mpmath.svd_r(realify(M), compute_uv=False) if is_real_state([M]) else mpmath.svd_c(M, compute_uv=False)
    return mpmath.fsum(abs(x) ** p for x in sv) ** (1 / p)


def _layers(W, p):
    return [_Layer(M, p) for M in W]


def functional(W: Sequence, p, q: int = 1):
    r"""``f_{p,q}(W) = (1/q) sum_k ||W_k||_p^q`` at the caller's precision (``q = 1``: (3.8))."""
    p = check_p(p, quasi=True)
    return mpmath.fsum(_schatten(M, p) ** q for M in W) / q


def critical_M(W: Sequence, p, q: int = 1, layers=None) -> list:
    r"""``M = (M_1, ..., M_{N-1})``, ``M_k = s_k (W_k W_k^*)^{p/2} - s_{k+1} (W_{k+1}^* W_{k+1})^{p/2}``:
    ``d/dtau f_{p,q}(e^{tau a}.W)|_0 = sum_k Re Tr(M_k a_k)`` (see the module docstring)."""
    p = check_p(p, quasi=True)
    L = layers or _layers(W, p)
    s = [lay.n ** (q - p) for lay in L]
    return [L[k].P * s[k] - L[k + 1].R * s[k + 1] for k in range(len(W) - 1)]


def _dlayer(lay, dW, p, q):
    """For one layer: ``(dn, d[s (WW^*)^{p/2}], d[s (W^*W)^{p/2}])`` along ``dW``."""
    d = len(lay.s)
    Et = adj(lay.U) * dW * lay.V  # U^* dW V
    sig = lay.s
    # dn = n^{1-p} sum_i sigma_i^{p-1} Re Et_ii
    dn = lay.n ** (1 - p) * mpmath.fsum(sig[i] ** (p - 1) * mpmath.re(Et[i, i]) for i in range(d))
    # U^* dB U = Et S + S Et^*,  V^* dB' V = S Et + Et^* S
    A = mpmath.matrix(d, d)
    B = mpmath.matrix(d, d)
    for i in range(d):
        for j in range(d):
            A[i, j] = lay.F[i][j] * (Et[i, j] * sig[j] + sig[i] * mpmath.conj(Et[j, i]))
            B[i, j] = lay.F[i][j] * (sig[i] * Et[i, j] + mpmath.conj(Et[j, i]) * sig[j])
    dP = lay.U * A * adj(lay.U)
    dR = lay.V * B * adj(lay.V)
    s = lay.n ** (q - p)
    ds = (q - p) * lay.n ** (q - p - 1) * dn
    return dn, lay.P * ds + dP * s, lay.R * ds + dR * s


def hessian(W: Sequence, p, q: int = 1, field: str | None = None, layers=None):
    r"""Gradient and Hessian of ``a -> f_{p,q}(e^{a}.W)`` at ``a = 0`` over Hermitian (symmetric) ``a``.

    Returns ``(g, H, basis)``: ``basis`` is a list of ``(j, b)`` (``b`` in slot ``a_j``, orthonormal), ``g`` the
    coordinates ``sum_k Re Tr(M_k b_k)`` and ``H`` the symmetric Hessian matrix (an ``mpmath.matrix``).
    """
    p = check_p(p, quasi=True)
    N = len(W)
    d = W[0].rows
    field = field or ("R" if is_real_state(W) else "C")
    L = layers or _layers(W, p)
    M = critical_M(W, p, q, L)
    hb = hermitian_basis(d, field)
    basis = [(j, b) for j in range(1, N) for b in hb]
    n = len(basis)
    sparse = [[(i, l, b[i, l]) for i in range(d) for l in range(d) if b[i, l] != 0] for _, b in basis]
    g = [_retr_sparse(M[j - 1], sp) for (j, _), sp in zip(basis, sparse)]
    J = mpmath.matrix(n, n)
    for col, (j, c) in enumerate(basis):
        # w_c touches W_j (c W_j) and W_{j+1} (-W_{j+1} c) only; M_{j-1}, M_j, M_{j+1} change
        dMs = {}
        for k, dW in ((j, c * W[j - 1]), (j + 1, -(W[j] * c))):
            _, dPs, dRs = _dlayer(L[k - 1], dW, p, q)
            # M_{k} gets +d[s_k P_k]; M_{k-1} gets -d[s_k R_k]
            if k <= N - 1:
                dMs[k] = dMs.get(k, 0) + dPs
            if k >= 2:
                dMs[k - 1] = dMs.get(k - 1, 0) - dRs
        for row, (i, b) in enumerate(basis):
            if i in dMs:
                J[row, col] = _retr_sparse(dMs[i], sparse[row])
    H = (J + J.T) / 2
    return g, H, basis


def _retr_sparse(A, sp):
    """``Re Tr(A b) = Re sum_{i,l} A_{li} b_{il}`` for ``b`` given by its nonzero entries ``(i, l, b_il)``."""
    return mpmath.re(mpmath.fsum(A[l, i] * v for i, l, v in sp))


# --------------------------------------------------------------------------- closed form and certificate
def closed_form(X, N: int, p, q: int = 1):
    r"""The minimum ``N ||Sigma^{1/N}||_p^q / q`` over ``F_X`` (at the caller's precision).

    ``q = 1``: (3.8), ``N (sum_i sigma_i^{p/N})^{1/p}``; ``q = 2, p = 2``: ``1/2 ||W||_2^2`` with
    ``||W||_2^2 = N sum_i sigma_i^{2/N}`` (Theorem 1)."""
    p = check_p(p, quasi=True)
    _, s, _ = svd_sorted(X)
    return N * mpmath.fsum(x ** (p / N) for x in s) ** (q / p) / q


def certify(W: Sequence, X, p, q: int = 1, *, dps: int = 50, hessian_check: bool = True, hess=None) -> dict:
    r"""Certificate of a minimiser ``W`` of ``f_{p,q}`` on ``F_X`` (all entries mpf, rounded to ``dps``):

    ``value``, ``closed_form``, ``value_error`` (relative), ``balanced`` (``max_k max|G_k|``, (1.11)),
    ``X_error`` (``max|X(W) - X|``, relative), ``gradient`` (``max_k max|M_k|``) and, if asked,
    ``hess_min`` / ``hess_max``: the extreme eigenvalues of the Hessian over Hermitian directions
    (``hess_min > 0``: a strict local minimum transversally to the ``U_d^{N-1}`` orbit). ``hess`` may pass the
    Hessian already computed at ``W`` (``info["hessian"]`` of :func:`minimize_with_info`).
    """
    check_dps(dps)
    W = as_state(W)
    with working(dps):
        p = check_p(p, quasi=True)
        X = as_mp(X)
        L = _layers(W, p)
        val = mpmath.fsum(lay.n ** q for lay in L) / q
        cf = closed_form(X, len(W), p, q)
        scale = max(maxabs(X), 1)
        out = {"value": val, "closed_form": cf, "value_error": abs(val - cf) / abs(cf),
               "balanced": max(maxabs(G) for G in moments(W)),
               "X_error": maxabs(end_to_end(W) - X) / scale,
               "gradient": max(maxabs(Mk) for Mk in critical_M(W, p, q, L))}
        if hessian_check:
            H = hess if hess is not None else hessian(W, p, q, layers=L)[1]
            ev = mpmath.eigsy(H, eigvals_only=True)
            out["hess_min"] = min(ev)
            out["hess_max"] = max(ev)
    return {k: round_out(v, dps) for k, v in out.items()}


# --------------------------------------------------------------------------- Newton
def _newton(W, p, q, dps, max_iter=200, float_start=True):
    """Damped Newton in group coordinates; returns ``(W, info)`` at the working precision."""
    N = len(W)
    field = "R" if is_real_state(W) else "C"
    target = mpmath.mpf(10) ** (-(dps + 2))
    f = mpmath.fsum(_schatten(M, p) ** q for M in W) / q
    history = []
    W = [realify(M) if field == "R" else M.copy() for M in W]
    if float_start:
        Af = _float_phase(W, p, q, field)
        W = act([mpmath.matrix(Ak.tolist()) for Ak in Af], W)
        f = mpmath.fsum(_schatten(M, p) ** q for M in W) / q
    for it in range(max_iter):
        L = _layers(W, p)
        scale = max(max(maxabs(lay.P) for lay in L), max(maxabs(lay.R) for lay in L)) * \
            max(lay.n ** (q - p) for lay in L)
        g, H, basis = hessian(W, p, q, field, L)
        gnorm = max(abs(x) for x in g) / scale
        history.append(gnorm)
        if gnorm < target:
            return W, {"iterations": it, "gradient_history": history, "field": field, "hessian": H}
        n = len(g)
        gv = mpmath.matrix(g)
        shift = mpmath.mpf(0)
        while True:
            try:
                Hs = H + shift * mpmath.eye(n) if shift else H
                Lc = mpmath.cholesky(Hs)
                x = -_chol_solve(Lc, gv)
                break
            except (ZeroDivisionError, ValueError):
                shift = max(shift * 10, mpmath.mpf(10) ** -20 * (1 + max(abs(H[i, i]) for i in range(n))))
        a = [mpmath.matrix(W[0].rows, W[0].rows) for _ in range(N - 1)]
        for xi, (j, b) in zip(x, basis):
            a[j - 1] += b * xi
        slope = mpmath.fsum(gi * xi for gi, xi in zip(g, x))  # < 0
        t = mpmath.mpf(1)
        small = gnorm < mpmath.mpf(10) ** -8
        while True:
            Wt = act([expm_hermitian(ak * t) for ak in a], W)
            if small:
                break
            ft = mpmath.fsum(_schatten(M, p) ** q for M in Wt) / q
            if ft <= f + t * slope / 4 or t < mpmath.mpf(10) ** -12:
                break
            t /= 2
        W = Wt
        f = mpmath.fsum(_schatten(M, p) ** q for M in W) / q
    raise RuntimeError(f"Newton's method did not reach the working precision in {max_iter} iterations "
                       f"(gradient history {[mpmath.nstr(h, 3) for h in history[-5:]]})")


# --------------------------------------------------------------------------- float64 globalization
def _dd_np(x, y, r):
    u = (x - y) / y
    with np.errstate(divide="ignore", invalid="ignore"):
        q = np.where(u == 0, r, np.expm1(r * np.log1p(u)) / np.where(u == 0, 1, u))
    return y ** (r - 1) * q


def _grad_hess_np(W, p, q, field):
    """Float64 twin of :func:`hessian` (same formulas), used only to reach the basin of quadratic convergence."""
    N, d = len(W), W[0].shape[0]
    lay = []
    for M in W:
        U, sv, Vh = np.linalg.svd(M)
        V = Vh.conj().T
        n = np.sum(sv ** p) ** (1 / p)
        lam = sv ** 2
        F = _dd_np(lam[:, None], lam[None, :], p / 2)
        lay.append((U, sv, V, n, (U * sv ** p) @ U.conj().T, (V * sv ** p) @ V.conj().T, F))
    sc = [L[3] ** (q - p) for L in lay]
    M = [sc[k] * lay[k][4] - sc[k + 1] * lay[k + 1][5] for k in range(N - 1)]
    hb = [np.array([[complex(b[i, j]) for j in range(d)] for i in range(d)]) for b in hermitian_basis(d, field)]
    basis = [(j, b) for j in range(1, N) for b in hb]
    g = np.array([np.real(np.trace(M[j - 1] @ b)) for j, b in basis])
    n = len(basis)
    J = np.zeros((n, n))
    for col, (j, c) in enumerate(basis):
        dM = {}
        for k, dW in ((j, c @ W[j - 1]), (j + 1, -(W[j] @ c))):
            U, sv, V, nk, P, R, F = lay[k - 1]
            Et = U.conj().T @ dW @ V
            dn = nk ** (1 - p) * np.sum(sv ** (p - 1) * np.real(np.diag(Et)))
            A = F * (Et * sv[None, :] + sv[:, None] * Et.conj().T)
            B = F * (sv[:, None] * Et + Et.conj().T * sv[None, :])
            ds = (q - p) * nk ** (q - p - 1) * dn
            s_ = nk ** (q - p)
            dP = ds * P + s_ * (U @ A @ U.conj().T)
            dR = ds * R + s_ * (V @ B @ V.conj().T)
            if k <= N - 1:
                dM[k] = dM.get(k, 0) + dP
            if k >= 2:
                dM[k - 1] = dM.get(k - 1, 0) - dR
        for row, (i, b) in enumerate(basis):
            if i in dM:
                J[row, col] = np.real(np.trace(dM[i] @ b))
    scale = max(max(np.abs(L[4]).max(), np.abs(L[5]).max()) for L in lay) * max(sc)
    return g, (J + J.T) / 2, basis, scale


def _expm_h_np(a):
    E, Y = np.linalg.eigh(a)
    return (Y * np.exp(E)) @ Y.conj().T


def _float_phase(W, p, q, field, tol=1e-9, max_iter=100):
    """Damped Newton in float64 from ``W`` (mpmath); returns the group element ``A`` (float64) reached."""
    dt = complex if field == "C" else float
    W0 = [np.array([[dt(M[i, j]) for j in range(M.cols)] for i in range(M.rows)]) for M in W]
    N, d = len(W0), W0[0].shape[0]
    A = [np.eye(d, dtype=dt) for _ in range(N - 1)]
    pf, qf = float(p), q

    def fval(Ws):
        return sum(np.sum(np.linalg.svd(M, compute_uv=False) ** pf) ** (qf / pf) for M in Ws) / qf

    Wc = W0
    f = fval(Wc)
    for _ in range(max_iter):
        g, H, basis, scale = _grad_hess_np(Wc, pf, qf, field)
        if np.abs(g).max() / scale < tol or not np.isfinite(f):
            break
        lam_min = np.linalg.eigvalsh(H).min()
        shift = 0.0 if lam_min > 1e-12 * np.abs(H).max() else (1e-8 - lam_min) * (1 + np.abs(H).max())
        x = -np.linalg.solve(H + shift * np.eye(len(g)), g)
        a = [np.zeros((d, d), dtype=dt) for _ in range(N - 1)]
        for xi, (j, b) in zip(x, basis):
            a[j - 1] = a[j - 1] + xi * (b if field == "C" else b.real)
        slope = g @ x
        t = 1.0
        while True:
            E = [_expm_h_np(t * ak) for ak in a]
            Wt = act(E, Wc)
            ft = fval(Wt)
            if ft <= f + t * slope / 4 or t < 1e-10:
                break
            t /= 2
        if t < 1e-10:
            break
        A = [Ek @ Ak for Ek, Ak in zip(E, A)]
        Wc, f = Wt, ft
    return A


def _chol_solve(Lc, b):
    """Solve ``L L^T x = b`` (real lower-triangular ``L``)."""
    n = Lc.rows
    y = mpmath.matrix(n, 1)
    for i in range(n):
        y[i] = (b[i] - mpmath.fsum(Lc[i, k] * y[k] for k in range(i))) / Lc[i, i]
    x = mpmath.matrix(n, 1)
    for i in reversed(range(n)):
        x[i] = (y[i] - mpmath.fsum(Lc[k, i] * x[k] for k in range(i + 1, n))) / Lc[i, i]
    return x


def _prepare(W0, dps, what):
    check_dps(dps)
    W = as_state(W0, name="W0")
    check_full_rank(W, dps, what)
    return W


def minimize_with_info(W0: Sequence, p=2, q: int = 1, *, dps: int = 50, allow_p1: bool = False,
                       start: str = "newton", flow_time=1):
    r"""Minimise ``f_{p,q}`` on ``F_X``, ``X = X(W0)``; returns ``(W, info)``.

    ``start="newton"`` (default): float64 damped Newton, then mpmath Newton. ``start="kirwan-ness"``: first follow
    the Kirwan-Ness flow (1.22) for time ``flow_time`` (it keeps ``X`` and drives ``G`` to 0, Corollary 1) with
    :func:`dlnsym.numeric.flows.kirwan_ness_flow` when that module is available, then the same Newton method
    (the result is certified the same way; ``info["start"]`` says which start was used).
    ``info`` has ``iterations``, ``gradient_history`` (relative ``max|grad|`` per Newton step: the quadratic
    convergence is visible in it), ``field``, ``hessian`` (at the returned point) and ``start``.
    """
    p = check_p(p, allow_one=allow_p1)
    if q not in (1, 2):
        raise ValueError(f"q={q!r}: 1 for (3.8), 2 for (1.4)")
    if start not in ("newton", "kirwan-ness"):
        raise ValueError(f"start={start!r}: 'newton' or 'kirwan-ness'")
    W = _prepare(W0, dps, "Theorem 1 / Theorem 20 (full-rank X)")
    used = "newton"
    if start == "kirwan-ness":
        try:
            from .flows import kirwan_ness_flow
        except ImportError:  # pragma: no cover - the flows module is optional here
            kirwan_ness_flow = None
        if kirwan_ness_flow is not None:
            W = as_state(kirwan_ness_flow(W, flow_time, dps=dps + GUARD))
            used = f"kirwan-ness flow to t = {flow_time}, then newton"
    with working(dps):
        W = [+M for M in W]
        Wm, info = _newton(W, p, q, dps)
    info["start"] = used
    return round_out(Wm, dps), info


def minimize_on_fiber(W0: Sequence, p=2, *, dps: int = 50) -> list:
    r"""A minimiser of (3.8), ``||W||_p = sum_k ||W_k||_p`` (Schatten ``p``, ``1 < p < oo``), on the fibre of
    ``X = W_N ... W_1`` (Theorem 20; ``p = 2``: the minimisers are those of Theorem 1's (1.4), as the checks confirm).

    Parameters: ``W0`` a state (input first; mpmath, NumPy, nested lists of numbers or strings, SymPy) with
    full-rank ``X``; ``p`` in ``(1, oo)`` (int, ``Fraction``, ``"3/2"``, mpf); ``dps >= 20``.
    Returns a list of mpmath matrices ``W`` in ``F_X``. Accuracy: see the module docstring (gradient below
    ``10^-(dps+2)``, so ``W`` is balanced and its value equals ``N (sum_i sigma_i^{p/N})^{1/p}`` to about ``dps``
    digits; :func:`certify` measures both).

    >>> from dlnsym.numeric.common import random_state
    >>> W0 = random_state(2, 2, "R", seed=0, dps=30)
    >>> W = minimize_on_fiber(W0, 3, dps=30)
    >>> with working(30):
    ...     c = certify(W, end_to_end(W0), 3, dps=30)
    >>> bool(c["value_error"] < 1e-25 and c["balanced"] < 1e-25 and c["hess_min"] > 0)
    True
    """
    return minimize_with_info(W0, p, 1, dps=dps)[0]


def minimize_ridge(W0: Sequence, *, dps: int = 50) -> list:
    r"""A minimiser of Theorem 1's ``||W||_2^2 = sum_k ||W_k||_F^2`` (1.4) on ``F_X`` (Newton on ``G = 0``)."""
    return minimize_with_info(W0, 2, 2, dps=dps)[0]


def minimize_nuclear(W0: Sequence, *, dps: int = 50) -> list:
    r"""A minimiser of ``sum_k ||W_k||_1`` (nuclear norms; (3.8) at ``p = 1``) on ``F_X`` for full-rank ``X``.

    Beyond the paper: for full-rank ``X`` every ``W_k`` has full rank on ``F_X`` and ``||W||_1 = Tr (W^* W)^{1/2}``
    is real-analytic there, so the same Newton method applies (critical points: ``|W_k^*| = |W_{k+1}|``, i.e.
    ``G = 0``)."""
    return minimize_with_info(W0, 1, 1, dps=dps, allow_p1=True)[0]
