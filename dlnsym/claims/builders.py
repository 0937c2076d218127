r"""Residual builders for the exact identities of Sections 1-3.

Each builder ``b(S, form)`` computes one side from first principles in the setting
``S`` (see :mod:`dlnsym.claims.identity`): a derivative along a curve by jets, a
gradient by the Riesz representation, an inner product from its definition (1.16).
It subtracts the paper's statement in the requested ``form`` (``paper``, ``printed``,
``corrected`` or ``negative``) and returns the residual, which must vanish exactly.

The paper's statements are typed here *as printed* (or as corrected, for errata),
independently of :mod:`dlnsym.formulas`, wherever the formula is the thing checked.
"""

from __future__ import annotations

from fractions import Fraction

from ..formulas import (
    H_operator,
    act,
    end_to_end,
    inner,
    kirwan_ness_field,
    loss_gradient,
    moments,
    norm_sq,
)
from ..matrix import adj, re_trace, re_trace_product, zeros_like
from .identity import Eq, Instance, Lin

HALF = Fraction(1, 2)


def _sc(x, c):
    return x.scale(c) if hasattr(x, "scale") else x * c


def _ssum(items):
    acc = None
    for t in items:
        acc = t if acc is None else acc + t
    return acc


def _pick(c, j):
    """``c_j`` with the paper's convention ``c_0 = c_N = 0`` (returns ``None``)."""
    return c[j - 1] if 1 <= j <= len(c) else None


def _terms(*ts):
    """Sum of the terms that exist (``None`` marks a term with a vanishing factor)."""
    return _ssum(t for t in ts if t is not None)


def _mul(*fs):
    if any(f is None for f in fs):
        return None
    out = fs[0]
    for f in fs[1:]:
        out = out @ f
    return out


def _neg(x):
    return None if x is None else -x


def dF_regularizer(S, a):
    r"""``dF(W) w_a`` for ``F = 1/2 ||W||^2``, differentiated along ``e^{tau a}.W`` (2.4)."""
    return _sc(norm_sq(S.along_action(a)).der, HALF)


def dF_moments(S, a):
    r"""``dF(W) w_a`` for ``F = 1/2 ||G||^2`` (2.24), differentiated along ``e^{tau a}.W``."""
    Gt = moments(S.along_action(a))
    return _sc(_ssum(re_trace_product(g, g) for g in Gt).der, HALF)


def tangent_printed(W, a):
    r"""(2.3) as printed: ``(-W_N a_{N-1}, a_{N-1} W_{N-1} - W_{N-1} a_{N-2}, ..., a_1 W_1)``."""
    N = len(W)
    out = []
    for k in range(1, N + 1):
        out.append(_terms(_mul(_pick(a, k), W[k - 1]), _neg(_mul(W[k - 1], _pick(a, k - 1)))))
    return out


# --------------------------------------------------------------------------- Section 1
def b_action_fibre(S, form):
    r"""eq. (1.1), (1.6): ``X(A.W) = X(W)``.

    Proved by induction over the partial products ``P_j = W_j ... W_1``: with ``P_{j-1}`` an
    opaque letter, the step ``(A.W)_j A_{j-1} P_{j-1} = A_j W_j P_{j-1}`` (``A_N = I``, and
    ``(A.W)_1 = A_1 W_1``) is the component ``k = j``, local in ``j``. By induction
    ``(A.W)_j \cdots (A.W)_1 = A_j P_j`` (substitute the true ``P_{j-1}`` into step ``j``), and
    ``j = N`` gives ``X(A.W) = X(W)``. The global product itself (a word of length ``N``, which no
    window argument can cover) is compared on explicit entries only."""
    N, W = S.N, S.W
    A = S.group("A")
    if form == "negative":  # forget the inverse on the right: W_k -> A_k W_k A_{k-1}
        AW = [_terms(_mul(_pick(A, k), W[k - 1], _pick(A, k - 1))) if 2 <= k <= N - 1
              else (A[0] @ W[0] if k == 1 else W[N - 1] @ A[N - 2]) for k in range(1, N + 1)]
    else:
        AW = act(A, W)
    Pl = [S.mat("P", "g", j) for j in range(1, N)]
    steps = []
    for j in range(1, N + 1):
        lhs = AW[j - 1] if j == 1 else AW[j - 1] @ A[j - 2] @ Pl[j - 2]
        rhs = W[j - 1] if j == 1 else W[j - 1] @ Pl[j - 2]
        if j <= N - 1:
            rhs = A[j - 1] @ rhs
        steps.append(Eq(lhs, rhs, k=j))
    if S.backend == "nc":
        return [steps]
    return [steps, Instance(Eq(end_to_end(AW), end_to_end(W)))]


