r"""Matrix-valued truncated power series on FLINT/Arb: the engine of the Taylor integrators.

A polynomial vector field written over the matrix protocol of :mod:`dlnsym.matrix` (for example
:func:`dlnsym.formulas.kirwan_ness_field`) is called **once** on *series nodes*; the nodes record the expression
graph, and the graph then computes Taylor coefficients order by order: for ``W(t_0 + h_0 s) = sum_n W^{[n]} s^n``,

.. math:: W^{[n+1]} = \frac{h_0}{n+1} f(W)^{[n]}, \qquad (AB)^{[n]} = \sum_{j=0}^{n} A^{[j]} B^{[n-j]},

and ``f(W)^{[n]}`` needs only ``W^{[0]}, ..., W^{[n]}``.

**What sets the speed** is the number of Python-level operations per order, not the arithmetic (a product of two
``d x d`` ball matrices costs about as much as its Python call). So the graph is *compiled* before it runs:

* every linear combination of products that is used once is **fused** into one node
  ``C = sum_r s_r X_r Y_r`` (:class:`Comb`). For each coefficient ``m`` it builds once the stacks
  ``L^{[m]} = [X_1^{[m]} | ... | X_R^{[m]}]`` and ``R^{[m]} = [s_1 Y_1^{[m]}; ...; s_R Y_R^{[m]}]``, so that one
  matrix product ``L^{[j]} R^{[n-j]}`` is one term of *all* ``R`` Cauchy sums: (1.22)'s
  ``2(W_k G_{k-1} - G_k W_k)`` costs one product per term, and so does ``G_k = W_k W_k^* - W_{k+1}^* W_{k+1}``;
* a fused sum whose terms are all ``s X X^*`` (``s`` real) is Hermitian: its terms ``j`` and ``n - j`` are adjoint,
  and half the Cauchy sum is computed (``S + S^*``);
* complex matrices are kept in *column form* ``[Re A; Im A]`` (``2d x d`` real ball matrices); a left factor is
  used through its real embedding ``[[Re A, -Im A], [Im A, Re A]]``, so every product is a real ``arb_mat``
  product (``arb_mat`` products cost a fraction of ``acb_mat`` ones of the same size);
* an adjoint ``A^*`` is taken from the embedding of ``A``: ``emb(A^*) = emb(A)^T``, and ``A^*`` in column form is
  the first block column of ``emb(A)^T``;
* Arb's dot products (and so its matrix products) have a fast path, about twice as fast, when the precision and
  every input fit in two limbs (128 bits). The late orders run at two limbs or less (the precision of each order is
  set by :attr:`SeriesGraph.prec_hook`), but the early coefficients of a Cauchy sum carry more bits; so each fused
  node keeps copies of its stacks rounded to 128 bits (made once per coefficient) for those orders;
* identical subexpressions are shared (hash-consing), so a formula that is evaluated twice costs once.

An **implicit linear node** (:meth:`SeriesGraph.implicit`) has coefficients ``b^{[n]}`` that solve
``A_0(b^{[n]}) = r^{[n]} - [A(b)]^{[n]}|_{b^{[n]} = 0}`` with the operator ``A_0`` at order 0 factored once
(the Taylor scheme of the regularizing flow (1.17), :mod:`dlnsym.numeric.regflow`). The dependent nodes are first
computed with ``b^{[n]} = 0`` and then corrected by their first-order part in ``b^{[n]}``, which involves only
order-0 coefficients (for a product ``delta (XY)^{[n]} = delta X^{[n]} Y^{[0]} + X^{[0]} delta Y^{[n]}``).

Arithmetic is Arb arithmetic at FLINT's current precision (set by :func:`~dlnsym.numeric.common.working`). By
default every coefficient is replaced by the midpoint of its ball (floating-point semantics: products of exact
matrices are much cheaper in Arb than products of balls); ``midpoints=False`` keeps full ball arithmetic, whose
radii then bound the rounding errors of the recurrence (not its truncation).
"""

from __future__ import annotations

