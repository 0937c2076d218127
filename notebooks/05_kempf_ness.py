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
# # 05 — Kempf–Ness: Theorems 13–14 for the DLN, Theorem 1 at high precision, Remarks 16 and 18, hidden convexity
#
# Section 3 proves Theorem 1 by recognising a classical situation. A group $\mathcal G=GL(d)^{N-1}$ acts linearly on
# $V=\mathbb M_d^N$ by (1.6); the norm $\|\mathbf W\|_2$ is invariant under the maximal compact subgroup $\mathcal K=U_d^{N-1}$
# ($O_d^{N-1}$ over $\mathbb R$, by (1.7)); and for full-rank $X$ the fibre $\mathcal F_X$ is one $\mathcal G$-orbit (Lemma 1). The
# Kempf–Ness theorems then say, for $\psi_{\mathbf W}(\mathbf A)=\|\mathbf A\cdot\mathbf W\|^2$ on a closed orbit:
#
# * (Theorem 13) $\psi$ has a critical point $\iff$ it has a minimum $\iff$ the orbit is closed;
# * (Theorem 14) every critical point is a global minimum, the minima form **one** $\mathcal K$-orbit, and the Hessian there is
#   positive semidefinite, degenerate **exactly** along the $\mathcal K$-orbit.
#
# The critical points are where the moment map vanishes: $d\psi(e)(\mathbf a)=2\sum_k\operatorname{Re}\operatorname{Tr}(G_ka_k)$, so with the
# pairing (1.14) $\mu=2\mathbf G$ (Remark 18 prints $\mu=\mathbf G$: an erratum, Section 5), zero iff $\mathbf G=0$. So the minimisers
# of $\|\mathbf W\|^2$ on $\mathcal F_X$ are the balanced points — Theorem 1. Below, each item is instantiated in numbers at
# balanced points of full-rank fibres; notebook 11 tests Theorems 13, 14 and 19 on non-closed orbits, other groups,
# and with each hypothesis dropped.

# %%
N, d = 3, 2                  # depth and width (both fields are run below)
dps = 50                     # precision of the minimisers and Hessians
seed = 2

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import mpmath

from dlnsym.claims import Options, get
from dlnsym.formulas import act, end_to_end, moments, norm_sq
from dlnsym.matrix import Dual
from dlnsym.numeric import random_state
from dlnsym.numeric.kempf_ness import (
    exponential_sum,
    kempf_ness_spectrum,
    psi_along,
    psi_second_derivative,
    search_nonconvex,
)
from dlnsym.numeric.minimize import certify, minimize_ridge
from dlnsym.numeric.section1 import centre, orbit_unitary, random_unitaries

tol = mpmath.mpf(10) ** -(dps - 10)
def small(r):
    return bool(abs(r) < tol)
def registry(cid, expect, **kw):
    run = get(cid).run(Options(Ns=(N,), ds=(d,), **kw))
    print(f"{cid:18s} {run['status']}")
    assert run["status"] == expect, (cid, run["status"])


# %% [markdown]
# <a id="claim-theorem-1"></a>
#
# ## 1. Theorem 1 at high precision, over $\mathbb R$ and $\mathbb C$
#
# **The minimum value, derived.** At a balanced point of $\mathcal F_X$ every layer has singular values $\Sigma^{1/N}$
# (notebook 01), so $\|\mathbf W\|_2^2=\sum_k\|W_k\|_F^2=N\sum_i\sigma_i^{2/N}$. If the balanced points are the minimisers, this
# is the minimum. We minimise $\|\mathbf W\|^2$ on the fibre by Newton's method in group coordinates (the numeric layer's
# `minimize_ridge`, started from a random point) and compare the value with the formula, and the minimiser with
# $\mathbf G=0$. A negative control: the value at the starting point, and at a non-balanced point built from the
# minimiser by a non-unitary $\mathbf A$, is larger.

# %%
results = {}
for field in ("R", "C"):
    W0 = random_state(N, d, field, seed=seed, dps=dps)
    with mpmath.workdps(dps):
        X = end_to_end(W0)
    Wm = minimize_ridge(W0, dps=dps)
    c = certify(Wm, X, 2, 2, dps=dps)           # f = 1/2 ||W||^2 (q = 2): value and closed form N/2 sum sigma^(2/N)
    with mpmath.workdps(dps):
        A = random_state(max(N - 1, 2), d, field, seed=seed + 5, dps=dps)[: N - 1]
        other = act(A, Wm)                       # another point of the same fibre
        results[field] = dict(value=2 * c["value"], formula=2 * c["closed_form"], rel_err=c["value_error"],
                              balanced=c["balanced"], X_err=c["X_error"], start=norm_sq(W0), other=norm_sq(other))
    r = results[field]
    print(f"{field}: ||W||^2 at the minimiser = {mpmath.nstr(r['value'], 30)}")
    print(f"   N sum sigma_i^(2/N)        = {mpmath.nstr(r['formula'], 30)}")
    print(f"   relative error {mpmath.nstr(r['rel_err'], 3)},  max |G_k| {mpmath.nstr(r['balanced'], 3)},"
          f"  |X(W) - X| {mpmath.nstr(r['X_err'], 3)};  start {mpmath.nstr(r['start'], 6)}, A.W {mpmath.nstr(r['other'], 6)}")

