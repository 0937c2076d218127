r"""Registry checks of the minimisers, Kempf-Ness, hidden convexity and Section 1.2/1.3.2 (method ``numeric``).

Every check compares the paper's statement with a computation from first principles (the shared formulas of
:mod:`dlnsym.formulas`, SVDs, Newton's method) and carries a negative control: a wrong prediction that the same test
rejects. The claims that use them are listed in :mod:`dlnsym.claims.registry`.

Sizes: R and C, several ``(N, d)`` including ``N = 4, d = 3``; ``opts.quick`` keeps the small ones. Tolerances are
``tol(dps) = 10^-(dps-10)``.
"""

from __future__ import annotations

import random
from fractions import Fraction

import mpmath

from ..claims.evidence import Evidence  # noqa: F401  (the record checks return)
from ..formulas import act, end_to_end, moments, norm_sq, tangent_vector
from ..matrix import adj
from .common import GUARD, random_state, tol
from .kempf_ness import (
    exponential_sum,
    kempf_ness_spectrum,
    psi_along,
    psi_second_derivative,
    search_nonconvex,
)
from .minimize import (
    certify,
    closed_form,
    critical_M,
    expm_hermitian,
    functional,
    hermitian_basis,
    hessian,
    minimize_with_info,
)
from .section1 import (
    alignment_defect,
    balanced_defect,
    centre,
    lemma1_group_element,
    maxabs,
    orbit_unitary,
    random_unitaries,
    state_maxabs,
    svd_sorted,
    unitary_from_balanced,
)

NB1 = "01_fibres_and_group_orbits.ipynb"
NB5 = "05_kempf_ness.ipynb"
NB6 = "06_schatten_norms.ipynb"

BIG = [(4, 3, "R"), (4, 3, "C")]
SMALL = [(2, 2, "R"), (3, 2, "C")]


def _cases(opts, small=SMALL, big=BIG):
    """The sizes to run: the small ones, plus N = 4, d = 3 unless ``opts.quick``; only fields in ``opts.fields``."""
    return [c for c in list(small) + ([] if opts.quick else list(big)) if c[-1] in opts.fields]


def _digits(r, dps):
    r = abs(r)
    return float(dps + GUARD) if r == 0 else round(float(-mpmath.log10(r)), 1)


def _sz(N, d, f, **kw):
    out = {"N": N, "d": d, "field": f}
    out.update(kw)
    return out


_CACHE: dict = {}


def _minimiser(N, d, f, seed, p, q, dps):
    """Cached ``(W0, W, info)``: several checks look at the same minimisers."""
    key = (N, d, f, seed, str(p), q, dps)
    if key not in _CACHE:
        W0 = random_state(N, d, f, seed, dps=dps)
        W, info = minimize_with_info(W0, p, q, dps=dps, allow_p1=(p == 1))
        _CACHE[key] = (W0, W, info)
    return _CACHE[key]


# --------------------------------------------------------------------------- Section 1.2: centre, Lemma 1, O_X
def check_centre(opts):
    """C = (Lam Q_0^*, Lam, ..., Lam, Q_N Lam) (input first) is in F_X and balanced, to ~dps digits. Control: the
    same tuple read in the wrong order (the paper's order taken as input first) is not in F_X."""
    out = []
    dps = opts.dps
    for N, d, f in _cases(opts):
        with mpmath.workdps(dps + GUARD):
            X = end_to_end(random_state(N, d, f, 7, dps=dps))
            C, Q0, QN, Lam = centre(X, N, dps=dps)
            r = max(maxabs(end_to_end(C) - X) / maxabs(X), max(maxabs(G) for G in moments(C)))
            ctrl = maxabs(end_to_end(C[::-1]) - X) / maxabs(X)
        ok = r < tol(dps) and ctrl > mpmath.mpf("1e-3")
        out.append((mpmath.nstr(r, 5), ok, _sz(N, d, f), _digits(r, dps),
                    f"X(C) = X and G(C) = 0; control (reversed order) misses X by {mpmath.nstr(ctrl, 3)}"))
    return out


