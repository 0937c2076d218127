r"""Registry checks of the minimisers, Kempf-Ness, hidden convexity and Section 1.2/1.3.2 (method ``numeric``).

Every check compares the paper's statement with a computation from first principles (the shared formulas of
:mod:`dlnsym.formulas`, SVDs, Newton's method) and *yields* :class:`~dlnsym.claims.evidence.Evidence` records, one
per size (so that each is timed on its own), with the sizes read off the state it built (``sizes_of``). The claims
that use them are listed in :mod:`dlnsym.claims.registry`.

Controls. Every record carries a negative control (:class:`~dlnsym.claims.evidence.Control`): an independent wrong
statement whose residual is computed by the same code as the claim's and tested against the same tolerance; it is
*rejected* when that test fails (:func:`_control`). A control runs at every size its record reports.

Sizes: R and C, several ``(N, d)`` including ``N = 4, d = 3``; ``opts.quick`` keeps the small ones.
Precision: everything runs at :func:`~dlnsym.numeric.common.working` precision (``dps + GUARD`` digits) on states
built at ``dps`` digits; a residual passes when it is below ``tol(dps) = 10^-(dps-10)``. Residuals are relative
(dimensionless) unless the note says otherwise.
"""

from __future__ import annotations

import random
from fractions import Fraction

import mpmath

from ..formulas import act, end_to_end, moments, norm_sq
from ..matrix import adj
from .bounds import (
    action_fibre_bound,
    balanced_bound,
    fibre_bound,
    kempf_ness_certificate,
    lemma1_bound,
    orbit_bound,
    state_alignment_bound,
)
from .common import random_state, tol, working
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
    functional,
    hermitian_basis,
    minimize_with_info,
)
from .paths import on_reference_path, register_cache
from .section1 import (
    alignment_defect,
    balanced_defect,
    centre,
    lemma1_group_element,
    maxabs,
    orbit_unitary,
    random_unitaries,
    svd_sorted,
    unitary_from_balanced,
)

NB1 = "01_fibres_and_group_orbits.ipynb"
NB5 = "05_kempf_ness.ipynb"
NB6 = "06_schatten_norms.ipynb"

BIG = [(4, 3, "R"), (4, 3, "C")]
SMALL = [(2, 2, "R"), (3, 2, "C")]
TOL_NOTE = "tolerance tol(dps) = 10^-(dps-10)"


def _cases(opts, small=SMALL, big=BIG):
    """The sizes to run: the small ones, plus N = 4, d = 3 unless ``opts.quick``; only fields in ``opts.fields``."""
    return [c for c in list(small) + ([] if opts.quick else list(big)) if c[-1] in opts.fields]


def _control(statement: str, residual, dps: int) -> Control:
    """The negative control ``statement`` tested like the claim: rejected iff its residual is not below
    ``tol(dps)`` (a control whose residual could not be computed, ``None``, is not rejected)."""
    return Control(statement, "none" if residual is None else residual,
                   residual is not None and not residual < tol(dps))


def _n(x, k: int = 3) -> str:
    return mpmath.nstr(x, k)


def _relerr(W, V):
    """``max |W - V| / max |V|`` of two states (or matrices)."""
    if isinstance(W, mpmath.matrix):
        return maxabs(W - V) / maxabs(V)
    return maxabs([a - b for a, b in zip(W, V)]) / maxabs(V)


def _pd_threshold(top, dps: int):
    """An eigenvalue counts as positive when it exceeds ``top * tol(dps)`` (``top`` the largest one)."""
    return abs(top) * tol(dps)


_CACHE: dict = {}
register_cache(_CACHE.clear)


def _minimiser(N, d, f, seed, p, q, dps):
    """Cached ``(W0, W, info)``: several checks look at the same minimisers (one cache per numeric path)."""
    key = (N, d, f, seed, str(p), q, dps, on_reference_path())
    if key not in _CACHE:
        W0 = random_state(N, d, f, seed, dps=dps)
        W, info = minimize_with_info(W0, p, q, dps=dps, allow_p1=(p == 1))
        _CACHE[key] = (W0, W, info)
    return _CACHE[key]


