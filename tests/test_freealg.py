from dlnsym.symbolic.freealg import NC, letter, retr, riesz, tr


def test_adjoint_reverses_products():
    A, B = letter("A"), letter("B")
    assert (A @ B).H == B.H @ A.H
    assert not ((A @ B).H == A.H @ B.H)


def test_inverse_cancels():
    A, W = letter("A", 1), letter("W", 1)
    assert A @ A.inverse() == NC.one()
    assert (A @ W @ A.inverse()).inverse() == A @ W.inverse() @ A.inverse()


def test_unitary_and_hermitian_letters():
    Q, h, s = letter("Q", 1, "u"), letter("h", 1, "h"), letter("s", 1, "s")
    assert Q.H @ Q == NC.one()
    assert h.H == h
    assert s.H == -s


def test_trace_cyclic_and_adjoint():
    A, B, C = letter("A"), letter("B"), letter("C")
    assert tr(A @ B @ C - C @ A @ B).is_zero()
    assert not tr(A @ B @ C - A @ C @ B).is_zero()
    assert retr(A @ B - (A @ B).H).is_zero()
    assert not tr(A @ B - (A @ B).H).is_zero()
    # Re Tr(i h) = 0 for Hermitian h, but not for a general matrix
    import sympy

    h = letter("h", kind="h")
    assert retr(h.scale(sympy.I)).is_zero()
    assert not retr(A.scale(sympy.I)).is_zero()


def test_riesz_representer():
    A, V, P = letter("A"), letter("V"), letter("P")
    # Re Tr(A V B) = Re Tr((A^* B^*)^* ... ): check against the defining property
    B = letter("B")
    form = retr(A @ V @ B)
    Pm = riesz(form, "V")
    assert (retr(Pm.H @ V) - form).is_zero()
    assert not (retr(P.H @ V) - form).is_zero()
