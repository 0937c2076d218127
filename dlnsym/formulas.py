r"""The paper's objects, written once.

Every function here is written over the matrix protocol of :mod:`dlnsym.matrix`
(``@``, ``+``, ``-``, scalars, ``adj``, ``zeros_like``, ``eye_like``, ``inv``, ``trace``)
and runs unchanged on SymPy matrices, SymPy matrix symbols of symbolic size,
noncommutative polynomials, exact explicit-entry matrices, mpmath matrices, NumPy
arrays, and first-order jets of any of these. A symbolic proof therefore certifies
the very code that the numerics run.

.. rubric:: The layer-ordering convention (the only place it is fixed)

A state is a Python sequence ``W`` of ``N`` square matrices stored **input first**::

    W = (W_1, W_2, ..., W_N),      W[k - 1] is the paper's W_k,

so that the end-to-end matrix is ``X = W_N ... W_1 = W[N-1] @ ... @ W[0]`` (1.1).
The paper writes the same tuple in the reverse order ``(W_N, ..., W_1)``. Elements of
the Lie algebra, group elements and moments are stored the same way::

    a = (a_1, ..., a_{N-1}),  A = (A_1, ..., A_{N-1}),  G = (G_1, ..., G_{N-1}),

and the paper's boundary conventions ``a_0 = a_N = 0``, ``A_0 = A_N = I`` and
``G_0 = G_N = 0`` are applied inside the formulas.

>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> W = [rng.standard_normal((2, 2)) for _ in range(3)]
>>> a = [rng.standard_normal((2, 2)) for _ in range(2)]
>>> X0 = end_to_end(W)
>>> eps = 1e-7                                 # (2.3): w_a is tangent to the fibre F_X
>>> Wt = [Wk + eps * vk for Wk, vk in zip(W, tangent_vector(W, a))]
>>> bool(np.abs(end_to_end(Wt) - X0).max() < 1e-12)
True
"""

from __future__ import annotations

from typing import Sequence

from .matrix import adj, inv, re_trace_product

__all__ = [
    "validate_state",
    "end_to_end",
    "act",
    "moment",
    "moments",
    "inner",
    "norm_sq",
    "tangent_vector",
    "tangent_adjoint",
    "H_operator",
    "H_component",
    "kirwan_ness_field",
    "loss_gradient",
    "layer",
]


def validate_state(W: Sequence, *, name: str = "W") -> int:
    """Check that ``W`` is a state of the DLN: ``N >= 2`` square layers of one size ``d >= 1``.

    Returns ``d``; raises ``ValueError`` naming the problem and the hypothesis of Section 1.1.

    >>> import numpy as np
    >>> validate_state([np.eye(2), np.eye(2)])
    2
    >>> validate_state([np.eye(2), np.eye(3)])
    Traceback (most recent call last):
    ...
    ValueError: W_2 is 3 x 3 but W_1 is 2 x 2: all layers of the DLN are d x d with one width d (Section 1.1)
    """
    from .matrix import size_of

    if len(W) < 2:
        raise ValueError(f"{name} has {len(W)} layer(s): the deep linear network has depth N >= 2 (Section 1.1)")
    d0 = None
    for k, M in enumerate(W, start=1):
        shape = getattr(M, "shape", None) or (getattr(M, "rows", None), getattr(M, "cols", None))
        if shape[0] is not None and shape[1] is not None and shape[0] != shape[1]:
            raise ValueError(f"{name}_{k} is {shape[0]} x {shape[1]}: the layers of the DLN are square d x d "
                             "matrices (Section 1.1)")
        d = size_of(M)
        if d0 is None:
            d0 = d
            if isinstance(d, int) and d < 1:
                raise ValueError("the width d must be >= 1 (Section 1.1)")
        elif d != d0:
            raise ValueError(f"{name}_{k} is {d} x {d} but {name}_1 is {d0} x {d0}: all layers of the DLN are "
                             "d x d with one width d (Section 1.1)")
    return d0


