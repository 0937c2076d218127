"""The high-precision numeric layer: flows, minimisers, the Kempf-Ness Hessian.

The engines run on FLINT/Arb ball arithmetic (python-flint: :mod:`.series`, :mod:`.taylor`, :mod:`.regflow`,
:mod:`.hsolve`, :mod:`.bounds`, :mod:`.validated`); mpmath is the reference path (``backend="mpmath"``,
``method="gbs"``) and the interface: inputs and results are mpmath matrices (FLINT matrices in, FLINT out).

Public API (layers input first, as mpmath matrices, NumPy arrays, nested lists of
numbers or strings, or SymPy matrices; results are mpmath matrices):

* :func:`regularizing_gradient` -- ``grad 1/2 ||W||^2`` on ``F_X`` by solving ``H(b) = G`` (2.19)
* :func:`regularizing_flow` -- ``W(t)`` along (1.17)
* :func:`kirwan_ness_flow` -- ``W(t)`` along (1.22)
* :func:`minimize_on_fiber` -- a minimiser of (3.8) on the fibre of ``X``
* :func:`random_state` -- reproducible full-rank states

Names are loaded lazily from their modules.
"""

from __future__ import annotations

import importlib

from .common import random_state

__all__ = ["random_state", "regularizing_gradient", "regularizing_flow", "kirwan_ness_flow", "minimize_on_fiber",
           "solve_H"]

_LAZY = {
    "regularizing_gradient": "solve",
    "solve_H": "solve",
    "regularizing_flow": "flows",
    "kirwan_ness_flow": "flows",
    "minimize_on_fiber": "minimize",
}


def __getattr__(name):
    if name in _LAZY:
        mod = importlib.import_module(f".{_LAZY[name]}", __name__)
        return getattr(mod, name)
    raise AttributeError(f"module 'dlnsym.numeric' has no attribute {name!r}")