# --------------------------------------------------------------------------- Section 1.2: centre, Lemma 1, O_X
def check_centre(opts):
    """C = (Lam Q_0^*, Lam, ..., Lam, Q_N Lam) (input first) is in F_X and balanced, to ~dps digits.
    Control: the tuple read in the printed (output-first) order as an input-first state is not in F_X."""
    dps = opts.dps
    for N, d, f in _cases(opts):
        with working(dps):
            X = end_to_end(random_state(N, d, f, 7, dps=dps))
            C, _, _, _ = centre(X, N, dps=dps)
            fib, bal = _relerr(end_to_end(C), X), maxabs(moments(C)) / maxabs(C) ** 2
            ctrl = _relerr(end_to_end(C[::-1]), X)
        r = max(fib, bal)
        yield Evidence(r, r < tol(dps), sizes_of(C, f), dps=dps,
                       figures={"X_error": fib, "G_max_rel": bal},
                       control=_control("the centre read output first, (Q_N Lam, ..., Lam Q_0^*) as W_1, ..., W_N, "
                                        "is in F_X", ctrl, dps),
                       note=f"max(|X(C) - X|/|X|, |G(C)|/|C|^2); {TOL_NOTE}")


def check_lemma1(opts):
    """Lemma 1, both directions, per size. (i) W in F_X => W = A.C, A by the corrected construction (invertible);
    control: the printed A_(N-1) = Q_N Lam W_N^(-1). (ii) A in GL(d)^(N-1) => A.C in F_X; control: the action
    (1.6) with A_(k-1) in place of A_(k-1)^(-1) leaves F_X."""
    dps = opts.dps
    for N, d, f in _cases(opts):
        with working(dps):
            W = random_state(N, d, f, 11, dps=dps)
            X = end_to_end(W)
            A, C = lemma1_group_element(W, dps=dps)
            r1 = _relerr(act(A, C), W)
            detmin = min(abs(mpmath.det(Ak)) for Ak in A)
            Ap, Cp = lemma1_group_element(W, dps=dps, form="printed")
            c1 = _relerr(act(Ap, Cp), W)
        yield Evidence(r1, r1 < tol(dps) and detmin > tol(dps), sizes_of(W, f), dps=dps,
                       bound=lemma1_bound(A, C, W, dps=dps),
                       figures={"min_abs_det_A": detmin},
                       control=_control("the printed A_(N-1) = Q_N Lam W_N^(-1) (then the same recursion) gives "
                                        "A.C = W", c1, dps),
                       note=f"(i) max |A.C - W| / max |W| for the corrected A; A invertible (min |det A_k| "
                            f"{_n(detmin)}); {TOL_NOTE}")
        with working(dps):
            B = random_state(N, d, f, 12, dps=dps)[: N - 1]
            BC = act(B, C)
            r2 = _relerr(end_to_end(BC), X)
            # the wrong action: (B.C)_k = B_k C_k B_(k-1) (no inverse), B_0 = B_N = I
            ext = [mpmath.eye(d)] + list(B) + [mpmath.eye(d)]
            wrong = [ext[k] * C[k - 1] * ext[k - 1] for k in range(1, N + 1)]
            c2 = _relerr(end_to_end(wrong), X)
        yield Evidence(r2, r2 < tol(dps), sizes_of(BC, f), dps=dps, bound=action_fibre_bound(B, C, X, dps=dps),
                       control=_control("B.C with (B.C)_k = B_k C_k B_(k-1) (A_(k-1) for A_(k-1)^(-1) in (1.6)) is "
                                        "in F_X", c2, dps),
                       note=f"(ii) |X(B.C) - X| / |X| for a random B in GL(d)^(N-1); {TOL_NOTE}")


