"""The claims posterior-measure (eq. (4.5), an erratum) and bayes-concentration (Section 4.3)."""

import pytest

from dlnsym.beyond import checks_posterior as CP
from dlnsym.claims import Options, get
from dlnsym.claims.base import Ablation

QUICK = Options(quick=True, dps=30)


def test_posterior_measure_is_an_erratum():
    out = get("posterior-measure").run(QUICK)
    assert out["status"] == "erratum" and out["coverage"]["corrected"] == "confirmed"
    forms = {r.form for r in out["results"]}
    assert {"printed", "corrected", "ablation"} <= forms
    for r in out["results"]:
        assert r.passed, r.to_json()
        if r.control is not None:
            assert r.control.rejected, r.to_json()


def test_bayes_concentration_confirmed_beyond_d1():
    out = get("bayes-concentration").run(Options(dps=30))
    assert out["status"] == "confirmed"
    sizes = {(r.sizes["N"], r.sizes["d"]) for r in out["results"]}
    assert (3, 2) in sizes and (2, 1) in sizes


def test_printed_checks_fail_and_corrected_pass():
    assert not any(e.passed for e in CP.check_printed_d1(QUICK))
    assert not any(e.passed for e in CP.check_jacobian_varies(QUICK))
    assert not any(e.passed for e in CP.check_shells_printed(QUICK))
    assert all(e.passed for e in CP.check_shells_corrected(QUICK))
    assert not any(e.passed for e in CP.check_disintegration_d1(QUICK, negative=True))


@pytest.mark.parametrize("cid", ["posterior-measure", "bayes-concentration"])
def test_ablations_declare_a_hypothesis_of_the_claim(cid):
    c = get(cid)
    abl = [k for k in c.checks if isinstance(k, Ablation)]
    assert abl and all(k.hypothesis in c.hypotheses for k in abl)


def test_shell_protocol_is_stated():
    s = CP.SHELL_SETUP
    assert s["seed"] == 2026 and s["alpha"] == 1e-3 and s["n"] == 4000
    r = CP.shell_data(2, 1, "R")
    ds = [row["corrected"]["D"] for row in r["rows"]]
    assert ds[-1] < ds[0]                          # the shell law approaches rho/J dH as eps shrinks
    assert all(row["printed"]["reject"] for row in r["rows"])
