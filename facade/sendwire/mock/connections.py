"""What one client of the mock may hold: bounded request heads, time and connections.

Everything here runs before authentication, so it is sized for a hostile client: a head sent
one byte a second, a header line of megabytes, thousands of connections that never say a
word. The checks cost nothing on the usual path, where a whole request head arrives in one
read: no timer is armed for it and no byte is scanned twice.
"""

from __future__ import annotations

from asyncio import TimerHandle, Transport
from collections import OrderedDict
from typing import Any, ClassVar

import httptools
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from . import errors
from .config import ConnectionLimits
from .errors import ApiError
from .faults import TRANSPORT_KEY

_HEAD_END = b"\r\n\r\n"
# After a refusal, what the client still sends is read and dropped for a moment, so it gets
# to read the answer instead of a reset; a client that goes on past this is cut off.
LINGER_SECONDS = 2.0
LINGER_BYTES = 16 * 1024 * 1024


class ConnectionGuard:
    """State shared by one server's connections: who is waiting for a request, and since when."""

    def __init__(self, limits: ConnectionLimits) -> None:
        self.limits = limits
        self.cap = limits.connection_cap()
        # Connections with no request being answered, oldest wait first: the ones to shed.
        self.waiting: OrderedDict[GuardedProtocol, None] = OrderedDict()
        self.shed = 0
        self.refused = 0


def protocol_for(guard: ConnectionGuard) -> type[GuardedProtocol]:
    """The protocol class uvicorn instantiates per connection, bound to one server's guard."""
    return type("GuardedProtocol", (GuardedProtocol,), {"guard": guard})


class GuardedProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with bounded request heads and a connection cap.

    It also puts the connection's transport in the ASGI scope: fault injection drops a
    connection without an answer, which ASGI has no way to say.
    """

    guard: ClassVar[ConnectionGuard]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._in_head = True  # the next bytes belong to a request head
        self._head_bytes = 0
        self._head_timer: TimerHandle | None = None
        self._over_cap = False
        self._refusal: ApiError | None = None
        self._lingering = -1  # bytes dropped after a refusal; -1 until one

    # Connections

    def connection_made(self, transport: Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        guard = self.guard
        if guard.cap and len(self.connections) > guard.cap:
            self._make_room()
        guard.waiting[self] = None
        if guard.limits.header_timeout:
            self._head_timer = self.loop.call_later(
                guard.limits.header_timeout, self._head_timed_out
            )

    def _make_room(self) -> None:
        """Shed the connection that has waited longest without a request; if every one is
        busy, this one is refused with a 503 when its request head is in."""
        waiting = self.guard.waiting
        if waiting:
            oldest, _ = waiting.popitem(last=False)
            self.guard.shed += 1
            oldest.transport.close()  # nothing is unanswered on it: a plain FIN
        else:
            self._over_cap = True

    def connection_lost(self, exc: Exception | None) -> None:
        self.guard.waiting.pop(self, None)
        self._cancel_head_timer()
        super().connection_lost(exc)

    # Reading a request head

    def data_received(self, data: bytes) -> None:
        if self._lingering >= 0:
            self._lingering += len(data)
            if self._lingering > LINGER_BYTES:
                self.transport.close()
            return
        limit = self.guard.limits.max_header_bytes
        if self._in_head:
            self._head_bytes += len(data)
            if limit and self._head_bytes > limit and not self._head_fits(data, limit):
                self._refuse(_too_large_head(limit))
                return
        self._unset_keepalive_if_required()
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self._unsupported_upgrade_warning()
        except httptools.HttpParserError:
            if self._refusal is not None:
                self._refuse(self._refusal)
                return
            self.logger.warning("Invalid HTTP request received.")
            self.send_400_response("Invalid HTTP request received.")
            return
        if self._in_head and self._head_timer is None and self._head_bytes:
            # Part of a head is in and the rest is not: from now on it has a deadline.
            timeout = self.guard.limits.header_timeout
            if timeout and not self.transport.is_closing():
                self._head_timer = self.loop.call_later(timeout, self._head_timed_out)

    def _head_fits(self, data: bytes, limit: int) -> bool:
        """Whether the head ends within `limit` bytes, the rest of `data` being its body."""
        end = data.find(_HEAD_END)
        return end >= 0 and self._head_bytes - len(data) + end + len(_HEAD_END) <= limit

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self.scope["extensions"] = {TRANSPORT_KEY: self.transport}

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._cancel_head_timer()
        self.guard.waiting.pop(self, None)
        limits = self.guard.limits
        if limits.max_headers and len(self.headers) > limits.max_headers:
            self._refusal = ApiError(
                431,
                errors.INVALID_PARAMETER,
                f"The request has more than {limits.max_headers} header fields",
            )
        elif self._over_cap:
            self.guard.refused += 1
            self._refusal = ApiError(
                503, errors.SERVICE_UNAVAILABLE, "Too many connections; try again shortly"
            )
        if self._refusal is not None:
            raise _Refused  # stops the parser; data_received answers
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._in_head = True
        self._head_bytes = 0
        super().on_message_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        # Idle again, unless closing or a pipelined request started.
        if not self.transport.is_closing() and self.cycle.response_complete:
            self.guard.waiting[self] = None

    # Endings

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self._in_head and not self.transport.is_closing():
            # Too slow to send a request head (or to send anything): no request, no answer.
            self.transport.close()

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _refuse(self, error: ApiError) -> None:
        """Answer in the API's error format, close our side, and drop what still comes."""
        self._cancel_head_timer()
        self.guard.waiting.pop(self, None)
        self._in_head = False
        self._lingering = 0
        head = [b"HTTP/1.1 %d %s\r\n" % (error.status, _REASONS[error.status])]
        body = error.body()
        head.append(b"content-type: application/json\r\ncontent-length: %d\r\n" % len(body))
        head.extend(b"%s: %s\r\n" % pair for pair in error.headers)
        head.append(b"connection: close\r\n\r\n")
        self.transport.write(b"".join(head) + body)
        if self.transport.can_write_eof():
            self.transport.write_eof()
            self.loop.call_later(LINGER_SECONDS, self.transport.close)
        else:
            self.transport.close()


_REASONS = {
    431: b"Request Header Fields Too Large",
    503: b"Service Unavailable",
}


class _Refused(Exception):
    """Raised in a parser callback to stop parsing a request that is refused."""


def _too_large_head(limit: int) -> ApiError:
    return ApiError(
        431, errors.INVALID_PARAMETER, f"The request's header section is larger than {limit} bytes"
    )
