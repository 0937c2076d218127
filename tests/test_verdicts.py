"""Statuses follow from declared scope and from what ran, nothing else (DESIGN.md, "The claims registry").

A `proved` needs exact evidence covering the claim's whole scope; skipped checks never count; an
exception inside a check fails the claim with its message; filtered runs are partial and never promote.
"""

import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from dlnsym.claims import CLAIMS
from dlnsym.claims.base import CheckResult, Claim, Erratum, FunctionCheck, Options, Scope
from dlnsym.claims.evidence import Control, Evidence, digits_of
from dlnsym.cli import main

ANY = {"N": "any", "d": "any", "field": "any"}


def _claim(*fns, scope=None, erratum=None, method="symbolic", forms=(None,), expect=(True,)):
    checks = [FunctionCheck(f"c{i}", fn, method=method, form=forms[i % len(forms)], expect_pass=expect[i % len(expect)])
              for i, fn in enumerate(fns)]
    return Claim("t", "Test", "a test statement", checks, erratum=erratum, scope=scope or Scope())


def _ev(sizes, passed=True, residual="0", **kw):
    return lambda opts: Evidence(residual, passed, sizes, exact=True, **kw)


def test_exact_evidence_for_every_N_and_d_proves():
    assert _claim(_ev(ANY)).run(Options(quick=True))["status"] == "proved"


def test_finite_sizes_never_prove_every_N():
    fns = [_ev({"N": n, "d": "any", "field": "any"}) for n in range(2, 12)]
    out = _claim(*fns).run(Options(quick=True))
    assert out["status"] == "confirmed"
    assert "not N any" in out["coverage"]["exact"]


def test_d1_evidence_does_not_cover_every_d():
    out = _claim(_ev({"N": "any", "d": 1, "field": "any"})).run(Options(quick=True))
    assert out["status"] == "confirmed"


def test_finite_scope_is_covered_by_its_points():
    scope = Scope(N=(2,), d=(1,), fields=("R",))
    assert _claim(_ev({"N": 2, "d": 1, "field": "R"}), scope=scope).run(Options(quick=True))["status"] == "proved"
    assert _claim(_ev({"N": 2, "d": 1, "field": "C"}), scope=scope).run(Options(quick=True))["status"] == "confirmed"


def test_numeric_evidence_confirms_only():
    ev = lambda opts: Evidence(1e-45, True, {"N": 3, "d": 2, "field": "C"}, dps=50)
    assert _claim(ev, method="numeric").run(Options(quick=True))["status"] == "confirmed"


def test_a_numeric_only_part_keeps_a_claim_confirmed():
    c = _claim(_ev(ANY))
    c.checks.append(FunctionCheck("uniqueness", lambda o: Evidence(1e-40, True, {"N": 2, "d": 2, "field": "R"},
                                                                   dps=50), method="numeric", part="uniqueness"))
    out = c.run(Options(quick=True))
    assert out["status"] == "confirmed" and out["coverage"]["not exact"] == "uniqueness"


def test_skipped_never_passes_and_only_skipped_is_open():
    c = _claim(lambda opts: Evidence.skip("package foo is not installed"), method="numeric")
    out = c.run(Options(quick=True))
    (r,) = out["results"]
    assert r.skipped and not r.passed and r.to_json()["skipped"] is True and "foo" in r.to_json()["reason"]
    assert out["status"] == "open"
    # with a passing check beside it, the skipped one is not counted either way
    c = _claim(_ev(ANY), lambda opts: Evidence.skip("no foo"))
    assert c.run(Options(quick=True))["status"] == "proved"


def test_an_exception_inside_a_check_fails_the_claim_with_its_message():
    def boom(opts):
        yield Evidence("0", True, ANY, exact=True)
        raise ValueError("injected fault in a formula")

    out = _claim(boom).run(Options(quick=True))
    assert out["status"] == "failed"
    assert out["results"][0].passed  # what ran before the exception is kept
    err = out["results"][-1]
    assert not err.passed and "injected fault" in err.error and err.to_json()["error"].startswith("ValueError")


def test_a_control_that_is_not_rejected_fails_the_result():
    ev = lambda opts: Evidence(1e-45, True, {"N": 2, "d": 2, "field": "R"}, dps=50,
                               control=Control("a wrong rate", 1e-45, rejected=False))
    assert _claim(ev, method="numeric").run(Options(quick=True))["status"] == "failed"


