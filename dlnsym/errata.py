"""Typographical and cross-reference errata: misprints that no computation can test.

The errata whose printed form *fails a check* live in the claims registry
(:mod:`dlnsym.claims.registry`, field ``erratum``); ``dlnsym errata`` prints both tables.
"""

from __future__ import annotations

from .mdtable import row

__all__ = ["TYPOGRAPHICAL", "typographical_markdown"]

#: (where, as printed, corrected, why)
TYPOGRAPHICAL: list[tuple[str, str, str, str]] = [
    ("Figure 1.1", "the minimizers of |w|^2 on the fiber w2 w1 = x are the points (±√x, ±√x)",
     "±(√x, √x) for x > 0 and ±(√-x, -√-x) for x < 0: the two balanced points of the fibre",
     "the loose sign pattern names four points, two of which (w2 w1 = -x) are not on the fibre, and none is real for "
     "x < 0; the intended two balanced points are derived by Lagrange multipliers in the claim figure-1.1."),
    ("eq. (1.16)", "<A, B> = sum_k Re Tr(A_k^* B)", "<A, B> = sum_k Re Tr(A_k^* B_k)",
     "B is an N-tuple; the summand must pair layer k with layer k (then (1.16) is (1.14) summed)."),
    ("Section 1.4.1", "The Hermitian matrices {G_k}_{k=1}^N are conserved", "{G_k}_{k=1}^{N-1}",
     "G_k is defined for 1 <= k <= N-1 in (1.11)."),
    ("Section 1.5", "defined as the solutions to the algebraic equations (1.1) and (1.1)", "(1.1) and (1.3)",
     "M is cut out by the balance equations (1.3)."),
    ("Section 1.1, Figure 1.3", "-grad_W E(X(W)", "-grad_W E(X(W))", "unbalanced parenthesis."),
    ("Lemma 3 (proof)", "a convenient reorganization of the terms in equation (2.3); ... the first equality in "
     "equation (2.3)", "equation (2.7)", "the inner product being reorganised is the display (2.7)."),
    ("Theorem 10 (proof)", "Set c = G in definition 2.9 ... by Lemma 2.9", "Definition 8, eq. (2.8) ... Lemma 3, eq. (2.9)",
     "there is no Definition 2.9 or Lemma 2.9."),
    ("Section 3.4", "sum_i a_e^{l_i x}", "sum_i a_i e^{l_i x}", "the Kempf-Ness 'special functions' (cf. the hidden "
     "convexity check)."),
    ("eq. (3.8)", "||W||_p := sum_k ||W_k||_p", "a new symbol, e.g. |||W|||_p",
     "at p = 2 it clashes with (1.4), ||W||_2^2 = sum_k ||W_k||_F^2: (3.8) gives sum_k ||W_k||_F instead. The two "
     "functionals have the same minimisers on F_X (checked numerically), but they are different functions."),
    ("Section 1.3.1, eq. (1.9)", "the Hankel matrix H(z) = C(zI - A)^{-1}B", "the transfer function H(z) = C(zI - A)^{-1}B",
     "the Hankel matrix is the (infinite) matrix of Markov parameters C A^{i+j} B; C(zI - A)^{-1}B is the transfer "
     "function, whose Laurent coefficients they are."),
    ("Definition 12, eq. (3.6)", "mu : V -> g^*/k^*", "mu : V -> k^perp = (g/k)^* in g^*",
     "d psi_x(e) vanishes on k, so it lies in the annihilator of k, not in a quotient of g^*."),
    ("Theorem 13", "a linear algebraic action alpha : G x V of a complex reductive group", "alpha : G x V -> V",
     "the target of the action is missing."),
    ("eq. (4.2)", "dW_t = -kappa W_t + sqrt(2/beta) dB_t", "dW_t = -kappa W_t dt + sqrt(2/beta) dB_t", "missing dt."),
    ("eq. (4.5)", "H^{(N-1)d^2)}", "H^{(N-1)d^2} over R, H^{2(N-1)d^2} over C",
     "the real dimension of F_X is dim_R GL(d)^{N-1}; a parenthesis is unbalanced."),
]


def typographical_markdown() -> str:
    lines = ["| where | as printed | corrected | why |", "|---|---|---|---|"]
    for w, a, c, y in TYPOGRAPHICAL:
        lines.append(row(w, a, c, y))
    return "\n".join(lines)