def layer(W: Sequence, k: int):
    """The paper's ``W_k`` (``1 <= k <= N``) from a state stored input first."""
    N = len(W)
    if not 1 <= k <= N:
        raise IndexError(f"layer index k={k} outside 1..N={N}")
    return W[k - 1]


def _sum(terms):
    """The sum of ``terms`` (at least one: every component of the formulas below has a term for N >= 2)."""
    acc = None
    for t in terms:
        acc = t if acc is None else acc + t
    if acc is None:
        raise ValueError("an empty sum: a state of the DLN has N >= 2 layers (Section 1.1)")
    return acc


def end_to_end(W: Sequence):
    r"""The end-to-end matrix ``X = W_N W_{N-1} \cdots W_1`` (1.1)."""
    X = W[0]
    for Wk in W[1:]:
        X = Wk @ X
    return X


def act(A: Sequence, W: Sequence) -> list:
    r"""The group action (1.6): ``(A.W)_k = A_k W_k A_{k-1}^{-1}`` with ``A_0 = A_N = I``.

    ``A = (A_1, ..., A_{N-1})``. For unitary ``A`` this is the action (1.12), since
    then ``A^{-1} = A^*``.
    """
    N = len(W)
    if len(A) != N - 1:
        raise ValueError(f"the action of GL(d)^(N-1) needs N-1 = {N - 1} group elements, got {len(A)}")
    out = []
    for k in range(1, N + 1):
        Wk = W[k - 1]
        if k <= N - 1:
            Wk = A[k - 1] @ Wk
        if k >= 2:
            Wk = Wk @ inv(A[k - 2])
        out.append(Wk)
    return out


def moment(W: Sequence, k: int):
    r"""``G_k = W_k W_k^* - W_{k+1}^* W_{k+1}`` (1.11), for ``1 <= k <= N-1``."""
    Wk, Wk1 = W[k - 1], W[k]
    return Wk @ adj(Wk) - adj(Wk1) @ Wk1


def moments(W: Sequence) -> list:
    r"""The moment map ``W -> G = (G_1, ..., G_{N-1})`` (1.11), (1.13)."""
    return [moment(W, k) for k in range(1, len(W))]


def inner(U: Sequence, V: Sequence):
    r"""The inner product (1.14)-(1.16): ``<U, V> = sum_k Re Tr(U_k^* V_k)``.

    The value is a scalar of the backend: a float for NumPy, an ``mpf`` for mpmath,
    an exact polynomial for explicit entries, a canonical Re Tr form for matrix
    symbols of symbolic size, and a jet for :class:`~dlnsym.matrix.Dual` arguments.
    """
    if len(U) != len(V):
        raise ValueError("the inner product (1.16) needs two tuples of the same length")
    return _sum_scalars(re_trace_product(adj(u), v) for u, v in zip(U, V))


def _sum_scalars(it):
    return _sum(it)


def norm_sq(W: Sequence):
    r"""The ridge regularizer ``||W||_2^2 = sum_k Tr(W_k^* W_k)`` (1.4)."""
    return inner(W, W)


def tangent_vector(W: Sequence, a: Sequence) -> list:
    r"""The tangent vector (2.3): ``(w_a)_k = a_k W_k - W_k a_{k-1}``, ``a_0 = a_N = 0``.

    It is the velocity ``d/dtau (e^{tau a}.W)`` at ``tau = 0`` of the action (1.6), (2.2).
    """
    N = len(W)
    if len(a) != N - 1:
        raise ValueError(f"w_a needs a = (a_1, ..., a_{{N-1}}): {N - 1} matrices, got {len(a)}")
    out = []
    for k in range(1, N + 1):
        Wk = W[k - 1]
        terms = []
        if k <= N - 1:
            terms.append(a[k - 1] @ Wk)
        if k >= 2:
            terms.append(-(Wk @ a[k - 2]))
        out.append(_sum(terms))
    return out


