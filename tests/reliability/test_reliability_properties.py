"""Property tests of what the client reads and checks, many of them across two components.

* Dates: the client's fast RFC 2822 reader agrees with the standard library's general one on
  every stamp of the shape it handles, valid or not; it reads back whatever the mock writes;
  the mock reads the client's date filters as the instant the caller meant.
* Money: prices are read exactly (never through a float) and never raise.
* Open enums and whole messages: any value of any type in any field is read without an
  exception, into the declared types.
* Status callbacks: the mock's carrier receipt dates read back to the minute; any form is
  either an event with every field in place or a ValidationError.
* Signatures: what the mock signs, the client's validator accepts; any change to the URL, a
  parameter or a JSON body is rejected.

`make fuzz` runs these with many more examples (SENDWIRE_FUZZ=1).
"""

from __future__ import annotations

import base64
import datetime as dt
import email.utils
import hashlib
import os
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sendwire._core import convert
from sendwire._core.dates import date_filter, parse_rfc2822
from sendwire._generated.models import parse_media, parse_message, parse_message_list
from sendwire.enums import FeedbackOutcome, MessageDirection, MessageStatus
from sendwire.errors import SendwireError, ValidationError
from sendwire.mock import dates as mock_dates
from sendwire.mock.callbacks import signature as mock_signature
from sendwire.webhooks import RequestValidator, parse_status_callback

FUZZ = os.environ.get("SENDWIRE_FUZZ") == "1"
PROPERTIES = settings(
    max_examples=2000 if FUZZ else 150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
UTC = dt.timezone.utc
US = 1_000_000

# -- dates -------------------------------------------------------------------------------------

DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@st.composite
def rfc2822_shaped(draw: st.DrawFn) -> str:
    """Stamps of the service's shape, including impossible dates, times and offsets."""
    day_name = draw(st.sampled_from(["", *[f"{d}, " for d in DAYS]]))
    day = draw(st.integers(0, 39))
    day_text = f"{day:02d}" if draw(st.booleans()) else str(day)
    month = draw(st.sampled_from(MONTHS))
    # From year 100: the standard library reads years below 100 as two-digit years (0001 as
    # 2001), an old-mail convention the service's four-digit years never call for.
    year = draw(st.integers(100, 9999))
    hour, minute, second = (
        draw(st.integers(0, 29)),
        draw(st.integers(0, 69)),
        draw(st.integers(0, 69)),
    )
    sign = draw(st.sampled_from("+-"))
    offset = draw(st.integers(0, 2999))
    return (
        f"{day_name}{day_text} {month} {year:04d} {hour:02d}:{minute:02d}:{second:02d} "
        f"{sign}{offset:04d}"
    )


def _general(stamp: str) -> dt.datetime | None:
    try:
        parsed = email.utils.parsedate_to_datetime(stamp)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


@PROPERTIES
@given(rfc2822_shaped())
def test_the_fast_rfc2822_reader_agrees_with_the_general_one(stamp: str) -> None:
    fast = parse_rfc2822(stamp)
    general = _general(stamp)
    assert fast == general, (stamp, fast, general)
    if fast is not None and general is not None:
        assert fast.utcoffset() == general.utcoffset()


@PROPERTIES
@given(st.integers(0, 253_402_300_799 * US))
def test_every_date_the_mock_writes_reads_back_as_the_same_second(instant_us: int) -> None:
    parsed = parse_rfc2822(mock_dates.format_rfc2822(instant_us))
    assert parsed is not None and parsed.tzinfo is not None
    expected = dt.datetime(1970, 1, 1, tzinfo=UTC) + dt.timedelta(seconds=instant_us // US)
    assert parsed == expected


# Fixed offsets to the minute, and a few named zones with odd offsets and DST rules.
ZONES = st.builds(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes)), st.integers(-23 * 60, 23 * 60)
) | st.sampled_from(
    [
        ZoneInfo(name)
        for name in (
            "America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "Australia/Lord_Howe",
            "Pacific/Chatham", "America/St_Johns", "Europe/London",
        )
    ]
)  # fmt: skip


