"""The paper's labels, and which claims of the registry check each one.

:data:`LABELS` lists every numbered display, theorem, lemma, remark, corollary, definition and figure of
Lindsey and Menon (arXiv:2511.01137v2), in the paper's order, with what it is. A label is *covered* by a
claim when the claim's ``where`` names it (``"eq. (2.1)-(2.3)"`` names (2.1), (2.2) and (2.3);
``"Theorem 10 (proof)"`` names Theorem 10) or when :data:`USES` says that the claim checks it as part
of its statement (a definition that the claim's check computes with, or a display inside a proof).
:data:`NO_CLAIM` gives, for the few labels that assert nothing that a computation could test, the
reason. :func:`coverage` pairs them, and ``tests/test_paper_coverage.py`` fails when a label is
neither covered nor explained.
"""

from __future__ import annotations

import re
from typing import Iterable

__all__ = ["LABELS", "USES", "NO_CLAIM", "labels_of", "coverage", "coverage_markdown"]

#: (label, what it is), in the paper's order
LABELS: list[tuple[str, str]] = [
    ("(1.1)", "the end-to-end matrix X = W_N ... W_1"),
    ("(1.2)", "the training flow dW/dt = -grad_W E(X(W))"),
    ("(1.3)", "the balance equations W_k W_k^* = W_{k+1}^* W_{k+1} (the balanced variety M_0)"),
    ("(1.4)", "the ridge regularizer ||W||_2^2 = sum_k Tr(W_k^* W_k)"),
    ("Theorem 1", "argmin of ||W||_2 on F_X is F_X ∩ M (full-rank X)"),
    ("(1.5)", "the display of Theorem 1"),
    ("(1.6)", "the action of GL(d)^(N-1), which preserves F_X"),
    ("(1.7)", "||Q.W|| = ||W|| for Q unitary"),
    ("(1.8)", "the linear system dx/dt = Ax + Bu, y = Cx"),
    ("(1.9)", "the transfer function H(z) = C(zI - A)^{-1}B"),
    ("(1.10)", "the action (A, B, C) -> (MAM^{-1}, MB, CM^{-1}), which leaves H(z) unchanged"),
    ("(1.11)", "the moments G_k = W_k W_k^* - W_{k+1}^* W_{k+1}"),
    ("(1.12)", "the unitary action W -> U.W"),
    ("(1.13)", "the moment map W -> G into Her_d^(N-1)"),
    ("(1.14)", "the inner product Re Tr(A^* B)"),
    ("(1.15)", "Re Tr(A^* B) = Tr(a^T c + b^T d) in real coordinates"),
    ("(1.16)", "the inner product of N-tuples"),
    ("(1.17)", "the regularizing flow -1/2 grad ||W||_2^2 on F_X"),
    ("(1.18)", "the learning flow -grad E(X(W)) on M"),
    ("Theorem 2", "G(t) = G_0 e^{-2t} along (1.17) (full-rank X)"),
    ("(1.19)", "the display of Theorem 2"),
    ("Remark 3", "the methods behind Theorems 1 and 2 differ"),
    ("Remark 4", "the rank assumption may be relaxed in Theorems 1 and 2"),
    ("Remark 5", "the learning flow pushes forward to a Riemannian gradient flow in X"),
    ("(1.20)", "the flow dX/dt = -grad_{g^N} E(X) of Remark 5"),
    ("Remark 6", "the regularizing flow uses the induced metric, not the normal metric of balancing flows"),
    ("Remark 7", "the Kirwan-Ness flow is the cubic system (1.22)"),
    ("(1.21)", "the Kirwan-Ness flow -1/2 grad ||G||^2 on F_X"),
    ("(1.22)", "the cubic system dW_k/dt = 2(W_k G_{k-1} - G_k W_k)"),
    ("Figure 1.1", "fibres and balanced variety for d = 1, N = 2"),
    ("Figure 1.2", "the regularizing flow slicing a fibre by the moments"),
    ("Figure 1.3", "the learning flow on M and in X"),
    ("Lemma 1", "F_X is the GL(d)^(N-1) orbit of the centre (full-rank X)"),
    ("(2.1)", "the one-parameter subgroups e^{tau a}"),
    ("(2.2)", "the tangent vector w_a = d/dtau e^{tau a}.W at 0"),
    ("(2.3)", "w_a in components"),
    ("Lemma 2", "dF(W) w_a for F = 1/2 ||W||^2"),
    ("(2.4)", "dF(W) w_a as a derivative along e^{tau a}.W"),
    ("(2.5)", "dF(W) w_a = sum_k Re Tr(G_k^* a_k)"),
    ("(2.6)", "the expansion of 2 dF(W) w_a in the proof of Lemma 2"),
    ("(2.7)", "the expanded inner product <w_b, w_a>"),
    ("Definition 8", "the operator H_k(c)"),
    ("(2.8)", "the display of Definition 8"),
    ("Lemma 3", "<w_b, w_a> = sum Re Tr(H_k(b)^* a_k) = sum Re Tr(b_k^* H_k(a))"),
    ("(2.9)", "the display of Lemma 3"),
    ("(2.10)", "the terms in a_k, in the proof of Lemma 3"),
    ("Lemma 4", "dG(w_c) = H(c) + H(c)^*"),
    ("(2.11)", "dG w_c in components"),
    ("(2.12)", "the display of Lemma 4"),
    ("(2.13)", "dG_k/dtau by the product rule, in the proof of Lemma 4"),
    ("(2.14)", "the expansion after substituting w_c, in the proof of Lemma 4"),
    ("(2.15)", "the gradient on F_X defined by <grad F, w_a> = dF w_a"),
    ("(2.16)", "grad F = w_b"),
    ("(2.17)", "<w_b, w_a> = dF w_a"),
    ("(2.18)", "the gradient flow on F_X"),
    ("Lemma 5", "grad 1/2||W||^2 = w_b with H(b) = G"),
    ("(2.19)", "the system H_k(b) = G_k"),
    ("(2.20)", "H_k(b)^* = H_k^*(b)"),
    ("(2.21)", "the expanded form of (2.19)"),
    ("(2.22)", "the identity closing the proof of Lemma 5"),
    ("(2.23)", "dG/dt = dG w_b = -2G, in the proof of Theorem 2"),
    ("Remark 9", "the Euclidean gradient is W; dG w_b and dG W"),
    ("(2.24)", "1/2 ||G||^2 = 1/2 sum_k Tr(G_k^2)"),
    ("(2.25)", "H_k(G)"),
    ("Theorem 10", "grad 1/2||G||^2 on F_X is w_{2G}; the moments evolve by (2.27)"),
    ("(2.26)", "the Kirwan-Ness flow dW/dt = -w_{2G}"),
    ("(2.27)", "dG/dt = -2(H(G) + H(G)^*)"),
    ("(2.28)", "dF w_a for F = 1/2||G||^2, in the proof of Theorem 10"),
    ("(2.29)", "<grad F, w_a> = sum Re Tr(b_k^* H_k(a)), in the proof of Theorem 10"),
    ("(2.30)", "the identity that gives b = 2G, in the proof of Theorem 10"),
    ("Remark 11", "the cubic field is defined on all of M_d^N and tangent to every fibre"),
    ("Corollary 1", "the Kirwan-Ness flow from any W converges to a single point of M_0"),
    ("(2.31)", "d/dt 1/2||G||^2 = -2||w_G||^2"),
    ("(3.1)", "a linear algebraic action alpha: G x V -> V"),
    ("(3.2)", "the orbit G.x"),
    ("(3.3)", "the stabiliser H_x"),
    ("(3.4)", "psi_x(g) = ||g.x||^2"),
    ("(3.5)", "d psi_x(e)(a) = d/dtau psi_x(e^{tau a}) at 0"),
    ("Definition 12", "the moment map mu(x) = d psi_x(e)"),
    ("(3.6)", "the display of Definition 12"),
    ("Theorem 13", "Kempf-Ness: closed orbit, critical point, minimum and zero of mu are equivalent"),
    ("Theorem 14", "Kempf-Ness: the critical points are minima forming one K-orbit; the Hessian"),
    ("Remark 15", "Slodowy's extension to real groups"),
    ("Remark 16", "d = 1, N = 2: the non-closed orbits are the open semi-axes"),
    ("Remark 17", "Ness's stratification by the gradient flow of ||mu||^2"),
    ("Remark 18", "the DLN satisfies the hypotheses; its moment map"),
    ("(3.7)", "mu(W) = G(W)"),
    ("Theorem 19", "Azad-Loeb: strictly plurisubharmonic K-invariant functions"),
    ("(3.8)", "the Schatten sums ||W||_p = sum_k ||W_k||_p"),
    ("Theorem 20", "argmin of (3.8) on F_X is F_X ∩ M for 1 < p < oo"),
    ("(3.9)", "the display of Theorem 20"),
    ("(4.1)", "the regularized training flow"),
    ("(4.2)", "the Ornstein-Uhlenbeck process"),
    ("(4.3)", "its Gaussian equilibrium density"),
    ("(4.4)", "the Langevin equation with loss and noise"),
    ("(4.5)", "the posterior on F_X and its normalisation"),
]

