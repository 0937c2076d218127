r"""Numeric checks of the flows: Theorem 2, Lemma 5, Theorem 10 (H an isomorphism), Corollary 1.

Each check function *yields* :class:`~dlnsym.claims.evidence.Evidence` records built from first
principles (so that each is timed on its own). Every record carries a *negative control*, a wrong
statement run through the same test, which must be rejected: a wrong rate of Theorem 2, a wrong
gradient for Lemma 5, a rank-deficient state for Theorem 10, the printed constant of (2.31), a
field that is not tangent to the fibre. Every tolerance is a function of ``dps``
(:func:`~dlnsym.numeric.common.tol`, ``10^-(dps - slack)``); a check that shows fewer digits than
the precision says why in its note (the decay rate of Corollary 1 is measured from ``||G(t)||`` at
finite ``t``, about ``(dps + GUARD)/2`` digits).
"""

from __future__ import annotations

import math

import flint
import mpmath

from ..backends.arb import arb_to_mp, flint_state, mp_to_arb, upper
from ..formulas import H_operator, act, end_to_end, inner, kirwan_ness_field, moments, norm_sq, tangent_vector
from ..matrix import Dual, adj, zeros_like
from .bounds import H_residual_bound, pd_lower_bound
from .common import GUARD, random_state, tol, working
from .flows import kirwan_ness_trajectory, regularizing_trajectory
from .hsolve import H_ball_matrix
from .section1 import rank_deficient_state
from .solve import H_eigenvalues, regularizing_gradient, solve_H
from .taylor import TaylorIntegrator

__all__ = ["theorem2_evidence", "lemma5_evidence", "h_iso_evidence", "energy_identity", "check_theorem2",
           "check_lemma5", "check_h_iso", "check_energy", "check_corollary1", "kn_convergence", "kn_linearized_rate",
           "kn_rate_evidence", "balanced_point", "near_balanced_state",
           "heyoka_kirwan_ness_flow", "heyoka_kirwan_ness_integrator"]

NB3 = "03_regularizing_flow.ipynb"
NB4 = "04_kirwan_ness_flow.ipynb"


def _records():
    # imported when a check runs: dlnsym.claims imports the registry, which imports this module
    from ..claims.evidence import Control, Evidence, sizes_of

    return Control, Evidence, sizes_of


def _T(t):
    """A time as a JSON number (an int when it is one)."""
    t = mpmath.mpf(t)
    return int(t) if t == int(t) else float(mpmath.nstr(t, 8))


def _maxnorm(Ms):
    return max(mpmath.mnorm(M, "inf") if isinstance(M, mpmath.matrix) else abs(M) for M in Ms)


def _Gnorm_sq(W):
    return norm_sq(moments(W))


def _fro(Ms):
    return mpmath.sqrt(mpmath.fsum(mpmath.mnorm(M, "f") ** 2 for M in Ms))


def near_balanced_state(N: int, d: int, field: str, seed: int, eps="0.3", *, dps: int = 50) -> list:
    """``A.C`` with ``C = (Lam, ..., Lam)`` balanced and ``A_k = I + eps R_k`` (``R_k`` random): a state of ``F_X``
    with ``G_0 = O(eps)`` (Section 1.2: every point of the fibre is ``A.C`` for some ``A``, Lemma 1)."""
    R = random_state(N, d, field, seed=seed + 1000, dps=dps)
    with working(dps):
        Lam = mpmath.diag([1 + mpmath.mpf(i) / (2 * d) for i in range(d)])
        A = [mpmath.eye(d) + mpmath.mpf(eps) * R[k] / d for k in range(N - 1)]
        return act(A, [Lam] * N)


# =========================================================================== Theorem 2
def theorem2_evidence(W0, ts, *, dps=50, rate=2, tol=None, control=None, control_err=None, integrator=None):
    """``max_k |G_k(t) - G_k(0) e^{-rate t}|`` over ``ts``, ``|X(t) - X(0)|``, and ``||W(t)||^2`` along (1.17).

    The flow runs at ``dps`` digits by the Taylor scheme of :mod:`.regflow` with local error target ``tol``
    (default ``10^-dps``: over the 20-40 steps of ``[0, 3]`` the drift of ``X`` stays below the ``10^-(dps - 5)``
    test, and it is 1.4x cheaper than ``10^-(dps + GUARD)``).
    Returns ``(errG, errX, norms, theorem1_min)`` with ``theorem1_min = N sum_i sigma_i^{2/N}``; if ``control``
    is a (wrong) rate, ``control_err[0]`` receives the same error for ``e^{-control t}`` on the same trajectory;
    if ``integrator`` is a list, the integrator is appended to it."""
    tol = mpmath.mpf(10) ** -dps if tol is None else tol
    Ws = regularizing_trajectory(W0, ts, dps=dps, tol=tol, integrator=integrator)
    N = len(W0)
    with working(dps):
        G0, X0 = moments(W0), end_to_end(W0)
        errG = mpmath.mpf(0)
        errX = mpmath.mpf(0)
        norms = []
        for t, W in zip(ts, Ws):
            e = mpmath.exp(-rate * mpmath.mpf(t))
            errG = max(errG, max(mpmath.mnorm(g - g0 * e, "inf") for g, g0 in zip(moments(W), G0)))
            if control is not None:
                ec = mpmath.exp(-control * mpmath.mpf(t))
                control_err[0] = max(control_err[0], max(mpmath.mnorm(g - g0 * ec, "inf")
                                                         for g, g0 in zip(moments(W), G0)))
            errX = max(errX, mpmath.mnorm(end_to_end(W) - X0, "inf"))
            norms.append(norm_sq(W))
        sig = mpmath.svd(X0, compute_uv=False)
        tmin = N * mpmath.fsum(abs(s) ** (mpmath.mpf(2) / N) for s in sig)
    return errG, errX, norms, tmin