def b_norm_invariance(S, form):
    r"""eq. (1.7): ``||Q.W||^2 = ||W||^2`` for ``Q`` unitary (orthogonal over R), layer by layer."""
    Q = S.alg("Q", "u") if form != "negative" else S.group("A")
    QW = act(Q, S.W)
    return [[Eq(re_trace(adj(x) @ x), re_trace(adj(w) @ w), k=k) for k, (x, w) in enumerate(zip(QW, S.W), 1)]]


def b_conservation(S, form):
    r"""Section 1.4.1: the ``G_k`` are conserved by the gradient flow (1.2) of any loss ``E(X)``.

    The Euclidean gradient is computed from ``dE = Re Tr(grad E(X)^* dX)`` by the Riesz
    representation (not from a formula); it is compared with :func:`loss_gradient`, and
    ``dG/dt`` is differentiated along ``dW/dt = -grad``."""
    N, W = S.N, S.W
    Y = S.mat("Y")
    V = S.alg("V", count=N)
    dE = re_trace(adj(Y) @ end_to_end(S.along(V)).der)
    grad = [S.gradient(dE, v) for v in V]
    velocity = [-g for g in grad]
    if form == "negative":  # weight decay breaks the conservation law
        velocity = [v - w for v, w in zip(velocity, W)]
    Gdot = [g.der for g in moments(S.along(velocity))]
    return [[Eq(g, f, k=k) for k, (g, f) in enumerate(zip(grad, loss_gradient(W, Y)), 1)], Gdot]


def b_centre(S, form):
    r"""Section 1.2: the centre ``C = (Q_N Lam, Lam, ..., Lam, Lam Q_0^*)`` lies in ``F_X``
    (``X = Q_N Lam^N Q_0^*``) and is balanced. ``Lam`` is Hermitian, ``Q_0, Q_N`` unitary.

    ``X(C) = X`` by induction over the partial products ``C_j \cdots C_1 = R_j``, with
    ``R_j = Lam^j Q_0^*`` for ``j < N``: with ``R_{j-1}`` an opaque letter, the step
    ``C_j R_{j-1} = Lam R_{j-1}`` (``= R_j``; for ``j = N``: ``Q_N Lam R_{N-1} = X``) is the component
    ``k = j``, and ``C_1 = Lam Q_0^* = R_1``. The global product (``Lam^N``) is compared on explicit
    entries only."""
    N = S.N
    Lam = S.mat("Lambda", "h") if form != "negative" else S.mat("Lambda", "g")
    Q0, QN = S.mat("Q", "u", 0), S.mat("Q", "u", N)
    C = [Lam @ adj(Q0)] + [Lam] * (N - 2) + [QN @ Lam]
    balanced = [Eq(C[k - 1] @ adj(C[k - 1]), adj(C[k]) @ C[k], k=k) for k in range(1, N)]  # (1.3)
    if S.backend != "nc":
        X = QN
        for _ in range(N):
            X = X @ Lam
        return [balanced, Instance(Eq(end_to_end(C), X @ adj(Q0)))]
    R = [None] + [S.mat("R", "g", j) for j in range(1, N)]  # R_j stands for Lam^j Q_0^*
    steps = [Eq(C[0], Lam @ adj(Q0), k=1)]
    for j in range(2, N + 1):
        rhs = Lam @ R[j - 1] if j < N else QN @ Lam @ R[j - 1]
        steps.append(Eq(C[j - 1] @ R[j - 1], rhs, k=j))
    return [balanced, steps]


