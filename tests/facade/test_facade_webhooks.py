"""The webhook signature validator and the status-callback parser."""

from __future__ import annotations

import datetime as dt
import hashlib
from urllib.parse import parse_qsl

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from sendwire import MessageStatus, ValidationError
from sendwire.webhooks import RequestValidator, parse_status_callback

# The example the service's security documentation walks through (auth token "12345").
DOC_TOKEN = "12345"
DOC_URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
DOC_PARAMS = {
    "CallSid": "CA1234567890ABCDE",
    "Caller": "+12349013030",
    "Digits": "1234",
    "From": "+12349013030",
    "To": "+18005551212",
}
DOC_SIGNATURE = "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
# The JSON-body example of the official helper libraries' test suites.
DOC_BODY = '{"property": "value", "boolean": true}'
DOC_BODY_HASH = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
DOC_BODY_URL = DOC_URL + "&bodySHA256=" + DOC_BODY_HASH
DOC_BODY_SIGNATURE = "a9nBmqA0ju/hNViExpshrM61xv4="

validator = RequestValidator(DOC_TOKEN)


def test_published_form_example() -> None:
    assert validator.compute_signature(DOC_URL, DOC_PARAMS) == DOC_SIGNATURE
    assert validator.validate(DOC_URL, DOC_PARAMS, DOC_SIGNATURE)


def test_published_json_body_example() -> None:
    assert hashlib.sha256(DOC_BODY.encode()).hexdigest() == DOC_BODY_HASH
    assert validator.validate(DOC_BODY_URL, DOC_BODY, DOC_BODY_SIGNATURE)
    assert validator.validate(DOC_BODY_URL, DOC_BODY.encode(), DOC_BODY_SIGNATURE)


def test_json_body_must_match_its_hash() -> None:
    assert not validator.validate(DOC_BODY_URL, DOC_BODY + " ", DOC_BODY_SIGNATURE)
    # A body without bodySHA256 in the URL cannot be checked, so it is refused.
    signature = validator.compute_signature(DOC_URL)
    assert not validator.validate(DOC_URL, DOC_BODY, signature)


def test_wrong_token_wrong_signature_or_missing_signature_is_refused() -> None:
    assert not RequestValidator("54321").validate(DOC_URL, DOC_PARAMS, DOC_SIGNATURE)
    assert not validator.validate(DOC_URL, DOC_PARAMS, "0/KCTR6DLpKmkAf8muzZqo1nDgQ")
    assert not validator.validate(DOC_URL, DOC_PARAMS, "")
    assert not validator.validate(DOC_URL, DOC_PARAMS, None)


@pytest.mark.parametrize(
    ("signed_url", "received_url"),
    [
        ("https://example.com/hook?x=1", "https://example.com:443/hook?x=1"),
        ("https://example.com:443/hook?x=1", "https://example.com/hook?x=1"),
        ("http://example.com/hook", "http://example.com:80/hook"),
        ("http://example.com:80/hook", "http://example.com/hook"),
        ("https://user:pw@example.com/hook", "https://user:pw@example.com:443/hook"),
        ("https://[::1]/hook", "https://[::1]:443/hook"),
    ],
)
def test_default_port_is_optional(signed_url: str, received_url: str) -> None:
    signature = validator.compute_signature(signed_url, DOC_PARAMS)
    assert validator.validate(received_url, DOC_PARAMS, signature)
    assert validator.validate(signed_url, DOC_PARAMS, signature)


@pytest.mark.parametrize(
    ("signed_url", "received_url"),
    [
        ("https://example.com:8443/hook", "https://example.com/hook"),
        ("https://example.com/hook", "https://example.com:80/hook"),
        ("http://example.com/hook", "http://example.com:443/hook"),
    ],
)
def test_other_ports_are_not_interchangeable(signed_url: str, received_url: str) -> None:
    signature = validator.compute_signature(signed_url, DOC_PARAMS)
    assert not validator.validate(received_url, DOC_PARAMS, signature)


def test_repeated_form_keys_contribute_every_value_in_order() -> None:
    url = "https://example.com/hook"
    pairs = [
        ("MediaUrl", "https://a.example/1"),
        ("Body", "hi"),
        ("MediaUrl", "https://a.example/2"),
    ]
    signature = validator.compute_signature(url, pairs)
    expected = validator.compute_signature(
        url
        + "Body"
        + "hi"
        + "MediaUrl"
        + "https://a.example/1"
        + "MediaUrl"
        + "https://a.example/2"
    )
    assert signature == expected
    # The same request in other shapes: a mapping of lists, a multi-dict.
    assert validator.validate(
        url, {"MediaUrl": ["https://a.example/1", "https://a.example/2"], "Body": "hi"}, signature
    )

    class MultiDict(dict[str, list[str]]):
        def getlist(self, key: str) -> list[str]:
            return self[key]

    multi = MultiDict(MediaUrl=["https://a.example/1", "https://a.example/2"], Body=["hi"])
    assert validator.validate(url, multi, signature)
    # Dropping one of the values breaks the signature.
    assert not validator.validate(url, {"MediaUrl": "https://a.example/1", "Body": "hi"}, signature)


def test_validator_repr_hides_the_token() -> None:
    secret = "s3cr3t-token-value"
    assert secret not in repr(RequestValidator(secret))
    assert secret not in str(RequestValidator(secret))


def test_empty_token_is_refused() -> None:
    with pytest.raises(ValidationError):
        RequestValidator("")


# ---- property tests: any change to a signed request is caught --------------------------------

names = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=12)
values = st.text(st.characters(codec="utf-8"), max_size=30)
forms = st.lists(st.tuples(names, values), max_size=8)
tokens = st.text(st.characters(codec="utf-8"), min_size=1, max_size=40)
paths = st.text(st.sampled_from("abcxyz/-_.~%0123456789"), max_size=20)
url_strategy = st.builds(
    lambda scheme, host, path, query: f"{scheme}://{host}/{path}" + (f"?{query}" if query else ""),
    st.sampled_from(["http", "https"]),
    st.sampled_from(["example.com", "hooks.example.org", "127.0.0.1:8080"]),
    paths,
    st.text(st.sampled_from("ab=&1"), max_size=10),
)


@given(token=tokens, url=url_strategy, form=forms)
def test_signature_round_trips(token: str, url: str, form: list[tuple[str, str]]) -> None:
    v = RequestValidator(token)
    assert v.validate(url, form, v.compute_signature(url, form))


@given(token=tokens, url=url_strategy, form=forms, suffix=st.text(min_size=1, max_size=5))
def test_tampered_url_is_refused(
    token: str, url: str, form: list[tuple[str, str]], suffix: str
) -> None:
    v = RequestValidator(token)
    signature = v.compute_signature(url, form)
    assert not v.validate(url + suffix, form, signature)


@given(
    token=tokens,
    url=url_strategy,
    form=forms.filter(bool),
    data=st.data(),
)
def test_tampered_params_are_refused(
    token: str, url: str, form: list[tuple[str, str]], data: st.DataObject
) -> None:
    v = RequestValidator(token)
    signature = v.compute_signature(url, form)
    index = data.draw(st.integers(0, len(form) - 1))
    name, value = form[index]
    how = data.draw(st.sampled_from(["value", "drop", "add"]))
    tampered = list(form)
    if how == "value":
        new_value = data.draw(values.filter(lambda v2: v2 != value))
        tampered[index] = (name, new_value)
    elif how == "drop":
        del tampered[index]
    else:
        tampered.append(data.draw(st.tuples(names, values)))
    assert not v.validate(url, tampered, signature)


@given(token=tokens, body=st.binary(max_size=200), other=st.binary(max_size=200))
def test_tampered_json_body_is_refused(token: str, body: bytes, other: bytes) -> None:
    assume(body != other)
    v = RequestValidator(token)
    url = "https://example.com/hook?bodySHA256=" + hashlib.sha256(body).hexdigest()
    signature = v.compute_signature(url)
    assert v.validate(url, body, signature)
    assert not v.validate(url, other, signature)
    # Swapping in the other body's hash too breaks the URL's signature.
    forged_url = "https://example.com/hook?bodySHA256=" + hashlib.sha256(other).hexdigest()
    assert not v.validate(forged_url, other, signature)


@given(token=tokens, other_token=tokens, url=url_strategy, form=forms)
def test_other_token_is_refused(
    token: str, other_token: str, url: str, form: list[tuple[str, str]]
) -> None:
    assume(token != other_token)
    signature = RequestValidator(token).compute_signature(url, form)
    assert not RequestValidator(other_token).validate(url, form, signature)


@given(url=st.text(max_size=50), form=forms, signature=st.text(max_size=40))
def test_validate_never_raises_on_garbage(
    url: str, form: list[tuple[str, str]], signature: str
) -> None:
    assert validator.validate(url, form, signature) in (True, False)


# ---- status callbacks ------------------------------------------------------------------------

CALLBACK = {
    "MessageSid": "SM" + "a" * 32,
    "SmsSid": "SM" + "a" * 32,
    "AccountSid": "AC" + "b" * 32,
    "MessageStatus": "delivered",
    "SmsStatus": "delivered",
    "From": "+15017122661",
    "To": "+15558675310",
    "ApiVersion": "2010-04-01",
    "RawDlrDoneDate": "2405241744",
    "ChannelPrefix": "sms",
}


def test_status_callback_is_typed() -> None:
    event = parse_status_callback(CALLBACK)
    assert event.message_sid == "SM" + "a" * 32
    assert event.status is MessageStatus.DELIVERED
    assert event.error_code is None
    assert event.raw_dlr_done_date == dt.datetime(2024, 5, 24, 17, 44, tzinfo=dt.timezone.utc)
    assert event.from_ == "+15017122661"
    assert event.to == "+15558675310"
    assert event.extra == {"ChannelPrefix": "sms"}


def test_status_callback_with_error_and_unknown_status() -> None:
    form = dict(CALLBACK, MessageStatus="undelivered", ErrorCode="30003")
    event = parse_status_callback(form)
    assert event.status is MessageStatus.UNDELIVERED
    assert event.error_code == 30003
    future = parse_status_callback(dict(CALLBACK, MessageStatus="teleported"))
    assert not future.status.is_known
    assert future.status.value == "teleported"


def test_status_callback_from_a_raw_form_body() -> None:
    body = "MessageSid=SM" + "c" * 32 + "&AccountSid=AC" + "d" * 32 + "&MessageStatus=sent"
    event = parse_status_callback(parse_qsl(body))
    assert event.status is MessageStatus.SENT
    assert event.raw_dlr_done_date is None


@pytest.mark.parametrize("missing", ["MessageSid", "AccountSid", "MessageStatus"])
def test_status_callback_missing_required_field(missing: str) -> None:
    form = {k: v for k, v in CALLBACK.items() if k != missing and k[:3] != "Sms"}
    with pytest.raises(ValidationError, match=missing):
        parse_status_callback(form)


@given(st.dictionaries(names, values, max_size=10))
def test_status_callback_parser_raises_only_validation_errors(form: dict[str, str]) -> None:
    try:
        event = parse_status_callback(form)
    except ValidationError:
        return
    assert event.message_sid
