"""Section 1.3.1 (linear systems) and Section 4.2 (noise): unit, property and negative-control tests."""

import math

import mpmath
import numpy as np
import pytest
import sympy
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dlnsym.beyond import checks_linsys as CL
from dlnsym.beyond import linsys as LS
from dlnsym.beyond import noise as NZ
from dlnsym.claims import Options, get
from dlnsym.formulas import loss_gradient, moments

A0, B0, C0 = LS.TEST_SYSTEM


def _rand(rng, r, c, field):
    M = rng.standard_normal((r, c))
    return M + 1j * rng.standard_normal((r, c)) if field == "C" else M


# --------------------------------------------------------------------------- (1.9), (1.10)
@pytest.mark.parametrize("field", ["R", "C"])
@pytest.mark.parametrize("n,m,p", [(1, 1, 1), (3, 2, 1), (4, 1, 3)])
def test_transfer_function_invariant_numpy(n, m, p, field):
    rng = np.random.default_rng(n * 10 + m)
    A, B, C, M = _rand(rng, n, n, field), _rand(rng, n, m, field), _rand(rng, p, n, field), _rand(rng, n, n, field)
    for z in (0.3 + 2j, -1.7):
        H = LS.transfer_function(A, B, C, z)
        assert np.allclose(LS.transfer_function(*LS.act_system(M, A, B, C), z), H)
        Ap, Bp, _ = LS.act_system(M, A, B, C)
        assert not np.allclose(LS.transfer_function(Ap, Bp, C @ M, z), H)  # negative control


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 4), m=st.integers(1, 3), p=st.integers(1, 3), field=st.sampled_from(["R", "C"]),
       seed=st.integers(0, 10**6))
@example(n=1, m=1, p=1, field="R", seed=0)
def test_moment_map_gradient_property(n, m, p, field, seed):
    """Along the balancing field, df/dt = -4 ||mu||^2 (jets on NumPy), and H(z) is unchanged to first order."""
    from dlnsym.matrix import Dual

    rng = np.random.default_rng(seed)
    x = (_rand(rng, n, n, field), _rand(rng, n, m, field), _rand(rng, p, n, field))
    v = LS.balancing_field(*x)
    jet = [Dual(a, b) for a, b in zip(x, v)]
    df = LS.system_norm_sq(*jet).der
    mu = LS.system_moment(*x)
    scale = 1 + sum(np.abs(a).sum() for a in x) ** 4
    assert abs(df + 4 * np.real(np.trace(mu.conj().T @ mu))) < 1e-9 * scale
    z = 3.0 + 0.5j + np.abs(x[0]).sum()  # outside the spectrum of A
    dH = LS.transfer_function(*jet, z).der  # the field is tangent to the orbit: H is constant to first order
    assert np.abs(dH).max() < 1e-9 * scale


def test_transfer_invariance_any_size_proof():
    r = CL.transfer_invariance_nc()
    assert r["step1"] and r["step2"] and r["step3"]
    assert not r["negative"].is_zero()


# --------------------------------------------------------------------------- moment map
@pytest.mark.parametrize("field", ["R", "C"])
def test_moment_map_by_finite_differences(field):
    """d/dtau f(e^{tau a}.x) at 0 = 2 Re Tr(mu a), by a central difference with scipy's expm (independent route)."""
    from scipy.linalg import expm

    rng = np.random.default_rng(7)
    x = (_rand(rng, 3, 3, field), _rand(rng, 3, 2, field), _rand(rng, 1, 3, field))
    a = _rand(rng, 3, 3, field)
    h = 1e-5
    f = lambda t: LS.system_norm_sq(*LS.act_system(expm(t * a), *x))
    fd = (f(h) - f(-h)) / (2 * h)
    mu = LS.system_moment(*x)
    assert abs(fd - 2 * np.real(np.trace(mu @ a))) < 1e-6 * abs(fd)
    wrong = mu + 2 * x[2].conj().T @ x[2]  # +C^*C instead of -C^*C
    assert abs(fd - 2 * np.real(np.trace(wrong @ a))) > 1e-3


def test_balancing_field_is_minus_two_w_mu():
    rng = np.random.default_rng(3)
    x = (_rand(rng, 2, 2, "C"), _rand(rng, 2, 1, "C"), _rand(rng, 1, 2, "C"))
    mu = LS.system_moment(*x)
    w = LS.system_tangent(*x, mu)
    for u, v in zip(LS.balancing_field(*x), w):
        assert np.allclose(u, -2 * v)


# --------------------------------------------------------------------------- norm balancing
def test_norm_balance_test_system():
    r = LS.norm_balance(A0, B0, C0, dps=30)
    assert mpmath.almosteq(r["f"], 177, 1e-25)
    assert r["mu_norm"] < mpmath.mpf("1e-25")
    _, u, i = LS.unitary_between((r["A"], r["B"], r["C"]), CL.modal_realization(30), dps=30)
    assert u < mpmath.mpf("1e-25") and i < mpmath.mpf("1e-25")


