"""Section 1.3.1: realizations of one transfer function and Kalman's similarity (dlnsym.beyond.realization)."""

import pytest
import sympy

from dlnsym.beyond import realization as R
from dlnsym.beyond.linsys import act_system, transfer_function

z = R.Z


@pytest.mark.parametrize("num,den", [([1], [1, 2]), ([2, 3], [1, 4, 5]), ([1, 0, -1], [1, 0, 0, 7])])
def test_canonical_forms_realize_p_over_q(num, den):
    p, q = sympy.Poly(num, z).as_expr(), sympy.Poly(den, z).as_expr()
    for x in (R.controllable_canonical(num, den), R.observable_canonical(num, den)):
        assert sympy.cancel(transfer_function(*x, z)[0, 0] - p / q) == 0


def test_minimal_iff_coprime():
    assert R.is_minimal(*R.controllable_canonical([1, 3], [1, 3, 2]))          # (z+3)/((z+1)(z+2))
    x = R.controllable_canonical([1, 1], [1, 3, 2])                              # (z+1)/((z+1)(z+2))
    assert R.controllability(x[0], x[1]).rank() == 2 and R.observability(x[0], x[2]).rank() == 1
    assert not R.is_minimal(*x)


def test_same_transfer_by_markov_parameters_agrees_with_rational_functions():
    x1 = R.as_triple([[1, 2], [0, -1]], [[1], [1]], [[1, 0]])
    M = sympy.Matrix([[1, 1], [0, 2]])
    x2 = tuple(sympy.Matrix(X) for X in act_system(M, *x1))
    x3 = R.as_triple([[1, 2], [0, -1]], [[1], [2]], [[1, 0]])
    assert R.same_transfer(x1, x2) and not R.same_transfer(x1, x3)
    H1, H3 = (transfer_function(*x, z)[0, 0] for x in (x1, x3))
    assert sympy.cancel(H1 - H3) != 0


def test_kalman_similarity_recovers_M_and_is_unique():
    x1 = R.controllable_canonical([1, 3], [1, 3, 2])
    M0 = sympy.Matrix([[2, 1], [1, 3]])
    x2 = tuple(sympy.Matrix(X) for X in act_system(M0, *x1))
    assert R.similarity(x1, x2) == M0 and R.defect(M0, x1, x2) == 0
    r = R.intertwiners(x1, x2)
    assert r["similar"] and r["free"] == 0 and r["M"] == M0
    assert R.defect(R.similarity(x1, x2, wrong=True), x1, x2) > 0


def test_non_minimal_pairs_are_not_similar():
    x1, x2 = R.controllable_canonical([1, 1], [1, 3, 2]), R.observable_canonical([1, 1], [1, 3, 2])
    assert R.same_transfer(x1, x2)
    r = R.intertwiners(x1, x2)
    assert not r["similar"] and r["det"] == 0
    M = R.similarity(x1, x2)                          # O_2 (observable form) has a left inverse, but M is singular
    assert M.det() == 0
    with pytest.raises(ValueError, match="not observable"):
        R.similarity(x2, x1)                          # O_1 of the controllable form has rank 1
    assert not R.intertwiners(x1, R.as_triple([[0]], [[1]], [[1]]))["similar"]   # different n


def test_bad_shapes():
    with pytest.raises(ValueError, match="square"):
        R.as_triple([[1, 2]], [[1]], [[1]])
    with pytest.raises(ValueError, match="monic"):
        R.controllable_canonical([1], [2, 1])
    with pytest.raises(ValueError, match="strictly proper"):
        R.controllable_canonical([1, 0, 0], [1, 1])
