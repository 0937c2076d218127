r"""Section 1.4.1 for concrete losses: the moments are conserved along the training flow (1.2), numerically.

Three losses ``E(X)``, each with its Euclidean gradient ``nabla E`` (``dE(X) V = Re Tr(nabla E(X)^* V)``, (1.14)):

* ``quadratic``: ``E = 1/2 ||X - Y||^2``, ``nabla E = X - Y``;
* ``quartic``: ``E = 1/4 ||(X - Y)^*(X - Y)||^2``, ``nabla E = (X - Y)(X - Y)^*(X - Y)``;
* ``logcosh``: ``E = sum_ij log cosh Re(X - Y)_ij + log cosh Im(X - Y)_ij``, ``nabla E = tanh Re(X - Y) +
  i tanh Im(X - Y)`` (entrywise; not polynomial).

:func:`gradient_defect` checks each gradient against the derivative of ``E`` (``mpmath.diff`` along a seeded
direction), so the flows below integrate the gradient flow of the stated ``E``. :func:`check_conservation_numeric`
integrates (1.2), ``dW/dt = -nabla_W E(X(W))`` (layer gradients of :func:`dlnsym.formulas.loss_gradient`), at
``dps`` digits (Taylor integrator for the polynomial gradients, adaptive extrapolation for ``logcosh``) and compares
``G(T)`` with ``G(0)``.
"""

from __future__ import annotations

import mpmath

from ..formulas import end_to_end, moments
from ..matrix import adj
from ..numeric.common import as_mp, random_state, tol, working
from . import dynamics as D

__all__ = ["LOSSES", "loss", "loss_gradient_of", "gradient_defect", "conservation_data", "check_conservation_numeric"]

LOSSES = ("quadratic", "quartic", "logcosh")


def _frob_sq(M):
    return mpmath.fsum(abs(M[i, j]) ** 2 for i in range(M.rows) for j in range(M.cols))


def loss(name: str, Y):
    """``X -> E(X)`` for the loss ``name`` (module docstring)."""
    Y = as_mp(Y)
    if name == "quadratic":
        return lambda X: _frob_sq(X - Y) / 2
    if name == "quartic":
        return lambda X: _frob_sq(adj(X - Y) @ (X - Y)) / 4
    if name == "logcosh":
        return lambda X: mpmath.fsum(mpmath.log(mpmath.cosh(mpmath.re(z))) + mpmath.log(mpmath.cosh(mpmath.im(z)))
                                     for z in (X - Y))
    raise ValueError(f"unknown loss {name!r}: one of {LOSSES}")


def loss_gradient_of(name: str, Y):
    """``X -> nabla E(X)`` for the loss ``name``."""
    Y = as_mp(Y)
    if name == "quadratic":
        return lambda X: X - Y
    if name == "quartic":
        return lambda X: (X - Y) @ adj(X - Y) @ (X - Y)
    if name == "logcosh":
        def grad(X):
            Dm = X - Y
            return Dm.apply(lambda z: mpmath.tanh(mpmath.re(z)) + mpmath.mpc(0, 1) * mpmath.tanh(mpmath.im(z))
                            if isinstance(z, mpmath.mpc) else mpmath.tanh(z))
        return grad
    raise ValueError(f"unknown loss {name!r}: one of {LOSSES}")


def gradient_defect(name: str, X, Y, V, dps: int):
    """``|d/dtau E(X + tau V)|_0 - Re Tr(nabla E(X)^* V)|`` (``mpmath.diff`` at the working precision)."""
    with working(dps):
        E, g = loss(name, Y), loss_gradient_of(name, Y)
        X, V = as_mp(X), as_mp(V)
        dE = mpmath.diff(lambda t: E(X + V * t), 0)
        pair = mpmath.re(mpmath.fsum((adj(g(X)) @ V)[i, i] for i in range(X.rows)))
        return abs(dE - pair) / max(1, abs(pair))


def conservation_data(name: str, N: int, d: int, field: str, *, T="0.1", kappa=0, dps: int = 50, seed: int = 0):
    """Integrate ``dW/dt = -nabla_W (E(X(W)) + kappa/2 ||W||^2)`` (``kappa = 0``: (1.2)) from a seeded ``W_0`` to ``T``;
    returns ``W0``, ``max_k |G_k(T) - G_k(0)| / max_k |G_k(0)|``, ``E(X(0))``, ``E(X(T))``."""
    W0 = random_state(N, d, field, seed, dps=dps)
    Y = random_state(2, d, field, seed + 100, dps=dps)[0]
    with working(dps):
        W0 = [w * mpmath.mpf("0.7") for w in W0]
    grad = loss_gradient_of(name, Y)
    poly = name != "logcosh"
    if kappa:
        (Wt,) = D.regularized_flow(W0, grad, kappa, [T], dps=dps, polynomial=poly)
    else:
        (Wt,) = D.training_flow(W0, grad, [T], dps=dps, polynomial=poly)
    with working(dps):
        G0, Gt = moments(W0), moments(Wt)
        drift = max(mpmath.mnorm(a - b, 1) for a, b in zip(Gt, G0)) / max(mpmath.mnorm(b, 1) for b in G0)
        E = loss(name, Y)
        return {"W0": W0, "Y": Y, "drift": drift, "E0": E(end_to_end(W0)), "ET": E(end_to_end(Wt))}


CASES = [("quadratic", 2, 2, "R"), ("logcosh", 2, 2, "R")]
LONG_CASES = [("logcosh", 2, 2, "C"), ("quartic", 2, 2, "R"), ("quartic", 3, 2, "C"), ("logcosh", 3, 2, "R"),
              ("quadratic", 3, 2, "C")]


def check_conservation_numeric(opts):
    r"""Section 1.4.1 numerically: along (1.2) for a concrete ``E`` (quadratic and ``logcosh``, not polynomial, over R;
    over C, the quartic and larger sizes under ``Options.long``), ``max_k |G_k(T) - G_k(0)| / max|G_0| <
    10^-(dps-10)`` at ``T = 0.1``, while the loss decreases and the gradient of ``E`` agrees with its derivative.
    Control: with weight decay (``kappa = 0.5``, the flow (4.1)) the same test fails (``G(T) = G_0 e^{-2 kappa T}``)."""
    from ..claims.evidence import Control, Evidence, sizes_of

    dps = opts.dps
    cases = CASES + (LONG_CASES if opts.long else [])
    for name, N, d, field in [c for c in cases if c[3] in opts.fields]:
        r = conservation_data(name, N, d, field, dps=dps)
        bad = conservation_data(name, N, d, field, kappa="0.5", dps=dps)["drift"]
        V = random_state(2, d, field, 7, dps=dps)[0]
        gd = gradient_defect(name, end_to_end(r["W0"]), r["Y"], V, dps)
        ok = r["drift"] < tol(dps) and r["ET"] < r["E0"] and gd < tol(dps, slack=15)
        yield Evidence(r["drift"], ok, sizes_of(r["W0"], field, T=0.1), dps=dps,
                       figures={"loss": name, "E(0)": mpmath.nstr(r["E0"], 8), "E(T)": mpmath.nstr(r["ET"], 8),
                                "gradient check": mpmath.nstr(gd, 3)},
                       control=Control("G is conserved with weight decay kappa = 0.5 added", bad,
                                       not bad < tol(dps)),
                       note=f"E = {name}: training flow (1.2) to T = 0.1 at {dps} digits; |G(T) - G(0)|/|G(0)|, "
                            "tolerance 10^-(dps-10); the loss decreases; nabla E checked against dE (mpmath.diff)")
