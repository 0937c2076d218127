r"""Hypothesis ablations for Sections 1-2: each drops one hypothesis of a statement and tests it there.

Each function is the check of an :class:`~dlnsym.claims.base.Ablation` in :mod:`dlnsym.claims.registry`; its
:class:`~dlnsym.claims.evidence.Evidence` has ``passed`` = "the statement held on this instance", so an ablation that
expects a counterexample yields failing records (with the residual by which the statement fails), one that expects the
statement to survive yields passing ones. Every record carries a control.

* **Lemma 1** without full rank (:func:`ablation_lemma1`, exact): a point of ``F_X`` that is no ``A.C``.
* **Theorem 2** without full rank (:func:`ablation_theorem2`): with the minimum-norm solution of ``H(b) = G``,
  ``dG/dt = -2G`` along ``-w_b`` still holds (the flow itself: claim ``rank-deficient-fibre``).
* **Theorem 10** without full rank (:func:`ablation_theorem10`): the Euclidean gradient of ``1/2 ||G||^2`` is still
  ``w_{2G}``, tangent to the fibre, and (2.27) holds.
* **Corollary 1** without the standing full-rank assumption (:func:`ablation_corollary1`): from a start in the
  rank-1 stratum the Kirwan-Ness flow keeps ``X`` and converges (exponentially) to a balanced point.
* **orbit-O_X** without full rank (:func:`ablation_orbit`): the balanced points of a rank-deficient fibre (the
  Kirwan-Ness limits of two starts) are ``Q.C`` with ``Q`` unitary, for one centre ``C``: one orbit.
* **centre** without full rank (:func:`ablation_centre`): ``C`` built from the SVD with ``Lam = Sigma^{1/N}`` (zeros
  included) is still in ``F_X`` and balanced.
* **alignment** without distinct singular values (:func:`ablation_alignment`): independently computed SVDs of the
  layers are not aligned (``U_k^* V_{k+1}`` is a block unitary, not diagonal).
"""

from __future__ import annotations

import functools

import mpmath
import sympy

from ..formulas import H_operator, act, end_to_end, moments, tangent_vector
from ..matrix import Dual, adj
from .common import random_state, tol, working
from .paths import on_reference_path, register_cache
from .section1 import alignment_defect, maxabs, random_unitaries, rank_deficient_state, svd_sorted

__all__ = ["ablation_lemma1", "ablation_theorem2", "ablation_theorem10", "ablation_corollary1", "ablation_orbit",
           "ablation_centre", "ablation_alignment", "lemma1_full_rank_not_orbit", "kn_rank_one_runs",
           "polar_transport", "singular_centre"]


def _records():
    from ..claims.evidence import Control, Evidence, sizes_of

    return Control, Evidence, sizes_of


# --------------------------------------------------------------------------- Lemma 1
def ablation_lemma1(opts):
    r"""Lemma 1 without full rank, exactly. ``d = 1, N = 2, x = 0``: ``C = (0, 0)`` and ``A.C = (0, 0)`` for every
    ``A``, but ``W = (1, 0)`` is in ``F_0``. ``d = 2, N = 2, X = diag(1, 0)``: ``C = (Lam, Lam)``, ``Lam = diag(1, 0)``,
    so ``(A.C)_2 = Lam A^{-1}`` has rank 1 for every invertible ``A`` (SymPy, generic ``A``), while ``W = (X, I)`` is in
    ``F_X`` with ``W_2 = I`` of rank 2. Control: at ``x = 2`` the point ``(1, 2)`` is ``A.C`` (SymPy solves for
    ``A``)."""
    Control, Evidence, _ = _records()
    a = sympy.Symbol("a", nonzero=True)
    sol = sympy.solve([a * 0 - 1, 0 / a - 0], a)            # A.C = (a * 0, 0 / a) = (1, 0)?
    r2 = sympy.sqrt(2)
    ctl = sympy.solve([a * r2 - 1, r2 / a - 2], a)          # (a sqrt 2, sqrt 2 / a) = (1, 2)
    yield Evidence("W = (1, 0) in F_0 is no A.C" if not sol else "solvable", bool(sol), {"N": 2, "d": 1, "field": "R"},
                   exact=True, control=Control("(1, 2) in F_2 is no A.C", str(ctl), bool(ctl)),
                   note="x = 0: C = (0, 0), A.C = (0, 0) for all A, and (1, 0) lies in F_0")
    A = sympy.Matrix(2, 2, sympy.symbols("a0:4"))
    Lam = sympy.diag(1, 0)
    rank = (Lam * A.adjugate()).rank()                       # A^{-1} = adj(A)/det(A), det A != 0
    full = (sympy.diag(1, sympy.sqrt(2)) * A.adjugate()).rank()
    yield Evidence(f"rank (A.C)_2 = {rank} != rank W_2 = 2", rank == 2, {"N": 2, "d": 2, "field": "R"}, exact=True,
                   control=Control("the same rank obstruction at full rank X = diag(1, 2): rank (A.C)_2 < 2",
                                   str(full), full == 2),
                   note="X = diag(1, 0): every A.C has (A.C)_2 = Lam A^-1 of rank 1 (the action preserves the ranks of "
                        "the layers), W = (X, I) in F_X has W_2 = I: F_X is not one GL(2)^1 orbit")


