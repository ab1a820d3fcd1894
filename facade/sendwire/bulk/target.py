"""What the bulk engine needs from a client, and the adapter over ``AsyncMessages``.

The engine validates every item before it writes the item's intent, and must then send exactly
the request it validated, with retries left to itself (it paces all requests through one gate
and must see every 429). The adapter prepares the request with the facade's own request builder
and sends it through the client's call loop with ``max_retries=0``, so validation and the wire
format are the facade's, not a copy.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from sendwire._core import requests as build
from sendwire._generated.operations import CREATE_MESSAGE
from sendwire.bulk.lanes import bulk_lanes
from sendwire.errors import ValidationError
from sendwire.models import Message

if TYPE_CHECKING:
    from typing_extensions import Self

    from sendwire._core.prepared import PreparedRequest
    from sendwire.async_client import AsyncClient, AsyncMessages

T = TypeVar("T")

#: Keyword arguments a create accepts (everything but the call options): the spec's fields.
CREATE_FIELDS: frozenset[str] = frozenset(CREATE_MESSAGE.names("body"))


class BulkTarget(Protocol):
    """The operations a bulk run performs."""

    def prepare_create(self, request: Mapping[str, Any]) -> object:
        """Check one create request; raise ``ValidationError`` if the API would refuse it."""

    async def create(self, prepared: object) -> Message:
        """Send a prepared create once, with no retry."""

    def list(self, **filters: Any) -> AsyncIterator[Message]:
        """Messages matching list filters, newest first."""

    async def redact(self, sid: str) -> Message:
        """Redact once, with no retry."""

    async def delete(self, sid: str) -> None:
        """Delete once, with no retry."""


def check_create_fields(request: Mapping[str, Any]) -> None:
    unknown = sorted(set(request) - CREATE_FIELDS)
    if unknown:
        raise ValidationError(f"unknown create field(s): {', '.join(unknown)}", field=unknown[0])


def prepare_create(account_sid: str, request: Mapping[str, Any]) -> object:
    """The facade's create request for ``request``, or ``ValidationError`` saying why not."""
    check_create_fields(request)
    return build.create(account_sid, request)


#: Connections per lane. httpx's pool scans every connection it holds on each request, so
#: many small pools cost far less CPU per request than one large one.
LANE_CONNECTIONS = 4


class ClientTarget:
    """The bulk operations over an ``AsyncClient``'s ``messages``.

    Writes are spread over lanes: the caller's client, plus (when it runs on its own default
    connection pool) more clients with the same settings, opened as the requests in flight
    outgrow the lanes there are (``lanes.bulk_lanes`` says how many one lane carries: on the
    plain path ``LANE_CONNECTIONS``). Use it as an async context
    manager so the extra lanes are closed.
    """

    def __init__(self, messages: AsyncMessages, *, concurrency: int = 1) -> None:
        self._messages = messages
        self._client = messages.client
        self._account_sid = messages.client.account_sid
        self._lanes: list[AsyncClient] = [self._client]
        self._busy = [0]
        # A client the caller configured (its own httpx client) is used as it is.
        self._max_lanes, self._per_lane = (
            bulk_lanes(self._client.http_client, concurrency, LANE_CONNECTIONS)
            if self._client.owns_http_client
            else (1, concurrency)
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        for lane in self._lanes[1:]:
            await lane.close()

    def prepare_create(self, request: Mapping[str, Any]) -> object:
        return prepare_create(self._account_sid, request)

    async def _on_a_lane(self, call: Callable[[AsyncClient], Awaitable[T]]) -> T:
        lane = min(range(len(self._lanes)), key=self._busy.__getitem__)
        if self._busy[lane] >= self._per_lane and len(self._lanes) < self._max_lanes:
            self._lanes.append(self._client.spawn())
            self._busy.append(0)
            lane = len(self._lanes) - 1
        self._busy[lane] += 1
        try:
            return await call(self._lanes[lane])
        finally:
            self._busy[lane] -= 1

    async def create(self, prepared: object) -> Message:
        request = cast("PreparedRequest[Message]", prepared)
        return await self._on_a_lane(lambda client: client.send_request(request, max_retries=0))

    def list(self, **filters: Any) -> AsyncIterator[Message]:
        return self._messages.list(**filters)

    # Redact and delete are retried by the engine, which must see each 429 to slow down.
    async def redact(self, sid: str) -> Message:
        return await self._on_a_lane(lambda client: client.messages.redact(sid, max_retries=0))

    async def delete(self, sid: str) -> None:
        await self._on_a_lane(lambda client: client.messages.delete(sid, max_retries=0))
