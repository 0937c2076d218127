r"""Exact checks that are not polynomial identities: solving, minimising, counting.

They use SymPy on small explicit cases (``d = 1``, exact rational points) and the
exact matrices of :mod:`dlnsym.symbolic.explicit`.
"""

from __future__ import annotations

import random
from fractions import Fraction

import sympy

from ..formulas import H_operator, moments, tangent_vector
from ..symbolic.explicit import EM, P, Ring
from ..symbolic.freealg import letter, riesz
from .builders import H_printed

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
def check_conservation_window(opts, negative: bool = False):
    r"""Section 1.4.1 for every ``N`` and ``k``: write ``X = L W_{k+1} W_k R`` with ``L``, ``R`` opaque
    products (``L = I`` or ``R = I`` at the ends). The Riesz gradient of ``Re Tr(Y^* dX)`` with
    respect to ``W_k, W_{k+1}`` gives ``dG_k = 0`` along ``-grad``, for every ``d``."""
    from ..symbolic.freealg import NC, retr

    L, R, Y = letter("L"), letter("R"), letter("Y")
    Wk, Wk1 = letter("W", 1), letter("W", 2)
    Vk, Vk1 = letter("V", 1), letter("V", 2)
    one = NC.one()
    res, neg = [], []
    for Lm, Rm in [(L, R), (L, one), (one, R), (one, one)]:
        dX = Lm @ Vk1 @ Wk @ Rm + Lm @ Wk1 @ Vk @ Rm   # the W_k, W_{k+1} part of dX
        dE = retr(Y.H @ dX)
        vk, vk1 = -riesz(dE, "V", 1), -riesz(dE, "V", 2)  # dW/dt = -grad
        res.append(vk @ Wk.H + Wk @ vk.H - vk1.H @ Wk1 - Wk1.H @ vk1)
        vk, vk1 = vk - Wk, vk1 - Wk1                    # negative control: add weight decay
        neg.append(vk @ Wk.H + Wk @ vk.H - vk1.H @ Wk1 - Wk1.H @ vk1)
    ok = all(r.is_zero() for r in (neg if negative else res))
    return ("0" if ok else "nonzero", ok, {"N": "any", "d": "any", "field": "any"}, None,
            "window X = L W_{k+1} W_k R, L and R opaque (any N, any k)")


def check_tangency_window(opts, negative: bool = False):
    r"""Remark 11 / (2.3) for every ``N``: in ``dX(w_c) = sum_j L_j (w_c)_j R_j`` the terms in ``c_k``
    come from layers ``k`` and ``k+1`` only, and cancel: ``L W_{k+1} c_k W_k R`` appears with both
    signs. Checked with ``L``, ``R`` opaque, for every ``d``."""
    L, R = letter("L"), letter("R")
    Wk, Wk1 = letter("W", 1), letter("W", 2)
    ck = letter("c", 1)
    wk = ck @ Wk          # the c_k part of (w_c)_k
    wk1 = -(Wk1 @ ck) if not negative else Wk1 @ ck   # the c_k part of (w_c)_{k+1} (negative: sign flipped)
    dX = L @ Wk1 @ wk @ R + L @ wk1 @ Wk @ R
    ok = dX.is_zero()
    return ("0" if ok else f"{len(dX)} terms", ok, {"N": "any", "d": "any", "field": "any"}, None,
            "window: the c_k terms of dX(w_c) cancel (any N, any k)")


