"""Constructing clients: environment, API keys, derived clients, closing, and keeping secrets."""

from __future__ import annotations

import asyncio
import base64
import logging
from typing import Any

import httpx
import pytest
from facade_helpers import Runner, collect, fresh_number, resolve, set_faults

from sendwire import (
    AsyncClient,
    AuthenticationError,
    Client,
    Message,
    ServerError,
    TransportError,
    ValidationError,
)

SENDER = "+15017122661"


def test_from_env(mock: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", mock.account_sid)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", mock.auth_token)
    monkeypatch.setenv("SENDWIRE_BASE_URL", mock.url)
    to = fresh_number()
    with Client.from_env() as client:
        assert client.base_url == mock.url and client.account_sid == mock.account_sid
        sent = client.messages.create(to=to, from_=SENDER, body="from the environment")

    async def read() -> list[Message]:
        async with AsyncClient.from_env(max_retries=0) as client:
            return [m async for m in client.messages.list(to=to)]

    assert [m.sid for m in asyncio.run(read())] == [sent.sid]


def test_from_env_needs_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_API_KEY", "TWILIO_API_SECRET"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ValidationError, match="TWILIO_ACCOUNT_SID"):
        Client.from_env()
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", "AC" + "0" * 32)
    with pytest.raises(ValidationError, match="TWILIO_AUTH_TOKEN"):
        Client.from_env()


def test_from_env_defaults_to_the_hosted_service(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", "AC" + "0" * 32)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "token")
    monkeypatch.delenv("SENDWIRE_BASE_URL", raising=False)
    with Client.from_env() as client:
        assert client.base_url == "https://api.twilio.com"


def test_api_key_authentication(runner: Runner) -> None:
    to = fresh_number()

    async def scenario(client: Any) -> Message:
        return await resolve(client.messages.create(to=to, from_=SENDER, body="with a key"))

    message = runner.run(
        scenario, api_key=runner.mock.api_key_sid, api_secret=runner.mock.api_key_secret
    )
    assert message.account_sid == runner.mock.account_sid

    with pytest.raises(AuthenticationError):
        runner.run(scenario, api_key=runner.mock.api_key_sid, api_secret="not-the-secret")


def test_with_options_shares_connections_and_keeps_the_parent_open(mock: Any) -> None:
    set_faults(mock, "503=1")
    sleeps: list[float] = []
    with Client(
        mock.account_sid, mock.auth_token, base_url=mock.url, max_retries=2, sleep=sleeps.append
    ) as client:
        quick = client.with_options(max_retries=0, timeout=2.0)
        with pytest.raises(ServerError):
            quick.messages.get("SM" + "a" * 32)
        assert sleeps == []
        quick.close()  # does not close the shared pool
        set_faults(mock, "")
        assert list(client.messages.list(limit=1)) is not None


def test_context_managers_close_their_connections(mock: Any) -> None:
    with Client(mock.account_sid, mock.auth_token, base_url=mock.url) as client:
        list(client.messages.list(limit=1))
    with pytest.raises(RuntimeError):
        list(client.messages.list(limit=1))

    async def scenario() -> AsyncClient:
        async with AsyncClient(mock.account_sid, mock.auth_token, base_url=mock.url) as client:
            await collect(client.messages.list(limit=1))
        return client

    closed = asyncio.run(scenario())

    async def use_closed() -> None:
        await collect(closed.messages.list(limit=1))

    with pytest.raises(RuntimeError):
        asyncio.run(use_closed())


def test_a_client_passed_in_is_left_open(mock: Any) -> None:
    with httpx.Client() as http:
        with Client(mock.account_sid, mock.auth_token, base_url=mock.url, http_client=http):
            pass
        assert not http.is_closed


def test_to_async_keeps_the_settings(mock: Any) -> None:
    with Client(mock.account_sid, mock.auth_token, base_url=mock.url) as client:
        twin = client.to_async()

    async def scenario() -> list[Message]:
        async with twin:
            return await collect(twin.messages.list(limit=1))

    assert isinstance(asyncio.run(scenario()), list)
    assert repr(twin).startswith("AsyncClient(") and twin.base_url == mock.url


# ---- secrets never show ---------------------------------------------------------------------


def test_secrets_stay_out_of_reprs_errors_and_logs(
    runner: Runner, caplog: pytest.LogCaptureFixture
) -> None:
    token, key, secret = (
        runner.mock.auth_token,
        runner.mock.api_key_sid,
        runner.mock.api_key_secret,
    )
    texts: list[str] = []

    async def scenario(client: Any) -> None:
        texts.append(repr(client))
        texts.append(repr(client.with_options(max_retries=1)))
        texts.append(repr(client._config))
        sent = await resolve(client.messages.create(to=fresh_number(), from_=SENDER, body="hi"))
        set_faults(runner.mock, "503=1")
        for call in (
            lambda: client.messages.get(sent.sid, max_retries=2),
            lambda: client.messages.get("SM" + "0" * 32, max_retries=0),
        ):
            try:
                await resolve(call())
            except Exception as exc:  # noqa: BLE001 - every kind of error is inspected
                texts.extend([str(exc), repr(exc)])
        set_faults(runner.mock, "")

    caplog.set_level(logging.DEBUG)
    runner.run(scenario)
    runner.run(scenario, api_key=key, api_secret=secret)

    def refused(client: Any) -> Any:
        async def go() -> None:
            await resolve(client.messages.get("SM" + "0" * 32))

        return go()

    for wrong in ("wrong-token-1", token + "x"):
        try:
            runner.run(lambda c: refused(c), auth_token=wrong)
        except AuthenticationError as exc:
            texts.extend([str(exc), repr(exc), repr(exc.__dict__)])
    try:
        runner.run(lambda c: refused(c), base_url="http://127.0.0.1:9", max_retries=0)
    except TransportError as exc:
        texts.extend([str(exc), repr(exc), repr(exc.__dict__)])

    logs = "\n".join(record.getMessage() for record in caplog.records)
    assert "retrying GET" in logs and "attempt 2 of 3" in logs  # retries are logged...
    everything = "\n".join(texts) + logs
    basic = [
        base64.b64encode(f"{user}:{password}".encode()).decode()
        for user, password in ((runner.mock.account_sid, token), (key, secret))
    ]
    for secret_text in (token, secret, "wrong-token-1", *basic):
        assert secret_text not in everything  # ...and no secret is, not even encoded
    assert key in "\n".join(texts)  # the key SID is not a secret and helps debugging
