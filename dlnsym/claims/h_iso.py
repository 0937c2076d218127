r"""Theorem 10 (proof): ``H`` is an isomorphism of ``gl(d)^{N-1}`` when ``X`` has full rank, for every ``N``, ``d``, F.

The argument, each step a checked identity or a line of linear algebra:

1. *``H`` is the Gram operator of* ``a -> w_a``. Lemma 3, eq. (2.9), ``<w_b, w_a> = sum_k Re Tr(H_k(b)^* a_k)``
   ``= sum_k Re Tr(b_k^* H_k(a))``, is proved for every ``N`` and every ``d`` by the registry's own builder
   :func:`dlnsym.claims.builders.b_lemma3` (reused here, not retyped). So ``H`` is self-adjoint for the inner product
   (1.16) and ``<H(a), a> = ||w_a||^2 >= 0`` (take ``b = a``): ``H`` is positive semidefinite, and
   ``ker H = {a : w_a = 0}`` (if ``H(a) = 0`` then ``||w_a||^2 = 0``; conversely ``w_a = 0`` gives
   ``<H(a), b> = <w_a, w_b> = 0`` for every ``b``).
2. *The stabiliser is trivial at full rank.* If ``X = W_N \cdots W_1`` has full rank, every ``W_k`` is invertible
   (``det X = prod_k det W_k``). The components ``k = 1, ..., N-1`` of ``w_a`` (2.3) then give, identically in ``a``
   (:func:`b_stabiliser`, letters of symbolic size, every ``N`` by the locality argument of
   :mod:`dlnsym.claims.identity`),

   .. math:: a_1 = (w_a)_1 W_1^{-1}, \qquad a_k = (w_a)_k W_k^{-1} + W_k a_{k-1} W_k^{-1}\quad (2 \le k \le N-1).

   So ``w_a = 0`` gives ``a_1 = 0`` and, by induction on ``k``, ``a_k = W_k a_{k-1} W_k^{-1} = 0``: ``a -> w_a`` is
   injective (its left inverse is the recursion).
3. Hence ``ker H = 0`` and ``H`` is positive definite, an isomorphism of the finite-dimensional real space
   ``gl(d)^{N-1}`` (over R and C alike: the free *-algebra identities hold for both fields).

Without full rank the conclusion can fail: :func:`ablation_kernel` computes, at exact rational states whose layers
``W_1``, ``W_2`` are both singular, the kernel of ``H`` and finds it equal to ``{a : w_a = 0}``, containing
``a = (u v^*, 0, ..., 0)`` for ``W_2 u = 0``, ``v^* W_1 = 0``. Full rank is sufficient, not necessary
(:func:`ablation_one_singular_layer`: a single singular layer makes ``X`` rank deficient and leaves ``H`` injective).
"""

from __future__ import annotations

from fractions import Fraction

from ..formulas import H_operator, tangent_vector
from ..matrix import inv
from ..symbolic.explicit import EM, Ring
from .builders import tangent_printed
from .evidence import Control, Evidence
from .identity import Eq

__all__ = ["b_stabiliser", "invertible_rational_state", "singular_rational_state", "kernel_data", "ablation_kernel",
           "ablation_one_singular_layer", "full_rank_singular", "two_singular_injective", "ABLATION_CASES",
           "ONE_LAYER_CASES"]


def b_stabiliser(S, form):
    r"""Step 2: ``a_1 = (w_a)_1 W_1^{-1}`` and ``a_k = (w_a)_k W_k^{-1} + W_k a_{k-1} W_k^{-1}`` (``2 <= k <= N-1``),
    with ``w_a`` as printed in (2.3) and ``W_k`` invertible letters (full rank of ``X``). Component ``k`` uses
    ``W_k``, ``a_k``, ``a_{k-1}`` only (radius 1), so the identity is proved for every ``N`` and ``d``.

    Negative control: the recursion with the conjugation the wrong way round, ``W_k^{-1} a_{k-1} W_k``."""
    W = S.W
    a = S.alg("a")
    wa = tangent_printed(W, a)
    out = [Eq(wa[0] @ inv(W[0]), a[0], k=1)]
    for k in range(2, S.N):
        Wk, Wi = W[k - 1], inv(W[k - 1])
        conj = (Wi @ a[k - 2] @ Wk) if form == "negative" else (Wk @ a[k - 2] @ Wi)
        out.append(Eq(a[k - 1], wa[k - 1] @ Wi + conj, k=k))
    return [out]


