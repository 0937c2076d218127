"""Shared plumbing of the numeric layer: input conversion, validation, precision, random states.

Precision policy (DESIGN.md): library code never assigns ``mpmath.mp.dps``; every public
function takes ``dps`` explicitly, works inside :func:`working` (``dps + GUARD`` digits) and rounds
its results to ``dps`` on the way out (:func:`round_out`). Tolerances are functions of the
working precision (:func:`tol`).
"""

from __future__ import annotations

import random
from typing import Sequence

import flint
import mpmath
import numpy as np

from ..formulas import end_to_end, validate_state

__all__ = ["GUARD", "MIN_DPS", "working", "working_bits", "at_working_precision", "hermitian_basis", "check_dps",
           "tol", "as_mp", "as_state", "round_out", "random_state",
           "check_full_rank", "check_field"]

#: Guard digits added to the caller's precision inside every computation.
GUARD = 15
#: Below this the numeric checks cannot confirm anything to 40 digits.
MIN_DPS = 20


class working:
    """The working precision of the numeric layer: ``dps`` digits plus ``guard`` guard digits, as a context.

    It is the one place that raises the precision, of mpmath (``workdps``) and of FLINT/Arb (``flint.ctx``)
    together, at the same number of bits (mpmath's ``dps_to_prec``); both previous precisions are restored on
    exit, also on an exception. Tolerances stay functions of the caller's ``dps``.

    >>> import flint, mpmath
    >>> before, fbefore = mpmath.mp.dps, flint.ctx.prec
    >>> with working(30):
    ...     mpmath.mp.dps == 30 + GUARD and flint.ctx.prec == mpmath.mp.prec
    True
    >>> mpmath.mp.dps == before and flint.ctx.prec == fbefore
    True
    """

    __slots__ = ("dps", "_mp", "_fl")

    def __init__(self, dps: int, guard: int = GUARD):
        self.dps = dps + guard
        self._mp = self._fl = None

    def __enter__(self):
        self._mp = mpmath.workdps(self.dps)
        self._mp.__enter__()
        self._fl = flint.ctx.workprec(mpmath.mp.prec)
        self._fl.__enter__()
        return self

    def __exit__(self, *exc):
        try:
            self._fl.__exit__(*exc)
        finally:
            self._mp.__exit__(*exc)
        return False


def working_bits(dps: int, guard: int = GUARD) -> int:
    """The binary precision of :func:`working` for ``dps`` digits (``guard`` guard digits)."""
    return mpmath.libmp.dps_to_prec(dps + guard)


def at_working_precision(fn):
    """Decorator: run ``fn`` at :func:`working` precision for its ``dps`` argument (keyword or default).

    >>> import mpmath
    >>> @at_working_precision
    ... def digits(*, dps=30):
    ...     return mpmath.mp.dps
    >>> digits(dps=40) == 40 + GUARD
    True
    """
    import functools
    import inspect

    sig = inspect.signature(fn)
    if "dps" not in sig.parameters:
        raise TypeError(f"{fn.__name__}: at_working_precision needs a 'dps' parameter")

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        bound = sig.bind(*args, **kwargs)
        bound.apply_defaults()
        with working(bound.arguments["dps"]):
            return fn(*args, **kwargs)

    return wrapper


def check_dps(dps) -> int:
    if not isinstance(dps, int) or isinstance(dps, bool) or dps < MIN_DPS:
        raise ValueError(f"dps={dps!r} is too low to mean anything: the numeric layer confirms the theorems to "
                         f"40+ digits and needs dps >= {MIN_DPS}")
    return dps


def check_field(field: str) -> str:
    if field not in ("R", "C"):
        raise ValueError(f"unknown field {field!r}: the paper works over F = R or F = C")
    return field


def tol(dps: int, slack: int = 10):
    """The tolerance that goes with ``dps`` digits: ``10^-(dps - slack)``."""
    return mpmath.mpf(10) ** (-(dps - slack))


def as_mp(M, dps: int | None = None):
    """One matrix as an mpmath matrix (from mpmath, NumPy, nested lists of numbers or strings, or SymPy).

    Strings and SymPy numbers are read at ``dps + GUARD`` digits (at least the current precision), so
    that ``"0.1"`` keeps all the digits the caller asked for."""
    with working(max(mpmath.mp.dps, dps or 0)):
        return _as_mp(M)


