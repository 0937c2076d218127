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
# # 10 — Regularization by background noise (Section 4.2)
#
# Section 4.2 of the paper models background noise by the Ornstein–Uhlenbeck process and the Langevin equation
# $$d\mathbf W_t=-\kappa\mathbf W_t\,dt+\sqrt{2/\beta}\,d\mathbf B_t, \tag{4.2}$$
# $$d\mathbf W_t=-\big(\nabla_{\mathbf W}E(X(\mathbf W_t))+\kappa\mathbf W_t\big)\,dt+\sqrt{2/\beta}\,d\mathbf B_t, \tag{4.4}$$
# where $\mathbf B_t$ is the standard Brownian motion of the Euclidean space $\mathbb M_d^N$. Over $\mathbb C$ this means one
# standard Brownian motion in each *real* coordinate, for the metric (1.15). (The paper prints (4.2) without the $dt$; see
# `dlnsym errata`.) The paper states that (4.2) has the Gaussian equilibrium density (4.3),
# $\rho\propto e^{-\beta\kappa\|\mathbf W\|^2}$.
#
# Here we
#
# 1. check (4.3) against the stationary Fokker–Planck equation, symbolically. **The printed exponent is off by a factor 2**;
# 2. derive by Ito's formula what the moments $G_k$ (1.11) do under the noise: $E[G(t)]=G_0e^{-2\kappa t}$ **exactly**,
#    along (4.2) *and* (4.4), while $E\|\mathbf W\|^2$ picks up an Ito correction;
# 3. confirm both laws by a seeded Euler–Maruyama simulation. The test uses confidence intervals and a stated sample size,
#    seed and confidence level, and the same test rejects wrong laws.
#
# The parameters of the simulation:

# %%
N, d, field = 3, 2, "C"          # depth, width, field of the simulated network
kappa, beta = 1.0, 4.0           # regularization strength and inverse temperature
paths, seed, dt = 2000, 2026, 5e-3
confidence = 0.999               # family-wise confidence level of the Bonferroni z-test

# %%
import math

import matplotlib.pyplot as plt
import numpy as np
import sympy
from IPython.display import Math, display

from dlnsym.beyond import noise as NZ
from dlnsym.beyond.checks_linsys import noise_initial_state
from dlnsym.claims import Options, get
from dlnsym.formulas import moments, norm_sq

# %% [markdown]
# <a id="claim-ou-equilibrium"></a>
#
# ## 1. The equilibrium density (4.3)
#
# In real coordinates $x\in\mathbb R^D$ ($D=Nd^2$ over $\mathbb R$, $2Nd^2$ over $\mathbb C$), (4.2) is
# $dx=-\kappa x\,dt+\sigma\,dB$ with $\sigma^2=2/\beta$. Its generator is $Lf=-\kappa x\cdot\nabla f+\tfrac{\sigma^2}{2}\Delta f$,
# and a stationary density solves the adjoint equation
# $$0=\operatorname{div}(\kappa x\rho)+\tfrac1\beta\Delta\rho .$$
# Apply it to $e^{-c\beta\kappa|x|^2}$ with the printed $c=1$ and with $c=\tfrac12$, in $D=3$ coordinates with symbolic
# $\beta,\kappa$:

# %%
xs = sympy.symbols("x0:3", real=True)
b, k = sympy.symbols("beta kappa", positive=True)
fp = {}
for form in ("printed", "corrected"):
    rho = NZ.ou_density(xs, b, k, form)
    fp[form] = sympy.factor(sympy.expand(NZ.fokker_planck_stationary(rho, xs, k, b) / rho))
    display(Math(r"\rho = " + sympy.latex(rho) + r":\qquad \frac{\operatorname{div}(\kappa x\rho)+\beta^{-1}\Delta\rho}{\rho} = "
                 + sympy.latex(fp[form])))

# %%
# NBVAL_CHECK_OUTPUT
print("printed density is stationary:", fp["printed"] == 0)
print("corrected density is stationary:", fp["corrected"] == 0)
assert fp["printed"] != 0 and fp["corrected"] == 0

