r"""Registry checks of the claim ``realization-orbit`` (Section 1.3.1): "the triples with a given ``H(z)`` form a
``GL(n)`` orbit", both directions, on every kind of triple the sentence admits (:mod:`dlnsym.beyond.realization`).

* :func:`check_printed` (the printed form, expected to fail): pairs of realizations of one ``H`` that are *not* in
  one orbit: different state dimensions; one state dimension with a common factor of numerator and denominator (the
  controllable and observable canonical forms); one state dimension with different spectra of ``A``; over R and C.
* :func:`check_minimal_generic` (the corrected form, minimal realizations): for a generic strictly proper
  ``H = p/q`` of degree ``n = 1, 2, 3`` (indeterminate coefficients), the controllable and the observable canonical
  forms are built independently, each is checked to realize ``p/q``, and Kalman's ``M = O_2^+ O_1`` intertwines
  them identically, with ``det M = +-Res(p, q)``: invertible exactly when ``p, q`` are coprime, i.e. when the
  realizations are minimal; and ``M`` is the only intertwiner.
* :func:`check_minimal_examples` (corrected form): exact rational MIMO and complex examples, where ``M = O_2^+ O_1``
  recovers the ``M_0`` that built the second realization, and the stabiliser of a minimal realization is trivial.

Every record is exact and carries its negative control.
"""

from __future__ import annotations

import random
from fractions import Fraction

import sympy

from . import realization as R
from .linsys import act_system

__all__ = ["check_printed", "check_minimal_generic", "check_minimal_examples", "printed_cases", "generic_pair",
           "random_triple"]

Z = R.Z
_CONTROL_M = sympy.Matrix([[2, 1], [1, 1]])


def _sizes(x, field) -> dict:
    A, B, C = x
    return {"n": A.rows, "m": B.cols, "p": C.rows, "field": field}


def printed_cases() -> list:
    """``(name, x1, x2, field)``: pairs with the same ``H(z)`` whose words the printed sentence admits."""
    I = sympy.I
    return [
        ("different state dimensions: minimal n = 1 and n = 2 with an extra mode that C does not see",
         R.as_triple([[-2]], [[1]], [[1]]), R.as_triple([[-2, 0], [0, -5]], [[1], [0]], [[1, 1]]), "R"),
        ("n = 2, H = (z + 1)/((z + 1)(z + 2)): controllable versus observable canonical form",
         R.controllable_canonical([1, 1], [1, 3, 2]), R.observable_canonical([1, 1], [1, 3, 2]), "R"),
        ("n = 2, H = 1/(z - 1): A = diag(1, 2) versus diag(1, 3), B = (1, 0)^T, C = (1, 1)",
         R.as_triple([[1, 0], [0, 2]], [[1], [0]], [[1, 1]]), R.as_triple([[1, 0], [0, 3]], [[1], [0]], [[1, 1]]),
         "R"),
        ("over C, n = 2, H = (z - i)/((z - i)(z + 1)): controllable versus observable canonical form",
         R.controllable_canonical([1, -I], sympy.Poly((Z - I) * (Z + 1), Z).all_coeffs()),
         R.observable_canonical([1, -I], sympy.Poly((Z - I) * (Z + 1), Z).all_coeffs()), "C"),
    ]


def check_printed(opts):
    r"""The printed sentence, tested on pairs with one transfer function: it claims they are in one ``GL(n)`` orbit.
    Each pair is checked to have the same ``H`` (rational functions of ``z``), then :func:`~dlnsym.beyond.realization.
    intertwiners` decides exactly whether some invertible ``M`` relates them: never. Control: the same decision
    for a pair ``(x, M.x)``, ``M = [[2, 1], [1, 1]]``, that *is* in one orbit (the decision must find it similar)."""
    for name, x1, x2, field in printed_cases():
        if not R.same_transfer(x1, x2):
            raise ValueError(f"{name}: the two triples should have the same transfer function")
        r = R.intertwiners(x1, x2)
        y = act_system(_CONTROL_M[:x2[0].rows, :x2[0].rows] if x2[0].rows == 2 else sympy.Matrix([[3]]), *x2)
        c = R.intertwiners(x2, tuple(sympy.Matrix(M) for M in y))
        minimal = (R.is_minimal(*x1), R.is_minimal(*x2))
        yield R_evidence(r["why"], r["similar"], _sizes(x2, field),
                         control=("the decision on (x, M.x), M = [[2, 1], [1, 1]] (one orbit): 'not similar'",
                                  c["why"], not c["similar"]),
                         note=f"{name}: same H(z); minimal: {minimal}; {r['why']}",
                         figures={"free parameters of the intertwiners": r["free"],
                                  "n": f"{x1[0].rows}, {x2[0].rows}"})


