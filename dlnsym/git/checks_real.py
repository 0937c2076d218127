r"""Registry checks of Remark 15: the real Kempf-Ness theorem (Richardson-Slodowy), and its hypotheses dropped.

The statements (a)-(d) are those of :mod:`dlnsym.git.real_kn`. Instances: the real DLN (``GL(d, R)^{N-1}`` by (1.6),
``K = O_d^{N-1}``; full rank ``N = 2, 3``, ``d = 2``, and ``N = 2, d = 3`` under ``--long``; rank deficient, closed
and not closed), real split tori ``(R^*)^k`` on ``R^n`` by weights, and ``GL(2, R)`` acting by conjugation.
Each condition is decided by its own argument: minimality by minimising the norm over the orbit (Newton,
:func:`dlnsym.numeric.minimize.minimize_ridge`) and by the lower bound ``N sum sigma_i^{2/N}``; ``m`` from its
definition (:func:`~dlnsym.git.real_kn.moment_by_definition`); closedness by exact certificates (curves with limits
outside the orbit, invariants, Stiemke's alternative).
"""

from __future__ import annotations

import mpmath
import sympy

from ..claims.evidence import Control, Evidence, sizes_of
from ..formulas import act, end_to_end, moments
from ..numeric.common import random_state, tol, working
from ..numeric.minimize import minimize_ridge
from ..numeric.section1 import maxabs, orbit_unitary, svd_sorted
from . import orbits as OR
from . import real_kn as RK
from . import torus as TO
from .checks_kn import CONDITIONS, _agree, _summary, _torus_record


def _bound(W, dps):
    """``N sum_i sigma_i(X)^{2/N}``, the lower bound of ``||W||^2`` on ``F_X`` (caller's precision)."""
    _, s, _ = svd_sorted(end_to_end(W))
    N = len(W)
    return N * mpmath.fsum(abs(x) ** (mpmath.mpf(2) / N) for x in s)


def _sq(W):
    return mpmath.fsum(mpmath.mnorm(M, "f") ** 2 for M in W)


def _points(opts):
    pts = [(2, 2, 1), (3, 2, 2)]
    if opts.long:
        pts.append((2, 3, 3))
    return pts


def check_real_dln(opts):
    r"""(a) and (c) on the real DLN with full-rank ``X`` (closed orbits: the orbit is ``F_X``, Lemma 1). From three
    starts ``W``, ``g_1.W``, ``g_2.W`` of one orbit (``g_i`` random in ``GL(d, R)^{N-1}``) the norm is minimised over
    the orbit; at each minimiser ``V_i``: ``|m(V_i)|`` from the definition, ``||V_i||^2`` minus the lower bound
    (so ``V_i`` is minimal), ``X(V_i) - X``; and the ``g`` with ``g.V_0 = V_i`` (partial products) is orthogonal:
    one ``O_d^{N-1}``-orbit. Residual: the largest of these, relative. Control: "the start ``W`` is minimal"
    (``|m(W)|`` and ``||W||^2 - bound`` must be ``> tol``)."""
    dps = opts.dps
    for N, d, seed in _points(opts):
        W = random_state(N, d, "R", seed, dps=dps)
        gs = [random_state(N, d, "R", 100 + seed + i, dps=dps)[: N - 1] for i in range(2)]
        with working(dps):
            starts = [W] + [act(g, W) for g in gs]
        mins = [minimize_ridge(s, dps=dps) for s in starts]
        with working(dps):
            X = end_to_end(W)
            b = _bound(W, dps)
            res, dets = mpmath.mpf(0), []
            for V in mins:
                res = max(res, RK.moment_norm(V, dps=dps) / b, abs(_sq(V) - b) / b, maxabs(end_to_end(V) - X))
            for V in mins[1:]:
                Q, unit, act_res = orbit_unitary(mins[0], V, dps=dps)
                res = max(res, unit, act_res)
                dets.append([int(mpmath.sign(mpmath.det(q))) for q in Q])
            m0, gap0 = RK.moment_norm(W, dps=dps), (_sq(W) - b) / b
        yield Evidence(res, res < tol(dps), sizes_of(W, "R"), dps=dps,
                       figures={"bound": b, "moment_at_start": m0, "excess_at_start": gap0, "det_signs": str(dets)},
                       control=Control("the start W is already minimal (m(W) = 0, ||W||^2 = bound)", min(m0, gap0),
                                       not min(m0, gap0) < tol(dps)),
                       note=f"N = {N}, d = {d}: three minimisers of ||.||^2 over one GL(d, R)^(N-1) orbit: |m| (from "
                            f"the definition), ||V||^2 - N sum sigma^(2/N), |X(V) - X| and the defect of orthogonality "
                            f"of g with g.V_0 = V_i all below tol(dps); det g_j = {dets}; at the start |m(W)| = "
                            f"{mpmath.nstr(m0, 5)}")


