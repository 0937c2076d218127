"""Minimisers on F_X, the Kempf-Ness Hessian, hidden convexity and Section 1.2 / 1.3.2 in numbers.

Every test compares with an independent computation (finite differences, the shared formulas G and w_a,
the closed forms derived in the module docstrings) and the negative controls check that the printed forms of
Lemma 1's proof and of the alignment statement fail.
"""

from __future__ import annotations

import random
from fractions import Fraction

import mpmath
import pytest

from dlnsym.claims.base import Options
from dlnsym.claims.evidence import Evidence
from dlnsym.claims.registry import get
from dlnsym.formulas import act, end_to_end, moments, tangent_vector
from dlnsym.matrix import adj
from dlnsym.numeric import checks_min as NM
from dlnsym.numeric import minimize_on_fiber
from dlnsym.numeric.common import random_state, working
from dlnsym.numeric.kempf_ness import (
    Z_map,
    exponential_sum,
    kempf_ness_spectrum,
    kernel_threshold,
    lie_basis,
    psi_along,
    psi_hessian,
    psi_second_derivative,
    search_nonconvex,
)
from dlnsym.numeric.minimize import (
    certify,
    check_p,
    critical_M,
    expm_hermitian,
    functional,
    hermitian_basis,
    hessian,
    minimize_nuclear,
    minimize_ridge,
    minimize_with_info,
)
from dlnsym.numeric.section1 import (
    alignment_defect,
    centre,
    lemma1_group_element,
    maxabs,
    orbit_unitary,
    random_unitaries,
    random_unitary,
    rank_deficient_state,
    state_maxabs,
    svd_sorted,
    unitarity_defect,
    unitary_from_balanced,
)

DPS = 30
TOL = mpmath.mpf(10) ** -(DPS - 10)


def _random_hermitian_direction(N, d, field, seed):
    rng = random.Random(seed)
    hb = hermitian_basis(d, field)
    a = []
    for _ in range(N - 1):
        M = mpmath.matrix(d, d)
        for b in hb:
            M += b * mpmath.mpf(rng.gauss(0, 1))
        a.append(M)
    return a


def _balanced(N, d, field, seed, dps=DPS):
    with working(dps):
        X = end_to_end(random_state(N, d, field, seed, dps=dps))
        C, _, _, _ = centre(X, N, dps=dps)
        return act(random_unitaries(N, d, field, seed + 1, dps=dps), C), X


# --------------------------------------------------------------------------- gradient and Hessian by finite differences
@pytest.mark.parametrize("N,d,field", [(2, 2, "C"), (3, 2, "R")])
@pytest.mark.parametrize("p,q", [(Fraction(3, 2), 1), (3, 1), (1, 1), (2, 2)])
def test_gradient_and_hessian_match_finite_differences(N, d, field, p, q):
    with mpmath.workdps(40):
        W = random_state(N, d, field, 3, dps=40)
        a = _random_hermitian_direction(N, d, field, 4)
        pm = check_p(p, allow_one=True)

        def f(t):
            return functional(act([expm_hermitian(ak * t) for ak in a], W), pm, q)

        M = critical_M(W, pm, q)
        d1 = mpmath.fsum(mpmath.re(sum((M[k] * a[k])[i, i] for i in range(d))) for k in range(N - 1))
        h = mpmath.mpf("1e-10")
        fd1 = (f(h) - f(-h)) / (2 * h)
        assert abs(d1 - fd1) < mpmath.mpf("1e-15") * (1 + abs(d1))
        g, H, basis = hessian(W, pm, q)
        # coordinates of a in the orthonormal basis
        x = [mpmath.re(sum((a[j - 1] * b)[i, i] for i in range(d))) for j, b in basis]
        quad = mpmath.fsum(x[i] * H[i, k] * x[k] for i in range(len(x)) for k in range(len(x)))
        fd2 = (f(h) + f(-h) - 2 * f(0)) / h ** 2
        assert abs(quad - fd2) < mpmath.mpf("1e-12") * (1 + abs(quad))
        assert abs(mpmath.fsum(gi * xi for gi, xi in zip(g, x)) - d1) < mpmath.mpf("1e-30")


