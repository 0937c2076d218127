r"""Remark 5, eq. (1.20): the metric ``g^N`` on ``M_d`` and the Riemannian submersion ``(M, iota) -> (M_d, g^N)``.

Remark 5: "the Riemannian manifold ``(M_d, g^N)`` is obtained by Riemannian submersion from ``(M, iota)`` through the
map ``W -> X``". A submersion ``pi`` is Riemannian when ``d pi_W`` maps the horizontal space (the orthogonal
complement in ``T_W M`` of the fibre's tangent space ``ker d pi_W``) isometrically onto ``T_X``; the metric it induces
is then described by its *co-metric* ``K = D D^*``, ``D = dX_W|_{T_W M}`` (``g^N(Z, Z) = <K^{-1} Z, Z>``), which must
not depend on the point ``W`` of the fibre ``O_X = F_X ∩ M``.

Here ``T_W M = ker dG_W`` (``M = {G = 0}`` at full rank, ``dG_W`` onto ``Her_d^{N-1}``), so with the orthogonal
projector ``P = I - dG^T (dG dG^T)^{-1} dG`` onto it, ``K_W = dX P dX^T`` (:func:`cometric`), computed from the real
matrices of ``dX_W`` and ``dG_W`` (jets of the shared formulas (1.1), (1.11)). The claim checked is that at every
``W`` in ``O_X``

.. math:: K_W(Z) = A_{N,X}(Z) = \sum_{j=1}^{N} (X X^*)^{\frac{N-j}{N}}\, Z\, (X^* X)^{\frac{j-1}{N}},

the operator of Arora, Cohen and Hazan (2018) and Bah, Rauhut, Terstiege and Westdickenberg (2022, [36]); so
``grad_{g^N} E = K nabla E = A_{N,X}(nabla E)`` and (1.20) is the ACH equation (claim ``learning-flow``). The vertical
space ``ker D`` is the tangent space ``{w_a : a^* = -a}`` of the ``U_d^{N-1}`` orbit ``O_X``.
"""

from __future__ import annotations

from typing import Sequence

import mpmath

from ..formulas import end_to_end, moments, tangent_vector
from ..matrix import Dual, adj
from ..numeric.common import as_state, check_dps, round_out, working
from .dynamics import _power, _psd_eig, real_matrix

__all__ = ["herm_coords", "dG_matrix", "dX_matrix", "cometric", "ach_operator", "vertical_dimension",
           "submersion_data"]


