"""The virtual phone's other half: an incoming message posted to the app, its TwiML carried out.

When a message arrives for an account that has an incoming-message URL, the mock POSTs it
there as the service does (its form fields, signed with X-Twilio-Signature using the
account's auth token) and sends each `<Message>` of the app's TwiML answer as an outbound
message, which then moves through its statuses like any other. What happened shows in the
conversation (`PhoneEvents`) and in the request log, as the service's debugger would show it.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import httpx

from ..webhooks import RequestValidator
from .callbacks import SIGNATURE_HEADER
from .render import API_VERSION
from .requestlog import RequestLog
from .store import MediaRow, MessageRow
from .twiml_reader import MAX_DOCUMENT_BYTES, PARSE_FAILURE, Reply, TwimlError, read_messaging_twiml

OPERATION = "IncomingMessage"
# The service's debugger codes for an app it could not reach or that answered an error.
HTTP_FAILURE = 11200
CONNECTION_FAILURE = 11205
_EVENTS_KEPT = 5000


class PhoneEvent(NamedTuple):
    """What happened when an incoming message was posted to the app."""

    at: float  # wall-clock seconds
    account_sid: str
    message_sid: str
    url: str
    outcome: str  # the app's HTTP status, or why there was none
    error_code: int | None
    error: str | None
    replies: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return self._asdict()


def incoming_params(row: MessageRow, media: Sequence[MediaRow]) -> dict[str, str]:
    """The form fields the service posts for an incoming message."""
    params = {
        "MessageSid": row.sid,
        "SmsMessageSid": row.sid,
        "SmsSid": row.sid,
        "AccountSid": row.account_sid,
        "From": row.from_addr or "",
        "To": row.to_addr,
        "Body": row.body,
        "NumMedia": str(len(media)),
        "NumSegments": str(row.num_segments),
        "SmsStatus": "received",
        "ApiVersion": API_VERSION,
    }
    if row.messaging_service_sid is not None:
        params["MessagingServiceSid"] = row.messaging_service_sid
    for item in media:
        params[f"MediaUrl{item.position}"] = item.url
        params[f"MediaContentType{item.position}"] = item.content_type
    return params


class IncomingUrls:
    """Where each account's incoming messages go: its own URL, else the server's default."""

    def __init__(self, default: str | None) -> None:
        self.default = default
        self._by_account: dict[str, str | None] = {}

    def set(self, account_sid: str, url: str | None) -> None:
        self._by_account[account_sid] = url

    def get(self, account_sid: str) -> str | None:
        return self._by_account.get(account_sid, self.default)

    def clear(self) -> None:
        self._by_account.clear()


class IncomingDelivery:
    def __init__(
        self,
        urls: IncomingUrls,
        auth_token: Callable[[str], str | None],
        send_reply: Callable[[MessageRow, Reply], MessageRow],
        request_log: RequestLog,
        timeout_seconds: float,
    ) -> None:
        self.urls = urls
        self._auth_token = auth_token
        self._send_reply = send_reply
        self._log = request_log
        self._timeout = timeout_seconds
        self.events: deque[PhoneEvent] = deque(maxlen=_EVENTS_KEPT)
        #: Told of each new event (the live feed's notice), or None.
        self.on_event: Callable[[PhoneEvent], None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._client: httpx.AsyncClient | None = None

    def deliver(self, row: MessageRow, media: Sequence[MediaRow]) -> bool:
        """Post the message to the account's app in the background; False if none is set."""
        url = self.urls.get(row.account_sid)
        token = self._auth_token(row.account_sid)
        if url is None or token is None:
            return False
        task = asyncio.get_running_loop().create_task(self._deliver(row, list(media), url, token))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return True

    def of_message(self, sids: set[str]) -> list[PhoneEvent]:
        return [event for event in self.events if event.message_sid in sids]

    def clear(self) -> None:
        self.events.clear()

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def _deliver(self, row: MessageRow, media: list[MediaRow], url: str, token: str) -> None:
        params = incoming_params(row, media)
        headers = {SIGNATURE_HEADER: RequestValidator(token).compute_signature(url, params)}
        started = time.perf_counter()
        outcome, error_code, error, replies = await self._exchange(row, url, params, headers)
        self._log.add(
            "webhook",
            "POST",
            url,
            OPERATION,
            outcome,
            (time.perf_counter() - started) * 1000,
            account=row.account_sid,
            note=f"{error_code} {error}" if error else None,
        )
        event = PhoneEvent(
            time.time(), row.account_sid, row.sid, url, outcome, error_code, error, replies
        )
        self.events.append(event)
        if self.on_event is not None:
            self.on_event(event)

    async def _exchange(
        self, row: MessageRow, url: str, params: dict[str, str], headers: dict[str, str]
    ) -> tuple[str, int | None, str | None, tuple[str, ...]]:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self._timeout, follow_redirects=False)
        try:
            async with self._client.stream("POST", url, data=params, headers=headers) as response:
                document = await _read_bounded(response)
        except (httpx.HTTPError, ValueError, OSError) as exc:
            return (
                "failed",
                CONNECTION_FAILURE,
                f"could not reach the app ({type(exc).__name__})",
                (),
            )
        outcome = str(response.status_code)
        if response.status_code >= 400:
            return outcome, HTTP_FAILURE, f"the app answered HTTP {response.status_code}", ()
        if document is None:
            return (
                outcome,
                PARSE_FAILURE,
                f"the answer is larger than {MAX_DOCUMENT_BYTES} bytes",
                (),
            )
        try:
            replies = read_messaging_twiml(document)
        except TwimlError as exc:
            return outcome, exc.code, exc.message, ()
        sent = tuple(self._send_reply(row, reply).sid for reply in replies)
        return outcome, None, None, sent


async def _read_bounded(response: httpx.Response) -> bytes | None:
    """The answer's body, or None once it passes the size bound."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > MAX_DOCUMENT_BYTES:
            return None
        chunks.append(chunk)
    return b"".join(chunks)
