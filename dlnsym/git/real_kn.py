r"""The real Kempf-Ness theorem (Richardson-Slodowy; the paper's Remark 15), computed from first principles.

Setting. ``G`` a real reductive group acting linearly on a real inner-product space ``V``, ``K`` a maximal compact
subgroup with ``K``-invariant inner product, ``g = k + p`` the Cartan decomposition of ``Lie G``. The moment map
``m : V -> p`` is defined by

.. math:: \langle m(v), X\rangle = \langle X.v, v\rangle = \tfrac12 \frac{d}{d\tau}\|e^{\tau X}.v\|^2\Big|_{\tau=0},
          \qquad X \in p.

A vector is *minimal* when ``||g.v|| >= ||v||`` for every ``g`` in ``G``. The statements checked
(Richardson-Slodowy 1990, Thms 4.4, 7.3 and 9.1): (a) ``v`` minimal ``<=>`` ``m(v) = 0``; (b) ``G.v`` closed ``<=>``
it meets ``m^{-1}(0)``; (c) on a closed orbit the minimal vectors are one ``K``-orbit; (d) the closure of a
non-closed orbit contains a closed orbit, reached along a one-parameter subgroup ``e^{tau X}``, ``X`` in ``p``.

For the real DLN, ``G = GL(d, R)^{N-1}`` acting by (1.6) on ``M_d(R)^N``, ``K = O_d^{N-1}``, ``p`` = symmetric
``(a_1, ..., a_{N-1})``; :func:`moment_by_definition` differentiates ``tau -> ||e^{tau a}.W||^2`` numerically (central
differences at twice the precision), on an orthonormal basis of ``p``, so it does not use the paper's (3.7).
*Minimality* is certified by the lower bound ``N sum_i sigma_i(X)^{2/N}`` of ``||W||^2`` on ``F_X`` (Horn and AM-GM,
:func:`dlnsym.git.orbits.ridge_bound`; for full-rank ``X`` the fibre is one orbit, Lemma 1): a point of the orbit
that attains it is minimal.

*Where the real case differs.* ``GL(d, R)`` has two components and ``K = O_d`` two (``U_d`` and ``GL(d, C)`` are
connected). The full-rank fibre ``F_X`` is one ``GL(d, R)^{N-1}`` orbit, but ``W -> (sign det (W_k ... W_1))_{k<N}``
is invariant under the identity component ``GL^+(d, R)^{N-1}`` (``det P_k(g.W) = det g_k det P_k(W)``) and takes
all ``2^{N-1}`` values on the minimal vectors ``k.C``, ``k_j`` in ``{I, R}``, ``R = diag(-1, 1, ..., 1)``: the fibre is
``2^{N-1}`` orbits of the connected group and the minimisers are ``2^{N-1}`` orbits of ``SO_d^{N-1}``
(:func:`det_sign_components`). The same happens for conjugation: ``y = [[1, -sqrt 2], [sqrt 2, 1]]`` and ``y^T`` are
the minimal vectors of one ``GL(2, R)`` class (one ``O(2)``-orbit), and every ``g`` with ``g y g^{-1} = y^T`` has
``det g = -(a^2 + b^2) < 0`` (:func:`conjugation_det_sign`).
"""

from __future__ import annotations

from typing import Sequence

import mpmath
import sympy

from ..formulas import act, end_to_end, moments, norm_sq
from ..numeric.common import hermitian_basis, round_out, working
from . import orbits as OR
from .torus import TorusInstance

__all__ = ["moment_by_definition", "moment_norm", "det_sign_components", "conjugation_det_sign",
           "real_conjugation_instances", "REAL_TORI", "noninvariant_real_12", "noninvariant_real_1m2",
           "unipotent_quadratic_forms", "one_parameter_limit"]


