"""An httpx transport over aiohttp's connection pool: the fast path of ``sendwire[fast]``.

Under it httpx builds requests and responses as usual, and only the connection handling is
aiohttp's, which costs several times less CPU per request than httpcore's under concurrency.
``aiohttp_client.FastAsyncClient`` also sends the facade's direct calls through ``exchange``
directly, without httpx's request machinery.

It exists instead of ``httpx_aiohttp.AiohttpTransport`` as is because the retry rules depend
on telling "never sent" from "maybe sent", and that package maps a connection reset, a server
that hangs up and a refused connection all to ``httpx.ConnectTimeout`` (which would let a
create be repeated after the server may have acted on it), and lets a malformed answer escape
as a raw aiohttp error. Here every aiohttp failure becomes the httpx error httpcore raises for
the same event. Bodies are read whole: sendwire never streams.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Mapping
from typing import Any

import aiohttp
import httpx
import yarl

from .._core.retry import resend_stale

RawHeaders = tuple[tuple[bytes, bytes], ...]

__all__ = ["AiohttpTransport", "client_timeout", "never_written", "to_httpx_error"]

# Most specific first: several aiohttp errors derive from more than one of these.
_ERRORS: tuple[tuple[type[BaseException], type[httpx.TransportError]], ...] = (
    # Before a byte of the request was written: safe to send again.
    (aiohttp.ClientProxyConnectionError, httpx.ProxyError),
    (aiohttp.ClientConnectorError, httpx.ConnectError),
    (aiohttp.ConnectionTimeoutError, httpx.ConnectTimeout),
    # The request may have reached the server.
    (aiohttp.SocketTimeoutError, httpx.ReadTimeout),
    (aiohttp.ServerTimeoutError, httpx.ReadTimeout),
    (aiohttp.ClientHttpProxyError, httpx.ProxyError),
    (aiohttp.InvalidURL, httpx.UnsupportedProtocol),
    (aiohttp.ServerDisconnectedError, httpx.RemoteProtocolError),
    (aiohttp.ClientPayloadError, httpx.RemoteProtocolError),
    (aiohttp.ClientResponseError, httpx.RemoteProtocolError),
    (aiohttp.ClientOSError, httpx.ReadError),
    (aiohttp.ClientConnectionError, httpx.ReadError),  # e.g. a reset while writing
    # The attempt's total deadline (``ClientTimeout.total``) passed.
    (asyncio.TimeoutError, httpx.ReadTimeout),
)


def to_httpx_error(exc: BaseException, request: httpx.Request) -> httpx.TransportError:
    """The httpx error for an aiohttp failure; anything unknown counts as maybe sent."""
    for source, target in _ERRORS:
        if isinstance(exc, source):
            return target(str(exc) or type(exc).__name__, request=request)
    return httpx.TransportError(f"{type(exc).__name__}: {exc}", request=request)


_CLOSING = "Cannot write to closing transport"


def never_written(exc: BaseException | None) -> bool:
    """Whether aiohttp refused to write the request because the connection was closing (the
    server had closed an idle pooled connection). The request, framed by Content-Length,
    never reached the server whole, so it cannot have been acted on."""
    while exc is not None:
        if isinstance(exc, aiohttp.ClientConnectionResetError) and str(exc) == _CLOSING:
            return True
        exc = exc.__cause__
    return False


def client_timeout(
    phases: Mapping[str, float | None], total: float | None = None
) -> aiohttp.ClientTimeout:
    """aiohttp's bounds for httpx's timeout phases (connect, read, write, pool), and for the
    whole attempt (``total``: through the last byte of the body)."""
    connect, pool = phases.get("connect"), phases.get("pool")
    # aiohttp's `connect` spans the wait for a pooled connection and the connect itself.
    waited = None if connect is None or pool is None else connect + pool
    # aiohttp has no write timeout; the read bound also covers a server that stops reading.
    read = phases.get("read")
    return aiohttp.ClientTimeout(total=total, connect=waited, sock_connect=connect, sock_read=read)


class Body(httpx.AsyncByteStream):
    """An aiohttp answer's body as httpx reads it, with aiohttp's failures mapped."""

    def __init__(
        self, answer: aiohttp.ClientResponse, request: Callable[[], httpx.Request]
    ) -> None:
        self._answer = answer
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._answer.content.iter_chunked(_CHUNK):
                yield chunk
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            raise to_httpx_error(exc, self._request()) from exc

    async def read(self) -> bytes:
        """The whole body at once (for one whose size is known to be within bounds)."""
        try:
            return await self._answer.read()
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            raise to_httpx_error(exc, self._request()) from exc

    async def aclose(self) -> None:
        self._answer.release()


_CHUNK = 65536


class AiohttpTransport(httpx.AsyncBaseTransport):
    """``max_connections`` bounds the pool; idle connections are kept ``keepalive_expiry``
    seconds (httpx's defaults: 100 and 5)."""

    def __init__(self, *, max_connections: int = 100, keepalive_expiry: float = 5.0) -> None:
        self._max_connections = max_connections
        self._keepalive_expiry = keepalive_expiry
        self._session: aiohttp.ClientSession | None = None

    def session(self) -> aiohttp.ClientSession:
        """The pool's session, made at the first request (aiohttp binds it to the running
        event loop); the clients make it before an attempt's deadline starts."""
        return self._session or self._open()

    def _open(self) -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(
            limit=self._max_connections,
            keepalive_timeout=self._keepalive_expiry,
            ssl=httpx.create_ssl_context(),  # httpx's certificates (certifi), as on the plain path
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),  # httpx keeps the cookies
            auto_decompress=False,  # httpx decodes by Content-Encoding
        )
        # aiohttp silently sends a GET or DELETE again when a reused connection drops; the
        # client's retry policy must see every failure (and the bulk engine, every 429), so
        # that is turned off, as aiohttp's own test client does.
        if hasattr(self._session, "_retry_connection"):
            self._session._retry_connection = False
        return self._session

    async def exchange(
        self,
        method: str,
        url: str,
        headers: Any,
        body: bytes | None,
        timeout: aiohttp.ClientTimeout,
        request: Callable[[], httpx.Request],
    ) -> tuple[int, RawHeaders, Body]:
        """Send one request and read its head; the body streams (close it once read).
        ``request`` names the request in errors."""
        session = self.session()
        target = yarl.URL(url, encoded=True)  # already encoded (by httpx, or the caller)
        resends = 0
        while True:
            try:
                answer = await session.request(
                    method,
                    target,
                    headers=headers,
                    data=body or None,
                    allow_redirects=False,
                    timeout=timeout,
                )
                return answer.status, answer.raw_headers, Body(answer, request)
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                if not never_written(exc):
                    raise to_httpx_error(exc, request()) from exc
                if not resend_stale(resends):
                    raise httpx.ConnectError(str(exc), request=request()) from exc
                resends += 1

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            body = request.content
        except httpx.RequestNotRead:
            body = await request.aread()
        status, headers, stream = await self.exchange(
            request.method,
            str(request.url),
            request.headers.multi_items(),
            body,
            client_timeout(request.extensions.get("timeout", {})),
            lambda: request,
        )
        return httpx.Response(status, headers=headers, stream=stream, request=request)

    async def aclose(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            await session.close()