def herm_coords(M, field: str) -> list:
    """Independent real coordinates of a Hermitian (symmetric) matrix: the diagonal, then the real (and, over C,
    imaginary) parts above it. For the inner product ``Re Tr(A^* B)`` the off-diagonal ones carry weight 2, which does
    not matter for a kernel."""
    n = M.rows
    out = [mpmath.re(M[i, i]) for i in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            out.append(mpmath.re(M[i, j]))
            if field == "C":
                out.append(mpmath.im(M[i, j]))
    return out


def _columns(fn, W: Sequence, field: str) -> mpmath.matrix:
    """The real matrix whose columns are ``fn(V)`` over the real basis ``V`` of ``M_d^N``."""
    N, d = len(W), W[0].rows
    cols = []
    for j, B in enumerate(_basis_states(N, d, field)):
        cols.append(fn(B))
    A = mpmath.matrix(len(cols[0]), len(cols))
    for j, c in enumerate(cols):
        for i, x in enumerate(c):
            A[i, j] = x
    return A


def _basis_states(N: int, d: int, field: str):
    units = [1] if field == "R" else [1, 1j]
    for k in range(N):
        for i in range(d):
            for j in range(d):
                for u in units:
                    B = [mpmath.zeros(d, d) for _ in range(N)]
                    B[k][i, j] = mpmath.mpmathify(u)
                    yield B


def dG_matrix(W: Sequence, field: str) -> mpmath.matrix:
    """The real matrix of ``V -> dG_W(V)`` (1.11), in Hermitian coordinates (:func:`herm_coords`), by jets."""
    return _columns(lambda V: [x for g in moments([Dual(w, v) for w, v in zip(W, V)]) for x in
                               herm_coords(g.der, field)], W, field)


def dX_matrix(W: Sequence, field: str) -> mpmath.matrix:
    """The real matrix of ``V -> dX_W(V)`` (1.1)."""
    N, d = len(W), W[0].rows
    return real_matrix(lambda V: [end_to_end([Dual(w, v) for w, v in zip(W, V)]).der], d, field, N)


def cometric(W: Sequence, field: str, *, restrict: bool = True) -> mpmath.matrix:
    r"""``K_W = dX P dX^T`` with ``P`` the orthogonal projector onto ``T_W M_G = ker dG_W`` (``restrict=False``:
    ``dX dX^T``, the co-metric of ``X`` on all of ``M_d^N``, a negative control)."""
    DX = dX_matrix(W, field)
    if not restrict:
        return DX * DX.T
    DG = dG_matrix(W, field)
    B = DX * DG.T
    return DX * DX.T - B * mpmath.inverse(DG * DG.T) * B.T


def ach_operator(X, N: int, field: str, *, dps: int) -> mpmath.matrix:
    r"""The real matrix of ``Z -> A_{N,X}(Z) = sum_j (X X^*)^{(N-j)/N} Z (X^* X)^{(j-1)/N}`` (one eigendecomposition of
    ``X X^*`` and one of ``X^* X``)."""
    d = X.rows
    eL, eR = _psd_eig(X @ adj(X), dps), _psd_eig(adj(X) @ X, dps)
    pw = [(_power(eL, mpmath.mpf(N - j) / N), _power(eR, mpmath.mpf(j - 1) / N)) for j in range(1, N + 1)]

    def op(Z):
        acc = mpmath.zeros(d, d)
        for L, R in pw:
            acc += L @ Z[0] @ R
        return [acc]

    return real_matrix(op, d, field, 1)


def vertical_dimension(W: Sequence, field: str, dps: int) -> dict:
    r"""Dimensions at a balanced ``W``: ``rank dG`` (onto ``Her_d^{N-1}``?), ``dim T_W M``, the rank of ``dX`` on it
    (onto ``M_d``?), and ``dim ker(dX|T_W M)`` against ``dim U_d^{N-1}``; and ``max |dG(w_a)|, |dX(w_a)|`` over a
    basis of skew-Hermitian ``a`` (the ``U_d^{N-1}`` orbit is vertical)."""
    from ..numeric.common import tol

    check_dps(dps)
    with working(dps):
        return _vertical(as_state(W), field, dps, tol(dps, slack=8))


def _vertical(W, field, dps, cut) -> dict:
    N, d = len(W), W[0].rows
    DG, DX = dG_matrix(W, field), dX_matrix(W, field)
    def rank(A):
        s = mpmath.svd(A, compute_uv=False)
        return sum(1 for x in s if x > cut * max(1, max(abs(y) for y in s)))

    n = DX.cols
    rG = rank(DG)
    P = mpmath.eye(n) - DG.T * mpmath.inverse(DG * DG.T) * DG
    rX = rank(DX * P)
    dimU = (N - 1) * (d * d if field == "C" else d * (d - 1) // 2)
    worst = mpmath.mpf(0)
    for a in _skew_basis(N, d, field):
        wa = tangent_vector(W, a)
        jet = [Dual(w, v) for w, v in zip(W, wa)]
        worst = max([worst] + [abs(x) for g in moments(jet) for x in g.der]
                    + [abs(x) for x in end_to_end(jet).der])
    return {"rank dG": rG, "dim TM": n - rG, "rank dX|TM": rX, "dim vertical": n - rG - rX, "dim U": dimU,
            "dim Her": (N - 1) * (d * d if field == "C" else d * (d + 1) // 2), "orbit vertical": round_out(worst, dps)}


def _skew_basis(N: int, d: int, field: str):
    for k in range(N - 1):
        for i in range(d):
            for j in range(i, d):
                for u in ([1] if field == "R" else [1, 1j]):
                    if i == j and (field == "R" or u == 1):
                        continue
                    a = [mpmath.zeros(d, d) for _ in range(N - 1)]
                    if i == j:
                        a[k][i, i] = mpmath.mpc(0, 1)
                    else:
                        a[k][i, j] = mpmath.mpmathify(u)
                        a[k][j, i] = -mpmath.conj(mpmath.mpmathify(u))
                    yield a


def submersion_data(W: Sequence, field: str, *, dps: int = 50) -> dict:
    """At ``W`` (balanced, full rank): ``|K_W - A_{N,X}|``, ``|dX dX^T - A_{N,X}|`` (control), relative to
    ``|A_{N,X}|`` (max entries), and ``K_W`` itself."""
    check_dps(dps)
    with working(dps):
        W = as_state(W)
        N = len(W)
        A = ach_operator(end_to_end(W), N, field, dps=dps)
        K = cometric(W, field)
        scale = mpmath.mnorm(A, 1)
        out = {"defect": mpmath.mnorm(K - A, 1) / scale,
               "unrestricted": mpmath.mnorm(cometric(W, field, restrict=False) - A, 1) / scale}
        out = {k: round_out(v, dps) for k, v in out.items()}
        out["K"] = K
        return out