def test_erratum_needs_both_forms_and_partial_never_promotes():
    e = Erratum("p", "c", "e")
    printed = lambda opts: Evidence("3 nonzero terms", False, ANY, exact=True)
    corrected = _ev(ANY)
    full = _claim(printed, corrected, erratum=e, forms=("printed", "corrected"), expect=(False, True))
    out = full.run(Options(quick=True))
    assert out["status"] == "erratum" and out["coverage"]["corrected"] == "proved"
    only_corrected = _claim(corrected, erratum=e, forms=("corrected",))
    assert only_corrected.run(Options(quick=True))["status"] == "failed"
    assert only_corrected.run(Options(quick=True), partial=True)["status"] == "open"
    # the printed form passing is a failure of the erratum claim
    wrong = _claim(corrected, corrected, erratum=e, forms=("printed", "corrected"), expect=(False, True))
    assert wrong.run(Options(quick=True))["status"] == "failed"


def test_scope_rejects_nonsense():
    with pytest.raises(ValueError, match="Scope.N"):
        Scope(N=(2.5,))
    with pytest.raises(ValueError, match="Scope.fields"):
        Scope(fields=("Q",))


def test_digits_rule():
    assert digits_of("0", exact=True) is None
    assert digits_of(0, dps=30) == 30.0
    assert digits_of("1e-20") == 20.0
    assert digits_of("12 nonzero terms") is None


def test_legacy_tuples_are_gone():
    from dlnsym.claims import base

    assert base.LEGACY_TUPLES is False, "checks must return Evidence records"


def test_every_claim_declares_a_scope_and_a_control():
    for c in CLAIMS:
        assert isinstance(c.scope, Scope), c.id
        assert c.checks, c.id


# --------------------------------------------------------------------------- the command line
def test_symbolic_d1_evidence_is_not_proved(capsys):
    """theorem-1 has exact evidence for d = 1 only: confirmed. theorem-10-iso is proved by its exact checks for every
    N and d (Lemma 3 and the stabiliser recursion), and without them its d = 1 evidence would not prove it."""
    rc = main(["verify", "--json", "--quiet", "--method", "symbolic", "--only", "theorem-1", "theorem-10-iso"])
    data = {c["id"]: c for c in json.loads(capsys.readouterr().out)["claims"]}
    assert rc == 0 and all(c["partial"] is True for c in data.values())
    assert data["theorem-1"]["status"] == "confirmed"
    iso = data["theorem-10-iso"]
    assert iso["status"] == "proved"
    assert any(r["sizes"].get("d") == "any" and r["sizes"].get("N") == "any" for r in iso["checks"])
    from dlnsym.claims import get

    claim = get("theorem-10-iso")
    d1 = [k for k in claim.checks if k.name.startswith("d = 1")]
    out = Claim("t", "Test", "d = 1 only", d1, scope=claim.scope).run(Options(quick=True))
    assert out["status"] == "confirmed"


def test_fault_injected_into_a_formula_gives_exit_1_and_the_message(monkeypatch, capsys):
    from dlnsym.claims import builders

    def broken(*a, **k):
        raise ValueError("injected fault in moments")

    monkeypatch.setattr(builders, "moments", broken)
    rc = main(["verify", "--json", "--quiet", "--quick", "--only", "lemma-4"])
    data = json.loads(capsys.readouterr().out)
    assert rc == 1
    (c,) = data["claims"]
    assert c["status"] == "failed"
    assert any("injected fault in moments" in (k.get("error") or "") for k in c["checks"])


def test_wrong_formula_gives_exit_1(monkeypatch, capsys):
    """A formula that computes the wrong thing (G_k with a flipped sign) fails its claims."""
    from dlnsym import formulas
    from dlnsym.claims import builders

    monkeypatch.setattr(builders, "moments", lambda W: [-g for g in formulas.moments(W)])
    assert main(["verify", "--quiet", "--quick", "--only", "lemma-4", "remark-9"]) == 1
    assert "failed" in capsys.readouterr().out


def test_progress_on_stderr_json_on_stdout(capsys):
    assert main(["verify", "--json", "--quick", "--only", "lemma-4", "eq-1.7"]) == 0
    cap = capsys.readouterr()
    json.loads(cap.out)
    lines = cap.err.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith("[1/2] lemma-4") and "proved" in lines[0]