def check_lemma1_window(opts, printed: bool = False):
    r"""Lemma 1 (proof) for every ``N``, by induction down from the top layer.

    Claim: ``A_k = P_{k+1}^{-1} Q_N M_k`` with ``P_{k+1} = W_N \cdots W_{k+1}`` and ``M_k = Lam^{N-k}``
    (both opaque invertible letters). The corrected recursion ``A_{k-1} = W_k^{-1} A_k Lam`` keeps this
    form (``P_k = P_{k+1} W_k``, ``M_{k-1} = M_k Lam``) and gives ``(A.C)_k = A_k Lam A_{k-1}^{-1} = W_k``;
    at the top ``A_{N-1} = W_N^{-1} Q_N Lam`` gives ``(A.C)_N = Q_N Lam A_{N-1}^{-1} = W_N``; at the bottom
    ``A_1 Lam Q_0^* = P_2^{-1} Q_N Lam^N Q_0^* = P_2^{-1} X = W_1``. ``printed=True`` uses the printed
    ``A_{N-1} = Q_N Lam W_N^{-1}``, which fails at the top."""
    Lam = letter("Lambda", kind="h")
    QN, Q0 = letter("Q", 9, "u"), letter("Q", 0, "u")
    P, M, Wk = letter("P"), letter("M", kind="h"), letter("W", 5)
    WN, WN1 = letter("W", 9), letter("W", 8)
    Ak = P.inverse() @ QN @ M
    Akm1 = Wk.inverse() @ Ak @ Lam
    step = (Ak @ Lam @ Akm1.inverse() - Wk).is_zero()
    form = (Akm1 - (P @ Wk).inverse() @ QN @ (M @ Lam)).is_zero()
    top_A = (QN @ Lam @ WN.inverse()) if printed else (WN.inverse() @ QN @ Lam)
    top = (QN @ Lam @ top_A.inverse() - WN).is_zero()
    # the top A_{N-1} must have the inductive form with P_N = W_N, M_{N-1} = Lam
    top_form = (top_A - WN.inverse() @ QN @ Lam).is_zero()
    # bottom: A_1 Lam Q_0^* with A_1 = P_2^{-1} Q_N Lam^{N-1}; X = Q_N Lam^N Q_0^*, W_1 = P_2^{-1} X
    P2 = letter("P", 2)
    A1 = P2.inverse() @ QN @ M
    W1 = P2.inverse() @ QN @ M @ Lam @ Q0.H
    bottom = (A1 @ Lam @ Q0.H - W1).is_zero()
    _ = WN1
    ok = step and form and top and top_form and bottom
    return ("0" if ok else f"step {step}, form {form}, top {top}, bottom {bottom}", ok,
            {"N": "any", "d": "any", "field": "any"}, None,
            ("printed A_{N-1}" if printed else "corrected recursion") + ": induction step, top and bottom (any N)")


def check_lemma1_window_printed(opts):
    return check_lemma1_window(opts, printed=True)