@PROPERTIES
@given(st.datetimes(min_value=dt.datetime(1971, 1, 1), timezones=ZONES))
def test_the_mock_reads_a_date_filter_as_the_second_the_caller_meant(moment: dt.datetime) -> None:
    try:
        utc = moment.astimezone(UTC)
    except OverflowError:
        return  # refused by the client (a ValidationError), covered in the facade's tests
    assume(utc.year <= 9999)
    wire = date_filter(moment, "date_sent")
    bounds = mock_dates.parse_date_filter(wire)
    start = int((utc.replace(microsecond=0) - dt.datetime(1970, 1, 1, tzinfo=UTC)).total_seconds())
    assert bounds == (start * US, (start + 1) * US), (moment, wire)


@PROPERTIES
@given(st.dates(min_value=dt.date(1970, 1, 1)))
def test_the_mock_reads_a_date_filter_as_the_whole_day(day: dt.date) -> None:
    bounds = mock_dates.parse_date_filter(date_filter(day, "date_sent"))
    start = (day - dt.date(1970, 1, 1)).days * 86_400 * US
    assert bounds == (start, start + 86_400 * US)


# -- money -------------------------------------------------------------------------------------

price_texts = st.builds(
    lambda sign, digits, point, exponent: (
        (
            f"{sign}{digits[:point]}.{digits[point:]}"
            if 0 < point < len(digits)
            else f"{sign}{digits}"
        )
        + exponent
    ),
    st.sampled_from(["", "-", "+"]),
    st.text("0123456789", min_size=1, max_size=40),
    st.integers(0, 40),
    st.sampled_from(["", "E-3", "e+10", "E0"]),
)


@PROPERTIES
@given(price_texts, st.sampled_from(["", " ", "\t"]))
def test_prices_are_read_exactly_with_their_scale(text: str, pad: str) -> None:
    price = convert.to_decimal(pad + text + pad)
    assert price == Decimal(text)
    assert price is not None and str(price) == str(Decimal(text))  # "-0.00750" keeps its zeros


@PROPERTIES
@given(
    st.one_of(
        st.text(max_size=30),
        st.sampled_from(["NaN", "-nan", "sNaN", "Infinity", "-Infinity", "inf", "1e999999999"]),
        st.floats(),
        st.integers(),
        st.none(),
        st.booleans(),
        st.lists(st.integers(), max_size=2),
    )
)
def test_prices_never_raise_and_are_finite_or_none(value: Any) -> None:
    price = convert.to_decimal(value)
    assert price is None or (isinstance(price, Decimal) and price.is_finite())
    if isinstance(value, float) and price is not None:
        assert price == Decimal(repr(value))  # the float's shortest text, not its binary value


# -- open enums and whole messages -------------------------------------------------------------


@PROPERTIES
@given(st.text(max_size=30), st.sampled_from([MessageStatus, MessageDirection, FeedbackOutcome]))
def test_open_enums_take_any_string_and_keep_it(value: str, enum: Any) -> None:
    member = enum(value)
    known = {m.value for m in enum.__members__.values()}
    assert member.value == value and member == value and str(member) == value
    assert member.is_known == (value in known)
    assert {member: 1}[value] == 1  # usable wherever the plain string is
    if member.is_known:
        assert member is enum(value)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=8,
)
MESSAGE_FIELDS = [
    "sid", "account_sid", "status", "direction", "to", "from", "body", "num_segments",
    "num_media", "date_created", "date_updated", "date_sent", "price", "price_unit",
    "error_code", "error_message", "messaging_service_sid", "api_version", "uri",
    "subresource_uris",
]  # fmt: skip


@PROPERTIES
@given(st.dictionaries(st.sampled_from(MESSAGE_FIELDS) | st.text(max_size=8), JSON, max_size=12))
def test_any_message_document_is_read_into_the_declared_types(document: dict[str, Any]) -> None:
    message = parse_message(document)
    assert isinstance(message.sid, str)
    for moment in (message.date_created, message.date_updated, message.date_sent):
        assert moment is None or moment.tzinfo is not None
    for count in (message.num_segments, message.num_media, message.error_code):
        assert count is None or (isinstance(count, int) and not isinstance(count, bool))
    assert message.price is None or message.price.is_finite()
    assert message.status is None or message.status.value == document.get("status")
    assert all(isinstance(v, str) for v in message.subresource_uris.values())


