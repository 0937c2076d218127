"""Theorem 10 (proof): H is an isomorphism at full rank, for every N, d and F (dlnsym.claims.h_iso)."""

import pytest

from dlnsym.claims import Options, get
from dlnsym.claims import h_iso as HI
from dlnsym.claims.base import Ablation
from dlnsym.claims.identity import IdentityCheck

QUICK = Options(quick=True)


def test_stabiliser_recursion_every_N_and_d_and_its_control():
    chk = IdentityCheck("t", HI.b_stabiliser, explicit=False)
    (r,) = chk.run(QUICK)
    assert r.passed and r.sizes == {"N": "any", "d": "any", "field": "any"}
    assert chk.negative_rejected()          # the conjugation the wrong way round fails


def test_claim_is_proved_for_its_scope_from_exact_evidence():
    out = get("theorem-10-iso").run(QUICK)
    assert out["status"] == "proved" and out["coverage"]["exact"] == "whole scope"
    abl = [r for r in out["results"] if r.form == "ablation"]
    assert {r.outcome for r in abl} == {"counterexample", "survives"} and all(r.passed for r in abl)


def test_ablation_kernel_is_the_stabiliser_algebra():
    for (N, d, field), ev in zip(HI.ABLATION_CASES, HI.ablation_kernel(QUICK)):
        assert not ev.passed and ev.exact and ev.control.rejected
        k = ev.figures["dim ker H"]
        assert k == ev.figures["dim ker (a -> w_a)"] > 0 and ev.figures["predicted kernel vector"]
        assert k == (2 if field == "C" else 1)   # a = u v^* (times i over C), u = v = e_1


def test_one_singular_layer_keeps_H_injective():
    evs = list(HI.ablation_one_singular_layer(QUICK))
    assert evs and all(e.passed and e.control.rejected for e in evs)


@pytest.mark.parametrize("check", [c for c in get("theorem-10-iso").checks if isinstance(c, Ablation)],
                         ids=lambda c: c.name[:30])
def test_ablation_controls_rejected(check):
    assert check.hypothesis in get("theorem-10-iso").hypotheses
    assert check.negative_rejected(QUICK)


def test_invertible_rational_state_is_invertible():
    W = HI.invertible_rational_state(3, 2, "R", seed=5)
    assert all(M.to_sympy().det() != 0 for M in W)
    S = HI.singular_rational_state(3, 2, "C", singular=(1, 2), seed=5)
    assert S[0].to_sympy().det() == 0 and S[1].to_sympy().det() == 0 and S[2].to_sympy().det() != 0
