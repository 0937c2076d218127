r"""Numeric checks of the flows: Theorem 2, Lemma 5, Theorem 10 (H an isomorphism), Corollary 1.

Each check builds its evidence from first principles and can fail: every one carries a
*negative control* that the same test rejects (a wrong rate, the printed constant of (2.31),
a perturbed gradient, a rank-deficient ``X``). Tolerances are functions of ``dps``.
"""

from __future__ import annotations

import math

import mpmath

from ..formulas import act, end_to_end, inner, kirwan_ness_field, moments, norm_sq, tangent_vector
from ..matrix import Dual, adj, zeros_like
from .common import GUARD, random_state
from .flows import kirwan_ness_trajectory, regularizing_trajectory
from .solve import H_eigenvalues, regularizing_gradient

__all__ = ["theorem2_evidence", "lemma5_evidence", "h_iso_evidence", "energy_identity", "check_theorem2",
           "check_lemma5", "check_h_iso", "check_energy", "check_corollary1", "kn_convergence", "kn_linearized_rate",
           "heyoka_kirwan_ness_flow", "digits_of"]

NB3 = "03_regularizing_flow.ipynb"
NB4 = "04_kirwan_ness_flow.ipynb"


def digits_of(r) -> float | None:
    """``-log10(r)`` (``None`` for an exact zero)."""
    r = abs(mpmath.mpf(r))
    return None if r == 0 else float(-mpmath.log10(r))


def _sz(N, d, field):
    return {"N": N, "d": d, "field": field}


def _maxnorm(Ms):
    return max(mpmath.mnorm(M, "inf") if isinstance(M, mpmath.matrix) else abs(M) for M in Ms)


def _Gnorm_sq(W):
    return norm_sq(moments(W))


def near_balanced_state(N: int, d: int, field: str, seed: int, eps="0.3", *, dps: int = 50) -> list:
    """``A.C`` with ``C = (Lam, ..., Lam)`` balanced and ``A_k = I + eps R_k`` (``R_k`` random): a state of ``F_X``
    with ``G_0 = O(eps)`` (Section 1.2: every point of the fibre is ``A.C`` for some ``A``, Lemma 1)."""
    R = random_state(N, d, field, seed=seed + 1000, dps=dps)
    with mpmath.workdps(dps + GUARD):
        Lam = mpmath.diag([1 + mpmath.mpf(i) / (2 * d) for i in range(d)])
        A = [mpmath.eye(d) + mpmath.mpf(eps) * R[k] / d for k in range(N - 1)]
        return act(A, [Lam] * N)


