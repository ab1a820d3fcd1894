"""The sans-IO core on its own: dates, parsing, retry decisions, the spec's rules."""

from __future__ import annotations

import datetime as dt
import email.utils
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from sendwire import FeedbackOutcome, MessageDirection, MessageStatus, ValidationError
from sendwire._core import convert
from sendwire._core import requests as build
from sendwire._core.dates import date_filter, parse_rfc2822
from sendwire._core.responses import api_error
from sendwire._core.retry import RetryPolicy, RetrySafety, parse_retry_after
from sendwire._generated.models import parse_message, parse_message_list
from sendwire.errors import (
    AuthenticationError,
    BadRequestError,
    ConflictError,
    NotFoundError,
    RateLimitError,
    ServerError,
)

SPEC = yaml.safe_load((Path(__file__).parents[2] / "spec" / "messages.yaml").read_text())
SCHEMAS = SPEC["components"]["schemas"]
PARAMETERS = SPEC["components"]["parameters"]
UTC = dt.timezone.utc
ACCOUNT = "AC" + "0" * 32


def test_enums_list_the_spec_values() -> None:
    assert [m.value for m in MessageStatus] == SCHEMAS["MessageStatus"]["enum"]
    assert [m.value for m in MessageDirection] == SCHEMAS["MessageDirection"]["enum"]
    assert [m.value for m in FeedbackOutcome] == SCHEMAS["FeedbackOutcome"]["enum"]


# ---- date filters ---------------------------------------------------------------------------


def test_aware_datetime_filters_are_sent_in_utc() -> None:
    plus5 = dt.timezone(dt.timedelta(hours=5))
    assert date_filter(dt.datetime(2024, 3, 1, 10, 0, tzinfo=plus5), "f") == "2024-03-01T05:00:00Z"
    minus7 = dt.timezone(dt.timedelta(hours=-7))
    assert date_filter(dt.datetime(2024, 3, 1, 20, 30, tzinfo=minus7), "f") == (
        "2024-03-02T03:30:00Z"
    )


def test_dates_and_documented_strings_pass() -> None:
    assert date_filter(dt.date(2011, 1, 1), "f") == "2011-01-01"
    for text in (
        "2008-01-02",
        "06/11/2019 22:05:25 MST",
        "2019-06-11 22:05:25.000",
        "Wed, 19 Jun 2019 22:04:00 -0000",
        "2019-06-11T22:05:25+05:00",
        "2019-06-11T22:05:25Z",
    ):
        assert date_filter(text, "f") == text
        request = build.list_page(ACCOUNT, {"date_sent": text})
        assert request.params is not None and request.params["DateSent"] == text


@pytest.mark.parametrize(
    "bad",
    [
        dt.datetime(2024, 1, 1, 12, 0),  # naive
        "2019-06-11T22:05:25",  # no offset: which instant?
        "yesterday",
        "2019-02-30",
        "2019-06-11\n",
        20190611,
    ],
)
def test_bad_date_filters_are_refused(bad: object) -> None:
    with pytest.raises(ValidationError) as refused:
        build.list_page(ACCOUNT, {"date_sent": bad})
    assert refused.value.field == "date_sent"


@given(st.datetimes(timezones=st.timezones()))
def test_date_filter_keeps_the_instant(moment: dt.datetime) -> None:
    try:
        expected = moment.astimezone(UTC).replace(microsecond=0)
    except OverflowError:
        with pytest.raises(ValidationError):
            date_filter(moment, "f")
        return
    sent = date_filter(moment, "f")
    assert sent.endswith("Z")
    assert dt.datetime.fromisoformat(sent[:-1]).replace(tzinfo=UTC) == expected


# ---- parsing what the service sends ---------------------------------------------------------


@given(st.datetimes(min_value=dt.datetime(1900, 1, 1), timezones=st.just(UTC)))
def test_rfc2822_round_trip(moment: dt.datetime) -> None:
    moment = moment.replace(microsecond=0)
    stamp = email.utils.format_datetime(moment)  # "Thu, 24 Aug 2023 05:01:45 +0000"
    parsed = parse_rfc2822(stamp)
    assert parsed == moment
    assert parsed is not None and parsed.tzinfo is not None


@given(
    st.datetimes(min_value=dt.datetime(1900, 1, 2), max_value=dt.datetime(9998, 12, 30)),
    st.integers(-23 * 60, 23 * 60),
)
def test_rfc2822_with_offsets(naive: dt.datetime, minutes: int) -> None:
    moment = naive.replace(microsecond=0, tzinfo=dt.timezone(dt.timedelta(minutes=minutes)))
    assert parse_rfc2822(email.utils.format_datetime(moment)) == moment


def test_rfc2822_minus_zero_is_utc_and_garbage_is_none() -> None:
    assert parse_rfc2822("Wed, 19 Jun 2019 22:04:00 -0000") == dt.datetime(
        2019, 6, 19, 22, 4, tzinfo=UTC
    )
    assert parse_rfc2822("not a date") is None
    assert parse_rfc2822("Wed, 31 Feb 2019 22:04:00 +0000") is None
    assert parse_rfc2822(None) is None


@given(st.text(max_size=40))
def test_rfc2822_parser_never_raises(text: str) -> None:
    result = parse_rfc2822(text)
    assert result is None or result.tzinfo is not None


@given(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=12)))
def test_number_parsers_never_raise(value: object) -> None:
    number = convert.to_int(value)
    assert number is None or isinstance(number, int)
    price = convert.to_decimal(value)
    assert price is None or (isinstance(price, Decimal) and price.is_finite())


