"""Remarks 15 and 17: the real Kempf-Ness theorem and Ness's flow; controls, ablations, statuses, bad input."""

from fractions import Fraction
from functools import partial

import mpmath
import pytest

from dlnsym.claims import Options, get
from dlnsym.git import checks_ness as CN
from dlnsym.git import checks_real as CR
from dlnsym.git import ness as NE
from dlnsym.git import real_kn as RK
from dlnsym.numeric.common import random_state, working

QUICK = Options(quick=True, dps=30)


def test_moment_by_definition_is_G_on_the_symmetric_basis():
    # independent of the check: at a random real state the definition gives sum Re Tr(G_k b) on p (Lemma 2)
    from dlnsym.formulas import moments

    W = random_state(3, 2, "R", 3, dps=30)
    m = RK.moment_by_definition(W, dps=30)
    with working(30):
        G = moments(W)
        r2 = 1 / mpmath.sqrt(2)
        expect = []
        for g in G:
            expect += [g[0, 0], g[1, 1], 2 * r2 * g[0, 1]]
        assert max(abs(a - b) for a, b in zip(m, expect)) < mpmath.mpf(10) ** -25


def test_det_sign_components_and_conjugation_split():
    for N in (2, 3):
        e = RK.det_sign_components(N, 2)
        assert e["ok"] and e["components"] == 2 ** (N - 1)
    c = RK.conjugation_det_sign()
    assert c["negative"] and c["rotations_commute"] and c["normal"]


def test_one_parameter_limits_reach_closed_orbits():
    for inst in RK.REAL_TORI:
        lim = RK.one_parameter_limit(inst)
        assert lim["closed_final"]
        if lim["steps"]:
            assert lim["one_subgroup"]


def test_hull_distance_exact():
    assert NE.hull_distance([(1, 0), (0, 1), (1, 1)])["dist2"] == Fraction(1, 2)
    assert NE.hull_distance([(1, -1), (1, 2), (3, 0)])["dist2"] == 1
    assert NE.hull_distance([(1, 0), (0, 1), (-1, -1)])["dist2"] == 0
    assert NE.hull_distance([(1,), (2,)]) == {"dist2": 1, "y": [1], "face": [0]}


def test_torus_projective_field_is_the_sphere_gradient():
    # -1/4 of the field = the tangential part of grad |m|^2 / 4, by central differences (independent of ness.py)
    w = ((1, 0), (0, 1), (1, 1))
    f = NE.torus_projective_field(w)
    with working(30):
        x = [mpmath.mpf(v) for v in ("0.6", "0.48", "0.64")]
        F = [M[0, 0] for M in f([mpmath.matrix([[v]]) for v in x])]

        def m2(y):
            m = [sum(yi ** 2 * c[j] for yi, c in zip(y, w)) for j in range(2)]
            return sum(v * v for v in m)
        h = mpmath.mpf(10) ** -12
        def shift(i, sgn):
            return [v + sgn * h * (i == j) for j, v in enumerate(x)]
        g = [(m2(shift(i, 1)) - m2(shift(i, -1))) / (2 * h) for i in range(3)]
        radial = sum(a * b for a, b in zip(g, x))
        tang = [gi - radial * xi for gi, xi in zip(g, x)]
        assert max(abs(a + b) for a, b in zip(F, tang)) < mpmath.mpf(10) ** -10


@pytest.mark.parametrize("fn", [partial(CR.check_real_dln_closed, negative=True),
                                partial(CR.check_real_torus, negative=True),
                                partial(CR.check_det_signs, negative=True),
                                partial(CN.check_ness_torus, negative=True)])
def test_negative_controls_rejected(fn):
    out = list(fn(QUICK))
    assert out and all(not e.passed for e in out)


def test_inline_controls_rejected():
    for fn in (CR.check_real_dln, CN.check_flow_closed, CN.check_flow_nonclosed, CN.check_ness_dln):
        for e in fn(QUICK):
            assert e.passed and e.control is not None and e.control.rejected


def test_ablations_find_counterexamples():
    for fn in (CR.ablate15_invariant_norm, CR.ablate15_reductive):
        out = list(fn(QUICK))
        assert out and all(not e.passed for e in out)


def test_claim_statuses_and_hypotheses():
    r15, r17 = get("remark-15"), get("remark-17")
    assert r15.hypotheses == ("G real reductive", "K-invariant inner product on V")
    assert r15.scope.fields == ("R",)
    assert r15.run(QUICK)["status"] == "confirmed"
    assert r17.beyond_paper and r17.run(QUICK)["status"] == "confirmed"


def test_bad_input_names_the_hypothesis():
    with pytest.raises(ValueError, match="dps"):
        list(CR.check_real_dln(Options(dps=10)))
