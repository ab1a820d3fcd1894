"""The examples of the old helper libraries' docs, rewritten with this client, run on the mock.

Each test follows one documented example: the same steps in the same order, in this API.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from facade_helpers import fresh_number

from sendwire import Client, MessageStatus, NotFoundError


@pytest.fixture
def client(mock: Any) -> Iterator[Client]:
    with Client(mock.account_sid, mock.auth_token, base_url=mock.url) as c:
        yield c


# ---- the Messages page of the legacy helper -------------------------------------------------


def test_sending_a_text_message(client: Client) -> None:
    message = client.messages.create(
        body="Hello Monkey!",  # Message body, if any
        to="+12125551234",
        from_="+15105551234",
    )
    assert message.sid.startswith("SM")


def test_sending_a_picture_message(client: Client) -> None:
    message = client.messages.create(
        body="Hello Monkey!",
        to="+12125551234",
        from_="+15105551234",
        media_url="http://example.com/image1.jpg",
    )
    assert message.sid.startswith("MM") and message.num_media == 1


def test_sending_several_pictures(client: Client) -> None:
    message = client.messages.create(
        body="Hello Monkey!",
        to="+12125551234",
        from_="+15105551234",
        media_url=[  # List of media URLs, if any
            "http://example.com/image1.jpg",
            "http://example.com/image2.jpg",
        ],
    )
    assert message.num_media == 2
    assert len(list(client.messages.media(message.sid).list())) == 2


def test_retrieving_sent_messages(client: Client) -> None:
    bodies = {f"note {i}" for i in range(3)}
    for body in bodies:
        client.messages.create(body=body, to="+12125551234", from_="+15105551234")
    seen = set()
    for message in client.messages.list():
        seen.add(message.body)
    assert seen == bodies


def test_filtering_your_messages(client: Client, mock: Any) -> None:
    to = fresh_number()
    first = client.messages.create(body="on the day", to=to, from_="+15105551234")
    mock.advance(3 * 86_400)
    client.messages.create(body="days later", to=to, from_="+15105551234")
    client.messages.create(body="elsewhere", to=fresh_number(), from_="+15105551234")
    assert first.date_sent is not None
    day = first.date_sent.astimezone(dt.timezone.utc).date()  # the docs use date(2011, 1, 1)

    messages = client.messages.list(to=to, date_sent=day)

    assert [message.body for message in messages] == ["on the day"]


def test_redacting_or_deleting_message_records(client: Client) -> None:
    message_sid = client.messages.create(
        body="private", to="+12125551234", from_="+15105551234"
    ).sid

    client.messages.redact(message_sid)
    message = client.messages.get(message_sid)
    assert message.body == ""  # Will be an empty string

    client.messages.delete(message_sid)  # Deletes the record; later requests get 404
    with pytest.raises(NotFoundError):
        client.messages.get(message_sid)


# ---- the other provider's messaging SDK -----------------------------------------------------


def test_list_messages_and_pick_the_ones_in_error(client: Client, mock: Any) -> None:
    # The mock fails delivery to +1500555300NN with error 300NN (01: failed).
    good = client.messages.create(from_="+1234567980", to="+1234567981", body="SMS message")
    bad = client.messages.create(from_="+1234567980", to="+150055530001", body="SMS message")
    mock.advance(3600)

    message_list = client.messages.list()  # a generator, as in the docs
    in_error = [m.sid for m in message_list if m.status is MessageStatus.FAILED]

    assert in_error == [bad.sid] and good.sid not in in_error


def test_send_text_and_picture_message(client: Client) -> None:
    message_id = client.messages.create(
        from_="+1234567980", to="+1234567981", body="SMS message"
    ).sid
    picture_id = client.messages.create(
        from_="+1234567980", to="+1234567981", media_url=["http://host/path/to/file"]
    ).sid
    assert message_id.startswith("SM") and picture_id.startswith("MM")


def test_fetch_information_about_a_single_message(client: Client) -> None:
    sent = client.messages.create(from_="+19193047864", to="+19191234567", body="Hey there")

    my_message = client.messages.get(sent.sid)

    assert (my_message.from_, my_message.to, my_message.body) == (
        "+19193047864",
        "+19191234567",
        "Hey there",
    )
    assert my_message.direction == "outbound-api" and my_message.date_created is not None


def test_bulk_send_text_messages(client: Client) -> None:
    results = client.messages.send_many(
        [
            {"from": "+1234567980", "to": "+1234567981", "body": "SMS message"},
            {"from": "+1234567980", "to": "+1234567982", "body": "SMS message2"},
        ]
    )
    assert [entry.message.to for entry in results.succeeded] == ["+1234567981", "+1234567982"]
    assert len(results.failed) == 0
