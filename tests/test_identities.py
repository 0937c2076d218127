"""Every symbolic identity of the registry: it holds, and its negative control is rejected."""

import functools

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


@functools.lru_cache(maxsize=None)
def _quick(check):
    return check.run(Options(quick=True))


@pytest.mark.parametrize("cid,check", IDENTITY_CHECKS, ids=[f"{c}:{k.name[:30]}" for c, k in IDENTITY_CHECKS])
def test_identity_quick(cid, check):
    results = _quick(check)
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
    """Identities that matrix symbols express are proved for symbolic d and every N: read from the
    results of the checks (their sizes), not from a constructor flag."""
    anyN = {c.id for c in CLAIMS for k in c.checks if isinstance(k, IdentityCheck)
            if (lambda r: r.passed and r.sizes["N"] == "any" and r.sizes["d"] == "any")(_quick(k)[0])}
    assert {"lemma-2", "lemma-3", "lemma-4", "lemma-5", "eq-2.3", "theorem-10", "remark-7", "eq-1.6",
            "eq-1.7", "remark-18", "eq-2.31", "eq-2.21", "remark-9", "theorem-2"} <= anyN
    # and a check declared global never reports every N
    for c in CLAIMS:
        for k in c.checks:
            if isinstance(k, IdentityCheck) and not k.any_n:
                assert _quick(k)[0].sizes["N"] != "any", (c.id, k.name)


FUNCTION_CHECKS = [(c.id, k) for c in CLAIMS for k in c.checks
                   if isinstance(k, FunctionCheck) and k.method == "symbolic" and k.form not in ("printed", "ablation")]


@pytest.mark.parametrize("cid,check", FUNCTION_CHECKS, ids=[f"{c}:{k.name[:30]}" for c, k in FUNCTION_CHECKS])
def test_symbolic_function_checks_have_rejected_negative_controls(cid, check):
    assert check.negative is not None, f"{cid}: {check.name} has no negative control"
    assert check.negative_rejected(), f"{cid}: {check.name}: the negative control was not rejected"


def _shift_pairs(pairs):
    return [(x.relabel(1), y.relabel(1)) for x, y in pairs]


def _same_pairs(p, q):
    return len(p) == len(q) and all((a - c).is_zero() and (b - e).is_zero() for (a, b), (c, e) in zip(p, q))


ANY_N_CHECKS = [(c.id, k) for c in CLAIMS for k in c.checks
                if isinstance(k, IdentityCheck) and k.any_n and k.depth_proof().any_n]


@pytest.mark.parametrize("cid,check", ANY_N_CHECKS, ids=[f"{c}:{k.name[:30]}" for c, k in ANY_N_CHECKS])
def test_shift_equivariance_at_several_depths(cid, check):
    """Independently of the check's own relation test: at N = 4..8, every component k whose window
    [k - r, k + r] lies inside 1..N-1 (so it sees neither end at depth N or N + 1) is, side by side,
    component k + 1 at depth N + 1 relabelled (W_i -> W_{i+1}); and every component whose window
    ends by N - 1 is the same component at depth N + 1."""
    r = check.depth_proof().radius
    comps = {N: check.components(N) for N in range(4, 10)}
    n_interior = n_global = 0
    for N in range(4, 9):
        for b0, b1 in zip(comps[N], comps[N + 1]):
            for k, pairs in b0.items():
                if k is None:
                    assert _same_pairs(pairs, b1.get(None, [])), (cid, N)
                    n_global += 1
                    continue
                if k + r <= N - 1:  # clear of the right end: the same component one depth deeper
                    assert _same_pairs(pairs, b1.get(k, [])), f"{cid}: component {k} differs at N = {N}, {N + 1}"
                if k - r >= 1:  # clear of the left end: relabelled
                    assert _same_pairs(_shift_pairs(pairs), b1.get(k + 1, [])), \
                        f"{cid}: component {k + 1} at N = {N + 1} is not component {k} at N = {N} relabelled"
                    n_interior += k + r <= N - 1
    # every identity with indexed letters has interior components (eq. (1.15) has none: no index)
    assert n_interior > 0 or n_global > 0, f"{cid}: no component was compared"
