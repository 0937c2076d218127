r"""Theorem 13 on orbits in exact arithmetic: the DLN (full rank and rank deficient), and conjugation in GL(2, C).

Theorem 13's three conditions for the orbit of ``x`` (and the fourth, a zero of the moment map in the orbit: by
the derivative of ``psi`` at ``g``, ``d/dtau psi_x(e^{tau a} g) = d psi_{g.x}(e)(a) = <mu(g.x), a>``, ``psi_x`` is
critical at ``g`` iff ``mu(g.x) = 0``) are each decided here by an argument of its own, on exact (rational,
Gaussian rational or algebraic) data:

**The DLN** (``G = GL(d)^{N-1}`` by (1.6), ``psi_W(A) = ||A.W||^2``, ``mu = 2G`` by Remark 18 corrected).

* *Full-rank* ``X``: ``W = A.C`` with ``C`` a rational balanced centre (unitaries with Pythagorean entries,
  rational ``Lam``). Critical point and zero of ``mu``: ``G(A^{-1}.W) = G(C) = 0`` exactly. Minimum: ``psi_W(A^{-1}) =
  ||C||^2 = N sum_i sigma_i^{2/N}``, the lower bound of ``||.||^2`` on ``F_X`` (Hoelder and AM-GM, notebook 06),
  compared exactly. Closed: the orbit is ``F_X`` (Lemma 1), the zero set of the polynomial map ``W -> X(W) - X``.
* *Rank-deficient, non-closed*: an explicit one-parameter curve ``A(t)`` with ``A(t).W`` polynomial in ``t``; its
  limit at ``t = 0`` has layer ranks different from those of ``W`` (ranks are orbit invariants), so it lies in the
  closure and not in the orbit: not closed. No zero of ``mu`` and no critical point: a balanced ``Y`` has
  ``rank Y_k = rank Y_{k+1}`` (``Y_k Y_k^* = Y_{k+1}^* Y_{k+1}``) and ``X^* X = (Y_1^* Y_1)^N`` (induction:
  ``Y_j^* (Y_j Y_j^*)^m Y_j = (Y_j^* Y_j)^{m+1}`` and ``Y_j Y_j^* = Y_{j+1}^* Y_{j+1}``), so ``rank Y_1 = rank X``;
  the orbit of ``W`` violates one of these (:func:`rank_obstruction`). No minimum (a minimum is a critical point);
  ``psi`` along the curve tends to the lower bound, so the infimum is not attained.
* *Rank-deficient, closed*: the centre ``C = (E_11, E_11)`` of ``X = diag(1, 0)``, ``N = d = 2``. Its orbit is
  ``{(c e_1^*, e_1 r^*) : r^* c = 1}`` (``c = A e_1``, ``r^* = e_1^* A^{-1}``; conversely ``A = [c | c']`` with
  ``r^* c' = 0`` works), the zero set of polynomials: closed. ``G(C) = 0`` and ``psi(e) = 2`` = the bound.

**Conjugation** (``GL(2, C)`` on ``M_2(C)``, ``psi_x(g) = ||g x g^{-1}||_F^2``, ``mu(y) = 2[y, y^*]``, derived
by differentiating ``||e^{tau a} y e^{-tau a}||^2``: ``2 Re Tr(y^*[a, y]) = 2 Re Tr([y, y^*] a)``): critical points
are the normal matrices of the orbit; for a normal ``y``, ``||y||^2 = sum |lambda_i|^2``, the minimum over the
conjugacy class (Schur). ``x = [[1, 1], [0, 2]]``: closed (distinct eigenvalues: the class is
``{tr = 3, det = 2}``), minimum at ``diag(1, 2)``. ``x = [[1, 1], [0, 1]]``: ``diag(t, 1) x diag(t, 1)^{-1} ->
I`` as ``t -> 0``, and ``I`` is not conjugate to ``x``: not closed; a normal matrix with eigenvalues ``1, 1`` is
``I``: no critical point; the infimum ``2`` is not attained.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import sympy

from ..formulas import act, end_to_end, moments, norm_sq
from ..matrix import adj

__all__ = ["rank_obstruction", "ridge_bound", "DLNInstance", "dln_instances", "classify_dln",
           "conjugation_moment", "conjugation_moment_by_jets", "conjugation_instances", "borel_instance",
           "classify_conjugation", "T"]

#: the curve parameter
T = sympy.Symbol("t", positive=True)
I = sympy.I


def _rank(M) -> int:
    return sympy.Matrix(M).rank(simplify=True)


def rank_obstruction(W) -> str | None:
    """Why no point of the ``GL(d)^{N-1}`` orbit of ``W`` is balanced (ranks are orbit invariants), or ``None``.

    A balanced ``Y`` has ``rank Y_k = rank Y_{k+1}`` and ``rank Y_1 = rank X`` (module docstring)."""
    r = [_rank(M) for M in W]
    rx = _rank(end_to_end(W))
    for k in range(len(W) - 1):
        if r[k] != r[k + 1]:
            return f"rank W_{k + 1} = {r[k]} != rank W_{k + 2} = {r[k + 1]}"
    if r[0] != rx:
        return f"rank W_1 = {r[0]} != rank X = {rx}"
    return None


def ridge_bound(X, N: int):
    """``N sum_i sigma_i(X)^{2/N}``: the lower bound of ``||W||^2`` on ``F_X`` (exact, SymPy)."""
    ev = (adj(X) * X).eigenvals()
    return sympy.nsimplify(sympy.simplify(N * sum(m * sympy.sqrt(e) ** sympy.Rational(2, N) for e, m in ev.items())))


@dataclass
class DLNInstance:
    name: str
    W: list                      # input first, SymPy matrices
    field: str
    kind: str                    # "full rank", "rank deficient, non-closed", "rank deficient, closed"
    witness: list | None = None  # g with g.W balanced (full rank, closed)
    curve: Callable | None = None  # t -> A(t), with A(t).W polynomial in t (non-closed)
    description: Callable | None = None  # exact closedness certificate (the closed rank-deficient instance)
    notes: dict = field(default_factory=dict)


def _diag(*xs):
    return sympy.diag(*[sympy.nsimplify(x) for x in xs])


def _E(i, j, d=2):
    M = sympy.zeros(d, d)
    M[i, j] = 1
    return M


def _ex(M):
    """Canonical form of a matrix of Gaussian rationals (``a + b i``, ``a, b`` rational)."""
    return M.applyfunc(sympy.expand)


def _full_rank_instance(N: int, field: str) -> DLNInstance:
    """``W = A.C`` with a rational balanced centre ``C`` (Pythagorean unitaries) and unimodular ``A``."""
    lam = [sympy.Rational(3, 2), sympy.Rational(1, 2)]
    Lam = sympy.diag(*lam)
    if field == "C":
        Q0 = sympy.Matrix([[3, 4 * I], [4 * I, 3]]) / 5
        QN = sympy.Matrix([[5, 12 * I], [12 * I, 5]]) / 13
        A = [sympy.Matrix([[1, I], [0, 1]]), sympy.Matrix([[1, 0], [1 + I, 1]])][: N - 1]
    else:
        Q0 = sympy.Matrix([[3, -4], [4, 3]]) / 5
        QN = sympy.Matrix([[5, 12], [-12, 5]]) / 13
        A = [sympy.Matrix([[1, 2], [0, 1]]), sympy.Matrix([[1, 0], [-3, 1]])][: N - 1]
    assert all(_ex(adj(Q) * Q) == sympy.eye(2) for Q in (Q0, QN)) and all(M.det() == 1 for M in A)
    C = [_ex(Lam * adj(Q0))] + [Lam for _ in range(N - 2)] + [_ex(QN * Lam)]
    W = [_ex(M) for M in act(A, C)]
    return DLNInstance(f"full rank, N = {N}, d = 2, {field}: W = A.C", W, field, "full rank",
                       witness=[_ex(M.inv()) for M in A], notes={"C": C})


def dln_instances(fields=("R", "C")) -> list[DLNInstance]:
    """Full rank (N = 2, 3), rank deficient non-closed (three kinds), and the closed rank-deficient centre."""
    out = []
    for f in fields:
        for N in (2, 3):
            out.append(_full_rank_instance(N, f))
        z = I if f == "C" else 1
        # (I, X) with X = diag(1, 0): ranks (2, 1); A(t) = diag(1, t)
        A0 = sympy.Matrix([[1, z], [0, 1]])  # a fixed group element: the instance is A0.(I, X)
        W = act([A0], [sympy.eye(2), _diag(1, 0)])
        out.append(DLNInstance(f"rank deficient, N = 2, d = 2, {f}: A0.(I, diag(1, 0))", W, f,
                               "rank deficient, non-closed",
                               curve=lambda t, A0=A0: [sympy.diag(1, t) * A0.inv()]))
        # nilpotent: (E_12, E_12), X = 0; A(t) = diag(t, 1/t)
        W = act([A0], [_E(0, 1) * z, _E(0, 1)])
        out.append(DLNInstance(f"nilpotent, N = 2, d = 2, {f}: A0.(E_12, E_12), X = 0", W, f,
                               "rank deficient, non-closed",
                               curve=lambda t, A0=A0: [sympy.diag(t, 1 / t) * A0.inv()]))
        # N = 3: (I, I, diag(1, 0)); A(t) = (diag(1, t), diag(1, t^2)): the limit is the centre
        W = [sympy.eye(2), sympy.eye(2), _diag(1, 0)]
        out.append(DLNInstance(f"rank deficient, N = 3, d = 2, {f}: (I, I, diag(1, 0))", act([A0, A0], W), f,
                               "rank deficient, non-closed",
                               curve=lambda t, A0=A0: [sympy.diag(1, t) * A0.inv(), sympy.diag(1, t ** 2) * A0.inv()]))
    C = [_E(0, 0), _E(0, 0)]
    out.append(DLNInstance("rank deficient, closed, N = 2, d = 2, R: the centre (E_11, E_11) of X = diag(1, 0)", C, "R",
                           "rank deficient, closed", witness=[sympy.eye(2)], description=_closed_description))
    return out


def _closed_description(W) -> tuple[bool, str]:
    """The orbit of ``C = (E_11, E_11)`` is ``{(c e_1^*, e_1 r^*): r^* c = 1}``: checked for a symbolic ``A``
    (every orbit point has this form) and by constructing ``A`` from rational ``(c, r)`` (every such point is in
    the orbit). The set is cut out by polynomials, so it is closed."""
    a = sympy.symbols("a0:4")
    A = sympy.Matrix(2, 2, a)
    Y = act([A], W)
    c, r_ = A[:, 0], (A.inv())[0, :]
    form = (sympy.simplify(Y[0] - c * sympy.Matrix([[1, 0]])) == sympy.zeros(2, 2) and
            sympy.simplify(Y[1] - sympy.Matrix([[1], [0]]) * r_) == sympy.zeros(2, 2) and
            sympy.simplify((r_ * c)[0, 0] - 1) == 0)
    hits = []
    for c, r in (((2, 1), (sympy.Rational(1, 2), 0)), ((1, -3), (4, 1)), ((0, 1), (5, 1))):
        cv, rv = sympy.Matrix(c), sympy.Matrix([r])
        if (rv * cv)[0, 0] != 1:
            rv = rv / (rv * cv)[0, 0]
        cp = sympy.Matrix([-rv[1], rv[0]])     # r^* c' = 0
        A = sympy.Matrix.hstack(cv, cp)
        Y = act([A], W)
        hits.append(Y[0] == cv * sympy.Matrix([[1, 0]]) and Y[1] == sympy.Matrix([[1], [0]]) * rv)
    ok = form and all(hits)
    return ok, "orbit = {(c e_1^*, e_1 r^*) : r^* c = 1} (symbolic A; A built from (c, r)): a closed set"


def classify_dln(inst: DLNInstance) -> dict:
    """Each of Theorem 13's conditions for the orbit of ``inst.W``, decided by its own argument (module
    docstring): a dict of ``closed``, ``critical``, ``minimum``, ``moment_zero`` (bools) with ``reasons``, and the
    figures ``psi_limit`` / ``bound``."""
    W, N = inst.W, len(inst.W)
    X = _ex(end_to_end(W))
    bound = ridge_bound(X, N)
    out = {"bound": bound, "reasons": {}}
    R = out["reasons"]
    if inst.witness is not None:
        Y = [_ex(M) for M in act(inst.witness, W)]
        G = [_ex(g) for g in moments(Y)]
        zero = all(g == sympy.zeros(*g.shape) for g in G)
        val = sympy.nsimplify(sympy.expand(norm_sq(Y)))
        out["moment_zero"] = out["critical"] = zero
        out["minimum"] = zero and sympy.simplify(val - bound) == 0
        R["critical"] = f"mu(g.W) = 2G(g.W) = 0 at the witness g: {zero}"
        R["minimum"] = f"psi(g) = {val}, lower bound N sum sigma^(2/N) = {bound}"
        if inst.kind == "full rank":
            out["closed"] = _rank(X) == X.rows
            R["closed"] = "full-rank X: orbit = F_X (Lemma 1), the zero set of X(W) - X"
        else:
            ok, why = inst.description(W)
            out["closed"] = ok
            R["closed"] = why
        out["psi_limit"] = val
        return out
    why = rank_obstruction(W)
    out["moment_zero"] = out["critical"] = out["minimum"] = why is None
    R["critical"] = R["moment_zero"] = f"no balanced point in the orbit: {why}"
    R["minimum"] = "a minimum would be a critical point"
    A = inst.curve(T)
    Y = [M.applyfunc(sympy.cancel) for M in act(A, W)]
    poly = all(sympy.cancel(e).is_polynomial(T) for M in Y for e in M)
    L = [M.subs(T, 0) for M in Y]
    ranks_W, ranks_L = [_rank(M) for M in W], [_rank(M) for M in L]
    lim_in_FX = _ex(end_to_end(L) - X) == sympy.zeros(*X.shape)
    out["closed"] = not (poly and lim_in_FX and ranks_L != ranks_W)
    R["closed"] = (f"A(t).W polynomial in t: {poly}; the limit at t = 0 lies in F_X: {lim_in_FX}, layer ranks "
                   f"{ranks_L} != {ranks_W}: in the closure, not in the orbit")
    out["psi_limit"] = sympy.nsimplify(sympy.expand(norm_sq(L)))
    R["psi"] = f"psi(A(t)) -> {out['psi_limit']} (lower bound {bound}), never attained"
    return out


# --------------------------------------------------------------------------- conjugation
def conjugation_moment(y: sympy.Matrix) -> sympy.Matrix:
    """``mu(y) = 2 [y, y^*]`` for ``GL(n)`` acting by conjugation, ``psi = ||g y g^{-1}||_F^2`` (module
    docstring)."""
    return 2 * (y * adj(y) - adj(y) * y)


def conjugation_moment_by_jets(y: sympy.Matrix) -> bool:
    """``d/dtau ||e^{tau a} y e^{-tau a}||^2 |_0 = Re Tr(mu(y)^* a)`` for a symbolic complex ``a`` (to first order
    ``e^{tau a} y e^{-tau a} = y + tau [a, y]``)."""
    n = y.rows
    re, im = sympy.symbols(f"p0:{n * n}", real=True), sympy.symbols(f"q0:{n * n}", real=True)
    a = sympy.Matrix(n, n, [re[i] + I * im[i] for i in range(n * n)])
    tau = sympy.Symbol("tau", real=True)
    Y = y + tau * (a * y - y * a)
    f = sum(sympy.expand(e * sympy.conjugate(e)) for e in Y)
    d = sympy.diff(f, tau).subs(tau, 0)
    mu = conjugation_moment(y)
    pair = sympy.re(sympy.expand((adj(mu) * a).trace()))
    return sympy.simplify(sympy.expand(d - pair)) == 0


@dataclass
class ConjugationInstance:
    name: str
    x: sympy.Matrix
    group: str                     # "GL(2, C)" or "B (upper triangular)"
    witness: sympy.Matrix | None = None  # g with g x g^{-1} normal
    curve: Callable | None = None  # t -> g(t)
    outside: Callable | None = None  # why the limit of the curve is not in the orbit


def conjugation_instances() -> list[ConjugationInstance]:
    x_ss = sympy.Matrix([[1, 1], [0, 2]])
    x_nil = sympy.Matrix([[1, 1], [0, 1]])
    return [
        ConjugationInstance("GL(2, C) on M_2(C), x = [[1, 1], [0, 2]] (diagonalisable)", x_ss, "GL(2, C)",
                            witness=sympy.Matrix([[1, 1], [0, 1]]).inv()),
        ConjugationInstance("GL(2, C) on M_2(C), x = [[1, 1], [0, 1]] (a Jordan block)", x_nil, "GL(2, C)",
                            curve=lambda t: sympy.diag(t, 1),
                            outside=lambda L: (L == sympy.eye(2), "the limit is I, conjugate only to itself")),
    ]


def borel_instance() -> ConjugationInstance:
    """The ablation of 'reductive': ``B`` (upper triangular, not reductive) acting by conjugation on ``M_2(C)``,
    ``x = [[1, 0], [1, 2]]``. ``g0 = [[2, 1], [0, -1]]`` in ``B`` gives the normal (symmetric)
    ``y0 = [[3/2, -1/2], [-1/2, 3/2]]``; ``diag(1/s, 1) x diag(s, 1) -> diag(1, 2)`` as ``s -> 0``, and
    ``diag(1, 2)`` is not in the ``B``-orbit: ``B`` fixes the line ``C e_1``, so ``e_1`` is an eigenvector of every
    ``B``-conjugate of ``x`` only if it is one of ``x``, and ``x e_1 = (1, 1)``."""
    x = sympy.Matrix([[1, 0], [1, 2]])

    def outside(L):
        e1 = sympy.Matrix([1, 0])
        xe1 = x * e1
        ok = (L * e1)[1] == 0 and xe1[1] != 0
        return ok, "e_1 is an eigenvector of the limit, not of x: not a B-conjugate of x"

    return ConjugationInstance("B (upper triangular) on M_2(C), x = [[1, 0], [1, 2]]", x, "B (upper triangular)",
                               witness=sympy.Matrix([[2, 1], [0, -1]]), curve=lambda t: sympy.diag(1 / t, 1),
                               outside=outside)


def classify_conjugation(inst: ConjugationInstance) -> dict:
    """Theorem 13's conditions for a conjugation orbit, each by its own argument (module docstring)."""
    x = inst.x
    ev = x.eigenvals()
    schur = sum(m * sympy.Abs(e) ** 2 for e, m in ev.items())
    out = {"bound": schur, "reasons": {}}
    R = out["reasons"]
    if inst.witness is not None:
        g = inst.witness
        if inst.group.startswith("B"):
            assert g[1, 0] == 0 and g.det() != 0
        y = sympy.simplify(g * x * g.inv())
        normal = sympy.simplify(conjugation_moment(y)) == sympy.zeros(2, 2)
        val = sympy.simplify(sum(sympy.Abs(e) ** 2 for e in y))
        out["critical"] = out["moment_zero"] = normal
        out["minimum"] = normal and sympy.simplify(val - schur) == 0
        R["critical"] = f"mu(y) = 2[y, y^*] = 0 at y = g x g^{{-1}} = {y.tolist()}: {normal}"
        R["minimum"] = f"||y||^2 = {val} = sum |lambda|^2 = {schur} (Schur: the minimum over the conjugacy class)"
        out["psi_limit"] = val
    if inst.curve is not None:
        Y = sympy.simplify(inst.curve(T) * x * inst.curve(T).inv())
        poly = all(sympy.cancel(e).is_polynomial(T) for e in Y)
        L = Y.subs(T, 0)
        ok, why = inst.outside(L)
        same_class = L.trace() == x.trace() and L.det() == x.det()
        out["closed"] = not (poly and ok and same_class)
        R["closed"] = f"g(t) x g(t)^{{-1}} polynomial: {poly}, limit {L.tolist()}: {why}"
        if inst.witness is None:
            # a critical point y would be normal with the eigenvalues of x: for a double eigenvalue, y = lambda I
            (lam, mult), = ev.items()
            out["critical"] = out["moment_zero"] = out["minimum"] = False
            R["critical"] = (f"a normal y with the single eigenvalue {lam} is {lam} I, which is not conjugate to x "
                             f"(x != {lam} I)")
            out["psi_limit"] = sympy.simplify(sum(sympy.Abs(e) ** 2 for e in L))
    else:
        distinct = len(ev) == x.rows
        out["closed"] = distinct
        R["closed"] = "distinct eigenvalues: the class is {tr y = tr x, det y = det x}, a closed set"
    return out