def b_lemma1_proof(S, form):
    r"""Lemma 1 (proof): the recursive construction of ``A`` with ``A.C = W``.

    ``W_2, ..., W_N`` are free and ``W_1 = (W_N \cdots W_2)^{-1} Q_N Lam^N Q_0^*`` puts ``W`` in
    ``F_X``. Corrected: ``A_{N-1} = W_N^{-1} Q_N Lam`` and ``A_{k-1} = W_k^{-1} A_k Lam``;
    the last component of ``A.C`` is ``A_1 Lam Q_0^*``. Printed: ``A_{N-1} = Q_N Lam W_N^{-1}``
    and ``A.C = (..., A_1 Q_0^*)``."""
    N = S.N
    Lam = S.mat("Lambda", "h")
    Q0, QN = S.mat("Q", "u", 0), S.mat("Q", "u", N)
    C = [Lam @ adj(Q0)] + [Lam] * (N - 2) + [QN @ Lam]
    Wt = [None] + [S.mat("W", "g", k) for k in range(2, N + 1)]
    top = Wt[N - 1]
    for k in range(N - 1, 1, -1):
        top = top @ Wt[k - 1]
    X = QN
    for _ in range(N):
        X = X @ Lam
    Wt[0] = top.inverse() @ X @ adj(Q0)
    A = [None] * (N - 1)
    if form == "printed":
        A[N - 2] = QN @ Lam @ Wt[N - 1].inverse()
    else:
        A[N - 2] = Wt[N - 1].inverse() @ QN @ Lam
    if form == "negative":
        A[N - 2] = Wt[N - 1].inverse() @ QN
    for k in range(N - 1, 1, -1):  # A_{k-1} = W_k^{-1} A_k Lam
        A[k - 2] = Wt[k - 1].inverse() @ A[k - 1] @ Lam
    AC = act(A, C)
    out = [Instance(Eq(x, w)) for x, w in zip(AC, Wt)]
    # the displayed form of A.C with a generic A
    Ag = S.group("B")
    disp_last = Ag[0] @ adj(Q0) if form == "printed" else Ag[0] @ Lam @ adj(Q0)
    out.append(Instance(Eq(disp_last, act(Ag, C)[0])))
    return out


# --------------------------------------------------------------------------- Section 2
def b_tangent(S, form):
    r"""eq. (2.1)-(2.3): ``d/dtau (e^{tau a}.W)|_0`` is the printed ``w_a``."""
    a = S.alg("a")
    Wt = S.along_action(a)
    w = tangent_printed(S.W, a)
    if form == "negative":  # factors in the wrong order: W_k a_k - a_{k-1} W_k
        N, W = S.N, S.W
        w = [_terms(_mul(W[k - 1], _pick(a, k)), _neg(_mul(_pick(a, k - 1), W[k - 1]))) for k in range(1, N + 1)]
    return [[Eq(x.der, y, k=k) for k, (x, y) in enumerate(zip(Wt, w), 1)]]


def b_lemma2(S, form):
    r"""Lemma 2, eq. (2.5): ``dF w_a = 1/2 sum Tr(G_k (a_k + a_k^*)) = sum Re Tr(G_k^* a_k)``."""
    a = S.alg("a")
    W = S.W
    G = moments(W)
    if form == "negative":  # a sign flipped inside G
        G = [W[k - 1] @ adj(W[k - 1]) + adj(W[k]) @ W[k] for k in range(1, S.N)]
    dF = dF_regularizer(S, a)
    f1 = _sc(_ssum(re_trace(g @ (x + adj(x))) for g, x in zip(G, a)), HALF)
    f2 = _ssum(re_trace(adj(g) @ x) for g, x in zip(G, a))
    return [Lin(Eq(dF, f1), "a"), Lin(Eq(dF, f2), "a")]


def b_eq27(S, form):
    r"""eq. (2.7): the expanded inner product ``<w_b, w_a>``, against (1.16) applied to (2.3)."""
    N, W = S.N, S.W
    a, b = S.alg("a"), S.alg("b")
    lhs = inner(tangent_printed(W, b), tangent_printed(W, a))
    terms = [re_trace(adj(b[N - 2]) @ adj(W[N - 1]) @ W[N - 1] @ a[N - 2])]
    for k in range(2, N):
        left = adj(W[k - 1]) @ adj(b[k - 1])
        if form != "negative":  # the negative control drops -b_{k-1}^* W_k^*
            left = left - adj(b[k - 2]) @ adj(W[k - 1])
        right = a[k - 1] @ W[k - 1] - W[k - 1] @ a[k - 2]
        terms.append(re_trace(left @ right))
    terms.append(re_trace(W[0] @ adj(W[0]) @ adj(b[0]) @ a[0]))
    return [Lin(Eq(lhs, _ssum(terms)), "a")]


def H_printed(W, c, swap=False):
    r"""Definition 8, eq. (2.8) as printed (``swap=True``: the negative control with
    ``c_k W_k W_k^*`` written as ``W_k W_k^* c_k``)."""
    N = len(W)
    out = []
    for k in range(1, N):
        Wk, Wk1 = W[k - 1], W[k]
        second = (Wk @ adj(Wk) @ c[k - 1]) if swap else (c[k - 1] @ Wk @ adj(Wk))
        out.append(_terms(_neg(_mul(Wk, _pick(c, k - 1), adj(Wk))), second, adj(Wk1) @ Wk1 @ c[k - 1],
                          _neg(_mul(adj(Wk1), _pick(c, k + 1), Wk1))))
    return out