def _sym_basis(N: int, d: int) -> list:
    """An orthonormal basis of ``p = Sym(d)^{N-1}`` (for ``sum_j Tr(a_j^T b_j)``), as tuples ``a``."""
    out = []
    for j in range(N - 1):
        for b in hermitian_basis(d, "R"):
            a = [mpmath.matrix(d, d) for _ in range(N - 1)]
            a[j] = b
            out.append(a)
    return out


def moment_by_definition(W: Sequence, *, dps: int = 50) -> list:
    r"""The components ``<m(W), a_b> = 1/2 d/dtau ||e^{tau a_b}.W||^2 |_0`` on an orthonormal basis of ``p``, by the
    central difference ``(psi(h) - psi(-h)) / (4h)``, ``h = 10^{-(dps+10)/2}``, at ``2 dps + 20`` digits (truncation
    error ``O(h^2) = 10^{-(dps+10)}``). Uses only the action (1.6) and ``mpmath.expm``; rounded to ``dps``.

    >>> W = [mpmath.matrix([[1, 0], [0, 1]]), mpmath.matrix([[2, 0], [0, 1]])]   # G_1 = I - diag(4, 1)
    >>> [mpmath.nstr(mpmath.chop(x, mpmath.mpf(10) ** -15), 8) for x in moment_by_definition(W, dps=20)]
    ['-3.0', '0.0', '0.0']
    """
    N, d = len(W), W[0].rows
    with working(2 * dps + 20):
        h = mpmath.mpf(10) ** (-mpmath.mpf(dps + 10) / 2)
        Wm = [mpmath.matrix(M) for M in W]
        out = []
        for a in _sym_basis(N, d):
            plus = norm_sq(act([mpmath.expm(ak * h) for ak in a], Wm))
            minus = norm_sq(act([mpmath.expm(-ak * h) for ak in a], Wm))
            out.append((plus - minus) / (4 * h))
    return round_out(out, dps)


def moment_norm(W: Sequence, *, dps: int = 50):
    """``|m(W)|`` from :func:`moment_by_definition`."""
    with working(dps):
        return +mpmath.sqrt(mpmath.fsum(x * x for x in moment_by_definition(W, dps=dps)))


# --------------------------------------------------------------------------- det signs (exact)
def det_sign_components(N: int = 3, d: int = 2) -> dict:
    """Exact (SymPy): ``X = diag(1, 2, ..., d)``, its rational balanced centre ``C`` (``C_k = X^{1/N}`` needs roots,
    so ``X = Lam^N`` with ``Lam = diag(1, 2, ..)``) and the ``2^{N-1}`` minimal vectors ``k.C``, ``k_j`` in
    ``{I, R}``: every one balanced with ``||k.C||^2 = ||C||^2`` = the lower bound, the unique ``g`` with
    ``g.C = k.C`` is ``k`` (free action on a full-rank fibre: ``g_j = P_j(k.C) P_j(C)^{-1}``), and the sign vector of
    ``det P_j`` separates them: ``2^{N-1}`` orbits of ``GL^+(d, R)^{N-1}`` in one fibre."""
    Lam = sympy.diag(*range(1, d + 1))
    C = [Lam] * N
    R = sympy.diag(-1, *([1] * (d - 1)))
    X = end_to_end(C)
    bound = OR.ridge_bound(X, N)
    signs, ok = set(), True
    import itertools

    for choice in itertools.product((0, 1), repeat=N - 1):
        k = [R if c else sympy.eye(d) for c in choice]
        V = act(k, C)
        balanced = all(g == sympy.zeros(d, d) for g in moments(V))
        same = sympy.simplify(norm_sq(V) - bound) == 0 and end_to_end(V) == X
        P, Pc, g = V[0], C[0], []
        for j in range(1, N):
            g.append(P * Pc.inv())
            if j < N - 1:
                P, Pc = V[j] * P, C[j] * Pc
        ok = ok and balanced and same and all(gj == kj for gj, kj in zip(g, k))
        P, sv = sympy.eye(d), []
        for j in range(N - 1):
            P = V[j] * P
            sv.append(int(sympy.sign(P.det())))
        signs.add(tuple(sv))
    return {"N": N, "d": d, "ok": ok, "components": len(signs), "expected": 2 ** (N - 1), "bound": bound,
            "signs": sorted(signs)}