def test_ridge_gradient_is_G_and_hessian_is_half_the_kempf_ness_block():
    """q = p = 2: M = G (Lemma 2) and the Hermitian block of the psi-Hessian is twice the engine's Hessian."""
    with mpmath.workdps(45):
        W = random_state(3, 2, "C", 5, dps=45)
        for Mk, Gk in zip(critical_M(W, 2, 2), moments(W)):
            assert maxabs(Mk - Gk) < mpmath.mpf("1e-35")
        _, H, _ = hessian(W, 2, 2)
        B, basis = psi_hessian(W, dps=30)
        her = [i for i, (_, _, kind) in enumerate(basis) if kind == "her"]
        assert max(abs(B[r, c] - 2 * H[i, k]) for i, r in enumerate(her) for k, c in enumerate(her)) < \
            mpmath.mpf("1e-35")


# --------------------------------------------------------------------------- minimisers
@pytest.mark.parametrize("N,d,field,p", [(2, 2, "R", 3), (3, 2, "C", Fraction(3, 2)), (2, 3, "C", 2)])
def test_minimiser_certificate(N, d, field, p):
    W0 = random_state(N, d, field, 1, dps=DPS)
    W, info = minimize_with_info(W0, p, dps=DPS)
    with working(DPS):
        c = certify(W, end_to_end(W0), p, dps=DPS)
    assert c["value_error"] < TOL and c["balanced"] < TOL and c["X_error"] < TOL and c["gradient"] < TOL
    assert c["hess_min"] > 0
    # quadratic convergence: the last steps at least square the gradient (up to a constant)
    h = info["gradient_history"]
    assert h[-1] < TOL


def test_theorem1_functionals_share_minimisers():
    """(3.8) at p = 2 and (1.4) are different functionals with the same minimisers, related by a unitary Q."""
    W0 = random_state(3, 2, "R", 2, dps=DPS)
    W38 = minimize_on_fiber(W0, 2, dps=DPS)
    W14 = minimize_ridge(W0, dps=DPS)
    with working(DPS):
        assert max(maxabs(G) for G in moments(W38)) < TOL
        assert max(maxabs(M) for M in critical_M(W14, 2, 1)) < TOL
        _, unit, res = orbit_unitary(W38, W14, dps=DPS)
        assert unit < TOL and res < TOL
        # and they are different functionals: on the start they differ
        assert abs(functional(W0, 2, 1) ** 2 - 2 * functional(W0, 2, 2)) > mpmath.mpf("1e-3")


def test_minimiser_from_other_start_on_same_fibre_differs_by_unitary():
    W0 = random_state(2, 2, "C", 3, dps=DPS)
    A = random_state(2, 2, "C", 4, dps=DPS)[:1]
    Wa = minimize_on_fiber(W0, 3, dps=DPS)
    with working(DPS):
        W0b = act(A, W0)
    Wb = minimize_on_fiber(W0b, 3, dps=DPS)
    _, unit, res = orbit_unitary(Wa, Wb, dps=DPS)
    assert unit < TOL and res < TOL


def test_nuclear_norm_minimiser_for_identity_is_unitary():
    """p = 1, X = I, N = 2: ||W_1||_1 + ||W_1^{-1}||_1 >= 2d with equality iff W_1 is unitary."""
    W0 = [mpmath.matrix([[2, 1], [0, 1]]), mpmath.inverse(mpmath.matrix([[2, 1], [0, 1]]))]
    W = minimize_nuclear(W0, dps=DPS)
    with working(DPS):
        assert unitarity_defect(W[0]) < TOL
        assert abs(functional(W, 1, 1) - 4) < TOL