def b_lemma3(S, form):
    r"""Lemma 3, eq. (2.9): ``<w_b, w_a> = sum Re Tr(H_k(b)^* a_k) = sum Re Tr(b_k^* H_k(a))``."""
    W = S.W
    a, b = S.alg("a"), S.alg("b")
    swap = form == "negative"
    lhs = inner(tangent_printed(W, b), tangent_printed(W, a))
    r1 = _ssum(re_trace(adj(h) @ x) for h, x in zip(H_printed(W, b, swap), a))
    r2 = _ssum(re_trace(adj(x) @ h) for h, x in zip(H_printed(W, a, swap), b))
    return [Lin(Eq(lhs, r1), "a"), Lin(Eq(lhs, r2), "a")]


def b_formula_H(S, form):
    r"""The shared formula :func:`H_operator` is Definition 8 as printed (so that every layer
    that uses it, numeric included, computes the paper's ``H``)."""
    c = S.alg("c")
    pairs = zip(H_operator(S.W, c), H_printed(S.W, c, form == "negative"))
    return [[Eq(x, y, k=k) for k, (x, y) in enumerate(pairs, 1)]]


def b_lemma4(S, form):
    r"""Lemma 4, eq. (2.12): ``dG_k w_c = H_k(c) + H_k(c)^*``, with ``dG`` differentiated along ``e^{tau c}.W``."""
    c = S.alg("c")
    dG = [g.der for g in moments(S.along_action(c))]
    H = H_printed(S.W, c)
    rhs = [h - adj(h) for h in H] if form == "negative" else [h + adj(h) for h in H]
    return [[Eq(x, y, k=k) for k, (x, y) in enumerate(zip(dG, rhs), 1)]]


def b_lemma4_proof(S, form):
    r"""Lemma 4 (proof): the expanded form of ``dG_k/dtau``. The printed fifth term
    ``-W_{k+1} c_{k+1}^* W_{k+1}^*`` should read ``-W_{k+1}^* c_{k+1}^* W_{k+1}``."""
    N, W = S.N, S.W
    c = S.alg("c")
    dG = [g.der for g in moments(S.along_action(c))]
    out = []
    for k in range(1, N):
        Wk, Wk1 = W[k - 1], W[k]
        ck, cm, cp = c[k - 1], _pick(c, k - 1), _pick(c, k + 1)
        fifth = _neg(_mul(Wk1, adj(cp), adj(Wk1))) if (form == "printed" and cp is not None) \
            else _neg(_mul(adj(Wk1), adj(cp) if cp is not None else None, Wk1))
        last = adj(Wk1) @ Wk1 @ ck
        if form == "negative":
            last = -last
        e = _terms(ck @ Wk @ adj(Wk), _neg(_mul(Wk, cm, adj(Wk))), Wk @ adj(Wk) @ adj(ck),
                   _neg(_mul(Wk, adj(cm) if cm is not None else None, adj(Wk))), fifth,
                   adj(ck) @ adj(Wk1) @ Wk1, _neg(_mul(adj(Wk1), cp, Wk1)), last)
        out.append(Eq(dG[k - 1], e, k=k))
    return [out]


def b_lemma5(S, form):
    r"""Lemma 5: ``<w_b, w_a> - dF w_a = sum Re Tr((H_k(b) - G_k)^* a_k)`` identically, so that
    ``w_b = grad 1/2 ||W||^2`` (2.15) exactly when ``H(b) = G`` (2.19)."""
    W = S.W
    a, b = S.alg("a"), S.alg("b")
    G = moments(W)
    H = H_printed(W, b)
    lhs = inner(tangent_printed(W, b), tangent_printed(W, a)) - dF_regularizer(S, a)
    # the negative control has H(b) + G in place of H(b) - G
    E = [h + g for h, g in zip(H, G)] if form == "negative" else [h - g for h, g in zip(H, G)]
    cert = _ssum(re_trace(adj(e) @ x) for e, x in zip(E, a))
    return [Lin(Eq(lhs, cert), "a")]


def b_lemma5_proof(S, form):
    r"""Lemma 5 (proof), eq. (2.22). Printed: ``Re Tr(H_k(b)^* a_k) = Re Tr(G_k^* a_k) = 0`` for
    all ``a_k``; the last equality would force ``G_k = 0``. Corrected: the identity of
    :func:`b_lemma5`, i.e. ``Re Tr((H_k(b) - G_k)^* a_k) = 0`` for all ``a_k``."""
    if form == "printed":
        a = S.alg("a")
        return [Lin(_ssum(re_trace(adj(g) @ x) for g, x in zip(moments(S.W), a)), "a")]
    return b_lemma5(S, "negative" if form == "negative" else "paper")


