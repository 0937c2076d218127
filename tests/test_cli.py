"""The command line: verdicts, JSON schema, exit codes and one-line errors."""

import json
import subprocess
import sys

import pytest

from dlnsym.cli import main


def _run(*args):
    p = subprocess.run([sys.executable, "-m", "dlnsym.cli", *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def test_list(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "lemma-4" in out and "Theorem 2" in out


def test_verify_json_schema(capsys):
    rc = main(["verify", "--json", "--quick", "--method", "symbolic"])
    data = json.loads(capsys.readouterr().out)
    assert rc == 0
    assert data["dlnsym"] == "0.1.0"
    for c in data["claims"]:
        assert {"id", "where", "statement", "status", "checks"} <= set(c)
        assert c["status"] in {"proved", "confirmed", "erratum", "open"}, c["id"]
        if c["status"] == "erratum":
            assert set(c["erratum"]) == {"as_printed", "corrected", "evidence"}
        for k in c["checks"]:
            assert {"method", "sizes", "residual", "digits", "seconds", "passed"} <= set(k)
            assert isinstance(k["residual"], str)
            for v in k["sizes"].values():
                assert isinstance(v, int) or v in {"any", "R", "C"}


def test_verify_only_and_sizes(capsys):
    assert main(["verify", "--json", "--only", "lemma-4", "--N", "2", "--d", "2", "--field", "C"]) == 0
    data = json.loads(capsys.readouterr().out)
    (c,) = data["claims"]
    sizes = [k["sizes"] for k in c["checks"]]
    assert {"N": "any", "d": "any", "field": "any"} in sizes
    assert {"N": 2, "d": 2, "field": "C"} in sizes


@pytest.mark.parametrize("args,needle", [
    (["verify", "--N", "1"], "N >= 2"),
    (["verify", "--d", "0"], "d >= 1"),
    (["verify", "--field", "Q"], "R or F = C"),
    (["verify", "--only", "lemma-99"], "unknown claim id"),
    (["verify", "--dps", "5"], "too low"),
    (["verify", "--bogus"], "unrecognized arguments"),
])
def test_bad_usage_is_one_line_exit_2(args, needle):
    rc, out, err = _run(*args)
    assert rc == 2
    assert needle in err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err


def test_failed_claim_exits_1(monkeypatch, capsys):
    from dlnsym.claims import base, get

    claim = get("lemma-4")
    broken = base.FunctionCheck("always fails", lambda opts: base.Evidence("1", False, {"N": 2, "d": 1, "field": "R"},
                                                                          exact=True))
    monkeypatch.setattr(claim, "checks", claim.checks + [broken])
    assert main(["verify", "--only", "lemma-4", "--quick"]) == 1
    assert "failed" in capsys.readouterr().out


@pytest.mark.parametrize("dps", [25, 80])
def test_fast_claims_pass_at_low_and_high_precision(dps):
    """Every tolerance is a function of the precision: the quick run passes at 25 and at 80 digits."""
    rc, out, err = _run("verify", "--quick", "--quiet", "--dps", str(dps))
    assert rc == 0, out[-3000:] + err[-2000:]


def test_a_fault_injected_into_a_formula_fails_the_claim_with_exit_1(monkeypatch, capsys):
    """A formula that raises (here H_k of Definition 8) makes the claims that use it fail, with the
    exception's message in the JSON, and the exit code is 1 (not 2: it is not bad usage)."""
    import dlnsym.formulas as F

    def broken(W, c, k):
        raise ArithmeticError("injected fault in H_k")

    monkeypatch.setattr(F, "H_component", broken)
    rc = main(["verify", "--json", "--quiet", "--only", "definition-8", "--N", "2", "--d", "1"])
    data = json.loads(capsys.readouterr().out)
    assert rc == 1
    (c,) = data["claims"]
    assert c["status"] == "failed"
    assert any("injected fault in H_k" in k.get("error", "") for k in c["checks"])


def test_a_wrong_formula_fails_the_claim_with_exit_1(monkeypatch, capsys):
    """A formula that is silently wrong (a sign flipped in G_k, eq. (1.11)) is caught by the checks."""
    import dlnsym.formulas as F

    right = F.moments

    def wrong(W):
        return [-g for g in right(W)]

    monkeypatch.setattr(F, "moments", wrong)
    import dlnsym.claims.builders as B

    monkeypatch.setattr(B, "moments", wrong, raising=False)
    rc = main(["verify", "--json", "--quiet", "--only", "lemma-4", "--N", "2", "--d", "1"])
    data = json.loads(capsys.readouterr().out)
    assert rc == 1 and data["claims"][0]["status"] == "failed"