def test_message_from_the_spec_example() -> None:
    example = SPEC["components"]["examples"]["MessageSent"]["value"]
    message = parse_message(example)
    assert message.sid == example["sid"]
    assert message.status is MessageStatus.SENT
    assert message.direction is MessageDirection.OUTBOUND_API
    assert message.num_segments == 1 and message.num_media == 0
    assert message.price == Decimal("-0.00750")
    assert message.error_code == 30007
    assert message.from_ == "+12019235161"
    assert message.date_sent == dt.datetime(2019, 5, 24, 17, 18, 28, tzinfo=UTC)
    assert message.subresource_uris["media"].endswith("/Media.json")


def test_unknown_status_and_direction_do_not_crash() -> None:
    example = dict(SPEC["components"]["examples"]["MessageSent"]["value"])
    example.update(status="beamed", direction="outbound-teleport", num_media="lots")
    message = parse_message(example)
    assert message.status is not None and not message.status.is_known
    assert message.status == "beamed" and message.status.value == "beamed"
    assert message.direction is not None and message.direction.value == "outbound-teleport"
    assert message.num_media is None
    assert MessageStatus("delivered") is MessageStatus.DELIVERED
    assert MessageStatus.DELIVERED.is_known


def test_page_envelope() -> None:
    envelope = SPEC["components"]["examples"]["MessageListPage"]["value"]
    page = parse_message_list(envelope)
    assert [m.sid for m in page.items] == [m["sid"] for m in envelope["messages"]]
    assert page.next_page_uri == envelope["next_page_uri"]
    assert page.previous_page_uri is None
    assert page.page_size == 2


# ---- error answers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, AuthenticationError),
        (404, NotFoundError),
        (409, ConflictError),
        (429, RateLimitError),
        (500, ServerError),
        (503, ServerError),
    ],
)
def test_error_classes(status: int, cls: type[Exception]) -> None:
    body = b'{"code": 21604, "message": "A To is required", "more_info": "https://x/21604", "status": 400}'
    error = api_error(status, httpx.Headers({"Retry-After": "3"}), body, "POST", "http://h/p")
    assert type(error) is cls
    assert error.code == 21604 and error.message == "A To is required"
    assert error.status == status and error.method == "POST" and error.url == "http://h/p"
    if isinstance(error, RateLimitError):
        assert error.retry_after == 3.0


def test_html_502_is_a_server_error_with_a_sensible_message() -> None:
    html = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
    error = api_error(502, httpx.Headers({"content-type": "text/html"}), html, "GET", "http://h/p")
    assert isinstance(error, ServerError)
    assert error.code is None
    assert "Bad Gateway" in str(error) and "text/html" in str(error)
    assert "<html>" not in str(error)


# ---- retry decisions ------------------------------------------------------------------------

policy = RetryPolicy(max_retries=3, initial_delay=0.5, max_delay=8.0)
READ, CREATE = RetrySafety.IDEMPOTENT, RetrySafety.UNSENT_ONLY
_request = httpx.Request("POST", "http://127.0.0.1/x")


@pytest.mark.parametrize(
    ("safety", "status", "retried"),
    [
        (READ, 429, True),
        (READ, 500, True),
        (READ, 502, True),
        (READ, 503, True),
        (READ, 501, False),
        (READ, 400, False),
        (READ, 404, False),
        (CREATE, 429, True),
        (CREATE, 500, False),
        (CREATE, 503, False),
        (CREATE, 400, False),
    ],
)
def test_status_decisions(safety: RetrySafety, status: int, retried: bool) -> None:
    assert (policy.after_status(safety, 0, status, None, 0.5) is not None) is retried


@pytest.mark.parametrize(
    ("exc", "create_retried"),
    [
        (httpx.ConnectError("refused", request=_request), True),
        (httpx.ConnectTimeout("slow", request=_request), True),
        (httpx.PoolTimeout("busy", request=_request), True),
        (httpx.ReadError("reset", request=_request), False),
        (httpx.RemoteProtocolError("closed", request=_request), False),
        (httpx.ReadTimeout("slow", request=_request), False),
        (httpx.WriteError("broken", request=_request), False),
        (httpx.WriteTimeout("slow", request=_request), False),
    ],
)
def test_transport_decisions(exc: httpx.TransportError, create_retried: bool) -> None:
    assert policy.after_transport_error(READ, 0, exc, 0.5) is not None
    assert (policy.after_transport_error(CREATE, 0, exc, 0.5) is not None) is create_retried


def test_retries_stop_at_max_retries() -> None:
    assert policy.after_status(READ, 2, 503, None, 0.5) is not None
    assert policy.after_status(READ, 3, 503, None, 0.5) is None
    assert RetryPolicy(max_retries=0).after_status(READ, 0, 503, None, 0.5) is None


def test_backoff_is_full_jitter_capped() -> None:
    assert policy.backoff(0, 0.999) <= 0.5
    assert policy.backoff(3, 0.5) == pytest.approx(2.0)
    assert policy.backoff(30, 0.999) <= 8.0
    assert policy.backoff(5, 0.0) == 0.0


def test_retry_after_is_honoured_unless_too_long() -> None:
    assert policy.after_status(CREATE, 0, 429, 7.0, 0.5) == 7.0
    assert policy.after_status(READ, 0, 503, 2.5, 0.5) == 2.5
    assert policy.after_status(READ, 0, 429, 3600.0, 0.5) is None


def test_retry_after_forms() -> None:
    now = dt.datetime(2024, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("3", now) == 3.0
    assert parse_retry_after("0.25", now) == 0.25
    assert parse_retry_after("Mon, 01 Jan 2024 12:00:10 GMT", now) == 10.0
    assert parse_retry_after("Mon, 01 Jan 2024 11:00:00 GMT", now) == 0.0
    assert parse_retry_after("-1", now) is None
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after("nan", now) is None
