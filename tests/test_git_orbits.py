"""Section 3 beyond the DLN: Theorem 13 on tori, conjugation and DLN orbits; Theorem 14 and 19 ablations; the LP."""

from fractions import Fraction

import pytest
import sympy

from dlnsym.claims import Options, get
from dlnsym.git import checks_kn as KN
from dlnsym.git import checks_psh as PS
from dlnsym.git import examples as EX
from dlnsym.git import orbits as OR
from dlnsym.git import torus as TO
from dlnsym.git.lp import Unbounded, lp_max

QUICK = Options(quick=True, dps=30)


# --------------------------------------------------------------------------- the exact LP
def test_lp_max_small_programs():
    assert lp_max([1, 1], [[1, 2]], [4]) == (Fraction(4), [Fraction(4), Fraction(0)])
    assert lp_max([0, 0], [[1, 1], [1, 1]], [1, 0]) is None  # two rows with one left-hand side: infeasible
    with pytest.raises(Unbounded):
        lp_max([1, 0], [[1, -1]], [0])


@pytest.mark.parametrize("weights,kind", [([(1,), (-1,)], "interior"), ([(1,), (1,)], "exterior"),
                                          ([(1, 0), (-1, 0), (0, 1)], "exterior"),
                                          ([(1, 0), (0, 1), (-1, -1)], "interior"), ([(1, 1), (-1, -1)], "interior")])
def test_stiemke_certificates_are_exact(weights, kind):
    k, cert = TO.certificate(weights)
    assert k == kind
    if kind == "interior":
        assert all(m > 0 for m in cert) and all(sum(m * w[j] for m, w in zip(cert, weights)) == 0
                                                for j in range(len(weights[0])))
    else:
        vals = [sum(Fraction(a) * b for a, b in zip(w, cert)) for w in weights]
        assert all(v >= 0 for v in vals) and any(v > 0 for v in vals)


def test_hull_is_not_the_relative_interior():
    edge = [(1, 0), (-1, 0), (0, 1)]
    assert TO.in_hull(edge) and TO.certificate(edge)[0] == "exterior"


# --------------------------------------------------------------------------- Theorem 13
def test_torus_closed_iff_newton_finds_a_zero_of_the_moment_map():
    res = list(KN.check_theorem13_torus(QUICK))
    assert len(res) == len(TO.INSTANCES) and all(e.passed for e in res)
    closed = [e.figures["closed"] for e in res]
    assert closed == [True, False, False, True, True, False, False, True, True]


def test_dln_orbits_all_four_conditions_agree():
    for inst in OR.dln_instances():
        c = OR.classify_dln(inst)
        assert len({bool(c[k]) for k in KN.CONDITIONS}) == 1, inst.name
        assert bool(c["closed"]) == (inst.kind != "rank deficient, non-closed"), inst.name
        assert sympy.simplify(c["psi_limit"] - c["bound"]) == 0, inst.name  # the infimum is the bound


def test_rank_obstruction_and_balanced_rank_identity():
    # X^* X = (W_1^* W_1)^N on a balanced rational state, so rank W_1 = rank X there
    C = OR.dln_instances(fields=("R",))[0].notes["C"]
    X = C[1] * C[0]
    assert sympy.simplify(X.H * X - (C[0].H * C[0]) ** 2) == sympy.zeros(2, 2)
    assert OR.rank_obstruction([sympy.eye(2), sympy.diag(1, 0)]).startswith("rank W_1 = 2 != rank W_2 = 1")
    assert OR.rank_obstruction(C) is None


@pytest.mark.parametrize("fn", [KN.check_theorem13_dln, KN.check_theorem13_conjugation, KN.check_theorem13_torus])
def test_theorem13_negative_controls_rejected(fn):
    out = list(fn(QUICK, negative=True))
    assert out and not any(e.passed for e in out)


def test_conjugation_moment_map_by_jets():
    assert OR.conjugation_moment_by_jets(sympy.Matrix([[1, sympy.I], [2, 3]]))
    y = sympy.Matrix([[1, 2], [0, 3]])
    assert OR.conjugation_moment(y) != sympy.zeros(2, 2)  # not normal


def test_theorem13_and_14_ablations_find_counterexamples():
    for fn in (KN.ablate13_reductive, KN.ablate13_invariant_norm, KN.ablate14_invariant_norm, KN.ablate14_closed):
        out = list(fn(QUICK))
        assert out and not any(e.passed for e in out), fn.__name__
    assert all(e.passed for e in KN.ablate13_real(QUICK))
    e = EX.noninvariant_weights_12()
    assert e["critical"] and e["local_min"] and not e["closed"] and not e["minimum"]
    e = EX.noninvariant_weights_1m1()
    assert e["points"]["1"]["value"] == 3 and e["points"]["i"]["value"] == 1


def test_theorem13_claim_status_and_hypotheses():
    c = get("theorem-13")
    assert c.where == "Theorem 13" and set(c.hypotheses) == {"G complex reductive", "K-invariant Hermitian norm"}
    run = c.run(QUICK)
    assert run["status"] == "confirmed" and not run["partial"]
    abl = [r for r in run["results"] if r.form == "ablation"]
    assert {r.outcome for r in abl} == {"counterexample", "survives"} and all(r.passed for r in abl)


# --------------------------------------------------------------------------- Theorem 19
def test_azad_loeb_examples():
    a = EX.al_cstar()
    assert a["k_invariant"] and a["strict"] and a["one_orbit"] and a["min_on_orbit"] and a["minimum"] == 8
    assert EX.al_cstar_mod()["one_orbit"]
    b = EX.al_not_invariant()
    assert b["strict"] and not b["k_invariant"] and b["critical"] == [2]
    c = EX.al_not_strict()
    assert c["c2"] and c["psh"] and c["levi_middle"] == 0
    d = EX.al_not_reductive()
    assert d["strict"] and len(d["critical"]) == 3


def test_theorem19_printed_fails_corrected_holds_and_control_rejected():
    assert not any(e.passed for e in PS.check_azad_loeb_printed(QUICK))
    assert all(e.passed for e in PS.check_azad_loeb_corrected(QUICK))
    assert not any(e.passed for e in PS.check_azad_loeb_corrected(QUICK, negative=True))
    res = list(PS.check_azad_loeb_gl2(QUICK))
    assert res and all(e.passed and e.control.rejected for e in res)
    for fn in (PS.ablate19_strict, PS.ablate19_reductive):
        assert not any(e.passed for e in fn(QUICK))


def test_theorem19_is_an_erratum():
    c = get("theorem-19")
    run = c.run(QUICK)
    assert run["status"] == "erratum" and "K-invariant" in c.erratum.corrected
    assert "phi K-invariant and real-valued (corrected)" in c.hypotheses