# %% [markdown]
# The equation is a sum over coordinates and the density a product, so this holds in every dimension $D$. A second,
# independent route gives the same factor. By Ito's formula $d(x^2)=(-2\kappa x^2+\sigma^2)\,dt+\text{martingale}$, so the
# stationary variance is $\sigma^2/(2\kappa)=1/(\beta\kappa)$. The Gaussian $e^{-c\beta\kappa x^2}$ has variance
# $1/(2c\beta\kappa)$, hence $c=\tfrac12$:

# %%
# NBVAL_CHECK_OUTPUT
x, v, c = sympy.Symbol("x", real=True), sympy.Symbol("v", positive=True), sympy.Symbol("c", positive=True)
v_ito = sympy.solve(NZ.generator(x**2, [x], [-k * x], 2 / b).subs(x**2, v), v)[0]
var = sympy.integrate(x**2 * sympy.exp(-c * b * k * x**2), (x, -sympy.oo, sympy.oo)) / \
    sympy.integrate(sympy.exp(-c * b * k * x**2), (x, -sympy.oo, sympy.oo))
print("stationary variance by Ito:", v_ito, "| Gaussian variance:", sympy.simplify(var), "| c =", sympy.solve(sympy.Eq(var, v_ito), c))

# %% [markdown]
# So the equilibrium density of (4.2) is $\rho_{\beta,\kappa}\propto e^{-\beta\kappa\|\mathbf W\|^2/2}$: the Gibbs density
# $e^{-\beta V}$ of the potential $V=\tfrac\kappa2\|\mathbf W\|^2$ whose gradient is the drift, the same $\tfrac\kappa2\|\mathbf W\|^2$
# as in (4.1). The printed density belongs to the drift $-2\kappa\mathbf W$. Only the product $\beta\kappa$ enters either way,
# so the small-noise limit $\beta\to\infty$ of Sections 4.2–4.3 is unaffected. The registry records this erratum:

# %%
# NBVAL_CHECK_OUTPUT
e = get("ou-equilibrium").erratum
print("as printed:", e.as_printed)
print("corrected: ", e.corrected)

# %% [markdown]
# <a id="claim-noise-moments"></a>
#
# ## 2. Ito's formula for the moments along (4.2) and (4.4)
#
# Write $\sigma^2=2/\beta$ and $c=1$ over $\mathbb R$, $c=2$ over $\mathbb C$ (real and imaginary parts each carry a Brownian
# motion). For the matrix Brownian motion $B_k$ of layer $k$, $(dB_k\,dB_k^*)_{ij}=\sum_l dB_{il}\,\overline{dB_{jl}}=c\,d\,\delta_{ij}\,dt$,
# and also $dB_{k+1}^*dB_{k+1}=c\,d\,I\,dt$. Ito's formula for $G_k=W_kW_k^*-W_{k+1}^*W_{k+1}$ therefore has two second-order
# terms, and they are **equal**:

# %%
# NBVAL_CHECK_OUTPUT
W, coords = NZ.real_coordinate_state(2, d, field)
zero_drift = [0] * len(coords)
for name, P in (("W_1 W_1^*", W[0] * W[0].H), ("W_2^* W_2", W[1].H * W[1])):
    ito = P.applyfunc(lambda e: sympy.expand(NZ.generator(sympy.expand(e), coords, zero_drift, 2 / b)))
    print(f"Ito term of {name}:", ito.tolist())

# %% [markdown]
# They cancel, because the layers are square. For rectangular layers $W_k\in\mathbb F^{d_k\times d_{k-1}}$ the difference would be
# $\sigma^2c\,(d_{k-1}-d_{k+1})I$. The first-order part of Ito's formula is the derivative of $G_k$ along the drift. For
# $-\kappa\mathbf W$ it is $-2\kappa G_k$, and the loss term $-\nabla E$ contributes **nothing**, because $G$ is conserved by every
# gradient flow of a loss $E(X)$ (Section 1.4.1, claim `conservation`). Hence
# $$dG_k=-2\kappa G_k\,dt+\text{martingale},\qquad E[G_k(t)]=G_k(0)\,e^{-2\kappa t}$$
# along (4.2) and along (4.4), exactly, for every $\beta$. SymPy checks this with the full generator in real coordinates,
# including the square loss $E=\tfrac12\|X-Y\|^2$ with a symbolic target $Y$, its gradient taken coordinate by coordinate:

