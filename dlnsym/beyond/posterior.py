r"""Section 4.3, eq. (4.5): the prior (4.3) conditioned on ``X(W) = X``, derived (not assumed).

The paper: "condition on the end-to-end matrix X; the posterior measure is Gaussian measure restricted to
``(F_X, iota)``", with ``H^{(N-1)d^2}`` "the volume element obtained by restricting Lebesgue measure to ``F_X``". We
use the prior with the correction of the claim ``ou-equilibrium``, ``rho(W) ∝ exp(-beta kappa ||W||^2 / 2)`` (the
question below does not depend on that constant).

**The disintegration.** Write ``P = W_{N-1} \cdots W_1`` and use the graph coordinates ``u = (W_1, ..., W_{N-1})``
of ``F_X`` (full-rank ``X``): ``W_N = X P^{-1}``. The change of variables ``(u, X) -> W`` has Jacobian
``|det_R R_P|^{-1}`` (``R_P: V -> V P``; ``|det_R R_P| = |det P|^{d}`` over R, ``|det P|^{2d}`` over C), so for every
test function ``f``

.. math:: \int f \rho\, dW = \int dX \int_{F_X} f(W)\, \rho(W)\, |\det{}_R R_P|^{-1}\, du .

So the conditional law on ``F_X`` is ``rho |det_R R_P|^{-1} du`` (normalised). In the same coordinates the Hausdorff
measure of ``F_X`` is ``sqrt(det(D Psi^T D Psi)) du``, ``Psi(u) = (u, X P(u)^{-1})``, and linear algebra (Sylvester's
``det(I + U V) = det(I + V U)``) gives ``det(D Psi^T D Psi) = det(DX DX^*) / |det_R R_P|^2``. Hence, with the
normal Jacobian ``J(W) = sqrt(det(DX DX^*))``,

.. math:: \text{posterior} = \frac{\rho(W)}{J(W)}\, d\mathcal H(W) \Big/ \text{normalisation},

the coarea formula, here derived rather than assumed (:func:`disintegration_d1` does it in SymPy for ``d = 1``;
:func:`coarea_defect` checks the determinant identity at every size). The printed measure ``rho dH`` is the
posterior only if ``J`` is constant on ``F_X``, and it is not: along ``A_t = (t I, I, ..., I)``, ``J(A_t.W) -> oo``
as ``t -> oo`` (the term of ``DX DX^*`` from ``W_2`` grows like ``t^2``), for every ``N >= 2``, ``d``, R and C.

**In group coordinates** (Lemma 1, ``W = A.C``) the posterior is ``exp(-beta kappa ||A.C||^2 / 2)`` times the Haar
measure ``prod_k |det A_k|^{-d u_F} dA_k`` of ``GL(d)^{N-1}`` (:func:`haar_ratio` checks that
``sqrt(det(D Phi^T D Phi)) / J(A.C) * prod_k |det A_k|^{d u_F}`` does not depend on ``A``, ``Phi(A) = A.C``). So
``tilde Z_{beta,kappa} = c \int_{GL(d)^{N-1}} exp(-beta kappa ||A.C||^2/2) dHaar(A)``, the change of variables the
paper mentions, with the Haar measure.

**Small noise.** ``J`` is smooth and positive on ``F_X`` and ``U_d^{N-1}``-invariant, so the posterior still
concentrates on ``O_X`` (Theorem 1) and its limit is the ``U_d^{N-1}``-invariant probability on the orbit ``O_X``:
uniform. Only the prefactors change. For ``d = 1``, ``N = 2``, R (branch ``w = (s, x/s)``, ``s > 0``):
``e^{-beta kappa (s^2 + x^2/s^2)/2} ds / s`` (posterior) against ``e^{-beta kappa (s^2 + x^2/s^2)/2}
sqrt(1 + x^2/s^4) ds`` (printed).
"""

from __future__ import annotations

from typing import Sequence

import mpmath
import sympy