def b_eq221(S, form):
    r"""eq. (2.21): the expansion of ``H_k(b) + H_k(b)^* = 2 G_k``. The printed first term
    ``-W_k (b_{k-1} + b_{k-1}^*)`` lacks its trailing ``W_k^*``."""
    N, W = S.N, S.W
    b = S.alg("b")
    H = H_printed(W, b)
    out = []
    for k in range(1, N):
        Wk, Wk1 = W[k - 1], W[k]
        bm, bk, bp = _pick(b, k - 1), b[k - 1], _pick(b, k + 1)
        first = None
        if bm is not None:
            first = -(Wk @ (bm + adj(bm))) if form == "printed" else -(Wk @ (bm + adj(bm)) @ adj(Wk))
        last = None if bp is None else -(adj(Wk1) @ (bp + adj(bp)) @ Wk1)
        mid = bk @ Wk @ adj(Wk) + Wk @ adj(Wk) @ adj(bk) + adj(Wk1) @ Wk1 @ bk
        mid = mid + (adj(bk) @ adj(Wk1) @ Wk1 if form != "negative" else -(adj(bk) @ adj(Wk1) @ Wk1))
        out.append(Eq(_terms(first, mid, last), H[k - 1] + adj(H[k - 1]), k=k))
    return [out]


def b_theorem2_chain(S, form):
    r"""Theorem 2 / eq. (2.23): along ``dW/dt = -w_b``,
    ``dG/dt + 2G = -(H(b) - G) - (H(b) - G)^*`` identically in ``b``: the right side vanishes
    when ``b`` solves (2.19), so ``dG/dt = -2G``. The printed middle term ``dG w_b`` has the
    wrong sign: ``dG w_b = H(b) + H(b)^* = +2G``."""
    W = S.W
    b = S.alg("b")
    G = moments(W)
    H = H_printed(W, b)
    E = [h - g for h, g in zip(H, G)]  # the equations (2.19)
    if form == "printed":  # printed: dG w_b = -2G (on solutions of (2.19))
        dG = [g.der for g in moments(S.along(tangent_printed(W, b)))]
        return [[Eq(x + 2 * g, e + adj(e), k=k) for k, (x, g, e) in enumerate(zip(dG, G, E), 1)]]
    Gdot = [g.der for g in moments(S.along([-w for w in tangent_printed(W, b)]))]
    if form == "negative":
        return [[Eq(x + 2 * g, -e, k=k) for k, (x, g, e) in enumerate(zip(Gdot, G, E), 1)]]
    return [[Eq(x + 2 * g, -(e + adj(e)), k=k) for k, (x, g, e) in enumerate(zip(Gdot, G, E), 1)]]


def b_remark9(S, form):
    r"""Remark 9. (i) The Euclidean gradient of ``1/2||W||^2`` is ``W``; (ii) ``W - w_b`` is normal
    to ``F_X`` when ``H(b) = G``; (iii) ``dG`` vanishes on the normal space, because
    ``sum Re Tr(h_k dG_k V) = 2 <w_h, V>`` for Hermitian ``h``; (iv) ``dG W = 2G``.
    The printed ``dG w_b = dG W = -2G`` has the wrong sign."""
    N, W = S.N, S.W
    G = moments(W)
    if form == "printed":
        dGW = [g.der for g in moments(S.along(W))]
        return [[Eq(x, -2 * g, k=k) for k, (x, g) in enumerate(zip(dGW, G), 1)]]
    a, b = S.alg("a"), S.alg("b")
    V = S.alg("V", count=N)
    h = S.alg("h", "h")
    dF = _sc(norm_sq(S.along(V)).der, HALF)
    grads = [Eq(S.gradient(dF, v), w, k=k) for k, (v, w) in enumerate(zip(V, W), 1)]
    wb = tangent_printed(W, b)
    H = H_printed(W, b)
    normal = Eq(inner([w - x for w, x in zip(W, wb)], tangent_printed(W, a)),
                -_ssum(re_trace(adj(x - g) @ y) for x, g, y in zip(H, G, a)))
    dGV = [g.der for g in moments(S.along(V))]
    null = Eq(_ssum(re_trace(x @ y) for x, y in zip(h, dGV)), 2 * inner(tangent_printed(W, h), V))
    dGW = [g.der for g in moments(S.along(W))]
    m = 1 if form == "negative" else 2
    return [grads, Lin(normal, "a"), Lin(null, "V", count=N),
            [Eq(x, m * g, k=k) for k, (x, g) in enumerate(zip(dGW, G), 1)]]