# =========================================================================== Theorem 2
def theorem2_evidence(W0, ts, *, dps=50, rate=2, tol=None, k=None, control=None, control_err=None):
    """``max_k |G_k(t) - G_k(0) e^{-rate t}|`` over ``ts``, ``|X(t) - X(0)|``, and ``||W(t)||^2`` along (1.17).

    The flow runs at ``dps`` digits with GBS step tolerance ``tol`` (default ``10^-(dps - 4)``, enough for the
    ``10^-(dps - 10)`` test and 2.5x cheaper than the default ``10^-(dps + 5)``).
    Returns ``(errG, errX, norms, theorem1_min)`` with ``theorem1_min = N sum_i sigma_i^{2/N}``; if ``control``
    is a (wrong) rate, ``control_err[0]`` receives the same error for ``e^{-control t}`` on the same trajectory."""
    tol = mpmath.mpf(10) ** -(dps - 4) if tol is None else tol
    Ws = regularizing_trajectory(W0, ts, dps=dps, tol=tol, k=k)
    N = len(W0)
    with mpmath.workdps(dps + GUARD):
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
    dps = opts.dps
    out = []
    # (sizes, start, output times): full [0, 3] on small sizes; N = 4, d = 3 on a short interval (cost: one
    # structured solve of 27 (C) unknowns per evaluation, ~400 evaluations per step at dps = 50)
    # (sizes, start, output times, GBS columns k): [0, 3] on a small size; short intervals on the larger ones
    # (cost: ~k^2 evaluations per step, each a structured solve of H(b) = G, and steps of ~0.01-0.2 at 50 digits;
    # N = 4, d = 3 over C is the slow test tests/test_numeric_flows.py::test_theorem2_N4_d3_complex)
    cases = [((2, 2, "R"), "near", ["1", "3"], 16),
             ((2, 2, "C"), "random", ["0.125"], 10)]
    if not opts.quick:
        cases += [((3, 2, "C"), "near", ["0.125"], 10), ((4, 3, "R"), "near", ["0.015625"], 10)]
    if opts.long:  # the whole interval [0, 3] at N = 4, d = 3 from random starts (about 100 s over R)
        cases += [((4, 3, "R"), "random", ["0.5", "1", "2", "3"], None),
                  ((4, 3, "C"), "random", ["0.5", "1", "2", "3"], None)]
    for (N, d, f), kind, ts, k in cases:
        if f not in opts.fields:
            continue
        seed = 3 if N == 4 else 2
        W0 = random_state(N, d, f, seed=seed, dps=dps) if kind == "random" else near_balanced_state(N, d, f, 2, dps=dps)
        cerr = [mpmath.mpf(0)]
        errG, errX, norms, tmin = theorem2_evidence(W0, ts, dps=dps, k=k, control=1, control_err=cerr)
        tolG = mpmath.mpf(10) ** -(dps - 10)
        tolX = mpmath.mpf(10) ** -(dps - 5)
        dec = all(a > b for a, b in zip(norms, norms[1:])) and all(n >= tmin for n in norms)
        ok = errG <= tolG and errX <= tolX and dec
        # negative control: the same test with the rate e^{-t} (wrong) must fail
        errW = cerr[0]
        ok = ok and errW > tolG
        note = (f"t in {ts}: max|G(t)-G0 e^-2t| = {mpmath.nstr(errG, 3)}, |X(t)-X0| = {mpmath.nstr(errX, 3)}, "
                f"||W||^2: {' > '.join(mpmath.nstr(n, 8) for n in norms)} > N sum sigma^(2/N) = {mpmath.nstr(tmin, 8)}"
                f"; control e^-t rejected ({mpmath.nstr(errW, 3)})")
        out.append((mpmath.nstr(max(errG, errX), 5), ok, _sz(N, d, f), digits_of(max(errG, errX)), note))
    return out


# =========================================================================== Lemma 5
def lemma5_evidence(W, a, *, dps=50):
    """``<w_b, w_a>`` vs ``dF(W) w_a`` with ``F = 1/2||W||^2`` differentiated by a Dual jet along ``e^{tau a}.W``.

    ``d/dtau (e^{tau a}.W)|_0 = w_a`` (2.3), so ``dF w_a = d/dtau 1/2||W + tau w_a||^2 |_0`` is the
    derivative of the polynomial ``1/2 <W + tau w_a, W + tau w_a>`` at 0 (exact product rule, :class:`Dual`).
    Returns ``(lhs, rhs)``."""
    wb = regularizing_gradient(W, dps=dps)
    with mpmath.workdps(dps + GUARD):
        wa = tangent_vector(W, a)
        J = inner([Dual(Wk, v) for Wk, v in zip(W, wa)], [Dual(Wk, v) for Wk, v in zip(W, wa)])
        rhs = J.der / 2
        lhs = inner(wb, wa)
    return lhs, rhs


