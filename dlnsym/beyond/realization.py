r"""Section 1.3.1, exactly: which realizations of one transfer function form one ``GL(n)`` orbit (Kalman).

The paper: "Since ``H(z)`` is unchanged under the action (1.10), the class of triples ``(A, B, C)`` whose Hankel
matrix is ``H(z)`` is a ``GL(n; C)`` orbit." The invariance (1.10) is one direction. The other direction holds for
*minimal* realizations only (Kalman 1963):

**Theorem (Kalman).** Two minimal (controllable and observable) realizations ``x_i = (A_i, B_i, C_i)`` of one
``H(z)`` have the same state dimension ``n`` (the McMillan degree of ``H``) and are related by a unique
``M in GL(n)``, ``M.x_1 = x_2``; the action (1.10) on minimal realizations is free.

*Proof* (the derivation that :func:`similarity` computes and the checks verify). ``H(z) = sum_{k>=0} C A^k B
z^{-k-1}`` near ``z = oo``, so equal transfer functions have equal Markov parameters ``C_1 A_1^k B_1 =
C_2 A_2^k B_2``. With ``K_i = [B_i, A_i B_i, ..., A_i^{n-1} B_i]`` and ``O_i = [C_i; C_i A_i; ...; C_i A_i^{n-1}]``
this gives ``O_1 K_1 = O_2 K_2`` and ``O_1 A_1 K_1 = O_2 A_2 K_2`` (block Hankel matrices). Minimality: ``O_i`` has
full column rank (left inverse ``O_i^+ = (O_i^* O_i)^{-1} O_i^*``) and ``K_i`` full row rank. Put
``M = O_2^+ O_1``. Then ``M K_1 = O_2^+ O_2 K_2 = K_2`` (so ``M`` has rank ``n``, and ``M B_1 = B_2``);
``(O_2 M - O_1) K_1 = O_2 K_2 - O_1 K_1 = 0`` gives ``O_2 M = O_1`` (so ``C_2 M = C_1``); and
``O_2 (A_2 M - M A_1) K_1 = O_2 A_2 K_2 - O_1 A_1 K_1 = 0`` gives ``A_2 M = M A_1``. Uniqueness: ``M K_1 = K_2``
determines ``M``.

For *non-minimal* realizations the print fails, already at one state dimension: the controllable and the observable
canonical forms of ``H = p/q`` with ``gcd(p, q) != 1`` (e.g. ``(z + 1)/((z + 1)(z + 2))``) realize the same ``H``
with the same ``n``, but one is controllable and not observable and the other the reverse, so no ``M`` relates
them (controllability is ``GL(n)``-invariant). And realizations of different state dimensions (a minimal one and
one with an extra uncontrollable mode) are never in one ``GL(n)`` orbit. :func:`intertwiners` decides similarity
exactly: the ``M`` with ``M A_1 = A_2 M``, ``M B_1 = B_2``, ``C_1 = C_2 M`` form an affine space, and the pair is
similar iff ``det M`` is not the zero polynomial on it.

Everything here is exact (SymPy matrices over Q or Q(i), or polynomial entries).

>>> x1 = controllable_canonical([1, 1], [1, 3, 2])       # H = (z + 1)/((z + 1)(z + 2)) = 1/(z + 2)
>>> x2 = observable_canonical([1, 1], [1, 3, 2])
>>> same_transfer(x1, x2), is_minimal(*x1), intertwiners(x1, x2)["similar"]
(True, False, False)
"""

from __future__ import annotations

from typing import Sequence

import sympy

from .linsys import transfer_function

__all__ = ["as_triple", "controllability", "observability", "is_minimal", "markov_parameters", "same_transfer",
           "left_inverse", "similarity", "intertwiners", "controllable_canonical", "observable_canonical",
           "defect"]

Z = sympy.Symbol("z")


def as_triple(A, B, C) -> tuple:
    """``(A, B, C)`` as SymPy matrices with the shapes of (1.8) checked (``A`` n x n, ``B`` n x m, ``C`` p x n)."""
    A, B, C = (sympy.Matrix(M) for M in (A, B, C))
    n = A.rows
    if A.cols != n:
        raise ValueError(f"A is {A.rows} x {A.cols}: the state matrix of (1.8) is square n x n")
    if B.rows != n or C.cols != n:
        raise ValueError(f"B is {B.rows} x {B.cols} and C is {C.rows} x {C.cols}: (1.8) needs B n x m and C p x n, "
                         f"n = {n}")
    return A, B, C


