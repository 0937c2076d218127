r"""Registry checks of the sentence after (3.8) (plurisubharmonicity of the Schatten sums) and of Theorem 19.

The Levi form of ``f(W) = sum_k ||W_k||_p`` on ``M_d^N(C)`` is block diagonal (a sum of functions of separate
layers), one block per layer; each block is computed from the definition ``d^2/ds ds-bar f(W + s v)`` by finite
differences at ``2 dps + 20`` digits and compared with the closed form derived in :mod:`dlnsym.numeric.levi`.
Every point with invertible layers lies on the full-rank fibre ``G_x = F_{X(W)}``.

Tolerances: the comparison passes below ``tol(dps) = 10^-(dps-10)`` (relative); an eigenvalue counts as positive
when it exceeds ``lambda_max * tol(dps)`` (the *margin*), which is ``10^-(dps-10)`` times the scale and shrinks with
``dps``; the smallest eigenvalues found are ``~10^-1``.
"""

from __future__ import annotations

import random
from fractions import Fraction

import mpmath

from ..claims.evidence import Control, Evidence, sizes_of
from ..matrix import adj
from ..numeric.common import random_state, tol, working
from ..numeric.levi import (
    levi_closed,
    levi_min_closed,
    levi_numeric,
    levi_of,
    real_hessian_nuclear_kernel,
    singular_direction_levi,
)
from ..numeric.section1 import random_unitary, svd_sorted
from . import examples as EX
from . import orbits as OR

PS = (1, Fraction(3, 2), 2, 3, 4)
#: exponents below 1 (quasi-norms), for the ablation of 1 < p < oo in Theorem 20
PS_BELOW = (Fraction(1, 2),)

_CACHE: dict = {}


def _points(opts):
    """``(N, d, seed)`` of the random points: ``N = 2, d = 2``; a second seed and ``d = 3`` under ``--long``."""
    pts = [(2, 2, 11)]
    if opts.long:
        pts += [(2, 2, 12), (2, 3, 13)]
    return pts


def _blocks(N, d, seed, dps):
    """``(W, [numeric Levi blocks per layer: dict p -> matrix])`` cached (the SVDs serve every ``p``)."""
    key = (N, d, seed, dps)
    if key not in _CACHE:
        W = random_state(N, d, "C", seed, dps=dps)
        _CACHE[key] = (W, [levi_numeric(M, PS + PS_BELOW, dps=dps) for M in W])
    return _CACHE[key]


def _eig(M):
    return sorted(mpmath.eigh(M, eigvals_only=True))


def levi_record(N, d, seed, p, dps, wrong=None):
    """The comparison at one point and one ``p``: ``(residual, lambda_min, lambda_min_closed, lambda_max, W)``."""
    W, blocks = _blocks(N, d, seed, dps)
    with working(dps):
        res, lmin, lmax, lmin_c = mpmath.mpf(0), None, mpmath.mpf(0), None
        for M, B in zip(W, blocks):
            Ln = B[p]
            Lc = levi_closed(M, p, dps=dps, wrong=wrong)
            n = Ln.rows
            scale = max(abs(Lc[i, j]) for i in range(n) for j in range(n))
            res = max(res, max(abs(Ln[i, j] - Lc[i, j]) for i in range(n) for j in range(n)) / scale)
            ev = _eig(Ln)
            lmin = ev[0] if lmin is None else min(lmin, ev[0])
            lmax = max(lmax, ev[-1])
            _, s, _ = svd_sorted(M)
            c = levi_min_closed(s, p)
            lmin_c = c if lmin_c is None else min(lmin_c, c)
    return res, lmin, lmin_c, lmax, W


def check_levi(opts, ps=PS):
    r"""Corrected statement, numeric: at random points of ``M_2^2(C)`` (invertible layers, so points of a full-rank
    fibre ``G_x``) and ``p`` in ``{1, 3/2, 2, 3, 4}``, the Levi form from its definition equals the closed form to
    ``tol(dps)``, and its smallest eigenvalue is positive beyond the margin ``lambda_max * tol(dps)`` and equals the
    closed form's. Control: the Laplacian ``(d_x^2 + d_y^2) f`` (four times the Levi form) in place of the closed
    form, compared the same way."""
    dps = opts.dps
    for N, d, seed in _points(opts):
        for p in ps:
            res, lmin, lmin_c, lmax, W = levi_record(N, d, seed, p, dps)
            ctrl, *_ = levi_record(N, d, seed, p, dps, wrong="laplacian")
            margin = lmax * tol(dps)
            agree = abs(lmin - lmin_c) / lmax
            r = max(res, agree)
            yield Evidence(r, r < tol(dps) and lmin > margin, sizes_of(W, "C", p=str(p)), dps=dps,
                           figures={"lambda_min": lmin, "lambda_min_closed": lmin_c, "lambda_max": lmax,
                                    "margin": margin},
                           control=Control("the Levi form is (d_x^2 + d_y^2) f (the Laplacian, a factor 4 too large)",
                                           ctrl, not ctrl < tol(dps)),
                           note=f"p = {p}: max |L_definition - L_closed| / max |L| over the {N} layer blocks, and "
                                f"|lambda_min - closed form| / lambda_max; lambda_min = {mpmath.nstr(lmin, 12)} > "
                                f"margin lambda_max tol(dps) = {mpmath.nstr(margin, 3)}")


