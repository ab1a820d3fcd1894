"""Bad input of every kind: a clean 4xx in the API's error format, never a 500, no change.

Each case runs against a mock holding a few messages (one with media); the full listing, the
media and the server's message count are compared before and after, and a valid request
still works afterwards. Requests httpx would refuse to send, or would fix on the way, go out
over a raw socket.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx
import pytest
from reliability_helpers import (
    SENDER,
    assert_api_error,
    basic,
    create,
    http_for,
    list_all,
    messages_path,
    raw_request,
)

from sendwire.testing import MockServer

MIB = 1024 * 1024
GOOD = {"To": "+15558675310", "From": SENDER, "Body": "fine"}


class State:
    """A mock with three messages, and what it showed before the bad request."""

    def __init__(self, mock: MockServer) -> None:
        self.mock = mock
        with http_for(mock) as http:
            self.sms = create(http, mock.account_sid, Body="first")["sid"]
            create(http, mock.account_sid, Body="second", To="+15550000002")
            self.mms = create(
                http, mock.account_sid, Body="third", MediaUrl="https://example.com/a.png"
            )["sid"]
        self.before = self.read()

    def read(self) -> Any:
        with http_for(self.mock) as http:
            path = messages_path(self.mock.account_sid, self.mms).removesuffix(".json")
            return (
                list_all(http, self.mock.account_sid),
                http.get(f"{path}/Media.json").json()["media_list"],
                self.mock.stats()["messages"],
            )

    def assert_unchanged_and_alive(self) -> None:
        assert self.read() == self.before
        with http_for(self.mock) as http:
            fetched = http.get(messages_path(self.mock.account_sid, self.sms))
        assert fetched.status_code == 200


@pytest.fixture
def state(mock: MockServer) -> State:
    return State(mock)


def _clean(status: int, headers: dict[str, str], body: bytes) -> None:
    """A raw answer is a 4xx in the API's error format."""
    response = httpx.Response(status, headers=headers, content=body)
    assert 400 <= status < 500, (status, body[:300])
    assert_api_error(response, status)


# -- through httpx: (method, path suffix, query, form or raw content, content type) ------------

LONG = "SM" + "a" * 10_000
SID_ATTACKS = [
    "SM' OR 1=1--",
    "SM' OR '1'='1",
    "SM1; DROP TABLE messages;--",
    '" OR ""="',
    "../../../etc/passwd",
    "..%2F..%2F..%2Fetc%2Fpasswd",
    "%00",
    "SM%00" + "0" * 30,
    "SM" + "0" * 31 + "%00",
    "SM%2e%2e",
    "*",
    "%",
    "%25",
    "SM" + "g" * 32,
    "sm" + "0" * 32,
    "ＳＭ" + "0" * 32,
    LONG,
    "SM" + "0" * 32 + "/../" + "SM" + "1" * 32,
]


# How the SID goes into the path: with `/` and `%` left as typed (path traversal, escapes
# such as %00 reaching the server as they are), or fully percent-encoded as a client would.
ENCODINGS = {"as typed": "/%", "encoded": ""}


SID_OPERATIONS = [
    ("GET", ".json", None),
    ("POST", ".json", {"Body": ""}),
    ("DELETE", ".json", None),
    ("GET", "/Media.json", None),
    ("POST", "/Feedback.json", {"Outcome": "confirmed"}),
]


@pytest.mark.parametrize("safe", ENCODINGS.values(), ids=ENCODINGS.keys())
@pytest.mark.parametrize("sid", SID_ATTACKS)
def test_sids_with_path_or_sql_metacharacters(state: State, sid: str, safe: str) -> None:
    """Fetch, redact, delete, list media and give feedback on a SID that is an attack."""
    base = messages_path(state.mock.account_sid).removesuffix(".json")
    for method, suffix, form in SID_OPERATIONS:
        target = f"{base}/{quote(sid, safe=safe)}{suffix}"
        request = raw(state, method, target, form_body(form) if form else None)
        status, headers, body = raw_request(state.mock.url, request)
        _clean(status, headers, body)
        assert status in (400, 404), (method, target)
    state.assert_unchanged_and_alive()


def test_media_sids_with_metacharacters(state: State) -> None:
    base = messages_path(state.mock.account_sid, state.mms).removesuffix(".json")
    for sid in SID_ATTACKS:
        for method in ("GET", "DELETE"):
            request = raw(state, method, f"{base}/Media/{quote(sid, safe='/%')}.json")
            _clean(*raw_request(state.mock.url, request))
    state.assert_unchanged_and_alive()


