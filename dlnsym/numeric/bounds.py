r"""Rigorous bounds beside pointwise residuals: finite computations re-evaluated in Arb ball arithmetic.

A numeric check computes its residual in floating point (mpmath at ``dps + GUARD`` digits). When the residual is a
*finite* computation on the objects the check built (products, sums, inverses of matrices whose entries are the
check's mpmath numbers), the same formula evaluated on exact ball copies of those objects
(:func:`dlnsym.backends.arb.to_fmat`: an mpmath number is a dyadic rational, converted bit for bit) returns balls that
contain the exact value; the upper end of the ball is a **rigorous upper bound** of the residual of those objects,
recorded as ``Evidence(bound=...)``. It says nothing about how the objects were found (an SVD, a Newton iteration):
it certifies the statement the check makes about them. All functions run at :func:`~dlnsym.numeric.common.working`
precision for ``dps`` and return mpmath numbers (bounds rounded up).

>>> import mpmath
>>> from dlnsym.numeric.common import random_state
>>> W = random_state(2, 2, "R", seed=1, dps=30)
>>> b = balanced_bound(W, dps=30)      # W is not balanced: the bound is an honest upper bound of max|G| / max|W|^2
>>> with mpmath.workdps(30):
...     from dlnsym.formulas import moments
...     from dlnsym.numeric.section1 import maxabs
...     bool(maxabs(moments(W)) / maxabs(W) ** 2 <= b)
True
"""

from __future__ import annotations

from typing import Sequence

import flint
import mpmath

from ..backends.arb import FMat, flint_state, mp_to_arb, to_fmat, upper
from ..formulas import H_operator, act, end_to_end, moments
from ..matrix import adj, eye_like
from .common import working
from .section1 import maxabs

__all__ = ["relative_bound", "lemma1_bound", "fibre_bound", "balanced_bound", "orbit_bound", "H_residual_bound",
           "alignment_bound", "state_alignment_bound", "action_fibre_bound", "pd_lower_bound", "upper_arb",
           "psi_hessian_balls", "kempf_ness_certificate"]


def upper_arb(x) -> "flint.arb":
    """An exact arb upper bound of ``max |entries|`` (a ball matrix, a list of them, or a scalar ball)."""
    return mp_to_arb(upper(x))


def relative_bound(num, den) -> mpmath.mpf:
    """An upper bound of ``max|num| / den`` (``num`` balls, ``den`` an exact positive mpmath number)."""
    q = upper_arb(num) / mp_to_arb(mpmath.mpf(den))
    return upper(q)


def _fm(W: Sequence, complex_: bool | None = None) -> list:
    return flint_state(W, complex_=complex_)


def _complex(*states) -> bool:
    return any(isinstance(x, mpmath.mpc) and x.imag != 0 for W in states for M in W for x in M)


def lemma1_bound(A: Sequence, C: Sequence, W: Sequence, *, dps: int = 50) -> mpmath.mpf:
    """Upper bound of ``max|A.C - W| / max|W|`` (Lemma 1, (1.6)); the inverses are enclosed by Arb."""
    with working(dps):
        c = _complex(A, C, W)
        F = act(_fm(A, c), _fm(C, c))
        return relative_bound([x - y for x, y in zip(F, _fm(W, c))], maxabs(W))


def fibre_bound(V: Sequence, X, *, dps: int = 50) -> mpmath.mpf:
    """Upper bound of ``max|X(V) - X| / max|X|`` ((1.1): ``V`` in the fibre ``F_X``)."""
    with working(dps):
        c = _complex(V, [X])
        return relative_bound(end_to_end(_fm(V, c)) - to_fmat(X, complex_=c), maxabs(X))


def balanced_bound(V: Sequence, *, dps: int = 50) -> mpmath.mpf:
    """Upper bound of ``max_k max|G_k(V)| / max|V|^2`` ((1.11): ``V`` balanced)."""
    with working(dps):
        return relative_bound(moments(_fm(V)), maxabs(V) ** 2)


def orbit_bound(Q: Sequence, C: Sequence, W: Sequence, *, dps: int = 50) -> mpmath.mpf:
    """Upper bound of ``max(max_k |Q_k^* Q_k - I|, max|Q.C - W|)`` (Section 1.2: ``W = Q.C`` with ``Q`` unitary);
    ``Q.C`` uses ``Q_k^{-1}`` (1.6), enclosed by Arb."""
    with working(dps):
        c = _complex(Q, C, W)
        Qf = _fm(Q, c)
        unit = [adj(q) @ q - eye_like(q) for q in Qf]
        res = [x - y for x, y in zip(act(Qf, _fm(C, c)), _fm(W, c))]
        return upper(unit + res)


def H_residual_bound(W: Sequence, b: Sequence, R: Sequence, *, dps: int = 50) -> mpmath.mpf:
    """Upper bound of ``max_k max|H_k(b) - R_k|`` (2.8) at the computed ``b`` (absolute)."""
    with working(dps):
        c = _complex(W, b, R)
        return upper([x - y for x, y in zip(H_operator(_fm(W, c), _fm(b, c)), _fm(R, c))])