def conjugation_det_sign() -> dict:
    """Exact: ``y = [[1, -sqrt 2], [sqrt 2, 1]]`` is normal, ``y^T`` too, same class; ``g y = y^T g`` has the
    solutions ``g = [[a, b], [b, -a]]`` with ``det g = -(a^2 + b^2)``: the ``GL(2, R)`` class splits into two
    ``GL^+(2, R)`` classes, and its minimal vectors ``{y, y^T}`` are one ``O(2)``-orbit, two ``SO(2)``-orbits
    (rotations commute with ``y``)."""
    s2 = sympy.sqrt(2)
    y = sympy.Matrix([[1, -s2], [s2, 1]])
    a, b, c, e = sympy.symbols("a b c e", real=True)
    g = sympy.Matrix([[a, b], [c, e]])
    sol = sympy.solve(list(g * y - y.T * g), [c, e], dict=True)
    gs = g.subs(sol[0])
    det = sympy.expand(gs.det())
    th = sympy.Symbol("theta", real=True)
    rot = sympy.Matrix([[sympy.cos(th), -sympy.sin(th)], [sympy.sin(th), sympy.cos(th)]])
    commutes = sympy.simplify(rot * y - y * rot) == sympy.zeros(2, 2)
    normal = sympy.simplify(y * y.T - y.T * y) == sympy.zeros(2, 2)
    return {"det": det, "negative": sympy.simplify(det + a ** 2 + b ** 2) == 0, "rotations_commute": commutes,
            "normal": normal, "y": y}


# --------------------------------------------------------------------------- instances beyond the DLN
def real_conjugation_instances() -> list:
    """``GL(2, R)`` on ``M_2(R)`` by conjugation (``m(y) = [y, y^T]``: for ``X`` symmetric,
    ``<[X, y], y> = Tr(X (y y^T - y^T y))``, the restriction of :func:`dlnsym.git.orbits.conjugation_moment`):
    complex eigenvalues (closed; the witness ``diag(1, sqrt 2)``), distinct real eigenvalues (closed), a Jordan
    block (not closed)."""
    s2 = sympy.sqrt(2)
    return [
        OR.ConjugationInstance("GL(2, R) on M_2(R), x = [[1, -2], [1, 1]] (eigenvalues 1 +- i sqrt 2)",
                               sympy.Matrix([[1, -2], [1, 1]]), "GL(2, R)", witness=sympy.diag(1, s2)),
        OR.ConjugationInstance("GL(2, R) on M_2(R), x = [[1, 1], [0, 2]] (real, distinct)",
                               sympy.Matrix([[1, 1], [0, 2]]), "GL(2, R)", witness=sympy.Matrix([[1, -1], [0, 1]])),
        OR.ConjugationInstance("GL(2, R) on M_2(R), x = [[1, 1], [0, 1]] (a Jordan block)",
                               sympy.Matrix([[1, 1], [0, 1]]), "GL(2, R)", curve=lambda t: sympy.diag(t, 1),
                               outside=lambda L: (L == sympy.eye(2), "the limit is I, conjugate only to itself")),
    ]


