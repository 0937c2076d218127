"""The claims registry (see :mod:`dlnsym.claims.base`).

``CLAIMS``, ``get`` and ``ids`` come from :mod:`dlnsym.claims.registry`, imported on first use, so
that the check modules the registry lists can import :mod:`dlnsym.claims.evidence` at their top.
"""

from .base import Check, CheckResult, Claim, Erratum, FunctionCheck, Options, Scope
from .evidence import Control, Evidence

__all__ = ["CLAIMS", "Check", "CheckResult", "Claim", "Control", "Erratum", "Evidence", "FunctionCheck", "Options",
           "Scope", "get", "ids"]


def __getattr__(name):
    if name in ("CLAIMS", "get", "ids", "registry"):
        import importlib

        registry = importlib.import_module(__name__ + ".registry")
        return registry if name == "registry" else getattr(registry, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
