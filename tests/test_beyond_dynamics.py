"""Section 4.1, Remark 5, Remark 4 and Section 4.3: the training dynamics beyond the paper's proofs."""

import mpmath
import pytest

from dlnsym.beyond import checks_dynamics as C
from dlnsym.beyond import dynamics as D
from dlnsym.claims import Options, get
from dlnsym.claims.identity import IdentityCheck
from dlnsym.formulas import end_to_end, inner, moments, tangent_vector
from dlnsym.matrix import Dual, adj
from dlnsym.numeric.common import random_state, working
from dlnsym.numeric.section1 import rank_deficient_state

QUICK = Options(quick=True, dps=30)


def test_claims_registered_with_paper_labels():
    where = {cid: get(cid).where for cid in ("regularized-flow-rate", "velocity-split", "learning-flow",
                                             "rank-deficient-fibre")}
    assert where == {"regularized-flow-rate": "Section 4.1", "velocity-split": "Section 4.1",
                     "learning-flow": "Remark 5", "rank-deficient-fibre": "Remark 4"}
    for cid in where:
        c = get(cid)
        assert c.beyond_paper and c.notebook == "08_training_dynamics.ipynb"


@pytest.mark.parametrize("builder", [C.b_regularized_rate, C.b_loss_normal])
def test_symbolic_identities_and_negative_controls(builder):
    chk = IdentityCheck("t", builder, any_n=False)
    res = chk.run(Options(quick=True, Ns=(2, 3), ds=(1, 2)))
    assert all(r.passed for r in res)
    assert chk.negative_rejected()


def test_rate_window_any_N():
    assert all(r.passed for r in C.check_rate_window(QUICK))
    assert not any(r.passed for r in C.check_rate_window(QUICK, negative=True))


def test_rate_exact_and_wrong_rate_rejected():
    r, E0, Et = C.rate_residual(2, 2, "C", dps=30, t_end="0.1")
    assert r < mpmath.mpf(10) ** -25 and Et < E0
    r1, _, _ = C.rate_residual(2, 2, "R", dps=30, t_end="0.1", rate_factor=1)
    assert r1 > mpmath.mpf(10) ** -3


def test_rate_residual_falls_with_dps():
    r30 = C.rate_residual(2, 2, "R", dps=30, t_end="0.1")[0]
    r45 = C.rate_residual(2, 2, "R", dps=45, t_end="0.1")[0]
    assert r45 < r30 * mpmath.mpf(10) ** -10


def test_kappa_string_read_at_working_precision():
    """kappa = "0.7" must not be rounded to a double before the 30-digit flow."""
    W0 = random_state(2, 2, "R", seed=0, dps=30)
    (Wt,) = D.regularized_flow(W0, D.square_loss_gradient(W0[0]), "0.7", ["0.1"], dps=30)
    with mpmath.workdps(45):
        f = mpmath.exp(-2 * mpmath.mpf("0.7") * mpmath.mpf("0.1"))
        assert max(mpmath.mnorm(g - g0 * f, 1) for g, g0 in zip(moments(Wt), moments(W0))) < mpmath.mpf(10) ** -25


def test_velocity_split_properties():
    W = random_state(3, 2, "C", seed=3, dps=30)
    Y = random_state(2, 2, "C", seed=4, dps=30)[0]
    with mpmath.workdps(45):
        V = D.regularized_velocity(W, D.square_loss_gradient(Y), "0.4")
        T, Nrm, b = D.velocity_split(W, V, dps=30)
        assert max(abs(x) for x in end_to_end([Dual(w, t) for w, t in zip(W, T)]).der) < mpmath.mpf(10) ** -25
        a = random_state(2, 2, "C", seed=9, dps=30)
        assert abs(inner(Nrm, tangent_vector(W, a))) < mpmath.mpf(10) ** -25
        # the Riesz representer c of V against w_a (derived from (2.3)) pairs like <V, w_a>
        c = D.tangent_riesz(W, V)
        lhs = inner(V, tangent_vector(W, a))
        rhs = sum(mpmath.re(sum((adj(ck) @ ak)[i, i] for i in range(2))) for ck, ak in zip(c, a))
        assert abs(lhs - rhs) < mpmath.mpf(10) ** -25


def test_velocity_split_check_quick():
    assert all(r.passed for r in C.check_velocity_split(QUICK))


