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


def _sides_at(check, N, k):
    """Both sides of every local component at index k, for depth N (symbolic d)."""
    from dlnsym.claims.identity import Eq, Lin, NCSetting
    from dlnsym.symbolic.freealg import TraceForm, riesz

    S = NCSetting(N)
    res = check.evaluate(S, "corrected" if check.errata else "paper")
    blocks = res if isinstance(res, (list, tuple)) else [res]
    if blocks and isinstance(blocks[0], Eq):
        blocks = [blocks]
    out = []
    for b in blocks:
        if isinstance(b, Lin) and isinstance(b.form, Eq):
            for side in b.form.sides():
                if isinstance(side, TraceForm):
                    out.append(riesz(side, b.family, k))
        elif isinstance(b, (list, tuple)) and len(b) >= k and isinstance(b[k - 1], Eq):
            out.extend(b[k - 1].sides())
    return out


ANY_N_CHECKS = [(c.id, k) for c in CLAIMS for k in c.checks if isinstance(k, IdentityCheck) and k.any_n]


@pytest.mark.parametrize("cid,check", ANY_N_CHECKS, ids=[f"{c}:{k.name[:30]}" for c, k in ANY_N_CHECKS])
def test_shift_equivariance_beyond_the_proved_depths(cid, check):
    """The locality argument over N assumes that component k is the same expression at every depth
    for the same window type. Check it directly beyond N = 5: at k = 3 the depths 5 and 6 have the
    same window type (2, 2), so both sides must be identical polynomials."""
    a, b = _sides_at(check, 5, 3), _sides_at(check, 6, 3)
    assert len(a) == len(b)
    for x, y in zip(a, b):
        assert (x - y).is_zero(), f"{cid}: component 3 differs between N = 5 and N = 6"
