r"""Linear systems theory, Section 1.3.1: realizations, norm-balancing and Gramian balancing.

A *realization* of the linear system (1.8), ``x' = A x + B u``, ``y = C x``, is a triple
``(A, B, C)`` of sizes ``n x n``, ``n x m``, ``p x n``. Its transfer function (the paper's
"Hankel matrix")

.. math:: H(z) = C (zI - A)^{-1} B                                           \tag{1.9}

is unchanged by the action of ``GL(n)``

.. math:: M.(A, B, C) = (M A M^{-1},\ M B,\ C M^{-1}).                         \tag{1.10}

This is the same kind of object as the deep linear network: a quiver with one vertex of
dimension ``n``, a loop ``A`` and two arrows ``B``, ``C`` to and from the outside. The
paper's norm (1.4) becomes ``f = ||A||^2 + ||B||^2 + ||C||^2`` and its moment map (1.11)
becomes

.. math:: \mu(A, B, C) = A A^* - A^* A + B B^* - C^* C,

derived here from first principles: along ``M = e^{\tau a}``,
``d/d\tau f(M.(A,B,C))|_{\tau=0} = 2 \operatorname{Re}\operatorname{Tr}(\mu\, a)``
(:func:`system_tangent` is the velocity of that curve). A realization is *norm-balanced*
(Helmke 1993) when it minimises ``f`` on its orbit, i.e. when ``mu = 0``.

Every formula below is written over the matrix protocol of :mod:`dlnsym.matrix`, so it runs
on SymPy matrices, letters of symbolic size (:mod:`dlnsym.symbolic.freealg`), jets
(:class:`dlnsym.matrix.Dual`), mpmath and NumPy. The numeric algorithms (balancing flow,
Newton polish, Lyapunov equations, Hankel singular values) work in mpmath with an explicit
``dps``.

>>> import numpy as np
>>> A = np.array([[1., -2.], [3., -4.]]); B = np.array([[5.], [7.]]); C = np.array([[6., 8.]])
>>> M = np.array([[2., 1.], [0., 1.]])
>>> bool(abs(transfer_function(*act_system(M, A, B, C), 0.5) - transfer_function(A, B, C, 0.5)).max() < 1e-12)
True
>>> mu = system_moment(A, B, C)
>>> bool(np.allclose(mu, mu.T))                     # mu is Hermitian
True
"""

from __future__ import annotations

import random
from typing import Sequence

import mpmath

from ..matrix import adj, eye_like, inv, re_trace
from ..numeric.common import GUARD, as_mp, check_dps, hermitian_basis, round_out, tol, working

__all__ = [
    "transfer_function",
    "act_system",
    "system_norm_sq",
    "system_moment",
    "system_tangent",
    "balancing_field",
    "as_system",
    "controllability_matrix",
    "observability_matrix",
    "check_minimal",
    "random_gl",
    "norm_balance",
    "unitary_between",
    "lyapunov",
    "gramians",
    "hankel_singular_values",
    "gramian_balance",
    "TEST_SYSTEM",
    "TEST_HSV_REFERENCE",
]

#: The test system of issue 5: A, B, C as exact strings.
TEST_SYSTEM = ([["1", "-2"], ["3", "-4"]], [["5"], ["7"]], [["6", "8"]])
#: Its Hankel singular values as reported by a reference implementation (python-control ``hsvd``), shown digits.
TEST_HSV_REFERENCE = ("24.42686", "0.5731395")


# --------------------------------------------------------------------------- formulas (matrix protocol)
def transfer_function(A, B, C, z):
    r"""The transfer function ``H(z) = C (zI - A)^{-1} B`` (1.9)."""
    return C @ inv(eye_like(A) * z - A) @ B


def act_system(M, A, B, C) -> tuple:
    r"""The action (1.10): ``M.(A, B, C) = (M A M^{-1}, M B, C M^{-1})``."""
    Mi = inv(M)
    return M @ A @ Mi, M @ B, C @ Mi


def system_norm_sq(A, B, C):
    r"""Helmke's functional at ``M = I``: ``||A||^2 + ||B||^2 + ||C||^2`` with ``||X||^2 = Re Tr(X^* X)`` (1.14).

    Evaluated on ``M.(A, B, C)`` it is ``||M A M^{-1}||^2 + ||M B||^2 + ||C M^{-1}||^2`` (Section 1.3.1).
    """
    return re_trace(adj(A) @ A) + re_trace(adj(B) @ B) + re_trace(adj(C) @ C)


