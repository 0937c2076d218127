"""Every label of the paper (dlnsym.paper.LABELS) is checked by a claim of the registry, or says why nothing can be."""

from __future__ import annotations

from pathlib import Path

from dlnsym import paper
from dlnsym.claims import CLAIMS, ids
from dlnsym.claims.base import Claim

ROOT = Path(__file__).resolve().parents[1]


def test_every_label_has_a_claim_or_a_reason():
    cov = paper.coverage(CLAIMS)
    missing = [lab for lab, _ in paper.LABELS if not cov[lab] and lab not in paper.NO_CLAIM]
    assert missing == []
    # a reason is only for a label that no claim checks
    assert [lab for lab in paper.NO_CLAIM if cov[lab]] == []


def test_labels_are_unique_and_known_to_the_tables():
    labels = [lab for lab, _ in paper.LABELS]
    assert len(labels) == len(set(labels))
    assert set(paper.NO_CLAIM) <= set(labels)
    for cid, labs in paper.USES.items():
        assert cid in ids(), f"USES names {cid!r}, which is not a claim"
        assert set(labs) <= set(labels), (cid, set(labs) - set(labels))


def test_every_theorem_lemma_corollary_of_the_paper_is_listed():
    # the paper's own numbering: Theorems 1, 2, 10, 13, 14, 19, 20; Lemmas 1-5; Corollary 1 (Section 2.5)
    text = " ".join(lab for lab, _ in paper.LABELS)
    for lab in ["Theorem 1", "Theorem 2", "Theorem 10", "Theorem 13", "Theorem 14", "Theorem 19", "Theorem 20",
                "Lemma 1", "Lemma 2", "Lemma 3", "Lemma 4", "Lemma 5", "Corollary 1"]:
        assert lab in text


def test_a_label_not_covered_is_reported():
    """The coverage machinery itself: a registry without the claims of Remark 6 leaves it uncovered."""
    cov = paper.coverage([c for c in CLAIMS if c.id != "remark-6"])
    assert cov["Remark 6"] == []
    md = paper.coverage_markdown([c for c in CLAIMS if c.id != "remark-6"])
    assert "| Remark 6 |" in md and "**not covered**" in md.split("| Remark 6 |")[1].splitlines()[0]
    fake = Claim("x-fake", "eq. (2.1)-(2.3), Lemma 9", "s", [])
    assert paper.coverage([fake])["(2.2)"] == ["x-fake"]


def test_the_readme_shows_the_generated_coverage_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert paper.coverage_markdown(CLAIMS) in readme