def lemma1_full_rank_not_orbit(opts):
    """The negative control of :func:`ablation_lemma1`: "at full rank, (1, 2) in F_2 is no A.C" (must fail)."""
    _, Evidence, _ = _records()
    a = sympy.Symbol("a", nonzero=True)
    sol = sympy.solve([a * sympy.sqrt(2) - 1, sympy.sqrt(2) / a - 2], a)
    yield Evidence(str(sol), not sol, {"N": 2, "d": 1, "field": "R"}, exact=True, note="x = 2: (1, 2) = A.C?")


# --------------------------------------------------------------------------- Theorem 2, Theorem 10
def _jet(W, V):
    return [Dual(w, v) for w, v in zip(W, V)]


def ablation_theorem2(opts):
    r"""Theorem 2 without full rank: at states with rank-deficient layers (``H`` singular when two adjacent layers are),
    with ``b`` the minimum-norm solution of ``H(b) = G`` (:func:`~dlnsym.beyond.dynamics.orbit_gradient`), the velocity
    ``-w_b`` gives ``dG/dt = -2G`` and ``dX/dt = 0`` at that instant (jets; the integrated flow is the claim
    ``rank-deficient-fibre``). Control: ``dG/dt = -G``."""
    from ..beyond.dynamics import orbit_gradient

    Control, Evidence, sizes_of = _records()
    dps = opts.dps
    for N, d, field, layers in [c for c in [(2, 2, "R", (1, 2)), (3, 2, "C", (1, 2))] if c[2] in opts.fields]:
        W = rank_deficient_state(N, d, field, layers, 1, dps=dps)
        wb, _, info = orbit_gradient(W, dps=dps, field=field)
        with working(dps):
            jet = _jet(W, [-w for w in wb])
            G = moments(W)
            dG, dX = [g.der for g in moments(jet)], end_to_end(jet).der
            s = maxabs(G)
            res = max(maxabs([x + 2 * g for x, g in zip(dG, G)]) / s, maxabs(dX))
            bad = maxabs([x + g for x, g in zip(dG, G)]) / s
        yield Evidence(res, res < tol(dps), sizes_of(W, field), dps=dps,
                       figures={"rank H": info["rank_H"], "dim gl(d)^(N-1)": info["dim"]},
                       control=Control("dG/dt = -G", bad, not bad < tol(dps)),
                       note=f"rank-1 layers {list(layers)}: minimum-norm b, max(|dG(-w_b) + 2G|/|G|, |dX(-w_b)|)")


def _euclidean_gradient_half_G_sq(W, field):
    """The Euclidean gradient of ``1/2 ||G||^2`` (Riesz representer for (1.16)), from directional derivatives
    along the real basis of ``M_d^N`` (jets)."""
    from ..beyond.dynamics import _basis, _from_coords

    N, d = len(W), W[0].rows
    comps = []
    for B in _basis(d, field, N):
        G = moments(_jet(W, B))
        comps.append(sum(mpmath.re(sum((adj(g.val) @ g.der)[i, i] for i in range(d))) for g in G))
    return _from_coords(comps, d, field, N)


