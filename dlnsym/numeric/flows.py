r"""The two regularizing flows of the paper, at high precision.

* :func:`regularizing_flow`: ``dW/dt = -1/2 grad ||W||^2 = -w_b`` on ``(F_X, iota)`` (1.17), with
  ``b`` solving ``H(b) = G`` (2.19) (Lemma 5), by the Taylor scheme of :mod:`.regflow` (``H`` factored once per
  step, one back substitution per order of ``b``); ``method="gbs"`` (or passing ``k``) uses Gragg-Bulirsch-Stoer
  extrapolation (:func:`.gbs.integrate`) with one structured solve of :mod:`.solve` per evaluation.
  Needs ``X`` of full rank (Lemma 5, Theorem 2). Theorem 2: ``G(t) = G_0 e^{-2t}``.
* :func:`kirwan_ness_flow`: ``dW_k/dt = 2(W_k G_{k-1} - G_k W_k)`` (1.22), the shared formula
  :func:`dlnsym.formulas.kirwan_ness_field`, integrated by the Taylor method of
  :mod:`.ode` (coefficients by Cauchy products, exact fixed point). Defined on all of
  ``M_d^N``: no rank assumption (Remark 11).

Accuracy (measured in the tests, the registry and :mod:`dlnsym.bench`): the local error per
step is below ``10^-(dps + GUARD)`` (Taylor, default) or ``10^-(dps + 5)`` (GBS) relative to
``max(1, |W|)``. Measured: at ``dps = 50`` the regularizing flow reproduces ``G_0 e^{-2t}`` to
``~10^-50`` on ``[0, 3]`` at ``N = 4, d = 3`` (default tolerance) and ``~10^-47`` with the registry's cheaper
tolerance ``10^-46``; the Kirwan-Ness flow at ``dps = 30`` agrees with heyoka at 50 digits to
31 digits (the rounding to ``dps``).

>>> import mpmath
>>> from dlnsym.numeric.common import random_state
>>> from dlnsym.formulas import end_to_end, moments
>>> W0 = random_state(2, 2, "R", seed=0)
>>> W1 = regularizing_flow(W0, "0.5", dps=25)
>>> with mpmath.workdps(25):     # Theorem 2: G(t) = G_0 e^{-2t}
...     r = mpmath.mnorm(moments(W1)[0] - moments(W0)[0] * mpmath.exp(-1), 1)
>>> bool(r < mpmath.mpf(10) ** -20)
True
"""

from __future__ import annotations

from typing import Sequence

from ..formulas import kirwan_ness_field
from .common import as_state, check_dps, check_full_rank, working
from .gbs import integrate
from .paths import on_reference_path, record
from .regflow import regularizing_graph_field
from .solve import _regularizing_gradient
from .taylor import TaylorIntegrator
from .taylor import check_time as _check_time

__all__ = ["regularizing_flow", "kirwan_ness_flow", "regularizing_trajectory", "kirwan_ness_trajectory",
           "regularizing_field"]


def regularizing_field(W: Sequence) -> list:
    """The right-hand side ``-w_b`` of (1.17) at the current working precision (``H(b) = G``, (2.19))."""
    return [-v for v in _regularizing_gradient(list(W))]


def _times(t, dps):
    if isinstance(t, (list, tuple)):
        ts = [_check_time(x, "t", dps) for x in t]
        if any(b < a for a, b in zip(ts, ts[1:])):
            raise ValueError("the times must be increasing")
        return ts, False
    return [_check_time(t, "t", dps)], True


def _start(W0, dps, rank_what=None):
    check_dps(dps)
    with working(dps):
        Ws = as_state(W0, name="W0")
        if rank_what:
            check_full_rank(Ws, dps, rank_what)
    return Ws


def regularizing_trajectory(W0: Sequence, ts: Sequence, *, dps: int = 50, stats: dict | None = None,
                            method: str | None = None, integrator: list | None = None, **kw) -> list:
    r"""``[W(t) for t in ts]`` along the regularizing flow (1.17), ``ts`` increasing, ``>= 0``.

    ``method="taylor"`` (default): the Taylor scheme of :mod:`.regflow`; keywords ``tol`` (local error target,
    default ``10^-(dps + GUARD)``) and ``order``; if ``integrator`` is a list the integrator is appended to it (its
    ``steps``, ``order`` and ``error_estimate``). ``method="gbs"`` (the default when ``k`` is given):
    :func:`dlnsym.numeric.gbs.integrate` with keywords ``tol`` and ``k``; ``stats`` receives its counts, and
    ``integrator`` a :class:`GBSRun`. Inside :func:`dlnsym.numeric.paths.reference_path` the default is ``"gbs"``.
    """
    Ws = _start(W0, dps, "the regularizing flow (1.17) (Lemma 5, Theorem 2)")
    ts, _ = _times(list(ts), dps)
    explicit = method is not None
    method = method or ("gbs" if "k" in kw or on_reference_path() else "taylor")
    if method == "gbs":
        if not explicit:          # the reference path: the Taylor scheme's ``order`` does not apply
            kw.pop("order", None)
        return _gbs(regularizing_field, Ws, ts, dps, stats, integrator, "regularizing_trajectory", **kw)
    if method != "taylor":
        raise ValueError(f"method={method!r}: 'taylor' or 'gbs'")
    unknown = set(kw) - {"tol", "order"}
    if unknown:
        raise TypeError(f"regularizing_trajectory (Taylor scheme): unexpected keywords {sorted(unknown)}")
    integ = TaylorIntegrator(regularizing_graph_field, Ws, dps=dps, validate=False, **kw)
    if integrator is not None:
        integrator.append(integ)
    out = []
    for t in ts:
        integ.propagate_to(t)
        out.append(integ.state())
    if stats is not None:
        stats.update({"steps": integ.steps, "order": integ.order, "error_estimate": integ.error_estimate})
    return record("regularizing_trajectory (taylor)", out, dps)


