r"""Small exact examples for Theorems 13, 14 and 19: the hypotheses kept, and each one dropped.

Coordinates: ``z = x + i y = r e^{i theta}`` on ``C`` or ``C^*``; the Levi form of a real ``C^2`` function ``phi``
is ``(phi_xx + phi_yy)/4`` (``= d^2 phi / dz dz-bar``); for a radial ``phi = F(r)`` it is
``(F'' + F'/r)/4``. ``K = U(1)`` acts on ``C^*`` by rotation, so a ``K``-orbit is a circle ``|z| = r`` and a
``K``-invariant ``phi`` is radial.

Theorem 19 (Azad-Loeb), as printed: ``G`` complex reductive, ``K`` maximal compact, ``H`` a closed complex subgroup,
``phi : G/H -> C`` strictly plurisubharmonic; if its critical set is non-empty it is a ``K``-orbit and ``phi``
attains its global minimum on it.

* *Printed, fails* (:func:`al_not_invariant`): ``G = C^*``, ``H = {1}``, ``phi = |z - 2|^2`` (strictly psh,
  Levi form ``1``). Its critical set is ``{2}``, one point; the ``K``-orbit of ``2`` is the circle ``|z| = 2``, on
  which ``phi(-2) = 16 != 0``. The hypothesis that is missing: ``phi`` ``K``-invariant (and real-valued: a
  plurisubharmonic function takes real values).
* *Corrected, holds*: ``phi = a|z|^2 + b|z|^{-2}`` on ``C^*`` (:func:`al_cstar`): critical set the single circle
  ``r^4 = b/a``, minimum ``2 sqrt(ab)``; ``G/H = C^*/{+-1}`` with coordinate ``w = z^2`` and
  ``phi = |w| + 1/|w|`` (:func:`al_cstar_mod`); ``GL(2, C)`` examples in :mod:`dlnsym.git.checks_psh`.
* *Not strictly psh* (:func:`al_not_strict`): ``phi = h(log |z|)``, ``h(u) = ((|u| - 1)_+)^3`` (``C^2``, convex,
  flat on ``[-1, 1]``): ``K``-invariant and psh, not strictly; its critical set is the annulus
  ``e^{-1} <= |z| <= e``, a continuum of ``K``-orbits.
* *Not reductive* (:func:`al_not_reductive`): ``G = (C, +)`` (unipotent), ``K = {0}``, ``phi = |z^2 - 1|^2 +
  |z|^2/2`` (Levi form ``4|z|^2 + 1/2 > 0``; ``K``-invariant since ``K`` is trivial): critical set
  ``{0, +-sqrt(3)/2}``, three ``K``-orbits; ``0`` is not even a minimum.

Theorem 13/14 with a Hermitian norm that is not ``K``-invariant (``C^*`` on ``C^2``, ``K = U(1)``,
``|v|_P^2 = v^* P v``): weights ``(1, 2)``, ``x = (1, 1)`` (:func:`noninvariant_weights_12`): the orbit
``{(t, t^2)}`` is not closed (``0`` in its closure) yet ``psi`` has a critical point, a local minimum at
``t = -r_0`` with ``4 r_0^2 - (297/50) r_0 + 2 = 0``, for ``P_12 = 99/100``; the infimum ``0`` is not attained.
Weights ``(1, -1)``, ``P_12 = 1/2`` (:func:`noninvariant_weights_1m1`): the orbit ``{(t, 1/t)}`` is closed;
``psi = r^2 + r^{-2} + cos 2 theta`` has the critical points ``t = +-1`` (value 3, saddles) and ``t = +-i``
(value 1, the minima): not every critical point is a minimum, and the minima are two points, not a ``K``-orbit.
"""

from __future__ import annotations

import sympy

__all__ = ["levi_xy", "radial_analysis", "al_cstar", "al_cstar_mod", "al_not_invariant", "al_not_strict",
           "al_not_reductive", "noninvariant_weights_12", "noninvariant_weights_1m1"]