def b_theorem10(S, form):
    r"""Theorem 10, eq. (2.24)-(2.27): ``grad 1/2||G||^2 = w_{2G}`` on ``F_X`` (the pairing with
    every ``w_a`` is checked against ``dF`` differentiated along ``e^{tau a}.W``), the flow is
    the cubic system (1.22), and ``dG/dt = -2(H(G) + H(G)^*)`` along it."""
    W = S.W
    a = S.alg("a")
    G = moments(W)
    m = 1 if form == "negative" else 2
    w2G = tangent_printed(W, [m * g for g in G])
    herm = [Eq(adj(g), g, k=k) for k, g in enumerate(G, 1)]  # (2.24): Tr(G^* G) = Tr(G^2)
    grad = Eq(dF_moments(S, a), inner(w2G, tangent_printed(W, a)))
    KN = kirwan_ness_field(W)
    cubic = [Eq(x, -y, k=k) for k, (x, y) in enumerate(zip(KN, w2G), 1)]
    HG = H_printed(W, G)
    Gdot = [g.der for g in moments(S.along(KN))]
    flowG = [Eq(x, -2 * (h + adj(h)), k=k) for k, (x, h) in enumerate(zip(Gdot, HG), 1)]
    return [herm, Lin(grad, "a"), cubic, flowG]


def KN_printed(W, broken=False):
    r"""(1.22) as printed: ``dW_k/dt = 2 (W_k G_{k-1} - G_k W_k)``, ``G_0 = G_N = 0``
    (``broken``: factors of the first term swapped)."""
    N = len(W)
    G = moments(W)
    out = []
    for k in range(1, N + 1):
        Gm, Gk = _pick(G, k - 1), _pick(G, k)
        first = _mul(Gm, W[k - 1]) if broken else _mul(W[k - 1], Gm)
        out.append(2 * _terms(first, _neg(_mul(Gk, W[k - 1]))))
    return out


def b_remark7(S, form):
    r"""Remark 7, eq. (1.21)-(1.22): the cubic field is ``-grad 1/2||G||^2``: it is the tangent
    vector ``-w_{2G}`` and pairs with every ``w_a`` as ``-dF w_a``."""
    W = S.W
    a = S.alg("a")
    KN = KN_printed(W, broken=form == "negative")
    G = moments(W)
    tang = [Eq(x, -y, k=k) for k, (x, y) in enumerate(zip(KN, tangent_printed(W, [2 * g for g in G])), 1)]
    pair = Eq(dF_moments(S, a), -inner(KN, tangent_printed(W, a)))
    return [tang, Lin(pair, "a")]


def b_formula_KN(S, form):
    r"""The shared :func:`kirwan_ness_field` is (1.22) as printed."""
    pairs = zip(kirwan_ness_field(S.W), KN_printed(S.W, form == "negative"))
    return [[Eq(x, y, k=k) for k, (x, y) in enumerate(pairs, 1)]]


def b_remark11(S, form):
    r"""Remark 11: the cubic field is tangent to every fibre, on all of ``M_d^N``: ``dX(KN) = 0``
    with no rank assumption; likewise ``dX w_c = 0`` for every ``c``."""
    W = S.W
    KN = KN_printed(W)
    if form == "negative":
        KN = [x + w for x, w in zip(KN, W)]
    c = S.alg("c")
    dX1, dX2 = end_to_end(S.along(KN)).der, end_to_end(S.along(tangent_printed(W, c))).der
    return [Instance(Eq(dX1, zeros_like(dX1))), Instance(Eq(dX2, zeros_like(dX2)))]


def b_eq231(S, form):
    r"""eq. (2.31): along the Kirwan-Ness flow, ``d/dt 1/2||G||^2 = -||w_{2G}||^2 = -4||w_G||^2``.
    The printed right side is ``-2||w_G||^2``."""
    W = S.W
    KN = KN_printed(W)
    Gt = moments(S.along(KN))
    ddt = _sc(_ssum(re_trace_product(g, g) for g in Gt).der, HALF)
    wG = tangent_printed(W, moments(W))
    nrm = inner(wG, wG)
    if form == "printed":
        return [Instance(Eq(ddt, -2 * nrm))]
    a = S.alg("a")
    G = moments(W)
    polar = Eq(dF_moments(S, a), inner(tangent_printed(W, [2 * g for g in G]), tangent_printed(W, a)))
    m = -4 if form == "negative" else 4
    return [Lin(polar, "a"), Instance(Eq(ddt, -m * nrm))]