# --------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("p", [1, "1", 0.5, 0, -2, mpmath.inf, "abc", True])
def test_bad_p(p):
    with pytest.raises(ValueError):
        minimize_on_fiber(random_state(2, 1, "R", 0, dps=DPS), p, dps=DPS)


def test_bad_inputs():
    W = random_state(2, 2, "R", 0, dps=DPS)
    with pytest.raises(ValueError, match="dps"):
        minimize_on_fiber(W, 2, dps=10)
    with pytest.raises(ValueError, match="rank deficient"):
        minimize_on_fiber([mpmath.matrix([[1, 0], [0, 0]]), mpmath.eye(2)], 2, dps=DPS)
    with pytest.raises(ValueError, match="d x d"):
        minimize_on_fiber([mpmath.eye(2), mpmath.eye(3)], 2, dps=DPS)
    with pytest.raises(ValueError, match="square"):
        minimize_on_fiber([mpmath.matrix(2, 3), mpmath.matrix(3, 2)], 2, dps=DPS)
    with pytest.raises(ValueError, match="q="):
        minimize_with_info(W, 2, 3, dps=DPS)
    with pytest.raises(ValueError, match="rank deficient"):
        centre(mpmath.matrix([[1, 1], [1, 1]]), 2, dps=DPS)
    with pytest.raises(ValueError, match="form"):
        lemma1_group_element(W, dps=DPS, form="paper")


def test_accepts_numpy_and_strings():
    import numpy as np

    W = minimize_on_fiber([np.array([[2.0, 1.0], [0.0, 1.0]]), [["1", "0"], ["1/2", "3"]]], "3/2", dps=DPS)
    assert len(W) == 2 and isinstance(W[0], mpmath.matrix)


# --------------------------------------------------------------------------- Kempf-Ness
@pytest.mark.parametrize("N,d,field,kernel", [(2, 2, "R", 1), (2, 2, "C", 4), (3, 2, "R", 2), (3, 2, "C", 8),
                                              (3, 3, "R", 6)])
def test_kempf_ness_kernel_dimension(N, d, field, kernel):
    W, _ = _balanced(N, d, field, 7)
    sp = kempf_ness_spectrum(W, dps=DPS)
    assert sp["kernel_dim"] == sp["expected_kernel"] == kernel
    assert sp["dimension"] == (N - 1) * d * d * (2 if field == "C" else 1)
    assert sp["min_eigenvalue"] > -TOL and sp["her_min"] > 0 and sp["skew_block"] < TOL
    # the residual of the prediction, the threshold (a function of dps) and the smallest nonzero eigenvalue
    assert sp["kernel_residual"] < TOL
    with working(DPS):
        assert abs(sp["threshold"] / kernel_threshold(sp["lambda_max"], DPS) - 1) < TOL
    assert sp["lambda_nonzero_min"] == sp["eigenvalues"][kernel] > sp["threshold"]
    assert abs(sp["her_min"] - sp["lambda_nonzero_min"]) < TOL  # the kernel is exactly the skew directions
    assert "her_min" not in kempf_ness_spectrum(W, dps=DPS, hermitian_block=False)


def test_kempf_ness_control_non_balanced_is_indefinite():
    sp = kempf_ness_spectrum(random_state(3, 2, "C", 8, dps=DPS), dps=DPS)
    assert sp["min_eigenvalue"] < -mpmath.mpf("1e-3")
    assert sp["kernel_residual"] > mpmath.mpf("1e-3")


