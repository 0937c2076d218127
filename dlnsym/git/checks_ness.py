r"""Registry checks of Remark 17: Ness's gradient flow of ``||mu||^2`` and its critical points (:mod:`dlnsym.git.ness`).

* (i), (ii) the affine flow on the DLN (the Kirwan-Ness flow (1.22), FLINT Taylor integrator): from a full-rank
  start (closed orbit = ``F_X``, Lemma 1) it converges to a point of the orbit with ``m = G = 0`` and
  ``w_G = 0`` (a minimal critical point), at the minimum ``N sum sigma^{2/N}``; from ``k.(I, diag(1, 0))`` (a non-closed
  orbit) it leaves the orbit: ``sigma_2(W_1(t)) = 1/sqrt(1 + 4t)`` (``W = (diag(1, b), diag(1, 0))`` stays diagonal,
  ``b' = -2 b^3``, and (1.22) is ``K``-equivariant), so the limit ``k.(E_11, E_11)`` has ``rank W_1 = 1`` (not in the
  orbit, where ``rank W_1 = 2``) and ``G = 0``.
* (iii) the projective flow in the null cone: tori, where the limit value ``||mu_P||`` must equal the exact
  ``dist(0, conv chi_S)``, from ``x`` and from ``t.x``; and the DLN at ``X = 0``, ``x = (E_12, E_12)``: under the
  maximal torus ``diag(a_1, a_2)`` its coordinates have the weights ``e_1`` and ``-e_2``, so ``x`` itself is
  critical with ``||mu_P|| = dist(0, [e_1, -e_2]) = 1/sqrt 2``, and the flow from ``g.x`` (``g`` random) must reach the
  same value: the critical value is an invariant of the orbit.
"""

from __future__ import annotations

import random

import mpmath

from ..claims.evidence import Control, Evidence, sizes_of
from ..formulas import act, end_to_end, moments, tangent_vector
from ..numeric.common import random_state, tol, working
from ..numeric.flows import kirwan_ness_trajectory
from ..numeric.section1 import maxabs, random_unitary, svd_sorted
from ..numeric.taylor import TaylorIntegrator, check_time
from . import ness as NE


def _norm(W):
    return mpmath.sqrt(mpmath.fsum(mpmath.mnorm(M, "f") ** 2 for M in W))


def _bound(W):
    _, s, _ = svd_sorted(end_to_end(W))
    N = len(W)
    return N * mpmath.fsum(abs(x) ** (mpmath.mpf(2) / N) for x in s)


def check_flow_closed(opts):
    r"""(i), (ii) on closed DLN orbits: from a random full-rank ``W_0`` (``N = 2, d = 2``, R and C; ``N = 3`` under
    ``--long``) the gradient flow of ``1/2||m||^2`` (1.22) is integrated until ``|G| < tol(dps)``; at the end point
    ``W_T``: ``|G(W_T)|`` (``m = 0``, minimal), ``|w_{G}(W_T)|`` (critical), ``|X(W_T) - X_0|`` (still in the orbit
    ``F_X``) and ``||W_T||^2 - N sum sigma^{2/N}`` (the minimum of the orbit), relative. Control: "``W_0`` is already a
    critical point" (``|w_G(W_0)|`` must exceed ``tol``)."""
    dps = opts.dps
    cases = [(2, 2, "R", 1), (2, 2, "C", 5)] + ([(3, 2, "R", 8)] if opts.long else [])
    for N, d, F, seed in cases:
        W0 = random_state(N, d, F, seed, dps=dps)
        integ, T = [], 10
        kirwan_ness_trajectory(W0, [0], dps=dps, integrator=integ)
        while True:
            integ[0].propagate_to(check_time(T, dps=dps))
            W = integ[0].state()
            with working(dps):
                g = _norm(moments(W))
            if g < tol(dps) / 100 or T >= 320:
                break
            T *= 2
        with working(dps):
            sc = _norm(W0) ** 3
            crit = _norm(tangent_vector(W, moments(W))) / sc
            r = max(g / sc, crit, maxabs(end_to_end(W) - end_to_end(W0)) / _norm(W0),
                    abs(_norm(W) ** 2 - _bound(W0)) / _bound(W0))
            c0 = _norm(tangent_vector(W0, moments(W0))) / sc
        yield Evidence(r, r < tol(dps), sizes_of(W0, F, T=T), dps=dps, figures={"w_G_at_start": c0},
                       control=Control("W_0 is already a critical point of ||m||^2 (w_G(W_0) = 0)", c0,
                                       not c0 < tol(dps)),
                       note=f"N = {N}, d = {d}, {F}: at t = {T}: |G|, |w_G|, |X - X_0| and ||W||^2 - N sum "
                            f"sigma^(2/N), relative: {mpmath.nstr(r, 3)}")