def check_lemma1(opts):
    """Lemma 1: W in F_X => W = A.C (A by the corrected construction, invertible); A in GL => A.C in F_X.
    Control: a point off the fibre (W_1 -> 2 W_1) is not of the form A.C (X(A.C) = X for every A)."""
    out = []
    dps = opts.dps
    for N, d, f in _cases(opts):
        with mpmath.workdps(dps + GUARD):
            W = random_state(N, d, f, 11, dps=dps)
            X = end_to_end(W)
            A, C = lemma1_group_element(W, dps=dps)
            r1 = state_maxabs([a - b for a, b in zip(act(A, C), W)]) / state_maxabs(W)
            detmin = min(abs(mpmath.det(Ak)) for Ak in A)
            B = random_state(N, d, f, 12, dps=dps)[: N - 1]
            r2 = maxabs(end_to_end(act(B, C)) - X) / maxabs(X)
            Wbad = [W[0] * 2] + W[1:]
            ctrl = maxabs(end_to_end(Wbad) - X) / maxabs(X)
        r = max(r1, r2)
        ok = r < tol(dps) and detmin > 0 and ctrl > mpmath.mpf("1e-3")
        out.append((mpmath.nstr(r, 5), ok, _sz(N, d, f), _digits(r, dps),
                    f"A.C = W and X(B.C) = X; control: off-fibre point has |X' - X|/|X| = {mpmath.nstr(ctrl, 3)}"))
    return out


def lemma1_proof_check(form):
    def fn(opts):
        out = []
        dps = opts.dps
        for N, d, f in _cases(opts):
            with mpmath.workdps(dps + GUARD):
                W = random_state(N, d, f, 13, dps=dps)
                A, C = lemma1_group_element(W, dps=dps, form=form)
                r = state_maxabs([a - b for a, b in zip(act(A, C), W)]) / state_maxabs(W)
            holds = r < tol(dps)
            out.append((mpmath.nstr(r, 5), holds, _sz(N, d, f), _digits(r, dps),
                        f"{form} A_(N-1): max |A.C - W| / max |W|"))
        return out
    return fn


def check_orbit_OX(opts):
    """O_X = F_X ∩ M is the unitary orbit of C: random Q.C is balanced and in F_X; conversely a minimiser found by
    Newton's method equals Q.C with Q_k built from it and unitary. Control: a non-balanced W gives a non-unitary Q."""
    out = []
    dps = opts.dps
    for N, d, f in _cases(opts):
        with mpmath.workdps(dps + GUARD):
            W0, Wm, _ = _minimiser(N, d, f, 0, 2, 1, dps)
            X = end_to_end(W0)
            C, _, _, _ = centre(X, N, dps=dps)
            QC = act(random_unitaries(N, d, f, 5, dps=dps), C)
            r1 = max(balanced_defect(QC, dps=dps), maxabs(end_to_end(QC) - X) / maxabs(X))
            _, _, r2 = unitary_from_balanced(Wm, dps=dps)
            _, _, ctrl = unitary_from_balanced(W0, dps=dps)
        r = max(r1, r2)
        ok = r < tol(dps) and ctrl > mpmath.mpf("1e-3")
        out.append((mpmath.nstr(r, 5), ok, _sz(N, d, f), _digits(r, dps),
                    f"Q.C balanced in F_X; minimiser = Q.C with Q unitary; control (random W) defect "
                    f"{mpmath.nstr(ctrl, 3)}"))
    return out