def generic_pair(n: int):
    """The controllable and the observable canonical forms of ``H = p/q`` with indeterminate coefficients
    ``p_1..p_n``, ``q_1..q_n`` (``q`` monic of degree ``n``); returns ``(x1, x2, p, q)`` as polynomials in ``z``."""
    ps, qs = sympy.symbols(f"p1:{n + 1}"), sympy.symbols(f"q1:{n + 1}")
    p = sum(c * Z ** (n - 1 - i) for i, c in enumerate(ps))
    q = Z ** n + sum(c * Z ** (n - 1 - i) for i, c in enumerate(qs))
    return R.controllable_canonical(list(ps), [1, *qs]), R.observable_canonical(list(ps), [1, *qs]), p, q


def _realizes(x, H) -> bool:
    return sympy.cancel(sympy.together(R.transfer_function(*x, Z)[0, 0] - H)) == 0


def check_minimal_generic(opts, negative: bool = False):
    r"""Kalman's theorem on generic SISO realizations of degree ``n`` (indeterminate coefficients, so over R and C):
    two realizations built independently of one ``H = p/q`` (each checked to realize ``p/q``), Kalman's
    ``M = O_2^+ O_1`` intertwines them identically (``M A_1 = A_2 M``, ``M B_1 = B_2``, ``C_1 = C_2 M``), and
    ``det M = +-Res(p, q)``, a nonzero polynomial that vanishes exactly when ``p, q`` have a common root, i.e. when the
    realizations are not minimal. ``negative=True``: ``O_2^+ O_1 A_1`` (the shifted Hankel block, an index slip), which
    must not intertwine (it maps ``B_1`` to ``A_2 B_2``). Degree 4 runs under ``Options.long``."""
    for n in (1, 2) if opts.quick else (1, 2, 3, 4) if opts.long else (1, 2, 3):
        x1, x2, p, q = generic_pair(n)
        sizes = {"n": n, "m": 1, "p": 1, "field": "any"}
        M = R.similarity(x1, x2)
        wrong = R.defect(M * x1[0], x1, x2)
        if negative:
            yield R_evidence(f"{wrong} nonzero entries", wrong == 0, sizes, note="M = O_2^+ O_1 A_1")
            continue
        realize = _realizes(x1, p / q) and _realizes(x2, p / q)
        bad = R.defect(M, x1, x2)
        res = sympy.resultant(p, q, Z)
        ratio = sympy.cancel(M.det() / res)
        ok = realize and bad == 0 and ratio in (1, -1) and res != 0
        yield R_evidence("0" if ok else f"{bad} nonzero entries; det M / Res = {ratio}; realize p/q: {realize}", ok,
                         sizes, control=("M = O_2^+ O_1 A_1 intertwines", f"{wrong} nonzero entries", wrong == 0),
                         note=f"degree {n}: controllable and observable canonical forms of p/q (indeterminate "
                              f"coefficients); M = O_2^+ O_1 gives M.x1 = x2 identically; det M = {ratio} Res(p, q)",
                         figures={"det M / Res(p, q)": str(ratio)})


