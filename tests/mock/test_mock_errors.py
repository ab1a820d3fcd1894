"""Each error the API answers with, provoked over HTTP, in the API's error format."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from mock_helpers import assert_error, fresh_number, send

from sendwire.testing import MockServer

VALID = {"To": "+15558675310", "From": "+15557122661", "Body": "Hi there"}


def without(name: str) -> dict[str, Any]:
    return {key: value for key, value in VALID.items() if key != name}


@pytest.mark.parametrize(
    ("data", "code"),
    [
        pytest.param(without("To"), 21604, id="To missing"),
        pytest.param({**VALID, "To": "not a number!"}, 21211, id="To invalid"),
        pytest.param({**VALID, "To": "+0123"}, 21211, id="To without country code"),
        pytest.param({**VALID, "From": "no such sender!"}, 21212, id="From invalid"),
        pytest.param(without("From"), 21603, id="no From or MessagingServiceSid"),
        pytest.param(without("Body"), 21602, id="no Body, MediaUrl or ContentSid"),
        pytest.param({**VALID, "Body": "x" * 1601}, 21617, id="Body over 1600"),
        pytest.param(
            {**VALID, "MediaUrl": [f"https://example.com/{i}.png" for i in range(11)]},
            21623,
            id="11 media",
        ),
        pytest.param({**VALID, "MediaUrl": ["not a url"]}, 21620, id="bad media URL"),
        pytest.param({**VALID, "ValidityPeriod": "0"}, 20001, id="ValidityPeriod below 1"),
        pytest.param({**VALID, "ValidityPeriod": "soon"}, 20001, id="ValidityPeriod not int"),
        pytest.param({**VALID, "ProvideFeedback": "maybe"}, 20001, id="boolean not boolean"),
        pytest.param({**VALID, "ContentRetention": "forever"}, 20001, id="enum mismatch"),
        pytest.param({**VALID, "MessagingServiceSid": "MG123"}, 20001, id="SID pattern"),
        pytest.param({**VALID, "To": ["+15558675310", "+15558675311"]}, 20001, id="To twice"),
    ],
)
def test_create_validation_errors(api: httpx.Client, data: dict[str, Any], code: int) -> None:
    assert_error(api.post("/Messages.json", data=data), 400, code)


def test_body_of_exactly_1600_characters_is_accepted(api: httpx.Client) -> None:
    assert send(api, Body="x" * 1600)["body"] == "x" * 1600


def test_ten_media_urls_are_accepted(api: httpx.Client) -> None:
    urls = [f"https://example.com/{i}.jpg" for i in range(10)]
    assert send(api, MediaUrl=urls)["num_media"] == "10"


def test_missing_to_is_reported_before_other_problems(api: httpx.Client) -> None:
    assert_error(api.post("/Messages.json", data={"Body": "x" * 2000}), 400, 21604)


def test_status_callback_with_header_injection_is_refused(
    api: httpx.Client, mock: MockServer
) -> None:
    before = mock.stats()["messages"]
    for url in (
        "https://example.com/cb\r\nX-Injected: 1",
        "https://example.com/a b",
        "http://x/\n",
    ):
        assert_error(api.post("/Messages.json", data={**VALID, "StatusCallback": url}), 400, 20001)
    assert mock.stats()["messages"] == before


@pytest.mark.parametrize(
    "sid",
    [
        "SM' OR '1'='1",
        "SM00000000000000000000000000000000; DROP TABLE messages",
        "..%2F..%2Fetc%2Fpasswd",
        "SM%00" + "0" * 30,
        "SMzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
    ],
)
def test_sids_with_metacharacters_answer_404(api: httpx.Client, mock: MockServer, sid: str) -> None:
    kept = send(api)
    assert_error(api.get(f"/Messages/{sid}.json"), 404, 20404)
    assert_error(api.delete(f"/Messages/{sid}.json"), 404, 20404)
    assert_error(api.post(f"/Messages/{sid}.json", data={"Body": ""}), 404, 20404)
    assert api.get(f"/Messages/{kept['sid']}.json").json()["body"] == "Hello"
    assert mock.stats()["messages"] == 1


def test_unknown_message_is_404(api: httpx.Client) -> None:
    assert_error(api.get("/Messages/SM" + "0" * 32 + ".json"), 404, 20404)


@pytest.mark.parametrize(
    "path", ["/nope", "/2010-04-01/Accounts", "/2010-04-01/Accounts/AC1/Calls.json", "/"]
)
def test_unknown_path_is_404(mock: MockServer, http: httpx.Client, path: str) -> None:
    assert_error(http.get(path, auth=mock.auth), 404, 20404)


def test_missing_credentials_are_401_with_www_authenticate(
    mock: MockServer, http: httpx.Client
) -> None:
    response = http.get(mock.messages_path())
    assert_error(response, 401, 20003)
    assert response.headers["www-authenticate"].startswith("Basic")


@pytest.mark.parametrize(
    "authorization",
    ["Basic", "Basic !!!notbase64", "Bearer abc", "Basic " + "QUM6"],  # "AC:" decoded
)
def test_malformed_credentials_are_401(
    mock: MockServer, http: httpx.Client, authorization: str
) -> None:
    response = http.get(mock.messages_path(), headers={"Authorization": authorization})
    assert_error(response, 401, 20003)


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("PUT", "/Messages.json", "GET, POST"),
        ("DELETE", "/Messages.json", "GET, POST"),
        ("PATCH", "/Messages/SM" + "0" * 32 + ".json", "DELETE, GET, POST"),
        ("POST", "/Messages/SM" + "0" * 32 + "/Media.json", "GET"),
        ("GET", "/Messages/SM" + "0" * 32 + "/Feedback.json", "POST"),
    ],
)
def test_wrong_method_is_405_with_allow(
    api: httpx.Client, method: str, path: str, allow: str
) -> None:
    response = api.request(method, path)
    assert_error(response, 405, 20004)
    assert response.headers["allow"] == allow


def test_cancel_of_a_message_that_is_not_scheduled_is_409(api: httpx.Client) -> None:
    sid = send(api)["sid"]
    response = api.post(f"/Messages/{sid}.json", data={"Status": "canceled"})
    assert_error(response, 409, 30409)
    assert api.get(f"/Messages/{sid}.json").json()["status"] == "queued"


def test_body_over_one_mebibyte_is_413(api: httpx.Client, mock: MockServer) -> None:
    big = b"To=%2B15558675310&From=%2B15557122661&Body=" + b"x" * (1024 * 1024 + 1)
    response = api.post(
        "/Messages.json",
        content=big,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert_error(response, 413, 20001)
    assert mock.stats()["messages"] == 0


def test_streamed_body_over_one_mebibyte_is_413(api: httpx.Client) -> None:
    def chunks() -> Any:
        yield b"To=%2B15558675310&Body="
        for _ in range(40):
            yield b"x" * 65536

    response = api.post(
        "/Messages.json",
        content=chunks(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert_error(response, 413, 20001)


@pytest.mark.parametrize(
    "raw",
    [
        b"To=%2B15558675310&From=%2B15557122661&Body=%ZZ",
        b"To=%2B15558675310&From=%2B15557122661&Body=%E",
        b"To=%2B15558675310&From=%2B15557122661&Body=\xff\xfe",
        b"To=%2B15558675310&From=%2B15557122661&Body=%C3%28",
        b"To=%2B15558675310&From=%2B15557122661&Body=%ED%A0%80",  # an encoded surrogate
    ],
)
def test_malformed_form_bodies_are_400(api: httpx.Client, mock: MockServer, raw: bytes) -> None:
    response = api.post(
        "/Messages.json",
        content=raw,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert_error(response, 400, 20001)
    assert mock.stats()["messages"] == 0


def test_json_body_is_400(api: httpx.Client) -> None:
    assert_error(api.post("/Messages.json", json=VALID), 400, 20001)


@pytest.mark.parametrize(
    "query",
    [
        "PageSize=1000000000000000000000000000000",
        "PageSize=0",
        "PageSize=1001",
        "PageSize=ten",
        "Page=-1",
        "DateSent=yesterday",
        "DateSent%3E=2019-13-01",
        "To=%ZZ",
        "To=%FF",
        "PageSize=1&PageSize=2",
        "Pagesize=10",  # unknown parameters are refused, not silently ignored
        "To=%2B15550001111&Sort=asc",
    ],
)
def test_bad_list_parameters_are_400(api: httpx.Client, query: str) -> None:
    assert_error(api.get(f"/Messages.json?{query}"), 400, 20001)


def test_unknown_query_parameter_on_a_fetch_is_400(api: httpx.Client) -> None:
    sid = send(api)["sid"]
    assert_error(api.get(f"/Messages/{sid}.json", params={"expand": "all"}), 400, 20001)


@pytest.mark.parametrize("token", ["garbage", "PA12_SM123", "PB" + "9" * 30])
def test_unknown_page_token_is_404(api: httpx.Client, token: str) -> None:
    assert_error(api.get("/Messages.json", params={"PageToken": token}), 404, 20404)
    sid = send(api)["sid"]
    assert_error(api.get(f"/Messages/{sid}/Media.json", params={"PageToken": token}), 404, 20404)


def test_huge_page_number_is_only_client_state(api: httpx.Client) -> None:
    page = api.get("/Messages.json", params={"Page": str(10**30)})
    assert page.status_code == 200
    assert page.json()["page"] == 10**30


def test_errors_never_leak_internals(api: httpx.Client) -> None:
    bodies = [
        api.post("/Messages.json", content=b"\x00\xff" * 100),
        api.get("/Messages.json?PageSize=" + "9" * 10000),
        api.get("/Messages/" + "%" * 100 + ".json"),
        api.post("/Messages.json", data={"To": fresh_number(), "From": "x" * 5000}),
    ]
    for response in bodies:
        assert 400 <= response.status_code < 500
        assert "Traceback" not in response.text
        assert "sqlite" not in response.text.lower()