def check_theorem2(opts):
    """Theorem 2 along the regularizing flow: ``G(t) = G_0 e^{-2t}``, ``X`` preserved, ``||W||^2`` decreasing.

    Residual ``max(max_t |G(t) - G_0 e^{-2t}|, max_t |X(t) - X_0|)``; tolerance ``10^-(dps-10)`` for both
    (the Taylor step's local error target is ``10^-dps``; an error of G and a drift of X are both the integrator's
    global error, accumulated over the steps). Control: the rate ``e^{-t}`` on the same
    trajectory. Every case covers the whole interval ``[0, 3]`` (``T`` in the sizes); the figures carry the
    integrator's own error estimate (the sum of its local truncation estimates)."""
    Control, Evidence, sizes_of = _records()
    dps = opts.dps
    whole = ["0.5", "1", "2", "3"]
    # (sizes, start, output times): the Taylor scheme factors H once per step (N = 4, d = 3 over C: ~6 s)
    cases = [((2, 2, "R"), "near", ["1", "3"]), ((2, 2, "C"), "random", whole)]
    if not opts.quick:
        cases += [((3, 2, "C"), "near", whole), ((4, 3, "R"), "random", whole), ((4, 3, "C"), "random", whole)]
    if opts.long:  # larger instances (about a minute each)
        cases += [((6, 4, "R"), "random", whole), ((6, 4, "C"), "random", whole)]
    tolG = tolX = tol(dps, 10)
    for (N, d, f), kind, ts in cases:
        if f not in opts.fields:
            continue
        seed = 3 if N >= 4 else 2
        W0 = random_state(N, d, f, seed=seed, dps=dps) if kind == "random" else near_balanced_state(N, d, f, 2, dps=dps)
        cerr = [mpmath.mpf(0)]
        integ = []
        errG, errX, norms, tmin = theorem2_evidence(W0, ts, dps=dps, control=1, control_err=cerr, integrator=integ)
        I = integ[0]
        decreasing = all(a > b for a, b in zip(norms, norms[1:])) and all(n >= tmin for n in norms)
        control = Control("G(t) = G_0 e^{-t} (rate 1 instead of 2), on the same trajectory", cerr[0],
                          rejected=cerr[0] > tolG)
        note = (f"t in {ts}: max|G(t) - G0 e^-2t| = {mpmath.nstr(errG, 3)} (tolerance 10^-(dps-10)), "
                f"|X(t) - X0| = {mpmath.nstr(errX, 3)} (tolerance 10^-(dps-10)); ||W||^2: "
                f"{' > '.join(mpmath.nstr(n, 8) for n in norms)} >= N sum sigma^(2/N) = {mpmath.nstr(tmin, 8)}; "
                f"Taylor scheme of order {I.order}, {I.steps} steps, integrator's own error estimate "
                f"{mpmath.nstr(I.error_estimate, 3)}; control e^-t off by {mpmath.nstr(cerr[0], 3)}")
        with working(dps):
            residual = max(errG, errX)
        yield Evidence(residual, errG <= tolG and errX <= tolX and decreasing,
                       sizes_of(W0, f, T=_T(ts[-1])), note=note, dps=dps, control=control,
                       figures={"G_error": errG, "X_drift": errX, "tolerance_G": tolG,
                                "norm_sq": ", ".join(mpmath.nstr(n, 10) for n in norms),
                                "theorem1_min": mpmath.nstr(tmin, 10), "integrator_error_estimate": I.error_estimate,
                                "steps": I.steps, "order": I.order})


# =========================================================================== Lemma 5
def lemma5_evidence(W, a, *, dps=50, wb=None):
    """``<w_b, w_a>`` vs ``dF(W) w_a`` with ``F = 1/2||W||^2`` differentiated by a Dual jet along ``e^{tau a}.W``.

    ``d/dtau (e^{tau a}.W)|_0 = w_a`` (2.3), so ``dF w_a = d/dtau 1/2||W + tau w_a||^2 |_0`` is the
    derivative of the polynomial ``1/2 <W + tau w_a, W + tau w_a>`` at 0 (exact product rule, :class:`Dual`).
    Returns ``(lhs, rhs)``; ``wb`` may pass ``w_b`` already computed."""
    wb = regularizing_gradient(W, dps=dps) if wb is None else wb
    with working(dps):
        wa = tangent_vector(W, a)
        J = inner([Dual(Wk, v) for Wk, v in zip(W, wa)], [Dual(Wk, v) for Wk, v in zip(W, wa)])
        rhs = J.der / 2
        lhs = inner(wb, wa)
    return lhs, rhs


def lemma5_bound(W, b, directions, *, dps=50):
    """Upper bound (ball arithmetic) of ``max_a |<w_b, w_a> - dF w_a| / max(1, |dF w_a|)`` over ``directions``,
    for the given ``b`` (exact ball copies of ``W``, ``b``, ``a``; ``dF`` by :class:`Dual` jets of balls)."""
    with working(dps):
        c = any(isinstance(x, mpmath.mpc) for M in W for x in M)
        Wf, bf = flint_state(W, complex_=c), flint_state(b, complex_=c)
        wb = tangent_vector(Wf, bf)
        worst = mpmath.mpf(0)
        for a in directions:
            wa = tangent_vector(Wf, flint_state(a, complex_=c))
            J = inner([Dual(Wk, v) for Wk, v in zip(Wf, wa)], [Dual(Wk, v) for Wk, v in zip(Wf, wa)])
            rhs = J.der / 2
            diff = inner(wb, wa) - rhs
            den = max(mpmath.mpf(1), mpmath.mpf(float(abs(rhs.mid()))) * (1 - mpmath.mpf(10) ** -10))
            worst = max(worst, upper(diff) / den)
    return worst