def tangent_adjoint(W: Sequence, V: Sequence) -> list:
    r"""The adjoint of ``a -> w_a`` (2.3) for the inner product (1.16): ``Z_k(V) = V_k W_k^* - W_{k+1}^* V_{k+1}``.

    ``<V, w_a> = sum_k Re Tr(Z_k(V)^* a_k)`` for all ``a`` (expand (2.3) and move ``W_k`` around the trace), so with
    Lemma 3's ``Re Tr(a^* H(a)) = ||w_a||^2`` the map ``H`` of (2.8) is ``Z o w``: ``H(c) = Z(w_c)``, which the
    tests check exactly. The regularizing flow's Taylor scheme (:mod:`dlnsym.numeric.regflow`) evaluates ``H`` in
    this form (two products per component, and ``w_b`` is shared with the field ``-w_b`` of (1.17)).
    """
    N = len(W)
    if len(V) != N:
        raise ValueError(f"Z acts on a tangent vector V = (V_1, ..., V_N): {N} matrices, got {len(V)}")
    return [V[k - 1] @ adj(W[k - 1]) - adj(W[k]) @ V[k] for k in range(1, N)]


def H_component(W: Sequence, c: Sequence, k: int):
    r"""``H_k(c)`` of Definition 8, eq. (2.8), with ``c_0 = c_N = 0``:

    .. math:: H_k(c) = -W_k c_{k-1} W_k^* + c_k W_k W_k^* + W_{k+1}^* W_{k+1} c_k
              - W_{k+1}^* c_{k+1} W_{k+1}.
    """
    N = len(W)
    Wk, Wk1 = W[k - 1], W[k]
    ck = c[k - 1]
    terms = []
    if k >= 2:
        terms.append(-(Wk @ c[k - 2] @ adj(Wk)))
    terms.append(ck @ Wk @ adj(Wk))
    terms.append(adj(Wk1) @ Wk1 @ ck)
    if k <= N - 2:
        terms.append(-(adj(Wk1) @ c[k] @ Wk1))
    return _sum(terms)


def H_operator(W: Sequence, c: Sequence) -> list:
    r"""The linear map ``H: gl(d)^{N-1} -> gl(d)^{N-1}`` of Definition 8, eq. (2.8)."""
    N = len(W)
    if len(c) != N - 1:
        raise ValueError(f"H acts on c = (c_1, ..., c_{{N-1}}): {N - 1} matrices, got {len(c)}")
    return [H_component(W, c, k) for k in range(1, N)]


def kirwan_ness_field(W: Sequence) -> list:
    r"""The Kirwan-Ness field (1.22): ``dW_k/dt = 2 (W_k G_{k-1} - G_k W_k)``, ``G_0 = G_N = 0``."""
    N = len(W)
    G = moments(W)
    out = []
    for k in range(1, N + 1):
        Wk = W[k - 1]
        terms = []
        if k >= 2:
            terms.append(Wk @ G[k - 2])
        if k <= N - 1:
            terms.append(-(G[k - 1] @ Wk))
        out.append(_sum(terms) * 2)
    return out


def loss_gradient(W: Sequence, gradE) -> list:
    r"""The Euclidean gradient of ``W -> E(X(W))`` given ``gradE = \nabla E(X)``:

    .. math:: \nabla_{W_k} E = (W_N \cdots W_{k+1})^* \, \nabla E(X) \, (W_{k-1} \cdots W_1)^*.

    This is the right-hand side of the training flow (1.2).
    """
    N = len(W)
    out = []
    for k in range(1, N + 1):
        P = gradE
        if k < N:
            P = adj(end_to_end(W[k:])) @ P
        if k > 1:
            P = P @ adj(end_to_end(W[: k - 1]))
        out.append(P)
    return out

