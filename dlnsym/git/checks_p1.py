r"""p = 1 (Section 3.4, left open by the paper): a proof for full-rank ``X`` whose every step is a check; and the
hypothesis ablations of Theorems 1 and 20.

.. rubric:: The proof (full-rank ``X``, any ``N >= 2``, ``d``, ``F = R`` or ``C``; ``f(W) = sum_k ||W_k||_p``,
   ``0 < p < oo``, in particular ``p = 1``)

(P1) *Every ``W`` in ``F_X`` is ``e^h.V`` with ``h`` a Hermitian (symmetric) tuple and ``V`` in ``O_X``*: Lemma 1
     gives ``W = A.C``; the polar decomposition ``A_k = e^{h_k} U_k`` (``e^{2h_k} = A_k A_k^*``) and
     ``O_X = U.C`` give ``W = e^h.(U.C)``. [:func:`step_polar`]
(P2) *Lower bound, and equality on* ``O_X``: Horn's inequality ``prod_{i<=j} s_i(AB) <= prod_{i<=j} s_i(A) s_i(B)``
     (log-majorisation), the scalar Hoelder inequality and AM-GM give ``f(W) >= N ||X||_{p/N}^{1/N} =
     N (sum_i sigma_i^{p/N})^{1/p}`` on ``F_X``; on ``O_X`` every layer has singular values ``Sigma^{1/N}`` and
     equality holds (Horn with equality, all ``||V_k||_p`` equal). [:func:`step_bound`]
(P3) *Every ``V`` in ``O_X`` is critical*: ``d/dtau f(e^{tau a}.V)|_0 = sum Re Tr(M_k a_k)``,
     ``M_k = s_k (V_k V_k^*)^{p/2} - s_{k+1} (V_{k+1}^* V_{k+1})^{p/2} = 0`` on ``M``. [:func:`step_geodesic`]
(P4) *The second derivative along a geodesic is a Levi form*: ``F(z) = e^{z h}.V`` is holomorphic with
     ``F'(z) = w_h(F(z))`` (2.3), and ``f(F(tau + i theta)) = f(F(tau))`` (``e^{i theta h}`` is unitary and
     ``f`` unitarily invariant), so ``phi(tau) = f(e^{tau h}.V)`` satisfies
     ``phi''(tau) = 4 d^2/dz dz-bar f(F(z)) = 4 L_f(W_tau)[w_h(W_tau)]``, ``W_tau = e^{tau h}.V``.
     [:func:`step_geodesic`: both sides at ``dps`` digits, and ``theta``-independence]
(P5) *``L_f`` is positive definite at invertible layers*, for every ``0 < p < oo`` (closed form and its positivity:
     :mod:`dlnsym.numeric.levi`; against the definition: the claim on eq. (3.8)); at ``p = 1`` its smallest
     eigenvalue is ``min_k 1/(4 sigma_max(W_k))``.
(P6) *``w_h != 0`` for ``h != 0``*: ``w_a = 0`` gives ``-W_N a_{N-1} = 0``, so ``a_{N-1} = 0`` (``W_N``
     invertible), then ``-W_{N-1} a_{N-2} = 0``, ..., ``a = 0`` (every layer of ``F_X`` is invertible).
     [:func:`step_injective`: the rank of ``a -> w_a``, exactly, at rational states]
(P7) Hence ``phi'' > 0`` on ``R``, ``phi'(0) = 0``: ``f(e^h.V) > f(V)`` for ``h != 0``. With (P1)-(P2):
     ``argmin_{F_X} f = O_X = F_X ∩ M``, one ``U_d^{N-1}`` (``O_d^{N-1}``) orbit. [:func:`step_geodesic` on a grid
     of ``tau``; :func:`check_newton_p1` finds only points of ``O_X`` from random starts, with repeated singular
     values of ``X``, where a larger set of minimisers would first appear]

(P4)-(P6) say that ``f`` restricted to the orbit ``F_X = G.C`` is strictly plurisubharmonic and ``K``-invariant, so
Theorem 19 (with its ``K``-invariance, corrected) applies at ``p = 1``: the paper's "not strictly plurisubharmonic"
(Section 3.4) is what stood in the way, and it does not hold on ``F_X``.

Control of the uniqueness step: the same test, "every point of ``F_X`` that attains the bound is balanced", applied
to ``sum_k ||W_k||_oo`` (the operator norm; ``p = oo``), where it is false: for ``X = diag(4, 1)``, ``N = 2``,
``(diag(2, a), diag(2, 1/a))`` attains ``N ||X||_oo^{1/N} = 4`` for every ``1/2 <= a <= 2`` and is balanced only at
``a = 1`` (exact rationals).
"""