# %%
# NBVAL_CHECK_OUTPUT
for field, r in results.items():
    flags = (small(r["rel_err"]), small(r["balanced"]), small(r["X_err"]), r["start"] > r["value"], r["other"] > r["value"])
    print(field, flags)
    assert all(flags)
registry("theorem-1", "confirmed")

# %% [markdown]
# ## 2. Theorem 14 (1): the minimisers form one $\mathcal K$-orbit
#
# Minimise from several unrelated starting points of the **same** fibre (random $\mathbf A\cdot\mathbf W_0$). The minimisers differ,
# but each pair is related by the action of a $\mathbf Q$ that is unitary (orthogonal over $\mathbb R$): `orbit_unitary` solves
# $\mathbf Q\cdot\mathbf W=\mathbf W'$ layer by layer and reports how far $\mathbf Q$ is from unitary.

# %%
orbit = {}
for field in ("R", "C"):
    W0 = random_state(N, d, field, seed=seed, dps=dps)
    mins = []
    for s in range(3):
        with mpmath.workdps(dps):
            A = random_state(max(N - 1, 2), d, field, seed=40 + s, dps=dps)[: N - 1]
            start = act(A, W0)
        mins.append(minimize_ridge(start, dps=dps))
    with mpmath.workdps(dps):
        pairs = [orbit_unitary(mins[0], m, dps=dps) for m in mins[1:]]
        dist = [mpmath.sqrt(sum(mpmath.mnorm(a - b, "f") ** 2 for a, b in zip(mins[0], m))) for m in mins[1:]]
    orbit[field] = (pairs, dist)
    for (Q, unit, resid), dd in zip(pairs, dist):
        print(f"{field}: distance between minimisers {mpmath.nstr(dd, 5)}; Q unitary to {mpmath.nstr(unit, 3)}, "
              f"Q.W = W' to {mpmath.nstr(resid, 3)}")

# %%
# NBVAL_CHECK_OUTPUT
for field, (pairs, dist) in orbit.items():
    print(field, all(small(u) and small(r) for _, u, r in pairs), all(dd > mpmath.mpf("1e-3") for dd in dist))

# %% [markdown]
# <a id="claim-kempf-ness"></a>
#
# ## 3. Theorem 14 (2): the Hessian at a minimiser
#
# At a balanced $\mathbf W=\mathbf Q\cdot\mathbf C$, the Hessian of $\psi_{\mathbf W}$ at the identity on the real Lie algebra
# $\mathfrak{gl}(d)^{N-1}$ (real dimension $2(N-1)d^2$ over $\mathbb C$, $(N-1)d^2$ over $\mathbb R$) should be positive semidefinite with
# kernel exactly $\mathfrak k=\mathfrak u(d)^{N-1}$ (skew-Hermitian directions: dimension $(N-1)d^2$ over $\mathbb C$) resp.
# $\mathfrak o(d)^{N-1}$ (dimension $(N-1)d(d-1)/2$ over $\mathbb R$). The numeric layer derives the second derivative of
# $\tau\mapsto\|e^{\tau\mathbf a}\cdot\mathbf W\|^2$ as $2\|\mathbf w_{\mathbf a}\|^2+2\langle\mathbf W,\mathbf w_{\mathbf a}(\mathbf w_{\mathbf a}(\mathbf W))\rangle$ and polarises it.
# A check of that derivative by jets of the action, along a random $\mathbf a$ (second derivative = derivative of the first):

# %%
with mpmath.workdps(dps):
    Wc = random_state(N, d, "C", seed=seed, dps=dps)
    a = random_state(max(N - 1, 2), d, "C", seed=77, dps=dps)[: N - 1]
    h = mpmath.mpf(10) ** -12
    fd = (psi_along(Wc, a, h) - 2 * norm_sq(Wc) + psi_along(Wc, a, -h)) / h ** 2
    print("second derivative: formula", mpmath.nstr(psi_second_derivative(Wc, a), 15), " finite difference",
          mpmath.nstr(fd, 15))

# %%
spectra = {}
for field in ("R", "C"):
    with mpmath.workdps(dps):
        X = end_to_end(random_state(N, d, field, seed=seed, dps=dps))
        C = centre(X, N, dps=dps)[0]
        B = act(random_unitaries(N, d, field, seed=seed, dps=dps), C)   # a point of O_X
    sp = kempf_ness_spectrum(B, dps=dps)
    spectra[field] = sp
    print(f"{field}: dimension {sp['dimension']}, eigenvalues (ascending):",
          ", ".join(mpmath.nstr(x, 4) for x in sp["eigenvalues"]))