def test_norm_balance_unique_up_to_unitary_and_negative_control():
    r1 = LS.norm_balance(*CL.CONTRAST_SYSTEM, dps=30, M0=LS.random_gl(2, "C", seed=5, dps=30))
    r2 = LS.norm_balance(*CL.CONTRAST_SYSTEM, dps=30, M0=LS.random_gl(2, "R", seed=6, dps=30))
    y1, y2 = (r1["A"], r1["B"], r1["C"]), (r2["A"], r2["B"], r2["C"])
    T, u, i = LS.unitary_between(y1, y2, dps=30)
    assert u < mpmath.mpf("1e-25") and i < mpmath.mpf("1e-25")
    S = mpmath.diag([3, 1])
    _, uS, _ = LS.unitary_between(y1, LS.act_system(S, *LS.as_system(*y1)), dps=30)
    assert uS > 1


def test_norm_balance_flow_decreases_f():
    r = LS.norm_balance(A0, B0, C0, dps=20, record=True, flow_tol="1e-3")
    fs = [h[1] for h in r["history"]]
    assert all(b <= a for a, b in zip(fs, fs[1:]))
    assert r["flow_steps"] > 10


@pytest.mark.parametrize("args,needle", [
    (([["1", "0"], ["0", "2"]], [["1"], ["0"]], [["1", "1"]]), "not controllable"),
    (([["1", "0"], ["0", "2"]], [["1"], ["1"]], [["1", "0"]]), "not observable"),
    (([["1", "0", "0"]], [["1"]], [["1"]]), "square"),
    (([["1", "0"], ["0", "2"]], [["1"]], [["1", "0"]]), "B has 1 rows"),
])
def test_norm_balance_bad_input(args, needle):
    with pytest.raises(ValueError, match=needle):
        LS.norm_balance(*args, dps=20)


def test_dps_too_low():
    with pytest.raises(ValueError, match="too low"):
        LS.hankel_singular_values(A0, B0, C0, dps=10)


# --------------------------------------------------------------------------- Gramians
def test_hsv_closed_form_and_reference_digits():
    with mpmath.workdps(60):
        closed = [(25 + mpmath.sqrt(569)) / 2, (25 - mpmath.sqrt(569)) / 2]
    errs = []
    for dps in (30, 60):
        hsv = LS.hankel_singular_values(A0, B0, C0, dps=dps)
        with mpmath.workdps(60):
            errs.append(max(abs(h - c) for h, c in zip(hsv, closed)))
    assert errs[0] < mpmath.mpf("1e-28") and errs[1] < mpmath.mpf("1e-58")  # the residual follows dps
    assert all(CL.agrees_to_shown_digits(h, s) for h, s in zip(hsv, LS.TEST_HSV_REFERENCE))
    assert mpmath.nstr(hsv[1], 7) == "0.5731396"  # the reference's last digit is truncated, not rounded


def test_agrees_to_shown_digits_rejects_wrong_values():
    assert not CL.agrees_to_shown_digits(mpmath.mpf("0.5731397"), "0.5731395")
    assert CL.agrees_to_shown_digits(sympy.Rational(5731395, 10**7), "0.5731395")


def test_hsv_exact_sympy():
    r = CL.hsv_exact()
    assert all(r["lyap_residuals"])
    assert r["P"] == sympy.Matrix([[sympy.Rational(43, 6), sympy.Rational(59, 6)], [sympy.Rational(59, 6),
                                                                                   sympy.Rational(27, 2)]])
    assert sympy.simplify(r["hsv"][0] * r["hsv"][1] - 14) == 0


def test_gramian_balance_and_lyapunov_residuals():
    g = LS.gramian_balance(*CL.CONTRAST_SYSTEM, dps=30)
    assert g["res_P"] < mpmath.mpf("1e-25") and g["res_Q"] < mpmath.mpf("1e-25")
    P, Q = LS.gramians(g["A"], g["B"], g["C"], dps=30)
    with mpmath.workdps(30):
        assert mpmath.norm(P - mpmath.diag(g["hsv"])) < mpmath.mpf("1e-25")
        assert mpmath.norm(Q - mpmath.diag(g["hsv"])) < mpmath.mpf("1e-25")
        mu = LS.system_moment(g["A"], g["B"], g["C"])
        assert mpmath.norm(mu) > 1  # Gramian-balanced is not norm-balanced here


def test_lyapunov_needs_stable_A():
    with pytest.raises(ValueError, match="not stable"):
        LS.lyapunov([["1", "0"], ["0", "-1"]], [["1", "0"], ["0", "1"]], dps=20)


