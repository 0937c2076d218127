"""p = 1 for full-rank X, step by step; the ablations of Theorems 1 and 20; the weak p = 1 control of issue 8."""

from fractions import Fraction

import mpmath
import pytest

from dlnsym.claims import Options, get
from dlnsym.git import checks_p1 as P1
from dlnsym.numeric import checks_min as NM

QUICK = Options(quick=True, dps=30)


@pytest.mark.parametrize("step", [P1.step_polar, P1.step_bound, P1.step_geodesic, P1.check_newton_p1])
def test_steps_pass_with_rejected_controls(step):
    res = list(step(QUICK))
    assert res and all(e.passed and e.control is not None and e.control.rejected for e in res)


def test_injectivity_exact_and_its_control():
    assert all(e.passed for e in P1.step_injective(QUICK))
    assert not any(e.passed for e in P1.step_injective(QUICK, negative=True))


def test_the_uniqueness_test_detects_non_unique_minimisers():
    """The weak p = 1 control of issue 8, replaced: the uniqueness test itself, at p = oo where the minimisers are
    not one orbit, reports an unbalanced minimiser (exactly); a control that reported 0 would fail the claim."""
    assert P1.uniqueness_control() == Fraction(15, 4)  # max_a |a^2 - a^-2| over a in {1, 3/2, 2}: at a = 2


def test_a_control_that_does_not_reject_fails_the_claim(monkeypatch):
    monkeypatch.setattr(P1, "uniqueness_control", lambda: Fraction(0))
    out = get("p-equals-1").run(QUICK, methods=["numeric"])
    assert out["status"] == "failed"


def test_geodesic_factor_4_is_needed():
    """With the factor 1 (L_f for 4 L_f) the geodesic identity fails: the check is sensitive to it."""
    res = list(P1.step_geodesic(QUICK, factor=1))
    assert res and not any(e.passed for e in res)


def test_ablations_of_theorems_1_and_20():
    assert not any(e.passed for e in P1.ablate_p_infinity(QUICK))
    assert all(e.passed for e in P1.ablate_p_below(QUICK))
    assert not any(e.passed for e in P1.ablate_full_rank(QUICK))
    assert not any(e.passed for e in P1.ablate_full_rank(QUICK, p=3, q=1))
    assert all(e.passed for e in P1.ablate_full_rank_M0(QUICK))


def test_claim_statuses():
    assert get("p-equals-1").run(QUICK)["status"] == "confirmed"
    assert get("p-equals-1-rank-deficient").run(QUICK)["status"] == "open"
    for cid in ("theorem-1", "theorem-20"):
        run = get(cid).run(QUICK)
        assert run["status"] == "confirmed", cid
        abl = [r for r in run["results"] if r.form == "ablation"]
        assert abl and all(r.passed for r in abl) and "counterexample" in {r.outcome for r in abl}, cid


def test_hidden_convexity_and_kempf_ness_controls_run_at_N4():
    """Issue 8: no control may be skipped while it counts. At the full sizes (N = 4, d = 3 included) every record
    of both checks carries a control that ran and was rejected."""
    for fn in (NM.check_hidden_convexity, NM.check_kempf_ness):
        res = list(fn(Options(dps=25, fields=("C",))))
        assert 4 in {e.sizes["N"] for e in res}, fn.__name__
        for e in res:
            assert e.control is not None and e.control.rejected and e.control.residual is not None, fn.__name__
            assert mpmath.mpf(e.control.residual) > 0


def test_rank_deficient_p1_exploration_is_open():
    res = list(P1.explore_rank_deficient_p1(QUICK))
    assert res and all(e.passed and e.exact for e in res)
    assert list(P1.explore_rank_deficient_p1_float(QUICK)) == []  # only under --long
