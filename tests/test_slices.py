"""Figure 1.2: the regularizing flow maps slices F_X ∩ M_G diffeomorphically onto slices (dlnsym.beyond.slices)."""

import mpmath
import pytest

from dlnsym.beyond import slices as SL
from dlnsym.claims import Options, get
from dlnsym.formulas import end_to_end, moments
from dlnsym.numeric.checks_flows import near_balanced_state
from dlnsym.numeric.common import random_state, working


@pytest.mark.parametrize("N,d,field", [(2, 2, "R"), (2, 2, "C"), (3, 2, "R")])
def test_slice_dimension_is_dim_of_the_unitary_group(N, d, field):
    r = SL.slice_dimension(random_state(N, d, field, seed=1, dps=30), field, 30)
    assert r["rank"] == r["rows"] and r["dim T S"] == r["dim U"]


def test_projection_lands_on_the_slice():
    W0 = random_state(2, 2, "R", seed=3, dps=30)
    with working(30):
        X0, G0 = end_to_end(W0), moments(W0)
        V = SL.slice_basis(W0, "R")[0]
        start = [w + v * mpmath.mpf("0.2") for w, v in zip(W0, V)]
    W = SL.project_to_slice(start, X0, G0, "R", dps=30)
    with working(30):
        assert mpmath.norm(SL.constraint_value(W, X0, G0, "R")) < mpmath.mpf(10) ** -35
        assert max(mpmath.mnorm(a - b, 1) for a, b in zip(W, W0)) > mpmath.mpf("0.1")   # another point


def test_slice_map_and_control():
    r = SL.slice_map_data(near_balanced_state(2, 2, "R", 2, dps=25), "R", dps=25)
    assert r["slice"] < mpmath.mpf(10) ** -15 and r["inverse"] < mpmath.mpf(10) ** -15
    assert r["tangent"] < mpmath.mpf(10) ** -10 and min(r["sv"]) > mpmath.mpf("0.1")
    assert r["kn_spread"] > mpmath.mpf(10) ** -4                  # Kirwan-Ness does not keep the slice


def test_claim_confirmed():
    out = get("figure-1.2").run(Options(quick=True, dps=25))
    assert out["status"] == "confirmed" and all(r.passed and r.control.rejected for r in out["results"])