def alignment_bound(W: Sequence, svds: list, svdX, form: str, *, dps: int = 50) -> mpmath.mpf:
    r"""Upper bound of Section 1.3.2's residual evaluated on the computed singular value decompositions.

    ``svds[k] = (U_k, s_k, V_k)`` of ``W_k`` and ``svdX = (U, s, V)`` of ``X`` (descending, as
    :func:`~dlnsym.numeric.section1.svd_sorted` returns them). The bound covers, in ball arithmetic: the residuals
    of the factorizations, ``|W_k - U_k diag(s_k) V_k^*|``, ``|X - U diag(s) V^*|`` and ``|U^*U - I|``, ``|V^*V - I|``
    (so the factors are singular value decompositions up to the bound), ``| ||W_k||_2^2 - ||W_1||_2^2 |``,
    ``|s_k - s^{1/N}|`` (the root enclosed by Arb), and the distance of ``U_k^* V_{k+1}`` (corrected) or
    ``U_{k+1}^* V_k`` (printed) from a diagonal unitary."""
    with working(dps):
        N = len(W)
        c = _complex(W, *[[u, v] for u, _, v in svds])
        Wf = _fm(W, c)
        terms = []

        def svd_terms(M, usv):
            U, s, V = usv
            Uf, Vf = to_fmat(U, complex_=c), to_fmat(V, complex_=c)
            S = FMat(flint.acb_mat(len(s), len(s)) if c else flint.arb_mat(len(s), len(s)))
            for i, x in enumerate(s):
                S[i, i] = x
            terms.append(M - Uf @ S @ adj(Vf))
            terms.append(adj(Uf) @ Uf - eye_like(Uf))
            terms.append(adj(Vf) @ Vf - eye_like(Vf))
            return Uf, [mp_to_arb(mpmath.mpf(x)) for x in s], Vf

        fac = [svd_terms(M, usv) for M, usv in zip(Wf, svds)]
        _, sX, _ = svd_terms(end_to_end(Wf), svdX)
        n2 = [sum((abs(x) ** 2 for x in M.m.entries()), flint.arb(0)) for M in Wf]
        terms += [x - n2[0] for x in n2]
        lam = [x ** (flint.arb(1) / N) for x in sX]
        terms += [a - b for (_, s, _) in fac for a, b in zip(s, lam)]
        for k in range(1, N):
            Uk, _, Vk = fac[k - 1]
            Uk1, _, Vk1 = fac[k]
            D = adj(Uk) @ Vk1 if form == "corrected" else adj(Uk1) @ Vk
            d = D.rows
            terms += [D[i, j] for i in range(d) for j in range(d) if i != j]
            terms += [abs(D[i, i]) - 1 for i in range(d)]
        return max(upper(t) for t in terms)


def pd_lower_bound(A) -> mpmath.mpf | None:
    r"""A certified lower bound ``mu > 0`` of ``lambda_min`` of a symmetric / Hermitian ball matrix ``A`` (an
    ``arb_mat``/``acb_mat`` or :class:`FMat`), or ``None`` if none is found.

    Guess ``mu`` from an approximate eigensolver, then run a Cholesky factorisation of ``A - mu I`` in ball
    arithmetic: if every pivot is certainly positive, ``A - mu I`` is positive definite for every matrix in the
    balls (Sylvester's criterion on the leading minors, whose ratios are the pivots), so ``lambda_min(A) > mu``."""
    M = A.m if isinstance(A, FMat) else A
    n = M.nrows()
    cplx = isinstance(M, flint.acb_mat)
    M = (M + (M.transpose().conjugate() if cplx else M.transpose())) / 2      # the Hermitian part
    C = M if cplx else flint.acb_mat(M)
    lo = min(float(e.real.mid()) for e in C.mid().eig(algorithm="approx"))
    if not lo > 0:
        return None
    for frac in (0.5, 0.1, 0.01):
        mu = flint.arb(lo * frac)
        a = [[M[i, j] for j in range(n)] for i in range(n)]
        for i in range(n):
            a[i][i] = a[i][i] - mu
        L = [[None] * n for _ in range(n)]
        ok = True
        for j in range(n):
            s = a[j][j]
            for k in range(j):
                s = s - L[j][k] * (L[j][k].conjugate() if cplx else L[j][k])
            s = s.real if cplx else s
            if not s > 0:
                ok = False
                break
            r = s.sqrt()
            L[j][j] = r
            for i in range(j + 1, n):
                t = a[i][j]
                for k in range(j):
                    t = t - L[i][k] * (L[j][k].conjugate() if cplx else L[j][k])
                L[i][j] = t / r
        if ok:
            return mpmath.mpf(lo * frac)
    return None


