r"""A validated Taylor integrator (interval Taylor method with a Lagrange remainder) for polynomial fields.

For ``dW/dt = f(W)`` with ``f`` polynomial (written over the matrix protocol), one step from a ball enclosure
``[W_0]`` of the state at ``t_0`` to ``t_0 + h``:

1. *A priori enclosure.* A ball box ``B`` with ``[W_0] + [0, h] f(B) \subset B`` (checked in ball arithmetic,
   :func:`dlnsym.backends.arb.FMat` on the shared field). By Picard-Lindelof the solution from every point of
   ``[W_0]`` stays in ``B`` for ``t in [t_0, t_0 + h]``. ``B`` is found by inflating the first-order guess
   ``[W_0] + [0, h] f([W_0])``.
2. *Taylor polynomial.* The series engine (:mod:`.series`, full ball arithmetic) gives balls ``[W^{[n]}]``,
   ``n < p``, containing the Taylor coefficients at ``t_0`` of the solution from every point of ``[W_0]``.
3. *Remainder.* By Taylor's theorem with the Lagrange remainder (entrywise, real and imaginary parts),
   ``W(t_0 + h) - sum_{n<p} W^{[n]}(t_0) h^n = W^{[p]}(xi) h^p`` for some ``xi`` in ``[t_0, t_0 + h]``, and
   ``W^{[p]}(xi)`` is the ``p``-th coefficient of the series from the state ``W(xi)``, which lies in ``B``; so
   the ``p``-th coefficient computed from the ball ``B`` encloses it.

The sum of 2. and 3. is a rigorous enclosure of ``W(t_0 + h)`` for every start in ``[W_0]``. This is the direct
interval method: the radii of successive steps include the growth of the previous radii through the flow and the
overestimation of ball arithmetic (the wrapping effect that Lohner's method reduces with moving coordinates; not
done here), so the enclosure widens with the number of steps; :func:`validated_flow` reports it.
"""

from __future__ import annotations

from typing import Callable, Sequence

import flint
import mpmath

from ..backends.arb import FMat, flint_state, upper
from .common import GUARD, check_dps, working
from .series import SeriesGraph, SNode, State

__all__ = ["validated_flow"]


def _box(c, r):
    """The column-form ball matrix ``c`` with every radius increased by ``r`` (an arb >= 0)."""
    e = [x + flint.arb(0, r.upper()) for x in c.entries()]
    return flint.arb_mat(c.nrows(), c.ncols(), e)


def validated_flow(field: Callable, W0: Sequence, t_end, *, dps: int = 30, order: int | None = None,
                   h_max=None, max_steps: int = 10000) -> dict:
    r"""A rigorous enclosure of ``W(t_end)`` for ``dW/dt = field(W)`` from the exact state ``W0`` (mpmath).

    Returns ``{"enclosure": [FMat], "radius": max radius (mpf), "steps", "order", "t"}``; the steps are chosen as in
    :mod:`.taylor` (from the coefficients' decay) and halved until the a-priori enclosure is verified."""
    check_dps(dps)
    with working(dps, GUARD + 10):
        W = flint_state(W0)
        d = W[0].rows
        cplx = W[0].is_complex
        g = SeriesGraph(d, cplx, midpoints=False)
        states = [State(g) for _ in W]
        out = field(list(states))
        out = [o if isinstance(o, SNode) else g.const(o) for o in out]
        for s, o in zip(states, out):
            s.field_node = o
        g.compile(out)
        g.nstates = len(states)
        p = order or int((dps + GUARD) * 1.1513) + 1
        x = [g.cf(M) for M in W]
        t = mpmath.mpf(0)
        t_end = mpmath.mpf(t_end)
        steps = 0

        def series(x0, h):
            g.reset()
            sc = [None] + [h / n for n in range(1, p + 1)]
            for s, c in zip(states, x0):
                s.x0, s.scales = c, sc
            for _ in range(p + 1):
                g.advance()
            return [s.coeffs for s in states]

        def field_of(box):
            return [g.cf(F) for F in field([FMat(g.to_flint(c)) for c in box])]

        h = mpmath.mpf(h_max) if h_max is not None else mpmath.mpf("0.01")
        unit = flint.arb(0.5, 0.5)                                  # the interval [0, 1]
        tiny = mpmath.mpf(10) ** -(dps + GUARD)
        while t < t_end and steps < max_steps:
            last = h >= t_end - t
            hm = t_end - t if last else h
            for _ in range(40):
                hs = flint.arb(str(mpmath.nstr(hm, dps + GUARD + 10))) if last else flint.arb(float(hm))
                f0 = field_of(x)
                rad = max(upper(c) for c in f0) * hm * 2 + tiny
                B = [_box(c + fc * (hs * unit), flint.arb(float(rad))) for c, fc in zip(x, f0)]
                pic = [c + fc * (hs * unit) for c, fc in zip(x, field_of(B))]
                if all(_inside(a, b) for a, b in zip(pic, B)):
                    break
                hm, last = hm / 2, False
            else:
                raise RuntimeError(f"validated_flow: no a-priori enclosure at t = {mpmath.nstr(t, 8)}")
            coeffs = series(x, hs)
            rcoef = series(B, hs)
            x = []
            for cs, rc in zip(coeffs, rcoef):
                acc = rc[p]                                   # the Lagrange remainder (s = 1)
                for c in reversed(cs[:p]):
                    acc = acc + c
                x.append(acc)
            t = t_end if last else t + hm
            steps += 1
            r = max(upper(rc[p]) for rc in rcoef)             # grow the step while the remainder is negligible
            h = hm * 2 if r < tiny else (hm / 2 if r > tiny * 10 ** 6 else hm)
        enc = [FMat(g.to_flint(c)) for c in x]
        radius = max(upper([flint.arb_mat(c.nrows(), c.ncols(), [flint.arb(0, e.rad()) for e in c.entries()])])
                     for c in x)
    return {"enclosure": enc, "radius": radius, "steps": steps, "order": p, "t": t}


def _inside(a, b) -> bool:
    """Every ball of ``a`` lies in the interior of the corresponding ball of ``b``."""
    return all(y.contains_interior(x) for x, y in zip(a.entries(), b.entries()))
