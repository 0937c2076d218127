"""The ``dlnsym`` command line.

``dlnsym list``                 the claims of the registry
``dlnsym verify [--json] ...``  run the checks; exit 0 if no claim failed, 1 otherwise
``dlnsym errata``               the errata table (Markdown)
``dlnsym figures DIR``          redraw Figures 1.1-1.3 into DIR (PNG and SVG)
``dlnsym bench``                the benchmark of the numeric layer

``verify`` writes one progress line per claim on stderr as it finishes (stdout keeps the table or
the JSON). Exit codes: 0 when no claim failed; 1 when a claim failed (a check that did not pass or
raised: its message is in the table and the JSON) or the registry could not be imported; 2 for bad
usage alone (the arguments, an unknown claim id), with one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import sys

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit code 2
        sys.stderr.write(f"dlnsym: error: {message}\n")
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="dlnsym", description="Statement-by-statement checks of arXiv:2511.01137.")
    sub = p.add_subparsers(dest="cmd", parser_class=_Parser)
    sub.add_parser("list", help="list the claims")
    v = sub.add_parser("verify", help="run the checks")
    v.add_argument("--json", action="store_true", help="machine-readable verdicts")
    v.add_argument("--markdown", action="store_true", help="the claims table in Markdown (as in the README)")
    v.add_argument("--only", nargs="+", metavar="ID", help="only these claim ids")
    v.add_argument("--N", nargs="+", type=int, metavar="N", help="depths for explicit-entry checks (default 2 3 4)")
    v.add_argument("--d", nargs="+", type=int, metavar="d", help="widths for explicit-entry checks (default 1 2 3)")
    v.add_argument("--field", nargs="+", metavar="F", help="R and/or C (default both)")
    v.add_argument("--dps", type=int, default=50, help="working precision of numeric checks (default 50)")
    v.add_argument("--quick", action="store_true", help="smallest sizes only")
    v.add_argument("--long", action="store_true",
                   help="also the expensive instances (minutes): Theorem 2 on [0, 3] and Corollary 1 at N = 6, d = 4")
    v.add_argument("--method", nargs="+", choices=["symbolic", "numeric", "statistical"],
                   help="only checks of these methods (the verdicts are then partial)")
    v.add_argument("--junit", metavar="FILE", help="also write the verdicts as JUnit XML, one test case per claim")
    v.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    sub.add_parser("errata", help="print the errata table")
    f = sub.add_parser("figures", help="redraw Figures 1.1-1.3")
    f.add_argument("outdir", help="folder for the PNG and SVG files")
    sub.add_parser("bench", help="benchmark the numeric layer")
    return p


def _load_registry():
    """The registry, or a one-line error naming the module that failed to import (exit 1)."""
    try:
        from . import claims

        claims.CLAIMS  # the registry is imported on first use
    except Exception as exc:  # an import error inside the registry is a defect, not bad usage
        import traceback

        tb = traceback.extract_tb(exc.__traceback__)
        where = next((f.filename for f in reversed(tb) if "dlnsym" in f.filename), tb[-1].filename if tb else "?")
        raise _RegistryError(f"the claims registry failed to import ({where}): {type(exc).__name__}: {exc}") from exc
    return claims


class _RegistryError(Exception):
    pass


def _verify(args) -> int:
    claims = _load_registry()
    from .report import claims_markdown, progress_line, run_claims, to_json, to_table

    kw = {"dps": args.dps, "quick": args.quick, "long": args.long}
    if args.N:
        kw["Ns"] = tuple(args.N)
    if args.d:
        kw["ds"] = tuple(args.d)
    if args.field:
        kw["fields"] = tuple(args.field)
    try:  # bad usage: the options and the ids (exit 2)
        opts = claims.Options(**kw)
        selected = [claims.get(i) for i in args.only] if args.only else claims.CLAIMS
    except (ValueError, TypeError) as exc:
        raise _Usage(str(exc)) from exc

    def show(i, n, run):
        if not args.quiet:
            sys.stderr.write(progress_line(i, n, run) + "\n")
            sys.stderr.flush()

    runs = run_claims(selected, opts, args.method, partial=bool(args.only), progress=show)
    if args.junit:
        from .junit import write_junit

        write_junit(runs, args.junit)
    if args.json:
        print(to_json(runs))
    elif args.markdown:
        print(claims_markdown(runs))
    else:
        print(to_table(runs))
    return 1 if any(r["status"] == "failed" for r in runs) else 0


class _Usage(Exception):
    pass


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.cmd == "list":
            claims = _load_registry()
            for c in claims.CLAIMS:
                print(f"{c.id:22s} {c.where:22s} {c.statement[:90]}")
            return 0
        if args.cmd == "verify":
            return _verify(args)
        if args.cmd == "errata":
            claims = _load_registry()
            from .errata import TYPOGRAPHICAL, typographical_markdown
            from .report import errata_markdown

            print(errata_markdown(claims.CLAIMS))
            if TYPOGRAPHICAL:
                print()
                print(typographical_markdown())
            return 0
        if args.cmd == "figures":
            from .figures import write_all

            for path in write_all(args.outdir):
                print(path)
            return 0
        if args.cmd == "bench":
            from .bench import main as bench_main

            return bench_main([])
        _parser().print_help()
        return 2
    except _Usage as exc:
        sys.stderr.write(f"dlnsym: error: {exc}\n")
        return 2
    except _RegistryError as exc:
        sys.stderr.write(f"dlnsym: error: {exc}\n")
        return 1
    except ImportError as exc:
        sys.stderr.write(f"dlnsym: error: this command needs an optional part that is missing ({exc})\n")
        return 1
    except Exception as exc:  # never a traceback from the CLI
        sys.stderr.write(f"dlnsym: error: {type(exc).__name__}: {exc}\n")
        return 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