x, y = sympy.symbols("x y", real=True)
r = sympy.Symbol("r", positive=True)
E = sympy.E


def levi_xy(phi):
    """``(phi_xx + phi_yy)/4``, in canonical rational form."""
    return sympy.cancel((sympy.diff(phi, x, 2) + sympy.diff(phi, y, 2)) / 4)


def _radial(phi):
    """``F(r) = phi(r, 0)`` and whether ``phi`` is ``K``-invariant: the rotation generator ``x phi_y - y phi_x``
    vanishes identically (``K = U(1)`` is connected)."""
    inv = sympy.cancel(x * sympy.diff(phi, y) - y * sympy.diff(phi, x)) == 0
    return phi.subs({x: r, y: 0}), inv


def radial_analysis(F) -> dict:
    """For a radial ``phi = F(r)``: Levi form ``(F'' + F'/r)/4`` and the critical radii ``F'(r) = 0`` (SymPy)."""
    d1 = sympy.diff(F, r)
    levi = sympy.simplify((sympy.diff(F, r, 2) + d1 / r) / 4)
    crit = sympy.solve(sympy.Eq(sympy.simplify(d1), 0), r)
    return {"levi": levi, "critical_radii": crit}


def al_cstar(a=2, b=8) -> dict:
    """``phi = a|z|^2 + b|z|^{-2}`` on ``C^*``: ``K``-invariant, Levi ``a + b/|z|^4``, critical set one circle."""
    a, b = sympy.nsimplify(a), sympy.nsimplify(b)
    phi = a * (x ** 2 + y ** 2) + b / (x ** 2 + y ** 2)
    pol, inv = _radial(phi)
    ra = radial_analysis(pol)
    levi = sympy.cancel(levi_xy(phi).subs({x: r, y: 0}))
    strict = sympy.simplify(levi - (a + b / r ** 4)) == 0 and a > 0 and b > 0
    crit = ra["critical_radii"]
    vals = [sympy.simplify(pol.subs(r, c)) for c in crit]
    # global minimum: pol - 2 sqrt(ab) = (sqrt(a) r - sqrt(b)/r)^2 >= 0
    sos = sympy.simplify(pol - 2 * sympy.sqrt(a * b) - (sympy.sqrt(a) * r - sympy.sqrt(b) / r) ** 2) == 0
    return {"name": f"G = C^*, K = U(1), H = {{1}}, phi = {a}|z|^2 + {b}|z|^-2", "k_invariant": inv, "strict": strict,
            "levi": a + b / r ** 4, "critical": [f"|z| = {c}" for c in crit], "one_orbit": len(crit) == 1,
            "min_on_orbit": sos and len(vals) == 1 and sympy.simplify(vals[0] - 2 * sympy.sqrt(a * b)) == 0,
            "minimum": 2 * sympy.sqrt(a * b)}


def al_cstar_mod() -> dict:
    """``G/H = C^*/{+-1}``, coordinate ``w = z^2`` (``G/H -> C^*`` biholomorphic), ``phi = |w| + 1/|w|``:
    ``K``-invariant (``K = U(1)`` acts by ``w -> e^{2 i alpha} w``), Levi ``(1 + 1/|w|^2)/(4|w|)``, critical
    set ``|w| = 1``."""
    phi = sympy.sqrt(x ** 2 + y ** 2) + 1 / sympy.sqrt(x ** 2 + y ** 2)
    pol, inv = _radial(phi)
    ra = radial_analysis(pol)
    strict = sympy.simplify(ra["levi"] - (1 + 1 / r ** 2) / (4 * r)) == 0
    crit = ra["critical_radii"]
    return {"name": "G = C^*, H = {+-1} (G/H = C^* by w = z^2), phi = |w| + 1/|w|", "k_invariant": inv,
            "strict": strict, "levi": ra["levi"], "critical": [f"|w| = {c}" for c in crit],
            "one_orbit": len(crit) == 1, "min_on_orbit": len(crit) == 1 and pol.subs(r, crit[0]) == 2, "minimum": 2}


