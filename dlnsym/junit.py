"""``dlnsym verify --junit FILE``: the verdicts as JUnit XML, one test case per claim.

The layout is the one pytest writes with ``--junitxml`` (``testsuites/testsuite/testcase`` with
``failure`` and ``skipped`` children), so that GitHub Actions, GitLab and Jenkins show each claim
as a test: ``failed`` claims are failures, ``open`` claims are skipped, the rest pass. Each test case
carries the verdict and the evidence summary in ``system-out``.
"""

from __future__ import annotations

import datetime
import platform
import re
import xml.etree.ElementTree as ET

__all__ = ["junit_xml", "write_junit"]

#: characters that XML 1.0 does not allow (an exception message may carry them, e.g. terminal colour codes)
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text: str) -> str:
    """``text`` with the characters XML cannot hold written as ``#xNN`` (as pytest's ``--junitxml`` does)."""
    return _ILLEGAL.sub(lambda m: f"#x{ord(m.group(0)):02X}", str(text))


def _summary(run: dict) -> str:
    c = run["claim"]
    lines = [f"{c.id} ({c.where}): {run['status']}" + (" (partial run)" if run["partial"] else ""),
             f"statement: {c.statement}", f"scope: {c.scope.text()}"]
    for k, v in run["coverage"].items():
        if k != "scope":
            lines.append(f"coverage {k}: {v}")
    for x in run["results"]:
        state = "skipped: " + x.skipped if x.skipped else ("passed" if x.passed else "FAILED")
        digits = "" if x.digits is None else f", {x.digits} digits"
        lines.append(f"- [{x.method}] {x.note} {x.sizes}: residual {x.residual}{digits}; {state}"
                     + (f" ({x.error})" if x.error else ""))
    return _xml("\n".join(lines))


def junit_xml(runs: list[dict]) -> ET.Element:
    suites = ET.Element("testsuites", {"name": "dlnsym verify"})
    failures = sum(r["status"] == "failed" for r in runs)
    skipped = sum(r["status"] == "open" for r in runs)
    total = sum(r["seconds"] for r in runs)
    suite = ET.SubElement(suites, "testsuite", {
        "name": "dlnsym verify", "errors": "0", "failures": str(failures), "skipped": str(skipped),
        "tests": str(len(runs)), "time": f"{total:.3f}", "hostname": platform.node(),
        "timestamp": datetime.datetime.now(datetime.timezone.utc).astimezone().isoformat()})
    for r in runs:
        c = r["claim"]
        case = ET.SubElement(suite, "testcase", {"classname": f"dlnsym.claims.section{c.section or 'x'}",
                                                 "name": c.id, "time": f"{r['seconds']:.3f}"})
        if r["status"] == "failed":
            bad = [x for x in r["results"] if not x.passed and not x.skipped]
            msg = "; ".join(f"{x.note} {x.sizes}: {x.error or 'residual ' + x.residual}" for x in bad[:3])
            f = ET.SubElement(case, "failure", {"message": _xml(msg or "failed")})
            f.text = _summary(r)
        elif r["status"] == "open":
            ET.SubElement(case, "skipped", {"type": "pytest.skip",
                                            "message": _xml(r["coverage"].get("note", "open: no claim made"))})
        out = ET.SubElement(case, "system-out")
        out.text = _summary(r)
    return suites


def write_junit(runs: list[dict], path: str) -> None:
    tree = ET.ElementTree(junit_xml(runs))
    ET.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)