from ..formulas import act, end_to_end
from ..matrix import Dual, inv
from ..numeric.common import as_state, check_dps, round_out, working
from .dynamics import real_matrix

__all__ = ["disintegration_d1", "dX_matrix", "normal_jacobian_sq", "graph_area_sq", "right_mult_det",
           "coarea_defect", "haar_ratio", "jacobian_growth", "fibre_density_d1", "fibre_mass_near_orbit",
           "large_deviation_rate", "laplace_tail", "real_unit"]


def real_unit(field: str) -> int:
    """Real dimension of the field: 1 for R, 2 for C."""
    return 2 if field == "C" else 1


# --------------------------------------------------------------------------- d = 1, exactly (SymPy)
def _cmul(z, w):
    return (z[0] * w[0] - z[1] * w[1], z[0] * w[1] + z[1] * w[0])


def _cdiv(z, w):
    n = w[0] ** 2 + w[1] ** 2
    return ((z[0] * w[0] + z[1] * w[1]) / n, (z[1] * w[0] - z[0] * w[1]) / n)


def disintegration_d1(N: int, field: str) -> dict:
    r"""The disintegration of Lebesgue measure along ``W -> X(W)`` for ``d = 1``, in real coordinates (SymPy).

    Graph coordinates ``u`` = the real coordinates of ``w_1..w_{N-1}``; ``w_N = x / (w_1 \cdots w_{N-1})`` (complex
    arithmetic written out in real and imaginary parts). Computed, each from its definition:

    * ``jac``: the Jacobian determinant of the change of variables ``(u, x) -> W`` (the density of the conditional
      law in ``u`` is ``rho |jac|``);
    * ``area_sq``: ``det(D Psi^T D Psi)`` for the parametrisation ``Psi(u) = W(u, x)`` of the fibre (the Hausdorff
      measure is ``sqrt(area_sq) du``);
    * ``J_sq``: ``det(DX DX^T)`` for ``X(W) = w_N \cdots w_1`` (real Jacobian), evaluated on the fibre;
    * ``coarea``: ``jac^2 J_sq - area_sq``, which vanishes: the conditional density w.r.t. ``H`` is ``rho / J``;
    * ``ratio_sq``: (printed density / conditional density)^2 w.r.t. ``du`` = ``area_sq / jac^2`` (``= J_sq``), and
      ``ratio_derivative``: its derivative in the first coordinate, nonzero: the printed measure is not the posterior.
    """
    cpx = field == "C"
    xs = sympy.symbols("x_r x_i", real=True) if cpx else (sympy.Symbol("x", real=True),)
    u, ws = [], []
    for k in range(1, N):
        if cpx:
            a, b = sympy.symbols(f"a{k} b{k}", real=True)
            u += [a, b]
            ws.append((a, b))
        else:
            a = sympy.Symbol(f"a{k}", real=True)
            u.append(a)
            ws.append((a, sympy.Integer(0)))
    prod = (sympy.Integer(1), sympy.Integer(0))
    for w in ws:
        prod = _cmul(prod, w)
    x = (xs[0], xs[1] if cpx else sympy.Integer(0))
    W = ws + [_cdiv(x, prod)]
    Wc = [c for w in W for c in (w if cpx else w[:1])]
    Phi = sympy.Matrix(Wc)
    jac = sympy.factor(sympy.cancel(Phi.jacobian(u + list(xs)).det()))
    DPsi = Phi.jacobian(u)
    area_sq = sympy.cancel((DPsi.T * DPsi).det())
    p = [sympy.symbols(f"p{k} q{k}", real=True) if cpx else (sympy.Symbol(f"p{k}", real=True), sympy.Integer(0))
         for k in range(1, N + 1)]
    P = (sympy.Integer(1), sympy.Integer(0))
    for w in p:
        P = _cmul(P, w)
    free = [c for w in p for c in (w if cpx else w[:1])]
    DX = sympy.Matrix(list(P) if cpx else [P[0]]).jacobian(free)
    J_sq = sympy.expand((DX * DX.T).det()).subs(dict(zip(free, Wc)))
    coarea = sympy.cancel(jac ** 2 * J_sq - area_sq)
    ratio_sq = sympy.cancel(area_sq / jac ** 2)
    return {"u": u, "x": xs, "W": W, "jac": jac, "area_sq": area_sq, "J_sq": sympy.cancel(J_sq), "coarea": coarea,
            "ratio_sq": ratio_sq, "ratio_derivative": sympy.cancel(sympy.diff(ratio_sq, u[0]))}