def al_not_invariant() -> dict:
    """``phi = |z - 2|^2`` on ``C^*``: strictly psh, not ``K``-invariant; critical set ``{2}``, not a ``K``-orbit."""
    phi = (x - 2) ** 2 + y ** 2
    _, inv = _radial(phi)
    levi = levi_xy(phi)
    crit = sympy.solve([sympy.diff(phi, x), sympy.diff(phi, y)], [x, y], dict=True)
    pts = [complex(s[x] + sympy.I * s[y]) for s in crit]
    # a K-orbit is a circle: the critical set {2} would have to contain phi's value at -2 as well
    on_circle = sympy.simplify(phi.subs({x: -2, y: 0}) - phi.subs({x: 2, y: 0}))
    return {"name": "G = C^*, K = U(1), H = {1}, phi = |z - 2|^2", "k_invariant": inv, "strict": levi == 1,
            "levi": levi, "critical": pts, "one_orbit": False,
            "why": f"critical set {pts} is finite, a K-orbit in C^* is a circle (phi(-2) - phi(2) = {on_circle})"}


def al_not_strict() -> dict:
    """``phi = h(log|z|)``, ``h(u) = ((|u| - 1)_+)^3``: ``K``-invariant, ``C^2``, psh, not strictly; critical set
    the annulus ``e^{-1} <= |z| <= e``."""
    u = sympy.Symbol("u", real=True)
    pieces = {"inner": (-u - 1) ** 3, "middle": sympy.Integer(0), "outer": (u - 1) ** 3}
    # C^2 across u = +-1: values, first and second derivatives agree
    c2 = all(sympy.diff(pieces["outer"], u, j).subs(u, 1) == 0 and sympy.diff(pieces["inner"], u, j).subs(u, -1) == 0
             for j in range(3))
    # Levi form of h(log r): h''(log r) / (4 r^2) >= 0 with equality on the middle piece
    levi = {k: sympy.simplify(sympy.diff(h, u, 2).subs(u, sympy.log(r)) / (4 * r ** 2)) for k, h in pieces.items()}
    psh = (sympy.simplify(levi["outer"].subs(r, E * sympy.exp(sympy.Symbol("s", positive=True)))).is_nonnegative
           and levi["middle"] == 0)
    deriv_middle = sympy.diff(pieces["middle"].subs(u, sympy.log(r)), r)
    return {"name": "G = C^*, phi = h(log|z|), h(u) = ((|u| - 1)_+)^3", "k_invariant": True, "c2": c2, "psh": psh,
            "strict": False, "levi_middle": levi["middle"], "critical": "e^-1 <= |z| <= e (phi' = "
            f"{deriv_middle} there)", "one_orbit": False, "minimum": 0}


def al_not_reductive() -> dict:
    """``G = (C, +)``, ``K = {0}``, ``phi = |z^2 - 1|^2 + |z|^2/2``: strictly psh, three critical points."""
    z = x + sympy.I * y
    phi = sympy.expand(((z ** 2 - 1) * sympy.conjugate(z ** 2 - 1)) + (x ** 2 + y ** 2) / 2)
    phi = sympy.simplify(sympy.re(phi))
    levi = sympy.simplify(levi_xy(phi))
    crit = sympy.solve([sympy.diff(phi, x), sympy.diff(phi, y)], [x, y], dict=True)
    pts = sorted({(s[x], s[y]) for s in crit if s[x].is_real and s[y].is_real}, key=lambda p: float(p[0]))
    vals = [sympy.nsimplify(phi.subs({x: p[0], y: p[1]})) for p in pts]
    return {"name": "G = (C, +) (not reductive), K = {0}, phi = |z^2 - 1|^2 + |z|^2/2", "k_invariant": True,
            "levi": levi, "strict": sympy.simplify(levi - (4 * (x ** 2 + y ** 2) + sympy.Rational(1, 2))) == 0,
            "critical": pts, "values": vals, "one_orbit": len(pts) == 1}