def lemma1_proof_check(form):
    """Lemma 1's recursion in the ``form`` ``"corrected"`` (A_(N-1) = W_N^(-1) Q_N Lam) or ``"printed"``
    (A_(N-1) = Q_N Lam W_N^(-1)): residual max |A.C - W| / max |W|. Both forms run on the same W (seed 13), so the
    corrected record is the printed one's positive control. Negative control (both forms): the printed first
    component of A.C, A_1 Q_0^* (Lam dropped), equals W_1 for the same A."""
    if form not in ("corrected", "printed"):
        raise ValueError(f"form={form!r}: 'corrected' or 'printed'")

    def fn(opts):
        dps = opts.dps
        for N, d, f in _cases(opts):
            with working(dps):
                W = random_state(N, d, f, 13, dps=dps)
                A, C = lemma1_group_element(W, dps=dps, form=form)
                r = _relerr(act(A, C), W)
                _, Q0, _, _ = centre(end_to_end(W), N, dps=dps)
                ctrl = _relerr(A[0] * adj(Q0), W[0])
            yield Evidence(r, r < tol(dps), sizes_of(W, f), dps=dps, bound=lemma1_bound(A, C, W, dps=dps),
                           control=_control("(A.C)_1 = A_1 Q_0^* as printed (Lam dropped) equals W_1", ctrl, dps),
                           note=f"{form} A_(N-1): max |A.C - W| / max |W|; {TOL_NOTE}")
    return fn


def check_orbit_OX(opts):
    """O_X = F_X ∩ M is the unitary orbit of C: random Q.C is balanced and in F_X; conversely a minimiser found by
    Newton's method is Q.C with Q_k built from it and unitary. Control: the (non-balanced) start W0 of the same
    fibre is Q.C with Q unitary."""
    dps = opts.dps
    for N, d, f in _cases(opts):
        with working(dps):
            W0, Wm, _ = _minimiser(N, d, f, 0, 2, 1, dps)
            X = end_to_end(W0)
            C, _, _, _ = centre(X, N, dps=dps)
            QC = act(random_unitaries(N, d, f, 5, dps=dps), C)
            r1 = max(balanced_defect(QC, dps=dps) / maxabs(QC) ** 2, _relerr(end_to_end(QC), X))
            Qm, Cm, r2 = unitary_from_balanced(Wm, dps=dps)
            _, _, ctrl = unitary_from_balanced(W0, dps=dps)
        r = max(r1, r2)
        bnd = max(balanced_bound(QC, dps=dps), fibre_bound(QC, X, dps=dps), orbit_bound(Qm, Cm, Wm, dps=dps))
        yield Evidence(r, r < tol(dps), sizes_of(Wm, f), dps=dps, bound=bnd,
                       figures={"QC_defect": r1, "minimiser_unitary_defect": r2},
                       control=_control("the start W0 (in F_X, not balanced) is Q.C with Q unitary", ctrl, dps),
                       note=f"Q.C balanced in F_X; Newton minimiser = Q.C with Q unitary (max |Q^*Q - I|, "
                            f"|Q.C - W|); {TOL_NOTE}")


