"""The virtual phone: an incoming message posted to a real app on 127.0.0.1, its TwiML
answer sent back into the conversation; broken apps shown as the service's debugger would."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from inbox_helpers import (
    NUMBER,
    PHONE,
    RunningApp,
    WsgiApp,
    conversation,
    eventually,
    inbox,
    replies,
)

from sendwire.testing import MockServer
from sendwire.webhooks import RequestValidator, parse_incoming_message


def _set_url(mock: MockServer, url: str) -> None:
    response = mock.http.post("/_mock/incoming-url", data={"Url": url})
    assert response.status_code == 200, response.text


def test_round_trip_through_the_example_app(
    mock: MockServer, example_app: RunningApp, api: httpx.Client
) -> None:
    _set_url(mock, example_app.url)
    incoming = mock.inbound(from_=PHONE, to=NUMBER, body="hi <there> & you")
    reply = eventually(lambda: replies(mock.http))[0]
    assert reply["body"] == "You said: hi <there> & you"
    assert (reply["to"], reply["from"]) == (PHONE, NUMBER)
    assert reply["status"] == "queued"
    mock.advance(600)
    assert replies(mock.http)[0]["status"] == "delivered"
    fetched = api.get(f"/Messages/{reply['sid']}.json").json()
    assert fetched["direction"] == "outbound-reply"
    thread = conversation(mock.http)
    assert [event["message_sid"] for event in thread["phone"]] == [incoming["sid"]]
    assert thread["phone"][0]["outcome"] == "200"
    assert thread["phone"][0]["replies"] == [reply["sid"]]
    webhook = [e for e in inbox(mock.http, "requests")["requests"] if e["kind"] == "webhook"]
    assert webhook[0]["operation"] == "IncomingMessage" and webhook[0]["outcome"] == "200"
    assert webhook[0]["target"] == example_app.url


def test_the_app_receives_the_services_signed_form(
    mock: MockServer, serve_app: Callable[[WsgiApp], RunningApp]
) -> None:
    received: list[tuple[list[tuple[str, str]], str | None, str]] = []

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        form = parse_qsl(environ["wsgi.input"].read(length).decode(), True)
        received.append((form, environ.get("HTTP_X_TWILIO_SIGNATURE"), environ["CONTENT_TYPE"]))
        start_response("204 No Content", [])
        return []

    running = serve_app(app)
    _set_url(mock, running.url)
    sent = mock.inbound(
        from_=PHONE, to=NUMBER, body="with a picture", media_urls=["https://example.com/a.jpg"]
    )
    form, signature, content_type = eventually(lambda: received)[0]
    assert content_type == "application/x-www-form-urlencoded"
    assert RequestValidator(mock.auth_token).validate(running.url, form, signature)
    message = parse_incoming_message(form)
    assert (message.message_sid, message.account_sid) == (sent["sid"], mock.account_sid)
    assert (message.from_, message.to, message.body) == (PHONE, NUMBER, "with a picture")
    assert [(m.url, m.content_type) for m in message.media] == [
        ("https://example.com/a.jpg", "image/jpeg")
    ]
    assert message.num_segments == 1
    assert dict(form)["SmsStatus"] == "received"
    # An empty answer sends nothing, and is no error.
    event = eventually(lambda: conversation(mock.http)["phone"])[0]
    assert event["error"] is None and event["replies"] == []


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    b"<Response><Message>&lol2;</Message></Response>"
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b"<Response><Message>&x;</Message></Response>"
)


@pytest.mark.parametrize(
    ("status", "document", "code", "words"),
    [
        ("500 Internal Server Error", b"boom", 11200, "HTTP 500"),
        ("200 OK", b"<Response><Message>unclosed", 12100, "not XML"),
        ("200 OK", b"<Reply><Message>x</Message></Reply>", 12100, "<Reply>"),
        ("200 OK", b"<Response><Dial>+15550001</Dial></Response>", 12200, "<Dial>"),
        ("200 OK", b"<Response><Message></Message></Response>", 12200, "neither"),
        ("200 OK", b'<Response><Message to="+1 555 not">x</Message></Response>', 12200, "to"),
        ("200 OK", BILLION_LAUGHS, 12100, "DTD"),
        ("200 OK", EXTERNAL_ENTITY, 12100, "DTD"),
        ("200 OK", b"<Response>" + b" " * 70_000 + b"</Response>", 12100, "larger"),
    ],
)
def test_a_broken_answer_shows_in_the_thread_and_the_log(
    mock: MockServer,
    serve_app: Callable[[WsgiApp], RunningApp],
    status: str,
    document: bytes,
    code: int,
    words: str,
) -> None:
    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response(status, [("Content-Type", "application/xml")])
        return [document]

    _set_url(mock, serve_app(app).url)
    mock.inbound(from_=PHONE, to=NUMBER, body="hello")
    event = eventually(lambda: conversation(mock.http)["phone"])[0]
    assert event["error_code"] == code and words in event["error"]
    assert event["replies"] == []
    assert replies(mock.http) == []
    logged = [e for e in inbox(mock.http, "requests")["requests"] if e["kind"] == "webhook"]
    assert logged[0]["note"].startswith(str(code))


def test_an_unreachable_app_is_reported(mock: MockServer) -> None:
    _set_url(mock, "http://127.0.0.1:9/sms")  # discard port: nothing listens
    mock.inbound(from_=PHONE, to=NUMBER, body="anyone there?")
    event = eventually(lambda: conversation(mock.http)["phone"])[0]
    assert event["error_code"] == 11205 and event["outcome"] == "failed"


def test_replies_may_name_other_numbers_and_media(
    mock: MockServer, serve_app: Callable[[WsgiApp], RunningApp]
) -> None:
    answer = (
        b'<Response><Message to="+15559990000" from="+15005550007">'
        b"<Body>forwarded</Body><Media>https://example.com/b.png</Media></Message>"
        b"<Message>and thanks</Message></Response>"
    )

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("200 OK", [("Content-Type", "text/xml")])
        return [answer]

    _set_url(mock, serve_app(app).url)
    mock.inbound(from_=PHONE, to=NUMBER, body="forward this")
    event = eventually(lambda: conversation(mock.http)["phone"])[0]
    assert len(event["replies"]) == 2
    forwarded = inbox(mock.http, "message", Sid=event["replies"][0])
    assert (forwarded["resource"]["to"], forwarded["resource"]["from"]) == (
        "+15559990000",
        "+15005550007",
    )
    assert forwarded["media"][0]["url"] == "https://example.com/b.png"
    assert [m["body"] for m in replies(mock.http)] == ["and thanks"]