from __future__ import annotations

import random
from fractions import Fraction

import mpmath
import sympy

from ..claims.evidence import Control, Evidence, sizes_of
from ..formulas import act, end_to_end, moments, norm_sq, tangent_vector
from ..matrix import adj
from ..numeric.common import random_state, tol, working
from ..numeric.levi import levi_closed
from ..numeric.minimize import _newton, certify, closed_form, critical_M, functional, hermitian_basis
from ..numeric.section1 import (
    centre,
    lemma1_group_element,
    maxabs,
    svd_sorted,
    unitarity_defect,
    unitary_from_balanced,
)
from . import orbits as OR

#: (singular values of X, N, field): repeated singular values, where non-uniqueness would first appear
P1_CASES = [([1, 1], 2, "R"), ([1, 1], 3, "C"), ([1, 1, 4], 2, "C"), ([1, 1, 4], 3, "R"), ([2, 2, 2], 2, "R"),
            ([1, 2], 3, "C")]


def _cases(opts):
    return [c for c in (P1_CASES[:2] if opts.quick else P1_CASES) if c[2] in opts.fields]


def _herm_tuple(N, d, f, seed):
    rng = random.Random(f"p1-h-{N}-{d}-{f}-{seed}")
    hb = hermitian_basis(d, f)
    return [sum((b * mpmath.mpf(f"{rng.gauss(0, 1):.15f}") for b in hb), mpmath.matrix(d, d)) for _ in range(N - 1)]


def _expm_h(h, z):
    """``e^{z h}`` for Hermitian ``h`` and complex ``z`` (eigendecomposition)."""
    E, Y = mpmath.eigh(h)
    return Y * mpmath.diag([mpmath.exp(z * x) for x in E]) * adj(Y)


def _instance(sv, N, f, dps, seed=41):
    with working(dps):
        X = mpmath.diag([mpmath.mpf(x) for x in sv])
        C, _, _, _ = centre(X, N, dps=dps)
        A = random_state(N, len(sv), f, seed, dps=dps)[: N - 1]
        W = act(A, C)
    return X, C, W


def polar_split(W, dps):
    """(P1): ``(h, U, V)`` with ``W = e^h.V``, ``h`` Hermitian, ``U`` unitary, ``V = U.C`` in ``O_X``."""
    A, C = lemma1_group_element(W, dps=dps)
    with working(dps):
        h, U = [], []
        for Ak in A:
            E, Y = mpmath.eigh(Ak * adj(Ak))
            hk = Y * mpmath.diag([mpmath.log(x) / 2 for x in E]) * adj(Y)
            h.append(hk)
            U.append(_expm_h(hk, -1) * Ak)
        V = act(U, C)
    return h, U, V, C


def step_polar(opts):
    """(P1) at each case: ``|e^h.V - W|/|W|``, ``max |U_k^* U_k - I|``, ``max |G(V)|/|V|^2``, ``|h - h^*|``.
    Control: ``W`` itself is in ``O_X`` (it is not: its ``O_X`` defect is of order one)."""
    dps = opts.dps
    for sv, N, f in _cases(opts):
        X, C, W = _instance(sv, N, f, dps)
        h, U, V, _ = polar_split(W, dps)
        with working(dps):
            back = act([_expm_h(hk, 1) for hk in h], V)
            r = max(maxabs([a - b for a, b in zip(back, W)]) / maxabs(W), max(unitarity_defect(u) for u in U),
                    maxabs(moments(V)) / maxabs(V) ** 2, max(maxabs(hk - adj(hk)) for hk in h))
        _, _, ctrl = unitary_from_balanced(W, dps=dps)
        yield Evidence(r, r < tol(dps), sizes_of(W, f, X=f"diag{tuple(sv)}"), dps=dps,
                       control=Control("the non-balanced W of F_X lies in O_X (Q.C = W with Q unitary)", ctrl,
                                       not ctrl < tol(dps)),
                       note="(P1) W = e^h.V: Lemma 1's A, polar A_k = e^{h_k} U_k, V = U.C; residual max of "
                            "|e^h.V - W|/|W|, unitarity of U, |G(V)|/|V|^2, |h - h^*|")


