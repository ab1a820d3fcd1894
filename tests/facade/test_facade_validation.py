"""Bad arguments raise ValidationError before anything goes on the wire."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from facade_helpers import Runner, collect, request_counts, resolve

from sendwire import ValidationError

SENDER = "+15017122661"
SM = "SM" + "a" * 32
UTC = dt.timezone.utc

BAD_CALLS: dict[str, Callable[[Any], Any]] = {
    "no to": lambda c: c.messages.create(to="", from_=SENDER, body="x"),
    "no sender": lambda c: c.messages.create(to="+15558675310", body="x"),
    "no content": lambda c: c.messages.create(to="+15558675310", from_=SENDER),
    "body too long": lambda c: c.messages.create(to="+15558675310", from_=SENDER, body="x" * 1601),
    "eleven media": lambda c: c.messages.create(
        to="+15558675310", from_=SENDER, media_url=[f"https://e.com/{i}.jpg" for i in range(11)]
    ),
    "bad service sid": lambda c: c.messages.create(
        to="+15558675310", messaging_service_sid="MG123", body="x"
    ),
    "bad content sid": lambda c: c.messages.create(
        to="+15558675310", from_=SENDER, content_sid="HXnope"
    ),
    "bad application sid": lambda c: c.messages.create(
        to="+15558675310", from_=SENDER, body="x", application_sid="AP" + "g" * 32
    ),
    "validity period 0": lambda c: c.messages.create(
        to="+15558675310", from_=SENDER, body="x", validity_period=0
    ),
    "validity period too long": lambda c: c.messages.create(
        to="+15558675310", from_=SENDER, body="x", validity_period=36001
    ),
    "naive send_at": lambda c: c.messages.create(
        to="+15558675310",
        messaging_service_sid="MG" + "0" * 32,
        body="x",
        schedule_type="fixed",
        send_at=dt.datetime(2030, 1, 1, 12, 0),
    ),
    "unknown enum value": lambda c: c.messages.create(
        to="+15558675310", from_=SENDER, body="x", content_retention="forever"
    ),
    "flag not a bool": lambda c: c.messages.create(
        to="+15558675310", from_=SENDER, body="x", shorten_urls="yes"
    ),
    "get bad sid": lambda c: c.messages.get("SM123"),
    "get sid with newline": lambda c: c.messages.get(SM + "\n"),
    "get path traversal": lambda c: c.messages.get("../../Accounts"),
    "redact bad sid": lambda c: c.messages.redact("XX" + "a" * 32),
    "cancel bad sid": lambda c: c.messages.cancel(""),
    "delete bad sid": lambda c: c.messages.delete("SM" + "a" * 31),
    "feedback bad outcome": lambda c: c.messages.feedback(SM, "maybe"),
    "media bad message sid": lambda c: c.messages.media("nope"),
    "media bad media sid": lambda c: c.messages.media(SM).get("ME1"),
    "media delete bad sid": lambda c: c.messages.media(SM).delete("SM" + "a" * 32),
    "negative max_retries": lambda c: c.messages.get(SM, max_retries=-1),
    "page size 0": lambda c: c.messages.list(page_size=0),
    "page size 1001": lambda c: c.messages.page(page_size=1001),
    "negative limit": lambda c: c.messages.list(limit=-1),
    "naive date filter": lambda c: c.messages.list(date_sent_after=dt.datetime(2024, 1, 1)),
    "undocumented date string": lambda c: c.messages.list(date_sent="last tuesday"),
    "date string without offset": lambda c: c.messages.list(date_sent_before="2024-01-01T10:00:00"),
}


@pytest.mark.parametrize("case", sorted(BAD_CALLS))
def test_refused_without_a_request(runner: Runner, case: str) -> None:
    async def scenario(client: Any) -> None:
        # Arguments are checked at the call, before any iteration or await.
        await resolve(BAD_CALLS[case](client))

    with pytest.raises(ValidationError) as info:
        runner.run(scenario, count_requests=True)
    assert runner.requests == []
    assert request_counts(runner.mock) == {}
    assert isinstance(info.value, ValueError) and info.value.field


def test_limit_zero_lists_nothing_and_sends_nothing(runner: Runner) -> None:
    async def scenario(client: Any) -> list[Any]:
        return await collect(client.messages.list(limit=0))

    assert runner.run(scenario, count_requests=True) == []
    assert runner.requests == []


def test_client_arguments_are_checked() -> None:
    from sendwire import AsyncClient, Client

    account = "AC" + "0" * 32
    for cls in (Client, AsyncClient):
        with pytest.raises(ValidationError):
            cls("not-an-account", "token")
        with pytest.raises(ValidationError):
            cls(account)  # no credentials
        with pytest.raises(ValidationError):
            cls(account, "token", api_key="SK" + "0" * 32, api_secret="s")
        with pytest.raises(ValidationError):
            cls(account, "token", base_url="ftp://example.com")
        with pytest.raises(ValidationError):
            cls(account, "token", base_url="https://AC:secret@example.com")
        with pytest.raises(ValidationError):
            cls(account, "token", timeout=0)
        with pytest.raises(ValidationError):
            cls(account, "token", max_retries=-1)
