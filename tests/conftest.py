import mpmath
import pytest


def pytest_addoption(parser):
    parser.addoption("--runslow", action="store_true", default=False, help="run tests marked slow")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--runslow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --runslow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _restore_mpmath():
    """No test may leak a change of mpmath's global precision."""
    dps = mpmath.mp.dps
    yield
    assert mpmath.mp.dps == dps, "a test or library call changed mpmath.mp.dps"
    mpmath.mp.dps = dps