# %%
# NBVAL_CHECK_OUTPUT
for (n_, d_, f_, loss) in [(2, d, field, False), (3, 1, field, True)]:
    r = NZ.ito_drift(n_, d_, f_, loss=loss)
    okG = all(e == 0 for M in r["residual_G"] for e in M)
    print(f"{'(4.4)' if loss else '(4.2)'} N={n_} d={d_} {f_}:  L G_k = -2 kappa G_k: {okG}"
          + ("" if loss else f";  L||W||^2 = -2 kappa ||W||^2 + 2D/beta: {r['residual_norm_sq'] == 0}"))
    assert okG

# %% [markdown]
# The norm behaves differently. Here the Ito terms add up, $L\|\mathbf W\|^2=-2\kappa\|\mathbf W\|^2+\sigma^2D$, so along (4.2)
# $$E\|\mathbf W(t)\|^2=e^{-2\kappa t}\|\mathbf W_0\|^2+\frac{D}{\beta\kappa}\big(1-e^{-2\kappa t}\big),$$
# which tends to $D/(\beta\kappa)$, the second moment of the corrected density. This is a second check of the factor $\tfrac12$.
#
# ## 3. Euler–Maruyama for (4.2) and (4.4)
#
# The scheme is $\mathbf W_{n+1}=\mathbf W_n-(\nabla E+\kappa\mathbf W_n)\,\Delta t+\sqrt{2\Delta t/\beta}\,\xi_n$, with $\xi_n$
# standard normal in every real coordinate. The gradient is the shared `loss_gradient` of (1.2) and $G$ is the shared
# `moments` (1.11). Both are evaluated on all paths at once through a batch backend of the matrix protocol. The initial state is
# a seeded random state, and the target of (4.4) is $Y=I/2$.

# %%
W0 = noise_initial_state(field, N, d)
G0 = np.stack([NZ.hermitian_coords(g[None], field)[0] for g in moments(W0)])
times = [0.1, 0.2, 0.35, 0.5, 0.75, 1.0, 1.5]
sims = {eq: NZ.simulate(W0, kappa=kappa, beta=beta, times=times, dt=dt, paths=paths, seed=seed, field=field,
                        Y=0.5 * np.eye(d) if eq == "(4.4)" else None) for eq in ("(4.2)", "(4.4)")}

# %% [markdown]
# Each coordinate of each $G_k$ (diagonal, and real and imaginary parts above it) at each time is a sample mean over
# `paths` independent paths. Its standard error is the sample standard deviation over $\sqrt{\text{paths}}$. A prediction is
# rejected when the largest $|z|$ exceeds the Bonferroni threshold $z_{1-\alpha/(2m)}$ for $m$ means at family-wise confidence
# $1-\alpha$. The test is applied to the derived law and to two wrong ones: the rate $\kappa$ instead of $2\kappa$, and a one-sided
# Ito correction (counting only $W_kW_k^*$).

# %%
# NBVAL_CHECK_OUTPUT
c_ = 2 if field == "C" else 1
diag = np.zeros(G0.shape[-1])
diag[:d] = 1
laws = {
    "derived: G0 e^(-2 kappa t)": lambda t: G0 * math.exp(-2 * kappa * t),
    "wrong: G0 e^(-kappa t)": lambda t: G0 * math.exp(-kappa * t),
    "wrong: one-sided Ito term": lambda t: G0 * math.exp(-2 * kappa * t)
        + (2 / beta) * c_ * d * (1 - math.exp(-2 * kappa * t)) / (2 * kappa) * diag,
}
print(f"{paths} paths, seed {seed}, dt = {dt}, family-wise confidence {confidence:.1%}")
for eq, sim in sims.items():
    means, ses = np.stack(sim["G_mean"]), np.stack(sim["G_se"])
    for name, law in laws.items():
        zt = NZ.z_test(means, ses, np.stack([law(t) for t in sim["times"]]), confidence=confidence)
        print(f"{eq} {name:28s} rejected: {zt['reject']}")
        assert zt["reject"] == name.startswith("wrong")

