"""Benchmarks of the numeric layer: ``python -m dlnsym.bench`` (or ``dlnsym bench``).

Prints a side-by-side table on the Kirwan-Ness flow (1.22) (``N = 3, d = 2`` over C to ``t = 2``,
and ``N = 4, d = 3``): digits reached and seconds for dlnsym's Taylor integrator, dlnsym's
Gragg-Bulirsch-Stoer integrator, ``mpmath.odefun``, heyoka in arbitrary precision (if the
extra ``crosscheck`` is installed), and SciPy's float64 DOP853. Digits are measured against a
reference computed at ``dps + 20`` (heyoka if present, else dlnsym's Taylor). Then the
structured (block Cholesky) solve of ``H(b) = G`` (2.19) against the dense ``mpmath.lu_solve``
at ``(N, d) = (8, 3)``.

Timings depend on the machine and its load; nothing here is asserted by the tests.
"""

from __future__ import annotations

import argparse
import math
import sys
import time

import mpmath

from .formulas import kirwan_ness_field, moments
from .numeric.common import GUARD, random_state, working
from .numeric.gbs import integrate
from .numeric.solve import H_condition, H_matrix, solve_H
from .numeric.taylor import TaylorIntegrator

__all__ = ["main"]


def _digits(W, ref) -> float:
    with mpmath.workdps(200):
        err = max(abs(a - b) for A, B in zip(W, ref) for a, b in zip(A, B))
        scale = max(1, max(abs(b) for B in ref for b in B))
    return 99.0 if err == 0 else float(-mpmath.log10(err / scale))


def _flat_real(W):
    out = []
    for M in W:
        for x in M:
            x = mpmath.mpc(x)
            out += [x.real, x.imag]
    return out


def _unflat_real(v, N, d):
    W = []
    pos = 0
    for _ in range(N):
        M = mpmath.matrix(d, d)
        for i in range(d):
            for j in range(d):
                M[i, j] = mpmath.mpc(v[pos], v[pos + 1])
                pos += 2
        W.append(M)
    return W


def _run_taylor(W0, t, dps):
    I = TaylorIntegrator(kirwan_ness_field, W0, dps=dps)
    I.propagate_to(t)
    return I.state(), f"order {I.order}, {I.steps} steps"


def _run_gbs(W0, t, dps):
    st = {}
    W = integrate(lambda s, y: kirwan_ness_field(y), W0, t, dps=dps, stats=st)
    return W, f"k={math.ceil((dps + GUARD) / 3.25)}, {st['steps']} steps, {st['evaluations']} evals"


def _run_odefun(W0, t, dps):
    N, d = len(W0), W0[0].rows
    with mpmath.workdps(dps):
        def F(x, y):
            W = _unflat_real(y, N, d)
            return _flat_real(kirwan_ness_field(W))

        sol = mpmath.odefun(F, 0, _flat_real(W0))
        y = sol(mpmath.mpf(t))
        return _unflat_real(y, N, d), "mpmath.odefun (taylor)"


def _run_heyoka(W0, t, dps):
    from .numeric.checks_flows import heyoka_kirwan_ness_flow

    return heyoka_kirwan_ness_flow(W0, t, dps=dps), "heyoka.real, compact mode (incl. JIT)"


def _run_scipy(W0, t, dps):
    import numpy as np
    from scipy.integrate import solve_ivp

    N, d = len(W0), W0[0].rows
    y0 = np.array([complex(x) for M in W0 for x in M])

    def f(s, y):
        W = [y[k * d * d:(k + 1) * d * d].reshape(d, d) for k in range(N)]
        return np.concatenate([F.reshape(-1) for F in kirwan_ness_field(W)])

    sol = solve_ivp(f, (0, float(t)), y0, method="DOP853", rtol=1e-13, atol=1e-15)
    y = sol.y[:, -1]
    with mpmath.workdps(20):
        W = [mpmath.matrix([[mpmath.mpc(y[k * d * d + i * d + j]) for j in range(d)] for i in range(d)])
             for k in range(N)]
    return W, f"float64, rtol 1e-13, {sol.nfev} evals"


def _timed(fn, *a, **kw):
    t0 = time.perf_counter()
    out = fn(*a, **kw)
    return out, time.perf_counter() - t0