#: labels that a claim checks as part of its statement, beyond the ones its ``where`` names
USES: dict[str, tuple[str, ...]] = {
    "eq-1.6": ("(1.12)",),
    "eq-1.15": ("(1.16)",),
    "eq-1.7": ("(1.12)",),
    "conservation": ("(1.2)", "(1.11)", "(1.13)"),
    "theorem-1": ("(1.3)", "(1.4)", "(1.5)"),
    "transfer-invariance": ("(1.8)",),
    "eq-2.3": ("(2.1)", "(2.2)"),
    "lemma-2": ("(2.4)", "(2.5)", "(2.6)"),
    "definition-8": ("(2.8)",),
    "lemma-3": ("(2.9)", "(2.10)"),
    "lemma-4": ("(2.11)", "(2.12)", "(2.13)"),
    "lemma-4-proof": ("(2.14)",),
    "lemma-5": ("(2.15)", "(2.16)", "(2.17)", "(2.18)", "(2.19)", "(2.20)", "(1.17)"),
    "lemma-5-proof": ("(2.22)",),
    "theorem-2": ("(1.17)", "(1.19)"),
    "remark-7": ("(1.21)", "(1.22)"),
    "theorem-10": ("(2.24)", "(2.25)", "(2.26)", "(2.27)", "(2.28)", "(2.29)", "(2.30)"),
    "remark-18": ("(3.4)", "(3.5)", "(3.6)", "(3.7)", "Definition 12"),
    "theorem-13": ("(3.1)", "(3.2)", "(3.3)"),
    "remark-15": ("(1.6)", "(1.12)", "(3.4)", "(3.5)"),
    "remark-17": ("(1.21)", "(1.22)"),
    "theorem-20": ("(3.9)",),
    "learning-flow": ("(1.18)", "(1.20)", "Figure 1.3"),
    "regularized-flow-rate": ("(4.1)",),
    "ou-equilibrium": ("(4.2)", "(4.3)"),
    "noise-moments": ("(4.4)",),
    "bayes-concentration": ("(4.5)",),
}

