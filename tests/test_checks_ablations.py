"""Hypothesis ablations of Sections 1-2 (dlnsym.numeric.checks_ablations): outcomes and controls."""

import pytest

from dlnsym.claims import CLAIMS, Options, get
from dlnsym.claims.base import Ablation
from dlnsym.numeric import checks_ablations as AB

QUICK = Options(quick=True, dps=30)

EXPECT = {  # claim id -> (ablation function, expected outcome)
    "lemma-1": (AB.ablation_lemma1, "counterexample"), "theorem-2": (AB.ablation_theorem2, "survives"),
    "theorem-10": (AB.ablation_theorem10, "survives"), "corollary-1": (AB.ablation_corollary1, "survives"),
    "orbit-O_X": (AB.ablation_orbit, "survives"), "centre": (AB.ablation_centre, "survives"),
    "alignment": (AB.ablation_alignment, "counterexample"),
}


@pytest.mark.parametrize("cid", sorted(EXPECT))
def test_ablation_registered_with_a_hypothesis_of_the_claim(cid):
    fn, outcome = EXPECT[cid]
    c = get(cid)
    (abl,) = [k for k in c.checks if isinstance(k, Ablation) and k.fn is fn]
    assert abl.expect == outcome and abl.hypothesis in c.hypotheses


@pytest.mark.parametrize("cid", sorted(EXPECT))
def test_ablation_outcome_and_control(cid):
    fn, outcome = EXPECT[cid]
    evs = list(fn(QUICK))
    assert evs and all(e.passed == (outcome == "survives") for e in evs)
    assert all(e.control is not None and e.control.rejected for e in evs)


def test_lemma1_negative_control_rejected():
    (abl,) = [k for k in get("lemma-1").checks if isinstance(k, Ablation)]
    assert abl.negative_rejected(QUICK)


def test_every_ablation_in_the_registry_has_its_outcome():
    for c in CLAIMS:
        for k in c.checks:
            if isinstance(k, Ablation):
                for r in k.run(QUICK):
                    assert r.passed, (c.id, k.name, r.to_json())


def test_kirwan_ness_runs_in_the_rank_one_stratum_converge():
    runs = AB.kn_rank_one_runs(25)
    assert runs["a"]["g"][-1] < runs["a"]["g"][0] * 1e-15
