r"""Exact identity checks: one builder, two symbolic backends, every width and depth.

A *builder* is a function ``builder(S, form)`` that computes a residual from first
principles in the setting ``S`` (a derivative along a curve, a definition, an
expansion) and subtracts the paper's statement in the requested ``form``:

``"paper"``      the statement as printed (for a claim without erratum);
``"printed"``    the printed form of an erratum, which must *fail*;
``"corrected"``  the corrected form of an erratum, which must pass;
``"negative"``   a deliberately broken variant (flipped sign, dropped term, swapped
                 factors) that the same check must *reject*.

The residual is a list of matrices (one per index ``k``) or a scalar. It is checked in

* :class:`NCSetting`: letters of symbolic size ``d`` (:mod:`dlnsym.symbolic.freealg`);
  a zero normal form proves the identity for every ``d`` and both fields;
* :class:`ExplicitSetting`: explicit entries ``x + i y`` for given ``N``, ``d``, field.

.. rubric:: Every depth N: the locality argument

The formulas are local in ``k``: ``G_k`` involves layers ``k, k+1``; ``(w_a)_k`` involves
``a_{k-1}, a_k``; ``H_k`` involves ``c_{k-1}, c_k, c_{k+1}``; and each is the same
expression after shifting every index by the same amount, except that letters outside
``1..N`` (or ``1..N-1``) are absent. A component identity at index ``k`` therefore only
sees the letters with indices in the window ``[k-2, k+2]``, and which of them exist is
determined by ``(min(k-1, 2), min(N-k, 2))``. Every such pair already occurs for some
``N <= 5``. So when the residual of every component vanishes for ``N = 2, ..., 5`` and every
``k``, and each component only involves window letters (which the check asserts), the
identity holds for every ``N``. Scalar identities that are linear in a family of
letters (such as ``a`` in ``dF(W) w_a``) are reduced to component identities by taking
the gradient with respect to each ``a_k`` (:func:`~dlnsym.symbolic.freealg.riesz`).

The locality test inspects both sides of each component. A builder whose intermediate
quantities are global (the product ``X``, the gradient of a loss) may produce local sides
only after cancellation; such checks set ``any_n=False``, and every ``N`` is proved by a
window check with opaque outer products instead (``X = L W_{k+1} W_k R``). The test suite
also checks shift-equivariance directly beyond the proved depths (``N = 6`` against ``N = 5``).
"""

from __future__ import annotations

import random
import time
from fractions import Fraction
from typing import Callable

from ..formulas import act
from ..matrix import Dual, eye_like, zeros_like
from ..symbolic.explicit import EM, P, Ring
from ..symbolic.freealg import NC, TraceForm, letter, riesz
from .base import Check, CheckResult, Options

__all__ = ["NCSetting", "ExplicitSetting", "IdentityCheck", "Eq", "Lin", "Instance", "is_zero", "residual_size",
           "ANY_N"]


class Lin:
    """A scalar residual that is real-linear in the letters of ``family``.

    For the any-N argument it is replaced by its gradients with respect to each member
    ``family_k`` (local component identities)."""

    def __init__(self, form, family: str, count: int | None = None):
        self.form, self.family, self.count = form, family, count


class Eq:
    """``lhs = rhs``: a component identity. Its residual is ``lhs - rhs``; the locality test
    looks at the letters of both sides (a zero residual alone would hide them)."""

    def __init__(self, lhs, rhs):
        self.lhs, self.rhs = lhs, rhs
        self.form = lhs - rhs

    def is_zero(self) -> bool:
        return self.form.is_zero()

    def sides(self) -> list:
        return [self.lhs, self.rhs]


def _sides(x) -> list:
    return x.sides() if isinstance(x, Eq) else [x]


def _value(x):
    return x.form if isinstance(x, Eq) else x


class Instance:
    """A scalar residual that is an exact specialisation of a :class:`Lin` residual of
    the same builder (a substitution into a universally quantified identity). It is
    tested for ``N = 2..5`` and does not need the locality argument itself."""

    def __init__(self, form):
        self.form = form

#: The depths whose components cover every local configuration (window radius 2).
ANY_N = (2, 3, 4, 5)
WINDOW = 2


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
        self.W = [letter("W", k) for k in range(1, N + 1)]

    def alg(self, name: str, kind: str = "g", count: int | None = None) -> list:
        n = self.N - 1 if count is None else count
        return [letter(name, k, kind) for k in range(1, n + 1)]

    def mat(self, name: str, kind: str = "g", index: int = -1):
        return letter(name, index, kind)

    def scalar(self, x):
        return x

    def group(self, name: str) -> list:
        """``N-1`` invertible letters (a generic element of ``GL(d)^{N-1}``)."""
        return [letter(name, k) for k in range(1, self.N)]

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
    if isinstance(residual, (Lin, Instance, Eq)):
        return [_value(residual.form) if isinstance(residual, (Lin, Instance)) else residual.form]
    if isinstance(residual, (list, tuple)):
        out = []
        for r in residual:
            out.extend(_parts(r))
        return out
    return [residual]


