r"""Exact checks that are not polynomial identities: solving, minimising, counting.

They use SymPy on small explicit cases (``d = 1``, exact rational points) and the
exact matrices of :mod:`dlnsym.symbolic.explicit`.
"""

from __future__ import annotations

import random
from fractions import Fraction

import sympy

from ..formulas import H_operator, end_to_end, moments, tangent_vector
from ..matrix import Dual
from ..symbolic.explicit import EM, P, Ring
from ..symbolic.freealg import letter, riesz
from .builders import H_printed
from .evidence import Evidence

__all__ = [
    "rational_state",
    "H_matrix",
    "solve_H_exact",
    "check_conservation_window",
    "check_tangency_window",
    "check_eq221_not_equivalent",
    "check_lemma1_window",
    "check_theorem2_exact",
    "check_H_iso_d1",
    "check_theorem1_d1",
    "check_remark16",
    "check_figure11",
]


# --------------------------------------------------------------------------- exact rational helpers
def rational_state(N: int, d: int, field: str, seed: int, ring: Ring | None = None) -> list[EM]:
    """A seeded state with small rational entries (full rank: diagonally dominant)."""
    rng = random.Random(seed)
    ring = ring or Ring()
    W = []
    for _ in range(N):
        rows = []
        for i in range(d):
            row = []
            for j in range(d):
                re = Fraction(rng.randint(-3, 3), rng.randint(1, 2)) + (3 if i == j else 0)
                im = Fraction(rng.randint(-3, 3), rng.randint(1, 2)) if field == "C" else 0
                row.append((re, im))
            rows.append(row)
        W.append(EM.const(rows, ring))
    return W


def _coords(M: EM, field: str) -> list[P]:
    out = []
    for r in M.rows:
        for e in r:
            out.append(P(e.re, {}))
            if field == "C":
                out.append(P(e.im, {}))
    return out


def H_matrix(W: list[EM], field: str):
    """The real matrix of ``c -> H(c)`` (2.8) in the real coordinates of ``gl(d)^{N-1}``,
    as a SymPy matrix over Q, with the symbols of ``c`` in order."""
    ring = W[0].ring
    N, d = len(W), W[0].n
    c = [EM.symbolic(d, f"c{k}", field, ring) for k in range(1, N)]
    return _linear_map_matrix(H_operator(W, c), c, field), c


def _linear_map_matrix(images: list[EM], c: list[EM], field: str):
    """The real matrix of a linear map given its images on the symbolic matrices ``c``."""
    cvars = []
    for M in c:
        for r in M.rows:
            for e in r:
                cvars.append(next(iter(e.re))[0])
                if field == "C":
                    cvars.append(next(iter(e.im))[0])
    rows = []
    for img in images:
        for p in _coords(img, field):
            rows.append([sympy.Rational(p.re.get((v,), 0)) for v in cvars])
    return sympy.Matrix(rows)


def _vec(Ms: list[EM], field: str):
    vals = []
    for M in Ms:
        for r in M.rows:
            for e in r:
                re, im = e.const_value()
                vals.append(sympy.Rational(re))
                if field == "C":
                    vals.append(sympy.Rational(im))
    return sympy.Matrix(vals)


def _unvec(v, N: int, d: int, field: str, ring: Ring) -> list[EM]:
    out, i = [], 0
    for _ in range(N - 1):
        rows = []
        for _r in range(d):
            row = []
            for _c in range(d):
                re = Fraction(str(v[i]))
                i += 1
                im = 0
                if field == "C":
                    im = Fraction(str(v[i]))
                    i += 1
                row.append((re, im))
            rows.append(row)
        out.append(EM.const(rows, ring))
    return out


def solve_H_exact(W: list[EM], field: str) -> list[EM]:
    """The exact solution ``b`` of ``H(b) = G`` (2.19) at a rational state."""
    M, _ = H_matrix(W, field)
    G = moments(W)
    b = M.LUsolve(_vec(G, field))
    return _unvec(b, len(W), W[0].n, field, W[0].ring)


# --------------------------------------------------------------------------- any N by windows
ANY_SIZES = {"N": "any", "d": "any", "field": "any"}


