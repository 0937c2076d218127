"""Tests of the numeric flows layer: the structured solve of (2.19), the integrators, the flows (1.17), (1.22)."""

from __future__ import annotations

import mpmath
import pytest

from dlnsym.formulas import H_operator, end_to_end, kirwan_ness_field, moments, norm_sq, tangent_vector
from dlnsym.numeric import kirwan_ness_flow, regularizing_flow, regularizing_gradient, solve_H
from dlnsym.numeric.checks_flows import (
    energy_identity,
    heyoka_kirwan_ness_flow,
    kn_linearized_rate,
    lemma5_evidence,
    near_balanced_state,
)
from dlnsym.numeric.common import random_state
from dlnsym.numeric.ode import LMat, integrate, taylor_integrate
from dlnsym.numeric.section1 import rank_deficient_state
from dlnsym.numeric.solve import H_condition, H_eigenvalues, H_matrix, solve_H_dense


def _maxdiff(A, B):
    return max(mpmath.mnorm(a - b, "inf") for a, b in zip(A, B))


@pytest.mark.parametrize("N,d,field", [(2, 1, "R"), (2, 2, "C"), (3, 2, "R"), (4, 3, "C")])
def test_structured_solve_matches_dense_and_solves(N, d, field):
    W = random_state(N, d, field, seed=3, dps=30)
    with mpmath.workdps(45):
        G = moments(W)
    b = solve_H(W, G, dps=30)
    bd = solve_H_dense(W, G, dps=30)
    with mpmath.workdps(30):
        assert _maxdiff(b, bd) < mpmath.mpf(10) ** -24
        assert _maxdiff(H_operator(W, b), G) < mpmath.mpf(10) ** -24


def test_H_matrix_is_hermitian_positive_definite():
    W = random_state(3, 2, "C", seed=1, dps=25)
    M = H_matrix(W, dps=25)
    with mpmath.workdps(25):
        assert mpmath.mnorm(M - M.H, "inf") < mpmath.mpf(10) ** -20
    ev = H_eigenvalues(W, dps=25)
    assert ev[0] > 0
    assert H_condition(W, dps=25) >= 1


def test_H_singular_for_rank_deficient_layers():
    W = rank_deficient_state(3, 2, "R", seed=0, dps=25)
    ev = H_eigenvalues(W, dps=25)
    assert abs(ev[0]) < mpmath.mpf(10) ** -15 * ev[-1]
    with pytest.raises(ValueError, match="full rank"):
        solve_H(W, moments(W), dps=25)


def test_gradient_property_lemma5():
    W = random_state(3, 2, "C", seed=4, dps=30)
    a = random_state(3, 2, "C", seed=9, dps=30)[:2]
    lhs, rhs = lemma5_evidence(W, a, dps=30)
    assert abs(lhs - rhs) < mpmath.mpf(10) ** -25 * max(1, abs(rhs))


def test_regularizing_gradient_is_tangent_and_W_minus_it_is_normal():
    # Remark 9: W - w_b is normal to F_X, i.e. <W - w_b, w_a> = 0 for all a
    W = random_state(3, 2, "R", seed=6, dps=30)
    wb = regularizing_gradient(W, dps=30)
    with mpmath.workdps(30):
        for s in range(2):
            a = random_state(3, 2, "R", seed=20 + s, dps=30)[:2]
            wa = tangent_vector(W, a)
            r = sum(mpmath.re(mpmath.fsum((W[k] - wb[k])[i, j] * wa[k][i, j] for i in range(2) for j in range(2)))
                    for k in range(3))
            assert abs(r) < mpmath.mpf(10) ** -25


def test_regularizing_flow_theorem2_short_time():
    W0 = random_state(2, 2, "C", seed=2, dps=30)
    W1 = regularizing_flow(W0, "0.25", dps=30)
    with mpmath.workdps(30):
        e = mpmath.exp(mpmath.mpf("-0.5"))
        assert _maxdiff(moments(W1), [g * e for g in moments(W0)]) < mpmath.mpf(10) ** -25
        assert mpmath.mnorm(end_to_end(W1) - end_to_end(W0), "inf") < mpmath.mpf(10) ** -25
        assert norm_sq(W1) < norm_sq(W0)


def test_regularizing_flow_digits_at_two_precisions():
    """The digits are measured: the error against the exact G_0 e^{-2t} follows dps."""
    W0 = near_balanced_state(2, 2, "R", 1, dps=40)
    errs = {}
    for dps in (20, 40):
        W1 = regularizing_flow(W0, "0.5", dps=dps)
        with mpmath.workdps(dps + 10):
            e = mpmath.exp(-1)
            errs[dps] = _maxdiff(moments(W1), [g * e for g in moments(W0)])
    assert errs[20] < mpmath.mpf(10) ** -18
    assert errs[40] < mpmath.mpf(10) ** -38
    assert errs[40] < errs[20] * mpmath.mpf(10) ** -15


def test_kirwan_ness_taylor_digits_at_two_precisions():
    W0 = random_state(3, 2, "C", seed=5, dps=40)
    a = kirwan_ness_flow(W0, "0.05", dps=25)
    b = kirwan_ness_flow(W0, "0.05", dps=45)
    with mpmath.workdps(45):
        assert _maxdiff(a, b) < mpmath.mpf(10) ** -24
        assert mpmath.mnorm(end_to_end(b) - end_to_end(W0), "inf") < mpmath.mpf(10) ** -40


