r"""High-precision integrators whose error is stated and measured.

Two methods, both run at an explicit precision ``dps`` (never touching ``mpmath.mp``):

**(a) Taylor method for polynomial vector fields** (:func:`taylor_integrate`, :class:`TaylorIntegrator`).
The Kirwan-Ness field (1.22) is a cubic polynomial in ``W`` and the square-loss gradient
flow (4.1) is a polynomial too. For ``dW/dt = f(W)`` with ``f`` polynomial, the Taylor
coefficients ``W^{[n]}`` of ``W(t_0 + h_0 s)`` in ``s`` follow from the recurrence

.. math:: W^{[n+1]} = \frac{h_0}{n+1} f(W)^{[n]},

where ``f(W)^{[n]}`` only involves ``W^{[0]}, ..., W^{[n]}`` and is obtained from Cauchy
products ``(AB)^{[n]} = sum_{j=0}^n A^{[j]} B^{[n-j]}`` of the coefficient sequences. The field
is written **once**, over the matrix protocol of :mod:`dlnsym.matrix`: the very function
:func:`dlnsym.formulas.kirwan_ness_field` is evaluated on lazy *series nodes*
(:class:`SeriesNode`), which record the expression graph once; each step then asks the graph for
the coefficients ``0, 1, ..., p`` in order. Coefficients are exact fixed-point integers
(``value = m 2^{-P}``, ``P`` bits = ``dps + GUARD`` digits plus 32 guard bits), so one Cauchy
product entry is a single integer dot product, with one rounding.

*Order and step* (Jorba and Zou 2005, as in heyoka): for the target accuracy
``eps = 10^-(dps + GUARD)`` the order is ``p = ceil(ln(1/eps)/2) + 1`` and the step is the
largest ``h`` with ``|W^{[j]}| (h/h_0)^j <= eps max(1, |W|)`` for ``j = p-1, p`` (the last two
terms, an estimate of the truncation error ``~ (h/rho)^p`` where ``rho`` is the radius of
convergence). So each step's **local truncation error is below ``eps`` relative** and the
rounding error per step is below ``p 2^{-P}``; over ``n`` steps of a flow with Lipschitz growth
``L`` the global error is below ``n eps e^{L t}`` (for the Kirwan-Ness flow, a gradient flow
converging to ``M_0``, no growth is seen). The digits are **measured**, not assumed: the
tests and :mod:`dlnsym.bench` compare runs at two precisions and with heyoka.

**(b) Gragg-Bulirsch-Stoer extrapolation** (:func:`integrate`) for non-polynomial fields
(the regularizing flow (1.17), which solves ``H(b) = G`` at each evaluation). The modified
midpoint rule with ``n_j = 2, 4, ..., 2k`` substeps has an error expansion in even powers of
the substep (Gragg 1965), and the Aitken-Neville extrapolation table ``T_{j,i}`` (exact
rational weights ``(n_j / n_{j-i})^2 - 1``) has order ``2k``. The step is controlled by
``err = |T_{k,k} - T_{k,k-1}| <= tol max(1, |y|)`` (an estimate of the error of the
lower-order entry, hence conservative for the accepted ``T_{k,k}``), with
``tol = 10^-(dps + 5)`` by default (an estimate at the rounding-noise floor ``10^-(dps + GUARD - 5)`` lets
the step grow); a rejected step is retried with a smaller step.

Both integrators return mpmath matrices rounded to ``dps`` digits.

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
from operator import mul
from typing import Callable, Sequence

import mpmath
from mpmath.libmp import to_fixed

from ..matrix import adj, eye_like, re_trace, trace, zeros_like
from .common import GUARD, as_state, check_dps, round_out, working

__all__ = ["SeriesNode", "SeriesContext", "TaylorIntegrator", "taylor_integrate", "integrate", "TaylorStep", "LMat"]

_EXTRA_BITS = 32


def _bits(dps: int) -> int:
    return int(math.ceil((dps + GUARD) * math.log2(10))) + _EXTRA_BITS


def _check_time(t, what="t", dps: int = 50):
    with working(dps, GUARD + 10):
        t = mpmath.mpmathify(t)
    if not mpmath.isfinite(t) or t < 0:
        raise ValueError(f"{what}={t}: the flows are run forward in time, t >= 0 (t in [0, oo) in Theorem 2, "
                         "Corollary 1)")
    return t


# =========================================================================== series nodes
class SeriesContext:
    """Shared data of one expression graph: the width ``d``, the field, the fixed-point bits ``P``.

    A matrix coefficient is a pair ``(re, im)`` of flat row-major lists of ``d*d`` Python ints
    (``value = int * 2^-P``); ``im`` is ``None`` over R.
    """

    def __init__(self, d: int, complex_: bool, P: int):
        self.d, self.complex, self.P = d, complex_, P
        self.nodes: list[SeriesNode] = []
        self.half = 1 << (P - 1)

    def reset(self):
        for nd in self.nodes:
            nd._reset()

    # ----- conversions
    def to_fixed_matrix(self, M) -> tuple:
        d, P = self.d, self.P
        re, im = [], []
        for i in range(d):
            for j in range(d):
                x = mpmath.mpmathify(M[i, j])
                if isinstance(x, mpmath.mpc):
                    re.append(to_fixed(x.real._mpf_, P))
                    im.append(to_fixed(x.imag._mpf_, P))
                else:
                    re.append(to_fixed(x._mpf_, P))
                    im.append(0)
        return (re, im if self.complex else None)

    def to_mp_matrix(self, c: tuple):
        d, P = self.d, self.P
        re, im = c
        M = mpmath.matrix(d, d)
        for i in range(d):
            for j in range(d):
                r = mpmath.mpf((re[i * d + j], -P))
                M[i, j] = mpmath.mpc(r, mpmath.mpf((im[i * d + j], -P))) if im is not None else r
        return M

    def const(self, M) -> "SeriesNode":
        """A constant matrix as a series node (coefficient 0 only)."""
        return _Const(self, self.to_fixed_matrix(M))

    def zero(self) -> "SeriesNode":
        d = self.d
        return _Const(self, ([0] * (d * d), [0] * (d * d) if self.complex else None))

    def eye(self) -> "SeriesNode":
        d = self.d
        one = 1 << self.P
        return _Const(self, ([one if i == j else 0 for i in range(d) for j in range(d)],
                             [0] * (d * d) if self.complex else None))

    def scalar(self, s) -> tuple:
        """A scalar as ``(kind, re, im)``: exact Python ints stay exact, mpmath numbers go fixed-point."""
        if isinstance(s, int) and not isinstance(s, bool):
            return ("int", s, 0)
        x = mpmath.mpmathify(s)
        if isinstance(x, mpmath.mpc):
            if not self.complex:
                raise TypeError("a complex scalar in a real series graph")
            return ("fix", to_fixed(x.real._mpf_, self.P), to_fixed(x.imag._mpf_, self.P))
        return ("fix", to_fixed(x._mpf_, self.P), 0)


class SeriesNode:
    """A matrix-valued truncated power series, computed lazily coefficient by coefficient.

    Supports the matrix protocol used by :mod:`dlnsym.formulas` (``@``, ``+``, ``-``, scalar
    ``*``, :func:`~dlnsym.matrix.adj`, :func:`~dlnsym.matrix.zeros_like`,
    :func:`~dlnsym.matrix.eye_like`), so that a polynomial field written over the protocol
    builds its own Taylor-coefficient recurrence when called on the state's nodes.
    Constants (mpmath matrices) mixed into ``+``, ``-``, ``@`` are converted automatically.
    """

    is_const = False
    __array_priority__ = 3000

    def __init__(self, ctx: SeriesContext):
        self.ctx = ctx
        self.coeffs: list[tuple] = []
        self._adj = None
        self._lay_n = 0
        ctx.nodes.append(self)
        d = ctx.d
        self._rows = [([], [], []) for _ in range(d)]
        self._cols = [([], [], []) for _ in range(d)]

    def _reset(self):
        self.coeffs = []
        self._lay_n = 0
        for lay in self._rows + self._cols:
            for x in lay:
                x.clear()

    def coef(self, n: int) -> tuple:
        while len(self.coeffs) <= n:
            self.coeffs.append(self._compute(len(self.coeffs)))
        return self.coeffs[n]

    def _compute(self, n: int) -> tuple:  # pragma: no cover - abstract
        raise NotImplementedError

    def _layout(self, n: int):
        """Extend the layouts up to coefficient n: row i with its entries reversed, ``(re, im, re + im)``, and
        column i, ``(re, im - re, re + im)`` (the three real products of Gauss's complex multiplication)."""
        d = self.ctx.d
        cplx = self.ctx.complex
        while self._lay_n <= n:
            re, im = self.coef(self._lay_n)
            for i in range(d):
                rr, ri, rs = self._rows[i]
                xr = [re[i * d + d - 1 - m] for m in range(d)]
                rr.extend(xr)
                if cplx:
                    xi = [im[i * d + d - 1 - m] for m in range(d)]
                    ri.extend(xi)
                    rs.extend(x + y for x, y in zip(xr, xi))
                cr, cd, cs = self._cols[i]
                yr = [re[m * d + i] for m in range(d)]
                cr.extend(yr)
                if cplx:
                    yi = [im[m * d + i] for m in range(d)]
                    cd.extend(y - x for x, y in zip(yr, yi))
                    cs.extend(x + y for x, y in zip(yr, yi))
            self._lay_n += 1

    # ----- protocol
    def _wrap(self, o):
        if isinstance(o, SeriesNode):
            return o
        if isinstance(o, mpmath.matrix):
            return self.ctx.const(o)
        return NotImplemented

    def __matmul__(self, o):
        o = self._wrap(o)
        return NotImplemented if o is NotImplemented else _Mul(self, o)

    def __rmatmul__(self, o):
        o = self._wrap(o)
        return NotImplemented if o is NotImplemented else _Mul(o, self)

    def __add__(self, o):
        o = self._wrap(o)
        return NotImplemented if o is NotImplemented else _Lin(self, o, 1)

    __radd__ = __add__

    def __sub__(self, o):
        o = self._wrap(o)
        return NotImplemented if o is NotImplemented else _Lin(self, o, -1)

    def __rsub__(self, o):
        o = self._wrap(o)
        return NotImplemented if o is NotImplemented else _Lin(o, self, -1)

    def __neg__(self):
        return _Scale(self, -1)

    def __mul__(self, s):
        if isinstance(s, SeriesNode):
            return _Mul(self, s)
        return _Scale(self, s)

    def __rmul__(self, s):
        return _Scale(self, s)


class _State(SeriesNode):
    """A component of the unknown ``W``: coefficient 0 is set per step, ``n+1`` from the field's ``n``."""

    def __init__(self, ctx):
        super().__init__(ctx)
        self.field_node: SeriesNode | None = None
        self.x0 = None
        self.h0_exp = 0

    def _compute(self, n):
        if n == 0:
            return self.x0
        re, im = self.field_node.coef(n - 1)
        e = self.h0_exp
        div = n

        def f(v):
            v = v << e if e >= 0 else (v + (1 << (-e - 1))) >> -e
            return (2 * v + div) // (2 * div)

        return ([f(v) for v in re], [f(v) for v in im] if im is not None else None)


class _Const(SeriesNode):
    is_const = True

    def __init__(self, ctx, c0):
        super().__init__(ctx)
        self.c0 = c0
        d = ctx.d
        self.czero = ([0] * (d * d), [0] * (d * d) if ctx.complex else None)

    def _compute(self, n):
        return self.c0 if n == 0 else self.czero


class _Adj(SeriesNode):
    def __init__(self, a):
        super().__init__(a.ctx)
        self.a = a
        self.is_const = a.is_const

    def _compute(self, n):
        d = self.ctx.d
        re, im = self.a.coef(n)
        rt = [re[j * d + i] for i in range(d) for j in range(d)]
        it = [-im[j * d + i] for i in range(d) for j in range(d)] if im is not None else None
        return (rt, it)


class _Lin(SeriesNode):
    def __init__(self, a, b, sb):
        super().__init__(a.ctx)
        self.a, self.b, self.sb = a, b, sb
        self.is_const = a.is_const and b.is_const

    def _compute(self, n):
        ar, ai = self.a.coef(n)
        br, bi = self.b.coef(n)
        if self.sb == 1:
            return ([x + y for x, y in zip(ar, br)], [x + y for x, y in zip(ai, bi)] if ai is not None else None)
        return ([x - y for x, y in zip(ar, br)], [x - y for x, y in zip(ai, bi)] if ai is not None else None)


class _Scale(SeriesNode):
    def __init__(self, a, s):
        super().__init__(a.ctx)
        self.a = a
        self.kind, self.sr, self.si = a.ctx.scalar(s)
        self.is_const = a.is_const

    def _compute(self, n):
        ar, ai = self.a.coef(n)
        sr, si = self.sr, self.si
        if self.kind == "int":
            return ([sr * x for x in ar], [sr * x for x in ai] if ai is not None else None)
        P, half = self.ctx.P, self.ctx.half
        if ai is None:
            return ([(sr * x + half) >> P for x in ar], None)
        return ([(sr * x - si * y + half) >> P for x, y in zip(ar, ai)],
                [(sr * y + si * x + half) >> P for x, y in zip(ar, ai)])


def _matmul_fixed(ctx, A, B):
    """One product of two fixed-point coefficient matrices (d^3)."""
    d, P, half = ctx.d, ctx.P, ctx.half
    ar, ai = A
    br, bi = B
    re = [0] * (d * d)
    im = [0] * (d * d) if ctx.complex else None
    for i in range(d):
        for j in range(d):
            s = sum(ar[i * d + m] * br[m * d + j] for m in range(d))
            if im is not None:
                s -= sum(ai[i * d + m] * bi[m * d + j] for m in range(d))
                t = sum(ar[i * d + m] * bi[m * d + j] + ai[i * d + m] * br[m * d + j] for m in range(d))
                im[i * d + j] = (t + half) >> P
            re[i * d + j] = (s + half) >> P
    return (re, im)


class _Mul(SeriesNode):
    """The Cauchy product ``(AB)^{[n]} = sum_j A^{[j]} B^{[n-j]}``: one integer dot product per entry."""

    def __init__(self, a, b):
        super().__init__(a.ctx)
        self.a, self.b = a, b
        self.is_const = a.is_const and b.is_const
        # A A^* and A^* A are Hermitian: only the entries i <= j are computed
        self.herm = b is a._adj and a._adj is not None

    def _compute(self, n):
        ctx = self.ctx
        a, b = self.a, self.b
        if a.is_const or b.is_const:
            if a.is_const and b.is_const and n > 0:
                d = ctx.d
                return ([0] * (d * d), [0] * (d * d) if ctx.complex else None)
            return _matmul_fixed(ctx, a.coef(0) if a.is_const else a.coef(n), b.coef(0) if b.is_const else b.coef(n))
        a._layout(n)
        b._layout(n)
        d, P, half = ctx.d, ctx.P, ctx.half
        L = (n + 1) * d
        re = [0] * (d * d)
        cplx = ctx.complex
        im = [0] * (d * d) if cplx else None
        herm = self.herm
        for i in range(d):
            rr, ri, rs = a._rows[i]
            rr = rr[:L]
            if cplx:
                ri, rs = ri[:L], rs[:L]
            for j in range(i if herm else 0, d):
                cr, cd, cs = b._cols[j]
                crr = cr[L - 1::-1]
                if cplx:
                    k1 = sum(map(mul, rs, crr))
                    k2 = sum(map(mul, rr, cd[L - 1::-1]))
                    k3 = sum(map(mul, ri, cs[L - 1::-1]))
                    im[i * d + j] = (k1 + k2 + half) >> P
                    re[i * d + j] = (k1 - k3 + half) >> P
                else:
                    re[i * d + j] = (sum(map(mul, rr, crr)) + half) >> P
                if herm and j > i:
                    re[j * d + i] = re[i * d + j]
                    if cplx:
                        im[j * d + i] = -im[i * d + j]
        if herm and cplx:
            for i in range(d):
                im[i * d + i] = 0
        return (re, im)


@adj.register
def _(A: SeriesNode):
    if A._adj is None:
        A._adj = _Adj(A)
        A._adj._adj = A
    return A._adj


@zeros_like.register
def _(A: SeriesNode):
    return A.ctx.zero()


@eye_like.register
def _(A: SeriesNode):
    return A.ctx.eye()


# =========================================================================== Taylor integrator
class TaylorStep:
    """One accepted Taylor step: ``W(t0 + tau)`` for ``0 <= tau <= h`` from the stored coefficients (dense output)."""

    def __init__(self, integ: "TaylorIntegrator", t0, h, h0_exp: int, coeffs: list):
        self.integ, self.t0, self.h, self.h0_exp, self.coeffs = integ, t0, h, h0_exp, coeffs

    def at(self, tau) -> list:
        """The state at ``t0 + tau`` (mpmath matrices at the integrator's working precision)."""
        ctx = self.integ.ctx
        with mpmath.workprec(ctx.P + 64):
            s = mpmath.mpmathify(tau) / mpmath.ldexp(1, self.h0_exp)
            s_fix = to_fixed(s._mpf_, ctx.P)
        return [ctx.to_mp_matrix(c) for c in self.integ._horner(self.coeffs, s_fix)]


class TaylorIntegrator:
    r"""Taylor integrator for ``dW/dt = f(W)`` with ``f`` polynomial, written over the matrix protocol.

    Parameters
    ----------
    field : ``f``, a function of a list of matrices returning a list of matrices of the same
        length, using only ``@``, ``+``, ``-``, scalar ``*``, ``adj``, ``zeros_like``, ``eye_like``
        (for example :func:`dlnsym.formulas.kirwan_ness_field`). It is called **once**, on series
        nodes, to record the recurrence.
    W0 : the initial state (any input :func:`dlnsym.numeric.common.as_state` accepts; other
        lists of equal square matrices work too).
    dps : decimal digits of the results.
    order : the Taylor order ``p``; default ``ceil(ln(10^(dps+GUARD))/2) + 1``.

    Attributes ``t`` (current time, exact dyadic mpf), ``steps`` (accepted steps), ``W`` (current
    state as fixed-point coefficients); :meth:`propagate_to` moves forward.
    """

    def __init__(self, field: Callable, W0: Sequence, *, dps: int = 50, order: int | None = None,
                 validate: bool = True):
        check_dps(dps)
        self.dps = dps
        with working(dps):
            Ws = as_state(W0) if validate else [M.copy() for M in W0]
        d = Ws[0].rows
        cplx = any(isinstance(x, mpmath.mpc) and x.imag != 0 for M in Ws for x in M)
        self.P = _bits(dps)
        self.ctx = ctx = SeriesContext(d, cplx, self.P)
        self.eps_log2 = -(dps + GUARD) * math.log2(10)
        if order is None:
            order = int(math.ceil((dps + GUARD) * math.log(10) / 2)) + 1
        if not isinstance(order, int) or order < 2:
            raise ValueError(f"order={order!r}: the Taylor order must be an integer >= 2")
        self.order = order
        with working(dps):
            self.x = [ctx.to_fixed_matrix(M) for M in Ws]
        self.states = [_State(ctx) for _ in Ws]
        out = field(list(self.states))
        if len(out) != len(Ws):
            raise ValueError("the field must return one matrix per component of the state")
        out = [o if isinstance(o, SeriesNode) else ctx.const(o) for o in out]
        for s, o in zip(self.states, out):
            s.field_node = o
        self.t = mpmath.mpf(0)
        self.steps = 0
        self.h0_exp = None

    # ----- helpers
    def _log2norm(self, cs: list) -> float:
        """``log2`` of the max-abs entry of a list of fixed-point matrices (``-inf`` if zero)."""
        m = 0
        for re, im in cs:
            for v in re:
                if v > m or -v > m:
                    m = abs(v)
            if im is not None:
                for v in im:
                    if v > m or -v > m:
                        m = abs(v)
        if m == 0:
            return -math.inf
        return math.log2(m) - self.P

    def _series(self, h0_exp: int) -> list:
        ctx = self.ctx
        ctx.reset()
        for s, x in zip(self.states, self.x):
            s.x0 = x
            s.h0_exp = h0_exp
        p = self.order
        for n in range(p + 1):
            for s in self.states:
                s.coef(n)
        return [s.coeffs[: p + 1] for s in self.states]

    def _horner(self, coeffs: list, s_fix: int) -> list:
        P, half = self.P, self.ctx.half
        out = []
        for cs in coeffs:
            re = list(cs[-1][0])
            im = list(cs[-1][1]) if cs[-1][1] is not None else None
            for c in reversed(cs[:-1]):
                re = [((v * s_fix + half) >> P) + w for v, w in zip(re, c[0])]
                if im is not None:
                    im = [((v * s_fix + half) >> P) + w for v, w in zip(im, c[1])]
            out.append((re, im))
        return out

    def _initial_h0_exp(self) -> int:
        # from the first coefficient: h ~ |W| / |f(W)|
        coeffs = self._series(0)
        lx = max(self._log2norm([c[0] for c in coeffs]), 0.0)
        lf = self._log2norm([c[1] for c in coeffs])
        if lf == -math.inf:
            return 0
        return int(math.floor(lx - lf)) - 3

    def step(self, t_limit=None, callback=None) -> bool:
        """One step, not beyond ``t_limit``. Returns True if ``t_limit`` was reached."""
        if self.h0_exp is None:
            self.h0_exp = self._initial_h0_exp()
        P = self.P
        p = self.order
        e = self.h0_exp
        coeffs = self._series(e)
        lx = max(self._log2norm([c[0] for c in coeffs]), 0.0)
        target = self.eps_log2 + lx
        log_s = math.inf
        for j in (p - 1, p):
            lc = self._log2norm([c[j] for c in coeffs])
            if lc > -math.inf:
                log_s = min(log_s, (target - lc) / j)
        s = min(log_s, 0.0)  # s = h/h0 <= 1 keeps the fixed-point rounding errors undamped by s^n
        with mpmath.workprec(P + 64):
            h0 = mpmath.ldexp(1, e)
            s_fix = int(math.floor(2.0 ** s * (1 << 52))) << (P - 52)
            if s_fix == 0:
                raise RuntimeError(f"the Taylor step underflowed at t = {mpmath.nstr(self.t, 8)}")
            reached = False
            if t_limit is not None:
                rem = (t_limit - self.t) / h0
                rem_fix = to_fixed(rem._mpf_, P)
                if rem_fix <= s_fix:
                    s_fix, reached = rem_fix, True
            h = mpmath.mpf((s_fix, e - P))
            t0 = self.t
            self.t = t_limit if reached else t0 + h
        if callback is not None:
            callback(TaylorStep(self, t0, h, e, coeffs))
        self.x = self._horner(coeffs, s_fix)
        self.steps += 1
        # next h0: the power of two just above the predicted step h0 * 2^log_s
        if log_s == math.inf:
            self.h0_exp = e + 1
        else:
            self.h0_exp = max(min(int(math.ceil(e + log_s)), e + 3), e - 20)
        return reached

    def propagate_to(self, t_end, callback=None, max_steps: int = 10**6):
        """Advance to ``t_end >= t``; ``callback(step)`` receives each :class:`TaylorStep` (dense output)."""
        with mpmath.workprec(self.P + 64):
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
        """The current state as mpmath matrices, rounded to ``dps`` digits.

        ``rounded=False`` keeps the working precision ``dps + GUARD`` (for a caller that computes a
        small difference of the state's entries, such as ``G``, inside :func:`working`)."""
        with working(self.dps):
            W = [self.ctx.to_mp_matrix(c) for c in self.x]
        return round_out(W, self.dps) if rounded else W


def taylor_integrate(field: Callable, W0: Sequence, t_end=None, *, dps: int = 50, order: int | None = None,
                     ts: Sequence | None = None, validate: bool = True):
    r"""Integrate ``dW/dt = field(W)`` (``field`` polynomial, over the matrix protocol) by the Taylor method.

    Returns ``W(t_end)`` (a list of mpmath matrices at ``dps`` digits), or, if ``ts`` (an
    increasing sequence of times ``>= 0``) is given, the list of states at those times.
    Accuracy: local truncation error ``<= 10^-(dps + GUARD)`` relative per step (see the module
    docstring); measured agreement with heyoka and with a run at higher precision is reported by
    the tests and :mod:`dlnsym.bench`.

    >>> import mpmath
    >>> from dlnsym.formulas import kirwan_ness_field
    >>> W = [mpmath.matrix([[1]]), mpmath.matrix([[2]])]    # d = 1: G = w1^2 - w2^2, the flow keeps w1 w2
    >>> W1 = taylor_integrate(kirwan_ness_field, W, 1, dps=25)
    >>> with mpmath.workdps(25):
    ...     bool(abs(W1[1][0, 0] * W1[0][0, 0] - 2) < mpmath.mpf(10) ** -22)
    True
    """
    integ = TaylorIntegrator(field, W0, dps=dps, order=order, validate=validate)
    if ts is None:
        if t_end is None:
            raise ValueError("give t_end or ts")
        integ.propagate_to(_check_time(t_end, "t_end", dps))
        return integ.state()
    out = []
    prev = mpmath.mpf(0)
    for t in ts:
        t = _check_time(t, "t", dps)
        if t < prev:
            raise ValueError("the times ts must be increasing")
        integ.propagate_to(t)
        out.append(integ.state())
        prev = t
    return out


# =========================================================================== light matrices
class LMat:
    """A light dense matrix of mpmath numbers (rows as Python lists) implementing the matrix protocol.

    ``mpmath.matrix`` stores entries in a dict and is slow for the many small products of an
    ODE right-hand side; :class:`LMat` keeps rows as lists and multiplies with ``mpmath.fdot``.
    It supports ``@``, ``+``, ``-``, scalar ``*``, :func:`~dlnsym.matrix.adj`, ``zeros_like``,
    ``eye_like``, ``trace``, ``re_trace``, ``M[i, j]``, ``rows``/``cols``, so every formula of
    :mod:`dlnsym.formulas` runs on it. Arithmetic happens at the current mpmath precision.

    >>> A = LMat([[1, 2], [3, 4]])
    >>> (A @ adj(A)).to_mp() == mpmath.matrix([[5, 11], [11, 25]])
    True
    """

    __slots__ = ("a",)
    __array_priority__ = 3000

    def __init__(self, a):
        self.a = [[x if isinstance(x, (mpmath.mpf, mpmath.mpc)) else mpmath.mpmathify(x) for x in r] for r in a]

    @classmethod
    def _raw(cls, a):
        M = cls.__new__(cls)
        M.a = a
        return M

    @classmethod
    def from_mp(cls, M) -> "LMat":
        return cls._raw([[M[i, j] for j in range(M.cols)] for i in range(M.rows)])

    def to_mp(self):
        return mpmath.matrix(self.a)

    @property
    def rows(self):
        return len(self.a)

    @property
    def cols(self):
        return len(self.a[0])

    def __getitem__(self, ij):
        return self.a[ij[0]][ij[1]]

    def __iter__(self):
        for r in self.a:
            yield from r

    def flat(self) -> list:
        return [x for r in self.a for x in r]

    def __matmul__(self, o):
        if isinstance(o, mpmath.matrix):
            o = LMat.from_mp(o)
        if not isinstance(o, LMat):
            return NotImplemented
        cols = list(zip(*o.a))
        fd = mpmath.fdot
        return LMat._raw([[fd(r, c) for c in cols] for r in self.a])

    def __rmatmul__(self, o):
        if isinstance(o, mpmath.matrix):
            return LMat.from_mp(o) @ self
        return NotImplemented

    def __add__(self, o):
        if isinstance(o, mpmath.matrix):
            o = LMat.from_mp(o)
        return LMat._raw([[x + y for x, y in zip(r, q)] for r, q in zip(self.a, o.a)])

    __radd__ = __add__

    def __sub__(self, o):
        if isinstance(o, mpmath.matrix):
            o = LMat.from_mp(o)
        return LMat._raw([[x - y for x, y in zip(r, q)] for r, q in zip(self.a, o.a)])

    def __rsub__(self, o):
        return LMat.from_mp(o) - self

    def __neg__(self):
        return LMat._raw([[-x for x in r] for r in self.a])

    def __mul__(self, c):
        if isinstance(c, (LMat, mpmath.matrix)):
            return self @ c
        return LMat._raw([[c * x for x in r] for r in self.a])

    def __rmul__(self, c):
        return LMat._raw([[c * x for x in r] for r in self.a])

    def __truediv__(self, c):
        return LMat._raw([[x / c for x in r] for r in self.a])

    @property
    def H(self):
        return LMat._raw([[x.conjugate() if isinstance(x, mpmath.mpc) else x for x in c] for c in zip(*self.a)])


@adj.register
def _(A: LMat):
    return A.H


@zeros_like.register
def _(A: LMat):
    z = mpmath.mpf(0)
    return LMat._raw([[z] * A.cols for _ in range(A.rows)])


@eye_like.register
def _(A: LMat):
    n = A.rows
    return LMat._raw([[mpmath.mpf(1) if i == j else mpmath.mpf(0) for j in range(n)] for i in range(n)])


@trace.register
def _(A: LMat):
    return mpmath.fsum(A.a[i][i] for i in range(A.rows))


@re_trace.register
def _(A: LMat):
    return mpmath.re(mpmath.fsum(A.a[i][i] for i in range(A.rows)))


# =========================================================================== Gragg-Bulirsch-Stoer
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
    stats : if a dict, receives ``steps``, ``rejected``, ``evaluations``.

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
        stats.update(st)
    res = [round_out(o, dps) for o in out]
    return res[0] if single else res
