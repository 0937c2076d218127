"""Running the registry and presenting the verdicts: a readable table, JSON, Markdown."""

from __future__ import annotations

import json
import time
from typing import Callable, Iterable

from . import __version__
from .claims.base import Claim, Options
from .mdtable import row as md_row

__all__ = ["run_claims", "run_ablations", "to_json", "to_table", "errata_markdown", "claims_markdown",
           "ablations_markdown", "coverage_markdown"]


def run_claims(claims: Iterable[Claim], opts: Options, methods: Iterable[str] | None = None,
               partial: bool = False, progress: Callable[[int, int, dict], None] | None = None) -> list[dict]:
    """Run the claims; ``partial`` marks a run filtered by ``--only`` (a ``methods`` filter marks the
    claims whose checks it leaves out). ``progress(i, n, run)`` is called as each claim finishes."""
    claims = [c for c in claims if methods is None or any(k.method in methods for k in c.checks)]
    out = []
    for i, c in enumerate(claims, start=1):
        t = time.perf_counter()
        r = c.run(opts, methods, partial=partial)
        run = {"claim": c, "results": r["results"], "status": r["status"], "partial": r["partial"],
               "coverage": r["coverage"], "seconds": time.perf_counter() - t}
        out.append(run)
        if progress is not None:
            progress(i, len(claims), run)
    return out


def run_ablations(claims: Iterable[Claim], opts: Options) -> list[dict]:
    """Run only the hypothesis ablations of each claim (:class:`~dlnsym.claims.base.Ablation`), for
    :func:`ablations_markdown`; an exception inside one is a failed result, as in :meth:`Claim.run`."""
    from .claims.base import Ablation, CheckResult

    out = []
    for c in claims:
        results = []
        for a in (k for k in c.checks if isinstance(k, Ablation)):
            t = time.perf_counter()
            try:
                results.extend(a.run(opts))
            except Exception as exc:  # as in Claim.run: a check that raises has failed
                r = CheckResult.failure(a.method, exc, time.perf_counter() - t, a.name, a.form)
                r.hypothesis, r.outcome = a.hypothesis, a.expect
                results.append(r)
        if results:
            out.append({"claim": c, "results": results})
    return out


def coverage_markdown(claims: Iterable[Claim]) -> str:
    """The paper's labels against the registry (:func:`dlnsym.paper.coverage_markdown`)."""
    from .paper import coverage_markdown as cm

    return cm(claims)


def progress_line(i: int, n: int, run: dict) -> str:
    """One line per finished claim (the CLI writes it on stderr)."""
    c: Claim = run["claim"]
    res = run["results"]
    bad = [x for x in res if not x.passed and not x.skipped]
    why = ""
    if bad:
        x = bad[0]
        why = f"  <- {x.error or x.note}"
    tag = " (partial)" if run["partial"] else ""
    return (f"[{i:>{len(str(n))}}/{n}] {c.id:22s} {run['status'] + tag:19s} {sum(x.passed for x in res)}/{len(res)} "
            f"checks  {run['seconds']:5.1f} s{why}")


def to_json(runs: list[dict]) -> str:
    claims = []
    for r in runs:
        c: Claim = r["claim"]
        entry = {"id": c.id, "where": c.where, "statement": c.statement, "status": r["status"],
                 "scope": c.scope.text(), "coverage": r["coverage"]}
        if r["partial"]:
            entry["partial"] = True
        if c.hypotheses:
            entry["hypotheses"] = list(c.hypotheses)
        if c.erratum is not None:
            entry["erratum"] = c.erratum.to_json()
        entry["checks"] = [x.to_json() for x in r["results"]]
        claims.append(entry)
    return json.dumps({"dlnsym": __version__, "claims": claims}, indent=1, ensure_ascii=False)


def _vals(vs) -> str:
    vs = sorted(set(vs), key=lambda v: (isinstance(v, str), v))
    return ",".join(map(str, vs))


def _sizes(results) -> str:
    """The sizes the results actually cover: symbolic sizes ("any") first, then explicit ones."""
    s = []
    res = [x for x in results if x.sizes and not x.skipped]
    sym = [x.sizes for x in res if any(v == "any" for k, v in x.sizes.items() if k != "field")]
    if sym:
        keys = [k for k in ("d", "N", "n", "m", "p", "D") if any(k in z for z in sym)]
        s.append(", ".join(f"{k} {_vals(z[k] for z in sym if k in z)}" for k in keys))
    expl = [x.sizes for x in res if not any(v == "any" for k, v in x.sizes.items() if k != "field")]
    if expl:
        keys = [k for k in ("N", "d", "n", "m", "p", "D", "T") if any(k in z for z in expl)]
        part = "; ".join(f"{k} {_vals(z[k] for z in expl if k in z)}" for k in keys)
        fs = sorted({z.get("field") for z in expl if z.get("field")})
        s.append(part + (f"; {'/'.join(fs)}" if fs else ""))
    return "; ".join(s)


