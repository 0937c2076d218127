r"""Figure 1.2's caption: the fibre ``F_X`` is sliced by the moments into components ``S_G = F_X ∩ M_G``, and the
regularizing flow evolves the slices "at a uniform exponential rate towards ``O_X``".

What is checked (at full-rank ``X``), with the map written down: the time-``t`` map ``phi_t`` of the regularizing
flow (1.17) sends the slice ``S_{G_0}`` into ``S_{G_0 e^{-2t}}`` (Theorem 2 at every point of the slice); the
backward flow ``phi_{-t}`` (``dW/dt = +w_b``) is its inverse; the differential of ``phi_t`` restricted to
``T S_{G_0}`` is injective with image in ``T S_{G_0 e^{-2t}}``. So ``phi_t`` restricts to a diffeomorphism
``S_{G_0} -> S_{G_0 e^{-2t}}`` (onto, since ``phi_{-t}`` maps the second slice into the first), and all slices on a ray
``{c G_0 : c > 0}`` are diffeomorphic. Each slice is a submanifold of dimension ``dim O_X = (N-1) dim U(d)``:
``dX`` and ``dG`` are jointly onto ``M_d x Her_d^{N-1}`` at every full-rank ``W`` (checked by the rank), so the
tangent space ``T_W S = ker dX ∩ ker dG`` has that dimension. (That slices on different rays are diffeomorphic is not
checked here.)

Points of a slice are produced by Gauss-Newton with minimum-norm steps on ``(X(W) - X_0, G(W) - G_0) = 0`` from
``W_0 + s V``, ``V`` in ``T_{W_0} S``.
"""

from __future__ import annotations

from typing import Sequence

import mpmath

from ..formulas import end_to_end, moments
from ..numeric.common import as_state, check_dps, round_out, tol, working
from . import submersion as SU
from .dynamics import _coords, _from_coords

__all__ = ["constraint_matrix", "constraint_value", "slice_basis", "slice_dimension", "project_to_slice",
           "regularizing_map", "kirwan_ness_map", "slice_map_data", "check_figure12"]


def constraint_matrix(W: Sequence, field: str) -> mpmath.matrix:
    """The real matrix of ``V -> (dX_W V, dG_W V)`` (``dG`` in Hermitian coordinates)."""
    A, B = SU.dX_matrix(W, field), SU.dG_matrix(W, field)
    M = mpmath.matrix(A.rows + B.rows, A.cols)
    for i in range(A.rows):
        for j in range(A.cols):
            M[i, j] = A[i, j]
    for i in range(B.rows):
        for j in range(B.cols):
            M[A.rows + i, j] = B[i, j]
    return M


def constraint_value(W: Sequence, X0, G0: Sequence, field: str) -> mpmath.matrix:
    """``(X(W) - X_0, G(W) - G_0)`` in the coordinates of :func:`constraint_matrix`."""
    v = _coords([end_to_end(W) - X0], field)
    for g, g0 in zip(moments(W), G0):
        v += SU.herm_coords(g - g0, field)
    return mpmath.matrix(v)


