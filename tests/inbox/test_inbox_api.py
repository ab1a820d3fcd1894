"""The inbox's page and JSON endpoints, over HTTP against the session's mock server."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import httpx
import pytest
from inbox_helpers import NUMBER, PHONE, inbox, send

from sendwire.mock.sids import new_sid
from sendwire.testing import MockServer


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.inline_handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts.append(dict(attrs))
        self.inline_handlers += [name for name, _ in attrs if name.startswith("on")]


def test_page_and_assets_are_served_with_a_strict_policy(mock: MockServer) -> None:
    page = mock.http.get("/_mock/inbox/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "default-src 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert page.headers["x-content-type-options"] == "nosniff"
    parsed = _Scripts()
    parsed.feed(page.text)
    assert parsed.scripts and all(script.get("src") for script in parsed.scripts)
    assert parsed.inline_handlers == []
    assert not re.search(r"(src|href)=\"(https?:)?//", page.text), "no asset from elsewhere"
    script = mock.http.get("/_mock/inbox/inbox.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert "innerHTML" not in script.text and "eval(" not in script.text
    assert mock.http.get("/_mock/inbox/inbox.css").status_code == 200
    assert mock.http.get("/_mock/inbox/missing.js").status_code == 404
    moved = mock.http.get("/_mock/inbox")
    assert moved.status_code == 308 and moved.headers["location"] == "/_mock/inbox/"
    assert mock.http.delete("/_mock/inbox/api/messages").headers["allow"] == "GET"


def test_messages_newest_first_with_filters_and_paging(mock: MockServer, api: httpx.Client) -> None:
    sent = [send(api, to=f"+1555000{i:04d}", body=f"number {i}") for i in range(7)]
    mock.inbound(from_=PHONE, to=NUMBER, body="a reply from the phone")
    listed = inbox(mock.http, "messages")["messages"]
    assert [m["body"] for m in listed[1:]] == [m["body"] for m in reversed(sent)]
    assert listed[0]["direction"] == "inbound"

    def bodies(**filters: str) -> list[str]:
        return [m["body"] for m in inbox(mock.http, "messages", **filters)["messages"]]

    assert bodies(Number="+15550000003") == ["number 3"]
    assert bodies(Number=PHONE) == ["a reply from the phone"]
    assert bodies(Direction="inbound") == ["a reply from the phone"]
    assert len(bodies(Direction="outbound")) == 7
    assert bodies(Text="BER 5") == ["number 5"]  # any case
    assert bodies(Text="%") == []  # a LIKE wildcard is searched for as text
    assert bodies(Status="delivered") == []
    mock.advance(600)
    assert len(bodies(Status="delivered")) == 7
    assert bodies(Status="received") == ["a reply from the phone"]

    seen: list[str] = []
    token = None
    while True:
        page = inbox(mock.http, "messages", PageSize=3, PageToken=token or "")
        seen += [m["sid"] for m in page["messages"]]
        token = page["next_page_token"]
        if token is None:
            break
    assert seen == [m["sid"] for m in listed]


@pytest.mark.parametrize(
    "params",
    [{"Status": "nonsense"}, {"Direction": "sideways"}, {"PageSize": "0"}, {"PageToken": "x"}],
)
def test_bad_filters_are_refused_in_the_api_format(
    mock: MockServer, params: dict[str, str]
) -> None:
    response = mock.http.get("/_mock/inbox/api/messages", params=params)
    assert response.status_code in (400, 404)
    assert set(response.json()) == {"code", "message", "more_info", "status"}


def test_detail_shows_every_declared_property_and_the_encoding(
    mock: MockServer, api: httpx.Client
) -> None:
    created = send(api, body="Ünïcode ∑ and €", MediaUrl="https://example.com/cat.png")
    detail = inbox(mock.http, "message", Sid=created["sid"])
    names = [p["name"] for p in detail["properties"]]
    # Every property the spec declares, once: what the API answers is the same set.
    assert len(names) == len(set(names)) and set(names) == set(created)
    assert detail["resource"]["sid"] == created["sid"]
    assert detail["encoding"]["name"] == "UCS-2"
    assert detail["encoding"]["forcing_ucs2"] == ["ï", "∑"]  # Ü is GSM-7, € is an extension
    assert [step["status"] for step in detail["timeline"]] == [
        "queued", "sending", "sent", "delivered",
    ]  # fmt: skip
    assert [step["reached"] for step in detail["timeline"]] == [True, False, False, False]
    assert detail["media"][0]["url"] == "https://example.com/cat.png"
    assert detail["media"][0]["content_type"] == "image/png"
    gsm = inbox(mock.http, "message", Sid=send(api, body="plain {text}")["sid"])
    assert gsm["encoding"] == {
        "name": "GSM-7", "segments": 1, "characters": 12, "forcing_ucs2": [],
        "gsm7_extension": ["{", "}"],
    }  # fmt: skip
    assert (
        mock.http.get("/_mock/inbox/api/message", params={"Sid": new_sid("SM")}).status_code == 404
    )


def test_request_log_shows_operations_outcomes_and_faults_never_credentials(
    mock: MockServer, api: httpx.Client
) -> None:
    send(api)
    api.get("/Messages/SM00000000000000000000000000000000.json")
    mock.set_faults("503=1")
    api.get("/Messages.json")
    mock.set_faults("")
    entries = inbox(mock.http, "requests")["requests"]
    assert [(e["operation"], e["outcome"], e["fault"]) for e in entries] == [
        ("ListMessage", "503", "503"),
        ("FetchMessage", "404", None),
        ("CreateMessage", "201", None),
    ]
    assert all(e["duration_ms"] >= 0 and e["kind"] == "api" for e in entries)
    newer = inbox(mock.http, "requests", After=entries[1]["id"])["requests"]
    assert [e["id"] for e in newer] == [entries[0]["id"]]
    raw = mock.http.get("/_mock/inbox/api/requests").text
    assert mock.auth_token not in raw and "Basic" not in raw


def test_incoming_url_is_per_account_and_checked(mock: MockServer) -> None:
    assert mock.http.get("/_mock/incoming-url").json()["url"] is None
    bad = mock.http.post("/_mock/incoming-url", data={"Url": "file:///etc/passwd"})
    assert bad.status_code == 400
    other, _ = mock.create_account()
    saved = mock.http.post("/_mock/incoming-url", data={"Url": "http://127.0.0.1:9/sms"})
    assert saved.json() == {"account_sid": mock.account_sid, "url": "http://127.0.0.1:9/sms"}
    assert mock.http.get("/_mock/incoming-url", params={"AccountSid": other}).json()["url"] is None
    mock.reset()
    assert mock.http.get("/_mock/incoming-url").json()["url"] is None
