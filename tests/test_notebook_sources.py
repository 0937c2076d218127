"""The notebooks' sources are the jupytext percent files ``notebooks/NN_name.py``.

Each ``notebooks/NN_name.ipynb`` (which keeps the outputs that nbval compares) is paired with
``notebooks/NN_name.py`` (the text that is edited, linted and reviewed) through ``notebooks/jupytext.toml``.
These tests check that every notebook has its source and every source its notebook, that the two agree cell by
cell (type and source; outputs and metadata are the .ipynb's own), and that nothing else writes notebook text.

After editing a ``.py``, bring its notebook in step (the outputs are kept) and re-execute it::

    .venv/bin/jupytext --sync notebooks/03_regularizing_flow.py
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

jupytext = pytest.importorskip("jupytext")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
#: Python files in notebooks/ that are not notebook sources
NOT_SOURCES = {"conftest.py"}


def _notebooks() -> list[str]:
    return sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb"))


def _sources() -> list[str]:
    return sorted(p.stem for p in NOTEBOOKS.glob("*.py") if p.name not in NOT_SOURCES)


def _cells(nb) -> list[tuple[str, str]]:
    return [(c.cell_type, c.source) for c in nb.cells]


def test_every_notebook_has_a_source_and_every_source_a_notebook():
    nbs, srcs = _notebooks(), _sources()
    assert nbs, "no notebooks found"
    assert sorted(set(nbs) - set(srcs)) == [], "notebooks without a .py (jupytext --set-formats ipynb,py:percent)"
    assert sorted(set(srcs) - set(nbs)) == [], ".py sources without a notebook (jupytext --to ipynb)"


def test_pairing_config():
    text = (NOTEBOOKS / "jupytext.toml").read_text(encoding="utf-8")
    assert re.search(r'^formats\s*=\s*"ipynb,py:percent"\s*$', text, re.M), text


@pytest.mark.parametrize("name", _notebooks())
def test_notebook_and_source_in_sync(name):
    nb = nbformat.read(str(NOTEBOOKS / f"{name}.ipynb"), as_version=4)
    src = jupytext.read(str(NOTEBOOKS / f"{name}.py"))
    rep = src.metadata.get("jupytext", {}).get("text_representation", {})
    assert rep.get("format_name") == "percent", f"{name}.py is not in the percent format: {rep}"
    a, b = _cells(nb), _cells(src)
    for i, (x, y) in enumerate(zip(a, b)):
        assert x == y, (f"{name}: cell {i} differs between the .ipynb and the .py (run `jupytext --sync "
                        f"notebooks/{name}.py`)\n--- ipynb ({x[0]}):\n{x[1]}\n--- py ({y[0]}):\n{y[1]}")
    assert len(a) == len(b), f"{name}: {len(a)} cells in the .ipynb, {len(b)} in the .py (run `jupytext --sync`)"


#: what a notebook builder does: assemble cells and write a notebook
BUILDER_MARKERS = ("new_code_cell", "new_markdown_cell", "new_notebook", "nbformat.write", "nbf.write", "nbutil",
                   'md(r"""', 'code(r"""')


def test_no_tool_builds_notebook_text():
    tools = ROOT / "tools"
    found = []
    for p in sorted(tools.rglob("*")) if tools.is_dir() else []:
        if p.is_file() and p.suffix in (".py", ".sh", ""):
            text = p.read_text(encoding="utf-8", errors="replace")
            found += [f"{p.relative_to(ROOT)}: {m}" for m in BUILDER_MARKERS if m in text]
    assert found == [], "notebook text lives in notebooks/*.py, not in builders: " + "; ".join(found)