from functools import reduce
from operator import add, mul

import flint
import mpmath

from ..backends.arb import FMat, is_flint, to_flint, to_scalar
from ..matrix import adj, eye_like, zeros_like

__all__ = ["SeriesGraph", "SNode", "Comb"]

_ARB_MAT = flint.arb_mat
#: Arb's dot products (and matrix products) take a fast path when the precision and the inputs fit in two limbs
TWO_LIMBS = 128


# =========================================================================== column form
class SeriesGraph:
    """The nodes of one expression graph, their compiled evaluation order, and column-form helpers.

    ``d``: the width; ``complex_``: whether coefficients are complex (column form ``2d x d``) or real (``d x d``).
    """

    def __init__(self, d: int, complex_: bool, *, midpoints: bool = True):
        self.d, self.complex = d, complex_
        #: keep every coefficient as the exact midpoint of its ball (floating-point semantics; products of exact
        #: matrices are about 2.5x cheaper in Arb than products of balls). ``False``: full ball arithmetic.
        self.midpoints = midpoints
        self.rows = 2 * d if complex_ else d
        self.nodes: list[SNode] = []
        self._cse: dict = {}
        self.order: list[SNode] = []
        self.implicits: list[Implicit] = []
        self.n = -1
        #: ``prec_hook(n) -> bits or None`` and the number of state nodes (first in the order): see :meth:`advance`
        self.prec_hook = None
        self.nstates = 0
        self._init_consts()

    # ----- conversions
    def cf(self, M):
        """A matrix (mpmath, :class:`FMat`, FLINT) as an exact column-form coefficient."""
        F = to_flint(M)
        if isinstance(F, flint.acb_mat):
            if not self.complex:
                raise TypeError("a complex matrix in a real series graph: give a complex initial state")
            e = F.entries()
            return _ARB_MAT(2 * self.d, self.d, [x.real for x in e] + [x.imag for x in e])
        if self.complex:
            return _ARB_MAT(2 * self.d, self.d, F.entries() + [0] * (self.d * self.d))
        return F

    def to_flint(self, c):
        """A column-form coefficient as an ``arb_mat`` (R) or ``acb_mat`` (C)."""
        if not self.complex:
            return c
        d = self.d
        e = c.entries()
        n = d * d
        return flint.acb_mat(d, d, [flint.acb(e[k], e[n + k]) for k in range(n)])

    def zero(self):
        return _ARB_MAT(self.rows, self.d)

    def eye_cf(self):
        d = self.d
        return _ARB_MAT(self.rows, d, [1 if i == j else 0 for i in range(self.rows) for j in range(d)])

    # Column-form operations are done with products by constant 0/1 matrices (C-level), not entry by entry.
    def _sel(self, k: int, r: int, sign: int = 1, rows: int | None = None):
        """The block selector ``(rows x k rows)`` with ``sign I`` in block ``r`` (``rows`` = block size)."""
        b = self.rows if rows is None else rows
        m = _ARB_MAT(b, k * b)
        for i in range(b):
            m[i, r * b + i] = sign
        return m

    def _init_consts(self):
        d = self.d
        if self.complex:
            J = _ARB_MAT(2 * d, 2 * d)
            for i in range(d):
                J[i, d + i] = -1
                J[d + i, i] = 1
            self._J = J
            self._S1 = self._sel(2, 0, rows=d)            # [I, 0] (d x 2d)
            self._S2 = self._sel(2, 1, rows=d)            # [0, I]
            self._S1t = self._S1.transpose()
            self._S2t = self._S2.transpose()
            self._mS2t = -self._S2t
        self._left: dict = {}
        self._right: dict = {}

    def left_sel(self, k, r):
        """``[0 .. I .. 0]`` (block ``r`` of ``k``), right factor that places an embedded block in a left stack."""
        key = (k, r)
        m = self._left.get(key)
        if m is None:
            m = self._left[key] = self._sel(k, r)
        return m

    def right_sel(self, k, r):
        """``[0; ..; I; ..; 0]``, left factor that places a column-form block in a right stack."""
        key = (k, r)
        m = self._right.get(key)
        if m is None:
            m = self._right[key] = self._sel(k, r).transpose()
        return m

    def adj_cf(self, c):
        """``A^*`` in column form: ``[Re A^T; -Im A^T]``."""
        if not self.complex:
            return c.transpose()
        t = c.transpose()                                 # [Re A^T | Im A^T]
        return self._S1t * (t * self._S1t) + self._mS2t * (t * self._S2t)

    def scale_cf(self, c, s):
        """``s A`` for a scalar ``s`` (int, arb, or acb)."""
        if isinstance(s, flint.acb):
            if not self.complex:
                raise TypeError("a complex scalar in a real series graph")
            return c * s.real + (self._J * c) * s.imag
        return c * s

    def embed(self, c):
        """The left factor of a product: ``A`` (R) or its real embedding ``[[Re A, -Im A], [Im A, Re A]]`` (C)."""
        if not self.complex:
            return c
        return c * self._S1 + (self._J * c) * self._S2

    # ----- nodes
    def const(self, M) -> "SNode":
        return Const(self, self.cf(M))

    def _cse_get(self, key, make):
        nd = self._cse.get(key)
        if nd is None:
            nd = self._cse[key] = make()
        return nd

    def implicit(self, k: int, lhs, rhs: list, factory) -> list:
        """``k`` implicit series ``b`` with ``lhs(b) = rhs`` (``lhs`` linear in ``b``, over the protocol).

        ``factory(W0)`` receives the order-0 coefficients of the graph's state nodes (column form) and returns
        ``solve(r)``: the column-form solution of ``A_0(b) = r`` for a list ``r`` of ``k`` coefficients, where
        ``A_0`` is ``lhs`` at order 0."""
        grp = Implicit(self, k, factory)
        comps = grp.comps
        out = lhs(list(comps))
        if len(out) != k or len(rhs) != k:
            raise ValueError("the implicit equation needs as many left and right components as unknowns")
        grp.lhs = [o if isinstance(o, SNode) else self.const(o) for o in out]
        grp.rhs = [o if isinstance(o, SNode) else self.const(o) for o in rhs]
        self.implicits.append(grp)
        return list(comps)

    # ----- compilation
    def compile(self, outputs: list) -> None:
        """Fuse the graph reachable from ``outputs`` (see the module docstring) into its evaluation order."""
        roots = list(outputs)
        for g in self.implicits:
            roots += g.lhs + g.rhs
        seen, stack = set(), list(roots)
        while stack:
            nd = stack.pop()
            if id(nd) in seen:
                continue
            seen.add(id(nd))
            stack.extend(nd.operands())
        live = [nd for nd in self.nodes if id(nd) in seen]
        uses = {id(nd): 0 for nd in live}
        for nd in live:
            for o in nd.operands():
                uses[id(o)] += 1
        for o in roots:
            uses[id(o)] += 1
        consumer_lin = {}
        for nd in live:
            if isinstance(nd, (Lin, Scale)):
                for o in nd.operands():
                    consumer_lin[id(o)] = True
        inlined = {id(nd) for nd in live if isinstance(nd, (Lin, Scale, Mul)) and uses[id(nd)] == 1
                   and consumer_lin.get(id(nd)) and not nd.is_const}
        order = []
        for nd in live:
            if id(nd) in inlined:
                continue
            if isinstance(nd, (Lin, Scale, Mul)):
                nd.fused = Comb.build(self, nd, inlined)
            order.append(nd)
        self.order = order
        dep = set()
        for g in self.implicits:
            dep.update(id(c) for c in g.comps)
        for nd in order:
            if any(id(o) in dep for o in nd.inputs()):
                dep.add(id(nd))
            nd.dep = id(nd) in dep

    def reset(self) -> None:
        for nd in self.order:
            nd.reset()
        self.n = -1

    def advance(self, states_only: bool = False) -> int:
        """Compute the next order of every node (and solve the implicit equations at that order); with
        ``states_only``, only of the state nodes (the last order of a series, where the other nodes' coefficients
        would only feed the next, unused, order).

        If :attr:`prec_hook` is set, it is called with ``n`` once the state nodes (the first nodes) have their
        coefficient ``n``; if it returns a number of bits, the rest of order ``n`` (the state coefficients
        included, rounded) runs at that precision. The Taylor integrator uses it to carry coefficient ``n`` with
        the bits it needs (coefficients decay geometrically, and each needs the same *absolute* accuracy)."""
        n = self.n + 1
        mid = self.midpoints
        hook, nstates = self.prec_hook, self.nstates
        ctx = None
        try:
            for i, nd in enumerate(self.order):
                if i == nstates:
                    if states_only:
                        break
                    bits = hook(n) if hook is not None else None
                    if bits is not None:
                        ctx = flint.ctx.workprec(bits)
                        ctx.__enter__()
                        for st in self.order[:nstates]:
                            st.coeffs[n] = (st.coeffs[n] * 1).mid()
                    for g in self.implicits:
                        g.begin(n)
                c = nd.compute(n)
                nd.coeffs.append(c.mid() if mid else c)
            if not states_only:
                for g in self.implicits:
                    g.solve(n)
                if self.implicits:
                    self._correct(n, mid)
        finally:
            if ctx is not None:
                ctx.__exit__(None, None, None)
        self.n = n
        return n

    def _correct(self, n, mid):
        for nd in self.order:
            if not nd.dep or isinstance(nd, ImplicitComp):
                continue
            nd.invalidate(n)
            if n == 0:                     # order 0: recompute (the correction would miss products of deltas)
                c = nd.compute(0)
                nd.coeffs[0] = c.mid() if mid else c
                continue
            dl = nd.delta(n)
            if dl is not None:
                nd.deltas[n] = dl
                c = nd.coeffs[n] + dl
                nd.coeffs[n] = c.mid() if mid else c


