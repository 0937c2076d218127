"""Section 4.3, eq. (4.5): the posterior derived by disintegration (dlnsym.beyond.posterior)."""

import mpmath
import pytest
import sympy

from dlnsym.beyond import posterior as PO
from dlnsym.formulas import end_to_end
from dlnsym.numeric.common import random_state
from dlnsym.numeric.section1 import centre

TOL = mpmath.mpf(10) ** -20


@pytest.mark.parametrize("N,field", [(2, "R"), (3, "R"), (2, "C")])
def test_disintegration_d1_coarea_and_printed_ratio(N, field):
    r = PO.disintegration_d1(N, field)
    assert r["coarea"] == 0
    assert r["ratio_derivative"] != 0                       # printed/posterior = J, not constant on the fibre
    assert sympy.cancel(r["ratio_sq"] - r["J_sq"]) == 0


def test_disintegration_d1_closed_forms_N2_R():
    r = PO.disintegration_d1(2, "R")
    a1, x = r["u"][0], r["x"][0]
    assert sympy.cancel(r["jac"] - 1 / a1) == 0                     # |d(s, x/s)/d(s, x)| = 1/|s|
    assert sympy.cancel(r["J_sq"] - (a1 ** 2 + x ** 2 / a1 ** 2)) == 0  # |grad X|^2 = |w|^2
    assert sympy.cancel(r["area_sq"] - (1 + x ** 2 / a1 ** 4)) == 0      # arc length


@pytest.mark.parametrize("N,d,field", [(2, 1, "R"), (2, 2, "C"), (3, 2, "R")])
def test_coarea_defect_and_closed_form_of_det_R(N, d, field):
    r = PO.coarea_defect(random_state(N, d, field, seed=1, dps=30), field, dps=30)
    assert r["defect"] < TOL and r["det_R"] < TOL


def test_haar_ratio_is_constant_and_J_grows():
    W = random_state(2, 2, "R", seed=2, dps=30)
    C = centre(end_to_end(W), 2, dps=30)[0]
    vals = [PO.haar_ratio(random_state(2, 2, "R", seed=s, dps=30)[:1], C, "R", dps=30) for s in (7, 8)]
    assert abs(vals[0] / vals[1] - 1) < TOL
    Js = PO.jacobian_growth(W, "R", dps=30)
    assert Js[-1] > Js[-2] > Js[0] and Js[-1] > 10 * Js[0]     # unbounded along A_t (not monotone at first)


def test_fibre_density_measures_and_concentration():
    with mpmath.workdps(30):
        s, x = mpmath.mpf("0.7"), mpmath.mpf(2)
        ratio = PO.fibre_density_d1(s, x, 3, measure="printed") / PO.fibre_density_d1(s, x, 3)
        assert abs(ratio - mpmath.sqrt(s ** 2 + x ** 2 / s ** 2)) < TOL   # printed/posterior = J = |w|
    with pytest.raises(ValueError, match="measure"):
        PO.fibre_density_d1(1, 1, 1, measure="other")
    m4, t4 = PO.fibre_mass_near_orbit(2, 4, "0.3", dps=20)
    m64, t64 = PO.fibre_mass_near_orbit(2, 64, "0.3", dps=20)
    assert m4 < m64 < 1 and abs(m64 + t64 - 1) < mpmath.mpf(10) ** -15
    m64b, _ = PO.fibre_mass_near_orbit(2, 64, "0.3", dps=30)
    assert abs(m64 - m64b) < mpmath.mpf(10) ** -18
    r = mpmath.sqrt(2)
    mneg, _ = PO.fibre_mass_near_orbit(2, 64, "0.3", centre=(2 * r, r / 2), dps=20)
    assert mneg < mpmath.mpf(10) ** -5
    with pytest.raises(ValueError, match="x > 0"):
        PO.fibre_mass_near_orbit(-1, 4, "0.3")


def test_laplace_tail_matches_quadrature_at_large_beta():
    m, tail = PO.fibre_mass_near_orbit(2, 256, "0.05", dps=30)
    pred = PO.laplace_tail(256, "0.05")
    assert abs(tail / pred - 1) < 0.1
