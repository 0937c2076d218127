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
# # 06 — Schatten norms: Theorem 20, the minimum value derived, and $p=1$
#
# Theorem 20 replaces the ridge regulariser by the sum of Schatten norms (3.8),
# $\sum_k\|W_k\|_p$ with $\|W\|_p=(\sum_i s_i(W)^p)^{1/p}$, and states that for $1<p<\infty$ its minimisers on a full-rank fibre are
# again exactly the balanced points. The paper's argument is the Azad–Loeb theorem (strict plurisubharmonicity). Here we
#
# 1. **derive** the minimum value $N\big(\sum_i\sigma_i^{p/N}\big)^{1/p}$ with two elementary inequalities, and see that balanced points attain it;
# 2. check Theorem 20 numerically for several $p$, over $\mathbb R$ and $\mathbb C$;
# 3. compute the Levi form of (3.8) and test the sentence after it ("strictly plurisubharmonic for $1<p<\infty$, not
#    strictly at $p=1$"): it is strictly plurisubharmonic at every invertible point for **every** $0<p<\infty$, $p=1$ included
#    (an erratum), and it is not strictly plurisubharmonic on all of $\mathbb M_d^N(\mathbb C)$ for $p>2$;
# 4. prove $p=1$ (which the paper leaves open) for full-rank $X$, step by step;
# 5. drop the hypotheses of Theorem 20 one at a time; and look at rank-deficient $X$ at $p=1$ (no claim).
#
# (Notation: the paper writes (3.8) as $\|\mathbf W\|_p$; at $p=2$ this is $\sum_k\|W_k\|_F$, not the $\|\mathbf W\|_2$ of (1.4) — a clash of
# symbols listed among the typographical errata. The two functionals have the same minimisers on $\mathcal F_X$.)

# %%
N, d, field = 3, 2, "C"      # depth, width, field
dps = 40                     # precision of the minimisers
seed = 3
ps = ["3/2", "2", "3", "4"]  # the exponents tried for Theorem 20

# %%
# %matplotlib inline
from fractions import Fraction

import matplotlib.pyplot as plt
import mpmath

from dlnsym.claims import Options, get
from dlnsym.formulas import act, end_to_end, tangent_vector
from dlnsym.git import checks_p1 as P1
from dlnsym.numeric import minimize_on_fiber, random_state
from dlnsym.numeric.levi import (
    levi_closed,
    levi_closed_eigenvalues,
    levi_numeric,
    real_hessian_nuclear_kernel,
    singular_direction_levi,
)
from dlnsym.numeric.minimize import certify, closed_form, expm_hermitian, functional, hermitian_basis, minimize_nuclear
from dlnsym.numeric.section1 import centre, random_unitaries, random_unitary, svd_sorted, unitary_from_balanced

tol = mpmath.mpf(10) ** -(dps - 10)
def small(r):
    return bool(abs(r) < tol)
def schatten(M, p):
    return mpmath.fsum(s ** p for s in mpmath.svd(M, compute_uv=False)) ** (1 / p)
def registry(cid, expect, **kw):
    run = get(cid).run(Options(Ns=(N,), ds=(d,), fields=(field,), quick=True, **kw))
    print(f"{cid:26s} {run['status']}")
    assert run["status"] == expect, (cid, run["status"])
    return run


# %% [markdown]
# ## 1. The minimum value of Theorem 20, derived
#
# **Hölder for Schatten norms.** For $r,p,q>0$ with $1/r=1/p+1/q$: $\|AB\|_r\le\|A\|_p\|B\|_q$. (The singular values of $AB$ are
# log-majorised by the products $s_i(A)s_i(B)$ (Horn), and then the scalar Hölder inequality applies.) Applying it $N-1$ times
# to $X=W_N\cdots W_1$ with every exponent equal to $p$ gives, since $N$ copies of $1/p$ add up to $N/p$,
# $$\|X\|_{p/N}\le\prod_{k=1}^N\|W_k\|_p .$$
# **AM–GM.** $\prod_k\|W_k\|_p\le\big(\tfrac1N\sum_k\|W_k\|_p\big)^N$. Together:
# $$\sum_{k=1}^N\|W_k\|_p\;\ge\;N\,\|X\|_{p/N}^{1/N}=N\Big(\sum_i\sigma_i^{p/N}\Big)^{1/p}\qquad\text{on all of }\mathcal F_X .$$
# **Equality on balanced points.** There every $W_k$ has singular values $\Sigma^{1/N}$ (notebook 01), so every $\|W_k\|_p$ equals
# $(\sum_i\sigma_i^{p/N})^{1/p}$ and the sum is exactly the bound. So the balanced points are minimisers, for **every** $p>0$ — and the
# minimum value is the closed form. What Theorem 20 adds is the converse: for $1<p<\infty$ there are no other minimisers.
#
# The two inequalities and the equality, in numbers (random matrices for Hölder; a random and a balanced point for the bound):