#: labels that assert nothing a computation could test, with the reason
NO_CLAIM: dict[str, str] = {
    "Remark 3": "a remark on method (Theorem 1 by GIT, Theorem 2 by matrix computation): nothing to compute",
}

_EQ = re.compile(r"\((\d)\.(\d+)\)(?:\s*-\s*\((\d)\.(\d+)\))?")
_NAMED = re.compile(r"\b(Theorem|Lemma|Remark|Corollary|Definition|Figure) (\d+(?:\.\d+)?)")


def labels_of(where: str) -> list[str]:
    """The paper's labels that a claim's ``where`` names.

    >>> labels_of("eq. (2.1)-(2.3)")
    ['(2.1)', '(2.2)', '(2.3)']
    >>> labels_of("Theorem 10 (proof)"), labels_of("eq. (1.9), (1.10)")
    (['Theorem 10'], ['(1.9)', '(1.10)'])
    """
    out = [f"{m.group(1)} {m.group(2)}" for m in _NAMED.finditer(where)]
    for m in _EQ.finditer(where):
        s, a = int(m.group(1)), int(m.group(2))
        b = int(m.group(4)) if m.group(3) else a
        out += [f"({s}.{i})" for i in range(a, b + 1)]
    return out


def coverage(claims: Iterable) -> dict[str, list[str]]:
    """``label -> [claim ids]`` for every label of :data:`LABELS` (an empty list: not covered)."""
    known = {lab for lab, _ in LABELS}
    out: dict[str, list[str]] = {lab: [] for lab, _ in LABELS}
    for c in claims:
        for lab in labels_of(c.where) + list(USES.get(c.id, ())):
            if lab in known and c.id not in out[lab]:
                out[lab].append(c.id)
    return out


def coverage_markdown(claims: Iterable) -> str:
    """The coverage table: every label of the paper with the claims that check it."""
    from .mdtable import cell

    cov = coverage(claims)
    lines = ["| label | what | claims |", "|---|---|---|"]
    for lab, what in LABELS:
        if cov[lab]:
            ids = ", ".join(f"`{i}`" for i in cov[lab])
        else:
            ids = cell(f"no claim: {NO_CLAIM[lab]}") if lab in NO_CLAIM else "**not covered**"
        lines.append(f"| {lab} | {cell(what)} | {ids} |")
    return "\n".join(lines)