def test_a_registry_module_that_fails_to_import_is_named():
    code = ("import sys; sys.modules['dlnsym.numeric.checks_flows'] = None\n"
            "from dlnsym.cli import main; raise SystemExit(main(['verify', '--quick']))")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert p.returncode == 1
    assert "registry failed to import" in p.stderr and "checks_flows" in p.stderr
    assert "Traceback" not in p.stderr and len(p.stderr.strip().splitlines()) == 1


def test_verify_json_no_skipped_pass_and_digits_from_residual(capsys):
    main(["verify", "--json", "--quiet", "--quick"])
    data = json.loads(capsys.readouterr().out)
    for c in data["claims"]:
        assert c["status"] != "failed", c["id"]
        assert "partial" not in c
        for k in c["checks"]:
            if k.get("skipped"):
                assert k["passed"] is False, (c["id"], k)
            if k.get("exact"):
                assert k["digits"] is None and k["residual"] == "0"
            elif k["digits"] is not None:
                assert (k["digits"] == digits_of(k["residual"], dps=50, uncertainty=k.get("uncertainty"))
                        or k["residual"] == "0"), (c["id"], k)


def test_junit_has_the_layout_pytest_writes(tmp_path, capsys):
    ours = tmp_path / "ours.xml"
    assert main(["verify", "--quiet", "--quick", "--only", "lemma-4", "theorem-2", "--method", "symbolic",
                 "--junit", str(ours)]) == 0
    capsys.readouterr()
    t = tmp_path / "test_x.py"
    t.write_text("import pytest\ndef test_a():\n    pass\ndef test_b():\n    assert False\n"
                 "def test_c():\n    pytest.skip('x')\n")
    theirs = tmp_path / "theirs.xml"
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(t), f"--junitxml={theirs}"],
                   capture_output=True, cwd=tmp_path)
    a, b = ET.parse(ours).getroot(), ET.parse(theirs).getroot()
    assert a.tag == b.tag == "testsuites"
    sa, sb = a.find("testsuite"), b.find("testsuite")
    assert set(sa.attrib) == set(sb.attrib)
    ca, cb = sa.find("testcase"), sb.find("testcase")
    assert set(ca.attrib) == set(cb.attrib) == {"classname", "name", "time"}
    assert [c.attrib["name"] for c in sa.findall("testcase")] == ["lemma-4", "theorem-2"]
    fail_b = sb.find("testcase/failure")
    assert fail_b is not None and "message" in fail_b.attrib


def test_check_result_fields():
    r = CheckResult(method="numeric", sizes={"N": 2}, residual="1e-40", digits=40.0, seconds=0.1, passed=True,
                    skipped="no package")
    assert r.passed is False


# --------------------------------------------------------------------------- hypothesis ablations
def _ablation_claim(expect, passed):
    from dlnsym.claims.base import Ablation

    def holds(opts):
        yield Evidence("0", True, {"N": "any", "d": "any", "field": "any"}, exact=True)

    def dropped(opts):
        yield Evidence("0.5" if not passed else "0", passed, {"N": 2, "d": 1, "field": "R"}, note="instance")

    return Claim("t-abl", "Theorem 0", "s", [FunctionCheck("holds", holds), Ablation("h", "drop h", dropped,
                                                                                      expect=expect)],
                 hypotheses=("h",))


@pytest.mark.parametrize("expect,passed,status", [("counterexample", False, "proved"),
                                                  ("counterexample", True, "failed"),
                                                  ("survives", True, "proved"), ("survives", False, "failed")])
def test_ablation_outcome_must_match_and_never_covers_scope(expect, passed, status):
    run = _ablation_claim(expect, passed).run(Options(quick=True))
    assert run["status"] == status
    abl = [r for r in run["results"] if r.form == "ablation"]
    assert len(abl) == 1 and abl[0].hypothesis == "h"
    assert abl[0].to_json()["outcome"] == (expect if status == "proved" else f"not {expect}")


def test_ablation_must_drop_a_declared_hypothesis():
    from dlnsym.claims.base import Ablation

    with pytest.raises(ValueError, match="not one of its hypotheses"):
        Claim("t", "Theorem 0", "s", [Ablation("g", "drop g", lambda o: [])], hypotheses=("h",))