def test_psi_hessian_matches_finite_differences_and_Z_identity():
    with mpmath.workdps(45):
        W = random_state(3, 2, "C", 9, dps=45)
        B, basis = psi_hessian(W, dps=30)
        rng = random.Random(1)
        x = [mpmath.mpf(rng.gauss(0, 1)) for _ in basis]
        a = [mpmath.matrix(2, 2) for _ in range(2)]
        for xi, (j, b, _) in zip(x, basis):
            a[j - 1] += b * xi
        quad = mpmath.fsum(x[i] * B[i, k] * x[k] for i in range(len(x)) for k in range(len(x)))
        assert abs(quad - psi_second_derivative(W, a)) < mpmath.mpf("1e-35")
        h = mpmath.mpf("1e-12")
        fd = (psi_along(W, a, h) + psi_along(W, a, -h) - 2 * psi_along(W, a, 0)) / h ** 2
        assert abs(quad - fd) < mpmath.mpf("1e-15") * abs(quad)
        # Z(W) = G (Lemma 2)
        for Zk, Gk in zip(Z_map(W, W), moments(W)):
            assert maxabs(Zk - Gk) < mpmath.mpf("1e-40")
    assert len(lie_basis(3, 2, "R")) == 2 * 4


def test_hidden_convexity_representation_and_negative_control():
    with mpmath.workdps(45):
        W = random_state(3, 2, "C", 10, dps=45)
        a = _random_hermitian_direction(3, 2, "C", 11)
        terms = exponential_sum(W, a)
        assert min(c for c, _ in terms) >= 0
        for t in (mpmath.mpf(-1), mpmath.mpf("0.5")):
            assert abs(mpmath.fsum(c * mpmath.exp(r * t) for c, r in terms) - psi_along(W, a, t)) < \
                mpmath.mpf("1e-35") * psi_along(W, a, t)
    found = search_nonconvex(W, seeds=10, dps=DPS)
    assert found is not None and found[2] < 0
    first = search_nonconvex(W, seeds=10, dps=DPS, first=True)
    assert first is not None and first[2] < 0 and first[2] >= found[2]


# --------------------------------------------------------------------------- Section 1.2, Lemma 1, alignment
@pytest.mark.parametrize("field", ["R", "C"])
def test_lemma1_printed_fails_corrected_holds(field):
    W = random_state(3, 2, field, 12, dps=DPS)
    with working(DPS):
        A, C = lemma1_group_element(W, dps=DPS)
        assert state_maxabs([x - y for x, y in zip(act(A, C), W)]) < TOL
        A, C = lemma1_group_element(W, dps=DPS, form="printed")
        assert state_maxabs([x - y for x, y in zip(act(A, C), W)]) > mpmath.mpf("1e-3")


@pytest.mark.parametrize("field", ["R", "C"])
def test_orbit_and_alignment(field):
    W, X = _balanced(4, 3, field, 13)
    _, _, defect = unitary_from_balanced(W, dps=DPS)
    assert defect < TOL
    corr = alignment_defect(W, dps=DPS, form="corrected")
    prin = alignment_defect(W, dps=DPS, form="printed")
    assert corr["norms"] < TOL and corr["singular"] < TOL and corr["align"] < TOL
    assert prin["align"] > mpmath.mpf("0.1")  # V_k = U_(k+1) as printed fails
    # control: a non-balanced point of the same fibre is not Q.C with unitary Q
    with working(DPS):
        Wbad = act(random_state(4, 3, field, 14, dps=DPS)[:3], W)
    _, _, bad = unitary_from_balanced(Wbad, dps=DPS)
    assert bad > mpmath.mpf("1e-3")


def test_random_unitary():
    for field in ("R", "C"):
        Q = random_unitary(4, field, seed=3, dps=DPS)
        with mpmath.workdps(DPS):
            assert unitarity_defect(Q) < TOL
        assert (field == "R") == all(not isinstance(Q[i, j], mpmath.mpc) for i in range(4) for j in range(4))


# --------------------------------------------------------------------------- registry
def test_registered_claims():
    assert get("alignment").erratum is not None and get("alignment").where == "Section 1.3.2"
    assert get("orbit-O_X").where == "Section 1.2"
    assert not get("p-equals-1").open and get("p-equals-1").beyond_paper
    assert get("theorem-20").notebook == "06_schatten_norms.ipynb"
    assert get("kempf-ness").where == "Theorem 14"
    forms = {c.form for c in get("lemma-1-proof").checks if c.method == "numeric"}
    assert forms == {"printed", "corrected"}