# --------------------------------------------------------------------------- (2.21)
def check_eq221_not_equivalent(opts, negative: bool = False):
    r"""(2.21) alone is not equivalent to (2.19): at exact rational full-rank states the real-linear
    map ``b -> H(b) + H(b)^*`` has a kernel of dimension ``(N-1) d(d-1)/2`` over R and ``(N-1) d^2``
    over C, while ``H`` itself is injective. With ``H(b)^* = H(b)`` (the corrected (2.20)) the two
    systems are equivalent."""
    out = []
    for N, d, field in [(2, 1, "C"), (2, 2, "R"), (3, 2, "C"), (3, 2, "R")]:
        ring = Ring()
        W = rational_state(N, d, field, seed=10 * N + d, ring=ring)
        M, c = H_matrix(W, field)
        # matrix of c -> H(c) + H(c)^*
        Hc = H_operator(W, c)
        herm = [h + h.H for h in Hc]
        K = _linear_map_matrix(herm, c, field)
        kernel = K.shape[1] - (M.rank() if negative else K.rank())  # negative: the kernel of H itself
        expected = (N - 1) * (d * d if field == "C" else d * (d - 1) // 2)
        injective = M.rank() == M.shape[1]
        ok = kernel == expected and kernel > 0 and injective
        out.append((f"dim ker(b -> H(b)+H(b)^*) = {kernel}, expected {expected}; H injective: {injective}",
                    ok, {"N": N, "d": d, "field": field}, None,
                    "(2.21) alone has a nontrivial solution space: not equivalent to (2.19)"))
    return out


# --------------------------------------------------------------------------- Theorem 2 exactly
def check_theorem2_exact(opts, negative: bool = False):
    r"""Theorem 2 at exact rational states: solve ``H(b) = G`` (2.19) exactly, then
    ``dG/dt = dG(-w_b)`` (differentiated along the curve ``W - tau w_b``) equals ``-2G`` exactly,
    while ``dG w_b = +2G`` (the printed ``dG w_b = -2G`` has the wrong sign)."""
    from ..matrix import Dual

    out = []
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
        out.append(("0" if ok else "nonzero", ok, {"N": N, "d": d, "field": field}, None,
                    "exact rational state: H(b) = G solved exactly; dG/dt = -2G"))
    return out


# --------------------------------------------------------------------------- H is an isomorphism (d = 1)
def check_H_iso_d1(opts, negative: bool = False):
    r"""Theorem 10 (proof), ``d = 1``: ``H`` is the tridiagonal matrix with diagonal
    ``|w_k|^2 + |w_{k+1}|^2`` and off-diagonal ``-|w_{k+1}|^2``; its determinant is the elementary
    symmetric polynomial ``e_{N-1}(|w_1|^2, ..., |w_N|^2)``, positive when at most one ``w_k``
    vanishes, in particular when ``x`` has full rank."""
    out = []
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
        ok = same and sympy.expand(det - e) == 0
        out.append(("0" if ok else str(sympy.expand(det - e)), ok, {"N": N, "d": 1, "field": "R"},
                    None, "det H = e_{N-1}(|w_1|^2, ..., |w_N|^2) > 0"))
    return out


# --------------------------------------------------------------------------- Theorem 1, d = 1
def check_theorem1_d1(opts, negative: bool = False):
    r"""Theorem 1 for ``d = 1`` (over R and C only the moduli ``r_k = |w_k|`` matter). In group
    coordinates ``r_k = |x|^{1/N} e^{t_k - t_{k-1}}`` (``t_0 = t_N = 0``) the fibre is ``R^{N-1}`` and
    ``||w||^2 = |x|^{2/N} sum_k e^{2(t_k - t_{k-1})}``. Its only critical point is ``t = 0``, the
    Hessian there is positive definite, the function is convex (a sum of exponentials of linear
    forms), so ``t = 0`` is the global minimum, with value ``N |x|^{2/N}``; at it all ``|w_k|`` are
    equal, i.e. ``G = 0``."""
    out = []
    x = sympy.Symbol("x", positive=True)  # |x|
    for N in range(2, 6):
        t = sympy.symbols(f"t1:{N}", real=True)
        tt = (0,) + t + (0,)
        f = x ** sympy.Rational(2, N) * sum(sympy.exp(2 * (tt[k] - tt[k - 1])) for k in range(1, N + 1))
        grad = [sympy.diff(f, v) for v in t]
        # with s_k = t_k - t_{k-1}: df/dt_j = 2 |x|^{2/N} (e^{2 s_j} - e^{2 s_{j+1}})
        s = [tt[k] - tt[k - 1] for k in range(1, N + 1)]
        form = all(sympy.simplify(g - 2 * x ** sympy.Rational(2, N) * (sympy.exp(2 * s[j]) - sympy.exp(2 * s[j + 1])))
                   == 0 for j, g in enumerate(grad))
        # so grad f = 0 iff all s_k are equal; since sum_k s_k = t_N - t_0 = 0, iff s = 0 iff t = 0
        telescopes = sympy.simplify(sum(s)) == 0
        crit_ok = form and telescopes
        Hs = sympy.hessian(f, t).subs({v: 0 for v in t})
        pd = all(m > 0 for m in [sympy.simplify(Hs[:i, :i].det() / x ** (sympy.Rational(2 * i, N)))
                                 for i in range(1, N)])
        target = N * x ** sympy.Rational(1 if negative else 2, N)  # negative: the value N |x|^(1/N)
        value = sympy.simplify(f.subs({v: 0 for v in t}) - target) == 0
        ok = crit_ok and pd and value
        out.append(("0" if ok else "critical set / Hessian / value mismatch", ok,
                    {"N": N, "d": 1, "field": "any"}, None,
                    "unique critical point, positive definite Hessian, value N|x|^(2/N), balanced"))
    return out


# --------------------------------------------------------------------------- Remark 16
def check_remark16(opts, negative: bool = False):
    r"""Remark 16 (``d = 1, N = 2``, ``A > 0`` acting by ``(w_2, w_1) -> (w_2/A, A w_1)``).
    ``psi(A) = w_2^2/A^2 + A^2 w_1^2`` has a critical point iff ``w_1 w_2 != 0`` or ``w = 0``
    (Theorem 13: iff the orbit is closed). On a semi-axis ``w_1 = 0 != w_2`` the orbit is the open
    semi-axis: ``(0, 0)`` is a limit point (``A -> oo``) outside it, so it is not closed."""
    A = sympy.Symbol("A", positive=True)
    w1, w2 = sympy.symbols("w1 w2", real=True)
    psi = w2 ** 2 / A ** 2 + A ** 2 * w1 ** 2
    dpsi = sympy.diff(psi, A)
    res = []
    # generic point: unique critical point A^4 = w2^2 / w1^2
    crit = sympy.solve(sympy.Eq(dpsi.subs({w1: 2, w2: 3}), 0), A)
    res.append(crit == [sympy.sqrt(6) / 2])
    # semi-axis w1 = 0, w2 != 0: no critical point and the infimum 0 is not attained
    semi = dpsi.subs(w1, 0)
    has_crit = sympy.solve(sympy.Eq(semi.subs(w2, 3), 0), A) != []
    res.append(has_crit if negative else not has_crit)  # negative: 'the semi-axis orbit has a critical point'
    res.append(sympy.limit(psi.subs({w1: 0, w2: 3}), A, sympy.oo) == 0)
    # the orbit point (w2/A, A w1) tends to (0, 0) as A -> oo, and (0, 0) is not in the orbit
    res.append(sympy.limit(3 / A, A, sympy.oo) == 0 and sympy.solve(sympy.Eq(3 / A, 0), A) == [])
    # hyperbola orbit: A -> (w2/A, A w1) is onto the branch {u v = w1 w2, sign u = sign w2}
    u = sympy.Symbol("u", positive=True)
    Asol = sympy.solve(sympy.Eq(3 / A, u), A)
    res.append(Asol == [3 / u] and sympy.simplify((Asol[0] * 2) * u - 6) == 0)
    ok = all(res)
    return ("0" if ok else f"{res}", ok, {"N": 2, "d": 1, "field": "R"}, None,
            "closed orbits <=> psi has a critical point; semi-axes are not closed")


# --------------------------------------------------------------------------- Figure 1.1
def check_figure11_printed(opts):
    r"""Figure 1.1 caption as printed: the minimisers are the four points ``(+-sqrt x, +-sqrt x)``.
    Two of them, ``(sqrt x, -sqrt x)`` and ``(-sqrt x, sqrt x)``, have ``w_2 w_1 = -x``: they are
    not on the fibre (and for ``x < 0`` none of the four is real)."""
    x = sympy.Symbol("x", positive=True)
    pts = [(s1 * sympy.sqrt(x), s2 * sympy.sqrt(x)) for s1 in (1, -1) for s2 in (1, -1)]
    on_fibre = [sympy.simplify(p[0] * p[1] - x) == 0 for p in pts]
    ok = all(on_fibre)
    return (f"{on_fibre.count(False)} of 4 printed points off the fibre w2 w1 = x", ok,
            {"N": 2, "d": 1, "field": "R"}, None, "caption as printed")


def check_figure11(opts, negative: bool = False):
    r"""Figure 1.1, derived: for ``d = 1, N = 2`` over R the fibre ``w_2 w_1 = x`` is a hyperbola,
    the moment level sets ``w_1^2 - w_2^2 = g`` are hyperbolas meeting it orthogonally, the balanced
    variety ``G = 0`` is the pair of lines ``w_2 = +-w_1`` (the asymptotes of the moment level
    sets), and the minimisers of ``|w|^2`` on the fibre (Lagrange) are ``+-(sqrt x, sqrt x)`` for
    ``x > 0`` and ``+-(sqrt(-x), -sqrt(-x))`` for ``x < 0``: exactly the balanced points of the fibre."""
    w1, w2, lam = sympy.symbols("w1 w2 lam", real=True)
    X = w2 * w1
    G = w1 ** 2 - w2 ** 2
    res = []
    grad_x = sympy.Matrix([sympy.diff(X, w1), sympy.diff(X, w2)])
    grad_g = sympy.Matrix([sympy.diff(G, w1), sympy.diff(G, w2)])
    res.append(sympy.expand(grad_x.dot(grad_g)) == 0)   # orthogonal foliation
    bal = sympy.solve(sympy.Eq(G, 0), w2)
    res.append(set(bal) == {w1, -w1})
    for xv in (4, -4, sympy.Rational(9, 4)):
        L = w1 ** 2 + w2 ** 2 - lam * (w2 * w1 - xv)
        sols = sympy.solve([sympy.diff(L, v) for v in (w1, w2, lam)], [w1, w2, lam], dict=True)
        pts = {(s[w2], s[w1]) for s in sols if all(v.is_real for v in s.values())}
        r = sympy.sqrt(abs(xv))
        expected = {(r, r), (-r, -r)} if xv > 0 else {(r, -r), (-r, r)}
        if negative:  # the caption's four points
            expected = {(s1 * r, s2 * r) for s1 in (1, -1) for s2 in (1, -1)}
        res.append(pts == expected)
        res.append(all(sympy.simplify(p[0] ** 2 - p[1] ** 2) == 0 for p in pts))  # balanced
    ok = all(res)
    return ("0" if ok else f"{res}", ok, {"N": 2, "d": 1, "field": "R"}, None,
            "hyperbolas, orthogonal foliation, balanced lines, minimisers = balanced points")