def _horn_defect(A, B):
    """``max_j [log prod_{i<=j} s_i(AB) - log prod_{i<=j} s_i(A) s_i(B)]`` (``<= 0`` by Horn's inequality)."""
    _, sab, _ = svd_sorted(A * B)
    _, sa, _ = svd_sorted(A)
    _, sb, _ = svd_sorted(B)
    out, acc = None, mpmath.mpf(0)
    for i in range(len(sa)):
        acc += mpmath.log(sab[i]) - mpmath.log(sa[i]) - mpmath.log(sb[i])
        out = acc if out is None else max(out, acc)
    return out


def step_bound(opts, p=1):
    """(P2): Horn's inequality on the partial products of a random point ``W`` of ``F_X`` (largest defect ``<= 0``)
    and on ``V`` in ``O_X`` (defect ``0``: equality); the bound ``f(W) >= N (sum sigma^{p/N})^{1/p}``, strict at
    ``W``, with equality at ``V``. Residual: the positive part of the Horn defects at ``W``, ``|defect(V)|``, the
    negative part of ``f(W) - bound`` and ``|f(V) - bound|/bound``. Control: equality at the non-balanced ``W``."""
    dps = opts.dps
    for sv, N, f in _cases(opts):
        X, C, W = _instance(sv, N, f, dps)
        _, _, V, _ = polar_split(W, dps)
        with working(dps):
            def horn(S):
                out = mpmath.mpf(-10) ** 9
                P = S[0]
                for k in range(1, N):
                    out = max(out, _horn_defect(S[k], P))
                    P = S[k] * P
                return out
            hw, hv = horn(W), horn(V)
            b = closed_form(X, N, p)
            fw, fv = functional(W, p), functional(V, p)
            r = max(max(hw, 0), abs(hv), max(b - fw, 0) / b, abs(fv - b) / b)
            ctrl = abs(fw - b) / b
        yield Evidence(r, r < tol(dps), sizes_of(W, f, X=f"diag{tuple(sv)}", p=str(p)), dps=dps,
                       figures={"horn_defect_W": hw, "horn_defect_V": hv, "excess_W": (fw - b) / b},
                       control=Control("the non-balanced W attains the bound (equality in Hoelder / AM-GM)", ctrl,
                                       not ctrl < tol(dps)),
                       note=f"(P2) Horn defect at W {mpmath.nstr(hw, 3)} <= 0, at V {mpmath.nstr(hv, 3)}; "
                            f"f(W)/bound - 1 = {mpmath.nstr((fw - b) / b, 5)}, f(V)/bound - 1 = "
                            f"{mpmath.nstr((fv - b) / b, 3)}")


def _levi_along(W, v, p, dps):
    """``sum_k vec(v_k)^* L_k vec(v_k)`` with ``L_k`` the closed-form Levi form of ``||.||_p`` at ``W_k``."""
    tot = mpmath.mpf(0)
    for Wk, vk in zip(W, v):
        d = Wk.rows
        L = levi_closed(Wk, p, dps=dps)
        x = mpmath.matrix([vk[i, j] for i in range(d) for j in range(d)])
        tot += mpmath.re((adj(x) * L * x)[0, 0])
    return tot


def _phi(V, h, z, p):
    return functional(act([_expm_h(hk, z) for hk in h], V), p)


TAUS = (0, Fraction(1, 2))


