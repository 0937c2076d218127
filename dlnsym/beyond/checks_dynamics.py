r"""Registry checks for the training dynamics: Section 4.1, Remark 5, Remark 4, Section 4.3.

The checks of the claims ``regularized-flow-rate``, ``velocity-split``, ``learning-flow``,
``rank-deficient-fibre`` and ``bayes-concentration`` (listed in :mod:`dlnsym.claims.registry`). The
symbolic parts are builders for :class:`~dlnsym.claims.identity.IdentityCheck`; the numeric parts
integrate the flows at ``dps`` digits with the numeric layer's integrator and compare with a
prediction derived independently; every check has a negative control that the same test rejects.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath

from ..formulas import end_to_end, inner, moments, norm_sq, tangent_vector
from ..matrix import Dual, adj, re_trace
from ..numeric.common import GUARD, random_state
from . import dynamics as D

__all__ = ["b_regularized_rate", "b_loss_normal", "check_rate_window", "check_rate_numeric",
           "check_velocity_split", "check_learning_flow", "check_rank_deficient", "check_bayes_concentration",
           "rate_residual", "learning_flow_data", "rank_deficient_state"]

NB8 = "08_training_dynamics.ipynb"
KAPPAS = (Fraction(1, 2), Fraction(3))  # G-dot + 2 kappa G is affine in kappa: two values prove every kappa


def _sc(x, c):
    return x.scale(c) if hasattr(x, "scale") else x * c


def _digits(r) -> float:
    return float(-mpmath.log10(r)) if r > 0 else float("inf")


def _maxabs(Ms) -> mpmath.mpf:
    return max((abs(M[i, j]) for M in Ms for i in range(M.rows) for j in range(M.cols)), default=mpmath.mpf(0))


# --------------------------------------------------------------------------- Section 4.1, symbolic
def b_regularized_rate(S, form):
    r"""Section 4.1: along (4.1), ``dG/dt = -2 kappa G`` for every loss and every ``kappa``.

    The velocity is ``-grad J`` with ``J = E(X(W)) + kappa/2 ||W||^2``; ``grad J`` is the Riesz
    representer of ``dJ = Re Tr(Y^* dX) + kappa/2 d||W||^2`` (``Y`` an arbitrary matrix standing for
    ``nabla E(X)``), computed from the derivative, not from a formula. ``dG/dt`` is differentiated
    along that velocity. ``dG/dt + 2 kappa G`` is affine in ``kappa``, so two values of ``kappa`` prove
    it for all (the explicit-entry cross-check uses one, ``kappa = 3``). Negative control: the rate
    ``kappa`` (forgetting ``dG(W) = 2G``)."""
    from ..claims.identity import Eq
    N, W = S.N, S.W
    Y = S.mat("Y")
    V = S.alg("V", count=N)
    G = moments(W)
    out = []
    for kappa in (KAPPAS if S.backend == "nc" else KAPPAS[1:]):
        Wv = S.along(V)
        dJ = re_trace(adj(Y) @ end_to_end(Wv).der) + _sc(norm_sq(Wv).der, kappa / 2)
        velocity = [-S.gradient(dJ, v) for v in V]
        Gdot = [g.der for g in moments(S.along(velocity))]
        rate = kappa if form == "negative" else 2 * kappa
        out.append([Eq(x, _sc(g, -rate)) for x, g in zip(Gdot, G)])
    return out


def b_loss_normal(S, form):
    r"""Section 4.1: the loss part of (4.1) is normal to ``F_X``: ``<grad_W E(X(W)), w_a> = 0`` for every
    ``a`` (``dE(w_a) = Re Tr(nabla E^* dX(w_a))`` and ``dX(w_a) = 0``), while the regularizer part pairs
    as ``kappa <W, w_a> = kappa sum Re Tr(G_k^* a_k)`` (Lemma 2). So the tangent part of the velocity of
    (4.1) is ``-kappa`` times the regularizing gradient ``w_b``, ``H(b) = G``. Negative control: the
    loss gradient replaced by ``W`` (not normal)."""
    from ..claims.identity import Eq, Lin
    N, W = S.N, S.W
    Y = S.mat("Y")
    V = S.alg("V", count=N)
    a = S.alg("a")
    dE = re_trace(adj(Y) @ end_to_end(S.along(V)).der)
    grad = [S.gradient(dE, v) for v in V]
    if form == "negative":
        grad = [g + w for g, w in zip(grad, W)]
    wa = tangent_vector(W, a)
    lhs = inner(grad, wa)
    reg = inner(W, wa)
    G = moments(W)
    return [Lin(Eq(lhs, _sc(lhs, 0)), "a"), Lin(Eq(reg, _sum_retr(G, a)), "a")]


def _sum_retr(G, a):
    acc = None
    for g, x in zip(G, a):
        t = re_trace(adj(g) @ x)
        acc = t if acc is None else acc + t
    return acc


def check_rate_window(opts, negative: bool = False):
    r"""Section 4.1 for every ``N`` and ``k``: write ``X = L W_{k+1} W_k R`` (``L``, ``R`` opaque, or ``I``
    at the ends). ``dG_k/dt`` only involves the velocities of ``W_k`` and ``W_{k+1}``; with them the
    Riesz gradients of ``Re Tr(Y^* dX) + kappa/2 (||W_k||^2 + ||W_{k+1}||^2)``, ``dG_k/dt = -2 kappa G_k``
    for every ``d``. ``negative=True`` checks the wrong rates the same way: ``kappa`` (forgetting the 2 of
    ``dG(W) = 2G``) and ``-2 kappa`` (the printed sign of Remark 9, which would predict growth)."""
    from ..symbolic.freealg import NC, letter, retr, riesz

    L, R, Y = letter("L"), letter("R"), letter("Y")
    Wk, Wk1 = letter("W", 1), letter("W", 2)
    Vk, Vk1 = letter("V", 1), letter("V", 2)
    one = NC.one()
    Gk = Wk @ Wk.H - Wk1.H @ Wk1
    rates = [Fraction(1), Fraction(-2)] if negative else [Fraction(2)]
    out = []
    for factor in rates:
        ok = True
        for kappa in KAPPAS:
            for Lm, Rm in [(L, R), (L, one), (one, R), (one, one)]:
                dX = Lm @ Vk1 @ Wk @ Rm + Lm @ Wk1 @ Vk @ Rm
                dJ = retr(Y.H @ dX) + (retr(Wk.H @ Vk) + retr(Wk1.H @ Vk1)).scale(kappa)
                vk, vk1 = -riesz(dJ, "V", 1), -riesz(dJ, "V", 2)
                Gdot = vk @ Wk.H + Wk @ vk.H - vk1.H @ Wk1 - Wk1.H @ vk1
                ok = ok and (Gdot + Gk.scale(factor * kappa)).is_zero()
        out.append(("0" if ok else "nonzero", ok, {"N": "any", "d": "any", "field": "any"}, None,
                    f"window X = L W_{{k+1}} W_k R: dG_k/dt = {-factor} kappa G_k (any N, any k, two kappas)"))
    return out


# --------------------------------------------------------------------------- Section 4.1, numeric
def rate_residual(N: int, d: int, field: str, *, kappa="0.7", t_end="0.25", dps: int = 50, seed: int = 0,
                  rate_factor=2) -> tuple:
    r"""Integrate (4.1) for the square loss ``E = 1/2||X - Y||^2`` (seeded ``W_0``, ``Y``) at ``dps`` digits
    and return ``(max_k |G_k(t) - G_k(0) e^{-rate_factor kappa t}| / max|G_0|, E(0), E(t))``."""
    W0 = random_state(N, d, field, seed, dps=dps)
    Y = random_state(2, d, field, seed + 100, dps=dps)[0]
    with mpmath.workdps(dps + GUARD):
        W0 = [w * mpmath.mpf("0.7") for w in W0]
        kappa, t_end = mpmath.mpf(kappa), mpmath.mpf(t_end)
        (Wt,) = D.regularized_flow(W0, D.square_loss_gradient(Y), kappa, [t_end], dps=dps)
        G0, Gt = moments(W0), moments(Wt)
        f = mpmath.exp(-rate_factor * kappa * t_end)
        r = _maxabs([g - g0 * f for g, g0 in zip(Gt, G0)]) / _maxabs(G0)
        return r, D.square_loss(end_to_end(W0), Y), D.square_loss(end_to_end(Wt), Y)


def _sizes_41(opts):
    if opts.quick:
        return [(2, 2, "R"), (2, 2, "C")]
    return [(2, 2, "R"), (3, 2, "R"), (2, 2, "C")]


def check_rate_numeric(opts):
    r"""Section 4.1, numerically: ``G(t) = G_0 e^{-2 kappa t}`` to ``dps - 10`` digits along (4.1) for the square
    loss (``kappa = 0.7``, ``t = 0.25``, Taylor integrator), R and C; the same test rejects the rate ``kappa``."""
    out = []
    tolr = mpmath.mpf(10) ** (-(opts.dps - 10))
    for N, d, field in _sizes_41(opts):
        r, E0, Et = rate_residual(N, d, field, dps=opts.dps)
        out.append((mpmath.nstr(r, 5), r < tolr, {"N": N, "d": d, "field": field}, _digits(r),
                    f"square loss, kappa = 0.7, t = 0.25: |G(t) - G_0 e^(-2 kappa t)|/|G_0| (E: "
                    f"{mpmath.nstr(E0, 4)} -> {mpmath.nstr(Et, 4)})"))
    N, d, field = 2, 2, "R"
    r, _, _ = rate_residual(N, d, field, dps=opts.dps, rate_factor=1)
    out.append((mpmath.nstr(r, 5), not r < tolr, {"N": N, "d": d, "field": field}, _digits(r),
                "negative control: the rate kappa (instead of 2 kappa) is rejected by the same test"))
    return out


def check_velocity_split(opts):
    r"""Section 4.1: at seeded states, the velocity ``V`` of (4.1) (square loss, ``kappa = 0.7``) splits as
    ``V = T + N`` with ``T = w_b``, ``H(b) = c`` (:func:`~dlnsym.beyond.dynamics.velocity_split`):
    ``dX(T) = 0``, ``<N, w_a> = 0`` for a basis of ``a``, and ``T = -kappa w_{b'}`` with ``H(b') = G``
    (the regularizing gradient of Lemma 5). Negative control: the naive split ``T = -kappa W``, ``N = -grad E``,
    whose "tangent" part is not tangent."""
    from ..numeric.solve import regularizing_gradient

    dps = opts.dps
    kappa = mpmath.mpf("0.7")
    out = []
    for N, d, field in _sizes_41(opts):
        W = random_state(N, d, field, 7, dps=dps)
        Y = random_state(2, d, field, 107, dps=dps)[0]
        with mpmath.workdps(dps + GUARD):
            V = D.regularized_velocity(W, D.square_loss_gradient(Y), kappa)
            T, Nrm, b = D.velocity_split(W, V, dps=dps + GUARD)
            dXT = end_to_end([Dual(w, t) for w, t in zip(W, T)]).der
            basis = D._basis(d, field, N - 1)
            orth = max(abs(inner(Nrm, tangent_vector(W, a))) for a in basis)
            reg = regularizing_gradient(W, dps=dps + GUARD)
            same = _maxabs([t + g * kappa for t, g in zip(T, reg)])
            naive = [-w * kappa for w in W]  # the whole regularizer part, taken as tangent
            dX_naive = _maxabs([end_to_end([Dual(w, t) for w, t in zip(W, naive)]).der])
            scale = _maxabs(V)
            r = max(_maxabs([dXT]), orth, same) / scale
        tolr = mpmath.mpf(10) ** (-(dps - 10))
        sizes = {"N": N, "d": d, "field": field}
        out.append((mpmath.nstr(r, 5), r < tolr, sizes, _digits(r),
                    "dX(T) = 0, <N, w_a> = 0 for every basis a, T = -kappa grad_F 1/2||W||^2"))
        rn = dX_naive / scale
        out.append((mpmath.nstr(rn, 5), not rn < tolr, sizes, _digits(rn),
                    "negative control: the whole regularizer part -kappa W as 'tangent' fails dX(T) = 0 "
                    "(dX(W) = N X)"))
    return out


# --------------------------------------------------------------------------- Remark 5
def learning_flow_data(N: int, d: int, field: str, *, t_end="0.05", dps: int = 50, seed: int = 0) -> dict:
    r"""Remark 5 at one size. ``X_0 = U diag(2, 1, 3, ...) V^*`` and ``Y`` are seeded (well conditioned, so
    that ``X(t)`` stays full rank); the training flow (1.2) for the square loss runs from the balanced
    point ``Q.C`` of ``F_{X_0}`` and from the unbalanced point ``A.(Q.C)`` of the same fibre, and the ACH ODE
    from ``X_0`` (integrated independently, with its own fractional powers). Returns the maxima of
    ``|G(t)|`` (balanced start), of ``|X(t) - X_ACH(t)|/|X_0|`` for both starts, and ``|G(0)|`` (unbalanced)."""
    from ..formulas import act
    from ..numeric.section1 import random_unitary

    with mpmath.workdps(dps + GUARD):
        sv = mpmath.diag([mpmath.mpf(v) for v in (2, 1, 3, "1.5")[:d]])
        X0 = random_unitary(d, field, seed + 1, dps=dps) @ sv @ random_unitary(d, field, seed + 2, dps=dps)
        Y = random_unitary(d, field, seed + 3, dps=dps) @ (sv * mpmath.mpf("0.6")) @ \
            random_unitary(d, field, seed + 4, dps=dps)
    W0 = D.balanced_point(X0, N, field=field, seed=seed, dps=dps)
    Ms = random_state(max(N - 1, 2), d, field, seed + 300, dps=dps)[:N - 1]
    with mpmath.workdps(dps + GUARD):
        W0u = act([mpmath.eye(d) + M * mpmath.mpf("0.5") for M in Ms], W0)
    gradE = D.square_loss_gradient(Y)
    Wt, Wut = (D.training_flow(W, gradE, [t_end], dps=dps)[0] for W in (W0, W0u))
    (Xa,) = D.ach_flow(X0, gradE, N, [t_end], dps=dps)
    with mpmath.workdps(dps + GUARD):
        s = _maxabs([X0])
        return {"G_t": _maxabs(moments(Wt)), "X_vs_ach": _maxabs([end_to_end(Wt) - Xa]) / s,
                "X_vs_ach_unbalanced": _maxabs([end_to_end(Wut) - Xa]) / s, "G_0_unbalanced": _maxabs(moments(W0u)),
                "X_move": _maxabs([Xa - X0]) / s}


def _sizes_r5(opts):
    return [(2, 2, "R")] if opts.quick else [(2, 2, "R"), (2, 2, "C")]


def check_learning_flow(opts):
    r"""Remark 5: from a balanced start the flow (1.2) keeps ``G = 0`` and its ``X(t)`` agrees with the
    Arora-Cohen-Hazan ODE integrated independently, to ``dps - 10`` digits (R and C; ``t = 0.05``, the ACH
    field needs a costly high-order extrapolation). Negative control: from an unbalanced point of the same
    fibre, ``X(t)`` departs from the ACH solution."""
    out = []
    tolr = mpmath.mpf(10) ** (-(opts.dps - 10))
    for N, d, field in _sizes_r5(opts):
        r = learning_flow_data(N, d, field, dps=opts.dps)
        g, x = r["G_t"], r["X_vs_ach"]
        sizes = {"N": N, "d": d, "field": field}
        out.append((mpmath.nstr(max(g, x), 5), g < tolr and x < tolr, sizes, _digits(max(g, x)),
                    f"t = 0.05 (X moved by {mpmath.nstr(r['X_move'], 3)}): max|G(t)| = {mpmath.nstr(g, 3)}, "
                    f"|X(t) - X_ACH(t)|/|X_0| = {mpmath.nstr(x, 3)}"))
        xu = r["X_vs_ach_unbalanced"]
        out.append((mpmath.nstr(xu, 5), not xu < tolr, sizes, _digits(xu),
                    f"negative control: unbalanced start in the same fibre (max|G_0| = "
                    f"{mpmath.nstr(r['G_0_unbalanced'], 3)}): |X(t) - X_ACH(t)|/|X_0| = {mpmath.nstr(xu, 3)}"))
    return out


# --------------------------------------------------------------------------- Remark 4
def rank_deficient_state(N: int, d: int, field: str, layers, rank: int, *, seed: int = 1, dps: int = 50) -> list:
    r"""A seeded state whose layers ``W_k`` (``k`` in ``layers``, 1-based) are truncated to rank ``rank``
    (their smallest singular values set to 0), so that ``X`` has rank ``<= rank < d``."""
    W = random_state(N, d, field, seed, dps=dps)
    with mpmath.workdps(dps + GUARD):
        for k in layers:
            U, S, V = mpmath.svd(W[k - 1])
            W[k - 1] = U * mpmath.diag([S[i] if i < rank else 0 for i in range(d)]) * V
    return W


RANK_CASES = [(2, 2, "R", (1, 2)), (2, 2, "R", (1,))]


def check_rank_deficient(opts):
    r"""Remark 4: on rank-deficient fibres (rank 1, ``d = 2``), ``G`` lies in the range of the (then possibly
    singular) ``H``; with the minimum-norm ``b``, the flow ``dW/dt = -w_b`` gives ``G(t) = G_0 e^{-2t}`` to
    ``dps - 10`` digits. The dimensions of ``{w_a}`` and ``ker dX`` are reported (they differ when two layers
    are rank deficient: the fibre is singular there and ``-w_b`` is the gradient along the group orbit).
    Negative control: the rate ``e^{-t}`` is rejected."""
    dps = opts.dps
    tolr = mpmath.mpf(10) ** (-(dps - 10))
    cases = RANK_CASES[:1] if opts.quick else RANK_CASES
    t_end = mpmath.mpf("0.1")
    out = []
    for N, d, field, layers in cases:
        W0 = rank_deficient_state(N, d, field, layers, 1, dps=dps)
        _, _, info = D.orbit_gradient(W0, dps=dps, field=field)
        dims = D.tangent_dimensions(W0, dps=dps, field=field)
        (Wt,) = D.orbit_flow(W0, [t_end], dps=dps, field=field)
        with mpmath.workdps(dps + GUARD):
            G0, Gt = moments(W0), moments(Wt)
            r = _maxabs([g - g0 * mpmath.exp(-2 * t_end) for g, g0 in zip(Gt, G0)]) / _maxabs(G0)
            rX = _maxabs([end_to_end(Wt) - end_to_end(W0)]) / _maxabs([end_to_end(W0)])
            rneg = _maxabs([g - g0 * mpmath.exp(-t_end) for g, g0 in zip(Gt, G0)]) / _maxabs(G0)
        res = max(r, rX, info["range_residual"])
        sizes = {"N": N, "d": d, "field": field}
        out.append((mpmath.nstr(res, 5), res < tolr, sizes, _digits(res),
                    f"rank-1 layers {list(layers)}: rank H = {info['rank_H']}/{info['dim']}, "
                    f"dim w_a = {dims['orbit']}, dim ker dX = {dims['ker_dX']}; |H(b) - G| = "
                    f"{mpmath.nstr(info['range_residual'], 3)}, |G(t) - G_0 e^-2t|/|G_0| = {mpmath.nstr(r, 3)}, "
                    f"X drift {mpmath.nstr(rX, 3)}"))
        if layers == (1, 2):
            out.append((mpmath.nstr(rneg, 5), not rneg < tolr, sizes, _digits(rneg),
                        "negative control: G(t) = G_0 e^-t rejected"))
    return out


# --------------------------------------------------------------------------- Section 4.3
BETAS = (4, 64, 1024)


def check_bayes_concentration(opts):
    r"""Section 4.3, eq. (4.5), ``d = 1, N = 2``, R, ``x = 2``: the prior ``e^{-beta kappa ||w||^2}`` conditioned
    on the fibre (density along the hyperbola w.r.t. arc length) puts mass ``m_beta -> 1`` within
    ``eps = 0.3`` of ``O_X = {±(√x, √x)}``, and ``-(1/beta) log(1 - m_beta)`` tends to the Laplace rate
    ``kappa min (||w||^2 - 2x)`` over the fibre outside the ball (derived independently). Negative
    control: the mass near the non-minimising fibre point ``(2√x, √x/2)`` tends to 0, not 1."""
    dps = min(opts.dps, 30)
    x, eps = mpmath.mpf(2), mpmath.mpf("0.3")
    L = D.large_deviation_rate(x, eps, dps=dps)
    out = []
    masses, ratios, tails = [], [], []
    for beta in BETAS:
        m, tail = D.fibre_mass_near_orbit(x, beta, eps, dps=dps)
        masses.append(m)
        tails.append(tail)
        ratios.append(-mpmath.log(tail) / beta / L)
    increasing = all(a < b for a, b in zip(masses, masses[1:]))
    ok = increasing and tails[-1] < mpmath.mpf(10) ** -20 and abs(ratios[-1] - 1) < mpmath.mpf("0.05") \
        and abs(ratios[-1] - 1) < abs(ratios[-2] - 1)
    sizes = {"N": 2, "d": 1, "field": "R"}
    out.append((mpmath.nstr(tails[-1], 5), ok, sizes, None,
                "x = 2, eps = 0.3: mass near O_X for beta = " + ", ".join(str(b) for b in BETAS) + ": "
                + ", ".join(mpmath.nstr(m, 8) for m in masses) + "; -(1/beta) log(1 - m)/rate = "
                + ", ".join(mpmath.nstr(r, 5) for r in ratios)))
    r = mpmath.sqrt(x)
    mneg, _ = D.fibre_mass_near_orbit(x, BETAS[1], eps, centre=(2 * r, r / 2), dps=dps)
    out.append((mpmath.nstr(mneg, 5), not (1 - mneg < mpmath.mpf("0.5")), sizes, None,
                f"negative control: mass near the non-minimiser (2√x, √x/2) at beta = {BETAS[1]} is "
                f"{mpmath.nstr(mneg, 3)}: concentration there is rejected"))
    return out
