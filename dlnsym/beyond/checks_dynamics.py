r"""Registry checks for the training dynamics: Section 4.1, Remark 5, Remark 4.

The checks of the claims ``regularized-flow-rate``, ``velocity-split``, ``learning-flow``,
``rank-deficient-fibre`` (listed in :mod:`dlnsym.claims.registry`). The
symbolic parts are builders for :class:`~dlnsym.claims.identity.IdentityCheck` and a window argument
for every ``N``; the numeric parts integrate the flows at ``dps`` digits with the numeric layer's
integrator and compare with a prediction derived independently. Every check is a generator of
:class:`~dlnsym.claims.evidence.Evidence` records whose sizes are read off the states built
(:func:`~dlnsym.claims.evidence.sizes_of`, with the final time ``T`` of a flow), and every record
carries its negative control (:class:`~dlnsym.claims.evidence.Control`): a wrong statement tested the
same way, which must be rejected.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath

from ..formulas import end_to_end, inner, moments, norm_sq, tangent_vector
from ..matrix import Dual, adj, re_trace
from ..numeric.common import GUARD, random_state, tol, working
from ..numeric.section1 import rank_deficient_state
from . import dynamics as D
from .dynamics import max_abs

# Evidence, Control, sizes_of and the builders' helpers _sc, _ssum are imported at the end of this module:
# the registry imports this module from inside the package dlnsym.claims, which must not be imported
# before these checks exist.

__all__ = ["b_regularized_rate", "b_loss_normal", "check_rate_window", "check_rate_numeric",
           "check_velocity_split", "check_learning_flow", "check_rank_deficient", "check_rank_deficient_pointwise",
           "ablation_singular_fibre",
           "rate_data", "rate_residual", "learning_flow_data"]

NB8 = "08_training_dynamics.ipynb"
KAPPAS = (Fraction(1, 2), Fraction(3))  # G-dot + 2 kappa G is affine in kappa: two values prove every kappa
#: sizes of a computation with matrix letters of symbolic size in the free *-algebra (R and C alike)
ANY = {"N": "any", "d": "any", "field": "any"}


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
    return [Lin(Eq(lhs, _sc(lhs, 0)), "a"), Lin(Eq(reg, _ssum(re_trace(adj(g) @ x) for g, x in zip(G, a))), "a")]


def _window_rate_holds(factor: Fraction) -> bool:
    """``dG_k/dt = -factor kappa G_k`` in the window ``X = L W_{k+1} W_k R``, for both kappas and every end case."""
    from ..symbolic.freealg import NC, letter, retr, riesz

    L, R, Y = letter("L"), letter("R"), letter("Y")
    Wk, Wk1 = letter("W", 1), letter("W", 2)
    Vk, Vk1 = letter("V", 1), letter("V", 2)
    one = NC.one()
    Gk = Wk @ Wk.H - Wk1.H @ Wk1
    for kappa in KAPPAS:
        for Lm, Rm in [(L, R), (L, one), (one, R), (one, one)]:
            dX = Lm @ Vk1 @ Wk @ Rm + Lm @ Wk1 @ Vk @ Rm
            dJ = retr(Y.H @ dX) + (retr(Wk.H @ Vk) + retr(Wk1.H @ Vk1)).scale(kappa)
            vk, vk1 = -riesz(dJ, "V", 1), -riesz(dJ, "V", 2)
            Gdot = vk @ Wk.H + Wk @ vk.H - vk1.H @ Wk1 - Wk1.H @ vk1
            if not (Gdot + Gk.scale(factor * kappa)).is_zero():
                return False
    return True


#: the wrong rates of the window check's control: kappa (forgetting the 2 of dG(W) = 2G) and -2 kappa (the
#: printed sign of Remark 9, which would predict growth)
WRONG_RATES = (Fraction(1), Fraction(-2))


def check_rate_window(opts, negative: bool = False):
    r"""Section 4.1 for every ``N`` and ``k``: write ``X = L W_{k+1} W_k R`` (``L``, ``R`` opaque, or ``I``
    at the ends). ``dG_k/dt`` only involves the velocities of ``W_k`` and ``W_{k+1}``; with them the
    Riesz gradients of ``Re Tr(Y^* dX) + kappa/2 (||W_k||^2 + ||W_{k+1}||^2)``, ``dG_k/dt = -2 kappa G_k``
    for every ``d`` (letters of symbolic size: R and C). ``negative=True`` yields the wrong rates of
    :data:`WRONG_RATES`, tested the same way (each must fail)."""
    wrong = {f: _window_rate_holds(f) for f in WRONG_RATES}
    if negative:
        for f, held in wrong.items():
            yield Evidence("0" if held else "nonzero", held, dict(ANY), exact=True,
                           note=f"window X = L W_{{k+1}} W_k R: dG_k/dt = {-f} kappa G_k (a wrong rate)")
        return
    ok = _window_rate_holds(Fraction(2))
    yield Evidence("0" if ok else "nonzero", ok, dict(ANY), exact=True,
                   control=Control("dG_k/dt = -kappa G_k, or = +2 kappa G_k",
                                   "nonzero for " + ", ".join(f"{-f} kappa" for f, h in wrong.items() if not h),
                                   not any(wrong.values())),
                   note="window X = L W_{k+1} W_k R: dG_k/dt = -2 kappa G_k (any N, any k, two kappas)")


# --------------------------------------------------------------------------- Section 4.1, numeric
def _rate_defect(G0, Gt, exponent):
    """``max_k |G_k(t) - G_k(0) e^{-exponent}| / max|G_0|``."""
    f = mpmath.exp(-exponent)
    return max_abs([g - g0 * f for g, g0 in zip(Gt, G0)]) / max_abs(G0)


def rate_data(N: int, d: int, field: str, *, kappa="0.7", t_end="0.25", dps: int = 50, seed: int = 0) -> dict:
    r"""Integrate (4.1) for the square loss ``E = 1/2||X - Y||^2`` (seeded ``W_0``, ``Y``) at ``dps`` digits.

    Returns ``W0``, ``T``, the losses ``E0``, ``Et`` and ``defect(factor)``: the relative defect
    ``max_k |G_k(T) - G_k(0) e^{-factor kappa T}| / max|G_0|`` (zero for ``factor = 2``)."""
    W0 = random_state(N, d, field, seed, dps=dps)
    Y = random_state(2, d, field, seed + 100, dps=dps)[0]
    with working(dps):
        W0 = [w * mpmath.mpf("0.7") for w in W0]
        kappa, T = mpmath.mpf(kappa), mpmath.mpf(t_end)
    (Wt,) = D.regularized_flow(W0, D.square_loss_gradient(Y), kappa, [T], dps=dps)
    with working(dps):
        G0, Gt = moments(W0), moments(Wt)
        E0, Et = D.square_loss(end_to_end(W0), Y), D.square_loss(end_to_end(Wt), Y)

    def defect(factor):
        with working(dps):
            return _rate_defect(G0, Gt, factor * kappa * T)

    return {"W0": W0, "T": float(t_end), "E0": E0, "Et": Et, "defect": defect}


def rate_residual(N: int, d: int, field: str, *, kappa="0.7", t_end="0.25", dps: int = 50, seed: int = 0,
                  rate_factor=2) -> tuple:
    r"""``(max_k |G_k(t) - G_k(0) e^{-rate_factor kappa t}| / max|G_0|, E(0), E(t))`` along (4.1)
    (:func:`rate_data`)."""
    r = rate_data(N, d, field, kappa=kappa, t_end=t_end, dps=dps, seed=seed)
    return r["defect"](rate_factor), r["E0"], r["Et"]


def _sizes_41(opts):
    sizes = [(2, 2, "R"), (2, 2, "C")] if opts.quick else [(2, 2, "R"), (3, 2, "R"), (2, 2, "C")]
    return [s for s in sizes if s[2] in opts.fields]


def check_rate_numeric(opts):
    r"""Section 4.1, numerically: ``G(t) = G_0 e^{-2 kappa t}`` to ``10^-(dps - 10)`` along (4.1) for the square
    loss (``kappa = 0.7``, ``t = 0.25``, Taylor integrator), R and C; the same test rejects the rate ``kappa``
    on the same trajectory."""
    eps = tol(opts.dps)
    for N, d, field in _sizes_41(opts):
        r = rate_data(N, d, field, dps=opts.dps)
        res, bad = r["defect"](2), r["defect"](1)
        yield Evidence(res, res < eps, sizes_of(r["W0"], field, T=r["T"]), dps=opts.dps,
                       figures={"E(0)": mpmath.nstr(r["E0"], 6), "E(T)": mpmath.nstr(r["Et"], 6)},
                       control=Control("G(t) = G_0 e^(-kappa t) (rate kappa)", bad, not bad < eps),
                       note="square loss, kappa = 0.7: |G(T) - G_0 e^(-2 kappa T)|/|G_0|, tolerance 10^-(dps-10)")


def check_velocity_split(opts):
    r"""Section 4.1: at seeded states, the velocity ``V`` of (4.1) (square loss, ``kappa = 0.7``) splits as
    ``V = T + N`` with ``T = w_b``, ``H(b) = c`` (:func:`~dlnsym.beyond.dynamics.velocity_split`):
    ``dX(T) = 0``, ``<N, w_a> = 0`` for a basis of ``a``, and ``T = -kappa w_{b'}`` with ``H(b') = G``
    (the regularizing gradient of Lemma 5). Negative control: the naive split ``T = -kappa W``, ``N = -grad E``,
    whose "tangent" part is not tangent."""
    from ..numeric.solve import regularizing_gradient

    dps = opts.dps
    eps = tol(dps)
    for N, d, field in _sizes_41(opts):
        W = random_state(N, d, field, 7, dps=dps)
        Y = random_state(2, d, field, 107, dps=dps)[0]
        with working(dps):
            kappa = mpmath.mpf("0.7")
            V = D.regularized_velocity(W, D.square_loss_gradient(Y), kappa)
            T, Nrm, b = D.velocity_split(W, V, dps=dps + GUARD)
            dXT = end_to_end([Dual(w, t) for w, t in zip(W, T)]).der
            orth = max(abs(inner(Nrm, tangent_vector(W, a))) for a in D._basis(d, field, N - 1))
            reg = regularizing_gradient(W, dps=dps + GUARD)
            same = max_abs([t + g * kappa for t, g in zip(T, reg)])
            naive = [-w * kappa for w in W]  # the whole regularizer part, taken as tangent
            dX_naive = max_abs([end_to_end([Dual(w, t) for w, t in zip(W, naive)]).der])
            scale = max_abs(V)
            res = max(max_abs([dXT]), orth, same) / scale
            bad = dX_naive / scale
        yield Evidence(res, res < eps, sizes_of(W, field), dps=dps,
                       control=Control("the whole regularizer part -kappa W is tangent (dX(-kappa W) = 0)", bad,
                                       not bad < eps),
                       note="dX(T) = 0, <N, w_a> = 0 for every basis a, T = -kappa grad_F 1/2||W||^2, relative to "
                            "max|V|; tolerance 10^-(dps-10) (the control fails since dX(W) = N X)")


# --------------------------------------------------------------------------- Remark 5
def learning_flow_data(N: int, d: int, field: str, *, t_end="0.05", dps: int = 50, seed: int = 0) -> dict:
    r"""Remark 5 at one size. ``X_0 = U diag(2, 1, 3, ...) V^*`` and ``Y`` are seeded (well conditioned, so
    that ``X(t)`` stays full rank); the training flow (1.2) for the square loss runs from the balanced
    point ``Q.C`` of ``F_{X_0}`` and from the unbalanced point ``A.(Q.C)`` of the same fibre, and the ACH ODE
    from ``X_0`` (integrated independently, with its own fractional powers). Returns the starting state
    ``W0``, ``T`` and the maxima of ``|G(t)|`` (balanced start), of ``|X(t) - X_ACH(t)|/|X_0|`` for both
    starts, and ``|G(0)|`` (unbalanced)."""
    from ..formulas import act
    from ..numeric.section1 import random_unitary

    with working(dps):
        sv = mpmath.diag([mpmath.mpf(v) for v in (2, 1, 3, "1.5")[:d]])
        X0 = random_unitary(d, field, seed + 1, dps=dps) @ sv @ random_unitary(d, field, seed + 2, dps=dps)
        Y = random_unitary(d, field, seed + 3, dps=dps) @ (sv * mpmath.mpf("0.6")) @ \
            random_unitary(d, field, seed + 4, dps=dps)
    W0 = D.balanced_point(X0, N, field=field, seed=seed, dps=dps)
    Ms = random_state(max(N - 1, 2), d, field, seed + 300, dps=dps)[:N - 1]
    with working(dps):
        W0u = act([mpmath.eye(d) + M * mpmath.mpf("0.5") for M in Ms], W0)
    gradE = D.square_loss_gradient(Y)
    Wt, Wut = (D.training_flow(W, gradE, [t_end], dps=dps)[0] for W in (W0, W0u))
    (Xa,) = D.ach_flow(X0, gradE, N, [t_end], dps=dps)
    with working(dps):
        s = max_abs([X0])
        return {"W0": W0, "T": float(t_end), "G_t": max_abs(moments(Wt)),
                "X_vs_ach": max_abs([end_to_end(Wt) - Xa]) / s,
                "X_vs_ach_unbalanced": max_abs([end_to_end(Wut) - Xa]) / s, "G_0_unbalanced": max_abs(moments(W0u)),
                "X_move": max_abs([Xa - X0]) / s}


def _sizes_r5(opts):
    return [s for s in ([(2, 2, "R")] if opts.quick else [(2, 2, "R"), (2, 2, "C")]) if s[2] in opts.fields]


def check_learning_flow(opts):
    r"""Remark 5: from a balanced start the flow (1.2) keeps ``G = 0`` and its ``X(t)`` agrees with the
    Arora-Cohen-Hazan ODE integrated independently, to ``10^-(dps - 10)`` (R and C; ``t = 0.05``, the ACH
    field needs a costly high-order extrapolation). Negative control: from an unbalanced point of the same
    fibre, ``X(t)`` departs from the ACH solution."""
    eps = tol(opts.dps)
    for N, d, field in _sizes_r5(opts):
        r = learning_flow_data(N, d, field, dps=opts.dps)
        g, x, xu = r["G_t"], r["X_vs_ach"], r["X_vs_ach_unbalanced"]
        yield Evidence(max(g, x), g < eps and x < eps, sizes_of(r["W0"], field, T=r["T"]), dps=opts.dps,
                       figures={"|X(T) - X_0|/|X_0|": mpmath.nstr(r["X_move"], 3)},
                       control=Control(f"from an unbalanced start of the same fibre (max|G_0| = "
                                       f"{mpmath.nstr(r['G_0_unbalanced'], 3)}) X(t) follows the ACH ODE", xu,
                                       not xu < eps),
                       note=f"max|G(T)| = {mpmath.nstr(g, 3)}, |X(T) - X_ACH(T)|/|X_0| = {mpmath.nstr(x, 3)}; "
                            "tolerance 10^-(dps-10)")


# --------------------------------------------------------------------------- Remark 4
RANK_CASES = [(2, 2, "R", (1, 2)), (2, 2, "R", (1,))]
#: the flow beyond N = 2, d <= 2 (default run; about 4 s at dps 50)
WIDE_RANK_CASES = [(3, 2, "R", (1, 2)), (2, 3, "R", (1, 2)), (3, 2, "C", (2,))]
#: the pointwise statements (range, Lemma 4, tangency) beyond N = 2, d <= 2, in the default run
POINT_CASES = [(3, 2, "R", (1, 2)), (3, 2, "C", (2, 3)), (2, 3, "R", (1, 2)), (2, 3, "C", (1,))]


def check_rank_deficient(opts):
    r"""Remark 4: on rank-deficient fibres (rank 1, ``d = 2``), ``G`` lies in the range of the (then possibly
    singular) ``H``; with the minimum-norm ``b``, the flow ``dW/dt = -w_b`` keeps ``X`` and gives
    ``G(t) = G_0 e^{-2t}`` to ``10^-(dps - 10)``. The dimensions of ``{w_a}`` and ``ker dX`` are reported
    (they differ when two layers are rank deficient: the fibre is singular there and ``-w_b`` is the
    gradient along the group orbit). Negative control: the rate ``e^{-t}`` on the same trajectory."""
    dps = opts.dps
    eps = tol(dps)
    cases = RANK_CASES[:1] if opts.quick else RANK_CASES + WIDE_RANK_CASES
    for N, d, field, layers in [c for c in cases if c[2] in opts.fields]:
        W0 = rank_deficient_state(N, d, field, layers, 1, dps=dps)
        _, _, info = D.orbit_gradient(W0, dps=dps, field=field)
        dims = D.tangent_dimensions(W0, dps=dps, field=field)
        T = "0.1"
        (Wt,) = D.orbit_flow(W0, [T], dps=dps, field=field)
        with working(dps):
            G0, Gt = moments(W0), moments(Wt)
            t = mpmath.mpf(T)
            r = _rate_defect(G0, Gt, 2 * t)
            rX = max_abs([end_to_end(Wt) - end_to_end(W0)]) / max_abs([end_to_end(W0)])
            bad = _rate_defect(G0, Gt, t)
        res = max(r, rX, info["range_residual"])
        dims_ok = dims["orbit"] == info["rank_H"] and (dims["orbit"] < dims["ker_dX"] if len(layers) >= 2 else True)
        yield Evidence(res, res < eps and dims_ok, sizes_of(W0, field, T=float(T)), dps=dps,
                       figures={"rank H": info["rank_H"], "dim gl(d)^(N-1)": info["dim"], "dim {w_a}": dims["orbit"],
                                "dim ker dX": dims["ker_dX"]},
                       control=Control("G(t) = G_0 e^-t", bad, not bad < eps),
                       note=f"rank-1 layers {list(layers)}: residual = max(|H(b) - G|, |G(T) - G_0 e^-2T|/|G_0|, "
                            "|X(T) - X(0)|/|X(0)|), tolerance 10^-(dps-10); dim {w_a} = rank H"
                            + (" < dim ker dX (singular fibre)" if len(layers) >= 2 else ""))


def _jet_G_X(W, V):
    jet = [Dual(w, v) for w, v in zip(W, V)]
    return [g.der for g in moments(jet)], end_to_end(jet).der


def check_rank_deficient_pointwise(opts):
    r"""Remark 4 beyond ``N = 2, d <= 2``: at seeded states with rank-1 layers (``N = 3, d = 2`` and ``N = 2, d = 3``,
    R and C), the minimum-norm ``b`` solves ``H(b) = G`` (``G`` in the range of ``H``), ``dG(w_b) = 2G`` (Lemma 4 with
    (2.19): the flow ``-w_b`` scales ``G`` by ``e^{-2t}`` at that instant) and ``dX(w_b) = 0`` (jets), all relative
    to ``max|G|`` and ``10^-(dps-10)``; ``dim {w_a} = rank H``, below ``dim ker dX`` when adjacent layers are
    deficient. Two of :data:`POINT_CASES` by default, all four and the flows at these sizes under ``Options.long``
    (:func:`check_rank_deficient`). Control: ``dG(w_b) = G`` (the rate ``e^{-t}``)."""
    dps = opts.dps
    eps = tol(dps)
    cases = POINT_CASES if opts.long else [POINT_CASES[0], POINT_CASES[3]]
    for N, d, field, layers in [c for c in cases if c[2] in opts.fields]:
        W = rank_deficient_state(N, d, field, layers, 1, dps=dps)
        wb, b, info = D.orbit_gradient(W, dps=dps, field=field)
        dims = D.tangent_dimensions(W, dps=dps, field=field)
        with working(dps):
            G = moments(W)
            dG, dX = _jet_G_X(W, wb)
            scale = max_abs(G)
            rate = max_abs([x - g * 2 for x, g in zip(dG, G)]) / scale
            bad = max_abs([x - g for x, g in zip(dG, G)]) / scale
            res = max(rate, max_abs([dX]) / max_abs([end_to_end(W)] + [mpmath.eye(d)]), info["range_residual"] / scale)
        adjacent = any(k + 1 in layers for k in layers)
        dims_ok = dims["orbit"] == info["rank_H"] and (dims["orbit"] < dims["ker_dX"] if adjacent else True)
        yield Evidence(res, res < eps and dims_ok, sizes_of(W, field), dps=dps,
                       figures={"rank H": info["rank_H"], "dim gl(d)^(N-1)": info["dim"], "dim {w_a}": dims["orbit"],
                                "dim ker dX": dims["ker_dX"]},
                       control=Control("dG(w_b) = G (rate e^-t)", bad, not bad < eps),
                       note=f"rank-1 layers {list(layers)}: max(|dG(w_b) - 2G|, |dX(w_b)|, |H(b) - G|) relative; "
                            "dim {w_a} = rank H" + (" < dim ker dX (singular fibre)" if adjacent else ""))


def ablation_singular_fibre(opts):
    r"""Remark 4 says Theorem 2 "requires only that we work on a Riemannian manifold". Drop it: at a state with two
    adjacent rank-deficient layers ``F_X`` is singular (``{w_a}`` smaller than ``ker dX``), and the gradient of
    ``1/2||W||^2`` along ``ker dX`` (the Euclidean projection ``V = P_{ker dX} W``, which is not ``w_b``) still has
    ``dG(V) = 2G`` and ``dX(V) = 0``: the complement of ``ker dX`` is spanned by loss gradients, which conserve
    ``G`` (Section 1.4.1), and ``dG(W) = 2G`` (Remark 9). The conclusion ``dG/dt = -2G`` survives at the singular
    point. Control: ``dG(V) = G``."""
    dps = opts.dps
    eps = tol(dps)
    for N, d, field, layers in [c for c in [(2, 2, "R", (1, 2)), (3, 2, "C", (1, 2))] if c[2] in opts.fields]:
        W = rank_deficient_state(N, d, field, layers, 1, dps=dps)
        wb, _, _ = D.orbit_gradient(W, dps=dps, field=field)
        with working(dps):
            A = D.real_matrix(lambda V: [end_to_end([Dual(w, v) for w, v in zip(W, V)]).der], d, field, N)
            U, S, Vt = mpmath.svd_r(A, full_matrices=True)
            rank = sum(1 for x in S if x > tol(dps, slack=8) * max(S))
            w = mpmath.matrix(D._coords(W, field))
            proj = w.copy()
            for i in range(rank):           # subtract the components along the row space of dX
                row = Vt[i, :]
                c = sum(row[j] * w[j] for j in range(len(w)))
                for j in range(len(w)):
                    proj[j] -= c * row[j]
            V = D._from_coords(list(proj), d, field, N)
            G = moments(W)
            dG, dX = _jet_G_X(W, V)
            scale = max_abs(G)
            res = max(max_abs([x - g * 2 for x, g in zip(dG, G)]) / scale, max_abs([dX]))
            bad = max_abs([x - g for x, g in zip(dG, G)]) / scale
            off = max_abs([v - u for v, u in zip(V, wb)])
        yield Evidence(res, res < eps, sizes_of(W, field), dps=dps,
                       figures={"|P W - w_b| (not the orbit gradient)": mpmath.nstr(off, 3)},
                       control=Control("dG(P_ker dX W) = G", bad, not bad < eps),
                       note=f"rank-1 layers {list(layers)} (singular fibre): V = P_(ker dX) W, max(|dG(V) - 2G|/|G|, "
                            f"|dX(V)|); V differs from w_b by {mpmath.nstr(off, 3)}")


# Imported last on purpose (see the top of the module).
from ..claims.builders import _sc, _ssum  # noqa: E402
from ..claims.evidence import Control, Evidence, sizes_of  # noqa: E402
