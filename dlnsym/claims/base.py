"""The claims registry: statements of the paper, their checks, and their verdicts.

A :class:`Claim` is one statement of the paper (``where`` is the paper's own label), with a
declared :class:`Scope` (which ``N``, ``d`` and fields the statement is about). It owns
:class:`Check` objects. Running a check builds evidence from first principles and returns
:class:`CheckResult` records (from :class:`~dlnsym.claims.evidence.Evidence`). The claim's status
follows from them, and from nothing else (:meth:`Claim.status`):

``proved``     exact evidence covers the claim's whole declared scope (for "every N" the
               machine-checked locality and shift-equivariance argument of
               :mod:`dlnsym.claims.identity`; for "every d" matrix letters of symbolic size);
``confirmed``  numeric or statistical evidence within a tolerance that is a function of the
               precision, or exact evidence that covers only part of the scope;
``erratum``    the printed form fails its check and the corrected form passes;
``open``       explored, no claim made either way, or nothing could run (every check skipped);
``failed``     a check that was expected to pass did not, or raised an exception.

A run filtered by ``--only`` or ``--method`` is *partial*: it reports the verdict of the checks it
ran and says so; a result that was skipped never counts as passed.
"""

from __future__ import annotations

import inspect
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from .evidence import Control, Evidence, digits_of, residual_text

__all__ = [
    "Options",
    "Scope",
    "Evidence",
    "Control",
    "CheckResult",
    "Check",
    "FunctionCheck",
    "Ablation",
    "Erratum",
    "Claim",
    "VALID_FIELDS",
]

VALID_FIELDS = ("R", "C")
DEFAULT_NS = (2, 3, 4)
DEFAULT_DS = (1, 2, 3)
MIN_DPS = 20
#: transitional: accept the old positional tuples from check functions
LEGACY_TUPLES = False
ANY = "any"