def ablation_theorem10(opts):
    r"""Theorem 10 without full rank: at states with rank-deficient layers the Euclidean gradient of ``1/2 ||G||^2``
    (computed from directional derivatives) is ``w_{2G}`` (so the Kirwan-Ness field is minus it: Remark 11 and the
    proof of Corollary 1), it is tangent to the fibre (``dX(w_{2G}) = 0``), and (2.27) ``dG(-w_{2G}) = -2(H(G) +
    H(G)^*)`` holds: the statement does not need ``H`` to be invertible. Control: ``w_G`` as the gradient."""
    Control, Evidence, sizes_of = _records()
    dps = opts.dps
    for N, d, field, layers in [c for c in [(2, 2, "R", (1, 2)), (3, 2, "C", (2, 3))] if c[2] in opts.fields]:
        W = rank_deficient_state(N, d, field, layers, 1, dps=dps)
        with working(dps):
            G = moments(W)
            grad = _euclidean_gradient_half_G_sq(W, field)
            w2G = tangent_vector(W, [2 * g for g in G])
            s = maxabs(w2G)
            jet = _jet(W, [-w for w in w2G])
            dG, dX = [g.der for g in moments(jet)], end_to_end(jet).der
            HG = H_operator(W, G)
            r227 = maxabs([x + 2 * (h + adj(h)) for x, h in zip(dG, HG)]) / maxabs(dG)
            res = max(maxabs([a - b for a, b in zip(grad, w2G)]) / s, maxabs(dX) / s, r227)
            bad = maxabs([a - b for a, b in zip(grad, tangent_vector(W, G))]) / s
        yield Evidence(res, res < tol(dps), sizes_of(W, field), dps=dps,
                       control=Control("the gradient is w_G", bad, not bad < tol(dps)),
                       note=f"rank-1 layers {list(layers)}: |grad 1/2||G||^2 - w_2G|, |dX(w_2G)|, |(2.27)| relative")


# ----------------------------------------------------------------- Corollary 1, orbit-O_X (Kirwan-Ness limits)
KN_TIMES = (1, 2, 4, 8)


def kn_rank_one_runs(dps: int) -> dict:
    r"""Two Kirwan-Ness runs (``N = 2, d = 2``, R) in the fibre of a rank-1 ``X``: from ``W_0`` with both layers of
    rank 1 and from ``A.W_0`` (``A`` seeded, invertible; the same fibre, both layers still of rank 1). Returns
    ``W0``, the ``||G(t)||``, step sizes and ``X`` drifts at :data:`KN_TIMES`, and the two final states. Cached,
    one cache per numeric path (:mod:`dlnsym.numeric.paths`)."""
    return _kn_rank_one_runs(dps, on_reference_path())


@functools.lru_cache(maxsize=None)
def _kn_rank_one_runs(dps: int, reference: bool) -> dict:
    from .checks_flows import kn_convergence

    W0 = rank_deficient_state(2, 2, "R", (1, 2), 1, dps=dps)
    with working(dps):
        A = [mpmath.eye(2) + random_state(2, 2, "R", seed=8, dps=dps)[0] * mpmath.mpf("0.3")]
        W1 = act(A, W0)
    out = {"W0": W0}
    for key, W in (("a", W0), ("b", W1)):
        g, jumps, dx, Wl = kn_convergence(W, list(KN_TIMES), dps=dps)
        out[key] = {"g": g, "jumps": jumps, "dx": dx, "limit": Wl}
    return out


register_cache(_kn_rank_one_runs.cache_clear)


