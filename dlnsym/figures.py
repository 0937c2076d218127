r"""Figures 1.1, 1.2 and 1.3 of the paper, redrawn from computed data.

The paper's PDF figures are schematic and the text version lost them; here each one is
recomputed from the shared formulas of :mod:`dlnsym.formulas` and the flows of the numeric layer:

* :func:`figure_1_1` -- ``d = 1, N = 2`` over R: the fibres ``w_2 w_1 = x`` (hyperbolas), the level
  sets of the moment ``G = w_1^2 - w_2^2``, the balanced variety ``w_2 = +-w_1``, the minimisers of
  ``|w|^2`` on each fibre, and trajectories of the regularizing flow (1.17) on the fibres. The
  minimisers are ``+-(sqrt x, sqrt x)`` for ``x > 0`` and ``+-(sqrt(-x), -sqrt(-x))`` for ``x < 0``:
  the two balanced points of the fibre (the caption's ``(+-sqrt x, +-sqrt x)`` is an erratum, claim
  ``figure-1.1``).
* :func:`figure_1_2` -- the regularizing flow slicing a fibre (Theorem 2): (a) the fibre
  ``w_3 w_2 w_1 = x`` of ``d = 1, N = 3`` (its positive sheet, a surface in R^3) in the chart
  ``W = (e^{t_2}, e^{t_1}).C`` of Lemma 1, with the level curves of ``G_1`` and ``G_2`` that slice it
  and trajectories of (1.17); (b) the same trajectories in the moment plane
  ``(G_1, G_2)``, straight rays to ``G = 0`` traversed at the rate ``e^{-2t}``; (c) ``||G(t)||`` on a
  log scale for ``d = 2, N = 3`` over C, against ``||G_0|| e^{-2t}``.
* :func:`figure_1_3` -- the learning flow (1.2) for ``d = 1, N = 2`` and ``E = (w_2 w_1 - y)^2 / 2``:
  (a) trajectories in the plane, which keep ``G`` fixed (Section 1.4.1), so that those started on the
  balanced manifold ``M`` stay on it and reach the minimiser of ``|w|^2`` on the target fibre, while
  the others do not; (b) ``X(t)`` along these trajectories: on ``M`` it follows one flow in ``X`` alone
  (Remark 5), computed here by pushing the field forward from the balanced lift of ``X``.

:func:`write_all` writes all three as PNG and SVG (``dlnsym figures DIR``, ``python -m dlnsym.figures DIR``).
Matplotlib is imported lazily (it is part of the ``test`` extra); :func:`write_all` uses the Agg backend.
"""

from __future__ import annotations

import os
import sys
from typing import Callable, Sequence

import mpmath
import numpy as np

from .formulas import act, end_to_end, loss_gradient, moments
from .matrix import Dual

__all__ = ["figure_1_1", "figure_1_2", "figure_1_3", "write_all", "regularizing_trajectory", "learning_trajectory",
           "minimisers_d1", "FIBRES_1_1"]

#: The fibres ``w_2 w_1 = x`` drawn in Figure 1.1.
FIBRES_1_1 = (-4.0, -2.0, -1.0, -0.5, 0.5, 1.0, 2.0, 4.0)

_POS, _NEG, _BAL, _MIN, _FLOW = "#1f77b4", "#d95f02", "black", "#c00000", "#2ca02c"


def _plt(agg: bool = False):
    """``matplotlib.pyplot``; with ``agg=True`` (files only) the Agg backend unless pyplot is already in use."""
    import matplotlib

    if agg and "matplotlib.pyplot" not in sys.modules:
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _state(values: Sequence) -> list:
    """A ``d = 1`` state (input first) from numbers ``(w_1, ..., w_N)``."""
    return [mpmath.matrix([[mpmath.mpf(v) if not isinstance(v, complex) else mpmath.mpc(v)]]) for v in values]


def _floats(W) -> list[float]:
    return [float(mpmath.re(M[0, 0])) for M in W]


