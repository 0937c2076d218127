r"""The Levi form (complex Hessian) of the Schatten sums (3.8), by its definition and in closed form.

For a real function ``f`` on ``M_d(C)`` and a direction ``v``, the Levi form is

.. math:: L_f(W)[v] = \frac{\partial^2}{\partial s\,\partial\bar s} f(W + s v)\Big|_{s=0}
          = \frac14\Big(\frac{\partial^2}{\partial x^2} + \frac{\partial^2}{\partial y^2}\Big) f(W + (x+iy)v)\Big|_0,

a Hermitian form in ``v`` (``f`` is plurisubharmonic iff ``L_f >= 0``, strictly iff ``L_f > 0``). The sum (3.8),
``f(W) = sum_k ||W_k||_p``, is a sum of functions of separate layers, so its Levi form on ``M_d^N(C)`` is block
diagonal, one block ``L_{||.||_p}(W_k)`` per layer; only the blocks are computed.

**By the definition** (:func:`levi_numeric`): central second differences in ``x`` and ``y`` with step
``h = 10^-(dps+10)/2``, at ``2 dps + 20`` working digits (truncation ``O(h^2)`` and rounding ``10^-(2dps+20)/h^2``
are both ``~10^-(dps+10)``), polarised on the matrix units ``E_ab``:
``Re L_ab = (L[E_a + E_b] - L_aa - L_bb)/2``, ``Im L_ab = -(L[E_a + i E_b] - L_aa - L_bb)/2``, so that
``L[v] = v^* L v``. The singular values of each perturbed matrix are computed once and serve every ``p``.

**In closed form** (:func:`levi_closed`, derived here). Let ``W = U diag(sigma) V^*`` be invertible,
``n = ||W||_p``, ``E = U^* v V``. Second-order perturbation of the singular values (the ``2 x 2`` block
``[[sigma_i, t E_ij], [t E_ji, sigma_j]]`` has ``s_1^2 + s_2^2`` and ``s_1 s_2`` known exactly; the diagonal entry
``sigma_i + i t Im E_ii`` has modulus ``sigma_i + t^2 (Im E_ii)^2 / (2 sigma_i) + ...``) gives the real Hessian of
``g(sigma(W))``, ``g = l^p``:

.. math:: D^2 f[v, v] = \sum_{ij} \partial_{ij} g\, \mathrm{Re}E_{ii}\mathrm{Re}E_{jj}
          + \sum_i \frac{g_i}{\sigma_i}(\mathrm{Im}E_{ii})^2
          + \sum_{i<j}\tfrac12\big(a_{ij}|E_{ij} + \bar E_{ji}|^2 + b_{ij}|E_{ij} - \bar E_{ji}|^2\big),

``g_i = sigma_i^{p-1} n^{1-p}``, ``a_ij = (g_i - g_j)/(sigma_i - sigma_j)``, ``b_ij = (g_i + g_j)/(sigma_i + sigma_j)``.
Adding ``D^2 f[iv, iv]`` (``E -> iE``) and using ``|x + y|^2 + |x - y|^2 = 2|x|^2 + 2|y|^2`` and
``a_ij + b_ij = 2 n^{1-p} (sigma_i^p - sigma_j^p)/(sigma_i^2 - sigma_j^2)``:

.. math:: L_f(W)[v] = \frac{n^{1-p}}{4}\Big(\sum_{i,j} c_{ij}|E_{ij}|^2
          + \frac{1-p}{n^p}\Big|\sum_i \sigma_i^{p-1}E_{ii}\Big|^2\Big),\qquad
          c_{ij} = \frac{2(\sigma_i^p - \sigma_j^p)}{\sigma_i^2 - \sigma_j^2},\quad c_{ii} = p\,\sigma_i^{p-2}.

Positivity, for every ``0 < p < oo`` at every invertible ``W``: ``c_ij > 0``, and on the diagonal entries the form
is ``p sum sigma_i^{p-2}|e_i|^2 + (1-p)|sum sigma_i^{p-1} e_i|^2 / n^p``, which for ``p <= 1`` is a sum of
nonnegative terms and for ``p > 1`` is at least ``sum sigma_i^{p-2}|e_i|^2`` by Cauchy-Schwarz,
``|sum sigma_i^{p-1} e_i|^2 <= (sum sigma_i^{p-2}|e_i|^2)(sum sigma_i^p)``. At ``p = 1``:
``L[v] = 1/2 sum_ij |E_ij|^2 / (sigma_i + sigma_j)``, smallest eigenvalue ``1/(4 sigma_max)``. (The *real* Hessian
of the nuclear norm does vanish, along ``v = U S V^*`` with ``S`` Hermitian: ``t -> ||W + t v||_1`` is affine there.
The Levi form adds ``D^2 f[iv, iv] > 0``.)

Where a layer is singular the closed form degenerates for ``p > 2``: ``c_jj = p sigma_j^{p-2} -> 0`` as
``sigma_j -> 0``, and at ``sigma_j = 0`` the exact restriction ``s -> ||W + s u_j v_j^*||_p = (sum_{i != j}
sigma_i^p + |s|^p)^{1/p}`` has ``d^2/ds ds-bar = 0`` at ``s = 0`` (:func:`singular_direction_levi`).

Precision: every function takes ``dps``; nothing sets the global precision.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Iterable, Sequence

import mpmath

from ..matrix import adj
from .common import as_mp, check_dps, round_out, working
from .section1 import svd_sorted

__all__ = ["as_exponent", "schatten_from_singular", "levi_numeric", "levi_of", "levi_closed", "levi_closed_eigenvalues",
           "levi_min_closed", "singular_direction_levi", "real_hessian_nuclear_kernel", "levi_step"]


def as_exponent(p) -> mpmath.mpf:
    """``p`` (int, ``Fraction``, ``"3/2"``, mpf) as an mpf at the current precision; ``ValueError`` unless
    ``0 < p < oo``."""
    if isinstance(p, bool):
        raise ValueError(f"p={p!r} is not a number")
    if isinstance(p, Fraction):
        val = mpmath.mpf(p.numerator) / p.denominator
    elif isinstance(p, str) and "/" in p:
        a, b = p.split("/")
        val = mpmath.mpf(a) / mpmath.mpf(b)
    else:
        val = mpmath.mpf(p)
    if not (val > 0 and mpmath.isfinite(val)):
        raise ValueError(f"p={p!r}: the Schatten (quasi-)norm ||W||_p = (sum sigma_i^p)^(1/p) needs 0 < p < oo")
    return val


def schatten_from_singular(s: Iterable, p) -> mpmath.mpf:
    """``(sum_i s_i^p)^(1/p)`` (caller's precision)."""
    return mpmath.fsum(abs(x) ** p for x in s) ** (1 / p)


def levi_step(dps: int):
    """The finite-difference step of :func:`levi_numeric`: ``10^-((dps + 10)/2)``."""
    return mpmath.mpf(10) ** (-mpmath.mpf(dps + 10) / 2)


def _units(d: int) -> list:
    out = []
    for a in range(d * d):
        E = mpmath.matrix(d, d)
        E[a // d, a % d] = 1
        out.append(E)
    return out


def _levi_by_definition(values, W, h):
    """The Levi forms (one per component of ``values``) at ``W`` by central differences with step ``h``,
    polarised on the matrix units (caller's precision): a list of Hermitian mpmath matrices."""
    d = W.rows
    E = _units(d)
    n = d * d
    f0 = values(W)

    def L(v):
        acc = [mpmath.mpf(0)] * len(f0)
        for z in (h, -h, mpmath.mpc(0, 1) * h, mpmath.mpc(0, -1) * h):
            acc = [a + b for a, b in zip(acc, values(W + v * z))]
        return [(a - 4 * b) / (4 * h * h) for a, b in zip(acc, f0)]

    diag = [L(E[a]) for a in range(n)]
    out = [mpmath.matrix(n, n) for _ in f0]
    for a in range(n):
        for i in range(len(f0)):
            out[i][a, a] = diag[a][i]
    for a in range(n):
        for b in range(a + 1, n):
            lr, li = L(E[a] + E[b]), L(E[a] + E[b] * mpmath.mpc(0, 1))
            for i in range(len(f0)):
                z = mpmath.mpc((lr[i] - diag[a][i] - diag[b][i]) / 2, -(li[i] - diag[a][i] - diag[b][i]) / 2)
                out[i][a, b] = z
                out[i][b, a] = mpmath.conj(z)
    return out


def levi_numeric(W, ps: Sequence, *, dps: int = 50) -> dict:
    r"""The Levi form of ``M -> ||M||_p`` at the ``d x d`` matrix ``W`` for each ``p`` in ``ps``, from its definition
    (module docstring): a dict ``p -> (d^2 x d^2 Hermitian mpmath matrix)`` in the basis of matrix units
    (row-major), rounded to ``dps``."""
    check_dps(dps)
    with working(2 * dps + 5):  # 2 dps + 20 digits
        W = as_mp(W) * mpmath.mpc(1)
        pv = [as_exponent(p) for p in ps]

        def values(M):
            s = mpmath.svd_c(M, compute_uv=False)
            return [schatten_from_singular(s, p) for p in pv]

        mats = _levi_by_definition(values, W, levi_step(dps))
        return {p: round_out(M, dps) for p, M in zip(ps, mats)}


def levi_of(f, W, *, dps: int = 50):
    r"""The Levi form of a real function ``f`` of one complex ``d x d`` matrix at ``W``, by the definition (same
    differences and working precision as :func:`levi_numeric`; ``f`` is evaluated at ``2 dps + 20`` digits)."""
    check_dps(dps)
    with working(2 * dps + 5):
        W = as_mp(W) * mpmath.mpc(1)
        (M,) = _levi_by_definition(lambda A: [f(A)], W, levi_step(dps))
        return round_out(M, dps)


def _c(si, sj, p):
    """``c_ij = 2 (s_i^p - s_j^p)/(s_i^2 - s_j^2)``, ``p s^(p-2)`` at ``s_i = s_j`` (free of cancellation)."""
    if si == sj:
        return p * si ** (p - 2)
    u = (si * si - sj * sj) / (sj * sj)  # (s_i^2 - s_j^2)/s_j^2
    # s_i^p - s_j^p = s_j^p ((1 + u)^(p/2) - 1)
    return 2 * sj ** (p - 2) * mpmath.expm1((p / 2) * mpmath.log1p(u)) / u


def _frame_form(s, p, scale: mpmath.mpf = mpmath.mpf(1)):
    """The Levi form in the frame ``E = U^* v V`` (row-major ``E_ij``), as a Hermitian ``d^2 x d^2`` matrix."""
    d = len(s)
    n = schatten_from_singular(s, p)
    D = mpmath.matrix(d * d, d * d)
    pref = scale * n ** (1 - p) / 4
    for i in range(d):
        for j in range(d):
            D[i * d + j, i * d + j] = pref * _c(s[i], s[j], p)
    u = [x ** (p - 1) for x in s]
    for i in range(d):
        for j in range(d):
            D[i * d + i, j * d + j] += pref * (1 - p) * u[i] * u[j] / n ** p
    return D


def levi_closed(W, p, *, dps: int = 50, wrong: str | None = None):
    r"""The closed form of the module docstring for the Levi form of ``||.||_p`` at an invertible ``W``, as a
    Hermitian matrix in the basis of matrix units of ``v`` (``L[v] = v^* L v``), rounded to ``dps``.

    ``wrong="laplacian"`` returns the classic mis-normalisation ``(d_x^2 + d_y^2) f`` (four times the Levi form),
    the negative control of the comparison with :func:`levi_numeric`."""
    check_dps(dps)
    with working(dps):
        W = as_mp(W) * mpmath.mpc(1)
        p = as_exponent(p)
        U, s, V = svd_sorted(W)
        if min(s) <= 0:
            raise ValueError("the closed form of the Levi form needs an invertible W (all singular values > 0)")
        d = W.rows
        D = _frame_form(s, p, mpmath.mpf(4) if wrong == "laplacian" else mpmath.mpf(1))
        # T vec(v) = vec(U^* v V): T[(i,j),(k,l)] = conj(U_ki) V_lj
        T = mpmath.matrix(d * d, d * d)
        for i in range(d):
            for j in range(d):
                for k in range(d):
                    for l in range(d):
                        T[i * d + j, k * d + l] = mpmath.conj(U[k, i]) * V[l, j]
        return round_out(adj(T) * D * T, dps)


def levi_closed_eigenvalues(s, p) -> list:
    """The eigenvalues of the closed-form Levi form from the singular values ``s`` alone (caller's precision):
    ``n^(1-p) c_ij / 4`` for ``i != j`` and the eigenvalues of the diagonal block."""
    p = as_exponent(p)
    d = len(s)
    D = _frame_form(list(s), p)
    off = [D[i * d + j, i * d + j] for i in range(d) for j in range(d) if i != j]
    blk = mpmath.matrix([[D[i * d + i, j * d + j] for j in range(d)] for i in range(d)])
    return sorted(list(mpmath.eigsy(blk, eigvals_only=True)) + off)


def levi_min_closed(s, p) -> mpmath.mpf:
    """The smallest eigenvalue of the closed form (for ``p = 1``: ``1/(4 sigma_max)``)."""
    return levi_closed_eigenvalues(s, p)[0]


def singular_direction_levi(p, rest=(1,)):
    r"""Exact: ``d^2/ds ds-bar`` at ``s = 0`` of ``g(|s|) = (A + |s|^p)^(1/p)``, ``A = sum rest_i^p``: the Levi form
    of ``||.||_p`` at ``W = U diag(rest, 0) V^*`` along ``u_d v_d^*`` (the singular vectors of the zero singular
    value), since the singular values of ``W + s u_d v_d^*`` are ``rest`` and ``|s|``. For a radial ``g(r)`` the
    Levi form is ``(g'' + g'/r)/4``; returns its limit as ``r -> 0+`` (a SymPy number, or ``oo`` when ``f`` is not
    ``C^2`` there). ``0`` for ``p > 2``, ``1/(2 A^(1/2))`` for ``p = 2``, ``oo`` for ``p < 2``."""
    import sympy

    r = sympy.Symbol("r", positive=True)
    p = sympy.nsimplify(p)
    A = sum(sympy.nsimplify(x) ** p for x in rest)
    g = (A + r ** p) ** (1 / p)
    expr = (sympy.diff(g, r, 2) + sympy.diff(g, r) / r) / 4
    return sympy.limit(sympy.simplify(expr), r, 0, "+")


def real_hessian_nuclear_kernel(W, S, *, dps: int = 50) -> dict:
    r"""At an invertible ``W = U Sigma V^*`` and for Hermitian ``S``: the real second derivatives of the nuclear norm
    along ``v = U S V^*`` and along ``iv``, by central differences (``t -> ||W + t v||_1`` is affine, so the first
    is zero; the second is ``2 sum_ij |S_ij|^2/(sigma_i + sigma_j)``), and the Levi form ``(D^2[v] + D^2[iv])/4``.
    Returns mpf values rounded to ``dps``: ``hess_v``, ``hess_iv``, ``levi``, ``predicted_hess_iv``."""
    check_dps(dps)
    with working(2 * dps + 5):
        W = as_mp(W) * mpmath.mpc(1)
        S = as_mp(S)
        U, s, V = svd_sorted(W)
        v = U * S * adj(V)
        h = levi_step(dps)

        def f(M):
            return mpmath.fsum(mpmath.svd_c(M, compute_uv=False))

        f0 = f(W)
        d2 = [(f(W + w * h) + f(W - w * h) - 2 * f0) / (h * h) for w in (v, v * mpmath.mpc(0, 1))]
        pred = 2 * mpmath.fsum(abs(S[i, j]) ** 2 / (s[i] + s[j]) for i in range(len(s)) for j in range(len(s)))
        return {k: round_out(x, dps) for k, x in
                {"hess_v": d2[0], "hess_iv": d2[1], "levi": (d2[0] + d2[1]) / 4, "predicted_hess_iv": pred}.items()}
