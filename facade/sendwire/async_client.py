"""The asynchronous client: the same surface as ``Client``, with ``await`` and ``async for``.

It shares everything but the I/O with the sync client (request building, validation, retry
decisions, paging state all live in ``sendwire._core``), so one ``AsyncClient`` can run many
calls concurrently over its connection pool::

    async with AsyncClient(account_sid, auth_token) as client:
        messages = await asyncio.gather(*(client.messages.create(**item) for item in items))
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from ._core import requests as build
from ._core.call import Call, Retry
from ._core.config import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    ClientConfig,
    TimeoutTypes,
    env_arguments,
    make_config,
    with_options,
)
from ._core.dates import DateFilter
from ._core.http import default_async_http
from ._core.paging import Cursor, follow
from ._core.parse import PageData
from ._core.prepared import PreparedRequest
from ._core.validate import message_sid
from .bulk.methods import AsyncBulkMethods
from .models import Feedback, Media, Message
from .pages import AsyncPage

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["AsyncClient", "AsyncMediaResource", "AsyncMessages"]

T = TypeVar("T")


class AsyncClient:
    """The asynchronous twin of ``sendwire.Client``; see it for the arguments.

    ``sleep`` is awaited with each retry delay (default ``asyncio.sleep``). Use ``async with``,
    or ``await client.close()``, to release the connections.
    """

    def __init__(
        self,
        account_sid: str,
        auth_token: str | None = None,
        *,
        api_key: str | None = None,
        api_secret: str | None = None,
        base_url: str = DEFAULT_BASE_URL,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.AsyncClient | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        config = make_config(
            account_sid,
            auth_token,
            api_key=api_key,
            api_secret=api_secret,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
        )
        owns_http = http_client is None
        if http_client is None:
            http_client = _default_http(config)
        self._setup(config, http_client, owns_http, sleep)

    @classmethod
    def _from_config(cls, config: ClientConfig) -> AsyncClient:
        client = object.__new__(cls)
        client._setup(config, _default_http(config), True, asyncio.sleep)
        return client

    def _setup(
        self,
        config: ClientConfig,
        http: httpx.AsyncClient,
        owns_http: bool,
        sleep: Callable[[float], Awaitable[None]],
    ) -> None:
        self._config = config
        self._http = http
        self._owns_http = owns_http
        self._sleep = sleep
        self.messages = AsyncMessages(self)

    @classmethod
    def from_env(cls, **overrides: Any) -> AsyncClient:
        """A client from ``TWILIO_ACCOUNT_SID`` and ``TWILIO_AUTH_TOKEN`` (or
        ``TWILIO_API_KEY``/``TWILIO_API_SECRET``), and ``SENDWIRE_BASE_URL`` if set."""
        return cls(**{**env_arguments(), **overrides})

    @property
    def account_sid(self) -> str:
        return self._config.account_sid

    @property
    def base_url(self) -> str:
        return self._config.base_url

    def with_options(
        self, *, max_retries: int | None = None, timeout: TimeoutTypes | None = None
    ) -> AsyncClient:
        """A client with other retry or timeout settings sharing this one's connections."""
        clone = object.__new__(AsyncClient)
        clone._setup(
            with_options(self._config, timeout=timeout, max_retries=max_retries),
            self._http,
            False,
            self._sleep,
        )
        return clone

    async def close(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    aclose = close

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    def __repr__(self) -> str:
        return f"AsyncClient({self._config.describe()})"

    # ---- the I/O: one call, its retries, and paging ------------------------------------------

    async def _send(self, request: PreparedRequest[T], max_retries: int | None) -> T:
        call = Call(request, self._config, max_retries)
        config = self._config
        while True:
            call.begin()
            try:
                response = await self._http.request(
                    request.method,
                    call.url,
                    params=request.params,
                    data=request.data,
                    auth=config.auth,
                    timeout=config.timeout,
                )
            except httpx.RequestError as exc:
                step: Retry = call.on_transport_error(exc)
            else:
                result = call.on_response(response.status_code, response.headers, response.content)
                if not isinstance(result, Retry):
                    return result
                step = result
            await self._sleep(step.delay)

    async def _page(
        self, request: PreparedRequest[PageData[T]], max_retries: int | None
    ) -> AsyncPage[T]:
        data = await self._send(request, max_retries)
        return AsyncPage.of(data, lambda uri: self._page(follow(request, uri), max_retries))

    async def _walk(
        self, first: PreparedRequest[PageData[T]], limit: int | None, max_retries: int | None
    ) -> AsyncIterator[T]:
        cursor = Cursor(first, limit)
        request = cursor.first_request()
        while request is not None:
            data = await self._send(request, max_retries)
            for item in cursor.take(data):
                yield item
            request = cursor.next_request(data)


def _default_http(config: ClientConfig) -> httpx.AsyncClient:
    return default_async_http(config)


class AsyncMessages(AsyncBulkMethods):
    """``client.messages`` of an ``AsyncClient``; see ``sendwire.client.Messages``."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client
        self._account_sid = client.account_sid

    async def create(
        self,
        *,
        to: str,
        from_: str | None = None,
        messaging_service_sid: str | None = None,
        body: str | None = None,
        media_url: str | Iterable[str] | None = None,
        content_sid: str | None = None,
        content_variables: str | Mapping[str, Any] | None = None,
        status_callback: str | None = None,
        application_sid: str | None = None,
        max_price: float | None = None,
        provide_feedback: bool | None = None,
        attempt: int | None = None,
        validity_period: int | None = None,
        force_delivery: bool | None = None,
        content_retention: str | None = None,
        address_retention: str | None = None,
        smart_encoded: bool | None = None,
        persistent_action: str | Sequence[str] | None = None,
        traffic_type: str | None = None,
        shorten_urls: bool | None = None,
        schedule_type: str | None = None,
        send_at: dt.datetime | None = None,
        send_as_mms: bool | None = None,
        risk_check: str | None = None,
        max_retries: int | None = None,
    ) -> Message:
        """Send a message; see ``sendwire.client.Messages.create``."""
        request = build.create(
            self._account_sid,
            to=to,
            from_=from_,
            messaging_service_sid=messaging_service_sid,
            body=body,
            media_url=media_url,
            content_sid=content_sid,
            content_variables=content_variables,
            status_callback=status_callback,
            application_sid=application_sid,
            max_price=max_price,
            provide_feedback=provide_feedback,
            attempt=attempt,
            validity_period=validity_period,
            force_delivery=force_delivery,
            content_retention=content_retention,
            address_retention=address_retention,
            smart_encoded=smart_encoded,
            persistent_action=persistent_action,
            traffic_type=traffic_type,
            shorten_urls=shorten_urls,
            schedule_type=schedule_type,
            send_at=send_at,
            send_as_mms=send_as_mms,
            risk_check=risk_check,
        )
        return await self._client._send(request, max_retries)

    async def get(self, sid: str, *, max_retries: int | None = None) -> Message:
        return await self._client._send(build.fetch(self._account_sid, sid), max_retries)

    def list(
        self,
        *,
        to: str | None = None,
        from_: str | None = None,
        date_sent: DateFilter | None = None,
        date_sent_before: DateFilter | None = None,
        date_sent_after: DateFilter | None = None,
        limit: int | None = None,
        page_size: int | None = None,
        max_retries: int | None = None,
    ) -> AsyncIterator[Message]:
        """Messages, newest first, for ``async for``; arguments are checked at the call."""
        first = build.list_page(
            self._account_sid,
            to=to,
            from_=from_,
            date_sent=date_sent,
            date_sent_before=date_sent_before,
            date_sent_after=date_sent_after,
            page_size=page_size,
            limit=limit,
        )
        return self._client._walk(first, limit, max_retries)

    async def page(
        self,
        *,
        to: str | None = None,
        from_: str | None = None,
        date_sent: DateFilter | None = None,
        date_sent_before: DateFilter | None = None,
        date_sent_after: DateFilter | None = None,
        page_size: int = 50,
        max_retries: int | None = None,
    ) -> AsyncPage[Message]:
        first = build.list_page(
            self._account_sid,
            to=to,
            from_=from_,
            date_sent=date_sent,
            date_sent_before=date_sent_before,
            date_sent_after=date_sent_after,
            page_size=page_size,
        )
        return await self._client._page(first, max_retries)

    async def redact(self, sid: str, *, max_retries: int | None = None) -> Message:
        return await self._client._send(build.redact(self._account_sid, sid), max_retries)

    async def cancel(self, sid: str, *, max_retries: int | None = None) -> Message:
        return await self._client._send(build.cancel(self._account_sid, sid), max_retries)

    async def delete(self, sid: str, *, max_retries: int | None = None) -> None:
        await self._client._send(build.delete(self._account_sid, sid), max_retries)

    async def feedback(
        self, sid: str, outcome: str = "confirmed", *, max_retries: int | None = None
    ) -> Feedback:
        request = build.feedback(self._account_sid, sid, outcome)
        return await self._client._send(request, max_retries)

    def media(self, sid: str) -> AsyncMediaResource:
        return AsyncMediaResource(self._client, message_sid(sid))


class AsyncMediaResource:
    """``client.messages.media(sid)`` of an ``AsyncClient``."""

    def __init__(self, client: AsyncClient, message_sid: str) -> None:
        self._client = client
        self._account_sid = client.account_sid
        self.message_sid = message_sid

    def list(
        self,
        *,
        limit: int | None = None,
        page_size: int | None = None,
        max_retries: int | None = None,
    ) -> AsyncIterator[Media]:
        first = build.media_list_page(
            self._account_sid, self.message_sid, page_size=page_size, limit=limit
        )
        return self._client._walk(first, limit, max_retries)

    async def page(
        self, *, page_size: int = 50, max_retries: int | None = None
    ) -> AsyncPage[Media]:
        first = build.media_list_page(self._account_sid, self.message_sid, page_size=page_size)
        return await self._client._page(first, max_retries)

    async def get(self, media_sid: str, *, max_retries: int | None = None) -> Media:
        request = build.media_fetch(self._account_sid, self.message_sid, media_sid)
        return await self._client._send(request, max_retries)

    async def delete(self, media_sid: str, *, max_retries: int | None = None) -> None:
        request = build.media_delete(self._account_sid, self.message_sid, media_sid)
        await self._client._send(request, max_retries)
