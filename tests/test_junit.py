"""``dlnsym verify --junit FILE`` writes what pytest's ``--junitxml`` writes (the JUnit/xunit2 layout CI tools read).

The reference is pytest's own output for a passing, a failing and a skipped test, produced here. Our XML, for claims
that prove, fail, raise (with characters XML cannot hold in the message) and stay open, must have the same elements
with the same attributes, counts that agree with the test cases, and times and timestamps in the same formats.
"""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from dlnsym.claims.base import Claim, Evidence, FunctionCheck, Options
from dlnsym.junit import junit_xml, write_junit
from dlnsym.report import run_claims

TIME = re.compile(r"^\d+(\.\d{1,3})?$")  # seconds with at most three decimals (the Surefire time format)


def _claim(cid, fn, section="1"):
    return Claim(cid, "Lemma 0", f"statement of {cid}", [FunctionCheck("check", fn)], section=section)


def _proved(opts):
    yield Evidence("0", True, {"N": "any", "d": "any", "field": "R"}, exact=True, note="exact zero")
    yield Evidence("0", True, {"N": "any", "d": "any", "field": "C"}, exact=True, note="exact zero")


def _fails(opts):
    yield Evidence("0.5", False, {"N": 2, "d": 1, "field": "R"}, exact=True, note="nonzero residual")


def _raises(opts):
    raise RuntimeError("solver diverged \x1b[31mred\x1b[0m \x00 at t = 1")


def _skips(opts):
    yield Evidence.skip("optional package missing")


@pytest.fixture(scope="module")
def ours(tmp_path_factory):
    runs = run_claims([_claim("t-proved", _proved), _claim("t-fails", _fails), _claim("t-raises", _raises, "2"),
                       _claim("t-open", _skips, "")], Options(quick=True))
    assert [r["status"] for r in runs] == ["proved", "failed", "failed", "open"]
    path = tmp_path_factory.mktemp("junit") / "ours.xml"
    write_junit(runs, str(path))
    return ET.parse(path).getroot()  # well-formed XML, control characters included


@pytest.fixture(scope="module")
def theirs(tmp_path_factory):
    d = tmp_path_factory.mktemp("pytest-junit")
    (d / "test_ref.py").write_text("import pytest\n\ndef test_pass():\n    pass\n\n"
                                   "def test_fail():\n    assert 1 == 2\n\n"
                                   "def test_skip():\n    pytest.skip('why')\n")
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_ref.py",
                    "--junitxml=theirs.xml"], cwd=d, capture_output=True, timeout=120)
    return ET.parse(d / "theirs.xml").getroot()


def test_same_elements_and_attributes_as_pytest(ours, theirs):
    assert ours.tag == theirs.tag == "testsuites"
    assert set(ours.attrib) == set(theirs.attrib)
    assert len(ours.findall("testsuite")) == len(theirs.findall("testsuite")) == 1
    sa, sb = ours.find("testsuite"), theirs.find("testsuite")
    assert set(sa.attrib) == set(sb.attrib)
    for ca in sa.findall("testcase"):
        assert set(ca.attrib) == set(sb.find("testcase").attrib) == {"classname", "name", "time"}
    fa, fb = sa.find("testcase/failure"), sb.find("testcase/failure")
    assert set(fa.attrib) == set(fb.attrib) == {"message"} and fa.text
    ka, kb = sa.find("testcase/skipped"), sb.find("testcase/skipped")
    assert set(ka.attrib) == set(kb.attrib) == {"type", "message"}
    children = {c.tag for case in sa.findall("testcase") for c in case}
    assert children <= {"failure", "skipped", "error", "system-out", "system-err", "properties"}


def test_counts_agree_with_the_cases(ours, theirs):
    for suite in (ours.find("testsuite"), theirs.find("testsuite")):
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == sum(c.find("failure") is not None for c in cases)
        assert int(suite.get("skipped")) == sum(c.find("skipped") is not None for c in cases)
        assert int(suite.get("errors")) == sum(c.find("error") is not None for c in cases)


def test_times_and_timestamp_formats(ours, theirs):
    for root in (ours, theirs):
        suite = root.find("testsuite")
        assert TIME.match(suite.get("time")), suite.get("time")
        assert all(TIME.match(c.get("time")) for c in suite.findall("testcase"))
        stamp = datetime.datetime.fromisoformat(suite.get("timestamp"))
        assert stamp.tzinfo is not None


def test_one_case_per_claim_with_verdict_and_evidence(ours):
    cases = {c.get("name"): c for c in ours.find("testsuite").findall("testcase")}
    assert list(cases) == ["t-proved", "t-fails", "t-raises", "t-open"]
    assert cases["t-proved"].find("failure") is None and cases["t-proved"].find("skipped") is None
    assert "t-proved (Lemma 0): proved" in cases["t-proved"].find("system-out").text
    assert "nonzero residual" in cases["t-fails"].find("failure").get("message")
    raised = cases["t-raises"].find("failure")
    assert "solver diverged" in raised.get("message") and "\x1b" not in raised.get("message") + raised.text
    assert "#x1B" in raised.get("message")
    assert "every check was skipped" in cases["t-open"].find("skipped").get("message")
    assert cases["t-proved"].get("classname") == "dlnsym.claims.section1"


def test_a_claim_of_the_registry_through_the_cli(tmp_path, capsys):
    from dlnsym.cli import main

    path = tmp_path / "v.xml"
    assert main(["verify", "--quiet", "--quick", "--only", "eq-1.7", "--junit", str(path)]) == 0
    capsys.readouterr()
    root = ET.parse(path).getroot()
    assert [c.get("name") for c in root.iter("testcase")] == ["eq-1.7"]
    assert junit_xml([]).find("testsuite").get("tests") == "0"
