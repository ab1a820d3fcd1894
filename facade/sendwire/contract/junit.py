"""schemathesis' JUnit reports: the failures they hold, and one merged report for CI.

Each `st run` writes its own report (one test case per operation, or one "Stateful tests"
case); a CI reader wants one file, so the reports become test suites of one document, with
the stateful proof as a test case of its own.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .operations import Operations

_CASE_HEADER = re.compile(r"^\d+\. Test Case ID: \S+\s*$", re.MULTILINE)
_CHECK = re.compile(r"^- (\S.*?)\s*$", re.MULTILINE)
_CURL = re.compile(r"^\s*(curl\s.*?)\s*$", re.MULTILINE)
_CURL_METHOD = re.compile(r"\s-X\s+([A-Z]+)")
_URL = re.compile(r"https?://[^\s'\"]+")
_TOTALS = ("tests", "failures", "errors", "skipped")


@dataclass(frozen=True)
class Failure:
    operation: str
    """operationId, or schemathesis' own label when the spec does not name it."""
    group: str
    """The phases of the run that found it, e.g. "examples,coverage,fuzzing"."""
    checks: tuple[str, ...]
    """What failed, as schemathesis titles it, e.g. "ST101 Server error"."""
    curl: str | None
    """The request to reproduce it, credentials already masked by schemathesis."""
    times: int = 1
    """How many times the report holds it (a dead server gives the same error for each case)."""


@dataclass(frozen=True)
class Report:
    path: Path
    group: str


def failures(reports: Sequence[Report], operations: Operations) -> list[Failure]:
    """Every distinct failure and error of the reports, in report order."""
    found: dict[Failure, int] = {}
    for report in reports:
        root = _parse(report.path)
        if root is None:
            continue
        for case in root.iter("testcase"):
            label = case.get("name", "")
            for outcome in case:
                if outcome.tag not in ("failure", "error"):
                    continue
                for failure in _failures_of(outcome, label, report.group, operations):
                    found[failure] = found.get(failure, 0) + 1
    return [replace(failure, times=times) for failure, times in found.items()]


def _failures_of(
    outcome: ET.Element, label: str, group: str, operations: Operations
) -> list[Failure]:
    text = outcome.text or ""
    blocks = [block for block in _CASE_HEADER.split(text) if block.strip()] or [text]
    found = []
    for block in blocks:
        checks = tuple(_CHECK.findall(block))
        if not checks:
            checks = (f"{outcome.tag}: {_error_title(outcome, block)}",)
        curl_match = _CURL.search(block)
        curl = curl_match.group(1) if curl_match else None
        operation = operations.by_label(label) or _operation_of(curl, operations) or label
        found.append(Failure(operation, group, checks, curl))
    return found


def _error_title(outcome: ET.Element, block: str) -> str:
    """ "Network Error (Failed to establish a new connection: ...)": title and first detail."""
    lines = [line for line in block.splitlines() if line.strip()]
    title = lines[0].strip() if lines else outcome.get("message") or ""
    details = [line.strip() for line in lines[1:] if line[:1].isspace()]
    return f"{title} ({details[0]})" if details else title


def _operation_of(curl: str | None, operations: Operations) -> str | None:
    if curl is None:
        return None
    url = _URL.search(curl)
    method = _CURL_METHOD.search(curl)
    if url is None:
        return None
    return operations.by_request(method.group(1) if method else "GET", url.group(0))


def _parse(path: Path) -> ET.Element | None:
    try:
        return ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        return None  # that run died before writing its report; its exit status says so


def merge(
    reports: Sequence[Report],
    proof_failure: str | None,
    stateful: bool,
    redact: Callable[[str], str],
) -> str:
    """One JUnit document: each run's suites, then the stateful proof; redacted."""
    merged = ET.Element("testsuites", name="sendwire contract")
    for report in reports:
        root = _parse(report.path)
        if root is None:
            suite = ET.SubElement(merged, "testsuite", name=f"schemathesis {report.group}")
            case = ET.SubElement(suite, "testcase", name="schemathesis run")
            ET.SubElement(case, "error", message="schemathesis wrote no report")
            _total(suite)
            continue
        suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
        for suite in suites:
            suite.set("name", f"schemathesis {report.group}")
            merged.append(suite)
    if stateful:
        suite = ET.SubElement(merged, "testsuite", name="sendwire contract stateful proof")
        case = ET.SubElement(
            suite, "testcase", name="stateful phase created, fetched, updated and deleted"
        )
        if proof_failure is not None:
            ET.SubElement(case, "failure", message=proof_failure).text = proof_failure
        _total(suite)
    _total(merged)
    ET.indent(merged)
    text = ET.tostring(merged, encoding="unicode", xml_declaration=True)
    return redact(text) + "\n"


def _total(element: ET.Element) -> None:
    """Set the tests/failures/errors/skipped/time totals of a suite or of the whole document."""
    if element.tag == "testsuites":
        suites = list(element.iter("testsuite"))
        for name in _TOTALS:
            element.set(name, str(sum(int(s.get(name, "0")) for s in suites)))
        element.set("time", f"{sum(float(s.get('time', '0')) for s in suites):.3f}")
        return
    cases = list(element.iter("testcase"))
    element.set("tests", str(len(cases)))
    for name, tag in (("failures", "failure"), ("errors", "error"), ("skipped", "skipped")):
        element.set(name, str(sum(1 for c in cases if c.find(tag) is not None)))
    element.set("time", element.get("time", "0"))
