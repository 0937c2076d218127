"""The FLINT/Arb backend: the matrix protocol on ball matrices, the series engine, the two backends side by side,
and the rigorous bounds.

The mpmath path is the reference: at dps = 50 every numeric quantity computed on FLINT must agree with the mpmath
one to at least 45 digits (``AGREE``)."""

from __future__ import annotations

import flint
import mpmath
import pytest

from dlnsym.backends.arb import FMat, arb_to_mp, flint_state, from_flint, mp_to_arb, to_fmat, upper
from dlnsym.formulas import (
    H_operator,
    act,
    inner,
    kirwan_ness_field,
    moments,
    tangent_adjoint,
    tangent_vector,
)
from dlnsym.matrix import Dual
from dlnsym.numeric.common import random_state, working

DPS = 50
AGREE = mpmath.mpf(10) ** -45


def _rel(A, B):
    with mpmath.workdps(DPS + 20):
        num = max(mpmath.mnorm(a - b, "inf") for a, b in zip(A, B))
        den = max(1, max(mpmath.mnorm(b, "inf") for b in B))
        return num / den


# --------------------------------------------------------------------------- protocol and precision
def test_conversion_is_exact_and_working_restores_both_precisions():
    with working(30):
        x = mpmath.mpf(1) / 3
        a = mp_to_arb(x)
        assert a.rad() == 0 and arb_to_mp(a) == x
        prec = flint.ctx.prec
        assert prec == mpmath.mp.prec
    assert flint.ctx.prec != prec or mpmath.mp.prec == prec


@pytest.mark.parametrize("field", ["R", "C"])
def test_shared_formulas_and_jets_on_ball_matrices(field):
    W = random_state(3, 2, field, seed=1, dps=DPS)
    a = random_state(3, 2, field, seed=2, dps=DPS)[:2]
    with working(DPS):
        F, A = flint_state(W), flint_state(a, complex_=field == "C")
        for f in (moments, kirwan_ness_field, lambda V: H_operator(V, A if isinstance(V[0], FMat) else a),
                  lambda V: act(A if isinstance(V[0], FMat) else a, V)):
            ref, got = f(W), f(F)
            assert _rel([from_flint(g) for g in got], ref) < AGREE
            # the balls contain the exact value of the formula at the (exact) mpmath inputs
            assert upper([g - to_fmat(r, complex_=field == "C") for g, r in zip(got, ref)]) < AGREE
        J = inner([Dual(x, v) for x, v in zip(F, tangent_vector(F, A))],
                  [Dual(x, v) for x, v in zip(F, tangent_vector(F, A))])
        J0 = inner([Dual(x, v) for x, v in zip(W, tangent_vector(W, a))],
                   [Dual(x, v) for x, v in zip(W, tangent_vector(W, a))])
        assert abs(arb_to_mp(J.der) - J0.der) < AGREE * abs(J0.der)


def test_H_is_Z_of_w_exactly():
    """(2.8) is ``Z o w`` with ``Z`` the adjoint of ``a -> w_a`` (Lemma 3): the identity the regularizing flow's
    Taylor scheme relies on, exact in the free algebra (matrix letters of symbolic size), N = 2..5."""
    from dlnsym.symbolic.freealg import letter

    for N in range(2, 6):
        W = [letter("W", k) for k in range(1, N + 1)]
        c = [letter("c", k) for k in range(1, N)]
        diff = [h - z for h, z in zip(H_operator(W, c), tangent_adjoint(W, tangent_vector(W, c)))]
        assert all(x.is_zero() for x in diff)
        # control: Z with the sign of its second term flipped is not the adjoint of w (every N)
        V = tangent_vector(W, c)
        wrong = [V[k - 1] @ W[k - 1].H + W[k].H @ V[k] for k in range(1, N)]
        assert not all((h - z).is_zero() for h, z in zip(H_operator(W, c), wrong))


