"""The generated pages of the book (docs/book/build.py), on small registries made here: no Sphinx needed."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from dlnsym.claims.base import Ablation, Claim, Erratum, Evidence, FunctionCheck, Options
from dlnsym.report import ablations_markdown

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("dlnsym_book_build", ROOT / "docs" / "book" / "build.py")
book = importlib.util.module_from_spec(spec)
spec.loader.exec_module(book)


def _exact(opts):
    yield Evidence("0", True, {"N": "any", "d": "any", "field": "any"}, exact=True)


def _counterexample(opts):
    yield Evidence("0.5", False, {"N": 2, "d": 1, "field": "R"}, note="rank-deficient X")


def _raises(opts):
    raise RuntimeError("boom")


def _claims():
    a = Claim("t-a", "Lemma 9", "s", [FunctionCheck("c", _exact), Ablation("X has full rank", "drop", _counterexample)],
              notebook="01_fibres_and_group_orbits.ipynb", hypotheses=("X has full rank",))
    b = Claim("t-b", "eq. (9.9)", "s", [FunctionCheck("c", _exact), Ablation("h", "drop h", _raises)],
              notebook="02_tangent_space_and_metric.ipynb", hypotheses=("h",),
              erratum=Erratum("||G||^2 = 1", "||G||^2 = 2", "because"))
    return [a, b]


def test_ablation_table_from_the_ablation_checks_alone():
    runs = book.ablation_runs(_claims(), Options(quick=True))
    assert [r["claim"].id for r in runs] == ["t-a", "t-b"]
    table = book.link_claim_ids(ablations_markdown(runs), _claims())
    rows = table.splitlines()[2:]
    assert len(rows) == 2
    assert "X has full rank" in rows[0] and "counterexample" in rows[0]
    assert "error: RuntimeError: boom" in rows[1] or "boom" in rows[1]
    assert 'href="notebooks/01_fibres_and_group_orbits.html#claim-t-a"' in rows[0]


def test_claims_table_takes_the_recorded_run_and_says_what_is_missing():
    block = ("| id | where | status | scope | evidence | digits | notebook |\n|---|---|---|---|---|---|---|\n"
             "| `t-a` | Lemma 9 | proved | every N | symbolic: d any | exact | 01_fibres_and_group_orbits.ipynb |\n"
             "| `gone` | Lemma 0 | proved | x | y | exact | 01_fibres_and_group_orbits.ipynb |")
    table = book.claims_table(_claims(), block)
    rows = table.splitlines()[2:]
    assert len(rows) == 2  # the registry's claims, in its order; "gone" is no longer in the registry
    assert '<span class="status status-proved">proved</span>' in rows[0]
    assert 'href="notebooks/01_fibres_and_group_orbits.html#claim-t-a"' in rows[0]
    assert "not in the recorded run" in rows[1] and "#claim-t-b" in rows[1]


def test_errata_ids_link_and_cells_stay_cells():
    from dlnsym.report import errata_markdown

    text = book.link_claim_ids(errata_markdown(_claims()), _claims())
    row = text.splitlines()[2]
    assert 'href="notebooks/02_tangent_space_and_metric.html#claim-t-b"' in row
    assert row.count(" | ") == 3  # four cells: the ||G|| of the printed form is escaped, not a separator
    assert book._split_row(row)[1] == "\\|\\|G\\|\\|^2 = 1"


def test_every_marker_of_the_pages_is_generated():
    values = book.generated()
    for page in (ROOT / "docs" / "book").glob("*.md"):
        book.fill(page.read_text(encoding="utf-8"), values)  # raises on a marker without text
    with pytest.raises(SystemExit):
        book.fill("<!-- GENERATED nothing -->", values)