# --------------------------------------------------------------------------- the ablation: drop "X has full rank"
def invertible_rational_state(N: int, d: int, field: str, seed: int = 0) -> list[EM]:
    """:func:`dlnsym.claims.special.rational_state` at the first seed ``>= seed`` whose layers are all invertible
    (exact determinants), so that ``X`` has full rank."""
    from .special import rational_state

    while True:
        W = rational_state(N, d, field, seed=seed, ring=Ring())
        if all(M.to_sympy().det() != 0 for M in W):
            return W
        seed += 1000


def singular_rational_state(N: int, d: int, field: str, singular=(1, 2), seed: int = 0) -> list[EM]:
    r"""A seeded exact rational state with every layer invertible (:func:`invertible_rational_state`) in which the
    layers ``W_k``, ``k`` in ``singular``, are made singular: ``W_1`` loses its first row (``e_1^* W_1 = 0``), every
    other listed ``W_k`` its first column (``W_k e_1 = 0``). ``X`` is then rank deficient."""
    W = invertible_rational_state(N, d, field, seed)
    ring = W[0].ring
    zero = (Fraction(0), Fraction(0))
    out = []
    for k, M in enumerate(W, start=1):
        rows = [[e.const_value() for e in r] for r in M.rows]
        if k in singular:
            if k == 1:
                rows[0] = [zero] * d
            else:
                for r in rows:
                    r[0] = zero
        out.append(EM.const(rows, ring))
    return out


def kernel_data(W: list[EM], field: str) -> dict:
    """Exact ranks at a rational state: of ``H`` (2.8) and of ``a -> w_a`` (2.3), as real-linear maps on
    ``gl(d)^{N-1}``, and whether the predicted kernel vector ``a = (e_1 e_1^*, 0, ...)`` is annihilated by ``H``."""
    from .special import H_matrix, _linear_map_matrix

    N, d = len(W), W[0].n
    M, c = H_matrix(W, field)
    Wmap = _linear_map_matrix(tangent_vector(W, c), c, field)
    ring = W[0].ring
    e11 = [[(Fraction(int(i == j == 0)), Fraction(0)) for j in range(d)] for i in range(d)]
    a = [EM.const(e11, ring)] + [EM.zeros(d, ring) for _ in range(N - 2)]
    predicted = all(h.is_zero() for h in H_operator(W, a)) and all(w.is_zero() for w in tangent_vector(W, a))
    dim = M.shape[1]
    return {"dim": dim, "rank_H": M.rank(), "rank_w": Wmap.rank(), "predicted_in_kernel": predicted}


ABLATION_CASES = [(2, 2, "R"), (2, 2, "C"), (3, 2, "R")]


def full_rank_singular(opts):
    """The negative control of :func:`ablation_kernel`: "H is singular at the full-rank rational states" (must fail)."""
    from .special import H_matrix

    for N, d, field in ABLATION_CASES:
        M0, _ = H_matrix(invertible_rational_state(N, d, field, seed=N + d), field)
        k0 = M0.shape[1] - M0.rank()
        yield Evidence(f"dim ker H = {k0}", k0 > 0, {"N": N, "d": d, "field": field}, exact=True,
                       note="full-rank state: H singular?")