# --------------------------------------------------------------------------- every size, numerically
def dX_matrix(W: Sequence, field: str) -> mpmath.matrix:
    """The real matrix of ``V -> dX_W(V) = d/dtau X(W + tau V)`` (``u_F d^2 x u_F N d^2``), by jets."""
    N, d = len(W), W[0].rows
    return real_matrix(lambda V: [end_to_end([Dual(w, v) for w, v in zip(W, V)]).der], d, field, N)


def _det_gram(M: mpmath.matrix, rows: bool) -> mpmath.mpf:
    """``det(M M^T)`` (``rows=True``) or ``det(M^T M)``."""
    return mpmath.det(M * M.T if rows else M.T * M)


def normal_jacobian_sq(W: Sequence, field: str):
    """``J(W)^2 = det(DX DX^T)``, the squared normal Jacobian of ``W -> X(W)`` (real coordinates)."""
    return _det_gram(dX_matrix(W, field), rows=True)


def graph_area_sq(W: Sequence, field: str):
    r"""``det(D Psi^T D Psi)`` at ``u = (W_1, ..., W_{N-1})`` for the graph ``Psi(u) = (u, X P(u)^{-1})`` of ``F_X``,
    ``X = X(W)`` fixed: the square of the Hausdorff area element in the graph coordinates."""
    N, d = len(W), W[0].rows
    X = end_to_end(W)

    def dpsi(V):
        P = end_to_end([Dual(w, v) for w, v in zip(W[:-1], V)]) if N > 2 else Dual(W[0], V[0])
        top = (Dual(X, X * 0) @ inv(P)).der
        return list(V) + [top]

    return _det_gram(real_matrix(dpsi, d, field, N - 1), rows=False)


def right_mult_det(P, field: str):
    """``|det_R R_P|`` for ``R_P: V -> V P`` on ``M_d(F)`` (computed from its real matrix)."""
    return abs(mpmath.det(real_matrix(lambda V: [V[0] @ P], P.rows, field, 1)))


def coarea_defect(W: Sequence, field: str, *, dps: int = 50) -> dict:
    r"""``det(D Psi^T D Psi) |det_R R_P|^2 / J^2 - 1`` at ``W`` (zero: the conditional density w.r.t. ``H`` is
    ``rho / J``), together with ``|det_R R_P|`` against the closed form ``|det P|^{d u_F}``."""
    check_dps(dps)
    with working(dps):
        W = as_state(W)
        d = W[0].rows
        P = end_to_end(W[:-1]) if len(W) > 2 else W[0]
        J2, G, R = normal_jacobian_sq(W, field), graph_area_sq(W, field), right_mult_det(P, field)
        closed = abs(mpmath.det(P)) ** (d * real_unit(field))
        out = {"defect": abs(G * R ** 2 / J2 - 1), "det_R": abs(R / closed - 1), "J": mpmath.sqrt(J2)}
    return {k: round_out(v, dps) for k, v in out.items()}


