"""The Levi form of the Schatten sums (3.8): definition against closed form, positivity, degeneracy, the erratum."""

from fractions import Fraction

import mpmath
import pytest
import sympy

from dlnsym.claims import Options, get
from dlnsym.git import checks_psh as PS
from dlnsym.numeric.common import random_state, tol, working
from dlnsym.numeric.levi import (
    as_exponent,
    levi_closed,
    levi_closed_eigenvalues,
    levi_numeric,
    real_hessian_nuclear_kernel,
    singular_direction_levi,
)
from dlnsym.numeric.section1 import svd_sorted

DPS = 30


@pytest.mark.parametrize("p", [1, Fraction(3, 2), 2, 3, Fraction(1, 2)])
def test_definition_matches_closed_form_and_is_positive(p):
    W = random_state(2, 2, "C", 5, dps=DPS)[0]
    Ln = levi_numeric(W, [p], dps=DPS)[p]
    with working(DPS):
        Lc = levi_closed(W, p, dps=DPS)
        err = max(abs(Ln[i, j] - Lc[i, j]) for i in range(4) for j in range(4))
        ev = mpmath.eigh(Lc, eigvals_only=True)
        _, s, _ = svd_sorted(W)
        assert err < tol(DPS) and min(ev) > 0
        assert abs(min(ev) - levi_closed_eigenvalues(s, p)[0]) < tol(DPS)
        if p == 1:
            assert abs(min(ev) - 1 / (4 * s[0])) < tol(DPS)


def test_laplacian_normalisation_is_rejected():
    W = random_state(2, 2, "C", 6, dps=DPS)[0]
    Ln = levi_numeric(W, [3], dps=DPS)[3]
    with working(DPS):
        Lw = levi_closed(W, 3, dps=DPS, wrong="laplacian")
        assert max(abs(Ln[i, j] - Lw[i, j]) for i in range(4) for j in range(4)) > 0.01


def test_degenerate_directions():
    assert singular_direction_levi(3) == 0 and singular_direction_levi(4) == 0
    assert singular_direction_levi(2) == sympy.Rational(1, 2) and singular_direction_levi(Fraction(3, 2)) == sympy.oo
    W = random_state(2, 2, "C", 7, dps=DPS)[0]
    out = real_hessian_nuclear_kernel(W, mpmath.matrix([[1, 2j], [-2j, 1]]), dps=DPS)
    assert abs(out["hess_v"]) < tol(DPS) and out["levi"] > 0.01
    assert abs(out["hess_iv"] - out["predicted_hess_iv"]) < tol(DPS)


def test_bad_exponent_and_singular_matrix():
    with pytest.raises(ValueError, match="0 < p"):
        as_exponent(0)
    with pytest.raises(ValueError, match="invertible"):
        levi_closed(mpmath.matrix([[1, 0], [0, 0]]), 2, dps=DPS)


def test_psh_claim_erratum_and_controls():
    opts = Options(quick=True, dps=DPS)
    res = list(PS.check_levi(opts))
    assert res and all(e.passed and e.control.rejected for e in res)
    assert not any(e.passed for e in PS.check_psh_printed(opts))
    run = get("psh-schatten").run(opts)
    assert run["status"] == "erratum"
