"""Build the dlnsym book: ``make book`` (or ``python docs/book/build.py``) writes ``_build/html/index.html``.

Steps (nothing is executed; the chapters show the outputs stored in the ``.ipynb`` files, the ones nbval checks):

1. stage the sources in ``_build/book-src``: the pages of ``docs/book/*.md`` with their ``<!-- GENERATED name -->``
   markers filled in from the registry (:func:`generated`), the notebooks ``notebooks/*.ipynb`` and the figures
   ``docs/figures/*.png``. A staged file is rewritten only when its content changes, so Sphinx rebuilds only what
   changed;
2. copy MathJax 3 (the PyPI package ``django-static-mathjax``, which ships MathJax's own ``es5`` distribution) into
   ``_build/book-static/mathjax``, so that the site needs nothing from outside itself;
3. ``sphinx-build -b html`` with ``docs/book`` as its configuration directory.

The claims table comes from the README's generated block (the last full ``dlnsym verify`` run, written by
``tools/update_readme.py``), row by row for the claims of the registry; the errata tables from
:func:`dlnsym.report.errata_markdown` and :func:`dlnsym.errata.typographical_markdown`; the hypothesis-ablation table
from :func:`dlnsym.report.ablations_markdown` over the ablation checks of the registry, run here. Each claim id links
to ``notebooks/NN_name.html#claim-ID``, the anchor above the claim's section (``tests/test_notebook_anchors.py``).
"""

from __future__ import annotations

import html
import re
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BUILD = ROOT / "_build"
SRC = BUILD / "book-src"
STATIC = BUILD / "book-static"
OUT = BUILD / "html"
DOCTREES = BUILD / "doctrees"
#: written into the output when a build succeeded (tests/test_book.py compares its mtime with the sources')
STAMP_NAME = ".dlnsym-book"


def sources() -> list[Path]:
    """Every file a build reads: the pages, the notebooks, the figures, the README's tables, the package."""
    files = [p for p in HERE.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    files += list((ROOT / "notebooks").glob("*.ipynb")) + list((ROOT / "docs" / "figures").glob("*.png"))
    files += [ROOT / "README.md"] + list((ROOT / "dlnsym").rglob("*.py"))
    return files


def is_stale() -> bool:
    stamp = OUT / STAMP_NAME
    if not stamp.exists() or not (OUT / "index.html").exists():
        return True
    built = stamp.stat().st_mtime
    return any(p.stat().st_mtime > built for p in sources())

#: what of MathJax's es5 distribution the site serves: the TeX-to-CommonHTML bundle, its fonts, and the components it
#: may load later (TeX extensions by autoload, the menu, the accessibility tools)
MATHJAX_PARTS = ("tex-chtml.js", "input/tex", "output/chtml", "ui", "a11y", "sre", "adaptors")
#: the status words of the claims table, for their colour (docs/book/_static/dlnsym.css)
STATUSES = ("proved", "confirmed", "erratum", "open", "failed")
PLURAL = {"erratum": "errata"}


def _write(path: Path, data: bytes | str) -> bool:
    """Write ``data`` unless the file already holds it (keeps the mtime, so Sphinx rebuilds only what changed)."""
    data = data.encode("utf-8") if isinstance(data, str) else data
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


# -- the generated tables ---------------------------------------------------------------------------------------------

def _split_row(line: str) -> list[str]:
    """The cells of a Markdown table row (``\\|`` inside a cell is not a separator)."""
    return [c.strip() for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))] if line.strip() else []


def readme_block(name: str, readme: Path = ROOT / "README.md") -> str:
    text = readme.read_text(encoding="utf-8")
    m = re.search(rf"<!-- BEGIN {name} -->\n(.*?)\n<!-- END {name} -->", text, re.S)
    if not m:
        raise SystemExit(f"README.md has no generated block {name!r}")
    return m.group(1)


def chapter_href(notebook: str) -> str:
    return f"notebooks/{notebook.removesuffix('.ipynb')}.html"


def claim_link(claim) -> str:
    """The claim id, linked to the anchor of its section in its notebook."""
    href = f"{chapter_href(claim.notebook)}#claim-{claim.id}"
    return f'<a class="claim-link" href="{html.escape(href)}"><code>{html.escape(claim.id)}</code></a>'


def _status_cell(text: str) -> str:
    word = text.split()[0].rstrip(";") if text.split() else ""
    if word in STATUSES:
        return f'<span class="status status-{word}">{word}</span>' + text[len(word):]
    return text


def claims_table(claims, block: str) -> str:
    """The claims table: the registry's claims, with the verdict, evidence and digits that the README's generated
    block recorded for each (a claim missing from that run says so)."""
    recorded = {}
    lines = block.splitlines()
    header = _split_row(lines[0])
    for line in lines[2:]:
        cells = _split_row(line)
        if len(cells) == len(header):
            recorded[cells[0].strip("`")] = dict(zip(header, cells))
    out = ["| claim | where | status | scope | evidence | digits | chapter |", "|---|---|---|---|---|---|---|"]
    for c in claims:
        r = recorded.get(c.id)
        nb = c.notebook.removesuffix(".ipynb")
        chapter = f'<a href="{chapter_href(c.notebook)}">{nb[:2]}</a>' if nb else "-"
        if r is None:
            cells = [claim_link(c), c.where, "not in the recorded run (run `tools/update_readme.py`)",
                     c.scope.text(), "-", "-", chapter]
        else:
            cells = [claim_link(c), r["where"], _status_cell(r["status"]), r["scope"], r["evidence"], r["digits"],
                     chapter]
        out.append("| " + " | ".join(cells) + " |")
    missing = sorted(set(recorded) - {c.id for c in claims})
    if missing:
        sys.stderr.write(f"book: README claims block lists ids that the registry no longer has: {missing}\n")
    return "\n".join(out)


