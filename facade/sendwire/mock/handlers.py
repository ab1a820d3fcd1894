"""The API's operations, one method per `operationId` in the spec."""

from __future__ import annotations

import mimetypes
from collections.abc import Awaitable, Callable
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import orjson

from .callbacks import CallbackDispatcher
from .clock import MockClock
from .dates import parse_date_filter, parse_instant
from .errors import CANNOT_CANCEL, ApiError, invalid_parameter, not_found
from .faults import RESET_AFTER_COMMIT
from .lifecycle import outcome_for, status_at
from .paging import (
    AFTER,
    BEFORE,
    PageRequest,
    envelope,
    media_token,
    message_token,
    parse_media_token,
    parse_message_token,
    trim,
)
from .render import (
    feedback_json,
    media_json,
    media_list_uri,
    message_json,
    message_properties,
    messages_uri,
)
from .segments import count_segments
from .shapes import INDEXED_FILTERS, Shapes
from .sids import new_sid
from .store import FeedbackRow, MediaRow, MessageFilter, MessageRow, Store

# Rows read at a time while a property filter picks out a page.
_SCAN_BATCH = 500
DEFAULT_CONTENT_TYPE = "application/octet-stream"


class Call(NamedTuple):
    """A request that passed routing, authentication and validation."""

    account_sid: str
    path: dict[str, str]
    query: dict[str, Any]
    body: dict[str, Any]


class Reply(NamedTuple):
    status: int
    payload: dict[str, Any] | None
    #: Faults that may hit this answer after the work is done (see faults.FaultInjection).
    faults: frozenset[str] = frozenset()


# A create has stored its resource before answering: a connection reset now loses the answer
# but not the write, which is what clients that retry creates must survive.
CREATED_THEN_LOST = frozenset({RESET_AFTER_COMMIT})


Handler = Callable[[Call], Awaitable[Reply]]


def guess_content_type(url: str) -> str:
    guessed, _ = mimetypes.guess_type(urlsplit(url).path, strict=False)
    return guessed or DEFAULT_CONTENT_TYPE


def _date_bounds(query: dict[str, Any]) -> tuple[int | None, int | None]:
    low: int | None = None
    high: int | None = None
    for name, use_start, use_end in (
        ("DateSent", True, True),
        ("DateSent>", True, False),
        ("DateSent<", False, True),
    ):
        value = query.get(name)
        if value is None:
            continue
        bounds = parse_date_filter(value)
        if bounds is None:
            raise invalid_parameter(f"Invalid parameter: {name} is not a date this API reads")
        if use_start:
            low = bounds[0] if low is None else max(low, bounds[0])
        if use_end:
            high = bounds[1] if high is None else min(high, bounds[1])
    return low, high