def test_taylor_and_gbs_agree_on_kirwan_ness():
    W0 = random_state(2, 2, "R", seed=8, dps=30)
    a = taylor_integrate(kirwan_ness_field, W0, "0.1", dps=30)
    b = integrate(lambda t, y: kirwan_ness_field(y), W0, "0.1", dps=30)
    with mpmath.workdps(30):
        assert _maxdiff(a, b) < mpmath.mpf(10) ** -27


def test_taylor_trajectory_and_dense_output():
    W0 = random_state(2, 2, "R", seed=8, dps=25)
    Ws = kirwan_ness_flow(W0, ["0.01", "0.02"], dps=25)
    W2 = kirwan_ness_flow(W0, "0.02", dps=25)
    with mpmath.workdps(25):
        assert _maxdiff(Ws[1], W2) < mpmath.mpf(10) ** -22


def test_energy_identity_corrected_and_printed():
    W0 = random_state(2, 2, "C", seed=11, dps=30)
    lhs, rhs, _ = energy_identity(W0, 1, dps=30)
    with mpmath.workdps(30):
        assert abs(lhs - rhs) < mpmath.mpf(10) ** -25 * abs(lhs)          # -4 ||w_G||^2
        assert abs(lhs - rhs / 2) > mpmath.mpf("0.1") * abs(lhs)          # the printed -2 ||w_G||^2 fails


def test_kn_linearization_has_zero_and_negative_rates():
    W = near_balanced_state(2, 2, "R", 0, eps="0", dps=20)      # balanced: G = 0
    rates = kn_linearized_rate(W, dps=20)
    assert min(rates) > -1e-10                                   # no unstable direction
    assert any(abs(r) < 1e-10 for r in rates) and max(rates) > 1


def test_light_matrix_runs_the_shared_formulas():
    W = random_state(3, 2, "C", seed=1, dps=25)
    with mpmath.workdps(25):
        L = [LMat.from_mp(M) for M in W]
        assert _maxdiff([g.to_mp() for g in moments(L)], moments(W)) < mpmath.mpf(10) ** -20


@pytest.mark.parametrize("call", [
    lambda: regularizing_flow(random_state(2, 2, "R", seed=0), "-1"),
    lambda: kirwan_ness_flow(random_state(2, 2, "R", seed=0), -0.5),
    lambda: regularizing_flow(random_state(2, 2, "R", seed=0), 1, dps=10),
    lambda: solve_H(random_state(2, 2, "R", seed=0), [mpmath.eye(2)], dps=19),
    lambda: regularizing_gradient([mpmath.eye(2), mpmath.eye(3)]),
    lambda: regularizing_gradient([mpmath.eye(2), mpmath.zeros(2, 2)]),
    lambda: regularizing_flow([mpmath.matrix([[1, 0], [0, 0]]), mpmath.eye(2)], 1),
    lambda: solve_H(random_state(3, 2, "R", seed=0), [mpmath.eye(2)]),
    lambda: solve_H(random_state(3, 2, "R", seed=0), [mpmath.eye(3), mpmath.eye(3)]),
])
def test_bad_inputs_raise_valueerror(call):
    with pytest.raises(ValueError) as e:
        call()
    msg = str(e.value)
    assert any(w in msg for w in ("t >= 0", "dps", "full rank", "d x d", "N-1", "x 3", "rank"))


def test_heyoka_crosscheck_30_digits():
    pytest.importorskip("heyoka", reason="optional extra 'crosscheck' (heyoka) is not installed")
    W0 = random_state(3, 2, "C", seed=1, dps=40)
    a = kirwan_ness_flow(W0, "0.1", dps=40)
    b = heyoka_kirwan_ness_flow(W0, "0.1", dps=40)
    with mpmath.workdps(40):
        assert _maxdiff(a, b) < mpmath.mpf(10) ** -30


def test_registry_attaches_numeric_checks():
    from dlnsym.claims.registry import get

    assert any(c.method == "numeric" for c in get("theorem-2").checks)
    assert get("corollary-1").where == "Corollary 1"


@pytest.mark.slow
def test_theorem2_N4_d3_complex():
    from dlnsym.numeric.checks_flows import theorem2_evidence

    W0 = near_balanced_state(4, 3, "C", 2, dps=50)
    errG, errX, norms, tmin = theorem2_evidence(W0, ["0.03125", "0.0625"], dps=50)
    assert errG < mpmath.mpf(10) ** -40 and errX < mpmath.mpf(10) ** -45
    assert norms[0] > norms[1] > tmin


@pytest.mark.slow
@pytest.mark.parametrize("field", ["R", "C"])
def test_theorem2_N4_d3_full_interval(field):
    """Theorem 2 on the whole interval [0, 3] at N = 4, d = 3 from a random (far from balanced) start.

    The default registry run covers this case too (Taylor scheme of :mod:`dlnsym.numeric.regflow`: a few seconds
    each); here at the tighter local error target 10^-46 (``pytest --runslow``)."""
    from dlnsym.numeric import random_state
    from dlnsym.numeric.checks_flows import theorem2_evidence

    W0 = random_state(4, 3, field, seed=3)
    errG, errX, norms, tmin = theorem2_evidence(W0, ["0.5", "1", "2", "3"], dps=50, tol=mpmath.mpf(10) ** -46)
    assert errG < mpmath.mpf(10) ** -40 and errX < mpmath.mpf(10) ** -45
    assert norms[0] > norms[1] > norms[2] > norms[3] > tmin
