r"""Section 1.2 and 1.3.2 in numbers: the centre ``C`` of ``F_X``, Lemma 1, the orbit ``O_X``, alignment on ``M``.

All states are stored **input first** (``W[k-1] = W_k``, see :mod:`dlnsym.formulas`). With
``X = Q_N Sigma Q_0^*`` (SVD) and ``Lam = Sigma^{1/N}`` the centre of Section 1.2 is, input first,

.. math:: C = (\Lambda Q_0^*, \Lambda, \dots, \Lambda, Q_N \Lambda),

so that ``X(C) = Q_N Lam^N Q_0^* = X`` (1.1) and ``C_k C_k^* = C_{k+1}^* C_{k+1} = Lam^2`` (balanced).

Lemma 1's construction, corrected (the printed ``A_{N-1} = Q_N Lam W_N^{-1}`` is wrong)::

    A_{N-1} = W_N^{-1} Q_N Lam,    A_{k-1} = W_k^{-1} A_k Lam   (k = N-1, ..., 2),

gives ``A.C = W`` (1.6) for every ``W`` in ``F_X``.

Alignment (Section 1.3.2): on ``M`` write ``W_k = U_k Lam V_k^*``. Balancedness
``W_k W_k^* = W_{k+1}^* W_{k+1}`` reads ``U_k Lam^2 U_k^* = V_{k+1} Lam^2 V_{k+1}^*``, so (for distinct singular
values) ``V_{k+1} = U_k`` up to a diagonal unitary: the printed ``V_k = U_{k+1}`` has the indices the wrong way
round for ``X = W_N ... W_1``.

Every function takes ``dps`` explicitly and works at :func:`~dlnsym.numeric.common.working` precision
(``dps + GUARD`` digits). :func:`maxabs` is the one entrywise max-norm of the numeric layer (of a matrix or of a
state); :func:`rank_deficient_state` is the one seeded state with rank-deficient layers (Remark 4; the singular
``H`` of Lemma 3).
"""

from __future__ import annotations

import random
from typing import Sequence

import mpmath

from ..formulas import act, end_to_end, moments
from ..matrix import adj
from .common import GUARD, as_mp, as_state, check_dps, check_field, check_full_rank, random_state, round_out, working

__all__ = ["svd_sorted", "centre", "lemma1_group_element", "random_unitary", "random_unitaries",
           "unitary_from_balanced", "orbit_unitary", "alignment_defect", "maxabs", "state_maxabs",
           "unitarity_defect", "is_real_state", "balanced_defect", "realify", "rank_deficient_state"]


# --------------------------------------------------------------------------- small helpers
def maxabs(M) -> mpmath.mpf:
    """``max_ij |M_ij|`` of an mpmath matrix, or ``max_k max_ij |(W_k)_ij|`` of a state (a sequence of them).

    >>> maxabs(mpmath.matrix([[1, -3], [2, 0]])), maxabs([mpmath.eye(2), 5 * mpmath.eye(1)])
    (mpf('3.0'), mpf('5.0'))
    """
    if isinstance(M, mpmath.matrix):
        return max(abs(M[i, j]) for i in range(M.rows) for j in range(M.cols))
    return max(maxabs(A) for A in M)


#: the state form of :func:`maxabs` (the same function, kept as a name)
state_maxabs = maxabs


def unitarity_defect(Q) -> mpmath.mpf:
    """``max |Q^* Q - I|``: zero iff ``Q`` is unitary (orthogonal over R)."""
    return maxabs(adj(Q) * Q - mpmath.eye(Q.rows))


def is_real_state(W: Sequence) -> bool:
    """True when every entry of every layer is real (the state lives over F = R)."""
    return all(not isinstance(M[i, j], mpmath.mpc) or M[i, j].imag == 0
               for M in W for i in range(M.rows) for j in range(M.cols))


def _is_real_matrix(M) -> bool:
    return is_real_state([M])


def realify(M):
    """``M`` with ``mpf`` entries (``M`` must be real: entries ``mpc`` with zero imaginary part are converted)."""
    return mpmath.matrix([[mpmath.re(M[i, j]) for j in range(M.cols)] for i in range(M.rows)])