def system_moment(A, B, C):
    r"""The moment map of the action (1.10): ``mu = A A^* - A^* A + B B^* - C^* C`` (Hermitian, ``n x n``).

    ``d/dtau f(e^{tau a}.(A, B, C))|_0 = 2 Re Tr(mu a)``, so ``mu = 0`` iff ``(A, B, C)`` is
    norm-balanced (a critical point, hence by convexity the minimum, of ``f`` on the orbit).
    """
    return A @ adj(A) - adj(A) @ A + B @ adj(B) - adj(C) @ C


def system_tangent(A, B, C, a) -> tuple:
    r"""The velocity of ``tau -> e^{tau a}.(A, B, C)`` at ``tau = 0``: ``(a A - A a, a B, -C a)``.

    The analogue of the tangent vector (2.3) of the deep linear network.
    """
    return a @ A - A @ a, a @ B, -(C @ a)


def balancing_field(A, B, C) -> tuple:
    r"""The balancing field ``-2 w_mu = (2 (A mu - mu A), -2 mu B, 2 C mu)``.

    It is the velocity of the triple under the gradient flow of ``f`` on ``GL(n)`` for the
    right-invariant metric ``<a, b> = Re Tr(a^* b)``: ``dM/dt M^{-1} = -2 mu(M.(A, B, C))``,
    the analogue of the Kirwan-Ness field (1.22), ``dW_k/dt = 2 (W_k G_{k-1} - G_k W_k)``.
    Along it ``df/dt = -4 ||mu||^2``.
    """
    mu = system_moment(A, B, C)
    return (A @ mu - mu @ A) * 2, (mu @ B) * (-2), (C @ mu) * 2


# --------------------------------------------------------------------------- validation
def as_system(A, B, C) -> tuple:
    """``(A, B, C)`` as mpmath matrices, with the shapes of (1.8) checked."""
    A, B, C = as_mp(A), as_mp(B), as_mp(C)
    n = A.rows
    if A.cols != n:
        raise ValueError(f"A is {A.rows} x {A.cols}: the state matrix of (1.8) is square n x n")
    if B.rows != n:
        raise ValueError(f"B has {B.rows} rows: in (1.8) B is n x m with n = {n}")
    if C.cols != n:
        raise ValueError(f"C has {C.cols} columns: in (1.8) C is p x n with n = {n}")
    return A, B, C


def _hstack(blocks):
    rows = blocks[0].rows
    out = mpmath.matrix(rows, sum(b.cols for b in blocks))
    j0 = 0
    for b in blocks:
        for i in range(rows):
            for j in range(b.cols):
                out[i, j0 + j] = b[i, j]
        j0 += b.cols
    return out


def controllability_matrix(A, B):
    """``K = [B, AB, ..., A^{n-1} B]`` (Kalman)."""
    blocks, X = [], B
    for _ in range(A.rows):
        blocks.append(X)
        X = A @ X
    return _hstack(blocks)


def observability_matrix(A, C):
    """``O = [C; CA; ...; C A^{n-1}]`` (as the adjoint of the controllability matrix of ``(A^*, C^*)``)."""
    return controllability_matrix(A.H, C.H).H


def _rank_gap(K) -> mpmath.mpf:
    s = mpmath.svd(K, compute_uv=False)
    return min(abs(x) for x in s) / max(abs(x) for x in s)


def check_minimal(A, B, C, dps: int) -> None:
    """Raise unless ``(A, B, C)`` is controllable and observable (minimal, Kalman).

    A minimal system has a closed ``GL(n)`` orbit with trivial stabilizer, so the norm-balanced
    realization exists and is unique up to ``U(n)`` (Helmke 1993)."""
    n = A.rows
    for name, K in (("controllable", controllability_matrix(A, B)), ("observable", observability_matrix(A, C))):
        if min(K.rows, K.cols) < n or _rank_gap(K) <= tol(dps, slack=5):
            raise ValueError(f"the system is not {name}: the norm-balanced realization is guaranteed only for a "
                             "minimal (controllable and observable) system, whose GL(n) orbit is closed")


