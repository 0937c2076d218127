r"""Section 4.2: regularization by background noise.

The Ornstein-Uhlenbeck process (4.2) and the Langevin equation (4.4),

.. math:: dW_t = -\kappa W_t\,dt + \sqrt{2/\beta}\, dB_t, \qquad
          dW_t = -(\nabla_W E(X(W_t)) + \kappa W_t)\,dt + \sqrt{2/\beta}\, dB_t,

with ``B_t`` the standard Brownian motion of the Euclidean space ``M_d^N`` (over C: one
standard Brownian motion in each *real* coordinate of the metric (1.15)).

Two exact facts are derived here from first principles, in real coordinates:

* the stationary Fokker-Planck equation ``0 = div(kappa x rho) + (1/beta) Lap rho`` of (4.2)
  is solved by ``rho ∝ exp(-beta kappa ||W||^2 / 2)``, not by the printed (4.3)
  ``exp(-beta kappa ||W||^2)`` (:func:`fokker_planck_stationary`);
* by Ito's formula, ``d G_k = -2 kappa G_k dt + (martingale)`` along (4.2) *and* along (4.4):
  the Ito corrections of ``W_k W_k^*`` and ``W_{k+1}^* W_{k+1}`` are both ``(2/beta) c d I``
  (``c = 1`` over R, ``2`` over C) and cancel, and the loss term conserves ``G`` (Section 1.4.1).
  Hence ``E[G(t)] = G_0 e^{-2 kappa t}`` exactly (:func:`ito_drift`), while
  ``E||W(t)||^2 = e^{-2 kappa t} ||W_0||^2 + (D / (beta kappa)) (1 - e^{-2 kappa t})`` along (4.2),
  ``D`` the real dimension of ``M_d^N``, does carry an Ito correction.

The statistical side is a seeded Euler-Maruyama simulation in NumPy (:func:`simulate`) whose
sample means are compared with these predictions by a Bonferroni z-test (:func:`z_test`).
The simulation evaluates the shared formulas :func:`~dlnsym.formulas.moments` and
:func:`~dlnsym.formulas.loss_gradient` on a batch of paths at once (:class:`Batch`).

>>> import sympy
>>> x = sympy.symbols("x0:3", real=True); beta, kappa = sympy.symbols("beta kappa", positive=True)
>>> sympy.simplify(fokker_planck_stationary(ou_density(x, beta, kappa), x, kappa, beta))
0
"""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import Sequence

import numpy as np
import sympy

from ..formulas import end_to_end, loss_gradient, moments, norm_sq
from ..matrix import adj, eye_like, re_trace, zeros_like

__all__ = [
    "ou_density",
    "fokker_planck_term",
    "fokker_planck_stationary",
    "fokker_planck_any_dimension",
    "OU_CONSTANT",
    "generator",
    "real_coordinate_state",
    "square_loss",
    "ito_drift",
    "real_dimension",
    "predicted_mean_G",
    "predicted_mean_norm_sq",
    "Batch",
    "simulate",
    "z_test",
    "hermitian_coords",
]


# --------------------------------------------------------------------------- Fokker-Planck (symbolic)
#: the constant ``c`` of the density ``exp(-c beta kappa |x|^2)``: as printed in (4.3), and corrected
OU_CONSTANT = {"printed": sympy.Integer(1), "corrected": sympy.Rational(1, 2)}


def ou_density(xs: Sequence, beta, kappa, form: str = "corrected"):
    r"""The unnormalised Gaussian density of (4.3) in real coordinates ``xs``.

    ``form="printed"``: ``exp(-beta kappa |x|^2)`` as printed in (4.3);
    ``form="corrected"``: ``exp(-beta kappa |x|^2 / 2)``.
    """
    if form not in OU_CONSTANT:
        raise ValueError(f"form={form!r}: use 'printed' or 'corrected'")
    return sympy.exp(-OU_CONSTANT[form] * beta * kappa * sum(x**2 for x in xs))