def controllability(A, B) -> sympy.Matrix:
    """``K = [B, AB, ..., A^{n-1} B]`` (n x nm)."""
    dm = _dm(A, B)
    blocks, X = [], (B if dm is None else dm[1])
    for _ in range(A.rows):
        blocks.append(X if dm is None else X.to_Matrix())
        X = (A if dm is None else dm[0]) * X
    return sympy.Matrix.hstack(*blocks)


def observability(A, C) -> sympy.Matrix:
    """``O = [C; CA; ...; C A^{n-1}]`` (np x n)."""
    dm = _dm(A, C)
    blocks, X = [], (C if dm is None else dm[1])
    for _ in range(A.rows):
        blocks.append(X if dm is None else X.to_Matrix())
        X = X * (A if dm is None else dm[0])
    return sympy.Matrix.vstack(*blocks)


def is_minimal(A, B, C) -> bool:
    """Controllable and observable: ``rank K = rank O = n`` (exact ranks)."""
    n = A.rows
    return controllability(A, B).rank() == n and observability(A, C).rank() == n


def markov_parameters(A, B, C, count: int) -> list:
    """``C A^k B`` for ``k = 0, ..., count - 1``: the Laurent coefficients of ``H(z)`` at ``z = oo``."""
    dm = _dm(A, B, C)
    if dm is not None:
        A, B, C = dm
    out, X = [], B
    for _ in range(count):
        out.append(C * X if dm is None else (C * X).to_Matrix())
        X = A * X
    return out


def same_transfer(x1: Sequence, x2: Sequence) -> bool:
    """``C_1 (zI - A_1)^{-1} B_1 = C_2 (zI - A_2)^{-1} B_2`` as matrices of rational functions of ``z`` (1.9).

    For triples with number entries, by the first ``n_1 + n_2`` Markov parameters: ``H_1 - H_2 = P/Q`` with
    ``Q = det(zI - A_1) det(zI - A_2)`` of degree ``n_1 + n_2``; if those Markov parameters agree,
    ``P/Q = O(z^{-n_1-n_2-1})`` at infinity, so ``deg P < 0`` and ``P = 0``."""
    if _dm(*x1, *x2) is not None:
        k = x1[0].rows + x2[0].rows
        return all(a == b for a, b in zip(markov_parameters(*x1, k), markov_parameters(*x2, k)))
    H1, H2 = (transfer_function(*x, Z) for x in (x1, x2))
    if H1.shape != H2.shape:
        return False
    return all(sympy.cancel(sympy.together(e)) == 0 for e in (H1 - H2))


def _dm(*Ms):
    """The matrices as exact :class:`~sympy.polys.matrices.DomainMatrix` over Q(i) when their entries are numbers
    (Gaussian rationals: products stay expanded), else ``None``."""
    from sympy.polys.matrices import DomainMatrix

    if any(sympy.Matrix(M).free_symbols for M in Ms):
        return None
    return [DomainMatrix.from_Matrix(sympy.Matrix(M)).convert_to(sympy.QQ_I) for M in Ms]


def left_inverse(O: sympy.Matrix) -> sympy.Matrix:
    """``O^+ = (O^* O)^{-1} O^*`` for ``O`` of full column rank (raises ``ValueError`` otherwise); ``O^{-1}`` when
    ``O`` is square (the same matrix, without conjugating indeterminate entries)."""
    dm = _dm(O, O.H)
    if dm is not None:
        D, Dh = dm
        G = Dh * D
        if G.rank() < G.shape[0]:
            raise ValueError("O does not have full column rank: the realization is not observable, so O^+ O_1 is not "
                             "a similarity (Kalman's theorem needs minimal realizations)")
        return (G.inv() * Dh).to_Matrix()
    if O.rows == O.cols:
        if O.det() == 0:
            raise ValueError("O is singular: the realization is not observable, so O^+ O_1 is not a similarity "
                             "(Kalman's theorem needs minimal realizations)")
        return O.inv()
    G = O.H * O
    if G.det() == 0:
        raise ValueError("O does not have full column rank: the realization is not observable, so O^+ O_1 is not a "
                         "similarity (Kalman's theorem needs minimal realizations)")
    return G.inv() * O.H


def similarity(x1: Sequence, x2: Sequence, *, wrong: bool = False) -> sympy.Matrix:
    """Kalman's ``M = O_2^+ O_1`` (module docstring). ``wrong=True``: ``O_1^+ O_2`` (the inverse map), a control."""
    (A1, _, C1), (A2, _, C2) = x1, x2
    O1, O2 = observability(A1, C1), observability(A2, C2)
    L, R = (O1, O2) if wrong else (O2, O1)
    if _dm(L, R) is not None:
        Li, Rd = _dm(left_inverse(L), R)
        return (Li * Rd).to_Matrix()
    return left_inverse(L) * R


