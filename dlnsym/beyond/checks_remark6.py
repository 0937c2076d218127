r"""Remark 6: the regularizing flow (1.17) uses the metric ``iota`` induced on ``F_X`` by the Euclidean metric, not
the *normal metric* of the balancing flows of Helmke and Moore.

Both metrics live on the orbit ``F_X = GL(d)^{N-1}.W`` (Lemma 1, full-rank ``X``), whose tangent space is spanned by
the orbit directions ``w_a`` (2.2)-(2.3). Let ``T`` be the real matrix whose columns are ``w_a`` over a real
orthonormal basis of ``a`` in ``gl(d)^{N-1}``, and ``v`` the real coordinates of ``W``, so that
``dF(W) w_a = <W, w_a> = (T^T v) . a`` for ``F = 1/2 ||W||^2``. A metric on the orbit is a Gram matrix ``M`` in the
``a`` coordinates, and the gradient of ``F`` for it is ``T M^{-1} T^T v``:

* the **induced metric** ``iota`` is ``<w_a, w_c> = Re Tr(...)`` of the vectors themselves: ``M = T^T T``, and the
  gradient is the Euclidean projection of ``W`` onto ``T_W F_X``. That it equals ``w_b`` with ``H(b) = G`` is what
  (1.17) and Lemma 5 say (:func:`check_induced`);
* the **normal metric** carries the Lie algebra's inner product to the orbit, ``<w_a, w_c> = <a, c>``: ``M = I``
  and the gradient is ``w_{a*}`` with ``a* = T^T v``, which by Lemma 2 is ``w_G``. Its flow ``dW/dt = -w_G`` is a
  different flow: for ``d >= 2`` (and for ``d = 1, N >= 3``) not even parallel to (1.17), and along it
  ``dG/dt = -2 H(G) != -2G``, so Theorem 2's uniform rate belongs to the induced metric (:func:`check_normal`).
  For ``d = 1, N = 2``, ``H`` is the scalar ``w_1^2 + w_2^2`` and the two flows differ by a time change only
  (:func:`check_parallel_d1`).

Everything is computed from ``T`` and jets of the definitions (1.11), (2.3); the flow's own gradient comes from
:func:`~dlnsym.numeric.solve.regularizing_gradient` (the structured solve of ``H(b) = G``). Tolerances
``10^-(dps-10)``; the differences are at least ``10^-3`` in relative size at the seeded states.
"""

from __future__ import annotations

import mpmath

from ..formulas import moments, tangent_vector
from ..matrix import Dual
from ..numeric.common import random_state, tol, working
from ..numeric.solve import regularizing_gradient
from .dynamics import _basis, _coords, _from_coords

__all__ = ["metric_gradients", "dG_along", "rate_defect", "parallel_defect", "check_induced", "check_normal",
           "check_parallel_d1"]

#: the size below which a relative difference does not count as "different"
DIFFERENT = mpmath.mpf("1e-3")


def _norm(v) -> mpmath.mpf:
    return mpmath.sqrt(mpmath.fsum(x * x for x in v))


def metric_gradients(W, field: str, *, dps: int = 50) -> dict:
    """The gradients of ``F = 1/2 ||W||^2`` on the orbit for the induced and the normal metric, in real coordinates
    of ``M_d^N``, from the matrix ``T`` of orbit directions (module docstring); also the flow's ``w_b`` (1.17)."""
    N, d = len(W), W[0].rows
    with working(dps):
        basis = _basis(d, field, N - 1)
        cols = [_coords(tangent_vector(W, a), field) for a in basis]
        T = mpmath.matrix(len(cols[0]), len(cols))
        for j, c in enumerate(cols):
            for i, x in enumerate(c):
                T[i, j] = x
        v = mpmath.matrix(_coords(W, field))
        Ttv = T.T * v                                   # dF(W) w_a over the basis a
        induced = T * mpmath.lu_solve(T.T * T, Ttv)     # Gram M = T^T T
        normal = T * Ttv                                # Gram M = I
        flow = _coords(regularizing_gradient(W, dps=dps), field)
        return {"induced": list(induced), "normal": list(normal), "flow": flow, "T": T}


def dG_along(W, V_coords, field: str) -> list:
    """``dG_W(V)`` by jets of the definition (1.11), for ``V`` given in real coordinates."""
    N, d = len(W), W[0].rows
    V = _from_coords(V_coords, d, field, N)
    return [g.der for g in moments([Dual(w, u) for w, u in zip(W, V)])]


def rate_defect(W, V, field) -> mpmath.mpf:
    """``|dG_W(-V) + 2G| / |G|``: zero iff the velocity ``-V`` gives ``dG/dt = -2G`` at ``W``."""
    G = moments(W)
    dG = dG_along(W, [-x for x in V], field)
    num = _norm(_coords([a + 2 * g for a, g in zip(dG, G)], field))
    return num / _norm(_coords(G, field))


