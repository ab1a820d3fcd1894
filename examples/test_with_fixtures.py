"""A pytest suite using Sendwire's fixtures: run it with `pytest examples/test_with_fixtures.py`.

The plugin comes with the package: `sendwire_client` and `sendwire_async_client` are clients
bound to a mock server started for the test session (`sendwire_mock`), whose clock the test
moves. Nothing leaves the machine.
"""

from __future__ import annotations

import pytest

from sendwire import AsyncClient, Client, MessageStatus, ValidationError
from sendwire.testing import MockServer

SENDER = "+15017122661"


def notify_shipped(client: Client, to: str, order: str) -> str:
    """The code under test: what your application does."""
    return client.messages.create(to=to, from_=SENDER, body=f"Order {order} has shipped").sid


def test_the_customer_is_notified(sendwire_client: Client, sendwire_mock_clean: MockServer) -> None:
    sid = notify_shipped(sendwire_client, "+15558675310", "A-1001")

    (sent,) = sendwire_client.messages.list(to="+15558675310")
    assert sent.sid == sid and sent.body == "Order A-1001 has shipped"
    assert sent.status == MessageStatus.QUEUED
    sendwire_mock_clean.advance(180)  # three status steps of 60 s on the test mock's clock
    assert sendwire_client.messages.get(sid).status == MessageStatus.DELIVERED


def test_a_bad_number_is_refused_before_sending(
    sendwire_client: Client, sendwire_mock_clean: MockServer
) -> None:
    with pytest.raises(ValidationError) as refused:
        notify_shipped(sendwire_client, "0800-not-a-number", "A-1002")
    assert refused.value.code == 21211
    assert list(sendwire_client.messages.list()) == []


def test_a_carrier_failure_is_reported(
    sendwire_client: Client, sendwire_mock_clean: MockServer
) -> None:
    # The mock's test numbers +150055530001..10 end undelivered or failed.
    sid = notify_shipped(sendwire_client, "+150055530001", "A-1003")
    sendwire_mock_clean.advance(600)
    final = sendwire_client.messages.get(sid)
    assert final.status in (MessageStatus.FAILED, MessageStatus.UNDELIVERED)
    assert final.error_code is not None


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"  # AsyncClient runs on asyncio (anyio would also try trio if installed)


@pytest.mark.anyio
async def test_async_code_under_anyio(sendwire_async_client: AsyncClient) -> None:
    sent = await sendwire_async_client.messages.create(to="+15558675311", from_=SENDER, body="Hi")
    assert (await sendwire_async_client.messages.get(sent.sid)).body == "Hi"


@pytest.mark.asyncio
async def test_async_code_under_pytest_asyncio(sendwire_async_client: AsyncClient) -> None:
    sent = await sendwire_async_client.messages.create(to="+15558675312", from_=SENDER, body="Yo")
    redacted = await sendwire_async_client.messages.redact(sent.sid)
    assert redacted.body == ""
