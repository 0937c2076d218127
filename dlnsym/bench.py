"""Benchmarks of the numeric layer, side by side in one run: ``python -m dlnsym.bench`` (``--json`` for machines).

1. The Kirwan-Ness flow (1.22) at ``N = 3, d = 2`` over C to ``t = 2``, at 30 and at 50 digits: dlnsym's Taylor
   integrator on FLINT/Arb (:mod:`dlnsym.numeric.taylor`), heyoka's ``taylor_adaptive`` in arbitrary precision
   (``heyoka.real``, compact mode; build + propagate, and propagate alone; if the extra ``crosscheck`` is
   installed), ``mpmath.odefun`` and the mpmath path (dlnsym's Gragg-Bulirsch-Stoer extrapolation on mpmath
   numbers). Digits are measured against a reference at ``dps + 20`` (dlnsym's Taylor integrator) and between
   dlnsym and heyoka at the same precision.
2. Theorem 2 along the regularizing flow (1.17) at ``N = 4, d = 3`` on the whole ``[0, 3]``, over R and C
   (:mod:`dlnsym.numeric.regflow`): seconds and ``max_t |G(t) - G_0 e^{-2t}|``.
3. The structured solve of ``H(b) = G`` (2.19) at ``(N, d) = (8, 3)`` over C: FLINT block LU, mpmath block
   Cholesky, and the dense solve.
4. The Newton minimiser of (3.8) at ``N = 4, d = 3`` over C (``p = 2`` and ``p = 3``).

Times are CPU seconds (``time.process_time``; heyoka's JIT may add threads, so its wall time is reported too);
dlnsym's Taylor integrator and heyoka run three times each and the fastest run counts (the load of a shared
machine only adds time). They depend on the machine and its load; nothing here is asserted by the tests. A
progress bar goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time

import mpmath

from .formulas import kirwan_ness_field, moments
from .numeric.common import GUARD, random_state, working

__all__ = ["main", "run"]


class _Progress:
    """A one-line progress bar on stderr."""

    def __init__(self, total: int, enabled: bool = True, stream=None):
        self.total, self.done, self.enabled = total, 0, enabled
        self.stream = stream or sys.stderr
        self.t0 = time.perf_counter()

    def step(self, label: str):
        if not self.enabled:
            return
        w = 30
        k = int(w * self.done / max(self.total, 1))
        el = time.perf_counter() - self.t0
        self.stream.write(f"\r[{'#' * k}{'.' * (w - k)}] {self.done}/{self.total} {el:6.0f}s  {label:<48.48}")
        self.stream.flush()

    def advance(self):
        self.done += 1

    def close(self):
        if self.enabled:
            self.stream.write(f"\r[{'#' * 30}] {self.total}/{self.total} {time.perf_counter() - self.t0:6.0f}s"
                              + " " * 50 + "\n")
            self.stream.flush()


def _digits(W, ref) -> float:
    with mpmath.workdps(200):
        err = max(abs(a - b) for A, B in zip(W, ref) for a, b in zip(A, B))
        scale = max(1, max(abs(b) for B in ref for b in B))
    return 99.0 if err == 0 else round(float(-mpmath.log10(err / scale)), 1)


def _cpu(fn, *a, **kw):
    t0, w0 = time.process_time(), time.perf_counter()
    out = fn(*a, **kw)
    return out, time.process_time() - t0, time.perf_counter() - w0


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


# --------------------------------------------------------------------------- 1. Kirwan-Ness
def _taylor(W0, t, dps):
    from .numeric.taylor import TaylorIntegrator

    I = TaylorIntegrator(kirwan_ness_field, W0, dps=dps)
    I.propagate_to(t)
    return I.state(rounded=False), {"order": I.order, "steps": I.steps, "error_estimate": float(I.error_estimate)}


def _gbs(W0, t, dps):
    from .numeric.gbs import integrate

    st = {}
    W = integrate(lambda s, y: kirwan_ness_field(y), W0, t, dps=dps, stats=st)
    return W, {"k": math.ceil((dps + GUARD) / 3.25), **st}


def _odefun(W0, t, dps):
    N, d = len(W0), W0[0].rows
    with mpmath.workdps(dps):
        sol = mpmath.odefun(lambda x, y: _flat_real(kirwan_ness_field(_unflat_real(y, N, d))), 0, _flat_real(W0))
        return _unflat_real(sol(mpmath.mpf(t)), N, d), {}


def _best(repeat, fn, *a, **kw):
    """The run with the least CPU time of ``repeat`` runs (the machine's load only ever adds time)."""
    best = None
    for _ in range(repeat):
        r = _cpu(fn, *a, **kw)
        if best is None or r[1] < best[1]:
            best = r
    return best


def bench_kirwan_ness(dps: int, *, odefun: bool, gbs: bool, prog: _Progress, t="2", repeat: int = 3) -> dict:
    W0 = random_state(3, 2, "C", seed=1, dps=dps + 20)
    out = {"problem": f"(1.22), N = 3, d = 2, C, t = 0 -> {t}", "dps": dps, "runs": {}}
    prog.step(f"Kirwan-Ness {dps} digits: reference at {dps + 20}")
    ref, _ = _taylor(W0, t, dps + 20)
    prog.advance()
    runs = out["runs"]
    prog.step(f"Kirwan-Ness {dps} digits: dlnsym Taylor (FLINT)")
    (W, info), cpu, wall = _best(repeat, _taylor, W0, t, dps)
    runs["dlnsym Taylor (FLINT)"] = {"cpu": cpu, "wall": wall, "digits": _digits(W, ref), **info}
    Wd = W
    prog.advance()
    try:
        import heyoka as hy

        from .numeric.checks_flows import heyoka_kirwan_ness_integrator
    except ImportError:
        hy = None
    prog.step(f"Kirwan-Ness {dps} digits: heyoka build + propagate")
    if hy is not None:
        best = None
        for _ in range(repeat):
            (ta, unpack, prec), cb, wb = _cpu(heyoka_kirwan_ness_integrator, W0, dps=dps)
            _, cp, wp = _cpu(ta.propagate_until, hy.real(str(t), prec))
            if best is None or cb + cp < best[0] + best[1]:
                best = (cb, cp, wb, wp)
        cb, cp, wb, wp = best
        Wh = unpack(ta.state)
        runs["heyoka build + propagate"] = {"cpu": cb + cp, "wall": wb + wp, "digits": _digits(Wh, ref),
                                            "order": ta.order}
        runs["heyoka propagate alone"] = {"cpu": cp, "wall": wp, "digits": _digits(Wh, ref)}
        out["dlnsym_vs_heyoka_digits"] = _digits(Wd, Wh)
    else:
        runs["heyoka build + propagate"] = {"skipped": "heyoka not installed (extra 'crosscheck')"}
    prog.advance()
    for name, fn, on in (("mpmath path (dlnsym GBS on mpmath)", _gbs, gbs), ("mpmath.odefun", _odefun, odefun)):
        prog.step(f"Kirwan-Ness {dps} digits: {name}")
        if on:
            (W, info), cpu, wall = _cpu(fn, W0, t, dps)
            runs[name] = {"cpu": cpu, "wall": wall, "digits": _digits(W, ref), **info}
        else:
            runs[name] = {"skipped": "not run (--no-odefun / --quick)"}
        prog.advance()
    base = runs["dlnsym Taylor (FLINT)"]["cpu"]
    out["speedup"] = {k: round(v["cpu"] / base, 2) for k, v in runs.items() if "cpu" in v and k[:6] != "dlnsym"}
    return out


# --------------------------------------------------------------------------- 2. Theorem 2
def bench_theorem2(field: str, prog: _Progress, *, N=4, d=3, dps=50) -> dict:
    from .numeric.checks_flows import theorem2_evidence

    prog.step(f"Theorem 2, N = {N}, d = {d}, {field}, [0, 3]")
    W0 = random_state(N, d, field, seed=3, dps=dps)
    integ = []
    (errG, errX, _, _), cpu, wall = _cpu(theorem2_evidence, W0, ["0.5", "1", "2", "3"], dps=dps, integrator=integ)
    prog.advance()
    I = integ[0]
    return {"problem": f"(1.17), N = {N}, d = {d}, {field}, t in [0, 3]", "dps": dps, "cpu": cpu, "wall": wall,
            "G_error": mpmath.nstr(errG, 3), "X_drift": mpmath.nstr(errX, 3), "steps": I.steps, "order": I.order,
            "error_estimate": mpmath.nstr(I.error_estimate, 3)}


# --------------------------------------------------------------------------- 3. structured solve
def bench_solve(prog: _Progress, N: int = 8, d: int = 3, dps: int = 50) -> dict:
    from .numeric.solve import H_condition, solve_H, solve_H_dense

    prog.step(f"H(b) = G at (N, d) = ({N}, {d}), C")
    W = random_state(N, d, "C", seed=1, dps=dps)
    with working(dps):
        G = moments(W)
    b, tf, _ = _cpu(solve_H, W, G, dps=dps)
    bm, tm, _ = _cpu(solve_H, W, G, dps=dps, backend="mpmath")
    bd, td, _ = _cpu(solve_H_dense, W, G, dps=dps)
    with working(dps):
        err = max(mpmath.mnorm(x - y, "inf") for x, y in zip(b, bd))
    prog.advance()
    return {"problem": f"H(b) = G, N = {N}, d = {d}, C ({(N - 1) * d * d} complex unknowns)", "dps": dps,
            "flint_block_lu": tf, "mpmath_block_cholesky": tm, "dense": td, "speedup_vs_dense": round(td / tf, 1),
            "max_difference": mpmath.nstr(err, 3), "cond_H": mpmath.nstr(H_condition(W, dps=20), 4)}


# --------------------------------------------------------------------------- 4. Newton
def bench_newton(prog: _Progress, N: int = 4, d: int = 3, dps: int = 50) -> dict:
    from .numeric.minimize import certify, minimize_with_info

    out = {"problem": f"Newton minimiser of (3.8), N = {N}, d = {d}, C", "dps": dps}
    for p in (2, 3):
        prog.step(f"Newton minimiser, N = {N}, d = {d}, C, p = {p}")
        W0 = random_state(N, d, "C", seed=0, dps=dps)
        (W, info), cpu, wall = _cpu(minimize_with_info, W0, p, 1, dps=dps)
        with working(dps):
            from .formulas import end_to_end

            c = certify(W, end_to_end(W0), p, dps=dps, hess=info["hessian"])
        out[f"p={p}"] = {"cpu": cpu, "wall": wall, "iterations": info["iterations"],
                         "value_error": mpmath.nstr(c["value_error"], 3), "balanced": mpmath.nstr(c["balanced"], 3)}
        prog.advance()
    return out


def run(*, dps_list=(30, 50), odefun: bool = True, gbs: bool = True, quick: bool = False,
        progress: bool = True) -> dict:
    """All the benchmarks; returns the results as a dict (what ``--json`` prints)."""
    n_kn = 5 * len(dps_list)
    total = n_kn + (0 if quick else 2 + 1 + 2)
    prog = _Progress(total, enabled=progress)
    res = {"kirwan_ness": [bench_kirwan_ness(dps, odefun=odefun and not quick, gbs=gbs and not quick, prog=prog)
                           for dps in dps_list]}
    if not quick:
        res["theorem2"] = [bench_theorem2(f, prog) for f in ("R", "C")]
        res["solve"] = bench_solve(prog)
        res["newton"] = bench_newton(prog)
    prog.close()
    return res


def _print(res: dict, out=print) -> None:
    for kn in res["kirwan_ness"]:
        out(f"\nKirwan-Ness flow {kn['problem']}, dps = {kn['dps']}")
        out(f"  {'integrator':<36} {'digits':>7} {'cpu s':>8} {'wall s':>8}   notes")
        for name, r in kn["runs"].items():
            if "skipped" in r:
                out(f"  {name:<36} {'':>7} {'':>8} {'':>8}   skipped: {r['skipped']}")
                continue
            notes = ", ".join(f"{k} {v}" for k, v in r.items() if k not in ("cpu", "wall", "digits"))
            out(f"  {name:<36} {r['digits']:7.1f} {r['cpu']:8.2f} {r['wall']:8.2f}   {notes}")
        if "dlnsym_vs_heyoka_digits" in kn:
            out(f"  dlnsym and heyoka agree to {kn['dlnsym_vs_heyoka_digits']} digits")
        out("  time / dlnsym Taylor time: " + ", ".join(f"{k} {v}x" for k, v in kn["speedup"].items()))
    for t2 in res.get("theorem2", []):
        out(f"\nTheorem 2 {t2['problem']}, dps = {t2['dps']}: {t2['cpu']:.2f} s cpu ({t2['wall']:.2f} s wall), "
            f"max|G(t) - G0 e^-2t| = {t2['G_error']}, |X(t) - X0| = {t2['X_drift']}, {t2['steps']} Taylor steps of "
            f"order {t2['order']}, error estimate {t2['error_estimate']}")
    if "solve" in res:
        s = res["solve"]
        out(f"\n{s['problem']}, dps = {s['dps']}, cond(H) = {s['cond_H']}: FLINT block LU {s['flint_block_lu']:.4f} s, "
            f"mpmath block Cholesky {s['mpmath_block_cholesky']:.4f} s, dense {s['dense']:.3f} s "
            f"({s['speedup_vs_dense']}x); max difference {s['max_difference']}")
    if "newton" in res:
        nw = res["newton"]
        out(f"\n{nw['problem']}, dps = {nw['dps']}:")
        for k, v in nw.items():
            if k.startswith("p="):
                out(f"  {k}: {v['cpu']:.2f} s cpu, {v['iterations']} Newton steps, value error {v['value_error']}, "
                    f"max|G| {v['balanced']}")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="dlnsym bench", description=__doc__.split("\n\n")[0])
    p.add_argument("--dps", type=int, nargs="*", default=[30, 50], help="digits of the Kirwan-Ness bench (30 50)")
    p.add_argument("--no-odefun", action="store_true", help="skip mpmath.odefun (minutes)")
    p.add_argument("--no-gbs", action="store_true", help="skip the mpmath GBS path")
    p.add_argument("--quick", action="store_true", help="only the Kirwan-Ness bench against heyoka")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    args = p.parse_args(argv)
    if any(d < 20 for d in args.dps):
        print("dlnsym bench: --dps must be >= 20", file=sys.stderr)
        return 2
    res = run(dps_list=tuple(args.dps), odefun=not args.no_odefun, gbs=not args.no_gbs, quick=args.quick,
              progress=not args.no_progress)
    if args.json:
        print(json.dumps(res, indent=1, default=str))
    else:
        _print(res)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
