r"""Section 4.3 by sampling: the prior conditioned on a thin shell ``|X(W) - X| < eps``, and the small-noise limit.

Nothing here assumes the form of the posterior:

* :func:`shell_sample` draws ``W`` from the prior ``exp(-beta kappa ||W||^2/2)`` (independent real Gaussian
  coordinates of variance ``1/(beta kappa)``, the corrected (4.3)) and keeps the draws with
  ``||X(W) - X||_F < eps``: as ``eps -> 0`` their law tends to the conditional law given ``X(W) = X``.
* :func:`log_modulus_cdf` gives the law of ``u = log|w_1|`` under the two candidate measures on ``F_X`` for
  ``d = 1`` (the posterior ``rho/J dH`` of :mod:`dlnsym.beyond.posterior`, and the printed ``rho dH``), by
  quadrature on a grid in the logarithmic coordinates; :func:`weighted_cdf` does the same for ``log|det W_1|`` at
  ``N = 2``, ``d >= 2`` by importance sampling in the graph coordinate ``W_1``.
* :func:`ks_test` is the one-sample Kolmogorov-Smirnov test (asymptotic Kolmogorov distribution with Stephens'
  small-sample correction), used with a stated significance level.
* :func:`haar_mcmc` samples the posterior in group coordinates ``W = A.C`` (Lemma 1), where it is
  ``exp(-beta kappa ||A.C||^2/2)`` times the Haar measure (checked in :func:`~dlnsym.beyond.posterior.haar_ratio`):
  a Metropolis chain with the multiplicative proposal ``A_k -> A_k Cay(sigma Z_k)``,
  ``Cay(Z) = (I - Z/2)^{-1}(I + Z/2)`` (``Z`` and ``-Z`` equally likely, so the proposal is symmetric for the
  bi-invariant Haar measure).

All randomness is NumPy's ``default_rng(seed)``; the results are statistical and float64.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["shell_sample", "ks_statistic", "ks_pvalue", "ks_test", "log_modulus_cdf", "weighted_cdf", "haar_mcmc",
           "excess_energy", "codimension"]


def _draw(rng, shape, field: str, sd: float):
    if field == "C":
        return (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)) * sd
    return rng.standard_normal(shape) * sd


def _product(W):
    """``X = W_N \\cdots W_1`` for a batch: ``W`` has shape ``(N, batch, d, d)``, input first."""
    X = W[0]
    for Wk in W[1:]:
        X = Wk @ X
    return X


def shell_sample(N: int, d: int, field: str, X, beta_kappa: float, eps: float, n: int, seed: int,
                 batch: int = 200_000, max_draws: int = 10 ** 9) -> dict:
    """``n`` prior draws (shape ``(n, N, d, d)``, input first) with ``||X(W) - X||_F < eps``, by rejection.

    Returns ``W``, the number of ``draws`` and the acceptance rate."""
    rng = np.random.default_rng(seed)
    X = np.asarray(X, dtype=complex if field == "C" else float)
    sd = 1 / math.sqrt(beta_kappa)
    kept, draws = [], 0
    while sum(len(k) for k in kept) < n:
        if draws >= max_draws:
            raise ValueError(f"shell_sample: fewer than {n} draws in the shell after {draws} draws; widen eps")
        W = _draw(rng, (N, batch, d, d), field, sd)
        dist = np.sqrt((np.abs(_product(W) - X) ** 2).sum(axis=(1, 2)))
        kept.append(np.moveaxis(W[:, dist < eps], 0, 1))
        draws += batch
    Ws = np.concatenate(kept)[:n]
    return {"W": Ws, "draws": draws, "acceptance": n / draws}


# --------------------------------------------------------------------------- Kolmogorov-Smirnov
def ks_statistic(samples, cdf) -> float:
    """``D_n = sup_t |F_n(t) - F(t)|`` for the empirical distribution of ``samples`` and a continuous ``cdf``."""
    x = np.sort(np.asarray(samples, dtype=float))
    n = len(x)
    F = np.asarray(cdf(x), dtype=float)
    i = np.arange(1, n + 1)
    return float(max((i / n - F).max(), (F - (i - 1) / n).max()))


def ks_pvalue(D: float, n: int) -> float:
    r"""``P(D_n >= D)`` from the Kolmogorov distribution ``Q(l) = 2 sum_{k>=1} (-1)^{k-1} e^{-2 k^2 l^2}`` at
    ``l = (sqrt n + 0.12 + 0.11/sqrt n) D`` (Stephens 1970)."""
    lam = (math.sqrt(n) + 0.12 + 0.11 / math.sqrt(n)) * D
    if lam < 0.2:
        return 1.0
    return float(min(1.0, max(0.0, 2 * sum((-1) ** (k - 1) * math.exp(-2 * k * k * lam * lam) for k in range(1, 101)))))


def ks_test(samples, cdf, alpha: float) -> dict:
    """The one-sample KS test at significance ``alpha``: ``D``, ``p``, ``reject`` (``p < alpha``), ``n``."""
    D = ks_statistic(samples, cdf)
    n = len(samples)
    p = ks_pvalue(D, n)
    return {"D": D, "p": p, "reject": p < alpha, "n": n}


# --------------------------------------------------------------------------- reference laws on F_X, d = 1
def _grid_cdf(u, f):
    """A CDF from density values ``f`` on the uniform grid ``u`` (trapezoid rule), as an interpolating function."""
    c = np.concatenate([[0.0], np.cumsum((f[1:] + f[:-1]) / 2 * np.diff(u))])
    c /= c[-1]
    return lambda t: np.interp(t, u, c)


def log_modulus_cdf(N: int, field: str, x: float, beta_kappa: float, measure: str, *, grid: int | None = None):
    r"""The CDF of ``u_1 = log|w_1|`` on the fibre ``w_N \cdots w_1 = x`` (``d = 1``, ``x > 0``) under
    ``measure="corrected"`` (``rho/J dH``) or ``"printed"`` (``rho dH``), ``rho = exp(-beta kappa |w|^2/2)``.

    In the coordinates ``u_k = log|w_k|`` (``k < N``, phases integrated out; ``|w_N| = x e^{-sum u_k}``), with
    ``S = sum_k |w_k|^2`` and ``c = beta kappa/2``: the posterior (graph density ``rho |det R_P|^{-1}``) is
    ``e^{-c S} du`` for R and C alike; the printed one (graph density ``rho sqrt(det D Psi^T D Psi)``) is
    ``e^{-c S} e^{sum u_k} sqrt(1 + sum_k |w_N|^2/|w_k|^2)`` over R and ``e^{-c S} e^{2 sum u_k}
    (1 + sum_k |w_N|^2/|w_k|^2)`` over C (``N = 2`` only there). ``N = 2, 3`` over R, ``N = 2`` over C. The
    trapezoid rule on ``[-9, 9]`` (``grid`` points; 1201 per axis for ``N = 3``) is accurate far below the KS
    resolution (the integrands are smooth and negligible at the ends)."""
    if measure not in ("corrected", "printed"):
        raise ValueError(f"measure={measure!r}: 'corrected' or 'printed'")
    if (N, field) not in ((2, "R"), (3, "R"), (2, "C")):
        raise ValueError("log_modulus_cdf covers d = 1 with N = 2, 3 over R and N = 2 over C")
    c = beta_kappa / 2
    u = np.linspace(-9, 9, grid or (4001 if N == 2 else 1201))
    if N == 2:
        w1, w2 = np.exp(2 * u), x * x * np.exp(-2 * u)
        f = np.exp(-c * (w1 + w2))
        if measure == "printed":
            f = f * (np.sqrt(1 + w2 / w1) * np.exp(u) if field == "R" else (1 + w2 / w1) * np.exp(2 * u))
        return _grid_cdf(u, f)
    U1, U2 = np.meshgrid(u, u, indexing="ij")
    a, b = np.exp(2 * U1), np.exp(2 * U2)
    e = x * x * np.exp(-2 * (U1 + U2))
    f = np.exp(-c * (a + b + e))
    if measure == "printed":
        f = f * np.exp(U1 + U2) * np.sqrt(1 + e / a + e / b)
    marg = np.trapezoid(f, u, axis=1)
    return _grid_cdf(u, marg)


def weighted_cdf(d: int, X, beta_kappa: float, measure: str, n: int, seed: int):
    r"""The CDF of ``log|det W_1|`` on ``F_X``, ``N = 2``, R, under ``measure`` (``"corrected"``: density
    ``rho |det W_1|^{-d}`` in the graph coordinate ``W_1``; ``"printed"``: ``rho sqrt(det(I + D phi^T D phi))``,
    ``phi(W_1) = X W_1^{-1}``), by importance sampling with the prior law of ``W_1`` as proposal (``n`` draws; the
    weights are the remaining factors). Returns the CDF and the effective sample size."""
    rng = np.random.default_rng(seed)
    sd = 1 / math.sqrt(beta_kappa)
    A = rng.standard_normal((n, d, d)) * sd
    det = np.linalg.det(A)
    Ai = np.linalg.inv(A)
    W2 = X @ Ai
    logw = -beta_kappa / 2 * (W2 ** 2).sum(axis=(1, 2))
    if measure == "corrected":
        logw += -d * np.log(np.abs(det))
    else:
        # D phi(V) = -X A^{-1} V A^{-1}: its real matrix is -(A^{-T} (x) X A^{-1}) in column-major vec
        K = -np.einsum("nji,nkl->nikjl", Ai, W2).reshape(n, d * d, d * d)
        G = np.eye(d * d) + np.transpose(K, (0, 2, 1)) @ K
        logw += 0.5 * np.linalg.slogdet(G)[1]
    w = np.exp(logw - logw.max())
    t = np.log(np.abs(det))
    order = np.argsort(t)
    cw = np.cumsum(w[order])
    cw /= cw[-1]
    ts = t[order]
    ess = float(w.sum() ** 2 / (w ** 2).sum())
    return (lambda s: np.interp(s, ts, cw)), ess


# --------------------------------------------------------------------------- the small-noise limit, MCMC
def codimension(N: int, d: int, field: str) -> int:
    r"""``dim F_X - dim O_X``: ``(N-1) d^2 u_F - (N-1) dim U(d)`` (``dim O(d) = d(d-1)/2``, ``dim U(d) = d^2``; the
    action is free at full rank): ``(N-1) d(d+1)/2`` over R, ``(N-1) d^2`` over C."""
    return (N - 1) * (d * (d + 1) // 2 if field == "R" else d * d)


def _cayley(Z):
    n = Z.shape[-1]
    Id = np.broadcast_to(np.eye(n), Z.shape)
    return np.linalg.solve(Id - Z / 2, Id + Z / 2)


def _norm_sq_orbit(A, lam):
    r"""``||A.C||^2`` for ``C`` with ``C_k = Lam`` (``Q_0 = Q_N = I``; the unitary ``Q_0``, ``Q_N`` of a general centre
    do not change the norm): ``||A_1 Lam||^2 + sum_k ||A_k Lam A_{k-1}^{-1}||^2 + ||Lam A_{N-1}^{-1}||^2``."""
    L = np.diag(lam)
    inv = np.linalg.inv(A)
    total = (np.abs(A[:, 0] @ L) ** 2).sum(axis=(1, 2)) + (np.abs(L @ inv[:, -1]) ** 2).sum(axis=(1, 2))
    for k in range(1, A.shape[1]):
        total = total + (np.abs(A[:, k] @ L @ inv[:, k - 1]) ** 2).sum(axis=(1, 2))
    return total


def excess_energy(A, lam) -> np.ndarray:
    r"""``Delta = ||A.C||^2 - N sum_i sigma_i^{2/N}`` (``lam = sigma^{1/N}``): ``>= 0`` on ``F_X``, zero exactly on
    ``O_X`` (Theorem 1)."""
    N = A.shape[1] + 1
    return _norm_sq_orbit(A, lam) - N * float((np.asarray(lam) ** 2).sum())


def haar_mcmc(N: int, d: int, field: str, lam, beta_kappa: float, *, chains: int, steps: int, seed: int,
              step: float = 0.7) -> dict:
    r"""``chains`` independent Metropolis chains for ``exp(-beta kappa ||A.C||^2/2) dHaar(A)`` on ``GL(d)^{N-1}``,
    started at ``A = I`` (``W = C`` in ``O_X``), proposal ``A_k -> A_k Cay(sigma Z_k)`` with ``sigma = step /
    sqrt(beta kappa)``. Returns the final states (one independent draw per chain), ``Delta`` there and the acceptance
    rate."""
    rng = np.random.default_rng(seed)
    lam = np.asarray(lam, dtype=float)
    dtype = complex if field == "C" else float
    A = np.broadcast_to(np.eye(d, dtype=dtype), (chains, N - 1, d, d)).copy()
    sigma = step / math.sqrt(beta_kappa)
    e = _norm_sq_orbit(A, lam)
    accepted = 0
    for _ in range(steps):
        Z = _draw(rng, (chains, N - 1, d, d), field, sigma)
        B = A @ _cayley(Z)
        eb = _norm_sq_orbit(B, lam)
        ok = np.log(rng.random(chains)) < -beta_kappa / 2 * (eb - e)
        A[ok], e[ok] = B[ok], eb[ok]
        accepted += int(ok.sum())
    return {"A": A, "Delta": e - N * float((lam ** 2).sum()), "acceptance": accepted / (chains * steps)}