def check_lemma5(opts):
    """Lemma 5: ``<w_b, w_a> = dF w_a`` for random ``a``, ``b`` from the structured solve of (2.19).

    Residual: the worst relative difference over 3 directions ``a``; tolerance ``10^-(dps-10)``. Control: the
    same identity for ``2 w_b`` (``b' = 2b`` solves ``H(b') = 2G``), which must fail for every ``a``."""
    Control, Evidence, sizes_of = _records()
    dps = opts.dps
    tl = tol(dps, 10)
    for N, d, f in [(2, 2, "R"), (3, 2, "C"), (4, 3, "C"), (4, 3, "R")]:
        if f not in opts.fields or (opts.quick and d > 2):
            continue
        W = random_state(N, d, f, seed=5, dps=dps)
        with working(dps):
            G = moments(W)
        b = solve_H(W, G, dps=dps)
        with working(dps):
            wb = tangent_vector(W, b)     # the gradient of Lemma 5 from this b (the object the bound is about)
        bnd, hres = lemma5_bound(W, b, [random_state(N, d, f, seed=50 + s, dps=dps)[: N - 1] for s in range(3)],
                                 dps=dps), H_residual_bound(W, b, G, dps=dps)
        worst, best_bad = mpmath.mpf(0), mpmath.inf
        for s in range(3):
            a = random_state(N, d, f, seed=50 + s, dps=dps)[: N - 1]
            lhs, rhs = lemma5_evidence(W, a, dps=dps, wb=wb)
            with working(dps):
                scale = max(1, abs(rhs))
                worst = max(worst, abs(lhs - rhs) / scale)
                bad = abs(inner([2 * v for v in wb], tangent_vector(W, a)) - rhs) / scale
                best_bad = min(best_bad, bad)
        control = Control("<2 w_b, w_a> = dF w_a (b' = 2b, which solves H(b') = 2G, is not the gradient)",
                          best_bad, rejected=best_bad > tl)
        yield Evidence(worst, worst <= tl, sizes_of(W, f), dps=dps, control=control, bound=bnd,
                       note=(f"<w_b, w_a> = dF w_a for 3 random a (b by the structured solve of (2.19), dF by Dual "
                             f"jets), relative, tolerance 10^-(dps-10); in ball arithmetic at the computed b (rounded "
                             f"to dps digits): |<w_b, w_a> - dF w_a| <= {mpmath.nstr(bnd, 3)} and "
                             f"|H(b) - G| <= {mpmath.nstr(hres, 3)}; control 2 w_b off by at least "
                             f"{mpmath.nstr(best_bad, 3)}"),
                       figures={"tolerance": tl, "H_residual_bound": hres})


# =========================================================================== Theorem 10 (proof): H iso
def h_iso_evidence(W, *, dps=50):
    """``(lambda_min, lambda_max)`` of ``H`` (Hermitian in the Frobenius basis)."""
    ev = H_eigenvalues(W, dps=dps)
    return ev[0], ev[-1]


def h_invertible_threshold(dps: int):
    """``H`` counts as invertible at ``dps`` digits when ``lambda_min(H) > 10^-(dps-10) lambda_max(H)``.

    The eigenvalues are computed at ``dps + GUARD`` digits by a backward-stable Hermitian eigensolver, so their
    absolute error is about ``10^-(dps + GUARD) lambda_max``: a ratio above ``10^-(dps-10)`` is far outside it,
    a ratio below it is zero at the working precision."""
    return tol(dps, 10)


def h_solve_backward_error(W, R, *, dps=50):
    """Solve ``H(b) = R`` by the structured solver (:func:`~dlnsym.numeric.solve.solve_H`, block LU on FLINT) and
    return ``(b, eta, eta_bound)`` with the normwise backward error ``eta = ||H(b) - R|| / (||H||_2 ||b|| + ||R||)``
    (Frobenius norms, ``H(b)`` by the shared formula (2.8), ``||H||_2 = lambda_max``) and a rigorous upper bound of
    ``eta``: ``||H(b) - R||_F`` evaluated in ball arithmetic at the computed ``b``, over ``||R||_F``."""
    b = solve_H(W, R, dps=dps)
    lmax = h_iso_evidence(W, dps=dps)[1]
    with working(dps):
        r = [h - Rk for h, Rk in zip(H_operator(W, b), R)]
        eta = _fro(r) / (lmax * _fro(b) + _fro(R))
        c = any(isinstance(x, mpmath.mpc) for M in list(W) + list(R) for x in M)
        rb = [x - y for x, y in zip(H_operator(flint_state(W, complex_=c), flint_state(b, complex_=c)),
                                    flint_state(R, complex_=c))]
        fro_b = sum((abs(x) ** 2 for M in rb for x in M.m.entries()), flint.arb(0)).sqrt()
        eta_bound = upper(fro_b / mp_to_arb(_fro(R) * (1 - mpmath.mpf(10) ** -(dps + 5))))
    return b, eta, eta_bound


def h_certified_lambda_min(W, *, dps=50):
    """A certified lower bound ``mu > 0`` of ``lambda_min(H)`` (ball Cholesky of ``H - mu I`` on the dense ball
    matrix of ``H`` from the shared formula, :func:`dlnsym.numeric.bounds.pd_lower_bound`), or ``None``."""
    with working(dps):
        c = any(isinstance(x, mpmath.mpc) and x.imag != 0 for M in W for x in M)
        return pd_lower_bound(H_ball_matrix(W, c))


