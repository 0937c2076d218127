r"""A small exact linear program (rational simplex, Bland's rule), for the certificates of :mod:`dlnsym.git.torus`.

``maximize c.x subject to A x = b, x >= 0`` over the rationals (:class:`fractions.Fraction`). Phase I minimises
the sum of artificial variables (``b >= 0`` after sign flips); phase II runs on the feasible basis. Bland's rule
(smallest entering and leaving index) guarantees termination. Written here because the certificates must be
exact and SymPy's ``lpmax`` (1.14) mishandles equality constraints that share a left-hand side.

>>> from fractions import Fraction as F
>>> lp_max([1, 1], [[1, 2]], [4])   # max x + y, x + 2y = 4, x, y >= 0
(Fraction(4, 1), [Fraction(4, 1), Fraction(0, 1)])
>>> lp_max([1], [[1], [1]], [1, 2]) is None   # infeasible
True
"""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence

__all__ = ["lp_max", "Unbounded"]


class Unbounded(Exception):
    """The objective is unbounded above on the feasible set."""


def _pivot(T, r, c):
    piv = T[r][c]
    T[r] = [x / piv for x in T[r]]
    for i in range(len(T)):
        if i != r and T[i][c] != 0:
            f = T[i][c]
            T[i] = [x - f * y for x, y in zip(T[i], T[r])]


def _simplex(T, basis, cost, n_allowed):
    """Maximise ``cost.x`` on tableau ``T`` (rows ``[A | b]``) with basis ``basis``; columns ``>= n_allowed`` may
    not enter. Returns the final basis (raises :class:`Unbounded`)."""
    m = len(T)
    while True:
        # reduced costs: r_j = cost_j - sum_i cost_{basis_i} T[i][j]
        enter = None
        for j in range(n_allowed):
            if j in basis:
                continue
            rj = cost[j] - sum(cost[basis[i]] * T[i][j] for i in range(m))
            if rj > 0:
                enter = j
                break
        if enter is None:
            return basis
        rows = [(T[i][-1] / T[i][enter], basis[i], i) for i in range(m) if T[i][enter] > 0]
        if not rows:
            raise Unbounded("the objective is unbounded")
        best = min(rows)[0]
        leave = min((b, i) for ratio, b, i in rows if ratio == best)[1]
        _pivot(T, leave, enter)
        basis[leave] = enter


def lp_max(c: Sequence, A: Sequence[Sequence], b: Sequence):
    """Exact ``max c.x`` s.t. ``A x = b``, ``x >= 0``. Returns ``(value, x)`` or ``None`` if infeasible; raises
    :class:`Unbounded`."""
    m, n = len(A), len(c)
    A = [[Fraction(x) for x in row] for row in A]
    b = [Fraction(x) for x in b]
    for i in range(m):
        if b[i] < 0:
            A[i] = [-x for x in A[i]]
            b[i] = -b[i]
    # phase I: artificials n..n+m-1
    T = [A[i] + [Fraction(int(i == j)) for j in range(m)] + [b[i]] for i in range(m)]
    basis = [n + i for i in range(m)]
    cost1 = [Fraction(0)] * n + [Fraction(-1)] * m
    basis = _simplex(T, basis, cost1, n + m)
    if sum(T[i][-1] for i in range(m) if basis[i] >= n) != 0:
        return None
    # drive artificials out of the basis where possible
    for i in range(m):
        if basis[i] >= n:
            for j in range(n):
                if T[i][j] != 0 and j not in basis:
                    _pivot(T, i, j)
                    basis[i] = j
                    break
    cost2 = [Fraction(x) for x in c] + [Fraction(0)] * m
    basis = _simplex(T, basis, cost2, n)
    x = [Fraction(0)] * n
    for i in range(m):
        if basis[i] < n:
            x[basis[i]] = T[i][-1]
    for i in range(m):  # the solution must satisfy the original system exactly
        assert sum(a * v for a, v in zip(A[i], x)) == b[i]
    return sum(Fraction(ci) * xi for ci, xi in zip(c, x)), x