def bench_flows(problems, dps: int, skip_odefun: bool, out=print) -> dict:
    try:
        import heyoka  # noqa: F401
        have_heyoka = True
    except ImportError:
        have_heyoka = False
    results = {}
    for (N, d, field, t) in problems:
        W0 = random_state(N, d, field, seed=1, dps=dps + 20)
        with working(dps):
            g0 = mpmath.sqrt(sum(mpmath.mnorm(g, "f") ** 2 for g in moments(W0)))
        out(f"\nKirwan-Ness flow (1.22), N={N}, d={d}, field {field}, t = 0 -> {t}, dps = {dps} "
            f"(||G(0)|| = {mpmath.nstr(g0, 4)})")
        ref_name = "heyoka" if have_heyoka else "dlnsym Taylor"
        ref, tref = _timed(_run_heyoka if have_heyoka else _run_taylor, W0, t, dps + 20)
        ref = ref[0]
        out(f"  reference: {ref_name} at dps = {dps + 20} ({tref:.1f} s)")
        out(f"  {'integrator':<22} {'digits':>7} {'seconds':>9}   notes")
        runs = [("dlnsym Taylor", _run_taylor), ("dlnsym GBS", _run_gbs)]
        if have_heyoka:
            runs.append(("heyoka (real)", _run_heyoka))
        if not skip_odefun:
            runs.append(("mpmath.odefun", _run_odefun))
        runs.append(("SciPy DOP853", _run_scipy))
        row = {}
        for name, fn in runs:
            try:
                (W, note), sec = _timed(fn, W0, t, dps)
                dg = _digits(W, ref)
            except Exception as exc:  # report, don't hide
                W, note, sec, dg = None, f"failed: {exc}", float("nan"), float("nan")
            row[name] = (dg, sec)
            out(f"  {name:<22} {dg:7.1f} {sec:9.2f}   {note}")
        if "mpmath.odefun" in row and row["dlnsym Taylor"][1] > 0:
            out(f"  ratio mpmath.odefun / dlnsym Taylor time: {row['mpmath.odefun'][1] / row['dlnsym Taylor'][1]:.1f}x")
        results[(N, d, field, t)] = row
    return results


def bench_solve(N: int, d: int, dps: int, out=print) -> dict:
    W = random_state(N, d, "C", seed=1, dps=dps)
    with working(dps):
        G = moments(W)
    b, ts = _timed(solve_H, W, G, dps=dps)
    with working(dps):
        t0 = time.perf_counter()
        M = H_matrix(W, dps=dps)
        tb = time.perf_counter() - t0
        rhs = mpmath.matrix([G[k][i, j] for k in range(N - 1) for i in range(d) for j in range(d)])
        x, tl = _timed(mpmath.lu_solve, M, rhs)
        err = max(abs(x[k * d * d + i * d + j] - b[k][i, j]) for k in range(N - 1) for i in range(d) for j in range(d))
    cond = H_condition(W, dps=20)
    out(f"\nH(b) = G (2.19) at N={N}, d={d} over C ({(N - 1) * d * d} complex unknowns), dps = {dps}, "
        f"cond(H) = {mpmath.nstr(cond, 4)}")
    out(f"  block Cholesky (structured) {ts:8.3f} s")
    out(f"  dense: build H {tb:8.3f} s + mpmath.lu_solve {tl:8.3f} s = {tb + tl:.3f} s")
    out(f"  speed-up: {(tb + tl) / ts:.1f}x (vs lu_solve alone {tl / ts:.1f}x); "
        f"max difference {mpmath.nstr(err, 3)}")
    return {"structured": ts, "build": tb, "lu_solve": tl}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="dlnsym bench", description=__doc__.split("\n\n")[0])
    p.add_argument("--dps", type=int, default=30, help="digits (default 30)")
    p.add_argument("--t2", default="0.25", help="end time for N=4, d=3 (default 0.25)")
    p.add_argument("--no-odefun", action="store_true", help="skip mpmath.odefun (slow)")
    p.add_argument("--quick", action="store_true", help="only the solve benchmark and N=3, d=2 to t=0.25")
    args = p.parse_args(argv)
    if args.dps < 20:
        print("dlnsym bench: --dps must be >= 20", file=sys.stderr)
        return 2
    problems = [(3, 2, "C", "0.25")] if args.quick else [(3, 2, "C", "2"), (4, 3, "C", args.t2)]
    bench_flows(problems, args.dps, args.no_odefun)
    bench_solve(8, 3, 50)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
