"""Section 1.4.1 for concrete losses (dlnsym.beyond.losses)."""

import mpmath
import pytest

from dlnsym.beyond import losses as L
from dlnsym.claims import Options, get
from dlnsym.numeric.common import random_state


@pytest.mark.parametrize("name", L.LOSSES)
@pytest.mark.parametrize("field", ["R", "C"])
def test_gradients_are_the_derivatives_of_the_losses(name, field):
    X, Y, V = random_state(3, 2, field, seed=1, dps=30)
    assert L.gradient_defect(name, X, Y, V, 30) < mpmath.mpf(10) ** -20
    # a wrong gradient (the quadratic one for another loss) fails the same test
    if name != "quadratic":
        with mpmath.workdps(45):
            E, g = L.loss(name, Y), L.loss_gradient_of("quadratic", Y)
            dE = mpmath.diff(lambda t: E(X + V * t), 0)
            pair = mpmath.re(sum((g(X).H @ V)[i, i] for i in range(2)))
            assert abs(dE - pair) > mpmath.mpf(10) ** -3


def test_unknown_loss():
    with pytest.raises(ValueError, match="unknown loss"):
        L.loss("hinge", [[1]])


def test_conservation_and_weight_decay_control():
    r = L.conservation_data("quartic", 2, 2, "R", T="0.05", dps=30)
    assert r["drift"] < mpmath.mpf(10) ** -20 and r["ET"] < r["E0"]
    bad = L.conservation_data("quartic", 2, 2, "R", T="0.05", kappa="0.5", dps=30)["drift"]
    assert bad > mpmath.mpf(10) ** -3


def test_claim_conservation_still_proved_with_the_numeric_check():
    out = get("conservation").run(Options(quick=True, dps=30))
    assert out["status"] == "proved"
    num = [r for r in out["results"] if r.method == "numeric"]
    assert len(num) == 2 and all(r.passed and r.control.rejected for r in num)