# --------------------------------------------------------------------------- both backends at dps 50
@pytest.mark.parametrize("N,d,field", [(2, 2, "R"), (3, 2, "C"), (4, 3, "C")])
def test_structured_solve_flint_agrees_with_mpmath(N, d, field):
    from dlnsym.numeric.solve import regularizing_gradient, solve_H

    W = random_state(N, d, field, seed=3, dps=DPS)
    with working(DPS):
        G = moments(W)
    assert _rel(solve_H(W, G, dps=DPS), solve_H(W, G, dps=DPS, backend="mpmath")) < AGREE
    assert _rel(regularizing_gradient(W, dps=DPS), regularizing_gradient(W, dps=DPS, backend="mpmath")) < AGREE


@pytest.mark.parametrize("N,d,field,t", [(2, 2, "R", "1"), (3, 2, "C", "0.5")])
def test_regularizing_flow_taylor_agrees_with_mpmath_gbs(N, d, field, t):
    from dlnsym.numeric.flows import regularizing_flow

    W0 = random_state(N, d, field, seed=2, dps=DPS)
    assert _rel(regularizing_flow(W0, t, dps=DPS), regularizing_flow(W0, t, dps=DPS, method="gbs")) < AGREE


def test_kirwan_ness_taylor_agrees_with_mpmath_gbs_and_heyoka():
    from dlnsym.numeric.gbs import integrate
    from dlnsym.numeric.taylor import taylor_integrate

    W0 = random_state(3, 2, "C", seed=1, dps=DPS)
    Wt = taylor_integrate(kirwan_ness_field, W0, "0.5", dps=DPS)
    Wg = integrate(lambda s, y: kirwan_ness_field(y), W0, "0.5", dps=DPS)
    assert _rel(Wt, Wg) < AGREE
    try:
        import heyoka  # noqa: F401

        from dlnsym.numeric.checks_flows import heyoka_kirwan_ness_flow
    except ImportError:
        return
    assert _rel(Wt, heyoka_kirwan_ness_flow(W0, "0.5", dps=DPS)) < AGREE


def test_flint_io_returns_flint_matrices():
    from dlnsym.numeric.taylor import taylor_integrate

    W0 = random_state(2, 2, "C", seed=1, dps=30)
    with working(30):
        F0 = [to_fmat(M).m for M in W0]
    out = taylor_integrate(kirwan_ness_field, F0, "0.25", dps=30)
    assert all(isinstance(M, flint.acb_mat) for M in out)
    ref = taylor_integrate(kirwan_ness_field, W0, "0.25", dps=30)
    with working(30):
        assert _rel([from_flint(M) for M in out], ref) < mpmath.mpf(10) ** -28


@pytest.mark.parametrize("field", ["R", "C"])
def test_kempf_ness_hessian_balls_agree_with_mpmath(field):
    from dlnsym.numeric.bounds import psi_hessian_balls
    from dlnsym.numeric.kempf_ness import psi_hessian

    W = random_state(3, 2, field, seed=4, dps=DPS)
    B, basis = psi_hessian(W, dps=DPS)
    with working(DPS):
        Bb = psi_hessian_balls(W, basis)
        err = max(abs(arb_to_mp(Bb[i, j]) - B[i, j]) for i in range(B.rows) for j in range(B.cols))
        assert err < AGREE * max(abs(B[i, i]) for i in range(B.rows))


def test_certified_spectrum_of_H_contains_mpmath_eigenvalues():
    from dlnsym.numeric.hsolve import H_spectrum
    from dlnsym.numeric.solve import H_eigenvalues

    W = random_state(3, 2, "C", seed=5, dps=DPS)
    ev = H_eigenvalues(W, dps=DPS)
    with working(DPS):
        enc = H_spectrum(W, True)
        assert len(enc) == len(ev)
        for e, x in zip(enc, ev):
            assert abs(arb_to_mp(e) - x) < AGREE * ev[-1]