def check_flow_nonclosed(opts):
    r"""(ii) on a non-closed DLN orbit: ``W_0 = k.(I, diag(1, 0))``, ``k`` random orthogonal (R) or unitary (C).
    Residual: ``max_t |sigma_2(W_1(t)) sqrt(1 + 4t) - 1|`` at ``t = 1, 10, 100`` together with
    ``|W_2(t) - W_2(0)|``, ``|X(t) - X_0|``, ``| |G(t)| - sigma_2(t)^2 |`` (module docstring): the flow tends to
    ``k.(E_11, E_11)``, in the closure and outside the orbit. Control: "the flow stays in a compact part of the orbit,
    ``sigma_2(W_1(t)) >= 1/2``" (``sigma_2(W_1(100)) = 1/sqrt 401``); ``C`` under ``--long``."""
    dps = opts.dps
    ts = [1, 10, 100]
    for F, seed in (("R", 8), ("C", 9))[: 2 if opts.long else 1]:
        k = random_unitary(2, F, seed, dps=dps)
        with working(dps):
            W0 = act([k], [mpmath.eye(2), mpmath.diag([1, 0])])
        Ws = kirwan_ness_trajectory(W0, ts, dps=dps)
        with working(dps):
            r, s2 = mpmath.mpf(0), None
            for t, W in zip(ts, Ws):
                _, s, _ = svd_sorted(W[0])
                s2 = min(abs(x) for x in s)
                r = max(r, abs(s2 * mpmath.sqrt(1 + 4 * mpmath.mpf(t)) - 1), maxabs(W[1] - W0[1]),
                        maxabs(end_to_end(W) - end_to_end(W0)), abs(_norm(moments(W)) - s2 ** 2))
        yield Evidence(r, r < tol(dps), sizes_of(W0, F, T=ts[-1]), dps=dps, figures={"sigma_2_at_T": s2},
                       control=Control("the flow stays in a compact part of the orbit: sigma_2(W_1(t)) >= 1/2",
                                       s2, not s2 >= mpmath.mpf(1) / 2),
                       note=f"{F}: sigma_2(W_1(t)) = 1/sqrt(1 + 4t) at t = {ts} (relative residual "
                            f"{mpmath.nstr(r, 3)}); W_2, X fixed, |G| = sigma_2^2 -> 0: the limit k.(E_11, E_11) has "
                            "rank W_1 = 1, outside the orbit (rank W_1 = 2 there), with m = 0")


def _torus_flow(weights, x0, dps):
    """Integrate the projective field from ``x0 / |x0|`` to the horizons 8, 16, ... until ``||mu_P||`` settles
    (change below ``tol(dps)/100``, at most 512); returns ``(x_T, T, value, beta, (x_8, 8), x_0)``."""
    field = NE.torus_projective_field(weights)
    k = len(weights[0])
    with working(dps):
        n = mpmath.sqrt(mpmath.fsum(mpmath.mpf(v) ** 2 for v in x0))
        x = [mpmath.matrix([[mpmath.mpf(v) / n]]) for v in x0]
    integ = TaylorIntegrator(field, x, dps=dps, validate=False)
    T, prev, first = 8, None, None
    while True:
        integ.propagate_to(check_time(T, dps=dps))
        xs = integ.state()
        with working(dps):
            beta = [mpmath.fsum(xi[0, 0] ** 2 * w[j] for xi, w in zip(xs, weights)) for j in range(k)]
            val = mpmath.sqrt(mpmath.fsum(b * b for b in beta))
        if first is None:
            first = (xs, T)
        if (prev is not None and abs(val - prev) < tol(dps) / 100) or T >= 512:
            return xs, T, val, beta, first, x
        prev, T = val, 2 * T


