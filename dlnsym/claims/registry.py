"""The registry: every statement of the paper that dlnsym checks, with all its checks.

``CLAIMS`` is the ordered list; :func:`get` looks a claim up by id. Each claim is written here
once, with every check it has (symbolic, numeric, statistical) and its declared scope, so that
reading this file shows all the evidence for a claim. The check functions live in the modules
that compute them (:mod:`dlnsym.claims.builders` and :mod:`~dlnsym.claims.special` for exact
checks, :mod:`dlnsym.numeric.checks_flows`, :mod:`~dlnsym.numeric.checks_min`,
:mod:`dlnsym.beyond.checks_linsys`, :mod:`~dlnsym.beyond.checks_dynamics`).
"""

from __future__ import annotations

from functools import partial

from ..beyond import checks_dynamics as DY
from ..beyond import checks_linsys as LS
from ..beyond import checks_posterior as PC
from ..beyond import checks_realization as CR
from ..beyond import checks_remark6 as R6
from ..beyond import checks_submersion as SM
from ..beyond import losses as LO
from ..beyond import slices as SL
from ..git import checks_kn as KN
from ..git import checks_ness as NS
from ..git import checks_p1 as P1
from ..git import checks_psh as PS
from ..git import checks_real as RKN
from ..numeric import checks_ablations as AB
from ..numeric import checks_flows as NF
from ..numeric import checks_min as NM
from . import builders as B
from . import h_iso as HI
from . import special as SP
from .base import Ablation, Claim, Erratum, FunctionCheck, Scope
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
NB8 = "08_training_dynamics.ipynb"
NB9 = "09_linear_systems.ipynb"
NB10 = "10_noise.ipynb"
NB11 = "11_invariant_theory.ipynb"

#: hypotheses, as the paper states them
FULL_RANK = "X has full rank"
REDUCTIVE = "G complex reductive"
K_NORM = "K-invariant Hermitian norm"
CLOSED = "the orbit G_x is closed"
STRICT = "phi strictly plurisubharmonic"
REDUCTIVE_R = "G real reductive"
K_NORM_R = "K-invariant inner product on V"
STANDING = "X has full rank (the standing assumption of Section 1.1; Corollary 1 itself says any W)"
DISTINCT_SV = "X has distinct singular values (so that the SVD of each W_k is unique up to phases; not in the paper)"
SMOOTH_FIBRE = ("F_X is a Riemannian manifold near W (Remark 4: Theorem 2 'requires only that we work on a Riemannian "
                "manifold')")


def _num(name, fn, **kw):
    return FunctionCheck(name, fn, method="numeric", **kw)