def check_lemma5(opts):
    out = []
    dps = opts.dps
    for N, d, f in [(2, 2, "R"), (3, 2, "C"), (4, 3, "C"), (4, 3, "R")]:
        if f not in opts.fields or (opts.quick and d > 2):
            continue
        W = random_state(N, d, f, seed=5, dps=dps)
        worst = mpmath.mpf(0)
        for s in range(3):
            a = random_state(N, d, f, seed=50 + s, dps=dps)[: N - 1]
            lhs, rhs = lemma5_evidence(W, a, dps=dps)
            worst = max(worst, abs(lhs - rhs) / max(1, abs(rhs)))
        # negative control: w_{b'} for b' solving H(b') = 2G is not the gradient
        with mpmath.workdps(dps + GUARD):
            wb = regularizing_gradient(W, dps=dps)
            wa = tangent_vector(W, a)
            bad = abs(inner([2 * v for v in wb], wa) - rhs)
        tol = mpmath.mpf(10) ** -(dps - 10)
        ok = worst <= tol and bad > tol
        out.append((mpmath.nstr(worst, 5), ok, _sz(N, d, f), digits_of(worst),
                    f"<w_b, w_a> = dF w_a for 3 random a (b by the structured solve, dF by Dual jets); "
                    f"control 2 w_b off by {mpmath.nstr(bad, 3)}"))
    return out


# =========================================================================== Theorem 10 (proof): H iso
def rank_deficient_state(N: int, d: int, field: str, seed: int = 0, *, dps: int = 50) -> list:
    """A state whose layers ``W_1`` and ``W_2`` are rank deficient with ``W_2 u = 0``, ``v^* W_1 = 0``.

    Then ``a = (u v^*, 0, ..., 0)`` has ``w_a = 0`` (2.3), so ``H`` is singular
    (Lemma 3: ``Re Tr(a^* H a) = ||w_a||^2``)."""
    W = random_state(N, d, field, seed=seed, dps=dps)
    with mpmath.workdps(dps + GUARD):
        W[0][0, :] = mpmath.zeros(1, d)      # e_1^* W_1 = 0
        W[1][:, 0] = mpmath.zeros(d, 1)      # W_2 e_1 = 0
    return W


def h_iso_evidence(W, *, dps=50):
    """``(lambda_min, lambda_max)`` of ``H`` (Hermitian in the Frobenius basis)."""
    ev = H_eigenvalues(W, dps=dps)
    return ev[0], ev[-1]


def check_h_iso(opts):
    out = []
    dps = min(opts.dps, 30)
    for N, d, f in [(2, 2, "R"), (3, 2, "C"), (4, 3, "R"), (4, 3, "C")]:
        if f not in opts.fields or (opts.quick and d > 2):
            continue
        lo, hi = h_iso_evidence(random_state(N, d, f, seed=7, dps=dps), dps=dps)
        lo2, hi2 = h_iso_evidence(rank_deficient_state(N, d, f, seed=7, dps=dps), dps=dps)
        tol = mpmath.mpf(10) ** -(dps - 10)
        ok = lo > 1e-6 and abs(lo2) <= tol * hi2
        out.append((mpmath.nstr(lo, 5), ok, _sz(N, d, f), None,
                    f"full rank: lambda_min(H) = {mpmath.nstr(lo, 5)}, cond(H) = {mpmath.nstr(hi / lo, 5)}; "
                    f"rank-deficient W_1, W_2 (control): lambda_min = {mpmath.nstr(lo2, 3)} (singular)"))
    return out


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
    with mpmath.workdps(dps + GUARD):
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
    out = []
    dps = opts.dps
    for N, d, f in [(2, 2, "R"), (3, 2, "C"), (4, 3, "R")]:
        if f not in opts.fields or (opts.quick and d > 2):
            continue
        W0 = random_state(N, d, f, seed=11, dps=dps)
        lhs, rhs, t1 = energy_identity(W0, 1 if d > 2 else 2, dps=dps)
        with mpmath.workdps(dps + GUARD):
            r = abs(lhs - rhs) / abs(lhs)
            printed = rhs / 2                 # (2.31) as printed: -2 ||w_G||^2
            rp = abs(lhs - printed) / abs(lhs)
        tol = mpmath.mpf(10) ** -40
        ok = r <= tol and rp > mpmath.mpf("0.1")
        out.append((mpmath.nstr(r, 5), ok, _sz(N, d, f), digits_of(r),
                    f"on [0, {mpmath.nstr(t1, 5)}]: d/dt 1/2||G||^2 = -4||w_G||^2 holds to {mpmath.nstr(r, 3)} "
                    f"(relative); the printed -2||w_G||^2 is off by {mpmath.nstr(rp, 3)}"))
    return out


