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
# # 00 — Overview: what the paper says, and what dlnsym checks
#
# Lindsey and Menon, *Regularization implies balancedness in the Deep Linear Network* (arXiv:2511.01137).
#
# **The setting.** A deep linear network of depth $N$ and width $d$ is a tuple of $d\times d$ matrices
# $\mathbf W=(W_N,\dots,W_1)$ over $\mathbb F=\mathbb R$ or $\mathbb C$; it computes the end-to-end matrix
# $X=W_N\cdots W_1$ (1.1). A loss $E(X)$ only sees $X$, so the parameters that give the same $X$ form a
# *fibre* $\mathcal F_X$, and training by gradient flow (1.2) moves through many of them. The group
# $GL(d)^{N-1}$ acts on $\mathbf W$ by inserting $A_kA_k^{-1}$ between consecutive layers (1.6): it keeps $X$ and
# sweeps out the whole fibre when $X$ has full rank (Lemma 1).
#
# Across the fibres runs a second family of sets: the level sets of the **moments**
# $G_k=W_kW_k^*-W_{k+1}^*W_{k+1}$ (1.11). Gradient training of *any* loss conserves them (Section 1.4.1), and
# $\mathbf G=0$ is the **balanced variety** (1.3). The paper's theorems link the two families:
#
# * **Theorem 1** (Kempf–Ness): on a full-rank fibre, the ridge regulariser $\|\mathbf W\|_2^2$ is minimised
#   exactly at the balanced points, one unitary orbit $\mathcal O_X$ of the *centre* $\mathbf C$.
# * **Theorem 2**: along the gradient flow of $\tfrac12\|\mathbf W\|^2$ *inside the fibre* (the regularizing
#   flow), the moments decay by pure scaling, $\mathbf G(t)=\mathbf G_0e^{-2t}$.
# * **Theorem 10 / Corollary 1**: the gradient flow of $\tfrac12\|\mathbf G\|^2$ (Kirwan–Ness) is an explicit
#   cubic system and converges to a balanced point from any start.
# * **Theorem 20**: the same holds for sums of Schatten $p$-norms, $1<p<\infty$; $p=1$ is left open.
#
# dlnsym checks each displayed statement from first principles: exact algebra with matrix letters of
# symbolic size (every $d$, and every $N$ by a locality argument), explicit entries over $\mathbb R$ and $\mathbb C$,
# and mpmath at 50 digits. Where the printed formula fails, the registry records an **erratum**: the printed
# form (which must fail), the corrected one (which must pass), and the evidence.
#
# ## Reading order
#
# | notebook | what it covers |
# |---|---|
# | `00_overview` | this page: the setting and the live table of claims |
# | `01_fibres_and_group_orbits` | (1.1), (1.6), the centre, Lemma 1 and its proof, $\mathcal O_X$, (1.7), alignment on $\mathcal M$, Figure 1.1 |
# | `02_tangent_space_and_metric` | (2.3), Lemma 2, (2.7), Definition 8, Lemmas 3–4, the conservation law for any loss |
# | `03_regularizing_flow` | Lemma 5, (2.19)–(2.21), Theorem 2 symbolically and numerically, Remark 9, Figure 1.2, Remark 6 |
# | `04_kirwan_ness_flow` | Theorem 10, (1.22), (2.24)–(2.27), Remark 11, (2.31), Corollary 1, the two flows compared |
# | `05_kempf_ness` | Theorems 13–14 instantiated, Theorem 1 at high precision, the Hessian, Remarks 16 and 18, hidden convexity |
# | `06_schatten_norms` | Theorem 20, the closed-form minimum derived, and $p=1$ |
# | `07_errata` | every erratum: printed, corrected, evidence, re-run live |
# | `08_training_dynamics` | Section 4.1, Remark 5, Remark 4, Section 4.3: regularized training, the learning flow, concentration — beyond the paper |
# | `09_linear_systems` | Section 1.3.1: Helmke's balanced realizations — beyond the paper |
# | `10_noise` | Section 4.2: the Ornstein–Uhlenbeck prior and noisy training — beyond the paper |
# | `11_invariant_theory` | Section 3: Theorem 13 on closed and non-closed orbits (the DLN, a torus, conjugation), Theorem 14 and Theorem 19 (Azad–Loeb) with hypotheses dropped, Remark 15 (the real Kempf–Ness theorem), Remark 17 (Ness's flow) |
#
# ## The live table
#
# Every claim of the registry is re-checked below at small sizes (the smallest $N$ and $d$ of each check:
# `Options(quick=True)`, the analogue of `dlnsym verify --quick`). The table shows the verdict only, no timings,
# so that re-running the notebook gives the same output.

# %%
from dlnsym.claims import CLAIMS, Options
from dlnsym.report import run_claims

opts = Options(quick=True)
runs = run_claims(CLAIMS, opts)

# %%
# NBVAL_CHECK_OUTPUT
rows = [(r["claim"].id, r["claim"].where + (" *" if r["claim"].beyond_paper else ""), r["status"],
         r["claim"].notebook.replace(".ipynb", "") or "-") for r in runs]
w = [max(len(x[i]) for x in rows) for i in range(4)]
print("  ".join(h.ljust(n) for h, n in zip(("id", "where", "status", "notebook"), w)).rstrip())
for row in rows:
    print("  ".join(x.ljust(n) for x, n in zip(row, w)).rstrip())
counts = {}
for r in runs:
    counts[r["status"]] = counts.get(r["status"], 0) + 1
print()
print(", ".join(f"{v} {k}" for k, v in sorted(counts.items())), "(* beyond the paper)")

# %% [markdown]
# *proved*: an exact symbolic identity; *confirmed*: numeric or statistical evidence within a tolerance that
# follows the working precision; *erratum*: the printed form fails and the corrected form passes; *open*:
# explored, no claim made; *failed*: something expected to hold did not — the assert below forbids it.

# %%
# NBVAL_CHECK_OUTPUT
failed = [r["claim"].id for r in runs if r["status"] == "failed"]
print("failed claims:", failed)
assert not failed

# %% [markdown]
# The same table, with the evidence (methods and sizes) of each claim, as Markdown:

# %%
from IPython.display import Markdown, display

from dlnsym.report import claims_markdown

display(Markdown(claims_markdown(runs)))
