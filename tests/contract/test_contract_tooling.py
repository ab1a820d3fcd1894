"""The contract run's own machinery: answers, the stateful proof, masking, reports, the hooks."""

from __future__ import annotations

import base64
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from sendwire._schema.formats import is_currency, is_phone_number, is_rfc_2822, is_uri
from sendwire.contract import calls, junit, proof
from sendwire.contract.operations import Operations, spec_path
from sendwire.contract.redact import Redactor

hooks = pytest.importorskip("sendwire.testing.schemathesis_hooks")

ACCOUNT = "AC" + "1" * 32


def answers(**by_operation: dict[int, int]) -> calls.Counts:
    return {"stateful": by_operation}


def test_stateful_proof_needs_each_kind_of_success() -> None:
    complete = answers(
        CreateMessage={201: 3, 400: 1},
        FetchMessage={200: 2},
        UpdateMessage={200: 1, 409: 4},
        DeleteMessage={204: 1},
    )
    assert proof.missing(complete) == []
    only_rejections = answers(
        CreateMessage={401: 30}, FetchMessage={404: 12}, UpdateMessage={404: 3}
    )
    gaps = proof.missing(only_rejections)
    assert [operation for operation, _, _ in gaps] == [
        "CreateMessage", "FetchMessage", "UpdateMessage", "DeleteMessage"
    ]  # fmt: skip
    assert proof.describe_missing(gaps).startswith("the stateful phase never created anything")
    no_update = {"stateful": {**complete["stateful"], "UpdateMessage": {409: 4}}}
    gaps = proof.missing(no_update)
    assert gaps == [("UpdateMessage", 200, "updated a message")]
    assert "never updated a message (no UpdateMessage 200)" in proof.describe_missing(gaps)


def test_only_the_stateful_phase_counts_for_the_proof() -> None:
    generated = {
        "fuzzing": {
            "CreateMessage": {201: 9},
            "FetchMessage": {200: 9},
            "UpdateMessage": {200: 9},
            "DeleteMessage": {204: 9},
        }
    }
    assert len(proof.missing(generated)) == 4