def check_conservation_window(opts, negative: bool = False):
    r"""Section 1.4.1 for every ``N`` and ``k``: write ``X = L W_{k+1} W_k R`` with ``L``, ``R`` opaque
    products (``L = I`` or ``R = I`` at the ends). The Riesz gradient of ``Re Tr(Y^* dX)`` with
    respect to ``W_k, W_{k+1}`` gives ``dG_k = 0`` along ``-grad``, for every ``d``.

    Negative control: the same flow with weight decay added (``-grad E - W``), which does not conserve ``G``."""
    from ..symbolic.freealg import NC, retr

    L, R, Y = letter("L"), letter("R"), letter("Y")
    Wk, Wk1 = letter("W", 1), letter("W", 2)
    Vk, Vk1 = letter("V", 1), letter("V", 2)
    one = NC.one()
    bad = 0
    for Lm, Rm in [(L, R), (L, one), (one, R), (one, one)]:
        dX = Lm @ Vk1 @ Wk @ Rm + Lm @ Wk1 @ Vk @ Rm   # the W_k, W_{k+1} part of dX
        dE = retr(Y.H @ dX)
        vk, vk1 = -riesz(dE, "V", 1), -riesz(dE, "V", 2)  # dW/dt = -grad
        if negative:                                       # weight decay added
            vk, vk1 = vk - Wk, vk1 - Wk1
        dG = moments([Dual(Wk, vk), Dual(Wk1, vk1)])[0].der
        bad += len(dG)
    yield Evidence("0" if bad == 0 else f"{bad} nonzero terms", bad == 0, dict(ANY_SIZES), exact=True,
                   note="window X = L W_{k+1} W_k R, L and R opaque (any N, any k); dG_k by the product rule")


def check_tangency_window(opts, negative: bool = False):
    r"""Remark 11 / (2.3) for every ``N``: ``dX(w_c) = 0``. The velocity of ``tau -> e^{tau c_k}`` acting on
    the two layers it touches, ``(W_k, W_{k+1}) -> (A_k W_k, W_{k+1} A_k^{-1})`` (the action (1.6), run on
    first-order jets ``A_k = I + tau c_k``: the inverse by its own product rule), is put into
    ``X = L W_{k+1} W_k R`` with ``L``, ``R`` opaque (``I`` at the ends), and ``dX`` is differentiated by the
    product rule. Every ``c_k`` enters only layers ``k`` and ``k+1`` (the action is local), so a zero here for
    every window is ``dX(w_c) = 0`` for every ``N``, every ``d``.

    Negative control: the map ``W_k -> A_k W_k A_{k-1}`` (no inverse), which does not preserve ``X``."""
    from ..matrix import eye_like, inv
    from ..symbolic.freealg import NC

    L, R = letter("L"), letter("R")
    Wk, Wk1 = letter("W", 1), letter("W", 2)
    ck = letter("c", 1)
    one = NC.one()
    A = Dual(eye_like(Wk), ck)                          # A_k = I + tau c_k
    Ainv = A if negative else inv(A)
    moved = [A @ Dual(Wk, 0 * Wk), Dual(Wk1, 0 * Wk1) @ Ainv]
    velocity = [m.der for m in moved]
    bad = 0
    for Lm, Rm in [(L, R), (L, one), (one, R), (one, one)]:
        X = end_to_end([Dual(Rm, 0 * Rm), Dual(Wk, velocity[0]), Dual(Wk1, velocity[1]), Dual(Lm, 0 * Lm)])
        bad += len(X.der)
    yield Evidence("0" if bad == 0 else f"{bad} nonzero terms", bad == 0, dict(ANY_SIZES), exact=True,
                   note="window: the velocity of e^{tau c_k} on layers k, k+1 leaves X = L W_{k+1} W_k R fixed "
                        "(any N, any k)")