def kn_linearized_rate(Wstar, *, dps=30):
    r"""The linearization of (1.22) at a point of ``M_0``: its eigenvalues, real, ``<= 0``.

    The Jacobian is assembled column by column from :class:`~dlnsym.matrix.Dual` jets of the
    shared field (exact directional derivatives) in real coordinates (real and imaginary parts).
    Zero eigenvalues belong to directions along ``M_0`` (equilibria) ; the decay rate of
    ``||G||`` is the smallest nonzero ``|lambda|`` (the modes with ``dG != 0``, normal to ``M_0``).
    Returns the sorted list of ``-lambda`` (the rates)."""
    N, d = len(Wstar), Wstar[0].rows
    cplx = any(isinstance(x, mpmath.mpc) and x.imag != 0 for M in Wstar for x in M)
    parts = [1, 1j] if cplx else [1]
    with mpmath.workdps(dps + GUARD):
        basis = []
        for k in range(N):
            for i in range(d):
                for j in range(d):
                    for p in parts:
                        basis.append((k, i, j, p))
        n = len(basis)
        J = mpmath.matrix(n, n)
        for c, (k, i, j, p) in enumerate(basis):
            V = [zeros_like(M) for M in Wstar]
            V[k][i, j] = mpmath.mpmathify(p)
            F = kirwan_ness_field([Dual(M, v) for M, v in zip(Wstar, V)])
            for r, (k2, i2, j2, p2) in enumerate(basis):
                x = F[k2].der[i2, j2]
                J[r, c] = mpmath.re(x) if p2 == 1 else mpmath.im(x)
        ev = mpmath.eig(J, left=False, right=False)
        rates = sorted(-mpmath.re(e) for e in ev)
    return rates


def kn_convergence(W0, ts, *, dps=30):
    """``(ts, ||G(t)||, |W(t_i) - W(t_{i-1})|, |X(t) - X(0)|, W(t_last))`` along (1.22)."""
    Ws = kirwan_ness_trajectory(W0, ts, dps=dps)
    with mpmath.workdps(dps + GUARD):
        X0 = end_to_end(W0)
        g = [mpmath.sqrt(_Gnorm_sq(W)) for W in Ws]
        jumps = [max(mpmath.mnorm(a - b, "inf") for a, b in zip(W1, W2)) for W1, W2 in zip(Ws, Ws[1:])]
        dx = max(mpmath.mnorm(end_to_end(W) - X0, "inf") for W in Ws)
    return g, jumps, dx, Ws[-1]