def alignment_check(form):
    def fn(opts):
        out = []
        dps = opts.dps
        for N, d, f in _cases(opts):
            with mpmath.workdps(dps + GUARD):
                W0, Wm, _ = _minimiser(N, d, f, 0, 2, 1, dps)
                C, _, _, _ = centre(end_to_end(W0), N, dps=dps)
                QC = act(random_unitaries(N, d, f, 6, dps=dps), C)
                res = [alignment_defect(V, dps=dps, form=form) for V in (Wm, QC)]
            norms = max(x["norms"] for x in res)
            sing = max(x["singular"] for x in res)
            align = max(x["align"] for x in res)
            r = max(norms, sing, align)
            holds = r < tol(dps)
            which = "U_k^* V_(k+1)" if form == "corrected" else "U_(k+1)^* V_k"
            out.append((mpmath.nstr(r, 5), holds, _sz(N, d, f), _digits(r, dps),
                        f"||W_k||^2 equal: {mpmath.nstr(norms, 3)}; sing. values Sigma^(1/N): {mpmath.nstr(sing, 3)}; "
                        f"{which} diagonal unitary: {mpmath.nstr(align, 3)} (min gap {mpmath.nstr(res[0]['gap'], 3)})"))
        return out
    return fn


# --------------------------------------------------------------------------- Theorem 1
def check_theorem1(opts):
    """minimize_on_fiber(W0, 2) [(3.8) at p = 2] is balanced, X is preserved, ||W||_2^2 = N sum sigma^(2/N) (1.4) to
    40+ digits; several starts give the same value and minimisers related by a unitary Q; the minimiser of (1.4)
    itself (Newton on G = 0) is critical for (3.8) with the same (3.8)-value: the two functionals share their
    minimisers. Control: the unminimised start misses the closed form."""
    out = []
    dps = opts.dps
    starts = {(2, 2, "R"): 4, (3, 2, "C"): 3}
    for N, d, f in _cases(opts):
        ns = 0 if (N, d, f) in BIG else (2 if opts.quick else starts.get((N, d, f), 2))
        with mpmath.workdps(dps + GUARD):
            W0, Wref, info = _minimiser(N, d, f, 0, 2, 1, dps)
            X = end_to_end(W0)
            _, s, _ = svd_sorted(X)
            cf = N * mpmath.fsum(x ** (mpmath.mpf(2) / N) for x in s)  # Theorem 1: min ||W||_2^2 (1.4)
            c = certify(Wref, X, 2, 1, dps=dps, hess=info["hessian"])  # (3.8) value, balanced, X, Hessian
            worst = max(abs(norm_sq(Wref) - cf) / cf, c["value_error"], c["balanced"], c["X_error"])
            if c["hess_min"] <= 0:
                worst = mpmath.mpf(1)
            # further random starts on the SAME fibre: W0' = A.W0 for random A in GL(d)^(N-1)
            uni = mpmath.mpf(0)
            vals = []
            for s_ in range(1, ns + 1):
                A = random_state(N, d, f, 100 + s_, dps=dps)[: N - 1]
                Wa, _ = minimize_with_info(act(A, W0), 2, 1, dps=dps)
                vals.append(abs(norm_sq(Wa) - cf) / cf)
                _, un, res = orbit_unitary(Wref, Wa, dps=dps)
                uni = max(uni, un, res)
            ridge = mpmath.mpf(0)
            if (N, d, f) not in BIG:
                Wr, _ = minimize_with_info(W0, 2, 2, dps=dps)  # (1.4)
                Mr = critical_M(Wr, 2, 1)  # (3.8)-gradient at the (1.4)-minimiser
                ridge = max(max(maxabs(M) for M in Mr), max(maxabs(G) for G in moments(Wr)),
                            abs(functional(Wr, 2, 1) - closed_form(X, N, 2, 1)) / closed_form(X, N, 2, 1),
                            orbit_unitary(Wref, Wr, dps=dps)[1])
            ctrl = abs(norm_sq(W0) - cf) / cf
        r = max([worst, uni, ridge] + vals)
        ok = r < tol(dps) and ctrl > mpmath.mpf("1e-3")
        note = ((f"1 + {ns} random starts on F_X (all at the closed form; minimisers related by a unitary Q to "
                 f"{mpmath.nstr(uni, 3)}); ") if ns else "1 start at this size; ") + (
                f"(1.4)-minimiser critical for (3.8): {mpmath.nstr(ridge, 3) if ridge else 'not run at this size'}; "
                f"mp Newton iterations {info['iterations']} after the float64 phase, gradient history "
                f"{[mpmath.nstr(h, 2) for h in info['gradient_history']]}; control ||W0||^2 off by "
                f"{mpmath.nstr(ctrl, 3)}")
        out.append((mpmath.nstr(r, 5), ok, _sz(N, d, f), _digits(r, dps), note))
    return out