# --------------------------------------------------------------------------- Section 3
def b_remark18(S, form):
    r"""Definition 12, Remark 18, eq. (3.4)-(3.7), computed literally.

    (3.4)-(3.5): ``d psi_W(e)(a) = d/dtau ||e^{tau a}.W||^2 |_0`` (the norm (1.4), the action (1.6), no factor
    1/2), differentiated here along the group curve by jets. (3.6): ``mu(W)`` is this linear functional on
    ``g = gl(d)^{N-1}``; it is identified with a tuple of matrices by the paper's own pairing (1.14)/(1.16),
    ``<xi, a> = sum_k Re Tr(xi_k^* a_k)``. So (3.7) ``mu(W) = G(W)`` as printed says
    ``d psi_W(e)(a) = sum_k Re Tr(G_k^* a_k)``.

    ``corrected``: ``d psi_W(e)(a) = sum_k Re Tr((2 G_k)^* a_k)``, i.e. ``mu = 2G`` for the pairing (1.14); and
    ``d psi_W(e)`` vanishes on ``k = u(d)^{N-1}`` (skew-Hermitian letters ``s``), so ``mu`` lies in the annihilator
    of ``k``. ``printed``: ``mu = G`` under the same pairing (fails wherever ``G != 0``). ``negative``: the wrong
    sign, ``mu = -2G`` (an independent wrong statement, rejected)."""
    a = S.alg("a")
    s = S.alg("s", "s")
    G = moments(S.W)
    dpsi = norm_sq(S.along_action(a)).der                       # (3.5) with psi of (3.4)
    m = {"corrected": 2, "paper": 2, "printed": 1, "negative": -2}[form]
    mu = [_sc(g, m) for g in G]                                 # the tuple paired with a by (1.14)
    mom = Eq(dpsi, _ssum(re_trace(adj(x) @ y) for x, y in zip(mu, a)))
    skew = [Eq(re_trace(adj(x) @ y), re_trace(adj(x) @ y).scale(0), k=k) for k, (x, y) in enumerate(zip(mu, s), 1)]
    return [Lin(mom, "a"), skew]


# --------------------------------------------------------------------------- displays inside proofs
def b_eq26(S, form):
    r"""Lemma 2 (proof), eq. (2.6): the printed expansion of ``2 dF(W) w_a``, layer by layer, and its
    regrouping into ``sum_k Tr(G_k (a_k + a_k^*))``. Compared with ``2 dF`` differentiated along
    ``e^{tau a}.W`` (as Re Tr forms)."""
    N, W = S.N, S.W
    a = S.alg("a")
    twodF = norm_sq(S.along_action(a)).der
    terms = [-re_trace(adj(a[N - 2]) @ adj(W[N - 1]) @ W[N - 1] + adj(W[N - 1]) @ W[N - 1] @ a[N - 2])]
    for k in range(2, N):
        Wk = W[k - 1]
        left = (adj(Wk) @ adj(a[k - 1]) - adj(a[k - 2]) @ adj(Wk)) @ Wk
        right = adj(Wk) @ (a[k - 1] @ Wk - Wk @ a[k - 2])
        if form == "negative":  # a factor in the wrong order
            right = adj(Wk) @ (Wk @ a[k - 1] - Wk @ a[k - 2])
        terms.append(re_trace(left + right))
    terms.append(re_trace(adj(W[0]) @ adj(a[0]) @ W[0] + adj(W[0]) @ a[0] @ W[0]))
    G = moments(W)
    regroup = _ssum(re_trace(g @ (x + adj(x))) for g, x in zip(G, a))
    return [Lin(Eq(twodF, _ssum(terms)), "a"), Lin(Eq(twodF, regroup), "a")]


def b_eq210(S, form):
    r"""Lemma 3 (proof), eq. (2.10) and the display after it: the terms of ``<w_b, w_a>`` that contain
    ``a_k`` are ``Tr((W_k^* b_k^* - b_{k-1}^* W_k^*) a_k W_k)``
    ``- Tr((W_{k+1}^* b_{k+1}^* - b_k^* W_{k+1}^*) W_{k+1} a_k)``,
    which the trace rotates into ``Tr(H_k(b)^* a_k)``. Checked as the gradient in ``a_k``."""
    N, W = S.N, S.W
    a, b = S.alg("a"), S.alg("b")
    full = inner(tangent_printed(W, b), tangent_printed(W, a))
    out = []
    for k in range(1, N):
        Wk, Wk1 = W[k - 1], W[k]
        bm, bk, bp = _pick(b, k - 1), b[k - 1], _pick(b, k + 1)
        first = _terms(adj(Wk) @ adj(bk), _neg(_mul(adj(bm) if bm is not None else None, adj(Wk))))
        second = _terms(_mul(adj(Wk1), adj(bp) if bp is not None else None), -(adj(bk) @ adj(Wk1)))
        if form == "negative":
            second = -second
        e210 = re_trace(first @ a[k - 1] @ Wk) - re_trace(second @ Wk1 @ a[k - 1])
        rotated = re_trace(_terms(Wk @ adj(Wk) @ adj(bk), _neg(_mul(Wk, adj(bm) if bm is not None else None, adj(Wk))))
                           @ a[k - 1]) - re_trace(_terms(_mul(adj(Wk1), adj(bp) if bp is not None else None, Wk1),
                                                         -(adj(bk) @ adj(Wk1) @ Wk1)) @ a[k - 1])
        gk = S.gradient(full, a[k - 1])
        out.append(Eq(gk, S.gradient(e210, a[k - 1]), k=k))
        out.append(Eq(gk, S.gradient(rotated, a[k - 1]), k=k))
    return [out]