def parallel_defect(u, v) -> mpmath.mpf:
    """``min_c |u - c v| / |u|``: zero iff ``u`` and ``v`` are parallel."""
    c = mpmath.fsum(a * b for a, b in zip(u, v)) / mpmath.fsum(b * b for b in v)
    return _norm([a - c * b for a, b in zip(u, v)]) / _norm(u)


def _cases(opts, default, quick):
    return [c for c in (quick if opts.quick else default) if c[2] in opts.fields]


def check_induced(opts):
    r"""(i) The flow (1.17) is the Euclidean gradient restricted to the orbit: ``w_b`` (``H(b) = G``) equals the
    projection ``T (T^T T)^{-1} T^T W``, relative defect below ``10^-(dps-10)``. Control: the normal-metric gradient
    ``T T^T W`` is that projection."""
    from ..claims.evidence import Control, Evidence, sizes_of

    dps = opts.dps
    for N, d, field in _cases(opts, [(2, 2, "R"), (3, 2, "C"), (3, 1, "R"), (4, 3, "R")], [(2, 2, "R"), (3, 2, "C")]):
        W = random_state(N, d, field, seed=11, dps=dps)
        g = metric_gradients(W, field, dps=dps)
        with working(dps):
            scale = _norm(g["induced"])
            res = _norm([a - b for a, b in zip(g["flow"], g["induced"])]) / scale
            bad = _norm([a - b for a, b in zip(g["normal"], g["induced"])]) / scale
        yield Evidence(res, res < tol(dps), sizes_of(W, field), dps=dps,
                       control=Control("the normal-metric gradient T T^T W is the Euclidean projection of W onto "
                                       "T_W F_X", bad, rejected=bad > tol(dps)),
                       note="w_b (H(b) = G, structured solve) against the least-squares projection of W onto the "
                            "span of the orbit directions w_a; relative defect")


def check_normal(opts):
    r"""The normal-metric flow ``dW/dt = -T T^T W`` is not (1.17) and has no uniform rate: its velocity is not
    parallel to ``w_b`` (relative defect ``> 10^-3``), and ``dG/dt`` along it is not ``-2G`` (relative defect
    ``> 10^-3``), while along ``-w_b`` it is (the residual, below ``10^-(dps-10)``). Control: ``dG/dt = -2G`` along
    the normal-metric flow, through the same jets."""
    from ..claims.evidence import Control, Evidence, sizes_of

    dps = opts.dps
    for N, d, field in _cases(opts, [(2, 2, "R"), (2, 2, "C"), (3, 1, "R"), (3, 2, "R")], [(2, 2, "R")]):
        W = random_state(N, d, field, seed=12, dps=dps)
        g = metric_gradients(W, field, dps=dps)
        with working(dps):
            res = rate_defect(W, g["flow"], field)
            rate_normal = rate_defect(W, g["normal"], field)
            par = parallel_defect(g["normal"], g["flow"])
        yield Evidence(res, res < tol(dps) and rate_normal > DIFFERENT and par > DIFFERENT, sizes_of(W, field),
                       dps=dps,
                       control=Control("dG/dt = -2G along the normal-metric flow dW/dt = -T T^T W", rate_normal,
                                       rejected=rate_normal > tol(dps)),
                       note=(f"along -w_b: |dG/dt + 2G|/|G| = {mpmath.nstr(res, 3)}; along the normal-metric flow: "
                             f"{mpmath.nstr(rate_normal, 4)}; its velocity is off the direction of w_b by "
                             f"{mpmath.nstr(par, 4)} (relative)"),
                       figures={"normalrate_defect": rate_normal, "normalparallel_defect": par})


def check_parallel_d1(opts):
    r"""For ``d = 1, N = 2`` the two gradients are parallel (``H`` is the scalar ``w_1^2 + w_2^2``): the flows differ
    by a time change, and the difference of Remark 6 is one of speed only. Control: parallel at ``d = 1, N = 3``."""
    from ..claims.evidence import Control, Evidence, sizes_of

    dps = opts.dps
    if "R" not in opts.fields:
        return
    W = random_state(2, 1, "R", seed=13, dps=dps)
    g = metric_gradients(W, "R", dps=dps)
    W3 = random_state(3, 1, "R", seed=13, dps=dps)
    g3 = metric_gradients(W3, "R", dps=dps)
    with working(dps):
        res = parallel_defect(g["normal"], g["flow"])
        bad = parallel_defect(g3["normal"], g3["flow"])
        ratio = _norm(g["normal"]) / _norm(g["flow"])
        h = W[0][0, 0] ** 2 + W[1][0, 0] ** 2
    yield Evidence(res, res < tol(dps) and abs(ratio - h) < tol(dps) * h, sizes_of(W, "R"), dps=dps,
                   control=Control("the two gradients are parallel at d = 1, N = 3", bad, rejected=bad > tol(dps)),
                   note=f"|w_G| / |w_b| = {mpmath.nstr(ratio, 10)} = w_1^2 + w_2^2 = {mpmath.nstr(h, 10)}")
