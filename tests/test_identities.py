"""Every symbolic identity of the registry: it holds, and its negative control is rejected."""

import pytest

from dlnsym.claims import CLAIMS, Options
from dlnsym.claims.base import FunctionCheck
from dlnsym.claims.identity import IdentityCheck

IDENTITY_CHECKS = [(c.id, k) for c in CLAIMS for k in c.checks if isinstance(k, IdentityCheck)]


@pytest.mark.parametrize("cid,check", IDENTITY_CHECKS, ids=[f"{c}:{k.name[:30]}" for c, k in IDENTITY_CHECKS])
def test_negative_control_is_rejected(cid, check):
    """A broken variant (flipped sign, dropped term, swapped factors) fails for symbolic d and
    on explicit entries over R and C."""
    assert check.negative_rejected(), f"{cid}: the negative control was not rejected"


@pytest.mark.parametrize("cid,check", IDENTITY_CHECKS, ids=[f"{c}:{k.name[:30]}" for c, k in IDENTITY_CHECKS])
def test_identity_quick(cid, check):
    results = check.run(Options(quick=True))
    assert results and all(r.passed for r in results), [r.to_json() for r in results if not r.passed]


def test_errata_have_printed_and_corrected_forms():
    for c in CLAIMS:
        if c.erratum is None:
            continue
        forms = set()
        for k in c.checks:
            if isinstance(k, IdentityCheck) and k.errata:
                forms |= {"printed", "corrected"}
            if isinstance(k, FunctionCheck) and k.form:
                forms.add(k.form)
        assert {"printed", "corrected"} <= forms, c.id


def test_any_width_and_depth_reported():
    """Identities that matrix symbols express are proved for symbolic d and every N."""
    anyN = {c.id for c in CLAIMS for r in [k for k in c.checks if isinstance(k, IdentityCheck)]
            if r.any_n}
    assert {"lemma-2", "lemma-3", "lemma-4", "lemma-5", "eq-2.3", "theorem-10", "remark-7", "eq-1.6",
            "eq-1.7", "remark-18", "eq-2.31", "eq-2.21", "remark-9", "theorem-2"} <= anyN


FUNCTION_CHECKS = [(c.id, k) for c in CLAIMS for k in c.checks
                   if isinstance(k, FunctionCheck) and k.method == "symbolic" and k.form != "printed"]


@pytest.mark.parametrize("cid,check", FUNCTION_CHECKS, ids=[f"{c}:{k.name[:30]}" for c, k in FUNCTION_CHECKS])
def test_symbolic_function_checks_have_rejected_negative_controls(cid, check):
    assert check.negative is not None, f"{cid}: {check.name} has no negative control"
    assert check.negative_rejected(), f"{cid}: {check.name}: the negative control was not rejected"
