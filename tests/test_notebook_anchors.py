"""Every claim of the registry has an anchor in its notebook, and every notebook section names what it checks.

The book (``make book``) links each claim id of its tables to ``notebooks/NN_name.html#claim-ID``. The anchor is an
HTML ``<a id="claim-ID"></a>`` line in a markdown cell of the notebook's jupytext source, just above the heading of
the section that presents the claim (it is invisible in JupyterLab and in the book). These tests read the sources,
so they need no build.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dlnsym.claims import CLAIMS

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
ANCHOR = re.compile(r'<a id="claim-([^"]+)"></a>')
#: a label of the paper: an equation number, a numbered statement, a section or a figure
PAPER_LABEL = re.compile(r"\(\d+\.\d+\)|\b(Theorem|Lemma|Remark|Corollary|Definition|Section|Figure)s?\b|\beq\.")
#: sections that check nothing of their own (they re-run or summarise what the others check)
NOT_CHECKING = re.compile(r"^(Summary|\d+\. The registry's verdicts)")
#: chapters that are not about one part of the paper: the overview and the errata list
NOT_CHAPTERS = {"00_overview", "07_errata"}


def _markdown(name: str) -> list[str]:
    """The markdown lines of a notebook source (jupytext percent format: comment lines of markdown cells)."""
    out, md = [], False
    for line in (NOTEBOOKS / f"{name}.py").read_text(encoding="utf-8").splitlines():
        if line.startswith("# %%"):
            md = "[markdown]" in line
        elif md:
            out.append(line[2:] if line.startswith("# ") else line.lstrip("#"))
    return out


def _anchors(name: str) -> list[str]:
    return [a for line in _markdown(name) for a in ANCHOR.findall(line)]


def _chapters() -> list[str]:
    return sorted(p.stem for p in NOTEBOOKS.glob("[0-9]*.py"))


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.id)
def test_every_claim_has_its_anchor_in_its_notebook(claim):
    assert claim.notebook, f"{claim.id}: no notebook named in the registry"
    name = claim.notebook.removesuffix(".ipynb")
    assert (NOTEBOOKS / f"{name}.py").exists(), f"{claim.id}: notebook {claim.notebook} has no source"
    assert claim.id in _anchors(name), (
        f'{claim.id}: add <a id="claim-{claim.id}"></a> (and a blank line) above the heading of its section in '
        f"the markdown of notebooks/{name}.py, then `jupytext --sync notebooks/{name}.py`")


def test_anchors_name_claims_of_the_registry_once():
    ids = {c.id: c.notebook.removesuffix(".ipynb") for c in CLAIMS}
    seen: dict[str, str] = {}
    for name in _chapters():
        for a in _anchors(name):
            assert a in ids, f"{name}: anchor claim-{a} names no claim of the registry"
            assert a not in seen, f"anchor claim-{a} twice ({seen[a]} and {name})"
            assert ids[a] == name, f"anchor claim-{a} is in {name}, but the registry puts the claim in {ids[a]}"
            seen[a] = name


def test_an_anchor_is_a_block_of_its_own():
    """A raw-HTML line swallows the next lines up to a blank line (CommonMark): the heading must not follow it."""
    for name in _chapters():
        md = _markdown(name)
        for i, line in enumerate(md):
            if ANCHOR.search(line):
                assert ANCHOR.sub("", line).strip() == "", f"{name}: an anchor line holds other text: {line!r}"
                assert i + 1 < len(md) and md[i + 1].strip() == "", f"{name}: no blank line after {line!r}"


@pytest.mark.parametrize("name", [n for n in _chapters() if n not in NOT_CHAPTERS])
def test_every_section_names_the_paper_statement_it_checks(name):
    heads = [line[3:] for line in _markdown(name) if line.startswith("## ")]
    assert heads, f"{name}: no sections"
    bad = [h for h in heads if not NOT_CHECKING.match(h) and not PAPER_LABEL.search(h)]
    assert bad == [], f"{name}: sections that do not name the equation, theorem or section of the paper: {bad}"