def defect(M, x1: Sequence, x2: Sequence) -> int:
    """The number of nonzero entries of ``M A_1 - A_2 M``, ``M B_1 - B_2`` and ``C_1 - C_2 M`` (rational functions):
    for invertible ``M``, 0 iff ``M.x_1 = x_2`` (1.10), written without ``M^{-1}``."""
    (A1, B1, C1), (A2, B2, C2) = x1, x2
    M = sympy.Matrix(M)
    dm = _dm(M, A1, B1, C1, A2, B2, C2)
    if dm is not None:
        M_, A1_, B1_, C1_, A2_, B2_, C2_ = dm
        return sum(1 for E in (M_ * A1_ - A2_ * M_, M_ * B1_ - B2_, C1_ - C2_ * M_)
                   for e in E.to_Matrix() if e != 0)
    return sum(1 for E in (M * A1 - A2 * M, M * B1 - B2, C1 - C2 * M) for e in E
               if sympy.cancel(sympy.together(e)) != 0)


def intertwiners(x1: Sequence, x2: Sequence) -> dict:
    r"""All ``M`` with ``M A_1 = A_2 M``, ``M B_1 = B_2``, ``C_1 = C_2 M`` (linear in the entries of ``M``), solved
    exactly. ``similar`` is true iff some solution is invertible, i.e. iff ``det M`` is not identically zero on the
    affine solution space (a nonzero polynomial over an infinite field has a non-root). Returns the general solution
    ``M`` (free parameters as symbols), the number of free parameters, ``det M`` and ``similar``."""
    (A1, B1, C1), (A2, B2, C2) = x1, x2
    if A1.shape != A2.shape:
        return {"M": None, "free": None, "det": None, "similar": False,
                "why": f"different state dimensions n = {A1.rows} and {A2.rows}: no n x n matrix M relates them"}
    n = A1.rows
    ms = sympy.symbols(f"m0:{n * n}")
    M = sympy.Matrix(n, n, ms)
    eqs = list(M * A1 - A2 * M) + list(M * B1 - B2) + list(C1 - C2 * M)
    sol = sympy.linsolve(eqs, ms)
    if sol == sympy.EmptySet:
        return {"M": None, "free": None, "det": None, "similar": False, "why": "no M satisfies the linear equations"}
    (vals,) = tuple(sol)
    Mg = sympy.Matrix(n, n, list(vals))
    free = sorted(Mg.free_symbols & set(ms), key=str)
    det = sympy.expand(Mg.det())
    return {"M": Mg, "free": len(free), "det": det, "similar": det != 0,
            "why": "det M is identically zero on the solution space" if det == 0 else "an invertible M exists"}


def _coeffs(p) -> list:
    return [sympy.sympify(c) for c in p]


def controllable_canonical(num: Sequence, den: Sequence) -> tuple:
    r"""The controllable canonical form of ``H(z) = p(z)/q(z)``, ``q = z^n + q_1 z^{n-1} + ... + q_n`` monic,
    ``deg p < n``: companion ``A`` (last row ``-q_n, ..., -q_1``), ``B = e_n``, ``C = (p_n, ..., p_1)`` (coefficients of
    ``p = p_1 z^{n-1} + ... + p_n``; ``num`` and ``den`` list coefficients from the highest power). Always
    controllable; observable iff ``gcd(p, q) = 1``."""
    den, num = _coeffs(den), _coeffs(num)
    if den[0] != 1:
        raise ValueError("the denominator q of H = p/q must be monic (leading coefficient 1)")
    n = len(den) - 1
    if len(num) > n:
        raise ValueError("H = p/q must be strictly proper (deg p < deg q) to be C (zI - A)^{-1} B")
    p = [0] * (n - len(num)) + num                       # p_1 .. p_n
    A = sympy.zeros(n, n)
    for i in range(n - 1):
        A[i, i + 1] = 1
    for j in range(n):
        A[n - 1, j] = -den[n - j]
    B = sympy.zeros(n, 1)
    B[n - 1] = 1
    C = sympy.Matrix([[p[n - 1 - j] for j in range(n)]])
    return A, B, C


def observable_canonical(num: Sequence, den: Sequence) -> tuple:
    """The observable canonical form: the transpose (dual) of :func:`controllable_canonical`,
    ``(A^T, C^T, B^T)``. The same ``H`` (a scalar equals its transpose); always observable."""
    A, B, C = controllable_canonical(num, den)
    return A.T, C.T, B.T