def link_claim_ids(markdown: str, claims) -> str:
    """Replace each `` `id` `` of a claim in a generated table by the link to its section."""
    by_id = {c.id: c for c in claims}

    def sub(m):
        c = by_id.get(m.group(1))
        return claim_link(c) if c is not None else m.group(0)

    return re.sub(r"`([A-Za-z0-9_.\-]+)`", sub, markdown)


def ablation_runs(claims, opts=None) -> list[dict]:
    """Each claim's ablation checks (a hypothesis dropped), run alone (:func:`dlnsym.report.run_ablations`)."""
    from dlnsym.claims.base import Options
    from dlnsym.report import run_ablations

    return run_ablations(claims, opts or Options())


def generated(claims=None) -> dict[str, str]:
    """The text of every ``<!-- GENERATED name -->`` marker of the pages."""
    from dlnsym.errata import TYPOGRAPHICAL, typographical_markdown
    from dlnsym.report import ablations_markdown, coverage_markdown, errata_markdown

    if claims is None:
        from dlnsym.claims import CLAIMS as claims
    block = readme_block("claims")
    counts: dict[str, int] = {}
    for line in block.splitlines()[2:]:
        cells = _split_row(line)
        if len(cells) > 2:
            w = cells[2].split()[0].rstrip(";")
            counts[w] = counts.get(w, 0) + 1
    n_err = sum(c.erratum is not None for c in claims)
    summary = (f"The registry holds **{len(claims)} claims**; the last recorded run found "
               + ", ".join(f"{counts[s]} {PLURAL.get(s, s) if counts[s] > 1 else s}" for s in STATUSES if counts.get(s))
               + f". {n_err} printed formulas fail their check and are corrected, and {len(TYPOGRAPHICAL)} "
               "further misprints cannot be tested by computation.")
    runs = ablation_runs(claims)
    ablations = (link_claim_ids(ablations_markdown(runs), claims) if runs else
                 "*No claim of the registry has an ablation check yet.*")
    import dlnsym.numeric

    # the public names of dlnsym.numeric load lazily (module __getattr__), which autodoc's member scan cannot see
    numeric_api = "```{eval-rst}\n" + "".join(f".. autofunction:: dlnsym.numeric.{name}\n"
                                               for name in dlnsym.numeric.__all__) + "```"
    return {
        "numeric_api": numeric_api,
        "summary": summary,
        "claims": claims_table(claims, block),
        "errata": link_claim_ids(errata_markdown(claims), claims),
        "typographical": typographical_markdown(),
        "ablations": ablations,
        "coverage": link_claim_ids(coverage_markdown(claims), claims),
    }


def fill(page: str, values: dict[str, str]) -> str:
    def sub(m):
        if m.group(1) not in values:
            raise SystemExit(f"book: no generated text for <!-- GENERATED {m.group(1)} -->")
        return values[m.group(1)]

    return re.sub(r"<!-- GENERATED (\w+) -->", sub, page)


# -- staging ----------------------------------------------------------------------------------------------------------

def mathjax_dir() -> Path:
    try:
        import mathjax  # django-static-mathjax: MathJax's own distribution as package data
    except ImportError as exc:
        raise SystemExit("book: MathJax is missing: pip install -e '.[book]' (package django-static-mathjax)") from exc
    es5 = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
    if not (es5 / "tex-chtml.js").exists():
        raise SystemExit(f"book: no tex-chtml.js in {es5}")
    return es5


def stage_mathjax() -> None:
    es5 = mathjax_dir()
    dest = STATIC / "mathjax"
    stamp = dest / ".source"
    if stamp.exists() and stamp.read_text() == str(es5):
        return
    shutil.rmtree(dest, ignore_errors=True)
    for part in MATHJAX_PARTS:
        src = es5 / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        else:
            (dest / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / part)
    lic = es5.parent / "LICENSE"
    if lic.exists():
        shutil.copy2(lic, dest / "LICENSE")
    stamp.write_text(str(es5))


def stage() -> list[Path]:
    """Stage the sources; returns the staged files (stale ones from earlier builds are removed)."""
    values = generated()
    staged = []
    for page in sorted(HERE.glob("*.md")):
        if page.name == "README.md":
            continue
        dest = SRC / page.name
        _write(dest, fill(page.read_text(encoding="utf-8"), values))
        staged.append(dest)
    for nb in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")):
        dest = SRC / "notebooks" / nb.name
        _write(dest, nb.read_bytes())
        staged.append(dest)
    for fig in sorted((ROOT / "docs" / "figures").glob("*.png")):
        dest = SRC / "figures" / fig.name
        _write(dest, fig.read_bytes())
        staged.append(dest)
    keep = set(staged)
    for p in sorted(SRC.rglob("*")):
        if p.is_file() and p not in keep:
            p.unlink()
    stage_mathjax()
    return staged


def build(quiet: bool = True) -> int:
    from sphinx.cmd.build import build_main

    t = time.perf_counter()
    stage()
    args = ["-b", "html", "-c", str(HERE), "-d", str(DOCTREES), str(SRC), str(OUT)]
    rc = build_main(args + (["-q"] if quiet else []))
    if rc == 0:
        (OUT / STAMP_NAME).write_text(f"{time.time()}\n")
    sys.stderr.write(f"book: {OUT / 'index.html'} ({len(list(OUT.rglob('*.html')))} HTML files, "
                     f"{time.perf_counter() - t:.1f} s)\n")
    return rc


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(build(quiet="-v" not in sys.argv[1:]))