def fokker_planck_term(rho, x, kappa, beta):
    r"""The part of the stationary Fokker-Planck operator of (4.2) in one real coordinate ``x``:
    ``d/dx (kappa x rho) + (1/beta) d^2 rho / dx^2``."""
    return sympy.diff(kappa * x * rho, x) + sympy.diff(rho, x, 2) / beta


def fokker_planck_stationary(rho, xs: Sequence, kappa, beta):
    r"""The stationary Fokker-Planck operator of (4.2) applied to ``rho``:
    ``sum_i d/dx_i (kappa x_i rho) + (1/beta) d^2 rho / dx_i^2`` (:func:`fokker_planck_term` summed over ``xs``).

    The generator of (4.2) is ``L f = -kappa x . grad f + (1/beta) Lap f`` (drift ``-kappa x``,
    diffusion ``sqrt(2/beta)``, so ``sigma^2 / 2 = 1/beta``); its adjoint is the operator above.
    """
    return sum(fokker_planck_term(rho, x, kappa, beta) for x in xs)


def fokker_planck_any_dimension(form: str = "corrected") -> dict:
    r"""``FP(rho) / rho`` for the density of (4.3) in a *symbolic* number ``D`` of real coordinates.

    The coordinates are SymPy ``Indexed`` symbols ``x[1], ..., x[D]`` with ``D`` a symbol, the density is
    ``exp(-c beta kappa Sum(x[j]^2, (j, 1, D)))`` and the operator is ``Sum(term_i, (i, 1, D))`` with
    ``term_i`` the one-dimensional operator :func:`fokker_planck_term` in the coordinate ``x[i]``, which
    SymPy differentiates through the ``D``-fold sum itself (Kronecker deltas). The range ``1 <= i <= D`` of
    the outer sum is imposed by writing ``D = i + e`` with ``e >= 0``. Returns ``summand`` (``term_i / rho``),
    ``local`` (whether the summand depends on the coordinates through ``x[i]`` alone and not on ``D``: the
    ``D``-dimensional operator is then a sum of the same one-dimensional operator in each coordinate),
    ``total`` (the sum over ``i`` done) and the symbols ``D``, ``x``, ``beta``, ``kappa``.

    >>> fokker_planck_any_dimension("corrected")["total"]
    0
    """
    if form not in OU_CONSTANT:
        raise ValueError(f"form={form!r}: use 'printed' or 'corrected'")
    D = sympy.Symbol("D", integer=True, positive=True)
    i, j = sympy.symbols("i j", integer=True, positive=True)
    e = sympy.Symbol("e", integer=True, nonnegative=True)
    x = sympy.IndexedBase("x", real=True)
    beta, kappa = sympy.symbols("beta kappa", positive=True)
    rho = sympy.exp(-OU_CONSTANT[form] * beta * kappa * sympy.Sum(x[j] ** 2, (j, 1, D)))
    # the Kronecker deltas of d/dx[i] Sum(x[j]^2) are resolved by doit(), the exponentials cancel by powsimp
    summand = (fokker_planck_term(rho, x[i], kappa, beta).doit() / rho).subs(D, i + e)
    summand = sympy.expand(sympy.powsimp(sympy.expand(summand)))
    local = summand.atoms(sympy.Indexed) <= {x[i]} and not summand.has(D, e, j)
    total = sympy.factor_terms(sympy.expand(sympy.Sum(sympy.expand(summand), (i, 1, D))).doit())
    return {"summand": summand, "local": bool(local), "total": total, "D": D, "x": x, "beta": beta, "kappa": kappa}