#: (R^*)^k on R^n by weights, real points: the criterion of :mod:`dlnsym.git.torus` holds verbatim (the orbit of
#: the identity component (R_{>0})^k is ``{(e^{<chi_i, a>} x_i)}``; K = {+-1}^k only flips signs)
REAL_TORI = [
    TorusInstance("R^* on R^2, weights (1, -1), x = (1, 2)", ((1,), (-1,)), ("1", "2")),
    TorusInstance("R^* on R^2, weights (1, -1), x = (-3, 0)", ((1,), (-1,)), ("-3", "0")),
    TorusInstance("R^* on R^3, weights (2, -1, 0), x = (1, -2, 3)", ((2,), (-1,), (0,)), ("1", "-2", "3")),
    TorusInstance("(R^*)^2 on R^3, weights e1, e2, -e1-e2, x = (1, -2, 1/2)", ((1, 0), (0, 1), (-1, -1)),
                  ("1", "-2", "0.5")),
    TorusInstance("(R^*)^2 on R^3, weights e1, e2, -e1-e2, x = (1, 2, 0)", ((1, 0), (0, 1), (-1, -1)), ("1", "2", "0")),
    TorusInstance("(R^*)^2 on R^3, weights e1, -e1, e2 (0 on an edge), x = (1, -1, 2)", ((1, 0), (-1, 0), (0, 1)),
                  ("1", "-1", "2")),
    TorusInstance("(R^*)^2 on R^4, weights (1,1), (-1,0), (0,-1), (1,0), x = (1, 1, 0, 3)",
                  ((1, 1), (-1, 0), (0, -1), (1, 0)), ("1", "1", "0", "3")),
]


def one_parameter_limit(inst: TorusInstance) -> dict:
    """(d) for a torus, exactly: iterate Stiemke's certificate (:func:`dlnsym.git.torus.certificate`) on the support
    until ``0`` is in the relative interior (or the support is empty), and combine the ``lambda``'s into ONE
    one-parameter subgroup ``lambda = M lambda_1 + lambda_2 + ...`` (``M`` large enough that the pairings stay
    ``>= 0`` on the whole support and vanish exactly on the final one). Returns the final support, ``lambda``, the
    pairings and whether the final orbit is closed by the certificate."""
    from fractions import Fraction

    from .torus import certificate

    S = list(inst.support)
    lams = []
    while S:
        kind, cert = certificate([inst.weights[i] for i in S])
        if kind == "interior":
            break
        lams.append(cert)
        S = [i for i in S if sum(Fraction(c) * l for c, l in zip(inst.weights[i], cert)) == 0]
    k = inst.k
    lam = [Fraction(0)] * k
    for L in lams:                    # lambda = lam_1 M^(r-1) + lam_2 M^(r-2) + ...: the first one dominates
        lam = [x * 1000 + y for x, y in zip(lam, L)] if any(lam) else list(L)
    pair = {i: sum(Fraction(c) * l for c, l in zip(inst.weights[i], lam)) for i in inst.support}
    ok = all(v >= 0 for v in pair.values()) and {i for i, v in pair.items() if v == 0} == set(S)
    closed_final = (not S) or certificate([inst.weights[i] for i in S])[0] == "interior"
    return {"final_support": S, "lambda": lam, "pairings": pair, "one_subgroup": ok and bool(lams),
            "closed_final": closed_final, "steps": len(lams)}


# --------------------------------------------------------------------------- hypotheses dropped (exact)
_t = sympy.Symbol("t", real=True)


def noninvariant_real_12() -> dict:
    """``R^*`` on ``R^2``, weights ``(1, 2)``, ``|v|^2 = v^T P v``, ``P_12 = 99/100``: not ``K = {+-1}``-invariant
    (``(-1).v = (-v_1, v_2)``). On the orbit ``{(t, t^2)}`` (not closed: ``0`` in the closure)
    ``psi(t) = t^2 + (99/50) t^3 + t^4`` has the critical points ``t = -r``, ``4 r^2 - (297/50) r + 2 = 0``; the larger
    is a strict local minimum with ``psi > 0 = inf``: ``m = 0`` (with this norm) at a vector that is not minimal, on
    a non-closed orbit ((a) and (b) fail)."""
    q = sympy.Rational(99, 100)
    psi = _t ** 2 + 2 * q * _t ** 3 + _t ** 4
    crit = sorted(sympy.solve(sympy.diff(psi, _t) / _t, _t), key=lambda v: float(v))
    t0 = crit[0]                       # the more negative root
    val = sympy.radsimp(sympy.expand(psi.subs(_t, t0)))
    second = sympy.simplify(sympy.diff(psi, _t, 2).subs(_t, t0))
    P = sympy.Matrix([[1, q], [q, 1]])
    invariant = sympy.expand((sympy.Matrix([[-_t, _t ** 2]]) * P * sympy.Matrix([-_t, _t ** 2]))[0] - psi) == 0
    return {"name": "R^* on R^2, weights (1, 2), |v|^2 = v^T P v, P_12 = 99/100", "critical_point": t0,
            "value": val, "second_derivative": second, "k_invariant": invariant,
            "holds": not (sympy.simplify(second) > 0 and sympy.simplify(val) > 0)}