# --------------------------------------------------------------------------- flows
def regularizing_trajectory(W0: Sequence, ts: Sequence[float], dps: int = 20, tol: str = "1e-9") -> list[list]:
    r"""The regularizing flow (1.17) from ``W0`` sampled at the times ``ts``: a list of states.

    Uses :func:`dlnsym.numeric.regularizing_flow` (the gradient of ``1/2 ||W||^2`` on ``F_X`` by Lemma 5),
    at the lowest precision it accepts and a local error tolerance ``tol`` per step (order 6 extrapolation):
    a picture needs no more. The notebooks and the registry check the same flow at 50 digits.
    """
    from .numeric import regularizing_flow

    return list(regularizing_flow(W0, [f"{t:.6f}" for t in ts], dps=dps, tol=tol, k=3))


def learning_trajectory(W0: Sequence[np.ndarray], gradE: Callable, t_end: float, steps: int = 400) -> list:
    r"""The training flow (1.2) ``dW/dt = -grad_W E(X(W))`` from ``W0`` (NumPy, classical RK4).

    ``gradE(X)`` is ``nabla E`` at ``X``; the Euclidean gradient in ``W`` is
    :func:`dlnsym.formulas.loss_gradient`. Returns the states at ``steps + 1`` equally spaced times.
    Used for pictures only (double precision); the high-precision checks live in the numeric layer.
    """
    h = t_end / steps
    field = lambda W: [-g for g in loss_gradient(W, gradE(end_to_end(W)))]
    W = [np.array(M, dtype=float) for M in W0]
    out = [W]
    for _ in range(steps):
        k1 = field(W)
        k2 = field([w + 0.5 * h * k for w, k in zip(W, k1)])
        k3 = field([w + 0.5 * h * k for w, k in zip(W, k2)])
        k4 = field([w + h * k for w, k in zip(W, k3)])
        W = [w + h / 6 * (a + 2 * b + 2 * c + e) for w, a, b, c, e in zip(W, k1, k2, k3, k4)]
        out.append(W)
    return out


def _grid_values(fn, u, v):
    """Evaluate ``fn(w1, w2)`` (a scalar from the shared formulas on 1 x 1 NumPy layers) on a grid."""
    Z = np.empty((len(v), len(u)))
    for i, b in enumerate(v):
        for j, a in enumerate(u):
            Z[i, j] = fn(np.array([[a]]), np.array([[b]]))
    return Z


def minimisers_d1(x: float) -> list[tuple[float, float]]:
    """The minimisers ``(w_1, w_2)`` of ``|w|^2`` on the fibre ``w_2 w_1 = x`` (``d = 1, N = 2``), found by the
    numeric minimiser of the fibre (:func:`dlnsym.numeric.minimize_on_fiber`) from a start on each branch
    (``w_1 > 0`` and ``w_1 < 0``) of the hyperbola."""
    from .numeric import minimize_on_fiber

    pts = []
    for s in (1, -1):
        W = minimize_on_fiber(_state([s * 2.5, x / (s * 2.5)]), 2, dps=20)
        pts.append(tuple(_floats(W)))
    return pts


