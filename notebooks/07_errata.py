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
from dlnsym.report import errata_markdown

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
# ## The README agrees with the registry
#
# The README's errata section must contain exactly the two tables generated here (`dlnsym errata` prints them).

# %%
# NBVAL_CHECK_OUTPUT
readme = Path("..", "README.md").read_text(encoding="utf-8")
print("computable errata table in README:", errata_markdown(CLAIMS) in readme)
print("typographical table in README:", typographical_markdown() in readme)
assert errata_markdown(CLAIMS) in readme and typographical_markdown() in readme