def _orbit_residual(weights, x0, x1):
    """``x_1`` on the projective orbit of ``x_0``: ``log(x_{1,i}^2 / x_{0,i}^2) = <chi_i, b> + c`` (least squares)."""
    n, k = len(weights), len(weights[0])
    y = mpmath.matrix([mpmath.log(x1[i][0, 0] ** 2 / x0[i][0, 0] ** 2) for i in range(n)])
    A = mpmath.matrix(n, k + 1)
    for i in range(n):
        for j in range(k):
            A[i, j] = weights[i][j]
        A[i, k] = 1
    sol = mpmath.lu_solve(A.T * A, A.T * y)
    return max(abs(v) for v in (A * sol - y)) / max(1, max(abs(v) for v in y))


def check_ness_torus(opts, negative: bool = False):
    r"""(iii) for tori: the projective gradient flow of ``||mu_P||^2`` (:func:`~dlnsym.git.ness.torus_projective_field`,
    FLINT Taylor) from ``x`` and from ``t.x`` (``t`` a random torus element). Residual: ``| ||mu_P(x_T)|| -
    dist(0, conv chi_S) |`` (the exact QP :func:`~dlnsym.git.ness.hull_distance`), the criticality defect
    ``max_i |<chi_i, beta> - |beta|^2| |x_i|``, and the orbit defect at the first horizon. In the null cone the value
    is ``> 0`` (a non-minimal critical point); on the closed orbit it is ``0``. The first null-cone instance (nearest
    point a vertex) runs under ``--long``. ``negative``: "the critical value is
    the distance to the nearest weight of the support, ``min_S |chi_i|``"."""
    dps = opts.dps
    rng = random.Random("ness-torus")
    insts = NE.NULL_CONE_TORI[0 if opts.long else 1:] + NE.SEMISTABLE_TORI
    if negative:
        r = mpmath.mpf(0)
        with working(dps):
            for name, weights, x in insts:
                d2 = NE.hull_distance(weights)["dist2"]
                wrong = min(mpmath.sqrt(sum(c * c for c in w)) for w in weights)
                r = max(r, abs(wrong - mpmath.sqrt(mpmath.mpf(d2.numerator) / d2.denominator)))
        yield Evidence(r, r < tol(dps), {"k": 2, "n": 3, "field": "C"}, dps=dps,
                       note="control: the critical value is min_S |chi_i| (the nearest weight, not the nearest point "
                            "of the hull)")
        return
    for name, weights, x in insts:
        exact = NE.hull_distance(weights)
        a = [rng.uniform(-1, 1) for _ in weights[0]]
        with working(dps):
            tx = [mpmath.mpf(v) * mpmath.exp(mpmath.fsum(c * mpmath.mpf(f"{aj:.6f}") for c, aj in zip(w, a)))
                  for v, w in zip(x, weights)]
        vals, res = [], mpmath.mpf(0)
        for start in (x, tx):
            xs, T, val, beta, (x1, T1), xin = _torus_flow(weights, start, dps)
            with working(dps):
                target = mpmath.sqrt(mpmath.mpf(exact["dist2"].numerator) / exact["dist2"].denominator)
                b2 = mpmath.fsum(b * b for b in beta)
                crit = max(abs(mpmath.fsum(c * b for c, b in zip(w, beta)) - b2) * abs(xi[0, 0])
                           for w, xi in zip(weights, xs))
                orb = _orbit_residual(weights, xin, x1)
                res = max(res, abs(val - target), crit, orb)
                vals.append(val)
        null = exact["dist2"] > 0
        yield Evidence(res, res < tol(dps), {"k": len(weights[0]), "n": len(weights), "field": "C"}, dps=dps,
                       figures={"critical_value": vals[0], "from_t_x": vals[1], "dist2_exact": str(exact["dist2"]),
                                "face": str(exact["face"]), "T": T, "null_cone": null},
                       note=f"{name}: ||mu_P(x_T)|| = {mpmath.nstr(vals[0], 15)} from x and {mpmath.nstr(vals[1], 15)} "
                            f"from t.x; dist(0, conv chi_S)^2 = {exact['dist2']} (face {exact['face']}); "
                            + ("null cone: a non-minimal critical point" if null else "closed orbit: mu_P -> 0"))