@dataclass(frozen=True)
class Options:
    """Which sizes to check. ``quick`` keeps the smallest sizes only."""

    Ns: tuple[int, ...] = DEFAULT_NS
    ds: tuple[int, ...] = DEFAULT_DS
    fields: tuple[str, ...] = VALID_FIELDS
    dps: int = 50
    quick: bool = False
    #: include the expensive instances (minutes), e.g. Theorem 2 and Corollary 1 at N = 6, d = 4
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
    """One piece of evidence, in the JSON schema of DESIGN.md.

    ``passed`` already folds in what was expected (an erratum's printed form is expected to fail)
    and the negative control; ``skipped`` results are never passed; ``error`` is the one-line
    message of an exception raised by the check (a failure)."""

    method: str
    sizes: dict
    residual: str
    digits: float | None
    seconds: float
    passed: bool
    form: str | None = None  # "printed" or "corrected" for errata
    note: str = ""
    exact: bool = False
    figures: dict = field(default_factory=dict)
    control: Control | None = None
    bound: str | None = None
    skipped: str | None = None
    error: str | None = None
    #: the part of the statement that only this (non-exact) result supports: the claim is then not proved
    part: str | None = None
    #: the check's own error estimate of the residual (digits never exceed what it certifies)
    uncertainty: str | None = None
    #: for ``form == "ablation"``: the hypothesis dropped, and the outcome expected ("counterexample"/"survives")
    hypothesis: str | None = None
    outcome: str | None = None

    def __post_init__(self):
        if self.skipped or self.error:
            self.passed = False
        if self.method == "symbolic":
            self.exact = True  # symbolic checks compute in exact arithmetic

    @classmethod
    def from_evidence(cls, ev: Evidence, method: str, seconds: float, expect_pass: bool = True,
                      form: str | None = None, default_note: str = "") -> "CheckResult":
        exact = bool(ev.exact or method == "symbolic")
        ok = (bool(ev.passed) == expect_pass)
        if ev.control is not None and not ev.control.rejected:
            ok = False
        text = residual_text(ev.residual)
        # digits from the residual as the JSON shows it (one rule: a reader recomputes the same digits from the
        # record's residual and uncertainty)
        return cls(method=method, sizes=dict(ev.sizes), residual=text,
                   digits=None if ev.skipped else digits_of(text if not isinstance(ev.residual, str) else ev.residual,
                                                            exact=exact, dps=ev.dps, uncertainty=ev.uncertainty),
                   seconds=seconds, passed=ok, form=form, note=ev.note or default_note, exact=exact,
                   figures={k: residual_text(v) if not isinstance(v, (int, float, str, bool)) else v
                            for k, v in ev.figures.items()},
                   control=ev.control, bound=None if ev.bound is None else residual_text(ev.bound),
                   uncertainty=None if ev.uncertainty is None else residual_text(ev.uncertainty),
                   skipped=ev.skipped)

    @classmethod
    def failure(cls, method: str, exc: BaseException, seconds: float, note: str = "",
                form: str | None = None) -> "CheckResult":
        """An exception inside a check: a failed result carrying the exception's one-line message."""
        msg = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}".rstrip(": ")
        return cls(method=method, sizes={}, residual="n/a", digits=None, seconds=seconds, passed=False,
                   form=form, note=note, error=msg)

    @property
    def is_exact_zero(self) -> bool:
        return self.exact and self.residual.strip() in ("0", "0.0")

    def to_json(self) -> dict:
        out = {
            "method": self.method,
            "sizes": self.sizes,
            "residual": self.residual,
            "digits": self.digits,
            "seconds": round(self.seconds, 4),
            "passed": self.passed,
        }
        if self.is_exact_zero:
            out["exact"] = True
        if self.bound is not None:
            out["bound"] = self.bound
        if self.uncertainty is not None:
            out["uncertainty"] = self.uncertainty
        if self.figures:
            out["figures"] = self.figures
        if self.control is not None:
            out["control"] = self.control.to_json()
        if self.skipped:
            out["skipped"] = True
            out["reason"] = self.skipped
        if self.error:
            out["error"] = self.error
        if self.form:
            out["form"] = self.form
        if self.hypothesis is not None:
            out["hypothesis"] = self.hypothesis
            out["outcome"] = self.outcome if self.passed else f"not {self.outcome}"
        if self.note:
            out["note"] = self.note
        return out


class Check:
    """Base class: ``run(options)`` returns (or yields) :class:`CheckResult` records."""

    method = "symbolic"
    name = ""
    form: str | None = None

    def run(self, opts: Options) -> Iterable[CheckResult]:  # pragma: no cover - abstract
        raise NotImplementedError


def _as_evidence(r) -> Evidence:
    if isinstance(r, Evidence):
        return r
    if isinstance(r, tuple) and LEGACY_TUPLES:  # transitional: (residual, passed, sizes[, digits][, note])
        return Evidence(r[0], bool(r[1]), dict(r[2]), note=r[4] if len(r) > 4 and r[4] else "")
    raise TypeError(f"a check must return Evidence records, not {type(r).__name__}")


class FunctionCheck(Check):
    """A check given by a function ``fn(opts)`` that returns one :class:`Evidence`, a list of them,
    or (preferred) *yields* them, so that each is timed on its own.

    ``negative(opts)`` is the negative control of the whole check: an independent wrong statement
    run through the same machinery, every result of which must fail (:meth:`negative_rejected`).
    Checks that carry their control inline set :attr:`Evidence.control` instead."""

    def __init__(self, name: str, fn: Callable, method: str = "symbolic", form: str | None = None,
                 expect_pass: bool = True, negative: Callable | None = None, part: str | None = None):
        self.name, self.fn, self.method, self.form, self.expect_pass = name, fn, method, form, expect_pass
        self.negative = negative
        #: a part of the claim's statement for which this (numeric or statistical) check is the only evidence
        self.part = part

    def negative_rejected(self, opts: "Options | None" = None) -> bool:
        """Run the negative control (a wrong statement checked the same way): every result must fail,
        and none may be skipped."""
        if self.negative is None:
            raise ValueError(f"check {self.name!r} has no negative control")
        out = self.negative(opts or Options(quick=True))
        results = [_as_evidence(r) for r in (out if isinstance(out, (list, tuple)) or inspect.isgenerator(out)
                                              else [out])]
        return bool(results) and all(not r.passed and not r.skipped for r in results)

    def run(self, opts: Options) -> Iterator[CheckResult]:
        t = time.perf_counter()
        out = self.fn(opts)
        items = out if (isinstance(out, list) or inspect.isgenerator(out)) else [out]
        for r in items:
            ev = _as_evidence(r)
            now = time.perf_counter()
            res = CheckResult.from_evidence(ev, self.method, now - t, self.expect_pass, self.form, self.name)
            res.part = self.part
            yield res
            t = time.perf_counter()