CLAIMS = {"centre": "confirmed", "lemma-1": "confirmed", "lemma-1-proof": "erratum", "orbit-O_X": "confirmed",
          "alignment": "erratum", "theorem-1": "confirmed", "theorem-20": "confirmed", "kempf-ness": "confirmed",
          "hidden-convexity": "confirmed", "p-equals-1": "confirmed"}
CHECKS = [NM.check_centre, NM.check_lemma1, NM.lemma1_proof_check("corrected"), NM.lemma1_proof_check("printed"),
          NM.check_orbit_OX, NM.alignment_check("corrected"), NM.alignment_check("printed"), NM.check_theorem1,
          NM.check_theorem20, NM.check_kempf_ness, NM.check_hidden_convexity]


def _assert_results(cid, out, dps):
    assert out["results"], cid
    for r in out["results"]:
        assert r.passed and not r.skipped and r.error is None, (cid, r.to_json())
        if r.form == "ablation":  # a hypothesis dropped: an outcome record, listed in the ablation table
            continue
        # the control is there, was rejected, and its statement is written out
        assert r.control is not None and r.control.rejected and r.control.statement, (cid, r.to_json())
        assert {"N", "d", "field"} <= set(r.sizes) and r.sizes["field"] in ("R", "C"), (cid, r.sizes)
        assert r.digits is not None and not r.exact
        failing = r.form == "printed" or (r.form == "ablation" and r.outcome == "counterexample")
        if not failing:  # the residual passes the test tol(dps) = 10^-(dps-10)
            assert r.digits > dps - 10, (cid, r.to_json())
        else:  # a printed form, or a counterexample without the hypothesis: the statement fails by O(1)
            assert r.digits < 1, (cid, r.to_json())


@pytest.mark.parametrize("cid", sorted(CLAIMS))
def test_claims_numeric_quick_exact_status(cid):
    """Every claim of this module, numeric checks only (a partial run), at dps 30: the exact status, every result
    passed (folding in the printed forms' expected failure), every control rejected."""
    opts = Options(quick=True, dps=30)
    out = get(cid).run(opts, methods=["numeric"])
    assert out["status"] == CLAIMS[cid]
    # partial exactly when the claim also has checks of another method (centre, theorem-1, lemma-1-proof)
    assert out["partial"] is any(c.method != "numeric" for c in get(cid).checks)
    _assert_results(cid, out, 30)


FAST = ["centre", "lemma-1", "lemma-1-proof", "alignment", "hidden-convexity"]


def test_fast_checks_at_dps_25_and_80():
    """The fast checks at the lowest tested and a high precision: same statuses, controls rejected, and the
    residuals follow the precision (a true identity gains digits when dps grows; a false one, the printed forms,
    does not)."""
    digits = {}
    for dps in (25, 80):
        for cid in FAST:
            opts = Options(dps=dps, quick=cid in ("alignment", "hidden-convexity"))
            out = get(cid).run(opts, methods=["numeric"])
            assert out["status"] == CLAIMS[cid], (cid, dps)
            _assert_results(cid, out, dps)
            digits[cid, dps] = [(r.form, r.digits) for r in out["results"]]
    for cid in FAST:
        for (form, lo), (_, hi) in zip(digits[cid, 25], digits[cid, 80]):
            if form == "printed" or (form == "ablation" and lo < 1):
                assert abs(hi - lo) < 1
            else:
                assert hi > lo + 45, (cid, lo, hi)


@pytest.mark.parametrize("fn", CHECKS, ids=lambda f: getattr(f, "__qualname__", str(f)))
def test_checks_are_generators_of_evidence(fn):
    import inspect

    assert inspect.isgeneratorfunction(fn)
    opts = Options(quick=True, dps=25, fields=("R",))
    first = next(fn(opts))
    assert isinstance(first, Evidence) and first.dps == 25 and first.control is not None