# %%
with mpmath.workdps(dps):
    holder = []
    for s in range(5):
        A, B = random_state(2, d, field, seed=200 + s, dps=dps)
        for p, q in ((mpmath.mpf(3) / 2, 3), (2, 2), (3, 4)):
            r = 1 / (mpmath.mpf(1) / p + mpmath.mpf(1) / q)
            holder.append(schatten(A @ B, r) / (schatten(A, p) * schatten(B, q)))
    print("max ||AB||_r / (||A||_p ||B||_q) over 15 random cases:", mpmath.nstr(max(holder), 6))
    W = random_state(N, d, field, seed=seed, dps=dps)
    X = end_to_end(W)
    C = centre(X, N, dps=dps)[0]
    B = act(random_unitaries(N, d, field, seed=seed, dps=dps), C)
    rows = []
    for p in ps:
        pm = mpmath.mpf(Fraction(p).numerator) / Fraction(p).denominator
        bound = closed_form(X, N, pm)
        rows.append((p, functional(W, pm), functional(B, pm), bound))
        print(f"p = {p:>3s}: random point {mpmath.nstr(rows[-1][1], 10):>14s}   balanced point "
              f"{mpmath.nstr(rows[-1][2], 20):>24s}   N (sum sigma^(p/N))^(1/p) {mpmath.nstr(bound, 20):>24s}")

# %%
# NBVAL_CHECK_OUTPUT
print("Hoelder holds:", all(h <= 1 for h in holder), "  bound below the random point:", all(r[1] > r[3] for r in rows),
      "  balanced point attains it:", all(small(r[2] / r[3] - 1) for r in rows))
assert all(h <= 1 for h in holder) and all(small(r[2] / r[3] - 1) for r in rows)

# %% [markdown]
# <a id="claim-theorem-20"></a>
#
# ## 2. Theorem 20 for several $p$
#
# Newton's method on the fibre (group coordinates, the numeric layer's `minimize_on_fiber`) from a random start. The certificate
# reports the value against the closed form, the balance defect $\max_k|G_k|$, the gradient, and the smallest eigenvalue of the
# Hessian over Hermitian directions (positive: a strict minimum transversally to the unitary orbit). Negative control: the value
# $N^{1/p}(\sum_i\sigma_i^{p/N})^{1/p}$ — the Schatten norm of the stacked balanced state, a plausible mis-derivation — is rejected.

# %%
cert = {}
for p in ps:
    pm = Fraction(p)
    Wm = minimize_on_fiber(W, pm, dps=dps)
    c = certify(Wm, X, pm, dps=dps)
    cert[p] = c
    with mpmath.workdps(dps):
        wrong = N ** (mpmath.mpf(pm.denominator) / pm.numerator - 1) * c["closed_form"]
    cert[p]["control"] = abs(c["value"] / wrong - 1)
    print(f"p = {p:>3s}: value {mpmath.nstr(c['value'], 25)}  rel. error {mpmath.nstr(c['value_error'], 3)}  "
          f"max|G| {mpmath.nstr(c['balanced'], 3)}  Hessian min {mpmath.nstr(c['hess_min'], 5)}")

# %%
# NBVAL_CHECK_OUTPUT
for p, c in cert.items():
    flags = (small(c["value_error"]), small(c["balanced"]), small(c["X_error"]), bool(c["hess_min"] > 0),
             bool(c["control"] > mpmath.mpf("1e-3")))
    print(f"p = {p:>3s}:", flags)
    assert all(flags)
run20 = registry("theorem-20", "confirmed")