def action_fibre_bound(B: Sequence, C: Sequence, X, *, dps: int = 50) -> mpmath.mpf:
    """Upper bound of ``max|X(B.C) - X| / max|X|``: the action (1.6) of ``B`` (inverses enclosed) keeps the fibre."""
    with working(dps):
        c = _complex(B, C, [X])
        V = act(_fm(B, c), _fm(C, c))
        return relative_bound(end_to_end(V) - to_fmat(X, complex_=c), maxabs(X))


def state_alignment_bound(W: Sequence, form: str, *, dps: int = 50) -> mpmath.mpf:
    """:func:`alignment_bound` with the singular value decompositions of :func:`~dlnsym.numeric.section1.svd_sorted`
    (computed here at working precision)."""
    from .section1 import svd_sorted

    with working(dps):
        return alignment_bound(W, [svd_sorted(M) for M in W], svd_sorted(end_to_end(W)), form, dps=dps)


def psi_hessian_balls(W: Sequence, basis: list):
    r"""The Hessian ``B`` of ``psi_W(A) = ||A.W||^2`` at the identity in the real basis ``basis`` (as
    :func:`dlnsym.numeric.kempf_ness.lie_basis` returns it), as a real ball matrix:
    ``B(a, b) = 2 <w_a, w_b> + <W, w_b(w_a) + w_a(w_b)>``, ``<W, w_b(V)> = sum_j Re Tr(Z_j(V) b_j)``
    (:mod:`dlnsym.numeric.kempf_ness`), every product in ball arithmetic on exact copies of ``W`` and the basis."""
    from ..formulas import tangent_adjoint, tangent_vector

    N = len(W)
    Wf = _fm(W, complex_=True)
    d = Wf[0].rows
    n = len(basis)
    zero = FMat(flint.acb_mat(d, d))
    ws, Zs = [], []
    for j, b, _ in basis:
        a = [zero] * (N - 1)
        a[j - 1] = to_fmat(b, complex_=True)
        w = tangent_vector(Wf, a)
        ws.append(w)
        Zs.append(tangent_adjoint(Wf, w))
    flat = []
    for w in ws:
        row = []
        for M in w:
            for x in M.m.entries():
                row += [x.real, x.imag]
        flat.append(row)
    F = flint.arb_mat(n, len(flat[0]), [x for r in flat for x in r])
    gram = F * F.transpose()
    sparse = [[(i, l, mp_to_arb(mpmath.re(b[i, l])), mp_to_arb(mpmath.im(b[i, l])))
               for i in range(d) for l in range(d) if b[i, l] != 0] for _, b, _ in basis]
    S = [[None] * n for _ in range(n)]
    for r, (jr, _, _) in enumerate(basis):
        for c in range(n):
            Z = Zs[c][jr - 1].m
            acc = flint.arb(0)
            for i, l, vr, vi in sparse[r]:
                z = Z[l, i]
                acc += z.real * vr - z.imag * vi
            S[r][c] = acc
    B = flint.arb_mat(n, n)
    for r in range(n):
        for c in range(n):
            B[r, c] = 2 * gram[r, c] + S[r][c] + S[c][r]
    return B


def kempf_ness_certificate(W: Sequence, basis: list, *, dps: int = 50) -> dict:
    r"""Certified kernel of Theorem 14's Hessian at ``W`` from ball arithmetic (:func:`psi_hessian_balls`).

    Split ``B = B_0 + E``, ``B_0 = diag(B_her, 0)`` (Hermitian directions, then skew-Hermitian ones) and ``E`` the
    skew rows and columns. With ``eps = max|E|`` (ball upper bound) ``||E||_2 <= delta = sqrt(#E) eps``; with
    ``mu`` a certified lower bound of ``lambda_min(B_her)`` (:func:`pd_lower_bound`), Weyl's inequality gives: if
    ``mu > 2 delta``, exactly ``#skew`` eigenvalues of ``B`` lie in ``[-delta, delta]`` and all others exceed
    ``mu - delta > 0``. Returns ``eps``, ``delta``, ``mu``, ``kernel_dim`` (``#skew`` when certified, else
    ``None``) and ``bound = delta / mu``, an upper bound of the residual of the kernel prediction (relative to
    ``lambda_max >= mu``)."""
    with working(dps):
        B = psi_hessian_balls(W, basis)
        sk = [i for i, (_, _, k) in enumerate(basis) if k == "skew"]
        hi = [i for i, (_, _, k) in enumerate(basis) if k == "her"]
        n = len(basis)
        eps = max((upper(B[r, c]) for r in sk for c in range(n)), default=mpmath.mpf(0))
        Bh = flint.arb_mat(len(hi), len(hi), [B[r, c] for r in hi for c in hi])
        mu = pd_lower_bound(Bh)
        nE = 2 * len(sk) * n
        delta = upper(mp_to_arb(eps) * flint.arb(nE).sqrt())
        ok = mu is not None and mu > 2 * delta
        return {"eps": eps, "delta": delta, "mu": mu, "kernel_dim": len(sk) if ok else None,
                "bound": upper(mp_to_arb(delta) / mp_to_arb(mu)) if ok else None}