def check_nuclear_real_kernel(opts):
    r"""The degenerate direction at ``p = 1``, derived: the *real* Hessian of ``||.||_1`` at ``W = U Sigma V^*``
    vanishes along ``v = U S V^*`` (``S`` Hermitian: ``t -> ||W + t v||_1 = Tr(Sigma + t S)`` is affine for small
    ``t``), while along ``iv`` it is ``2 sum_ij |S_ij|^2/(sigma_i + sigma_j)``; so the Levi form
    ``(D^2[v] + D^2[iv])/4`` is positive there. Residual: ``|D^2[v]| / D^2[iv]`` and the relative error of
    ``D^2[iv]`` against the formula. Control: "the Levi form vanishes along v" (what 'not strictly psh' would need)."""
    dps = opts.dps
    for N, d, seed in _points(opts)[:1]:
        W = random_state(N, d, "C", seed, dps=dps)
        rng = random.Random(f"nuc-{seed}")
        with working(dps):
            S = mpmath.matrix(d, d)
            for i in range(d):
                S[i, i] = mpmath.mpf(rng.randint(1, 5)) / 3
                for j in range(i + 1, d):
                    S[i, j] = mpmath.mpc(rng.randint(-3, 3), rng.randint(-3, 3)) / 4
                    S[j, i] = mpmath.conj(S[i, j])
        out = real_hessian_nuclear_kernel(W[0], S, dps=dps)
        with working(dps):
            r = max(abs(out["hess_v"]) / out["hess_iv"], abs(out["hess_iv"] - out["predicted_hess_iv"]) /
                    out["predicted_hess_iv"])
        yield Evidence(r, r < tol(dps) and out["levi"] > 0, {"d": d, "field": "C", "p": "1"}, dps=dps,
                       figures={k: v for k, v in out.items()},
                       control=Control("the Levi form of ||.||_1 vanishes along v = U S V^*", out["levi"],
                                       not abs(out["levi"]) < tol(dps)),
                       note="D^2||.||_1 [v] = 0 along v = U S V^* (S Hermitian), D^2[iv] = 2 sum |S_ij|^2/(s_i + s_j) "
                            f"= {mpmath.nstr(out['hess_iv'], 10)}: the Levi form there is "
                            f"{mpmath.nstr(out['levi'], 10)}")


def check_psh_printed(opts):
    r"""The sentence as printed, each half tested (both must fail). (a) "``||W||_1`` is not strictly
    plurisubharmonic on ``G_x``": at the random points (invertible layers) the Levi form at ``p = 1`` would need an
    eigenvalue ``<= lambda_max tol(dps)``; its smallest is ``1/(4 sigma_max)``. (b) "(3.8) is strictly
    plurisubharmonic on ``M_d^N(C)`` for ``1 < p < oo``": at ``W_k = diag(1, 0)`` the Levi form along ``E_22`` is,
    exactly (SymPy), ``0`` for ``p = 3`` and ``p = 4`` (it is ``1/2`` at ``p = 2``; at ``p = 3/2`` the function is
    not ``C^2`` there)."""
    dps = opts.dps
    for N, d, seed in _points(opts)[:1]:
        res, lmin, lmin_c, lmax, W = levi_record(N, d, seed, 1, dps)
        yield Evidence(lmin / lmax, lmin <= lmax * tol(dps), sizes_of(W, "C", p="1"), dps=dps,
                       figures={"lambda_min": lmin, "one_over_4_sigma_max": lmin_c, "lambda_max": lmax},
                       note=f"printed: p = 1 is not strictly psh on G_x; the Levi form's smallest eigenvalue is "
                            f"{mpmath.nstr(lmin, 12)} = 1/(4 sigma_max) = {mpmath.nstr(lmin_c, 12)} > 0")
    vals = {str(p): singular_direction_levi(p) for p in (Fraction(3, 2), 2, 3, 4)}
    strict = all(vals[k] != 0 for k in ("3", "4"))
    yield Evidence("L[E_22] = 0 at p = 3, 4" if not strict else "0", strict, {"N": "any", "d": 2, "field": "C"},
                   exact=True, figures={f"levi_E22_p{k}": str(v) for k, v in vals.items()},
                   note="printed: strictly psh on M_d^N(C) for 1 < p < oo; at a layer diag(1, 0), "
                        "s -> ||diag(1, 0) + s E_22||_p = (1 + |s|^p)^(1/p) has d^2/ds ds-bar at 0 equal to "
                        f"{vals} (SymPy limit of (g'' + g'/r)/4)")