def svd_sorted(M):
    r"""``M = U diag(s) V^*`` with ``s`` descending, as ``(U, s, V)`` (``V`` itself, not ``V^*``).

    Uses ``mpmath.svd_r`` for real and ``mpmath.svd_c`` for complex input, at the caller's precision.
    """
    if _is_real_matrix(M):
        U, S, Vh = mpmath.svd_r(realify(M))
    else:
        U, S, Vh = mpmath.svd_c(M)
    d = M.rows
    order = sorted(range(d), key=lambda i: -S[i])
    Us = mpmath.matrix(d, d)
    Vs = mpmath.matrix(d, d)
    for newj, j in enumerate(order):
        for i in range(d):
            Us[i, newj] = U[i, j]
            Vs[i, newj] = mpmath.conj(Vh[j, i])
    return Us, [S[j] for j in order], Vs


# --------------------------------------------------------------------------- the centre
def centre(X, N: int, *, dps: int = 50):
    r"""The centre ``C`` of ``F_X`` (Section 1.2), input first: ``(Lam Q_0^*, Lam, ..., Lam, Q_N Lam)``.

    Returns ``(C, Q_0, Q_N, Lam)`` where ``X = Q_N Lam^N Q_0^*`` is the SVD of ``X`` and ``Lam = Sigma^{1/N}``.
    Raises ``ValueError`` if ``X`` is rank deficient (Lemma 1 assumes full rank) or ``N < 2``.

    >>> import mpmath
    >>> from dlnsym.formulas import end_to_end, moments
    >>> X = mpmath.matrix([[1, 2], [3, 4]])
    >>> C, Q0, QN, Lam = centre(X, 3, dps=30)
    >>> bool(mpmath.mnorm(end_to_end(C) - X, 1) < mpmath.mpf(10)**-25)
    True
    >>> bool(max(mpmath.mnorm(G, 1) for G in moments(C)) < mpmath.mpf(10)**-25)
    True
    """
    check_dps(dps)
    if not isinstance(N, int) or N < 2:
        raise ValueError(f"depth N={N!r}: the deep linear network has N >= 2 layers (Section 1.1)")
    X = as_mp(X)
    if X.rows != X.cols:
        raise ValueError(f"X is {X.rows} x {X.cols}: the end-to-end matrix of the DLN is square d x d (Section 1.1)")
    with working(dps):
        check_full_rank([X, mpmath.eye(X.rows)], dps, "the centre of F_X (Section 1.2, Lemma 1)")
        QN, s, Q0 = svd_sorted(X)
        Lam = mpmath.diag([x ** (mpmath.mpf(1) / N) for x in s])
        C = [Lam * adj(Q0)] + [Lam.copy() for _ in range(N - 2)] + [QN * Lam]
    return round_out(C, dps), round_out(Q0, dps), round_out(QN, dps), round_out(Lam, dps)


# --------------------------------------------------------------------------- Lemma 1
def lemma1_group_element(W: Sequence, *, dps: int = 50, form: str = "corrected"):
    r"""Lemma 1's ``A = (A_1, ..., A_{N-1})`` with ``A.C = W`` (1.6), built by the proof's recursion.

    ``form="corrected"``: ``A_{N-1} = W_N^{-1} Q_N Lam``, ``A_{k-1} = W_k^{-1} A_k Lam``.
    ``form="printed"``: the proof's ``A_{N-1} = Q_N Lam W_N^{-1}``, then the same recursion.

    Returns ``(A, C)``; ``A.C = W`` holds to about ``dps`` digits for the corrected form only.
    """
    if form not in ("corrected", "printed"):
        raise ValueError(f"form={form!r}: 'corrected' or 'printed'")
    check_dps(dps)
    W = as_state(W)
    N = len(W)
    with working(dps):
        check_full_rank(W, dps, "Lemma 1")
        C, Q0, QN, Lam = centre(end_to_end(W), N, dps=dps + GUARD)
        A = [None] * (N - 1)
        if form == "corrected":
            A[N - 2] = mpmath.inverse(W[N - 1]) * QN * Lam
        else:
            A[N - 2] = QN * Lam * mpmath.inverse(W[N - 1])
        for k in range(N - 1, 1, -1):  # A_{k-1} = W_k^{-1} A_k Lam
            A[k - 2] = mpmath.inverse(W[k - 1]) * A[k - 1] * Lam
    return round_out(A, dps), round_out(C, dps)