def step_geodesic(opts, p=1, factor=4):
    r"""(P3), (P4), (P7) at each case, along ``tau -> e^{tau h}.V`` (``V`` in ``O_X``, ``h`` a random Hermitian
    tuple): ``M(V) = 0``; ``phi''(tau) = 4 L_f(W_tau)[w_h(W_tau)]`` at ``tau = 0, 1/2`` (central differences at
    ``2 dps + 20`` digits against the closed-form Levi form); ``phi`` independent of ``Im z``; ``phi(tau) > phi(0)``
    on a grid of ``tau != 0``. Residual: ``max |M_k|/|V|``, the relative errors, the negative part of the
    excesses. Control: the same identity with the factor ``1`` in place of ``4``."""
    dps = opts.dps
    for sv, N, f in _cases(opts):
        X, C, W = _instance(sv, N, f, dps)
        _, _, V, _ = polar_split(W, dps)
        h = _herm_tuple(N, len(sv), f, 7)
        with working(dps):
            crit = maxabs(critical_M(V, p, 1)) / maxabs(V)
        rel, ctrl_rel, lev_min = mpmath.mpf(0), mpmath.mpf(1) * 10, None
        for t0 in TAUS:
            t0 = mpmath.mpf(t0.numerator) / t0.denominator if isinstance(t0, Fraction) else mpmath.mpf(t0)
            with working(2 * dps + 5):
                hh = mpmath.mpf(10) ** (-mpmath.mpf(dps + 10) / 2)
                d2 = (_phi(V, h, t0 + hh, p) + _phi(V, h, t0 - hh, p) - 2 * _phi(V, h, t0, p)) / hh ** 2
            with working(dps):
                Wt = act([_expm_h(hk, t0) for hk in h], V)
                L = _levi_along(Wt, tangent_vector(Wt, h), p, dps)
                rel = max(rel, abs(d2 - factor * L) / abs(d2))
                ctrl_rel = min(ctrl_rel, abs(d2 - L) / abs(d2))
                lev_min = L if lev_min is None else min(lev_min, L)
        with working(dps):
            f0 = _phi(V, h, 0, p)
            im = max(abs(_phi(V, h, mpmath.mpc(t, th), p) - _phi(V, h, t, p)) / f0
                     for t in (mpmath.mpf(0), mpmath.mpf(1) / 2) for th in (mpmath.mpf(1) / 3, mpmath.mpf(2)))
            grid = [mpmath.mpf(k) / 4 for k in (-4, -2, -1, 1, 2, 4)]
            exc = min(_phi(V, h, t, p) - f0 for t in grid) / f0
        r = max(crit, rel, im, max(-exc, 0))
        yield Evidence(r, r < tol(dps) and exc > tol(dps), sizes_of(V, f, X=f"diag{tuple(sv)}", p=str(p)), dps=dps,
                       figures={"levi_along_w_h_min": lev_min, "min_excess_on_grid": exc, "M_max": crit},
                       control=Control("phi''(tau) = L_f(W_tau)[w_h] (factor 1 for the 4 of d^2/dz dz-bar)", ctrl_rel,
                                       not ctrl_rel < tol(dps)),
                       note=f"(P3) |M(V)|/|V| = {mpmath.nstr(crit, 3)}; (P4) phi'' = 4 L[w_h] to "
                            f"{mpmath.nstr(rel, 3)} at tau = 0, 1/2 (L[w_h] >= {mpmath.nstr(lev_min, 6)}), "
                            f"|phi(tau + i theta) - phi(tau)|/phi = {mpmath.nstr(im, 3)}; (P7) min over tau in "
                            f"+-{{1/4, 1/2, 1}} of phi(tau)/phi(0) - 1 = {mpmath.nstr(exc, 6)} > 0")


def _map_matrix(W):
    """The matrix of the C-linear map ``a -> w_a`` (2.3) at a SymPy state (columns: the entries of the
    ``a_k``)."""
    N, d = len(W), W[0].rows
    cols = []
    for k in range(N - 1):
        for i in range(d):
            for j in range(d):
                a = [sympy.zeros(d, d) for _ in range(N - 1)]
                a[k][i, j] = 1
                w = tangent_vector(W, a)
                cols.append([e for M in w for e in M])
    return sympy.Matrix(cols).T


def step_injective(opts, negative: bool = False):
    """(P6), exactly: at rational states with invertible layers (``d = 2``, ``N = 2, 3``, R and C) the map
    ``a -> w_a`` has rank ``(N - 1) d^2`` (trivial kernel). ``negative``: the same rank when every layer is
    ``diag(1, 0)`` (the recursion of (P6) needs invertible layers; ``a = (E_22, ..., E_22)`` is in the kernel)."""
    rng = random.Random("p1-inj")
    for N in (2, 3):
        for f in ("R", "C"):
            z = sympy.I if f == "C" else 0
            W = [sympy.Matrix(2, 2, [rng.randint(-2, 2) + z * rng.randint(-2, 2) for _ in range(4)]) + 3 * sympy.eye(2)
                 for _ in range(N)]
            if negative:
                W = [sympy.diag(1, 0) for _ in range(N)]
            assert negative or all(M.det() != 0 for M in W)
            r = _map_matrix(W).rank()
            full = (N - 1) * 4
            yield Evidence("0" if r == full else f"rank {r} < {full}", r == full, {"N": N, "d": 2, "field": f},
                           exact=True, note=f"rank of a -> w_a at a rational state: {r} of {full}")


