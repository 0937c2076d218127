r"""What a check returns, and the one rule that turns a residual into digits.

A check function builds its evidence from first principles and returns (or, better, *yields*, so
that each piece is timed on its own) :class:`Evidence` records:

* ``residual``: a quantity that is zero when the statement holds (a number, or for exact
  computations a description such as ``"0"`` or ``"12 nonzero terms"``);
* ``passed``: whether the check's test on that residual held;
* ``sizes``: the sizes of the objects the check actually built, read off them by
  :func:`sizes_of` (``N``, ``d``, ``field`` and, for flows, the final time ``T``);
* ``exact``: computed in exact arithmetic (rationals, polynomials, free algebra);
* ``figures``: named numbers that are *not* residuals (an eigenvalue, a rate, a condition
  number);
* ``control``: the negative control run through the same machinery (:class:`Control`): a wrong
  statement whose test must fail. A result whose control was not rejected does not pass;
* ``skipped``: the reason a check could not run (a missing optional package). A skipped result
  never counts as passed.

.. rubric:: The digits rule (one rule, :func:`digits_of`)

``digits = -log10 max(|residual|, uncertainty)``, where ``uncertainty`` is the check's own estimate of
the error of the residual itself (e.g. of a rate measured from a trajectory; default 0): a residual below its
error bar shows no more digits than the error bar. An exact zero (``exact=True``) gives ``digits = None`` and
``"exact": true``. A zero found in floating arithmetic at ``dps`` digits shows no more than the
arithmetic carries: its digits are ``dps``. A residual that is not a number (a symbolic
description of a nonzero residual) has no digits.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

__all__ = ["Evidence", "Control", "digits_of", "sizes_of", "residual_text"]


@dataclass
class Control:
    """A negative control: a wrong ``statement`` tested the same way; ``rejected`` must be true."""

    statement: str
    residual: Any
    rejected: bool

    def to_json(self) -> dict:
        return {"statement": self.statement, "residual": residual_text(self.residual), "rejected": bool(self.rejected)}


@dataclass
class Evidence:
    """One piece of evidence, as a check function returns it (see the module docstring)."""

    residual: Any
    passed: bool
    sizes: dict
    note: str = ""
    exact: bool = False
    dps: int | None = None
    figures: dict = field(default_factory=dict)
    control: Control | None = None
    bound: Any = None
    skipped: str | None = None
    #: the check's own estimate of the error of ``residual`` (digits never exceed what it certifies)
    uncertainty: Any = None

    @classmethod
    def skip(cls, reason: str, sizes: dict | None = None, note: str = "") -> "Evidence":
        """A check that could not run: never passed, never counted."""
        return cls("n/a", False, sizes or {}, note=note, skipped=reason)


def _is_zero(r) -> bool:
    try:
        return r == 0
    except Exception:  # pragma: no cover - exotic numbers
        return False


def digits_of(residual, *, exact: bool = False, dps: int | None = None, uncertainty=None) -> float | None:
    """Correct digits shown by ``residual`` (the module's rule); ``None`` for an exact zero or a
    residual that is not a number.

    >>> digits_of("0", exact=True) is None and digits_of(0, exact=True) is None
    True
    >>> digits_of(1e-12)
    12.0
    >>> digits_of(0, dps=30)
    30.0
    >>> digits_of(1e-19, uncertainty=1e-16)      # a residual below its own error bar
    16.0
    """
    if uncertainty is not None:
        d0 = digits_of(residual, exact=exact, dps=dps)
        du = digits_of(uncertainty)
        if du is None:
            return d0
        return du if d0 is None else min(d0, du)
    if isinstance(residual, str):
        s = residual.strip()
        if s in ("0", "0.0") and exact:
            return None
        try:
            residual = float(s) if "e" in s.lower() or "." in s else int(s)
        except ValueError:
            return None
        if residual == 0 and not exact and dps is None:
            return None
    if _is_zero(residual):
        if exact:
            return None
        return None if dps is None else float(dps)
    try:
        import mpmath

        r = abs(mpmath.mpmathify(residual)) if not isinstance(residual, Fraction) else abs(residual)
        if isinstance(r, Fraction):
            val = -math.log10(float(r)) if r > 0 else None
        else:
            val = float(-mpmath.log10(r))
    except (TypeError, ValueError):
        return None
    return None if val is None else round(val, 1)


def residual_text(r) -> str:
    """A residual as the JSON string: numbers keep their magnitude (``1.5e-48``), exactly."""
    if isinstance(r, str):
        return r
    try:
        import mpmath

        if isinstance(r, (mpmath.mpf, mpmath.mpc)):
            return mpmath.nstr(abs(r) if isinstance(r, mpmath.mpc) else r, 3)
    except ImportError:  # pragma: no cover
        pass
    if isinstance(r, float):
        return f"{r:.3g}"
    return str(r)


def _is_complex_entry(x) -> bool:
    try:
        return x.imag != 0
    except AttributeError:
        return False


def sizes_of(W, field: str | None = None, **extra) -> dict:
    """The sizes of a state ``W = (W_1, ..., W_N)`` read off the object itself.

    ``N = len(W)``, ``d`` the size of ``W_1``; the field is ``"C"`` when an entry has a nonzero
    imaginary part. A stated ``field`` is checked against the entries: a real state may be stored with
    complex entries, but a state with complex entries is not a real one. ``extra`` (e.g. ``T``) is
    added as given.

    >>> import mpmath
    >>> sizes_of([mpmath.eye(2), mpmath.eye(2)], "R", T=3)
    {'N': 2, 'd': 2, 'field': 'R', 'T': 3}
    """
    W = list(W)
    if not W:
        raise ValueError("a state has N >= 2 layers (Section 1.1); got none")
    M = W[0]
    d = _rows(M)
    complex_entries = any(_is_complex_entry(x) for A in W for x in _entries(A))
    if field is None:
        field = "C" if complex_entries else "R"
    elif field == "R" and complex_entries:
        raise ValueError("sizes_of: the state has complex entries but the check says F = R")
    out = {"N": len(W), "d": d, "field": field}
    out.update(extra)
    return out


def _rows(M) -> int:
    for attr in ("rows", "n"):
        v = getattr(M, attr, None)
        if isinstance(v, int):
            return v
        if isinstance(v, list):
            return len(v)
    if hasattr(M, "shape"):
        return int(M.shape[0])
    return len(M)


def _entries(M):
    if hasattr(M, "rows") and hasattr(M, "cols") and isinstance(M.rows, int):
        try:
            return [M[i, j] for i in range(M.rows) for j in range(M.cols)]
        except Exception:  # pragma: no cover
            return []
    if hasattr(M, "tolist"):
        return [x for r in M.tolist() for x in (r if isinstance(r, list) else [r])]
    return []