def check_h_iso(opts):
    """Theorem 10 (proof): at full rank ``H`` is an isomorphism of ``gl(d)^(N-1)``.

    Residual: the backward error of the structured solve of ``H(b) = R`` for a random ``R`` (tolerance
    ``10^-(dps-5)``), with its rigorous ball bound; invertibility **certified** by a lower bound ``mu > 0`` of
    ``lambda_min(H)`` from a Cholesky factorisation of ``H - mu I`` in ball arithmetic
    (:func:`h_certified_lambda_min`), and numerically ``lambda_min(H) > 10^-(dps-10) lambda_max(H)``
    (:func:`h_invertible_threshold`). Control: the same certificate at a state with ``W_1``, ``W_2`` singular
    (:func:`~dlnsym.numeric.section1.rank_deficient_state`, truncated to rank ``d - 1``) must fail."""
    Control, Evidence, sizes_of = _records()
    dps = opts.dps
    theta, tl = h_invertible_threshold(dps), tol(dps, 5)
    for N, d, f in [(2, 2, "R"), (3, 2, "C"), (4, 3, "R"), (4, 3, "C")]:
        if f not in opts.fields or (opts.quick and d > 2):
            continue
        W = random_state(N, d, f, seed=7, dps=dps)
        R = random_state(N, d, f, seed=70, dps=dps)[: N - 1]
        lo, hi = h_iso_evidence(W, dps=dps)
        _, eta, eta_bound = h_solve_backward_error(W, R, dps=dps)
        mu = h_certified_lambda_min(W, dps=dps)
        Wr = rank_deficient_state(N, d, f, seed=7, dps=dps)
        lo2, hi2 = h_iso_evidence(Wr, dps=dps)
        mu2 = h_certified_lambda_min(Wr, dps=dps)
        with working(dps):
            ratio, ratio2 = lo / hi, abs(lo2) / hi2
        control = Control("H is invertible at a state with W_1, W_2 singular: lambda_min(H)/lambda_max(H) = "
                          f"{mpmath.nstr(ratio2, 3)} > 10^-(dps-10), certified lower bound "
                          f"{'none' if mu2 is None else mpmath.nstr(mu2, 3)}", ratio2,
                          rejected=ratio2 <= theta and mu2 is None)
        yield Evidence(eta, eta <= tl and ratio > theta and mu is not None, sizes_of(W, f), dps=dps, control=control,
                       bound=eta_bound,
                       note=(f"H(b) = R (random R) solved by block LU with backward error "
                             f"{mpmath.nstr(eta, 3)} (ball bound {mpmath.nstr(eta_bound, 3)}; tolerance "
                             f"10^-(dps-5)); invertible: certified lambda_min(H) >= "
                             f"{'none' if mu is None else mpmath.nstr(mu, 5)} (ball Cholesky of H - mu I), "
                             f"lambda_min(H) = {mpmath.nstr(lo, 5)}, cond(H) = {mpmath.nstr(hi / lo, 5)} < "
                             f"10^(dps-10); rank-deficient W_1, W_2 (control): lambda_min/lambda_max = "
                             f"{mpmath.nstr(ratio2, 3)} (singular), no certified lower bound"),
                       figures={"lambda_min": lo, "lambda_max": hi, "cond": mpmath.nstr(hi / lo, 6),
                                "lambda_min_certified_lower": mu, "threshold": theta, "control_lambda_min": lo2})


# =========================================================================== Corollary 1 and (2.31)
def energy_identity(W0, nsteps: int = 2, *, dps=50, coeff=4):
    r"""Compare ``1/2||G(t1)||^2 - 1/2||G(0)||^2`` with ``-coeff int_0^{t1} ||w_G||^2 dt`` along (1.22).

    ``t1`` is the end of the first ``nsteps`` Taylor steps; the integral is computed by Gauss-Legendre
    quadrature (``mpmath.quad``) of the dense output of each step. Returns ``(lhs, rhs, t1)``."""
    steps = []
    integ = []
    kirwan_ness_trajectory(W0, [], dps=dps, integrator=integ)
    I = integ[0]
    for _ in range(nsteps):
        I.step(None, steps.append)
    t1 = I.t
    W1 = I.state()
    with working(dps):
        def integrand(step):
            def g(tau):
                W = step.at(tau)
                return norm_sq(tangent_vector(W, moments(W)))
            return g

        total = mpmath.fsum(mpmath.quad(integrand(s), [0, s.h], method="gauss-legendre") for s in steps)
        lhs = (_Gnorm_sq(W1) - _Gnorm_sq(W0)) / 2
        rhs = -coeff * total
    return lhs, rhs, t1


def check_energy(opts):
    """Corrected (2.31) along (1.22): ``d/dt 1/2||G||^2 = -4||w_G||^2``, integrated over the first Taylor steps.

    Residual: ``|Delta 1/2||G||^2 + 4 int ||w_G||^2| / |Delta 1/2||G||^2|``; tolerance ``10^-(dps-5)`` (the end
    state is rounded to ``dps`` digits; the quadrature of the polynomial dense output is exact to the working
    precision). Control: the printed ``-2||w_G||^2``."""
    Control, Evidence, sizes_of = _records()
    dps = opts.dps
    tl = tol(dps, 5)
    for N, d, f in [(2, 2, "R"), (3, 2, "C"), (4, 3, "R")]:
        if f not in opts.fields or (opts.quick and d > 2):
            continue
        W0 = random_state(N, d, f, seed=11, dps=dps)
        lhs, rhs, t1 = energy_identity(W0, 1 if d > 2 else 2, dps=dps)
        with working(dps):
            r = abs(lhs - rhs) / abs(lhs)
            rp = abs(lhs - rhs / 2) / abs(lhs)      # (2.31) as printed: -2 ||w_G||^2
        control = Control("(2.31) as printed: d/dt 1/2||G||^2 = -2||w_G||^2", rp, rejected=rp > tl)
        yield Evidence(r, r <= tl, sizes_of(W0, f, T=_T(t1)), dps=dps, control=control,
                       note=(f"on [0, {mpmath.nstr(t1, 5)}]: d/dt 1/2||G||^2 = -4||w_G||^2 holds to "
                             f"{mpmath.nstr(r, 3)} (relative; tolerance 10^-(dps-5)); the printed -2||w_G||^2 is off "
                             f"by {mpmath.nstr(rp, 3)}"),
                       figures={"delta_half_G_sq": lhs, "tolerance": tl})


