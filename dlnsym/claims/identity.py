r"""Exact identity checks: one builder, two symbolic backends, every width and depth.

A *builder* is a function ``builder(S, form)`` that computes a residual from first
principles in the setting ``S`` (a derivative along a curve, a definition, an
expansion) and subtracts the paper's statement in the requested ``form``:

``"paper"``      the statement as printed (for a claim without erratum);
``"printed"``    the printed form of an erratum, which must *fail*;
``"corrected"``  the corrected form of an erratum, which must pass;
``"negative"``   a deliberately broken variant (flipped sign, dropped term, swapped
                 factors) that the same check must *reject*.

The residual is checked in

* :class:`NCSetting`: letters of symbolic size ``d`` (:mod:`dlnsym.symbolic.freealg`);
  a zero normal form proves the identity for every ``d`` and both fields;
* :class:`ExplicitSetting`: explicit entries ``x + i y`` for given ``N``, ``d``, field.

A residual is a list of *parts*:

* a *component list* ``[Eq(lhs, rhs, k=1), Eq(lhs, rhs, k=2), ...]``: one identity per index
  ``k``, which each :class:`Eq` states itself (its position in the list is not used);
* ``Lin(Eq(lhs, rhs), "a")``: a scalar identity that is real-linear in the letters ``a_k``;
* ``Instance(Eq(lhs, rhs))``: any other identity, taken as a whole (a scalar or a matrix).

.. rubric:: Every depth N: the argument, and where the code checks it

*Components.* At depth ``N`` the residual is split into components ``C_N(k)``, each a list of
pairs of sides ``(lhs, rhs)`` labelled by an integer ``k`` (:func:`_decompose`,
:meth:`IdentityCheck.components`): an :class:`Eq` of a component list is component ``Eq.k`` (its
position in the list is not used); a :class:`Lin` gives, for each member ``a_k`` of its family,
the pair of gradients of its two sides with respect to ``a_k`` (:func:`_gradients`,
:func:`~dlnsym.symbolic.freealg.riesz`), and its ``a``-free words split like an instance; an
:class:`Instance` (or an :class:`Eq` without ``k`` outside a list) is split by *anchor*
(:func:`_anchored`): the words of both sides whose smallest letter index is ``k`` form component
``k``, and the words without indexed letters one more component. The normal forms are canonical,
so the identity holds at depth ``N`` exactly when both sides agree in every component. A part that
cannot be split (a bare residual, an :class:`Eq` of a component list without ``k``, an instance
without sides, a :class:`Lin` that is not linear in its family) makes the check *not eligible*.

*Radius.* ``r`` is the largest ``|i - k|`` between the index ``i`` of a letter occurring in a side
of component ``k`` and ``k`` itself (for an anchored component: its span), over all components
and all depths evaluated (:func:`_radius`). It is measured against the ``k`` that the :class:`Eq`
states, so a mislabelled component shows up as a large radius or a broken relation below.

*Windows and relabelling.* ``E_N`` is the set of indexed letters that exist at depth ``N``
(created by the setting, or occurring in a side). The window of ``k`` is
``Win_N(k) = {x_i in E_N : |i - k| <= r}``; ``sigma`` shifts every index by one
(:meth:`NC.relabel <dlnsym.symbolic.freealg.NC.relabel>`,
:meth:`TraceForm.relabel <dlnsym.symbolic.freealg.TraceForm.relabel>`). The relations are

``(L)``  ``C_{N+1}(k) = C_N(k)`` whenever ``Win_{N+1}(k) = Win_N(k)`` (the window does not see the
         right end, which moves with ``N``);

``(R)``  ``C_{N+1}(k+1) = sigma C_N(k)`` whenever ``Win_{N+1}(k+1) = sigma Win_N(k)`` (the window
         does not see the left end, which stays put).

*Interior* components (the window sees neither end) satisfy both: this is shift-equivariance.
Both are compared side by side, not only as residuals (a zero residual would hide a side that
changed with ``N``).

*Premise (U): the builder is uniform, with a radius at most* ``R_MAX``. Component ``k`` at depth
``N`` is computed from the letters within distance ``R_MAX`` of ``k`` that exist at depth ``N``,
by the same code for every ``k`` and ``N`` (no other dependence on ``N``). This is a property of
the builder's Python code, which no finite computation can prove; everything else is checked.

*Theorem.* Let ``TOP = 2 R_MAX + 3``. Assume (U), and that the code found: (a) an exact zero at
every depth ``N0 <= N <= TOP``; (b) ``r <= R_MAX``; (c) the relations (L), (R) at every consecutive
pair ``(N, N+1)``, ``N0 <= N < TOP``, wherever the windows demand them; (d) *coverage*: at every
pair with ``N >= 2r + 2`` each component of depth ``N + 1`` is reached by a relation (L) or (R)
from depth ``N``. Then the identity holds at every depth ``N >= N0``.

*Proof.* (i) Under (U) a component is a fixed function of its *boundary configuration*: which
letters of its window exist, i.e. its distances to the two ends, capped at ``R_MAX``. A
configuration with both distances ``>= s`` first occurs at ``N <= 2s + 2``, so every configuration,
and with it every term the builder can produce, occurs at some ``N <= 2 R_MAX + 2 < TOP``: the
measured ``r`` bounds the letters of every component at every depth. (ii) A relation (L) or (R)
compares two configurations; each such pair of configurations occurs at a pair of depths
``(N, N+1)`` with ``N <= 2 R_MAX + 2``, where (c) checked it, so by (U) the relations hold at every
depth. (iii) Every letter family is an interval of indices with a fixed left end and a right end
that moves with ``N`` (``W_1..W_N``, ``a_1..a_{N-1}``, ``P_1..P_{N-1}``), or a boundary letter at a
fixed distance from an end (``Q_0``, ``Q_N``). For ranges ``1..N`` and ``1..N-1`` the window of
``k`` is clear of the right end when ``k + r <= N - 1`` and of the left end when ``k - r >= 1``; a
component of depth ``N + 1`` escapes both only if ``N - r <= k <= r + 1``, impossible once
``N >= 2r + 2``. So coverage holds at every ``N >= 2r + 2`` (and (d) confirms it on the letters
that actually exist). (iv) Induction on ``N``: the base is (a) for ``N <= TOP``; for ``N >= TOP``
every component of depth ``N + 1`` equals a component of depth ``N``, or its relabelling, which
vanish. Equivalently, the boundary components: each of the ``(r + 1)^2`` configurations
``(min(k - 1, r), min(N - 1 - k, r))`` first occurs at some ``N <= 2r + 2``, where (a) checks it
exactly, and every deeper component repeats one of them.

*What (U) leaves open, and the watch on it.* A builder that branches on ``N`` itself beyond
``TOP`` (``if N >= 12``), or has a term of radius ``> R_MAX`` that needs both ends of its window,
is outside what any finite check can see. Within the range the code sees a lot: a coefficient
``(N-2)(N-3)(N-4)(N-5)(N-6)`` fails at ``N = 7``; a term added from ``N = 6`` on, a term with both
``a_{k-2}`` and ``a_{k+2}`` (first at ``N = 6``) or with ``a_{k-3}`` and ``a_{k+3}`` (first at
``N = 8``) fails where it first occurs; a component whose sides change between depths breaks (L)
or (R). A builder that multiplies across the whole network (``X = W_N ... W_1``) can cancel a
global computation inside a side that looks local; the words every product forms are therefore
watched (:class:`~dlnsym.symbolic.freealg.span_monitor`), and a span that still grows between
``TOP - 1`` and ``TOP`` makes the check not eligible.

*What is checked where* (:meth:`IdentityCheck.depth_proof`): (a) the exact zero at each depth
(:meth:`IdentityCheck._depth`); the split, ``k`` from the :class:`Eq` and the locality of every
part (:func:`_decompose`, :func:`_anchored`, :func:`_gradients`); (b) :func:`_radius`; (c) and (d)
:func:`_relate`; the span watch in :meth:`IdentityCheck._depth` and :meth:`IdentityCheck.depth_proof`.

A check that is not eligible is still checked exactly at every depth it evaluates, and reports
the largest of them as its size ``N``, with the reason in its note. Registry checks whose
intermediate quantities are global (the product ``X``, the gradient of a loss) say
``any_n=False`` and are evaluated at ``N = 2..5`` only; every ``N`` is then proved by a window
check with opaque outer products instead (``X = L W_{k+1} W_k R``, :mod:`dlnsym.claims.special`).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Callable

from ..formulas import act
from ..matrix import Dual, eye_like, zeros_like
from ..symbolic.explicit import EM, P, Ring
from ..symbolic.freealg import NC, TraceForm, letter, riesz, span_monitor
from .base import Check, CheckResult, Options

__all__ = ["NCSetting", "ExplicitSetting", "IdentityCheck", "Eq", "Lin", "Instance", "DepthProof", "is_zero",
           "residual_size", "ANY_N", "R_MAX", "TOP"]


class Eq:
    """``lhs = rhs``. In a component list, ``k`` is the index of the component it states (required
    for the argument over ``N``; the position in the list is not used). Its residual is
    ``lhs - rhs``; the locality test looks at the letters of both sides (a zero residual alone
    would hide them)."""

    def __init__(self, lhs, rhs, *, k: int | None = None):
        if k is not None and not isinstance(k, int):
            raise TypeError(f"the component index k must be an int, got {k!r}")
        self.lhs, self.rhs, self.k = lhs, rhs, k
        self.form = lhs - rhs

    def is_zero(self) -> bool:
        return self.form.is_zero()

    def sides(self) -> list:
        return [self.lhs, self.rhs]


class Lin:
    """A scalar identity (an :class:`Eq` of Re Tr forms) that is real-linear in the letters of
    ``family``. For the argument over ``N`` it is replaced by its gradients with respect to each
    member ``family_k`` (component ``k``) and its ``family``-free words (split by anchor)."""

    def __init__(self, form, family: str, count: int | None = None):
        self.form, self.family, self.count = form, family, count


class Instance:
    """An identity taken as a whole: ``Instance(Eq(lhs, rhs))`` (a scalar or a matrix). For the
    argument over ``N`` its words are split by anchor (the smallest letter index); it is eligible
    when every anchored part is local. A bare residual ``Instance(lhs - rhs)`` cannot show what it
    depends on and is not eligible."""

    def __init__(self, form):
        self.form = form


def _value(x):
    return x.form if isinstance(x, Eq) else x


#: The depths checked by a check that is not eligible for every N (``any_n=False``).
ANY_N = (2, 3, 4, 5)
#: The largest window radius the argument over N supports.
R_MAX = 4
#: Every check that may be eligible is evaluated at ``N = N0, ..., TOP``: every term of radius at
#: most ``R_MAX`` occurs by ``N = 2 R_MAX + 2``, and ``(TOP - 1, TOP)`` is the last pair related.
TOP = 2 * R_MAX + 3


class _Setting:
    N: int
    W: list

    def jet(self, W=None) -> list:
        """The state as constant jets (no variation)."""
        W = self.W if W is None else W
        return [Dual(x, zeros_like(x)) for x in W]

    def along(self, V: list, W=None) -> list:
        """The state as jets along the curve ``W + tau V``."""
        W = self.W if W is None else W
        return [Dual(x, v) for x, v in zip(W, V)]

    def along_action(self, a: list, W=None) -> list:
        r"""The state as jets along the group curve ``e^{tau a}.W`` of (2.1)-(2.2).

        ``e^{tau a_k} = I + tau a_k + O(tau^2)``, and its inverse is computed by the jet
        arithmetic (``-a_k`` to first order), not assumed."""
        A = [Dual(eye_like(x), x) for x in a]
        return act(A, self.jet(W))


class NCSetting(_Setting):
    """Letters of symbolic size ``d``: ``W_1..W_N`` and fresh families on demand."""

    backend = "nc"

    def __init__(self, N: int):
        self.N = N
        self.field = "any"
        self.d = "any"
        #: every indexed letter ``(family, index)`` this setting has created (the letters that exist)
        self.created: set[tuple[str, int]] = set()
        self.W = [self._new("W", k) for k in range(1, N + 1)]

    def _new(self, name: str, index: int = -1, kind: str = "g") -> NC:
        if index >= 0:
            self.created.add((name, index))
        return letter(name, index, kind)

    def alg(self, name: str, kind: str = "g", count: int | None = None) -> list:
        n = self.N - 1 if count is None else count
        return [self._new(name, k, kind) for k in range(1, n + 1)]

    def mat(self, name: str, kind: str = "g", index: int = -1):
        return self._new(name, index, kind)

    def scalar(self, x):
        return x

    def group(self, name: str) -> list:
        """``N-1`` invertible letters (a generic element of ``GL(d)^{N-1}``)."""
        return [self._new(name, k) for k in range(1, self.N)]

    def gradient(self, form, V: NC) -> NC:
        """The Riesz representer of the Re Tr form ``form`` with respect to the letter ``V``."""
        ((w, _),) = V.terms.items()
        (a,) = w
        return riesz(form, a.family, a.index)


def _cayley_unitary(d: int, field: str, ring: Ring, rng: random.Random) -> EM:
    """An exact rational unitary (orthogonal over R): Q = (I - S)(I + S)^{-1}, S skew."""
    entries = [[(0, 0)] * d for _ in range(d)]
    for i in range(d):
        for j in range(i, d):
            if i == j:
                im = Fraction(rng.randint(-3, 3), rng.randint(1, 3)) if field == "C" else 0
                entries[i][i] = (0, im)
            else:
                re = Fraction(rng.randint(-3, 3), rng.randint(1, 3))
                im = Fraction(rng.randint(-3, 3), rng.randint(1, 3)) if field == "C" else 0
                entries[i][j] = (re, im)
                entries[j][i] = (-re, im)
    S = EM.const(entries, ring)
    Id = EM.eye(d, ring)
    return (Id - S) @ (Id + S).inverse()


class ExplicitSetting(_Setting):
    """Explicit entries: ``W_k`` has entries ``x + i y`` (over C) or ``x`` (over R)."""

    backend = "explicit"

    def __init__(self, N: int, d: int, field: str, seed: int = 0):
        self.N, self.d, self.field = N, d, field
        self.ring = Ring()
        self.rng = random.Random(f"{seed}-{N}-{d}-{field}")
        self.W = [EM.symbolic(d, f"W{k}", field, self.ring) for k in range(1, N + 1)]

    def mat(self, name: str, kind: str = "g", index: int = -1):
        nm = f"{name}{index if index >= 0 else ''}"
        if kind == "g":
            return EM.symbolic(self.d, nm, self.field, self.ring)
        if kind == "h":
            return EM.hermitian(self.d, nm, self.field, self.ring)
        if kind == "s":
            if self.field == "R":
                M = EM.symbolic(self.d, nm, "R", self.ring)
                return M - M.H
            return EM.hermitian(self.d, nm, "C", self.ring) * P.const_c(0, 1)
        if kind == "u":
            return _cayley_unitary(self.d, self.field, self.ring, self.rng)
        raise ValueError(f"unknown letter kind {kind!r}")

    def alg(self, name: str, kind: str = "g", count: int | None = None) -> list:
        n = self.N - 1 if count is None else count
        return [self.mat(name, kind, k) for k in range(1, n + 1)]

    def scalar(self, x):
        return P.const(x)

    def group(self, name: str) -> list:
        """``N-1`` seeded random rational invertible matrices (diagonally dominant)."""
        out = []
        for _ in range(self.N - 1):
            rows = []
            for i in range(self.d):
                row = []
                for j in range(self.d):
                    re = Fraction(self.rng.randint(-2, 2), self.rng.randint(1, 3)) + (4 if i == j else 0)
                    im = Fraction(self.rng.randint(-2, 2), self.rng.randint(1, 3)) if self.field == "C" else 0
                    row.append((re, im))
                rows.append(row)
            out.append(EM.const(rows, self.ring))
        return out

    def gradient(self, form: P, V: EM) -> EM:
        r"""The matrix ``P`` with ``form = Re Tr(P^* V)`` for a symbolic matrix ``V``:
        ``P_ij = d form/d x_ij + i d form/d y_ij`` (``V_ij = x_ij + i y_ij``)."""
        rows = []
        for i in range(V.n):
            row = []
            for j in range(V.n):
                e = V.rows[i][j]
                (xm,) = e.re.keys()
                x = xm[0]
                re = _diff(form.re, x)
                im = {}
                if e.im:
                    (ym,) = e.im.keys()
                    im = _diff(form.re, ym[0])
                row.append(P(re, im))
            rows.append(row)
        return EM(rows, self.ring)


def _diff(poly: dict, v: int) -> dict:
    out: dict = {}
    for m, c in poly.items():
        n = m.count(v)
        if n:
            i = m.index(v)
            mm = m[:i] + m[i + 1:]
            out[mm] = out.get(mm, 0) + n * c
    return {m: c for m, c in out.items() if c}


# --------------------------------------------------------------------------- residuals
def _parts(residual) -> list:
    """The residual as a flat list of values (each zero exactly when its identity holds)."""
    if isinstance(residual, (Lin, Instance)):
        return [_value(residual.form)]
    if isinstance(residual, Eq):
        return [residual.form]
    if isinstance(residual, (list, tuple)):
        out = []
        for r in residual:
            out.extend(_parts(r))
        return out
    return [residual]


def is_zero(residual) -> bool:
    """Exact zero test for a residual: a matrix, a scalar, or a list of them."""
    return all(x.is_zero() for x in _parts(residual))


def residual_size(residual) -> int:
    """Number of nonzero monomials (0 exactly when the identity holds)."""
    n = 0
    for x in _parts(residual):
        n += x.nterms() if hasattr(x, "nterms") else len(x)
    return n


def _describe(residual) -> str:
    n = residual_size(residual)
    return "0" if n == 0 else f"{n} nonzero terms"


# --------------------------------------------------------------------------- components
class _NotEligible(Exception):
    """A part of a residual that the argument over N cannot use (the message says why)."""


@dataclass
class _Block:
    """One part of a residual at one depth, split into components ``k -> [(lhs, rhs), ...]``.

    ``kind`` is ``"eq"`` (a component list), ``"grad"`` (the gradients of a :class:`Lin`),
    ``"anchor"`` (words split by their smallest index; ``k = None`` for the words without an
    indexed letter) or ``"opaque"`` (not split: the check is not eligible)."""

    kind: str
    label: str
    comps: dict = field(default_factory=dict)


def _check_sides(lhs, rhs, label: str) -> None:
    if isinstance(lhs, NC) and isinstance(rhs, NC):
        return
    if isinstance(lhs, TraceForm) and isinstance(rhs, TraceForm) and lhs.real == rhs.real:
        return
    raise _NotEligible(f"{label} has sides of types {type(lhs).__name__} and {type(rhs).__name__}, which the "
                       "argument over N cannot split")


def _restrict(x, terms: dict):
    """``x`` restricted to the words in ``terms`` (same type as ``x``)."""
    if isinstance(x, NC):
        return NC(terms)
    t = TraceForm(x.real)
    t.terms = dict(terms)
    return t


def _anchor(w) -> int | None:
    idx = [a.index for a in w if a.index >= 0]
    return min(idx) if idx else None


def _anchored(lhs, rhs, label: str) -> _Block:
    """Split both sides by anchor: component ``k`` holds the words whose smallest letter index is
    ``k`` (the normal forms are canonical, so ``lhs = rhs`` iff every anchored part agrees)."""
    split: dict = {}
    for side, x in enumerate((lhs, rhs)):
        for w, c in x.terms.items():
            split.setdefault(_anchor(w), ({}, {}))[side][w] = c
    return _Block("anchor", label, {k: [(_restrict(lhs, a), _restrict(rhs, b))] for k, (a, b) in split.items()})


def _gradients(lhs, rhs, family: str, indices: set, label: str) -> list[_Block]:
    """A :class:`Lin` identity as components: the gradients of both sides with respect to each
    ``family_k``, and the ``family``-free words split by anchor (they are part of the identity too).
    Raises :class:`_NotEligible` unless both sides are real-linear in the family."""
    if not (isinstance(lhs, TraceForm) and lhs.real):
        raise _NotEligible(f"{label} is a Lin identity whose sides are not Re Tr forms")
    free: list[dict] = [{}, {}]
    for side, x in enumerate((lhs, rhs)):
        for w, c in x.terms.items():
            hits = [a for a in w if a.family == family]
            if any(a.index < 0 or a.inv for a in hits) or len(hits) > 1:
                raise _NotEligible(f"{label} is not linear in the letters {family}_k (a word has "
                                   f"{len(hits)} of them{', or an inverse' if any(a.inv for a in hits) else ''})")
            if not hits:
                free[side][w] = c
    comps = {k: [(riesz(lhs, family, k), riesz(rhs, family, k))] for k in sorted(indices)}
    free_block = _anchored(_restrict(lhs, free[0]), _restrict(rhs, free[1]), f"{label} ({family}-free words)")
    return [_Block("grad", f"{label} (gradient in {family}_k)", comps), free_block]


def _decompose(S, residual) -> tuple[list[_Block], list[str], set]:
    """Split a residual (at depth ``S.N``, symbolic size) into blocks of components.

    Returns the blocks, the reasons why a part cannot be used for every N, and the indexed
    letters that occur in the sides."""
    top = residual if isinstance(residual, (list, tuple)) else [residual]
    if top and isinstance(top[0], (NC, EM, Eq, TraceForm)):
        top = [top]
    blocks: list[_Block] = []
    reasons: list[str] = []
    seen: set = set()

    def note(*xs):
        for x in xs:
            if isinstance(x, (NC, TraceForm)):
                seen.update((f, i) for f, i in x.letters() if i >= 0)

    for n, b in enumerate(top, start=1):
        label = f"part {n}"
        try:
            if isinstance(b, Lin):
                f = b.form
                if not isinstance(f, Eq):
                    note(f)
                    raise _NotEligible(f"{label} is a Lin residual without sides (give Lin(Eq(lhs, rhs), family))")
                note(f.lhs, f.rhs)
                _check_sides(f.lhs, f.rhs, label)
                idx = {i for fam, i in S.created if fam == b.family}
                idx |= {i for fam, i in f.lhs.letters() | f.rhs.letters() if fam == b.family and i >= 0}
                blocks.extend(_gradients(f.lhs, f.rhs, b.family, idx, label))
            elif isinstance(b, Instance) or (isinstance(b, Eq) and b.k is None):
                f = b.form if isinstance(b, Instance) else b
                if not isinstance(f, Eq):
                    note(f)
                    raise _NotEligible(f"{label} is an instance without sides (give Instance(Eq(lhs, rhs)))")
                note(f.lhs, f.rhs)
                _check_sides(f.lhs, f.rhs, label)
                blocks.append(_anchored(f.lhs, f.rhs, label))
            elif isinstance(b, (Eq, list, tuple)):
                comps: dict = {}
                for x in ([b] if isinstance(b, Eq) else b):
                    if not isinstance(x, Eq):
                        note(x)
                        raise _NotEligible(f"{label} is a component list with a bare residual "
                                           "(give Eq(lhs, rhs, k=...))")
                    note(x.lhs, x.rhs)
                    if x.k is None:
                        raise _NotEligible(f"{label} is a component list whose Eq's do not state their index k")
                    _check_sides(x.lhs, x.rhs, label)
                    comps.setdefault(x.k, []).append((x.lhs, x.rhs))
                blocks.append(_Block("eq", label, comps))
            else:
                note(b)
                raise _NotEligible(f"{label} is a bare residual, which cannot show what it depends on")
        except _NotEligible as exc:
            reasons.append(str(exc))
            blocks.append(_Block("opaque", label))
        except ValueError as exc:  # riesz: not linear in the family
            reasons.append(f"{label}: {exc}")
            blocks.append(_Block("opaque", label))
    return blocks, reasons, seen


def _radius(blocks: list[_Block]) -> tuple[int, str, int | None]:
    """The largest ``|i - k|`` over the indexed letters ``x_i`` occurring in a side of component ``k``,
    with the part and the ``k`` where it is attained."""
    r, where, at = 0, "", None
    for b in blocks:
        for k, pairs in b.comps.items():
            if k is None:
                continue
            for pair in pairs:
                for x in pair:
                    for _, i in x.letters():
                        if i >= 0 and abs(i - k) > r:
                            r, where, at = abs(i - k), b.label, k
    return r, where, at


def _same_side(x, y) -> bool:
    if isinstance(x, NC) and isinstance(y, NC):
        return (x - y).is_zero()
    if isinstance(x, TraceForm) and isinstance(y, TraceForm):
        return x.real == y.real and (x - y).is_zero()
    return False


def _same(p: list, q: list) -> bool:
    """Two components are the same when they have the same sides, pair by pair (not merely the
    same residual: a zero residual would hide a side that changed)."""
    return len(p) == len(q) and all(_same_side(a, c) and _same_side(b, e) for (a, b), (c, e) in zip(p, q))


def _relabelled(pairs: list) -> list:
    return [(a.relabel(1), b.relabel(1)) for a, b in pairs]


def _window(E: set, k: int, r: int) -> frozenset:
    return frozenset((f, i) for f, i in E if abs(i - k) <= r)


def _relate(d0: "_Depth", d1: "_Depth", r: int, cover: bool) -> tuple[list[str], int]:
    """The relations (L) and (R) of the module docstring between depths ``N`` and ``N + 1``,
    wherever the windows (on the letters that exist) say they must hold; with ``cover``, also that
    every component of depth ``N + 1`` is reached by one of them. Returns the problems found and
    the number of relations checked."""
    N = d0.N
    if [b.kind for b in d0.blocks] != [b.kind for b in d1.blocks]:
        return [f"the builder returns different parts at N = {N} and N = {N + 1}"], 0
    E0, E1 = d0.letters, d1.letters
    memo: dict = {}

    def left(k):  # (L): the window of k does not see the right end
        if ("L", k) not in memo:
            memo["L", k] = _window(E0, k, r) == _window(E1, k, r)
        return memo["L", k]

    def right(k):  # (R): the window of k does not see the left end
        if ("R", k) not in memo:
            memo["R", k] = frozenset((f, i + 1) for f, i in _window(E0, k, r)) == _window(E1, k + 1, r)
        return memo["R", k]

    problems: list[str] = []
    n = 0
    for b0, b1 in zip(d0.blocks, d1.blocks):
        if b0.kind == "opaque":
            continue
        anchored = b0.kind == "anchor"
        keys0 = {k for k in b0.comps if k is not None}
        keys1 = {k for k in b1.comps if k is not None}
        if anchored:  # a missing anchored component is an empty one
            n += 1
            if not _same(b0.comps.get(None, []), b1.comps.get(None, [])):
                problems.append(f"{b0.label}: its words without indexed letters differ between N = {N} and N = {N + 1}")
            cand = keys0 | keys1 | {k - 1 for k in keys1}
        else:
            cand = keys0
        for k in sorted(cand):
            c0 = b0.comps.get(k, [])
            if left(k):
                n += 1
                if not anchored and k not in b1.comps:
                    problems.append(f"{b0.label}: component k = {k} at N = {N} has no counterpart at N = {N + 1}")
                elif not _same(c0, b1.comps.get(k, [])):
                    problems.append(f"{b0.label}: component k = {k} differs between N = {N} and N = {N + 1} "
                                    "(its window is the same at both depths)")
            if right(k):
                n += 1
                if not anchored and k + 1 not in b1.comps:
                    problems.append(f"{b0.label}: component k = {k} at N = {N} has no relabelled counterpart "
                                    f"k = {k + 1} at N = {N + 1}")
                elif not _same(_relabelled(c0), b1.comps.get(k + 1, [])):
                    problems.append(f"{b0.label}: component k = {k + 1} at N = {N + 1} is not component k = {k} at "
                                    f"N = {N} relabelled (shift-equivariance)")
        if cover:
            for k in sorted(keys1):
                if not ((left(k) and (anchored or k in keys0)) or (right(k - 1) and (anchored or k - 1 in keys0))):
                    problems.append(f"{b1.label}: component k = {k} at N = {N + 1} is not reached by a relation "
                                    f"from N = {N} (radius {r})")
    return problems, n


@dataclass
class _Depth:
    """The builder evaluated at one depth, symbolic size."""

    N: int
    zero: bool
    residual: str
    blocks: list = field(default_factory=list)
    reasons: list = field(default_factory=list)
    letters: set = field(default_factory=set)
    span: int = 0


@dataclass
class DepthProof:
    """The outcome of the argument over ``N`` for one form of one check (symbolic size ``d``)."""

    form: str
    N0: int
    depths: list
    failed_N: int | None
    residual: str
    eligible: bool
    reasons: list
    radius: int | None
    relations: int = 0
    spans: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """The residual vanished at every depth evaluated."""
        return self.failed_N is None

    @property
    def top(self) -> int:
        return max(self.depths) if self.depths else self.N0

    @property
    def any_n(self) -> bool:
        """The identity is proved for every ``N`` (given the premise (U) of the module docstring)."""
        return self.ok and self.eligible

    def sizes(self) -> dict:
        N = "any" if self.any_n else (self.failed_N if self.failed_N is not None else self.top)
        return {"N": N, "d": "any", "field": "any"}

    def describe(self) -> str:
        if self.failed_N is not None:
            where = f"nonzero at N = {self.failed_N}"
            if self.failed_N > self.N0:
                where += f" (exact zero at N = {self.N0}..{self.failed_N - 1})"
            return f"matrix symbols of size d; {where}"
        head = f"matrix symbols of size d; exact zero at N = {self.N0}..{self.top}"
        if self.eligible:
            return (f"{head}; window radius {self.radius}, {self.relations} shift relations at consecutive depths "
                    f"and full coverage at N >= {2 * self.radius + 2}: every N")
        more = f" (and {len(self.reasons) - 1} more)" if len(self.reasons) > 1 else ""
        return f"{head}; not eligible for every N: {self.reasons[0]}{more}"


class IdentityCheck(Check):
    """An exact identity, checked for every width and depth and on explicit entries.

    Parameters
    ----------
    name:
        Short description of what is compared.
    builder:
        ``builder(S, form) -> residual``.
    errata:
        ``True`` when the claim is an erratum (forms ``printed`` and ``corrected``).
    linear_in:
        Kept for compatibility; a :class:`Lin` part names its family itself.
    any_n:
        ``False`` declares the builder global (it is then evaluated at ``N = 2..5`` only and
        never reported for every ``N``); ``True`` asks for the argument over ``N`` of the module
        docstring, which decides eligibility from the terms.
    printed_explicit:
        The explicit size ``(N, d, field)`` at which the printed form is evaluated when the run's grid has
        no small size (``N <= 3``, ``d <= 2``).
    printed_fails:
        ``printed_fails(N, d, field)``: where the erratum says the printed form fails (default: at every
        size). The printed form is evaluated with explicit entries at every small size of the run's grid
        (``N <= 3``, ``d <= 2``) and must fail exactly where this says and hold elsewhere; a nonzero
        residual for matrix letters shows failure for *some* ``d`` only.
    """

    method = "symbolic"

    def __init__(self, name: str, builder: Callable, *, errata: bool = False, linear_in: str | None = None,
                 any_n: bool = True, printed_explicit: tuple = (3, 2, "C"), explicit: bool = True,
                 min_N: int = 2, printed_fails: Callable | None = None):
        self.name, self.builder, self.errata = name, builder, errata
        self.printed_fails = printed_fails or (lambda N, d, field: True)
        self.linear_in, self.any_n, self.printed_explicit = linear_in, any_n, printed_explicit
        self.explicit, self.min_N = explicit, min_N

    def evaluate(self, S, form: str):
        return self.builder(S, form)

    @property
    def main_form(self) -> str:
        return "corrected" if self.errata else "paper"

    # -- one depth, symbolic size
    def _depth(self, form: str, N: int, split: bool) -> _Depth:
        S = NCSetting(N)
        with span_monitor() as mon:
            res = self.evaluate(S, form)
        parts = _parts(res)
        zero = all(x.is_zero() for x in parts)
        d = _Depth(N, zero, "0" if zero else _describe(parts), span=mon.max_span)
        if split and zero:
            d.blocks, d.reasons, seen = _decompose(S, res)
            d.letters = set(S.created) | seen
        return d

    def components(self, N: int, form: str | None = None) -> list[dict]:
        """The components of the residual at depth ``N`` (symbolic size), one dict per part:
        ``k -> [(lhs, rhs), ...]`` (``k = None``: the words of an instance without indexed letters).
        A part that cannot be split is an empty dict."""
        S = NCSetting(N)
        blocks, _, _ = _decompose(S, self.evaluate(S, form or self.main_form))
        return [b.comps for b in blocks]

    # -- the any-d, any-N proof
    def depth_proof(self, form: str | None = None, *, analyse: bool = True) -> DepthProof:
        """Evaluate ``form`` at ``N = N0, ..., TOP`` for symbolic ``d`` and run the argument of the
        module docstring: (a) an exact zero at every depth; the split into components with ``k``
        from each :class:`Eq` and the locality of every part; the radius ``r <= R_MAX``; the
        relations (L), (R) at every consecutive pair and the coverage at the pairs ``N >= 2r + 2``;
        the words formed by products must not keep spreading (``(TOP - 1, TOP)``).
        ``analyse=False`` (printed forms, negative controls) only looks for the first nonzero depth."""
        form = form or self.main_form
        N0 = max(2, self.min_N)
        analyse = analyse and self.any_n
        top = max(N0 + 1, TOP if self.any_n else max(ANY_N))
        depths: dict[int, _Depth] = {}
        reasons: list[str] = [] if self.any_n else [
            "declared global (any_n=False): its intermediate quantities involve every layer"]
        for N in range(N0, top + 1):
            d = depths[N] = self._depth(form, N, analyse)
            if not d.zero:
                return DepthProof(form, N0, sorted(depths), N, d.residual, False, reasons, None,
                                  spans={n: x.span for n, x in depths.items()})
        spans = {n: x.span for n, x in depths.items()}
        if not analyse:
            return DepthProof(form, N0, sorted(depths), None, "0", False, reasons, None, 0, spans)
        for x in depths.values():
            reasons.extend(why for why in x.reasons if why not in reasons)
        r = None
        if not reasons:
            r, where, k, N = max(_radius(x.blocks) + (n,) for n, x in depths.items())
        n_rel = 0
        if r is not None and r > R_MAX:
            reasons.append(f"window radius {r} > {R_MAX} ({where}, component k = {k} at N = {N}; a term that needs "
                           f"both ends of a window of radius {r} first occurs at N = {2 * r + 2} > {top})")
        elif r is not None:
            if spans[top] > spans[top - 1]:
                reasons.append(f"a global intermediate: the builder forms words spanning {spans[top]} indices at "
                               f"N = {top} ({spans[top - 1]} at N = {top - 1}), whose cancellation the locality "
                               "argument cannot follow")
            for n in range(N0, top):
                problems, k = _relate(depths[n], depths[n + 1], r, cover=n >= 2 * r + 2)
                n_rel += k
                reasons.extend(p for p in problems if p not in reasons)
        return DepthProof(form, N0, sorted(depths), None, "0", not reasons, reasons, r, n_rel, spans)

    def _result(self, sizes, residual_desc, ok, expect_zero, seconds, form, note) -> CheckResult:
        passed = ok if expect_zero else not ok
        return CheckResult(method="symbolic", sizes=sizes, residual=residual_desc, digits=None, seconds=seconds,
                           passed=passed, form=form if self.errata else None, note=note)

    def run(self, opts: Options) -> list[CheckResult]:
        out: list[CheckResult] = []
        main = self.main_form
        # symbolic width (and depth, by the argument over N)
        t0 = time.perf_counter()
        pr = self.depth_proof(main)
        out.append(self._result(pr.sizes(), pr.residual, pr.ok, True, time.perf_counter() - t0, main,
                                f"{self.name} ({pr.describe()})"))
        if self.errata:
            t0 = time.perf_counter()
            pp = self.depth_proof("printed", analyse=False)
            where = (f"nonzero at N = {pp.failed_N}" if not pp.ok else
                     f"exact zero at N = {pp.N0}..{pp.top}: the printed form holds at every depth evaluated")
            out.append(self._result(pp.sizes(), pp.residual, pp.ok, False, time.perf_counter() - t0, "printed",
                                    f"{self.name} as printed (matrix symbols of size d; {where})"))
        # explicit entries
        if self.explicit:
            for N, d, fld in opts.grid:
                if N < self.min_N:
                    continue
                t0 = time.perf_counter()
                res = self.evaluate(ExplicitSetting(N, d, fld), main)
                desc, z = _describe(res), is_zero(res)
                out.append(self._result({"N": N, "d": d, "field": fld}, desc, z, True, time.perf_counter() - t0,
                                        main, self.name + " (explicit entries)"))
            if self.errata and self.printed_explicit:
                small = [(N, d, f) for N, d, f in opts.grid if N <= 3 and d <= 2 and N >= self.min_N]
                for N, d, fld in small or [self.printed_explicit]:
                    t0 = time.perf_counter()
                    res = self.evaluate(ExplicitSetting(N, d, fld), "printed")
                    desc, z = _describe(res), is_zero(res)
                    fails = bool(self.printed_fails(N, d, fld))
                    note = (f"{self.name} as printed (explicit entries): " +
                            ("fails here, as the erratum says" if fails else "holds here, as the erratum says"))
                    out.append(self._result({"N": N, "d": d, "field": fld}, desc, z, not fails,
                                            time.perf_counter() - t0, "printed", note))
        return out

    def negative_rejected(self, sizes=((3, 2, "C"), (3, 2, "R"))) -> bool:
        """The negative control: the broken variant must fail for symbolic d and on explicit entries."""
        if self.depth_proof("negative", analyse=False).ok:
            return False
        for N, d, fld in (sizes if self.explicit else ()):
            if N < self.min_N:
                N = self.min_N
            if is_zero(self.evaluate(ExplicitSetting(N, d, fld), "negative")):
                return False
        return True