def random_triple(n: int, m: int, p: int, field: str, seed: int) -> tuple:
    """A seeded minimal realization with small (Gaussian) rational entries (re-drawn until minimal)."""
    rng = random.Random(f"dlnsym-realization-{n}-{m}-{p}-{field}-{seed}")

    def entry():
        re = Fraction(rng.randint(-3, 3), rng.randint(1, 2))
        im = Fraction(rng.randint(-3, 3), rng.randint(1, 2)) if field == "C" else 0
        return sympy.Rational(re.numerator, re.denominator) + sympy.I * sympy.Rational(im)

    while True:
        x = tuple(sympy.Matrix(r, c, lambda i, j: entry()) for r, c in ((n, n), (n, m), (p, n)))
        if R.is_minimal(*x):
            return x


def _random_gl(n: int, field: str, seed: int) -> sympy.Matrix:
    rng = random.Random(f"dlnsym-realization-M-{n}-{field}-{seed}")
    while True:
        M = sympy.Matrix(n, n, lambda i, j: rng.randint(-2, 2) + (sympy.I * rng.randint(-2, 2) if field == "C" else 0))
        if M.det() != 0:
            return M


def _act_exact(M, x) -> tuple:
    """``M.x`` (1.10) in exact Gaussian-rational arithmetic (the entries come out expanded)."""
    Md, A, B, C = R._dm(M, *x)
    Mi = Md.inv()
    return tuple(Y.to_Matrix() for Y in (Md * A * Mi, Md * B, C * Mi))


EXAMPLES = [(3, 2, 2, "R"), (3, 1, 2, "C"), (2, 2, 1, "C")]


def check_minimal_examples(opts, negative: bool = False):
    r"""Exact MIMO and complex examples: a seeded minimal ``x_1``, an invertible ``M_0``, ``x_2 = M_0.x_1`` (which has
    the same ``H``, checked as rational functions). From the two triples alone, Kalman's ``M = O_2^+ O_1`` equals
    ``M_0``; the intertwiners of ``(x_1, x_2)`` are exactly ``{M_0}``, and those of ``(x_1, x_1)`` exactly ``{I}`` (the
    action is free on minimal realizations). ``negative=True``: ``O_1^+ O_2``, which is not ``M_0``."""
    cases = EXAMPLES[:1] + EXAMPLES[2:] if opts.quick else EXAMPLES
    for k, (n, m, p, field) in enumerate(cases):
        x1 = random_triple(n, m, p, field, k)
        M0 = _random_gl(n, field, k)
        x2 = _act_exact(M0, x1)
        sizes = _sizes(x1, field)
        Mw = R.similarity(x1, x2, wrong=True)
        wrong = sum(1 for e in (Mw - M0) if sympy.expand(e) != 0)
        if negative:
            yield R_evidence(f"{wrong} entries differ from M_0", wrong == 0, sizes, note="M = O_1^+ O_2")
            continue
        M = R.similarity(x1, x2)
        same_H = R.same_transfer(x1, x2)
        recovered = all(sympy.expand(e) == 0 for e in (M - M0))
        inter, stab = R.intertwiners(x1, x2), R.intertwiners(x1, x1)
        free = inter["free"] == 0 and stab["free"] == 0 and stab["M"] == sympy.eye(n)
        ok = same_H and recovered and free and R.is_minimal(*x2)
        yield R_evidence("0" if ok else f"same H {same_H}, M = M_0 {recovered}, unique {free}", ok, sizes,
                         control=("M = O_1^+ O_2 is the similarity M_0", f"{wrong} entries differ", wrong == 0),
                         note=f"seeded minimal (n, m, p) = ({n}, {m}, {p}) over {field}: M = O_2^+ O_1 = M_0, the only "
                              "intertwiner; the stabiliser of x_1 is {I}")


def R_evidence(residual, passed, sizes, *, control=None, note="", figures=None):
    """An exact :class:`~dlnsym.claims.evidence.Evidence` with an optional control ``(statement, residual, held)``:
    the control's statement is wrong, so it is rejected when ``held`` is false."""
    from ..claims.evidence import Control, Evidence

    ctl = None if control is None else Control(control[0], control[1], not control[2])
    return Evidence(residual, bool(passed), sizes, exact=True, control=ctl, note=note, figures=figures or {})