# =========================================================================== nodes
class SNode:
    """A matrix-valued series node (``@``, ``+``, ``-``, scalar ``*``, ``adj``, ``zeros_like``, ``eye_like``)."""

    is_const = False
    __array_priority__ = 4000

    def __init__(self, g: SeriesGraph):
        self.g = g
        self.coeffs: list = []
        self._adj = None
        self._emb: dict = {}
        self.dep = False
        self.deltas: dict = {}
        self.fused = None
        g.nodes.append(self)

    def operands(self) -> list:
        return []

    def inputs(self) -> list:
        """The nodes this node's evaluation reads (its fused terms' factors after compilation)."""
        return self.fused.inputs() if self.fused is not None else self.operands()

    def reset(self):
        self.coeffs = []
        self._emb = {}
        self.deltas = {}
        if self.fused is not None:
            self.fused.reset()

    def invalidate(self, n: int):
        self._emb.pop(n, None)
        if self.fused is not None:
            self.fused.invalidate(n)

    def coef(self, n: int):
        return self.coeffs[n] if n < len(self.coeffs) else None

    def emb(self, m: int):
        """The embedded coefficient ``m`` (real embedding over C), cached."""
        e = self._emb.get(m)
        if e is None:
            e = self._emb[m] = self.g.embed(self.coeffs[m])
        return e

    def compute(self, n: int):  # pragma: no cover - abstract
        raise NotImplementedError

    def delta(self, n: int):
        """The first-order part of coefficient ``n`` in the implicit unknowns' coefficient ``n``."""
        return self.fused.delta(n) if self.fused is not None else None

    # ----- protocol
    def _wrap(self, o):
        if isinstance(o, SNode):
            return o
        if isinstance(o, (mpmath.matrix, FMat)) or is_flint(o):
            return self.g.const(o)
        return None

    def __matmul__(self, o):
        o = self._wrap(o)
        return NotImplemented if o is None else _mul(self, o)

    def __rmatmul__(self, o):
        o = self._wrap(o)
        return NotImplemented if o is None else _mul(o, self)

    def __add__(self, o):
        o = self._wrap(o)
        return NotImplemented if o is None else _lin(self, o, 1)

    __radd__ = __add__

    def __sub__(self, o):
        o = self._wrap(o)
        return NotImplemented if o is None else _lin(self, o, -1)

    def __rsub__(self, o):
        o = self._wrap(o)
        return NotImplemented if o is None else _lin(o, self, -1)

    def __neg__(self):
        return _scale(self, -1)

    def __mul__(self, s):
        if isinstance(s, SNode):
            return _mul(self, s)
        return _scale(self, s)

    def __rmul__(self, s):
        return _scale(self, s)

    def __truediv__(self, s):
        return _scale(self, 1 / mpmath.mpmathify(s))