def generator(f, xs: Sequence, drift: Sequence, sigma2):
    r"""Ito's generator ``L f = sum_i b_i d f/dx_i + (sigma^2 / 2) sum_i d^2 f / dx_i^2``.

    ``d f(X_t) = L f dt + (martingale)`` for ``dX = b dt + sigma dB`` with independent standard
    Brownian motions in the real coordinates ``xs``."""
    return sum(b * sympy.diff(f, x) for b, x in zip(drift, xs)) + sigma2 / 2 * sum(sympy.diff(f, x, 2) for x in xs)


# --------------------------------------------------------------------------- Ito's formula for G (symbolic)
def real_coordinate_state(N: int, d: int, field: str, name: str = "w") -> tuple[list, list]:
    """A state of ``N`` SymPy ``d x d`` matrices whose entries are built from real symbols.

    Over C an entry is ``x + i y`` with ``x, y`` real: the real coordinates of the metric (1.15).
    Returns ``(W, coordinates)`` with ``W`` input first."""
    if field not in ("R", "C"):
        raise ValueError(f"unknown field {field!r}: the paper works over F = R or F = C")
    if N < 2 or d < 1:
        raise ValueError("the deep linear network has N >= 2 layers of width d >= 1 (Section 1.1)")
    W, xs = [], []
    for k in range(1, N + 1):
        rows = []
        for i in range(d):
            row = []
            for j in range(d):
                x = sympy.Symbol(f"{name}{k}_{i}{j}r", real=True)
                xs.append(x)
                if field == "C":
                    y = sympy.Symbol(f"{name}{k}_{i}{j}i", real=True)
                    xs.append(y)
                    row.append(x + sympy.I * y)
                else:
                    row.append(x)
            rows.append(row)
        W.append(sympy.Matrix(rows))
    return W, xs


def square_loss(X, Y):
    r"""``E(X) = 1/2 ||X - Y||^2 = 1/2 Re Tr((X - Y)^* (X - Y))`` (1.14)."""
    D = X - Y
    return sympy.expand(re_trace(adj(D) @ D) / 2)


def real_dimension(N: int, d: int, field: str) -> int:
    """``D = dim_R M_d^N``: ``N d^2`` over R, ``2 N d^2`` over C."""
    return N * d * d * (2 if field == "C" else 1)


def ito_drift(N: int, d: int, field: str, *, loss: bool = False, wrong: str | None = None) -> dict:
    r"""Ito's formula for the moments along (4.2) (``loss=False``) or (4.4) with the square loss.

    Returns the state ``W`` built (SymPy matrices in real coordinates), the SymPy matrices ``L G_k``
    (the ``dt``-part of ``d G_k``), the residuals
    ``L G_k + 2 kappa G_k`` (zero: ``E[G(t)] = G_0 e^{-2 kappa t}``), and the residual
    ``L ||W||^2 + 2 kappa ||W||^2 - (2/beta) D`` (zero along (4.2)).

    The drift is computed from first principles: ``-kappa x_i - dE/dx_i`` in real coordinates
    (the Euclidean gradient of the metric (1.15)). ``wrong`` breaks the computation on purpose
    (negative controls): ``"no-ito"`` drops the second-order term of Ito's formula,
    ``"rate"`` compares with ``-kappa G_k`` instead of ``-2 kappa G_k``.
    """
    beta, kappa = sympy.symbols("beta kappa", positive=True)
    W, xs = real_coordinate_state(N, d, field)
    drift = [-kappa * x for x in xs]
    if loss:
        Ysyms = []
        Y = sympy.zeros(d, d)
        for i in range(d):
            for j in range(d):
                yr = sympy.Symbol(f"Y_{i}{j}r", real=True)
                Ysyms.append(yr)
                Y[i, j] = yr
                if field == "C":
                    yi = sympy.Symbol(f"Y_{i}{j}i", real=True)
                    Ysyms.append(yi)
                    Y[i, j] += sympy.I * yi
        E = square_loss(end_to_end(W), Y)
        drift = [b - sympy.diff(E, x) for b, x in zip(drift, xs)]
    sigma2 = 0 if wrong == "no-ito" else 2 / beta
    rate = kappa if wrong == "rate" else 2 * kappa
    G = moments(W)
    LG = [Gk.applyfunc(lambda e: sympy.expand(generator(sympy.expand(e), xs, drift, sigma2))) for Gk in G]
    resid = [(L + rate * Gk).applyfunc(sympy.expand) for L, Gk in zip(LG, G)]
    out = {"W": W, "LG": LG, "residual_G": resid, "beta": beta, "kappa": kappa}
    if not loss:
        n2 = sympy.expand(norm_sq(W))
        D = real_dimension(N, d, field)
        out["residual_norm_sq"] = sympy.expand(generator(n2, xs, drift, sigma2) + rate * n2 - 2 * D / beta)
    return out