def check_ness_dln(opts):
    r"""(iii) on the DLN null cone (``X = 0``): ``x = (E_12, E_12)`` (``N = 2, d = 2``, R) is itself critical (``w_G(x)
    = x``, ``||mu_P(x)|| = 1/sqrt 2``, exactly); from ``g.x``, ``g`` random in ``GL(2, R)``, the projective flow (the
    affine flow (1.22) normalised, :mod:`dlnsym.git.ness`) is integrated to ``s = 10^{ceil((dps - 8)/2)}``. Its
    value converges like ``1/s^2`` and its direction like ``1/s``; a longer run does not help (at
    ``s = 10^{dps - 7}`` the value stalls at an accuracy floor, measured ``6e-48`` at ``dps = 80``). Residual:
    ``| ||mu_P(V/|V|)|| - 1/sqrt 2 |`` (``1/sqrt 2 = dist(0, conv{e_1, -e_2})``, the exact QP on the torus weights of
    ``x``), tolerance ``tol(dps)``; the projective criticality defect ``|w_G(x) - ||G(x)||^2 x|`` at ``x = V/|V|`` must
    be below ``10 sqrt(tol(dps))``. Control: "the limit is a minimal critical point, ``mu_P = 0``"."""
    dps = opts.dps
    E = mpmath.matrix([[0, 1], [0, 0]])
    exact = NE.hull_distance([(1, 0), (0, -1)])
    expo = -(-(dps - 8) // 2)
    s_end = mpmath.mpf(10) ** expo
    g = random_state(2, 2, "R", 7, dps=dps)[:1]
    with working(dps):
        W0 = act(g, [E, E])
        target = mpmath.sqrt(mpmath.mpf(exact["dist2"].numerator) / exact["dist2"].denominator)
        xh = [E / mpmath.sqrt(2), E / mpmath.sqrt(2)]       # x / |x|
        Gx = moments(xh)
        at_x = abs(_norm(Gx) - target) + _norm([a - _norm(Gx) ** 2 * b for a, b in zip(tangent_vector(xh, Gx), xh)])
    V = kirwan_ness_trajectory(W0, [s_end], dps=dps)[0]
    with working(dps):
        n = _norm(V)
        x = [M / n for M in V]
        G = moments(x)
        g2 = _norm(G) ** 2
        val = mpmath.sqrt(g2)
        crit = _norm([a - g2 * b for a, b in zip(tangent_vector(x, G), x)])
        crit_tol = 10 * mpmath.sqrt(tol(dps))
        res = max(abs(val - target), at_x)
    yield Evidence(res, res < tol(dps) and crit < crit_tol, sizes_of(W0, "R"), dps=dps,
                   figures={"critical_value": val, "exact": target, "criticality_defect": crit,
                            "log10_s": expo},
                   control=Control("the limit is a minimal critical point (mu_P = 0)", val, not val < tol(dps)),
                   note=f"x = (E_12, E_12), X = 0: ||mu_P|| = 1/sqrt 2 at x (defect {mpmath.nstr(at_x, 3)}) and "
                        f"{mpmath.nstr(val, 20)} at the limit from g.x (s = 10^{expo}); |w_G - ||G||^2 x| = "
                        f"{mpmath.nstr(crit, 3)} (tolerance {mpmath.nstr(crit_tol, 3)}); 1/sqrt 2 = "
                        "dist(0, conv{e_1, -e_2})")