def kn_linearized_rate(Wstar, *, dps=30):
    r"""The linearization of (1.22) at a point of ``M_0``: its eigenvalues, real, ``<= 0``.

    The Jacobian is assembled column by column from :class:`~dlnsym.matrix.Dual` jets of the
    shared field (exact directional derivatives) on FLINT ball matrices, in real coordinates (real and imaginary
    parts), and its eigenvalues come from FLINT's eigensolver (``acb_mat.eig``, approximate: the zero eigenvalues
    of the directions along ``M_0`` are multiple, so they cannot be isolated by the certified algorithms).
    Zero eigenvalues belong to directions along ``M_0`` (equilibria); the decay rate of
    ``||G||`` is the smallest nonzero ``|lambda|`` (the modes with ``dG != 0``, normal to ``M_0``).
    Returns the sorted list of ``-lambda`` (the rates)."""
    N, d = len(Wstar), Wstar[0].rows
    cplx = any(isinstance(x, mpmath.mpc) and x.imag != 0 for M in Wstar for x in M)
    parts = [1, 1j] if cplx else [1]
    with working(dps):
        Ws = flint_state(Wstar, complex_=cplx)
        basis = [(k, i, j, p) for k in range(N) for i in range(d) for j in range(d) for p in parts]
        n = len(basis)
        J = flint.arb_mat(n, n)
        for c, (k, i, j, p) in enumerate(basis):
            V = [zeros_like(M) for M in Ws]
            V[k][i, j] = flint.acb(0, 1) if p == 1j else 1
            F = kirwan_ness_field([Dual(M, v) for M, v in zip(Ws, V)])
            for r, (k2, i2, j2, p2) in enumerate(basis):
                x = F[k2].der[i2, j2]
                J[r, c] = (x.real if p2 == 1 else x.imag) if cplx else x
        ev = flint.acb_mat(J.mid()).eig(algorithm="approx")
        rates = sorted(-arb_to_mp(e.real) for e in ev)
    return rates


def balanced_point(X, N: int, *, dps: int = 50) -> list:
    r"""The balanced point ``B`` of the fibre ``F_X`` (``X`` of full rank) built from the SVD ``X = U S V``:
    ``B_1 = S^{1/N} V``, ``B_k = S^{1/N}`` (``1 < k < N``), ``B_N = U S^{1/N}``.

    Every balanced point of ``F_X`` is ``B_k -> U_k B_k U_{k-1}^*`` with unitary ``U_k`` (``U_0 = U_N = I``), since
    ``W_k W_k^* = W_{k+1}^* W_{k+1}`` forces ``W_1^* W_1 = (X^* X)^{1/N}``; (1.22) and the Euclidean metric are
    invariant under these unitaries, so the linearization of (1.22) has the same spectrum at every point of
    ``F_X \cap M_0``: at the limit of the flow (Corollary 1) as at ``B``."""
    with working(dps):
        U, S, V = mpmath.svd(X)
        if min(abs(s) for s in S) <= max(abs(s) for s in S) * tol(dps, 5):
            raise ValueError("balanced_point: X is rank deficient; the construction needs X of full rank")
        D = mpmath.diag([abs(s) ** (mpmath.mpf(1) / N) for s in S])
        return [D * V] + [D.copy() for _ in range(N - 2)] + [U * D]


def kn_convergence(W0, ts, *, dps=30):
    """``(ts, ||G(t)||, |W(t_i) - W(t_{i-1})|, |X(t) - X(0)|, W(t_last))`` along (1.22)."""
    Ws = kirwan_ness_trajectory(W0, ts, dps=dps)
    with working(dps):
        X0 = end_to_end(W0)
        g = [mpmath.sqrt(_Gnorm_sq(W)) for W in Ws]
        jumps = [max(mpmath.mnorm(a - b, "inf") for a, b in zip(W1, W2)) for W1, W2 in zip(Ws, Ws[1:])]
        dx = max(mpmath.mnorm(end_to_end(W) - X0, "inf") for W in Ws)
    return g, jumps, dx, Ws[-1]