# --------------------------------------------------------------------------- predictions
def predicted_mean_G(G0: Sequence, kappa: float, t: float, *, rate: float = 2.0) -> list:
    r"""``E[G_k(t)] = G_k(0) e^{-2 kappa t}`` (``rate`` = 2: the derived law; other values are wrong laws)."""
    return [g * math.exp(-rate * kappa * t) for g in G0]


def predicted_mean_norm_sq(n0: float, kappa: float, beta: float, t: float, D: int, *, ito: bool = True) -> float:
    r"""``E||W(t)||^2 = e^{-2 kappa t} ||W_0||^2 + (D / (beta kappa)) (1 - e^{-2 kappa t})`` along (4.2).

    ``ito=False`` drops the Ito correction (a wrong law, for negative controls)."""
    e = math.exp(-2 * kappa * t)
    return n0 * e + ((D / (beta * kappa)) * (1 - e) if ito else 0.0)


# --------------------------------------------------------------------------- simulation (NumPy)
class Batch:
    """A batch of ``P`` matrices (an ``ndarray`` of shape ``(P, r, c)``) in the matrix protocol.

    The shared formulas of :mod:`dlnsym.formulas` then evaluate all sample paths at once.

    >>> import numpy as np
    >>> W = [Batch(np.random.default_rng(0).standard_normal((5, 2, 2))) for _ in range(2)]
    >>> G = moments(W)[0].a                       # G_1 of each path: Hermitian
    >>> bool(np.allclose(G, np.swapaxes(G, 1, 2)))
    True
    """

    __slots__ = ("a",)
    __array_priority__ = 3000

    def __init__(self, a: np.ndarray):
        self.a = a

    @property
    def shape(self):
        return self.a.shape[1:]

    def __matmul__(self, o):
        return Batch(self.a @ (o.a if isinstance(o, Batch) else o))

    def __rmatmul__(self, o):
        return Batch(o @ self.a)

    def __add__(self, o):
        return Batch(self.a + (o.a if isinstance(o, Batch) else o))

    __radd__ = __add__

    def __sub__(self, o):
        return Batch(self.a - (o.a if isinstance(o, Batch) else o))

    def __rsub__(self, o):
        return Batch(o - self.a)

    def __neg__(self):
        return Batch(-self.a)

    def __mul__(self, c):
        return Batch(self.a * c)

    __rmul__ = __mul__


@adj.register
def _(A: Batch):
    return Batch(np.conj(np.swapaxes(A.a, 1, 2)))


@zeros_like.register
def _(A: Batch):
    return Batch(np.zeros_like(A.a))


@eye_like.register
def _(A: Batch):
    return Batch(np.broadcast_to(np.eye(A.a.shape[1], dtype=A.a.dtype), A.a.shape).copy())


def hermitian_coords(H: np.ndarray, field: str) -> np.ndarray:
    """The real coordinates of a batch of Hermitian ``d x d`` matrices: diagonal, then Re (and Im over C)
    of the upper triangle. Shape ``(P, n)``."""
    d = H.shape[-1]
    cols = [H[..., i, i].real for i in range(d)]
    for i in range(d):
        for j in range(i + 1, d):
            cols.append(H[..., i, j].real)
            if field == "C":
                cols.append(H[..., i, j].imag)
    return np.stack(cols, axis=-1)


