"""Every call of both clients, over HTTP against the mock server."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pytest
from facade_helpers import Runner, collect, fresh_number, resolve, set_faults

from sendwire import (
    AuthenticationError,
    BadRequestError,
    ConflictError,
    Feedback,
    FeedbackOutcome,
    Media,
    Message,
    MessageDirection,
    MessageStatus,
    NotFoundError,
    RateLimitError,
    ServerError,
    ValidationError,
)
from sendwire._core import requests as build

SENDER = "+15017122661"
SERVICE = "MG" + "0123456789abcdef" * 2
UTC = dt.timezone.utc


def test_create_and_get(runner: Runner) -> None:
    to = fresh_number()

    async def scenario(client: Any) -> tuple[Message, Message]:
        created = await resolve(client.messages.create(to=to, from_=SENDER, body="Hello! 👍"))
        fetched = await resolve(client.messages.get(created.sid))
        return created, fetched

    created, fetched = runner.run(scenario)
    assert created.sid.startswith("SM") and fetched.sid == created.sid
    assert created.to == to and created.from_ == SENDER and created.body == "Hello! 👍"
    assert created.status is MessageStatus.QUEUED
    assert created.direction is MessageDirection.OUTBOUND_API
    assert created.account_sid == runner.mock.account_sid
    assert isinstance(created.num_segments, int) and created.num_segments >= 1
    assert created.num_media == 0
    assert created.date_created is not None and created.date_created.tzinfo is not None
    assert created.price is None or isinstance(created.price, Decimal)
    assert isinstance(fetched.status, MessageStatus)


def test_status_moves_with_the_mock_clock(runner: Runner) -> None:
    to = fresh_number()

    async def scenario(client: Any) -> Message:
        created = await resolve(client.messages.create(to=to, from_=SENDER, body="tick"))
        runner.mock.advance(3600)
        return await resolve(client.messages.get(created.sid))

    later = runner.run(scenario)
    assert later.status is MessageStatus.DELIVERED
    assert later.date_sent is not None and later.date_sent.tzinfo is not None


def test_mms_and_its_media(runner: Runner) -> None:
    to = fresh_number()
    urls = ["https://example.com/a.jpg", "https://example.com/b.png"]

    async def scenario(client: Any) -> tuple[Message, list[Media], Media, list[Media]]:
        mms = await resolve(
            client.messages.create(to=to, from_=SENDER, body="pics", media_url=urls)
        )
        media = client.messages.media(mms.sid)
        items = await collect(media.list())
        one = await resolve(media.get(items[0].sid))
        await resolve(media.delete(items[0].sid))
        return mms, items, one, await collect(media.list())

    mms, items, one, remaining = runner.run(scenario)
    assert mms.sid.startswith("MM") and mms.num_media == 2
    assert len(items) == 2 and all(m.parent_sid == mms.sid for m in items)
    assert all(m.sid.startswith("ME") for m in items)
    assert one.sid == items[0].sid and one.content_type
    assert [m.sid for m in remaining] == [items[1].sid]


def test_list_follows_pages_with_and_without_limit(runner: Runner) -> None:
    to = fresh_number()

    async def scenario(client: Any) -> tuple[list[Message], list[Message], list[Message]]:
        sent = []
        for i in range(7):
            sent.append(await resolve(client.messages.create(to=to, from_=SENDER, body=f"m{i}")))
            runner.mock.advance(1)
        everything = await collect(client.messages.list(to=to, page_size=2))
        limited = await collect(client.messages.list(to=to, page_size=2, limit=5))
        return sent, everything, limited

    sent, everything, limited = runner.run(scenario, count_requests=True)
    newest_first = [m.sid for m in reversed(sent)]
    assert [m.sid for m in everything] == newest_first  # four pages, no duplicates
    assert [m.sid for m in limited] == newest_first[:5]
    list_requests = [r for r in runner.requests if r.method == "GET"]
    # 4 pages for the full walk; the limited walk stops after the third page.
    assert len(list_requests) == 4 + 3


def test_limit_without_page_size_asks_for_no_more_than_needed(runner: Runner) -> None:
    to = fresh_number()

    async def scenario(client: Any) -> list[Message]:
        for i in range(4):
            await resolve(client.messages.create(to=to, from_=SENDER, body=f"m{i}"))
        return await collect(client.messages.list(to=to, limit=3))

    assert len(runner.run(scenario, count_requests=True)) == 3
    list_requests = [r for r in runner.requests if r.method == "GET"]
    assert len(list_requests) == 1 and list_requests[0].url.params["PageSize"] == "3"


def test_page_and_next_page(runner: Runner) -> None:
    to = fresh_number()

    async def scenario(client: Any) -> list[list[str]]:
        for i in range(7):
            await resolve(client.messages.create(to=to, from_=SENDER, body=f"m{i}"))
            runner.mock.advance(1)
        pages = []
        page = await resolve(client.messages.page(to=to, page_size=3))
        while page is not None:
            pages.append([m.sid for m in page.items])
            page = await resolve(page.next_page())
        return pages

    pages = runner.run(scenario)
    assert [len(p) for p in pages] == [3, 3, 1]
    flat = [sid for page in pages for sid in page]
    assert len(set(flat)) == 7


def test_redact(runner: Runner) -> None:
    to = fresh_number()

    async def scenario(client: Any) -> tuple[Message, Message]:
        created = await resolve(client.messages.create(to=to, from_=SENDER, body="secret"))
        redacted = await resolve(client.messages.redact(created.sid))
        return redacted, await resolve(client.messages.get(created.sid))

    redacted, fetched = runner.run(scenario)
    assert redacted.body == "" and fetched.body == ""
    assert fetched.to == to


def test_cancel_a_scheduled_message(runner: Runner) -> None:
    to = fresh_number()

    async def scenario(client: Any) -> tuple[Message, Message, Exception]:
        later = dt.datetime.now(UTC) + dt.timedelta(days=2)
        scheduled = await resolve(
            client.messages.create(
                to=to,
                messaging_service_sid=SERVICE,
                body="later",
                schedule_type="fixed",
                send_at=later,
            )
        )
        canceled = await resolve(client.messages.cancel(scheduled.sid))
        try:
            await resolve(client.messages.cancel(scheduled.sid))
        except ConflictError as exc:
            return scheduled, canceled, exc
        raise AssertionError("canceling twice was accepted")

    scheduled, canceled, conflict = runner.run(scenario)
    assert scheduled.status is MessageStatus.SCHEDULED
    assert canceled.status is MessageStatus.CANCELED
    assert isinstance(conflict, ConflictError) and conflict.status == 409
    assert conflict.code == 30409


def test_delete(runner: Runner) -> None:
    to = fresh_number()

    async def scenario(client: Any) -> tuple[Any, Exception, Exception]:
        created = await resolve(client.messages.create(to=to, from_=SENDER, body="bye"))
        result = await resolve(client.messages.delete(created.sid))
        errors = []
        for call in (client.messages.get, client.messages.delete):
            try:
                await resolve(call(created.sid))
            except NotFoundError as exc:
                errors.append(exc)
        return result, errors[0], errors[1]

    result, after_get, after_delete = runner.run(scenario)
    assert result is None
    assert after_get.status == 404 and after_get.code == 20404
    assert after_delete.status == 404  # a first delete that gets 404 is a real 404
    assert runner.sleeps == []


def test_feedback(runner: Runner) -> None:
    to = fresh_number()

    async def scenario(client: Any) -> Feedback:
        created = await resolve(
            client.messages.create(
                to=to, from_=SENDER, body="did it arrive?", provide_feedback=True
            )
        )
        return await resolve(client.messages.feedback(created.sid, "confirmed"))

    feedback = runner.run(scenario)
    assert feedback.outcome is FeedbackOutcome.CONFIRMED


def test_every_create_field_is_accepted(runner: Runner) -> None:
    to = fresh_number()

    async def scenario(client: Any) -> Message:
        return await resolve(
            client.messages.create(
                to=to,
                from_=SENDER,
                messaging_service_sid=SERVICE,
                body="all the knobs",
                media_url="https://example.com/one.jpg",
                status_callback="https://example.com/cb",
                application_sid="AP" + "1" * 32,
                max_price=0.5,
                provide_feedback=True,
                attempt=1,
                validity_period=600,
                force_delivery=False,
                content_retention="retain",
                address_retention="retain",
                smart_encoded=True,
                persistent_action=["mailto:test@example.com"],
                traffic_type="free",
                shorten_urls=False,
                send_as_mms=True,
                risk_check="enable",
                content_sid="HX" + "2" * 32,
                content_variables={"1": "Ada"},
            )
        )

    message = runner.run(scenario)
    assert message.to == to and message.num_media == 1


ACCOUNT_SID_FOR_BUILD = "AC" + "0" * 32


# ---- typed errors ---------------------------------------------------------------------------


def test_bad_request_from_the_service(runner: Runner) -> None:
    # The client refuses this itself, with the code the service would answer...
    with pytest.raises(ValidationError) as refused:
        build.create(
            ACCOUNT_SID_FOR_BUILD, {"to": "not a phone number", "from_": SENDER, "body": "x"}
        )
    assert refused.value.code == 21211 and refused.value.field == "to"

    # ...and when such a request reaches the service anyway, its answer is typed the same way.
    async def scenario(client: Any) -> None:
        valid = build.create(
            client.account_sid, {"to": "+15558675310", "from_": SENDER, "body": "x"}
        )
        assert valid.data is not None
        bad = attrs.evolve(valid, data={**valid.data, "To": "not a phone number"})
        await resolve(client.send_request(bad))

    with pytest.raises(BadRequestError) as info:
        runner.run(scenario)
    assert info.value.status == 400 and info.value.code == 21211
    assert info.value.method == "POST" and info.value.url.endswith("/Messages.json")
    assert info.value.more_info


def test_wrong_token_is_an_authentication_error(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        await collect(client.messages.list())

    with pytest.raises(AuthenticationError) as info:
        runner.run(scenario, auth_token="wrong-token-0000")
    assert info.value.status == 401 and info.value.code == 20003
    assert "wrong-token-0000" not in str(info.value) + repr(info.value)


def test_unknown_sid_is_not_found(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        await resolve(client.messages.get("SM" + "f" * 32))

    with pytest.raises(NotFoundError) as info:
        runner.run(scenario)
    assert info.value.code == 20404 and info.value.method == "GET"


def test_rate_limit_error_carries_retry_after(runner: Runner) -> None:
    set_faults(runner.mock, "429=1,retry_after=2")

    async def scenario(client: Any) -> None:
        await resolve(client.messages.get("SM" + "f" * 32, max_retries=0))

    with pytest.raises(RateLimitError) as info:
        runner.run(scenario)
    assert info.value.status == 429 and info.value.retry_after == 2.0
    assert runner.sleeps == []


def test_an_error_in_the_middle_of_paging_is_raised_by_the_iterator(runner: Runner) -> None:
    to = fresh_number()

    async def scenario(client: Any) -> tuple[list[str], Exception]:
        for i in range(5):
            await resolve(client.messages.create(to=to, from_=SENDER, body=f"m{i}"))
        seen: list[str] = []
        iterator = client.with_options(max_retries=0).messages.list(to=to, page_size=2)
        try:
            if hasattr(iterator, "__anext__"):
                async for message in iterator:
                    seen.append(message.sid)
                    if len(seen) == 2:
                        set_faults(runner.mock, "503=1")
            else:
                for message in iterator:
                    seen.append(message.sid)
                    if len(seen) == 2:
                        set_faults(runner.mock, "503=1")
        except ServerError as exc:
            return seen, exc
        raise AssertionError("the listing ended without the injected error")

    seen, error = runner.run(scenario)
    assert len(seen) == 2
    assert isinstance(error, ServerError) and error.status == 503 and error.method == "GET"
