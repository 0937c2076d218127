r"""The integrators of the numeric layer, in three modules (this module re-exports their names):

* :mod:`dlnsym.numeric.series`: the series engine (matrix-valued truncated power series on FLINT/Arb, compiled
  from a field written over the matrix protocol, with fused Cauchy products and implicit linear unknowns);
* :mod:`dlnsym.numeric.taylor`: the Taylor integrator built on it (:class:`TaylorIntegrator`,
  :func:`taylor_integrate`), used for the Kirwan-Ness flow (1.22), the training flows and, with an implicit node,
  the regularizing flow (1.17) (:mod:`dlnsym.numeric.regflow`);
* :mod:`dlnsym.numeric.gbs`: Gragg-Bulirsch-Stoer extrapolation (:func:`integrate`) for fields that are not
  polynomial.

The light mpmath matrix :class:`~dlnsym.backends.lmat.LMat` lives with the matrix backends.
"""

from __future__ import annotations

from ..backends.lmat import LMat
from .gbs import integrate
from .taylor import TaylorIntegrator, TaylorStep, check_time, taylor_integrate

_check_time = check_time

__all__ = ["TaylorIntegrator", "taylor_integrate", "integrate", "TaylorStep", "LMat", "check_time"]