def to_table(runs: list[dict]) -> str:
    rows = [("id", "where", "status", "checks", "methods", "sizes", "s")]
    for r in runs:
        c: Claim = r["claim"]
        res = r["results"]
        n_ok = sum(x.passed for x in res)
        n_skip = sum(bool(x.skipped) for x in res)
        methods = ",".join(sorted({x.method for x in res}))
        status = r["status"] + (" (partial)" if r["partial"] else "")
        checks = f"{n_ok}/{len(res) - n_skip}" + (f" +{n_skip} skipped" if n_skip else "")
        rows.append((c.id, c.where, status, checks, methods, _sizes(res), f"{r['seconds']:.1f}"))
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for j, row in enumerate(rows):
        lines.append("  ".join(str(v).ljust(w) for v, w in zip(row, widths)).rstrip())
        if j == 0:
            lines.append("  ".join("-" * w for w in widths))
    counts: dict[str, int] = {}
    for r in runs:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    total = sum(r["seconds"] for r in runs)
    lines.append("")
    lines.append(", ".join(f"{v} {k}" for k, v in sorted(counts.items())) + f"  ({total:.1f} s)")
    failures = [(r["claim"].id, x) for r in runs for x in r["results"] if not x.passed and not x.skipped]
    if failures:
        lines.append("")
        lines.append("failed checks:")
        for cid, x in failures:
            lines.append(f"  {cid}: {x.error or x.note} {x.sizes} residual {x.residual}")
    return "\n".join(lines)


def errata_markdown(claims: Iterable[Claim]) -> str:
    lines = ["| where | as printed | corrected | evidence |", "|---|---|---|---|"]
    for c in claims:
        if c.erratum is None:
            continue
        e = c.erratum
        lines.append(md_row(f"{c.where} (`{c.id}`)", e.as_printed, e.corrected, e.evidence))
    return "\n".join(lines)


def _digits_range(results) -> str:
    """The digits measured by the floating-point results: ``min-max``, or ``exact``/``-``."""
    ds = [x.digits for x in results if x.digits is not None and not x.exact and x.form != "printed" and x.passed]
    if ds:
        lo, hi = min(ds), max(ds)
        return f"{lo:.0f}" if round(lo) == round(hi) else f"{lo:.0f}-{hi:.0f}"
    return "exact" if any(x.exact and x.passed for x in results) else "-"


def claims_markdown(runs: list[dict]) -> str:
    """The README's claims table, generated from a run (``dlnsym verify --markdown``)."""
    lines = ["| id | where | status | scope | evidence | digits | notebook |", "|---|---|---|---|---|---|---|"]
    for r in runs:
        c: Claim = r["claim"]
        tag = " (beyond the paper)" if c.beyond_paper else ""
        methods = ", ".join(sorted({x.method for x in r["results"] if not x.skipped}))
        status = r["status"] + (" (partial run)" if r["partial"] else "")
        cov = r["coverage"]
        if status.startswith("confirmed") and cov.get("exact", "none") not in ("none", "whole scope"):
            status += "; exact only for " + _sizes([x for x in r["results"] if x.exact and x.passed])
        if "not exact" in cov:
            status += f"; numeric only: {cov['not exact']}"
        if r["status"] == "erratum":
            status += f" (corrected form {cov.get('corrected', '?')})"
        lines.append(md_row(f"`{c.id}`", c.where + tag, status, c.scope.text(), f"{methods}: {_sizes(r['results'])}",
                         _digits_range(r["results"]), c.notebook))
    return "\n".join(lines)


def ablations_markdown(runs: list[dict]) -> str:
    """The hypothesis-ablation table: for each hypothesis dropped, what happened (from a run's ablation results).

    "counterexample" means the statement fails without the hypothesis (so the hypothesis is needed); "survives"
    means it held on every instance tried (recorded, not proved)."""
    lines = ["| claim | where | hypothesis dropped | outcome | sizes | evidence |", "|---|---|---|---|---|---|"]
    for r in runs:
        c: Claim = r["claim"]
        for x in r["results"]:
            if x.form != "ablation":
                continue
            outcome = x.outcome if x.passed else (f"error: {x.error}" if x.error else f"not {x.outcome} (failed)")
            sizes = ", ".join(f"{k} {v}" if k != "field" else str(v) for k, v in x.sizes.items())
            lines.append(md_row(f"`{c.id}`", c.where, x.hypothesis, outcome, sizes, x.note))
    return "\n".join(lines)