def _mul(a, b):
    return a.g._cse_get(("mul", id(a), id(b)), lambda: Mul(a, b))


def _lin(a, b, s):
    return a.g._cse_get(("lin", id(a), id(b), s), lambda: Lin(a, b, s))


def _scale(a, s):
    if isinstance(s, int) and not isinstance(s, bool):
        return a.g._cse_get(("scale", id(a), s), lambda: Scale(a, s))
    return Scale(a, s)


class State(SNode):
    """A component of the unknown: coefficient 0 is set per step, ``n+1 = scale_n * field^{[n]}``."""

    def __init__(self, g):
        super().__init__(g)
        self.field_node: SNode | None = None
        self.x0 = None
        self.scales: list = []

    def compute(self, n):
        if n == 0:
            return self.x0
        return self.field_node.coeffs[n - 1] * self.scales[n]


class Const(SNode):
    is_const = True

    def __init__(self, g, c0):
        super().__init__(g)
        self.c0 = c0

    def compute(self, n):
        return self.c0 if n == 0 else self.g.zero()


class Adj(SNode):
    def __init__(self, a):
        super().__init__(a.g)
        self.a = a
        self.is_const = a.is_const

    def operands(self):
        return [self.a]

    def compute(self, n):
        g = self.g
        if not g.complex:
            return self.a.coeffs[n].transpose()
        # the real embedding of A^* is emb(A)^T, and A^* in column form is its first block column: two C-level
        # operations instead of four products (the embedding of A is needed by its own products anyway)
        T = self._emb[n] = self.a.emb(n).transpose()
        return T * g._S1t

    def delta(self, n):
        da = self.a.deltas.get(n)
        return None if da is None else self.g.adj_cf(da)