# %% [markdown]
# <a id="claim-psh-schatten"></a>
#
# ## 3. The sentence after (3.8): the Levi form, computed
#
# A real function $f$ on $\mathbb M_d(\mathbb C)$ is plurisubharmonic iff its Levi form
# $L_f(W)[v]=\partial_s\partial_{\bar s}f(W+sv)|_{s=0}=\tfrac14(\partial_x^2+\partial_y^2)f(W+(x+iy)v)$ is $\ge0$, strictly iff it is $>0$.
# (3.8) is a sum over layers, so its Levi form is block diagonal, one block per layer. Below, each block is computed
# **from this definition** (central differences at $2\,\mathrm{dps}+20$ digits, polarised on the matrix units) and compared with
# the closed form derived in `dlnsym.numeric.levi`: with $W=U\,\mathrm{diag}(\sigma)V^*$, $n=\|W\|_p$, $E=U^*vV$,
# $$L[v]=\frac{n^{1-p}}4\Big(\sum_{i,j}c_{ij}|E_{ij}|^2+\frac{1-p}{n^p}\Big|\sum_i\sigma_i^{p-1}E_{ii}\Big|^2\Big),\qquad
# c_{ij}=\frac{2(\sigma_i^p-\sigma_j^p)}{\sigma_i^2-\sigma_j^2},\ c_{ii}=p\,\sigma_i^{p-2},$$
# positive definite at every invertible $W$ for every $0<p<\infty$; at $p=1$, $L[v]=\tfrac12\sum_{ij}|E_{ij}|^2/(\sigma_i+\sigma_j)$ with smallest
# eigenvalue $1/(4\sigma_{\max})$. A point with invertible layers is a point of the full-rank fibre $\mathcal G_x=\mathcal F_{X(\mathbf W)}$.

# %%
levi_ps = [1, Fraction(3, 2), 2, 3, 4]
Wl = random_state(2, d, "C", seed=11, dps=dps)[0]
Ln = levi_numeric(Wl, levi_ps, dps=dps)
with mpmath.workdps(dps):
    _, sl, _ = svd_sorted(Wl)
    levi_rows = []
    for p in levi_ps:
        Lc = levi_closed(Wl, p, dps=dps)
        err = max(abs(Ln[p][i, j] - Lc[i, j]) for i in range(d * d) for j in range(d * d))
        lmin = min(mpmath.eigh(Ln[p], eigvals_only=True))
        levi_rows.append((p, err, lmin, levi_closed_eigenvalues(sl, p)[0]))
        print(f"p = {str(p):>3s}: |L_definition - L_closed| = {mpmath.nstr(err, 3):>9s}   smallest eigenvalue "
              f"{mpmath.nstr(lmin, 15)}   (closed form {mpmath.nstr(levi_rows[-1][3], 15)})")
    print("1/(4 sigma_max) =", mpmath.nstr(1 / (4 * sl[0]), 15))

# %%
# NBVAL_CHECK_OUTPUT
print("definition = closed form:", all(small(e) for _, e, _, _ in levi_rows),
      "  positive definite for every p (p = 1 included):", all(l > tol for _, _, l, _ in levi_rows))
assert all(small(e) and l > tol for _, e, l, _ in levi_rows)

# %% [markdown]
# **What is degenerate at $p=1$** is the *real* Hessian: along $v=USV^*$ with $S$ Hermitian, $t\mapsto\|W+tv\|_1=\operatorname{Tr}(\Sigma+tS)$ is
# affine (the nuclear norm is not strictly convex). The Levi form averages the real Hessian over $v$ and $iv$, and along $iv$ the
# second derivative is $2\sum_{ij}|S_{ij}|^2/(\sigma_i+\sigma_j)>0$. **Where strictness is lost** is at singular layers for $p>2$:
# $c_{jj}=p\,\sigma_j^{p-2}\to0$ as $\sigma_j\to0$, and at $\sigma_j=0$ the restriction $s\mapsto(1+|s|^p)^{1/p}$ of
# $\|\mathrm{diag}(1,0)+sE_{22}\|_p$ has $\partial_s\partial_{\bar s}=0$ (exactly, SymPy) — while for $p<2$ the function is not even $C^2$ there.

# %%
S = mpmath.matrix([[1, 2j], [-2j, mpmath.mpf(1) / 2]]) if d == 2 else mpmath.eye(d)
kern = real_hessian_nuclear_kernel(Wl, S, dps=dps)
print({k: mpmath.nstr(v, 10) for k, v in kern.items()})
exact0 = {str(p): singular_direction_levi(p) for p in (Fraction(3, 2), 2, 3, 4)}
print("Levi form of ||.||_p at diag(1, 0) along E_22, exactly:", exact0)
eps_list = [mpmath.mpf(10) ** (-k / 2) for k in range(0, 13)]
Q = random_unitary(2, "C", seed=3, dps=dps)
curves_eps = {}
with mpmath.workdps(dps):
    for p in levi_ps:
        curves_eps[p] = [levi_closed_eigenvalues([mpmath.mpf(1), e], p)[0] for e in eps_list]