# --------------------------------------------------------------------------- Theorem 20
T20 = {Fraction(3, 2): [(2, 2, "R"), (3, 2, "C"), (4, 3, "R")],
       Fraction(3): [(2, 2, "C"), (3, 2, "R"), (4, 3, "C")],
       Fraction(4): [(2, 3, "R"), (3, 2, "C")]}


def check_theorem20(opts):
    """For p in {3/2, 3, 4}: the minimiser of (3.8) is balanced and its value is N (sum_i sigma_i^(p/N))^(1/p); the
    Hessian over Hermitian directions is positive definite. Control: the Schatten norm of the whole stacked state,
    N^(1/p) (sum sigma^(p/N))^(1/p), is rejected."""
    out = []
    dps = opts.dps
    for p, cases in T20.items():
        for N, d, f in cases:
            if (opts.quick and N == 4) or f not in opts.fields:
                continue
            with mpmath.workdps(dps + GUARD):
                W0, W, info = _minimiser(N, d, f, 0, p, 1, dps)
                X = end_to_end(W0)
                c = certify(W, X, p, 1, dps=dps, hess=info["hessian"])
                pm = mpmath.mpf(p.numerator) / p.denominator
                _, s, _ = svd_sorted(X)
                cf = N * mpmath.fsum(x ** (pm / N) for x in s) ** (1 / pm)
                v = abs(c["value"] - cf) / cf
                wrong = N ** (1 / pm) * mpmath.fsum(x ** (pm / N) for x in s) ** (1 / pm)
                ctrl = abs(c["value"] - wrong) / cf
            r = max(v, c["balanced"], c["X_error"])
            ok = r < tol(dps) and c["hess_min"] > 0 and ctrl > mpmath.mpf("1e-3")
            out.append((mpmath.nstr(r, 5), ok, _sz(N, d, f, p=str(p)), _digits(r, dps),
                        f"value vs N(sum sigma^(p/N))^(1/p), balanced, X kept; Hessian min "
                        f"{mpmath.nstr(c['hess_min'], 4)}; "
                        f"{info['iterations']} Newton steps; control off by {mpmath.nstr(ctrl, 3)}"))
    return out