@PROPERTIES
@given(JSON)
def test_a_page_of_anything_reads_or_raises_a_sendwire_error(document: Any) -> None:
    try:
        page = parse_message_list(document)
    except SendwireError:
        assert not isinstance(document, dict)
        return
    assert all(isinstance(m.sid, str) for m in page.items)


# -- status callbacks --------------------------------------------------------------------------


@PROPERTIES
@given(st.integers(946_684_800 * US, 4_102_444_799 * US))
def test_receipt_dates_the_mock_sends_read_back_to_the_minute(instant_us: int) -> None:
    form = {
        "MessageSid": "SM" + "0" * 32,
        "MessageStatus": "delivered",
        "AccountSid": "AC" + "0" * 32,
        "RawDlrDoneDate": mock_dates.format_dlr_done(instant_us),
    }
    event = parse_status_callback(form)
    moment = dt.datetime(1970, 1, 1, tzinfo=UTC) + dt.timedelta(seconds=instant_us // US)
    assert event.raw_dlr_done_date == moment.replace(second=0)


MAPPED = {
    "MessageSid", "MessageStatus", "AccountSid", "ErrorCode", "RawDlrDoneDate", "From", "To",
    "MessagingServiceSid", "ApiVersion", "SmsSid", "SmsStatus",
}  # fmt: skip
names = st.sampled_from(sorted(MAPPED)) | st.text(min_size=1, max_size=10)
form_values = st.text(max_size=15) | st.from_regex(r"[0-9]{1,10}", fullmatch=True)


@PROPERTIES
@given(st.lists(st.tuples(names, form_values), max_size=14))
def test_any_callback_form_is_an_event_or_a_validation_error(pairs: list[tuple[str, str]]) -> None:
    first: dict[str, str] = {}
    for name, value in pairs:
        first.setdefault(name, value)
    try:
        event = parse_status_callback(pairs)
    except ValidationError:
        assert not (
            (first.get("MessageSid") or first.get("SmsSid"))
            and (first.get("MessageStatus") or first.get("SmsStatus"))
            and first.get("AccountSid")
        )
        return
    assert event.message_sid == (first.get("MessageSid") or first.get("SmsSid"))
    assert event.status.value == (first.get("MessageStatus") or first.get("SmsStatus"))
    assert event.account_sid == first["AccountSid"]
    assert event.to == first.get("To") and event.from_ == first.get("From")
    assert dict(event.extra) == {k: v for k, v in first.items() if k not in MAPPED}
    if event.error_code is not None:
        assert event.error_code == int(first["ErrorCode"])


def test_a_message_with_a_sid_that_is_not_text_still_has_a_text_sid() -> None:
    assert parse_message({"sid": 1}).sid == ""
    assert parse_media({"sid": ["ME"]}).sid == ""


# -- signatures --------------------------------------------------------------------------------

tokens = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=32)
hosts = st.sampled_from(
    ["example.com", "hooks.example.org", "127.0.0.1", "[::1]", "xn--bcher-kva.example"]
)
ports = st.sampled_from(["", ":443", ":80", ":8443", ":8080"])
url_text = st.text(st.sampled_from("abcXYZ09-._~/%?=&+:@!$'()*,;"), max_size=24)
urls = st.builds(
    lambda scheme, host, port, path: f"{scheme}://{host}{port}/{path}",
    st.sampled_from(["http", "https"]),
    hosts,
    ports,
    url_text,
)
param_names = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=10
)
param_values = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20)
params = st.dictionaries(param_names, param_values, max_size=8)


def _equivalent(url: str, other: str) -> bool:
    """Whether two URLs differ only by the scheme's default port, which the validator allows."""
    for default, scheme in ((":443", "https://"), (":80", "http://")):
        if url.startswith(scheme) and other.startswith(scheme):
            host_a, _, rest_a = url[len(scheme) :].partition("/")
            host_b, _, rest_b = other[len(scheme) :].partition("/")
            if rest_a == rest_b and host_a.removesuffix(default) == host_b.removesuffix(default):
                return True
    return url == other