def alignment_check(form):
    """Section 1.3.2 on balanced points (the Newton minimiser and a random Q.C): equal ||W_k||_2^2, singular values
    Sigma^(1/N) and aligned singular vectors, U_k^* V_(k+1) (``"corrected"``) or U_(k+1)^* V_k (``"printed"``) a
    diagonal unitary. Both forms run on the same states, so the corrected record is the printed one's positive
    control. Negative control: the same statement at the non-balanced start W0 of the fibre (M dropped)."""
    if form not in ("corrected", "printed"):
        raise ValueError(f"form={form!r}: 'corrected' or 'printed'")
    which = "U_k^* V_(k+1)" if form == "corrected" else "U_(k+1)^* V_k"

    def fn(opts):
        dps = opts.dps
        for N, d, f in _cases(opts):
            with working(dps):
                W0, Wm, _ = _minimiser(N, d, f, 0, 2, 1, dps)
                C, _, _, _ = centre(end_to_end(W0), N, dps=dps)
                QC = act(random_unitaries(N, d, f, 6, dps=dps), C)
                res = [alignment_defect(V, dps=dps, form=form) for V in (Wm, QC)]
                bad = alignment_defect(W0, dps=dps, form=form)
                figures = {"norms": max(x["norms"] for x in res), "singular": max(x["singular"] for x in res),
                           "align": max(x["align"] for x in res), "min_gap": res[0]["gap"]}
            r = max(figures["norms"], figures["singular"], figures["align"])
            ctrl = max(bad["norms"], bad["singular"], bad["align"])
            bnd = max(state_alignment_bound(V, form, dps=dps) for V in (Wm, QC))
            yield Evidence(r, r < tol(dps), sizes_of(Wm, f), dps=dps, figures=figures, bound=bnd,
                           control=_control(f"the same statement at the non-balanced start W0 ({which})", ctrl, dps),
                           note=f"max of | ||W_k||^2 - ||W_1||^2 |, |Lam_k - Sigma^(1/N)| and the distance of {which} "
                                f"from a diagonal unitary; {TOL_NOTE}")
    return fn


# --------------------------------------------------------------------------- Theorem 1
STARTS = {(2, 2, "R"): 4, (3, 2, "C"): 3}


def check_theorem1(opts):
    """Theorem 1 at p = 2, per size. (a) The Newton minimiser of (3.8) is balanced, keeps X, has
    ||W||_2^2 = N sum sigma^(2/N) (1.4) and a positive definite Hessian transversally to the unitary orbit; control:
    the minimum of ||W||_2^2 is (3.8)'s minimum squared, N^2 sum sigma^(2/N). (b) At the small sizes, further
    random starts on the same fibre reach minimisers related to the first by a unitary Q; control: the Q relating
    the first minimiser to a (non-balanced) start is unitary. (c) At the small sizes, the minimiser of (1.4) itself
    (Newton on G = 0) is critical for (3.8) with the same (3.8)-value; control: the start W0 is critical."""
    dps = opts.dps
    for N, d, f in _cases(opts):
        with working(dps):
            W0, Wref, info = _minimiser(N, d, f, 0, 2, 1, dps)
            X = end_to_end(W0)
            _, s, _ = svd_sorted(X)
            cf = N * mpmath.fsum(x ** (mpmath.mpf(2) / N) for x in s)  # Theorem 1: min ||W||_2^2 (1.4)
            c = certify(Wref, X, 2, 1, dps=dps, hess=info["hessian"])
            val = abs(norm_sq(Wref) - cf) / cf
            r = max(val, c["value_error"], c["balanced"], c["X_error"])
            ctrl = abs(norm_sq(Wref) - N * cf) / cf
        yield Evidence(r, r < tol(dps) and c["hess_min"] > _pd_threshold(c["hess_max"], dps), sizes_of(Wref, f),
                       dps=dps, figures={"hess_min": c["hess_min"], "hess_max": c["hess_max"],
                                         "newton_iterations": info["iterations"]},
                       control=_control("min ||W||_2^2 = (min sum_k ||W_k||_2)^2 = N^2 sum sigma^(2/N)", ctrl, dps),
                       note=f"max of ||W||^2 vs N sum sigma^(2/N), (3.8) value vs closed form, max |G|, |X(W) - X|; "
                            f"Hessian min {_n(c['hess_min'], 5)} > hess_max * tol(dps); mp Newton steps "
                            f"{info['iterations']} after the float64 phase, gradient history "
                            f"{[_n(h, 2) for h in info['gradient_history']]}; {TOL_NOTE}")
        if (N, d, f) in BIG:
            continue
        ns = 2 if opts.quick else STARTS.get((N, d, f), 2)
        with working(dps):
            uni = mpmath.mpf(0)
            for s_ in range(1, ns + 1):
                A = random_state(N, d, f, 100 + s_, dps=dps)[: N - 1]
                Wa, _ = minimize_with_info(act(A, W0), 2, 1, dps=dps)
                _, un, res = orbit_unitary(Wref, Wa, dps=dps)
                uni = max(uni, abs(norm_sq(Wa) - cf) / cf, un, res)
            _, cun, _ = orbit_unitary(Wref, act(A, W0), dps=dps)
        yield Evidence(uni, uni < tol(dps), sizes_of(Wa, f), dps=dps, figures={"starts": ns},
                       control=_control("a non-balanced start A.W0 of the fibre is Q.W_min with Q unitary", cun, dps),
                       note=f"{ns} further random starts A.W0 on F_X: max of the value error and of the unitarity "
                            f"and action residuals of the Q with Q.W_min = W'_min; {TOL_NOTE}")
        with working(dps):
            Wr, _ = minimize_with_info(W0, 2, 2, dps=dps)  # (1.4)
            cf38 = closed_form(X, N, 2, 1)
            ridge = max(maxabs(critical_M(Wr, 2, 1)), maxabs(moments(Wr)),
                        abs(functional(Wr, 2, 1) - cf38) / cf38, orbit_unitary(Wref, Wr, dps=dps)[1])
            ctrl = maxabs(critical_M(W0, 2, 1))
        yield Evidence(ridge, ridge < tol(dps), sizes_of(Wr, f), dps=dps,
                       control=_control("the start W0 is critical for (3.8) (max |M_k(W0)| = 0)", ctrl, dps),
                       note=f"(1.4)-minimiser: max of |M_k| (the (3.8)-gradient), |G_k|, the (3.8)-value error and the "
                            f"unitarity of Q with Q.W_(3.8) = W_(1.4); {TOL_NOTE}")


