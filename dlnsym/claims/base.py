"""The claims registry: statements of the paper, their checks, and their verdicts.

A :class:`Claim` is one statement of the paper (``where`` is the paper's own label).
It owns :class:`Check` objects. Running a check builds evidence from first principles
and returns :class:`CheckResult` records. The claim's status follows from them:

``proved``     an exact symbolic identity holds;
``confirmed``  numeric or statistical evidence within the stated tolerance;
``erratum``    the printed form fails its check and the corrected form passes;
``open``       explored, no claim made either way;
``failed``     a check that was expected to pass did not.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Iterable

__all__ = [
    "Options",
    "CheckResult",
    "Check",
    "FunctionCheck",
    "Erratum",
    "Claim",
    "VALID_FIELDS",
]

VALID_FIELDS = ("R", "C")
DEFAULT_NS = (2, 3, 4)
DEFAULT_DS = (1, 2, 3)
MIN_DPS = 20


@dataclass(frozen=True)
class Options:
    """Which sizes to check. ``quick`` keeps the smallest sizes only."""

    Ns: tuple[int, ...] = DEFAULT_NS
    ds: tuple[int, ...] = DEFAULT_DS
    fields: tuple[str, ...] = VALID_FIELDS
    dps: int = 50
    quick: bool = False
    #: include the expensive instances (minutes), e.g. Theorem 2 on [0, 3] at N = 4, d = 3
    long: bool = False

    def __post_init__(self):
        for N in self.Ns:
            if not isinstance(N, int) or N < 2:
                raise ValueError(f"depth N={N!r}: the deep linear network has N >= 2 layers (Section 1.1)")
        for d in self.ds:
            if not isinstance(d, int) or d < 1:
                raise ValueError(f"width d={d!r}: layers are d x d matrices with d >= 1 (Section 1.1)")
        for f in self.fields:
            if f not in VALID_FIELDS:
                raise ValueError(f"unknown field {f!r}: the paper works over F = R or F = C")
        if not isinstance(self.dps, int) or self.dps < MIN_DPS:
            raise ValueError(
                f"precision dps={self.dps!r} is too low: the numeric checks confirm theorems to 40+ digits "
                f"and need dps >= {MIN_DPS}")

    @property
    def grid(self) -> list[tuple[int, int, str]]:
        Ns = tuple(n for n in self.Ns if n <= 3) or self.Ns[:1] if self.quick else self.Ns
        ds = tuple(x for x in self.ds if x <= 2) or self.ds[:1] if self.quick else self.ds
        return [(N, d, f) for f in self.fields for N in Ns for d in ds]


@dataclass
class CheckResult:
    """One piece of evidence, in the JSON schema of DESIGN.md."""

    method: str
    sizes: dict
    residual: str
    digits: float | None
    seconds: float
    passed: bool
    form: str | None = None  # "printed" or "corrected" for errata
    note: str = ""

    def to_json(self) -> dict:
        out = {
            "method": self.method,
            "sizes": self.sizes,
            "residual": self.residual,
            "digits": self.digits,
            "seconds": round(self.seconds, 4),
            "passed": self.passed,
        }
        if self.form:
            out["form"] = self.form
        if self.note:
            out["note"] = self.note
        return out


class Check:
    """Base class: ``run(options)`` returns a list of :class:`CheckResult`."""

    method = "symbolic"
    name = ""

    def run(self, opts: Options) -> list[CheckResult]:  # pragma: no cover - abstract
        raise NotImplementedError


class FunctionCheck(Check):
    """A check given by a function ``fn(opts) -> (residual, passed, sizes[, digits][, note])``."""

    def __init__(self, name: str, fn: Callable, method: str = "symbolic", form: str | None = None,
                 expect_pass: bool = True, negative: Callable | None = None):
        self.name, self.fn, self.method, self.form, self.expect_pass = name, fn, method, form, expect_pass
        self.negative = negative

    def negative_rejected(self, opts: "Options | None" = None) -> bool:
        """Run the negative control (a wrong statement checked the same way): every result must fail."""
        if self.negative is None:
            raise ValueError(f"check {self.name!r} has no negative control")
        out = self.negative(opts or Options(quick=True))
        results = out if isinstance(out, list) else [out]
        return all(not r[1] for r in results)

    def run(self, opts: Options) -> list[CheckResult]:
        t = time.perf_counter()
        out = self.fn(opts)
        results = out if isinstance(out, list) else [out]
        dt = time.perf_counter() - t
        res = []
        for r in results:
            residual, ok, sizes = r[0], r[1], r[2]
            digits = r[3] if len(r) > 3 else None
            note = r[4] if len(r) > 4 else self.name
            res.append(CheckResult(self.method, sizes, str(residual), digits, dt / len(results),
                                   ok == self.expect_pass, self.form, note))
        return res


@dataclass
class Erratum:
    as_printed: str
    corrected: str
    evidence: str

    def to_json(self) -> dict:
        return {"as_printed": self.as_printed, "corrected": self.corrected, "evidence": self.evidence}


@dataclass
class Claim:
    id: str
    where: str
    statement: str
    checks: list[Check] = field(default_factory=list)
    erratum: Erratum | None = None
    open: bool = False
    notebook: str = ""
    section: str = ""
    beyond_paper: bool = False
    #: the symbolic checks cover a special case only (e.g. d = 1); the claim as a whole is then
    #: ``confirmed`` by its numeric evidence rather than ``proved``
    partial_symbolic: bool = False

    def run(self, opts: Options, methods: Iterable[str] | None = None) -> dict:
        results: list[CheckResult] = []
        for c in self.checks:
            if methods is not None and c.method not in methods:
                continue
            results.extend(c.run(opts))
        return {"results": results, "status": self.status(results)}

    def status(self, results: list[CheckResult]) -> str:
        if not results:
            return "open" if self.open else "failed"
        if any(not r.passed for r in results):
            return "failed"
        if self.open:
            return "open"
        if self.erratum is not None:
            forms = {r.form for r in results}
            if "printed" in forms and "corrected" in forms:
                return "erratum"
            return "failed"
        if any(r.method == "symbolic" for r in results):
            if self.partial_symbolic and any(r.method != "symbolic" for r in results):
                return "confirmed"
            return "proved"
        return "confirmed"
