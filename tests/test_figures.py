"""Figures 1.1-1.3 (dlnsym.figures): written as non-empty PNG and SVG files, from computed data."""

import os

import numpy as np
import pytest

pytest.importorskip("matplotlib")

from dlnsym import figures  # noqa: E402
from dlnsym.formulas import end_to_end, moments  # noqa: E402


def test_write_all(tmp_path):
    paths = figures.write_all(str(tmp_path / "figs"))
    names = sorted(os.path.basename(p) for p in paths)
    assert names == sorted(f"figure_1_{i}.{ext}" for i in (1, 2, 3) for ext in ("png", "svg"))
    for p in paths:
        assert os.path.getsize(p) > 10_000, p
        with open(p, "rb") as fh:
            head = fh.read(512)
        assert head.startswith(b"\x89PNG") if p.endswith(".png") else b"<svg" in head


@pytest.mark.parametrize("x", [4.0, 0.5, -1.0, -4.0])
def test_figure_1_1_minimisers_are_the_balanced_points(x):
    """The minimisers drawn in Figure 1.1 lie on the fibre w2 w1 = x and are balanced (G = 0): +-(sqrt x, sqrt x)
    for x > 0, +-(sqrt(-x), -sqrt(-x)) for x < 0 -- not the caption's four points (+-sqrt x, +-sqrt x)."""
    pts = figures.minimisers_d1(x)
    assert len(pts) == 2
    r = np.sqrt(abs(x))
    expected = {(r, r), (-r, -r)} if x > 0 else {(r, -r), (-r, r)}
    for w1, w2 in pts:
        W = [np.array([[w1]]), np.array([[w2]])]
        assert abs(end_to_end(W)[0, 0] - x) < 1e-12
        assert abs(moments(W)[0][0, 0]) < 1e-12
        assert min(abs(w1 - a) + abs(w2 - b) for a, b in expected) < 1e-12
    # negative control: the caption's point (sqrt|x|, -sqrt|x|) resp. (sqrt|x|, sqrt|x|) is not on the fibre
    bad = (r, -r) if x > 0 else (r, r)
    assert abs(end_to_end([np.array([[bad[0]]]), np.array([[bad[1]]])])[0, 0] - x) > 0.5


def test_learning_trajectory_keeps_G():
    """The training flow (1.2) conserves G (Section 1.4.1), so a start on M stays on M; a wrong field would not."""
    gradE = lambda X: X - 2.0 * np.eye(1)
    for w0 in [(0.5, 0.5), (0.2, 1.25)]:
        traj = figures.learning_trajectory([np.array([[w0[0]]]), np.array([[w0[1]]])], gradE, 4.0, steps=400)
        g = [moments(W)[0][0, 0] for W in traj]
        assert max(abs(v - g[0]) for v in g) < 1e-8
        assert abs(end_to_end(traj[-1])[0, 0] - 2.0) < 1e-3