def _psi_P(weights, P, t_x, t_y):
    """``v(t)^* P v(t)`` for ``v(t) = (t^{w_1}, t^{w_2})``, ``t = t_x + i t_y``, as a real SymPy expression."""
    t = t_x + sympy.I * t_y
    v = sympy.Matrix([t ** w for w in weights])
    return sympy.simplify(sympy.expand((v.H * P * v)[0, 0]))


def noninvariant_weights_12() -> dict:
    """Theorem 13 without ``K``-invariance: ``C^*`` on ``C^2``, weights ``(1, 2)``, ``x = (1, 1)``,
    ``P = [[1, 99/100], [99/100, 1]]``: a critical point on a non-closed orbit."""
    q = sympy.Rational(99, 100)
    P = sympy.Matrix([[1, q], [q, 1]])
    psi = _psi_P((1, 2), P, x, y)
    r0 = (297 + sympy.sqrt(8209)) / 400
    grad = [sympy.simplify(sympy.diff(psi, v).subs({x: -r0, y: 0})) for v in (x, y)]
    H = sympy.hessian(psi, (x, y)).subs({x: -r0, y: 0})
    local_min = all(sympy.simplify(H[:i, :i].det()) > 0 for i in (1, 2))
    pd = P[0, 0] > 0 and P.det() > 0
    return {"name": "C^* on C^2, weights (1, 2), x = (1, 1), |v|^2 = v^* P v, P_12 = 99/100 (not U(1)-invariant)",
            "k_invariant": False, "critical_point": f"t = -({r0})", "gradient": grad,
            "critical": all(g == 0 for g in grad), "local_min": local_min, "closed": False,
            "closed_why": "t -> 0 gives 0, not in the orbit {(t, t^2) : t != 0}",
            "minimum": False, "min_why": f"psi > 0 on the orbit (P positive definite: {pd}) and psi(t) -> 0 as t -> 0"}


def noninvariant_weights_1m1() -> dict:
    """Theorem 14 without ``K``-invariance: weights ``(1, -1)``, ``x = (1, 1)``, ``P_12 = 1/2``: a closed orbit
    whose critical set contains saddles, and whose minima are two points."""
    P = sympy.Matrix([[1, sympy.Rational(1, 2)], [sympy.Rational(1, 2), 1]])
    psi = _psi_P((1, -1), P, x, y)
    pts = {"1": (1, 0), "-1": (-1, 0), "i": (0, 1), "-i": (0, -1)}
    info = {}
    for name, (a, b) in pts.items():
        g = [sympy.simplify(sympy.diff(psi, v).subs({x: a, y: b})) for v in (x, y)]
        info[name] = {"gradient_zero": all(v == 0 for v in g), "value": sympy.simplify(psi.subs({x: a, y: b}))}
    rr = x ** 2 + y ** 2  # r^2 + r^-2 + cos 2 theta in Cartesian coordinates
    formula = sympy.cancel(psi - (rr + 1 / rr + (x ** 2 - y ** 2) / rr)) == 0
    return {"name": "C^* on C^2, weights (1, -1), x = (1, 1), P_12 = 1/2 (not U(1)-invariant)", "formula": formula,
            "points": info, "global_min": 1,
            "every_critical_is_min": all(v["value"] == 1 for v in info.values() if v["gradient_zero"]),
            "minima_one_orbit": False,
            "why": "psi = r^2 + r^-2 + cos 2theta >= 1, equality iff r = 1, cos 2theta = -1: the two points +-i; the "
                   "K-orbit of i is the unit circle, where psi reaches 3"}