# --------------------------------------------------------------------------- Theorem 19
def check_azad_loeb_printed(opts):
    """Theorem 19 as printed (no K-invariance): ``G = C^*``, ``H = {1}``, ``phi = |z - 2|^2`` satisfies every
    printed hypothesis and has a non-empty critical set ``{2}``, which is not a ``K``-orbit: the print fails."""
    e = EX.al_not_invariant()
    hyp = e["strict"]
    holds = hyp and e["one_orbit"]
    yield Evidence("0" if holds else f"critical set {e['critical']} is not a K-orbit", holds, {"n": 1, "field": "C"},
                   exact=True, note=f"{e['name']}: Levi form {e['levi']} (strictly psh), K-invariant "
                                    f"{e['k_invariant']}; {e['why']}")


def check_azad_loeb_corrected(opts, negative: bool = False):
    r"""Theorem 19 with ``phi`` real-valued and ``K``-invariant, exact: ``C^*`` with ``2|z|^2 + 8|z|^{-2}``,
    ``C^*/{+-1}`` with ``|w| + 1/|w|``, and ``GL(2, C)`` with ``H`` the centraliser of ``x = [[1, 1], [0, 2]]``
    (``G/H`` = the conjugacy class, ``phi = ||y||_F^2``, strictly psh as the restriction of ``|.|^2`` to a complex
    submanifold, ``K = U(2)``-invariant): in each the critical set is one ``K``-orbit and carries the minimum.
    ``negative``: "the critical set is a single point" (refuted by the circle ``|z| = sqrt 2``)."""
    a, b = EX.al_cstar(), EX.al_cstar_mod()
    if negative:
        single = not a["one_orbit"]  # the critical set is a circle, a K-orbit of positive dimension
        yield Evidence("0" if single else f"critical set {a['critical']}, a circle", single, {"n": 1, "field": "C"},
                       exact=True, note="control: the critical set of a K-invariant strictly psh function is one point")
        return
    for e in (a, b):
        ok = e["k_invariant"] and e["strict"] and e["one_orbit"] and e["min_on_orbit"]
        yield Evidence("0" if ok else f"{e}", ok, {"n": 1, "field": "C"}, exact=True,
                       note=f"{e['name']}: K-invariant {e['k_invariant']}, Levi form {e['levi']} > 0, critical set "
                            f"{e['critical']} (one K-orbit), minimum {e['minimum']} on it")
    inst = OR.conjugation_instances()[0]
    c = OR.classify_conjugation(inst)
    ok = bool(c["critical"] and c["minimum"])
    yield Evidence("0" if ok else str(c), ok, {"n": 2, "field": "C"}, exact=True,
                   note=f"{inst.name}: critical points = normal matrices of the class (mu = 2[y, y^*] = 0) = "
                        f"{{U diag(1, 2) U^*}} (spectral theorem) = one U(2)-orbit; {c['reasons']['minimum']}")


def _phi_trace(g):
    P = adj(g) * g
    return mpmath.re(mpmath.fsum(P[i, i] for i in range(g.rows)) +
                     mpmath.fsum(mpmath.inverse(P)[i, i] for i in range(g.rows)))


