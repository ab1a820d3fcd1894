"""A total deadline for one attempt of a sync call, on the httpx connection pools we open.

httpcore gives each socket read its own timeout, so a server sending a header byte a second
keeps a request alive forever. This network backend clamps every connect, read and write to
the time left before the attempt's deadline (set with ``attempt_deadline``), so the phase
that is running when the deadline passes fails with its own httpx timeout: a connect timeout
still means "never sent". The async clients bound an attempt with ``asyncio.timeout``.
"""

from __future__ import annotations

import contextlib
import contextvars
import ssl
import time
from collections.abc import Iterable, Iterator
from typing import Any

import httpcore
import httpx

__all__ = ["BoundedHTTPTransport", "attempt_deadline", "time_left"]

_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "sendwire_attempt_deadline", default=None
)


@contextlib.contextmanager
def attempt_deadline(seconds: float) -> Iterator[float]:
    """Bound the socket operations of the current thread for ``seconds``; yields the deadline
    (a ``time.monotonic()`` value)."""
    deadline = time.monotonic() + seconds
    token = _deadline.set(deadline)
    try:
        yield deadline
    finally:
        _deadline.reset(token)


def time_left(timeout: float | None, expired: type[Exception]) -> float | None:
    """``timeout`` cut to what is left of the deadline; ``expired`` once nothing is."""
    deadline = _deadline.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise expired("the attempt's deadline passed")
    return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, time_left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, time_left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        left = time_left(timeout, httpcore.ConnectTimeout)
        return _Stream(self._stream.start_tls(ssl_context, server_hostname, left))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    def __init__(self) -> None:
        self._backend = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        left = time_left(timeout, httpcore.ConnectTimeout)
        return _Stream(self._backend.connect_tcp(host, port, left, local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        left = time_left(timeout, httpcore.ConnectTimeout)
        return _Stream(self._backend.connect_unix_socket(path, left, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class BoundedHTTPTransport(httpx.HTTPTransport):
    """httpx's ``HTTPTransport`` (its default limits) whose sockets keep the deadline."""

    def __init__(self) -> None:
        super().__init__()
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=20)
        # httpx takes no network backend, so its pool is rebuilt with the same settings and
        # ours; everything above the sockets (the mapping of errors, the Response) is httpx's.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=5.0,
            network_backend=_Backend(),
        )