def check_lemma1_window(opts, printed: bool = False):
    r"""Lemma 1 (proof) for every ``N``, by induction down from the top layer.

    The components of ``A.C`` come from the shared action (1.6) (:func:`~dlnsym.formulas.act`, on windows of
    two or three layers) with the centre's layers ``C_N = Q_N Lam``, ``C_k = Lam``, ``C_1 = Lam Q_0^*``.
    Induction hypothesis: ``A_k = P_{k+1}^{-1} Q_N M_k`` with ``P_{k+1} = W_N \cdots W_{k+1}`` and
    ``M_k = Lam^{N-k}`` (opaque letters). The corrected recursion ``A_{k-1} = W_k^{-1} A_k Lam`` keeps this
    form (``P_k = P_{k+1} W_k``, ``M_{k-1} = M_k Lam``: the definitions) and gives ``(A.C)_k = W_k``; at the
    top ``A_{N-1} = W_N^{-1} Q_N Lam`` has the form (``P_N = W_N``, ``M_{N-1} = Lam``) and gives
    ``(A.C)_N = W_N``; at the bottom ``W_1 = P_2^{-1} X`` (from ``X = P_2 W_1``) with the SVD
    ``X = Q_N Sigma Q_0^*``, ``Sigma = Lam^N = M_1 Lam``, equals ``(A.C)_1``. ``printed=True`` uses the printed
    ``A_{N-1} = Q_N Lam W_N^{-1}`` and the printed last component ``A_1 Q_0^*``."""
    from ..formulas import act

    Lam = letter("Lambda", kind="h")
    QN, Q0 = letter("Q", 9, "u"), letter("Q", 0, "u")
    P, M, Wk = letter("P"), letter("M", kind="h"), letter("W", 5)
    WN = letter("W", 9)
    U, V = letter("U"), letter("V")                      # layers the window does not look at
    # induction step
    Ak = P.inverse() @ QN @ M
    Akm1 = Wk.inverse() @ Ak @ Lam
    step = act([Akm1, Ak], [U, Lam, V])[1] - Wk
    form = Akm1 - (P @ Wk).inverse() @ QN @ (M @ Lam)
    # top
    top_A = (QN @ Lam @ WN.inverse()) if printed else (WN.inverse() @ QN @ Lam)
    top = act([top_A], [U, QN @ Lam])[1] - WN
    top_form = top_A - WN.inverse() @ QN @ Lam
    # bottom
    P2, M1 = letter("P", 2), letter("M", 1, "h")
    A1 = P2.inverse() @ QN @ M1
    X = QN @ (M1 @ Lam) @ Q0.H
    W1 = P2.inverse() @ X
    first = (A1 @ Q0.H) if printed else act([A1], [Lam @ Q0.H, V])[0]
    bottom = first - W1
    parts = {"step": step, "form": form, "top": top, "top form": top_form, "bottom": bottom}
    bad = {k: len(v) for k, v in parts.items() if not v.is_zero()}
    ok = not bad
    yield Evidence("0" if ok else ", ".join(f"{k}: {n} nonzero terms" for k, n in bad.items()), ok,
                   dict(ANY_SIZES), exact=True,
                   note=("printed A_{N-1} and A_1 Q_0^*" if printed else "corrected recursion")
                   + ": induction step, top and bottom (any N)")


def check_lemma1_window_printed(opts):
    return check_lemma1_window(opts, printed=True)


