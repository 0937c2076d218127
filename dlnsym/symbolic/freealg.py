r"""Noncommutative polynomials in matrix letters of symbolic size.

A :class:`NC` element is a finite sum ``sum_w c_w w`` over *words* ``w`` in matrix
letters, with exact Gaussian-rational coefficients. It models a matrix expression
built from ``d x d`` matrices whose size ``d`` is left symbolic: an identity between
two ``NC`` elements that holds coefficient by coefficient holds for every ``d`` and
over both fields R and C.

Letters carry a *kind*:

``"g"``  a general matrix ``M`` (its adjoint ``M^*`` is another letter; ``M^{-1}``
         is allowed and cancels against ``M``);
``"u"``  a unitary (orthogonal) matrix, ``Q^{-1} = Q^*``;
``"h"``  a Hermitian matrix, ``h^* = h``;
``"s"``  a skew-Hermitian matrix, ``s^* = -s``.

Traces are decided by a *cyclic normal form*. ``Tr`` is invariant under rotation
of the word, and ``Re Tr(w) = Re Tr(w^*)``. :func:`retr` maps an expression to its
canonical real-trace form, :func:`tr` to its canonical (complex) trace form. A zero
normal form proves the trace identity for every ``d``.

The derivative of a linear functional ``V -> Re Tr(P^* V)`` is recovered by
:func:`riesz`: the Riesz representer with respect to the inner product (1.14).

>>> W1, W2 = letter("W", 1), letter("W", 2)
>>> G1 = W1 @ W1.H - W2.H @ W2          # eq. (1.11) for N = 2
>>> (G1.H - G1).is_zero()               # G_1 is Hermitian, for every d
True
>>> retr(W1 @ W2 - W2 @ W1).is_zero()   # Re Tr [W1, W2] = 0
True
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Iterable, Mapping

__all__ = [
    "GQ",
    "Letter",
    "NC",
    "TraceForm",
    "letter",
    "retr",
    "tr",
    "riesz",
    "to_gq",
    "span_monitor",
]


# --------------------------------------------------------------------------- coefficients
@dataclass(frozen=True, slots=True)
class GQ:
    """An exact Gaussian rational ``re + i im``."""

    re: Fraction
    im: Fraction = Fraction(0)

    def __add__(self, o: "GQ") -> "GQ":
        return GQ(self.re + o.re, self.im + o.im)

    def __sub__(self, o: "GQ") -> "GQ":
        return GQ(self.re - o.re, self.im - o.im)

    def __mul__(self, o: "GQ") -> "GQ":
        return GQ(self.re * o.re - self.im * o.im, self.re * o.im + self.im * o.re)

    def __neg__(self) -> "GQ":
        return GQ(-self.re, -self.im)

    def conj(self) -> "GQ":
        return GQ(self.re, -self.im)

    def inv(self) -> "GQ":
        n = self.re * self.re + self.im * self.im
        if n == 0:
            raise ZeroDivisionError("division by the zero coefficient")
        return GQ(self.re / n, -self.im / n)

    def __bool__(self) -> bool:
        return bool(self.re) or bool(self.im)

    def __str__(self) -> str:
        if not self.im:
            return str(self.re)
        if not self.re:
            return f"{self.im}*I"
        return f"({self.re}{'+' if self.im > 0 else '-'}{abs(self.im)}*I)"


_ZERO, _ONE = GQ(Fraction(0)), GQ(Fraction(1))


def to_gq(c) -> GQ:
    """Convert an int, Fraction, complex-free SymPy number or ``sympy.I`` multiple to :class:`GQ`."""
    if isinstance(c, GQ):
        return c
    if isinstance(c, (int, Fraction)):
        return GQ(Fraction(c))
    try:
        import sympy

        e = sympy.nsimplify(sympy.sympify(c))
        re, im = e.as_real_imag()
        re, im = sympy.Rational(re), sympy.Rational(im)
        return GQ(Fraction(int(re.p), int(re.q)), Fraction(int(im.p), int(im.q)))
    except (TypeError, ValueError) as exc:  # pragma: no cover - defensive
        raise TypeError(f"coefficient {c!r} is not an exact Gaussian rational") from exc


# --------------------------------------------------------------------------- letters
@dataclass(frozen=True, order=True, slots=True)
class Letter:
    """One matrix letter: ``family_index``, possibly adjoint (``star``) and/or inverse (``inv``)."""

    family: str
    index: int = -1
    star: bool = False
    inv: bool = False
    kind: str = "g"

    def adjoint(self) -> tuple[int, "Letter"]:
        """Return ``(sign, letter)`` with ``self^* = sign * letter``."""
        if self.kind == "h":
            return 1, self
        if self.kind == "s":
            return -1, self
        return 1, Letter(self.family, self.index, not self.star, self.inv, self.kind)

    def inverse(self) -> "Letter":
        if self.kind == "u":
            return Letter(self.family, self.index, not self.star, False, "u")
        return Letter(self.family, self.index, self.star, not self.inv, self.kind)

    def latex(self, k_offset: int | None = None) -> str:
        if self.index < 0:
            sub = ""
        elif k_offset is None:
            sub = f"_{{{self.index}}}"
        else:
            off = self.index - k_offset
            sub = "_{k}" if off == 0 else f"_{{k{off:+d}}}"
        sup = []
        if self.star:
            sup.append("*")
        if self.inv:
            sup.append("-1")
        return self.family + sub + (f"^{{{''.join(sup)}}}" if sup else "")

    def __repr__(self) -> str:
        s = self.family + (str(self.index) if self.index >= 0 else "")
        return s + ("*" if self.star else "") + ("^-1" if self.inv else "")


def _shift_word(w: tuple[Letter, ...], shift: int) -> tuple[Letter, ...]:
    if shift < 0 and any(0 <= a.index < -shift for a in w):
        raise ValueError(f"relabelling by {shift} would give a letter a negative index")
    return tuple(a if a.index < 0 else Letter(a.family, a.index + shift, a.star, a.inv, a.kind) for a in w)


class span_monitor:
    """Context manager: the largest *index span* ``max i - min i`` over the indexed letters of any
    word that an :class:`NC` product forms inside it (``max_span``).

    A computation that multiplies all the layers (``X = W_N ... W_1``) forms a word of span ``N - 1``,
    even when the result cancels down to short words; the locality argument over ``N`` uses this to
    tell a local computation from a global one whose cancellation it cannot follow.

    >>> W = [letter("W", k) for k in range(1, 5)]
    >>> with span_monitor() as m:
    ...     _ = (W[3] @ W[2] @ W[1] @ W[0]) - (W[3] @ W[2] @ W[1] @ W[0])
    >>> m.max_span
    3
    """

    def __init__(self) -> None:
        self.max_span = 0
        self._outer: "span_monitor | None" = None

    def observe(self, terms) -> None:
        best = self.max_span
        for w in terms:
            lo = hi = None
            for a in w:
                i = a.index
                if i >= 0:
                    if lo is None:
                        lo = hi = i
                    elif i < lo:
                        lo = i
                    elif i > hi:
                        hi = i
            if lo is not None and hi - lo > best:
                best = hi - lo
        self.max_span = best

    def __enter__(self) -> "span_monitor":
        global _MONITOR
        self._outer, _MONITOR = _MONITOR, self
        return self

    def __exit__(self, *exc) -> None:
        global _MONITOR
        _MONITOR = self._outer
        if self._outer is not None:
            self._outer.max_span = max(self._outer.max_span, self.max_span)


_MONITOR: span_monitor | None = None


def _reduce_word(letters: Iterable[Letter]) -> tuple[Letter, ...]:
    """Free reduction: cancel adjacent ``x x^{-1}`` pairs."""
    out: list[Letter] = []
    for a in letters:
        if out and out[-1].inverse() == a:
            out.pop()
        else:
            out.append(a)
    return tuple(out)


def _adj_word(w: tuple[Letter, ...]) -> tuple[int, tuple[Letter, ...]]:
    sign, res = 1, []
    for a in reversed(w):
        s, b = a.adjoint()
        sign *= s
        res.append(b)
    return sign, tuple(res)


def _accumulate(t: dict, key, c: GQ) -> None:
    """``t[key] += c``, dropping the key when the sum vanishes."""
    s = t.get(key, _ZERO) + c
    if s:
        t[key] = s
    else:
        t.pop(key, None)


# --------------------------------------------------------------------------- NC polynomials
class NC:
    """A noncommutative polynomial: ``dict`` word -> :class:`GQ`."""

    __slots__ = ("terms",)
    __array_priority__ = 1000

    def __init__(self, terms: Mapping[tuple[Letter, ...], GQ] | None = None):
        self.terms: dict[tuple[Letter, ...], GQ] = {}
        if terms:
            for w, c in terms.items():
                if c:
                    self.terms[w] = c

    # construction
    @classmethod
    def zero(cls) -> "NC":
        return cls()

    @classmethod
    def one(cls) -> "NC":
        return cls({(): _ONE})

    @classmethod
    def scalar(cls, c) -> "NC":
        return cls({(): to_gq(c)})

    # arithmetic
    def _coerce(self, o) -> "NC":
        return o if isinstance(o, NC) else NC.scalar(o)

    def __add__(self, o) -> "NC":
        o = self._coerce(o)
        t = dict(self.terms)
        for w, c in o.terms.items():
            _accumulate(t, w, c)
        r = NC()
        r.terms = t
        return r

    __radd__ = __add__

    def __neg__(self) -> "NC":
        r = NC()
        r.terms = {w: -c for w, c in self.terms.items()}
        return r

    def __sub__(self, o) -> "NC":
        return self + (-self._coerce(o))

    def __rsub__(self, o) -> "NC":
        return self._coerce(o) - self

    def scale(self, c) -> "NC":
        c = to_gq(c)
        r = NC()
        if c:
            r.terms = {w: c * v for w, v in self.terms.items()}
        return r

    def __mul__(self, o) -> "NC":
        if isinstance(o, NC):
            return self @ o
        return self.scale(o)

    def __rmul__(self, o) -> "NC":
        return self.scale(o)

    def __matmul__(self, o: "NC") -> "NC":
        t: dict[tuple[Letter, ...], GQ] = {}
        for w1, c1 in self.terms.items():
            for w2, c2 in o.terms.items():
                w = _reduce_word(w1 + w2) if (w1 and w2 and w1[-1].inverse() == w2[0]) else w1 + w2
                _accumulate(t, w, c1 * c2)
        if _MONITOR is not None:
            _MONITOR.observe(t)
        r = NC()
        r.terms = t
        return r

    def __pow__(self, n: int) -> "NC":
        if n < 0:
            return self.inverse() ** (-n)
        r = NC.one()
        for _ in range(n):
            r = r @ self
        return r

    @property
    def H(self) -> "NC":
        """The adjoint: reverse every word, star every letter, conjugate coefficients."""
        r = NC()
        for w, c in self.terms.items():
            s, aw = _adj_word(w)
            r.terms[aw] = c.conj() if s > 0 else -c.conj()
        return r

    def inverse(self) -> "NC":
        """Inverse of a monomial ``c w`` whose letters are invertible."""
        if len(self.terms) != 1:
            raise ValueError("only a single word with a nonzero coefficient can be inverted formally")
        ((w, c),) = self.terms.items()
        for a in w:
            if a.kind == "s":
                raise ValueError("skew-Hermitian letters are not assumed invertible")
        return NC({tuple(a.inverse() for a in reversed(w)): c.inv()})

    # inspection
    def is_zero(self) -> bool:
        return not self.terms

    def __eq__(self, o) -> bool:  # exact equality as polynomials
        if not isinstance(o, NC):
            o = NC.scalar(o)
        return (self - o).is_zero()

    def __hash__(self):  # pragma: no cover - NC is mutable in spirit; hash by content
        return hash(frozenset(self.terms.items()))

    def __len__(self) -> int:
        return len(self.terms)

    def letters(self) -> set[tuple[str, int]]:
        return {(a.family, a.index) for w in self.terms for a in w}

    def indices(self, family: str | None = None) -> set[int]:
        return {i for f, i in self.letters() if family is None or f == family}

    def subs(self, mapping: Mapping[tuple[str, int], "NC"]) -> "NC":
        """Substitute letters ``(family, index) -> NC`` (a *-homomorphism).

        The image of an inverse letter must be invertible (a monomial)."""
        r = NC()
        for w, c in self.terms.items():
            acc = NC({(): c})
            for a in w:
                key = (a.family, a.index)
                if key in mapping:
                    img = mapping[key]
                    if a.star:
                        img = img.H
                    if a.inv:
                        img = img.inverse()
                    acc = acc @ img
                else:
                    acc = acc @ NC({(a,): _ONE})
            r = r + acc
        return r

    def relabel(self, shift: int) -> "NC":
        """Shift the index of every indexed letter by ``shift`` (``W_k -> W_{k+shift}``); letters
        without an index (``index = -1``) are kept. Used by the locality argument over ``N``."""
        r = NC()
        for w, c in self.terms.items():
            r.terms[_shift_word(w, shift)] = c
        return r

    def latex(self, k_offset: int | None = None) -> str:
        if not self.terms:
            return "0"
        parts = []
        for w, c in sorted(self.terms.items(), key=lambda t: (len(t[0]), t[0])):
            word = " ".join(a.latex(k_offset) for a in w) or "I"
            cs = str(c)
            if cs == "1":
                parts.append("+ " + word)
            elif cs == "-1":
                parts.append("- " + word)
            else:
                parts.append(("+ " if not cs.startswith("-") else "") + cs + " " + word)
        s = " ".join(parts)
        return s[2:] if s.startswith("+ ") else s

    def __repr__(self) -> str:
        if not self.terms:
            return "0"
        return " + ".join(f"{c}*{'.'.join(map(repr, w)) or 'I'}" for w, c in self.terms.items())

    def _repr_latex_(self) -> str:
        return "$" + self.latex() + "$"


def letter(family: str, index: int = -1, kind: str = "g") -> NC:
    """The NC element consisting of one letter, e.g. ``letter("W", 2)`` for ``W_2``."""
    if kind not in ("g", "u", "h", "s"):
        raise ValueError(f"unknown letter kind {kind!r}; use 'g', 'u', 'h' or 's'")
    return NC({(Letter(family, index, False, False, kind),): _ONE})


# --------------------------------------------------------------------------- traces
def _cyclic_reduce(w: tuple[Letter, ...]) -> tuple[Letter, ...]:
    w = _reduce_word(w)
    while len(w) >= 2 and w[-1].inverse() == w[0]:
        w = _reduce_word(w[1:-1])
    return w


def _min_rotation(w: tuple[Letter, ...]) -> tuple[Letter, ...]:
    if not w:
        return w
    return min(w[i:] + w[:i] for i in range(len(w)))


class TraceForm:
    """A canonical linear combination of traces of words.

    ``real=True``: the form represents ``sum_u Re(z_u Tr u)``; ``real=False``: ``sum_u z_u Tr u``.
    The empty word stands for ``Tr I = d``."""

    __slots__ = ("terms", "real")

    def __init__(self, real: bool):
        self.terms: dict[tuple[Letter, ...], GQ] = {}
        self.real = real

    def _add(self, key, c: GQ) -> None:
        _accumulate(self.terms, key, c)

    def __add__(self, o: "TraceForm") -> "TraceForm":
        if self.real != o.real:
            raise TypeError("cannot add a Re Tr form and a Tr form")
        r = TraceForm(self.real)
        r.terms = dict(self.terms)
        for k, c in o.terms.items():
            r._add(k, c)
        return r

    def __neg__(self) -> "TraceForm":
        r = TraceForm(self.real)
        r.terms = {k: -c for k, c in self.terms.items()}
        return r

    def __sub__(self, o: "TraceForm") -> "TraceForm":
        return self + (-o)

    def scale(self, c) -> "TraceForm":
        c = to_gq(c)
        if self.real and c.im:
            raise ValueError("a Re Tr form can only be scaled by a real number")
        r = TraceForm(self.real)
        r.terms = {k: c * v for k, v in self.terms.items() if c * v}
        return r

    __rmul__ = scale

    def is_zero(self) -> bool:
        return not self.terms

    def __len__(self) -> int:
        return len(self.terms)

    def letters(self) -> set[tuple[str, int]]:
        return {(a.family, a.index) for w in self.terms for a in w}

    def relabel(self, shift: int) -> "TraceForm":
        """Shift the index of every indexed letter by ``shift``, in canonical form again (the
        canonical rotation of a word can change when its letters are renamed)."""
        canon = retr if self.real else tr
        r = TraceForm(self.real)
        for w, c in self.terms.items():
            for key, z in canon(NC({_shift_word(w, shift): c})).terms.items():
                r._add(key, z)
        return r

    def latex(self) -> str:
        op = r"\operatorname{Re}\operatorname{Tr}" if self.real else r"\operatorname{Tr}"
        if not self.terms:
            return "0"
        return " + ".join(f"{c}\\,{op}({' '.join(a.latex() for a in w) or 'I'})" for w, c in self.terms.items())

    def __repr__(self) -> str:
        op = "ReTr" if self.real else "Tr"
        return " + ".join(f"{c}*{op}({'.'.join(map(repr, w))})" for w, c in self.terms.items()) or "0"


def tr(p: NC) -> TraceForm:
    """Canonical form of ``Tr p`` (complex-valued): words up to rotation."""
    f = TraceForm(real=False)
    for w, c in p.terms.items():
        f._add(_min_rotation(_cyclic_reduce(w)), c)
    return f


def retr(p: NC) -> TraceForm:
    """Canonical form of ``Re Tr p``: words up to rotation and adjoint."""
    f = TraceForm(real=True)
    for w, c in p.terms.items():
        w = _cyclic_reduce(w)
        r1 = _min_rotation(w)
        sign, aw = _adj_word(w)
        r2 = _min_rotation(_cyclic_reduce(aw))
        if r1 == r2:
            # Tr(w^*) = sign * Tr(w) and Tr(w^*) = conj Tr(w): Tr(w) is real (sign=+1) or imaginary.
            z = GQ(c.re) if sign > 0 else GQ(Fraction(0), c.im)
            if z:
                f._add(r1, z)
        elif r1 < r2:
            f._add(r1, c)
        else:
            # Re(c Tr w) = Re(conj(c) Tr w^*) = Re(sign conj(c) Tr aw)
            f._add(r2, c.conj() if sign > 0 else -c.conj())
    return f


def riesz(form: TraceForm, family: str, index: int = -1) -> NC:
    r"""The matrix ``P`` with ``form = Re Tr(P^* V)`` for the letter ``V = family_index``.

    ``form`` must be a Re Tr form that is real-linear in ``V`` (each word contains ``V``
    or ``V^*`` exactly once). This is the gradient of ``form`` with respect to ``V``
    for the inner product (1.14)."""
    if not form.real:
        raise ValueError("riesz() needs a Re Tr form")
    P = NC()
    for w, c in form.terms.items():
        pos = [i for i, a in enumerate(w) if a.family == family and a.index == index]
        if not pos:
            continue
        if len(pos) != 1:
            raise ValueError(f"the form is not linear in {family}_{index}")
        i = pos[0]
        a = w[i]
        if a.inv:
            raise ValueError("the form involves an inverse of the variable")
        u = NC({w[i + 1:] + w[:i]: _ONE})
        if not a.star:
            # Re Tr(c u V) = Re Tr((conj(c) u^*)^* V)
            P = P + u.H.scale(c.conj())
        else:
            # Re Tr(c u V^*) = Re Tr(conj(c) u^* V) = Re Tr((c u)^* V)
            P = P + u.scale(c)
    return P