# --------------------------------------------------------------------------- Theorem 20
T20 = {Fraction(3, 2): [(2, 2, "R"), (3, 2, "C"), (4, 3, "R")],
       Fraction(3): [(2, 2, "C"), (3, 2, "R"), (4, 3, "C")],
       Fraction(4): [(2, 3, "R"), (3, 2, "C")]}


def check_theorem20(opts):
    """For p in {3/2, 3, 4}: the minimiser of (3.8) is balanced, keeps X and its value is N (sum_i sigma_i^(p/N))^(1/p);
    the Hessian over Hermitian directions is positive definite. Control: the Schatten norm of the whole stacked
    state, N^(1/p) (sum sigma^(p/N))^(1/p), as the minimum."""
    dps = opts.dps
    for p, cases in T20.items():
        for N, d, f in cases:
            if (opts.quick and N == 4) or f not in opts.fields:
                continue
            with working(dps):
                W0, W, info = _minimiser(N, d, f, 0, p, 1, dps)
                X = end_to_end(W0)
                c = certify(W, X, p, 1, dps=dps, hess=info["hessian"])
                pm = mpmath.mpf(p.numerator) / p.denominator
                _, s, _ = svd_sorted(X)
                cf = N * mpmath.fsum(x ** (pm / N) for x in s) ** (1 / pm)
                v = abs(c["value"] - cf) / cf
                wrong = N ** (1 / pm) * mpmath.fsum(x ** (pm / N) for x in s) ** (1 / pm)
                ctrl = abs(c["value"] - wrong) / wrong
            r = max(v, c["balanced"], c["X_error"])
            yield Evidence(r, r < tol(dps) and c["hess_min"] > _pd_threshold(c["hess_max"], dps),
                           sizes_of(W, f, p=str(p)), dps=dps,
                           figures={"hess_min": c["hess_min"], "hess_max": c["hess_max"],
                                    "newton_iterations": info["iterations"]},
                           control=_control("min ||W||_p = N^(1/p) (sum sigma^(p/N))^(1/p) (the stacked state's norm)",
                                            ctrl, dps),
                           note=f"max of the value error vs N (sum sigma^(p/N))^(1/p), max |G|, |X(W) - X|; Hessian "
                                f"min {_n(c['hess_min'], 4)} > hess_max * tol(dps); {TOL_NOTE}")


