"""Running the registry and presenting the verdicts: a readable table, JSON, Markdown."""

from __future__ import annotations

import json
import time
from typing import Iterable

from . import __version__
from .claims.base import Claim, Options

__all__ = ["run_claims", "to_json", "to_table", "errata_markdown", "claims_markdown"]


def run_claims(claims: Iterable[Claim], opts: Options, methods: Iterable[str] | None = None) -> list[dict]:
    out = []
    for c in claims:
        t = time.perf_counter()
        if methods is not None and not any(k.method in methods for k in c.checks):
            continue  # nothing of the requested kind to run for this claim
        r = c.run(opts, methods)
        out.append({"claim": c, "results": r["results"], "status": r["status"],
                    "seconds": time.perf_counter() - t})
    return out


def to_json(runs: list[dict]) -> str:
    claims = []
    for r in runs:
        c: Claim = r["claim"]
        entry = {"id": c.id, "where": c.where, "statement": c.statement, "status": r["status"]}
        if c.erratum is not None:
            entry["erratum"] = c.erratum.to_json()
        entry["checks"] = [x.to_json() for x in r["results"]]
        claims.append(entry)
    return json.dumps({"dlnsym": __version__, "claims": claims}, indent=1, ensure_ascii=False)


def _sizes(results) -> str:
    s = []
    if any(x.sizes.get("d") == "any" for x in results):
        anyN = any(x.sizes.get("N") == "any" for x in results)
        s.append("d any, N " + ("any" if anyN else "<= 5"))
    expl = sorted({(x.sizes.get("N"), x.sizes.get("d"), x.sizes.get("field")) for x in results
                   if isinstance(x.sizes.get("d"), int)}, key=str)
    if expl:
        Ns = sorted({n for n, _, _ in expl if isinstance(n, int)})
        ds = sorted({d for _, d, _ in expl})
        fs = sorted({f for _, _, f in expl if f})
        s.append(f"N {','.join(map(str, Ns))}; d {','.join(map(str, ds))}; {'/'.join(fs)}")
    return "; ".join(s)


def to_table(runs: list[dict]) -> str:
    rows = [("id", "where", "status", "checks", "methods", "sizes", "s")]
    for r in runs:
        c: Claim = r["claim"]
        res = r["results"]
        n_ok = sum(x.passed for x in res)
        methods = ",".join(sorted({x.method for x in res}))
        rows.append((c.id, c.where, r["status"], f"{n_ok}/{len(res)}", methods, _sizes(res), f"{r['seconds']:.1f}"))
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
    return "\n".join(lines)


def errata_markdown(claims: Iterable[Claim]) -> str:
    lines = ["| where | as printed | corrected | evidence |", "|---|---|---|---|"]
    for c in claims:
        if c.erratum is None:
            continue
        e = c.erratum
        lines.append(f"| {c.where} (`{c.id}`) | {e.as_printed} | {e.corrected} | {e.evidence} |")
    return "\n".join(lines)


def claims_markdown(runs: list[dict]) -> str:
    lines = ["| id | where | status | evidence | notebook |", "|---|---|---|---|---|"]
    for r in runs:
        c: Claim = r["claim"]
        tag = " (beyond the paper)" if c.beyond_paper else ""
        methods = ", ".join(sorted({x.method for x in r["results"]}))
        lines.append(f"| `{c.id}` | {c.where}{tag} | {r['status']} | {methods}: {_sizes(r['results'])} | "
                     f"{c.notebook} |")
    return "\n".join(lines)