BAD_CREATES: dict[str, tuple[bytes, str]] = {
    "percent escape cut short": (b"To=%2B1555&From=%2&Body=x", "application/x-www-form-urlencoded"),
    "percent escape not hex": (b"To=%ZZ&From=%2B15017122661&Body=x", "application/x-www-form-urlencoded"),
    "lone percent": (b"%", "application/x-www-form-urlencoded"),
    "only separators": (b"&&&===&=", "application/x-www-form-urlencoded"),
    "raw invalid utf-8": (b"To=%2B15558675310&From=%2B15017122661&Body=\xff\xfe\xfd", "application/x-www-form-urlencoded"),
    "encoded invalid utf-8": (b"To=%2B15558675310&From=%2B15017122661&Body=%ff%fe", "application/x-www-form-urlencoded"),
    "overlong utf-8": (b"To=%2B15558675310&From=%2B15017122661&Body=%c0%af", "application/x-www-form-urlencoded"),
    "utf-8 surrogate": (b"To=%2B15558675310&From=%2B15017122661&Body=%ed%a0%80", "application/x-www-form-urlencoded"),
    "invalid utf-8 in a name": (b"To=%2B15558675310&From=%2B15017122661&Body=x&%ff=1", "application/x-www-form-urlencoded"),
    "json body": (b'{"To": "+15558675310", "From": "+15017122661", "Body": "x"}', "application/json"),
    "multipart body": (b"--b\r\nContent-Disposition: form-data; name=\"To\"\r\n\r\n+15558675310\r\n--b--\r\n", "multipart/form-data; boundary=b"),
    "plain text body": (b"To=+15558675310", "text/plain"),
    "no content type": (b"To=%2B15558675310&From=%2B15017122661&Body=x", ""),
    "To given twice": (b"To=%2B15558675310&To=%2B15558675311&From=%2B15017122661&Body=x", "application/x-www-form-urlencoded"),
    "To repeated 40,000 times": (b"From=%2B15017122661&Body=x" + b"&To=%2B15558675310" * 40_000, "application/x-www-form-urlencoded"),
    "NUL in To": (b"To=%2B1555%00867&From=%2B15017122661&Body=x", "application/x-www-form-urlencoded"),
    "huge integer": (b"To=%2B15558675310&From=%2B15017122661&Body=x&ValidityPeriod=" + b"9" * 5000, "application/x-www-form-urlencoded"),
    "not a number": (b"To=%2B15558675310&From=%2B15017122661&Body=x&MaxPrice=NaN", "application/x-www-form-urlencoded"),
    "infinite number": (b"To=%2B15558675310&From=%2B15017122661&Body=x&MaxPrice=1e999", "application/x-www-form-urlencoded"),
    "not a boolean": (b"To=%2B15558675310&From=%2B15017122661&Body=x&ForceDelivery=maybe", "application/x-www-form-urlencoded"),
    "SendAt not a date": (b"To=%2B15558675310&MessagingServiceSid=MG" + b"0" * 32 + b"&Body=x&ScheduleType=fixed&SendAt=2024-13-45T99:99:99Z", "application/x-www-form-urlencoded"),
    "body of 1601 characters": (b"To=%2B15558675310&From=%2B15017122661&Body=" + b"x" * 1601, "application/x-www-form-urlencoded"),
    "eleven media": (b"To=%2B15558675310&From=%2B15017122661" + b"&MediaUrl=https%3A%2F%2Fexample.com%2Fa.png" * 11, "application/x-www-form-urlencoded"),
}  # fmt: skip


@pytest.mark.parametrize("content", BAD_CREATES.values(), ids=BAD_CREATES.keys())
def test_malformed_create_bodies(state: State, content: tuple[bytes, str]) -> None:
    body, content_type = content
    headers = {"Content-Type": content_type} if content_type else {}
    with http_for(state.mock) as http:
        http.headers.pop("content-type", None)
        response = http.post(messages_path(state.mock.account_sid), content=body, headers=headers)
    assert_api_error(response, 400)
    state.assert_unchanged_and_alive()


CALLBACK_INJECTIONS = [
    "https://example.com/cb\r\nX-Injected: 1",
    "https://example.com/cb\nX-Injected: 1",
    "https://example.com/cb\rX-Injected: 1",
    "https://example.com/cb\r\n\r\nPOST /evil HTTP/1.1",
    "https://example.com/\r\nHost: evil.example",
    "https://exa\r\nmple.com/cb",
    "https://example.com/cb\x00",
    "https://example.com/cb\tx",
    "https://example.com/c b",
    "\r\nhttps://example.com/cb",
    "https://example.com/cb\u2028x",
    "https://example.com/cb\u0085x",
]


