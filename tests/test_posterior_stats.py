"""Section 4.3 by sampling: shells, KS, Metropolis in group coordinates (dlnsym.beyond.posterior_stats)."""

import numpy as np
import pytest

from dlnsym.beyond import posterior_stats as PS


def test_ks_accepts_the_true_law_and_rejects_a_wrong_one():
    rng = np.random.default_rng(0)
    x = rng.standard_normal(3000)
    u = np.linspace(-9, 9, 4001)
    F = PS._grid_cdf(u, np.exp(-u ** 2 / 2))
    G = PS._grid_cdf(u, np.exp(-u ** 2 / 2.6))
    assert not PS.ks_test(x, F, 1e-3)["reject"] and PS.ks_test(x, G, 1e-3)["reject"]
    assert PS.ks_pvalue(0.0, 100) == 1.0 and PS.ks_pvalue(1.0, 100) < 1e-10


def test_shell_sample_is_in_the_shell():
    r = PS.shell_sample(2, 1, "C", np.array([[0.5]]), 1.0, 0.1, 200, seed=3)
    W = r["W"]
    assert W.shape == (200, 2, 1, 1) and np.all(np.abs(W[:, 1, 0, 0] * W[:, 0, 0, 0] - 0.5) < 0.1)
    with pytest.raises(ValueError, match="widen eps"):
        PS.shell_sample(2, 1, "R", np.array([[0.5]]), 1.0, 1e-9, 10, seed=3, batch=1000, max_draws=2000)


def test_log_modulus_cdf_validation_and_symmetry():
    F = PS.log_modulus_cdf(2, "R", 1.0, 1.0, "corrected")   # density e^{-cosh 2u}: symmetric about 0
    assert abs(F(0.0) - 0.5) < 1e-6
    with pytest.raises(ValueError):
        PS.log_modulus_cdf(3, "C", 1.0, 1.0, "corrected")
    with pytest.raises(ValueError):
        PS.log_modulus_cdf(2, "R", 1.0, 1.0, "uniform")


def test_codimension_and_mcmc_small():
    assert PS.codimension(3, 2, "R") == 6 and PS.codimension(2, 3, "C") == 9
    r = PS.haar_mcmc(2, 2, "R", [1.5, 1.0], 400.0, chains=400, steps=150, seed=1)
    z = 400.0 * r["Delta"]
    assert abs(z.mean() - PS.codimension(2, 2, "R")) < 4 * z.std() / np.sqrt(len(z))
    assert r["Delta"].min() > -1e-9 and 0.05 < r["acceptance"] < 0.9
