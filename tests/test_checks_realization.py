"""The claim realization-orbit (Section 1.3.1): the printed sentence fails, Kalman's corrected form holds."""

import pytest

from dlnsym.beyond import checks_realization as CR
from dlnsym.claims import Options, get

QUICK = Options(quick=True)


def test_printed_form_fails_on_every_case_and_controls_are_rejected():
    evs = list(CR.check_printed(QUICK))
    assert len(evs) == len(CR.printed_cases()) == 4
    assert all(not e.passed and e.exact and e.control.rejected for e in evs)
    assert {e.sizes["field"] for e in evs} == {"R", "C"}


@pytest.mark.parametrize("fn", [CR.check_minimal_generic, CR.check_minimal_examples])
def test_corrected_form_holds_and_negative_is_rejected(fn):
    evs = list(fn(Options()))
    assert evs and all(e.passed and e.control.rejected for e in evs)
    assert not any(e.passed for e in fn(QUICK, negative=True))


def test_generic_det_is_the_resultant():
    evs = list(CR.check_minimal_generic(Options()))
    assert [e.sizes["n"] for e in evs] == [1, 2, 3]
    assert all(e.figures["det M / Res(p, q)"] in ("1", "-1") for e in evs)


def test_claim_is_an_erratum_with_the_corrected_form_confirmed():
    out = get("realization-orbit").run(QUICK)
    assert out["status"] == "erratum" and out["coverage"]["corrected"] == "confirmed"
    assert get("realization-orbit").where == "Section 1.3.1"