def test_sizes_are_read_off_the_built_states():
    out = list(NM.check_centre(Options(dps=25)))
    assert [(e.sizes["N"], e.sizes["d"], e.sizes["field"]) for e in out] == NM.SMALL + NM.BIG
    t20 = list(NM.check_theorem20(Options(dps=25, quick=True, fields=("C",))))
    assert {e.sizes["p"] for e in t20} == {"3/2", "3", "4"} and all(e.sizes["field"] == "C" for e in t20)


def test_a_control_that_does_not_run_does_not_count(monkeypatch):
    """Hidden convexity: when the search for a non-Hermitian counterexample finds nothing, the result fails."""
    monkeypatch.setattr(NM, "search_nonconvex", lambda *a, **k: None)
    out = get("hidden-convexity").run(Options(quick=True, dps=25, fields=("C",)), methods=["numeric"])
    assert out["status"] == "failed" and all(not r.passed for r in out["results"])


def test_kempf_ness_controls_run_at_every_reported_size():
    """Defect fixed: the control used to be skipped at N = 4 and still counted."""
    res = list(NM.check_kempf_ness(Options(dps=25, fields=("R",))))
    assert {e.sizes["N"] for e in res} == {2, 4}
    for e in res:
        assert e.control.rejected and e.figures["kernel_dim"] == e.figures["expected_kernel"]
        assert e.figures["lambda_nonzero_min"] > e.figures["threshold"]


def test_maxabs_of_a_matrix_and_of_a_state():
    A, B = mpmath.matrix([[1, -3], [2, 0]]), mpmath.matrix([[0, 5j]])
    assert maxabs(A) == 3 and maxabs([A, B]) == 5 and state_maxabs is maxabs


@pytest.mark.parametrize("N,d,field", [(2, 2, "R"), (3, 2, "C"), (4, 3, "R")])
def test_rank_deficient_state(N, d, field):
    """The one rank_deficient_state: layers 1 and 2 truncated to rank d - 1; then w_a = 0 for a = u v^* (H singular)."""
    W = rank_deficient_state(N, d, field, seed=7, dps=DPS)
    with working(DPS):
        for k, M in enumerate(W, start=1):
            s = mpmath.svd(M, compute_uv=False)
            assert (min(s) < TOL) == (k in (1, 2))
        assert min(mpmath.svd(end_to_end(W), compute_uv=False)) < TOL
        u = svd_sorted(W[1])[2][:, d - 1]            # W_2 u = 0
        v = svd_sorted(W[0])[0][:, d - 1]            # v^* W_1 = 0
        a = [u * adj(v)] + [mpmath.matrix(d, d) for _ in range(N - 2)]
        assert maxabs(tangent_vector(W, a)) < TOL
    W1 = rank_deficient_state(3, 3, "C", (2,), 1, dps=DPS)
    with working(DPS):
        s = mpmath.svd(W1[1], compute_uv=False)
        assert sum(1 for x in s if x > TOL) == 1
        assert maxabs([a - b for a, b in zip([W1[0], W1[2]], [random_state(3, 3, "C", 1, dps=DPS)[i]
                                                               for i in (0, 2)])]) == 0
    for bad in ({"rank": 2}, {"layers": (0,)}, {"layers": (3,)}):
        with pytest.raises(ValueError):
            rank_deficient_state(2, 2, "R", **bad, dps=DPS)


def test_value_error_falls_with_precision():
    errs = []
    for dps in (25, 45):
        W0 = random_state(2, 2, "C", 15, dps=dps)
        W = minimize_on_fiber(W0, 4, dps=dps)
        with working(dps):
            errs.append(certify(W, end_to_end(W0), 4, dps=dps, hessian_check=False)["value_error"])
    assert errs[0] < mpmath.mpf(10) ** -20 and errs[1] < errs[0] * mpmath.mpf(10) ** -15