# %% [markdown]
# A picture of the same thing: for each coordinate, the sample means with 99.9% confidence intervals (error bars), the derived
# curve $G_0e^{-2\kappa t}$ (solid) and the wrong curve $G_0e^{-\kappa t}$ (dotted), along (4.2) and (4.4).

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharey=True)
zc = 3.29  # two-sided 99.9% normal quantile
tt = np.linspace(0, max(times), 200)
for ax, (eq, sim) in zip(axes, sims.items()):
    means, ses = np.stack(sim["G_mean"]), np.stack(sim["G_se"])
    for j in range(G0.shape[1]):
        color = f"C{j}"
        ax.errorbar(sim["times"], means[:, 0, j], yerr=zc * ses[:, 0, j], fmt="o", ms=3, color=color, capsize=2)
        ax.plot(tt, G0[0, j] * np.exp(-2 * kappa * tt), color=color, lw=1)
        ax.plot(tt, G0[0, j] * np.exp(-kappa * tt), color=color, lw=1, ls=":")
    ax.set_xlabel("$t$")
    ax.set_title(f"{eq}: coordinates of $E[G_1(t)]$")
axes[0].set_ylabel(r"$E[G_1(t)]$ (real coordinates)")
plt.tight_layout()
plt.show()

# %% [markdown]
# The means sit on the solid curves, for the pure noise (4.2) and with the loss (4.4) alike: the loss is invisible in
# $E[G]$. (Both simulations use the same seed, hence the same Brownian increments; the paths differ by the loss term.) Finally the norm, along (4.2), with and without the Ito correction:

# %%
# NBVAL_CHECK_OUTPUT
D = NZ.real_dimension(N, d, field)
n0 = float(norm_sq(W0))
sim = sims["(4.2)"]
with_ito = [NZ.predicted_mean_norm_sq(n0, kappa, beta, t, D) for t in sim["times"]]
without = [NZ.predicted_mean_norm_sq(n0, kappa, beta, t, D, ito=False) for t in sim["times"]]
for name, pred in (("with the Ito correction", with_ito), ("without it", without)):
    zt = NZ.z_test(sim["norm_sq_mean"], sim["norm_sq_se"], pred, confidence=confidence)
    print(f"E||W||^2 law {name:24s} rejected: {zt['reject']}")
    assert zt["reject"] == (name == "without it")

# %%
fig, ax = plt.subplots(figsize=(5.5, 3.6))
ax.errorbar(sim["times"], sim["norm_sq_mean"], yerr=zc * np.array(sim["norm_sq_se"]), fmt="o", ms=3, capsize=2,
            label="Euler-Maruyama, 99.9% CI")
ax.plot(tt, [NZ.predicted_mean_norm_sq(n0, kappa, beta, t, D) for t in tt], label="with Ito correction")
ax.plot(tt, [NZ.predicted_mean_norm_sq(n0, kappa, beta, t, D, ito=False) for t in tt], ls=":", label="without")
ax.axhline(D / (beta * kappa), color="gray", lw=0.8, ls="--", label=r"$D/(\beta\kappa)$")
ax.set_xlabel("$t$")
ax.set_ylabel(r"$E\|\mathbf{W}(t)\|^2$")
ax.legend()
ax.set_title("(4.2): the norm")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## 4. The registry's verdicts
#
# `noise-moments` goes beyond the paper. The paper does not discuss $E[G]$ under noise. The law above says that, in the
# mean, the noise changes nothing about the decay of the imbalance: the rate is $2\kappa$, as along the noiseless flow (4.1),
# whatever $\beta$ and whatever the loss. The noise shows up in the fluctuations of $G$ and in $\|\mathbf W\|^2$.

# %%
# NBVAL_CHECK_OUTPUT
opts = Options(fields=(field,))
expected = {"ou-equilibrium": "erratum", "noise-moments": "confirmed"}
for cid in expected:
    c = get(cid)
    run = c.run(opts)
    print(f"{cid:15s} {c.where:12s} {run['status']:8s} {sum(r.passed for r in run['results'])}/{len(run['results'])} checks"
          + ("  (beyond the paper)" if c.beyond_paper else ""))
    assert run["status"] == expected[cid], (cid, run["status"], run["coverage"])