def haar_ratio(A: Sequence, C: Sequence, field: str, *, dps: int = 50):
    r"""``sqrt(det(D Phi^T D Phi)) / J(A.C) * prod_k |det A_k|^{d u_F}`` for ``Phi: A -> A.C`` (1.6), ``D Phi`` in the
    coordinates (entries) of ``A`` (jets along ``A + tau V``). The pull-back of the posterior ``rho dH / J`` to the
    coordinates ``A`` has density ``rho sqrt(det(D Phi^T D Phi)) / J``, so this is constant in ``A`` iff that pull-back
    is ``rho`` times the Haar measure ``prod_k |det A_k|^{-d u_F} dA`` (up to a constant)."""
    check_dps(dps)
    with working(dps):
        N, d = len(C), C[0].rows

        def dphi(V):
            return [x.der for x in act([Dual(a, v) for a, v in zip(A, V)], [Dual(c, c * 0) for c in C])]

        area = mpmath.sqrt(_det_gram(real_matrix(dphi, d, field, N - 1), rows=False))
        haar = mpmath.fprod(abs(mpmath.det(a)) ** (d * real_unit(field)) for a in A)
        value = area / mpmath.sqrt(normal_jacobian_sq(act(A, C), field)) * haar
        return round_out(value, dps)


def jacobian_growth(W: Sequence, field: str, ts=(1, 2, 4, 8), *, dps: int = 50) -> list:
    r"""``J(A_t.W)`` for ``A_t = (t I, I, ..., I)``: it grows without bound (at least like ``t^{d^2 u_F}``), so ``J`` is
    not constant on ``F_X`` and the printed measure ``rho dH`` is not the posterior ``rho dH / J``."""
    check_dps(dps)
    with working(dps):
        W = as_state(W)
        N, d = len(W), W[0].rows
        out = []
        for t in ts:
            A = [mpmath.eye(d) * mpmath.mpf(t)] + [mpmath.eye(d) for _ in range(N - 2)]
            out.append(mpmath.sqrt(normal_jacobian_sq(act(A, W), field)))
        return round_out(out, dps)


# --------------------------------------------------------------------------- d = 1, N = 2: quadrature along the fibre
def fibre_density_d1(s, x, beta, kappa=1, measure: str = "corrected"):
    r"""Unnormalised density, w.r.t. ``ds``, of the conditioned prior on the branch ``w = (s, x/s)``, ``s > 0``, of
    ``w_2 w_1 = x`` (``d = 1, N = 2``, R), prior ``exp(-beta kappa |w|^2 / 2)`` (``ou-equilibrium``, corrected):

    * ``measure="corrected"`` (the posterior, :func:`disintegration_d1`): ``e^{-beta kappa (s^2 + x^2/s^2)/2} / s``;
    * ``measure="printed"`` (``rho`` times arc length ``H^1``): ``e^{-beta kappa (s^2 + x^2/s^2)/2} sqrt(1 + x^2/s^4)``.
    """
    s, x = mpmath.mpmathify(s), mpmath.mpmathify(x)
    g = mpmath.exp(-beta * kappa * (s ** 2 + x ** 2 / s ** 2) / 2)
    if measure == "corrected":
        return g / s
    if measure == "printed":
        return g * mpmath.sqrt(1 + x ** 2 / s ** 4)
    raise ValueError(f"measure={measure!r}: 'corrected' (the posterior rho/J dH) or 'printed' (rho dH, (4.5))")


def _ball_interval(x, eps, centre):
    """The ``s > 0`` with ``|(s, x/s) - centre| < eps``: an interval ``(s_-, s_+)`` around the fibre point nearest
    ``centre`` (root finding on the squared distance)."""
    c1, c2 = centre
    f = lambda s: (s - c1) ** 2 + (x / s - c2) ** 2 - eps ** 2  # noqa: E731
    s0 = mpmath.findroot(lambda s: (s - c1) - (x / s - c2) * x / s ** 2, c1 if c1 > 0 else mpmath.sqrt(x))
    if f(s0) >= 0:
        return None
    lo = mpmath.findroot(f, (s0 / 4 if f(s0 / 4) > 0 else s0 / 1000, s0), solver="bisect")
    hi = s0 * 2
    while f(hi) < 0:
        hi *= 2
    hi = mpmath.findroot(f, (s0, hi), solver="bisect")
    return lo, hi


