"""The test that mutation testing runs: the matrix-protocol and input tests, then ``dlnsym verify --quick``,
stopping at the first failure.

``make mutation`` runs mutmut over ``dlnsym/formulas.py`` and ``dlnsym/matrix.py`` with this runner. A mutant is
*killed* when some claim fails (exit 1), and *survives* when every claim keeps its verdict (exit 0). Stopping at
the first failure only makes killed mutants cheaper; a surviving mutant runs the whole quick registry.
Any exception (a mutant that breaks an import, say) also exits non-zero: the mutant is killed.
"""

from __future__ import annotations

import sys


def main() -> int:
    import subprocess
    from pathlib import Path

    # the protocol of dlnsym.matrix and the input validation of dlnsym.formulas, against independent definitions
    # (a few seconds): the registry's claims only ever see valid states and the backends they use
    test = Path(__file__).resolve().parents[1] / "tests" / "test_matrix_protocol.py"
    if subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", str(test)],
                      capture_output=True).returncode != 0:
        print("killed by tests/test_matrix_protocol.py")
        return 1
    from dlnsym.claims import CLAIMS, Options

    opts = Options(quick=True, dps=30)
    # exact checks first: they are cheap and kill most mutants
    order = sorted(CLAIMS, key=lambda c: any(k.method != "symbolic" for k in c.checks))
    for c in order:
        run = c.run(opts)
        if run["status"] == "failed":
            bad = next((r for r in run["results"] if not r.passed and not r.skipped), None)
            why = (bad.error or bad.note) if bad is not None else ""
            print(f"killed by {c.id}: {why}"[:300])
            return 1
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except SystemExit:
        raise
    except BaseException as exc:  # noqa: BLE001 - any crash kills the mutant
        print(f"killed by an exception: {type(exc).__name__}: {exc}"[:300])
        raise SystemExit(1)