def two_singular_injective(opts):
    """The negative control of :func:`ablation_one_singular_layer`: "H is injective with W_1 and W_2 singular"."""
    for N, d, field in ONE_LAYER_CASES:
        bad = kernel_data(singular_rational_state(N, d, field, singular=(1, 2), seed=N + d), field)
        k = bad["dim"] - bad["rank_H"]
        yield Evidence(f"dim ker H = {k}", k == 0, {"N": N, "d": d, "field": field}, exact=True,
                       note="W_1, W_2 singular: H injective?")


ONE_LAYER_CASES = [(2, 2, "R"), (2, 2, "C"), (3, 2, "R")]


def ablation_kernel(opts):
    r"""Drop "X has full rank": at exact rational states with ``W_1``, ``W_2`` singular, ``H`` has a kernel (the
    statement fails), equal to the kernel of ``a -> w_a`` (the Lie algebra of the stabiliser, step 1), and containing
    ``a = (u v^*, 0, ...)`` with ``u = v = e_1`` (``W_2 e_1 = 0``, ``e_1^* W_1 = 0``). Control: the same exact rank
    count at the full-rank state (before the rows are zeroed) finds no kernel."""
    from .special import H_matrix

    for N, d, field in ABLATION_CASES:
        W = singular_rational_state(N, d, field, seed=N + d)
        r = kernel_data(W, field)
        k_H, k_w = r["dim"] - r["rank_H"], r["dim"] - r["rank_w"]
        M0, _ = H_matrix(invertible_rational_state(N, d, field, seed=N + d), field)
        k0 = M0.shape[1] - M0.rank()
        if k_H != k_w or not r["predicted_in_kernel"]:
            raise ValueError(f"ker H (dim {k_H}) should be ker(a -> w_a) (dim {k_w}) and contain (e_1 e_1^*, 0, ...)")
        iso = k_H == 0
        yield Evidence(f"dim ker H = {k_H}", iso, {"N": N, "d": d, "field": field}, exact=True,
                       figures={"dim ker H": k_H, "dim ker (a -> w_a)": k_w,
                                "predicted kernel vector": r["predicted_in_kernel"]},
                       control=Control("H is singular at the full-rank state (same seed)", f"dim ker H = {k0}",
                                       k0 == 0),
                       note=f"W_1, W_2 singular (X rank deficient): dim ker H = {k_H} = dim ker(a -> w_a) = {k_w}; "
                            f"H(e_1 e_1^*, 0, ...) = 0 and w_(e_1 e_1^*, 0, ...) = 0: {r['predicted_in_kernel']} "
                            "(exact rational arithmetic)")


def ablation_one_singular_layer(opts):
    r"""Drop "X has full rank" the other way: with only ``W_1`` singular, ``X`` is rank deficient, yet ``w_a = 0`` still
    forces ``a = 0`` by the recursion run from the output end (``W_N a_{N-1} = 0`` gives ``a_{N-1} = 0``, then
    ``a_{k-1} = W_k^{-1} a_k W_k``, using ``W_N, ..., W_2`` invertible only): ``H`` stays injective. Exact ranks;
    control: both ``W_1`` and ``W_2`` singular (a kernel)."""
    for N, d, field in ONE_LAYER_CASES:
        r = kernel_data(singular_rational_state(N, d, field, singular=(1,), seed=N + d), field)
        bad = kernel_data(singular_rational_state(N, d, field, singular=(1, 2), seed=N + d), field)
        k_H, k_bad = r["dim"] - r["rank_H"], bad["dim"] - bad["rank_H"]
        yield Evidence(f"dim ker H = {k_H}", k_H == 0, {"N": N, "d": d, "field": field}, exact=True,
                       control=Control("H is injective with W_1 and W_2 singular", f"dim ker H = {k_bad}", k_bad > 0),
                       note=f"only W_1 singular (X rank deficient): H injective (dim ker H = {k_H}); full rank is "
                            "sufficient, not necessary: what is needed is a trivial stabiliser {a : w_a = 0} = 0")
