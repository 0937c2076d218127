r"""Registry checks for Section 1.3.1 (linear systems) and Section 4.2 (noise).

The checks of the claims ``transfer-invariance``, ``norm-balanced``, ``gramian-balanced``
(Section 1.3.1) and ``ou-equilibrium``, ``noise-moments`` (Section 4.2); the claims themselves are
listed in :mod:`dlnsym.claims.registry`.

Every check is a generator of :class:`~dlnsym.claims.evidence.Evidence` records. Sizes are read off
the objects built: ``n``, ``m``, ``p`` (a realization ``(A, B, C)`` is ``n x n``, ``n x m``, ``p x n``) and
``field`` for the linear systems, ``D`` (a number of real coordinates) for the Fokker-Planck equation,
``N``, ``d``, ``field`` for the network. ``"any"`` appears only where the computation itself is for a
symbolic size (matrix letters, a symbolic ``D``), and a field is ``"any"`` only where the computation
holds over R and C alike (identities of polynomials in indeterminate entries, or in the free
*-algebra). Each record carries its negative control (:class:`~dlnsym.claims.evidence.Control`): an
independent wrong statement tested the same way, which must be rejected; the symbolic checks also
take ``negative=True``, which yields the control's records alone (each must fail).
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import sympy

from ..formulas import moments, norm_sq
from ..matrix import Dual
from ..numeric.common import random_state, tol, working
from ..symbolic.freealg import NC, letter, retr
from . import linsys as LS
from . import noise as NZ

# Evidence, Control and sizes_of are imported at the end of this module: the registry imports this
# module from inside the package dlnsym.claims, which must not be imported before these checks exist.

__all__ = [
    "check_transfer_explicit",
    "check_transfer_any",
    "check_moment_map_any",
    "check_moment_map_explicit",
    "check_norm_balanced_numeric",
    "check_hsv_exact",
    "check_hsv_numeric",
    "check_gramian_vs_norm",
    "agrees_to_shown_digits",
    "check_ou_printed",
    "check_ou_corrected",
    "check_ito_symbolic",
    "check_noise_statistics",
    "CONTRAST_SYSTEM",
    "modal_realization",
    "NOISE_SETUP",
]

NB9 = "09_linear_systems.ipynb"
NB10 = "10_noise.ipynb"
#: sizes of a computation with matrix letters of symbolic size, in the free *-algebra (R and C alike)
ANY_SYS = {"n": "any", "m": "any", "p": "any", "field": "any"}

#: A SISO system with residues of both signs (+1 at z = -1, -4 at z = -2): Gramian- and norm-balancing differ.
CONTRAST_SYSTEM = (LS.TEST_SYSTEM[0], LS.TEST_SYSTEM[1], [["5", "-4"]])

#: the non-unitary group element of the controls: S.x is in the orbit of x (same H), but not balanced
_S_DIAG = ("2", "0.5")


def _dim(M, axis: int) -> int:
    attr = ("rows", "cols")[axis]
    v = getattr(M, attr, None)
    return v if isinstance(v, int) else int(np.shape(M)[axis])


def _sys_sizes(A, B, C, field) -> dict:
    """The sizes of a realization read off its matrices: ``A`` is ``n x n``, ``B`` ``n x m``, ``C`` ``p x n``."""
    return {"n": _dim(A, 0), "m": _dim(B, 1), "p": _dim(C, 0), "field": field}


def _terms(n: int) -> str:
    return "0" if n == 0 else f"{n} nonzero terms"


# =========================================================================== eq. (1.9), (1.10)
def _generic(name: str, r: int, c: int) -> sympy.Matrix:
    return sympy.Matrix(r, c, lambda i, j: sympy.Symbol(f"{name}{i}{j}"))


def _numerator_terms(E: sympy.Matrix) -> int:
    """The number of terms of the expanded numerators of the entries of ``E`` (0: ``E = 0`` as rational functions)."""
    return sum(len(sympy.Add.make_args(n)) for n in
               (sympy.expand(sympy.fraction(sympy.together(e))[0]) for e in E) if n != 0)


def check_transfer_explicit(opts, negative: bool = False):
    """H(M.(A,B,C))(z) = H(A,B,C)(z) with indeterminate entries and an indeterminate M, as rational functions.

    An identity of rational functions in indeterminates holds over every field of characteristic 0, so
    over R and C (``field: "any"``) -- at the sizes built (n = 1, 2). ``negative=True``: the same test of the
    wrong action ``(M A M^{-1}, M B, C M)`` (must fail)."""
    z = sympy.Symbol("z")
    for n, m, p in ((1, 1, 1),) if opts.quick else ((1, 1, 1), (2, 1, 1)):
        A, B, C, M = _generic("a", n, n), _generic("b", n, m), _generic("c", p, n), _generic("m", n, n)
        H = LS.transfer_function(A, B, C, z)
        Ap, Bp, Cp = LS.act_system(M, A, B, C)
        res = _numerator_terms(LS.transfer_function(Ap, Bp, Cp, z) - H)
        bad = _numerator_terms(LS.transfer_function(Ap, Bp, C * M, z) - H)  # C M instead of C M^{-1}
        sizes = _sys_sizes(A, B, C, "any")
        if negative:
            yield Evidence(_terms(bad), bad == 0, sizes, exact=True, note="wrong action (M A M^-1, M B, C M)")
            continue
        yield Evidence(_terms(res), res == 0, sizes, exact=True,
                       control=Control("the action (M A M^-1, M B, C M) keeps H", _terms(bad), bad != 0),
                       note="indeterminate entries: H' - H = 0 as a rational function of z and the entries, so over "
                            "R and C")


def transfer_invariance_nc() -> dict:
    """The proof for every size, in letters of symbolic size: ``K = zI - A`` (invertible for z not an eigenvalue).

    (i) ``zI - M A M^{-1} = M K M^{-1}``, coefficient by coefficient in ``z``;
    (ii) hence ``(zI - M A M^{-1})^{-1} = M K^{-1} M^{-1}``;
    (iii) ``(C M^{-1}) M K^{-1} M^{-1} (M B) = C K^{-1} B``.
    """
    A, B, C, M, K = (letter(s) for s in "ABCMK")
    Ap, Bp, Cp = LS.act_system(M, A, B, C)
    Mi = M.inverse()
    # (i): z-coefficient and constant coefficient of zI - A' versus M (zI - A) M^{-1}
    r1 = (NC.one() - M @ NC.one() @ Mi, -Ap - M @ (-A) @ Mi)
    Kp_inv = (M @ K @ Mi).inverse()
    r2 = Kp_inv - M @ K.inverse() @ Mi
    Hp = Cp @ Kp_inv @ Bp
    r3 = Hp - C @ K.inverse() @ B
    neg = (C @ M @ Kp_inv @ Bp - C @ K.inverse() @ B)
    return {"step1": all(r.is_zero() for r in r1), "step2": r2.is_zero(), "step3": r3.is_zero(),
            "residuals": (*r1, r2, r3), "H_prime": Hp, "negative": neg}


def check_transfer_any(opts, negative: bool = False):
    """Transfer invariance for every ``n, m, p`` (letters of symbolic size, the free *-algebra: R and C)."""
    r = transfer_invariance_nc()
    neg = r["negative"]
    if negative:
        yield Evidence("0" if neg.is_zero() else repr(neg), neg.is_zero(), dict(ANY_SYS), exact=True,
                       note="wrong action (C M)")
        return
    bad = [x for x in r["residuals"] if not x.is_zero()]
    yield Evidence("0" if not bad else "; ".join(map(repr, bad)), not bad, dict(ANY_SYS), exact=True,
                   control=Control("the action (M A M^-1, M B, C M) keeps H", repr(neg), not neg.is_zero()),
                   note="letters of symbolic size: zI - MAM^-1 = M(zI - A)M^-1, so H' = C M^-1 M (zI-A)^-1 M^-1 M B = "
                        "H; the control C M gives C M M (zI-A)^-1 B != H")


# =========================================================================== norm balancing
def moment_map_nc() -> dict:
    """``d/dtau f(e^{tau a}.(A,B,C))|_0`` by jets on letters of symbolic size, against ``2 Re Tr(mu a)``."""
    A, B, C, a = (letter(s) for s in "ABCa")
    x = LS.act_system(Dual(NC.one(), a), *(Dual(v, NC.zero()) for v in (A, B, C)))
    df = LS.system_norm_sq(*x).der
    mu = LS.system_moment(A, B, C)
    wrong = {
        "+C^*C": A @ A.H - A.H @ A + B @ B.H + C.H @ C,
        "[A^*, A]": A.H @ A - A @ A.H + B @ B.H - C.H @ C,
        "C C^*": A @ A.H - A.H @ A + B @ B.H - C @ C.H,
    }
    return {"df": df, "residual": df - retr(mu @ a).scale(2),
            "negatives": {k: (df - retr(v @ a).scale(2)).is_zero() for k, v in wrong.items()}}


def check_moment_map_any(opts, negative: bool = False):
    """The moment map of (1.10) for every ``n, m, p`` (free *-algebra: R and C)."""
    r = moment_map_nc()
    if negative:
        for k, v in r["negatives"].items():
            yield Evidence("0" if v else "nonzero", v, dict(ANY_SYS), exact=True, note=f"mu with {k}")
        return
    rejected = [k for k, v in r["negatives"].items() if not v]
    yield Evidence("0" if r["residual"].is_zero() else repr(r["residual"]), r["residual"].is_zero(), dict(ANY_SYS),
                   exact=True,
                   control=Control("mu with " + ", or with ".join(r["negatives"]),
                                   f"nonzero for {len(rejected)} of {len(r['negatives'])}",
                                   len(rejected) == len(r["negatives"])),
                   note="d/dtau ||e^{tau a}.(A,B,C)||^2 = 2 Re Tr(mu a), mu = AA^* - A^*A + BB^* - C^*C, for "
                        "every n, m, p (letters of symbolic size)")


def moment_map_explicit(n: int, m: int, p: int, field: str) -> dict:
    """The same derivative with explicit entries, by SymPy's ``diff`` along ``M(tau) = I + tau a``
    (``M^{-1}`` by SymPy's own inverse, no jets)."""
    def mat(name, r, c):
        def entry(i, j):
            x = sympy.Symbol(f"{name}{i}{j}r", real=True)
            return x + sympy.I * sympy.Symbol(f"{name}{i}{j}i", real=True) if field == "C" else x
        return sympy.Matrix(r, c, entry)

    A, B, C, a = mat("A", n, n), mat("B", n, m), mat("C", p, n), mat("a", n, n)
    tau = sympy.Symbol("tau", real=True)
    M = sympy.eye(n) + tau * a
    # f = sum of Tr(X^* X) over the three blocks of M.(A, B, C); with real coordinates Tr(X^* X) is real already
    f = sum((X.H * X).trace() for X in LS.act_system(M, A, B, C))
    df = sympy.diff(f, tau).subs(tau, 0)
    mu = LS.system_moment(A, B, C)
    res = sympy.expand(df - 2 * sympy.re((mu * a).trace()))
    neg = sympy.expand(df - 2 * sympy.re(((mu + 2 * C.H * C) * a).trace()))
    return {"system": (A, B, C), "residual": res, "negative": neg, "mu_hermitian": (mu - mu.H).is_zero_matrix}


def check_moment_map_explicit(opts, negative: bool = False):
    for field in opts.fields:
        r = moment_map_explicit(2, 1, 1, field)
        sizes = _sys_sizes(*r["system"], field)
        nneg = len(sympy.Add.make_args(r["negative"])) if r["negative"] != 0 else 0
        if negative:
            yield Evidence(_terms(nneg), nneg == 0, sizes, exact=True, note="mu with +C^*C")
            continue
        nres = len(sympy.Add.make_args(r["residual"])) if r["residual"] != 0 else 0
        yield Evidence(_terms(nres), nres == 0 and r["mu_hermitian"], sizes, exact=True,
                       control=Control("mu with +C^*C", _terms(nneg), nneg != 0),
                       note="explicit entries in real coordinates, SymPy diff of f(I + tau a) at tau = 0; mu Hermitian")


def modal_realization(dps: int) -> tuple:
    r"""A norm-balanced realization of the test system found by hand.

    ``H(z) = (86 z + 100) / ((z + 1)(z + 2)) = 14/(z + 1) + 72/(z + 2)``: both residues are positive,
    so ``A = diag(-1, -2)``, ``B = (sqrt 14, sqrt 72)^T``, ``C = B^T`` realizes it, with ``A`` normal
    and ``B B^* = C^* C``: ``mu = 0``, ``f = 1 + 4 + 2 (14 + 72) = 177``."""
    with working(dps):
        b = mpmath.matrix([[mpmath.sqrt(14)], [mpmath.sqrt(72)]])
        return mpmath.diag([-1, -2]), b, b.T


def _balanced_defect(y, ref, f_ref, H_ref, z, dps: int):
    """Zero iff ``y`` is a norm-balanced realization of the test system: ``||mu(y)||``, ``|f(y) - f_ref|``,
    ``y = T.ref`` with ``T^* T = I`` (``T`` from the controllability matrices) and ``H_y(z) = H(z)``."""
    _, unit, inter = LS.unitary_between(y, ref, dps=dps)
    with working(dps):
        y = LS.as_system(*y)
        dH = abs(LS.transfer_function(*y, z)[0, 0] - H_ref)
        return max(LS._frob(LS.system_moment(*y)), abs(LS.system_norm_sq(*y) - f_ref), unit, inter, dH)


def _moved(y, dps: int):
    """``S.y`` with the non-unitary ``S = diag(2, 1/2)``: the same orbit and transfer function, not balanced."""
    with working(dps):
        return LS.act_system(mpmath.diag([mpmath.mpf(s) for s in _S_DIAG]), *LS.as_system(*y))


def check_norm_balanced_numeric(opts):
    """The balancing flow + Newton reach mu = 0 from real and complex starts; the result is unique up to U(n)."""
    dps = opts.dps
    eps = tol(dps)
    A, B, C = LS.TEST_SYSTEM
    modal = modal_realization(dps)
    with working(dps):
        z = mpmath.mpc("0.5", "1")
        H = LS.transfer_function(*LS.as_system(A, B, C), z)[0, 0]
    seeds = {"R": 1, "C": 2}
    for field in opts.fields:
        r = LS.norm_balance(A, B, C, dps=dps, M0=LS.random_gl(2, field, seed=seeds[field], dps=dps))
        y = (r["A"], r["B"], r["C"])
        res = _balanced_defect(y, modal, 177, H, z, dps)
        bad = _balanced_defect(_moved(y, dps), modal, 177, H, z, dps)
        yield Evidence(res, res < eps, _sys_sizes(*y, field), dps=dps,
                       figures={"flow steps": r["flow_steps"], "Newton steps": r["newton_steps"]},
                       control=Control("S.y is norm-balanced too, S = diag(2, 1/2) (same orbit, same H)", bad,
                                       not bad < eps),
                       note=f"test system from a {'real' if field == 'R' else 'complex'} start M0 (seed "
                            f"{seeds[field]}): mu = 0, f = 177 = f(modal realization diag(-1,-2), (sqrt14, sqrt72)), "
                            "related to the modal one by T with T^*T = I, H(1/2 + i) kept; tolerance 10^-(dps-10)")
    # the contrast system: no closed form; uniqueness up to U(n) from two starts
    c1 = LS.norm_balance(*CONTRAST_SYSTEM, dps=dps, M0=LS.random_gl(2, "R", seed=3, dps=dps))
    y1 = (c1["A"], c1["B"], c1["C"])
    for field in opts.fields:
        seed = {"R": 5, "C": 4}[field]
        c2 = LS.norm_balance(*CONTRAST_SYSTEM, dps=dps, M0=LS.random_gl(2, field, seed=seed, dps=dps))
        y2 = (c2["A"], c2["B"], c2["C"])
        _, u, i = LS.unitary_between(y1, y2, dps=dps)
        _, uS, iS = LS.unitary_between(y1, _moved(y1, dps), dps=dps)
        res = max(c1["mu_norm"], c2["mu_norm"], u, i, abs(c1["f"] - c2["f"]))
        yield Evidence(res, res < eps, _sys_sizes(*y2, field), dps=dps, figures={"f_min": c1["f"]},
                       control=Control("S.y1 = T.y1 with T unitary, S = diag(2, 1/2)", max(uS, iS),
                                       not max(uS, iS) < eps),
                       note=f"contrast system C = (5, -4): the balanced realizations from a real start (seed 3) and a "
                            f"{'real' if field == 'R' else 'complex'} start (seed {seed}) have mu = 0, the same f and "
                            "are related by T with T^*T = I")


# =========================================================================== Gramians, Hankel singular values
def hsv_exact() -> dict:
    """Exact Gramians of the test system (SymPy, rational) and its Hankel singular values."""
    A, B, C = (sympy.Matrix([[sympy.Rational(e) for e in r] for r in M]) for M in LS.TEST_SYSTEM)
    n = A.rows
    P = sympy.Matrix(n, n, lambda i, j: sympy.Symbol(f"p{min(i, j)}{max(i, j)}"))
    Q = sympy.Matrix(n, n, lambda i, j: sympy.Symbol(f"q{min(i, j)}{max(i, j)}"))
    P = P.subs(sympy.solve(list(A * P + P * A.T + B * B.T), list(P.free_symbols), dict=True)[0])
    Q = Q.subs(sympy.solve(list(A.T * Q + Q * A + C.T * C), list(Q.free_symbols), dict=True)[0])
    ev = sorted((P * Q).eigenvals(), key=lambda e: -sympy.N(e))
    hsv = [sympy.nsimplify(sympy.sqrtdenest(sympy.sqrt(e))) for e in ev]
    return {"system": (A, B, C), "P": P, "Q": Q, "hsv2": ev, "hsv": hsv,
            "lyap_residuals": ((A * P + P * A.T + B * B.T).is_zero_matrix, (A.T * Q + Q * A + C.T * C).is_zero_matrix),
            "eig_P": sorted(P.eigenvals(), key=lambda e: -sympy.N(e))}


#: the Hankel singular values of the test system in closed form
HSV_CLOSED = ((25 + sympy.sqrt(569)) / 2, (25 - sympy.sqrt(569)) / 2)


def _hsv_closed_mp(dps: int) -> list:
    with working(dps):
        return [mpmath.mpf(str(sympy.N(h, dps + 20))) for h in HSV_CLOSED]


def agrees_to_shown_digits(x, ref: str) -> bool:
    """``|x - ref|`` is below one unit of the last digit shown in ``ref`` (``x``: SymPy or mpmath number).

    A truncated reference passes; a correctly rounded one would be within half a unit."""
    decimals = len(ref.split(".")[1]) if "." in ref else 0
    with mpmath.workdps(40):
        xv = mpmath.mpf(str(sympy.N(x, 40))) if isinstance(x, sympy.Basic) else mpmath.mpf(x)
        return abs(xv - mpmath.mpf(ref)) < mpmath.mpf(10) ** (-decimals)


def check_hsv_exact(opts, negative: bool = False):
    r = hsv_exact()
    sizes = _sys_sizes(*r["system"], "R")
    diff = [sympy.simplify(h - c) for h, c in zip(r["hsv"], HSV_CLOSED)]
    ref = all(agrees_to_shown_digits(h, s) for h, s in zip(r["hsv"], LS.TEST_HSV_REFERENCE))
    wrong = [sympy.sqrt(e) for e in r["eig_P"]]
    wrong_diff = [sympy.simplify(h - c) for h, c in zip(wrong, HSV_CLOSED)]
    wrong_ok = all(x == 0 for x in wrong_diff)
    if negative:
        yield Evidence(_terms(sum(x != 0 for x in wrong_diff)), wrong_ok, sizes, exact=True,
                       note="sqrt(eig P) instead of sqrt(eig PQ)")
        return
    nz = sum(x != 0 for x in diff)
    yield Evidence(_terms(nz), nz == 0 and all(r["lyap_residuals"]) and ref, sizes, exact=True,
                   control=Control("the Hankel singular values are sqrt(eig P)",
                                   _terms(sum(x != 0 for x in wrong_diff)), not wrong_ok),
                   note="exact Gramians P = [[43/6, 59/6], [59/6, 27/2]], Q = [[198, -72], [-72, 44]]; hsv = "
                        f"(25 ± sqrt 569)/2 agree with the reference {LS.TEST_HSV_REFERENCE} to the shown digits "
                        "(0.5731395 is truncated: correctly rounded it is 0.5731396)")


def _python_control():
    """python-control with slycot (its Gramians and ``hsvd`` call slycot), or the reason they cannot run."""
    try:
        import control
    except ImportError:
        return None, "python-control is not installed (pip install control slycot): no independent cross-check"
    try:
        import slycot  # noqa: F401
    except ImportError:
        return None, "slycot is not installed: python-control computes Gramians with slycot"
    return control, None


def check_hsv_numeric(opts):
    """The Hankel singular values from the Lyapunov equations in mpmath, and from python-control."""
    dps = opts.dps
    A, B, C = LS.as_system(*LS.TEST_SYSTEM)
    sizes = _sys_sizes(A, B, C, "R")
    closed = _hsv_closed_mp(dps)
    hsv = LS.hankel_singular_values(A, B, C, dps=dps)
    gb = LS.gramian_balance(A, B, C, dps=dps)
    P, _ = LS.gramians(A, B, C, dps=dps)
    with working(dps):
        res = max([abs(h - c) for h, c in zip(hsv, closed)] + [gb["res_P"], gb["res_Q"]])
        wrong = sorted((mpmath.sqrt(e) for e in mpmath.eigsy(P)[0]), reverse=True)
        bad = max(abs(h - c) for h, c in zip(wrong, closed))
    ref = all(agrees_to_shown_digits(h, s) for h, s in zip(hsv, LS.TEST_HSV_REFERENCE))
    yield Evidence(res, bool(res < tol(dps) and ref), sizes, dps=dps,
                   figures={"hsv": ", ".join(mpmath.nstr(h, 12) for h in hsv)},
                   control=Control("the Hankel singular values are sqrt(eig P) (same Gramians)", bad,
                                   not bad < tol(dps)),
                   note=f"Lyapunov equations by Kronecker vectorization at dps={dps}: hsv = (25 ± sqrt 569)/2 to "
                        "10^-(dps-10) and the reference digits; T P T^* = T^-* Q T^-1 = diag(hsv)")
    control, reason = _python_control()
    if control is None:
        yield Evidence.skip(reason, sizes)
        return
    An, Bn, Cn = (np.array([[float(x) for x in row] for row in M], dtype=float) for M in LS.TEST_SYSTEM)
    sys = control.ss(An, Bn, Cn, np.zeros((Cn.shape[0], Bn.shape[1])))
    got = np.sort(np.asarray(control.hsvd(sys), dtype=float))[::-1]
    wrong = np.sort(np.sqrt(np.linalg.eigvalsh(np.asarray(control.gram(sys, "c"), dtype=float))))[::-1]
    with working(dps):
        err = max(abs(mpmath.mpf(float(g)) - c) / c for g, c in zip(got, closed))
        bad = max(abs(mpmath.mpf(float(g)) - c) / c for g, c in zip(wrong, closed))
    double = 15  # the precision python-control works at (IEEE double), and its tolerance 10^-(15-5)
    yield Evidence(err, bool(err < tol(double, slack=5)), _sys_sizes(An, Bn, Cn, "R"), dps=double,
                   figures={"hsvd": ", ".join(f"{g:.8f}" for g in got)},
                   control=Control("sqrt(eig(control.gram(sys, 'c'))) are the Hankel singular values", bad,
                                   not bad < tol(double, slack=5)),
                   note=f"python-control {control.__version__} hsvd (double precision, slycot) against dlnsym's exact "
                        "(25 ± sqrt 569)/2: relative difference, tolerance 10^-10 for a double-precision computation")


def check_gramian_vs_norm(opts):
    """Gramian balancing and norm balancing differ in general (the contrast system); on the test system (a
    relaxation system, both residues positive) they agree. Each statement is the other's control."""
    dps = opts.dps
    eps = tol(dps)
    data = {}
    for name, sysm in (("contrast", CONTRAST_SYSTEM), ("test", LS.TEST_SYSTEM)):
        gb = LS.gramian_balance(*sysm, dps=dps)
        nb = LS.norm_balance(*sysm, dps=dps)
        with working(dps):
            xg = (gb["A"], gb["B"], gb["C"])
            P_nb, _ = LS.gramians(nb["A"], nb["B"], nb["C"], dps=dps)
            eigP = sorted(mpmath.eigsy(P_nb)[0] if LS._is_real(P_nb) else mpmath.eighe(P_nb)[0], reverse=True)
            data[name] = {
                "sizes": _sys_sizes(*xg, "R"),
                # how well the two realizations were computed (zero for exact ones)
                "accuracy": max(gb["res_P"], gb["res_Q"], nb["mu_norm"]),
                # zero iff the Gramian-balanced realization is norm-balanced
                "gap": max(LS._frob(LS.system_moment(*xg)), abs(LS.system_norm_sq(*xg) - nb["f"])),
                "mu_g": LS._frob(LS.system_moment(*xg)), "f_g": LS.system_norm_sq(*xg), "f_min": nb["f"],
                "eigP": eigP, "hsv": gb["hsv"]}
    c, t = data["contrast"], data["test"]
    differ = lambda s: bool(s["accuracy"] < eps and s["gap"] > eps)  # noqa: E731
    yield Evidence(c["accuracy"], differ(c), c["sizes"], dps=dps,
                   figures={"||mu|| at the Gramian-balanced realization": c["mu_g"],
                            "f_G - f_min": c["f_g"] - c["f_min"],
                            "eig P at the norm-balanced realization": ", ".join(mpmath.nstr(e, 6) for e in c["eigP"]),
                            "hsv": ", ".join(mpmath.nstr(h, 6) for h in c["hsv"])},
                   control=Control("Gramian- and norm-balanced realizations of the test system differ", t["gap"],
                                   not differ(t)),
                   note="contrast system C = (5, -4): the residual is the accuracy of the two realizations (Lyapunov "
                        "residuals of the Gramian-balanced one, ||mu|| of the norm-balanced one); at the "
                        "Gramian-balanced realization ||mu|| and f - f_min are far above 10^-(dps-10), and eig P "
                        "at the norm-balanced one differ from the hsv: the two are not related by U(n)")
    agree = lambda s: bool(s["gap"] < eps)  # noqa: E731
    yield Evidence(t["gap"], agree(t), t["sizes"], dps=dps,
                   control=Control("Gramian- and norm-balanced realizations of the contrast system agree", c["gap"],
                                   not agree(c)),
                   note="test system: the Gramian-balanced realization is symmetric (A = A^T, C = B^T) and hence also "
                        "norm-balanced (mu = 0, f = 177)")


# =========================================================================== Section 4.2
def _fp_finite(form: str, D: int):
    """``FP(rho)/rho`` in ``D`` explicit real coordinates (:func:`~dlnsym.beyond.noise.fokker_planck_stationary`)."""
    xs = sympy.symbols(f"x1:{D + 1}", real=True)
    beta, kappa = sympy.symbols("beta kappa", positive=True)
    rho = NZ.ou_density(xs, beta, kappa, form)
    return sympy.factor(sympy.expand(NZ.fokker_planck_stationary(rho, xs, kappa, beta) / rho)), xs


def _fp_any(form: str) -> dict:
    """:func:`~dlnsym.beyond.noise.fokker_planck_any_dimension`, checked against the explicit computation at
    ``D = 1, 2, 3`` (the symbolic sum evaluated there, coordinate by coordinate)."""
    r = NZ.fokker_planck_any_dimension(form)
    agree = True
    for D in (1, 2, 3):
        fin, xs = _fp_finite(form, D)
        at = r["total"].subs(r["D"], D).doit().subs({r["x"][k + 1]: xs[k] for k in range(D)})
        agree = agree and sympy.expand(at - fin) == 0
    r["agrees_with_explicit"] = agree
    return r


def check_ou_printed(opts):
    """(4.3) as printed, ``exp(-beta kappa |x|^2)``: not stationary for (4.2), for every number D of real
    coordinates."""
    r = _fp_any("printed")
    if not (r["local"] and r["agrees_with_explicit"]):
        raise ValueError("the symbolic-D Fokker-Planck computation is not a sum of the same one-dimensional operator "
                         f"over the coordinates (summand {r['summand']}) or disagrees with D = 1, 2, 3")
    yield Evidence(str(r["total"]), r["total"] == 0, {"D": "any", "field": "R"}, exact=True,
                   note="symbolic D: the stationary Fokker-Planck operator of (4.2), a sum over the D real coordinates "
                        "of the same one-dimensional operator (checked: the summand depends on x_i alone), applied to "
                        "exp(-beta kappa |x|^2): FP(rho)/rho = " + str(r["total"]) + ", nonzero for every D >= 1 (its "
                        "value at x = 0 is -kappa D); it agrees with the explicit computation at D = 1, 2, 3")
    for D in (1, 2, 3):
        res, xs = _fp_finite("printed", D)
        yield Evidence(str(res), res == 0, {"D": len(xs), "field": "R"}, exact=True,
                       note=f"explicit coordinates, D = {len(xs)}: FP(rho)/rho = {res}")


def check_ou_corrected(opts):
    """``exp(-beta kappa |x|^2 / 2)`` is stationary for (4.2), for every number D of real coordinates."""
    r, bad = _fp_any("corrected"), _fp_any("printed")
    ok = r["total"] == 0 and r["local"] and r["agrees_with_explicit"]
    yield Evidence(str(r["total"]), ok, {"D": "any", "field": "R"}, exact=True,
                   control=Control("exp(-beta kappa |x|^2) (as printed) is stationary", str(bad["total"]),
                                   bad["total"] != 0),
                   note="symbolic D (SymPy Sum over Indexed coordinates x[1..D]): the operator is a sum over the D "
                        "real coordinates of the same one-dimensional operator, and its summand on "
                        f"exp(-beta kappa |x|^2 / 2) is {r['summand']} (it depends on x_i alone: {r['local']}); the "
                        "symbolic sum agrees with the explicit computation at D = 1, 2, 3: "
                        f"{r['agrees_with_explicit']}")
    for D in (1, 2, 3):
        res, xs = _fp_finite("corrected", D)
        wrong, _ = _fp_finite("printed", D)
        yield Evidence(str(res), res == 0, {"D": len(xs), "field": "R"}, exact=True,
                       control=Control("exp(-beta kappa |x|^2) (as printed) is stationary", str(wrong), wrong != 0),
                       note=f"explicit coordinates, D = {len(xs)}")
    # independent route: Ito's formula for x^2 gives the stationary variance sigma^2/(2 kappa) = 1/(beta kappa)
    x = sympy.Symbol("x", real=True)
    beta, kappa = sympy.symbols("beta kappa", positive=True)
    v = sympy.Symbol("v", positive=True)
    Lx2 = NZ.generator(x**2, [x], [-kappa * x], 2 / beta)  # = -2 kappa x^2 + 2/beta
    v_ito = sympy.solve(Lx2.subs(x**2, v), v)[0]
    c = sympy.Symbol("c", positive=True)
    w = sympy.exp(-c * beta * kappa * x**2)
    gauss_var = sympy.integrate(x**2 * w, (x, -sympy.oo, sympy.oo)) / sympy.integrate(w, (x, -sympy.oo, sympy.oo))
    c_sol = sympy.solve(sympy.Eq(gauss_var, v_ito), c)
    res = sympy.simplify(gauss_var.subs(c, NZ.OU_CONSTANT["corrected"]) - v_ito)
    wrong = sympy.simplify(gauss_var.subs(c, NZ.OU_CONSTANT["printed"]) - v_ito)
    yield Evidence(str(res), res == 0 and c_sol == [NZ.OU_CONSTANT["corrected"]], {"D": 1, "field": "R"}, exact=True,
                   control=Control("the printed exp(-beta kappa x^2) has the stationary variance", str(wrong),
                                   wrong != 0),
                   note=f"Ito, one coordinate: d E[x^2]/dt = -2 kappa E[x^2] + 2/beta, stationary variance {v_ito}; "
                        f"the Gaussian exp(-c beta kappa x^2) has this variance iff c = {c_sol} (printed: c = 1)")


def _nonzero_entries(Ms) -> int:
    return sum(1 for M in Ms for e in M if e != 0)


def ito_cases(opts) -> list:
    """The sizes ``(N, d, field, loss)`` at which Ito's formula is computed (explicit entries)."""
    cases = [(2, 2, f, False) for f in opts.fields]
    if opts.quick:
        return cases + [(2, 1, f, True) for f in opts.fields]
    if set(opts.fields) == {"R", "C"}:
        return cases + [(2, 2, "R", True), (3, 1, "C", True)]
    return cases + [(2, 2, opts.fields[0], True)]


def check_ito_symbolic(opts, negative: bool = False):
    """Ito's formula: L G_k = -2 kappa G_k along (4.2) and (4.4); L ||W||^2 = -2 kappa ||W||^2 + 2D/beta along (4.2).

    Computed with explicit entries in real coordinates at the sizes of :func:`ito_cases`, which are the
    sizes reported. ``negative=True``: the wrong laws (rate kappa; ||W||^2 without the Ito term), which
    must fail."""
    for N, d, field, loss in ito_cases(opts):
        r = NZ.ito_drift(N, d, field, loss=loss)
        sizes = sizes_of(r["W"], field)
        eq = "(4.4), E = 1/2||X - Y||^2" if loss else "(4.2)"
        bad_rate = _nonzero_entries(NZ.ito_drift(N, d, field, loss=loss, wrong="rate")["residual_G"])
        bad_ito = None if loss else NZ.ito_drift(N, d, field, wrong="no-ito")["residual_norm_sq"]
        if negative:
            yield Evidence(_terms(bad_rate), bad_rate == 0, sizes, exact=True, note=f"{eq}: E[G(t)] at the rate kappa")
            if not loss:
                yield Evidence(str(bad_ito), bad_ito == 0, sizes, exact=True,
                               note="(4.2): E||W||^2 without the Ito correction")
            continue
        nz = _nonzero_entries(r["residual_G"])
        yield Evidence(_terms(nz), nz == 0, sizes, exact=True,
                       control=Control("L G_k = -kappa G_k (rate kappa)", _terms(bad_rate), bad_rate != 0),
                       note=f"{eq}: L G_k = -2 kappa G_k exactly (the Ito terms of W_kW_k^* and W_(k+1)^*W_(k+1) cancel"
                            + ("; the loss term conserves G)" if loss else ")"))
        if not loss:
            rn = r["residual_norm_sq"]
            yield Evidence(str(rn), rn == 0, sizes, exact=True,
                           control=Control("L||W||^2 = -2 kappa ||W||^2 (no Ito correction)", str(bad_ito),
                                           bad_ito != 0),
                           note=f"(4.2): L||W||^2 = -2 kappa ||W||^2 + 2D/beta, D = {NZ.real_dimension(N, d, field)}")


#: The setup of the statistical check: sizes, parameters, sample size, seed and confidence level.
NOISE_SETUP = {"N": 3, "d": 2, "kappa": 1.0, "beta": 4.0, "scale": 0.7, "Y": 0.5, "times": (0.25, 0.5, 1.0),
               "dt": 5e-3, "paths": 2000, "seed": 2026, "confidence": 0.999}


def noise_initial_state(field: str, N: int = 3, d: int = 2, scale: float = 0.7) -> list:
    """The seeded initial state of the simulations (``random_state(N, d, field, seed=0)`` scaled)."""
    return [scale * np.array(w.tolist(), dtype=complex if field == "C" else float)
            for w in random_state(N, d, field, seed=0)]


def noise_statistics(field: str, loss: bool, setup: dict | None = None) -> dict:
    """Simulate (4.2) or (4.4), and test the derived law and the wrong laws with the same z-test."""
    s = dict(NOISE_SETUP, **(setup or {}))
    N, d, kappa, beta = s["N"], s["d"], s["kappa"], s["beta"]
    W0 = noise_initial_state(field, N, d, s["scale"])
    Y = s["Y"] * np.eye(d) if loss else None
    G0 = np.stack([NZ.hermitian_coords(g[None], field)[0] for g in moments(W0)])
    sim = NZ.simulate(W0, kappa=kappa, beta=beta, times=s["times"], dt=s["dt"], paths=s["paths"], seed=s["seed"],
                      field=field, Y=Y)
    means, ses = np.stack(sim["G_mean"]), np.stack(sim["G_se"])
    ts = sim["times"]
    conf = s["confidence"]
    law = np.stack([np.stack(NZ.predicted_mean_G(G0, kappa, t)) for t in ts])
    rate1 = np.stack([np.stack(NZ.predicted_mean_G(G0, kappa, t, rate=1.0)) for t in ts])
    # a one-sided Ito correction (only W_k W_k^*): + (2/beta) c d I (1 - e^{-2 kappa t}) / (2 kappa) on the diagonal
    c = 2 if field == "C" else 1
    diag = np.zeros(G0.shape[-1])
    diag[:d] = 1
    onesided = np.stack([law[j] + (2 / beta) * c * d * (1 - math.exp(-2 * kappa * t)) / (2 * kappa) * diag
                         for j, t in enumerate(ts)])
    out = {"W0": W0, "sim": sim, "G0": G0, "law": law, "test": NZ.z_test(means, ses, law, confidence=conf),
           "deviation": float(np.abs(means - law).max()),
           "wrong": {"rate kappa": NZ.z_test(means, ses, rate1, confidence=conf),
                     "one-sided Ito correction": NZ.z_test(means, ses, onesided, confidence=conf)},
           "wrong_deviation": {"rate kappa": float(np.abs(means - rate1).max()),
                               "one-sided Ito correction": float(np.abs(means - onesided).max())}}
    if not loss:
        D = NZ.real_dimension(N, d, field)
        n0 = float(norm_sq(W0))
        pn = np.array([NZ.predicted_mean_norm_sq(n0, kappa, beta, t, D) for t in ts])
        pn0 = np.array([NZ.predicted_mean_norm_sq(n0, kappa, beta, t, D, ito=False) for t in ts])
        nm = np.asarray(sim["norm_sq_mean"])
        out["norm_test"] = NZ.z_test(nm, sim["norm_sq_se"], pn, confidence=conf)
        out["norm_deviation"] = float(np.abs(nm - pn).max())
        out["wrong"]["||W||^2 without Ito correction"] = NZ.z_test(nm, sim["norm_sq_se"], pn0, confidence=conf)
        out["wrong_deviation"]["||W||^2 without Ito correction"] = float(np.abs(nm - pn0).max())
    # discretisation bias of Euler-Maruyama, measured without noise (beta -> infinity)
    det = NZ.simulate(W0, kappa=kappa, beta=1e30, times=s["times"], dt=s["dt"], paths=2, seed=0, field=field, Y=Y)
    out["bias"] = float(max(np.abs(m - g).max() for m, g in zip(det["G_mean"], law)))
    out["max_se"] = float(ses.max())
    return out


def check_noise_statistics(opts):
    """E[G(t)] = G_0 e^{-2 kappa t} (and the E||W||^2 law along (4.2)) against Euler-Maruyama sample means."""
    s = NOISE_SETUP
    alpha = 1 - s["confidence"]
    for field in opts.fields:
        for loss in (False, True):
            r = noise_statistics(field, loss, {"paths": 1000} if opts.quick else None)
            tests = [r["test"]] + ([r["norm_test"]] if "norm_test" in r else [])
            m = sum(t["m"] for t in tests)
            rejected = all(t["reject"] for t in r["wrong"].values())
            eq = "(4.4), E = 1/2||X - Y||^2, Y = I/2" if loss else "(4.2)"
            yield Evidence(max([r["deviation"]] + ([r["norm_deviation"]] if "norm_deviation" in r else [])),
                           not any(t["reject"] for t in tests), sizes_of(r["W0"], field, T=max(s["times"])),
                           figures={"max|z|": round(max(t["max_z"] for t in tests), 3),
                                    "threshold": round(max(t["threshold"] for t in tests), 3),
                                    "max s.e.": f"{r['max_se']:.2e}", "EM bias (noise-free)": f"{r['bias']:.2e}"},
                           control=Control("; ".join(f"{k} (max|z| = {v['max_z']:.0f})" for k, v in r["wrong"].items()),
                                           min(r["wrong_deviation"].values()), rejected),
                           note=f"{eq}: Euler-Maruyama, {r['sim']['paths']} paths, seed {s['seed']}, dt = {s['dt']}, "
                                f"kappa = {s['kappa']}, beta = {s['beta']}, t = {list(s['times'])}. Test: two-sided "
                                f"z-tests of the {m} sample means (coordinates of E[G_k(t)]"
                                + (" and E||W(t)||^2" if not loss else "") + ") against the law, Bonferroni "
                                f"family-wise significance level alpha = {alpha:.3g} (threshold "
                                f"{r['test']['threshold']:.2f}); the wrong laws are tested the same way. The residual "
                                "is the largest deviation of a sample mean from the law (sampling error, s.e. above)")


# Imported last on purpose (see the top of the module).
from ..claims.evidence import Control, Evidence, sizes_of  # noqa: E402