def ablation_corollary1(opts):
    r"""Corollary 1 without the standing full-rank assumption (it says "for any W"): from a start whose layers both have
    rank 1 (``X`` of rank 1; the flow keeps the rank of each layer), ``X`` is preserved, ``||G(t)||`` falls
    exponentially (factor ``> 10^3`` per doubling of ``t`` at the end) and the steps ``|W(t_i) - W(t_{i-1})|`` shrink
    geometrically: a single limit on ``M_0``. Runs at ``min(dps, 30)`` digits. Control: "``||G(t)||`` stalls" (the
    last ratio below 10)."""
    Control, Evidence, sizes_of = _records()
    dps = min(opts.dps, 30)
    r = kn_rank_one_runs(dps)["a"]
    with working(dps):
        g, jumps = r["g"], r["jumps"]
        ratios = [a / b for a, b in zip(g, g[1:])]
        ok = (r["dx"] < tol(dps, 5) and all(b < a for a, b in zip(g, g[1:])) and ratios[-1] > 1000
              and all(b < a for a, b in zip(jumps, jumps[1:])))
    W0 = kn_rank_one_runs(dps)["W0"]
    yield Evidence(r["dx"], ok, sizes_of(W0, "R", T=KN_TIMES[-1], rank=1), dps=dps,
                   figures={"||G(t)||": ", ".join(mpmath.nstr(x, 3) for x in g),
                            "steps": ", ".join(mpmath.nstr(x, 3) for x in jumps)},
                   control=Control("||G(t)|| stalls (last ratio < 10)", mpmath.nstr(ratios[-1], 3), ratios[-1] > 10),
                   note=f"rank-1 layers, t = {list(KN_TIMES)}: |X(t) - X0| = {mpmath.nstr(r['dx'], 3)} (tolerance "
                        "10^-(dps-5)), ||G|| falls exponentially, steps shrink (Cauchy)")


def polar_transport(W, Q0, lam):
    r"""For a balanced ``W`` in ``F_X`` and ``Q_0`` with ``(X^* X)^{1/N} = Q_0 Lam^2 Q_0^*`` (which ``W_1^* W_1``
    equals on ``M_0``, by telescoping), the unitaries ``Q_k`` with ``W_k Q_{k-1} = Q_k Lam``: column ``i`` is ``W_k
    Q_{k-1} e_i / lam_i`` where ``lam_i > 0``, completed to a unitary on the kernel (QR). Returns ``Q_1, ..., Q_N``."""
    d = W[0].rows
    Qs, prev = [], Q0
    r = sum(1 for x in lam if x > 0)
    for Wk in W:
        M = Wk @ prev
        cols = [mpmath.matrix([M[j, i] / lam[i] for j in range(d)]) for i in range(r)]
        for e in range(d):                       # complete by Gram-Schmidt on the standard basis
            if len(cols) == d:
                break
            v = mpmath.matrix([mpmath.mpf(int(j == e)) for j in range(d)])
            for q in cols:
                v = v - q * (adj(q) * v)[0]
            nv = mpmath.sqrt(sum(abs(x) ** 2 for x in v))
            if nv > mpmath.mpf("0.1"):
                cols.append(v / nv)
        Q = mpmath.matrix(d, d)
        for i, c in enumerate(cols):
            for j in range(d):
                Q[j, i] = c[j]
        Qs.append(Q)
        prev = Q
    return Qs


def singular_centre(X, N, dps):
    r"""The centre ``C = (Lam Q_0^*, Lam, ..., Lam, Q_N Lam)`` of a possibly rank-deficient ``X`` from its SVD, ``Lam =
    Sigma^{1/N}`` with zeros (Section 1.2 defines it from the SVD alone). Returns ``C, Q_0, lam``."""
    QN, s, Q0 = svd_sorted(X)
    lam = [x ** (mpmath.mpf(1) / N) if x > tol(dps, slack=5) * max(s) else mpmath.mpf(0) for x in s]
    Lam = mpmath.diag(lam)
    return [Lam * adj(Q0)] + [Lam.copy() for _ in range(N - 2)] + [QN * Lam], Q0, lam