def kn_rate_evidence(W0, *, dps: int = 50, t_max=None) -> dict:
    r"""The decay rate of ``||G(t)||`` along (1.22), measured from the trajectory and predicted by the linearization.

    *Predicted*: ``lambda_1``, the smallest nonzero rate of the linearization of (1.22) at the balanced point of
    ``F_X`` (:func:`balanced_point`; the spectrum is the same at every point of ``F_X \cap M_0``, the limit
    included). At a point of ``M_0`` the Jacobian is ``-dG^* dG`` up to a constant, so its kernel is exactly
    ``ker dG`` and the nonzero rates are separated from 0 by ``lambda_1``.

    *Measured*: ``r_j = log(||G(t_j)|| / ||G(t_{j+1})||) / Delta`` over windows ``t_j = j Delta``. Near the limit,
    ``||G(t)||^2 = sum_i |a_i|^2 e^{-2 lambda_i t}`` (the ``dG v_i`` are orthogonal) plus nonlinear terms, so
    ``r_j = lambda_1 + C e^{-gamma t_j} + ...`` with ``gamma = min(2(lambda_2 - lambda_1), lambda_1)``, ``lambda_2``
    the next distinct rate. One Richardson step with ``q = e^{-gamma Delta}`` removes this term:
    ``R_j = (r_{j+1} - q r_j) / (1 - q)``. Error of ``R_j``: the truncation estimate ``|R_j - R_{j-1}|`` (the
    remaining terms decay geometrically) plus rounding: ``G = W W^* - W^* W`` is a difference of ``O(1)`` terms
    with absolute error ``eps = 10 ||W||^2 10^-(dps + GUARD)``, relative ``eps / ||G||`` (propagated through
    ``r`` and ``R``). The flow is integrated (Taylor, at ``dps``, the state kept at ``dps + GUARD`` digits) until
    the rounding term exceeds the truncation term; the ``R_j`` with the smallest error estimate is returned. The
    two terms balance where ``||G|| ~ 10^-((dps + GUARD)/2)``: the rate can show about ``(dps + GUARD)/2``
    digits, no more. After the Richardson step the next bias term is ``O(e^{-gamma_2 t})``,
    ``gamma_2 = min(2(lambda_3 - lambda_1), lambda_1)`` (``lambda_3`` the rate after ``lambda_2``), while
    ``||G|| ~ e^{-lambda_1 t}``; at the stopping time that bias is ``~10^-((dps + GUARD)/2 * gamma_2/lambda_1)``,
    so when ``gamma_2 < lambda_1`` (close rates, as at ``N = 6, d = 4``) the rate shows about
    ``(dps + GUARD)/2 * gamma_2 / lambda_1`` digits (``gamma_2`` is returned).

    Returns a dict: ``measured``, ``error`` (the estimate), ``predicted``, ``lambda_2``, ``gamma``, ``raw`` (the
    un-extrapolated ``r_j``), ``window`` (its ``t_j, t_{j+2}``), ``T`` (final time), ``g`` (``||G(t_j)||``),
    ``ts``, ``jumps`` (``|W(t_j) - W(t_{j-1})|``), ``X_drift`` (relative), ``predicted_at_T`` (``lambda_1`` of the
    linearization at ``W(T)``)."""
    integ = []
    kirwan_ness_trajectory(W0, [], dps=dps, integrator=integ)
    I = integ[0]
    N = len(W0)
    with working(dps):
        Wc = I.state(rounded=False)
        X0 = end_to_end(Wc)
        nX = mpmath.mnorm(X0, "inf")
    spec = kn_linearized_rate(balanced_point(X0, N, dps=dps), dps=dps)
    with working(dps):
        theta = spec[-1] * tol(dps, 10)
        nonzero = [r for r in spec if r > theta]
        if not nonzero:
            raise ValueError("the linearization of (1.22) at the balanced point has no decaying mode")
        lam1 = nonzero[0]
        higher = [r for r in nonzero if r - lam1 > theta]
        lam2 = higher[0] if higher else None
        gamma = min(2 * (lam2 - lam1), lam1) if lam2 is not None else lam1
        higher3 = [r for r in higher if r - lam2 > theta] if lam2 is not None else []
        gamma2 = min(2 * (higher3[0] - lam1), lam1) if higher3 else lam1
        delta = mpmath.mpf(math.ceil(4 * math.log(1000) / float(lam1))) / 4     # ||G|| falls ~1000x per window
        q = mpmath.exp(-gamma * delta)
        t_max = mpmath.mpf(t_max) if t_max is not None else (
            2 * (dps + GUARD) * mpmath.log(10) / lam1 + 10 * delta)
        unit = mpmath.mpf(10) ** -(dps + GUARD)
        t = mpmath.mpf(0)
        ts, gs, jumps = [t], [mpmath.sqrt(_Gnorm_sq(Wc))], []
        r, nr, R, nR, cands = [], [], [], [], []
        dx = mpmath.mpf(0)
        Wprev = Wc
        while t < t_max:
            t += delta
            I.propagate_to(t)
            W = I.state(rounded=False)
            g = mpmath.sqrt(_Gnorm_sq(W))
            eps = 10 * max(1, norm_sq(W)) * unit
            jumps.append(_maxnorm([a - b for a, b in zip(W, Wprev)]))
            dx = max(dx, mpmath.mnorm(end_to_end(W) - X0, "inf") / nX)
            Wprev = W
            ts.append(t)
            gs.append(g)
            r.append((mpmath.log(gs[-2]) - mpmath.log(g)) / delta)
            nr.append((eps / gs[-2] + eps / g) / delta)
            if len(r) >= 2:
                R.append((r[-1] - q * r[-2]) / (1 - q))
                nR.append((nr[-1] + q * nr[-2]) / (1 - q))
            if len(R) >= 2:
                trunc = abs(R[-1] - R[-2])
                cands.append((trunc + nR[-1], len(R) - 1))
                if nR[-1] >= trunc:        # rounding dominates from here on
                    break
        if not cands:
            raise ValueError(f"kn_rate_evidence: fewer than 4 windows before t = {mpmath.nstr(t_max, 5)}")
        err, j = min(cands)
        W_T = Wprev
    lam_T = [x for x in kn_linearized_rate(W_T, dps=dps) if x > theta]
    return {"measured": R[j], "error": err, "predicted": lam1, "lambda_2": lam2, "gamma": gamma, "raw": r[j + 1],
            "window": (ts[j], ts[j + 2]), "delta": delta, "T": t, "g": gs, "ts": ts, "jumps": jumps, "X_drift": dx,
            "predicted_at_T": lam_T[0] if lam_T else None, "spectrum": nonzero,
            "gamma_2": gamma2}


def _kn_field_flipped(W):
    """(1.22) with the sign of the ``W_k G_{k-1}`` term flipped: ``-2(W_k G_{k-1} + G_k W_k)``, not tangent to
    the fibres (for ``N = 2``, ``dX/dt = -4 W_2 G_1 W_1``). A negative control for the preservation of ``X``."""
    G = moments(W)
    N = len(W)
    out = []
    for k in range(1, N + 1):
        Wk = W[k - 1]
        acc = Wk @ G[k - 2] if k >= 2 else None
        if k <= N - 1:
            acc = G[k - 1] @ Wk if acc is None else acc + G[k - 1] @ Wk
        out.append(acc * (-2))
    return out