CLAIMS: list[Claim] = [
    # ------------------------------------------------------------------ Section 1
    Claim("eq-1.6", "eq. (1.1), (1.6)",
          "The action A.W = (W_N A_{N-1}^{-1}, ..., A_1 W_1) of GL(d)^{N-1} maps the fibre F_X to itself.",
          [_id("X(A.W) = X(W), by induction over partial products", B.b_action_fibre)],
          notebook=NB1, section="1"),
    Claim("centre", "Section 1.2",
          "The centre C = (Q_N Lam, Lam, ..., Lam, Lam Q_0^*), X = Q_N Sigma Q_0^*, Lam = Sigma^(1/N), lies in F_X "
          "and is balanced.",
          [_id("X(C) = Q_N Lam^N Q_0^* and C_k C_k^* = C_{k+1}^* C_{k+1}", B.b_centre),
           _num("numeric: X(C) = X, G(C) = 0 (input-first C)", NM.check_centre),
           Ablation(FULL_RANK, "rank-deficient X: C from the SVD with Lam = Sigma^(1/N) (zeros) is in F_X and balanced",
                    AB.ablation_centre, expect="survives")],
          notebook=NB1, section="1", hypotheses=(FULL_RANK,)),
    Claim("eq-1.15", "eq. (1.14), (1.15)",
          "Over C, <A, B> = Re Tr(A^* B) = Tr(a^T c + b^T d) for A = a + ib, B = c + id: M_d(C) is the real Euclidean "
          "space of dimension 2d^2.",
          [_id("Re Tr(A^* B) against the real coordinates", B.b_eq115)],
          notebook=NB1, section="1", scope=Scope(fields=("C",))),
    Claim("eq-1.7", "eq. (1.7)",
          "||Q.W|| = ||W|| for Q in U_d^(N-1) (O_d^(N-1) over R).",
          [_id("||Q.W||^2 = ||W||^2 layer by layer", B.b_norm_invariance)],
          notebook=NB1, section="1"),
    Claim("conservation", "Section 1.4.1",
          "The moments G_k are conserved by the gradient flow (1.2) of an arbitrary loss E(X).",
          [_id("grad from the Riesz representation; dG/dt = 0", B.b_conservation, any_n=False),
           FunctionCheck("window X = L W_{k+1} W_k R", SP.check_conservation_window, negative=partial(SP.check_conservation_window, negative=True)),
           _num("concrete losses (quadratic, logcosh; quartic under --long): (1.2) integrated at dps digits",
                LO.check_conservation_numeric)],
          notebook=NB2, section="1"),
    Claim("theorem-1", "Theorem 1",
          "For full-rank X, the minimizers of ||W||_2 on F_X are exactly the balanced points F_X ∩ M, "
          "with minimum value ||W||_2^2 = N sum_i sigma_i^(2/N).",
          [FunctionCheck("d = 1 in group coordinates", SP.check_theorem1_d1, negative=partial(SP.check_theorem1_d1, negative=True)),
           _num("numeric: Newton minimiser of (3.8) at p = 2 and of (1.4)", NM.check_theorem1),
           Ablation(FULL_RANK, "X = diag(1, 0), diag(8, 1, 0): the centre minimises (1.4), F_X ∩ M is empty",
                    P1.ablate_full_rank, method="symbolic"),
           Ablation(FULL_RANK, "rank-deficient X with M_0 for M: minima only on the closed orbit, balanced",
                    P1.ablate_full_rank_M0, expect="survives", method="symbolic")],
          notebook=NB5, section="1", hypotheses=(FULL_RANK,)),
    Claim("figure-1.1", "Figure 1.1",
          "For d = 1, N = 2 (real): fibres w2 w1 = x are hyperbolas, orthogonal to the moment level sets; the balanced "
          "variety is w2 = ±w1; the minimizers of |w|^2 on a fibre are its two balanced points, ±(√x, √x) for x > 0 "
          "and ±(√-x, -√-x) for x < 0 (the caption's '(±√x, ±√x)' with its loose sign pattern: a typographical "
          "misprint, see dlnsym.errata).",
          [FunctionCheck("caption, derived by Lagrange multipliers", SP.check_figure11, negative=partial(SP.check_figure11, negative=True))],
          notebook=NB1, section="1", scope=Scope(N=(2,), d=(1,), fields=("R",))),
    # ------------------------------------------------------------------ Section 2
    Claim("lemma-1-proof", "Lemma 1 (proof)",
          "Given W in F_X, the recursion A_{N-1} = W_N^{-1} Q_N Lam, A_{k-1} = W_k^{-1} A_k Lam gives A.C = W.",
          [_id("A.C = W with the recursive A", B.b_lemma1_proof, errata=True, explicit=False, any_n=False),
           FunctionCheck("induction over k (any N)", SP.check_lemma1_window, form="corrected",
                         negative=SP.check_lemma1_window_printed),
           FunctionCheck("induction over k, printed A_{N-1} (any N)", SP.check_lemma1_window_printed, form="printed",
                         expect_pass=False),
           _num("numeric: corrected A_(N-1) = W_N^(-1) Q_N Lam", NM.lemma1_proof_check("corrected"), form="corrected"),
           _num("numeric: printed A_(N-1) = Q_N Lam W_N^(-1)", NM.lemma1_proof_check("printed"), form="printed",
                expect_pass=False)],
          erratum=Erratum(
              as_printed="A.C = (Q_N Lam A_{N-1}^{-1}, A_{N-1} Lam A_{N-2}^{-1}, ..., A_1 Q_0^*), and A_{N-1} = Q_N Lam W_N^{-1}",
              corrected="A.C = (Q_N Lam A_{N-1}^{-1}, A_{N-1} Lam A_{N-2}^{-1}, ..., A_1 Lam Q_0^*), and "
                        "A_{N-1} = W_N^{-1} Q_N Lam (then A_{k-1} = W_k^{-1} A_k Lam)",
              evidence="With matrix letters of symbolic size (N = 2..5): the corrected recursion gives A.C = W exactly; "
                       "with the printed A_{N-1}, Q_N Lam A_{N-1}^{-1} = Q_N Lam W_N Lam^{-1} Q_N^* ≠ W_N, and the last "
                       "component of A.C by (1.6) is A_1 Lam Q_0^*, not A_1 Q_0^*."),
          notebook=NB1, section="2"),
    Claim("lemma-1", "Lemma 1",
          "Assume X has full rank. W is in F_X iff W = A.C for some A in GL(d)^(N-1).",
          [_num("A.C = W by the (corrected) construction; A.C in F_X", NM.check_lemma1),
           Ablation(FULL_RANK, "rank-deficient X: points of F_X that are no A.C (exact)", AB.ablation_lemma1,
                    method="symbolic", negative=AB.lemma1_full_rank_not_orbit)],
          notebook=NB1, section="1", hypotheses=(FULL_RANK,)),
    Claim("orbit-O_X", "Section 1.2",
          "O_X = F_X ∩ M is a U_d^(N-1) orbit: every W in O_X is Q.C with Q in U_d^(N-1) (O_d^(N-1) over R).",
          [_num("Q.C balanced; minimiser = Q.C with Q unitary", NM.check_orbit_OX),
           Ablation(FULL_RANK, "rank-1 X (M_0 for M): two Kirwan-Ness limits are Q.C, Q unitary, one centre C",
                    AB.ablation_orbit, expect="survives")],
          notebook=NB1, section="1", hypotheses=(FULL_RANK,)),
    Claim("alignment", "Section 1.3.2",
          "On M: ||W_k||_2^2 is independent of k, the singular values of every W_k are Sigma^(1/N), and with "
          "W_k = U_k Lam V_k^* the singular vectors align across the network.",
          [_num("corrected: V_(k+1) = U_k (U_k^* V_(k+1) diagonal unitary)", NM.alignment_check("corrected"),
                form="corrected"),
           _num("printed: V_k = U_(k+1) (U_(k+1)^* V_k diagonal unitary)", NM.alignment_check("printed"),
                form="printed", expect_pass=False),
           Ablation(DISTINCT_SV, "Sigma = (2, 2, 1): the computed SVDs are not aligned (block, not diagonal)",
                    AB.ablation_alignment)],
          erratum=Erratum(
              as_printed="W_k = U_k Lam_k V_k^*: Lam_k = Sigma^(1/N) for all k and V_k = U_(k+1) for 1 <= k <= N-1",
              corrected="Lam_k = Sigma^(1/N) and V_(k+1) = U_k (up to a diagonal unitary, for distinct singular "
                        "values) for 1 <= k <= N-1, since W_k W_k^* = W_(k+1)^* W_(k+1) on M and X = W_N ... W_1",
              evidence="On balanced points (Newton minimisers and random Q.C) over R and C, N = 2, 3, 4: "
                       "U_k^* V_(k+1) is a diagonal unitary to ~50 digits, while U_(k+1)^* V_k is far from one "
                       "(defect ~0.5-0.9). The printed indices hold for the reversed product W_1 ... W_N."),
          notebook=NB1, section="1", hypotheses=("W in M", DISTINCT_SV)),
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
          [_id("expanded dG_k/dtau", B.b_lemma4_proof, errata=True,
               printed_fails=lambda N, d, F: N >= 3 and d >= 2)],
          erratum=Erratum(
              as_printed="... - W_{k+1} c_{k+1}^* W_{k+1}^* + c_k^* W_{k+1}^* W_{k+1} - ...",
              corrected="... - W_{k+1}^* c_{k+1}^* W_{k+1} + c_k^* W_{k+1}^* W_{k+1} - ...",
              evidence="Expanding -(c_{k+1} W_{k+1} - W_{k+1} c_k)^* W_{k+1} (the line above it) gives "
                       "-W_{k+1}^* c_{k+1}^* W_{k+1}. The printed expansion differs from dG_k/dtau for matrix "
                       "letters of symbolic size (first at N = 3), and with explicit entries exactly when N >= 3 and "
                       "d >= 2, over R and C (checked at N = 2, 3, d = 1, 2); it holds for d = 1 (scalars commute) and "
                       "for N = 2 (c_N = 0 removes the term). The corrected expansion holds for every d and N "
                       "(matrix letters, the argument over N) and on explicit entries up to N = 4, d = 3."),
          notebook=NB2, section="2"),
    Claim("lemma-5", "Lemma 5",
          "grad 1/2 ||W||^2 = w_b on F_X, where b solves the block tridiagonal system H_k(b) = G_k (2.19).",
          [_id("<w_b, w_a> - dF w_a = sum Re Tr((H_k(b) - G_k)^* a_k)", B.b_lemma5),
           _num("<w_b, w_a> = dF w_a with b from the structured solve", NF.check_lemma5)],
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
          [_id("expansion of H_k(b) + H_k(b)^* = 2G_k", B.b_eq221, errata=True, printed_fails=lambda N, d, F: N >= 3),
           FunctionCheck("(2.21) alone is not equivalent to (2.19)", SP.check_eq221_not_equivalent, negative=partial(SP.check_eq221_not_equivalent, negative=True), form="corrected")],
          erratum=Erratum(
              as_printed="(2.20) H_k(b)^* = H_k^*(b); (2.21) -W_k(b_{k-1} + b_{k-1}^*) + b_k W_k W_k^* + ... = 2G_k, "
                         "'equivalent to (2.19)'",
              corrected="(2.20) H_k(b)^* = H_k(b) at a solution (H_k(b) = G_k is Hermitian); (2.21) "
                        "-W_k(b_{k-1} + b_{k-1}^*)W_k^* + b_k W_k W_k^* + W_k W_k^* b_k^* + W_{k+1}^* W_{k+1} b_k + "
                        "b_k^* W_{k+1}^* W_{k+1} - W_{k+1}^*(b_{k+1} + b_{k+1}^*)W_{k+1} = 2G_k, i.e. H(b) + H(b)^* = 2G. "
                        "(2.19) implies (2.21); the converse needs (2.20) as well",
              evidence="The printed first term lacks W_k^*: the expansion fails for matrix letters of symbolic size at N = 3, "
                       "and with explicit entries exactly when N >= 3, for every d, over R and C (checked at N = 2, 3, "
                       "d = 1, 2); it holds for N = 2, where b_0 = 0 removes the term. "
                       "At exact rational full-rank states, b -> H(b) + H(b)^* has a kernel of dimension (N-1)d^2 over C "
                       "and (N-1)d(d-1)/2 over R, while H is injective: (2.21) alone has many solutions."),
          notebook=NB3, section="2"),
    Claim("theorem-2", "Theorem 2",
          "Along the regularizing flow (1.17), G(t) = G_0 e^{-2t}.",
          [_id("dG/dt + 2G lies in the span of the equations (2.19)", _theorem2_paper),
           FunctionCheck("exact rational states: dG/dt = -2G", SP.check_theorem2_exact, negative=partial(SP.check_theorem2_exact, negative=True)),
           _num("regularizing_flow: G(t) = G0 e^-2t, X preserved, ||W||^2 decreasing", NF.check_theorem2),
           Ablation(FULL_RANK, "rank-deficient layers, minimum-norm solve of H(b) = G: dG/dt = -2G still",
                    AB.ablation_theorem2, expect="survives")],
          notebook=NB3, section="2", hypotheses=(FULL_RANK,)),
    Claim("figure-1.2", "Figure 1.2",
          "When d >= 2 the fibre F_X is sliced by the moments into topologically equivalent components "
          "F_X ∩ M_G, and the regularizing flow evolves the slices at a uniform exponential rate towards O_X. "
          "Checked: the time-t map phi_t of (1.17) restricts to a diffeomorphism S_G0 -> S_(G0 e^-2t) (inverse: the "
          "backward flow; differential injective on T S_G0 with image in the target's tangent space), so the slices of "
          "a ray {c G0 : c > 0} are diffeomorphic, each of dimension dim O_X = (N-1) dim U(d).",
          [_num("phi_t maps S_G0 onto S_(G0 e^-2t); phi_-t phi_t = id; D phi_t injective, tangent to the slices",
                SL.check_figure12)],
          notebook=NB3, section="2", hypotheses=(FULL_RANK,)),
    Claim("eq-2.23", "eq. (2.23)",
          "In the proof of Theorem 2: dG/dt = dG w_b = -2G.",
          [_id("dG/dt along -w_b", B.b_theorem2_chain, errata=True)],
          erratum=Erratum(
              as_printed="Ġ = dG w_b = -2G",
              corrected="Ġ = dG(-w_b) = -(H(b) + H(b)^*) = -2G, since the flow (1.17) is Ẇ = -w_b and "
                        "dG w_b = H(b) + H(b)^* = +2G by Lemma 4 and (2.19)",
              evidence="dG w_b - 2G = (H(b)-G) + (H(b)-G)^* identically (every d), so dG w_b = +2G on solutions of "
                       "(2.19); with the printed sign the residual is 4G, nonzero off the balanced variety. Exact rational "
                       "states confirm dG/dt = -2G. The printed sign fails with explicit entries at every size checked (N = 2, 3, "
                       "d = 1, 2, R and C), i.e. wherever G != 0."),
          notebook=NB3, section="2"),
    Claim("remark-9", "Remark 9",
          "The Euclidean gradient of 1/2||W||^2 is W; W - w_b is normal to F_X; dG vanishes on the normal space; "
          "hence dG w_b = dG W.",
          [_id("gradient, normal part, null space of dG, dG W", B.b_remark9, errata=True)],
          erratum=Erratum(
              as_printed="dG w_b = dG W = -2G",
              corrected="dG w_b = dG W = 2G (and Ġ = -dG w_b = -2G along the flow)",
              evidence="Differentiating G along W + tau W gives dG_k W = 2(W_k W_k^* - W_{k+1}^* W_{k+1}) = 2G_k, for "
                       "every d; the printed -2G fails for matrix letters and with explicit entries at every size checked "
                       "(N = 2, 3, d = 1, 2, R and C), wherever G != 0."),
          notebook=NB3, section="2"),
    Claim("remark-7", "Remark 7",
          "The Kirwan-Ness flow -1/2 grad ||G||^2 (1.21) is the cubic system dW_k/dt = 2(W_k G_{k-1} - G_k W_k) (1.22).",
          [_id("(1.22) = -w_{2G}, and <-(1.22), w_a> = dF w_a", B.b_remark7),
           _id("kirwan_ness_field against (1.22) as printed", B.b_formula_KN)],
          notebook=NB4, section="2"),
    Claim("theorem-10", "Theorem 10",
          "grad 1/2||G||^2 = w_{2G} on F_X (2.26), equivalently (1.22); the moments evolve by "
          "dG/dt = -2(H(G) + H(G)^*) (2.27).",
          [_id("(2.24), (2.26), (1.22), (2.27)", B.b_theorem10),
           Ablation(FULL_RANK, "rank-deficient layers: the gradient of 1/2||G||^2 is still w_2G, tangent, with (2.27)",
                    AB.ablation_theorem10, expect="survives")],
          notebook=NB4, section="2", hypotheses=(FULL_RANK,)),
    Claim("theorem-10-iso", "Theorem 10 (proof)",
          "When X has full rank, H is an isomorphism of gl(d)^(N-1). Proof: H is the Gram operator of a -> w_a "
          "(Lemma 3: <w_b, w_a> = sum Re Tr(H_k(b)^* a_k), so H is self-adjoint with <H(a), a> = ||w_a||^2 and "
          "ker H = {a : w_a = 0}); at full rank every W_k is invertible and a_1 = (w_a)_1 W_1^-1, a_k = (w_a)_k W_k^-1 + "
          "W_k a_(k-1) W_k^-1, so w_a = 0 forces a = 0 by induction on k: H is positive definite.",
          [_id("Lemma 3, reused: <w_b, w_a> = sum Re Tr(H_k(b)^* a_k) = sum Re Tr(b_k^* H_k(a)) (H is the Gram "
               "operator of a -> w_a)", B.b_lemma3, explicit=False),
           _id("the induction step: a_1 = (w_a)_1 W_1^-1, a_k = (w_a)_k W_k^-1 + W_k a_(k-1) W_k^-1 (W_k invertible)",
               HI.b_stabiliser, explicit=False),
           FunctionCheck("d = 1: det H = e_{N-1}(|w|^2)", SP.check_H_iso_d1, negative=partial(SP.check_H_iso_d1, negative=True)),
           _num("conditioning: lambda_min(H) > 0 at full rank; H singular for rank-deficient W_1, W_2", NF.check_h_iso),
           Ablation(FULL_RANK, "W_1, W_2 singular (X rank deficient): ker H = ker(a -> w_a) != 0, exactly",
                    HI.ablation_kernel, expect="counterexample", method="symbolic", negative=HI.full_rank_singular),
           Ablation(FULL_RANK, "only W_1 singular (X rank deficient): H still injective, exactly",
                    HI.ablation_one_singular_layer, expect="survives", method="symbolic",
                    negative=HI.two_singular_injective)],
          notebook=NB3, section="2", hypotheses=(FULL_RANK,)),
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
                       "d/dt G^2/2 = -4G^2(w1^2 + w2^2) while ||w_G||^2 = G^2(w1^2 + w2^2). The printed constant fails with "
                       "explicit entries at every size checked (N = 2, 3, d = 1, 2, R and C), wherever G != 0."),
          notebook=NB4, section="2"),
    Claim("corollary-1", "Corollary 1",
          "Along the Kirwan-Ness flow (1.22) X is preserved, 1/2||G||^2 decreases with d/dt 1/2||G||^2 = -4||w_G||^2 "
          "(corrected (2.31)), and W(t) converges to a single point of the balanced variety M_0.",
          [_num("energy identity -4||w_G||^2 by quadrature of the Taylor dense output", NF.check_energy),
           _num("G -> 0 at the rate of the linearization at the limit; Cauchy; rank-deficient start",
                NF.check_corollary1),
           Ablation(STANDING, "both layers of rank 1: X kept, exponential convergence to a point of M_0",
                    AB.ablation_corollary1, expect="survives")],
          notebook=NB4, section="2", hypotheses=(STANDING,)),
    # ------------------------------------------------------------------ Section 3
    Claim("remark-18", "Remark 18",
          "Definition 12 and (3.4)-(3.6) computed literally for the DLN: mu(W) = d psi_W(e), psi_W(A) = ||A.W||^2 "
          "(1.4), (1.6), is the functional a -> 2 sum_k Re Tr(G_k a_k) on gl(d)^(N-1), vanishing on u(d)^(N-1) "
          "(o(d)^(N-1) over R); with the pairing (1.14) it is the tuple 2G, not G as (3.7) prints.",
          [_id("d/dtau ||e^{tau a}.W||^2 at 0, paired by (1.14)", B.b_remark18, errata=True)],
          erratum=Erratum(
              as_printed="mu(W) = G(W) (3.7), with mu(W) = d psi_W(e) (3.6), psi_W(g) = ||g.W||^2 (3.4), and g^* "
                         "identified with gl(d)^(N-1) by the inner product (1.14)/(1.16)",
              corrected="mu(W) = 2 G(W): d psi_W(e)(a) = sum_k Re Tr((2 G_k)^* a_k). Equivalently mu = G if (3.4) "
                        "is read with the factor 1/2, psi_W(g) = 1/2 ||g.W||^2, as in Section 1.4.1 ('the moment map "
                        "corresponding to the invariance of 1/2 ||W||_2^2', (1.12)-(1.13))",
              evidence="d/dtau ||e^{tau a}.W||^2 at tau = 0 by jets, minus sum_k Re Tr(mu_k^* a_k): zero for mu = 2G "
                       "exactly (matrix letters of symbolic size: every d; every N by the machine-checked argument; "
                       "explicit entries N = 2..4, d = 1..3, R and C), and the printed mu = G leaves the residual "
                       "sum_k Re Tr(G_k a_k), nonzero at every N >= 2, d >= 1, over R and C wherever G != 0 (e.g. "
                       "W = (0, ..., 0, I)); it holds only on the balanced variety G = 0. Both readings vanish on "
                       "skew-Hermitian a. Lemma 2 gives the same factor: dF = sum Re Tr(G_k^* a_k) for F = 1/2 ||W||^2."),
          notebook=NB5, section="3"),
    Claim("remark-16", "Remark 16",
          "For d = 1, N = 2 and the group R_+, the orbits that are not closed are the open semi-axes of w2 w1 = 0.",
          [FunctionCheck("psi_x has a critical point iff the orbit is closed", SP.check_remark16, negative=partial(SP.check_remark16, negative=True))],
          notebook=NB5, section="3", scope=Scope(N=(2,), d=(1,), fields=("R",))),
    Claim("theorem-13", "Theorem 13",
          "For a linear algebraic action of a complex reductive G on V and a K-invariant Hermitian norm, psi_x(g) = "
          "||g.x||^2 has a critical point on G <=> it has a minimum on G <=> the orbit G x is closed (<=> mu vanishes "
          "somewhere on the orbit). Checked on DLN orbits over C with d = 2 (full rank N = 2, 3; rank deficient and "
          "nilpotent, not closed; the closed rank-deficient centre), on GL(2, C) acting by conjugation, and on tori "
          "acting by weights (closed iff 0 is in the relative interior of the hull of the weights of the support, "
          "derived independently).",
          [FunctionCheck("DLN orbits: full rank, rank deficient, nilpotent (exact)", KN.check_theorem13_dln,
                         negative=partial(KN.check_theorem13_dln, negative=True)),
           FunctionCheck("GL(2, C) by conjugation: mu = 2[y, y^*] by jets, two orbits (exact)",
                         KN.check_theorem13_conjugation, negative=partial(KN.check_theorem13_conjugation, negative=True)),
           _num("tori by weights: Stiemke certificate vs Newton on psi", KN.check_theorem13_torus,
                negative=partial(KN.check_theorem13_torus, negative=True)),
           Ablation(REDUCTIVE, "B (upper triangular) acting on M_2(C) by conjugation", KN.ablate13_reductive,
                    method="symbolic"),
           Ablation(REDUCTIVE, "the real form GL(d, R)^(N-1), O_d^(N-1) on the DLN (Slodowy, Remark 15)",
                    KN.ablate13_real, expect="survives", method="symbolic"),
           Ablation(K_NORM, "C^* on C^2, weights (1, 2), |v|^2 = v^* P v with P_12 = 99/100", KN.ablate13_invariant_norm,
                    method="symbolic")],
          notebook=NB11, section="3", scope=Scope(G="any", fields=("C",)), hypotheses=(REDUCTIVE, K_NORM)),
    Claim("remark-15", "Remark 15",
          "The real Kempf-Ness theorem (Richardson-Slodowy), used for the real DLN in the proof of Theorem 1: for a "
          "real reductive G acting linearly on a real inner-product space V, K maximal compact, the norm K-invariant, "
          "and m: V -> p defined by <m(v), X> = <X.v, v> (X in p, the symmetric part of Lie G): (a) v is minimal "
          "(||g.v|| >= ||v|| on G) iff m(v) = 0; (b) G.v is closed iff it meets m^{-1}(0); (c) on a closed orbit the "
          "minimal vectors form one K-orbit; (d) the closure of a non-closed orbit contains a closed orbit, reached "
          "along a one-parameter subgroup. Checked on the real DLN (GL(d, R)^(N-1), K = O_d^(N-1); full rank and rank "
          "deficient), on real split tori (R^*)^k and on GL(2, R) by conjugation. Beyond the paper's words: K must be "
          "the whole O_d^(N-1): the full-rank fibre is one GL(d, R)^(N-1) orbit but 2^(N-1) orbits of its identity "
          "component, and its minimal vectors are 2^(N-1) orbits of SO_d^(N-1) (det signs of the partial products).",
          [_num("(a), (c) real DLN, full rank: minimisers over the orbit, m by its definition, one O_d^(N-1)-orbit",
                RKN.check_real_dln),
           FunctionCheck("(b), (d) real DLN orbits, closed and not closed (exact)", RKN.check_real_dln_closed,
                         negative=partial(RKN.check_real_dln_closed, negative=True)),
           _num("(a), (b), (d) real split tori: Stiemke certificate vs Newton on psi, one 1-PS to a closed orbit",
                RKN.check_real_torus, negative=partial(RKN.check_real_torus, negative=True)),
           FunctionCheck("(a)-(c) GL(2, R) by conjugation; O(2) vs SO(2) (exact)", RKN.check_real_conjugation,
                         negative=partial(RKN.check_real_conjugation, negative=True)),
           FunctionCheck("real DLN: det signs, O_d^(N-1) not SO_d^(N-1) (exact)", RKN.check_det_signs,
                         negative=partial(RKN.check_det_signs, negative=True)),
           Ablation(K_NORM_R, "R^* on R^2, |v|^2 = v^T P v: weights (1, 2), P_12 = 99/100; weights (1, -2), P_12 = 1/2",
                    RKN.ablate15_invariant_norm, method="symbolic"),
           Ablation(REDUCTIVE_R, "unipotent U on binary quadratic forms; the Borel subgroup of GL(2, R) by conjugation",
                    RKN.ablate15_reductive, method="symbolic")],
          notebook=NB11, section="3", scope=Scope(G="any", fields=("R",)), hypotheses=(REDUCTIVE_R, K_NORM_R)),
    Claim("remark-17", "Remark 17",
          "Ness's gradient flow of ||mu||^2 (with <mu(x), a> = <a.x, x>; mu = G for the DLN, whose flow is the "
          "Kirwan-Ness flow (1.22)): (i) it stays in the orbit closure and converges to a critical point "
          "(mu(x_inf).x_inf = 0); (ii) from a closed orbit the limit lies in the orbit with mu = 0 (a minimal critical "
          "point, at the minimum of the norm), from a non-closed one outside the orbit, in its closure; (iii) in the "
          "null cone the gradient flow of ||mu_P||^2, mu_P = mu/||x||^2, converges to a non-minimal critical point "
          "(mu_P != 0, mu_P(x).x = ||mu_P||^2 x) whose value is the same from g.x (an orbit invariant), and for a "
          "torus equals dist(0, conv chi_S) (exact QP); on a closed orbit it converges to mu_P = 0. Beyond the "
          "paper's words (which cite [38, Thm 6.2] only): the statements (i)-(iii) and the instances (DLN N = 2, "
          "d = 2, R and C; the DLN null cone X = 0 at (E_12, E_12); tori by weights).",
          [_num("(i), (ii) closed DLN orbits: the flow (1.22) ends in the orbit, G = 0, w_G = 0, at the minimum",
                NS.check_flow_closed),
           _num("(ii) a non-closed DLN orbit: sigma_2(W_1(t)) = 1/sqrt(1 + 4t), the limit leaves the orbit",
                NS.check_flow_nonclosed),
           _num("(iii) tori: the projective flow's critical value = dist(0, conv chi_S), from x and t.x",
                NS.check_ness_torus, negative=partial(NS.check_ness_torus, negative=True)),
           _num("(iii) the DLN null cone: (E_12, E_12) and g.(E_12, E_12), critical value 1/sqrt 2",
                NS.check_ness_dln)],
          notebook=NB11, section="3", beyond_paper=True, scope=Scope(G="any", fields=("R", "C"))),
    Claim("kempf-ness", "Theorem 14",
          "At a balanced point the Hessian of psi(A) = ||A.W||^2 is positive semidefinite, degenerate exactly along the "
          "U_d^(N-1) (O_d^(N-1)) orbit: kernel dimension (N-1) d^2 over C and (N-1) d(d-1)/2 over R.",
          [_num("Hessian spectrum (mpmath.eigsy) at Q.C", NM.check_kempf_ness),
           Ablation(K_NORM, "C^* on C^2, weights (1, -1), P_12 = 1/2: saddle critical points, two minima",
                    KN.ablate14_invariant_norm, method="symbolic"),
           Ablation(CLOSED, "the DLN orbit of A0.(I, diag(1, 0)): no global minimum", KN.ablate14_closed,
                    method="symbolic")],
          notebook=NB5, section="3", hypotheses=(REDUCTIVE, K_NORM, CLOSED)),
    Claim("theorem-19", "Theorem 19",
          "Azad-Loeb: G complex reductive, K maximal compact, H a closed complex subgroup, phi on G/H strictly "
          "plurisubharmonic; if the critical set of phi is non-empty it is one K-orbit and phi attains its global "
          "minimum there. As printed (phi: G/H -> C, no K-invariance) it is false; with phi real-valued and "
          "K-invariant it holds on every instance tried (C^*, C^*/{+-1}, GL(2, C)).",
          [FunctionCheck("as printed: phi = |z - 2|^2 on C^*", PS.check_azad_loeb_printed, form="printed",
                         expect_pass=False),
           FunctionCheck("corrected: C^*, C^*/{+-1}, a conjugacy class of GL(2, C) (exact)", PS.check_azad_loeb_corrected,
                         form="corrected", negative=partial(PS.check_azad_loeb_corrected, negative=True)),
           _num("corrected: GL(2, C), phi = Tr P + Tr P^-1, P = g^* g", PS.check_azad_loeb_gl2, form="corrected"),
           Ablation(STRICT, "phi = h(log|z|), h(u) = ((|u| - 1)_+)^3 on C^*", PS.ablate19_strict, method="symbolic"),
           Ablation(REDUCTIVE, "G = (C, +), phi = |z^2 - 1|^2 + |z|^2/2", PS.ablate19_reductive, method="symbolic")],
          erratum=Erratum(
              as_printed="Assume G complex reductive, K maximal compact, H a closed complex subgroup and phi : G/H -> C a "
                         "strictly plurisubharmonic function. If the critical point set of phi is non-empty then it is "
                         "a K-orbit and phi achieves its global minimum on this orbit.",
              corrected="phi : G/H -> R real-valued and K-invariant (phi(k.y) = phi(y), K acting on G/H on the left), "
                        "strictly plurisubharmonic: then the critical set, if non-empty, is one K-orbit and carries the "
                        "global minimum (the setting the paragraph before Theorem 13 announces: 'critical points of "
                        "K-invariant functions')",
              evidence="G = C^*, K = U(1), H = {1}, phi = |z - 2|^2: every printed hypothesis holds (Levi form 1), the "
                       "critical set is {2}, and the K-orbit of 2 is the circle |z| = 2 (phi(-2) = 16 != 0 = phi(2)): the "
                       "print fails. With K-invariance (exact, SymPy): 2|z|^2 + 8|z|^-2 on C^* (critical set the circle "
                       "|z| = sqrt 2, minimum 8), |w| + 1/|w| on C^*/{+-1}, ||y||_F^2 on the conjugacy class of "
                       "[[1, 1], [0, 2]] (critical set U(2).diag(1, 2), minimum 5); numerically Tr P + Tr P^-1 on "
                       "GL(2, C) (critical set U(2), minimum 4). Plurisubharmonic functions are real-valued, so the "
                       "printed target C is read as R. Dropping 'strictly' or 'reductive' gives counterexamples (a "
                       "critical annulus; three critical points on (C, +))."),
          notebook=NB11, section="3", scope=Scope(G="any", fields=("C",)),
          hypotheses=(REDUCTIVE, "H a closed complex subgroup", STRICT, "phi K-invariant and real-valued (corrected)")),
    Claim("psh-schatten", "eq. (3.8)",
          "The sentence after (3.8): sum_k ||W_k||_p is strictly plurisubharmonic on M_d^N(C) for 1 < p < oo, and "
          "||W||_1 is plurisubharmonic on G_x but not strictly. Computed: for every 0 < p < oo, p = 1 included, the "
          "Levi form at invertible layers is positive definite (closed form L(v) = sum_k n^(1-p)/4 [sum_ij c_ij "
          "|E_ij|^2 + (1-p)|sum_i s_i^(p-1) E_ii|^2 / n^p], E = U^* v_k V, c_ij = 2(s_i^p - s_j^p)/(s_i^2 - s_j^2)); "
          "for p > 2 and d >= 2 it vanishes along u v^* at a layer with a zero singular value.",
          [_num("Levi form from its definition vs closed form, p = 1, 3/2, 2, 3, 4, smallest eigenvalue", PS.check_levi,
                form="corrected"),
           _num("p = 1: the real Hessian vanishes along U S V^*, the Levi form does not", PS.check_nuclear_real_kernel,
                form="corrected"),
           _num("as printed: not strict at p = 1 on G_x; strict on M_d^N(C) for 1 < p < oo", PS.check_psh_printed,
                form="printed", expect_pass=False)],
          erratum=Erratum(
              as_printed="the Schatten sum (3.8) is 'a strictly plurisubharmonic function on M_d^N(C), and thus by "
                         "restriction, strictly plurisubharmonic functions on G_x when 1 < p < oo'; 'While the function "
                         "||W||_1 is plurisubharmonic on G_x, it is not strictly plurisubharmonic'",
              corrected="for every 0 < p < oo (p = 1 included) sum_k ||W_k||_p is real-analytic and strictly "
                        "plurisubharmonic on the open set where every layer is invertible, which contains G_x = F_X "
                        "for full-rank X: its Levi form is sum_k n_k^(1-p)/4 [sum_ij c_ij |E_ij|^2 + (1-p) |sum_i "
                        "s_i^(p-1) E_ii|^2 / n_k^p] (E = U_k^* v_k V_k, c_ij = 2(s_i^p - s_j^p)/(s_i^2 - s_j^2), "
                        "c_ii = p s_i^(p-2)), positive definite; at p = 1 it is 1/2 sum_ij |E_ij|^2/(s_i + s_j), "
                        "smallest eigenvalue min_k 1/(4 sigma_max(W_k)). On all of M_d^N(C) the print fails for p > 2 "
                        "and d >= 2: at W_k = U diag(s_1, ..., s_{d-1}, 0) V^* the Levi form vanishes along u_d v_d^*. "
                        "What fails at p = 1 is strict convexity (the real Hessian vanishes along U S V^*, S "
                        "Hermitian), not strict plurisubharmonicity.",
              evidence="At random points of M_2^2(C) (invertible layers: points of a full-rank G_x), the Levi form "
                       "from its definition (central differences at 2 dps + 20 digits) agrees with the closed form to "
                       "~dps digits for p = 1, 3/2, 2, 3, 4 (and 1/2), with smallest eigenvalues 0.006-0.11 against "
                       "a margin lambda_max 10^-(dps-10); at p = 1 it equals 1/(4 sigma_max): the printed 'not "
                       "strictly' fails for every N, d over C (d = 1: the sum is sum_k |w_k| for every p). Exactly "
                       "(SymPy): along E_22 at diag(1, 0), the Levi form of (1 + |s|^p)^(1/p) is 0 for p = 3, 4 "
                       "(1/2 at p = 2; p < 2 is not C^2 there): the printed 'strictly on M_d^N(C)' fails for p > 2, "
                       "d >= 2, every N. The real Hessian of ||.||_1 along U S V^* is 0 and along i U S V^* it is "
                       "2 sum |S_ij|^2/(s_i + s_j)."),
          notebook=NB6, section="3", scope=Scope(fields=("C",))),
    Claim("theorem-20", "Theorem 20",
          "For full-rank X and 1 < p < oo, argmin over F_X of ||W||_p = sum_k ||W_k||_p (3.8) is F_X ∩ M; the minimum is "
          "N (sum_i sigma_i^(p/N))^(1/p).",
          [_num("Newton minimiser for p = 3/2, 3, 4", NM.check_theorem20),
           Ablation("1 < p < oo", "p = oo (operator norms): (diag(2, 3/2), diag(2, 2/3)) minimises, unbalanced",
                    P1.ablate_p_infinity, method="symbolic"),
           Ablation("1 < p < oo", "p = 1 and p = 1/2: Newton's minimisers are balanced", P1.ablate_p_below,
                    expect="survives"),
           Ablation(FULL_RANK, "X = diag(1, 0), diag(8, 1, 0), p = 3: the centre minimises, F_X ∩ M is empty",
                    partial(P1.ablate_full_rank, p=3, q=1), method="symbolic")],
          notebook=NB6, section="3", hypotheses=(FULL_RANK, "1 < p < oo")),
    Claim("hidden-convexity", "Section 3.4",
          "For Hermitian a, tau -> ||e^(tau a).W||^2 is a sum of exponentials with nonnegative coefficients, hence "
          "convex.",
          [_num("exponential-sum representation and convexity", NM.check_hidden_convexity)],
          notebook=NB5, section="3"),
    Claim("p-equals-1", "Section 3.4 (p = 1)",
          "The paper leaves p = 1 open. Beyond the paper: for full-rank X, argmin over F_X of sum_k ||W_k||_1 is "
          "F_X ∩ M = O_X, one U_d^(N-1) (O_d^(N-1)) orbit. Proof (dlnsym.git.checks_p1, each step checked): (P1) every "
          "W in F_X is e^h.V, h Hermitian, V in O_X (Lemma 1, polar decomposition); (P2) f >= N sum sigma^(1/N) on "
          "F_X (Horn, Hoelder, AM-GM), with equality on O_X; (P3) V is critical; (P4) phi(tau) = f(e^(tau h).V) has "
          "phi'' = 4 L_f(W_tau)[w_h] (chain rule for the holomorphic z -> e^(zh).V, unitary invariance); (P5) L_f > 0 "
          "at invertible layers (eq. (3.8) claim); (P6) w_h != 0 for h != 0; (P7) so f(e^h.V) > f(V) for h != 0. "
          "This is Theorem 19 (corrected) on F_X, where f is strictly plurisubharmonic; the argument holds for every "
          "0 < p < oo.",
          [_num("(P1) W = e^h.V with V in O_X", P1.step_polar),
           _num("(P2) Horn / Hoelder / AM-GM bound, equality on O_X", P1.step_bound),
           _num("(P3), (P4), (P7) phi'' = 4 L_f[w_h] along geodesics; phi(tau) > phi(0)", P1.step_geodesic),
           FunctionCheck("(P6) a -> w_a injective at invertible layers (exact rank)", P1.step_injective,
                         negative=partial(P1.step_injective, negative=True)),
           _num("Newton minimisers for X with repeated singular values", P1.check_newton_p1),
           Ablation(FULL_RANK, "X = diag(1, 0), diag(8, 1, 0), p = 1: the centre minimises, F_X ∩ M is empty",
                    partial(P1.ablate_full_rank, p=1, q=1), method="symbolic")],
          notebook=NB6, section="3", beyond_paper=True, hypotheses=(FULL_RANK,)),
    Claim("p-equals-1-rank-deficient", "Section 3.4 (p = 1)",
          "Explored, no claim made: p = 1 with rank-deficient X. The minimum over F_X is attained (the centre is "
          "balanced and attains N sum sigma^(1/N)); on the dense orbit of (I, ..., I, X) the infimum is approached only "
          "at the boundary, with |G| -> 0 (float64 BFGS under --long). Whether every minimiser is balanced is open.",
          [FunctionCheck("the centre attains the bound (exact)", P1.explore_rank_deficient_p1,
                         negative=partial(P1.explore_rank_deficient_p1, negative=True)),
           _num("BFGS on the orbit of (I, X) (--long, float64)", P1.explore_rank_deficient_p1_float)],
          open=True, notebook=NB6, section="3", beyond_paper=True, hypotheses=("X rank deficient",)),
    # ------------------------------------------------------------------ Section 1.3.1 (linear systems)
    Claim("transfer-invariance", "eq. (1.9), (1.10)",
          "The transfer function H(z) = C (zI - A)^{-1} B is unchanged by (A, B, C) -> (M A M^{-1}, M B, C M^{-1}), "
          "M in GL(n).",
          [FunctionCheck("explicit generic entries, n = 1, 2", LS.check_transfer_explicit,
                         negative=partial(LS.check_transfer_explicit, negative=True)),
           FunctionCheck("letters of symbolic size: every n, m, p", LS.check_transfer_any,
                         negative=partial(LS.check_transfer_any, negative=True))],
          notebook=NB9, section="1", scope=Scope(n="any", m="any", p="any")),
    Claim("realization-orbit", "Section 1.3.1",
          "The triples (A, B, C) whose transfer function ('Hankel matrix') is H(z) form a GL(n) orbit: both "
          "directions. The orbit lies in the class by (1.10) (claim transfer-invariance); the converse, checked here on "
          "every kind of triple the sentence admits (minimal or not, any state dimension n, R and C), holds for "
          "minimal realizations only (Kalman).",
          [FunctionCheck("as printed: realizations of one H that are not in one GL(n) orbit", CR.check_printed,
                         form="printed", expect_pass=False),
           FunctionCheck("minimal, generic H = p/q of degree n: M = O_2^+ O_1 intertwines the canonical forms, "
                         "det M = +-Res(p, q)", CR.check_minimal_generic, form="corrected",
                         negative=partial(CR.check_minimal_generic, negative=True)),
           FunctionCheck("minimal, seeded rational MIMO and complex examples: M = O_2^+ O_1 is the unique intertwiner",
                         CR.check_minimal_examples, form="corrected",
                         negative=partial(CR.check_minimal_examples, negative=True))],
          erratum=Erratum(
              as_printed="Since H(z) is unchanged under the action (1.10), the class of triples (A, B, C) whose Hankel "
                         "matrix is H(z) is a GL(n; C) orbit",
              corrected="The class of MINIMAL (controllable and observable) realizations of H(z) is one GL(n) orbit, "
                        "n the McMillan degree of H, on which GL(n) acts freely; two minimal realizations are related by "
                        "M = O_2^+ O_1 (O_i the observability matrices). Non-minimal realizations of H (every n > the "
                        "degree) are not all in one orbit, and realizations of different n never are",
              evidence="Exact (SymPy), all with the same H checked: n = 1 against n = 2 with a mode C does not see "
                       "(different n); the controllable and observable canonical forms of (z+1)/((z+1)(z+2)), n = 2 "
                       "(det M = 0 on the whole affine space of intertwiners), and over C of (z-i)/((z-i)(z+1)); "
                       "A = diag(1, 2) against diag(1, 3), B = (1, 0)^T, C = (1, 1), H = 1/(z-1) (no intertwiner). "
                       "The print fails over R and C for every H and every n above its degree. Corrected: for a "
                       "generic H = p/q of degree n = 1, 2, 3 (indeterminate coefficients) M = O_2^+ O_1 intertwines "
                       "the two canonical forms identically with det M = +-Res(p, q) (invertible iff p, q coprime, "
                       "i.e. iff minimal); at seeded minimal rational examples, (n, m, p) = (3, 2, 2) over R and "
                       "(3, 1, 2), (2, 2, 1) over C, M = O_2^+ O_1 recovers the M_0 that built the second realization "
                       "and is the only intertwiner, and the stabiliser is {I}. The derivation for every n is in "
                       "dlnsym.beyond.realization."),
          notebook=NB9, section="1", scope=Scope(n="any", m="any", p="any")),
    Claim("norm-balanced", "Section 1.3.1",
          "Along M = e^{tau a}, d/dtau (||MAM^-1||^2 + ||MB||^2 + ||CM^-1||^2) = 2 Re Tr(mu a) with mu = AA^* - A^*A + "
          "BB^* - C^*C, so a realization is norm-balanced iff mu = 0; the balancing flow dM/dt M^-1 = -2 mu reaches it, "
          "and for a minimal system it is unique up to U(n).",
          [FunctionCheck("moment map by jets, every n, m, p", LS.check_moment_map_any,
                         negative=partial(LS.check_moment_map_any, negative=True)),
           FunctionCheck("moment map by SymPy diff, n = 2", LS.check_moment_map_explicit,
                         negative=partial(LS.check_moment_map_explicit, negative=True)),
           _num("balancing flow + Newton, uniqueness up to U(n)", LS.check_norm_balanced_numeric,
                part="the balancing flow reaches mu = 0; uniqueness up to U(n) for a minimal system")],
          notebook=NB9, section="1", scope=Scope(n="any", m="any", p="any"),
          hypotheses=("(A, B, C) minimal (for uniqueness)",)),
    Claim("gramian-balanced", "Section 1.3.1",
          "The Hankel singular values of A = [[1,-2],[3,-4]], B = [[5],[7]], C = [[6,8]] are (25 ± sqrt 569)/2 = "
          "24.42686..., 0.5731395...; Gramian-balanced and norm-balanced realizations differ in general (they agree for "
          "this relaxation system).",
          [FunctionCheck("exact Gramians and Hankel singular values", LS.check_hsv_exact,
                         negative=partial(LS.check_hsv_exact, negative=True)),
           _num("Lyapunov equations in mpmath, balancing transformation", LS.check_hsv_numeric),
           _num("Gramian- versus norm-balanced", LS.check_gramian_vs_norm,
                part="Gramian- and norm-balanced realizations differ in general")],
          notebook=NB9, section="1", beyond_paper=True, scope=Scope(n=(2,), m=(1,), p=(1,), fields=("R",))),
    # ------------------------------------------------------------------ Section 4
    Claim("regularized-flow-rate", "Section 4.1",
          "Along the regularized gradient flow (4.1), dW/dt = -grad_W (E(X(W)) + kappa/2 ||W||^2), the moments "
          "satisfy G(t) = G_0 e^{-2 kappa t} EXACTLY, for every loss E, every kappa and every W_0 (no rank "
          "assumption): the loss part conserves G (Section 1.4.1) and dG(W) = 2G (Remark 9, corrected). The paper "
          "states the rate 2 kappa as a heuristic. Consequence: the time scale of balancing is 1/(2 kappa), so for "
          "small kappa regularization is slow, not fast.",
          [IdentityCheck("Riesz gradient of E + kappa/2||W||^2; dG/dt = -2 kappa G", DY.b_regularized_rate,
                         any_n=False),
           FunctionCheck("window X = L W_{k+1} W_k R, any N", DY.check_rate_window,
                         negative=partial(DY.check_rate_window, negative=True)),
           FunctionCheck("square loss, integrated at dps digits", DY.check_rate_numeric, method="numeric")],
          notebook=NB8, section="4", beyond_paper=True),
    Claim("velocity-split", "Section 4.1",
          "The velocity of (4.1) splits orthogonally at W into a part tangent to F_X and a part normal to it. The "
          "loss gradient is normal to F_X, so the tangent part is exactly -kappa times the regularizing gradient "
          "w_b, H(b) = G, of (1.17); the projection of any V onto T_W F_X is w_b with H(b) = c, "
          "c_k = V_k W_k^* - W_{k+1}^* V_{k+1}.",
          [IdentityCheck("<grad E(X(W)), w_a> = 0 and <W, w_a> = sum Re Tr(G_k^* a_k)", DY.b_loss_normal,
                         any_n=False),
           _num("projection by solving H(b) = c", DY.check_velocity_split)],
          notebook=NB8, section="4", beyond_paper=True),
    Claim("learning-flow", "Remark 5",
          "For balanced W_0 the gradient flow (1.2) of E stays on M (G = 0 is conserved), and X(t) solves the closed "
          "ODE dX/dt = -sum_{j=1}^N (X X^*)^{(N-j)/N} grad E(X) (X^* X)^{(j-1)/N} (Arora, Cohen, Hazan 2018); off M it "
          "does not.",
          [_num("flow (1.2) from Q.C against the ACH ODE", DY.check_learning_flow)],
          notebook=NB8, section="1", beyond_paper=True),
    Claim("remark-5-metric", "Remark 5",
          "eq. (1.20): (M_d, g^N) is obtained by Riemannian submersion from (M, iota) through W -> X: at every W in "
          "O_X = F_X ∩ M, dX restricted to T_W M = ker dG_W is onto M_d with vertical space the tangent space of the "
          "U_d^(N-1) orbit, and its co-metric D D^* is A_(N,X)(Z) = sum_j (XX^*)^((N-j)/N) Z (X^*X)^((j-1)/N), the "
          "same at every point of the fibre; so grad_(g^N) E = A_(N,X)(grad E) (the ODE of claim learning-flow).",
          [_num("co-metric dX P dX^T on T_W M = ker dG against A_(N,X), at two points of O_X", SM.check_cometric),
           _num("dG onto Her^(N-1), dX|TM onto M_d, vertical space = the U_d^(N-1) orbit", SM.check_vertical)],
          notebook=NB8, section="1"),
    Claim("remark-6", "Remark 6",
          "The regularizing flow (1.17) is the gradient flow of 1/2||W||^2 for the metric iota induced on F_X by the "
          "Euclidean metric (conforming to the metric of deep learning), not for the normal metric <w_a, w_c> = "
          "<a, c> of the balancing flows of Helmke and Moore: the normal-metric gradient is w_G (Lemma 2), whose "
          "flow is not parallel to (1.17) for d >= 2 (or d = 1, N >= 3) and has dG/dt = -2H(G) != -2G, so the uniform "
          "rate of Theorem 2 belongs to the induced metric; for d = 1, N = 2 the two differ by a time change only.",
          [_num("w_b (H(b) = G) is the Euclidean projection of W onto T_W F_X", R6.check_induced),
           _num("the normal-metric flow -w_G: another direction, dG/dt != -2G", R6.check_normal),
           _num("d = 1, N = 2: the two gradients are parallel, |w_G| = (w_1^2 + w_2^2)|w_b|", R6.check_parallel_d1)],
          notebook=NB3, section="1", hypotheses=(FULL_RANK,)),
    Claim("rank-deficient-fibre", "Remark 4",
          "On a fibre of rank-deficient X, G always lies in the range of H (H is self-adjoint and, by Lemma 2, "
          "<G, b> = <W, w_b> = 0 on ker H = {b: w_b = 0}); with b the minimum-norm solution of H(b) = G the flow "
          "dW/dt = -w_b stays on the fibre and G(t) = G_0 e^{-2t} holds exactly (Lemma 4 is an identity). When two "
          "or more layers are rank deficient, {w_a} is smaller than ker dX: the fibre is singular there, and -w_b is "
          "the gradient of 1/2||W||^2 along the group orbit (which the flow never leaves).",
          [_num("minimum-norm solve of H(b) = G, flow at dps digits (N = 2, 3; d = 2, 3; R and C)",
                DY.check_rank_deficient),
           _num("N = 3, d = 2 and N = 2, d = 3: G in the range of H, dG(w_b) = 2G, dX(w_b) = 0, dimensions",
                DY.check_rank_deficient_pointwise),
           Ablation(SMOOTH_FIBRE, "singular fibre: the gradient along ker dX still has dG(V) = 2G",
                    DY.ablation_singular_fibre, expect="survives")],
          notebook=NB8, section="1", beyond_paper=True, hypotheses=("X rank deficient", SMOOTH_FIBRE)),
    Claim("ou-equilibrium", "Section 4.2",
          "The equilibrium density of the Ornstein-Uhlenbeck process (4.2) is the Gaussian (4.3).",
          [FunctionCheck("density as printed in (4.3)", LS.check_ou_printed, form="printed", expect_pass=False),
           FunctionCheck("corrected density", LS.check_ou_corrected, form="corrected", negative=LS.check_ou_printed)],
          erratum=Erratum(
              as_printed="rho_{beta,kappa}(W) = Z^{-1} exp(-beta kappa ||W||^2) is the equilibrium density of "
                         "dW = -kappa W dt + sqrt(2/beta) dB (4.2)-(4.3)",
              corrected="rho_{beta,kappa}(W) = Z^{-1} exp(-beta kappa ||W||^2 / 2), Z = (2 pi / (beta kappa))^{D/2}, "
                        "D = dim_R M_d^N: the Gibbs density exp(-beta V) of V = kappa ||W||^2 / 2, whose gradient is the "
                        "drift kappa W of (4.2) and (4.4) (the printed density belongs to the drift 2 kappa W)",
              evidence="SymPy, in D = 1, 2, 3 real coordinates with symbolic beta, kappa: the stationary "
                       "Fokker-Planck operator div(kappa x rho) + (1/beta) Lap rho divided by rho is "
                       "kappa (2 beta kappa |x|^2 - D) for "
                       "the printed density and 0 for the corrected one. Independently, Ito's formula gives the "
                       "stationary variance (2/beta)/(2 kappa) = 1/(beta kappa) per real coordinate, the variance of "
                       "exp(-c beta kappa x^2) iff c = 1/2. Only the product beta kappa enters either way, so the "
                       "small-noise limit of Sections 4.2-4.3 is unaffected."),
          notebook=NB10, section="4", scope=Scope(D="any", fields=("R",))),
    Claim("noise-moments", "Section 4.2",
          "Along (4.2) and along (4.4), E[G(t)] = G_0 e^{-2 kappa t} exactly: the Ito corrections of "
          "W_k W_k^* and W_{k+1}^* W_{k+1} cancel and the loss term conserves G (Section 1.4.1, any loss; checked "
          "for the square loss); E||W(t)||^2 does carry an Ito correction, (2D/beta)(1 - e^{-2 kappa t})/(2 kappa).",
          [FunctionCheck("Ito's formula in real coordinates", LS.check_ito_symbolic,
                         negative=partial(LS.check_ito_symbolic, negative=True)),
           FunctionCheck("Euler-Maruyama simulation, Bonferroni z-test", LS.check_noise_statistics, method="statistical")],
          notebook=NB10, section="4", beyond_paper=True),
    Claim("posterior-measure", "eq. (4.5)",
          "Conditioned on X(W) = X, the Gaussian prior (4.3) is the Gaussian measure restricted to (F_X, iota) with "
          "its Hausdorff measure: the posterior is rho dH normalised, with partition function (4.5).",
          [FunctionCheck("as printed, d = 1: rho dH against the disintegration (ratio J not constant)",
                         PC.check_printed_d1, form="printed", expect_pass=False),
           _num("as printed, every size: J varies along A_t.W (unbounded)", PC.check_jacobian_varies, form="printed",
                expect_pass=False),
           FunctionCheck("as printed: thin shells against rho dH (KS)", PC.check_shells_printed, method="statistical",
                         form="printed", expect_pass=False),
           FunctionCheck("corrected, d = 1: change of variables and coarea, jac^2 J^2 = det(D Psi^T D Psi)",
                         PC.check_disintegration_d1, form="corrected",
                         negative=partial(PC.check_disintegration_d1, negative=True)),
           _num("corrected, every size: det(D Psi^T D Psi) |det_R R_P|^2 = J^2", PC.check_coarea_numeric,
                form="corrected"),
           _num("corrected, group coordinates: rho times the Haar measure of GL(d)^(N-1)", PC.check_haar,
                form="corrected"),
           FunctionCheck("corrected: thin shells against rho/J dH (KS)", PC.check_shells_corrected,
                         method="statistical", form="corrected"),
           Ablation(FULL_RANK, "x = 0 (d = 1, N = 2): rho/J is not integrable on F_0; the shells collapse onto 0",
                    PC.ablation_rank_deficient, method="symbolic", negative=PC.diverges_at_quarter)],
          erratum=Erratum(
              as_printed="condition on the end-to-end matrix X; the posterior measure is Gaussian measure restricted to "
                         "(F_X, iota): tilde Z = int_{F_X} e^{-beta kappa ||W||^2} dH^{(N-1)d^2}(dW), H the volume "
                         "element obtained by restricting Lebesgue measure to F_X",
              corrected="the posterior is rho(W) / J(W) dH(W) normalised, J(W) = sqrt(det(DX DX^*)) the normal "
                        "Jacobian of W -> X(W) (coarea formula), rho = e^{-beta kappa ||W||^2/2} (the corrected (4.3)); "
                        "tilde Z = int_{F_X} rho / J dH^{dim F_X}, dim_R F_X = (N-1)d^2 over R and 2(N-1)d^2 over C. "
                        "In the coordinates W = A.C of Lemma 1 it is e^{-beta kappa ||A.C||^2/2} times the Haar measure "
                        "of GL(d)^{N-1}: tilde Z = c int exp(-beta kappa ||A.C||^2/2) dHaar(A)",
              evidence="Exact (SymPy), d = 1, N = 2, 3 over R and N = 2 over C: the change of variables (u, x) -> W "
                       "(graph coordinates) has Jacobian 1/|w_1 ... w_{N-1}|^{u_F}, and jac^2 J^2 = det(D Psi^T D Psi) "
                       "identically, so the conditional density w.r.t. H is rho/J; printed/posterior = J, not constant "
                       "(for N = 2 over R, J^2 = s^2 + x^2/s^2 on the branch w = (s, x/s)). At dps digits, N = 2, 3 and "
                       "d = 2, 3 over R and C: det(D Psi^T D Psi) |det_R R_P|^2 = J^2, |det_R R_P| = |det P|^{d u_F}, the "
                       "Haar form, and J(A_t.W) unbounded along A_t = (tI, I, ...). Statistical (prior draws kept in "
                       "thin shells ||X(W) - X|| < eps, eps down to 0.025, 4000 draws, seed 2026, one-sample KS at "
                       "alpha = 0.001): for d = 1, N = 2 over R and C and N = 3 over R the shell law of log|w_1| is not "
                       "rejected against rho/J dH at the finest eps and is rejected against rho dH at every eps "
                       "(p < 1e-15); N = 2, d = 2 over R under --long. The print fails for every N >= 2, d >= 1, R and "
                       "C (J is unbounded on every F_X); the small-noise limit is unaffected (claim "
                       "bayes-concentration). The H^{(N-1)d^2} over C is a separate misprint (dlnsym.errata)."),
          notebook=NB10, section="4", hypotheses=(FULL_RANK,)),
    Claim("bayes-concentration", "Section 4.3",
          "As beta -> oo the posterior (the prior (4.3) conditioned on X(W) = X, rho/J dH on F_X: claim "
          "posterior-measure) concentrates on O_X = F_X ∩ M and its limit is the uniform measure on O_X: for d = 1, "
          "N = 2, 1 - m_beta = e^{-beta kappa Delta/2 + o(beta)} (Delta = min of ||w||^2 - 2x outside the ball); in "
          "general E[beta kappa (||W||^2 - N sum sigma_i^(2/N))] -> dim F_X - dim O_X, so the excess energy tends to 0 "
          "like 1/beta.",
          [_num("d = 1, N = 2: quadrature of rho/J along the hyperbola, Laplace rate", PC.check_concentration_d1),
           FunctionCheck("N = 3, d = 2 (and N = 2, d = 3, R and C, under --long): Metropolis in group coordinates, "
                         "E[beta kappa Delta] = dim F_X - dim O_X", PC.check_concentration_mcmc, method="statistical"),
           _num("the limit is uniform: rho and J are U_d^(N-1)-invariant", PC.check_invariance),
           Ablation(FULL_RANK, "x = 0 (d = 1, N = 2): the shell law collapses onto F_0 ∩ M_0 = {0}",
                    PC.ablation_concentration_x0, expect="survives", method="statistical")],
          notebook=NB8, section="4", hypotheses=(FULL_RANK,)),
]


def get(claim_id: str) -> Claim:
    for c in CLAIMS:
        if c.id == claim_id:
            return c
    known = ", ".join(c.id for c in CLAIMS)
    raise ValueError(f"unknown claim id {claim_id!r}; known ids: {known}")


def ids() -> list[str]:
    return [c.id for c in CLAIMS]
