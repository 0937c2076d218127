r"""Registry checks of Theorems 13 and 14 beyond the easiest instance, and their hypothesis ablations.

Theorem 13 (as printed): for a linear algebraic action of a complex reductive ``G`` on ``V`` and a ``K``-invariant
Hermitian norm, (1) ``psi_x`` has a critical point on ``G`` <=> (2) ``psi_x`` has a minimum on ``G`` <=> (3) the
orbit ``G x`` is closed. With (4) "``mu`` vanishes somewhere on the orbit" (equivalent to (1) by
``d/dtau psi_x(e^{tau a} g)|_0 = <mu(g.x), a>``), each record decides the four conditions on one orbit, each by an
argument of its own (:mod:`dlnsym.git.orbits`, :mod:`dlnsym.git.torus`), and passes when they agree.

Instances: the DLN over ``C`` with ``d = 2`` (full rank ``N = 2, 3``; rank deficient and nilpotent, non-closed;
the closed rank-deficient centre), ``GL(2, C)`` acting by conjugation (a closed and a non-closed orbit), and
tori acting by weights (closed iff ``0`` is in the relative interior of the hull of the weights of the support,
derived independently of Theorem 13 and compared with Newton's method on ``psi``).

Controls: a wrong criterion run through the same comparison, "the DLN orbit of ``W`` is closed iff ``X(W)`` has full
rank" (the closed rank-deficient centre refutes it) and "the torus orbit is closed iff ``0`` lies in the hull"
(relative interior replaced by the hull: refuted where ``0`` lies on an edge).
"""

from __future__ import annotations

import mpmath
import sympy

from ..claims.evidence import Evidence
from ..formulas import end_to_end
from ..numeric.common import tol
from . import examples as EX
from . import orbits as OR
from . import torus as TO

CONDITIONS = ("critical", "minimum", "closed", "moment_zero")


def _agree(c: dict) -> bool:
    return len({bool(c[k]) for k in CONDITIONS}) == 1


def _summary(c: dict) -> str:
    return ", ".join(f"{k} {bool(c[k])}" for k in CONDITIONS)


def check_theorem13_dln(opts, negative: bool = False):
    """Theorem 13 on DLN orbits over ``C`` (and the closed rank-deficient centre, which is real): the four
    conditions agree on every orbit. ``negative``: the wrong criterion "closed iff X has full rank" against the
    computed closedness (one record, which must fail)."""
    insts = OR.dln_instances(fields=("C",))
    if negative:
        wrong = []
        for inst in insts:
            c = OR.classify_dln(inst)
            full = OR._rank(end_to_end(inst.W)) == inst.W[0].rows
            if full != c["closed"]:
                wrong.append(inst.name)
        yield Evidence("0" if not wrong else f"refuted on {len(wrong)} orbit(s): {wrong}", not wrong,
                       {"N": 2, "d": 2, "field": "C"}, exact=True,
                       note="control: the DLN orbit of W is closed iff X(W) has full rank")
        return
    for inst in insts:
        c = OR.classify_dln(inst)
        expect = inst.kind != "rank deficient, non-closed"
        ok = _agree(c) and bool(c["closed"]) == expect
        yield Evidence("0" if ok else f"conditions disagree: {_summary(c)}", ok,
                       {"N": len(inst.W), "d": inst.W[0].rows, "field": inst.field}, exact=True,
                       figures={"psi_inf": str(c["psi_limit"]), "bound": str(c["bound"]),
                                **{k: bool(c[k]) for k in CONDITIONS}},
                       note=f"{inst.name}: {_summary(c)}; " + "; ".join(f"{k}: {v}" for k, v in c["reasons"].items()))


