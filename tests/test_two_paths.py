"""Every numeric claim on both paths of the numeric layer: FLINT/Arb (the default) and mpmath (the reference).

Each numeric claim of the registry runs at ``dps = 50`` (quick sizes) once on FLINT and, if it called an engine
of :mod:`dlnsym.numeric.paths` (the structured solves of ``H(b) = G``, the regularizing and Kirwan-Ness
trajectories), once more inside :func:`~dlnsym.numeric.paths.reference_path`, where the same engines run on mpmath
(block Cholesky, GBS extrapolation). The verdicts must agree, both runs must make the same engine calls in the same
order, and every result computed on both paths must agree to ``dps - 5`` digits, relative to ``max(1, |result|)``,
where ``dps`` is the precision the engine was called with: 45 digits at ``dps = 50`` (a few checks run their flows
at lower precision). Calls that ask for the Taylor integrator itself (its dense output) run on FLINT on both passes
and are
not compared.
"""

from __future__ import annotations

import mpmath
import pytest

from dlnsym.claims import CLAIMS, Options
from dlnsym.numeric.paths import clear_caches, recording, reference_path

DPS = 50
MARGIN = 5
ENGINES = {"solve_H", "regularizing_gradient", "regularizing_trajectory", "kirwan_ness_trajectory"}


def _numbers(x):
    if isinstance(x, (list, tuple)):
        for y in x:
            yield from _numbers(y)
    elif isinstance(x, mpmath.matrix):
        yield from (x[i, j] for i in range(x.rows) for j in range(x.cols))
    else:
        yield mpmath.mpmathify(x)


def _agreement(a, b) -> float:
    """Digits of agreement of two engine results (99 for identical ones)."""
    xs, ys = list(_numbers(a)), list(_numbers(b))
    assert len(xs) == len(ys), "the two paths returned results of different shapes"
    with mpmath.workdps(DPS + 20):
        err = max(abs(x - y) for x, y in zip(xs, ys))
        scale = max(1, max(abs(y) for y in ys))
    return 99.0 if err == 0 else float(-mpmath.log10(err / scale))


def _run(claims, opts):
    out = {}
    for c in claims:
        with recording() as log:
            out[c.id] = (c.run(opts)["status"], log)
    return out


@pytest.fixture(scope="module")
def both_paths():
    opts = Options(quick=True, dps=DPS)
    numeric = [c for c in CLAIMS if any(k.method != "symbolic" for k in c.checks)]
    clear_caches()                    # the engines' results that other tests cached: both passes compute afresh
    flint_runs = _run(numeric, opts)
    using = [c for c in numeric if flint_runs[c.id][1]]
    clear_caches()
    with reference_path():
        mpmath_runs = _run(using, opts)
    return flint_runs, mpmath_runs


def test_the_engines_are_exercised(both_paths):
    flint_runs, mpmath_runs = both_paths
    names = {name for _, log in flint_runs.values() for name, _, _ in log}
    assert {n.split(" (")[0] for n in names} == ENGINES
    assert all(n.endswith(("(flint)", "(taylor)")) for n in names)
    ref = {name for _, log in mpmath_runs.values() for name, _, _ in log}
    assert any(n.endswith("(mpmath)") for n in ref) and any(n.endswith("(gbs)") for n in ref)


def test_verdicts_and_results_agree_to_45_digits(both_paths):
    flint_runs, mpmath_runs = both_paths
    assert mpmath_runs, "no numeric claim called an engine"
    n_50 = 0
    for cid, (status, log) in mpmath_runs.items():
        fstatus, flog = flint_runs[cid]
        assert status == fstatus, f"{cid}: {fstatus} on FLINT, {status} on the mpmath path"
        assert [(n.split(" (")[0], d) for n, _, d in flog] == [(n.split(" (")[0], d) for n, _, d in log], cid
        for (name, a, dps), (ref, b, _) in zip(flog, log):
            if ref == name:       # the Taylor integrator asked for itself (dense output): no mpmath counterpart
                continue
            dig = _agreement(a, b)
            assert dig >= dps - MARGIN, (f"{cid}: {name} at dps = {dps} agrees with the mpmath path to {dig:.1f} "
                                         "digits only")
            n_50 += dps == DPS
    assert n_50 >= 10, "too few engine calls at dps = 50"


def test_the_comparison_detects_a_disagreement():
    """Negative control: a result perturbed in its 40th digit is rejected by the same comparison."""
    with mpmath.workdps(DPS + 20):
        a = [mpmath.matrix([[1, 2], [3, mpmath.mpf(1) / 3]])]
        b = [a[0] + mpmath.matrix([[0, 0], [0, mpmath.mpf(10) ** -40]])]
    assert _agreement(a, a) == 99.0
    assert _agreement(a, b) < DPS - MARGIN
