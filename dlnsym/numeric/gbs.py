r"""Gragg-Bulirsch-Stoer extrapolation (:func:`integrate`) for non-polynomial fields, at an explicit precision.

The modified midpoint rule with ``n_j = 2, 4, ..., 2k`` substeps has an error expansion in even powers of the
substep (Gragg 1965), and the Aitken-Neville extrapolation table ``T_{j,i}`` (exact rational weights
``(n_j / n_{j-i})^2 - 1``) has order ``2k``. The step is controlled by ``err = |T_{k,k} - T_{k,k-1}| <= tol
max(1, |y|)`` (an estimate of the error of the lower-order entry, hence conservative for the accepted
``T_{k,k}``), with ``tol = 10^-(dps + 5)`` by default (an estimate at the rounding-noise floor
``10^-(dps + GUARD - 5)`` lets the step grow); a rejected step is retried with a smaller step. The right-hand side
receives light mpmath matrices (:class:`~dlnsym.backends.lmat.LMat`); results are mpmath matrices rounded to
``dps`` digits.
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

import mpmath

from ..backends.lmat import LMat
from .common import GUARD, check_dps, round_out, working
from .taylor import check_time as _check_time

__all__ = ["integrate"]


def _flatten(y) -> list:
    out = []
    for M in y:
        if isinstance(M, LMat):
            for r in M.a:
                out.extend(r)
        else:
            out.extend(M[i, j] for i in range(M.rows) for j in range(M.cols))
    return out


def _unflatten(v: list, shapes: list) -> list:
    out, pos = [], 0
    for r, c in shapes:
        out.append(LMat._raw([v[pos + i * c: pos + (i + 1) * c] for i in range(r)]))
        pos += r * c
    return out


def _maxabs(v: list):
    return max((abs(x) for x in v), default=mpmath.mpf(0))


def _default_k(dps: int) -> int:
    return max(6, int(math.ceil((dps + GUARD) / 3.25)))


def integrate(rhs: Callable, y0: Sequence, t_end=None, *, dps: int = 50, ts: Sequence | None = None,
              tol=None, k: int | None = None, h_init=None, stats: dict | None = None, max_steps: int = 100000):
    r"""Integrate ``dy/dt = rhs(t, y)`` by Gragg-Bulirsch-Stoer extrapolation of order ``2k``, adaptively.

    Parameters
    ----------
    rhs : ``rhs(t, y)`` with ``y`` a list of mpmath matrices, returning a list of the same shapes.
        It is called inside ``working(dps)`` (``dps + GUARD`` digits).
    y0 : the initial value, a list of mpmath matrices (or anything :func:`mpmath.matrix` accepts).
    t_end / ts : the final time, or an increasing sequence of output times (``>= 0``).
    dps : decimal digits of the results (``>= 20``).
    tol : the local error tolerance per step, relative to ``max(1, |y|)``; default ``10^-(dps + 5)``.
    k : the number of extrapolation columns (order ``2k``); default ``max(6, ceil((dps + GUARD)/3.25))``.
    stats : if a dict, receives ``steps``, ``rejected``, ``evaluations``, and the ``k`` and ``tol`` used.

    Returns ``y(t_end)`` or the list ``[y(t) for t in ts]``, rounded to ``dps`` digits.

    Accuracy: each accepted step has estimated local error ``<= tol max(1, |y|)``; the global
    error is at most the sum of the local errors times the flow's growth factor. The digits
    are measured in the tests (exact solution ``G(t) = G_0 e^{-2t}`` of Theorem 2, and runs at
    two precisions).

    >>> import mpmath
    >>> y = integrate(lambda t, y: [y[0]], [mpmath.matrix([[1]])], 1, dps=30)
    >>> with mpmath.workdps(30):
    ...     bool(abs(y[0][0, 0] - mpmath.e) < mpmath.mpf(10) ** -28)
    True
    """
    check_dps(dps)
    if ts is None:
        if t_end is None:
            raise ValueError("give t_end or ts")
        times, single = [_check_time(t_end, "t_end", dps)], True
    else:
        times, single = [_check_time(t, "t", dps) for t in ts], False
        if any(b < a for a, b in zip(times, times[1:])):
            raise ValueError("the times ts must be increasing")
    k = k or _default_k(dps)
    if k < 2:
        raise ValueError("k >= 2 extrapolation columns are needed for an error estimate")
    ns = [2 * (j + 1) for j in range(k)]
    st = {"steps": 0, "rejected": 0, "evaluations": 0}
    out = []
    with working(dps):
        tol = mpmath.mpf(10) ** (-(dps + 5)) if tol is None else mpmath.mpf(tol)
        noise = mpmath.mpf(10) ** (-(dps + GUARD - 5))
        y0 = [M if isinstance(M, (mpmath.matrix, LMat)) else mpmath.matrix(M) for M in y0]
        shapes = [(M.rows, M.cols) for M in y0]
        y = [+x for x in _flatten(y0)]
        t = mpmath.mpf(0)

        def f(tt, v):
            st["evaluations"] += 1
            return _flatten(rhs(tt, _unflatten(v, shapes)))

        f0 = f(t, y)
        if h_init is not None:
            H = mpmath.mpf(h_init)
        else:
            fn = _maxabs(f0)
            H = max(1, _maxabs(y)) / fn if fn > 0 else mpmath.mpf(1)
        weights = [[(mpmath.mpf(ns[j]) / ns[j - i]) ** 2 - 1 if 0 < i <= j else None for i in range(k)]
                   for j in range(k)]
        expo = mpmath.mpf(-1) / (2 * k - 1)
        for t_target in times:
            steps = 0
            while t < t_target:
                steps += 1
                if steps > max_steps:
                    raise RuntimeError(f"GBS did not reach t = {t_target} in {max_steps} steps")
                last = H >= t_target - t
                Hs = t_target - t if last else H
                T = []
                for j, n in enumerate(ns):
                    h = Hs / n
                    h2 = 2 * h
                    z0 = y
                    z1 = [h * a + b for a, b in zip(f0, y)]
                    for m in range(1, n):
                        fz = f(t + m * h, z1)
                        z0, z1 = z1, [h2 * a + b for a, b in zip(fz, z0)]
                    row = [z1]
                    for i in range(1, j + 1):
                        w = weights[j][i]
                        prev, low = row[i - 1], T[j - 1][i - 1]
                        row.append([a + (a - b) / w for a, b in zip(prev, low)])
                    T.append(row)
                ynew = T[k - 1][k - 1]
                err = _maxabs([a - b for a, b in zip(ynew, T[k - 1][k - 2])])
                scale = max(1, _maxabs(ynew))
                ratio = err / (tol * scale)
                # an estimate at the rounding-noise floor says nothing about the truncation error: grow the step
                if err <= noise * scale:
                    fac = mpmath.mpf(2)
                else:
                    fac = min(mpmath.mpf(4), max(mpmath.mpf("0.1"), mpmath.mpf("0.9") * ratio ** expo))
                if ratio <= 1:
                    st["steps"] += 1
                    t = t_target if last else t + Hs
                    y = ynew
                    f0 = f(t, y)
                    if not last or fac < 1:
                        H = Hs * fac
                else:
                    st["rejected"] += 1
                    H = Hs * fac
            out.append([M.to_mp() for M in _unflatten(y, shapes)])
    if stats is not None:
        stats.update(st, k=k, tol=tol)
    res = [round_out(o, dps) for o in out]
    return res[0] if single else res