class Lin(SNode):
    def __init__(self, a, b, sb):
        super().__init__(a.g)
        self.a, self.b, self.sb = a, b, sb
        self.is_const = a.is_const and b.is_const

    def operands(self):
        return [self.a, self.b]

    def compute(self, n):
        return self.fused.compute(n)


class Scale(SNode):
    def __init__(self, a, s):
        super().__init__(a.g)
        self.a = a
        self.s = s if isinstance(s, int) and not isinstance(s, bool) else to_scalar(mpmath.mpmathify(s))
        self.is_const = a.is_const

    def operands(self):
        return [self.a]

    def compute(self, n):
        return self.fused.compute(n)


class Mul(SNode):
    def __init__(self, a, b):
        super().__init__(a.g)
        self.a, self.b = a, b
        self.is_const = a.is_const and b.is_const

    def operands(self):
        return [self.a, self.b]

    def compute(self, n):
        return self.fused.compute(n)


class ImplicitComp(SNode):
    """One component of an implicit unknown; its coefficients are set by its :class:`Implicit` group."""

    def __init__(self, grp):
        super().__init__(grp.g)
        self.grp = grp

    def compute(self, n):
        return self.g.zero()      # placeholder until the group solves order n


class Implicit:
    """A group of implicit unknowns ``b`` with ``lhs(b) = rhs`` (see :meth:`SeriesGraph.implicit`)."""

    def __init__(self, g, k, factory):
        self.g, self.factory = g, factory
        self.comps = [ImplicitComp(self) for _ in range(k)]
        self.lhs: list = []
        self.rhs: list = []
        self.solver = None
        self.states: list = []

    def begin(self, n):
        if n == 0:
            self.solver = self.factory([s.coeffs[0] for s in self.states])

    def solve(self, n):
        r = [rh.coeffs[n] - lh.coeffs[n] for rh, lh in zip(self.rhs, self.lhs)]
        b = self.solver(r)
        for c, x in zip(self.comps, b):
            c.coeffs[n] = x
            c.deltas[n] = x
            c.invalidate(n)