# --------------------------------------------------------------------------- the series engine
def test_series_engine_fuses_sums_of_products():
    from dlnsym.numeric.taylor import TaylorIntegrator

    W0 = random_state(3, 2, "C", seed=1, dps=30)
    I = TaylorIntegrator(kirwan_ness_field, W0, dps=30)
    kinds = [(type(n).__name__, len(n.fused.series) if n.fused else 0, n.fused.herm if n.fused else None)
             for n in I.g.order]
    assert ("Lin", 2, True) in kinds              # G_k = W_k W_k^* - W_{k+1}^* W_{k+1}: one Hermitian fused node
    assert ("Scale", 2, False) in kinds           # 2 (W_2 G_1 - G_2 W_2): one fused node
    assert not any(k == "Mul" for k, _, _ in kinds)


def test_implicit_node_solves_each_order():
    """The regularizing flow's implicit series b: every coefficient solves sum_j H^[j] b^[n-j] = G^[n]."""
    from dlnsym.numeric.regflow import regularizing_graph_field
    from dlnsym.numeric.taylor import TaylorIntegrator

    W0 = random_state(3, 2, "R", seed=2, dps=30)
    I = TaylorIntegrator(regularizing_graph_field, W0, dps=30)
    I.step(None)
    grp = I.g.implicits[0]
    with working(30):
        for n in range(I.order):
            r = [rh.coeffs[n] - lh.coeffs[n] for rh, lh in zip(grp.rhs, grp.lhs)]   # after the correction: H(b) = G
            assert upper(r) < mpmath.mpf(10) ** -35


def test_bad_inputs():
    from dlnsym.numeric.flows import regularizing_trajectory
    from dlnsym.numeric.solve import solve_H
    from dlnsym.numeric.taylor import TaylorIntegrator

    W0 = random_state(2, 2, "R", seed=1, dps=25)
    with pytest.raises(ValueError, match="backend"):
        solve_H(W0, moments(W0), dps=25, backend="numpy")
    with pytest.raises(ValueError, match="method"):
        regularizing_trajectory(W0, ["1"], dps=25, method="rk4")
    with pytest.raises(ValueError, match="tol"):
        TaylorIntegrator(kirwan_ness_field, W0, dps=25, tol=0)


# --------------------------------------------------------------------------- bounds
def test_every_bound_is_at_least_its_residual():
    from dlnsym.claims.base import Options
    from dlnsym.claims.registry import get

    opts = Options(quick=True)
    seen = 0
    for cid in ("lemma-1", "lemma-1-proof", "orbit-O_X", "alignment", "lemma-5", "theorem-10-iso", "kempf-ness"):
        for check in get(cid).checks:
            if check.method != "numeric":
                continue
            for ev in check.fn(opts):
                if ev.bound is None:
                    continue
                seen += 1
                assert mpmath.mpf(ev.bound) >= mpmath.mpf(ev.residual), (cid, ev.sizes)
    assert seen >= 10


def test_pd_certificate_rejects_a_singular_H():
    from dlnsym.numeric.checks_flows import h_certified_lambda_min, rank_deficient_state

    assert h_certified_lambda_min(random_state(3, 2, "C", seed=7, dps=30), dps=30) > 0
    assert h_certified_lambda_min(rank_deficient_state(3, 2, "C", seed=7, dps=30), dps=30) is None


def test_validated_enclosure_contains_the_solution():
    """The interval Taylor step with a Lagrange remainder (:mod:`dlnsym.numeric.validated`) encloses the flow: the
    enclosure at t = 0.1 contains a high-precision non-validated solution, and not the solution at t = 0.1001
    (control: the enclosure is tight enough to tell them apart)."""
    from dlnsym.numeric.taylor import taylor_integrate
    from dlnsym.numeric.validated import validated_flow

    W0 = random_state(2, 2, "C", seed=1, dps=40)
    r = validated_flow(kirwan_ness_field, W0, "0.1", dps=25)
    ref = taylor_integrate(kirwan_ness_field, W0, "0.1", dps=40)
    wrong = taylor_integrate(kirwan_ness_field, W0, "0.1001", dps=40)
    with working(40):
        assert r["radius"] < mpmath.mpf(10) ** -15
        assert all(E.m.contains(to_fmat(R, complex_=True).m) for E, R in zip(r["enclosure"], ref))
        assert not all(E.m.contains(to_fmat(R, complex_=True).m) for E, R in zip(r["enclosure"], wrong))