class MessagesApi:
    def __init__(
        self,
        store: Store,
        clock: MockClock,
        callbacks: CallbackDispatcher,
        step_seconds: Callable[[], float],
        shapes: Shapes,
    ) -> None:
        self.shapes = shapes
        self.store = store
        self.clock = clock
        self.callbacks = callbacks
        self._step_seconds = step_seconds
        #: Told of every message stored, changed or deleted (account, sid, the row or None):
        #: the inbox's live feed.
        self.listener: Callable[[str, str, MessageRow | None], None] | None = None

    def handlers(self) -> dict[str, Handler]:
        return {
            "CreateMessage": self.create_message,
            "ListMessage": self.list_messages,
            "FetchMessage": self.fetch_message,
            "UpdateMessage": self.update_message,
            "DeleteMessage": self.delete_message,
            "ListMedia": self.list_media,
            "FetchMedia": self.fetch_media,
            "DeleteMedia": self.delete_media,
            "CreateMessageFeedback": self.create_feedback,
        }

    # Messages

    def build_message(
        self,
        account_sid: str,
        *,
        to: str,
        from_: str | None,
        body: str,
        media_urls: list[str],
        messaging_service_sid: str | None = None,
        status_callback: str | None = None,
        send_at: int | None = None,
        inbound: bool = False,
        direction: str = "outbound-api",
    ) -> tuple[MessageRow, list[MediaRow]]:
        now = self.clock.now_us()
        sid = new_sid("MM" if media_urls else "SM")
        if inbound:
            initial, outcome, error_code = "received", "received", None
        else:
            outcome, error_code = outcome_for(to)
            if send_at is not None:
                initial = "scheduled"
            elif messaging_service_sid is not None and from_ is None:
                initial = "accepted"
            else:
                initial = "queued"
        row = MessageRow(
            sid=sid,
            account_sid=account_sid,
            date_sent=now,
            date_created=now,
            date_updated=now,
            to_addr=to,
            from_addr=from_,
            body=body,
            messaging_service_sid=messaging_service_sid,
            direction="inbound" if inbound else direction,
            initial_status=initial,
            start_us=send_at if send_at is not None else now,
            step_us=int(self._step_seconds() * 1_000_000),
            outcome=outcome,
            error_code=error_code,
            canceled_us=None,
            num_segments=count_segments(body),
            num_media=len(media_urls),
            status_callback=status_callback,
        )
        media = [
            MediaRow(new_sid("ME"), sid, account_sid, position, guess_content_type(url), url, now)
            for position, url in enumerate(media_urls)
        ]
        return row, media

    async def create_message(self, call: Call) -> Reply:
        data = call.body
        service = data.get("MessagingServiceSid")
        send_at: int | None = None
        # Scheduling needs a Messaging Service, ScheduleType=fixed and a SendAt still ahead;
        # otherwise the message goes out right away.
        if service is not None and data.get("ScheduleType") == "fixed" and "SendAt" in data:
            instant = parse_instant(data["SendAt"])
            if instant is not None and instant > self.clock.now_us():
                send_at = instant
        row, media = self.build_message(
            call.account_sid,
            to=data["To"],
            from_=data.get("From"),
            body=data.get("Body", ""),
            media_urls=data.get("MediaUrl", []),
            messaging_service_sid=service,
            status_callback=data.get("StatusCallback"),
            send_at=send_at,
        )
        status = (row.initial_status, row.date_created)
        computed = message_properties(row, row.date_created, status)
        extra = self.shapes.echo(data, computed)
        if extra:
            row = row._replace(extra=orjson.dumps(extra).decode())
        self.store_message(row, media)
        return Reply(201, self.shapes.message.render(computed, extra), CREATED_THEN_LOST)

    def store_message(self, row: MessageRow, media: list[MediaRow]) -> None:
        """Keep a new message and start its status callbacks."""
        self.store.insert_message(row, media)
        self.callbacks.schedule(row)
        self._changed(row.account_sid, row.sid, row)

    def _changed(self, account_sid: str, sid: str, row: MessageRow | None) -> None:
        if self.listener is not None:
            self.listener(account_sid, sid, row)

    def _message(self, call: Call, key: str = "Sid") -> MessageRow:
        row = self.store.get_message(call.account_sid, call.path[key])
        if row is None:
            raise not_found()
        return row

    async def fetch_message(self, call: Call) -> Reply:
        return Reply(
            200, message_json(self._message(call), self.clock.now_us(), self.shapes.message)
        )

    async def update_message(self, call: Call) -> Reply:
        row = self._message(call)
        now = self.clock.now_us()
        canceled_us: int | None = None
        if call.body.get("Status") == "canceled":
            if status_at(row, now)[0] != "scheduled":
                raise ApiError(409, CANNOT_CANCEL, "This message cannot be canceled")
            canceled_us = now
        body = call.body.get("Body")
        if body is not None or canceled_us is not None:
            self.store.update_message(
                call.account_sid, row.sid, date_updated=now, body=body, canceled_us=canceled_us
            )
            row = row._replace(
                date_updated=now,
                body=body if body is not None else row.body,
                canceled_us=canceled_us if canceled_us is not None else row.canceled_us,
            )
        if canceled_us is not None and row.status_callback is not None:
            self.callbacks.schedule_status(row.sid, "canceled", canceled_us)
        self._changed(row.account_sid, row.sid, row)
        return Reply(200, message_json(row, now, self.shapes.message))

    async def delete_message(self, call: Call) -> Reply:
        sid = call.path["Sid"]
        if not self.store.delete_message(call.account_sid, sid):
            raise not_found()
        self._changed(call.account_sid, sid, None)
        return Reply(204, None)

    async def list_messages(self, call: Call) -> Reply:
        query = call.query
        request = PageRequest.from_query(query, (*INDEXED_FILTERS, *self.shapes.filters.names()))
        low, high = _date_bounds(query)
        where = MessageFilter(query.get("To"), query.get("From"), low, high)
        direction, key = AFTER, None
        if request.token is not None:
            direction, key = parse_message_token(request.token)
        now = self.clock.now_us()
        shape = self.shapes.message
        if self.shapes.filtering(query):
            rows = self._filtered_rows(
                call.account_sid, where, request.size + 1, key, direction, query, now
            )
        else:
            rows = self.store.list_messages(
                call.account_sid, where, request.size + 1, key, newer=direction == BEFORE
            )
        page, more_after, more_before = trim(rows, request, direction)
        last, first = (page[-1], page[0]) if page else (None, None)
        payload = envelope(
            "messages",
            [message_json(row, now, shape) for row in page],
            request,
            messages_uri(call.account_sid),
            message_token(AFTER, last.date_sent, last.sid) if more_after and last else None,
            message_token(BEFORE, first.date_sent, first.sid) if more_before and first else None,
        )
        return Reply(200, payload)

    def _filtered_rows(
        self,
        account_sid: str,
        where: MessageFilter,
        wanted: int,
        key: tuple[int, str] | None,
        direction: str,
        query: dict[str, Any],
        now: int,
    ) -> list[MessageRow]:
        """Up to `wanted` rows that also pass the property filters, scanned in list order
        and judged as they are rendered at `now`, the moment the page shows."""
        found: list[MessageRow] = []
        newer = direction == BEFORE
        while len(found) < wanted:
            batch = self.store.list_messages(account_sid, where, _SCAN_BATCH, key, newer=newer)
            # Scanned newest first (older pages) or oldest first (newer pages).
            ordered = list(reversed(batch)) if newer else batch
            for row in ordered:
                if self.shapes.matches(message_json(row, now, self.shapes.message), query):
                    found.append(row)
                    if len(found) == wanted:
                        break
            if len(batch) < _SCAN_BATCH:
                break
            edge = ordered[-1]
            key = (edge.date_sent, edge.sid)
        return list(reversed(found)) if newer else found

    # Media

    async def list_media(self, call: Call) -> Reply:
        message = self._message(call, "MessageSid")
        request = PageRequest.from_query(call.query)
        direction, position = AFTER, -1
        if request.token is not None:
            direction, position = parse_media_token(request.token)
        if direction == BEFORE:
            rows = self.store.list_media_before(
                call.account_sid, message.sid, request.size + 1, position
            )
        else:
            rows = self.store.list_media(call.account_sid, message.sid, request.size + 1, position)
        page, more_after, more_before = trim(rows, request, direction)
        payload = envelope(
            "media_list",
            [media_json(row, self.shapes.media) for row in page],
            request,
            media_list_uri(call.account_sid, message.sid),
            media_token(AFTER, page[-1].position) if more_after and page else None,
            media_token(BEFORE, page[0].position) if more_before and page else None,
        )
        return Reply(200, payload)

    async def fetch_media(self, call: Call) -> Reply:
        row = self.store.get_media(call.account_sid, call.path["MessageSid"], call.path["Sid"])
        if row is None:
            raise not_found()
        return Reply(200, media_json(row, self.shapes.media))

    async def delete_media(self, call: Call) -> Reply:
        deleted = self.store.delete_media(
            call.account_sid, call.path["MessageSid"], call.path["Sid"]
        )
        if not deleted:
            raise not_found()
        return Reply(204, None)

    # Feedback

    async def create_feedback(self, call: Call) -> Reply:
        message = self._message(call, "MessageSid")
        now = self.clock.now_us()
        outcome = call.body.get("Outcome", "confirmed")
        saved = self.store.save_feedback(
            FeedbackRow(message.sid, call.account_sid, outcome, now, now)
        )
        return Reply(201, feedback_json(saved, self.shapes.feedback))