@PROPERTIES
@given(tokens, urls, params)
def test_what_the_mock_signs_the_client_accepts(token: str, url: str, form: dict[str, str]) -> None:
    signed = mock_signature(token, url, form)
    validator = RequestValidator(token)
    assert validator.compute_signature(url, form) == signed
    assert validator.validate(url, form, signed)


@st.composite
def url_edits(draw: st.DrawFn, url: str) -> str:
    """The URL with one character inserted, removed or replaced anywhere."""
    position = draw(st.integers(0, len(url)))
    how = draw(st.sampled_from(["insert", "delete", "replace"]))
    char = draw(st.characters(codec="utf-8", exclude_categories=["Cs"]))
    if how == "insert" or position == len(url):
        return url[:position] + char + url[position:]
    if how == "delete":
        return url[:position] + url[position + 1 :]
    return url[:position] + char + url[position + 1 :]


@PROPERTIES
@given(tokens, urls, params, st.data())
def test_a_changed_url_is_rejected(
    token: str, url: str, form: dict[str, str], data: st.DataObject
) -> None:
    tampered = data.draw(url_edits(url))
    assume(not _equivalent(url, tampered))
    validator = RequestValidator(token)
    assert not validator.validate(tampered, form, mock_signature(token, url, form))


@PROPERTIES
@given(tokens, urls, params.filter(bool), st.data())
def test_a_changed_parameter_is_rejected(
    token: str, url: str, form: dict[str, str], data: st.DataObject
) -> None:
    signed = mock_signature(token, url, form)
    name = data.draw(st.sampled_from(sorted(form)))
    tampered = dict(form)
    how = data.draw(st.sampled_from(["value", "drop", "add"]))
    if how == "value":
        tampered[name] = data.draw(param_values.filter(lambda v: v != form[name]))
    elif how == "drop":
        del tampered[name]
    else:
        extra = data.draw(param_names.filter(lambda n: n not in form))
        tampered[extra] = data.draw(param_values)
    assert not RequestValidator(token).validate(url, tampered, signed)


@PROPERTIES
@given(tokens, urls, st.binary(max_size=300), st.binary(max_size=300), st.booleans())
def test_a_changed_json_body_is_rejected(
    token: str, url: str, body: bytes, other: bytes, as_text: bool
) -> None:
    separator = "&" if "?" in url else "?"
    signed_url = f"{url}{separator}bodySHA256={hashlib.sha256(body).hexdigest()}"
    validator = RequestValidator(token)
    signed = validator.compute_signature(signed_url)
    assert validator.validate(signed_url, body, signed)
    assume(body != other)
    sent: str | bytes = other
    if as_text:
        try:
            sent = other.decode("utf-8")
        except UnicodeDecodeError:
            sent = other
    assert not validator.validate(signed_url, sent, signed)
    # Nor does a URL whose hash was swapped for the new body's pass with the old signature.
    swapped = f"{url}{separator}bodySHA256={hashlib.sha256(other).hexdigest()}"
    assert not validator.validate(swapped, other, signed)


def test_a_url_the_standard_library_cannot_split_is_rejected_not_raised() -> None:
    validator = RequestValidator("token")
    for url in ("http://[:1]/", "http://::1]/status", "https://[::1/x"):
        form = {"MessageSid": "SM" + "0" * 32}
        assert validator.validate(url, form, validator.compute_signature(url, form))
        assert not validator.validate(url, form, "forged")
        assert not validator.validate(url, b"{}", "forged")


def test_text_after_an_ipv6_host_is_not_taken_for_a_default_port() -> None:
    validator = RequestValidator("token")
    signed = validator.compute_signature("http://[::1]:80/status", {})
    assert validator.validate("http://[::1]/status", {}, signed)  # the default port, dropped
    for other in ("http://[::1]0:80/status", "http://[::1]x/status", "http://[::1]0/status"):
        assert not validator.validate(other, {}, signed), other


@PROPERTIES
@given(tokens, urls, params, st.binary(min_size=20, max_size=20))
def test_any_other_signature_is_rejected(
    token: str, url: str, form: dict[str, str], digest: bytes
) -> None:
    forged = base64.b64encode(digest).decode()
    assume(forged != mock_signature(token, url, form))
    assert not RequestValidator(token).validate(url, form, forged)