def fibre_mass_near_orbit(x, beta, eps, *, kappa=1, centre=None, measure: str = "corrected", dps: int = 30) -> tuple:
    r"""The mass of the conditioned prior (``d = 1, N = 2``, R, fibre ``w_2 w_1 = x > 0``, :func:`fibre_density_d1`)
    within Euclidean distance ``eps`` of ``O_X = {+-(sqrt x, sqrt x)}`` (or of ``+-centre``).

    ``w -> -w`` exchanges the two branches and preserves the density and ``O_X``, so the mass is computed on the
    branch ``s > 0``. Returns ``(mass, 1 - mass)``, the second computed as the integral outside the ball."""
    check_dps(dps)
    with working(dps):
        x, beta, eps, kappa = (mpmath.mpmathify(v) for v in (x, beta, eps, kappa))
        if x <= 0:
            raise ValueError(f"x = {x}: this computation takes the fibre w2 w1 = x with x > 0 (Section 4.3)")
        if beta <= 0 or kappa <= 0 or eps <= 0:
            raise ValueError("beta, kappa and eps must be positive (Sections 4.2-4.3)")
        r = mpmath.sqrt(x)
        centre = (r, r) if centre is None else tuple(mpmath.mpmathify(c) for c in centre)
        dens = lambda s: fibre_density_d1(s, x, beta, kappa, measure)  # noqa: E731
        iv = _ball_interval(x, eps, centre)
        w = 1 / mpmath.sqrt(4 * beta * kappa)  # the width of the peak at s = sqrt x
        marks = {r / 8, r / 4, r / 2, r - 8 * w, r - w, r, r + w, r + 8 * w, 2 * r, 4 * r}
        lo, hi = (r, r) if iv is None else iv
        marks |= {lo + (hi - lo) * k / 8 for k in range(9)}

        def piece(a, b):
            pts = sorted({a, b} | {p for p in marks if a < p < b})
            return mpmath.quad(dens, pts) if len(pts) > 1 else mpmath.mpf(0)

        left, core = piece(mpmath.mpf(0), lo), piece(lo, hi)
        right = piece(hi, 8 * r) + mpmath.quad(dens, [8 * r, mpmath.inf])
        total = left + core + right
        return round_out(core / total, dps), round_out((left + right) / total, dps)


def large_deviation_rate(x, eps, *, kappa=1, dps: int = 30) -> mpmath.mpf:
    r"""``-lim (1/beta) log(1 - m_beta) = (kappa / 2) min_{|w - O_X| >= eps} (||w||^2 - 2x)`` (Laplace's principle,
    ``d = 1, N = 2``, prior ``exp(-beta kappa ||w||^2/2)``); the density factor ``1/s`` (or the printed
    ``sqrt(1 + x^2/s^4)``) does not enter the rate. ``||w||^2 = s^2 + x^2/s^2`` increases away from ``s = sqrt x``,
    so the minimum is attained where the fibre leaves the ball."""
    with working(dps):
        x, eps, kappa = (mpmath.mpmathify(v) for v in (x, eps, kappa))
        r = mpmath.sqrt(x)
        lo, hi = _ball_interval(x, eps, (r, r))
        return round_out(kappa / 2 * (min(s ** 2 + x ** 2 / s ** 2 for s in (lo, hi)) - 2 * x), dps)


def laplace_tail(beta, eps, *, kappa=1):
    r"""Laplace's prediction for the mass farther than ``eps`` from ``O_X`` (``d = 1, N = 2``): near ``s = sqrt x``
    the exponent is ``beta kappa (2x + 4 (s - sqrt x)^2 + ...)/2`` and the distance to ``(sqrt x, sqrt x)`` is
    ``sqrt 2 |s - sqrt x|``, so the distance is half-normal with variance ``1/(2 beta kappa)``: the tail is
    ``erfc(eps sqrt(beta kappa))``."""
    return mpmath.erfc(mpmath.mpmathify(eps) * mpmath.sqrt(mpmath.mpmathify(beta) * mpmath.mpmathify(kappa)))