def check_newton_p1(opts):
    """(P7) numerically: Newton's method for ``sum ||W_k||_1`` on ``F_X`` from a random start lands in ``O_X``
    (balanced, value ``N sum sigma^{1/N}``, Hessian positive transversally to the orbit), for ``X`` with repeated
    singular values. Control: the uniqueness test at ``p = oo`` (module docstring), exactly."""
    dps = opts.dps
    cases = [c for c in ([P1_CASES[0], P1_CASES[2]] if not opts.long else P1_CASES) if c[2] in opts.fields]
    ctrl = uniqueness_control()
    for sv, N, f in cases:
        X, C, W0 = _instance(sv, N, f, dps)
        with working(dps):
            Wm, info = _newton([+M for M in W0], mpmath.mpf(1), 1, dps)
        c = certify(Wm, X, 1, 1, dps=dps, hess=info["hessian"])
        _, _, orbit = unitary_from_balanced(Wm, dps=dps)
        r = max(c["value_error"], c["balanced"], c["X_error"], orbit)
        yield Evidence(r, r < tol(dps) and c["hess_min"] > c["hess_max"] * tol(dps),
                       sizes_of(Wm, f, X=f"diag{tuple(sv)}", p="1"), dps=dps,
                       figures={"hess_min": c["hess_min"], "newton_iterations": info["iterations"]},
                       control=Control("(p = oo) every minimiser of sum ||W_k||_oo on F_X, X = diag(4, 1), is balanced",
                                       ctrl, ctrl != 0),
                       note=f"Newton minimiser: value error {mpmath.nstr(c['value_error'], 3)}, max |G| "
                            f"{mpmath.nstr(c['balanced'], 3)}, O_X defect {mpmath.nstr(orbit, 3)}, Hessian min "
                            f"{mpmath.nstr(c['hess_min'], 5)}")


def bound_attaining_unbalanced(points, bound, value, G) -> Fraction:
    """The uniqueness test: the largest ``max |G|`` over the points that attain ``bound`` (``0`` if every attaining
    point is balanced). Exact for exact inputs."""
    out = Fraction(0)
    for W in points:
        if value(W) <= bound:
            out = max(out, max(abs(x) for g in G(W) for x in g))
    return out


def uniqueness_control() -> Fraction:
    """The test of :func:`bound_attaining_unbalanced` at ``p = oo``, ``X = diag(4, 1)``, ``N = 2``:
    ``(diag(2, a), diag(2, 1/a))``, ``a`` in ``{1, 3/2, 2}``, in exact rationals (nonzero: the test rejects)."""
    pts = []
    for a in (Fraction(1), Fraction(3, 2), Fraction(2)):
        W1 = sympy.diag(2, sympy.Rational(a.numerator, a.denominator))
        W2 = sympy.diag(2, sympy.Rational(a.denominator, a.numerator))
        assert W2 * W1 == sympy.diag(4, 1)
        pts.append([W1, W2])

    def value(W):  # sum of operator norms of diagonal layers
        return sum(max(abs(M[i, i]) for i in range(2)) for M in W)

    bound = 2 * sympy.sqrt(4)  # N ||X||_oo^(1/N)
    return Fraction(str(bound_attaining_unbalanced(pts, bound, value, moments)))


# --------------------------------------------------------------------------- ablations of Theorems 1 and 20
def ablate_p_infinity(opts):
    """Theorem 20 at ``p = oo`` (``1 < p < oo`` dropped): ``sum_k ||W_k||_oo`` on ``F_X``, ``X = diag(4, 1)``:
    the non-balanced ``(diag(2, 3/2), diag(2, 2/3))`` attains the minimum 4 (exact): counterexample."""
    r = uniqueness_control()
    yield Evidence("0" if r == 0 else f"a minimiser with max |G| = {r}", r == 0, {"N": 2, "d": 2, "field": "R"},
                   exact=True, figures={"p": "oo"},
                   note="(diag(2, a), diag(2, 1/a)), 1/2 <= a <= 2, attains N ||X||_oo^(1/N) = 4; G = diag(0, a^2 - "
                        "a^-2) != 0 for a != 1")


