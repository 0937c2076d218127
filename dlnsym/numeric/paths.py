r"""The two paths of the numeric layer: FLINT/Arb (the default) and mpmath (the reference), and a recorder.

The engines that compute on FLINT/Arb have a reference implementation in plain mpmath:

=========================================  ==========================================  ===========================
engine                                     FLINT/Arb (default)                         mpmath (reference path)
=========================================  ==========================================  ===========================
:func:`~dlnsym.numeric.solve.solve_H`      block LU (:mod:`.hsolve`)                   block Cholesky
:func:`~.solve.regularizing_gradient`      block LU, then ``w_b`` (2.3)                block Cholesky on ``LMat``
:func:`~.flows.regularizing_trajectory`    Taylor scheme of (1.17) (:mod:`.regflow`)    GBS extrapolation (:mod:`.gbs`)
:func:`~.flows.kirwan_ness_trajectory`     Taylor method on (1.22) (:mod:`.taylor`)     GBS extrapolation
=========================================  ==========================================  ===========================

Inside ``with reference_path():`` every one of them takes the mpmath path unless its caller names a backend or a
method explicitly. Inside ``with recording() as log:`` each of them appends ``(engine name, result, dps)`` to
``log``. Together they give the two-path test (``tests/test_two_paths.py``): every numeric claim of the registry
runs once on each path, the verdicts must agree, and every result of every engine call must agree to ``dps - 5``
digits (45 digits at ``dps = 50``). Both switches are context variables: nothing global is changed, and both
are restored on exit.

>>> from dlnsym.numeric.common import random_state
>>> from dlnsym.numeric.solve import solve_H
>>> W = random_state(3, 2, "R", seed=0)
>>> with recording() as log, reference_path():
...     b = solve_H(W, [W[0], W[1]], dps=25)
>>> [(name, dps) for name, _, dps in log], default_backend()
([('solve_H (mpmath)', 25)], 'flint')
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["reference_path", "on_reference_path", "default_backend", "recording", "record", "register_cache",
           "clear_caches"]

_REFERENCE: ContextVar[bool] = ContextVar("dlnsym_reference_path", default=False)
_LOG: ContextVar[list | None] = ContextVar("dlnsym_engine_log", default=None)
_CACHES: list = []


@contextmanager
def reference_path():
    """Run the engines on the mpmath reference path (a context; restored on exit, also on an exception)."""
    token = _REFERENCE.set(True)
    try:
        yield
    finally:
        _REFERENCE.reset(token)


def on_reference_path() -> bool:
    """Whether the engines default to the mpmath reference path here."""
    return _REFERENCE.get()


def default_backend() -> str:
    """``"mpmath"`` inside :func:`reference_path`, ``"flint"`` elsewhere (the ``backend`` of the solves)."""
    return "mpmath" if _REFERENCE.get() else "flint"


@contextmanager
def recording():
    """Record ``(engine, result, dps)`` of every engine call inside the block into the list it yields."""
    log: list = []
    token = _LOG.set(log)
    try:
        yield log
    finally:
        _LOG.reset(token)


def record(engine: str, result, dps: int):
    """Append ``(engine, result, dps)`` to the active recording, if any; returns ``result``."""
    log = _LOG.get()
    if log is not None:
        log.append((engine, result, dps))
    return result


def register_cache(clear):
    """Register the ``clear()`` of a cache of engine results (a check module's), for :func:`clear_caches`.
    Such a cache keys its entries by :func:`on_reference_path` too. Returns ``clear``."""
    _CACHES.append(clear)
    return clear


def clear_caches() -> None:
    """Empty every registered cache of engine results: the next run calls the engines again (and records)."""
    for clear in _CACHES:
        clear()