class Ablation(FunctionCheck):
    """A hypothesis dropped: the statement tested on instances that violate ``hypothesis``.

    ``expect="counterexample"``: the statement must *fail* on the instances the check builds (its
    :class:`~dlnsym.claims.evidence.Evidence` has ``passed=False`` and the residual by which the statement fails),
    which shows the hypothesis is needed. ``expect="survives"``: the statement held on every instance tried
    without the hypothesis (``passed=True``), which is recorded, not proved. A result whose outcome differs from
    ``expect`` fails (the claim is then ``failed``: our understanding of the statement is wrong). Ablation results
    never count towards the scope of the claim (like an erratum's printed form), and they are listed in the
    hypothesis-ablation table (:func:`dlnsym.report.ablations_markdown`).
    """

    def __init__(self, hypothesis: str, name: str, fn: Callable, *, expect: str = "counterexample",
                 method: str = "numeric", negative: Callable | None = None):
        if expect not in ("counterexample", "survives"):
            raise ValueError(f"Ablation expect must be 'counterexample' or 'survives', got {expect!r}")
        super().__init__(name, fn, method=method, form="ablation", expect_pass=(expect == "survives"),
                         negative=negative)
        self.hypothesis, self.expect = hypothesis, expect

    def run(self, opts: Options) -> Iterator[CheckResult]:
        for res in super().run(opts):
            res.hypothesis, res.outcome = self.hypothesis, self.expect
            yield res


@dataclass
class Erratum:
    as_printed: str
    corrected: str
    evidence: str

    def to_json(self) -> dict:
        return {"as_printed": self.as_printed, "corrected": self.corrected, "evidence": self.evidence}