def check_real_dln_closed(opts, negative: bool = False):
    r"""(b) and (d) on real DLN orbits (exact, :func:`dlnsym.git.orbits.classify_dln`): full rank ``N = 2, 3``; rank
    deficient and nilpotent, not closed; the closed rank-deficient centre ``(E_11, E_11)``. Closed ``<=>`` the orbit
    meets ``m^{-1}(0)`` (a balanced point); and for each non-closed orbit the curve ``A(t) = e^{tau X} g``
    (``t = e^tau``, ``X`` diagonal: a one-parameter subgroup of ``exp p``) has a limit with ``G = 0`` exactly, i.e. a
    closed orbit in the closure (for ``N = 2`` also closed by its own certificate: ``0``, or the centre's orbit
    ``{(c e_1^T, e_1 r^T) : r^T c = 1}``). ``negative``: "closed iff ``X`` has full rank"."""
    insts = OR.dln_instances(fields=("R",))
    if negative:
        wrong = [i.name for i in insts if (OR._rank(end_to_end(i.W)) == i.W[0].rows) != OR.classify_dln(i)["closed"]]
        yield Evidence("0" if not wrong else f"refuted on {wrong}", not wrong, {"N": 2, "d": 2, "field": "R"},
                       exact=True, note="control: the real DLN orbit of W is closed iff X(W) has full rank")
        return
    for inst in insts:
        c = OR.classify_dln(inst)
        b = c["closed"] == c["moment_zero"]
        extra = ""
        ok_d = True
        if inst.curve is not None:
            Y = [M.applyfunc(sympy.cancel) for M in act(inst.curve(OR.T), inst.W)]
            L = [M.subs(OR.T, 0) for M in Y]
            balanced = all(g == sympy.zeros(2, 2) for g in moments(L))
            own = None
            if all(M == sympy.zeros(2, 2) for M in L):
                own = True
            elif len(L) == 2:
                own = OR._closed_description(L)[0]
            ok_d = balanced and own is not False
            extra = f"; (d) limit {[M.tolist() for M in L]}: G = 0 {balanced}, own closedness certificate {own}"
        ok = b and ok_d and _agree(c)
        yield Evidence("0" if ok else f"{_summary(c)}{extra}", ok,
                       {"N": len(inst.W), "d": inst.W[0].rows, "field": "R"}, exact=True,
                       figures={k: bool(c[k]) for k in CONDITIONS},
                       note=f"{inst.name}: {_summary(c)}{extra}")


