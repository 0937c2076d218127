r"""Exact explicit-entry matrices: entries are polynomials in *real* symbols.

Over C an entry is ``x + i y`` with ``x`` and ``y`` real symbols; over R it is ``x``.
A polynomial is stored as two sparse dictionaries (real and imaginary parts), each
mapping a monomial (a sorted tuple of variable ids) to an exact rational coefficient.
This is SymPy's "dict of monomials" representation, specialised to the shapes that
appear in the paper, and is much faster than ``expand`` on ``Matrix`` objects.

An identity is proved for the given ``N``, ``d`` and field when the difference of the
two sides is the zero polynomial, entry by entry.

>>> ring = Ring()
>>> A = EM.symbolic(2, "A", "C", ring)
>>> ((A @ A).H - A.H @ A.H).is_zero()
True
>>> (A @ A.H - A.H @ A).is_zero()      # a negative control: A is not normal in general
False
"""

from __future__ import annotations

from fractions import Fraction
from typing import Iterable

__all__ = ["Ring", "P", "EM"]


class Ring:
    """A registry of real variables; ``name(i)`` gives the display name of variable ``i``."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def new(self, name: str) -> int:
        self.names.append(name)
        return len(self.names) - 1

    def sympy_symbols(self):
        import sympy

        return [sympy.Symbol(n, real=True) for n in self.names]


def _padd(a: dict, b: dict, sign: int = 1) -> dict:
    r = dict(a)
    for m, c in b.items():
        s = r.get(m, 0) + sign * c
        if s:
            r[m] = s
        else:
            r.pop(m, None)
    return r


def _norm(c):
    """Exact coefficient: a Fraction with denominator 1 becomes an int (much faster)."""
    if isinstance(c, Fraction) and c.denominator == 1:
        return int(c)
    return c


def _pmul_into(r: dict, a: dict, b: dict, sign: int = 1) -> None:
    """``r += sign * a * b`` in place."""
    for m1, c1 in a.items():
        if sign < 0:
            c1 = -c1
        for m2, c2 in b.items():
            m = tuple(sorted(m1 + m2)) if (m1 and m2) else (m1 or m2)
            s = r.get(m, 0) + c1 * c2
            if s:
                r[m] = s
            else:
                del r[m]


def _pmul(a: dict, b: dict) -> dict:
    r: dict = {}
    _pmul_into(r, a, b)
    return r


class P:
    """An exact complex polynomial ``re + i im`` in real variables."""

    __slots__ = ("re", "im")

    def __init__(self, re: dict | None = None, im: dict | None = None):
        self.re = re or {}
        self.im = im or {}

    @staticmethod
    def const(c) -> "P":
        if isinstance(c, complex):
            raise TypeError("use exact coefficients (int, Fraction, or P.const_c(re, im))")
        c = _norm(Fraction(c)) if not isinstance(c, int) else c
        return P({(): c} if c else {}, {})

    @staticmethod
    def const_c(re, im) -> "P":
        re, im = _norm(re), _norm(im)
        return P({(): re} if re else {}, {(): im} if im else {})

    @staticmethod
    def var(i: int) -> "P":
        return P({(i,): 1}, {})

    def __add__(self, o: "P") -> "P":
        return P(_padd(self.re, o.re), _padd(self.im, o.im))

    def __sub__(self, o: "P") -> "P":
        return P(_padd(self.re, o.re, -1), _padd(self.im, o.im, -1))

    def __neg__(self) -> "P":
        return P({m: -c for m, c in self.re.items()}, {m: -c for m, c in self.im.items()})

    def __rmul__(self, c) -> "P":
        return self.scale(c)

    def __mul__(self, o: "P") -> "P":
        if not isinstance(o, P):
            return self.scale(o)
        re = _pmul(self.re, o.re)
        im = {}
        if self.im and o.im:
            re = _padd(re, _pmul(self.im, o.im), -1)
        if self.re and o.im:
            im = _pmul(self.re, o.im)
        if self.im and o.re:
            im = _padd(im, _pmul(self.im, o.re))
        return P(re, im)

    def scale(self, c) -> "P":
        if isinstance(c, P):
            return self * c
        if isinstance(c, complex):
            raise TypeError("exact scalars only")
        if c == 0:
            return P()
        return P({m: c * v for m, v in self.re.items()}, {m: c * v for m, v in self.im.items()})

    def conj(self) -> "P":
        return P(dict(self.re), {m: -c for m, c in self.im.items()})

    def is_zero(self) -> bool:
        return not self.re and not self.im

    def nterms(self) -> int:
        return len(self.re) + len(self.im)

    def is_const(self) -> bool:
        return all(m == () for m in self.re) and all(m == () for m in self.im)

    def const_value(self) -> tuple[Fraction, Fraction]:
        return Fraction(self.re.get((), 0)), Fraction(self.im.get((), 0))

    def vars(self) -> set[int]:
        return {v for m in list(self.re) + list(self.im) for v in m}

    def as_expr(self, ring: Ring):
        import sympy

        syms = ring.sympy_symbols()

        def part(dct):
            return sympy.Add(*[sympy.Rational(c) * sympy.Mul(*[syms[i] for i in m]) for m, c in dct.items()])

        return part(self.re) + sympy.I * part(self.im)


class EM:
    """A square matrix of :class:`P` entries."""

    __slots__ = ("n", "rows", "ring")
    __array_priority__ = 1000

    def __init__(self, rows: list[list[P]], ring: Ring):
        self.n = len(rows)
        self.rows = rows
        self.ring = ring

    # construction
    @classmethod
    def zeros(cls, n: int, ring: Ring) -> "EM":
        return cls([[P() for _ in range(n)] for _ in range(n)], ring)

    @classmethod
    def eye(cls, n: int, ring: Ring) -> "EM":
        return cls([[P.const(1 if i == j else 0) for j in range(n)] for i in range(n)], ring)

    @classmethod
    def symbolic(cls, n: int, name: str, field: str, ring: Ring) -> "EM":
        """A matrix of fresh symbols: ``x`` (field R) or ``x + i y`` (field C)."""
        rows = []
        for i in range(n):
            row = []
            for j in range(n):
                x = ring.new(f"{name}_x{i}{j}")
                p = P.var(x)
                if field == "C":
                    y = ring.new(f"{name}_y{i}{j}")
                    p = P(p.re, {(y,): 1})
                row.append(p)
            rows.append(row)
        return cls(rows, ring)

    @classmethod
    def hermitian(cls, n: int, name: str, field: str, ring: Ring) -> "EM":
        """A Hermitian (symmetric over R) matrix of fresh symbols."""
        M = cls.zeros(n, ring)
        for i in range(n):
            M.rows[i][i] = P.var(ring.new(f"{name}_x{i}{i}"))
            for j in range(i + 1, n):
                p = P.var(ring.new(f"{name}_x{i}{j}"))
                if field == "C":
                    p = P(p.re, {(ring.new(f"{name}_y{i}{j}"),): 1})
                M.rows[i][j] = p
                M.rows[j][i] = p.conj()
        return M

    @classmethod
    def const(cls, entries: Iterable[Iterable], ring: Ring) -> "EM":
        """A constant matrix from exact entries: ints, Fractions, or ``(re, im)`` pairs."""
        rows = []
        for r in entries:
            row = []
            for e in r:
                row.append(P.const_c(*e) if isinstance(e, tuple) else P.const(e))
            rows.append(row)
        return cls(rows, ring)

    # arithmetic
    def __add__(self, o: "EM") -> "EM":
        return EM([[a + b for a, b in zip(r1, r2)] for r1, r2 in zip(self.rows, o.rows)], self.ring)

    def __sub__(self, o: "EM") -> "EM":
        return EM([[a - b for a, b in zip(r1, r2)] for r1, r2 in zip(self.rows, o.rows)], self.ring)

    def __neg__(self) -> "EM":
        return EM([[-a for a in r] for r in self.rows], self.ring)

    def __matmul__(self, o: "EM") -> "EM":
        n = self.n
        cols = [[o.rows[k][j] for k in range(n)] for j in range(n)]
        out = []
        for r in self.rows:
            row = []
            for c in cols:
                re: dict = {}
                im: dict = {}
                for a, b in zip(r, c):
                    if a.re:
                        if b.re:
                            _pmul_into(re, a.re, b.re)
                        if b.im:
                            _pmul_into(im, a.re, b.im)
                    if a.im:
                        if b.im:
                            _pmul_into(re, a.im, b.im, -1)
                        if b.re:
                            _pmul_into(im, a.im, b.re)
                row.append(P(re, im))
            out.append(row)
        return EM(out, self.ring)

    def __mul__(self, c) -> "EM":
        if isinstance(c, EM):
            return self @ c
        return EM([[a.scale(c) for a in r] for r in self.rows], self.ring)

    __rmul__ = __mul__

    @property
    def H(self) -> "EM":
        n = self.n
        return EM([[self.rows[j][i].conj() for j in range(n)] for i in range(n)], self.ring)

    def trace(self) -> P:
        acc = P()
        for i in range(self.n):
            acc = acc + self.rows[i][i]
        return acc

    def inverse(self) -> "EM":
        """Exact inverse of a *constant* matrix (Gauss-Jordan over Q(i))."""
        n = self.n
        if not all(e.is_const() for r in self.rows for e in r):
            raise ValueError("only constant explicit matrices can be inverted exactly")
        from .freealg import GQ

        M = [[GQ(*self.rows[i][j].const_value()) for j in range(n)]
             + [GQ(Fraction(int(i == j))) for j in range(n)] for i in range(n)]
        for c in range(n):
            p = next((r for r in range(c, n) if M[r][c]), None)
            if p is None:
                raise ValueError("the matrix is singular")
            M[c], M[p] = M[p], M[c]
            iv = M[c][c].inv()
            M[c] = [x * iv for x in M[c]]
            for r in range(n):
                if r != c and M[r][c]:
                    f = M[r][c]
                    M[r] = [x - f * y for x, y in zip(M[r], M[c])]
        return EM([[P.const_c(M[i][n + j].re, M[i][n + j].im) for j in range(n)] for i in range(n)], self.ring)

    # inspection
    def is_zero(self) -> bool:
        return all(e.is_zero() for r in self.rows for e in r)

    def nterms(self) -> int:
        return sum(e.nterms() for r in self.rows for e in r)

    def vars(self) -> set[int]:
        return {v for r in self.rows for e in r for v in e.vars()}

    def to_sympy(self):
        import sympy

        return sympy.Matrix([[e.as_expr(self.ring) for e in r] for r in self.rows])

    def __repr__(self) -> str:
        return f"EM({self.n}x{self.n}, {self.nterms()} terms)"