class Scope:
    """Which sizes and fields a statement is about.

    The sizes are named by keywords: ``N`` and ``d`` for the deep linear network (the default is
    ``N="any", d="any"``: every ``N >= 2``, every ``d >= 1``), or others for other objects (``n``, ``m``,
    ``p`` for a realization ``(A, B, C)``, ``D`` for a number of real coordinates). Each is ``"any"`` or
    a tuple of values; ``fields`` is a tuple of ``"R"``, ``"C"``. Exact evidence covers a point of the
    scope when its sizes equal it or say ``"any"`` there; ``"any"`` in the scope is covered only by
    ``"any"`` in the evidence (a finite set of sizes never proves "every N").

    >>> Scope(N=(2,), d=(1,), fields=("R",)).text()
    'N 2; d 1; R'
    """

    def __init__(self, fields: tuple = VALID_FIELDS, **dims):
        self.dims = dims or {"N": ANY, "d": ANY}
        self.fields = tuple(fields)
        for name, v in self.dims.items():
            if v != ANY and not (isinstance(v, tuple) and v and all(isinstance(x, int) for x in v)):
                raise ValueError(f"Scope.{name} must be 'any' or a nonempty tuple of ints, got {v!r}")
        if not self.fields or any(f not in VALID_FIELDS for f in self.fields):
            raise ValueError(f"Scope.fields must be a subset of {VALID_FIELDS}, got {self.fields!r}")

    def __repr__(self) -> str:
        return f"Scope({self.text()!r})"

    def points(self) -> list[tuple]:
        import itertools

        axes = [[ANY] if v == ANY else list(v) for v in self.dims.values()]
        return [(*p, f) for f in self.fields for p in itertools.product(*axes)]

    def text(self) -> str:
        parts = []
        for name, v in self.dims.items():
            parts.append(f"every {name}" + (" >= 2" if name == "N" else "") if v == ANY
                         else f"{name} " + ", ".join(map(str, v)))
        return "; ".join(parts + [" and ".join(self.fields)])

    def uncovered(self, results: Iterable[CheckResult]) -> list[tuple]:
        """The points of the scope that no passed exact result covers."""
        ex = [r.sizes for r in results if r.exact and r.passed and not r.skipped]
        keys = list(self.dims)

        def cov(s, key, v):
            got = s.get(key)
            return got == ANY or (v != ANY and got == v)

        return [p for p in self.points()
                if not any(all(cov(s, k, v) for k, v in zip(keys, p[:-1])) and cov(s, "field", p[-1]) for s in ex)]

    def describe(self, pts: list[tuple]) -> str:
        keys = list(self.dims) + ["F"]
        return "; ".join(", ".join(f"{k} {v}" for k, v in zip(keys, p)) for p in pts[:6]) + (
            " ..." if len(pts) > 6 else "")


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
    #: which N, d and fields the statement is about; ``proved`` needs exact evidence covering all of it
    scope: Scope = field(default_factory=Scope)
    #: hypotheses of the statement (full rank of X, 1 < p < oo, ...), as the paper states them
    hypotheses: tuple = ()

    def __post_init__(self):
        for c in self.checks:
            if isinstance(c, Ablation) and c.hypothesis not in self.hypotheses:
                raise ValueError(f"claim {self.id!r}: the ablation {c.name!r} drops {c.hypothesis!r}, which is not one "
                                 f"of its hypotheses {self.hypotheses!r}")

    def run(self, opts: Options, methods: Iterable[str] | None = None, partial: bool = False) -> dict:
        """Run the checks (of the given ``methods``); an exception inside a check fails that check."""
        results: list[CheckResult] = []
        methods = None if methods is None else set(methods)
        for c in self.checks:
            if methods is not None and c.method not in methods:
                continue
            t = time.perf_counter()
            try:
                for r in c.run(opts):
                    results.append(r)
                    t = time.perf_counter()
            except Exception as exc:  # a check that raises has failed; its message goes in the JSON
                results.append(CheckResult.failure(c.method, exc, time.perf_counter() - t,
                                                   getattr(c, "name", ""), getattr(c, "form", None)))
        partial = partial or (methods is not None and any(c.method not in methods for c in self.checks))
        status, coverage = self.verdict(results, partial)
        return {"results": results, "status": status, "partial": partial, "coverage": coverage}

    def status(self, results: list[CheckResult], partial: bool = False) -> str:
        return self.verdict(results, partial)[0]

    def verdict(self, results: list[CheckResult], partial: bool = False) -> tuple[str, dict]:
        """The status that the results support, and what of the scope the exact evidence covers."""
        ran = [r for r in results if not r.skipped]
        coverage = {"scope": self.scope.text()}
        if any(not r.passed for r in ran):
            return "failed", coverage
        if not ran:
            coverage["note"] = "nothing ran" if not results else "every check was skipped"
            return "open", coverage
        main = [r for r in ran if r.form not in ("printed", "ablation")]
        missing = self.scope.uncovered(main)
        coverage["exact"] = "whole scope" if not missing else ("none" if not any(r.exact for r in main)
                                                               else "part; not " + self.scope.describe(missing))
        if self.open:
            return "open", coverage
        if self.erratum is not None:
            forms = {r.form for r in ran if r.form != "ablation"}
            if "printed" in forms and "corrected" in forms:
                coverage["corrected"] = "proved" if not missing else "confirmed"
                return "erratum", coverage
            return ("open" if partial else "failed"), coverage
        parts = sorted({r.part for r in ran if r.part and not r.exact})
        if parts:
            coverage["not exact"] = "; ".join(parts)
        return ("proved" if not missing and not parts else "confirmed"), coverage