def check_real_torus(opts, negative: bool = False):
    r"""(a), (b), (d) for real split tori ``(R^*)^k`` on ``R^n`` (:data:`~dlnsym.git.real_kn.REAL_TORI`): closed (exact
    Stiemke certificate) iff Newton's method on ``psi`` finds ``m = sum x_i^2 chi_i = 0`` (``|m|/psi < tol(dps)``);
    for the non-closed ones, one one-parameter subgroup ``lambda`` (exact) whose limit has a closed orbit.
    ``negative``: "closed iff ``0`` is in ``conv(chi_S)``" (refuted where ``0`` lies on an edge)."""
    dps = opts.dps
    if negative:
        wrong = [i.name for i in RK.REAL_TORI
                 if TO.in_hull([i.weights[j] for j in i.support]) != TO.closed_by_certificate(i)["closed"]]
        yield Evidence("0" if not wrong else f"refuted on {wrong}", not wrong, {"k": 2, "n": 3, "field": "R"},
                       exact=True, note="control: the real torus orbit is closed iff 0 is in conv(chi_S)")
        return
    for inst in RK.REAL_TORI:
        cl, nw, consistent = _torus_record(inst, dps)
        lim = RK.one_parameter_limit(inst)
        if not cl["closed"]:
            consistent = consistent and lim["one_subgroup"] and lim["closed_final"]
        resid = nw["mu_rel"] if cl["closed"] else (mpmath.mpf(0) if consistent else mpmath.mpf(1))
        yield Evidence(resid, consistent and resid < tol(dps), {"k": inst.k, "n": len(inst.x), "field": "R"}, dps=dps,
                       figures={"closed": cl["closed"], "newton_converged": nw["converged"],
                                "lambda": str([str(v) for v in lim["lambda"]]),
                                "limit_support": str(lim["final_support"])},
                       note=f"{inst.name}: {cl['reason']}; Newton: converged {nw['converged']} (|m|/psi = "
                            f"{mpmath.nstr(nw['mu_rel'], 3)}); (d) lambda = {[str(v) for v in lim['lambda']]}, limit "
                            f"support {lim['final_support']}, its orbit closed {lim['closed_final']}")


def check_real_conjugation(opts, negative: bool = False):
    r"""``GL(2, R)`` on ``M_2(R)`` by conjugation (exact): (a), (b) on a closed orbit with complex eigenvalues, one
    with real ones, and a Jordan block (not closed); and (c) with ``K = O(2)``: the minimal vectors of the class of
    ``[[1, -2], [1, 1]]`` are ``y`` and ``y^T`` (``y = [[1, -sqrt 2], [sqrt 2, 1]]``), one ``O(2)``-orbit; every
    ``g`` with ``g y g^{-1} = y^T`` has ``det g < 0`` (two ``SO(2)``-orbits; the class is two ``GL^+(2, R)``
    classes). ``negative``: the wrong criterion "the class of ``x`` is closed iff ``x`` has real eigenvalues"
    (discriminant ``tr^2 - 4 det >= 0``) against the closedness that the orbit machinery decides."""
    if negative:
        wrong = []
        for inst in RK.real_conjugation_instances():
            c = OR.classify_conjugation(inst)
            real = bool(inst.x.trace() ** 2 - 4 * inst.x.det() >= 0)
            if real != bool(c["closed"]):
                wrong.append(f"{inst.name}: real eigenvalues {real}, closed {bool(c['closed'])}")
        yield Evidence("0" if not wrong else "; ".join(wrong), not wrong, {"n": 2, "field": "R"}, exact=True,
                       note="control: the class of x is closed iff x has real eigenvalues")
        return
    for inst in RK.real_conjugation_instances():
        c = OR.classify_conjugation(inst)
        yield Evidence("0" if _agree(c) else _summary(c), _agree(c), {"n": 2, "field": "R"}, exact=True,
                       figures={k: bool(c[k]) for k in CONDITIONS},
                       note=f"{inst.name}: {_summary(c)}; " + "; ".join(f"{k}: {v}" for k, v in c["reasons"].items()))
    e = RK.conjugation_det_sign()
    ok = e["negative"] and e["rotations_commute"] and e["normal"]
    yield Evidence("0" if ok else str(e), ok, {"n": 2, "field": "R"}, exact=True,
                   note=f"(c) and the real difference: g y = y^T g  =>  det g = {e['det']} < 0; rotations commute with "
                        "y, so O(2).y = {y, y^T} = the minimal vectors (normal, eigenvalues 1 +- i sqrt 2), two "
                        "SO(2)-orbits")