def check_corollary1(opts):
    out = []
    dps = 30
    cases = [(2, 2, "R"), (2, 2, "C")] if opts.quick else [(2, 2, "R"), (2, 2, "C"), (3, 2, "R")]
    for N, d, f in cases:
        if f not in opts.fields:
            continue
        W0 = near_balanced_state(N, d, f, 3, eps="0.3", dps=dps)
        ts = [1, 2, 3, 4, 5, 6]
        g, jumps, dx, Wl = kn_convergence(W0, ts, dps=dps)
        with mpmath.workdps(dps + GUARD):
            measured = (mpmath.log(g[-2]) - mpmath.log(g[-1])) / (ts[-1] - ts[-2])
            rates = kn_linearized_rate(Wl, dps=dps)
            nz = [r for r in rates if r > mpmath.mpf("1e-8")]
            lin = min(nz)
            rel = abs(measured - lin) / lin
            cauchy = all(b < a for a, b in zip(jumps, jumps[1:]))
        ok = dx <= mpmath.mpf(10) ** -(dps - 8) and rel < mpmath.mpf("0.05") and cauchy and g[-1] < g[0]
        # negative control: the same comparison against the *largest* rate fails
        ok = ok and abs(measured - max(nz)) / max(nz) > mpmath.mpf("0.05") if len(set(
            mpmath.nstr(r, 6) for r in nz)) > 1 else ok
        out.append((mpmath.nstr(rel, 5), ok, _sz(N, d, f), digits_of(dx),
                    f"||G(t)|| at t={ts}: {', '.join(mpmath.nstr(x, 3) for x in g)}; measured rate "
                    f"{mpmath.nstr(measured, 8)} vs smallest nonzero rate of the linearization at the limit "
                    f"{mpmath.nstr(lin, 8)}; steps |W(t_i)-W(t_i-1)|: {', '.join(mpmath.nstr(x, 3) for x in jumps)} "
                    f"(Cauchy); |X(t)-X0| = {mpmath.nstr(dx, 3)}"))
    # rank-deficient start (Remark 11: the flow is defined on all of M_d^N): X has rank 1 for d = 2
    if "R" in opts.fields:
        dps_r = 20
        W0 = random_state(2, 2, "R", seed=4, dps=dps_r)
        with mpmath.workdps(dps_r + GUARD):
            W0[0][1, :] = W0[0][0, :] * mpmath.mpf("0.5")        # W_1 rank 1, so X rank 1
        ts = [2, 8, 32]
        g, jumps, dx, Wl = kn_convergence(W0, ts, dps=dps_r)
        with mpmath.workdps(dps_r + GUARD):
            rates = [(mpmath.log(g[i]) - mpmath.log(g[i + 1])) / (ts[i + 1] - ts[i]) for i in range(len(ts) - 1)]
            slopes = [(mpmath.log(g[i + 1]) - mpmath.log(g[i])) / mpmath.log(mpmath.mpf(ts[i + 1]) / ts[i])
                      for i in range(len(ts) - 1)]
            rk = mpmath.svd(end_to_end(Wl), compute_uv=False)
        # G decreases, X (rank 1) is preserved, and the decay is NOT exponential: the log-rates fall
        ok = (all(b < a for a, b in zip(g, g[1:])) and dx <= mpmath.mpf(10) ** -(dps_r - 8)
              and all(b < a for a, b in zip(rates, rates[1:])))
        out.append((mpmath.nstr(g[-1], 5), ok, {"N": 2, "d": 2, "field": "R", "rank": 1}, None,
                    f"rank-deficient start (X rank 1): ||G|| at t={ts}: {', '.join(mpmath.nstr(x, 3) for x in g)}; "
                    f"log-rates {', '.join(mpmath.nstr(r, 3) for r in rates)} fall (not exponential); local "
                    f"log-log slopes d log||G||/d log t = {', '.join(mpmath.nstr(r, 3) for r in slopes)} "
                    f"(polynomial decay; a longer run gives -0.87 over [256, 1024], i.e. about 1/t); "
                    f"singular values of X(t): "
                    f"{', '.join(mpmath.nstr(x, 4) for x in rk)}"))
    return out


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


def heyoka_kirwan_ness_flow(W0, t, *, dps=50):
    r"""The Kirwan-Ness flow (1.22) by heyoka's Taylor integrator in arbitrary precision (``heyoka.real``).

    The field is the shared :func:`dlnsym.formulas.kirwan_ness_field` evaluated on matrices of heyoka
    expressions. Over C a matrix ``A + iB`` is represented by the real ``2d x 2d`` matrix
    ``[[A, -B], [B, A]]`` (a *-homomorphism, so (1.22) is preserved). Needs ``heyoka`` (extra ``crosscheck``).
    """
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
    with mpmath.workdps(dps + GUARD + 5):
        for M in W0:
            init += [hy.real(mpmath.nstr(mpmath.re(M[i, j]), dps + GUARD + 5), prec)
                     for i in range(d) for j in range(d)]
            if cplx:
                init += [hy.real(mpmath.nstr(mpmath.im(M[i, j]), dps + GUARD + 5), prec)
                         for i in range(d) for j in range(d)]
    ta = hy.taylor_adaptive(list(zip(names, rhs)), init, fp_type=hy.real, prec=prec, compact_mode=True)
    ta.propagate_until(hy.real(str(t), prec))
    out, pos = [], 0
    with mpmath.workdps(dps + GUARD):
        vals = [mpmath.mpf(str(x)) for x in ta.state]
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