# %%
# NBVAL_CHECK_OUTPUT
for field, sp in spectra.items():
    print(f"{field}: kernel dimension {sp['kernel_dim']} (expected {sp['expected_kernel']}), "
          f"skew directions in the kernel: {small(sp['skew_block'])}, Hermitian block positive definite: {sp['her_min'] > 0}")
    assert sp["kernel_dim"] == sp["expected_kernel"] and sp["her_min"] > 0
registry("kempf-ness", "confirmed")

# %% [markdown]
# The positive eigenvalues belong to the Hermitian directions $\mathbf a=\mathbf a^*$, along which $e^{\tau\mathbf a}$ moves *off* the
# orbit $\mathcal O_X$ inside the fibre: the minimum is strict transversally to $\mathcal K$.
#
# <a id="claim-remark-16"></a>
#
# ## 4. Remark 16: the non-closed orbits of Figure 1.1
#
# For $d=1$, $N=2$ and the group $\mathbb R_+$ acting by $(w_2,w_1)\mapsto(w_2A^{-1},Aw_1)$, the orbit of a point with $w_1w_2\ne0$ is a
# branch of the hyperbola $w_2w_1=x$: closed, and $\psi(A)=w_2^2/A^2+A^2w_1^2$ has the critical point $A^4=w_2^2/w_1^2$. On a semi-axis
# ($w_1=0\ne w_2$) the orbit is the open semi-axis; it accumulates at the origin, which is not in it, and $\psi$ decreases to $0$
# without a critical point — Theorem 13's equivalence, seen in the plane. The registry checks this with SymPy:

# %%
# NBVAL_CHECK_OUTPUT
registry("remark-16", "proved")

# %% [markdown]
# <a id="claim-remark-18"></a>
#
# ## 5. Remark 18: the moment map computed from (3.4)–(3.6), and (3.7) as printed
#
# Definition 12 sets $\mu(\mathbf W)=d\psi_{\mathbf W}(e)$ with $\psi_{\mathbf W}(\mathbf A)=\|\mathbf A\cdot\mathbf W\|^2$ (3.4) — no factor $\tfrac12$ —
# and (3.5) $d\psi_{\mathbf W}(e)(\mathbf a)=\frac{d}{d\tau}\|e^{\tau\mathbf a}\cdot\mathbf W\|^2\big|_0$. To compare a functional on
# $\mathfrak{gl}(d)^{N-1}$ with the tuple $\mathbf G$ one needs a pairing, and the paper has one: (1.14)/(1.16),
# $\langle\xi,\mathbf a\rangle=\sum_k\operatorname{Re}\operatorname{Tr}(\xi_k^*a_k)$. Differentiating with jets and pairing by (1.14):

# %%
with mpmath.workdps(dps):
    from dlnsym.matrix import eye_like
    Wc = random_state(N, d, "C", seed=seed, dps=dps)
    a = random_state(max(N - 1, 2), d, "C", seed=78, dps=dps)[: N - 1]
    curve = act([Dual(eye_like(x), x) for x in a], [Dual(x, 0 * x) for x in Wc])
    dpsi = sum((mpmath.re(sum(((mpmath.matrix(M.der).H @ M.val + mpmath.matrix(M.val).H @ M.der)[i, i]
                               for i in range(d)))) for M in curve), mpmath.mpf(0))
    G = moments(Wc)
    def pair(xi):  # (1.14): sum_k Re Tr(xi_k^* a_k)
        return sum((mpmath.re(sum(((xi_k.H @ ak)[i, i] for i in range(d)))) for xi_k, ak in zip(xi, a)), mpmath.mpf(0))
    print("d psi(e)(a)             =", mpmath.nstr(dpsi, 20))
    print("<2G, a>  (1.14)         =", mpmath.nstr(pair([2 * g for g in G]), 20))
    print("<G, a>   (1.14), (3.7)  =", mpmath.nstr(pair(G), 20))
    r2, r1 = dpsi - pair([2 * g for g in G]), dpsi - pair(G)

# %%
# NBVAL_CHECK_OUTPUT
print("mu = 2G:", small(r2), "   mu = G as printed:", small(r1))
assert small(r2) and not small(r1)
registry("remark-18", "erratum")
print(get("remark-18").erratum.corrected)