# --------------------------------------------------------------------------- unitary orbits
def random_unitary(d: int, field: str = "C", seed: int = 0, *, dps: int = 50):
    r"""A reproducible Haar-distributed unitary (orthogonal over R) ``d x d`` matrix.

    QR of a Gaussian matrix with the phase fix ``Q <- Q diag(R_ii / |R_ii|)`` (Mezzadri's recipe).

    >>> Q = random_unitary(3, "C", seed=1, dps=30)
    >>> with mpmath.workdps(30):
    ...     bool(unitarity_defect(Q) < mpmath.mpf(10)**-25)
    True
    """
    check_field(field)
    check_dps(dps)
    rng = random.Random(f"dlnsym-unitary-{d}-{field}-{seed}")
    with working(dps):
        Z = mpmath.matrix(d, d)
        for i in range(d):
            for j in range(d):
                re = mpmath.mpf(f"{rng.gauss(0, 1):.15f}")
                Z[i, j] = mpmath.mpc(re, mpmath.mpf(f"{rng.gauss(0, 1):.15f}")) if field == "C" else re
        Q, R = mpmath.qr(Z)
        for j in range(d):
            ph = R[j, j] / abs(R[j, j])
            for i in range(d):
                Q[i, j] = Q[i, j] * ph
    return round_out(Q, dps)


def random_unitaries(N: int, d: int, field: str = "C", seed: int = 0, *, dps: int = 50) -> list:
    """``Q = (Q_1, ..., Q_{N-1})`` in ``U_d^{N-1}`` (``O_d^{N-1}`` over R), reproducible."""
    return [random_unitary(d, field, 1000 * seed + k, dps=dps) for k in range(1, N)]


def unitary_from_balanced(W: Sequence, *, dps: int = 50):
    r"""For ``W`` in ``F_X``, the ``Q`` with ``Q.C = W`` of Section 1.2, built layer by layer.

    ``Q_1 = W_1 Q_0 Lam^{-1}``, ``Q_k = W_k Q_{k-1} Lam^{-1}`` (the layer-``k`` SVD factors of ``W`` when it is
    balanced: then ``W_k = Q_k Lam Q_{k-1}^*``). Returns ``(Q, C, defect)`` where ``defect`` is
    ``max(max_k |Q_k^* Q_k - I|, |Q.C - W|)``: of order ``10^-dps`` iff ``W`` is in ``O_X = U_d^{N-1}.C``.
    """
    check_dps(dps)
    W = as_state(W)
    N = len(W)
    with working(dps):
        check_full_rank(W, dps, "Section 1.2")
        C, Q0, QN, Lam = centre(end_to_end(W), N, dps=dps + GUARD)
        Li = mpmath.inverse(Lam)
        Q = []
        prev = Q0
        for k in range(1, N):
            prev = W[k - 1] * prev * Li
            Q.append(prev)
        defect = max(max(unitarity_defect(q) for q in Q), state_maxabs([a - b for a, b in zip(act(Q, C), W)]))
    return round_out(Q, dps), round_out(C, dps), round_out(defect, dps)


def orbit_unitary(W: Sequence, Wp: Sequence, *, dps: int = 50):
    r"""The ``Q`` in ``GL(d)^{N-1}`` with ``Q.W = W'`` (1.6), for ``W, W'`` in one fibre ``F_X``.

    ``Q_1 = W'_1 W_1^{-1}``, ``Q_k = W'_k Q_{k-1} W_k^{-1}``. Returns ``(Q, unitarity, action_residual)`` with
    ``unitarity = max_k |Q_k^* Q_k - I|`` and ``action_residual = max |Q.W - W'|``. For two minimisers of
    Theorem 1 this ``Q`` is unitary (orthogonal over R): the minimisers form one ``U_d^{N-1}`` orbit.
    """
    check_dps(dps)
    W, Wp = as_state(W), as_state(Wp, name="W'")
    if len(W) != len(Wp) or W[0].rows != Wp[0].rows:
        raise ValueError("W and W' must have the same depth N and width d (one fibre F_X)")
    with working(dps):
        check_full_rank(W, dps, "Lemma 1")
        Q = []
        prev = mpmath.eye(W[0].rows)
        for k in range(1, len(W)):
            prev = Wp[k - 1] * prev * mpmath.inverse(W[k - 1])
            Q.append(prev)
        unit = max(unitarity_defect(q) for q in Q)
        res = state_maxabs([a - b for a, b in zip(act(Q, W), Wp)])
    return round_out(Q, dps), round_out(unit, dps), round_out(res, dps)