def check_corollary1(opts):
    """Corollary 1: along (1.22) ``G -> 0`` exponentially at the rate of the linearization at the limit (so
    ``W(t)`` converges to a point of ``M_0``), ``X`` is preserved, the steps shrink; and from a rank-deficient
    start (the flow is defined on all of ``M_d^N``, Remark 11) ``X`` is preserved while ``G`` decays slowly.

    Full rank: residual ``|measured - predicted| / predicted`` (:func:`kn_rate_evidence`), tolerance ``10`` times
    the a-posteriori error estimate of the measured rate. So that a vague measurement cannot pass, the estimate
    must itself certify at least ``dps/2 - 2`` digits (the rate can show about ``(dps + GUARD)/2`` at best, see
    :func:`kn_rate_evidence`; the windows of length ``Delta``, over which ``||G||`` falls about 1000-fold, sample
    the balance point coarsely; the error estimates measured: 15.5 digits at ``dps = 30``, 30 at 50, 42 at 80). The
    result's digits are those of the error estimate when the residual is below it (``Evidence.uncertainty``).
    Control: the rate ``lambda_1 / 2`` that the printed constant ``-2||w_G||^2`` of (2.31) gives."""
    Control, Evidence, sizes_of = _records()
    dps = opts.dps
    cases = [(2, 2, "R"), (2, 2, "C")] if opts.quick else [(2, 2, "R"), (2, 2, "C"), (3, 2, "R")]
    if opts.long:  # larger instances (about 20 s over R, a minute over C)
        cases += [(6, 4, "R"), (6, 4, "C")]
    for N, d, f in cases:
        if f not in opts.fields:
            continue
        W0 = near_balanced_state(N, d, f, 3, eps="0.3", dps=dps)
        ev = kn_rate_evidence(W0, dps=dps)
        with working(dps):
            lam, meas = ev["predicted"], ev["measured"]
            resid = abs(meas - lam) / lam
            tl = 10 * ev["error"] / lam
            # the digits the method can show: about dps/2 (less 2 for the Richardson step), times gamma_2/lambda_1
            # when the third mode decays slower than G
            floor = mpmath.mpf(10) ** (2 - mpmath.mpf(dps) / 2 * min(1, ev["gamma_2"] / lam))
            wrong = lam / 2
            resid_c = abs(meas - wrong) / wrong
            g, jumps = ev["g"], ev["jumps"]
            ok = (resid <= tl and tl <= floor and ev["X_drift"] <= tol(dps, 5)
                  and all(b < a for a, b in zip(g, g[1:])) and all(b < a for a, b in zip(jumps, jumps[1:])))
            shown = max(1, int(-mpmath.log10(tl)) + 2)
            lam2 = ev["lambda_2"]
            off2 = abs(meas - lam2) / lam2 if lam2 is not None else None
        control = Control(f"||G(t)|| decays at the rate lambda_1/2 = {mpmath.nstr(wrong, 8)} that the printed "
                          "constant -2||w_G||^2 of (2.31) would give", resid_c, rejected=resid_c > tl)
        w0, w1 = ev["window"]
        note = (f"||G(t)|| at t = 0, {mpmath.nstr(ev['delta'], 4)}, ..., {mpmath.nstr(ev['T'], 4)}: "
                f"{mpmath.nstr(g[0], 3)} ... {mpmath.nstr(g[-1], 3)}; measured rate {mpmath.nstr(meas, shown)} "
                f"(Richardson over [{mpmath.nstr(w0, 4)}, {mpmath.nstr(w1, 4)}] against the next mode, "
                f"gamma = {mpmath.nstr(ev['gamma'], 6)}; un-extrapolated {mpmath.nstr(ev['raw'], shown)}) vs "
                f"lambda_1 = {mpmath.nstr(lam, shown)}, the smallest nonzero rate of the linearization at the limit "
                f"(at the balanced point of F_X; at W(T): {mpmath.nstr(ev['predicted_at_T'], shown)}). The rate is "
                f"estimated from G(t) at finite t: the next mode leaves an O(e^-gamma t) bias (removed by one "
                f"Richardson step), and ||G|| = g carries the relative rounding 10^-(dps+GUARD)/g; the two balance "
                f"near g ~ 10^-((dps+GUARD)/2), so the rate shows about (dps+GUARD)/2 digits (here the error "
                f"estimate is {mpmath.nstr(ev['error'] / lam, 3)}, tolerance 10x it, at most "
                f"10^-(dps/2 min(1, gamma_2/lambda_1) - 2) = {mpmath.nstr(floor, 3)}). "
                f"|X(t)-X0|/|X0| <= {mpmath.nstr(ev['X_drift'], 3)}; steps |W(t_i)-W(t_i-1)| shrink from "
                f"{mpmath.nstr(jumps[0], 3)} to {mpmath.nstr(jumps[-1], 3)} (Cauchy); control lambda_1/2 off by "
                f"{mpmath.nstr(resid_c, 3)}"
                + (f", lambda_2 off by {mpmath.nstr(off2, 3)}" if off2 is not None else ""))
        yield Evidence(resid, ok, sizes_of(W0, f, T=_T(ev["T"])), note=note, dps=dps, control=control,
                       uncertainty=ev["error"] / lam,
                       figures={"rate_measured": mpmath.nstr(meas, shown), "rate_predicted": mpmath.nstr(lam, shown),
                                "rate_unextrapolated": mpmath.nstr(ev["raw"], shown),
                                "lambda_2": mpmath.nstr(lam2, 10) if lam2 is not None else "none",
                                "rate_error_estimate": ev["error"] / lam, "tolerance": tl,
                                "G_final": g[-1], "X_drift": ev["X_drift"]})
    # rank-deficient start (Remark 11: the flow is defined on all of M_d^N): X has rank 1 for d = 2
    if "R" in opts.fields:
        W0 = random_state(2, 2, "R", seed=4, dps=dps)
        with working(dps):
            W0[0][1, :] = W0[0][0, :] * mpmath.mpf("0.5")        # W_1 rank 1, so X rank 1
            X0 = end_to_end(W0)
        ts = [2, 8, 32]
        g, jumps, dx, Wl = kn_convergence(W0, ts, dps=dps)
        Tc = mpmath.mpf("0.05")   # the flipped field blows up near t = 0.082 on this state
        I = TaylorIntegrator(_kn_field_flipped, W0, dps=dps)
        I.propagate_to(Tc)
        Wf = I.state()
        tl = tol(dps, 5)
        with working(dps):
            nX = mpmath.mnorm(X0, "inf")
            drift = dx / nX
            drift_c = mpmath.mnorm(end_to_end(Wf) - X0, "inf") / nX
            rates = [(mpmath.log(g[i]) - mpmath.log(g[i + 1])) / (ts[i + 1] - ts[i]) for i in range(len(ts) - 1)]
            slopes = [(mpmath.log(g[i + 1]) - mpmath.log(g[i])) / mpmath.log(mpmath.mpf(ts[i + 1]) / ts[i])
                      for i in range(len(ts) - 1)]
            rk = mpmath.svd(end_to_end(Wl), compute_uv=False)
        # X (rank 1) is preserved, G decreases, and the decay is NOT exponential: the log-rates fall
        ok = (drift <= tl and all(b < a for a, b in zip(g, g[1:])) and all(b < a for a, b in zip(rates, rates[1:])))
        control = Control(f"X is preserved along -2(W_k G_(k-1) + G_k W_k) (the sign of one term of (1.22) flipped), "
                          f"t in [0, {mpmath.nstr(Tc, 3)}]", drift_c, rejected=drift_c > tl)
        yield Evidence(drift, ok, sizes_of(W0, "R", T=ts[-1], rank=1), dps=dps, control=control,
                       note=(f"rank-deficient start (X rank 1): |X(t) - X0|/|X0| = {mpmath.nstr(drift, 3)} for t in "
                             f"{ts} (tolerance 10^-(dps-5)); ||G|| = {', '.join(mpmath.nstr(x, 3) for x in g)} falls; "
                             f"log-rates {', '.join(mpmath.nstr(x, 3) for x in rates)} fall (not exponential); local "
                             f"log-log slopes d log||G||/d log t = {', '.join(mpmath.nstr(x, 3) for x in slopes)} "
                             f"(polynomial decay; a longer run gives -0.87 over [256, 1024], i.e. about 1/t); "
                             f"singular values of X(t): {', '.join(mpmath.nstr(x, 4) for x in rk)}; control (sign "
                             f"flipped): X moves by {mpmath.nstr(drift_c, 3)}"),
                       figures={"G": ", ".join(mpmath.nstr(x, 4) for x in g),
                                "log_rates": ", ".join(mpmath.nstr(x, 4) for x in rates),
                                "loglog_slopes": ", ".join(mpmath.nstr(x, 4) for x in slopes), "tolerance": tl})


