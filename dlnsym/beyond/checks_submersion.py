r"""Registry checks of the claim ``remark-5-metric`` (Remark 5, eq. (1.20)): the metric ``g^N`` and the Riemannian
submersion (:mod:`dlnsym.beyond.submersion`).

Sizes: ``N = 2, 3`` and ``d = 2`` over R and C by default; ``N = 4``, ``d = 3`` (and ``N = 3, d = 3``) over R and C
under ``Options.long``. Every record carries its negative control; tolerances ``10^-(dps-10)``.
"""

from __future__ import annotations

import mpmath

from ..formulas import act
from ..numeric.common import random_state, tol, working
from . import submersion as SU
from .dynamics import balanced_point

__all__ = ["check_cometric", "check_vertical", "COMETRIC_CASES", "LONG_CASES"]

COMETRIC_CASES = [(2, 2, "R"), (2, 2, "C"), (3, 2, "R"), (3, 2, "C")]
LONG_CASES = [(3, 3, "R"), (3, 3, "C"), (4, 3, "R"), (4, 3, "C")]


def _cases(opts):
    cases = COMETRIC_CASES[:2] if opts.quick else COMETRIC_CASES + (LONG_CASES if opts.long else [])
    return [c for c in cases if c[2] in opts.fields]


def _vertical_cases(opts):
    """The dimension count: ``(2, 2, C)`` and ``(3, 2, R)`` by default, every case of :func:`_cases` under
    ``Options.long``."""
    if opts.long:
        return _cases(opts)
    return [c for c in ([(2, 2, "C")] if opts.quick else [(2, 2, "C"), (3, 2, "R")]) if c[2] in opts.fields]


def _points(N, d, field, dps):
    X = random_state(2, d, field, seed=1, dps=dps)[0]
    Ws = [balanced_point(X, N, field=field, seed=s, dps=dps) for s in (2, 3)]
    Ms = random_state(max(N - 1, 2), d, field, seed=5, dps=dps)[:N - 1]
    with working(dps):
        unbalanced = act([mpmath.eye(d) + M * mpmath.mpf("0.3") for M in Ms], Ws[0])
    return Ws, unbalanced


def check_cometric(opts):
    r"""At two points ``Q.C`` of ``O_X`` (seeded ``Q``), the co-metric ``K_W = D D^*`` of ``D = dX_W|T_W M`` equals the
    real matrix of ``A_{N,X}`` (relative max-entry defect below ``10^-(dps-10)``): the metric induced on ``M_d`` does
    not depend on the point of the fibre (Riemannian submersion) and is ``g^N`` with ``(g^N)^{-1} = A_{N,X}``. Control:
    the same construction at an unbalanced point ``A.(Q.C)`` of the same fibre (``T_W M_G``, ``G != 0``) does not give
    ``A_{N,X}``."""
    from ..claims.evidence import Control, Evidence, sizes_of

    dps = opts.dps
    for N, d, field in _cases(opts):
        Ws, Wu = _points(N, d, field, dps)
        res = max(SU.submersion_data(W, field, dps=dps)["defect"] for W in Ws)
        bad = SU.submersion_data(Wu, field, dps=dps)["defect"]
        yield Evidence(res, res < tol(dps), sizes_of(Ws[0], field), dps=dps,
                       control=Control("K_W = A_(N,X) at an unbalanced point of the same fibre", bad,
                                       not bad < tol(dps)),
                       note="K_W = dX P dX^T (P onto ker dG_W) against sum_j (XX^*)^((N-j)/N) Z (X^*X)^((j-1)/N), "
                            "at two balanced points Q.C; max relative entry defect")


def check_vertical(opts):
    r"""The submersion's structure at a balanced ``W``: ``dG_W`` is onto ``Her_d^{N-1}`` (so ``M`` is a manifold with
    ``T_W M = ker dG_W``), ``dX`` restricted to ``T_W M`` is onto ``M_d`` (a submersion), its kernel (the vertical
    space) has the dimension of ``U_d^{N-1}``, and the orbit directions ``w_a``, ``a^* = -a``, are vertical
    (``dG(w_a) = dX(w_a) = 0``). Control: at an unbalanced point the orbit directions are not in ``ker dG``
    (``dG(w_a) = [a, G]``)."""
    from ..claims.evidence import Control, Evidence, sizes_of

    dps = opts.dps
    for N, d, field in _vertical_cases(opts):
        Ws, Wu = _points(N, d, field, dps)
        v = SU.vertical_dimension(Ws[0], field, dps)
        u = SU.vertical_dimension(Wu, field, dps)
        dims = (v["rank dG"] == v["dim Her"] and v["rank dX|TM"] == d * d * (2 if field == "C" else 1)
                and v["dim vertical"] == v["dim U"])
        yield Evidence(v["orbit vertical"], dims and v["orbit vertical"] < tol(dps), sizes_of(Ws[0], field), dps=dps,
                       figures={k: v[k] for k in ("rank dG", "dim TM", "rank dX|TM", "dim vertical", "dim U")},
                       control=Control("the U_d^(N-1) directions w_a are vertical at an unbalanced point",
                                       u["orbit vertical"], not u["orbit vertical"] < tol(dps)),
                       note=f"rank dG = dim Her^(N-1) = {v['dim Her']}, rank dX|TM = d^2 u_F, dim ker = dim U^(N-1) = "
                            f"{v['dim U']}; residual max |dG(w_a)|, |dX(w_a)| over a basis of skew a")