# %% [markdown]
# So $\mu=2\mathbf G$ under the paper's own pairing; the printed $\mu=\mathbf G$ holds only where $\mathbf G=0$. It would hold
# everywhere with $\psi=\tfrac12\|\mathbf A\cdot\mathbf W\|^2$, the normalisation of Section 1.4.1 ("the moment map corresponding to the
# invariance of $\tfrac12\|\mathbf W\|_2^2$"). The registry proves $d\psi(e)(\mathbf a)=\langle2\mathbf G,\mathbf a\rangle$ for matrix letters
# of symbolic size and every $N$ (and that it vanishes on skew-Hermitian $\mathbf a$, so $\mu$ lies in the annihilator of
# $\mathfrak k$), and rejects $\mu=\mathbf G$ and the control $\mu=-2\mathbf G$. No pairing is chosen to make the print right.
#
# <a id="claim-hidden-convexity"></a>
#
# ## 6. Hidden convexity (Section 3.4)
#
# For Hermitian $a_k=Y_k\,\mathrm{diag}(\lambda^{(k)})\,Y_k^*$, $(e^{\tau\mathbf a}\cdot\mathbf W)_k=Y_ke^{\tau\Lambda_k}B_ke^{-\tau\Lambda_{k-1}}Y_{k-1}^*$ with
# $B_k=Y_k^*W_kY_{k-1}$, so
# $$\|e^{\tau\mathbf a}\cdot\mathbf W\|^2=\sum_k\sum_{i,j}|(B_k)_{ij}|^2\,e^{2\tau(\lambda^{(k)}_i-\lambda^{(k-1)}_j)},$$
# a sum of exponentials with nonnegative coefficients — the "special functions" $\sum_ia_ie^{l_ix}$ with which Kempf and
# Ness begin (the paper prints $\sum_ia_e^{l_ix}$). Such a function is convex in $\tau$: along every one-parameter subgroup
# of Hermitian directions, $\psi$ is convex. That is the hidden convexity. For a non-Hermitian $\mathbf a$ it fails.

# %%
with mpmath.workdps(30):
    Wc = random_state(N, d, "C", seed=seed, dps=30)
    M = random_state(max(N - 1, 2), d, "C", seed=79, dps=30)[: N - 1]
    a_her = [(m + m.H) / 4 for m in M]
    terms = exponential_sum(Wc, a_her)
    taus = [mpmath.mpf(i) / 20 for i in range(-30, 31)]
    direct = [psi_along(Wc, a_her, t) for t in taus]
    sums = [mpmath.fsum(c * mpmath.exp(r * t) for c, r in terms) for t in taus]
    rep_err = max(abs(x - y) / abs(x) for x, y in zip(direct, sums))
    second = [direct[i - 1] - 2 * direct[i] + direct[i + 1] for i in range(1, len(taus) - 1)]
    bad = search_nonconvex(Wc, seeds=10, dps=30)
    print("max relative difference, direct vs exponential sum:", mpmath.nstr(rep_err, 3))
    print("min coefficient |(B_k)_ij|^2:", mpmath.nstr(min(c for c, r in terms), 4))
    print("non-Hermitian a: most negative second derivative found:", mpmath.nstr(bad[2], 5) if bad else None)
fig, ax = plt.subplots(1, 2, figsize=(11, 3.8))
ax[0].plot([float(t) for t in taus], [float(x) for x in direct], "-", lw=2, label=r"$\|e^{\tau\mathbf{a}}\cdot\mathbf{W}\|^2$ (expm)")
ax[0].plot([float(t) for t in taus[::4]], [float(x) for x in sums[::4]], "o", label="sum of exponentials")
ax[0].set_xlabel(r"$\tau$")
ax[0].set_ylabel(r"$\psi_{\mathbf{W}}(e^{\tau\mathbf{a}})$")
ax[0].legend()
ax[0].set_title(r"Hermitian $\mathbf{a}$: convex")
if bad:
    seed_b, tau_b, val_b, a_b = bad
    with mpmath.workdps(30):
        tb = [mpmath.mpf(i) / 10 for i in range(-40, 41)]
        ybad = [psi_along(Wc, a_b, t) for t in tb]
    ax[1].plot([float(t) for t in tb], [float(y) for y in ybad], "-", color="C3", lw=2)
    ax[1].set_xlabel(r"$\tau$")
    ax[1].set_ylabel(r"$\|e^{\tau\mathbf{a}}\cdot\mathbf{W}\|^2$")
    ax[1].set_title(r"a non-Hermitian $\mathbf{a}$: not convex")
plt.tight_layout()
plt.show()

# %%
# NBVAL_CHECK_OUTPUT
print("representation exact:", bool(rep_err < mpmath.mpf(10) ** -20), "  coefficients >= 0:", all(c >= 0 for c, r in terms),
      "  convex on the grid:", all(s > 0 for s in second), "  non-Hermitian counterexample found:", bool(bad and bad[2] < 0))
assert rep_err < mpmath.mpf(10) ** -20 and all(s > 0 for s in second) and bad and bad[2] < 0
registry("hidden-convexity", "confirmed")