# --------------------------------------------------------------------------- (2.21)
def check_eq221_not_equivalent(opts, negative: bool = False):
    r"""(2.21) alone is not equivalent to (2.19): at exact rational full-rank states the real-linear
    map ``b -> H(b) + H(b)^*`` has a kernel of dimension ``(N-1) d(d-1)/2`` over R and ``(N-1) d^2``
    over C, while ``H`` itself is injective. With ``H(b)^* = H(b)`` (the corrected (2.20)) the two
    systems are equivalent. Negative control: the same count for ``H`` itself (kernel 0)."""
    for N, d, field in [(2, 1, "C"), (2, 2, "R"), (3, 2, "C"), (3, 2, "R")]:
        ring = Ring()
        W = rational_state(N, d, field, seed=10 * N + d, ring=ring)
        M, c = H_matrix(W, field)
        Hc = H_operator(W, c)
        herm = [h + h.H for h in Hc]
        K = _linear_map_matrix(herm, c, field)
        kernel = K.shape[1] - (M.rank() if negative else K.rank())  # negative: the kernel of H itself
        expected = (N - 1) * (d * d if field == "C" else d * (d - 1) // 2)
        injective = M.rank() == M.shape[1]
        ok = kernel == expected and kernel > 0 and injective
        yield Evidence(str(abs(kernel - expected)), ok, {"N": N, "d": d, "field": field}, exact=True,
                       figures={"kernel_dim": kernel, "expected_dim": expected, "H_injective": injective},
                       note=f"dim ker(b -> H(b)+H(b)^*) = {kernel}, expected {expected}; H injective: {injective}: "
                            "(2.21) alone has a nontrivial solution space, not equivalent to (2.19)")


# --------------------------------------------------------------------------- Theorem 2 exactly
def check_theorem2_exact(opts, negative: bool = False):
    r"""Theorem 2 at exact rational states: solve ``H(b) = G`` (2.19) exactly, then
    ``dG/dt = dG(-w_b)`` (differentiated along the curve ``W - tau w_b``) equals ``-2G`` exactly,
    while ``dG w_b = +2G`` (the printed ``dG w_b = -2G`` has the wrong sign). Negative control: the rate
    ``dG/dt = -G``."""
    for N, d, field in [(2, 1, "R"), (2, 2, "C"), (3, 2, "R"), (3, 2, "C")]:
        ring = Ring()
        W = rational_state(N, d, field, seed=7 * N + d, ring=ring)
        b = solve_H_exact(W, field)
        G = moments(W)
        Hb = H_printed(W, b)
        solved = all((h - g).is_zero() for h, g in zip(Hb, G))
        wb = tangent_vector(W, b)
        Gdot = [x.der for x in moments([Dual(w, -v) for w, v in zip(W, wb)])]
        rate = all((x + (1 if negative else 2) * g).is_zero() for x, g in zip(Gdot, G))
        nontrivial = not all(g.is_zero() for g in G)
        ok = solved and rate and nontrivial
        yield Evidence("0" if ok else "nonzero", ok, {"N": N, "d": d, "field": field}, exact=True,
                       note="exact rational state: H(b) = G solved exactly; dG/dt = -2G")


# --------------------------------------------------------------------------- H is an isomorphism (d = 1)
def check_H_iso_d1(opts, negative: bool = False):
    r"""Theorem 10 (proof), ``d = 1``: ``H`` is the tridiagonal matrix with diagonal
    ``|w_k|^2 + |w_{k+1}|^2`` and off-diagonal ``-|w_{k+1}|^2``; its determinant is the elementary
    symmetric polynomial ``e_{N-1}(|w_1|^2, ..., |w_N|^2)``, positive when at most one ``w_k``
    vanishes, in particular when ``x`` has full rank. Negative control: the closed form
    ``prod_k |w_k|^2``."""
    for N in range(2, 7):
        s = sympy.symbols(f"s1:{N + 1}", positive=True)  # s_k = |w_k|^2
        M = sympy.zeros(N - 1, N - 1)
        for k in range(1, N):
            M[k - 1, k - 1] = s[k - 1] + s[k]
            if k >= 2:
                M[k - 1, k - 2] = -s[k - 1]
            if k <= N - 2:
                M[k - 1, k] = -s[k]
        # derive M from the formula (2.8) at d = 1 (real), rather than trusting the transcription
        ring = Ring()
        W = [EM.symbolic(1, f"w{k}", "R", ring) for k in range(1, N + 1)]
        c = [EM.symbolic(1, f"c{k}", "R", ring) for k in range(1, N)]
        Hc = H_operator(W, c)
        syms = ring.sympy_symbols()
        wsyms = syms[:N]
        csyms = syms[N:]
        Mf = sympy.Matrix([[sympy.expand(h.rows[0][0].as_expr(ring)).coeff(cs) for cs in csyms] for h in Hc])
        Mf = Mf.subs({w: sympy.sqrt(sk) for w, sk in zip(wsyms, s)})
        same = sympy.simplify(Mf - M) == sympy.zeros(N - 1, N - 1)
        det = sympy.expand(M.det())
        e = sympy.expand(sum(sympy.prod([s[j] for j in range(N) if j != i]) for i in range(N)))
        if negative:  # a wrong closed form: the product of all |w_k|^2
            e = sympy.prod(s)
        diff = sympy.expand(det - e)
        ok = same and diff == 0
        yield Evidence("0" if ok else str(diff), ok, {"N": N, "d": 1, "field": "R"}, exact=True,
                       note="H from (2.8) at d = 1; det H = e_{N-1}(|w_1|^2, ..., |w_N|^2) > 0")


# --------------------------------------------------------------------------- Theorem 1, d = 1
def check_theorem1_d1(opts, negative: bool = False):
    r"""Theorem 1 for ``d = 1`` (over R and C only the moduli ``r_k = |w_k|`` matter). In group
    coordinates ``r_k = |x|^{1/N} e^{s_k}``, ``s_k = t_k - t_{k-1}`` (``t_0 = t_N = 0``), the fibre is
    ``R^{N-1}`` and ``||w||^2 = |x|^{2/N} sum_k e^{2 s_k}``. The gradient (by SymPy, compared with
    ``2|x|^{2/N}(e^{2 s_j} - e^{2 s_{j+1}})``) vanishes iff ``s_1 = ... = s_N`` (``exp`` is injective on R),
    and that linear system in ``t`` is solved by SymPy: its only solution is ``t = 0``. The Hessian there is
    positive definite and the function is convex (a sum of exponentials of linear forms), so ``t = 0`` is the
    global minimum, with value ``N |x|^{2/N}``; at it all ``|w_k|`` are equal, i.e. ``G = 0``.
    Negative control: the value ``N |x|^{1/N}``."""
    x = sympy.Symbol("x", positive=True)  # |x|
    for N in range(2, 6):
        t = sympy.symbols(f"t1:{N}", real=True)
        tt = (0,) + t + (0,)
        s = [tt[k] - tt[k - 1] for k in range(1, N + 1)]
        f = x ** sympy.Rational(2, N) * sum(sympy.exp(2 * sk) for sk in s)
        grad = [sympy.diff(f, v) for v in t]
        form = all(sympy.simplify(g - 2 * x ** sympy.Rational(2, N) * (sympy.exp(2 * s[j]) - sympy.exp(2 * s[j + 1])))
                   == 0 for j, g in enumerate(grad))
        crit = sympy.linsolve([s[j] - s[j + 1] for j in range(N - 1)], list(t))
        unique = crit == sympy.FiniteSet(tuple(0 for _ in t))
        Hs = sympy.hessian(f, t).subs({v: 0 for v in t})
        pd = all(m > 0 for m in [sympy.simplify(Hs[:i, :i].det() / x ** (sympy.Rational(2 * i, N)))
                                 for i in range(1, N)])
        target = N * x ** sympy.Rational(1 if negative else 2, N)  # negative: the value N |x|^(1/N)
        value = sympy.simplify(f.subs({v: 0 for v in t}) - target)
        ok = form and unique and pd and value == 0
        yield Evidence("0" if ok else f"gradient form {form}, unique critical point {unique}, PD {pd}, value {value}",
                       ok, {"N": N, "d": 1, "field": "any"}, exact=True,
                       note="unique critical point, positive definite Hessian, value N|x|^(2/N), balanced")


# --------------------------------------------------------------------------- Remark 16
_A = sympy.Symbol("A", positive=True)


def _orbit(w1, w2):
    """The orbit point ``A.(w_1, w_2) = (A w_1, w_2 / A)`` of the group ``R_+`` (the action (1.6), ``d = 1``)."""
    return (_A * w1, w2 / _A)


def _has_critical_point(w1, w2) -> bool:
    """Whether ``psi(A) = ||A.w||^2`` has a critical point on ``A > 0`` (solved by SymPy)."""
    psi = sum(c ** 2 for c in _orbit(w1, w2))
    dpsi = sympy.diff(psi, _A)
    if sympy.simplify(dpsi) == 0:
        return True                      # psi constant: every A is critical
    return bool(sympy.solve(sympy.Eq(dpsi, 0), _A))


def _orbit_closed(w1, w2) -> bool:
    """Whether the orbit ``{A.w : A > 0}`` is closed in R^2: every finite limit of ``A.w`` as ``A -> 0+`` or
    ``A -> oo`` must lie on the orbit (the orbit is the image of a continuous curve, so these are its only
    possible limit points outside it)."""
    pt = _orbit(w1, w2)
    for end in (0, sympy.oo):
        lim = [sympy.limit(c, _A, end, "+" if end == 0 else "-") for c in pt]
        if all(v.is_finite for v in lim):
            on = sympy.solve([sympy.Eq(c, v) for c, v in zip(pt, lim)], _A, dict=True)
            if not on and not all(sympy.simplify(c - v) == 0 for c, v in zip(pt, lim)):
                return False
    return True


#: points of each kind: the hyperbola branches, the four open semi-axes, the origin
_R16_POINTS = [(2, 3), (-1, 2), (3, -5), (0, 3), (0, -3), (2, 0), (-2, 0), (0, 0)]


def check_remark16(opts, negative: bool = False):
    r"""Remark 16 (``d = 1, N = 2``, ``A > 0`` acting by ``(w_1, w_2) -> (A w_1, w_2/A)``): the orbits that are
    not closed are exactly the open semi-axes ``{w_1 w_2 = 0, w != 0}``, and (Theorem 13) an orbit is closed iff
    ``psi(A) = ||A.w||^2`` has a critical point. For each sample point, closedness is decided from the limits
    of the orbit (:func:`_orbit_closed`) and the critical point by solving ``psi' = 0``, independently.

    Negative control: the wrong statement "the non-closed orbits are the hyperbola branches ``w_1 w_2 != 0``",
    tested on the same points by the same two computations."""
    wrong = []
    for w1, w2 in _R16_POINTS:
        closed, crit = _orbit_closed(w1, w2), _has_critical_point(w1, w2)
        semi_axis = w1 * w2 == 0 and (w1, w2) != (0, 0)
        stated_not_closed = (w1 * w2 != 0) if negative else semi_axis
        if closed == stated_not_closed or closed != crit:
            wrong.append((w1, w2))
    ok = not wrong
    yield Evidence("0" if ok else f"{len(wrong)} of {len(_R16_POINTS)} points contradict it: {wrong}", ok,
                   {"N": 2, "d": 1, "field": "R"}, exact=True,
                   note="orbit closure from its limits; critical points of psi solved; non-closed = open semi-axes")


# --------------------------------------------------------------------------- Figure 1.1
def check_figure11(opts, negative: bool = False):
    r"""Figure 1.1, derived: for ``d = 1, N = 2`` over R the fibre ``w_2 w_1 = x`` is a hyperbola,
    the moment level sets ``w_1^2 - w_2^2 = g`` are hyperbolas meeting it orthogonally, the balanced
    variety ``G = 0`` is the pair of lines ``w_2 = +-w_1`` (the asymptotes of the moment level
    sets), and the minimisers of ``|w|^2`` on the fibre (Lagrange) are ``+-(sqrt x, sqrt x)`` for
    ``x > 0`` and ``+-(sqrt(-x), -sqrt(-x))`` for ``x < 0``: exactly the balanced points of the fibre.
    Negative control: the caption's four points ``(+-sqrt x, +-sqrt x)`` as the minimisers."""
    w1, w2, lam = sympy.symbols("w1 w2 lam", real=True)
    W = [sympy.Matrix([[w1]]), sympy.Matrix([[w2]])]
    X = end_to_end(W)[0, 0]
    G = moments(W)[0][0, 0]
    res = []
    grad_x = sympy.Matrix([sympy.diff(X, w1), sympy.diff(X, w2)])
    grad_g = sympy.Matrix([sympy.diff(G, w1), sympy.diff(G, w2)])
    res.append(sympy.expand(grad_x.dot(grad_g)) == 0)   # orthogonal foliation
    bal = sympy.solve(sympy.Eq(G, 0), w2)
    res.append(set(bal) == {w1, -w1})
    for xv in (4, -4, sympy.Rational(9, 4)):
        L = w1 ** 2 + w2 ** 2 - lam * (X - xv)
        sols = sympy.solve([sympy.diff(L, v) for v in (w1, w2, lam)], [w1, w2, lam], dict=True)
        pts = {(s[w2], s[w1]) for s in sols if all(v.is_real for v in s.values())}
        r = sympy.sqrt(abs(xv))
        expected = {(r, r), (-r, -r)} if xv > 0 else {(r, -r), (-r, r)}
        if negative:  # the caption's four points
            expected = {(s1 * r, s2 * r) for s1 in (1, -1) for s2 in (1, -1)}
        res.append(pts == expected)
        res.append(all(G.subs({w2: p[0], w1: p[1]}) == 0 for p in pts))  # balanced
    ok = all(res)
    yield Evidence("0" if ok else f"{res.count(False)} of {len(res)} sub-statements fail", ok,
                   {"N": 2, "d": 1, "field": "R"}, exact=True,
                   note="hyperbolas, orthogonal foliation, balanced lines, minimisers = balanced points")
