"""The registry: every statement of the paper that dlnsym checks.

``CLAIMS`` is the ordered list; :func:`get` looks a claim up by id. Numeric checks
(:mod:`dlnsym.numeric`) are attached to the same claims by :func:`_attach_numeric`,
so that one claim gathers all its evidence.
"""

from __future__ import annotations

from functools import partial

from . import builders as B
from . import special as SP
from .base import Claim, Erratum, FunctionCheck
from .identity import IdentityCheck

__all__ = ["CLAIMS", "get", "ids"]


def _id(name, builder, **kw):
    return IdentityCheck(name, builder, **kw)


def _theorem2_paper(S, form):
    """Theorem 2's chain: the corrected form of (2.23) is the statement of the theorem."""
    return B.b_theorem2_chain(S, "corrected" if form == "paper" else form)


NB1 = "01_fibres_and_group_orbits.ipynb"
NB2 = "02_tangent_space_and_metric.ipynb"
NB3 = "03_regularizing_flow.ipynb"
NB4 = "04_kirwan_ness_flow.ipynb"
NB5 = "05_kempf_ness.ipynb"
NB6 = "06_schatten_norms.ipynb"

CLAIMS: list[Claim] = [
    # ------------------------------------------------------------------ Section 1
    Claim("eq-1.6", "eq. (1.1), (1.6)",
          "The action A.W = (W_N A_{N-1}^{-1}, ..., A_1 W_1) of GL(d)^{N-1} maps the fibre F_X to itself.",
          [_id("X(A.W) = X(W), by induction over partial products", B.b_action_fibre)],
          notebook=NB1, section="1"),
    Claim("centre", "Section 1.2",
          "The centre C = (Q_N Lam, Lam, ..., Lam, Lam Q_0^*), X = Q_N Sigma Q_0^*, Lam = Sigma^(1/N), lies in F_X "
          "and is balanced.",
          [_id("X(C) = Q_N Lam^N Q_0^* and C_k C_k^* = C_{k+1}^* C_{k+1}", B.b_centre)],
          notebook=NB1, section="1"),
    Claim("eq-1.15", "eq. (1.14), (1.15)",
          "Over C, <A, B> = Re Tr(A^* B) = Tr(a^T c + b^T d) for A = a + ib, B = c + id: M_d(C) is the real Euclidean "
          "space of dimension 2d^2.",
          [_id("Re Tr(A^* B) against the real coordinates", B.b_eq115)],
          notebook=NB1, section="1"),
    Claim("eq-1.7", "eq. (1.7)",
          "||Q.W|| = ||W|| for Q in U_d^(N-1) (O_d^(N-1) over R).",
          [_id("||Q.W||^2 = ||W||^2 layer by layer", B.b_norm_invariance)],
          notebook=NB1, section="1"),
    Claim("conservation", "Section 1.4.1",
          "The moments G_k are conserved by the gradient flow (1.2) of an arbitrary loss E(X).",
          [_id("grad from the Riesz representation; dG/dt = 0", B.b_conservation, any_n=False),
           FunctionCheck("window X = L W_{k+1} W_k R", SP.check_conservation_window, negative=partial(SP.check_conservation_window, negative=True))],
          notebook=NB2, section="1"),
    Claim("theorem-1", "Theorem 1",
          "For full-rank X, the minimizers of ||W||_2 on F_X are exactly the balanced points F_X ∩ M, "
          "with minimum value ||W||_2^2 = N sum_i sigma_i^(2/N).",
          [FunctionCheck("d = 1 in group coordinates", SP.check_theorem1_d1, negative=partial(SP.check_theorem1_d1, negative=True))],
          notebook=NB5, section="1", partial_symbolic=True),
    Claim("figure-1.1", "Figure 1.1",
          "For d = 1, N = 2 (real): fibres w2 w1 = x are hyperbolas, orthogonal to the moment level sets; the balanced "
          "variety is w2 = ±w1; the minimizers of |w|^2 on a fibre are the balanced points of it.",
          [FunctionCheck("caption, derived by Lagrange multipliers", SP.check_figure11, negative=partial(SP.check_figure11, negative=True), form="corrected"),
           FunctionCheck("caption as printed", SP.check_figure11_printed, form="printed", expect_pass=False)],
          erratum=Erratum(
              as_printed="the minimizers of |w|^2 on the fiber w2 w1 = x are the points (±√x, ±√x)",
              corrected="the minimizers are ±(√x, √x) when x > 0 and ±(√(-x), -√(-x)) when x < 0: "
                        "the two balanced points of the fibre",
              evidence="Lagrange multipliers give exactly these two points for x = 4, 9/4 and -4; two of the four printed "
                       "points, (√x, -√x) and (-√x, √x), have w2 w1 = -x and are not on the fibre, and for x < 0 none "
                       "of the printed points is real."),
          notebook=NB1, section="1"),
    # ------------------------------------------------------------------ Section 2
    Claim("lemma-1-proof", "Lemma 1 (proof)",
          "Given W in F_X, the recursion A_{N-1} = W_N^{-1} Q_N Lam, A_{k-1} = W_k^{-1} A_k Lam gives A.C = W.",
          [_id("A.C = W with the recursive A", B.b_lemma1_proof, errata=True, explicit=False, any_n=False),
           FunctionCheck("induction over k (any N)", SP.check_lemma1_window, form="corrected",
                         negative=SP.check_lemma1_window_printed),
           FunctionCheck("induction over k, printed A_{N-1} (any N)", SP.check_lemma1_window_printed, form="printed",
                         expect_pass=False)],
          erratum=Erratum(
              as_printed="A.C = (Q_N Lam A_{N-1}^{-1}, A_{N-1} Lam A_{N-2}^{-1}, ..., A_1 Q_0^*), and A_{N-1} = Q_N Lam W_N^{-1}",
              corrected="A.C = (Q_N Lam A_{N-1}^{-1}, A_{N-1} Lam A_{N-2}^{-1}, ..., A_1 Lam Q_0^*), and "
                        "A_{N-1} = W_N^{-1} Q_N Lam (then A_{k-1} = W_k^{-1} A_k Lam)",
              evidence="With matrix letters of symbolic size (N = 2..5): the corrected recursion gives A.C = W exactly; "
                       "with the printed A_{N-1}, Q_N Lam A_{N-1}^{-1} = Q_N Lam W_N Lam^{-1} Q_N^* ≠ W_N, and the last "
                       "component of A.C by (1.6) is A_1 Lam Q_0^*, not A_1 Q_0^*."),
          notebook=NB1, section="2"),
    Claim("eq-2.3", "eq. (2.1)-(2.3)",
          "The tangent vectors w_a = d/dtau (e^{tau a}.W) at tau = 0 are (-W_N a_{N-1}, ..., a_k W_k - W_k a_{k-1}, ..., "
          "a_1 W_1), and they are tangent to F_X.",
          [_id("velocity of e^{tau a}.W", B.b_tangent),
           _id("dX(w_c) = 0 (N = 2..5)", B.b_remark11, any_n=False),
           FunctionCheck("window: dX(w_c) = 0 for any N", SP.check_tangency_window, negative=partial(SP.check_tangency_window, negative=True))],
          notebook=NB2, section="2"),
    Claim("lemma-2", "Lemma 2",
          "dF(W) w_a = 1/2 sum_k Tr(G_k (a_k + a_k^*)) = sum_k Re Tr(G_k^* a_k) for F = 1/2 ||W||^2 (2.5).",
          [_id("dF differentiated along e^{tau a}.W", B.b_lemma2),
           _id("(2.6): the printed expansion of 2 dF w_a and its regrouping", B.b_eq26)],
          notebook=NB2, section="2"),
    Claim("eq-2.7", "eq. (2.7)",
          "The expanded form of the inner product <w_b, w_a> of two tangent vectors.",
          [_id("(1.16) applied to (2.3), against the printed expansion", B.b_eq27)],
          notebook=NB2, section="2"),
    Claim("definition-8", "Definition 8",
          "H_k(c) = -W_k c_{k-1} W_k^* + c_k W_k W_k^* + W_{k+1}^* W_{k+1} c_k - W_{k+1}^* c_{k+1} W_{k+1} (2.8); the "
          "shared formula dlnsym.formulas.H_operator is this definition.",
          [_id("H_operator against (2.8) as printed", B.b_formula_H)],
          notebook=NB2, section="2"),
    Claim("lemma-3", "Lemma 3",
          "<w_b, w_a> = sum Re Tr(H_k(b)^* a_k) = sum Re Tr(b_k^* H_k(a)) (2.9).",
          [_id("both forms of (2.9)", B.b_lemma3),
           _id("(2.10) and its rotation under the trace", B.b_eq210)],
          notebook=NB2, section="2"),
    Claim("lemma-4", "Lemma 4",
          "dG(w_c) = H(c) + H(c)^*: the pushforward of w_c under W -> G (2.12).",
          [_id("dG differentiated along e^{tau c}.W", B.b_lemma4),
           _id("(2.13): the product rule for dG_k", B.b_eq213)],
          notebook=NB2, section="2"),
    Claim("lemma-4-proof", "Lemma 4 (proof)",
          "The expansion of dG_k/dtau in the proof of Lemma 4.",
          [_id("expanded dG_k/dtau", B.b_lemma4_proof, errata=True)],
          erratum=Erratum(
              as_printed="... - W_{k+1} c_{k+1}^* W_{k+1}^* + c_k^* W_{k+1}^* W_{k+1} - ...",
              corrected="... - W_{k+1}^* c_{k+1}^* W_{k+1} + c_k^* W_{k+1}^* W_{k+1} - ...",
              evidence="Expanding -(c_{k+1} W_{k+1} - W_{k+1} c_k)^* W_{k+1} (the line above it) gives "
                       "-W_{k+1}^* c_{k+1}^* W_{k+1}; the printed expansion differs from dG_k/dtau for every d "
                       "(matrix symbols) and on explicit entries, the corrected one agrees."),
          notebook=NB2, section="2"),
    Claim("lemma-5", "Lemma 5",
          "grad 1/2 ||W||^2 = w_b on F_X, where b solves the block tridiagonal system H_k(b) = G_k (2.19).",
          [_id("<w_b, w_a> - dF w_a = sum Re Tr((H_k(b) - G_k)^* a_k)", B.b_lemma5)],
          notebook=NB3, section="2"),
    Claim("lemma-5-proof", "Lemma 5 (proof)",
          "The identity (2.22) that yields (2.19).",
          [_id("(2.22)", B.b_lemma5_proof, errata=True)],
          erratum=Erratum(
              as_printed="Re Tr(H_k^*(b) a_k) = Re Tr(G_k^* a_k)) = 0, 1 <= k <= N-1 ... because of the degeneracy of the "
                         "inner-product",
              corrected="Re Tr(H_k(b)^* a_k) = Re Tr(G_k^* a_k) for all a_k, i.e. Re Tr((H_k(b) - G_k)^* a_k) = 0; "
                        "(2.19) follows by the non-degeneracy of the inner product",
              evidence="Re Tr(G_k^* a_k) = 0 for all a_k would force G_k = 0 (its Riesz representer is G_k, nonzero for "
                       "unbalanced W); the corrected identity holds exactly for every d."),
          notebook=NB3, section="2"),
    Claim("eq-2.21", "eq. (2.21)",
          "The expanded form of the block tridiagonal system, stated as equivalent to (2.19).",
          [_id("expansion of H_k(b) + H_k(b)^* = 2G_k", B.b_eq221, errata=True),
           FunctionCheck("(2.21) alone is not equivalent to (2.19)", SP.check_eq221_not_equivalent, negative=partial(SP.check_eq221_not_equivalent, negative=True), form="corrected")],
          erratum=Erratum(
              as_printed="(2.20) H_k(b)^* = H_k^*(b); (2.21) -W_k(b_{k-1} + b_{k-1}^*) + b_k W_k W_k^* + ... = 2G_k, "
                         "'equivalent to (2.19)'",
              corrected="(2.20) H_k(b)^* = H_k(b) at a solution (H_k(b) = G_k is Hermitian); (2.21) "
                        "-W_k(b_{k-1} + b_{k-1}^*)W_k^* + b_k W_k W_k^* + W_k W_k^* b_k^* + W_{k+1}^* W_{k+1} b_k + "
                        "b_k^* W_{k+1}^* W_{k+1} - W_{k+1}^*(b_{k+1} + b_{k+1}^*)W_{k+1} = 2G_k, i.e. H(b) + H(b)^* = 2G. "
                        "(2.19) implies (2.21); the converse needs (2.20) as well",
              evidence="The printed first term lacks W_k^* (the expansion fails for every d at N >= 3, matrix symbols). "
                       "At exact rational full-rank states, b -> H(b) + H(b)^* has a kernel of dimension (N-1)d^2 over C "
                       "and (N-1)d(d-1)/2 over R, while H is injective: (2.21) alone has many solutions."),
          notebook=NB3, section="2"),
    Claim("theorem-2", "Theorem 2",
          "Along the regularizing flow (1.17), G(t) = G_0 e^{-2t}.",
          [_id("dG/dt + 2G lies in the span of the equations (2.19)", _theorem2_paper),
           FunctionCheck("exact rational states: dG/dt = -2G", SP.check_theorem2_exact, negative=partial(SP.check_theorem2_exact, negative=True))],
          notebook=NB3, section="2"),
    Claim("eq-2.23", "eq. (2.23)",
          "In the proof of Theorem 2: dG/dt = dG w_b = -2G.",
          [_id("dG/dt along -w_b", B.b_theorem2_chain, errata=True)],
          erratum=Erratum(
              as_printed="Ġ = dG w_b = -2G",
              corrected="Ġ = dG(-w_b) = -(H(b) + H(b)^*) = -2G, since the flow (1.17) is Ẇ = -w_b and "
                        "dG w_b = H(b) + H(b)^* = +2G by Lemma 4 and (2.19)",
              evidence="dG w_b - 2G = (H(b)-G) + (H(b)-G)^* identically (every d), so dG w_b = +2G on solutions of "
                       "(2.19); with the printed sign the residual is 4G, nonzero off the balanced variety. Exact rational "
                       "states confirm dG/dt = -2G."),
          notebook=NB3, section="2"),
    Claim("remark-9", "Remark 9",
          "The Euclidean gradient of 1/2||W||^2 is W; W - w_b is normal to F_X; dG vanishes on the normal space; "
          "hence dG w_b = dG W.",
          [_id("gradient, normal part, null space of dG, dG W", B.b_remark9, errata=True)],
          erratum=Erratum(
              as_printed="dG w_b = dG W = -2G",
              corrected="dG w_b = dG W = 2G (and Ġ = -dG w_b = -2G along the flow)",
              evidence="Differentiating G along W + tau W gives dG_k W = 2(W_k W_k^* - W_{k+1}^* W_{k+1}) = 2G_k, for "
                       "every d; the printed -2G fails."),
          notebook=NB3, section="2"),
    Claim("remark-7", "Remark 7",
          "The Kirwan-Ness flow -1/2 grad ||G||^2 (1.21) is the cubic system dW_k/dt = 2(W_k G_{k-1} - G_k W_k) (1.22).",
          [_id("(1.22) = -w_{2G}, and <-(1.22), w_a> = dF w_a", B.b_remark7),
           _id("kirwan_ness_field against (1.22) as printed", B.b_formula_KN)],
          notebook=NB4, section="2"),
    Claim("theorem-10", "Theorem 10",
          "grad 1/2||G||^2 = w_{2G} on F_X (2.26), equivalently (1.22); the moments evolve by "
          "dG/dt = -2(H(G) + H(G)^*) (2.27).",
          [_id("(2.24), (2.26), (1.22), (2.27)", B.b_theorem10)],
          notebook=NB4, section="2"),
    Claim("theorem-10-iso", "Theorem 10 (proof)",
          "When X has full rank, H is an isomorphism of gl(d)^(N-1).",
          [FunctionCheck("d = 1: det H = e_{N-1}(|w|^2)", SP.check_H_iso_d1, negative=partial(SP.check_H_iso_d1, negative=True))],
          notebook=NB3, section="2", partial_symbolic=True),
    Claim("remark-11", "Remark 11",
          "The cubic field (1.22) is defined on all of M_d^N and is tangent to every fibre (no rank assumption).",
          [_id("dX(KN(W)) = 0 for all W", B.b_remark11, any_n=False),
           FunctionCheck("window: dX(w_c) = 0 for any N", SP.check_tangency_window, negative=partial(SP.check_tangency_window, negative=True))],
          notebook=NB4, section="2"),
    Claim("corollary-1-proof", "Corollary 1 (proof)",
          "The cubic field (1.22) is minus the Euclidean gradient of 1/2||G||^2 on all of M_d^N; <w_{2G}, W> = 2||G||^2, "
          "so every zero of the field is balanced; and d/dt ||W||^2 = -4||G||^2 along it. With Lojasiewicz's theorem "
          "this gives Corollary 1 directly.",
          [_id("Euclidean gradient, zeros, and the decay of ||W||^2", B.b_corollary1_mechanism)],
          notebook=NB4, section="2", beyond_paper=True),
    Claim("eq-2.31", "eq. (2.31)",
          "The energy identity along the Kirwan-Ness flow.",
          [_id("d/dt 1/2||G||^2 along (1.22)", B.b_eq231, errata=True)],
          erratum=Erratum(
              as_printed="d/dt 1/2 ||G||^2 = -2 ||w_G||^2",
              corrected="d/dt 1/2 ||G||^2 = -||w_{2G}||^2 = -4 ||w_G||^2",
              evidence="Along a gradient flow dF/dt = -||grad F||^2, and grad 1/2||G||^2 = w_{2G} = 2 w_G (Theorem 10). "
                       "Differentiating 1/2||G||^2 along (1.22) gives -4||w_G||^2 exactly (every d, N = 2..5; explicit "
                       "entries up to N = 4, d = 3); the printed -2||w_G||^2 fails. For d = 1, N = 2: "
                       "d/dt G^2/2 = -4G^2(w1^2 + w2^2) while ||w_G||^2 = G^2(w1^2 + w2^2)."),
          notebook=NB4, section="2"),
    # ------------------------------------------------------------------ Section 3
    Claim("remark-18", "Remark 18",
          "The moment map of (3.4)-(3.6) for the DLN is G (3.7): d psi_W(e)(a) = 2 sum Re Tr(G_k a_k), vanishing on "
          "u(d)^(N-1); so mu = G when g^* is identified with Her_d^(N-1) by (xi, a) -> 2 Re Tr(xi a) "
          "(mu = 2G under the pairing Re Tr).",
          [_id("d/dtau ||e^{tau a}.W||^2 at 0", B.b_remark18)],
          notebook=NB5, section="3"),
    Claim("remark-16", "Remark 16",
          "For d = 1, N = 2 and the group R_+, the orbits that are not closed are the open semi-axes of w2 w1 = 0.",
          [FunctionCheck("psi_x has a critical point iff the orbit is closed", SP.check_remark16, negative=partial(SP.check_remark16, negative=True))],
          notebook=NB5, section="3"),
]


def get(claim_id: str) -> Claim:
    for c in CLAIMS:
        if c.id == claim_id:
            return c
    known = ", ".join(c.id for c in CLAIMS)
    raise ValueError(f"unknown claim id {claim_id!r}; known ids: {known}")


def ids() -> list[str]:
    return [c.id for c in CLAIMS]


def _attach_extensions() -> None:
    """Attach the checks of the numeric layer and of the beyond-the-paper modules.

    Each such module has ``register(CLAIMS, Claim, get)``, which appends checks to existing
    claims and adds new claims; the registry stays the one place that lists them."""
    import importlib

    for name in ("dlnsym.numeric.checks_flows", "dlnsym.numeric.checks_min", "dlnsym.beyond.checks_linsys",
                 "dlnsym.beyond.checks_dynamics"):
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):
                continue
            raise
        mod.register(CLAIMS, Claim, get)


_attach_extensions()