def check_theorem13_conjugation(opts, negative: bool = False):
    """Theorem 13 for ``GL(2, C)`` acting on ``M_2(C)`` by conjugation: the moment map ``mu(y) = 2[y, y^*]``
    derived by jets, then a closed and a non-closed orbit. ``negative``: ``mu(y) = [y, y^*]`` (factor dropped)
    tested by the same jets."""
    y = sympy.Matrix([[1, sympy.I], [2, 3]])
    if negative:
        saved = OR.conjugation_moment
        try:
            OR.conjugation_moment = lambda m: saved(m) / 2
            ok = OR.conjugation_moment_by_jets(y)
        finally:
            OR.conjugation_moment = saved
        yield Evidence("0" if ok else "d psi(e)(a) - Re Tr(mu^* a) != 0", ok, {"n": 2, "field": "C"}, exact=True,
                       note="control: mu(y) = [y, y^*]")
        return
    ok = OR.conjugation_moment_by_jets(y)
    yield Evidence("0" if ok else "d psi(e)(a) - Re Tr(mu^* a) != 0", ok, {"n": 2, "field": "C"}, exact=True,
                   note="d/dtau ||e^{tau a} y e^{-tau a}||^2 at 0 = Re Tr(mu(y)^* a), mu(y) = 2[y, y^*], symbolic a")
    for inst in OR.conjugation_instances():
        c = OR.classify_conjugation(inst)
        yield Evidence("0" if _agree(c) else f"conditions disagree: {_summary(c)}", _agree(c), {"n": 2, "field": "C"},
                       exact=True, figures={k: bool(c[k]) for k in CONDITIONS},
                       note=f"{inst.name}: {_summary(c)}; " + "; ".join(f"{k}: {v}" for k, v in c["reasons"].items()))


def _torus_record(inst, dps):
    cl = TO.closed_by_certificate(inst)
    nw = TO.newton_psi(inst, dps=dps)
    # not converged, and |a| has run far away (every converged instance stops within |a| < 1)
    ran_away = (not nw["converged"]) and nw["a_norms"][-1] > 10
    crit = nw["converged"] and nw["mu_rel"] < tol(dps)
    consistent = (cl["closed"] and crit) or (not cl["closed"] and ran_away)
    return cl, nw, consistent


def check_theorem13_torus(opts, negative: bool = False):
    """Tori ``(C^*)^k`` on ``C^n`` by weights (:data:`dlnsym.git.torus.INSTANCES`): the orbit's closedness,
    derived from Stiemke's certificate (exact), against Theorem 13's critical point of ``psi``, looked for by
    Newton's method at ``dps`` digits (converges with ``|mu|/psi < tol(dps)`` iff closed; otherwise ``|a|`` runs
    away while ``psi`` decreases, and the exact certificate ``lambda`` shows that no critical point exists: the
    derivative along ``-lambda`` is negative everywhere). ``negative``: "closed iff ``0`` in ``conv(chi_S)``"."""
    dps = opts.dps
    if negative:
        wrong = []
        for inst in TO.INSTANCES:
            cl = TO.closed_by_certificate(inst)
            S = [inst.weights[i] for i in inst.support]
            if TO.in_hull(S) != cl["closed"]:
                wrong.append(inst.name)
        yield Evidence("0" if not wrong else f"refuted on {wrong}", not wrong, {"k": 2, "n": 3, "field": "C"},
                       exact=True,
                       note="control: the orbit is closed iff 0 is in conv(chi_S) (not the relative interior)")
        return
    for inst in TO.INSTANCES:
        cl, nw, consistent = _torus_record(inst, dps)
        resid = nw["mu_rel"] if cl["closed"] else (mpmath.mpf(0) if consistent else mpmath.mpf(1))
        yield Evidence(resid, consistent and resid < tol(dps), {"k": inst.k, "n": len(inst.x), "field": "C"}, dps=dps,
                       figures={"closed": cl["closed"], "certificate": cl["kind"], "newton_converged": nw["converged"],
                                "newton_iterations": nw["iterations"], "a_norm_last": nw["a_norms"][-1],
                                "psi_last": nw["psi"]},
                       note=f"{inst.name}: {cl['reason']}; Newton on psi: converged {nw['converged']} after "
                            f"{nw['iterations']} steps (|mu|/psi = {mpmath.nstr(nw['mu_rel'], 3)}, |a| = "
                            f"{mpmath.nstr(nw['a_norms'][-1], 4)}); residual |mu|/psi at the critical point (closed) "
                            f"or 0 when Newton runs away (not closed); tolerance tol(dps)")