def test_python_control_cross_check():
    control = pytest.importorskip("control", reason="python-control absent: cross-check skipped")
    sys = control.ss(np.array(A0, float), np.array(B0, float), np.array(C0, float), np.zeros((1, 1)))
    ref = np.sort(np.asarray(control.hsvd(sys), dtype=float))[::-1]
    hsv = LS.hankel_singular_values(A0, B0, C0, dps=30)
    assert np.allclose([float(h) for h in hsv], ref, rtol=1e-10)


# --------------------------------------------------------------------------- Section 4.2
@pytest.mark.parametrize("D", [1, 2, 4])
def test_fokker_planck_printed_vs_corrected(D):
    xs = sympy.symbols(f"x0:{D}", real=True)
    beta, kappa = sympy.symbols("beta kappa", positive=True)
    for form, zero in (("corrected", True), ("printed", False)):
        rho = NZ.ou_density(xs, beta, kappa, form)
        r = sympy.expand(NZ.fokker_planck_stationary(rho, xs, kappa, beta) / rho)
        assert (r == 0) == zero
    with pytest.raises(ValueError):
        NZ.ou_density(xs, beta, kappa, "other")


@pytest.mark.parametrize("field", ["R", "C"])
def test_ito_drift_small(field):
    r = NZ.ito_drift(2, 1, field)
    assert all(e == 0 for M in r["residual_G"] for e in M)
    assert r["residual_norm_sq"] == 0
    assert NZ.ito_drift(2, 1, field, wrong="no-ito")["residual_norm_sq"] != 0
    assert any(e != 0 for M in NZ.ito_drift(2, 1, field, wrong="rate")["residual_G"] for e in M)


def test_batch_backend_matches_per_path_formulas():
    rng = np.random.default_rng(0)
    W = [rng.standard_normal((4, 2, 2)) + 1j * rng.standard_normal((4, 2, 2)) for _ in range(3)]
    Y = np.eye(2)
    from dlnsym.formulas import end_to_end

    gb = loss_gradient([NZ.Batch(w) for w in W], end_to_end([NZ.Batch(w) for w in W]) - Y)
    Gb = moments([NZ.Batch(w) for w in W])
    for p in range(4):
        Wp = [w[p] for w in W]
        for u, v in zip(gb, loss_gradient(Wp, end_to_end(Wp) - Y)):
            assert np.allclose(u.a[p], v)
        for u, v in zip(Gb, moments(Wp)):
            assert np.allclose(u.a[p], v)


def test_simulate_reproducible_and_bad_input():
    W0 = CL.noise_initial_state("R", 2, 1)
    kw = dict(kappa=1.0, beta=2.0, times=[0.1], dt=0.01, paths=50, field="R")
    a, b = NZ.simulate(W0, seed=3, **kw), NZ.simulate(W0, seed=3, **kw)
    assert np.array_equal(a["G_mean"][0], b["G_mean"][0])
    with pytest.raises(ValueError, match="kappa > 0"):
        NZ.simulate(W0, seed=3, **{**kw, "kappa": 0.0})
    with pytest.raises(ValueError, match="times"):
        NZ.simulate(W0, seed=3, **{**kw, "times": [-1.0]})


def test_z_test_accepts_truth_rejects_wrong():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((4000, 5)) + 2.0
    m, se = x.mean(0), x.std(0, ddof=1) / math.sqrt(4000)
    assert not NZ.z_test(m, se, np.full(5, 2.0))["reject"]
    assert NZ.z_test(m, se, np.full(5, 2.2))["reject"]


def test_noise_statistics_quick():
    r = CL.noise_statistics("C", True, {"paths": 600, "times": (0.5,), "dt": 0.01})
    assert not r["test"]["reject"]
    assert all(v["reject"] for v in r["wrong"].values())


# --------------------------------------------------------------------------- registry
IDS = ["transfer-invariance", "norm-balanced", "gramian-balanced", "ou-equilibrium", "noise-moments"]


def test_claims_registered_with_labels():
    where = {c: get(c).where for c in IDS}
    assert where["transfer-invariance"] == "eq. (1.9), (1.10)"
    assert where["norm-balanced"] == where["gramian-balanced"] == "Section 1.3.1"
    assert where["ou-equilibrium"] == where["noise-moments"] == "Section 4.2"
    assert get("gramian-balanced").beyond_paper and get("noise-moments").beyond_paper
    assert get("ou-equilibrium").erratum is not None


@pytest.mark.parametrize("cid,status", [("transfer-invariance", "proved"), ("ou-equilibrium", "erratum"),
                                        ("gramian-balanced", "confirmed")])
def test_claim_status_quick(cid, status):
    assert get(cid).run(Options(quick=True, dps=30))["status"] == status


@pytest.mark.slow
@pytest.mark.parametrize("cid", IDS)
def test_claims_full(cid):
    r = get(cid).run(Options())
    assert r["status"] in {"proved", "confirmed", "erratum"}, [x for x in r["results"] if not x.passed]