def b_eq213(S, form):
    r"""Lemma 4 (proof), eq. (2.13): the product rule
    ``dG_k = dW_k W_k^* + W_k dW_k^* - dW_{k+1}^* W_{k+1} - W_{k+1}^* dW_{k+1}`` along ``W + tau V``."""
    N, W = S.N, S.W
    V = S.alg("V", count=N)
    dG = [g.der for g in moments(S.along(V))]
    out = []
    for k in range(1, N):
        Wk, Wk1, Vk, Vk1 = W[k - 1], W[k], V[k - 1], V[k]
        last = -(adj(Wk1) @ Vk1) if form != "negative" else -(adj(Vk1) @ Wk1)
        out.append(Eq(dG[k - 1], Vk @ adj(Wk) + Wk @ adj(Vk) - adj(Vk1) @ Wk1 + last, k=k))
    return [out]


def b_eq115(S, form):
    r"""eq. (1.14)-(1.15): ``<A, B> = Re Tr(A^* B) = Tr(a^T c + b^T d)`` for ``A = a + ib``, ``B = c + id``:
    over C the inner product is the Euclidean one of the real coordinates. (The Hermitian form would be
    ``Tr(A^* B)`` itself; its imaginary part ``Tr(a^T d - b^T c)`` is what Re discards.)"""
    A, B = S.mat("A"), S.mat("B")
    lhs = re_trace(adj(A) @ B)
    if S.backend == "nc":  # a symmetric real bilinear form, for every d (negative: A^* B^* in place of A^* B)
        return Instance(Eq(lhs, re_trace(adj(B) @ A) if form != "negative" else re_trace(adj(A) @ adj(B))))
    # explicit entries: the real-coordinate dot product, from the entries themselves
    from ..symbolic.explicit import P

    acc = P()
    for ra, rb in zip(A.rows, B.rows):
        for x, y in zip(ra, rb):
            acc = acc + P(x.re, {}) * P(y.re, {}) + P(x.im, {}) * P(y.im, {})
            if form == "negative":  # the imaginary part of the Hermitian form, wrongly kept
                acc = acc + P(x.re, {}) * P(y.im, {}) - P(x.im, {}) * P(y.re, {}) + P(x.re, {}) * P(y.re, {})
    return Instance(Eq(lhs, acc))


def b_corollary1_mechanism(S, form):
    r"""Why Corollary 1 holds (beyond the paper's citation of Lerman): on all of ``M_d^N``,

    (i)   the cubic field (1.22) is minus the *Euclidean* gradient of ``1/2||G||^2`` (gradient read off by
          the Riesz representation from ``d/dtau 1/2||G(W + tau V)||^2``);
    (ii)  ``<w_a, W> = sum_k Re Tr(a_k^* G_k)`` for every ``a``, so ``<w_{2G}, W> = 2||G||^2``: at a zero of the
          field, ``G = 0``;
    (iii) ``d/dt ||W||^2 = -4||G||^2`` along (1.22), so trajectories stay bounded.

    A bounded trajectory of the gradient flow of a real-analytic function converges to a single critical
    point (Lojasiewicz), and by (ii) that point is balanced."""
    N, W = S.N, S.W
    V = S.alg("V", count=N)
    G = moments(W)
    dF = _sc(_ssum(re_trace_product(g, g) for g in moments(S.along(V))).der, HALF)
    KN = KN_printed(W)
    sign = 1 if form == "negative" else -1
    grad = [Eq(S.gradient(dF, v), sign * x, k=k) for k, (v, x) in enumerate(zip(V, KN), 1)]
    a = S.alg("a")
    pair = Eq(inner(tangent_printed(W, a), W), _ssum(re_trace(adj(x) @ g) for x, g in zip(a, G)))
    ddt = norm_sq(S.along(KN)).der
    decay = Instance(Eq(ddt, -4 * _ssum(re_trace_product(g, g) for g in G)))
    return [grad, Lin(pair, "a"), decay]