def test_calls_are_counted_per_phase_operation_and_status(tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    calls.record_call(first, "fuzzing", "CreateMessage", 201)
    calls.record_call(first, "fuzzing", "CreateMessage", 201)
    calls.record_call(second, "stateful", "CreateMessage", 400)
    with second.open("a") as handle:
        handle.write('{"phase": "stateful", "oper')  # a line cut short by a killed run
    counts = calls.read_calls([first, second, tmp_path / "never-written.jsonl"])
    assert counts == {
        "fuzzing": {"CreateMessage": {201: 2}},
        "stateful": {"CreateMessage": {400: 1}},
    }
    assert calls.by_operation(counts) == {"CreateMessage": {201: 2, 400: 1}}


def test_redactor_masks_the_token_and_every_form_of_the_basic_header() -> None:
    sid, token = "AC" + "a" * 32, "s3cr+t/token"
    redact = Redactor(sid, token)
    basic = base64.b64encode(f"{sid}:{token}".encode()).decode()
    lines = [
        f"curl -X GET -H 'Authorization: Basic {basic}' http://127.0.0.1:1/x",
        "curl -u ACaaaa:s3cr+t/token http://127.0.0.1:1/x",
        '{"message": "bad token s3cr%2Bt%2Ftoken", "authorization": "Basic abc"}',
        f"echoed {basic.rstrip('=')} back",
    ]
    masked = [redact(line) for line in lines]
    for line in masked:
        assert "s3cr" not in line and basic[:40] not in line
    assert masked[0] == "curl -X GET -H 'Authorization: ***' http://127.0.0.1:1/x"
    assert masked[1] == "curl -u *** http://127.0.0.1:1/x"
    assert redact("Missing required 'Authorization' header") == (
        "Missing required 'Authorization' header"
    )


STATEFUL_FAILURE = """1. Test Case ID: mBDks7

- ST101 Server error

- ST103 Undocumented status code

    Received: 500

Reproduce with:

    curl -X GET -H 'Authorization: ***' http://127.0.0.1:9/2010-04-01/Accounts/AC1/Messages/MM1.json
"""


def test_failures_are_named_by_operation_from_label_or_request(tmp_path: Path) -> None:
    report = tmp_path / "junit.xml"
    report.write_text(
        '<testsuites><testsuite name="schemathesis">'
        '<testcase name="POST /2010-04-01/Accounts/{AccountSid}/Messages.json">'
        '<failure type="failure" message="ST101">1. Test Case ID: a\n\n- ST101 Server error\n'
        "</failure></testcase>"
        f'<testcase name="Stateful tests"><failure>{STATEFUL_FAILURE}</failure></testcase>'
        '<testcase name="GET /2010-04-01/Accounts/{AccountSid}/Messages.json"/>'
        "</testsuite></testsuites>"
    )
    found = junit.failures([junit.Report(report, "g")], Operations.from_spec(spec_path()))
    assert [(f.operation, f.checks) for f in found] == [
        ("CreateMessage", ("ST101 Server error",)),
        ("FetchMessage", ("ST101 Server error", "ST103 Undocumented status code")),
    ]
    assert found[1].curl is not None and found[1].curl.startswith("curl -X GET")


def test_merged_report_holds_every_run_and_the_proof(tmp_path: Path) -> None:
    first, second = tmp_path / "a.xml", tmp_path / "b.xml"
    first.write_text(
        '<testsuites><testsuite name="schemathesis" tests="2" failures="1">'
        '<testcase name="x"><failure>token-XYZ</failure></testcase><testcase name="y"/>'
        "</testsuite></testsuites>"
    )
    reports = [junit.Report(first, "examples"), junit.Report(second, "stateful")]
    text = junit.merge(reports, "never created anything", True, Redactor("AC1", "token-XYZ"))
    assert "token-XYZ" not in text
    import xml.etree.ElementTree as ET

    root = ET.fromstring(text.encode())
    names = [suite.get("name") for suite in root.iter("testsuite")]
    assert names == [
        "schemathesis examples", "schemathesis stateful", "sendwire contract stateful proof"
    ]  # fmt: skip
    # The failing case, the run that wrote no report (an error), the missing proof.
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("4", "2", "1")


@pytest.fixture
def pinned(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(hooks.ACCOUNT_ENV, ACCOUNT)
    return ACCOUNT


def test_pin_replaces_only_a_valid_account_sid(pinned: str) -> None:
    valid = {"AccountSid": "AC" + "f" * 32, "Sid": "SM" + "0" * 32}
    assert hooks.map_path_parameters(None, dict(valid)) == {**valid, "AccountSid": pinned}
    for invalid in ("AC123", "", "SM" + "0" * 32, "AC" + "g" * 32):
        kept = {"AccountSid": invalid}
        assert hooks.map_path_parameters(None, dict(kept)) == kept


def test_pin_is_off_without_an_account(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(hooks.ACCOUNT_ENV, raising=False)
    assert os.environ.get(hooks.ACCOUNT_ENV) is None
    params = {"AccountSid": "AC" + "f" * 32}
    assert hooks.map_path_parameters(None, dict(params)) == params


class FakeMeta:
    def __init__(self, negative_body: bool) -> None:
        self.negative_body = negative_body

    def is_negative_at(self, location: Any) -> bool:
        return self.negative_body and location == hooks.ParameterLocation.BODY


class FakeCase:
    def __init__(self, body: Any, negative_body: bool) -> None:
        self.body = body
        self.meta = FakeMeta(negative_body)


@pytest.mark.parametrize(
    ("body", "negative", "kept"),
    [
        ({"To": "+15550001111", "MediaUrl": []}, False, False),  # sent as no MediaUrl at all
        ({"To": "+15550001111", "MediaUrl": ["http://a/b"]}, False, True),
        ({"To": "+15550001111", "PersistentAction": "x"}, True, False),  # same as ["x"]
        ({"To": "+15550001111", "PersistentAction": 5}, True, False),
        ({"To": 5, "MediaUrl": ["http://a/b"]}, True, True),
        ("not a form", True, True),
    ],
)
def test_filter_drops_cases_form_encoding_cannot_express(
    body: Any, negative: bool, kept: bool
) -> None:
    assert hooks.filter_case(None, FakeCase(body, negative)) is kept


@settings(max_examples=200, deadline=None)
@given(hooks.phone_numbers, hooks.uris, hooks.currencies, hooks.rfc_2822_dates)
def test_generated_formats_are_valid_to_the_mock(
    phone: str, uri: str, currency: str, date: str
) -> None:
    assert is_phone_number(phone)
    assert is_uri(uri)
    assert is_currency(currency)
    assert is_rfc_2822(date)