fig, ax = plt.subplots(figsize=(6.5, 4))
for (p, ys), st in zip(curves_eps.items(), ("o-", "s--", "^:", "v-", "d-")):
    ax.loglog([float(e) for e in eps_list], [float(y) for y in ys], st, ms=4, label=f"$p={p}$")
ax.set_xlabel(r"$\varepsilon$ (the smaller singular value of $W=\mathrm{diag}(1,\varepsilon)$)")
ax.set_ylabel(r"smallest eigenvalue of $L_{\|\cdot\|_p}(W)$")
ax.set_title("strict plurisubharmonicity near a singular layer")
ax.legend(fontsize=8)
plt.tight_layout()
plt.show()

# %%
# NBVAL_CHECK_OUTPUT
print("real Hessian along v = 0:", small(kern["hess_v"]), "  along iv = formula:",
      small(kern["hess_iv"] - kern["predicted_hess_iv"]), "  Levi form there > 0:", bool(kern["levi"] > 0))
print("exact Levi form along E_22 at diag(1, 0):", exact0)
print("eps -> 0: smallest eigenvalue -> 0 for p = 3, 4:", all(curves_eps[p][-1] < mpmath.mpf(10) ** -5 for p in (3, 4)),
      "; bounded below for p <= 2:", all(curves_eps[p][-1] > mpmath.mpf("0.1") for p in (1, Fraction(3, 2), 2)))
_ = registry("psh-schatten", "erratum")

# %% [markdown]
# So the sentence after (3.8) is wrong twice: at $p=1$ the Schatten sum *is* strictly plurisubharmonic on $\mathcal G_x$ (every
# full-rank fibre), and for $p>2$ it is *not* strictly plurisubharmonic on all of $\mathbb M_d^N(\mathbb C)$ ($d\ge2$). What holds,
# and what Theorem 19 needs, is strictness on $\mathcal G_x$, for every $0<p<\infty$.
#
# <a id="claim-p-equals-1"></a>
#
# ## 4. $p=1$ for full-rank $X$ (Section 3.4): a proof whose every step is a check (beyond the paper)
#
# With $f=\sum_k\|W_k\|_1$ (the registry's claim `p-equals-1`, steps in `dlnsym.git.checks_p1`):
#
# * **(P1)** every $\mathbf W\in\mathcal F_X$ is $e^{\mathbf h}\cdot\mathbf V$, $\mathbf h$ Hermitian, $\mathbf V\in\mathcal O_X$ (Lemma 1 and the polar decomposition
#   $A_k=e^{h_k}U_k$);
# * **(P2)** $f\ge N\sum_i\sigma_i^{1/N}$ on $\mathcal F_X$ (Horn's log-majorisation, Hölder, AM–GM: Section 1 above), with equality on $\mathcal O_X$;
# * **(P3)** every $\mathbf V\in\mathcal O_X$ is critical;
# * **(P4)** $\varphi(\tau)=f(e^{\tau\mathbf h}\cdot\mathbf V)$ has $\varphi''(\tau)=4\,L_f(\mathbf W_\tau)[\mathbf w_{\mathbf h}(\mathbf W_\tau)]$: $z\mapsto e^{z\mathbf h}\cdot\mathbf V$
#   is holomorphic with derivative $\mathbf w_{\mathbf h}$ (2.3), and $f$ does not depend on $\operatorname{Im}z$ ($e^{i\theta\mathbf h}$ is unitary);
# * **(P5)** $L_f>0$ at invertible layers (Section 3); **(P6)** $\mathbf w_{\mathbf h}\ne0$ for $\mathbf h\ne0$ (every layer of $\mathcal F_X$ is invertible);
# * **(P7)** so $\varphi$ is strictly convex with $\varphi'(0)=0$: $f(e^{\mathbf h}\cdot\mathbf V)>f(\mathbf V)$ for $\mathbf h\ne0$. Hence
#   $\operatorname{argmin}_{\mathcal F_X}f=\mathcal O_X=\mathcal F_X\cap\mathcal M$, one $U_d^{N-1}$-orbit — including $X$ with repeated singular values, where
#   a larger set of minimisers would first appear.
#
# This is Theorem 19 (with its $\mathcal K$-invariance) applied on $\mathcal G_x$, where $f$ is strictly plurisubharmonic after all.
# The identity (P4), in numbers along one geodesic:

# %%
Xg, Cg, Wg = P1._instance([1, 1, 4] if d == 3 else [1, 1], N, field, dps)
_, _, Vg, _ = P1.polar_split(Wg, dps)
hg = P1._herm_tuple(N, d, field, 7)
taus_g = [mpmath.mpf(k) / 8 for k in range(-8, 9)]
lhs, rhs = [], []
for t0 in taus_g:
    with mpmath.workdps(2 * dps + 20):
        hh = mpmath.mpf(10) ** (-(dps + 10) / 2)
        lhs.append((P1._phi(Vg, hg, t0 + hh, 1) + P1._phi(Vg, hg, t0 - hh, 1) - 2 * P1._phi(Vg, hg, t0, 1)) / hh ** 2)
    with mpmath.workdps(dps + 15):
        Wt = act([P1._expm_h(hk, t0) for hk in hg], Vg)
        rhs.append(4 * P1._levi_along(Wt, tangent_vector(Wt, hg), 1, dps))
fig, ax = plt.subplots(figsize=(6.5, 3.6))
ax.plot([float(t) for t in taus_g], [float(y) for y in lhs], "-", lw=2, label=r"$\varphi''(\tau)$ (second differences)")
ax.plot([float(t) for t in taus_g], [float(y) for y in rhs], "o", label=r"$4\,L_f(\mathbf{W}_\tau)[\mathbf{w}_{\mathbf{h}}]$ (closed form)")
ax.set_xlabel(r"$\tau$")
ax.set_ylabel(r"second derivative along the geodesic, $p=1$")
ax.set_title(r"(P4) along $\tau\mapsto e^{\tau\mathbf{h}}\cdot\mathbf{V}$, $X=\mathrm{diag}(1,1)$: $\varphi''>0$")
ax.legend(fontsize=8)
plt.tight_layout()
plt.show()

# %%
# NBVAL_CHECK_OUTPUT
with mpmath.workdps(dps):
    print("phi'' = 4 L[w_h] along the geodesic:", all(small((a - b) / a) for a, b in zip(lhs, rhs)),
          "  phi'' > 0:", all(a > 0 for a in lhs))
run1 = registry("p-equals-1", "confirmed")

# %%
for r in run1["results"]:
    print(f"  {r.note[:160]}")

# %% [markdown]
# Newton's method (the same as for $p>1$) from random points of the fibre of $X=\mathrm{diag}(2,2)$ — a repeated singular
# value — lands in $\mathcal O_X$ every time:

# %%
with mpmath.workdps(dps):
    Xr = mpmath.diag([mpmath.mpf(2), mpmath.mpf(2)]) if d == 2 else mpmath.eye(d) * 2
    Cr = centre(Xr, N, dps=dps)[0]
    p1 = []
    for s in range(3):
        A = random_state(max(N - 1, 2), d, field, seed=300 + s, dps=dps)[: N - 1]
        W0 = act(A, Cr)
        Wm = minimize_nuclear(W0, dps=dps)
        c = certify(Wm, Xr, 1, dps=dps)
        _, _, orbit_defect = unitary_from_balanced(Wm, dps=dps)
        p1.append((functional(W0, 1), c, orbit_defect))
        print(f"start {mpmath.nstr(p1[-1][0], 8):>10s} -> minimum {mpmath.nstr(c['value'], 20)}  (closed form "
              f"{mpmath.nstr(c['closed_form'], 20)}),  max|G| {mpmath.nstr(c['balanced'], 3)},  in O_X to {mpmath.nstr(orbit_defect, 3)}")
    hb = hermitian_basis(d, field)
    E = hb[0] / 4
    flat = [functional([mpmath.eye(d) + E * t, mpmath.eye(d)], 1) for t in (-1, 0, 1)]
    print("||I + tE||_1 at t = -1, 0, 1 (affine):", [mpmath.nstr(v, 12) for v in flat])

# %%
# NBVAL_CHECK_OUTPUT
print("every minimiser found is balanced and in O_X:", all(small(c["balanced"]) and small(o) for _, c, o in p1))
print("value = N sum sigma^(1/N):", all(small(c["value_error"]) for _, c, _ in p1))
print("nuclear norm not strictly convex (affine segment):", small(flat[0] + flat[2] - 2 * flat[1]))