def simulate(W0: Sequence, *, kappa: float, beta: float, times: Sequence[float], dt: float, paths: int, seed: int,
             field: str, Y: np.ndarray | None = None) -> dict:
    r"""Euler-Maruyama for (4.2) (``Y is None``) or (4.4) with ``E = 1/2 ||X - Y||^2``.

    ``W_{n+1} = W_n - (nabla E + kappa W_n) dt + sqrt(2 dt / beta) xi_n``, with ``xi_n`` standard
    normal in every real coordinate (over C: real and imaginary parts independent, metric (1.15)).
    The gradient is the shared :func:`~dlnsym.formulas.loss_gradient` with ``nabla E(X) = X - Y``.

    Returns, at each time of ``times``, the sample mean and standard error of the real coordinates
    of every ``G_k`` (shape ``(N-1, n)``) and of ``||W||^2``, plus ``paths``, ``seed``, ``dt``.
    """
    if kappa <= 0 or beta <= 0:
        raise ValueError("(4.2) and (4.4) need kappa > 0 and an inverse temperature beta > 0")
    if min(times) < 0:
        raise ValueError("times must be >= 0")
    if field not in ("R", "C"):
        raise ValueError(f"unknown field {field!r}: the paper works over F = R or F = C")
    rng = np.random.default_rng(seed)
    dtype = complex if field == "C" else float
    W = [Batch(np.broadcast_to(np.asarray(w, dtype=dtype), (paths,) + np.shape(w)).copy()) for w in W0]
    noise = math.sqrt(2 * dt / beta)
    out = {"times": [], "G_mean": [], "G_se": [], "norm_sq_mean": [], "norm_sq_se": [],
           "paths": paths, "seed": seed, "dt": dt}
    t, n = 0.0, 0
    for target in sorted(times):
        steps = round((target - t) / dt)
        for _ in range(steps):
            drift = [w * kappa for w in W]
            if Y is not None:
                drift = [u + v for u, v in zip(drift, loss_gradient(W, end_to_end(W) - Y))]
            xi = [rng.standard_normal(w.a.shape) + (1j * rng.standard_normal(w.a.shape) if field == "C" else 0)
                  for w in W]
            W = [w - f * dt + Batch(e * noise) for w, f, e in zip(W, drift, xi)]
            n += 1
        t = n * dt
        Gc = np.stack([hermitian_coords(g.a, field) for g in moments(W)], axis=1)  # (P, N-1, n)
        n2 = sum(np.sum(np.abs(w.a) ** 2, axis=(1, 2)) for w in W)
        out["times"].append(t)
        out["G_mean"].append(Gc.mean(axis=0))
        out["G_se"].append(Gc.std(axis=0, ddof=1) / math.sqrt(paths))
        out["norm_sq_mean"].append(float(n2.mean()))
        out["norm_sq_se"].append(float(n2.std(ddof=1) / math.sqrt(paths)))
    return out


def z_test(means: np.ndarray, ses: np.ndarray, predicted: np.ndarray, *, confidence: float = 0.99) -> dict:
    r"""Bonferroni z-test of ``m`` sample means against predictions, at family-wise ``confidence``.

    Rejects when ``max |mean - predicted| / se`` exceeds ``z_{1 - alpha/(2m)}``, ``alpha = 1 - confidence``
    (valid under any dependence between the ``m`` statistics; the means are approximately normal
    by the central limit theorem)."""
    means, ses, predicted = (np.asarray(x, dtype=float).ravel() for x in (means, ses, predicted))
    m = means.size
    z = np.abs(means - predicted) / ses
    thr = NormalDist().inv_cdf(1 - (1 - confidence) / (2 * m))
    return {"max_z": float(z.max()), "threshold": float(thr), "m": m, "reject": bool(z.max() > thr)}
