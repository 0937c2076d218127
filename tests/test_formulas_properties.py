"""Property tests: the shared formulas on random NumPy and mpmath states, against
independent computations (finite differences at high precision, dense linear algebra)."""

import mpmath
import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dlnsym.formulas import (
    H_operator,
    act,
    end_to_end,
    inner,
    kirwan_ness_field,
    loss_gradient,
    moments,
    norm_sq,
    tangent_vector,
)
from dlnsym.matrix import adj

sizes = st.tuples(st.integers(2, 4), st.integers(1, 3), st.sampled_from(["R", "C"]), st.integers(0, 10**6))


def _np_state(N, d, field, seed, count=None):
    rng = np.random.default_rng(seed)
    n = N if count is None else count
    if field == "R":
        return [rng.standard_normal((d, d)) for _ in range(n)]
    return [rng.standard_normal((d, d)) + 1j * rng.standard_normal((d, d)) for _ in range(n)]


def _mp_state(N, d, field, seed, count=None):
    return [mpmath.matrix(M.tolist()) for M in _np_state(N, d, field, seed, count)]


def _expm_mp(a):
    return mpmath.expm(a)


@settings(max_examples=15, deadline=None)
@given(sizes)
@example((2, 1, "R", 0))
@example((3, 2, "C", 1))
def test_tangent_vector_is_velocity_of_action(sz):
    """(2.3) against a central finite difference of e^{tau a}.W at 40 digits."""
    N, d, field, seed = sz
    with mpmath.workdps(40):
        W = _mp_state(N, d, field, seed)
        a = _mp_state(N, d, field, seed + 1, N - 1)
        h = mpmath.mpf("1e-12")
        plus = act([_expm_mp(h * x) for x in a], W)
        minus = act([_expm_mp(-h * x) for x in a], W)
        fd = [(p - m) / (2 * h) for p, m in zip(plus, minus)]
        w = tangent_vector(W, a)
        err = max(mpmath.mnorm(x - y, 1) for x, y in zip(fd, w))
        assert err < mpmath.mpf("1e-20")


@settings(max_examples=15, deadline=None)
@given(sizes)
@example((2, 1, "C", 3))
def test_lemma4_finite_difference(sz):
    """dG(w_c) = H(c) + H(c)^* against finite differences of G along e^{tau c}.W."""
    N, d, field, seed = sz
    with mpmath.workdps(40):
        W = _mp_state(N, d, field, seed)
        c = _mp_state(N, d, field, seed + 2, N - 1)
        h = mpmath.mpf("1e-12")
        Gp = moments(act([_expm_mp(h * x) for x in c], W))
        Gm = moments(act([_expm_mp(-h * x) for x in c], W))
        H = H_operator(W, c)
        err = max(mpmath.mnorm((p - m) / (2 * h) - (x + adj(x)), 1) for p, m, x in zip(Gp, Gm, H))
        assert err < mpmath.mpf("1e-20")


@settings(max_examples=20, deadline=None)
@given(sizes)
def test_H_is_self_adjoint_and_positive(sz):
    """Lemma 3 on NumPy: <w_b, w_a> = sum Re Tr(b^* H(a)); H is positive definite (full rank)."""
    N, d, field, seed = sz
    W = _np_state(N, d, field, seed)
    a = _np_state(N, d, field, seed + 3, N - 1)
    b = _np_state(N, d, field, seed + 4, N - 1)
    lhs = inner(tangent_vector(W, b), tangent_vector(W, a))
    rhs = inner(b, H_operator(W, a))
    assert abs(lhs - rhs) < 1e-9 * (1 + abs(lhs))
    assert inner(a, H_operator(W, a)) > 0


@settings(max_examples=20, deadline=None)
@given(sizes)
def test_kirwan_ness_is_minus_w_2G(sz):
    N, d, field, seed = sz
    W = _np_state(N, d, field, seed)
    G = moments(W)
    w2G = tangent_vector(W, [2 * g for g in G])
    assert max(np.abs(k + w).max() for k, w in zip(kirwan_ness_field(W), w2G)) < 1e-10


@settings(max_examples=15, deadline=None)
@given(sizes)
def test_loss_gradient_finite_difference(sz):
    """The Euclidean gradient of E(X) = 1/2 ||X - Y||^2 against finite differences, at 40 digits."""
    N, d, field, seed = sz
    with mpmath.workdps(40):
        W = _mp_state(N, d, field, seed)
        Y = _mp_state(1, d, field, seed + 5)[0]
        V = _mp_state(N, d, field, seed + 6)
        E = lambda Ws: norm_sq([end_to_end(Ws) - Y]) / 2
        h = mpmath.mpf("1e-12")
        fd = (E([w + h * v for w, v in zip(W, V)]) - E([w - h * v for w, v in zip(W, V)])) / (2 * h)
        grad = loss_gradient(W, end_to_end(W) - Y)
        assert abs(fd - inner(grad, V)) < mpmath.mpf("1e-18")


@settings(max_examples=15, deadline=None)
@given(sizes)
def test_action_preserves_X_and_unitary_preserves_norm(sz):
    N, d, field, seed = sz
    W = _np_state(N, d, field, seed)
    A = [x + 3 * np.eye(d) for x in _np_state(N, d, field, seed + 7, N - 1)]
    assert np.abs(end_to_end(act(A, W)) - end_to_end(W)).max() < 1e-8 * (1 + np.abs(end_to_end(W)).max())
    Q = [np.linalg.qr(x)[0] for x in _np_state(N, d, field, seed + 8, N - 1)]
    assert abs(norm_sq(act(Q, W)) - norm_sq(W)) < 1e-9 * norm_sq(W)


def test_validate_state_messages():
    import pytest

    from dlnsym.formulas import validate_state

    with pytest.raises(ValueError, match="depth N >= 2"):
        validate_state([np.eye(2)])
    with pytest.raises(ValueError, match="square"):
        validate_state([np.ones((2, 3)), np.ones((2, 3))])
    with pytest.raises(ValueError, match="one width d"):
        validate_state([np.eye(2), np.eye(3)])
    assert validate_state([np.eye(3)] * 4) == 3


def test_as_state_reads_strings_at_full_precision():
    from dlnsym.numeric.common import as_state

    (M, _) = as_state([[["0.1"]], [["1"]]], dps=50)
    with mpmath.workdps(60):
        assert abs(M[0, 0] - mpmath.mpf("0.1")) < mpmath.mpf(10) ** -55