def ablate_p_below(opts, p=Fraction(1, 2)):
    """Theorem 20 at ``p = 1`` and ``p = 1/2`` (``1 < p < oo`` dropped; ``N = 3`` under ``--long``): Newton's method
    from random starts lands on balanced points with the value ``N (sum sigma^{p/N})^{1/p}`` (survives on these
    instances; for ``p = 1`` see the proof in the claim p-equals-1, which holds verbatim for every ``0 < p < oo``
    since the Levi form is positive for every such ``p``)."""
    dps = opts.dps
    cases = [(Fraction(1), (2, 2, "C", 3)), (p, (2, 2, "R", 4))] + ([(p, (3, 2, "C", 5))] if opts.long else [])
    for pv, (N, d, f, seed) in cases:
        if f not in opts.fields:
            continue
        W0 = random_state(N, d, f, seed, dps=dps)
        with working(dps):
            pm = mpmath.mpf(pv.numerator) / pv.denominator
            X = end_to_end(W0)
            Wm, info = _newton([+M for M in W0], pm, 1, dps)
            bal = maxabs(moments(Wm)) / maxabs(Wm) ** 2
            val = abs(functional(Wm, pm) - closed_form(X, N, pm)) / closed_form(X, N, pm)
            xe = maxabs(end_to_end(Wm) - X) / maxabs(X)
        r = max(bal, val, xe)
        yield Evidence(r, r < tol(dps), sizes_of(Wm, f, p=str(pv)), dps=dps,
                       figures={"newton_iterations": info["iterations"]},
                       note=f"p = {pv}: Newton minimiser balanced (|G|/|W|^2 = {mpmath.nstr(bal, 3)}), value error "
                            f"{mpmath.nstr(val, 3)}")


def _deficient_centre(sv, N):
    Lam = sympy.diag(*[sympy.nsimplify(x) for x in sv])
    return [Lam] * N, Lam ** N


def ablate_full_rank(opts, p=2, q=2):
    """Theorem 1 / 20 without 'X has full rank': ``X = diag(1, 0)`` (``N = 2``) and ``diag(8, 1, 0)`` (``N = 3``).
    The centre ``C`` (balanced, in ``F_X``, a singular layer) attains the lower bound, so the argmin is not empty;
    but ``F_X ∩ M`` is empty (``M``, the balanced *manifold* of a full-rank ``X``, has invertible layers, and
    ``det X = 0`` forces a singular layer): the statement as printed fails (counterexample)."""
    for sv, N in (((1, 0), 2), ((2, 1, 0), 3)):
        C, X = _deficient_centre(sv, N)
        if q == 2:
            val = sympy.nsimplify(norm_sq(C))
            bound = OR.ridge_bound(X, N)
        else:
            val = sum((sum(sympy.Abs(x) ** p for x in M.diagonal())) ** (sympy.Integer(1) / p) for M in C)
            bound = N * sum(sympy.Abs(x) ** (sympy.nsimplify(p) / N) for x in X.diagonal()) ** (1 / sympy.nsimplify(p))
        attains = sympy.simplify(val - bound) == 0
        balanced = all(g == sympy.zeros(*g.shape) for g in moments(C))
        empty = X.det() == 0
        holds = not (attains and balanced and empty)
        yield Evidence("0" if holds else "argmin contains the centre C, while F_X ∩ M is empty", holds,
                       {"N": N, "d": len(sv), "field": "R"}, exact=True, figures={"p": str(p)},
                       note=f"X = diag{tuple(X.diagonal())}: C = (Lam, ..., Lam), Lam = diag{sv}; value {val} = "
                            f"bound {bound}: {attains}; C balanced: {balanced}; det X = 0, so no layer tuple in F_X is "
                            "invertible and F_X ∩ M = ∅")


def ablate_full_rank_M0(opts):
    """Theorem 1 without 'X has full rank', with ``M`` read as the balanced variety ``M_0`` (1.3): on the exact
    rank-deficient instances of :mod:`dlnsym.git.orbits`, the non-closed orbits of ``F_X`` have no minimum (their
    infimum is the bound, not attained) and the closed one carries it at a balanced point: the minimisers found are
    balanced (survives on these instances; the Kempf-Ness argument: a minimiser on ``F_X`` is critical on its own
    orbit, so ``mu = 2G = 0``, and on ``M_0`` ``X^*X = (W_1^* W_1)^N`` fixes the value)."""
    for inst in OR.dln_instances(fields=("R",)):
        if not inst.kind.startswith("rank deficient"):
            continue
        c = OR.classify_dln(inst)
        ok = (not c["minimum"] and sympy.simplify(c["psi_limit"] - c["bound"]) == 0) if inst.witness is None else \
            (c["minimum"] and c["moment_zero"])
        yield Evidence("0" if ok else str(c), ok, {"N": len(inst.W), "d": inst.W[0].rows, "field": inst.field},
                       exact=True, note=f"{inst.name}: minimum attained {bool(c['minimum'])}, balanced "
                                        f"{bool(c['moment_zero'])}, inf psi {c['psi_limit']} (bound {c['bound']})")