# --------------------------------------------------------------------------- Kempf-Ness
def check_kempf_ness(opts):
    """Theorem 14 at balanced W = Q.C: the Hessian of psi = ||A.W||^2 is PSD with kernel of dimension dim U_d^(N-1)
    (C) / dim O_d^(N-1) (R), the skew-Hermitian directions (the K-orbit); eigenvalues agree to 40 digits between
    dps and dps + 20; the Hessian agrees with a finite difference. Control: at a non-balanced W it is indefinite."""
    out = []
    dps = opts.dps
    for N, d, f in _cases(opts):
        with mpmath.workdps(dps + 20 + GUARD):
            X = end_to_end(random_state(N, d, f, 21, dps=dps + 20))
            C, _, _, _ = centre(X, N, dps=dps + 20)
            W = act(random_unitaries(N, d, f, 22, dps=dps + 20), C)
        sp = kempf_ness_spectrum(W, dps=dps, return_hessian=True)
        with mpmath.workdps(dps + GUARD):
            nz = sp["eigenvalues"][sp["kernel_dim"]:]
            agree = mpmath.mpf(0)
            if (N, d, f) != (4, 3, "C"):
                sp2 = kempf_ness_spectrum(W, dps=dps + 20)
                agree = max(abs(a - b) for a, b in zip(sp["eigenvalues"], sp2["eigenvalues"]))
            # finite-difference check of the quadratic form along a random direction
            B, basis = sp["hessian"], sp["basis"]
            rng = random.Random(f"kn-{N}-{d}-{f}")
            x = [mpmath.mpf(rng.gauss(0, 1)) for _ in basis]
            a = [mpmath.matrix(d, d) for _ in range(N - 1)]
            for xi, (j, b, _) in zip(x, basis):
                a[j - 1] += b * xi
            quad = mpmath.fsum(x[i] * B[i, k] * x[k] for i in range(len(x)) for k in range(len(x)))
            h = mpmath.mpf(10) ** (-(dps // 4))
            fd = (psi_along(W, a, h) + psi_along(W, a, -h) - 2 * psi_along(W, a, 0)) / h ** 2
            fd_err = abs(quad - fd) / abs(quad)
            bad = None if N == 4 else kempf_ness_spectrum(random_state(N, d, f, 23, dps=dps), dps=dps)
        r = max(abs(sp["min_eigenvalue"]) if sp["min_eigenvalue"] < 0 else 0, sp["skew_block"], agree)
        ok = (r < tol(dps) and sp["kernel_dim"] == sp["expected_kernel"] and sp["her_min"] > 0
              and fd_err < mpmath.mpf(10) ** (-(dps // 2 - 10))
              and (bad is None or bad["min_eigenvalue"] < -mpmath.mpf("1e-3")))
        out.append((mpmath.nstr(r, 5), ok, _sz(N, d, f), _digits(r, dps),
                    f"{sp['dimension']} real directions; kernel {sp['kernel_dim']} (expected {sp['expected_kernel']}); "
                    f"smallest nonzero eigenvalue {mpmath.nstr(nz[0], 12)}; eigenvalues at dps vs dps+20 agree to "
                    f"{mpmath.nstr(agree, 3) if agree else 'not run'}; FD rel. err {mpmath.nstr(fd_err, 3)}; control "
                    f"(non-balanced W) min eigenvalue "
                    f"{'not run at this size' if bad is None else mpmath.nstr(bad['min_eigenvalue'], 3)}"))
    return out


# --------------------------------------------------------------------------- hidden convexity
def check_hidden_convexity(opts):
    """For Hermitian a, ||e^{tau a}.W||^2 = sum c_ij e^{2 tau (lam_i - mu_j)} with c_ij >= 0 (checked against the
    matrix exponential at 9 values of tau) and tau -> psi is convex (psi'' >= 0 on a grid, from the exact second
    derivative at e^{tau a}.W). Control: a seeded search finds a non-Hermitian a along which psi'' < 0."""
    out = []
    dps = opts.dps
    for N, d, f in _cases(opts, small=[(3, 2, "R"), (3, 2, "C")], big=[(4, 3, "C")]):
        with mpmath.workdps(dps + GUARD):
            W = random_state(N, d, f, 31, dps=dps)
            rng = random.Random(f"hc-{N}-{d}-{f}")
            hb = hermitian_basis(d, f)
            a = []
            for _ in range(N - 1):
                M = mpmath.matrix(d, d)
                for b in hb:
                    M += b * mpmath.mpf(f"{rng.gauss(0, 1):.15f}")
                a.append(M)
            terms = exponential_sum(W, a)
            cmin = min(c for c, _ in terms)
            taus = [mpmath.mpf(t) / 2 for t in range(-2, 3)]
            rep = sec_rep = mpmath.mpf(0)
            conv = None
            for t in taus:
                Wt = act([mpmath.expm(ak * t) for ak in a], W)  # e^{tau a}.W by the matrix exponential
                psi, s2 = norm_sq(Wt), psi_second_derivative(Wt, a)
                rep = max(rep, abs(mpmath.fsum(c * mpmath.exp(r_ * t) for c, r_ in terms) - psi) / psi)
                sec_rep = max(sec_rep, abs(s2 - mpmath.fsum(c * r_ ** 2 * mpmath.exp(r_ * t) for c, r_ in terms))
                              / abs(s2))
                conv = s2 if conv is None else min(conv, s2)
        ctrl = search_nonconvex(W, seeds=20, dps=max(30, dps // 2)) if N == 3 else "skipped"
        r = max(rep, sec_rep)
        ok = r < tol(dps) and cmin >= 0 and conv > 0 and ctrl is not None
        cnote = ("not searched at this size" if ctrl == "skipped" else
                 "none found" if ctrl is None else f"seed {ctrl[0]}, tau = {mpmath.nstr(ctrl[1], 3)}: psi'' = "
                 f"{mpmath.nstr(ctrl[2], 5)} < 0")
        out.append((mpmath.nstr(r, 5), ok, _sz(N, d, f), _digits(r, dps),
                    f"{len(terms)} exponentials, min coefficient {mpmath.nstr(cmin, 3)}, min psi'' on grid "
                    f"{mpmath.nstr(conv, 5)}; control (non-Hermitian a): {cnote}"))
    return out


# --------------------------------------------------------------------------- p = 1
P1_CASES = [([1, 1], 2, "R"), ([1, 1], 3, "C"), ([1, 1, 4], 2, "C"), ([1, 1, 4], 3, "R"), ([2, 2, 2], 2, "R"),
            ([1, 2], 3, "C")]


def _polar_bound_hessian(W, basis):
    r"""Hessian of ``g(a) = sum_k Re Tr(P_k^* (e^{a}.W)_k)``, ``P_k`` the unitary polar factor of ``W_k``:
    ``g <= ||.||_1`` with equality at ``a = 0``; ``d^2 g = sum_k Re Tr(P_k^* w_a(w_a(W))_k)``."""
    N, d = len(W), W[0].rows
    P = []
    for M in W:
        U, _, V = svd_sorted(M)
        P.append(U * adj(V))
    n = len(basis)

    def q(a):
        V2 = tangent_vector(tangent_vector(W, a), a)
        return mpmath.fsum(mpmath.re(mpmath.fsum((adj(Pk) * Vk)[i, i] for i in range(d))) for Pk, Vk in zip(P, V2))

    def slot(entries):
        a = [mpmath.matrix(d, d) for _ in range(N - 1)]
        for (j, b), c in entries:
            a[j - 1] += b * c
        return a

    Hg = mpmath.matrix(n, n)
    diag = [q(slot([(basis[i], 1)])) for i in range(n)]
    for i in range(n):
        Hg[i, i] = diag[i]
        for k in range(i + 1, n):
            Hg[i, k] = Hg[k, i] = (q(slot([(basis[i], 1), (basis[k], 1)])) - diag[i] - diag[k]) / 2
    return Hg


def check_p_equals_1(opts):
    r"""p = 1 (nuclear norms), full-rank X with repeated singular values, N = 2, 3, R and C.

    The argument (beyond the paper). On ``F_X`` every ``W_k`` is invertible, so ``f(W) = sum_k ||W_k||_1 =
    sum_k Tr (W_k^* W_k)^{1/2}`` is real-analytic; by the formula for ``M`` its critical points are
    ``|W_k^*| = |W_{k+1}|``, i.e. ``G = 0``. Every ``W`` in ``F_X`` is ``e^{h}.V`` with ``h`` Hermitian and ``V`` in
    ``O_X`` (Lemma 1 and the polar decomposition ``A_k = e^{h_k} U_k``). ``phi(tau) = f(e^{tau h}.V)`` is convex
    (``z -> f(e^{z h}.V)`` is subharmonic, a norm of a holomorphic map, and depends on ``Re z`` only by unitary
    invariance), ``phi'(0) = 0`` (``V`` balanced) and ``phi''(0) >= g''(0)`` where
    ``g(tau) = sum_k Re Tr(P_k^* (e^{tau h}.V)_k) <= phi(tau)`` (``P_k`` the unitary polar factor of ``V_k``, equality
    at 0), and ``g''(0) = sum_k sum_ij (l_i + l_j)/2 |(g_k - g_{k-1})_ij|^2 > 0`` for ``h != 0``
    (``g_k = Q_k^* h_k Q_k``, ``g_0 = g_N = 0``). Hence ``f(W) > f(V)`` unless ``h = 0``: the minimisers are exactly
    ``O_X``. Each run checks the ingredients on instances: the Newton minimiser is balanced and in ``O_X`` with the
    closed-form value ``N sum sigma^(1/N)``; the Hessian dominates the polar-bound Hessian ``H_g``, which is positive
    definite; ``phi`` is convex along a random Hermitian geodesic through the (non-balanced) start.
    Control: a single nuclear norm is NOT strictly convex (``t -> ||I + t E||_1`` is affine for Hermitian ``E``), the
    reason why the paper's strict-plurisubharmonicity argument does not apply at ``p = 1``."""
    out = []
    dps = opts.dps
    cases = [c for c in (P1_CASES[:2] if opts.quick else P1_CASES) if c[2] in opts.fields]
    for sv, N, f in cases:
        d = len(sv)
        with mpmath.workdps(dps + GUARD):
            X = mpmath.diag([mpmath.mpf(x) for x in sv])
            C, _, _, _ = centre(X, N, dps=dps)
            A = random_state(N, d, f, 41, dps=dps)[: N - 1]
            W0 = act(A, C)
            W, info = minimize_with_info(W0, 1, 1, dps=dps, allow_p1=True)
            c = certify(W, X, 1, 1, dps=dps, hess=info["hessian"])
            _, _, orbit = unitary_from_balanced(W, dps=dps)
            _, H, basis = hessian(W, 1, 1)
            Hg = _polar_bound_hessian(W, basis)
            gmin = min(mpmath.eigsy(Hg, eigvals_only=True))
            diff = min(mpmath.eigsy(H - Hg, eigvals_only=True))
            f0 = functional(W0, 1, 1)
            # convexity along a Hermitian geodesic through the non-balanced start
            rng = random.Random(f"p1-{sv}-{N}-{f}")
            hb = hermitian_basis(d, f)
            h = [sum((b * mpmath.mpf(f"{rng.gauss(0, 1):.15f}") for b in hb), mpmath.matrix(d, d))
                 for _ in range(N - 1)]
            ts = [mpmath.mpf(t) / 4 for t in range(-4, 5)]
            phi = [functional(act([expm_hermitian(hk * t) for hk in h], W0), 1, 1) for t in ts]
            second = min(phi[i - 1] + phi[i + 1] - 2 * phi[i] for i in range(1, len(ts) - 1))
            # control: ||I + t E||_1 is affine in t for Hermitian E (t small)
            E = hb[-1] / 4
            lin = [functional([mpmath.eye(d) + E * t, mpmath.eye(d)], 1, 1) for t in (-1, 0, 1)]
            flat = abs(lin[0] + lin[2] - 2 * lin[1])
        r = max(c["value_error"], c["balanced"], c["X_error"], orbit, -diff if diff < 0 else 0, flat)
        ok = r < tol(dps) and c["hess_min"] > 0 and gmin > 0 and f0 > c["value"] and second > 0
        out.append((mpmath.nstr(r, 5), ok, _sz(N, d, f, X=f"diag{tuple(sv)}"), _digits(r, dps),
                    f"minimiser balanced and in O_X; Hessian min {mpmath.nstr(c['hess_min'], 5)} >= polar-bound "
                    f"Hessian (min eig(H - H_g) {mpmath.nstr(diff, 3)}), whose min is {mpmath.nstr(gmin, 5)} > 0; "
                    f"convex along a Hermitian geodesic (min 2nd difference {mpmath.nstr(second, 3)}); start "
                    f"{mpmath.nstr(f0, 6)} > min {mpmath.nstr(c['value'], 12)}; control: ||I + tE||_1 affine "
                    f"(2nd difference {mpmath.nstr(flat, 3)}); no non-balanced minimiser"))
    return out
