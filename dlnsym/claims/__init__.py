"""The claims registry (see :mod:`dlnsym.claims.base`)."""

from .base import Check, CheckResult, Claim, Erratum, FunctionCheck, Options
from .registry import CLAIMS, get, ids

__all__ = ["CLAIMS", "Check", "CheckResult", "Claim", "Erratum", "FunctionCheck", "Options", "get", "ids"]