class Comb:
    r"""A compiled linear combination ``sum_r s_r X_r Y_r + sum_q t_q Z_q`` (see the module docstring)."""

    def __init__(self, g, prods, lins):
        self.g = g
        self.L: list = []
        self.R: list = []
        #: the stacks rounded to ``TWO_LIMBS`` bits (midpoint mode), for the orders computed at that precision or less
        self.L2: list = []
        self.R2: list = []
        self.series = [(x, y, s) for x, y, s in prods if not x.is_const and not y.is_const]
        self.cprods = [(x, y, s) for x, y, s in prods if x.is_const or y.is_const]
        self.lins = lins
        self._sels = None
        self.herm = bool(self.series) and all(y is x._adj and not isinstance(s, flint.acb) for x, y, s in self.series)

    @classmethod
    def build(cls, g, node, inlined):
        prods, lins = [], {}

        def walk(nd, c):
            if isinstance(nd, Mul) and (nd is node or id(nd) in inlined):
                prods.append((nd.a, nd.b, c))
            elif isinstance(nd, Lin) and (nd is node or id(nd) in inlined):
                walk(nd.a, c)
                walk(nd.b, c * nd.sb)
            elif isinstance(nd, Scale) and (nd is node or id(nd) in inlined):
                walk(nd.a, c * nd.s)
            else:
                key = id(nd)
                lins[key] = (nd, lins[key][1] + c) if key in lins else (nd, c)

        walk(node, 1)
        return cls(g, prods, list(lins.values()))

    def inputs(self):
        out = []
        for x, y, _ in self.series + self.cprods:
            out += [x, y]
        return out + [z for z, _ in self.lins]

    def reset(self):
        self.L, self.R = [], []
        self.L2, self.R2 = [], []

    def invalidate(self, n):
        del self.L[n:], self.R[n:], self.L2[n:], self.R2[n:]

    def _stacks(self, n):
        """The stacks for order ``n``: ``L, R`` themselves, or, if the order is computed at ``TWO_LIMBS`` bits or
        less (midpoint mode), their copies rounded to ``TWO_LIMBS`` bits (each made once). Arb's dot products, and
        so its matrix products, have a fast path when the precision *and* every input fit in two limbs; the early
        coefficients carry more bits than the late orders need (see :meth:`SeriesGraph.advance`), so without the
        copies the products of a late order would all take the slow path. The rounding error of a copy,
        ``2^-128`` relative to a term, is below the rounding of the dot product at the order's precision."""
        L, R = self.L, self.R
        if not self.g.midpoints or flint.ctx.prec > TWO_LIMBS:
            return L, R
        L2, R2 = self.L2, self.R2
        if len(L2) <= n:
            with flint.ctx.workprec(TWO_LIMBS):
                for m in range(len(L2), n + 1):
                    L2.append((L[m] * 1).mid())
                    R2.append((R[m] * 1).mid())
        return L2, R2

    def _extend(self, n):
        """Build the stacks ``L^{[m]}, R^{[m]}`` up to ``m = n`` (each once), by products with block selectors.

        A stack built while the precision is ``TWO_LIMBS`` bits or less serves as its own two-limb copy (see
        :meth:`_stacks`; a copy with more bits would only be slower, not less accurate)."""
        g, ser, L, R = self.g, self.series, self.L, self.R
        k = len(ser)
        fast = g.midpoints and flint.ctx.prec <= TWO_LIMBS
        for m in range(len(L), n + 1):
            self._extend1(m, k)
            if fast and len(self.L2) == m:
                self.L2.append(L[m])
                self.R2.append(R[m])

    def _extend1(self, m, k):
        """Build ``L^{[m]}, R^{[m]}`` (``k`` terms)."""
        g, ser, L, R = self.g, self.series, self.L, self.R
        if k == 1:
            x, y, s = ser[0]
            L.append(x.emb(m))
            R.append(y.coeffs[m] if s == 1 else g.scale_cf(y.coeffs[m], s))
            return
        sels = self._sels
        if sels is None:
            # the right selectors carry the real scale factors s_r (one product instead of two)
            sels = self._sels = [(g.left_sel(k, r), g.right_sel(k, r) if isinstance(s, flint.acb)
                                  else g.right_sel(k, r) * s, isinstance(s, flint.acb))
                                 for r, (_, _, s) in enumerate(ser)]
        left = right = None
        for (x, y, s), (ls, rs, cs) in zip(ser, sels):
            lv = x.emb(m) * ls
            rv = rs * (g.scale_cf(y.coeffs[m], s) if cs else y.coeffs[m])
            left = lv if left is None else left + lv
            right = rv if right is None else right + rv
        L.append(left)
        R.append(right)

    def _cauchy(self, J, n, L, R):
        """``sum_{j < J} L^{[j]} R^{[n-j]}`` (``J <= n + 1``): one product per term, summed in C (``reduce``)."""
        return reduce(add, map(mul, L[:J], R[n:n - J:-1] if n >= J else R[n::-1])) if J else None

    def compute(self, n):
        g = self.g
        acc = None
        if self.series:
            self._extend(n)
            L, R = self._stacks(n)
            if self.herm:
                half = (n + 1) // 2
                if half:
                    acc = self._cauchy(half, n, L, R)
                    acc = acc + g.adj_cf(acc)
                if n % 2 == 0:
                    t = L[n // 2] * R[n // 2]
                    acc = t if acc is None else acc + t
            else:
                acc = self._cauchy(n + 1, n, L, R)
        for x, y, s in self.cprods:
            if x.is_const and y.is_const:
                if n > 0:
                    continue
                t = x.emb(0) * y.coeffs[0]
            elif x.is_const:
                t = x.emb(0) * y.coeffs[n]
            else:
                t = x.emb(n) * y.coeffs[0]
            t = t if s == 1 else g.scale_cf(t, s)
            acc = t if acc is None else acc + t
        for z, t in self.lins:
            zc = z.coeffs[n]
            v = zc if t == 1 else g.scale_cf(zc, t)
            acc = v if acc is None else acc + v
        return g.zero() if acc is None else acc

    def delta(self, n):
        """``sum_r s_r (delta X_r^{[n]} Y_r^{[0]} + X_r^{[0]} delta Y_r^{[n]}) + sum_q t_q delta Z_q^{[n]}``
        (``n >= 1``: only the terms ``j = 0`` and ``j = n`` of a Cauchy sum involve coefficient ``n``)."""
        g = self.g
        acc = None

        def add(v, s):
            nonlocal acc
            v = v if s == 1 else g.scale_cf(v, s)
            acc = v if acc is None else acc + v

        for x, y, s in self.series + self.cprods:
            dx, dy = x.deltas.get(n), y.deltas.get(n)
            if dx is not None:
                add(g.embed(dx) * y.coeffs[0], s)
            if dy is not None:
                add(x.emb(0) * dy, s)
        for z, t in self.lins:
            dz = z.deltas.get(n)
            if dz is not None:
                add(dz, t)
        return acc


@adj.register
def _(A: SNode):
    if A._adj is None:
        A._adj = Adj(A)
        A._adj._adj = A
    return A._adj


@zeros_like.register
def _(A: SNode):
    return A.g.const(_ARB_MAT(A.g.d, A.g.d))


@eye_like.register
def _(A: SNode):
    d = A.g.d
    return A.g.const(_ARB_MAT(d, d, [1 if i == j else 0 for i in range(d) for j in range(d)]))