def test_ach_velocity_matches_layers_on_M():
    """On M, dX(-grad E) (from the layers) equals the ACH velocity at X, pointwise."""
    with mpmath.workdps(45):
        X = random_state(2, 2, "C", seed=1, dps=30)[0]
        Y = random_state(2, 2, "C", seed=2, dps=30)[0]
    for N in (2, 3):
        W = D.balanced_point(X, N, field="C", seed=5, dps=30)
        with mpmath.workdps(45):
            V = D.regularized_velocity(W, D.square_loss_gradient(Y), 0)
            dX = end_to_end([Dual(w, v) for w, v in zip(W, V)]).der
            A = D.ach_velocity(end_to_end(W), end_to_end(W) - Y, N, dps=30)
            assert mpmath.mnorm(dX - A, 1) < mpmath.mpf(10) ** -25


def test_psd_power_and_errors():
    with mpmath.workdps(45):
        M = mpmath.matrix([[2, 1j], [-1j, 3]])
        P = D.psd_power(M, mpmath.mpf(1) / 3, dps=30)
        assert mpmath.mnorm(P @ P @ P - M, 1) < mpmath.mpf(10) ** -25
    with pytest.raises(ValueError, match="positive semidefinite"):
        D.psd_power(mpmath.matrix([[1, 0], [0, -1]]), "0.5", dps=30)


def test_learning_flow_short():
    r = C.learning_flow_data(2, 2, "R", dps=30, t_end="0.02")
    assert r["G_t"] < mpmath.mpf(10) ** -25 and r["X_vs_ach"] < mpmath.mpf(10) ** -25
    assert r["X_vs_ach_unbalanced"] > mpmath.mpf(10) ** -3


def test_rank_deficient_range_and_dimensions():
    W = rank_deficient_state(2, 2, "C", (1, 2), 1, dps=30)
    wb, b, info = D.orbit_gradient(W, dps=30, field="C")
    assert info["rank_H"] < info["dim"] and info["range_residual"] < mpmath.mpf(10) ** -25
    dims = D.tangent_dimensions(W, dps=30, field="C")
    assert dims["orbit"] == info["rank_H"] and dims["ker_dX"] > dims["orbit"]
    W1 = rank_deficient_state(3, 2, "R", (2,), 1, dps=30)
    dims1 = D.tangent_dimensions(W1, dps=30, field="R")
    assert dims1["orbit"] == dims1["ker_dX"] == dims1["lie_algebra"]


def test_rank_deficient_flow_rate():
    W0 = rank_deficient_state(2, 2, "R", (1, 2), 1, dps=30)
    (Wt,) = D.orbit_flow(W0, ["0.05"], dps=30, field="R")
    with mpmath.workdps(45):
        G0, Gt = moments(W0), moments(Wt)
        f = mpmath.exp(-mpmath.mpf("0.1"))
        assert max(mpmath.mnorm(g - g0 * f, 1) for g, g0 in zip(Gt, G0)) < mpmath.mpf(10) ** -25


@pytest.mark.parametrize("N, d, field, layers", [(2, 2, "C", (1, 2)), (3, 2, "R", (1, 2)), (2, 3, "R", (1,)),
                                                  (3, 2, "C", (2,))])
def test_pivoted_solve_gives_the_minimum_norm_w_b(N, d, field, layers):
    """The flow's field (pivoted Cholesky, some solution b) equals w_b of the minimum-norm b (eigendecomposition):
    w_b is the projection of W onto {w_a}. Control: the pivoted solve with one pivot dropped is another w_b."""
    W = rank_deficient_state(N, d, field, layers, 1, dps=30)
    wb, _, info = D.orbit_gradient(W, dps=30, field=field)
    with working(30):
        wv = D._orbit_velocity(W, field, 30)
        err = max(mpmath.mnorm(a - b, 1) for a, b in zip(wv, wb))
        wrong = D._orbit_velocity(W, field, 30, max_rank=info["rank_H"] - 1)
        bad = max(mpmath.mnorm(a - b, 1) for a, b in zip(wrong, wb))
    assert err < mpmath.mpf(10) ** -28 and bad > mpmath.mpf(10) ** -3     # orbit_gradient rounds to 30 digits


def test_input_validation():
    W = random_state(2, 2, "R", seed=0, dps=30)
    with pytest.raises(ValueError, match="kappa"):
        D.regularized_flow(W, D.square_loss_gradient(W[0]), -1, ["0.1"], dps=30)
    with pytest.raises(ValueError, match="t >= 0"):
        D.training_flow(W, D.square_loss_gradient(W[0]), ["-0.1"], dps=30)
    with pytest.raises(ValueError, match="dps"):
        D.velocity_split(W, W, dps=5)