def check_det_signs(opts, negative: bool = False):
    r"""The real DLN, exact: the full-rank fibre ``F_X`` is one ``GL(d, R)^{N-1}`` orbit, and its minimal vectors
    ``k.C`` (``k_j`` in ``{I, diag(-1, 1, ..)}``) one ``O_d^{N-1}``-orbit, but the signs of ``det(W_j ... W_1)``
    (invariant under ``GL^+(d, R)^{N-1}``) take ``2^{N-1}`` values on them (:func:`~dlnsym.git.real_kn.
    det_sign_components`). ``negative``: "the minimal vectors form one ``SO_d^{N-1}``-orbit" (one sign vector)."""
    for N, d in ((2, 2), (3, 2)) + (((2, 3),) if opts.long else ()):
        e = RK.det_sign_components(N, d)
        if negative:
            one = e["components"] == 1
            yield Evidence("0" if one else f"{e['components']} sign vectors {e['signs']}", one,
                           {"N": N, "d": d, "field": "R"}, exact=True,
                           note="control: the minimal vectors of F_X form one SO_d^(N-1)-orbit")
            continue
        ok = e["ok"] and e["components"] == e["expected"]
        yield Evidence("0" if ok else str(e), ok, {"N": N, "d": d, "field": "R"}, exact=True,
                       figures={"components": e["components"], "bound": str(e["bound"])},
                       note=f"N = {N}, d = {d}: the {e['expected']} points k.C are balanced, in F_X, at the bound "
                            f"{e['bound']}, and g = k is the only element moving C to k.C; det-sign vectors "
                            f"{e['signs']}: {e['components']} orbits of GL^+(d, R)^(N-1) and of SO_d^(N-1)")


# --------------------------------------------------------------------------- ablations
def ablate15_invariant_norm(opts):
    """Remark 15 without the ``K``-invariant norm: ``R^*`` on ``R^2`` with ``|v|^2 = v^T P v``. Weights ``(1, 2)``,
    ``P_12 = 99/100``: ``m = 0`` at a strict local minimum with ``psi > 0 = inf`` on a non-closed orbit ((a), (b)
    fail). Weights ``(1, -2)``, ``P_12 = 1/2``: a closed orbit with two critical points of different values ((a),
    (c) fail)."""
    e = RK.noninvariant_real_12()
    yield Evidence("0" if e["holds"] else f"m = 0 at t = {e['critical_point']} (psi'' = {e['second_derivative']} > 0), "
                   f"psi = {sympy.N(e['value'], 8)} > inf = 0, orbit not closed", e["holds"], {"n": 2, "field": "R"},
                   exact=True, note=f"{e['name']}: K-invariant {e['k_invariant']}")
    e = RK.noninvariant_real_1m2()
    yield Evidence("0" if e["holds"] else f"critical values {e['values']}: one critical point is not minimal, the "
                   "minimal vectors are one point (the K-orbit has two)", e["holds"], {"n": 2, "field": "R"},
                   exact=True, note=f"{e['name']}: critical points {e['critical_points']}, gradients {e['gradients']}")


def ablate15_reductive(opts):
    """Remark 15 without 'reductive': the unipotent ``U`` on binary quadratic forms (``m = 0`` at a non-minimal
    vector; two minimal vectors, ``K = {1}``: (a), (c) fail), and the Borel subgroup of ``GL(2, R)`` by conjugation
    (a minimum, ``m = 0``, on a non-closed orbit: (b) fails)."""
    e = RK.unipotent_quadratic_forms()
    yield Evidence("0" if e["holds"] else f"psi = {e['psi']}: m(v) = {e['m']} but psi values {e['values']}; "
                   f"{e['minimal_vectors']} minimal vectors", e["holds"], {"n": 3, "field": "R"}, exact=True,
                   note=e["name"])
    inst = OR.borel_instance()
    c = OR.classify_conjugation(inst)
    yield Evidence("0" if _agree(c) else _summary(c), _agree(c), {"n": 2, "field": "R"}, exact=True,
                   note=f"B(R) (upper triangular) on M_2(R), x = [[1, 0], [1, 2]] (real entries, real g0 and curve): "
                        f"{_summary(c)}")