# =========================================================================== heyoka cross-check
class _EMat:
    """Matrices of heyoka expressions (real), for evaluating the shared formulas symbolically in heyoka."""

    def __init__(self, a):
        self.a = a

    def __matmul__(self, o):
        n = len(self.a)
        return _EMat([[_esum([self.a[i][m] * o.a[m][j] for m in range(n)]) for j in range(n)] for i in range(n)])

    def __add__(self, o):
        return _EMat([[x + y for x, y in zip(r, q)] for r, q in zip(self.a, o.a)])

    def __sub__(self, o):
        return _EMat([[x - y for x, y in zip(r, q)] for r, q in zip(self.a, o.a)])

    def __neg__(self):
        return _EMat([[-x for x in r] for r in self.a])

    def __mul__(self, c):
        return _EMat([[x * float(c) for x in r] for r in self.a])

    __rmul__ = __mul__


def _esum(xs):
    acc = xs[0]
    for x in xs[1:]:
        acc = acc + x
    return acc


@adj.register
def _(A: _EMat):
    return _EMat([list(r) for r in zip(*A.a)])


def heyoka_kirwan_ness_integrator(W0, *, dps=50):
    r"""heyoka's Taylor integrator (``heyoka.taylor_adaptive``, ``fp_type=heyoka.real``, compact mode) of the
    Kirwan-Ness flow (1.22) from ``W0``, and the map from its state back to mpmath matrices.

    The field is the shared :func:`dlnsym.formulas.kirwan_ness_field` evaluated on matrices of heyoka
    expressions. Over C a matrix ``A + iB`` is represented by the real ``2d x 2d`` matrix
    ``[[A, -B], [B, A]]`` (a *-homomorphism, so (1.22) is preserved). Precision: ``(dps + GUARD)`` digits in bits.
    Returns ``(ta, unpack, prec)``. Needs ``heyoka`` (extra ``crosscheck``)."""
    import heyoka as hy

    N, d = len(W0), W0[0].rows
    cplx = any(isinstance(x, mpmath.mpc) and x.imag != 0 for M in W0 for x in M)
    prec = int(math.ceil((dps + GUARD) * math.log2(10)))
    names = []
    mats = []
    for k in range(N):
        A = [[hy.make_vars(f"a{k}_{i}_{j}") for j in range(d)] for i in range(d)]
        names += [A[i][j] for i in range(d) for j in range(d)]
        if cplx:
            B = [[hy.make_vars(f"b{k}_{i}_{j}") for j in range(d)] for i in range(d)]
            names += [B[i][j] for i in range(d) for j in range(d)]
            big = [[A[i][j] for j in range(d)] + [-B[i][j] for j in range(d)] for i in range(d)]
            big += [[B[i][j] for j in range(d)] + [A[i][j] for j in range(d)] for i in range(d)]
            mats.append(_EMat(big))
        else:
            mats.append(_EMat(A))
    F = kirwan_ness_field(mats)
    rhs = []
    for k in range(N):
        rhs += [F[k].a[i][j] for i in range(d) for j in range(d)]
        if cplx:
            rhs += [F[k].a[d + i][j] for i in range(d) for j in range(d)]
    init = []
    with working(dps, GUARD + 5):
        for M in W0:
            init += [hy.real(mpmath.nstr(mpmath.re(M[i, j]), dps + GUARD + 5), prec)
                     for i in range(d) for j in range(d)]
            if cplx:
                init += [hy.real(mpmath.nstr(mpmath.im(M[i, j]), dps + GUARD + 5), prec)
                         for i in range(d) for j in range(d)]
    ta = hy.taylor_adaptive(list(zip(names, rhs)), init, fp_type=hy.real, prec=prec, compact_mode=True)

    def unpack(state):
        out, pos = [], 0
        with working(dps):
            vals = [mpmath.mpf(str(x)) for x in state]
            for k in range(N):
                re = vals[pos:pos + d * d]
                pos += d * d
                if cplx:
                    im = vals[pos:pos + d * d]
                    pos += d * d
                    out.append(mpmath.matrix([[mpmath.mpc(re[i * d + j], im[i * d + j]) for j in range(d)]
                                              for i in range(d)]))
                else:
                    out.append(mpmath.matrix([[re[i * d + j] for j in range(d)] for i in range(d)]))
        return out

    return ta, unpack, prec


def heyoka_kirwan_ness_flow(W0, t, *, dps=50):
    r"""The Kirwan-Ness flow (1.22) to time ``t`` by heyoka in arbitrary precision
    (:func:`heyoka_kirwan_ness_integrator`). Needs ``heyoka`` (extra ``crosscheck``)."""
    import heyoka as hy

    ta, unpack, prec = heyoka_kirwan_ness_integrator(W0, dps=dps)
    ta.propagate_until(hy.real(str(t), prec))
    return unpack(ta.state)