# --------------------------------------------------------------------------- ablations
def ablate13_reductive(opts):
    """Theorem 13 without 'reductive': the Borel subgroup ``B`` of ``GL(2, C)`` acting by conjugation. The orbit of
    ``x = [[1, 0], [1, 2]]`` is not closed, yet ``psi`` has a critical point (a minimum) on it: counterexample."""
    inst = OR.borel_instance()
    c = OR.classify_conjugation(inst)
    yield Evidence("0" if _agree(c) else f"{_summary(c)}", _agree(c), {"n": 2, "field": "C"}, exact=True,
                   figures={k: bool(c[k]) for k in CONDITIONS},
                   note=f"{inst.name}: {_summary(c)}; " + "; ".join(f"{k}: {v}" for k, v in c["reasons"].items()))


def ablate13_invariant_norm(opts):
    """Theorem 13 without 'K-invariant': ``C^*`` on ``C^2`` with weights ``(1, 2)`` and ``|v|^2 = v^* P v``,
    ``P_12 = 99/100``: a critical point (a local minimum) on a non-closed orbit: counterexample."""
    e = EX.noninvariant_weights_12()
    agree = e["critical"] == e["closed"] == e["minimum"]
    yield Evidence("0" if agree else f"critical {e['critical']} (local min {e['local_min']}) at {e['critical_point']}, "
                   f"closed {e['closed']}, minimum {e['minimum']}", agree, {"n": 2, "field": "C"}, exact=True,
                   note=f"{e['name']}: gradient {e['gradient']} at {e['critical_point']}; {e['closed_why']}; "
                        f"{e['min_why']}")


def ablate13_real(opts):
    """Theorem 13 over ``R`` (``G = GL(d, R)^{N-1}``, ``K = O_d^{N-1}``: Slodowy's extension, Remark 15): the same
    DLN orbits with real entries; the four conditions still agree (survives)."""
    for inst in OR.dln_instances(fields=("R",)):
        if inst.field != "R" or inst.kind == "rank deficient, closed":
            continue
        c = OR.classify_dln(inst)
        yield Evidence("0" if _agree(c) else _summary(c), _agree(c),
                       {"N": len(inst.W), "d": inst.W[0].rows, "field": "R"}, exact=True,
                       note=f"{inst.name}: {_summary(c)}")


def ablate14_invariant_norm(opts):
    """Theorem 14 (1) without 'K-invariant': ``C^*`` on ``C^2``, weights ``(1, -1)``, ``P_12 = 1/2``. The orbit is
    closed; the critical points ``t = +-1`` are saddles (value 3), the minima are ``t = +-i`` (value 1): not every
    critical point is a minimum, and the minima are not a ``K``-orbit: counterexample."""
    e = EX.noninvariant_weights_1m1()
    holds = e["formula"] and e["every_critical_is_min"] and e["minima_one_orbit"]
    yield Evidence("0" if holds else f"critical values {[(k, str(v['value'])) for k, v in e['points'].items()]}",
                   holds, {"n": 2, "field": "C"}, exact=True, note=f"{e['name']}: {e['why']}")


def ablate14_closed(opts):
    """Theorem 14 (1) without 'the orbit is closed': the DLN orbit of ``A0.(I, diag(1, 0))`` (``N = d = 2``, C) has
    no global minimum (the infimum 2 is not attained), so 'the set of global minima is a unique K-orbit' fails."""
    inst = next(i for i in OR.dln_instances(fields=("C",)) if i.name.startswith("rank deficient, N = 2"))
    c = OR.classify_dln(inst)
    holds = bool(c["minimum"])
    yield Evidence("0" if holds else f"no global minimum on the orbit ({c['reasons']['critical']}; "
                   f"{c['reasons']['psi']})", holds, {"N": 2, "d": 2, "field": "C"}, exact=True, note=inst.name)