# --------------------------------------------------------------------------- rank-deficient X at p = 1 (open)
def explore_rank_deficient_p1(opts, negative: bool = False):
    """p = 1, rank-deficient ``X`` (no claim is made), exact: the centre ``C`` of ``X = diag(1, 0)`` (``N = 2``) and
    of ``diag(4, 1, 0)`` (``N = 2``) is balanced, lies in ``F_X`` and attains the bound ``N sum sigma^{1/N}``: the
    minimum over ``F_X`` is attained. ``negative``: the bound without its factor ``N``, ``sum sigma^{1/N}``."""
    for sv, N in (((1, 0), 2), ((2, 1, 0), 2)):
        C, X = _deficient_centre(sv, N)
        val = sum(sum(sympy.Abs(x) for x in M.diagonal()) for M in C)
        bound = (1 if negative else N) * sum(sympy.sqrt(x) for x in X.diagonal())
        bal = all(g == sympy.zeros(*g.shape) for g in moments(C))
        ok = bal and sympy.simplify(val - bound) == 0
        yield Evidence("0" if ok else f"value {val}, bound {bound}, balanced {bal}", ok,
                       {"N": N, "d": len(sv), "field": "R"}, exact=True, figures={"p": "1"},
                       note=f"X = {X.tolist()}: the centre attains sum ||C_k||_1 = {val} = N sum sigma^(1/N)")


def explore_rank_deficient_p1_float(opts):
    """p = 1, rank-deficient ``X`` (no claim is made), under ``--long`` only: BFGS (SciPy, float64) on the dense
    orbit of ``(I, ..., I, X)`` in ``F_X`` from a random start, ``X = diag(1, 0), diag(4, 1, 0)``, ``N = 2, 3``:
    what is recorded is the value's excess over the bound, ``max |G|`` and the smallest singular value of ``W_1``
    at the end (the infimum over that orbit is approached only at its boundary)."""
    if not opts.long:
        return
    try:
        import numpy as np
        from scipy.optimize import minimize
    except ImportError:
        yield Evidence.skip("scipy is not installed: the float64 exploration did not run")
        return
    rng = np.random.default_rng(3)
    for sv, N in (((1.0, 0.0), 2), ((4.0, 1.0, 0.0), 2), ((4.0, 1.0, 0.0), 3)):
        Xn = np.diag(sv)
        d = len(sv)
        bound = N * sum(s ** (1 / N) for s in sv)

        def state(x):
            A = [x[i * d * d:(i + 1) * d * d].reshape(d, d) for i in range(N - 1)]
            return [A[0]] + [A[k] @ np.linalg.inv(A[k - 1]) for k in range(1, N - 1)] + [Xn @ np.linalg.inv(A[-1])]

        def fval(x):
            return sum(np.linalg.svd(M, compute_uv=False).sum() for M in state(x))

        x0 = np.tile((np.eye(d) + 0.5 * rng.normal(size=(d, d))).ravel(), N - 1)
        res = minimize(fval, x0, method="BFGS", options={"gtol": 1e-12, "maxiter": 20000})
        Ws = state(res.x)
        G = max(np.abs(Ws[k] @ Ws[k].T - Ws[k + 1].T @ Ws[k + 1]).max() for k in range(N - 1))
        small = min(np.linalg.svd(Ws[0], compute_uv=False))
        excess = res.fun - bound
        yield Evidence(excess, bool(excess > -1e-9), {"N": N, "d": d, "field": "R", "p": "1"},
                       figures={"excess": float(excess), "G_max": float(G), "smallest_sv_W1": float(small)},
                       note=f"X = diag{sv}: BFGS on the orbit of (I, X): f - bound = {excess:.2e}, max |G| = {G:.2e}, "
                            f"smallest singular value of W_1 = {small:.2e} (float64; exploration only)")
