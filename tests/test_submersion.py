"""Remark 5, eq. (1.20): the co-metric of W -> X on the balanced manifold is A_(N,X) (dlnsym.beyond.submersion)."""

import mpmath
import pytest

from dlnsym.beyond import checks_submersion as CS
from dlnsym.beyond import submersion as SU
from dlnsym.beyond.dynamics import balanced_point
from dlnsym.claims import Options, get
from dlnsym.formulas import act
from dlnsym.numeric.common import random_state

TOL = mpmath.mpf(10) ** -20


@pytest.mark.parametrize("N,d,field", [(2, 1, "R"), (2, 2, "C"), (3, 2, "R")])
def test_cometric_is_ach_operator_on_M_only(N, d, field):
    X = random_state(2, d, field, seed=1, dps=30)[0]
    W = balanced_point(X, N, field=field, seed=4, dps=30)
    assert SU.submersion_data(W, field, dps=30)["defect"] < TOL
    with mpmath.workdps(45):
        Ms = random_state(max(N - 1, 2), d, field, seed=5, dps=30)[:N - 1]
        A = [mpmath.eye(d) + M * mpmath.mpf("0.3") for M in Ms]
    assert SU.submersion_data(act(A, W), field, dps=30)["defect"] > mpmath.mpf(10) ** -6


def test_vertical_space_is_the_unitary_orbit():
    X = random_state(2, 2, "C", seed=1, dps=30)[0]
    v = SU.vertical_dimension(balanced_point(X, 3, field="C", seed=2, dps=30), "C", 30)
    assert v["rank dG"] == v["dim Her"] == 8 and v["rank dX|TM"] == 8 and v["dim vertical"] == v["dim U"] == 8
    assert v["orbit vertical"] < TOL


def test_herm_coords_count():
    M = mpmath.matrix([[1, 2 + 1j], [2 - 1j, 3]])
    assert len(SU.herm_coords(M, "C")) == 4 and len(SU.herm_coords(M.apply(mpmath.re), "R")) == 3


def test_claim_confirmed_with_controls():
    out = get("remark-5-metric").run(Options(quick=True, dps=30))
    assert out["status"] == "confirmed" and get("remark-5-metric").where == "Remark 5"
    assert all(r.passed and r.control.rejected for r in out["results"])
    assert {(r.sizes["N"], r.sizes["d"]) for r in out["results"]} == {(2, 2)}
    assert len(CS.LONG_CASES) == 4 and (4, 3, "C") in CS.LONG_CASES