def random_gl(n: int, field: str = "R", seed: int = 0, *, dps: int = 50):
    """A seeded random invertible ``n x n`` matrix (entries given as decimal strings)."""
    rng = random.Random(f"dlnsym-gl-{n}-{field}-{seed}")
    with working(dps):
        while True:
            M = mpmath.matrix(n, n)
            for i in range(n):
                for j in range(n):
                    re = mpmath.mpf(f"{rng.gauss(0, 1):.12f}")
                    M[i, j] = mpmath.mpc(re, mpmath.mpf(f"{rng.gauss(0, 1):.12f}")) if field == "C" else re
            if abs(mpmath.det(M)) > mpmath.mpf("0.1"):
                return M


def _is_real(*Ms) -> bool:
    return all(mpmath.im(M[i, j]) == 0 for M in Ms for i in range(M.rows) for j in range(M.cols))


def _frob(M) -> mpmath.mpf:
    return mpmath.sqrt(mpmath.fsum(abs(M[i, j]) ** 2 for i in range(M.rows) for j in range(M.cols)))


# --------------------------------------------------------------------------- norm balancing
def _hermitian_coords(H, real: bool) -> list:
    n = H.rows
    c = [mpmath.re(H[i, i]) for i in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            c.append(mpmath.re(H[i, j]))
            if not real:
                c.append(mpmath.im(H[i, j]))
    return c


def _moment_derivative(x, a):
    """``d/dtau mu(e^{tau a}.x)|_0``, by jets (product rule only)."""
    from ..matrix import Dual

    jet = [Dual(v, w) for v, w in zip(x, system_tangent(*x, a))]
    return system_moment(*jet).der


def norm_balance(A, B, C, *, dps: int = 50, M0=None, flow_tol: str = "1e-2", max_flow_steps: int = 2000,
                 record: bool = False) -> dict:
    r"""A norm-balanced realization of ``(A, B, C)``: the minimum of ``||MAM^{-1}||^2 + ||MB||^2 + ||CM^{-1}||^2``.

    Two stages, both moving along the orbit by exact group elements (so ``H(z)`` is kept):

    1. the balancing flow ``dM/dt M^{-1} = -2 mu(M.(A,B,C))`` (:func:`balancing_field`), discretised
       by group steps ``M <- (I - 2 h mu) M`` (Euler's method for the flow, ``I - 2 h mu`` standing for
       ``exp(-2 h mu)`` to first order) with Armijo step control, until
       ``||mu|| <= flow_tol * f``;
    2. Newton's method on ``mu(e^{a}.x) = 0`` over Hermitian ``a`` (symmetric over R), the
       derivative of ``mu`` being computed by jets, until ``||mu|| <= 10^-dps f``.

    Parameters
    ----------
    A, B, C : the realization (any matrix input; strings for exact decimals).
    dps : decimal digits of the result (``>= 20``).
    M0 : optional starting group element; the flow starts at ``M0.(A, B, C)``.
    flow_tol : relative size of ``mu`` at which the flow hands over to Newton.
    record : keep the history ``(t, f, ||mu||)`` of the flow.

    Returns
    -------
    dict with ``A, B, C`` (balanced), ``M`` (with ``M.(A,B,C)`` the result, ``M0`` included),
    ``mu_norm``, ``f``, ``flow_steps``, ``newton_steps`` and ``history``.
    """
    check_dps(dps)
    with working(dps):
        A, B, C = as_system(A, B, C)
        check_minimal(A, B, C, dps)
        n = A.rows
        real = _is_real(A, B, C) and (M0 is None or _is_real(as_mp(M0)))
        M = mpmath.eye(n) if M0 is None else as_mp(M0)
        x = act_system(M, A, B, C)
        f = system_norm_sq(*x)
        mu = system_moment(*x)
        h = 1 / (8 * f)
        t = mpmath.mpf(0)
        hist = [(t, f, _frob(mu))] if record else []
        steps = 0
        ftol = mpmath.mpf(flow_tol)
        hcap = None  # after a rejected step, stay near half the largest accepted step (no zig-zag of Euler's method)
        while _frob(mu) > ftol * f and steps < max_flow_steps:
            m2 = _frob(mu) ** 2
            while True:
                E = mpmath.eye(n) - mu * (2 * h)  # a first-order retraction of exp(-2 h mu), still in GL(n)
                xn = act_system(E, *x)
                fn = system_norm_sq(*xn)
                if fn <= f - 2 * h * m2:  # Armijo: half of the first-order decrease 4 h ||mu||^2
                    break
                h /= 2
                hcap = h / 2
            M, x, f, t = E @ M, xn, fn, t + h
            mu = system_moment(*x)
            steps += 1
            if hcap is not None:
                hcap *= mpmath.mpf("1.02")  # the landscape flattens near the minimum: let the cap relax slowly
            h = h * mpmath.mpf("1.5") if hcap is None else min(h * mpmath.mpf("1.5"), hcap)
            if record:
                hist.append((t, f, _frob(mu)))
        basis = hermitian_basis(n, "R" if real else "C")
        newton = 0
        target = mpmath.mpf(10) ** (-dps) * f
        while _frob(mu) > target:
            if newton >= 40:
                raise ValueError("Newton's method for mu = 0 did not converge: is the GL(n) orbit closed "
                                 "(a minimal system)?")
            cols = [_hermitian_coords(_moment_derivative(x, E), real) for E in basis]
            J = mpmath.matrix([[cols[j][i] for j in range(len(basis))] for i in range(len(basis))])
            c = mpmath.lu_solve(J, mpmath.matrix([-v for v in _hermitian_coords(mu, real)]))
            a = mpmath.zeros(n, n)
            for cj, Ej in zip(c, basis):
                a += Ej * cj
            E = mpmath.expm(a)
            M, x = E @ M, act_system(E, *x)
            f, mu = system_norm_sq(*x), system_moment(*x)
            newton += 1
        out = {"A": x[0], "B": x[1], "C": x[2], "M": M, "mu_norm": _frob(mu), "f": f,
               "flow_steps": steps, "newton_steps": newton, "flow_time": t, "history": hist}
    for k in ("A", "B", "C", "M", "mu_norm", "f", "flow_time"):
        out[k] = round_out(out[k], dps)
    out["history"] = [tuple(round_out(list(r), 15)) for r in hist]
    return out


def unitary_between(x1: Sequence, x2: Sequence, *, dps: int = 50):
    r"""The unique ``T`` with ``T.x1 = x2`` for two minimal realizations of the same ``H(z)``.

    Computed from first principles: ``T K_1 = K_2`` for the controllability matrices
    ``K = [B, AB, ..., A^{n-1}B]``, so ``T = K_2 K_1^* (K_1 K_1^*)^{-1}``. Returns ``T`` and the
    residuals ``||T^* T - I||`` and ``||T.x1 - x2||`` (the latter over the three blocks).
    """
    check_dps(dps)
    with working(dps):
        x1, x2 = as_system(*x1), as_system(*x2)
        K1, K2 = controllability_matrix(x1[0], x1[1]), controllability_matrix(x2[0], x2[1])
        T = K2 @ K1.H @ mpmath.inverse(K1 @ K1.H)
        unitarity = _frob(T.H @ T - mpmath.eye(T.rows))
        Tx1 = act_system(T, *x1)
        intertwining = mpmath.sqrt(mpmath.fsum(_frob(u - v) ** 2 for u, v in zip(Tx1, x2)))
    return round_out(T, dps), round_out(unitarity, dps), round_out(intertwining, dps)


# --------------------------------------------------------------------------- Gramians
def _vec(M) -> mpmath.matrix:
    """Column-major vectorization."""
    return mpmath.matrix([M[i, j] for j in range(M.cols) for i in range(M.rows)])


def _unvec(v, n: int) -> mpmath.matrix:
    return mpmath.matrix([[v[j * n + i] for j in range(n)] for i in range(n)])


def _kron(X, Y) -> mpmath.matrix:
    out = mpmath.matrix(X.rows * Y.rows, X.cols * Y.cols)
    for i in range(X.rows):
        for j in range(X.cols):
            for k in range(Y.rows):
                for m in range(Y.cols):
                    out[i * Y.rows + k, j * Y.cols + m] = X[i, j] * Y[k, m]
    return out


def _check_hurwitz(A) -> None:
    ev = mpmath.eig(A, left=False, right=False)
    if max(mpmath.re(e) for e in ev) >= 0:
        raise ValueError("A is not stable (an eigenvalue has real part >= 0): the Gramians of (1.8) are the "
                         "solutions of the Lyapunov equations only for a stable A")


def lyapunov(A, Q, *, dps: int = 50):
    r"""The solution ``X`` of ``A X + X A^* + Q = 0`` (A stable), by vectorization:
    ``(I (x) A + conj(A) (x) I) vec X = -vec Q``."""
    check_dps(dps)
    with working(dps):
        A, Q = as_mp(A), as_mp(Q)
        _check_hurwitz(A)
        n = A.rows
        I = mpmath.eye(n)
        Abar = mpmath.matrix([[mpmath.conj(A[i, j]) for j in range(n)] for i in range(n)])
        L = _kron(I, A) + _kron(Abar, I)
        X = _unvec(mpmath.lu_solve(L, -_vec(Q)), n)
        X = (X + X.H) * mpmath.mpf("0.5")  # exact solution is Hermitian; symmetrise the rounding
    return round_out(X, dps)


def gramians(A, B, C, *, dps: int = 50) -> tuple:
    r"""Controllability and observability Gramians ``P``, ``Q``:
    ``A P + P A^* + B B^* = 0`` and ``A^* Q + Q A + C^* C = 0``."""
    with working(dps):
        A, B, C = as_system(A, B, C)
        P = lyapunov(A, B @ B.H, dps=dps + GUARD)
        Q = lyapunov(A.H, C.H @ C, dps=dps + GUARD)
    return round_out(P, dps), round_out(Q, dps)


def _chol_eig(P, Q):
    """``P = L L^*`` and the eigen-decomposition ``L^* Q L = U diag(s2) U^*`` (ascending)."""
    L = mpmath.cholesky(P)
    S = L.H @ Q @ L
    S = (S + S.H) * mpmath.mpf("0.5")
    real = _is_real(S)
    s2, U = mpmath.eigsy(S) if real else mpmath.eighe(S)
    return L, s2, U


def hankel_singular_values(A, B, C, *, dps: int = 50) -> list:
    r"""The Hankel singular values ``sqrt(eig(P Q))``, in decreasing order, from the two Lyapunov equations."""
    check_dps(dps)
    with working(dps):
        P, Q = gramians(A, B, C, dps=dps + GUARD)
        _, s2, _ = _chol_eig(P, Q)
        hsv = sorted((mpmath.sqrt(max(v, 0)) for v in s2), reverse=True)  # eig(PQ) >= 0; clamp rounding
    return round_out(hsv, dps)


def gramian_balance(A, B, C, *, dps: int = 50) -> dict:
    r"""The (internally) balanced realization: ``T`` with ``T P T^* = T^{-*} Q T^{-1} = diag(hsv)``.

    Square-root algorithm: ``P = L L^*``, ``L^* Q L = U Sigma^2 U^*``, ``T = Sigma^{1/2} U^* L^{-1}``
    (Sigma in decreasing order). Returns ``T``, the balanced triple ``T.(A, B, C)``, ``hsv``,
    and the two residuals ``||T P T^* - Sigma||`` and ``||T^{-*} Q T^{-1} - Sigma||``.
    """
    check_dps(dps)
    with working(dps):
        A, B, C = as_system(A, B, C)
        P, Q = gramians(A, B, C, dps=dps + GUARD)
        L, s2, U = _chol_eig(P, Q)
        n = A.rows
        order = sorted(range(n), key=lambda i: -s2[i])
        sig = [mpmath.sqrt(s2[i]) for i in order]
        Uo = mpmath.matrix([[U[r, i] for i in order] for r in range(n)])
        T = mpmath.diag([mpmath.sqrt(s) for s in sig]) @ Uo.H @ mpmath.inverse(L)
        Ti = mpmath.inverse(T)
        Sigma = mpmath.diag(sig)
        resP = _frob(T @ P @ T.H - Sigma)
        resQ = _frob(Ti.H @ Q @ Ti - Sigma)
        x = act_system(T, A, B, C)
        out = {"T": T, "A": x[0], "B": x[1], "C": x[2], "hsv": sig, "res_P": resP, "res_Q": resQ}
    return {k: round_out(v, dps) for k, v in out.items()}