def test_nuclear_functional_is_convex_along_hermitian_geodesics():
    """The convexity used for p = 1 (Section 3.4 with a norm that is only plurisubharmonic)."""
    with mpmath.workdps(40):
        W0 = random_state(3, 2, "C", 16, dps=40)
        a = _random_hermitian_direction(3, 2, "C", 17)
        ts = [mpmath.mpf(t) / 3 for t in range(-3, 4)]
        phi = [functional(act([expm_hermitian(ak * t) for ak in a], W0), 1, 1) for t in ts]
        assert min(phi[i - 1] + phi[i + 1] - 2 * phi[i] for i in range(1, len(ts) - 1)) > 0


def test_start_from_the_kirwan_ness_flow():
    """Starting from the flow (when dlnsym.numeric.flows is present) gives a certified minimiser too."""
    W0 = random_state(2, 2, "R", 18, dps=DPS)
    W, info = minimize_with_info(W0, 3, dps=DPS, start="kirwan-ness", flow_time="1/2")
    with working(DPS):
        c = certify(W, end_to_end(W0), 3, dps=DPS, hess=info["hessian"])
    assert c["value_error"] < TOL and c["balanced"] < TOL and c["X_error"] < TOL and c["hess_min"] > 0
    with pytest.raises(ValueError, match="start"):
        minimize_with_info(W0, 3, dps=DPS, start="flow")


@pytest.mark.parametrize("field", ["R", "C"])
def test_edge_cases_balanced_start_d1_and_real_entries_stored_as_mpc(field):
    W, X = _balanced(3, 2, field, 19)
    Wm, info = minimize_with_info(W, 3, dps=DPS)  # already a minimiser
    assert info["iterations"] <= 2
    W1 = minimize_on_fiber([[["-2"]], [[3]], [[1]]], 4, dps=DPS)  # d = 1: |w_k| = 6^(1/3)
    with working(DPS):
        assert all(abs(abs(M[0, 0]) - mpmath.cbrt(6)) < TOL for M in W1)
    Wc = [M * mpmath.mpc(1, 0) for M in random_state(2, 2, "R", 20, dps=DPS)]
    assert minimize_with_info(Wc, 2, dps=DPS)[1]["field"] == "R"


@pytest.mark.parametrize("N,d,field", [(2, 2, "C"), (3, 3, "R"), (4, 2, "C")])
def test_polar_bound_second_derivative_formula(N, d, field):
    """The step of the p = 1 argument: at W = Q.C, g(tau) = sum_k Re Tr(P_k^* (e^{tau h}.W)_k) has
    g''(0) = sum_k sum_ij (l_i + l_j)/2 |(g_k - g_{k-1})_ij|^2, g_k = Q_k^* h_k Q_k, g_0 = g_N = 0."""
    from dlnsym.formulas import tangent_vector
    from dlnsym.matrix import adj
    from dlnsym.numeric.section1 import svd_sorted

    W, X = _balanced(N, d, field, 21)
    h = _random_hermitian_direction(N, d, field, 22)
    Q, C, defect = unitary_from_balanced(W, dps=DPS)
    with working(DPS):
        assert defect < TOL
        V2 = tangent_vector(tangent_vector(W, h), h)
        lhs = mpmath.mpf(0)
        for Wk, Vk in zip(W, V2):
            U, _, Vv = svd_sorted(Wk)
            lhs += mpmath.re(sum((adj(U * adj(Vv)) * Vk)[i, i] for i in range(d)))
        lam = [C[1][i, i] if N > 2 else mpmath.sqrt(svd_sorted(X)[1][i]) for i in range(d)]
        g = [mpmath.matrix(d, d)] + [adj(Qk) * hk * Qk for Qk, hk in zip(Q, h)] + [mpmath.matrix(d, d)]
        rhs = mpmath.fsum((lam[i] + lam[j]) / 2 * abs(g[k][i, j] - g[k - 1][i, j]) ** 2
                          for k in range(1, N + 1) for i in range(d) for j in range(d))
        assert abs(lhs - rhs) < TOL * (1 + abs(rhs)) and rhs > 0