# --------------------------------------------------------------------------- Kempf-Ness
def fd_tolerance(dps: int):
    """Tolerance of the finite-difference cross-check: the central second difference with step
    ``h = 10^-(dps//4)`` is accurate to ``O(h^2) = 10^-(dps//2)``; we ask for ``10^-(dps//2 - 10)``."""
    return mpmath.mpf(10) ** (-(dps // 2 - 10))


def _kn_residual(sp):
    """Theorem 14's residual at one point: the predicted-zero eigenvalues and the skew-Hermitian block, relative."""
    return max(sp["kernel_residual"], sp["skew_block"] / sp["lambda_max"])


def check_kempf_ness(opts):
    """Theorem 14 at a balanced W = Q.C (built at dps digits): the Hessian of psi = ||A.W||^2 is PSD with kernel the
    skew-Hermitian directions (the K-orbit), of dimension (N-1) d^2 (C) / (N-1) d(d-1)/2 (R).

    Residual: ``max(|lam| over the expected_kernel smallest eigenvalues, max(0, -lam_min), max |B| on skew rows) /
    lam_max`` (zero iff the prediction holds). Figures: ``kernel_dim``, the number of eigenvalues of modulus below
    the threshold ``lam_max * tol(dps)`` (:func:`~dlnsym.numeric.kempf_ness.kernel_threshold`), the prediction
    ``expected_kernel``, ``lambda_nonzero_min`` (the smallest eigenvalue predicted nonzero). Passes when the
    residual is below tol(dps) (the skew-Hermitian directions are in the kernel, no eigenvalue is negative), the
    kernel dimension equals the prediction (so ``lambda_nonzero_min`` is above the threshold: the kernel is no larger
    than the skew-Hermitian directions), and the Hessian agrees with a central second difference of psi along a
    random direction (tolerance :func:`fd_tolerance`). Control: the same prediction at a non-balanced W (there the
    Hessian is indefinite)."""
    dps = opts.dps
    for N, d, f in _cases(opts):
        with working(dps):
            X = end_to_end(random_state(N, d, f, 21, dps=dps))
            C, _, _, _ = centre(X, N, dps=dps)
            W = act(random_unitaries(N, d, f, 22, dps=dps), C)
        sp = kempf_ness_spectrum(W, dps=dps, return_hessian=True, hermitian_block=False)
        with working(dps):
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
        bad = kempf_ness_spectrum(random_state(N, d, f, 23, dps=dps), dps=dps, hermitian_block=False)
        r = _kn_residual(sp)
        cert = kempf_ness_certificate(W, sp["basis"], dps=dps)
        ok = r < tol(dps) and sp["kernel_dim"] == sp["expected_kernel"] and fd_err < fd_tolerance(dps)
        ok = ok and cert["kernel_dim"] == sp["expected_kernel"]
        yield Evidence(r, ok, sizes_of(W, f), dps=dps, bound=cert["bound"],
                       figures={"kernel_dim": sp["kernel_dim"], "expected_kernel": sp["expected_kernel"],
                                "kernel_dim_certified": cert["kernel_dim"], "certified_her_min": cert["mu"],
                                "certified_skew_block": cert["eps"],
                                "dimension": sp["dimension"], "lambda_nonzero_min": sp["lambda_nonzero_min"],
                                "lambda_max": sp["lambda_max"], "threshold": sp["threshold"], "fd_rel_err": fd_err},
                       control=_control("Theorem 14's prediction (PSD, kernel = skew-Hermitian directions) at a "
                                        f"non-balanced W (lambda_min {_n(bad['min_eigenvalue'])})", _kn_residual(bad),
                                        dps),
                       note=f"{sp['dimension']} real directions; kernel {sp['kernel_dim']} (expected "
                            f"{sp['expected_kernel']}) below lambda_max * tol(dps); smallest nonzero eigenvalue "
                            f"{_n(sp['lambda_nonzero_min'], 12)}; FD rel. err {_n(fd_err)} (tolerance "
                            f"10^-(dps//2 - 10): the second difference is O(h^2) with h = 10^-(dps//4)); "
                            f"W is balanced to ~dps digits, so the kernel eigenvalues are ~10^-dps; certified in ball "
                            f"arithmetic: skew rows <= {_n(cert['eps'])}, lambda_min(Hermitian block) >= "
                            f"{_n(cert['mu'])}, so exactly {cert['kernel_dim']} eigenvalues lie within "
                            f"{_n(cert['delta'])} of 0 (Weyl); {TOL_NOTE}")


# --------------------------------------------------------------------------- hidden convexity
def check_hidden_convexity(opts):
    """For Hermitian a, ||e^{tau a}.W||^2 = sum c_ij e^{2 tau (lam_i - mu_j)} with c_ij >= 0 (checked against the
    matrix exponential at 5 values of tau, value and second derivative) and tau -> psi is convex (psi'' >= 0 on the
    grid, from the exact second derivative at e^{tau a}.W). Residual: the relative representation errors and the
    negative part of psi''/psi. Control: a seeded search for a non-Hermitian a along which psi'' < 0 (the statement
    with "Hermitian" dropped), at every size."""
    dps = opts.dps
    for N, d, f in _cases(opts, small=[(3, 2, "R"), (3, 2, "C")], big=[(4, 3, "C")]):
        with working(dps):
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
            rep = sec_rep = neg = mpmath.mpf(0)
            conv = None
            for t in taus:
                Wt = act([mpmath.expm(ak * t) for ak in a], W)  # e^{tau a}.W by the matrix exponential
                psi, s2 = norm_sq(Wt), psi_second_derivative(Wt, a)
                rep = max(rep, abs(mpmath.fsum(c * mpmath.exp(r_ * t) for c, r_ in terms) - psi) / psi)
                sec_rep = max(sec_rep, abs(s2 - mpmath.fsum(c * r_ ** 2 * mpmath.exp(r_ * t) for c, r_ in terms))
                              / abs(s2))
                neg = max(neg, -s2 / psi)
                conv = s2 if conv is None else min(conv, s2)
            found = search_nonconvex(W, seeds=20, dps=dps, first=True)
            if found is None:
                ctrl, cnote = None, "none found"
            else:
                seed, tc, v, ac = found
                ctrl = max(-v, 0) / norm_sq(act([mpmath.expm(ak * tc) for ak in ac], W))
                cnote = f"seed {seed}, tau = {_n(tc)}: psi'' = {_n(v, 5)}"
        r = max(rep, sec_rep, neg, max(-cmin, 0))
        yield Evidence(r, r < tol(dps), sizes_of(W, f), dps=dps,
                       figures={"exponentials": len(terms), "min_coefficient": cmin, "min_psi2": conv},
                       control=_control(f"tau -> ||e^(tau a).W||^2 is convex for a non-Hermitian a ({cnote})", ctrl,
                                        dps),
                       note=f"{len(terms)} exponentials, min coefficient {_n(cmin)}, min psi'' on the grid "
                            f"{_n(conv, 5)}; {TOL_NOTE}")


# --------------------------------------------------------------------------- p = 1
# The p = 1 claim (Section 3.4) is checked step by step in :mod:`dlnsym.git.checks_p1`.


# Imported last on purpose: importing dlnsym.claims runs the registry, which imports this module; with the import at
# the end, the registry finds every check defined whichever of the two modules is imported first.
from ..claims.evidence import Control, Evidence, sizes_of  # noqa: E402
