# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python (dlnsym)
#     language: python
#     name: dlnsym
# ---

# %% [markdown]
# # 07 — Errata: what the paper prints, what is true, and the evidence
#
# Every claim of the registry that carries an `erratum` is listed here with its printed form, its corrected
# form and the evidence. Each one is **re-run live**: the registry's check of the printed form must fail, and the
# check of the corrected form must pass; only then is the status `erratum`. If a printed form ever passed, or a
# corrected one failed, the status would be `failed` and the assert below would stop this notebook.
#
# The table is generated from the registry, and so is the README's errata table: the last cell checks that they
# agree. Change the sizes in the next cell to re-run the explicit-entry checks at other sizes.

# %%
N, d, field = 3, 2, "C"      # sizes of the explicit-entry and numeric checks

# %%
from pathlib import Path

from IPython.display import Markdown, display

from dlnsym.claims import CLAIMS, Options
from dlnsym.errata import typographical_markdown
from dlnsym.paper import LABELS, NO_CLAIM, coverage
from dlnsym.report import ablations_markdown, coverage_markdown, errata_markdown, run_ablations

opts = Options(Ns=(N,), ds=(d,), fields=(field,), quick=True)
errata = [c for c in CLAIMS if c.erratum is not None]
print(len(errata), "errata in the registry")

# %% [markdown]
# ## Re-running every erratum
#
# For each claim: where it is, then the verdict of the live run, split by form: how many checks of the printed
# form were run (they are expected to fail, and did), and how many of the corrected form (expected to pass, and did).

# %%
# NBVAL_CHECK_OUTPUT
counts = {}
for c in errata:
    run = c.run(opts)
    forms = {}
    for r in run["results"]:
        forms.setdefault(r.form or "other", []).append(r)
    counts[c.id] = ", ".join(f"{k}: {len(v)}" for k, v in sorted(forms.items()))
    print(f"{c.id:22s} {c.where:22s} {run['status']}")
    assert run["status"] == "erratum", c.id

# %%
for cid, summary in counts.items():     # how many checks of each form ran (printed ones failed, corrected ones passed)
    print(f"{cid:22s} {summary}")

# %% [markdown]
# ## Printed, corrected, evidence

# %%
for c in errata:
    e = c.erratum
    display(Markdown(f"### {c.where} (`{c.id}`)\n\n*{c.statement}*\n\n"
                     f"- **as printed:** {e.as_printed}\n- **corrected:** {e.corrected}\n- **evidence:** {e.evidence}"))

# %% [markdown]
# ## Misprints no computation can test
#
# Cross-references, indices and typography (`dlnsym.errata.TYPOGRAPHICAL`):

# %%
display(Markdown(typographical_markdown()))

# %% [markdown]
# ## Hypotheses dropped
#
# A printed statement whose own hypotheses admit a counterexample is an erratum; a hypothesis that can be dropped
# without a counterexample is worth knowing too. For each hypothesis of a claim, its *ablation* check tests the
# statement on instances that violate it, through the same machinery as the claim: **counterexample** means the
# statement fails there (the hypothesis is needed), **survives** means it held on every instance tried (recorded,
# not proved). Each ablation must come out as the registry expects; otherwise the claim is `failed`.

# %%
# NBVAL_CHECK_OUTPUT
ablation_runs = run_ablations(CLAIMS, Options())
outcomes = {}
for r in ablation_runs:
    for x in r["results"]:
        assert x.passed, (r["claim"].id, x.note, x.error)
        outcomes[x.outcome] = outcomes.get(x.outcome, 0) + 1
print(len(ablation_runs), "claims with ablations;", ", ".join(f"{v} {k}" for k, v in sorted(outcomes.items())))
ablation_table = ablations_markdown(ablation_runs)

# %%
display(Markdown(ablation_table))

# %% [markdown]
# ## Coverage of the paper
#
# Every numbered display, theorem, lemma, remark, corollary, definition and figure of the paper, with the claims that
# check it (`dlnsym.paper`). A label that no claim checks must say why (it asserts nothing a computation could test).

# %%
# NBVAL_CHECK_OUTPUT
cov = coverage(CLAIMS)
uncovered = [lab for lab, _ in LABELS if not cov[lab]]
print(len(LABELS), "labels;", len(LABELS) - len(uncovered), "checked by a claim;", "no claim:", ", ".join(uncovered))
assert set(uncovered) == set(NO_CLAIM)

# %%
display(Markdown(coverage_markdown(CLAIMS)))

# %% [markdown]
# ## The README agrees with the registry
#
# The README's errata section must contain exactly the two tables generated here (`dlnsym errata` prints them), and
# its hypothesis and coverage sections the two tables above (`tools/update_readme.py` writes them).

# %%
# NBVAL_CHECK_OUTPUT
readme = Path("..", "README.md").read_text(encoding="utf-8")
print("computable errata table in README:", errata_markdown(CLAIMS) in readme)
print("typographical table in README:", typographical_markdown() in readme)
print("ablation table in README:", ablation_table in readme)
print("coverage table in README:", coverage_markdown(CLAIMS) in readme)
assert errata_markdown(CLAIMS) in readme and typographical_markdown() in readme
assert ablation_table in readme and coverage_markdown(CLAIMS) in readme
