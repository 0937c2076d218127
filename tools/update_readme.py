"""Regenerate the generated parts of README.md from the registry.

The README marks each generated block with ``<!-- BEGIN name -->`` ... ``<!-- END name -->``:

* ``claims``: the claims table, from a full default run (``dlnsym verify --markdown``, about a minute);
* ``errata``: the computable errata (``dlnsym errata``) and the typographical list;
* ``ablations``: the hypothesis-ablation table, from the registry's ablation checks (a few seconds);
* ``coverage``: the paper's labels against the registry (:func:`dlnsym.paper.coverage_markdown`).

Usage: ``.venv/bin/python tools/update_readme.py [--errata-only]`` (``--errata-only``: every block but the claims
table). ``notebooks/07_errata`` checks that the errata,
ablation and coverage blocks are current; the claims block is what the last full run printed.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def replace_block(text: str, name: str, body: str) -> str:
    pat = re.compile(rf"(<!-- BEGIN {name} -->\n).*?(\n<!-- END {name} -->)", re.S)
    if not pat.search(text):
        raise SystemExit(f"README.md has no block <!-- BEGIN {name} --> ... <!-- END {name} -->")
    return pat.sub(lambda m: m.group(1) + body + m.group(2), text)


def main(argv: list[str]) -> int:
    from dlnsym.claims import CLAIMS, Options
    from dlnsym.errata import typographical_markdown
    from dlnsym.report import (
        ablations_markdown,
        claims_markdown,
        coverage_markdown,
        errata_markdown,
        run_ablations,
        run_claims,
    )

    path = ROOT / "README.md"
    text = path.read_text(encoding="utf-8")
    text = replace_block(text, "errata", errata_markdown(CLAIMS))
    text = replace_block(text, "typographical", typographical_markdown())
    text = replace_block(text, "ablations", ablations_markdown(run_ablations(CLAIMS, Options())))
    text = replace_block(text, "coverage", coverage_markdown(CLAIMS))
    if "--errata-only" not in argv:
        def show(i, n, run):
            sys.stderr.write(f"[{i}/{n}] {run['claim'].id} {run['status']}\n")

        runs = run_claims(CLAIMS, Options(), progress=show)
        text = replace_block(text, "claims", claims_markdown(runs))
    path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