class GBSRun:
    """What a GBS run reports in place of a Taylor integrator: ``steps``, ``order`` (``2k``) and
    ``error_estimate``, the sum of the accepted steps' local error bounds, ``steps * tol`` relative (GBS accepts a
    step when its extrapolation estimate is below ``tol``)."""

    def __init__(self, stats: dict):
        self.steps = stats["steps"]
        self.order = 2 * stats["k"]
        self.error_estimate = stats["steps"] * stats["tol"]


def _gbs(field, Ws, ts, dps, stats, integrator, name, **kw):
    """The GBS path of the two trajectories: :func:`dlnsym.numeric.gbs.integrate` (keywords ``tol``, ``k``)."""
    st = {} if stats is None else stats
    out = integrate(lambda t, y: field(y), Ws, ts=ts, dps=dps, stats=st, **kw)
    if integrator is not None:
        integrator.append(GBSRun(st))
    return record(f"{name} (gbs)", out, dps)


def regularizing_flow(W0: Sequence, t, *, dps: int = 50, **kw):
    r"""``W(t)`` along the regularizing flow (1.17), ``dW/dt = -w_b``, ``H(b) = G`` (Lemma 5).

    Parameters
    ----------
    W0 : the initial state (layers input first), with ``X`` of full rank (Theorem 2).
    t : a time ``>= 0`` (string for exactness, e.g. ``"0.5"``), or an increasing list of times.
    dps : digits of the result (``>= 20``).

    Returns ``W(t)`` as mpmath matrices (or a list of states for a list of times).
    Raises ``ValueError`` for ``t < 0``, ``dps < 20``, bad shapes or rank-deficient ``X``.
    """
    ts, single = _times(t, dps)
    out = regularizing_trajectory(W0, ts, dps=dps, **kw)
    return out[0] if single else out


def kirwan_ness_trajectory(W0: Sequence, ts: Sequence, *, dps: int = 50, order: int | None = None,
                           callback=None, integrator: list | None = None) -> list:
    r"""``[W(t) for t in ts]`` along the Kirwan-Ness flow (1.22) by the Taylor method.

    ``callback(step)`` receives each :class:`~dlnsym.numeric.ode.TaylorStep` (dense output:
    ``step.at(tau)``); if ``integrator`` is a list, the integrator object is appended to it
    (for its ``steps`` and ``order``). Inside :func:`dlnsym.numeric.paths.reference_path` the flow is integrated
    by GBS extrapolation on mpmath instead, the reference path, unless ``callback`` or ``integrator`` asks for the
    Taylor integrator itself (its dense output has no GBS counterpart).
    """
    Ws = _start(W0, dps)
    ts, _ = _times(list(ts), dps)
    if on_reference_path() and callback is None and integrator is None:
        return _gbs(kirwan_ness_field, Ws, ts, dps, None, integrator, "kirwan_ness_trajectory")
    integ = TaylorIntegrator(kirwan_ness_field, Ws, dps=dps, order=order, validate=False)
    if integrator is not None:
        integrator.append(integ)
    out = []
    for t in ts:
        integ.propagate_to(t, callback)
        out.append(integ.state())
    return record("kirwan_ness_trajectory (taylor)", out, dps)


def kirwan_ness_flow(W0: Sequence, t, *, dps: int = 50, order: int | None = None):
    r"""``W(t)`` along the Kirwan-Ness flow (1.22), ``dW_k/dt = 2(W_k G_{k-1} - G_k W_k)``.

    Defined on all of ``M_d^N`` (Remark 11): no rank assumption. ``t >= 0`` or an increasing
    list of times. Taylor method with local error ``<= 10^-(dps + GUARD)`` relative per step.

    >>> import mpmath
    >>> W = kirwan_ness_flow([[[1, 0], [0, 0]], [[0, 0], [0, 1]]], 1, dps=20)   # X = 0: still defined
    >>> len(W)
    2
    """
    ts, single = _times(t, dps)
    out = kirwan_ness_trajectory(W0, ts, dps=dps, order=order)
    return out[0] if single else out