# %% [markdown]
# A picture of the difference: along a Hermitian geodesic $\tau\mapsto e^{\tau\mathbf h}\cdot\mathbf V$ through a balanced $\mathbf V$, each functional
# $\sum_k\|W_k\|_p$ (divided by its minimum) has its minimum at $\tau=0$; for $p=1$ the curve is flatter, and strictly convex, as (P7)
# proves for every geodesic.

# %%
with mpmath.workdps(30):
    import random as _r
    rng = _r.Random(5)
    h = [sum((b * mpmath.mpf(f"{rng.gauss(0, 1):.12f}") for b in hermitian_basis(d, field)), mpmath.matrix(d, d))
         for _ in range(N - 1)]
    taus = [mpmath.mpf(t) / 20 for t in range(-20, 21)]
    curves = {}
    for p in ["1", "3/2", "2", "3"]:
        pm = Fraction(p)
        f0 = functional(B, pm)
        curves[p] = [functional(act([expm_hermitian(hk * t) for hk in h], B), pm) / f0 for t in taus]
fig, ax = plt.subplots(figsize=(6.5, 4))
for p, ys in curves.items():
    ax.plot([float(t) for t in taus], [float(y) for y in ys], label=f"$p={p}$")
ax.set_xlabel(r"$\tau$")
ax.set_ylabel(r"$\sum_k\|W_k(\tau)\|_p\,/\,\min$")
ax.set_title(r"along $e^{\tau\mathbf{h}}\cdot\mathbf{V}$, $\mathbf{h}$ Hermitian, $\mathbf{V}\in\mathcal{O}_X$")
ax.legend()
plt.show()

# %%
# NBVAL_CHECK_OUTPUT
print("minimum at tau = 0 for every p:", all(min(ys) == ys[len(taus) // 2] for ys in curves.values()))

# %% [markdown]
# ## 5. Theorem 20 with a hypothesis dropped
#
# * **$p=\infty$** (operator norms): for $X=\mathrm{diag}(4,1)$, $N=2$, every $(\mathrm{diag}(2,a),\mathrm{diag}(2,1/a))$ with $\tfrac12\le a\le2$
#   attains the lower bound $N\|X\|_\infty^{1/N}=4$, and it is balanced only at $a=1$ — exactly: a counterexample (and the control
#   of the $p=1$ uniqueness step, which must reject it).
# * **$p=1$, $p=\tfrac12$**: Newton's method lands on balanced points (survives; for every $0<p<\infty$ the proof of Section 4 applies
#   verbatim, since the Levi form is positive for all such $p$).
# * **$X$ rank deficient**: the centre $\mathbf C$ of $X=\mathrm{diag}(1,0)$ is balanced and attains the bound, so the argmin is not empty,
#   but $\mathcal F_X\cap\mathcal M$ is ($\mathcal M$, the balanced manifold of a full-rank $X$, has invertible layers): the printed
#   statement fails.

# %%
from IPython.display import Markdown, display

from dlnsym.report import ablations_markdown

display(Markdown(ablations_markdown([run20 | {"claim": get("theorem-20")}])))
print("p = oo: max |G| over the bound-attaining (diag(2, a), diag(2, 1/a)), a in {1, 3/2, 2}:", P1.uniqueness_control())

# %%
# NBVAL_CHECK_OUTPUT
for r in run20["results"]:
    if r.form == "ablation":
        print(f"{r.hypothesis:16s} {r.outcome:15s} {r.passed}")

# %% [markdown]
# <a id="claim-p-equals-1-rank-deficient"></a>
#
# ## 6. Rank-deficient $X$ at $p=1$ (Section 3.4): explored, no claim
#
# The fibre is no longer one orbit. What is found: the centre of $X$ is balanced and attains $N\sum_i\sigma_i^{1/N}$, so the
# minimum over $\mathcal F_X$ is attained; under `--long`, BFGS on the dense orbit of $(I,\dots,I,X)$ approaches the bound only at the
# boundary of that orbit, with $|\mathbf G|\to0$ and the extra singular value of $W_1$ going to $0$. Whether every minimiser is
# balanced is left open, and so is the registry's status.

# %%
# NBVAL_CHECK_OUTPUT
_ = registry("p-equals-1-rank-deficient", "open")