@pytest.mark.parametrize("callback", CALLBACK_INJECTIONS)
def test_header_injection_in_status_callback(state: State, callback: str) -> None:
    with http_for(state.mock) as http:
        response = http.post(
            messages_path(state.mock.account_sid), data={**GOOD, "StatusCallback": callback}
        )
    assert_api_error(response, 400)
    state.assert_unchanged_and_alive()


BAD_LIST_QUERIES = [
    "PageSize=1001",
    "PageSize=1000000",
    "PageSize=" + "9" * 400,
    "PageSize=-1",
    "PageSize=0",
    "PageSize=1e3",
    "PageSize=0x10",
    "PageSize=%ff",
    "PageSize=1&PageSize=2",
    "Page=-1",
    "PageToken=%27%20OR%201%3D1--",
    "PageToken=PA" + "9" * 30 + "_SM" + "0" * 32,
    "PageToken=" + "A" * 5000,
    "DateSent=2024-02-30",
    "DateSent=99999-01-01",
    "DateSent%3E=yesterday",
    "DateSent%3C=2024-01-01%00",
    "To=%ff%fe",
    "To=%",
    "From=%2B1555%0D%0AX-Injected:%201",
]


@pytest.mark.parametrize("query", BAD_LIST_QUERIES)
def test_bad_list_queries(state: State, query: str) -> None:
    request = raw(state, "GET", f"{messages_path(state.mock.account_sid)}?{query}")
    status, headers, body = raw_request(state.mock.url, request)
    _clean(status, headers, body)
    state.assert_unchanged_and_alive()


def test_huge_page_number_answers_cleanly(state: State) -> None:
    # `Page` is client state the server echoes; even an absurd one must not break the answer.
    with http_for(state.mock) as http:
        response = http.get(
            messages_path(state.mock.account_sid), params={"Page": "9" * 30, "PageSize": 1}
        )
    assert response.status_code in (200, 400), response.text
    if response.status_code == 400:
        assert_api_error(response, 400)
    state.assert_unchanged_and_alive()


@pytest.mark.parametrize("size", [MIB + 1, 4 * MIB])
def test_oversize_bodies_are_413_with_a_declared_length(state: State, size: int) -> None:
    body = b"To=%2B15558675310&From=%2B15017122661&Body=" + b"x" * size
    with http_for(state.mock) as http:
        response = http.post(
            messages_path(state.mock.account_sid),
            content=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    assert_api_error(response, 413)
    state.assert_unchanged_and_alive()


def test_oversize_chunked_body_is_413(state: State) -> None:
    chunk = b"x" * 65536
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(17))  # 1.06 MiB
    head = (
        f"POST {messages_path(state.mock.account_sid)} HTTP/1.1\r\n"
        f"Host: test\r\nAuthorization: {basic(state.mock.auth)}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    ).encode()
    prefix = b"11\r\nTo=%2B15558675310\r\n"
    status, headers, body = raw_request(state.mock.url, head + prefix + chunks + b"0\r\n\r\n")
    assert status == 413
    _clean(status, headers, body)
    state.assert_unchanged_and_alive()


def test_body_of_exactly_one_mebibyte_is_not_refused_for_its_size(state: State) -> None:
    prefix = b"To=%2B15558675310&From=%2B15017122661&Body=x&Ignored="
    body = prefix + b"y" * (MIB - len(prefix))
    with http_for(state.mock) as http:
        response = http.post(
            messages_path(state.mock.account_sid),
            content=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    # Within the limit: the request is judged on its content (unknown fields are ignored).
    assert response.status_code == 201, response.text


def test_invalid_utf8_and_nul_in_the_path(state: State) -> None:
    base = messages_path(state.mock.account_sid).removesuffix(".json")
    for raw_path in (
        f"{base}/%ff%fe.json",
        f"{base}/SM%c0%af.json",
        f"{base}/%00.json",
        "/2010-04-01/Accounts/%ff/Messages.json",
        "/2010-04-01/Accounts/AC%00/Messages.json",
    ):
        _clean(*raw_request(state.mock.url, raw(state, "GET", raw_path)))
    state.assert_unchanged_and_alive()


# -- raw requests ------------------------------------------------------------------------------


def form_body(form: dict[str, str]) -> bytes:
    return str(httpx.QueryParams(form)).encode()


def raw(state: State, method: str, target: str, body: bytes | None = None) -> bytes:
    """An HTTP/1.1 request with the target exactly as given (no normalisation, no quoting)."""
    lines = [
        f"{method} {target} HTTP/1.1",
        "Host: test",
        f"Authorization: {basic(state.mock.auth)}",
        "Connection: close",
    ]
    if body is not None:
        lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + (body or b"")
