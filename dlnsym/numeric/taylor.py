r"""The Taylor integrator of polynomial (and implicitly linear) matrix ODEs on FLINT/Arb.

For ``dW/dt = f(W)`` with ``f`` written over the matrix protocol, the series engine of :mod:`.series` gives the
coefficients of ``W(t_0 + h_0 s) = sum_n W^{[n]} s^n`` up to the order ``p``. Arithmetic is Arb arithmetic on
midpoints; the state is kept at ``dps + GUARD + EXTRA`` digits (:func:`~dlnsym.numeric.common.working`), as exact
midpoints between steps, and coefficient ``n >= 1`` is computed with the bits it needs for the absolute accuracy
``2^-16 eps max(1, |W|)`` (coefficients decay geometrically, so the late orders run at two limbs, where Arb's
products are about twice as fast: :mod:`.series`).

*Order and step* (Jorba and Zou 2005, as in heyoka): for the target accuracy ``eps`` (default
``10^-(dps + GUARD)``) the order is ``p = ceil(ln(1/eps)/2) + 1`` and the step is the largest ``h`` with
``|W^{[j]}| (h/h_0)^j <= eps max(1, |W|)`` for ``j = p-1, p`` (the last two terms estimate the truncation error
``~ (h/rho)^p``, ``rho`` the radius of convergence). ``h_0`` is a power of two at or above the predicted step, so
that ``s = h/h_0 <= 1`` and rounding errors are not amplified (the step that reaches the end of the interval may
take ``s <= 2^(8/p)`` if its predicted step allows it, rather than leave a sliver for one more step). Each step's
**local truncation error is then below ``eps`` relative** (estimated, as in every Taylor code without a validated
remainder); the estimate of each step, ``|W^{[p-1]}| s^{p-1} + |W^{[p]}| s^p`` relative to ``max(1, |W|)``, is
summed into ``TaylorIntegrator.error_estimate`` (the integrator's own a-posteriori estimate of the global error,
without growth factors). The digits are measured, not assumed: the tests and :mod:`dlnsym.bench` compare with
heyoka and with runs at higher precision.

>>> import mpmath
>>> from dlnsym.formulas import kirwan_ness_field, moments
>>> W0 = [mpmath.matrix([[1, 2], [0, 1]]), mpmath.matrix([[1, 0], [1, 1]])]
>>> W1 = taylor_integrate(kirwan_ness_field, W0, "0.1", dps=30)
>>> with mpmath.workdps(30):                   # the flow decreases 1/2 ||G||^2 (Corollary 1)
...     g0 = sum(mpmath.mnorm(g, "f") ** 2 for g in moments(W0))
...     g1 = sum(mpmath.mnorm(g, "f") ** 2 for g in moments(W1))
>>> bool(g1 < g0)
True
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

import flint
import mpmath

from ..backends.arb import FMat, from_flint, is_flint, mp_to_arb
from .common import GUARD, as_state, check_dps, round_out, working
from .series import SeriesGraph, SNode, State

__all__ = ["TaylorIntegrator", "TaylorStep", "taylor_integrate", "check_time", "EXTRA"]

#: extra digits of the series arithmetic, above ``dps + GUARD``
EXTRA = 10


def check_time(t, what="t", dps: int = 50):
    """A time as an mpmath number at working precision; ``ValueError`` unless finite and ``>= 0``."""
    with working(dps, GUARD + 10):
        t = mpmath.mpmathify(t)
    if not mpmath.isfinite(t) or t < 0:
        raise ValueError(f"{what}={t}: the flows are run forward in time, t >= 0 (t in [0, oo) in Theorem 2, "
                         "Corollary 1)")
    return t


def _dyadic(e: int):
    """``2^e`` as an exact arb."""
    return flint.arb(flint.arf((1, e)))


def _log2max(c) -> float:
    """``log2 max |entry|`` of a coefficient from the midpoints (``-inf`` for zero; for step-size control only)."""
    m = max((abs(float(x)) for x in c.entries()), default=0.0)
    return math.log2(m) if m > 0 else -math.inf


def _log2frob(c) -> float:
    """``log2`` of the Frobenius norm of a coefficient (at least its ``log2 max |entry|``; two C-level operations,
    for the precision of the coefficients only)."""
    f = float((c.transpose() * c).trace())
    if math.isinf(f):                      # beyond the float range (the trial series of the first step)
        return _log2max(c) + 0.5 * math.log2(c.nrows() * c.ncols())
    return 0.5 * math.log2(f) if f > 0 else -math.inf


class TaylorStep:
    """One accepted Taylor step: ``W(t0 + tau)`` for ``0 <= tau <= h`` from the stored coefficients (dense output)."""

    def __init__(self, integ: "TaylorIntegrator", t0, h, h0_exp: int, coeffs: list):
        self.integ, self.t0, self.h, self.h0_exp, self.coeffs = integ, t0, h, h0_exp, coeffs

    def at(self, tau) -> list:
        """The state at ``t0 + tau`` (mpmath matrices at the integrator's working precision)."""
        I = self.integ
        with working(I.dps, GUARD + EXTRA):
            s = mp_to_arb(mpmath.mpmathify(tau)) / _dyadic(self.h0_exp)
            return [from_flint(I.g.to_flint(c)) for c in I._horner(self.coeffs, s)]


class TaylorIntegrator:
    r"""Taylor integrator for ``dW/dt = f(W)`` with ``f`` polynomial, written over the matrix protocol.

    Parameters
    ----------
    field : ``f``, a function of a list of matrices returning a list of matrices of the same length, using only
        ``@``, ``+``, ``-``, scalar ``*``, ``adj``, ``zeros_like``, ``eye_like`` (for example
        :func:`dlnsym.formulas.kirwan_ness_field`). It is called **once**, on series nodes, to record the
        recurrence; it may call ``graph.implicit`` (the graph is ``field.graph`` of the nodes) for implicit linear
        unknowns (:mod:`dlnsym.numeric.regflow`).
    W0 : the initial state (any input :func:`dlnsym.numeric.common.as_state` accepts, or FLINT matrices).
    dps : decimal digits of the results.
    order : the Taylor order ``p``; default ``ceil(ln(1/tol)/2) + 1``.
    tol : the local error target ``eps`` per step, relative to ``max(1, |W|)``; default ``10^-(dps + GUARD)``.

    Attributes ``t`` (current time, exact dyadic mpf), ``steps`` (accepted steps), ``order``, ``error_estimate``
    (sum of the local truncation estimates); :meth:`propagate_to` moves forward.
    """

    def __init__(self, field: Callable, W0: Sequence, *, dps: int = 50, order: int | None = None,
                 validate: bool = True, tol=None):
        check_dps(dps)
        self.dps = dps
        self.flint_io = bool(W0) and (is_flint(W0[0]) or isinstance(W0[0], FMat))
        with working(dps):
            if self.flint_io:
                Ws = [from_flint(M) for M in W0]
            else:
                Ws = as_state(W0) if validate else [M.copy() for M in W0]
        d = Ws[0].rows
        cplx = any(isinstance(x, mpmath.mpc) and x.imag != 0 for M in Ws for x in M)
        self.g = g = SeriesGraph(d, cplx)
        with working(dps, GUARD + EXTRA):
            eps = mpmath.mpf(10) ** -(dps + GUARD) if tol is None else mpmath.mpf(tol)
            if not eps > 0:
                raise ValueError(f"tol={tol!r}: the local error target must be > 0")
            self.eps_log2 = float(mpmath.log(eps, 2))
            if order is None:
                order = int(math.ceil(-float(mpmath.log(eps)) / 2)) + 1
            if not isinstance(order, int) or order < 2:
                raise ValueError(f"order={order!r}: the Taylor order must be an integer >= 2")
            self.order = order
            self.x = [g.cf(M) for M in Ws]
            self.states = [State(g) for _ in Ws]
            out = field(list(self.states))
            if len(out) != len(Ws):
                raise ValueError("the field must return one matrix per component of the state")
            out = [o if isinstance(o, SNode) else g.const(o) for o in out]
            for s, o in zip(self.states, out):
                s.field_node = o
            for grp in g.implicits:
                grp.states = self.states
            g.compile(out)
            if g.order[:len(self.states)] != self.states:
                raise RuntimeError("series graph: the state nodes must come first in the evaluation order")
            g.nstates = len(self.states)
            self.bits = flint.ctx.prec
            #: the absolute accuracy of the coefficients ``n >= 1``, in bits relative to ``max(1, |W|)``
            self.coef_bits = min(self.bits, int(math.ceil(-self.eps_log2)))
            g.prec_hook = self._bits_for
        self.t = mpmath.mpf(0)
        self.steps = 0
        self.h0_exp = None
        self.error_estimate = mpmath.mpf(0)

    # ----- helpers
    def _bits_for(self, n: int):
        """The bits coefficient ``n >= 1`` needs: each coefficient needs absolute accuracy ``2^-16 eps max(1, |W|)``
        (its rounding error is then far below the step's truncation error ``eps``), so relative precision
        ``log2(1/eps) + log2(|W^{[n]}|_F / max(1, |W^{[0]}|))`` plus 16 guard bits (at least 64, at most the working
        precision). The state (coefficient 0) keeps the full working precision ``dps + GUARD + EXTRA`` digits,
        since its rounding errors accumulate over the steps."""
        if n == 0:
            self._l0 = max(self._log2norm([s.coeffs[0] for s in self.states]), 0.0)
            return None
        ln = max(_log2frob(s.coeffs[n]) for s in self.states)
        if ln == -math.inf:
            return 64
        b = int(self.coef_bits + ln - self._l0) + 16
        return None if b >= self.bits else max(64, b)

    def _series(self, h0_exp: int, order: int | None = None) -> list:
        """The coefficients ``0..p`` (``p`` the order, or ``order``) of the states for ``h_0 = 2^h0_exp``."""
        g = self.g
        g.reset()
        p = self.order if order is None else order
        h0 = _dyadic(h0_exp)
        scales = [None] + [h0 / n for n in range(1, p + 1)]
        for s, x in zip(self.states, self.x):
            s.x0 = x
            s.scales = scales
        for _ in range(p):
            g.advance()
        g.advance(states_only=True)        # the states' coefficient p needs the other nodes only up to p - 1
        return [s.coeffs[: p + 1] for s in self.states]

    def _horner(self, coeffs: list, s) -> list:
        out = []
        for cs in coeffs:
            acc = cs[-1]
            for c in reversed(cs[:-1]):
                acc = acc * s + c
            out.append(acc)
        return out

    def _log2norm(self, cs: list) -> float:
        return max(_log2max(c) for c in cs)

    def _initial_h0_exp(self) -> int:
        coeffs = self._series(0, order=1)
        lx = max(self._log2norm([c[0] for c in coeffs]), 0.0)
        lf = self._log2norm([c[1] for c in coeffs])
        if lf == -math.inf:
            return 0
        return int(math.floor(lx - lf)) - 3

    def step(self, t_limit=None, callback=None) -> bool:
        """One step, not beyond ``t_limit``. Returns True if ``t_limit`` was reached."""
        with working(self.dps, GUARD + EXTRA):
            if self.h0_exp is None:
                self.h0_exp = self._initial_h0_exp()
            p = self.order
            e = self.h0_exp
            coeffs = self._series(e)
            lx = max(self._log2norm([c[0] for c in coeffs]), 0.0)
            target = self.eps_log2 + lx
            log_s = math.inf
            lcs = {}
            for j in (p - 1, p):
                lc = lcs[j] = self._log2norm([c[j] for c in coeffs])
                if lc > -math.inf:
                    log_s = min(log_s, (target - lc) / j)
            s_log = min(log_s, 0.0)      # s = h/h0 <= 1 keeps the rounding errors undamped by s^n
            if t_limit is not None and s_log < log_s:
                # the end is within the predicted step but beyond h0: reach it with 1 < s <= 2^(8/p) (rounding
                # errors grow by s^n <= 2^8, still 2^-8 eps), instead of leaving a sliver for one more step
                rest = float(t_limit - self.t)
                reach = math.log2(rest) - e + 1e-9 if rest > 0 else math.inf   # (1e-9: past float rounding)
                if reach <= min(log_s, 8.0 / p):
                    s_log = max(s_log, reach)
            sf = 2.0 ** s_log
            if sf == 0.0:
                raise RuntimeError(f"the Taylor step underflowed at t = {mpmath.nstr(self.t, 8)}")
            s = flint.arb(sf)
            h = mpmath.ldexp(mpmath.mpf(sf), e)
            reached = False
            t0 = self.t
            with mpmath.workprec(mpmath.mp.prec + 64):
                if t_limit is not None and t0 + h >= t_limit:
                    h = t_limit - t0
                    s = mp_to_arb(h) / _dyadic(e)
                    reached = True
                self.t = t_limit if reached else t0 + h
            # the local truncation estimate of this step (relative)
            sl = math.log2(max(float(s.mid()), 1e-300))
            est = sum(2.0 ** (lcs[j] + j * sl - lx) for j in (p - 1, p) if lcs[j] > -math.inf)
            self.error_estimate += mpmath.mpf(est)
            if callback is not None:
                callback(TaylorStep(self, t0, h, e, coeffs))
            self.x = [c.mid() for c in self._horner(coeffs, s)]
            self.steps += 1
            if log_s == math.inf:
                self.h0_exp = e + 1
            else:
                self.h0_exp = max(min(int(math.ceil(e + log_s)), e + 3), e - 20)
        return reached

    def propagate_to(self, t_end, callback=None, max_steps: int = 10**6):
        """Advance to ``t_end >= t``; ``callback(step)`` receives each :class:`TaylorStep` (dense output)."""
        with working(self.dps, GUARD + EXTRA + 20):
            t_end = mpmath.mpmathify(t_end)
        if t_end < self.t:
            raise ValueError(f"t_end={t_end} is before the current time {self.t}: the integrator only runs forward")
        if t_end == self.t:
            return
        for _ in range(max_steps):
            if self.step(t_end, callback):
                return
        raise RuntimeError(f"the Taylor integrator did not reach t = {t_end} in {max_steps} steps")

    def state(self, rounded: bool = True) -> list:
        """The current state as mpmath matrices, rounded to ``dps`` digits (FLINT matrices if the initial state was
        given as FLINT matrices).

        ``rounded=False`` keeps the working precision ``dps + GUARD`` (for a caller that computes a small
        difference of the state's entries, such as ``G``, inside :func:`working`)."""
        with working(self.dps, GUARD + EXTRA):
            W = [from_flint(self.g.to_flint(c)) for c in self.x]
        W = round_out(W, self.dps) if rounded else W
        if self.flint_io:
            from ..backends.arb import to_flint

            with working(self.dps):
                return [to_flint(M, complex_=self.g.complex) for M in W]
        return W


def taylor_integrate(field: Callable, W0: Sequence, t_end=None, *, dps: int = 50, order: int | None = None,
                     ts: Sequence | None = None, validate: bool = True, tol=None):
    r"""Integrate ``dW/dt = field(W)`` (``field`` polynomial, over the matrix protocol) by the Taylor method.

    Returns ``W(t_end)`` (a list of mpmath matrices at ``dps`` digits), or, if ``ts`` (an increasing sequence of
    times ``>= 0``) is given, the list of states at those times. Accuracy: local truncation error ``<= tol``
    (default ``10^-(dps + GUARD)``) relative per step (see the module docstring).

    >>> import mpmath
    >>> from dlnsym.formulas import kirwan_ness_field
    >>> W = [mpmath.matrix([[1]]), mpmath.matrix([[2]])]    # d = 1: G = w1^2 - w2^2, the flow keeps w1 w2
    >>> W1 = taylor_integrate(kirwan_ness_field, W, 1, dps=25)
    >>> with mpmath.workdps(25):
    ...     bool(abs(W1[1][0, 0] * W1[0][0, 0] - 2) < mpmath.mpf(10) ** -22)
    True
    """
    integ = TaylorIntegrator(field, W0, dps=dps, order=order, validate=validate, tol=tol)
    if ts is None:
        if t_end is None:
            raise ValueError("give t_end or ts")
        integ.propagate_to(check_time(t_end, "t_end", dps))
        return integ.state()
    out = []
    prev = mpmath.mpf(0)
    for t in ts:
        t = check_time(t, "t", dps)
        if t < prev:
            raise ValueError("the times ts must be increasing")
        integ.propagate_to(t)
        out.append(integ.state())
        prev = t
    return out
