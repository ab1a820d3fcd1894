"""The contract run's own machinery: the stateful proof and the schemathesis hooks."""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import given, settings

import contract
from sendwire._schema.formats import is_currency, is_phone_number, is_rfc_2822, is_uri

hooks = pytest.importorskip("sendwire.testing.schemathesis_hooks")

ACCOUNT = "AC" + "1" * 32


def test_stateful_proof_needs_each_kind_of_success() -> None:
    complete = {
        "CreateMessage": {"201": 3, "400": 1},
        "FetchMessage": {"200": 2},
        "UpdateMessage": {"200": 1, "409": 4},
        "DeleteMessage": {"204": 1},
    }
    assert contract.prove_stateful(complete)
    only_rejections = {
        "CreateMessage": {"401": 30},
        "FetchMessage": {"404": 12},
        "UpdateMessage": {"404": 3},
        "DeleteMessage": {"404": 2},
    }
    assert not contract.prove_stateful(only_rejections)
    no_update = {**complete, "UpdateMessage": {"409": 4}}
    assert not contract.prove_stateful(no_update)


def test_difference_counts_only_what_the_phase_added() -> None:
    before = {"CreateMessage": {"201": 5}, "FetchMessage": {"200": 1}}
    after = {"CreateMessage": {"201": 7, "400": 1}, "FetchMessage": {"200": 1}}
    assert contract.difference(before, after) == {"CreateMessage": {"201": 2, "400": 1}}


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