def check_azad_loeb_gl2(opts):
    r"""Theorem 19 (corrected) on ``G = GL(2, C)``, ``H = {1}``, ``K = U(2)`` (left multiplication),
    ``phi(g) = Tr(g^* g) + Tr((g^* g)^{-1})``, numerically at ``dps``: (i) ``K``-invariant, ``phi(kg) = phi(g)``;
    (ii) strictly psh: its Levi form on ``gl(2) = C^4``, from the definition, is positive beyond the margin;
    (iii) its gradient for ``Re Tr``, derived as ``2 g (I - P^{-2})`` (``P = g^* g``), matches a central
    difference, so the critical points are ``P = I``: the unitary group, the ``K``-orbit of ``e``, where
    ``phi = 4 = min`` (``lambda + 1/lambda >= 2``). Control: "the critical set is ``{e}``": the unitary polar factor
    ``U != I`` of a random ``g`` is critical too."""
    dps = opts.dps
    for seed in ((21, 22) if opts.long else (21,)):
        g = random_state(2, 2, "C", seed, dps=dps)[0]
        k = random_unitary(2, "C", seed, dps=dps)
        with working(dps):
            inv = abs(_phi_trace(k * g) - _phi_trace(g)) / _phi_trace(g)
        L = levi_of(_phi_trace, g, dps=dps)
        with working(dps):
            ev = _eig(L)
            P = adj(g) * g
            grad = 2 * g * (mpmath.eye(2) - mpmath.inverse(P) ** 2)
            rng = random.Random(f"al-{seed}")
            D = mpmath.matrix([[mpmath.mpc(rng.gauss(0, 1), rng.gauss(0, 1)) for _ in range(2)] for _ in range(2)])
        with working(2 * dps + 5):
            h = mpmath.mpf(10) ** (-(dps + 10) / 2)
            fd = (_phi_trace(g + D * h) - _phi_trace(g - D * h)) / (2 * h)
        with working(dps):
            pred = mpmath.re(mpmath.fsum((adj(grad) * D)[i, i] for i in range(2)))
            gerr = abs(fd - pred) / abs(pred)
            U, s, V = svd_sorted(g)
            Q = U * adj(V)  # the unitary polar factor of g
            PQ = adj(Q) * Q
            gQ = 2 * Q * (mpmath.eye(2) - mpmath.inverse(PQ) ** 2)
            crit = max(abs(gQ[i, j]) for i in range(2) for j in range(2))
            val = abs(_phi_trace(Q) - 4)
            dist = max(abs((Q - mpmath.eye(2))[i, j]) for i in range(2) for j in range(2))
        r = max(inv, gerr, crit, val)
        yield Evidence(r, r < tol(dps) and ev[0] > ev[-1] * tol(dps), {"n": 2, "field": "C"}, dps=dps,
                       figures={"levi_min": ev[0], "levi_max": ev[-1], "gradient_fd_error": gerr},
                       control=Control("the critical set of phi is {e} (a point): the polar factor U of g is "
                                       "critical with |U - I| > 0", dist, not dist < tol(dps)),
                       note=f"|phi(kg) - phi(g)|/phi = {mpmath.nstr(inv, 3)}, Levi eigenvalues in "
                            f"[{mpmath.nstr(ev[0], 6)}, {mpmath.nstr(ev[-1], 6)}], gradient vs difference "
                            f"{mpmath.nstr(gerr, 3)}, gradient at the polar factor U {mpmath.nstr(crit, 3)}, "
                            f"phi(U) - 4 = {mpmath.nstr(val, 3)}")


def ablate19_strict(opts):
    """Theorem 19 without 'strictly': ``phi = h(log|z|)``, ``h(u) = ((|u| - 1)_+)^3`` on ``C^*``: ``K``-invariant,
    ``C^2``, psh with Levi form ``0`` on the annulus ``e^{-1} <= |z| <= e``, which is its critical set: a continuum
    of ``K``-orbits (counterexample)."""
    e = EX.al_not_strict()
    holds = e["one_orbit"]
    yield Evidence("0" if holds else f"critical set {e['critical']}", holds, {"n": 1, "field": "C"}, exact=True,
                   note=f"{e['name']}: C^2 {e['c2']}, psh {e['psh']}, Levi form {e['levi_middle']} on the annulus; "
                        f"critical set {e['critical']}, minimum {e['minimum']}")


def ablate19_reductive(opts):
    """Theorem 19 without 'reductive': ``G = (C, +)``, ``K = {0}``, ``phi = |z^2 - 1|^2 + |z|^2/2`` (Levi form
    ``4|z|^2 + 1/2``): three critical points, three ``K``-orbits (counterexample)."""
    e = EX.al_not_reductive()
    holds = e["one_orbit"]
    yield Evidence("0" if holds else f"critical points {e['critical']}", holds, {"n": 1, "field": "C"}, exact=True,
                   note=f"{e['name']}: Levi form {e['levi']}, critical points {e['critical']} with values "
                        f"{e['values']}")
