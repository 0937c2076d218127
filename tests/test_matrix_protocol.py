"""The matrix protocol of :mod:`dlnsym.matrix`, backend by backend, against independent definitions.

Every formula of :mod:`dlnsym.formulas` runs on these operations, so each backend must implement them
exactly: ``adj(A)_ij = conj(A_ji)``, the zero and identity of the same size, ``inv(A) A = I``,
``Tr A = sum_i A_ii``, ``Re Tr``, ``Re Tr(A B)``, and the size. The reference values are computed
here from the entries of one fixed complex matrix with Python's own complex arithmetic, never by the
backend under test. The input validation of :func:`dlnsym.formulas.validate_state` and the accessor
:func:`dlnsym.formulas.layer` are checked with the exact messages they promise.

These tests are also the first half of the mutation runner (``tools/mutation_runner.py``).
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy

from dlnsym.formulas import (
    H_operator,
    act,
    inner,
    kirwan_ness_field,
    layer,
    loss_gradient,
    tangent_adjoint,
    tangent_vector,
    validate_state,
)
from dlnsym.matrix import Dual, adj, eye_like, inv, re_trace, re_trace_product, size_of, trace, zeros_like
from dlnsym.symbolic.explicit import EM, Ring

#: a fixed complex 3 x 3 matrix with small integer parts, invertible (det = 28 - 42i); B a second one
A_ENTRIES = [[(2, 1), (0, -1), (1, 0)], [(1, 2), (3, 0), (0, 1)], [(0, 0), (1, -2), (1, 1)]]
B_ENTRIES = [[(1, 0), (2, 1), (0, 0)], [(0, -1), (1, 1), (3, 0)], [(2, 0), (0, 0), (1, -1)]]


def _c(e):
    return complex(e[0], e[1])


def _ref(entries):
    return [[_c(e) for e in row] for row in entries]


def _mul(X, Y):
    n = len(X)
    return [[sum(X[i][k] * Y[k][j] for k in range(n)) for j in range(n)] for i in range(n)]


A_REF, B_REF = _ref(A_ENTRIES), _ref(B_ENTRIES)
TR_A = sum(A_REF[i][i] for i in range(3))
RETR_AB = sum(_mul(A_REF, B_REF)[i][i] for i in range(3)).real


# --------------------------------------------------------------------------- backends
def _np(entries):
    return np.array(_ref(entries), dtype=complex)


def _mp(entries):
    return mpmath.matrix([[mpmath.mpc(*e) for e in row] for row in entries])


def _sp(entries):
    return sympy.Matrix([[e[0] + sympy.I * e[1] for e in row] for row in entries])


RING = Ring()


def _em(entries):
    return EM.const([[(Fraction(e[0]), Fraction(e[1])) for e in row] for row in entries], RING)


def _entries_np(M):
    return [[complex(x) for x in row] for row in np.asarray(M)]


def _entries_mp(M):
    return [[complex(M[i, j]) for j in range(M.cols)] for i in range(M.rows)]


def _entries_sp(M):
    return [[complex(sympy.N(M[i, j])) for j in range(M.cols)] for i in range(M.rows)]


def _entries_em(M):
    out = []
    for row in M.rows:
        r = []
        for p in row:
            re, im = p.const_value()
            r.append(complex(re, im))
        out.append(r)
    return out


def _fm(entries):
    from dlnsym.backends.arb import to_fmat

    return to_fmat(_mp(entries))


def _entries_fm(M):
    from dlnsym.backends.arb import from_fmat

    return _entries_mp(from_fmat(M))


def _lm(entries):
    from dlnsym.backends.lmat import LMat

    return LMat.from_mp(_mp(entries))


def _entries_lm(M):
    return _entries_mp(M.to_mp())


BACKENDS = {"numpy": (_np, _entries_np), "mpmath": (_mp, _entries_mp), "sympy": (_sp, _entries_sp),
            "explicit": (_em, _entries_em), "flint": (_fm, _entries_fm), "lmat": (_lm, _entries_lm)}


def _close(X, Y, tol=1e-12):
    return all(abs(x - y) <= tol for rx, ry in zip(X, Y) for x, y in zip(rx, ry)) and len(X) == len(Y)


def _scalar(x) -> complex:
    if hasattr(x, "const_value"):
        re, im = x.const_value()
        return complex(re, im)
    return complex(sympy.N(x)) if isinstance(x, sympy.Basic) else complex(x)


@pytest.mark.parametrize("name", BACKENDS)
def test_adjoint_is_the_conjugate_transpose(name):
    make, entries = BACKENDS[name]
    got = entries(adj(make(A_ENTRIES)))
    assert _close(got, [[A_REF[j][i].conjugate() for j in range(3)] for i in range(3)])


@pytest.mark.parametrize("name", BACKENDS)
def test_zeros_and_identity_of_the_same_size(name):
    make, entries = BACKENDS[name]
    A = make(A_ENTRIES)
    assert _close(entries(zeros_like(A)), [[0] * 3 for _ in range(3)])
    assert _close(entries(eye_like(A)), [[1 if i == j else 0 for j in range(3)] for i in range(3)])


@pytest.mark.parametrize("name", BACKENDS)
def test_inverse(name):
    make, entries = BACKENDS[name]
    A = make(A_ENTRIES)
    got = _mul(entries(inv(A)), A_REF)
    assert _close(got, [[1 if i == j else 0 for j in range(3)] for i in range(3)], 1e-10)


@pytest.mark.parametrize("name", BACKENDS)
def test_traces(name):
    make, _ = BACKENDS[name]
    A, B = make(A_ENTRIES), make(B_ENTRIES)
    if name != "explicit":   # EM's trace is an exact polynomial: compared through re_trace and its const_value
        assert abs(_scalar(trace(A)) - TR_A) < 1e-12
    assert abs(_scalar(re_trace(A)) - TR_A.real) < 1e-12
    assert abs(_scalar(re_trace_product(A, B)) - RETR_AB) < 1e-12


@pytest.mark.parametrize("name", BACKENDS)
def test_size(name):
    make, _ = BACKENDS[name]
    assert size_of(make(A_ENTRIES)) == 3


def test_matrix_symbols_of_symbolic_size():
    d = sympy.Symbol("d", integer=True, positive=True)
    M = sympy.MatrixSymbol("M", d, d)
    assert adj(M) == sympy.adjoint(M) and adj(M) != M.T
    assert zeros_like(M) == sympy.ZeroMatrix(d, d) and eye_like(M) == sympy.Identity(d)
    assert inv(M) == M.inverse() and trace(M) == sympy.Trace(M) and size_of(M) == d


def test_dual_jets_follow_the_product_rule():
    """d/dtau of A(tau) = A + tau V through adj, inv, re_trace and products, against finite differences."""
    A, V = _np(A_ENTRIES), _np(B_ENTRIES)
    J = Dual(A, V)
    h = 1e-6

    def fd(f):
        return (f(A + h * V) - f(A - h * V)) / (2 * h)

    assert np.allclose(adj(J).der, fd(lambda M: M.conj().T))
    assert np.allclose(inv(J).der, fd(np.linalg.inv), atol=1e-6)
    assert np.allclose((J @ J).der, fd(lambda M: M @ M))
    assert abs(re_trace(J @ J).der - fd(lambda M: np.trace(M @ M)).real) < 1e-6
    assert abs(re_trace_product(J, J).der - fd(lambda M: np.trace(M @ M)).real) < 1e-6
    assert abs(re_trace_product(J, V).der - np.trace(V @ V).real) < 1e-9
    assert np.allclose(zeros_like(J).der, 0) and np.allclose(eye_like(J).val, np.eye(3))
    assert np.allclose(eye_like(J).der, 0)
    assert trace(J)[1] == pytest.approx(np.trace(V)) and size_of(J) == 3
    assert np.allclose((2 * J).der, 2 * V) and np.allclose((J * 2).der, 2 * V)
    assert np.allclose((J - A).der, V) and np.allclose((A - J).der, -V) and np.allclose((-J).der, -V)
    assert np.allclose((J + A).der, V) and np.allclose((A @ J).der, A @ V) and np.allclose((J @ A).der, V @ A)


# --------------------------------------------------------------------------- formulas at their boundaries
def test_formulas_at_N_2_and_the_boundary_conventions():
    """a_0 = a_N = 0, c_0 = c_N = 0, G_0 = G_N = 0 (Section 1.1), written out at N = 2 for numbers."""
    W = [np.array([[2.0]]), np.array([[3.0]])]
    a = [np.array([[5.0]])]
    assert [float(x[0, 0]) for x in tangent_vector(W, a)] == [10.0, -15.0]     # (a_1 W_1, -W_2 a_1)
    g = 2.0 ** 2 - 3.0 ** 2
    assert [float(x[0, 0]) for x in kirwan_ness_field(W)] == [-2 * g * 2.0, 2 * 3.0 * g]
    assert float(H_operator(W, a)[0][0, 0]) == 5.0 * 4.0 + 9.0 * 5.0             # c_1 W_1 W_1^* + W_2^* W_2 c_1


# --------------------------------------------------------------------------- bad input
def test_validate_state_accepts_every_backend():
    for make, _ in BACKENDS.values():
        assert validate_state([make(A_ENTRIES), make(B_ENTRIES)]) == 3


@pytest.mark.parametrize("W,message", [
    ([np.eye(2)], "W has 1 layer(s): the deep linear network has depth N >= 2 (Section 1.1)"),
    ([np.eye(2), np.ones((2, 3))], "W_2 is 2 x 3: the layers of the DLN are square d x d matrices (Section 1.1)"),
    ([np.ones((3, 2)), np.eye(2)], "W_1 is 3 x 2: the layers of the DLN are square d x d matrices (Section 1.1)"),
    ([np.eye(2), np.eye(3)], "W_2 is 3 x 3 but W_1 is 2 x 2: all layers of the DLN are d x d with one width d "
                             "(Section 1.1)"),
    ([np.eye(2), np.eye(2), np.eye(1)], "W_3 is 1 x 1 but W_1 is 2 x 2"),
    ([np.zeros((0, 0)), np.zeros((0, 0))], "the width d must be >= 1 (Section 1.1)"),
    ([mpmath.eye(2), mpmath.matrix(2, 3)], "W_2 is 2 x 3: the layers"),
    ([sympy.eye(2), sympy.ones(3, 2)], "W_2 is 3 x 2: the layers"),
])
def test_validate_state_names_the_problem(W, message):
    with pytest.raises(ValueError) as e:
        validate_state(W)
    assert str(e.value).startswith(message), str(e.value)


def test_validate_state_uses_the_callers_name():
    with pytest.raises(ValueError, match=r"^V_2 is 3 x 3 but V_1 is 2 x 2"):
        validate_state([np.eye(2), np.eye(3)], name="V")
    with pytest.raises(ValueError, match=r"^V has 1 layer"):
        validate_state([np.eye(2)], name="V")
    assert validate_state([np.eye(1), np.eye(1)]) == 1


def test_layer_reads_the_papers_index():
    W = [np.eye(1) * k for k in (1, 2, 3)]       # stored input first: W[k - 1] is W_k
    assert [float(layer(W, k)[0, 0]) for k in (1, 2, 3)] == [1.0, 2.0, 3.0]
    for k in (0, 4, -1):
        with pytest.raises(IndexError, match=rf"^layer index k={k} outside 1\.\.N=3$"):
            layer(W, k)


# ------------------------------------------------------------------ found by mutation testing (docs/mutation.md)
def test_dual_values_follow_the_arithmetic():
    """The value part of a jet: every operation of :class:`Dual` against the operation on the values."""
    A, B = _np(A_ENTRIES), _np(B_ENTRIES)
    J, K = Dual(A, B), Dual(B, A)
    assert np.allclose((J + K).val, A + B) and np.allclose((J + K).der, B + A)
    assert np.allclose((J + B).val, A + B) and np.allclose((B + J).val, B + A) and np.allclose((B + J).der, B)
    assert np.allclose((J - K).val, A - B) and np.allclose((J - K).der, B - A)
    assert np.allclose((J - B).val, A - B) and np.allclose((B - J).val, B - A)
    assert np.allclose((-J).val, -A)
    assert np.allclose((J * 2).val, 2 * A) and np.allclose((2 * J).val, 2 * A)


def test_loss_gradient_has_one_component_per_layer():
    """(1.2): grad_(W_k) E = (W_N ... W_(k+1))^* grad E(X) (W_(k-1) ... W_1)^*, k = 1..N, nothing more."""
    W = [_np(A_ENTRIES), _np(B_ENTRIES), _np(A_ENTRIES) + 1]
    P = np.eye(3) * 2
    g = loss_gradient(W, P)
    assert len(g) == 3
    assert np.allclose(g[0], (W[2] @ W[1]).conj().T @ P)
    assert np.allclose(g[1], W[2].conj().T @ P @ W[0].conj().T)
    assert np.allclose(g[2], P @ (W[1] @ W[0]).conj().T)


@pytest.mark.parametrize("call, message", [
    (lambda: inner([np.eye(2)], [np.eye(2), np.eye(2)]),
     "the inner product (1.16) needs two tuples of the same length"),
    (lambda: inner([], []), "an empty sum: a state of the DLN has N >= 2 layers (Section 1.1)"),
    (lambda: tangent_vector([np.eye(2)] * 4, [np.eye(2)]), "w_a needs a = (a_1, ..., a_{N-1}): 3 matrices, got 1"),
    (lambda: tangent_adjoint([np.eye(2)] * 3, [np.eye(2)]),
     "Z acts on a tangent vector V = (V_1, ..., V_N): 3 matrices, got 1"),
    (lambda: H_operator([np.eye(2)] * 4, [np.eye(2)]), "H acts on c = (c_1, ..., c_{N-1}): 3 matrices, got 1"),
    (lambda: act([np.eye(2)], [np.eye(2)] * 4), "the action of GL(d)^(N-1) needs N-1 = 3 group elements, got 1"),
])
def test_formulas_name_the_wrong_length(call, message):
    with pytest.raises(ValueError) as e:
        call()
    assert str(e.value) == message


@pytest.mark.parametrize("fn, message", [
    (adj, "dlnsym does not know how to take the adjoint of a object"),
    (zeros_like, "no zero matrix for a object"),
    (eye_like, "no identity matrix for a object"),
    (inv, "dlnsym cannot invert a object exactly"),
    (trace, "no trace for a object"),
    (re_trace, "no trace for a object"),
])
def test_the_protocol_names_an_unknown_type(fn, message):
    with pytest.raises(TypeError) as e:
        fn(object())
    assert str(e.value) == message


def test_trace_of_explicit_entries():
    """EM's trace is an exact complex polynomial: here the constant 6 + 2i of A_ENTRIES."""
    t = trace(_em(A_ENTRIES))
    assert (t.re, t.im) == ({(): TR_A.real}, {(): TR_A.imag})


def test_size_of_a_free_algebra_letter_is_the_symbol_d():
    from dlnsym.symbolic.freealg import letter

    assert size_of(letter("W", 1)) == "d"