def _nonlocal(x, k: int) -> bool:
    """Whether ``x`` involves a letter with index outside the window ``[k-2, k+2]``."""
    if isinstance(x, (NC, TraceForm)):
        return any(idx >= 0 and abs(idx - k) > WINDOW for _, idx in x.letters())
    return False


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
        For a scalar residual: the family of letters it is real-linear in; the any-N
        argument then checks the gradient with respect to each member.
    any_n:
        Whether the locality argument applies (component or linear residuals).
    printed_explicit:
        The explicit size ``(N, d, field)`` at which the printed form is also evaluated.
    """

    method = "symbolic"

    def __init__(self, name: str, builder: Callable, *, errata: bool = False, linear_in: str | None = None,
                 any_n: bool = True, printed_explicit: tuple = (3, 2, "C"), explicit: bool = True,
                 min_N: int = 2):
        self.name, self.builder, self.errata = name, builder, errata
        self.linear_in, self.any_n, self.printed_explicit = linear_in, any_n, printed_explicit
        self.explicit, self.min_N = explicit, min_N

    # -- one evaluation
    def _components(self, S, residual) -> tuple[list, bool]:
        """Flatten a residual into ``(k, part)`` pairs; ``k`` is the index used by the locality test
        (``None`` for a part that is not local). Returns the parts and whether all are local."""
        blocks = residual if isinstance(residual, (list, tuple)) else [residual]
        if blocks and isinstance(blocks[0], (NC, EM, Eq)):
            blocks = [blocks]
        parts: list = []
        local = True
        for b in blocks:
            if isinstance(b, Lin):
                parts.append((None, _value(b.form)))
                n = b.count if b.count is not None else S.N - 1
                for side in _sides(b.form):
                    if isinstance(side, TraceForm):
                        for k in range(1, n + 1):
                            g = riesz(side, b.family, k)
                            if _nonlocal(g, k):
                                local = False
                if isinstance(_value(b.form), TraceForm):
                    parts.extend((k, riesz(_value(b.form), b.family, k)) for k in range(1, n + 1))
            elif isinstance(b, Instance):
                parts.append((None, _value(b.form)))
            elif isinstance(b, (list, tuple)):
                for i, x in enumerate(b):
                    parts.append((i + 1, _value(x)))
                    if not isinstance(x, Eq):
                        local = False  # a bare residual cannot show what it depends on
                    elif any(_nonlocal(y, i + 1) for y in x.sides()):
                        local = False
            else:
                parts.append((None, _value(b)))
                local = False
        return parts, local

    def evaluate(self, S, form: str):
        return self.builder(S, form)

    # -- the any-d, any-N proof
    def _run_nc(self, form: str) -> tuple[bool, str, bool]:
        ok, local, worst = True, True, None
        for N in ANY_N:
            if N < self.min_N:
                continue
            S = NCSetting(N)
            res = self.evaluate(S, form)
            parts, loc = self._components(S, res)
            if not all(x.is_zero() for _, x in parts):
                ok, worst = False, [x for _, x in parts]
                break
            local = local and loc
        return ok, ("0" if ok else _describe(worst)), local

    def _result(self, sizes, residual_desc, ok, expect_zero, t0, form, note) -> CheckResult:
        passed = ok if expect_zero else not ok
        return CheckResult("symbolic", sizes, residual_desc, None, time.perf_counter() - t0,
                           passed, form if self.errata else None, note)

    def run(self, opts: Options) -> list[CheckResult]:
        out: list[CheckResult] = []
        main = "corrected" if self.errata else "paper"
        # symbolic width (and depth, by locality)
        t0 = time.perf_counter()
        ok, desc, local = self._run_nc(main)
        anyN = self.any_n and local
        sizes = {"N": "any" if anyN else max(ANY_N), "d": "any", "field": "any"}
        note = self.name + (" (matrix symbols of size d; N = 2..5 plus locality)" if anyN
                            else " (matrix symbols of size d; N = 2..5)")
        out.append(self._result(sizes, desc, ok, True, t0, main, note))
        if self.errata:
            t0 = time.perf_counter()
            ok, desc, _ = self._run_nc("printed")
            out.append(self._result(dict(sizes), desc, ok, False, t0, "printed",
                                    self.name + " as printed (matrix symbols of size d)"))
        # explicit entries
        if self.explicit:
            for N, d, field in opts.grid:
                if N < self.min_N:
                    continue
                t0 = time.perf_counter()
                S = ExplicitSetting(N, d, field)
                res = self.evaluate(S, main)
                z = is_zero(res)
                out.append(self._result({"N": N, "d": d, "field": field}, _describe(res), z, True, t0, main,
                                        self.name + " (explicit entries)"))
            if self.errata and self.printed_explicit:
                N, d, field = self.printed_explicit
                t0 = time.perf_counter()
                res = self.evaluate(ExplicitSetting(N, d, field), "printed")
                out.append(self._result({"N": N, "d": d, "field": field}, _describe(res), is_zero(res), False,
                                        t0, "printed", self.name + " as printed (explicit entries)"))
        return out

    def negative_rejected(self, sizes=((3, 2, "C"), (3, 2, "R"))) -> bool:
        """The negative control: the broken variant must fail for symbolic d and on explicit entries."""
        ok_nc, _, _ = self._run_nc("negative")
        if ok_nc:
            return False
        for N, d, field in (sizes if self.explicit else ()):
            if N < self.min_N:
                N = self.min_N
            if is_zero(self.evaluate(ExplicitSetting(N, d, field), "negative")):
                return False
        return True