def noninvariant_real_1m2() -> dict:
    """``R^*`` on ``R^2``, weights ``(1, -2)``, ``P_12 = 1/2``: the orbit ``{(t, t^{-2})}`` is closed (``2 chi_1 +
    chi_2 = 0``); ``psi = t^2 + t^{-4} + t^{-1}`` has one critical point on each half-line (``t^3 = u``,
    ``2u^2 - u - 4 = 0``), with different values: a critical point that is not a minimum, and the minimal vectors
    are one point, not the ``K = {+-1}``-orbit of two points ((a) and (c) fail)."""
    psi = _t ** 2 + _t ** -4 + _t ** -1
    u = sympy.Symbol("u", real=True)
    roots = sympy.solve(2 * u ** 2 - u - 4, u)
    pts = [sympy.real_root(r, 3) if r > 0 else -sympy.real_root(-r, 3) for r in roots]
    grads = [sympy.simplify(sympy.diff(psi, _t).subs(_t, p)) for p in pts]
    vals = [sympy.simplify(psi.subs(_t, p)) for p in pts]
    differ = sympy.simplify(vals[0] - vals[1]) != 0
    return {"name": "R^* on R^2, weights (1, -2), x = (1, 1), P_12 = 1/2", "critical_points": pts, "gradients": grads,
            "values": [sympy.N(v, 12) for v in vals], "critical": all(g == 0 for g in grads),
            "holds": not differ}


def unipotent_quadratic_forms() -> dict:
    """Not reductive: the unipotent ``U = {u_s = [[1, s], [0, 1]]}`` acting on binary quadratic forms
    ``a x^2 + b xy + c y^2`` by ``x -> x + s y`` (``(a, b, c) -> (a, 2as + b, a s^2 + b s + c)``), standard norm,
    ``K = {1}``, ``Lie U = R``. At ``v = (1, 0, -5)``: ``psi(s) = s^4 - 6 s^2 + 26``, so ``m(v) = psi'(0)/2 = 0``, yet
    ``psi(+-sqrt 3) = 17 < 26``: ``v`` is not minimal ((a) fails), and the minimal vectors ``u_{+-sqrt 3}.v`` are two
    points, not one ``K``-orbit ((c) fails). (The orbit is closed, as every unipotent orbit on an affine variety:
    (b) holds here.)"""
    s = sympy.Symbol("s", real=True)
    a, b, c = 1, 0, -5
    w = (a, 2 * a * s + b, a * s ** 2 + b * s + c)
    psi = sympy.expand(sum(x ** 2 for x in w))
    crit = sympy.solve(sympy.diff(psi, s), s)
    vals = {str(p): psi.subs(s, p) for p in crit}
    m0 = sympy.diff(psi, s).subs(s, 0) / 2
    mins = [p for p in crit if psi.subs(s, p) == min(vals.values())]
    return {"name": "U (unipotent) on binary quadratic forms, v = x^2 - 5 y^2", "psi": psi, "m": m0,
            "values": vals, "minimal_vectors": len(mins), "holds": m0 != 0 or psi.subs(s, 0) == min(vals.values())}