def slice_dimension(W: Sequence, field: str, dps: int) -> dict:
    """``rank [dX; dG]`` against ``dim M_d + dim Her^{N-1}``, and ``dim T_W S`` against ``(N-1) dim U(d)``."""
    with working(dps):
        M = constraint_matrix(as_state(W), field)
        s = mpmath.svd_r(M, compute_uv=False)
        rank = sum(1 for x in s if x > tol(dps, slack=8) * max(s))
        N, d = len(W), W[0].rows
        dimU = (N - 1) * (d * d if field == "C" else d * (d - 1) // 2)
        return {"rank": rank, "rows": M.rows, "dim T S": M.cols - rank, "dim U": dimU}


def slice_basis(W: Sequence, field: str) -> list:
    """An orthonormal basis of ``T_W S = ker dX ∩ ker dG`` (states), from the SVD of :func:`constraint_matrix`."""
    N, d = len(W), W[0].rows
    M = constraint_matrix(W, field)
    _, S, V = mpmath.svd_r(M, full_matrices=True)
    rank = sum(1 for x in S if x > mpmath.mpf(10) ** (-mpmath.mp.dps + 10) * max(S))
    return [_from_coords([V[i, j] for j in range(V.cols)], d, field, N) for i in range(rank, V.rows)]


def project_to_slice(W: Sequence, X0, G0: Sequence, field: str, *, dps: int, iters: int = 40) -> list:
    """Gauss-Newton with minimum-norm steps ``dW = -J^T (J J^T)^{-1} F`` onto ``{X = X_0, G = G_0}``."""
    check_dps(dps)
    N, d = len(W), W[0].rows
    with working(dps):
        W = [w.copy() for w in W]
        for _ in range(iters):
            F = constraint_value(W, X0, G0, field)
            if mpmath.norm(F) < mpmath.mpf(10) ** -(dps + 10):
                return W
            J = constraint_matrix(W, field)
            step = J.T * mpmath.lu_solve(J * J.T, F)
            W = [w - s for w, s in zip(W, _from_coords(list(step), d, field, N))]
        raise ValueError("Gauss-Newton did not reach the slice: is X of full rank?")


def regularizing_map(W: Sequence, t, *, dps: int, backward: bool = False) -> list:
    """``phi_t(W)`` (``backward=True``: ``phi_{-t}``, the flow of ``+w_b``) of the regularizing flow (1.17)."""
    from ..numeric.flows import regularizing_field, regularizing_trajectory
    from ..numeric.ode import integrate

    rtol = mpmath.mpf(10) ** -(dps - 4)
    if not backward:
        return regularizing_trajectory(W, [t], dps=dps, tol=rtol)[0]
    with working(dps):
        T = mpmath.mpf(t)
    return integrate(lambda s, y: [-v for v in regularizing_field(y)], W, ts=[T], dps=dps, tol=rtol)[0]


def kirwan_ness_map(W: Sequence, t, *, dps: int) -> list:
    """``psi_t(W)`` along the Kirwan-Ness flow (1.22) (the control: it does not map slices to slices)."""
    from ..numeric.flows import kirwan_ness_trajectory

    return kirwan_ness_trajectory(W, [t], dps=dps)[0]


def _dist(U, V) -> mpmath.mpf:
    return mpmath.sqrt(mpmath.fsum(mpmath.mnorm(a - b, "f") ** 2 for a, b in zip(U, V)))


def slice_map_data(W0: Sequence, field: str, t="0.25", *, dps: int, offsets=("0.3",)) -> dict:
    r"""The slice-to-slice checks at ``W_0`` (module docstring): returns the residuals ``slice`` (``G(phi_t W_j) -
    e^{-2t} G_0``, ``X(phi_t W_j) - X_0``, relative), ``inverse`` (``phi_{-t} phi_t W_j - W_j``), ``tangent``
    (``dX``, ``dG`` of the differential's image, relative), the singular values ``sv`` of ``D phi_t`` on an
    orthonormal basis of ``T S``, the distance ratios ``|phi_t W_i - phi_t W_j| / |W_i - W_j|`` and the Kirwan-Ness
    spread (control)."""
    check_dps(dps)
    W0 = as_state(W0)
    N, d = len(W0), W0[0].rows
    with working(dps):
        X0, G0 = end_to_end(W0), moments(W0)
        basis = slice_basis(W0, field)
        gscale = max(mpmath.mnorm(g, 1) for g in G0)
    with working(dps):
        starts = [[w + v * mpmath.mpf(s) for w, v in zip(W0, basis[0])] for s in offsets]
        h = mpmath.mpf(10) ** (-(dps // 3))
        shifted = [([w + v * h for w, v in zip(W0, V)], [w - v * h for w, v in zip(W0, V)]) for V in basis]
    pts = [W0] + [project_to_slice(S, X0, G0, field, dps=dps) for S in starts]
    imgs = [regularizing_map(W, t, dps=dps) for W in pts]
    back = [regularizing_map(imgs[0], t, dps=dps, backward=True)]
    kn = [kirwan_ness_map(W, t, dps=dps) for W in pts]
    cols = []
    for Wp, Wm in shifted:
        plus, minus = regularizing_map(Wp, t, dps=dps), regularizing_map(Wm, t, dps=dps)
        with working(dps):
            cols.append([(a - b) / (2 * h) for a, b in zip(plus, minus)])
    with working(dps):
        f = mpmath.exp(-2 * mpmath.mpf(t))
        on = max(max(mpmath.mnorm(g - g0 * f, 1) for g, g0 in zip(moments(Y), G0)) / gscale for Y in imgs)
        xs = max(mpmath.mnorm(end_to_end(Y) - X0, 1) / mpmath.mnorm(X0, 1) for Y in imgs)
        inv = max(_dist(B, W) for B, W in zip(back, pts))
        J = mpmath.matrix([_coords(c, field) for c in cols]).T
        sv = sorted(mpmath.svd_r(J, compute_uv=False), reverse=True)
        T1 = imgs[0]
        C1 = constraint_matrix(T1, field)
        tang = mpmath.mnorm(C1 * J, 1) / mpmath.mnorm(J, 1)
        ratios = [_dist(imgs[i], imgs[j]) / _dist(pts[i], pts[j]) for i in range(len(pts)) for j in range(i)]
        Gk = [moments(Y) for Y in kn]
        spread = max(max(mpmath.mnorm(a - b, 1) for a, b in zip(Gk[j], Gk[0])) for j in range(1, len(kn))) / gscale
        dims = {"dim T S": len(basis), "dim U": (N - 1) * (d * d if field == "C" else d * (d - 1) // 2)}
        out = {"slice": max(on, xs), "inverse": inv, "tangent": tang, "sv": sv, "ratios": ratios, "kn_spread": spread,
               "G0": gscale, "points": pts, **dims}
    return {k: (round_out(v, dps) if isinstance(v, (mpmath.mpf, list)) and k not in ("points", "sv", "ratios") else v)
            for k, v in out.items()}


CASES = [(2, 2, "R")]
LONG_CASES = [(2, 2, "C"), (3, 2, "R")]


def check_figure12(opts):
    r"""Figure 1.2's caption, what can be checked (module docstring): ``phi_t`` (``t = 1/4``) maps two points of the
    slice ``S_{G_0}`` onto ``S_{G_0 e^{-2t}}`` (relative residual of ``G`` and ``X``), ``phi_{-t} phi_t = id`` (the
    backward flow), the differential on ``T S_{G_0}`` has full rank (smallest singular value on an orthonormal basis,
    central differences with step ``10^-(dps/3)``) with image in ``T S_{G_0 e^{-2t}}``, and ``dim T S = dim U_d^{N-1}``.
    The check runs at ``min(dps, 30)`` digits (each point is a flow of (1.17), a structured solve per evaluation);
    ``(2, 2, C)`` and ``(3, 2, R)`` under ``Options.long``. Control: the Kirwan-Ness flow (1.22) does not map the slice
    into one slice (the moments of the two images differ)."""
    from ..claims.evidence import Control, Evidence, sizes_of
    from ..numeric.checks_flows import near_balanced_state

    dps = min(opts.dps, 30)
    for N, d, field in [c for c in CASES + (LONG_CASES if opts.long else []) if c[2] in opts.fields]:
        W0 = near_balanced_state(N, d, field, 2, dps=dps)
        r = slice_map_data(W0, field, dps=dps)
        with working(dps):
            res = max(r["slice"], r["inverse"])
            rank_ok = min(r["sv"]) > mpmath.mpf(10) ** -3 * max(r["sv"])
            tang_ok = r["tangent"] < mpmath.mpf(10) ** (-(dps // 2))
        ok = res < tol(dps) and rank_ok and tang_ok and r["dim T S"] == r["dim U"]
        yield Evidence(res, ok, sizes_of(W0, field, T=0.25), dps=dps,
                       figures={"dim T S = dim U": f"{r['dim T S']} = {r['dim U']}",
                                "singular values of D phi_t on T S": ", ".join(mpmath.nstr(x, 4) for x in r["sv"]),
                                "image off T S (relative)": mpmath.nstr(r["tangent"], 3),
                                "|phi_t W - phi_t W'| / |W - W'|": ", ".join(mpmath.nstr(x, 4) for x in r["ratios"])},
                       control=Control("the Kirwan-Ness flow maps the slice into one slice", r["kn_spread"],
                                       not r["kn_spread"] < tol(dps)),
                       note=f"slice S_G0 of F_X (|G0| = {mpmath.nstr(r['G0'], 3)}): residual max(|G(phi_t W) - "
                            "G0 e^-2t|/|G0|, |X - X0|/|X0|, |phi_-t phi_t W0 - W0|), tolerance 10^-(dps-10), at "
                            f"{dps} digits; D phi_t injective on T S with image tangent to the target slice")