def ablation_orbit(opts):
    r"""orbit-O_X without full rank (with ``M_0`` for ``M``, since a rank-deficient ``F_X`` misses the full-rank leaf):
    the balanced points of the fibre of a rank-1 ``X`` reached by the Kirwan-Ness flow from two different starts are
    both ``Q.C`` with ``Q`` unitary (:func:`polar_transport`), for the one centre ``C`` of :func:`singular_centre`
    (its ``Q_N`` matters only on the range of ``Lam``): one ``U_d^{N-1}`` orbit. Residual ``max(|Q^* Q - I|, |Q.C -
    W|)`` at the limits (``||G|| ~ 10^-26``). Runs at ``min(dps, 30)`` digits. Control: the start ``W_0`` (not
    balanced) is not ``Q.C``."""
    Control, Evidence, sizes_of = _records()
    dps = min(opts.dps, 30)
    runs = kn_rank_one_runs(dps)
    with working(dps):
        X = end_to_end(runs["W0"])
        C, Q0, lam = singular_centre(X, 2, dps)

        def defect(W):
            Qs = polar_transport(W, Q0, lam)
            unit = max(maxabs(adj(q) @ q - mpmath.eye(2)) for q in Qs[:-1])
            return max(unit, maxabs([a - b for a, b in zip(act(Qs[:-1], C), W)]))

        res = max(defect(runs[k]["limit"]) for k in ("a", "b"))
        bad = defect(runs["W0"])
        apart = maxabs([a - b for a, b in zip(runs["a"]["limit"], runs["b"]["limit"])])
    yield Evidence(res, res < tol(dps), sizes_of(runs["W0"], "R", rank=1), dps=dps,
                   figures={"|W_a - W_b| (two different balanced points)": mpmath.nstr(apart, 3)},
                   control=Control("the unbalanced start W_0 is Q.C", bad, not bad < tol(dps)),
                   note="X of rank 1, N = 2, d = 2: both Kirwan-Ness limits are Q.C with Q unitary, one centre C")


# --------------------------------------------------------------------------- centre, alignment
def ablation_centre(opts):
    r"""The centre without full rank: for ``X`` of rank ``d - 1`` (``N = 2, 3``, R and C), ``C`` from the SVD with
    ``Lam = Sigma^{1/N}`` (a zero included) has ``X(C) = X`` and ``G(C) = 0``. Control: ``Lam = Sigma^{1/(N+1)}``."""
    Control, Evidence, sizes_of = _records()
    dps = opts.dps
    for N, d, field in [c for c in [(2, 2, "R"), (3, 2, "C"), (3, 3, "R")] if c[2] in opts.fields]:
        W = rank_deficient_state(N, d, field, (1,), d - 1, dps=dps)
        with working(dps):
            X = end_to_end(W)
            C, _, _ = singular_centre(X, N, dps)
            res = max(maxabs(end_to_end(C) - X) / maxabs(X), maxabs(moments(C)) / maxabs(C) ** 2)
            Cw, _, _ = singular_centre(X, N + 1, dps)
            Cw = Cw[:1] + Cw[2:] if N + 1 > 2 else Cw
            bad = maxabs(end_to_end(Cw) - X) / maxabs(X)
        yield Evidence(res, res < tol(dps), sizes_of(C, field, rank=d - 1), dps=dps,
                       control=Control("Lam = Sigma^(1/(N+1)) gives X(C) = X", bad, not bad < tol(dps)),
                       note="rank-deficient X: |X(C) - X|/|X| and |G(C)|/|C|^2")


def ablation_alignment(opts):
    r"""Alignment without distinct singular values: at ``Q.C`` with ``Sigma = diag(2, 2, 1)`` (``d = 3``; R and C) the
    layers' SVDs, computed independently, have ``U_k^* V_{k+1}`` a block unitary that is not diagonal (the
    defect of :func:`~dlnsym.numeric.section1.alignment_defect` is far from 0): "the singular vectors align" fails for
    the SVD the software returns (there still exist aligned choices). Control: ``Sigma = diag(3, 2, 1)``, where the
    same test passes."""
    Control, Evidence, sizes_of = _records()
    dps = opts.dps
    for N, field in [c for c in [(2, "R"), (3, "C")] if c[1] in opts.fields]:
        with working(dps):
            Q = random_unitaries(N, 3, field, 11, dps=dps)
            out = []
            for sig in ((2, 2, 1), (3, 2, 1)):
                lam = [mpmath.mpf(s) ** (mpmath.mpf(1) / N) for s in sig]
                C = [mpmath.diag(lam) for _ in range(N)]
                W = act(Q, C)
                out.append((W, alignment_defect(W, dps=dps, form="corrected")["align"]))
        (W, rep), (_, dist) = out
        yield Evidence(rep, rep < tol(dps), sizes_of(W, field), dps=dps,
                       control=Control("the aligned statement fails for distinct singular values (3, 2, 1)", dist,
                                       dist < tol(dps)),
                       note="Sigma = (2, 2, 1): max(|off-diagonal of U_k^* V_(k+1)|, ||D_ii| - 1|) over k")