def _as_mp(M):
    if isinstance(M, mpmath.matrix):
        return M.copy()
    try:
        import sympy

        if isinstance(M, sympy.MatrixBase):
            return mpmath.matrix([[mpmath.mpmathify(str(sympy.N(e, mpmath.mp.dps + 5)).replace("*I", "j")
                                                    .replace(" ", "")) for e in M.row(i)] for i in range(M.rows)])
    except ImportError:  # pragma: no cover
        pass
    if isinstance(M, np.ndarray):
        M = M.tolist()
    if isinstance(M, (list, tuple)):
        rows = [list(r) if isinstance(r, (list, tuple, np.ndarray)) else [r] for r in M]
        return mpmath.matrix([[mpmath.mpmathify(e) for e in r] for r in rows])
    raise TypeError(f"cannot read a {type(M).__name__} as a matrix")


def as_state(W: Sequence, *, name: str = "W", dps: int | None = None) -> list:
    """A state (layers input first, ``W[k-1] = W_k``) as a list of mpmath matrices, validated."""
    if not isinstance(W, (list, tuple)):
        raise TypeError(f"{name} must be a sequence of layers (W_1, ..., W_N), input first")
    Ws = [as_mp(M, dps) for M in W]
    for k, M in enumerate(Ws, start=1):
        if M.rows != M.cols:
            raise ValueError(f"{name}_{k} is {M.rows} x {M.cols}: the layers of the DLN are square d x d matrices "
                             "(Section 1.1)")
    validate_state(Ws, name=name)
    return Ws


def check_full_rank(W: Sequence, dps: int, what: str = "this theorem") -> None:
    """Raise if ``X = W_N ... W_1`` is rank deficient (Theorems 1, 2, 20 assume full rank)."""
    X = end_to_end(W)
    s = mpmath.svd(X, compute_uv=False)
    smin = min(abs(x) for x in s)
    scale = max(abs(x) for x in s) or mpmath.mpf(1)
    if smin <= scale * tol(dps, slack=5):
        raise ValueError(f"X = W_N ... W_1 is rank deficient (smallest singular value {mpmath.nstr(smin, 5)}): "
                         f"{what} assumes that X has full rank")


def round_out(x, dps: int):
    """Round an mpmath number or matrix (or a list of them) to ``dps`` digits."""
    with mpmath.workdps(dps):
        if isinstance(x, (list, tuple)):
            return [round_out(y, dps) for y in x]
        if isinstance(x, mpmath.matrix):
            return mpmath.matrix([[+x[i, j] for j in range(x.cols)] for i in range(x.rows)])
        return +x


def random_state(N: int, d: int, field: str = "R", seed: int = 0, *, dps: int = 50) -> list:
    """A reproducible random state of ``N`` layers ``d x d`` over ``field``, with full-rank ``X``.

    Entries are Gaussian with the given seed, drawn as decimal strings so that the same
    seed gives the same digits at any precision. Returned as mpmath matrices (input first).

    >>> W = random_state(3, 2, "C", seed=1)
    >>> len(W), W[0].rows
    (3, 2)
    """
    if not isinstance(N, int) or N < 2:
        raise ValueError(f"depth N={N!r}: the deep linear network has N >= 2 layers (Section 1.1)")
    if not isinstance(d, int) or d < 1:
        raise ValueError(f"width d={d!r}: layers are d x d matrices with d >= 1 (Section 1.1)")
    check_field(field)
    check_dps(dps)
    rng = random.Random(f"dlnsym-{N}-{d}-{field}-{seed}")
    with working(dps):
        while True:
            W = []
            for _ in range(N):
                M = mpmath.matrix(d, d)
                for i in range(d):
                    for j in range(d):
                        re = mpmath.mpf(f"{rng.gauss(0, 1):.15f}")
                        im = mpmath.mpf(f"{rng.gauss(0, 1):.15f}") if field == "C" else 0
                        M[i, j] = mpmath.mpc(re, im) if field == "C" else re
                W.append(M)
            s = mpmath.svd(end_to_end(W), compute_uv=False)
            if min(abs(x) for x in s) > mpmath.mpf("1e-3"):
                return W


def hermitian_basis(d: int, field: str) -> list:
    """An orthonormal basis (for ``Re Tr(x^* y)``) of Hermitian (``C``) or symmetric (``R``) ``d x d`` matrices."""
    out = []
    r2 = 1 / mpmath.sqrt(2)
    for i in range(d):
        E = mpmath.matrix(d, d)
        E[i, i] = 1
        out.append(E)
    for i in range(d):
        for j in range(i + 1, d):
            E = mpmath.matrix(d, d)
            E[i, j] = E[j, i] = r2
            out.append(E)
            if field == "C":
                E = mpmath.matrix(d, d)
                E[i, j] = mpmath.mpc(0, r2)
                E[j, i] = mpmath.mpc(0, -r2)
                out.append(E)
    return out