# --------------------------------------------------------------------------- Figure 1.1
def figure_1_1(fibres: Sequence[float] = FIBRES_1_1, lim: float = 3.0):
    r"""Figure 1.1: fibres, moment level sets, balanced variety and minimisers for ``d = 1, N = 2`` over R."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(7.2, 7.0))
    u = np.linspace(-lim, lim, 241)
    X = _grid_values(lambda a, b: end_to_end([a, b])[0, 0], u, u)       # w_2 w_1 (1.1)
    G = _grid_values(lambda a, b: moments([a, b])[0][0, 0], u, u)      # G_1 = w_1^2 - w_2^2 (1.11)
    glev = [-6, -3, -1, 1, 3, 6]
    ax.contour(u, u, G, levels=glev, colors="0.55", linewidths=0.8, linestyles="--")
    neg = sorted(x for x in fibres if x < 0)
    pos = sorted(x for x in fibres if x > 0)
    cn = ax.contour(u, u, X, levels=neg, colors=_NEG, linewidths=1.4, linestyles="solid")
    cp = ax.contour(u, u, X, levels=pos, colors=_POS, linewidths=1.4, linestyles="solid")
    for cs in (cn, cp):
        ax.clabel(cs, fmt=lambda v: f"x={v:g}", fontsize=8, inline_spacing=2)
    t = np.array([-lim, lim])
    ax.plot(t, t, color=_BAL, lw=2.2)
    ax.plot(t, -t, color=_BAL, lw=2.2)
    # minimisers of |w|^2 on each fibre
    first = True
    for x in fibres:
        for w1, w2 in minimisers_d1(x):
            ax.plot(w1, w2, "o", color=_MIN, ms=6.5, zorder=5, label="minimisers of $|w|^2$ on $w_2w_1=x$"
                    if first else None)
            first = False
    # regularizing flow (1.17) on a few fibres
    starts = [(2.9, 1 / 2.9), (0.36, 1 / 0.36), (2.75, -2 / 2.75), (-0.8, 2.5), (-2.6, -4 / 2.6), (-1.9, 1 / 1.9)]
    ts = [0.05 * i for i in range(41)]
    first = True
    for w1, w2 in starts:
        traj = regularizing_trajectory(_state([w1, w2]), ts)
        P = np.array([_floats(W) for W in traj])
        ax.plot(P[:, 0], P[:, 1], color=_FLOW, lw=3.0, alpha=0.85, solid_capstyle="round",
                label="regularizing flow (1.17) on the fibre" if first else None)
        first = False
        j = 4
        ax.annotate("", xy=P[j + 1], xytext=P[j], arrowprops=dict(arrowstyle="-|>", color=_FLOW, lw=2.0,
                                                                    mutation_scale=18))
    ax.plot([], [], color=_POS, lw=1.4, label="fibres $w_2w_1=x>0$")
    ax.plot([], [], color=_NEG, lw=1.4, label="fibres $w_2w_1=x<0$")
    ax.plot([], [], color="0.55", lw=0.8, ls="--", label="level sets $G=w_1^2-w_2^2=g$")
    ax.plot([], [], color=_BAL, lw=2.2, label=r"balanced variety $\mathcal{M}_0$: $w_2=\pm w_1$")
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.set_xlabel("$w_1$", fontsize=13)
    ax.set_ylabel("$w_2$", fontsize=13)
    ax.set_title("Figure 1.1: fibres $\\mathcal{F}_x=\\{w_2w_1=x\\}$ and moments $G=w_1^2-w_2^2$\n"
                 "($d=1$, $N=2$, real)", fontsize=11)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.09), ncol=2, fontsize=9, frameon=False)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- Figure 1.2
def _orbit_point(t1: float, t2: float, C: Sequence) -> list:
    """``e^{t} . C`` for ``d = 1, N = 3``: the action (1.6) of ``A = (e^{t_1}, e^{t_2})`` on the centre (Lemma 1)."""
    return act([np.array([[np.exp(t1)]]), np.array([[np.exp(t2)]])], C)


def figure_1_2(x: float = 1.0, seed: int = 3, T: float = 0.8):
    r"""Figure 1.2: the regularizing flow slicing a fibre by the moments (Theorem 2)."""
    plt = _plt()
    from .numeric import random_state
    from .numeric.section1 import centre

    fig, (axF, axG, axL) = plt.subplots(1, 3, figsize=(17.0, 5.6))

    # (a) the fibre w3 w2 w1 = x in group coordinates W = e^t . C (Lemma 1), sliced by G_1, G_2
    C = [np.array([[float(M[0, 0])]]) for M in centre([[f"{x}"]], 3, dps=20)[0]]
    t = np.linspace(-T, T, 81)
    G1 = np.empty((len(t), len(t)))
    G2 = np.empty_like(G1)
    for i, t2 in enumerate(t):
        for j, t1 in enumerate(t):
            G = moments(_orbit_point(t1, t2, C))
            G1[i, j], G2[i, j] = G[0][0, 0], G[1][0, 0]
    levels = [-3, -2, -1, -0.5, 0.5, 1, 2, 3]
    axF.contour(t, t, G1, levels=levels, colors="#1f77b4", linewidths=0.9, linestyles="solid")
    axF.contour(t, t, G2, levels=levels, colors="#d95f02", linewidths=0.9, linestyles="solid")
    axF.contour(t, t, G1, levels=[0], colors="#1f77b4", linewidths=2.0, linestyles="--")
    axF.contour(t, t, G2, levels=[0], colors="#d95f02", linewidths=2.0, linestyles="--")
    # trajectories of (1.17), started on a circle of the chart
    rng = np.random.default_rng(seed)
    ts = [0.1 * i for i in range(31)]
    Gtraj = []
    for k, ang in enumerate(np.linspace(0, 2 * np.pi, 8, endpoint=False) + 0.2):
        r = 0.85 * T + 0.03 * rng.standard_normal()
        W0 = _orbit_point(r * np.cos(ang), r * np.sin(ang), C)
        traj = regularizing_trajectory([mpmath.matrix([[f"{M[0, 0]:.17g}"]]) for M in W0], ts)
        w = np.array([_floats(W) for W in traj])
        # back to the chart: w_1 = e^{t_1} c_1 and w_3 = c_3 e^{-t_2}
        P = np.column_stack([np.log(w[:, 0] / C[0][0, 0]), -np.log(w[:, 2] / C[2][0, 0])])
        axF.plot(P[:, 0], P[:, 1], color=_FLOW, lw=2.4, label="regularizing flow (1.17)" if k == 0 else None)
        axF.plot(*P[0], "o", color="black", ms=4)
        axF.annotate("", xy=P[4], xytext=P[3], arrowprops=dict(arrowstyle="-|>", color=_FLOW, lw=2,
                                                                  mutation_scale=15))
        Gtraj.append(np.array([[float(g[0, 0]) for g in moments(W)] for W in traj]))
    axF.plot([0], [0], "o", color=_MIN, ms=8, zorder=5, label=r"centre $\mathbf{C}$: $\mathcal{O}_X$ ($\mathbf{G}=0$)")
    axF.plot([], [], color="#1f77b4", lw=0.9, label="$G_1=$ const (dashed: $0$)")
    axF.plot([], [], color="#d95f02", lw=0.9, label="$G_2=$ const (dashed: $0$)")
    axF.set_aspect("equal")
    axF.set_xlim(-T, T)
    axF.set_ylim(-T, T)
    axF.set_xlabel("$t_1$", fontsize=12)
    axF.set_ylabel("$t_2$", fontsize=12)
    axF.set_title(f"(a) the fibre $w_3w_2w_1={x:g}$ ($d=1$, $N=3$, $w_k>0$) in the chart\n"
                  "$\\mathbf{W}=(e^{t_2},e^{t_1})\\cdot\\mathbf{C}$ of Lemma 1, sliced by $G_1$ and $G_2$", fontsize=10)
    axF.legend(loc="upper center", bbox_to_anchor=(0.5, -0.11), ncol=2, fontsize=8.5, frameon=False)

    # (b) the moment plane: straight rays, exponential speed
    for k, P in enumerate(Gtraj):
        axG.plot(P[:, 0], P[:, 1], color=_FLOW, lw=1.4)
        axG.plot(P[::5, 0], P[::5, 1], "o", color=_FLOW, ms=3.5)
        axG.plot(P[0, 0], P[0, 1], "o", color="black", ms=4)
        axG.annotate("", xy=P[4], xytext=P[3], arrowprops=dict(arrowstyle="-|>", color=_FLOW, lw=1.5,
                                                                  mutation_scale=13))
    axG.plot([0], [0], "o", color=_MIN, ms=7, label=r"$\mathbf{G}=0$: $\mathcal{O}_X=\mathcal{F}_X\cap\mathcal{M}$")
    axG.axhline(0, color="0.8", lw=0.8)
    axG.axvline(0, color="0.8", lw=0.8)
    axG.set_aspect("equal")
    axG.set_xlabel("$G_1=w_1^2-w_2^2$")
    axG.set_ylabel("$G_2=w_2^2-w_3^2$")
    axG.set_title("(b) the same trajectories in the moments:\nrays to $0$, dots every $\\Delta t=1/2$ "
                  "($\\mathbf{G}(t)=\\mathbf{G}_0e^{-2t}$)", fontsize=10)
    axG.legend(loc="upper right", fontsize=8, frameon=False)

    # (c) d = 2, N = 3 over C: ||G(t)|| against ||G_0|| e^{-2t}
    tt = [0.25 * i for i in range(13)]
    for s in range(2):
        W0 = random_state(3, 2, "C", seed=seed + s, dps=20)
        traj = regularizing_trajectory(W0, tt, tol="1e-6")
        nG = [float(mpmath.sqrt(sum(mpmath.mnorm(g, "f") ** 2 for g in moments(W)))) for W in traj]
        axL.semilogy(tt, nG, "o", color=["#1f77b4", "#d95f02", "#7570b3"][s], ms=5,
                     label=f"$\\|\\mathbf{{G}}(t)\\|$, random start {s + 1}")
        axL.semilogy(tt, [nG[0] * np.exp(-2 * t) for t in tt], "-", color="0.4", lw=1,
                     label="$\\|\\mathbf{G}_0\\|e^{-2t}$" if s == 0 else None)
    axL.set_xlabel("$t$")
    axL.set_ylabel(r"$\|\mathbf{G}(t)\|$")
    axL.set_title("(c) $d=2$, $N=3$, complex: $\\|\\mathbf{G}(t)\\|=\\|\\mathbf{G}_0\\|e^{-2t}$", fontsize=10)
    axL.legend(fontsize=8, frameon=False)
    fig.suptitle("Figure 1.2: the regularizing flow on $\\mathcal{F}_X$ evolves the slices "
                 "$\\mathcal{F}_X\\cap\\mathcal{M}_{\\mathbf{G}}$ at a uniform exponential rate (Theorem 2)",
                 fontsize=12)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- Figure 1.3
def _pushforward_speed(W, gradE) -> np.ndarray:
    """``dX/dt = dX(W)[-grad_W E]``: the velocity of ``X`` along (1.2), by differentiating (1.1) along the flow."""
    v = loss_gradient(W, gradE(end_to_end(W)))
    return end_to_end([Dual(w, -g) for w, g in zip(W, v)]).der


def figure_1_3(y: float = 2.0, lim: float = 3.0):
    r"""Figure 1.3: the learning flow on ``M`` for ``d = 1, N = 2``, ``E(X) = (X - y)^2 / 2``."""
    plt = _plt()
    from .numeric.section1 import centre

    gradE = lambda X: X - y * np.eye(X.shape[0])
    fig, (ax, axX) = plt.subplots(1, 2, figsize=(13.5, 6.2), gridspec_kw={"width_ratios": [1.05, 1]})
    u = np.linspace(-lim, lim, 241)
    X = _grid_values(lambda a, b: end_to_end([a, b])[0, 0], u, u)
    levels = [x for x in (-4, -2, -1, -0.5, 0.5, 1, 4) if x != y]
    ax.contour(u, u, X, levels=levels, colors="0.7", linewidths=0.8, linestyles="solid")
    ax.contour(u, u, X, levels=[y], colors=_POS, linewidths=2.2)
    t = np.array([-lim, lim])
    ax.plot(t, t, color=_BAL, lw=2.2)
    ax.plot(t, -t, color=_BAL, lw=2.2)
    T = 3.0
    on_M = [(0.5, 0.5), (2.7, 2.7), (-0.3, -0.3), (-2.6, -2.6), (1.2, -1.2)]
    off_M = [(0.2, 1.25), (2.5, 0.1), (-1.5, -0.2), (-0.5, 2.4), (1.9, -0.6)]
    colors_on, colors_off = "#c00000", "#7570b3"
    trajs = {}
    for pts, col, lab in ((on_M, colors_on, "learning flow started on $\\mathcal{M}$"),
                          (off_M, colors_off, "gradient flow (1.2) started off $\\mathcal{M}$")):
        for k, (w1, w2) in enumerate(pts):
            traj = learning_trajectory([np.array([[w1]]), np.array([[w2]])], gradE, T, steps=600)
            P = np.array([[W[0][0, 0], W[1][0, 0]] for W in traj])
            trajs[(w1, w2)] = traj
            ax.plot(P[:, 0], P[:, 1], color=col, lw=2.0, label=lab if k == 0 else None)
            ax.plot(*P[0], "o", color=col, ms=5)
            j = 25
            ax.annotate("", xy=P[j + 1], xytext=P[j], arrowprops=dict(arrowstyle="-|>", color=col, lw=1.8,
                                                                        mutation_scale=16))
    mins = np.array(minimisers_d1(y))
    ax.plot(mins[:, 0], mins[:, 1], "*", color="gold", mec="black", ms=15, zorder=6,
            label=f"minimisers of $|w|^2$ on $w_2w_1={y:g}$")
    ax.plot([], [], color=_POS, lw=2.2, label=f"target fibre $w_2w_1=y={y:g}$")
    ax.plot([], [], color="0.7", lw=0.8, label="other fibres")
    ax.plot([], [], color=_BAL, lw=2.2, label="$\\mathcal{M}$: $w_2=\\pm w_1$")
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.set_xlabel("$w_1$", fontsize=13)
    ax.set_ylabel("$w_2$", fontsize=13)
    ax.set_title(f"(a) $\\dot{{\\mathbf{{W}}}}=-\\nabla_{{\\mathbf{{W}}}}E(X(\\mathbf{{W}}))$, "
                 f"$E=\\frac{{1}}{{2}}(w_2w_1-{y:g})^2$: $G$ is conserved", fontsize=10)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.09), ncol=2, fontsize=8.5, frameon=False)

    # (b) X(t) on and off M, against the pushed-forward flow in X alone
    ts = np.linspace(0, T, 601)
    n_x = 200
    h = T / n_x

    def x_flow(x0):
        """Integrate dX/dt = f(X), f(X) = dX[-grad E] at the balanced lift of X (the centre)."""
        def f(x):
            C = centre([[f"{x:.17g}"]], 2, dps=20)[0]     # the balanced lift of x: the centre of F_x (Section 1.2)
            return _pushforward_speed([np.array([[float(M[0, 0])]]) for M in C], gradE)[0, 0]
        xs = [x0]
        for _ in range(n_x):
            x = xs[-1]
            k1 = f(x)
            k2 = f(x + 0.5 * h * k1)
            k3 = f(x + 0.5 * h * k2)
            k4 = f(x + h * k3)
            xs.append(x + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4))
        return np.array(xs)

    for (w1, w2), col, ls in (((0.5, 0.5), colors_on, "-"), ((0.2, 1.25), colors_off, "-"),
                              ((2.5, 0.1), colors_off, "--"), ((1.2, -1.2), colors_on, "-")):
        traj = trajs[(w1, w2)]
        xs = np.array([end_to_end(W)[0, 0] for W in traj])
        g0 = w1 ** 2 - w2 ** 2
        axX.plot(ts, xs, color=col, lw=2.0, ls=ls, label=f"$X(t)$ from $\\mathbf{{W}}_0=({w1:g},{w2:g})$, $G={g0:.2f}$")
        if abs(g0) < 1e-12:
            axX.plot(ts[::30], x_flow(xs[0])[::30 * n_x // 600], "o", mfc="none", mec="black", ms=6,
                     label="flow in $X$ alone (Remark 5)" if (w1, w2) == (0.5, 0.5) else None)
    axX.axhline(y, color=_POS, lw=1, ls="--")
    axX.set_xlabel("$t$", fontsize=12)
    axX.set_ylabel("$X(t)=w_2(t)w_1(t)$", fontsize=12)
    axX.set_title("(b) on $\\mathcal{M}$ the end-to-end matrix follows a flow of $X$ alone;\n"
                  "off $\\mathcal{M}$ the speed depends on $G$ as well", fontsize=10)
    axX.legend(fontsize=8.5, frameon=False, loc="lower right")
    fig.suptitle("Figure 1.3: the learning flow on the balanced manifold ($d=1$, $N=2$, real)", fontsize=12)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- output
def write_all(outdir: str) -> list[str]:
    """Write Figures 1.1-1.3 as PNG and SVG into ``outdir`` (created if needed); return the paths."""
    plt = _plt(agg=True)
    os.makedirs(outdir, exist_ok=True)
    paths = []
    for name, make in (("figure_1_1", figure_1_1), ("figure_1_2", figure_1_2), ("figure_1_3", figure_1_3)):
        fig = make()
        for ext in ("png", "svg"):
            p = os.path.join(outdir, f"{name}.{ext}")
            kw = {"dpi": 130} if ext == "png" else {}
            fig.savefig(p, bbox_inches="tight", metadata={"Date": None} if ext == "svg" else None, **kw)
            paths.append(p)
        plt.close(fig)
    return paths


if __name__ == "__main__":  # pragma: no cover
    for _p in write_all(sys.argv[1] if len(sys.argv) > 1 else "figures"):
        print(_p)