# --------------------------------------------------------------------------- alignment
def alignment_defect(W: Sequence, *, dps: int = 50, form: str = "corrected") -> dict:
    r"""Section 1.3.2 on a balanced ``W``: norms, singular values and the alignment of singular vectors.

    With ``W_k = U_k Lam_k V_k^*`` (singular values descending):

    * ``norms``: ``max_k | ||W_k||_2^2 - ||W_1||_2^2 |`` (independent of ``k`` on ``M``);
    * ``singular``: ``max_k |Lam_k - Sigma^{1/N}|``;
    * ``align``: how far ``D = U_k^* V_{k+1}`` (``form="corrected"``) or ``D = U_{k+1}^* V_k`` (``form="printed"``)
      is from a diagonal unitary, ``max_k max(|offdiag D|, max_i ||D_ii| - 1|)``. The singular vectors are
      determined up to a phase (sign over R) only when the singular values are distinct; the test therefore
      compares with diagonal unitaries.

    Returns a dict with these three entries (mpf) and ``gap``, the smallest relative gap between singular values
    of ``X`` (the alignment statement is about distinct singular values).
    """
    if form not in ("corrected", "printed"):
        raise ValueError(f"form={form!r}: 'corrected' or 'printed'")
    check_dps(dps)
    W = as_state(W)
    N = len(W)
    with working(dps):
        check_full_rank(W, dps, "Section 1.3.2")
        _, sX, _ = svd_sorted(end_to_end(W))
        lam = [x ** (mpmath.mpf(1) / N) for x in sX]
        svds = [svd_sorted(M) for M in W]
        n2 = [mpmath.fsum(abs(M[i, j]) ** 2 for i in range(M.rows) for j in range(M.cols)) for M in W]
        norms = max(abs(x - n2[0]) for x in n2)
        singular = max(abs(a - b) for (_, s, _) in svds for a, b in zip(s, lam))
        align = mpmath.mpf(0)
        for k in range(1, N):  # k = 1..N-1 (paper's indices)
            Uk, _, Vk = svds[k - 1]
            Uk1, _, Vk1 = svds[k]
            D = adj(Uk) * Vk1 if form == "corrected" else adj(Uk1) * Vk
            d = D.rows
            off = max([abs(D[i, j]) for i in range(d) for j in range(d) if i != j] or [mpmath.mpf(0)])
            dia = max(abs(abs(D[i, i]) - 1) for i in range(d))
            align = max(align, off, dia)
        gap = min([abs(sX[i] - sX[i + 1]) / sX[0] for i in range(len(sX) - 1)] or [mpmath.mpf(1)])
    return {k: round_out(v, dps) for k, v in
            {"norms": norms, "singular": singular, "align": align, "gap": gap}.items()}


def rank_deficient_state(N: int, d: int, field: str = "R", layers=(1, 2), rank: int | None = None, *, seed: int = 1,
                         dps: int = 50) -> list:
    r"""A seeded state whose layers ``W_k`` (``k`` in ``layers``, 1-based) are truncated to rank ``rank`` (default
    ``d - 1``): their smallest singular values are set to 0, so that ``X = W_N ... W_1`` has rank ``<= rank < d``.

    The layers not in ``layers`` are those of :func:`~dlnsym.numeric.common.random_state` with the same seed. With
    ``W_1`` and ``W_2`` both rank deficient there are ``u, v != 0`` with ``W_2 u = 0`` and ``v^* W_1 = 0``, so
    ``a = (u v^*, 0, ..., 0)`` has ``w_a = 0`` (2.3) and ``H`` is singular (Lemma 3: ``Re Tr(a^* H a) = ||w_a||^2``).
    Entries carry ``dps + GUARD`` digits (not rounded: the zero singular values stay zero to that precision).

    >>> W = rank_deficient_state(3, 2, "R", dps=30)
    >>> with mpmath.workdps(45):
    ...     bool(min(mpmath.svd(W[0], compute_uv=False)) < mpmath.mpf(10) ** -40)
    True
    """
    check_field(field)
    check_dps(dps)
    rank = d - 1 if rank is None else rank
    if not isinstance(rank, int) or not 0 <= rank < d:
        raise ValueError(f"rank={rank!r}: a rank-deficient d x d layer has rank 0 <= r < d = {d}")
    layers = tuple(layers)
    if any(not isinstance(k, int) or not 1 <= k <= N for k in layers):
        raise ValueError(f"layers={layers!r}: layer indices are 1, ..., N = {N} (input first)")
    W = random_state(N, d, field, seed, dps=dps)
    with working(dps):
        for k in layers:
            U, S, V = mpmath.svd(W[k - 1])
            W[k - 1] = U * mpmath.diag([S[i] if i < rank else 0 for i in range(d)]) * V
    return W


def balanced_defect(W: Sequence, *, dps: int = 50) -> mpmath.mpf:
    """``max_k max |G_k|`` (1.11): zero iff ``W`` is in the balanced variety ``M_0``."""
    check_dps(dps)
    W = as_state(W)
    with working(dps):
        return round_out(max(maxabs(G) for G in moments(W)), dps)
